//! The one-line text form of faults, for `rosterwire serve --fault` and request headers.
//!
//! A spec is `VENDOR METHOD PATH ACTION [times=N] [probability=P] [body=JSON]`, where `*`
//! stands for any vendor, method or path, e.g. `chatwoot PATCH */team_members status=500 times=1`.
//! An action is one of `status=CODE` (or `code=CODE`), `delay=MS`, `delay=MIN-MAX`, `drop`,
//! `reset`, `truncate`, `malformed`, `slow=BYTES/MS`.

use http::HeaderMap;
use http::header::HeaderName;

use super::spec::{FaultKind, FaultSpec};
use crate::error::Error;
use crate::verify::RequestPattern;

/// The header that asks for a fault on one request: `X-Rosterwire-Fault: reset`.
pub(crate) static FAULT_HEADER: HeaderName = HeaderName::from_static("x-rosterwire-fault");

/// Prism's header for choosing a response: `Prefer: code=500`.
static PREFER: HeaderName = HeaderName::from_static("prefer");

/// Parses one action (`status=500`, `delay=100-500`, `reset`, `slow=16/100`, …).
///
/// # Errors
/// [`ErrorKind::InvalidValue`](crate::ErrorKind::InvalidValue) saying what is wrong with
/// the text.
pub fn parse_fault_kind(text: &str) -> Result<FaultKind, Error> {
    let (word, value) = match text.split_once('=') {
        Some((word, value)) => (word, Some(value)),
        None => (text, None),
    };
    let number = |value: &str| {
        value
            .trim()
            .parse::<u64>()
            .map_err(|_| Error::invalid_value(format!("`{text}`: `{value}` is not a whole number")))
    };
    let kind = match (word.trim(), value) {
        ("status" | "code", Some(v)) => FaultKind::Status {
            status: u16::try_from(number(v)?).unwrap_or(0),
        },
        ("delay", Some(v)) => match v.split_once('-') {
            Some((min, max)) => FaultKind::Delay {
                ms: number(min)?,
                max_ms: Some(number(max)?),
            },
            None => FaultKind::Delay {
                ms: number(v)?,
                max_ms: None,
            },
        },
        ("slow", Some(v)) => {
            let (bytes, ms) = v.split_once('/').ok_or_else(|| {
                Error::invalid_value(format!(
                    "`{text}`: expected slow=BYTES/MS, e.g. slow=16/100"
                ))
            })?;
            FaultKind::SlowBody {
                chunk_bytes: usize::try_from(number(bytes)?).unwrap_or(usize::MAX),
                interval_ms: number(ms)?,
            }
        }
        ("drop", None) => FaultKind::Drop,
        ("reset", None) => FaultKind::Reset,
        ("truncate", None) => FaultKind::Truncate,
        ("malformed", None) => FaultKind::Malformed,
        _ => {
            return Err(Error::invalid_value(format!(
                "unknown fault `{text}`: expected status=CODE, delay=MS, delay=MIN-MAX, drop, reset, truncate, malformed or slow=BYTES/MS"
            )));
        }
    };
    kind.check()
        .map_err(|e| Error::invalid_value(format!("`{text}`: {}", e.message)))?;
    Ok(kind)
}

/// Parses a whole spec, e.g. `chatwoot PATCH */team_members status=500 times=1`.
///
/// # Errors
/// [`ErrorKind::InvalidValue`](crate::ErrorKind::InvalidValue) saying what is wrong with
/// the text.
pub fn parse_fault_spec(text: &str) -> Result<FaultSpec, Error> {
    let mut words = text.split_whitespace();
    let mut positional = || {
        words.next().ok_or_else(|| {
            Error::invalid_value(format!("`{text}`: expected VENDOR METHOD PATH ACTION, e.g. `chatwoot PATCH */team_members status=500`"))
        })
    };
    let any = |word: &str| word != "*";
    let vendor = Some(positional()?).filter(|w| any(w));
    let method = Some(positional()?).filter(|w| any(w));
    let path = Some(positional()?).filter(|w| any(w));
    let mut when = RequestPattern {
        vendor: vendor.map(str::parse).transpose()?,
        method: method.map(str::to_uppercase),
        path: path.map(str::to_owned),
        ..RequestPattern::default()
    };
    let mut fault = None;
    let mut times = None;
    let mut probability = None;
    for word in words {
        match word.split_once('=') {
            Some(("times", v)) => {
                times =
                    Some(v.parse().map_err(|_| {
                        Error::invalid_value(format!("`{word}`: not a whole number"))
                    })?);
            }
            Some(("probability", v)) => {
                probability = Some(
                    v.parse()
                        .map_err(|_| Error::invalid_value(format!("`{word}`: not a number")))?,
                );
            }
            Some(("body", v)) => {
                when.body = Some(
                    serde_json::from_str(v)
                        .map_err(|e| Error::invalid_value(format!("`{word}`: not JSON: {e}")))?,
                );
            }
            _ if fault.is_some() => {
                return Err(Error::invalid_value(format!(
                    "`{text}`: more than one fault action"
                )));
            }
            _ => fault = Some(parse_fault_kind(word)?),
        }
    }
    let fault = fault.ok_or_else(|| {
        Error::invalid_value(format!("`{text}`: no fault action (e.g. status=500)"))
    })?;
    let spec = FaultSpec {
        when,
        fault,
        times,
        probability,
    };
    spec.check()
        .map_err(|e| Error::invalid_value(format!("`{text}`: {}", e.message)))?;
    Ok(spec)
}

