//! Fuzz target: arbitrary text into the runner's scenario parser (`parse_scenario`), for each
//! vendor (the first byte picks it), and the error's rendering. Fails on a panic.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use rosterwire::parse_scenario;
use rosterwire_mock::VendorName;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, text)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    let vendor = VendorName::ALL[usize::from(selector) % VendorName::ALL.len()];
    // Rendering the error exercises its position and caret snippet.
    if let Err(error) = parse_scenario(text, Path::new("fuzz/scenario.yaml"), vendor) {
        let _ = error.to_string();
    }
});
