//! End-to-end tests of the real `rosterwire` binary, built as one test binary.

#![allow(clippy::unwrap_used)]

// Shared helpers: temp dirs, the binary, an in-process mock, redaction.
mod util;

// `rosterwire serve`: start, banner, answer, shut down.
mod serve;

// `rosterwire contracts`: derive and its staleness check, lint snapshots, openapi, schemas as data.
mod contracts;

// The in-process mock (documented profile) answers within its contracts.
mod mock_conformance;

// The admin API under `/__admin`: health, reset, world, journal, verify, faults, secrets.
mod admin;

// Faults: every kind from the admin API, `--fault` and the request headers.
mod faults;

// `rosterwire world dump|check`.
mod world;
