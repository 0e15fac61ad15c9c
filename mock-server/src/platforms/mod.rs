//! The three vendors. Each lives in its own folder and implements [`Vendor`]:
//! its part of the world, its auth, its check order and its exact bodies.
//!
//! A vendor answers every request under its base path, including unknown routes and wrong
//! methods, so a client that only changes its base URL sees the vendor's own shapes.
//!
//! `vendor.rs` holds the traits, `options.rs` what a vendor is built with, `paths.rs` which
//! vendor serves a path; the vendors import those files, never this one.

pub(crate) mod chatdash;
pub(crate) mod chatwoot;
mod locked;
mod options;
mod path_segments;
mod paths;
pub(crate) mod rocketchat;
mod usual_json;
mod vendor;

pub(crate) use options::Settings;
pub use options::{RocketChatValidation, VendorOptions};
pub(crate) use vendor::{Vendor, VendorWorld};
