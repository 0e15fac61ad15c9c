//! End-to-end tests of the real `rosterwire` binary, built as one test binary.

#![allow(clippy::unwrap_used)]

// Shared helpers: temp dirs, the binary, an in-process mock, fake upstreams, redaction.
mod util;

// `rosterwire serve`: start, banner, answer, shut down.
mod serve;

// The runner against broken fake upstreams: wrong type, missing/extra field, drift, non-JSON, slow, reset.
mod upstream;

// Sandbox groups: mutating scenarios run on groups made for the run; `rosterwire clean`.
mod sandbox;

// Mutating scenarios restore membership after failures, interruptions; --read-only mutates nothing;
// against misbehaving fakes of all three vendors the restore is compared exactly and reported truthfully.
mod restore;

// `rosterwire proxy` in front of fake stagings (planted deviations, conforming, broken upstreams) and
// in front of `rosterwire serve` while `check` runs through it: drift table, bytes unchanged, journal.
mod proxy;

// `rosterwire check` end to end: exit codes, targets files, JSON and JUnit reports.
mod check;

// What `check` prints and reports: live lines, honest drift, one failure per cause, help texts.
mod output;

// `rosterwire contracts`: derive and its staleness check, lint snapshots, openapi, schemas as data.
mod contracts;

// The in-process mock (documented profile) answers within its contracts.
mod mock_conformance;

// The admin API under `/__admin`: health, reset, world, journal, verify, faults, secrets.
mod admin;

// Faults: every kind from the admin API, `--fault` and the request headers.
mod faults;

// Schemathesis with each profile's OpenAPI export against `serve --fidelity <profile>`.
mod schemathesis;

// `rosterwire world dump|check`.
mod world;

// `rosterwire targets init` against a fake Chatwoot staging (GET only, the file written, and it validates)
// and against `rosterwire serve` (the mock's `GET /api/v1/profile`).
mod targets_init;

// The runner fed random and truncated bodies by a fake upstream never panics and reports failures.
mod runner_robustness;

// Provenance: no citation of private notes; every repository path a file cites exists.
mod provenance;

// A staging check on a foreign server: targets init, sandbox groups, skips with reasons, state left as it was.
mod staging;

// An installed binary works anywhere: built-in scenarios and contracts from an empty folder, no file
// written; `scenarios export` then `check --scenarios`; `contracts openapi` without a checkout.
mod install;
