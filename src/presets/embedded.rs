//! The built-in preset files as JSON, written by the build script from the RON files, so a start
//! reads the catalog in a fraction of the time RON's parser takes.
//!
//! The loader asks [`json_for`] with the path and text it was given: only the embedded file's
//! exact text gets JSON back, so user files, fuzzers and tests that feed other text keep the RON
//! parser and its messages. Values are checked after reading as for any file.

include!(concat!(env!("OUT_DIR"), "/embedded_json.rs"));

/// Whether `path` and `text` are a built-in file's own (its path and exact text).
pub(crate) fn is_builtin(path: &str, text: &str) -> bool {
    EMBEDDED_JSON
        .iter()
        .any(|(p, ron, _)| *p == path && *ron == text)
}

/// The JSON form of the embedded file at `path` when `text` is that file's text; `None` for any
/// other text, and for a file the build script could not rewrite.
pub(crate) fn json_for(path: &str, text: &str) -> Option<&'static str> {
    EMBEDDED_JSON
        .iter()
        .find(|(p, ron, json)| *p == path && !json.is_empty() && *ron == text)
        .map(|(_, _, json)| *json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_file_has_json() {
        // The rewrite covers everything the preset files use; a file left without JSON would
        // silently fall back to the slow path.
        assert!(EMBEDDED_JSON.len() >= 18, "{}", EMBEDDED_JSON.len());
        for (path, _, json) in EMBEDDED_JSON {
            assert!(!json.is_empty(), "{path} was not rewritten as JSON");
        }
    }

    /// Reads `text` through both paths and compares the values, every number to the bit (the
    /// JSON keeps floats in their shortest round-trip form).
    fn same<T: serde::de::DeserializeOwned + serde::Serialize>(path: &str, text: &str) {
        let json = json_for(path, text).expect("JSON for an embedded file");
        let fast: T = serde_json::from_str(json).expect("the JSON reads");
        let ron: T = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str(text)
            .expect("the RON reads");
        assert_eq!(
            serde_json::to_value(&fast).expect("serialize"),
            serde_json::to_value(&ron).expect("serialize"),
            "{path}"
        );
    }

    #[test]
    fn json_and_ron_read_to_the_same_values() {
        use crate::presets::schema::{Abbreviation, Accelerator, Fleet, Milestone, Scenario};
        for &(path, text, _) in EMBEDDED_JSON {
            let file = path.rsplit('/').next().unwrap_or(path);
            match file {
                "accelerators.ron" => same::<Vec<Accelerator>>(path, text),
                "milestones.ron" => same::<Vec<Milestone>>(path, text),
                "fleets.ron" => same::<Vec<Fleet>>(path, text),
                "sources.ron" => same::<Vec<Abbreviation>>(path, text),
                "epoch_costs.ron" => same::<crate::presets::epoch::EpochCosts>(path, text),
                "limits.ron" => same::<crate::presets::limits::LimitsData>(path, text),
                "trends.ron" => same::<crate::presets::trends::Trends>(path, text),
                "serving.ron" => same::<crate::presets::serving::ServingData>(path, text),
                "feasibility.ron" => {
                    same::<crate::presets::feasibility::FeasibilityData>(path, text)
                }
                "changes.ron" => same::<Vec<crate::presets::changes::DataRelease>>(path, text),
                _ if path.contains("/scenarios/") => same::<Scenario>(path, text),
                _ => panic!("{path}: which type does it hold? add it here"),
            }
        }
    }

    #[test]
    fn every_builtin_file_passes_every_check() {
        // A start skips the checks for the built-in files (`read::needs_checks`): here each is
        // read as a user file would be, under another name, through the RON parser and every
        // check and cross-reference, with no problem.
        use crate::presets::{changes, epoch, feasibility, limits, parse, serving, trends};
        for &(path, text, _) in EMBEDDED_JSON {
            let user = path.replace("embedded:", "user:");
            assert!(crate::presets::read::needs_checks(&user, text));
            assert!(!crate::presets::read::needs_checks(path, text), "{path}");
            let file = path.rsplit('/').next().unwrap_or(path);
            let checked = match file {
                "accelerators.ron" => parse::parse_accelerators(&user, text).map(drop),
                "milestones.ron" => parse::parse_milestones(&user, text).map(drop),
                "fleets.ron" => parse::parse_fleets(&user, text).map(drop),
                "sources.ron" => parse::parse_sources(&user, text).map(drop),
                "epoch_costs.ron" => epoch::parse_epoch_costs(&user, text).map(drop),
                "limits.ron" => limits::parse_limits(&user, text).map(drop),
                "trends.ron" => trends::parse_trends(&user, text).map(drop),
                "serving.ron" => serving::parse_serving(&user, text).map(drop),
                "feasibility.ron" => feasibility::parse_feasibility(&user, text).map(drop),
                "changes.ron" => changes::parse_changes(&user, text).map(drop),
                _ if path.contains("/scenarios/") => parse::parse_scenario(&user, text).map(drop),
                _ => panic!("{path}: which parser reads it? add it here"),
            };
            if let Err(p) = checked {
                panic!("{path}: {p}");
            }
        }
    }

    #[test]
    fn only_the_exact_embedded_text_takes_the_json() {
        let (path, text, json) = EMBEDDED_JSON[0];
        assert_eq!(json_for(path, text), Some(json));
        assert_eq!(json_for(path, &format!("{text} ")), None);
        assert_eq!(json_for("presets/accelerators.ron", text), None);
    }
}
