//! Every integration test but the pseudo-terminal ones, in one test binary: each `tests/NAME.rs`
//! is the module `NAME` here, and `cargo test --test all NAME::` runs its tests. A binary per
//! file compiled the shared helpers again and linked the library and its dependencies into each
//! of thirty-one executables; one binary builds in less time, and its tests keep every core busy
//! to the end instead of waiting on each file's slowest test in turn.
//!
//! `tests/terminal_restore.rs` stays a binary of its own (see Cargo.toml).

mod common;
/// Helpers several files share.
mod support {
    pub mod binary;
    pub mod catalog;
    pub mod explorer;
}

mod analyst;
mod bad_presets;
mod bands;
mod cli;
mod data;
mod data_round3;
mod entry_parser;
mod epoch_costs;
mod eval_output;
mod explain_and_help;
mod extremes;
mod failures;
mod feasible;
mod hostile;
mod limits;
mod model;
mod one_truth;
mod presets;
mod projection;
mod questions;
mod random_use;
mod readme;
mod reproduce;
mod saves;
mod scenario_identity;
mod serving;
mod sources_and_import;
mod surfaces_agree;
mod text_cuts;
mod ui;

/// With `autotests = false`, a file of `tests/` that is not a module here is never compiled or
/// run: each one must be declared above (`terminal_restore.rs` has a binary of its own).
#[test]
fn every_test_file_is_a_module() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let declared = include_str!("all.rs");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let stem = path
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        if stem == "all" || stem == "terminal_restore" {
            continue;
        }
        seen += 1;
        assert!(
            declared.contains(&format!("\nmod {stem};\n")),
            "tests/{stem}.rs is not declared in tests/all.rs: add `mod {stem};`"
        );
    }
    assert!(seen >= 30, "only {seen} test files found");
}
