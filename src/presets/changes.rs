//! The data's change log (`presets/changes.ron`): which values changed between two data hashes
//! (the hash `--version` prints), from what to what, why, and on which source. Users quote
//! numbers; when one changes they need to know, and the hash they quoted with is the key.
//!
//! The log is not part of the hash it records (it could not name the hash of a file that
//! contains the name), so the newest release's `to` is the current data hash: a data edit
//! without its log entry is a failing test, not a silent change.

use super::Problem;
use super::read::parse_ron;
use serde::{Deserialize, Serialize};

/// The data between two hashes: every value changed in that step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataRelease {
    /// The data hash before the changes.
    pub from: String,
    /// The data hash after them.
    pub to: String,
    /// When the changes were made, `YYYY-MM-DD`.
    pub date: String,
    pub changes: Vec<DataChange>,
}

/// One changed value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataChange {
    /// The preset file, e.g. `accelerators.ron`.
    pub file: String,
    /// The entry in it (a card, run or preset id), or the top-level key.
    pub entry: String,
    /// The field, e.g. `bf16_tflops`.
    pub field: String,
    /// The old value in words ("2340", "none", "status Vendor").
    pub old: String,
    pub new: String,
    pub why: String,
    /// The public document the new value rests on.
    pub source: String,
}

/// Built-in file: (path shown in messages, contents).
pub const EMBEDDED_CHANGES: (&str, &str) = super::embedded::builtin("embedded:presets/changes.ron");

/// Parses a change log.
pub fn parse_changes(path: &str, text: &str) -> Result<Vec<DataRelease>, Problem> {
    parse_ron(path, text)
}

/// What changed since the data with hash (or unique prefix of at least 8 hex digits) `hash`:
/// the releases after it, oldest first; empty when `hash` is the newest. An unknown hash is an
/// error naming the known ones.
pub fn since<'a>(log: &'a [DataRelease], hash: &str) -> Result<&'a [DataRelease], String> {
    let hash = hash.trim().to_ascii_lowercase();
    if hash.len() < 8 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(format!(
            "'{hash}' is not a data hash: give at least 8 hex digits, as `--version` prints them"
        ));
    }
    for (i, r) in log.iter().enumerate() {
        if r.from.starts_with(&hash) {
            return Ok(&log[i..]);
        }
        if r.to.starts_with(&hash) {
            return Ok(&log[i + 1..]);
        }
    }
    let known: Vec<&str> = log
        .iter()
        .map(|r| r.from.as_str())
        .chain(log.last().map(|r| r.to.as_str()))
        .collect();
    Err(format!(
        "no data hash '{hash}' in the change log; known: {}",
        known.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn release(from: &str, to: &str) -> DataRelease {
        DataRelease {
            from: from.into(),
            to: to.into(),
            date: "2026-12-07".into(),
            changes: Vec::new(),
        }
    }

    #[test]
    fn since_finds_the_releases_after_a_hash_by_prefix() {
        let log = [
            release("aaaaaaaa00000000", "bbbbbbbb00000000"),
            release("bbbbbbbb00000000", "cccccccc00000000"),
        ];
        assert_eq!(since(&log, "aaaaaaaa").map(<[_]>::len), Ok(2));
        assert_eq!(since(&log, "BBBBBBBB0").map(<[_]>::len), Ok(1));
        assert_eq!(since(&log, "cccccccc00000000").map(<[_]>::len), Ok(0));
        let unknown = since(&log, "dddddddd").unwrap_err();
        assert!(unknown.contains("known: aaaaaaaa00000000, bbbbbbbb00000000, cccccccc00000000"));
        assert!(since(&log, "aaaa").unwrap_err().contains("at least 8"));
        assert!(
            since(&log, "zzzzzzzz")
                .unwrap_err()
                .contains("not a data hash")
        );
    }
}