/// The fault a request asks for itself: `X-Rosterwire-Fault: ACTION`, or Prism's
/// `Prefer: code=CODE`. `Ok(None)` when it asks for none.
///
/// Most requests have neither header: one pass over the header names (compared, not hashed)
/// says so, and then the answer is `Ok(None)`, as [`header_fault_by_lookup`] would conclude
/// (it finds no `X-Rosterwire-Fault` value and no `Prefer` value to read).
///
/// # Errors
/// The header is present but does not parse.
pub(crate) fn header_fault(headers: &HeaderMap) -> Result<Option<FaultKind>, Error> {
    if !names_a_fault_header(headers) {
        return Ok(None);
    }
    header_fault_by_lookup(headers)
}

/// Whether `headers` has an `X-Rosterwire-Fault` or a `Prefer` header (one pass over the names).
fn names_a_fault_header(headers: &HeaderMap) -> bool {
    headers
        .keys()
        .any(|name| *name == FAULT_HEADER || *name == PREFER)
}

/// [`header_fault`] by looking both headers up.
fn header_fault_by_lookup(headers: &HeaderMap) -> Result<Option<FaultKind>, Error> {
    if let Some(value) = headers.get(&FAULT_HEADER) {
        let text = value
            .to_str()
            .map_err(|_| Error::invalid_value("X-Rosterwire-Fault is not visible ASCII"))?;
        return parse_fault_kind(text.trim())
            .map(Some)
            .map_err(|e| Error::invalid_value(format!("X-Rosterwire-Fault: {e}")));
    }
    for value in headers.get_all(&PREFER) {
        let Ok(text) = value.to_str() else { continue };
        for preference in text.split([',', ';']) {
            if let Some(code) = preference.trim().strip_prefix("code=") {
                return parse_fault_kind(&format!("status={}", code.trim()))
                    .map(Some)
                    .map_err(|e| Error::invalid_value(format!("Prefer: {e}")));
            }
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use http::HeaderValue;
    use rstest::rstest;

    use super::*;
    use crate::vendor_name::VendorName;

    #[rstest]
    #[case::status("status=500", FaultKind::Status { status: 500 })]
    #[case::prism_code("code=404", FaultKind::Status { status: 404 })]
    #[case::fixed_delay("delay=2000", FaultKind::Delay { ms: 2000, max_ms: None })]
    #[case::random_delay("delay=100-500", FaultKind::Delay { ms: 100, max_ms: Some(500) })]
    #[case::drop("drop", FaultKind::Drop)]
    #[case::reset("reset", FaultKind::Reset)]
    #[case::truncate("truncate", FaultKind::Truncate)]
    #[case::malformed("malformed", FaultKind::Malformed)]
    #[case::slow("slow=16/100", FaultKind::SlowBody { chunk_bytes: 16, interval_ms: 100 })]
    fn every_action_parses(#[case] text: &str, #[case] kind: FaultKind) {
        assert_eq!(parse_fault_kind(text).unwrap(), kind);
    }

    #[rstest]
    #[case::unknown_word("explode", "unknown fault `explode`")]
    #[case::status_out_of_range("status=700", "status must be between 200 and 599")]
    #[case::status_not_a_number("status=abc", "`abc` is not a whole number")]
    #[case::inverted_delay("delay=500-100", "max_ms must be at least ms")]
    #[case::slow_without_interval("slow=16", "expected slow=BYTES/MS")]
    fn bad_actions_say_why(#[case] text: &str, #[case] needle: &str) {
        let err = parse_fault_kind(text).unwrap_err();
        assert!(err.to_string().contains(needle), "{err}");
    }

    #[test]
    fn the_cli_example_parses() {
        let spec = parse_fault_spec("chatwoot PATCH */team_members status=500 times=1").unwrap();
        assert_eq!(spec.when.vendor, Some(VendorName::Chatwoot));
        assert_eq!(spec.when.method.as_deref(), Some("PATCH"));
        assert_eq!(spec.when.path.as_deref(), Some("*/team_members"));
        assert_eq!(spec.fault, FaultKind::Status { status: 500 });
        assert_eq!(spec.times, Some(1));
    }

    #[test]
    fn stars_match_anything_and_options_parse() {
        let spec = parse_fault_spec(r#"* * * reset probability=0.5 body={"a":1}"#).unwrap();
        assert_eq!(spec.when.vendor, None);
        assert_eq!(spec.when.path, None);
        assert_eq!(spec.probability, Some(0.5));
        assert_eq!(spec.when.body, Some(serde_json::json!({"a": 1})));
    }

    #[rstest]
    #[case::too_short("chatwoot PATCH", "expected VENDOR METHOD PATH ACTION")]
    #[case::no_action("chatwoot PATCH /x times=1", "no fault action")]
    #[case::two_actions("chatwoot PATCH /x drop reset", "more than one fault action")]
    #[case::unknown_vendor("slack PATCH /x drop", "unknown vendor `slack`")]
    #[case::zero_times("chatwoot PATCH /x drop times=0", "times must be at least 1")]
    fn bad_specs_say_why(#[case] text: &str, #[case] needle: &str) {
        let err = parse_fault_spec(text).unwrap_err();
        assert!(err.to_string().contains(needle), "{err}");
    }

    #[rstest]
    #[case::rosterwire_header("x-rosterwire-fault", "delay=20", Some(FaultKind::Delay { ms: 20, max_ms: None }))]
    #[case::prism_prefer("prefer", "return=minimal, code=500", Some(FaultKind::Status { status: 500 }))]
    #[case::prefer_without_code("prefer", "return=minimal", None)]
    fn headers_ask_for_faults(
        #[case] name: &'static str,
        #[case] value: &'static str,
        #[case] kind: Option<FaultKind>,
    ) {
        let mut headers = HeaderMap::new();
        headers.insert(name, HeaderValue::from_static(value));
        assert_eq!(header_fault(&headers).unwrap(), kind);
    }

    /// A header map from `(name, value)` pairs, repeated names appended.
    fn map(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            let value = HeaderValue::from_bytes(value.as_bytes()).unwrap();
            headers.append(HeaderName::from_static(name), value);
        }
        headers
    }

    #[rstest]
    #[case::no_headers(&[])]
    #[case::a_vendors_usual_headers(&[
        ("host", "127.0.0.1:4000"),
        ("content-type", "application/json"),
        ("content-length", "20"),
        ("api_access_token", "cw-acme-admin-token"),
    ])]
    #[case::names_like_the_fault_headers(&[
        ("x-rosterwire-faults", "reset"),
        ("x-rosterwire-faul", "reset"),
        ("preferred", "code=500"),
        ("prefe", "code=500"),
    ])]
    #[case::a_fault_header(&[("host", "h"), ("x-rosterwire-fault", "status=503")])]
    #[case::a_bad_fault_header(&[("x-rosterwire-fault", "explode")])]
    #[case::a_fault_header_not_ascii(&[("x-rosterwire-fault", "status=5\u{ff}")])]
    #[case::two_fault_headers(&[
        ("x-rosterwire-fault", "drop"),
        ("x-rosterwire-fault", "reset"),
    ])]
    #[case::prefer_with_a_code(&[("prefer", "return=minimal; code=404")])]
    #[case::prefer_without_a_code(&[("prefer", "return=minimal")])]
    #[case::prefer_with_a_bad_code(&[("prefer", "code=abc")])]
    #[case::prefer_code_in_the_second_value(&[
        ("prefer", "return=minimal"),
        ("prefer", "code=502"),
    ])]
    #[case::prefer_not_ascii_then_a_code(&[("prefer", "code=5\u{ff}"), ("prefer", "code=500")])]
    #[case::both_headers(&[("prefer", "code=500"), ("x-rosterwire-fault", "truncate")])]
    fn the_one_pass_agrees_with_the_lookups(#[case] pairs: &[(&'static str, &'static str)]) {
        let headers = map(pairs);
        let render = |result: Result<Option<FaultKind>, Error>| match result {
            Ok(kind) => format!("Ok({kind:?})"),
            Err(error) => format!("Err({error})"),
        };
        assert_eq!(
            render(header_fault(&headers)),
            render(header_fault_by_lookup(&headers))
        );
    }

    #[test]
    fn the_one_pass_finds_either_header() {
        assert!(!names_a_fault_header(&map(&[("preferred", "code=500")])));
        assert!(names_a_fault_header(&map(&[("prefer", "x")])));
        assert!(names_a_fault_header(&map(&[("x-rosterwire-fault", "x")])));
    }
}
