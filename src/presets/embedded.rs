//! The built-in preset files in a compact binary form ([`super::compact`]), written by the
//! build script from the RON files, so a start reads the catalog in a fraction of the time RON's
//! parser takes.
//!
//! The loader asks [`compact_for`] with the path and text it was given: only the embedded file's
//! exact text gets the compact form back, so user files, fuzzers and tests that feed other text
//! keep the RON parser and its messages.

include!(concat!(env!("OUT_DIR"), "/embedded_compact.rs"));

/// Whether `path` and `text` are a built-in file's own (its path and exact text).
pub(crate) fn is_builtin(path: &str, text: &str) -> bool {
    EMBEDDED_COMPACT
        .iter()
        .any(|(p, ron, _, _)| *p == path && *ron == text)
}

/// The compact form (values, strings) of the embedded file at `path` when `text` is that file's
/// text; `None` for any other text, and for a file the build script could not rewrite.
pub(crate) fn compact_for(path: &str, text: &str) -> Option<(&'static [u8], &'static str)> {
    EMBEDDED_COMPACT
        .iter()
        .find(|(p, ron, values, _)| *p == path && !values.is_empty() && *ron == text)
        .map(|&(_, _, values, strings)| (values, strings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_file_has_a_compact_form() {
        // The rewrite covers everything the preset files use; a file left without it would
        // silently fall back to the slow path.
        assert!(EMBEDDED_COMPACT.len() >= 18, "{}", EMBEDDED_COMPACT.len());
        for (path, _, values, _) in EMBEDDED_COMPACT {
            assert!(!values.is_empty(), "{path} was not rewritten");
        }
    }

    /// Reads `text` through both paths and compares the values, every number to the bit (the
    /// compact form keeps a float's bits; serde_json writes the shortest text that reads back
    /// to them).
    fn same<T: serde::de::DeserializeOwned + serde::Serialize>(path: &str, text: &str) {
        let (values, strings) =
            compact_for(path, text).expect("a compact form for an embedded file");
        let fast: T = super::super::compact::read(values, strings).expect("the compact form reads");
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
    fn compact_and_ron_read_to_the_same_values() {
        use crate::presets::schema::{Abbreviation, Accelerator, Fleet, Milestone, Scenario};
        for &(path, text, _, _) in EMBEDDED_COMPACT {
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
        for &(path, text, _, _) in EMBEDDED_COMPACT {
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
    fn only_the_exact_embedded_text_takes_the_compact_form() {
        let (path, text, values, strings) = EMBEDDED_COMPACT[0];
        assert_eq!(compact_for(path, text), Some((values, strings)));
        assert_eq!(compact_for(path, &format!("{text} ")), None);
        assert_eq!(compact_for("presets/accelerators.ron", text), None);
    }

    #[test]
    fn a_cut_or_altered_compact_form_is_an_error_not_a_panic() {
        use crate::presets::schema::Milestone;
        let &(_, _, compact, strings) = EMBEDDED_COMPACT
            .iter()
            .find(|(p, ..)| p.ends_with("/milestones.ron"))
            .expect("the milestones");
        let read = |values: &[u8]| crate::presets::compact::read::<Vec<Milestone>>(values, strings);
        assert!(read(compact).is_ok());
        for cut in [0, 1, 5, compact.len() / 3, compact.len() - 1] {
            assert!(read(&compact[..cut]).is_err(), "{cut}");
        }
        let mut longer = compact.to_vec();
        longer.push(b'n');
        assert!(read(&longer).is_err());
        // Every 97th byte in turn set to a tag that does not exist: refused or read, never a
        // panic.
        for at in (0..compact.len()).step_by(97) {
            let mut bad = compact.to_vec();
            bad[at] = b'?';
            let _ = read(&bad);
        }
        // A list that claims more items than the form holds.
        let mut huge = compact.to_vec();
        huge[1..5].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(read(&huge).is_err());
    }
}
