//! The draws of one band: an Owen-scrambled Sobol' sequence over the ranged inputs (Sobol',
//! 1967; Owen, "Randomly permuted (t,m,s)-nets and (t,s)-sequences", 1995; the scramble of
//! Burley, "Practical Hash-based Owen Scrambling", JCGT 2020).
//!
//! The first 2^m points are a scrambled net: each input is stratified into as many
//! equal-probability strata as there are samples, one sample in each (a Latin hypercube), and
//! pairs and triples of inputs are stratified too, so an output that mixes inputs is estimated
//! far better than by independent draws of the same count. Against the 1,000,000-draw reference
//! of `tests/bands.rs`, 2,048 of these points did as well as 4,096 of the Latin hypercube this
//! design replaced (over 60 seeds: 55 passed every check against 50, smaller worst misses at
//! every percentile; the ignored test `bands::design_study` reruns it), where 2,048 hypercube
//! points missed goodput FLOP's median by over a percentage point of rank. Earlier tries: an
//! additive recurrence leaves empty cells in pairs of dimensions, and a scrambled Halton
//! sequence of 1,024 points moved the median of goodput FLOP four years ahead by more than a
//! percentage point. The scramble and the bits below the points' 23 come from the seeded
//! generator, so the points, and so the bands, are a pure function of the ranges, the count and
//! the seed.

use super::dependence::reads;
use super::rng::Xoshiro256;
use super::strata::{self, BUILT_DIMENSIONS, DEFAULT_SAMPLES, DEFAULT_SEED, POINT_BITS};
use super::{Field, InputRange, Inputs, Output, RateRange, Scale};

/// How one range draws a value from a uniform `u` in [0, 1).
#[derive(Clone, Copy, Debug)]
pub(super) struct Sampler {
    /// Uniform: `offset + width × u`; log-uniform: `exp(offset + width × u)`.
    offset: f64,
    width: f64,
    pub(super) log: bool,
}

impl Sampler {
    pub(super) fn new(r: &InputRange) -> Sampler {
        // Log-uniform for inputs that span decades (their slider is logarithmic). A zero-width
        // range stays linear so the value is exactly `low`: exp(ln x) need not equal x.
        let log = r.field.spec().scale == Scale::Log && r.low > 0.0 && r.high > 0.0;
        Sampler::between(r.low, r.high, log && r.low != r.high)
    }

    pub(super) fn of_rate(r: &RateRange) -> Sampler {
        let log = r.rate == super::Rate::AlgorithmicHalving && r.low > 0.0 && r.low < r.high;
        Sampler::between(r.low, r.high, log)
    }

    /// Uniform over [`low`, `high`), or log-uniform when `log` (both ends positive).
    fn between(low: f64, high: f64, log: bool) -> Sampler {
        if log {
            let (a, b) = (low.ln(), high.ln());
            Sampler {
                offset: a,
                width: b - a,
                log: true,
            }
        } else {
            Sampler {
                offset: low,
                width: high - low,
                log: false,
            }
        }
    }

    /// The value at quantile `u` of the range's law (the law's inverse distribution function).
    pub(super) fn draw(&self, u: f64) -> f64 {
        let x = self.offset + self.width * u;
        if self.log { x.exp() } else { x }
    }
}

/// The design of one band: every uncertain input's law and its column of the design's points.
/// Depends only on the ranges, count and seed.
///
/// The design keeps no values: [`Draws::rows`] works each sample's out as the samples are
/// evaluated, in order. Ten columns of 4,096 values (the count then) were a 320 KB buffer
/// that `eval` wrote once and read once, and its fresh pages cost as much as working the
/// values out again.
pub(super) struct Draws {
    pub(super) ranges: Vec<InputRange>,
    /// Trend rates drawn beside the inputs (their columns follow the inputs').
    pub(super) rates: Vec<RateRange>,
    /// One per range, then one per rate.
    pub(super) samplers: Vec<Sampler>,
    pub(super) samples: usize,
    pub(super) seed: u64,
    /// One per sampler, in the same order.
    columns: Vec<Column>,
}

