//! Response header values for the texts the vendors answer with every time, checked once at
//! compile time.
//!
//! `HeaderValue::from_static` checks every byte of its text each time it runs outside a
//! constant (about 10 instructions a byte: `application/json; charset=utf-8` cost ~350 per
//! request). The texts below are checked when the crate is compiled; any other text still goes
//! through `from_static`, so the value is the same either way.

use http::HeaderValue;

use crate::exchange::content_type;

const JSON: HeaderValue = HeaderValue::from_static(content_type::JSON);
const JSON_UTF8: HeaderValue = HeaderValue::from_static(content_type::JSON_UTF8);
const NO_STORE: HeaderValue = HeaderValue::from_static("no-store");
const NO_CACHE: HeaderValue = HeaderValue::from_static("no-cache");

/// The header value of `text`: a compile-time value for the usual texts (the two JSON content
/// types, Rocket.Chat's `Cache-Control` and `Pragma`), else `HeaderValue::from_static(text)`.
pub(crate) fn static_value(text: &'static str) -> HeaderValue {
    match text {
        content_type::JSON_UTF8 => JSON_UTF8,
        content_type::JSON => JSON,
        "no-store" => NO_STORE,
        "no-cache" => NO_CACHE,
        _ => HeaderValue::from_static(text),
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    #[rstest]
    #[case::json(content_type::JSON)]
    #[case::json_utf8(content_type::JSON_UTF8)]
    #[case::no_store("no-store")]
    #[case::no_cache("no-cache")]
    #[case::other_text("text/plain; charset=UTF-8")]
    #[case::allow("OPTIONS, GET, HEAD")]
    #[case::empty("")]
    fn every_text_gives_the_value_from_static_gives(#[case] text: &'static str) {
        let fast = static_value(text);
        let general = HeaderValue::from_static(text);
        assert_eq!(fast, general);
        assert_eq!(fast.as_bytes(), text.as_bytes());
        assert_eq!(fast.is_sensitive(), general.is_sensitive());
    }
}
