//! Percentiles of sampled outputs: nearest rank, by selection on integer keys.

use super::Band;

/// An order-preserving map of `f64` to `u64` (the order of [`f64::total_cmp`]): integers
/// compare faster than floats, which makes selection ≈ 25 % quicker.
pub(super) fn key(x: f64) -> u64 {
    let b = x.to_bits();
    if b >> 63 == 1 { !b } else { b | 1 << 63 }
}

/// The inverse of [`key`].
pub(super) fn unkey(k: u64) -> f64 {
    f64::from_bits(if k >> 63 == 1 { k & !(1 << 63) } else { !k })
}

/// Nearest-rank index (0-based) of percentile `p` in `n` sorted values: rank ⌈p × n / 100⌉.
/// Integer arithmetic, so 5 % of 1,000 is exactly rank 50 (0.05 × 1000 is not exact).
pub(super) fn rank_index(p: usize, n: usize) -> usize {
    (p * n).div_ceil(100).clamp(1, n) - 1
}

/// Nearest-rank 5th, 50th and 95th percentiles of the keys in `v`, reordering it.
///
/// One selection for the median partitions the slice, so the 5th and 95th are then selected
/// within the halves: about 2n comparisons in all instead of a full sort's n log n.
pub(super) fn percentiles(v: &mut [u64]) -> Band {
    let n = v.len();
    let (i5, i50, i95) = (rank_index(5, n), rank_index(50, n), rank_index(95, n));
    let (below, median, above) = v.select_nth_unstable(i50);
    let p50 = *median;
    let p5 = if i5 < i50 {
        *below.select_nth_unstable(i5).1
    } else {
        p50
    };
    let p95 = if i95 > i50 {
        *above.select_nth_unstable(i95 - i50 - 1).1
    } else {
        p50
    };
    Band {
        p5: unkey(p5),
        p50: unkey(p50),
        p95: unkey(p95),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Percentiles of plain numbers, through the key encoding.
    fn band_of(v: &[f64]) -> Band {
        let mut keys: Vec<u64> = v.iter().map(|&x| key(x)).collect();
        percentiles(&mut keys)
    }

    #[test]
    fn nearest_rank_percentiles_by_hand() {
        // 1..=20: ranks ⌈0.05 × 20⌉ = 1, ⌈10⌉ = 10, ⌈19⌉ = 19 → values 1, 10, 19.
        let v: Vec<f64> = (1..=20).rev().map(f64::from).collect();
        let want = Band {
            p5: 1.0,
            p50: 10.0,
            p95: 19.0,
        };
        assert_eq!(band_of(&v), want);
        // 1..=10 shuffled: ranks ⌈0.5⌉ = 1, ⌈5⌉ = 5, ⌈9.5⌉ = 10.
        let v = [7, 3, 9, 1, 10, 2, 8, 4, 6, 5].map(f64::from);
        let want = Band {
            p5: 1.0,
            p50: 5.0,
            p95: 10.0,
        };
        assert_eq!(band_of(&v), want);
        // One sample: everything is that sample.
        let want = Band {
            p5: 4.0,
            p50: 4.0,
            p95: 4.0,
        };
        assert_eq!(band_of(&[4.0]), want);
        // Negative values order correctly too: −3, −1, 0, 2 → ranks 1, 2, 4.
        let want = Band {
            p5: -3.0,
            p50: -1.0,
            p95: 2.0,
        };
        assert_eq!(band_of(&[2.0, -1.0, 0.0, -3.0]), want);
    }

    #[test]
    fn nearest_rank_indices_by_hand() {
        // n = 10,000: ranks 500, 5000, 9500 → indices 499, 4999, 9499.
        assert_eq!(rank_index(5, 10_000), 499);
        assert_eq!(rank_index(50, 10_000), 4_999);
        assert_eq!(rank_index(95, 10_000), 9_499);
        // n = 1: rank ⌈0.05⌉ = 1 for every percentile.
        assert_eq!(rank_index(5, 1), 0);
        assert_eq!(rank_index(95, 1), 0);
        // n = 3: ⌈0.15⌉ = 1, ⌈1.5⌉ = 2, ⌈2.85⌉ = 3.
        assert_eq!(
            (rank_index(5, 3), rank_index(50, 3), rank_index(95, 3)),
            (0, 1, 2)
        );
    }

    #[test]
    fn keys_preserve_order_and_round_trip() {
        let xs = [
            f64::NEG_INFINITY,
            -1e300,
            -1.0,
            -f64::MIN_POSITIVE,
            -0.0,
            0.0,
            f64::MIN_POSITIVE,
            1.0,
            1e27,
            f64::INFINITY,
        ];
        for w in xs.windows(2) {
            assert!(key(w[0]) < key(w[1]), "{} vs {}", w[0], w[1]);
        }
        for x in xs {
            assert_eq!(unkey(key(x)).to_bits(), x.to_bits());
        }
    }
}
