//! Every claim is checkable from the repository and public sources: no file cites the team's
//! private notes, and every repository path a file cites exists.
//!
//! A citation of a public repository names it (`chatwoot/chatwoot@<commit> app/…`); such paths
//! start with the upstream repository's own folders and are not checked here. A path that starts
//! with one of this repository's top-level folders is ours and must exist, unless it follows a
//! repository name directly (`honojs/hono@28a9c128 src/hono-base.ts` is Hono's `src/`) or goes
//! into a folder that our tools create (`.ci/.npm/`, `target/`: [`SKIPPED_DIRS`]).

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

/// This repository's top-level folders and files that a citation may name.
const OUR_ROOTS: &[&str] = &[
    ".ci/",
    "bench/",
    "benches/",
    "contracts/",
    "docs/",
    "fixtures/",
    "fuzz/",
    "mock-server/",
    "scenarios/",
    "src/",
    "tests/",
];

/// Folders that hold no sources of ours.
/// (`.pydeps`, `.npm`, `.venv`: what `.ci/install-test-tools` installs; git ignores them.)
const SKIPPED_DIRS: &[&str] = &[".git", "target", "node_modules", ".pydeps", ".npm", ".venv"];

fn repository_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every text file of the repository, as (relative path, text).
fn text_files() -> Vec<(String, String)> {
    let root = repository_root();
    let mut stack = vec![root.clone()];
    let mut files = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.file_type().unwrap().is_dir() {
                if !SKIPPED_DIRS.contains(&name.as_str()) {
                    stack.push(path);
                }
                continue;
            }
            if name == "Cargo.lock" {
                continue;
            }
            let Ok(text) = fs::read_to_string(&path) else {
                continue; // not UTF-8: not a text file
            };
            let relative = path
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.push((relative, text));
        }
    }
    files.sort();
    files
}

#[test]
fn no_file_cites_the_private_team_notes() {
    // Built from parts so that this file does not match itself.
    let notes = format!(
        r"{}/(reference|vendor-docs)/|reference (rocketchat|chatwoot|chatdash)\.md|(rocketchat|chatwoot|chatdash)\.md §",
        "shared"
    );
    let pattern = Regex::new(&notes).unwrap();
    let mut found = Vec::new();
    for (file, text) in text_files() {
        for (number, line) in text.lines().enumerate() {
            if pattern.is_match(line) {
                found.push(format!("{file}:{}: {}", number + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "these lines cite notes that are not in the repository; cite the public source \
         (repository, path, commit) or fixtures/vendor-docs/ instead:\n{}",
        found.join("\n")
    );
}

/// Matches a token that starts with one of our top-level folders at a word boundary.
fn path_pattern() -> &'static Regex {
    static PATTERN: LazyLock<Regex> = LazyLock::new(|| {
        let roots = OUR_ROOTS
            .iter()
            .map(|r| regex::escape(r))
            .collect::<Vec<_>>()
            .join("|");
        Regex::new(&format!(
            r"(?:^|[\s`'(\[]|\x22)((?:{roots})[A-Za-z0-9_./@+-]*)"
        ))
        .unwrap()
    });
    &PATTERN
}

/// The repository paths a line cites: tokens that start with one of our top-level folders at a
/// word boundary (not inside another path or URL) and are concrete (no `<…>`, `*`, `{…}`), not
/// an upstream repository's own path (right after its `owner/name[@commit]`), and not inside a
/// folder our tools generate.
fn cited_paths(line: &str) -> Vec<String> {
    path_pattern()
        .captures_iter(line)
        .filter_map(|c| {
            let found = c.get(1).unwrap();
            let path = found.as_str().trim_end_matches(['.', ',', ':', ')']);
            let rest = &line[found.end()..];
            let placeholder = rest.starts_with(['<', '*', '{', '…']) || rest.starts_with("...");
            let upstream = follows_a_repository_name(&line[..found.start()]);
            let generated = path.split('/').any(|part| SKIPPED_DIRS.contains(&part));
            (!placeholder && !upstream && !generated && path.len() > 4).then(|| path.to_owned())
        })
        .collect()
}

/// Whether the text ends with a public repository's name, `owner/name` or `owner/name@commit`
/// (in backticks or not), so that the path after it is that repository's.
fn follows_a_repository_name(before: &str) -> bool {
    static REPOSITORY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*(@[0-9a-f]{7,40})?$")
            .unwrap()
    });
    let before = before
        .trim_end_matches(['`', '\'', '"', '(', '['])
        .trim_end();
    let token = before
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("")
        .trim_matches(['`', '\'', '"', '(', '[']);
    let ours = OUR_ROOTS.iter().any(|root| token.starts_with(root));
    !ours && REPOSITORY.is_match(token)
}

#[test]
fn every_repository_path_a_file_cites_exists() {
    let root = repository_root();
    let mut missing = Vec::new();
    for (file, text) in text_files() {
        let is_code = Path::new(&file)
            .extension()
            .is_some_and(|e| e == "rs" || e == "py" || e == "sh");
        for (number, line) in text.lines().enumerate() {
            // In code only comments cite; string literals in tests name made-up files.
            if is_code && !is_comment(line) {
                continue;
            }
            for path in cited_paths(line) {
                let target = path.split(['#', ':']).next().unwrap_or(&path);
                if !Path::new(&root).join(target).exists() {
                    missing.push(format!("{file}:{}: `{path}`", number + 1));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "these files cite repository paths that do not exist:\n{}",
        missing.join("\n")
    );
}

fn is_comment(line: &str) -> bool {
    let line = line.trim_start();
    line.starts_with("//") || line.starts_with('#')
}

#[test]
fn cited_paths_are_found_at_word_boundaries_only() {
    assert_eq!(
        cited_paths("see `mock-server/src/lib.rs` and fixtures/vendor-docs/README.md."),
        vec!["mock-server/src/lib.rs", "fixtures/vendor-docs/README.md"]
    );
    assert!(cited_paths("packages/http-router/src/Router.ts").is_empty());
    assert!(cited_paths("https://example.com/src/x.rs").is_empty());
    assert!(cited_paths("`scenarios/<vendor>/x.yaml` and `tests/*.rs`").is_empty());
}

#[test]
fn an_upstream_repositorys_own_paths_and_generated_folders_are_not_ours() {
    assert!(
        cited_paths("(`honojs/hono@28a9c128` `src/hono-base.ts` `notFoundHandler`)").is_empty()
    );
    assert!(cited_paths("honojs/hono src/utils/url.ts").is_empty());
    assert!(cited_paths("installs into `.ci/.npm/` and `.ci/.pydeps`").is_empty());
    // A path after anything but a repository name is still ours, and is checked.
    assert_eq!(
        cited_paths("`honojs/hono` `src/hono-base.ts` and `src/lib.rs`"),
        vec!["src/lib.rs"]
    );
    assert_eq!(
        cited_paths("`packages/a/b.ts`, then `src/main.rs`"),
        vec!["src/main.rs"]
    );
}
