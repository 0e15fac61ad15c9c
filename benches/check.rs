//! Benchmark of a full `check`: every scenario under `scenarios/` against the in-process mock
//! (documented profile), through the runner's library API and real HTTP on 127.0.0.1.
//!
//! Run: `cargo bench -p rosterwire --bench check` (target: under one second; figures in
//! `bench/README.md`).

// Benchmarks are not tests: clippy.toml's allow-unwrap-in-tests does not cover them.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use divan::Bencher;
use rosterwire::{RunOptions, RunResult, Runner, load_contract_book, load_target};
use rosterwire::{Scenario, load_scenario, scenario_files};
use rosterwire_mock::{MockConfig, MockServer};

fn main() {
    divan::main();
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_owned()
}

fn scenarios() -> Vec<Scenario> {
    scenario_files(&root().join("scenarios"))
        .unwrap()
        .iter()
        .map(|file| load_scenario(file).unwrap())
        .collect()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// The run options `check` uses by default (sandbox groups made and deleted by the run).
fn options() -> RunOptions {
    RunOptions::new(root().join("scenarios"))
}

/// What `rosterwire check` does without a target: load contracts and scenarios, start the
/// mock, run every scenario, stop the mock.
async fn full_check() -> RunResult {
    let contracts = load_contract_book(&root().join("contracts")).unwrap();
    let scenarios = scenarios();
    let server = MockServer::start(MockConfig::new()).await.unwrap();
    let target = load_target(
        &root().join("scenarios/targets/builtin.toml"),
        "builtin",
        &|_| None,
    )
    .unwrap()
    .with_origin(&server.uri());
    let runner = Runner::new(target, contracts, options()).unwrap();
    let result = runner.run(scenarios, Arc::new(|_| {})).await;
    server.shutdown().await;
    result
}

#[divan::bench(sample_count = 10)]
fn check_every_scenario_from_scratch(bencher: Bencher<'_, '_>) {
    let runtime = runtime();
    let result = runtime.block_on(full_check());
    assert!(result.passed(), "{:?}", result.tally());
    bencher.bench_local(|| runtime.block_on(full_check()));
}

#[divan::bench(sample_count = 10)]
fn run_every_scenario_against_a_running_mock(bencher: Bencher<'_, '_>) {
    let runtime = runtime();
    let server = runtime
        .block_on(MockServer::start(MockConfig::new()))
        .unwrap();
    let target = load_target(
        &root().join("scenarios/targets/builtin.toml"),
        "builtin",
        &|_| None,
    )
    .unwrap()
    .with_origin(&server.uri());
    let contracts = load_contract_book(&root().join("contracts")).unwrap();
    let runner = Runner::new(target, contracts, options()).unwrap();
    let scenarios = scenarios();
    let result = runtime.block_on(runner.run(scenarios.clone(), Arc::new(|_| {})));
    assert!(result.passed(), "{:?}", result.tally());
    bencher.bench_local(|| runtime.block_on(runner.run(scenarios.clone(), Arc::new(|_| {}))));
    runtime.block_on(server.shutdown());
}
