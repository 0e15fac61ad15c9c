//! Wall-clock time as vendors print it.

use std::cell::RefCell;
use std::time::{SystemTime, UNIX_EPOCH};

/// Now, as ISO-8601 UTC with milliseconds (`2021-07-14T14:58:01.013Z`), as JavaScript's
/// `Date.prototype.toJSON` prints it.
pub fn now_iso8601() -> String {
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let millis = since.as_millis() as i64;
    // Many requests share a millisecond under load: each thread keeps its last text.
    thread_local! {
        static LAST: RefCell<(i64, String)> = const { RefCell::new((i64::MIN, String::new())) };
    }
    LAST.with_borrow_mut(|last| {
        advance(last, millis);
        last.1.clone()
    })
}

/// Makes `last` (milliseconds and their text) the text of `millis`. Within the same second only
/// the three millisecond digits before the `Z` change, so only they are rewritten; otherwise the
/// whole text is formatted again.
fn advance((at, text): &mut (i64, String), millis: i64) {
    if *at == millis {
        return;
    }
    let same_second = at.div_euclid(1000) == millis.div_euclid(1000);
    match text.len().checked_sub(4) {
        Some(start) if same_second => {
            let ms = millis.rem_euclid(1000);
            text.truncate(start);
            for digit in [ms / 100, ms / 10 % 10, ms % 10] {
                text.push(char::from(b'0' + digit as u8));
            }
            text.push('Z');
        }
        _ => *text = iso8601_millis(millis),
    }
    *at = millis;
}

/// Formats milliseconds since the Unix epoch as ISO-8601 UTC with milliseconds. Years 0 to
/// 9999 are written digit by digit (it runs on every journal read and Rocket.Chat write);
/// others go through `format!`.
pub(crate) fn iso8601_millis(millis: i64) -> String {
    let secs = millis.div_euclid(1000);
    let ms = millis.rem_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    if (0..=9999).contains(&y) {
        let mut out = *b"0000-00-00T00:00:00.000Z";
        let mut put = |at: usize, width: usize, mut value: i64| {
            for i in (at..at + width).rev() {
                out[i] = b'0' + (value % 10) as u8;
                value /= 10;
            }
        };
        put(0, 4, y);
        put(5, 2, i64::from(m));
        put(8, 2, i64::from(d));
        put(11, 2, rem / 3600);
        put(14, 2, rem % 3600 / 60);
        put(17, 2, rem % 60);
        put(20, 3, ms);
        return String::from_utf8_lossy(&out).into_owned();
    }
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{ms:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Seconds since the Unix epoch.
pub(crate) fn now_unix_seconds() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_javascript_to_json() {
        assert_eq!(iso8601_millis(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            iso8601_millis(1_626_274_681_013),
            "2021-07-14T14:58:01.013Z"
        );
        assert_eq!(iso8601_millis(951_782_400_000), "2000-02-29T00:00:00.000Z");
        assert_eq!(
            iso8601_millis(253_402_300_799_999),
            "9999-12-31T23:59:59.999Z"
        );
        assert_eq!(iso8601_millis(-1), "1969-12-31T23:59:59.999Z");
    }

    #[test]
    fn years_outside_four_digits_still_format() {
        assert_eq!(
            iso8601_millis(253_402_300_800_000),
            "10000-01-01T00:00:00.000Z"
        );
        assert_eq!(
            iso8601_millis(-62_198_755_200_000),
            "-001-01-01T00:00:00.000Z"
        );
    }

    #[rstest::rstest]
    #[case::around_the_epoch(-2_500)]
    #[case::today(1_764_504_000_000 - 1_500)]
    #[case::end_of_a_year(1_767_225_599_000 - 500)]
    #[case::end_of_four_digit_years(253_402_300_799_000 - 500)]
    #[case::a_negative_year(-62_198_755_200_000 - 1_500)]
    fn advancing_the_cached_text_agrees_with_formatting(#[case] from: i64) {
        let mut last = (i64::MIN, String::new());
        // Every millisecond over 3 s, then jumps back, forward and within a second.
        let steps = (from..from + 3_000).chain([from + 10, from + 1_000_000, from + 1_000_017]);
        for millis in steps {
            advance(&mut last, millis);
            assert_eq!(last, (millis, iso8601_millis(millis)));
        }
    }

    #[test]
    fn now_is_the_current_millisecond_each_time() {
        let millis = || {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap()
                .as_millis() as i64
        };
        let mut previous = String::new();
        for _ in 0..2000 {
            let before = iso8601_millis(millis());
            let now = now_iso8601();
            let after = iso8601_millis(millis());
            // ISO-8601 texts of one width order like the times they name.
            assert!(before <= now && now <= after, "{before} {now} {after}");
            assert!(previous <= now);
            previous = now;
        }
    }
}