impl Draws {
    pub(super) fn new(
        ranges: &[InputRange],
        rates: &[RateRange],
        samples: usize,
        seed: u64,
    ) -> Draws {
        let samplers: Vec<Sampler> = ranges
            .iter()
            .map(Sampler::new)
            .chain(rates.iter().map(Sampler::of_rate))
            .collect();
        let columns = design(samples, seed, &samplers);
        Draws {
            ranges: ranges.to_vec(),
            rates: rates.to_vec(),
            samplers,
            samples,
            seed,
            columns,
        }
    }

    pub(super) fn matches(
        &self,
        ranges: &[InputRange],
        rates: &[RateRange],
        samples: usize,
        seed: u64,
    ) -> bool {
        let same = |a: &InputRange, b: &InputRange| {
            a.field == b.field
                && a.low.to_bits() == b.low.to_bits()
                && a.high.to_bits() == b.high.to_bits()
        };
        self.samples == samples
            && self.seed == seed
            && self.ranges.len() == ranges.len()
            && self.ranges.iter().zip(ranges).all(|(a, b)| same(a, b))
            && self.rates == rates
    }

    /// The numbers a kept design holds: the walked points, one per sample and column (the
    /// built ones are in the binary).
    pub(super) fn kept_size(&self) -> usize {
        self.columns.iter().map(|c| c.points.held()).sum()
    }

    /// Sample 0's values alone: the base the bands' exact outputs start from, without a block
    /// of 256 samples worked out for it and thrown away.
    pub(super) fn first(&self) -> Vec<f64> {
        self.columns
            .iter()
            .map(|c| {
                let mut v = [0.0];
                c.fill(0, &mut c.start.clone(), &mut v);
                v[0]
            })
            .collect()
    }

    /// The samples' values, in order.
    pub(super) fn rows(&self) -> Rows<'_> {
        Rows::new(&self.columns, (0..self.columns.len()).collect())
    }

    /// As [`Draws::rows`], working out only the `used` columns ([`Draws::used_by`]); the
    /// others' values stay at zero, for [`Draws::setters`] to pass over.
    pub(super) fn rows_using(&self, used: Vec<usize>) -> Rows<'_> {
        Rows::new(&self.columns, used)
    }

    /// Sets every uncertain input of `sample` to one sample's `values` (from [`Rows::next`]).
    /// On inputs that are already another sample of the same scenario this gives the answer
    /// on a fresh copy of the scenario when no share of the fleet's year is drawn (setting a
    /// share rescales the others, so the result would depend on what the inputs held), at no
    /// copy of the inputs.
    pub(super) fn set(&self, sample: &mut Inputs, values: &[f64]) {
        let (inputs, rates) = values.split_at(self.ranges.len());
        for (r, &v) in self.ranges.iter().zip(inputs) {
            sample.set(r.field, v);
        }
        for (r, &v) in self.rates.iter().zip(rates) {
            r.apply(sample, v);
        }
    }

    /// How a sample takes each `used` column's value ([`Draws::used_by`]): a [`Setter`] of its
    /// own per column, in the order of `used` (the order of a [`Block`]'s columns). On inputs
    /// that are already another sample of the same scenario this gives the answer
    /// [`Draws::set`] gives on a fresh copy when no share of the fleet's year is drawn (setting
    /// a share rescales the others, so the result would depend on what the inputs held), at no
    /// copy of the inputs.
    pub(super) fn setters(&self, used: &[usize]) -> Vec<Setter> {
        used.iter()
            .map(|&j| match self.ranges.get(j) {
                Some(r) => SET_FIELD[r.field.index()],
                None => self.rates[j - self.ranges.len()].setter(),
            })
            .collect()
    }

    /// The columns the `wanted` outputs read, in order (the ranges', then the rates', which
    /// act through the year). A walk works out and sets only those: an input no wanted output
    /// reads cannot move their samples, and its column costs as much as any other. Every
    /// column counts while a share of the fleet's year is drawn, because setting one rescales
    /// the others.
    pub(super) fn used_by(&self, wanted: &[Output]) -> Vec<usize> {
        let share = self.draws_a_share();
        let read = |f: Field| share || wanted.iter().any(|&o| reads(o, f));
        self.ranges
            .iter()
            .map(|r| read(r.field))
            .chain(self.rates.iter().map(|_| read(Field::Year)))
            .enumerate()
            .filter_map(|(j, used)| used.then_some(j))
            .collect()
    }

    /// Every sample of the scenario in order: the central inputs with every uncertain input
    /// drawn, each on a fresh copy (the tests' plain path to the samples).
    #[cfg(test)]
    pub(super) fn each<'a>(&'a self, inputs: &'a Inputs) -> impl Iterator<Item = Inputs> + 'a {
        let mut rows = self.rows();
        (0..self.samples).map(move |_| {
            let mut sample = *inputs;
            self.set(&mut sample, rows.next());
            sample
        })
    }

    /// Whether some share of the fleet's year is drawn.
    pub(super) fn draws_a_share(&self) -> bool {
        self.ranges
            .iter()
            .any(|r| crate::model::projection::share_index(r.field).is_some())
    }

    /// Whether the monotone shortcut is sound here: every value in its field's valid range
    /// (finite, non-negative, bounded, a hardware life above zero, so no product overflows and
    /// no 0/0 appears), each field uncertain at most once, and no share of the fleet's year
    /// uncertain (setting one rescales the others, so re-setting it on a sample need not give
    /// the same bits as setting it once).
    pub(super) fn monotone_ok(&self, inputs: &Inputs) -> bool {
        if self.draws_a_share() {
            return false;
        }
        let fields_ok = Field::ALL
            .iter()
            .all(|&f| inputs.get(f).is_none_or(|v| f.accepts(v)));
        let ranges_ok = self.ranges.iter().enumerate().all(|(j, r)| {
            r.field.accepts(r.low)
                && r.field.accepts(r.high)
                && self.ranges[..j].iter().all(|q| q.field != r.field)
        });
        fields_ok && ranges_ok
    }
}

