//! Which numbers a binary carries: the newest date in its embedded data and a hash of that
//! data, so two people comparing outputs can tell whether they used the same catalog.

use super::catalog::{
    EMBEDDED_ACCELERATORS, EMBEDDED_FLEETS, EMBEDDED_MILESTONES, EMBEDDED_SCENARIOS,
    EMBEDDED_SOURCES,
};
use super::epoch::EMBEDDED_EPOCH_COSTS;
use super::feasibility::EMBEDDED_FEASIBILITY;
use super::limits::EMBEDDED_LIMITS;
use super::serving::EMBEDDED_SERVING;
use super::trends::EMBEDDED_TRENDS;

/// The embedded preset files other than the scenarios, in a fixed order. The change log
/// (`changes.ron`) is not one: it records hashes of this data, so it cannot be part of them.
const FILES: [(&str, &str); 9] = [
    EMBEDDED_ACCELERATORS,
    EMBEDDED_MILESTONES,
    EMBEDDED_FLEETS,
    EMBEDDED_SOURCES,
    EMBEDDED_EPOCH_COSTS,
    EMBEDDED_LIMITS,
    EMBEDDED_TRENDS,
    EMBEDDED_SERVING,
    EMBEDDED_FEASIBILITY,
];

/// How many texts the identity covers: [`FILES`], then every embedded scenario.
const TEXTS: usize = FILES.len() + EMBEDDED_SCENARIOS.len();

/// Text `i` of the embedded data, in the identity's order.
const fn text(i: usize) -> &'static [u8] {
    if i < FILES.len() {
        FILES[i].1.as_bytes()
    } else {
        EMBEDDED_SCENARIOS[i - FILES.len()].1.as_bytes()
    }
}

// Both are worked out when the program is compiled (the data is compiled in), so no command
// spends time on them: scanning 280 kB took about as long as the rest of `--version`.
/// [`catalog_hash`] as a number.
#[allow(long_running_const_eval)]
const HASH: u64 = {
    let mut h = FNV_OFFSET;
    let mut i = 0;
    while i < TEXTS {
        h = fnv1a(h, text(i));
        h = fnv1a(h, &[0]);
        i += 1;
    }
    h
};

/// [`catalog_date`] as bytes.
#[allow(long_running_const_eval)]
const DATE: [u8; 10] = {
    let mut newest = [0u8; 10];
    let mut t = 0;
    while t < TEXTS {
        let b = text(t);
        let mut i = 0;
        while i + 10 <= b.len() {
            let bounded = (i == 0 || !b[i - 1].is_ascii_digit())
                && (i + 10 == b.len() || !b[i + 10].is_ascii_digit());
            if bounded && is_date(b, i) && later(b, i, &newest) {
                let mut k = 0;
                while k < 10 {
                    newest[k] = b[i + k];
                    k += 1;
                }
            }
            i += 1;
        }
        t += 1;
    }
    newest
};

/// Whether `b[i..i + 10]` is `YYYY-MM-DD` with a month 1–12 and a day 1–31.
const fn is_date(b: &[u8], i: usize) -> bool {
    let mut k = 0;
    while k < 10 {
        let ok = if k == 4 || k == 7 {
            b[i + k] == b'-'
        } else {
            b[i + k].is_ascii_digit()
        };
        if !ok {
            return false;
        }
        k += 1;
    }
    let month = (b[i + 5] - b'0') * 10 + (b[i + 6] - b'0');
    let day = (b[i + 8] - b'0') * 10 + (b[i + 9] - b'0');
    month >= 1 && month <= 12 && day >= 1 && day <= 31
}

/// Whether the date at `b[i..]` comes after `newest` (same-width ISO dates order as bytes).
const fn later(b: &[u8], i: usize, newest: &[u8; 10]) -> bool {
    let mut k = 0;
    while k < 10 {
        if b[i + k] != newest[k] {
            return b[i + k] > newest[k];
        }
        k += 1;
    }
    false
}

/// The newest `YYYY-MM-DD` written anywhere in the embedded data (a release, a price quote, a
/// dataset snapshot): the catalog is at least that recent.
pub fn catalog_date() -> String {
    String::from_utf8_lossy(&DATE).into_owned()
}

/// FNV-1a (64-bit) over the embedded files, each followed by a 0 byte: the same on every run
/// and machine (unlike `std::hash`'s seeded hashers), and changed by any edit of the data.
pub fn catalog_hash() -> String {
    format!("{HASH:016x}")
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a from state `h` over `bytes`.
const fn fnv1a(mut h: u64, bytes: &[u8]) -> u64 {
    let mut i = 0;
    while i < bytes.len() {
        h = (h ^ bytes[i] as u64).wrapping_mul(0x0000_0100_0000_01b3);
        i += 1;
    }
    h
}

/// The `--version` line: "agi-compute 0.1.0 (catalog 2026-04-01, data fnv1a 1234abcd…)".
pub fn version_text() -> String {
    format!(
        "{} (catalog {}, data {})",
        env!("CARGO_PKG_VERSION"),
        catalog_date(),
        catalog_hash()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_of_known_input() {
        // The published FNV-1a 64 test vectors: "" and "a".
        assert_eq!(fnv1a(FNV_OFFSET, b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(FNV_OFFSET, b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(catalog_hash().len(), 16);
    }

    #[test]
    fn the_compiled_hash_is_the_hash_of_every_text_in_order() {
        // Worked out again at run time, with none of the constant's code.
        let texts = FILES
            .iter()
            .chain(EMBEDDED_SCENARIOS)
            .map(|(_, t)| t.as_bytes());
        let mut h = FNV_OFFSET;
        for t in texts {
            for &b in t.iter().chain(&[0u8]) {
                h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
        assert_eq!(catalog_hash(), format!("{h:016x}"));
    }

    /// A new data file cannot be left out of the hash: every file in `presets/` but the change
    /// log (which records the hashes) is one of [`FILES`], and every scenario file is embedded.
    #[test]
    fn every_data_file_is_hashed() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("presets");
        let hashed: Vec<&str> = FILES.iter().map(|(path, _)| *path).collect();
        let mut seen = 0;
        for entry in std::fs::read_dir(&dir).expect("presets/") {
            let name = entry
                .expect("entry")
                .file_name()
                .into_string()
                .expect("UTF-8");
            if name == "changes.ron" || name == "scenarios" {
                continue;
            }
            seen += 1;
            assert!(
                hashed
                    .iter()
                    .any(|p| p.ends_with(&format!("presets/{name}"))),
                "presets/{name} is not in the data hash: {hashed:?}"
            );
        }
        assert_eq!(seen, FILES.len());
        let scenarios = std::fs::read_dir(dir.join("scenarios")).expect("presets/scenarios/");
        assert_eq!(scenarios.count(), EMBEDDED_SCENARIOS.len());
    }

    #[test]
    fn the_catalog_date_is_a_date_of_the_data() {
        let d = catalog_date();
        assert_eq!(d.len(), 10, "{d}");
        let texts = || FILES.iter().chain(EMBEDDED_SCENARIOS).map(|(_, t)| *t);
        assert!(texts().any(|t| t.contains(&d)));
        assert!(d.as_str() >= "2026-01-01", "{d}");
        // No later date anywhere: every ten-character run of the data that reads as one.
        for t in texts() {
            for (i, _) in t.char_indices() {
                if let Some(w) = t.get(i..i + 10)
                    && is_date(w.as_bytes(), 0)
                {
                    assert!(w <= d.as_str(), "{w} > {d}");
                }
            }
        }
    }
}
