//! The built-in preset files the catalog reads, compiled in (by the build script's table in
//! [`super::embedded`]) so the binary works offline from any folder. A module of their own
//! because more than the catalog reads them (a scenario's serving side, the data hash), and
//! those the catalog also calls.

use super::embedded::builtin;

/// Built-in preset files: (path shown in messages, contents).
pub const EMBEDDED_ACCELERATORS: (&str, &str) = builtin("embedded:presets/accelerators.ron");
pub const EMBEDDED_MILESTONES: (&str, &str) = builtin("embedded:presets/milestones.ron");
pub const EMBEDDED_FLEETS: (&str, &str) = builtin("embedded:presets/fleets.ron");
pub const EMBEDDED_SOURCES: (&str, &str) = builtin("embedded:presets/sources.ron");

macro_rules! scenarios {
    ($($name:literal),* $(,)?) => {
        &[$(builtin(concat!("embedded:presets/scenarios/", $name, ".ron"))),*]
    };
}

/// Built-in scenario files. A test checks this list against the `presets/scenarios` folder.
pub const EMBEDDED_SCENARIOS: &[(&str, &str)] = scenarios![
    "meta-2024",
    "meta-2024-600k",
    "llama-3.1-405b",
    "xai-colossus-100k",
    "xai-colossus-200k",
    "gpt-4-class-a100",
    "deepseek-v3",
    "blackwell-1gw",
];
