//! Adapters that put the mock's behaviour behind other people's servers.

#[cfg(feature = "wiremock")]
pub mod wiremock;
