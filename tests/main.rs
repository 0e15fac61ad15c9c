//! End-to-end tests of the real `rosterwire` binary, built as one test binary.

#![allow(clippy::unwrap_used)]

// Shared helpers: temp dirs, the binary, an in-process mock, redaction.
mod util;

// `rosterwire serve`: start, banner, answer, shut down.
mod serve;

// The admin API under `/__admin`: health, reset, world, journal, verify, faults, secrets.
mod admin;

// Faults: every kind from the admin API, `--fault` and the request headers.
mod faults;

// `rosterwire world dump|check`.
mod world;
