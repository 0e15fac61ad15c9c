//! The built-in seed world's text, also shipped as `fixtures/worlds/default.json`.

/// The seed world document, byte for byte.
pub(crate) const SEED: &str = include_str!("../../fixtures/worlds/default.json");

/// One vendor's section of the seed world, for the vendors' own unit tests (which sit below
/// `crate::world` and so do not use `World::seed`).
#[cfg(test)]
#[allow(clippy::expect_used)]
pub(crate) fn section<T: serde::de::DeserializeOwned>(vendor: &str) -> T {
    let document: serde_json::Value = serde_json::from_str(SEED).expect("the seed world is JSON");
    serde_json::from_value(document[vendor].clone()).expect("the seed section is valid")
}
