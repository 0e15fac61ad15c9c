//! Imports point one way: no module of either crate depends, through its sibling modules, on
//! itself. The graph is built at every level of the module tree (see [`graph`]) from a light scan
//! of the sources (see [`modules`]); a failure prints each cycle as `a -> b -> a`.

mod graph;
mod lex;
mod modules;

use std::collections::BTreeMap;
use std::path::Path;

fn crate_cycles(src: &Path) -> Vec<String> {
    let read = |file: &str| std::fs::read_to_string(src.join(file)).ok();
    graph::cycles(&modules::scan(&read, "lib.rs"))
}

fn in_memory_cycles(files: &[(&str, &str)]) -> Vec<String> {
    let files: BTreeMap<&str, &str> = files.iter().copied().collect();
    let read = |file: &str| files.get(file).map(|s| (*s).to_owned());
    graph::cycles(&modules::scan(&read, "lib.rs"))
}

#[test]
fn the_root_crate_has_no_import_cycle() {
    let cycles = crate_cycles(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    assert!(
        cycles.is_empty(),
        "import cycles in rosterwire:\n{}",
        cycles.join("\n")
    );
}

#[test]
fn the_mock_crate_has_no_import_cycle() {
    let cycles = crate_cycles(&Path::new(env!("CARGO_MANIFEST_DIR")).join("mock-server/src"));
    assert!(
        cycles.is_empty(),
        "import cycles in rosterwire-mock:\n{}",
        cycles.join("\n")
    );
}

#[test]
fn a_planted_cycle_is_found_and_printed() {
    let cycles = in_memory_cycles(&[
        ("lib.rs", "mod a;\nmod b;\nmod c;\n"),
        ("a.rs", "use crate::b::Thing;\n"),
        ("b.rs", "pub struct Thing;\nfn f() { super::a::g(); }\n"),
        ("c.rs", "use crate::a;\n"),
    ]);
    assert_eq!(cycles, ["crate: a -> b -> a"]);
}

#[test]
fn a_cycle_between_nested_siblings_names_their_parent() {
    let cycles = in_memory_cycles(&[
        ("lib.rs", "mod contracts;\n"),
        (
            "contracts/mod.rs",
            "mod derive;\nmod document;\nmod reference;\n",
        ),
        ("contracts/derive.rs", "use super::document::Doc;\n"),
        (
            "contracts/document.rs",
            "use super::{reference::Ref, derive::X};\n",
        ),
        (
            "contracts/reference.rs",
            "use super::derive::{ID, SCHEMA};\n",
        ),
    ]);
    assert_eq!(
        cycles,
        [
            "crate::contracts: derive -> document -> derive (one loop of: derive, document, reference)"
        ]
    );
}

#[test]
fn a_name_re_exported_at_the_root_is_followed_to_its_module() {
    let cycles = in_memory_cycles(&[
        (
            "lib.rs",
            "mod fidelity;\nmod platforms;\npub use platforms::VendorName;\n",
        ),
        (
            "platforms/mod.rs",
            "pub struct VendorName;\nuse crate::fidelity::Fidelity;\n",
        ),
        (
            "fidelity.rs",
            "use crate::VendorName;\npub struct Fidelity;\n",
        ),
    ]);
    assert_eq!(cycles, ["crate: fidelity -> platforms -> fidelity"]);
}

#[test]
fn one_way_imports_test_modules_and_items_make_no_cycle() {
    let cycles = in_memory_cycles(&[
        ("lib.rs", "pub mod a;\nmod b;\npub use b::Item;\n"),
        ("a.rs", "use crate::b::Item;\nuse crate::Item as Again;\n"),
        (
            "b.rs",
            "pub struct Item;\n#[cfg(test)]\nmod tests {\n    use crate::a;\n}\n",
        ),
    ]);
    assert!(cycles.is_empty(), "{cycles:?}");
}
