//! agi-compute: what does a GPU fleet buy? A scenario engine with a terminal explorer.
//!
//! Data flows one way: [`model`] (pure math) → [`presets`] (RON loading and saving) →
//! [`app`] (state and actions) → [`ui`] (drawing) → the binary's terminal loop and [`cli`].

pub mod app;
pub mod cli;
pub mod evaluation;
pub mod input;
pub mod keys;
pub mod model;
pub mod presets;
pub mod report;
pub mod tui;
pub mod ui;
