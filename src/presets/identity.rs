//! Which numbers a binary carries: the newest date in its embedded data and a hash of that
//! data, so two people comparing outputs can tell whether they used the same catalog.

use super::catalog::{
    EMBEDDED_ACCELERATORS, EMBEDDED_FLEETS, EMBEDDED_MILESTONES, EMBEDDED_SCENARIOS,
    EMBEDDED_SOURCES,
};
use super::epoch::EMBEDDED_EPOCH_COSTS;
use super::limits::EMBEDDED_LIMITS;
use super::serving::EMBEDDED_SERVING;
use super::trends::EMBEDDED_TRENDS;

/// Every embedded preset file, in a fixed order. The change log (`changes.ron`) is not one:
/// it records hashes of this data, so it cannot be part of them.
fn embedded_texts() -> impl Iterator<Item = &'static str> {
    [
        EMBEDDED_ACCELERATORS,
        EMBEDDED_MILESTONES,
        EMBEDDED_FLEETS,
        EMBEDDED_SOURCES,
        EMBEDDED_EPOCH_COSTS,
        EMBEDDED_LIMITS,
        EMBEDDED_TRENDS,
        EMBEDDED_SERVING,
    ]
    .into_iter()
    .chain(EMBEDDED_SCENARIOS.iter().copied())
    .map(|(_, text)| text)
}

/// The newest `YYYY-MM-DD` written anywhere in the embedded data (a release, a price quote, a
/// dataset snapshot): the catalog is at least that recent.
pub fn catalog_date() -> String {
    let mut newest = String::new();
    for text in embedded_texts() {
        let b = text.as_bytes();
        for i in 0..b.len().saturating_sub(9) {
            let w = &b[i..i + 10];
            let digits = |r: std::ops::Range<usize>| w[r].iter().all(u8::is_ascii_digit);
            let bounded = (i == 0 || !b[i - 1].is_ascii_digit())
                && b.get(i + 10).is_none_or(|c| !c.is_ascii_digit());
            if bounded
                && digits(0..4)
                && w[4] == b'-'
                && digits(5..7)
                && w[7] == b'-'
                && digits(8..10)
            {
                let month = (w[5] - b'0') * 10 + (w[6] - b'0');
                let day = (w[8] - b'0') * 10 + (w[9] - b'0');
                if (1..=12).contains(&month) && (1..=31).contains(&day) {
                    // Same-width ISO dates order as strings.
                    let d = &text[i..i + 10];
                    if d > newest.as_str() {
                        newest = d.to_string();
                    }
                }
            }
        }
    }
    newest
}

/// FNV-1a (64-bit) over the embedded files, each followed by a 0 byte: the same on every run
/// and machine (unlike `std::hash`'s seeded hashers), and changed by any edit of the data.
pub fn catalog_hash() -> String {
    let bytes = embedded_texts().flat_map(|t| t.as_bytes().iter().chain(&[0u8]));
    format!("{:016x}", fnv1a(bytes))
}

fn fnv1a<'a>(bytes: impl Iterator<Item = &'a u8>) -> u64 {
    bytes.fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
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
        assert_eq!(fnv1a(b"".iter()), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a".iter()), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(catalog_hash(), catalog_hash());
        assert_eq!(catalog_hash().len(), 16);
    }

    #[test]
    fn the_catalog_date_is_a_date_of_the_data() {
        let d = catalog_date();
        assert_eq!(d.len(), 10, "{d}");
        assert!(embedded_texts().any(|t| t.contains(&d)));
        assert!(d.as_str() >= "2026-01-01", "{d}");
    }
}
