//! Query strings of the read endpoints: decoding, `getPaginationItems` (offset/count) and
//! `parseJsonQuery` (sort): `RocketChat/Rocket.Chat@721a1541dff13616290b69badafc83321b3381e5`
//! `apps/meteor/app/api/server/helpers/getPaginationItems.ts` and
//! `RocketChat/Rocket.Chat@11654319e13dc8676455543e7f91e161a26de829` `apps/meteor/server/api/lib/parseJsonQuery.ts`.

use std::cmp::Ordering;

use serde_json::Value;

use super::js;
use super::world::RocketChatDepartmentAgent;

/// `API_Default_Count`.
const DEFAULT_COUNT: i64 = 50;
/// `API_Upper_Count_Limit`.
const UPPER_COUNT_LIMIT: i64 = 100;

/// Decodes `%XX` escapes (and `+` as space when `plus_is_space`); invalid UTF-8 becomes U+FFFD.
pub(crate) fn percent_decode(text: &str, plus_is_space: bool) -> String {
    let bytes = text.as_bytes();
    let escaped = bytes.contains(&b'%') || (plus_is_space && bytes.contains(&b'+'));
    if !escaped {
        return text.to_owned();
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(hi), Some(lo)) => {
                    out.push(hi * 16 + lo);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' if plus_is_space => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out)
        .unwrap_or_else(|invalid| String::from_utf8_lossy(invalid.as_bytes()).into_owned())
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// The query's `key=value` pairs, decoded, in order.
pub(crate) fn parse_pairs(query: Option<&str>) -> Vec<(String, String)> {
    query
        .unwrap_or("")
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (key, value) = part.split_once('=').unwrap_or((part, ""));
            (percent_decode(key, true), percent_decode(value, true))
        })
        .collect()
}

/// The first value of a parameter.
pub(crate) fn param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// Offset and count after `getPaginationItems`. `count == 0` means no limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Pagination {
    pub(crate) offset: i64,
    pub(crate) count: i64,
    /// A value the real server would turn into `NaN` or pass negative to MongoDB was replaced by
    /// rosterwire's choice (see [`pagination`]); the answer is then `assumed`.
    pub(crate) assumed: bool,
}

/// `getPaginationItems`: `offset = parseInt(offset)` (default 0), `count = parseInt(count || 0)`
/// when given (default 50), capped at 100, and 0 kept as "unlimited" (`API_Allow_Infinite_Count`).
///
/// Unverified inputs (assumed): a value `parseInt` cannot read (NaN) falls back to the default,
/// a negative offset becomes 0, and a negative count is used as its absolute value (MongoDB's
/// reading of a negative limit).
pub(crate) fn pagination(pairs: &[(String, String)]) -> Pagination {
    let mut assumed = false;
    let offset = match param(pairs, "offset") {
        None | Some("") => 0,
        Some(text) => match parse_int(text) {
            Some(n) if n >= 0 => n,
            _ => {
                assumed = true;
                0
            }
        },
    };
    let count = match param(pairs, "count") {
        None => DEFAULT_COUNT,
        Some("") => 0,
        Some(text) => match parse_int(text) {
            Some(n) if n < 0 => {
                assumed = true;
                n.saturating_abs()
            }
            Some(n) => n.min(UPPER_COUNT_LIMIT),
            None => {
                assumed = true;
                DEFAULT_COUNT
            }
        },
    };
    Pagination {
        offset,
        count,
        assumed,
    }
}

/// JavaScript `parseInt(text, 10)`: optional white space and sign, then leading digits.
fn parse_int(text: &str) -> Option<i64> {
    let t = text.trim_start();
    let (negative, rest) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let digits: &str = &rest[..rest.bytes().take_while(u8::is_ascii_digit).count()];
    if digits.is_empty() {
        return None;
    }
    let value = digits.parse::<i64>().unwrap_or(i64::MAX);
    Some(if negative { -value } else { value })
}

/// One sort key: a record field and its direction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SortKey {
    pub(crate) field: String,
    pub(crate) descending: bool,
}

/// Why a `sort` parameter was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InvalidSort {
    /// The raw (decoded) parameter, quoted in the message.
    pub(crate) raw: String,
    /// `null` and bad values are what the real server refuses; other non-object JSON
    /// (numbers, strings, booleans, arrays) is refused by rosterwire's choice.
    pub(crate) assumed: bool,
}