/// Samples worked out at a time, column by column: each column's loop keeps its generator in
/// registers, and the block (256 values, 2 KB, of each column walked) stays in the first caches.
const ROWS_PER_BLOCK: usize = 256;

/// Sets one input of a sample to a drawn value: one field ([`Inputs::set`]) or one rate.
pub(super) type Setter = fn(&mut Inputs, f64);

/// [`Inputs::set`] of the field at [`Field::index`] `F`, as a function of its own: the sample
/// loop calls one per drawn column, each a store or two, where matching on the field there
/// cost some twenty instructions a value.
fn set_field<const F: usize>(sample: &mut Inputs, v: f64) {
    sample.set(Field::ALL[F], v);
}

/// [`set_field`] of every field, indexed by [`Field::index`].
const SET_FIELD: [Setter; Field::ALL.len()] = super::instances!(set_field:
    0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27);

/// A walk through the design's samples in order, every column's value of one sample at a
/// time: in each dimension, sample `s` lies at point `points[s]`, the bits below its 23 drawn
/// by the dimension's generator, one draw per sample in order.
pub(super) struct Rows<'a> {
    columns: &'a [Column],
    /// Each column's generator, where the next block's low bits are drawn.
    places: Vec<Xoshiro256>,
    /// The current block, column-major: `ROWS_PER_BLOCK` values of each used column, in the
    /// order of `used` (a column no sample reads is neither worked out nor given room).
    block: Vec<f64>,
    /// The block's first sample, its length, and the next sample's place in it.
    first: usize,
    len: usize,
    at: usize,
    /// The last sample's values.
    values: Vec<f64>,
    /// The columns worked out, in order.
    used: Vec<usize>,
}

