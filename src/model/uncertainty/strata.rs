//! The points of the bands' design: an Owen-scrambled Sobol' sequence (Burley, "Practical
//! Hash-based Owen Scrambling", JCGT 2020, through `sobol_burley`), and where the generator
//! stands when the bits below each point's 23 are drawn.
//!
//! `build.rs` includes this file and [`super::rng`] to work the points out once, at build
//! time, for the program's own sample count and seed ([`DEFAULT_SAMPLES`], [`DEFAULT_SEED`]):
//! `sobol_burley::sample` costs about 230 instructions a value, and the points are the same at
//! every start. `draws` reads the built points when the count and seed are these and works
//! them out here otherwise; a test holds both to the same numbers.

use super::rng::Xoshiro256;

/// Samples per band of an output that mixes uncertain inputs. Against a 1,000,000-draw
/// reference (`tests/bands.rs`), every built-in scenario's 5th, 50th and 95th percentiles land
/// within 1 % of the value, except on outputs that span decades (goodput's tails, effective
/// FLOP years ahead), which land within one percentage point of the reference's rank. A power
/// of two, so the points are a scrambled net: each dimension takes every one of as many
/// equal strata once.
pub const DEFAULT_SAMPLES: usize = 2_048;
/// Fixed seed so the same scenario always shows the same band.
pub const DEFAULT_SEED: u64 = 0x5eed_a61c_0de5;

/// Dimensions whose points are built in: more than every input and trend rate together (a test
/// holds it there), so the program's own bands never work a point out at start.
pub const BUILT_DIMENSIONS: usize = 40;

/// Bits of a point from `sobol_burley` (its f32 in [0, 1) is a multiple of 2⁻²³).
pub const POINT_BITS: i32 = 23;

/// Points of one `sobol_burley` sequence: later blocks of as many samples, and dimensions
/// past its last, take sequences of other seeds (independent scrambles, as its documentation
/// pads dimensions).
const SOBOL_SAMPLES: usize = 1 << 16;

/// The design's generator walked from `seed` through `dims` dimensions of `samples` points:
/// `each` gets every dimension's points (23 bits each) and the generator where that
/// dimension's bits below them begin. Those bits, one draw a sample, come before the next
/// dimension's, so the walk steps over them. The one walk of the build (which stores what it
/// gives) and of the library (for any other count or seed).
pub(crate) fn walk(
    samples: usize,
    seed: u64,
    dims: usize,
    mut each: impl FnMut(&[u32], &Xoshiro256),
) {
    let mut rng = Xoshiro256::new(seed);
    let scramble = (rng.next_u64() >> 32) as u32;
    let mut points = Vec::with_capacity(samples);
    for j in 0..dims {
        points.clear();
        points.extend((0..samples).map(|i| point(i, j, scramble)));
        each(&points, &rng);
        for _ in 0..samples {
            rng.next_u64();
        }
    }
}

/// Dimension `j` of sample `i` of the sequence scrambled under `scramble`, as an integer of
/// [`POINT_BITS`] bits.
fn point(i: usize, j: usize, scramble: u32) -> u32 {
    let dims = sobol_burley::NUM_DIMENSIONS as usize;
    // Block and pad 0 (every count and dimension the program uses) keep the seed itself.
    let pad = (((i / SOBOL_SAMPLES) << 8) | (j / dims)) as u32;
    let seed = scramble ^ pad.wrapping_mul(0x9e37_79b9);
    let u = sobol_burley::sample((i % SOBOL_SAMPLES) as u32, (j % dims) as u32, seed);
    // Exact: the f32 is a whole number of 2⁻²³.
    (u * 2f32.powi(POINT_BITS)) as u32
}
