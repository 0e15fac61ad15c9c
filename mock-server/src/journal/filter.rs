//! Which journal entries a reader asks for (`GET /__admin/requests?vendor=…&since=…`).

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::JournalEntry;
use crate::vendor_name::VendorName;

/// Why a query string is not a [`RequestFilter`]: the key and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FilterError {
    /// The query key at fault (`status`, or the unknown key).
    pub key: String,
    /// One line saying what is wrong, e.g. ``status `x` is not a number``.
    pub message: String,
}

/// A filter over the journal (`GET /__admin/requests`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RequestFilter {
    /// Only this vendor.
    pub vendor: Option<VendorName>,
    /// Only this method (case-insensitive).
    pub method: Option<String>,
    /// Only this exact path.
    pub path: Option<String>,
    /// Only this status.
    pub status: Option<u16>,
    /// Only entries after this point: a `seq` number (entries with a larger `seq`) or an
    /// ISO-8601 UTC time (entries at or after it).
    pub since: Option<String>,
}

/// What a filter looks at in one entry (borrowed from an entry or from a journal record).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields<'a> {
    pub(crate) seq: u64,
    pub(crate) vendor: Option<VendorName>,
    pub(crate) method: &'a str,
    pub(crate) path: &'a str,
    pub(crate) status: Option<u16>,
}

impl RequestFilter {
    /// The filter a query string asks for (`vendor`, `method`, `path`, `status`, `since`, as
    /// `GET /__admin/requests?vendor=chatwoot&status=200` takes them); an unknown key or a bad
    /// value is a [`FilterError`] naming the key.
    pub fn from_query(query: Option<&str>) -> Result<RequestFilter, FilterError> {
        let mut filter = RequestFilter::default();
        for (key, value) in url::form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
            let bad = |message: String| FilterError {
                key: key.to_string(),
                message,
            };
            match key.as_ref() {
                "vendor" => {
                    filter.vendor = Some(
                        value
                            .parse()
                            .map_err(|e: crate::error::Error| bad(e.to_string()))?,
                    );
                }
                "method" => filter.method = Some(value.into_owned()),
                "path" => filter.path = Some(value.into_owned()),
                "status" => {
                    filter.status = Some(
                        value
                            .parse()
                            .map_err(|_| bad(format!("status `{value}` is not a number")))?,
                    );
                }
                "since" => filter.since = Some(value.into_owned()),
                other => {
                    return Err(bad(format!(
                        "unknown filter `{other}`: expected vendor, method, path, status or since"
                    )));
                }
            }
        }
        Ok(filter)
    }

    /// Whether `entry` passes.
    pub fn accepts(&self, entry: &JournalEntry) -> bool {
        let fields = Fields {
            seq: entry.seq,
            vendor: entry.vendor,
            method: &entry.method,
            path: &entry.path,
            status: entry.status,
        };
        self.accepts_fields(fields, || Cow::Borrowed(entry.at.as_str()))
    }

    /// Whether an entry with these fields passes; `at` (its ISO-8601 time) is only asked for
    /// when `since` is a time.
    pub(crate) fn accepts_fields<'a>(
        &self,
        entry: Fields<'_>,
        at: impl FnOnce() -> Cow<'a, str>,
    ) -> bool {
        self.vendor.is_none_or(|v| entry.vendor == Some(v))
            && self
                .method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(entry.method))
            && self.path.as_deref().is_none_or(|p| p == entry.path)
            && self.status.is_none_or(|s| entry.status == Some(s))
            && self
                .since
                .as_deref()
                .is_none_or(|since| match since.parse::<u64>() {
                    Ok(seq) => entry.seq > seq,
                    Err(_) => at().as_ref() >= since,
                })
    }
}