impl<'a> Rows<'a> {
    fn new(columns: &'a [Column], used: Vec<usize>) -> Rows<'a> {
        Rows {
            columns,
            block: vec![0.0; used.len() * ROWS_PER_BLOCK],
            used,
            places: columns.iter().map(|c| c.start.clone()).collect(),
            first: 0,
            len: 0,
            at: 0,
            values: vec![0.0; columns.len()],
        }
    }

    /// Works out the block after the current one.
    fn advance(&mut self) {
        self.first += self.len;
        let samples = self.columns.first().map_or(0, |c| c.points.len());
        self.len = ROWS_PER_BLOCK.min(samples.saturating_sub(self.first));
        self.at = 0;
        for (slot, &j) in self.used.iter().enumerate() {
            let out = &mut self.block[slot * ROWS_PER_BLOCK..][..self.len];
            self.columns[j].fill(self.first, &mut self.places[j], out);
        }
    }

    /// The samples [`Rows::next`] would give next, up to the end of their block, all at once
    /// (none past the last sample): a loop over them reads the block where it lies, without
    /// a copy and a call per sample.
    pub(super) fn next_block(&mut self) -> Block<'_> {
        if self.at == self.len {
            self.advance();
        }
        let block = Block {
            values: &self.block,
            samples: self.at..self.len,
        };
        self.at = self.len;
        block
    }

    /// The next sample's value of every used column (the ranges', then the rates').
    pub(super) fn next(&mut self) -> &[f64] {
        if self.at == self.len {
            self.advance();
        }
        for (slot, &j) in self.used.iter().enumerate() {
            self.values[j] = self.block[slot * ROWS_PER_BLOCK + self.at];
        }
        self.at += 1;
        &self.values
    }
}

/// Consecutive samples of a [`Rows`] walk, every used column's value of each.
pub(super) struct Block<'a> {
    values: &'a [f64],
    /// The samples' places in the block.
    pub(super) samples: std::ops::Range<usize>,
}

impl Block<'_> {
    /// The value at place `at` (one of [`Block::samples`]) of the `slot`-th used column.
    pub(super) fn get(&self, slot: usize, at: usize) -> f64 {
        self.values[slot * ROWS_PER_BLOCK + at]
    }
}

/// One dimension of the design: every sample's point, the generator's state where the bits
/// below the points' 23 begin, and the law that turns a point into a value.
struct Column {
    points: Points,
    split: Split,
    start: Xoshiro256,
    law: Law,
}

impl Column {
    /// The values of samples `from..from + out.len()` (at most a block), the bits below their
    /// points drawn from `rng`. Each point is split into its stratum and place first, then the
    /// law is applied: two short loops the compiler keeps tight, where one over a chain of
    /// iterators was left a call per value.
    fn fill(&self, from: usize, rng: &mut Xoshiro256, out: &mut [f64]) {
        let len = out.len();
        let (mut strata, mut places) = ([0u32; ROWS_PER_BLOCK], [0f64; ROWS_PER_BLOCK]);
        let (strata, places) = (&mut strata[..len], &mut places[..len]);
        match &self.points {
            Points::Built(b) => self.split.into(
                b[4 * from..4 * (from + len)]
                    .chunks_exact(4)
                    .map(|v| u32::from_le_bytes([v[0], v[1], v[2], v[3]])),
                rng,
                strata,
                places,
            ),
            Points::Walked(w) => {
                self.split
                    .into(w[from..from + len].iter().copied(), rng, strata, places);
            }
        }
        self.law.fill(strata, places, out);
    }
}

/// Every sample's point in one dimension, 23 bits each.
enum Points {
    /// The build's, for the program's own count and seed (32-bit little-endian numbers).
    Built(&'static [u8]),
    /// Worked out here, for any other count or seed.
    Walked(Vec<u32>),
}

impl Points {
    fn len(&self) -> usize {
        match self {
            Points::Built(b) => b.len() / 4,
            Points::Walked(w) => w.len(),
        }
    }

