//! `agi-compute presets --since HASH`: the data change log from a hash on, as text or JSON.
//! Formatting only; the log and its lookup are [`crate::presets::changes`].

use crate::model::format as fmt;
use crate::presets::changes::DataRelease;
use serde_json::json;

/// The releases after the data a user quoted, each change as "old → new", why and source.
pub fn table(asked: &str, releases: &[DataRelease], current: &str) -> String {
    if releases.is_empty() {
        return format!("No data changes since {asked}: it is the current data ({current}).\n");
    }
    let n: usize = releases.iter().map(|r| r.changes.len()).sum();
    let mut s =
        format!("{n} data changes since {asked} (the current data is {current}), oldest first\n");
    for r in releases {
        s.push_str(&format!(
            "\n{} → {} ({}), {} changes\n",
            r.from,
            r.to,
            r.date,
            r.changes.len()
        ));
        for c in &r.changes {
            s.push_str(&format!(
                "  {} · {} · {}: {} → {}\n    why: {}\n    source: {}\n",
                c.file,
                c.entry,
                c.field,
                fmt::sanitise(&c.old, false),
                fmt::sanitise(&c.new, false),
                fmt::sanitise(&c.why, false),
                fmt::sanitise(&c.source, false)
            ));
        }
    }
    s
}

/// The same as JSON: `{since, current, releases: [{from, to, date, changes: [...]}]}`.
pub fn json(asked: &str, releases: &[DataRelease], current: &str) -> String {
    format!(
        "{:#}\n",
        json!({ "since": asked, "current": current, "releases": releases })
    )
}
