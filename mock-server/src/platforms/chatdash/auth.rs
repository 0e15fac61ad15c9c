//! The agency API key check (header format and answers assumed: see `assumed.rs`).

use http::header::AUTHORIZATION;

use crate::exchange::Request;
use crate::platforms::chatdash::assumed::{self, Rejection};
use crate::platforms::chatdash::state::State;

/// Accepts the request when its `Authorization` header carries one of the agency keys.
pub(crate) fn authorize(request: &Request<'_>, state: &State) -> Result<(), Rejection> {
    // The usual header is a key as it is (no scheme, no blanks): compared before any parse.
    if let Some(value) = request.headers.get(AUTHORIZATION)
        && state.is_bare_agency_key(value.as_bytes())
    {
        return Ok(());
    }
    parsed_authorize(request, state)
}

/// [`authorize`] by parsing the header: text, then `assumed::agency_key`.
fn parsed_authorize(request: &Request<'_>, state: &State) -> Result<(), Rejection> {
    let key = request
        .headers
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(assumed::agency_key)
        .ok_or(Rejection::Unauthorized)?;
    if state.is_agency_key(key) {
        Ok(())
    } else {
        Err(Rejection::Unauthorized)
    }
}

#[cfg(test)]
mod tests {
    use http::{HeaderMap, HeaderValue, Method};
    use rstest::rstest;

    use super::*;

    #[rstest]
    #[case::bare_key(Some(&b"cd-agency-key-7f3a9b"[..]), true)]
    #[case::bearer_key(Some(&b"Bearer cd-agency-key-7f3a9b"[..]), true)]
    #[case::missing(None, false)]
    #[case::empty(Some(&b""[..]), false)]
    #[case::unknown_key(Some(&b"cd-agency-key-000000"[..]), false)]
    #[case::prefix_of_the_key(Some(&b"cd-agency-key"[..]), false)]
    #[case::token_scheme(Some(&b"Token cd-agency-key-7f3a9b"[..]), false)]
    #[case::non_ascii(Some(&b"cd-agency-key-7f3a9b\xff"[..]), false)]
    fn only_an_agency_key_is_let_in(#[case] header: Option<&[u8]>, #[case] allowed: bool) {
        let state = State::new(crate::seed::section("chatdash"));
        let mut headers = HeaderMap::new();
        if let Some(value) = header {
            headers.insert(
                "authorization",
                HeaderValue::from_bytes(value).unwrap_or(HeaderValue::from_static("x")),
            );
        }
        let request = Request {
            method: &Method::GET,
            path: "/v1/public/agents",
            query: None,
            headers: &headers,
            body: &[],
        };
        assert_eq!(authorize(&request, &state).is_ok(), allowed);
    }

    #[rstest]
    #[case::bare(&b"k1"[..])]
    #[case::bearer(&b"Bearer k1"[..])]
    #[case::padded(&b" k1 "[..])]
    #[case::the_key_named_bearer(&b"bearer"[..])]
    #[case::bearer_bearer(&b"Bearer bearer"[..])]
    #[case::key_with_a_tab(&b"k\t2"[..])]
    #[case::key_with_a_space(&b"Basic abc"[..])]
    #[case::padded_key(&b" k3"[..])]
    #[case::non_ascii_key("clé".as_bytes())]
    #[case::unknown(&b"k9"[..])]
    fn the_bare_key_shortcut_agrees_with_the_parse(#[case] header: &[u8]) {
        let mut world =
            crate::seed::section::<crate::platforms::chatdash::world::ChatDashWorld>("chatdash");
        world.agency_api_keys = ["k1", "bearer", "k\t2", "Basic abc", " k3", "clé"]
            .map(String::from)
            .to_vec();
        let state = State::new(world);
        let mut headers = HeaderMap::new();
        headers.insert(
            "authorization",
            HeaderValue::from_bytes(header).unwrap_or(HeaderValue::from_static("x")),
        );
        let request = Request {
            method: &Method::PUT,
            path: "/v1/public/agents/assign",
            query: None,
            headers: &headers,
            body: &[],
        };
        assert_eq!(
            authorize(&request, &state),
            parsed_authorize(&request, &state),
            "{}",
            String::from_utf8_lossy(header)
        );
    }
}
