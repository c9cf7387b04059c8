//! agi-compute: what does a GPU fleet buy? A scenario engine with a terminal explorer.
//!
//! Data flows one way: [`model`] (pure math) → [`presets`] (RON loading and saving) →
//! [`evaluation`] (everything derived from a scenario, computed once per change) →
//! [`app`] (state and actions) → [`ui`] (drawing) → the binary's terminal loop and [`cli`].

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
