//! The request a vendor sees and the response it gives, independent of hyper.
//!
//! Keeping these plain lets the same vendor code run behind the hyper server, inside the
//! wiremock adapter and in unit tests without a socket.

use bytes::Bytes;
use http::header::{CONTENT_TYPE, HeaderName, HeaderValue};
use http::{HeaderMap, Method, StatusCode};

use crate::fidelity::Provenance;
use crate::vendor_name::VendorName;

/// One HTTP request as the vendor code sees it: borrowed, with the body fully read.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The method.
    pub method: &'a Method,
    /// The path, percent-encoded as received, without the query.
    pub path: &'a str,
    /// The raw query string, without `?`.
    pub query: Option<&'a str>,
    /// The request headers.
    pub headers: &'a HeaderMap,
    /// The whole body (already bounded by the server's body limit).
    pub body: &'a [u8],
}

impl<'a> Request<'a> {
    /// The value of a header as text, if present and visible ASCII.
    pub fn header(&self, name: &str) -> Option<&'a str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The `Content-Type` header as text (found by its constant name: nothing is parsed per
    /// call, unlike [`Request::header`]).
    pub fn content_type(&self) -> Option<&'a str> {
        self.headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
    }

    /// The first value of each of `names`, in one pass over the headers: the values
    /// `HeaderMap::get` gives, without hashing each name (a request has a few headers, and
    /// comparing names costs less).
    pub(crate) fn first_values<const N: usize>(
        &self,
        names: [&HeaderName; N],
    ) -> [Option<&'a HeaderValue>; N] {
        let mut found = [None; N];
        let mut missing = N;
        for (name, value) in self.headers {
            for (wanted, slot) in names.iter().zip(found.iter_mut()) {
                if slot.is_none() && *wanted == name {
                    *slot = Some(value);
                    missing -= 1;
                }
            }
            if missing == 0 {
                break;
            }
        }
        found
    }

    /// The path split into its segments after the leading `/` (empty segments kept).
    pub fn segments(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.path.strip_prefix('/').unwrap_or(self.path).split('/')
    }
}

/// An owned request, for callers without a server: tests, benchmarks, fuzzing. Build it, then
/// hand [`OwnedRequest::as_request`] to [`crate::Engine::handle`].
///
/// ```
/// use rosterwire_mock::{Engine, FidelityProfile, VendorOptions, World};
/// use rosterwire_mock::exchange::OwnedRequest;
///
/// let engine =
///     Engine::new(&World::seed(), FidelityProfile::default(), VendorOptions::default()).unwrap();
/// let request = OwnedRequest::new(http::Method::PATCH, "/api/v1/accounts/1/teams/2/team_members")
///     .header("api_access_token", "cw-acme-admin-token")
///     .json(r#"{"user_ids":[3]}"#);
/// assert_eq!(engine.handle(&request.as_request()).status, 200);
/// ```
#[derive(Debug, Clone)]
pub struct OwnedRequest {
    /// The method.
    pub method: Method,
    /// The path, without the query.
    pub path: String,
    /// The query, without `?`.
    pub query: Option<String>,
    /// The headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Bytes,
}

impl OwnedRequest {
    /// A request without headers or body; `target` is a path with an optional `?query`.
    pub fn new(method: Method, target: &str) -> Self {
        let (path, query) = match target.split_once('?') {
            Some((path, query)) => (path, Some(query.to_owned())),
            None => (target, None),
        };
        Self {
            method,
            path: path.to_owned(),
            query,
            headers: HeaderMap::new(),
            body: Bytes::new(),
        }
    }

    /// Sets a header, replacing any earlier value of the same name.
    ///
    /// # Panics
    /// When `name` or `value` is not a valid header name or value: a mistake in the caller's code.
    #[must_use]
    pub fn header(mut self, name: &str, value: &str) -> Self {
        let name = HeaderName::from_bytes(name.as_bytes()).expect("a valid header name");
        let value = HeaderValue::from_str(value).expect("a valid header value");
        self.headers.insert(name, value);
        self
    }

    /// Sets the body as is.
    #[must_use]
    pub fn body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }

    /// Sets the body and `Content-Type: application/json`.
    #[must_use]
    pub fn json(mut self, body: impl Into<Bytes>) -> Self {
        self.headers
            .insert(CONTENT_TYPE, HeaderValue::from_static(content_type::JSON));
        self.body(body)
    }

    /// The borrowed view the engine takes.
    pub fn as_request(&self) -> Request<'_> {
        Request {
            method: &self.method,
            path: &self.path,
            query: self.query.as_deref(),
            headers: &self.headers,
            body: &self.body,
        }
    }
}

