//! The built-in preset files the catalog reads, compiled in with `include_str!` so the binary
//! works offline from any folder. A module of their own because more than the catalog reads
//! them (a scenario's serving side, the data hash), and those the catalog also calls.

/// Built-in preset files: (path shown in messages, contents).
pub const EMBEDDED_ACCELERATORS: (&str, &str) = (
    "embedded:presets/accelerators.ron",
    include_str!("../../presets/accelerators.ron"),
);
pub const EMBEDDED_MILESTONES: (&str, &str) = (
    "embedded:presets/milestones.ron",
    include_str!("../../presets/milestones.ron"),
);
pub const EMBEDDED_FLEETS: (&str, &str) = (
    "embedded:presets/fleets.ron",
    include_str!("../../presets/fleets.ron"),
);
pub const EMBEDDED_SOURCES: (&str, &str) = (
    "embedded:presets/sources.ron",
    include_str!("../../presets/sources.ron"),
);

macro_rules! scenarios {
    ($($name:literal),* $(,)?) => {
        &[$((concat!("embedded:presets/scenarios/", $name, ".ron"),
            include_str!(concat!("../../presets/scenarios/", $name, ".ron")))),*]
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
