//! The strata of the bands' Latin hypercube: in each dimension, which stratum each sample
//! takes (a seeded permutation), and where the generator stands when the places within the
//! strata are drawn.
//!
//! `build.rs` includes this file and [`super::rng`] to work the strata out once, at build
//! time, for the program's own sample count and seed ([`DEFAULT_SAMPLES`], [`DEFAULT_SEED`]):
//! the permutations cost one 64-bit division per sample and dimension, a third of the
//! instructions of `eval`'s bands and more of their time, and they are the same at every
//! start. `draws` reads the built strata when the count and seed are these and works them out
//! here otherwise; a test holds both to the same numbers.

use super::rng::Xoshiro256;

/// Samples per band of an output that mixes uncertain inputs. Against a 1,000,000-draw
/// reference (`tests/bands.rs`), every built-in scenario's 5th, 50th and 95th percentiles land
/// within 1 % of the value, except on outputs that span decades (goodput's tails, effective
/// FLOP years ahead), which land within one percentage point of the reference's rank.
pub const DEFAULT_SAMPLES: usize = 2_048;
/// Fixed seed so the same scenario always shows the same band.
pub const DEFAULT_SEED: u64 = 0x5eed_a61c_0de5;

/// Dimensions whose strata are built in: more than every input and trend rate together (a test
/// holds it there), so the program's own bands never work a permutation out at start.
pub const BUILT_DIMENSIONS: usize = 40;

// The built strata are stored as 16-bit numbers.
const _: () = assert!(DEFAULT_SAMPLES <= 1 << 16);

/// The design's generator walked from `seed` through `dims` dimensions of `samples` strata:
/// `each` gets every dimension's permutation of the strata and the generator where that
/// dimension's places within them begin. The places, one draw a sample, come before the next
/// dimension's permutation, so the walk steps over them. The one walk of the build (which
/// stores what it gives) and of the library (for any other count or seed).
pub(crate) fn walk(
    samples: usize,
    seed: u64,
    dims: usize,
    mut each: impl FnMut(&[usize], &Xoshiro256),
) {
    let mut rng = Xoshiro256::new(seed);
    let mut strata = Vec::with_capacity(samples);
    for _ in 0..dims {
        permutation(&mut strata, samples, &mut rng);
        each(&strata, &rng);
        for _ in 0..samples {
            rng.next_u64();
        }
    }
}

/// `p` set to a uniformly random permutation of `0..n` (Fisher–Yates).
pub(crate) fn permutation(p: &mut Vec<usize>, n: usize, rng: &mut Xoshiro256) {
    p.clear();
    p.extend(0..n);
    for i in (1..n).rev() {
        let j = (rng.next_u64() % (i as u64 + 1)) as usize;
        p.swap(i, j);
    }
}
