//! `rosterwire clean`: delete the sandbox groups that interrupted runs left on a target.
//!
//! Lists the Chatwoot teams and Rocket.Chat departments of the target, deletes only those whose
//! name starts with `rosterwire-` (each printed), then lists again and reports any still there.
//! No other group is ever touched; ChatDash has no sandbox groups. Exit codes: 0 clean, 1 a
//! group could not be deleted (or listed), 2 bad input, 3 unreachable.

mod args;

use std::fmt::Write as _;
use std::time::Duration;

use anyhow::Context;

pub(crate) use args::CleanArgs;

use crate::exit;
use crate::runner::{
    Failure, FailureKind, GROUP_PREFIX, Groups, HttpClient, HttpOptions, ListedGroup, Target,
    id_text, load_target,
};
use crate::scenario::sandbox_supported;

/// Runs `rosterwire clean`.
///
/// # Errors
/// Only when the async runtime cannot start; everything else is an exit code.
pub(crate) fn run(args: CleanArgs) -> anyhow::Result<u8> {
    let env = |name: &str| std::env::var(name).ok();
    let target = match load_target(&args.targets, &args.target, &env) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(exit::BAD_INPUT);
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let (text, code) = runtime.block_on(clean(&target, &args));
    print!("{}", target.redactor().text(&text));
    Ok(code)
}

/// Cleans every vendor of `target`: the printed report and the exit code.
pub(crate) async fn clean(target: &Target, args: &CleanArgs) -> (String, u8) {
    let options = HttpOptions {
        timeout: Duration::from_millis(args.timeout_ms.or(target.timeout_ms).unwrap_or(10_000)),
        rate_limit: target.rate_limit,
        ..HttpOptions::default()
    };
    let client = match HttpClient::new(options) {
        Ok(c) => c,
        Err(e) => {
            return (
                format!("error: cannot build the HTTP client: {e}\n"),
                exit::UNREACHABLE,
            );
        }
    };
    let mut out = String::new();
    let mut failures: Vec<Failure> = Vec::new();
    for (vendor, vendor_target) in &target.vendors {
        if !sandbox_supported(*vendor) {
            let _ = writeln!(out, "{vendor}: no sandbox groups (the restore covers it)");
            continue;
        }
        let Some(base_url) = vendor_target.base_url.as_deref() else {
            let _ = writeln!(out, "{vendor}: no base_url, skipped");
            continue;
        };
        let vars = vendor_target.variables();
        let api = Groups {
            client: &client,
            base_url: base_url.trim_end_matches('/'),
            vars: &vars,
            vendor: *vendor,
        };
        let kind = if *vendor == rosterwire_mock::VendorName::Chatwoot {
            "team"
        } else {
            "department"
        };
        let ours = |list: Vec<ListedGroup>| -> Vec<ListedGroup> {
            list.into_iter()
                .filter(|g| g.name.starts_with(GROUP_PREFIX))
                .collect()
        };
        let found = match api.list().await {
            Ok(list) => ours(list),
            Err(f) => {
                let _ = writeln!(out, "{vendor}: cannot list the {kind}s: {}", f.message);
                failures.push(f);
                continue;
            }
        };
        if found.is_empty() {
            let _ = writeln!(out, "{vendor}: no {kind} named {GROUP_PREFIX}*");
            continue;
        }
        for group in &found {
            if args.dry_run {
                let _ = writeln!(
                    out,
                    "{vendor}: would delete {kind} `{}` (id {})",
                    group.name,
                    id_text(&group.id)
                );
                continue;
            }
            match api.delete(&group.name, &group.id).await {
                Ok(()) => {
                    let _ = writeln!(
                        out,
                        "{vendor}: deleted {kind} `{}` (id {})",
                        group.name,
                        id_text(&group.id)
                    );
                }
                Err(f) => {
                    let _ = writeln!(out, "{vendor}: {}", f.message);
                    failures.push(f);
                }
            }
        }
        if args.dry_run {
            continue;
        }
        match api.list().await {
            Ok(list) => {
                for left in ours(list) {
                    let message = format!(
                        "{kind} `{}` (id {}) is still there after the clean",
                        left.name,
                        id_text(&left.id)
                    );
                    let _ = writeln!(out, "{vendor}: {message}");
                    if !failures.iter().any(|f| f.message.contains(&left.name)) {
                        failures.push(Failure::new(FailureKind::Sandbox, message));
                    }
                }
            }
            Err(f) => {
                let _ = writeln!(
                    out,
                    "{vendor}: cannot list the {kind}s again: {}",
                    f.message
                );
                failures.push(f);
            }
        }
    }
    let code = if failures.iter().any(|f| f.kind == FailureKind::Unreachable) {
        exit::UNREACHABLE
    } else if failures.is_empty() {
        exit::SUCCESS
    } else {
        exit::CHECK_FAILED
    };
    (out, code)
}
