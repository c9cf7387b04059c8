//! Percentiles of sampled outputs: nearest rank, on integer keys, by a radix step that narrows
//! each rank to a few keys and selection among those.

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
pub(super) fn percentiles(v: &mut [u64], scratch: &mut Scratch) -> Band {
    let n = v.len();
    let ranks = [5, 50, 95].map(|p| rank_index(p, n));
    let [p5, p50, p95] = order_statistics(v, ranks, scratch);
    Band {
        p5: unkey(p5),
        p50: unkey(p50),
        p95: unkey(p95),
    }
}

/// Buckets of the radix step, as a power of two: 512 of them put four of 2,048 samples in a
/// bucket on average, and a count and a flag each stay within two pages of stack.
const BUCKET_BITS: u32 = 9;
const BUCKETS: usize = 1 << BUCKET_BITS;

/// Below this many keys the radix step's fixed cost (clearing and scanning its buckets, a few
/// instructions each) is about what it saves (some twenty instructions a key), so selection
/// takes them alone.
const RADIX_FROM: usize = BUCKETS / 2;

/// Above this many keys selection takes them alone: the radix step keeps every key's bucket
/// number on the stack (8 KB).
const RADIX_TO: usize = 4_096;

/// Room for every key's bucket number in the radix step, made once for all the columns of a
/// band: clearing it for each column cost more than the step saved with it.
pub(super) struct Scratch([u16; RADIX_TO]);

impl Scratch {
    pub(super) fn new() -> Scratch {
        Scratch([0; RADIX_TO])
    }
}

/// Bucket numbers tested at once for a wanted one.
const CHUNK: usize = 16;

/// The radix step takes the keys' span from every this many keys.
const SPAN_STRIDE: usize = 8;

/// The keys of sorted rank `ranks` (ascending, 0-based, each below `v.len()`), reordering `v`.
///
/// Every eighth key gives the span, one pass counts the keys into [`BUCKETS`] equal slices of
/// it (noting each key's bucket), the counts name the bucket each rank falls in, and a pass
/// over the noted buckets, sixteen at a time, moves those buckets' keys (a dozen of 2,048,
/// typically) to the front, where selection finishes: some 18 instructions a key for `eval`'s
/// columns, against 38 for selecting over the whole slice. Keys that crowd one bucket (ties,
/// or outliers that stretch the span) leave selection more to do, never more than the whole
/// slice, so the worst case stays linear as selection's is.
///
/// Kept out of line: inlined into the bands' sample loop, the counting pass ran short of
/// registers and reloaded one for every key.
#[inline(never)]
fn order_statistics(v: &mut [u64], ranks: [usize; 3], scratch: &mut Scratch) -> [u64; 3] {
    let n = v.len();
    if !(RADIX_FROM..=RADIX_TO).contains(&n) {
        return select(v, ranks);
    }
    // The span from every eighth key: a span narrower than the keys' only sends the keys
    // outside it to the end buckets (the bucket of a key still rises with the key), and costs
    // an eighth of a pass.
    let (mut low, mut high) = (u64::MAX, 0);
    for &k in v.iter().step_by(SPAN_STRIDE) {
        low = low.min(k);
        high = high.max(k);
    }
    let span = high - low;
    if span == 0 && v.iter().all(|&k| k == low) {
        return [low; 3];
    }
    // The span's top bits pick the bucket: `span >> shift` is below `BUCKETS`.
    let shift = (u64::BITS - span.leading_zeros()).saturating_sub(BUCKET_BITS);
    // A key at or above `low` whose offset, shifted, is below `BUCKETS` is in that bucket with
    // no clamping. When `low` leaves room for every bucket above it, a key below `low` wraps to
    // an offset past the last bucket, so that one test finds the few keys (those outside the
    // sampled span) that need clamping.
    let room = 1u64
        .checked_shl(BUCKET_BITS + shift)
        .and_then(|w| low.checked_add(w))
        .is_some();
    let mut counts = [0u32; BUCKETS];
    let of_key = &mut scratch.0[..n];
    let mut count = |b: &mut u16, i: usize| {
        counts[i] += 1;
        // Below `BUCKETS`, so it fits.
        *b = i as u16;
    };
    if room {
        for (b, &k) in of_key.iter_mut().zip(v.iter()) {
            let offset = k.wrapping_sub(low) >> shift;
            if offset < BUCKETS as u64 {
                count(b, offset as usize);
            } else {
                count(b, clamped(k, low, shift));
            }
        }
    } else {
        for (b, &k) in of_key.iter_mut().zip(v.iter()) {
            count(b, clamped(k, low, shift));
        }
    }
    // Each rank's bucket, and the ranks below that bucket's first key.
    let mut targets = [(0usize, 0usize); 3];
    let (mut b, mut below) = (0, 0);
    for (t, &r) in targets.iter_mut().zip(&ranks) {
        while below + counts[b] as usize <= r {
            below += counts[b] as usize;
            b += 1;
        }
        *t = (b, below);
    }
    // The wanted buckets' keys to the front. A chunk of bucket numbers is tested at once
    // (branch-free, so in vector registers), and only a chunk that holds one is walked.
    let [t0, t1, t2] = targets.map(|t| t.0 as u16);
    let wanted = |b: u16| b == t0 || b == t1 || b == t2;
    let mut front = 0;
    for (c, chunk) in of_key.chunks(CHUNK).enumerate() {
        if chunk.iter().fold(false, |any, &b| any | wanted(b)) {
            for (i, &b) in (c * CHUNK..).zip(chunk) {
                if wanted(b) {
                    v.swap(front, i);
                    front += 1;
                }
            }
        }
    }
    // The front, sorted, is the wanted buckets' keys bucket after bucket: a rank's place in it
    // is the keys of the wanted buckets before its own, plus its place within its bucket.
    let (mut local, mut before) = ([0; 3], 0);
    for k in 0..3 {
        if k > 0 && targets[k].0 != targets[k - 1].0 {
            before += counts[targets[k - 1].0] as usize;
        }
        local[k] = before + ranks[k] - targets[k].1;
    }
    select(&mut v[..front], local)
}