    /// The numbers a kept design holds for it (the built ones are in the binary).
    fn held(&self) -> usize {
        match self {
            Points::Built(_) => 0,
            Points::Walked(w) => w.len(),
        }
    }
}

/// How a point splits into the stratum of `n` equal strata it lies in and its place within
/// that stratum, the form the laws take it in (see [`Law`]). The bits below the point's 23
/// are one draw `r` of the column's generator: the point is `(v + r) / 2²³` for `r` uniform
/// in [0, 1), so each value is a continuous uniform within its cell of the scrambled net.
#[derive(Clone, Copy)]
enum Split {
    /// `n` is 2^m: the stratum is the top m bits, the place the rest (integer steps, exact).
    Bits { shift: u32, mask: u32, scale: f64 },
    /// Any other `n`: the point times `n`, its whole part and the rest.
    Scaled { n: u32, scale: f64 },
}

impl Split {
    /// The strata and places of `points`, their bits below the 23 drawn from `rng` in order.
    fn into(
        self,
        points: impl Iterator<Item = u32>,
        rng: &mut Xoshiro256,
        strata: &mut [u32],
        places: &mut [f64],
    ) {
        let cells = strata.iter_mut().zip(places.iter_mut());
        match self {
            Split::Bits { shift, mask, scale } => {
                for ((k, r), v) in cells.zip(points) {
                    *k = v >> shift;
                    *r = (f64::from(v & mask) + rng.next_f64()) * scale;
                }
            }
            Split::Scaled { n, scale } => {
                for ((k, r), v) in cells.zip(points) {
                    let t = (f64::from(v) + rng.next_f64()) * scale;
                    // Truncation is the floor here (t ≥ 0); rounding may reach n itself.
                    *k = (t as u32).min(n - 1);
                    *r = t - f64::from(*k);
                }
            }
        }
    }

