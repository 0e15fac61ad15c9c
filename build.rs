//! Lists the scenarios (with snapshots and targets), the contracts and the vendor documents the
//! project ships, so `src/builtin/` can compile them into the binary (`include_str!` per file):
//! an installed or copied binary then needs no checkout.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The folders compiled in, relative to the package root.
const ROOTS: [&str; 3] = ["scenarios", "contracts", "fixtures/vendor-docs"];

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let mut files = Vec::new();
    for root in ROOTS {
        println!("cargo:rerun-if-changed={root}");
        collect(&manifest, &manifest.join(root), &mut files);
    }
    files.sort();
    let mut out =
        String::from("/// Every shipped file: (path relative to the package root, text).\n");
    out.push_str("pub(crate) static FILES: &[(&str, &str)] = &[\n");
    for (relative, absolute) in &files {
        let _ = writeln!(out, "    ({relative:?}, include_str!({absolute:?})),");
    }
    out.push_str("];\n");
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    if let Err(e) = std::fs::write(out_dir.join("builtin_files.rs"), out) {
        panic!("cannot write builtin_files.rs: {e}");
    }
}

/// Every file under `dir`, skipping hidden files and pending snapshots (`*.snap.new`).
fn collect(manifest: &Path, dir: &Path, files: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.ends_with(".snap.new") || name.ends_with(".pending-snap") {
            continue;
        }
        if path.is_dir() {
            collect(manifest, &path, files);
        } else if let Ok(relative) = path.strip_prefix(manifest) {
            let relative = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            files.push((relative, path.to_string_lossy().into_owned()));
        }
    }
}