/// A `Content-Type` exactly as a vendor writes it.
pub mod content_type {
    /// Rocket.Chat, and Chatwoot's empty `head :ok` bodies.
    pub const JSON: &str = "application/json";
    /// Chatwoot's (Rails) rendered JSON.
    pub const JSON_UTF8: &str = "application/json; charset=utf-8";
}

/// The identity of an operation: the vendor and the operation id used in `contracts/index.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Operation {
    /// The vendor.
    pub vendor: Option<VendorName>,
    /// The operation id, e.g. `update-team-members`; `unknown-route` when nothing matched.
    pub id: &'static str,
}

/// The operation id of a request that no vendor serves.
pub const UNKNOWN_ROUTE: Operation = Operation {
    vendor: None,
    id: "unknown-route",
};

impl Operation {
    /// An operation of a vendor.
    pub const fn new(vendor: VendorName, id: &'static str) -> Self {
        Self {
            vendor: Some(vendor),
            id,
        }
    }
}

/// One response as a vendor gives it. Turned into a hyper response by the server.
#[derive(Debug, Clone)]
pub struct Response {
    /// The status.
    pub status: StatusCode,
    /// The exact `Content-Type`, or `None` for no such header.
    pub content_type: Option<&'static str>,
    /// Further headers in the order the vendor writes them (static names and values: nothing
    /// parsed or allocated per request).
    pub headers: &'static [(HeaderName, &'static str)],
    /// The body bytes, exactly.
    pub body: Bytes,
    /// Where this behaviour comes from.
    pub provenance: Provenance,
    /// Which operation answered (for the journal and reports).
    pub operation: Operation,
}

impl Response {
    /// A response with a JSON body serialized from `value` (key order = struct field order).
    pub fn json<T: serde::Serialize + ?Sized>(
        operation: Operation,
        status: StatusCode,
        content_type: &'static str,
        value: &T,
        provenance: Provenance,
    ) -> Self {
        // Serializing our own plain data types cannot fail; fall back to a 500 rather than panic.
        let body = serde_json::to_vec(value).map_or_else(
            |_| Bytes::from_static(br#"{"error":"rosterwire: response serialization failed"}"#),
            Bytes::from,
        );
        Self {
            status,
            content_type: Some(content_type),
            headers: &[],
            body,
            provenance,
            operation,
        }
    }

    /// A response whose body is fixed text known at compile time.
    pub fn fixed(
        operation: Operation,
        status: StatusCode,
        content_type: Option<&'static str>,
        body: &'static str,
        provenance: Provenance,
    ) -> Self {
        Self {
            status,
            content_type,
            headers: &[],
            body: Bytes::from_static(body.as_bytes()),
            provenance,
            operation,
        }
    }

    /// Adds the vendor's fixed extra headers.
    #[must_use]
    pub fn with_headers(mut self, headers: &'static [(HeaderName, &'static str)]) -> Self {
        self.headers = headers;
        self
    }

    /// The body as text (lossy), for tests and logs.
    pub fn body_text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }
}

#[cfg(test)]
mod tests {
    use http::header::{CONTENT_TYPE, HeaderName, HeaderValue};
    use http::{HeaderMap, Method};
    use rstest::rstest;

    use super::Request;

    static X_USER_ID: HeaderName = HeaderName::from_static("x-user-id");
    static X_AUTH_TOKEN: HeaderName = HeaderName::from_static("x-auth-token");

    #[rstest]
    #[case::both(&[("x-user-id", "u"), ("x-auth-token", "t")])]
    #[case::reversed(&[("x-auth-token", "t"), ("x-user-id", "u")])]
    #[case::one_missing(&[("content-type", "application/json"), ("x-user-id", "u")])]
    #[case::none(&[])]
    #[case::repeated(&[("x-user-id", "first"), ("x-auth-token", "t"), ("x-user-id", "second")])]
    #[case::many_others(&[("a", "1"), ("b", "2"), ("c", "3"), ("x-auth-token", "t"), ("d", "4"), ("content-type", "text/plain")])]
    #[case::upper_case_sent(&[("X-User-Id", "u"), ("X-AUTH-TOKEN", "t")])]
    fn first_values_are_those_get_gives(#[case] sent: &[(&str, &str)]) {
        let mut headers = HeaderMap::new();
        for (name, value) in sent {
            headers.append(
                HeaderName::from_bytes(name.as_bytes()).expect("a header name"),
                HeaderValue::from_str(value).expect("a header value"),
            );
        }
        let request = Request {
            method: &Method::POST,
            path: "/",
            query: None,
            headers: &headers,
            body: &[],
        };
        let names = [&X_USER_ID, &X_AUTH_TOKEN, &CONTENT_TYPE];
        let expected = names.map(|name| headers.get(name));
        assert_eq!(request.first_values(names), expected);
    }
}
