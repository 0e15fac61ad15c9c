//! Which vendor serves a path: each vendor's base path, read as that vendor's router reads it.

use super::chatwoot;
use crate::vendor_name::VendorName;

impl VendorName {
    /// Exact paths outside [`Self::base_path`] that this vendor's router also serves (with a
    /// format suffix or anything below them): Chatwoot's `/api/v1/profile`.
    pub fn extra_paths(self) -> &'static [&'static str] {
        match self {
            VendorName::Chatwoot => &[chatwoot::PROFILE_PATH],
            VendorName::ChatDash | VendorName::RocketChat => &[],
        }
    }

    /// The vendor that serves `path`, by its base path. A path with empty segments
    /// (`//api/v1/livechat/…`, `/api/v1//livechat/…`) goes to the vendor whose base path it
    /// has once runs of `/` are collapsed: each vendor then answers the raw path as its own
    /// server does (squeezed, or not found).
    pub fn for_path(path: &str) -> Option<VendorName> {
        Self::ALL.into_iter().find(|v| v.serves(path)).or_else(|| {
            if !path.contains("//") {
                return None;
            }
            let mut squeezed = String::with_capacity(path.len());
            for c in path.chars() {
                if !(c == '/' && squeezed.ends_with('/')) {
                    squeezed.push(c);
                }
            }
            Self::ALL.into_iter().find(|v| v.serves(&squeezed))
        })
    }

    /// Whether `path` is under this vendor's base path or one of its extra paths as the
    /// vendor's own router reads it: Chatwoot's Rails router normalizes the path first, so
    /// `//api/v1//accounts/1/teams/` and `//api/v1/profile/` are Chatwoot's (see
    /// `chatwoot::rails_path`).
    fn serves(self, path: &str) -> bool {
        let under = |path: &str, prefix: &str, format: bool| {
            path.strip_prefix(prefix).is_some_and(|rest| {
                rest.is_empty() || rest.starts_with('/') || (format && rest.starts_with('.'))
            })
        };
        let serves = |path: &str| {
            under(path, self.base_path(), false)
                || self.extra_paths().iter().any(|p| under(path, p, true))
        };
        // A path already under a prefix stays under it once normalized (the prefixes hold
        // no `%` and no `//`, and normalizing keeps a leading prefix), so the usual request
        // is decided without normalizing.
        serves(path)
            || match self {
                VendorName::Chatwoot => serves(&chatwoot::rails_path::normalize(path)),
                VendorName::ChatDash | VendorName::RocketChat => false,
            }
    }
}