    fn new(n: usize) -> Split {
        let bits = n.trailing_zeros();
        if n.is_power_of_two() && bits <= POINT_BITS as u32 {
            let shift = POINT_BITS as u32 - bits;
            Split::Bits {
                shift,
                mask: (1 << shift) - 1,
                scale: 2f64.powi(-(shift as i32)),
            }
        } else {
            Split::Scaled {
                // Sample counts stay far below 2³² (a band's buffer is bounded well before).
                n: n as u32,
                scale: n as f64 * 2f64.powi(-POINT_BITS),
            }
        }
    }
}

/// The columns of the design: Owen-scrambled Sobol' points (see [`strata`]) in as many
/// dimensions as `laws`. The program's own count and seed take their points from the build
/// ([`built`]); the generator's draws, and so the values, are the same either way.
fn design(samples: usize, seed: u64, laws: &[Sampler]) -> Vec<Column> {
    if samples == DEFAULT_SAMPLES && seed == DEFAULT_SEED && laws.len() <= BUILT_DIMENSIONS {
        return laws
            .iter()
            .enumerate()
            .map(|(j, law)| {
                let (points, start) = built(j);
                Column {
                    points: Points::Built(points),
                    split: Split::new(samples),
                    start,
                    law: Law::new(law, samples),
                }
            })
            .collect();
    }
    walk(samples, seed, laws)
}

/// The design worked out here: each dimension's points, then the bits below them, from one
/// generator.
fn walk(samples: usize, seed: u64, laws: &[Sampler]) -> Vec<Column> {
    let mut columns = Vec::with_capacity(laws.len());
    strata::walk(samples, seed, laws.len(), |points, start| {
        let law = Law::new(&laws[columns.len()], samples);
        columns.push(Column {
            points: Points::Walked(points.to_vec()),
            split: Split::new(samples),
            start: start.clone(),
            law,
        });
    });
    columns
}

/// What `build.rs` worked out for [`DEFAULT_SAMPLES`] and [`DEFAULT_SEED`]: for each of
/// [`BUILT_DIMENSIONS`] dimensions its points as little-endian 32-bit numbers, then for each
/// the generator's state where that dimension's bits below the points are drawn.
static BUILT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/strata.bin"));

/// Dimension `j` of the built design: every sample's point, and the generator that draws the
/// bits below them.
fn built(j: usize) -> (&'static [u8], Xoshiro256) {
    let n = DEFAULT_SAMPLES;
    let at = 4 * n * BUILT_DIMENSIONS + 32 * j;
    let state = std::array::from_fn(|w| {
        let mut word = [0; 8];
        word.copy_from_slice(&BUILT[at + 8 * w..at + 8 * w + 8]);
        u64::from_le_bytes(word)
    });
    (
        &BUILT[4 * n * j..4 * n * (j + 1)],
        Xoshiro256::from_state(state),
    )
}

/// The design's bare coordinates in `dims` dimensions (`dims × samples` numbers in [0, 1)),
/// column-major.
#[cfg(test)]
fn points(dims: usize, samples: usize, seed: u64) -> Vec<f64> {
    column_major(
        &design(
            samples,
            seed,
            &vec![Sampler::between(0.0, 1.0, false); dims],
        ),
        samples,
    )
}

/// Every value of `columns`, column-major.
#[cfg(test)]
fn column_major(columns: &[Column], samples: usize) -> Vec<f64> {
    let mut out = vec![0.0; columns.len() * samples];
    let mut rows = Rows::new(columns, (0..columns.len()).collect());
    for s in 0..samples {
        for (j, v) in rows.next().iter().enumerate() {
            out[j * samples + s] = *v;
        }
    }
    out
}

/// Strata per block of the log-uniform shortcut: the value of stratum `k` is a block's base
/// times the step within the block, two tables of about √n exponentials each.
const BLOCK: usize = 64;

/// Widest stratum (in the exponent) the log-uniform shortcut takes: within it the degree-5
/// Taylor polynomial of `exp` is exact to 5e-18 relative.
const MAX_STEP: f64 = 1.0 / 256.0;

/// `exp(t)` for |t| ≤ [`MAX_STEP`], by its Taylor polynomial to degree 5.
fn exp_small(t: f64) -> f64 {
    1.0 + t * (1.0 + t * (0.5 + t * (1.0 / 6.0 + t * (1.0 / 24.0 + t * (1.0 / 120.0)))))
}

/// A [`Sampler`] over `n` strata: the value of the sample in stratum `k` at place `r` in
/// [0, 1) within it, the law's value at `(k + r) / n`.
enum Law {
    /// `offset + width × (k + r) / n`.
    Uniform { offset: f64, width: f64, n: f64 },
    /// `exp(offset + width × (k + r) / n)`.
    LogUniform { sampler: Sampler, n: f64 },
    /// A log-uniform value is `exp(offset + step × (k + r))` for `step` the width over the
    /// count. One `exp` per sample was the design's largest cost, so when the step is small it
    /// is written `exp(offset + step × 64b) × exp(step × i) × exp(step × r)` with
    /// `k = 64b + i`: the first two factors from tables of exact exponentials, the last from a
    /// short polynomial. The value moves by a few units in the last place (under 5e-15
    /// relative, see the tests), the draws of the generator are the same.
    Tabled {
        blocks: Vec<f64>,
        within: Box<[f64; BLOCK]>,
        step: f64,
    },
}

impl Law {
    fn new(sampler: &Sampler, n: usize) -> Law {
        let step = sampler.width / n as f64;
        if sampler.log && step.abs() <= MAX_STEP {
            Law::Tabled {
                blocks: (0..n.div_ceil(BLOCK))
                    .map(|b| (sampler.offset + step * (b * BLOCK) as f64).exp())
                    .collect(),
                within: Box::new(std::array::from_fn(|i| (step * i as f64).exp())),
                step,
            }
        } else if sampler.log {
            Law::LogUniform {
                sampler: *sampler,
                n: n as f64,
            }
        } else {
            Law::Uniform {
                offset: sampler.offset,
                width: sampler.width,
                n: n as f64,
            }
        }
    }

