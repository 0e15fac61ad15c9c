//! The three vendors. Each lives in its own folder and implements [`Vendor`]:
//! its part of the world, its auth, its check order and its exact bodies.
//!
//! A vendor answers every request under its base path, including unknown routes and wrong
//! methods, so a client that only changes its base URL sees the vendor's own shapes.

use std::fmt;
use std::str::FromStr;

use http::StatusCode;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::exchange::{Request, Response};
use crate::fidelity::Fidelity;

pub(crate) mod chatdash;
pub(crate) mod chatwoot;
pub(crate) mod rocketchat;

pub use chatdash::ChatDashWorld;
pub use chatwoot::ChatwootWorld;
pub use rocketchat::{RocketChatValidation, RocketChatWorld};

/// One of the vendors rosterwire imitates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VendorName {
    /// ChatDash, `PUT /v1/public/agents/assign`.
    #[serde(rename = "chatdash")]
    ChatDash,
    /// Rocket.Chat, `POST /api/v1/livechat/department/{_id}/agents`.
    #[serde(rename = "rocketchat")]
    RocketChat,
    /// Chatwoot, `PATCH /api/v1/accounts/{account_id}/teams/{team_id}/team_members`.
    Chatwoot,
}

impl VendorName {
    /// Every vendor, in a fixed order.
    pub const ALL: [VendorName; 3] = [
        VendorName::ChatDash,
        VendorName::RocketChat,
        VendorName::Chatwoot,
    ];

    /// `chatdash`, `rocketchat` or `chatwoot`.
    pub fn as_str(self) -> &'static str {
        match self {
            VendorName::ChatDash => "chatdash",
            VendorName::RocketChat => "rocketchat",
            VendorName::Chatwoot => "chatwoot",
        }
    }

    /// The path prefix under which this vendor is served (the vendor's own base path).
    pub fn base_path(self) -> &'static str {
        match self {
            VendorName::ChatDash => "/v1/public",
            VendorName::RocketChat => "/api/v1/livechat",
            VendorName::Chatwoot => "/api/v1/accounts",
        }
    }

    /// Exact paths outside [`Self::base_path`] that this vendor's router also serves (with a
    /// format suffix or anything below them): Chatwoot's `/api/v1/profile`.
    pub fn extra_paths(self) -> &'static [&'static str] {
        match self {
            VendorName::Chatwoot => &[chatwoot::PROFILE_PATH],
            VendorName::ChatDash | VendorName::RocketChat => &[],
        }
    }

    /// The base URL a client of this vendor uses against a server at `origin`.
    ///
    /// Rocket.Chat and Chatwoot clients take the server origin (they add `/api/v1/...`
    /// themselves); ChatDash clients take the origin plus `/v1/public`.
    pub fn client_base_url(self, origin: &str) -> String {
        match self {
            VendorName::ChatDash => format!("{origin}/v1/public"),
            VendorName::RocketChat | VendorName::Chatwoot => origin.to_owned(),
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
        let path = match self {
            VendorName::Chatwoot => chatwoot::rails_path::normalize(path),
            VendorName::ChatDash | VendorName::RocketChat => std::borrow::Cow::Borrowed(path),
        };
        let under = |prefix: &str, format: bool| {
            path.strip_prefix(prefix).is_some_and(|rest| {
                rest.is_empty() || rest.starts_with('/') || (format && rest.starts_with('.'))
            })
        };
        under(self.base_path(), false) || self.extra_paths().iter().any(|p| under(p, true))
    }
}

impl fmt::Display for VendorName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for VendorName {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "chatdash" => Ok(VendorName::ChatDash),
            "rocketchat" => Ok(VendorName::RocketChat),
            "chatwoot" => Ok(VendorName::Chatwoot),
            other => Err(format!(
                "unknown vendor `{other}`: expected `chatdash`, `rocketchat` or `chatwoot`"
            )),
        }
    }
}

/// Options that only one vendor understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct VendorOptions {
    /// Which generation of Rocket.Chat's body validation (and so which 400 messages) to imitate.
    pub rocketchat_validation: RocketChatValidation,
}

/// What a vendor is built with.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Settings {
    pub(crate) fidelity: Fidelity,
    pub(crate) options: VendorOptions,
}

/// A vendor's part of the world document.
pub(crate) trait VendorWorld:
    Clone + Default + fmt::Debug + Serialize + DeserializeOwned + Send + Sync
{
    /// Checks references and uniqueness. Errors carry a JSON pointer relative to this section
    /// (e.g. `/teams/3/account_id`); the caller prefixes the section's own pointer.
    fn check(&self) -> Result<(), Error>;

    /// Values that must never leave the mock: tokens, keys, credentials.
    fn secrets(&self) -> Vec<String>;
}

/// A vendor's behaviour over its state.
///
/// Implementations keep their state behind a `std::sync::Mutex` that is never held across an
/// `.await`, and never panic on any request: every input gets the vendor's own answer.
pub(crate) trait Vendor: Send + Sync + Sized + 'static {
    /// This vendor's part of the world document.
    type World: VendorWorld;

    /// The vendor's name.
    const NAME: VendorName;

    /// Builds the vendor's state from its part of the world, which [`crate::Engine::new`] has
    /// already checked with [`VendorWorld::check`].
    fn new(world: &Self::World, settings: Settings) -> Result<Self, Error>;

    /// Answers one request under [`VendorName::base_path`].
    fn handle(&self, request: &Request<'_>) -> Response;

    /// The current state, as a world section (same format as `fixtures/worlds/`).
    fn world(&self) -> Self::World;

    /// Replaces this vendor's state by `fresh`'s (built by [`Vendor::new`], so already valid).
    fn replace_state(&self, fresh: Self);

    /// The answer to a request whose body is larger than `limit` bytes (`request.body` is empty).
    fn body_too_large(&self, request: &Request<'_>, limit: usize) -> Response;

    /// This vendor's own body for `status`, used by fault injection (e.g. Chatwoot 404,
    /// ChatDash 500, Rocket.Chat 401). `request` tells which operation was asked for.
    fn error_response(&self, request: &Request<'_>, status: StatusCode) -> Response;
}
