//! The built-in preset files in a compact binary form ([`super::compact`]), written by the
//! build script from the RON files, so a start reads the catalog in a fraction of the time RON's
//! parser takes.
//!
//! The loader asks [`compact_for`] with the path and text it was given: only the embedded file's
//! exact text gets the compact form back, so user files, fuzzers and tests that feed other text
//! keep the RON parser and its messages.

include!(concat!(env!("OUT_DIR"), "/embedded_compact.rs"));

/// A built-in file's bytes as text, when the program is compiled (a file that is not UTF-8
/// stops the build, as `include_str!` would).
const fn ron_text(bytes: &'static [u8]) -> &'static str {
    match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(_) => panic!("a built-in preset file is not UTF-8"),
    }
}

/// The built-in file at `path` (`embedded:presets/…`) as (path, text), for the constants that
/// name the files. Its text is the table's own, at the one address of its static: a text
/// compiled in twice (`include_str!` in two places) lands at two addresses, and then every
/// start compared the whole catalog with its copy, byte by byte, to know it was built in. A
/// path not in the table stops the build.
pub(crate) const fn builtin(path: &str) -> (&'static str, &'static str) {
    let mut i = 0;
    while i < EMBEDDED_COMPACT.len() {
        let (p, text, _) = EMBEDDED_COMPACT[i];
        if p.len() == path.len() && same_bytes(p.as_bytes(), path.as_bytes()) {
            return (p, text);
        }
        i += 1;
    }
    panic!("no built-in preset file at that path")
}

/// Whether two byte strings of one length are equal (`==` is not yet usable at compile time).
const fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Whether `text` is `ron`, the built-in text: the same text at the same address, as every
/// start passes it, is settled without reading either; another text of equal length (a copy, a
/// test's) is compared byte by byte, so the outcome does not depend on where a text lives.
fn is_text(ron: &str, text: &str) -> bool {
    std::ptr::eq(ron, text) || ron == text
}

/// `s` as the `'static` text it is, when it is a slice of [`EMBEDDED_STRINGS`] (as every string
/// the compact reader hands out is): then the catalog's strings can be lent rather than copied
/// ([`super::text::Text`]). Told by its address, as safe code may: the slice at the same offset
/// and length of the strings' text is, by that, the very same bytes. `None` for any other text.
pub(crate) fn lend(s: &str) -> Option<&'static str> {
    let all: &'static str = EMBEDDED_STRINGS;
    let at = (s.as_ptr() as usize).checked_sub(all.as_ptr() as usize)?;
    let lent = all.get(at..at.checked_add(s.len())?)?;
    std::ptr::eq(lent, s).then_some(lent)
}

/// Whether `path` and `text` are a built-in file's own (its path and exact text).
pub(crate) fn is_builtin(path: &str, text: &str) -> bool {
    EMBEDDED_COMPACT
        .iter()
        .any(|(p, ron, _)| *p == path && is_text(ron, text))
}

/// The compact form (values, strings) of the embedded file at `path` when `text` is that file's
/// text; `None` for any other text, and for a file the build script could not rewrite.
pub(crate) fn compact_for(path: &str, text: &str) -> Option<(&'static [u8], &'static str)> {
    EMBEDDED_COMPACT
        .iter()
        .find(|(p, ron, values)| *p == path && !values.is_empty() && is_text(ron, text))
        .map(|&(_, _, values)| (values, EMBEDDED_STRINGS))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_file_has_a_compact_form() {
        // The rewrite covers everything the preset files use; a file left without it would
        // silently fall back to the slow path.
        assert!(EMBEDDED_COMPACT.len() >= 18, "{}", EMBEDDED_COMPACT.len());
        for (path, _, values) in EMBEDDED_COMPACT {
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
        for &(path, text, _) in EMBEDDED_COMPACT {
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
        for &(path, text, _) in EMBEDDED_COMPACT {
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
    fn every_named_builtin_file_is_the_table_s_text_at_its_address() {
        // So a start knows its files are built in without reading them (`is_text`).
        use crate::presets::{catalog, changes, epoch, feasibility, limits, serving, trends};
        let named = [
            catalog::EMBEDDED_ACCELERATORS,
            catalog::EMBEDDED_MILESTONES,
            catalog::EMBEDDED_FLEETS,
            catalog::EMBEDDED_SOURCES,
            epoch::EMBEDDED_EPOCH_COSTS,
            limits::EMBEDDED_LIMITS,
            feasibility::EMBEDDED_FEASIBILITY,
            serving::EMBEDDED_SERVING,
            trends::EMBEDDED_TRENDS,
            changes::EMBEDDED_CHANGES,
        ];
        for (path, text) in named.iter().chain(catalog::EMBEDDED_SCENARIOS) {
            let (_, ron, _) = EMBEDDED_COMPACT
                .iter()
                .find(|(p, ..)| p == path)
                .expect("in the table");
            assert!(std::ptr::eq(*ron, *text), "{path}");
        }
        assert_eq!(
            named.len() + catalog::EMBEDDED_SCENARIOS.len(),
            EMBEDDED_COMPACT.len()
        );
    }

    #[test]
    fn only_the_exact_embedded_text_takes_the_compact_form() {
        let (path, text, values) = EMBEDDED_COMPACT[0];
        let strings = EMBEDDED_STRINGS;
        assert_eq!(compact_for(path, text), Some((values, strings)));
        assert_eq!(compact_for(path, &format!("{text} ")), None);
        // A copy elsewhere is still the built-in text.
        let copy = String::from(text);
        assert!(!std::ptr::eq(copy.as_str(), text));
        assert_eq!(compact_for(path, &copy), Some((values, strings)));
        assert_eq!(compact_for("presets/accelerators.ron", text), None);
    }

    #[test]
    fn a_cut_or_altered_compact_form_is_an_error_not_a_panic() {
        use crate::presets::schema::Milestone;
        let strings = EMBEDDED_STRINGS;
        let &(_, _, compact) = EMBEDDED_COMPACT
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
