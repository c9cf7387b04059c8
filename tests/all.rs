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