/// `parseJsonQuery`'s sort: JSON whose every value is `1` or `-1`. Absent or empty gives the
/// endpoint's default `{ "username": 1 }`.
pub(crate) fn sort(pairs: &[(String, String)]) -> Result<Vec<SortKey>, InvalidSort> {
    let raw = match param(pairs, "sort") {
        None | Some("") => {
            return Ok(vec![SortKey {
                field: "username".to_owned(),
                descending: false,
            }]);
        }
        Some(raw) => raw,
    };
    let invalid = |assumed| InvalidSort {
        raw: raw.to_owned(),
        assumed,
    };
    let map = match serde_json::from_str::<Value>(raw) {
        Ok(Value::Object(map)) => map,
        Ok(Value::Null) | Err(_) => return Err(invalid(false)),
        Ok(_) => return Err(invalid(true)),
    };
    js::ordered_entries(&map)
        .into_iter()
        .map(|(field, direction)| match direction.as_f64() {
            Some(d) if d == 1.0 || d == -1.0 => Ok(SortKey {
                field: field.to_owned(),
                descending: d < 0.0,
            }),
            _ => Err(invalid(false)),
        })
        .collect()
}

/// A field value as MongoDB orders it: null (missing) < numbers < strings < booleans.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum SortValue<'a> {
    Missing,
    Number(i64),
    Text(&'a str),
    Boolean(bool),
}

fn sort_value<'a>(record: &'a RocketChatDepartmentAgent, field: &str) -> SortValue<'a> {
    match field {
        "_id" => SortValue::Text(&record.id),
        "agentId" => SortValue::Text(&record.agent_id),
        "departmentId" => SortValue::Text(&record.department_id),
        "_updatedAt" => SortValue::Text(&record.updated_at),
        "username" => SortValue::Text(&record.username),
        "count" => SortValue::Number(record.count),
        "order" => SortValue::Number(record.order),
        "departmentEnabled" => SortValue::Boolean(record.department_enabled),
        _ => SortValue::Missing,
    }
}

/// Compares two records by the sort keys (ties keep storage order: the caller sorts stably).
pub(crate) fn compare(
    a: &RocketChatDepartmentAgent,
    b: &RocketChatDepartmentAgent,
    keys: &[SortKey],
) -> Ordering {
    compare_by(a, b, keys, sort_value)
}

/// Compares by the sort keys; the caller sorts stably, so ties keep storage order.
pub(crate) fn compare_by<'a, T>(
    a: &'a T,
    b: &'a T,
    keys: &[SortKey],
    value: impl Fn(&'a T, &str) -> SortValue<'a>,
) -> Ordering {
    keys.iter()
        .map(|key| {
            let ordering = value(a, &key.field).cmp(&value(b, &key.field));
            if key.descending {
                ordering.reverse()
            } else {
                ordering
            }
        })
        .find(|ordering| ordering.is_ne())
        .unwrap_or(Ordering::Equal)
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    fn pairs(query: &str) -> Vec<(String, String)> {
        parse_pairs(Some(query))
    }

    #[rstest]
    #[case::defaults("", 0, 50, false)]
    #[case::given("offset=2&count=5", 2, 5, false)]
    #[case::capped("count=500", 0, 100, false)]
    #[case::zero_is_unlimited("count=0", 0, 0, false)]
    #[case::blank_count_is_zero("count=", 0, 0, false)]
    #[case::parse_int_prefix("count=7abc&offset=1.9", 1, 7, false)]
    #[case::unreadable_count("count=abc", 0, 50, true)]
    #[case::negative_offset("offset=-1", 0, 50, true)]
    fn pagination_follows_get_pagination_items(
        #[case] query: &str,
        #[case] offset: i64,
        #[case] count: i64,
        #[case] assumed: bool,
    ) {
        assert_eq!(
            pagination(&pairs(query)),
            Pagination {
                offset,
                count,
                assumed
            }
        );
    }

    #[test]
    fn query_values_are_percent_decoded() {
        assert_eq!(
            pairs("sort=%7B%22order%22%3A-1%7D&a+b=c%2"),
            [
                ("sort".to_owned(), r#"{"order":-1}"#.to_owned()),
                ("a b".to_owned(), "c%2".to_owned())
            ]
        );
    }

    #[rstest]
    #[case::bad_json("{order:1}", false)]
    #[case::bad_direction(r#"{"order":2}"#, false)]
    #[case::string_direction(r#"{"order":"1"}"#, false)]
    #[case::null("null", false)]
    #[case::number("5", true)]
    fn bad_sorts_are_refused(#[case] raw: &str, #[case] assumed: bool) {
        let err = sort(&[("sort".to_owned(), raw.to_owned())]).unwrap_err();
        assert_eq!(err.raw, raw);
        assert_eq!(err.assumed, assumed);
    }

    #[test]
    fn sort_keys_keep_javascript_order() {
        let keys = sort(&pairs("sort=%7B%22order%22%3A-1%2C%22count%22%3A1%7D")).unwrap();
        assert_eq!(
            keys,
            [
                SortKey {
                    field: "order".to_owned(),
                    descending: true
                },
                SortKey {
                    field: "count".to_owned(),
                    descending: false
                }
            ]
        );
    }
}
