//! Identifiers as the vendors mint them.

use std::sync::atomic::{AtomicU32, Ordering};

use crate::clock::now_unix_seconds;

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A new MongoDB ObjectId as 24 lower-case hex characters: 4 bytes of seconds, 5 random bytes,
/// a 3-byte counter (what Rocket.Chat's `new ObjectId().toHexString()` produces).
pub(crate) fn object_id() -> String {
    let seconds = now_unix_seconds() as u32;
    let random = fastrand::u64(..) & 0xff_ffff_ffff;
    let counter = COUNTER.fetch_add(1, Ordering::Relaxed) & 0xff_ffff;
    format!("{seconds:08x}{random:010x}{counter:06x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_ids_are_24_hex_and_distinct() {
        let a = object_id();
        let b = object_id();
        assert_eq!(a.len(), 24);
        assert!(
            a.bytes()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        assert_ne!(a, b);
    }
}
