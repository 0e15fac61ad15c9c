//! The runner fed random and truncated bodies. A wiremock fake upstream answers with the real
//! mock engine (seed world) but corrupts a share of the bodies (cut short, random bytes, JSON of
//! the wrong kind). Every built-in scenario that does not need the built-in mock runs against it:
//! the runner never panics (every scenario comes back with a result), passes when nothing was
//! corrupted, and reports a failure when something was.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rosterwire::{RunOptions, RunResult, Runner, load_contract_book, load_target};
use rosterwire::{Scenario, load_scenario, scenario_files};
use rosterwire_mock::adapter::wiremock::{engine_request, template};
use rosterwire_mock::{Engine, FidelityProfile, VendorOptions, World};
use wiremock::{Respond, ResponseTemplate};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_owned()
}

/// Every built-in scenario except those that need the built-in mock's fault header.
fn scenarios() -> Vec<Scenario> {
    scenario_files(&root().join("scenarios"))
        .unwrap()
        .iter()
        .map(|file| load_scenario(file).unwrap())
        .filter(|s| !s.tags.iter().any(|t| t == "mock-only"))
        .collect()
}

/// The real engine behind wiremock; one answer in `one_in` has its body corrupted.
#[derive(Debug)]
struct CorruptingUpstream {
    engine: Engine,
    rng: Mutex<fastrand::Rng>,
    one_in: usize,
    corrupted: Arc<AtomicUsize>,
}

impl CorruptingUpstream {
    fn corrupt(rng: &mut fastrand::Rng, body: &[u8]) -> Vec<u8> {
        match rng.u8(0..4) {
            // The real answer cut short (never the whole of it).
            0 | 1 if !body.is_empty() => body[..rng.usize(0..body.len())].to_vec(),
            // JSON of the wrong kind.
            2 => rng
                .choice([
                    &b"null"[..],
                    b"{}",
                    b"\"x\"",
                    b"[1,2]",
                    b"{\"success\":\"yes\"}",
                ])
                .unwrap()
                .to_vec(),
            // Random bytes, never empty.
            _ => (0..rng.usize(1..64)).map(|_| rng.u8(..)).collect(),
        }
    }
}

impl Respond for CorruptingUpstream {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let mut answer = self.engine.handle(&engine_request(request));
        let mut rng = self.rng.lock().unwrap();
        if self.one_in > 0 && rng.usize(0..self.one_in) == 0 {
            self.corrupted.fetch_add(1, Ordering::SeqCst);
            answer.body = Self::corrupt(&mut rng, &answer.body).into();
        }
        template(&answer)
    }
}

/// Runs `scenarios` against a fresh corrupting upstream; returns the result and how many
/// bodies were corrupted.
async fn run_against_corruption(
    scenarios: &[Scenario],
    seed: u64,
    one_in: usize,
) -> (RunResult, usize) {
    let corrupted = Arc::new(AtomicUsize::new(0));
    let upstream = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(CorruptingUpstream {
            engine: Engine::new(
                &World::seed(),
                FidelityProfile::default(),
                VendorOptions::default(),
            )
            .unwrap(),
            rng: Mutex::new(fastrand::Rng::with_seed(seed)),
            one_in,
            corrupted: Arc::clone(&corrupted),
        })
        .mount(&upstream)
        .await;
    let target = load_target(
        &root().join("scenarios/targets/builtin.toml"),
        "builtin",
        &|_| None,
    )
    .unwrap()
    .with_origin(&upstream.uri());
    let mut options = RunOptions::new(root().join("scenarios"));
    options.http.timeout = Duration::from_secs(10);
    options.http.max_retries = 0;
    // Steps are what this test corrupts: on the seed's groups (with the restore) no sandbox
    // creation answer is corrupted first, which would skip a scenario before its steps.
    options.sandbox = false;
    let contracts = load_contract_book(&root().join("contracts")).unwrap();
    let runner = Runner::new(target, contracts, options).unwrap();
    let result = runner.run(scenarios.to_vec(), Arc::new(|_| {})).await;
    (result, corrupted.load(Ordering::SeqCst))
}

fn names(result: &RunResult) -> Vec<&str> {
    result.scenarios.iter().map(|s| s.name.as_str()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_runner_passes_against_the_uncorrupted_fake_upstream() {
    let scenarios = scenarios();
    let (result, corrupted) = run_against_corruption(&scenarios, 0, 0).await;
    assert_eq!(corrupted, 0);
    assert!(result.passed(), "{:#?}", result.tally());
    assert_eq!(names(&result).len(), scenarios.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_runner_fed_random_and_truncated_bodies_never_panics_and_reports_failures() {
    let scenarios = scenarios();
    let expected: Vec<&str> = scenarios.iter().map(|s| s.name.as_str()).collect();
    for seed in 0..12 {
        // Act: one body in three (seeds 0..6) or one in eight (seeds 6..12) is corrupted.
        let one_in = if seed < 6 { 3 } else { 8 };
        let (result, corrupted) = run_against_corruption(&scenarios, seed, one_in).await;
        // Assert: every scenario came back (a panicking task would lose its vendor's results)…
        assert_eq!(names(&result), expected, "seed {seed}");
        // … and a corrupted body fails the run.
        assert!(corrupted > 0, "seed {seed} corrupted nothing");
        assert!(
            !result.passed(),
            "seed {seed}: {corrupted} corrupted bodies went unnoticed: {:?}",
            result.tally()
        );
    }
}
