//! agi-compute: what does a GPU fleet buy? A scenario engine with a terminal explorer.
//!
//! Data flows one way: [`model`] (pure math) → [`presets`] (RON loading, checking, saving and
//! picking a scenario) → [`analysis`] (everything derived from a scenario, computed once per
//! change) → [`app`] (state and actions) → [`ui`] (drawing) and [`report`] (tables in every
//! format) → [`tui`] (the terminal) and [`cli`] (the command line).

pub mod analysis;
pub mod app;
pub mod cli;
pub mod model;
pub mod presets;
pub mod report;
pub mod tui;
pub mod ui;

/// What the benchmarks reach that is otherwise private: the fast text path, for the replay
/// benchmark (the least any renderer of a frame costs).
#[cfg(feature = "bench")]
pub mod bench_api {
    pub use crate::ui::text::put_str;
}