    /// The values of the samples at `points`, each a stratum and a place within it. The law is
    /// matched once a block, so each loop is the law's arithmetic alone.
    fn fill(&self, strata: &[u32], places: &[f64], out: &mut [f64]) {
        let points = strata.iter().zip(places).map(|(&k, &r)| (k, r));
        match self {
            Law::Tabled {
                blocks,
                within,
                step,
            } => {
                for (v, (k, r)) in out.iter_mut().zip(points) {
                    let k = k as usize;
                    *v = blocks[k / BLOCK] * (within[k % BLOCK] * exp_small(step * r));
                }
            }
            Law::LogUniform { sampler, n } => {
                for (v, (k, r)) in out.iter_mut().zip(points) {
                    *v = sampler.draw((f64::from(k) + r) / n);
                }
            }
            Law::Uniform { offset, width, n } => {
                for (v, (k, r)) in out.iter_mut().zip(points) {
                    *v = offset + width * ((f64::from(k) + r) / n);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_design_is_the_walked_one() {
        // Every built dimension, under a uniform and a log-uniform law in turn: the same bits
        // as the points and the bits below them worked out at run time.
        let laws: Vec<Sampler> = (0..BUILT_DIMENSIONS)
            .map(|j| Sampler::between(1.0 + j as f64, 30.0 * (1.0 + j as f64), j % 2 == 0))
            .collect();
        let n = DEFAULT_SAMPLES;
        let built = column_major(&design(n, DEFAULT_SEED, &laws), n);
        let walked = column_major(&walk(n, DEFAULT_SEED, &laws), n);
        assert_eq!(built.len(), BUILT_DIMENSIONS * n);
        assert!(
            built
                .iter()
                .zip(&walked)
                .all(|(a, b)| a.to_bits() == b.to_bits())
        );
        assert_eq!(built.len(), walked.len());
    }

    #[test]
    fn the_first_sample_alone_is_the_rows_first() {
        // Built and walked, uniform and log-uniform: the same bits as the walk's sample 0.
        let laws = [
            Sampler::between(2.0, 9.0, false),
            Sampler::between(25e3, 30e3, true),
            Sampler::between(1.0, 1e6, true),
        ];
        for (samples, seed) in [(DEFAULT_SAMPLES, DEFAULT_SEED), (300, 7)] {
            let columns = design(samples, seed, &laws);
            let draws = Draws {
                ranges: Vec::new(),
                rates: Vec::new(),
                samplers: laws.to_vec(),
                samples,
                seed,
                columns,
            };
            let first = draws.first();
            let mut rows = draws.rows();
            let row = rows.next();
            assert_eq!(first.len(), laws.len());
            assert!(
                first
                    .iter()
                    .zip(row)
                    .all(|(a, b)| a.to_bits() == b.to_bits())
            );
        }
    }

    #[test]
    fn every_input_and_rate_has_a_built_dimension() {
        // Each input has at most one range and both trend rates may be drawn beside them.
        assert!(BUILT_DIMENSIONS >= Field::ALL.len() + 2);
    }

    #[test]
    fn each_dimension_covers_every_stratum_of_the_unit_interval() {
        // The first 2^m points are a scrambled net: in every built dimension, each of 2^m equal
        // strata holds exactly one point (independent draws leave a third of them empty), at
        // the program's count and seed (built) and at others (walked).
        for (n, seed) in [(DEFAULT_SAMPLES, DEFAULT_SEED), (1_024, 7), (4_096, 7)] {
            for column in points(BUILT_DIMENSIONS, n, seed).chunks_exact(n) {
                let mut counts = vec![0u32; n];
                for &u in column {
                    assert!((0.0..1.0).contains(&u), "{u}");
                    counts[(u * n as f64) as usize] += 1;
                }
                assert!(counts.iter().all(|&c| c == 1), "{n}, {seed}");
            }
        }
    }

    #[test]
    fn other_counts_cover_the_unit_interval_evenly() {
        // 1,000 points (not a power of two, so not a whole net) in 8 dimensions: every one of
        // 100 equal strata holds 10 points give or take 2.
        let (dims, n) = (8, 1_000);
        let p = points(dims, n, 7);
        for column in p.chunks_exact(n) {
            let mut counts = [0u32; 100];
            for &u in column {
                assert!((0.0..1.0).contains(&u), "{u}");
                counts[(u * 100.0) as usize] += 1;
            }
            assert!(counts.iter().all(|&c| (8..=12).contains(&c)), "{counts:?}");
        }
    }

    #[test]
    fn counts_past_one_sequence_take_fresh_points() {
        // `sobol_burley` gives 2¹⁶ points a sequence: the next 2¹⁶ come from another scramble,
        // not the first ones again, and are a net of their own (one in each of 2¹⁶ strata).
        let n = 1 << 16;
        let p = points(1, 2 * n, 3);
        let (first, second) = p.split_at(n);
        assert_ne!(first, second);
        for half in [first, second] {
            let mut counts = vec![0u32; n];
            for &u in half {
                counts[(u * n as f64) as usize] += 1;
            }
            assert!(counts.iter().all(|&c| c == 1));
        }
    }

    #[test]
    fn pairs_of_dimensions_leave_no_empty_cell() {
        // 1,024 points in 6 dimensions: every pair of dimensions puts a point in each cell of
        // an 8 × 8 grid (16 expected per cell), and no cell holds more than twice its share:
        // the strata of different inputs are paired without a pattern.
        let (dims, n) = (6, 1_024);
        let p = points(dims, n, 11);
        for a in 0..dims {
            for b in a + 1..dims {
                let mut counts = [0u32; 64];
                for s in 0..n {
                    let (x, y) = (p[a * n + s], p[b * n + s]);
                    counts[(x * 8.0) as usize * 8 + (y * 8.0) as usize] += 1;
                }
                assert!(
                    counts.iter().all(|&c| (1..=32).contains(&c)),
                    "{a},{b}: {counts:?}"
                );
            }
        }
    }

    #[test]
    fn the_seed_shifts_the_points_and_only_the_seed() {
        assert_eq!(points(3, 50, 1), points(3, 50, 1));
        assert_ne!(points(3, 50, 1), points(3, 50, 2));
    }

    #[test]
    fn log_uniform_columns_match_their_exponentials() {
        // Ranges of a fifth of a decade to six decades over 4,096 strata (steps up to 3.4e-3,
        // the shortcut's): every value within 5e-15 of `exp` at its place, from the same draws.
        // That is the rounding of the exponent itself: ln 30,000 ≈ 10.3, whose last place is
        // 1.8e-15, so `exp` of it is only that close to the true value either way.
        let n = 4_096;
        for (low, high) in [(25e3, 30e3), (1.0, 10.0), (3.0, 3e6), (30.0, 3.0)] {
            let s = Sampler::between(low, high, true);
            let (mut rng, mut again) = (Xoshiro256::new(3), Xoshiro256::new(3));
            // Every stratum, in an order of their own (5 is odd, so k ↦ 5k mod n permutes).
            let strata: Vec<usize> = (0..n).map(|k| 5 * k % n).collect();
            let law = Law::new(&s, n);
            assert!(matches!(law, Law::Tabled { .. }), "{low}–{high}");
            let mut got = vec![0.0; n];
            let places: Vec<f64> = strata.iter().map(|_| rng.next_f64()).collect();
            let ks: Vec<u32> = strata.iter().map(|&k| k as u32).collect();
            law.fill(&ks, &places, &mut got);
            let mut worst = 0f64;
            for (&k, got) in strata.iter().zip(got) {
                let want = s.draw((k as f64 + again.next_f64()) / n as f64);
                worst = worst.max((got / want - 1.0).abs());
            }
            assert!(worst < 5e-15, "{low}–{high}: {worst:e}");
        }
    }

    #[test]
    fn uniform_and_log_uniform_quantiles_by_hand() {
        // Uniform on [50, 150]: 50 + 100 × {0.05, 0.5, 0.95} = 55, 100, 145.
        let s = Sampler::new(&InputRange {
            field: Field::Pue,
            low: 50.0,
            high: 150.0,
        });
        assert!(!s.log);
        for (u, want) in [(0.05, 55.0), (0.5, 100.0), (0.95, 145.0)] {
            assert!((s.draw(u) - want).abs() < 1e-12, "{u}");
        }
        // Days is a log-scale field: [50, 150] is log-uniform, quantile q is 50 × 3^q.
        let s = Sampler::new(&InputRange {
            field: Field::Days,
            low: 50.0,
            high: 150.0,
        });
        assert!(s.log);
        for u in [0.05, 0.5, 0.95] {
            assert!((s.draw(u) - 50.0 * 3f64.powf(u)).abs() < 1e-9, "{u}");
        }
    }
}
