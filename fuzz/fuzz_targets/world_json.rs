//! Fuzz target: arbitrary bytes into `World::from_json`.
//!
//! Fails on: a panic; an accepted world that an engine refuses to build; an accepted world
//! whose pretty JSON does not parse back to the same document.

#![no_main]

use libfuzzer_sys::fuzz_target;
use rosterwire_mock::{Engine, FidelityProfile, VendorOptions, World};

fuzz_target!(|data: &[u8]| {
    let world = match World::from_json(data) {
        Ok(world) => world,
        Err(error) => {
            let _ = error.to_string();
            return;
        }
    };
    if let Err(error) = Engine::new(&world, FidelityProfile::default(), VendorOptions::default()) {
        panic!("World::from_json accepted a world that Engine::new refuses: {error}");
    }
    let text = world.to_json_pretty();
    let again = match World::from_json(text.as_bytes()) {
        Ok(again) => again,
        Err(error) => panic!("an accepted world does not parse back: {error}\n{text}"),
    };
    assert_eq!(again.to_json_pretty(), text, "round trip changed the world");
});