/// The bucket of a key that may lie outside the sampled span: the first or the last.
#[cold]
fn clamped(k: u64, low: u64, shift: u32) -> usize {
    (k.saturating_sub(low) >> shift).min(BUCKETS as u64 - 1) as usize
}

/// The keys of sorted rank `ranks` (ascending) by selection, reordering `v`.
///
/// One selection for the middle rank partitions the slice, so the outer ones are then selected
/// within the halves: about 2n comparisons in all instead of a full sort's n log n.
fn select(v: &mut [u64], [a, m, z]: [usize; 3]) -> [u64; 3] {
    let (below, middle, above) = v.select_nth_unstable(m);
    let middle = *middle;
    let low = if a < m {
        *below.select_nth_unstable(a).1
    } else {
        middle
    };
    let high = if z > m {
        *above.select_nth_unstable(z - m - 1).1
    } else {
        middle
    };
    [low, middle, high]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Percentiles of plain numbers, through the key encoding.
    fn band_of(v: &[f64]) -> Band {
        let mut keys: Vec<u64> = v.iter().map(|&x| key(x)).collect();
        percentiles(&mut keys, &mut Scratch::new())
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

    /// The nearest-rank percentiles of `keys` by sorting a copy.
    fn sorted_band(keys: &[u64]) -> [u64; 3] {
        let mut sorted = keys.to_vec();
        sorted.sort_unstable();
        [5, 50, 95].map(|p| sorted[rank_index(p, keys.len())])
    }

    /// Columns of every shape the radix step could trip on: spread, tied, constant, with NaNs
    /// (both signs, several payloads) and with outliers that stretch the span, at lengths on
    /// both sides of [`RADIX_FROM`].
    fn column() -> impl Strategy<Value = Vec<u64>> {
        let len = prop_oneof![
            1..=3usize,
            RADIX_FROM - 2..=RADIX_FROM + 2,
            Just(2_048usize),
            1..=5_000usize,
        ];
        let value = prop_oneof![
            // Plain numbers of one band: positive, a factor of a few apart.
            4 => (1.0..4.0f64).prop_map(|x| key(x * 1e25)),
            // A few distinct values, many ties.
            2 => (0..4u32).prop_map(|i| key(f64::from(i))),
            // NaNs of both signs and some payloads, and the infinities.
            1 => prop_oneof![
                Just(key(f64::NAN)),
                Just(key(-f64::NAN)),
                (1..1_000u64).prop_map(|p| key(f64::from_bits(0x7ff0_0000_0000_0000 | p))),
                Just(key(f64::INFINITY)),
                Just(key(f64::NEG_INFINITY)),
            ],
            // Outliers: anything at all, the whole range of keys.
            1 => any::<u64>(),
        ];
        len.prop_flat_map(move |n| {
            prop_oneof![
                // Mixed.
                4 => proptest::collection::vec(value.clone(), n),
                // Constant.
                1 => value.clone().prop_map(move |k| vec![k; n]),
                // One value but for a few outliers, which crowd the rest into one bucket.
                1 => (value.clone(), proptest::collection::vec((0..n, any::<u64>()), 0..4))
                    .prop_map(move |(k, outliers)| {
                        let mut v = vec![k; n];
                        for (i, o) in outliers {
                            v[i] = o;
                        }
                        v
                    }),
            ]
        })
    }

    proptest! {
        #[test]
        fn percentiles_are_the_sorted_columns(keys in column()) {
            let want = sorted_band(&keys);
            let mut v = keys.clone();
            let band = percentiles(&mut v, &mut Scratch::new());
            let got = [band.p5, band.p50, band.p95].map(key);
            prop_assert_eq!(got, want);
            // Reordered, not changed.
            v.sort_unstable();
            let mut sorted = keys;
            sorted.sort_unstable();
            prop_assert_eq!(v, sorted);
        }
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
