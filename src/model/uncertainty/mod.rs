//! Uncertainty bands: draw the uncertain inputs, recompute, take percentiles.
//!
//! Runs on every keypress and in every `eval`, so it is built for speed. An output that depends
//! on one uncertain input takes its percentiles exactly, from that input's (three evaluations,
//! see [`monte_carlo`]); only outputs that mix uncertain inputs are sampled, over an
//! Owen-scrambled Sobol' sequence ([`draws`]) of [`DEFAULT_SAMPLES`] points, into one reused
//! buffer, with percentiles by a radix step and selection. The design is seeded, so bands are
//! a pure function of the scenario and do not flicker.
//!
//! The modules: [`draws`] (the design and the input laws), [`dependence`] (which output reads
//! which input), [`percentile`], [`shares`] (each input's share of an output's spread) and
//! [`rng`] (the seeded generator the rest of the program's Monte Carlo uses too).

/// An array of `$f::<K>` for the listed `K`: one instance of a const-generic function per
/// field or output, to look up by index. The array's declared length checks the list.
macro_rules! instances {
    ($f:ident: $($k:literal)*) => {
        [$($f::<$k>),*]
    };
}
use instances;

mod dependence;
mod dependence_table;
mod direction;
mod draws;
mod percentile;
mod rng;
mod shares;
mod strata;

use super::compute::{Inputs, Outputs};
use super::field::{Field, Scale};
use super::output::Output;
use super::serving::{Replica, Unserved};
use dependence::{Dir, dependence};
use draws::Draws;
use percentile::{Scratch, key, percentiles};
use serde::Serialize;
use std::cell::{Cell, RefCell};

pub use dependence::reads;
pub(crate) use rng::Xoshiro256;
pub use shares::rank_shares;
pub use strata::{DEFAULT_SAMPLES, DEFAULT_SEED};

/// The 5th, 50th and 95th percentiles of one output.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Band {
    pub p5: f64,
    pub p50: f64,
    pub p95: f64,
}

impl Band {
    /// Whether `v` lies within the 5–95 % band: a point outside its own band (a preset value at
    /// the end of its range) must be said in words, not left to look like an error.
    pub fn contains(&self, v: f64) -> bool {
        // A relative tolerance: the ends are computed by the same arithmetic as the point.
        let slack = 1e-12 * v.abs();
        v >= self.p5 - slack && v <= self.p95 + slack
    }

    /// Whether the band has any width (an output that reads no uncertain input has none).
    pub fn varies(&self) -> bool {
        (self.p95 - self.p5).abs() > 1e-9 * self.p50.abs()
    }
}

/// A band for every output that is present, keyed by [`Output`]; JSON writes them under the
/// outputs' keys so they read like the outputs.
#[derive(Clone, Debug, PartialEq)]
pub struct Bands {
    /// Samples drawn.
    pub samples: usize,
    /// The generator's seed: the bands are a pure function of the scenario and this seed, so
    /// every surface and every run gives the same band.
    pub seed: u64,
    /// Indexed by [`Output::index`]; `None` for an optional output that is absent.
    bands: [Option<Band>; Output::COUNT],
}

impl Bands {
    /// The band of one output, when that output is present.
    pub fn get(&self, o: Output) -> Option<Band> {
        self.bands[o.index()]
    }

    /// Replaces one band (tests build bands that exclude their point).
    #[cfg(test)]
    pub(crate) fn set(&mut self, o: Output, b: Band) {
        self.bands[o.index()] = Some(b);
    }
}

impl Serialize for Bands {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("samples", &self.samples)?;
        m.serialize_entry("seed", &self.seed)?;
        m.serialize_entry(
            "draws",
            "each ranged input independently: log-uniform over its range for a log-scale input \
             (GPUs, days, prices, …), uniform otherwise; a range with one end runs from the value \
             to that end. An output of one ranged input takes its percentiles exactly (at the \
             input's); others are sampled over a seeded, scrambled Sobol' sequence, 5th, 50th \
             and 95th percentiles by nearest rank",
        )?;
        for o in Output::ALL {
            if let Some(b) = self.get(o) {
                m.serialize_entry(o.spec().key, &b)?;
            }
        }
        m.end()
    }
}

/// One uncertain input: its range. Inputs without a range stay at their central value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct InputRange {
    pub field: Field,
    pub low: f64,
    pub high: f64,
}

/// A trend rate the bands draw when the year differs from the base year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rate {
    /// Hardware price-performance, orders of magnitude a year (drawn uniformly).
    PricePerformance,
    /// Months in which algorithmic progress halves the compute needed (drawn log-uniformly).
    AlgorithmicHalving,
}

/// One uncertain trend rate: its interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RateRange {
    pub rate: Rate,
    pub low: f64,
    pub high: f64,
}

impl RateRange {
    pub(super) fn apply(&self, i: &mut Inputs, v: f64) {
        self.setter()(i, v);
    }

    /// How a sample takes a drawn value of this rate.
    fn setter(&self) -> draws::Setter {
        match self.rate {
            Rate::PricePerformance => |i, v| i.rates.price_performance_ooms = v,
            Rate::AlgorithmicHalving => |i, v| i.rates.algorithmic_halving_months = v,
        }
    }
}

/// Every output of one scenario as numbers (NaN where absent), indexed by [`Output::index`].
fn columns(o: &Outputs) -> [f64; Output::COUNT] {
    Output::ALL.map(|out| out.of(o).unwrap_or(f64::NAN))
}

/// 5 %, 50 % and 95 % bands of every output when the `ranges` inputs vary over their ranges.
///
/// Log-scale inputs with positive bounds are drawn log-uniformly, others uniformly; GPU counts
/// stay continuous (rounding would only add steps to the band). `None` when there is nothing
/// uncertain or no samples are asked for.
///
/// An output that depends on one uncertain input only is a monotone function of it (products,
/// quotients and sums of non-negative numbers, each rounding step monotone too), so its
/// percentiles are the output at that input's percentiles, which the input's law gives exactly:
/// three evaluations, no sampling error. Only outputs that mix two or more uncertain inputs are
/// sampled (`samples` points of a scrambled Sobol' sequence, nearest-rank percentiles). The
/// design depends only on `ranges`, `samples` and `seed`, so it is kept between calls: moving
/// a slider of an input without a range reuses it.
pub fn monte_carlo(
    inputs: &Inputs,
    ranges: &[InputRange],
    samples: usize,
    seed: u64,
) -> Option<Bands> {
    monte_carlo_with_rates(inputs, ranges, &[], samples, seed)
}

/// As [`monte_carlo`], also drawing the trend `rates` from their intervals (what a scenario
/// projected away from its base year does). With rates, every output that reads the year is
/// sampled.
pub fn monte_carlo_with_rates(
    inputs: &Inputs,
    ranges: &[InputRange],
    rates: &[RateRange],
    samples: usize,
    seed: u64,
) -> Option<Bands> {
    if (ranges.is_empty() && rates.is_empty()) || samples == 0 {
        return None;
    }
    DRAWS.with(|cell| {
        let mut kept = cell.borrow_mut();
        let draws = match kept.take() {
            Some(d) if d.matches(ranges, rates, samples, seed) => d,
            _ => Draws::new(ranges, rates, samples, seed),
        };
        let bands = bands(inputs, &draws);
        if draws.kept_size() <= MAX_KEPT {
            *kept = Some(draws);
        }
        Some(bands)
    })
}

/// The 5th, 50th and 95th percentiles' quantiles, in the order of a band's ends.
const QUANTILES: [f64; 3] = [0.05, 0.5, 0.95];

/// The bands of `inputs` under `draws`.
fn bands(inputs: &Inputs, draws: &Draws) -> Bands {
    let samples = draws.samples;
    // Any sample will do as the base of single-input evaluations: an output that reads one
    // uncertain input does not read the others. Sample 0 also turns an unset optional input
    // with a range into a set one, as every sample does.
    let mut base = *inputs;
    draws.set(&mut base, &draws.first());
    let central_outputs = base.outputs();
    let central = columns(&central_outputs);
    let present = Output::ALL.map(|o| o.of(&central_outputs).is_some());
    let shortcut = draws.monotone_ok(inputs);
    // Trend rates act through the projection to the year: an output that reads the year is
    // sampled whenever they are drawn; the others keep their exact bands.
    let projected = !draws.rates.is_empty();
    // A fleet with no inference share, when no draw moves a share, serves nothing in any
    // sample: 0 tokens a day whatever its replica, no serving cost and no serving power. Those
    // outputs (`Output::of_serving_share`) keep the central value, and the samples need no
    // roofline of their own.
    let serves_nothing = base.share_inference == 0.0 && !draws.draws_a_share();
    // Every output at each range's three quantiles, worked out when an output first needs them.
    let mut at_quantiles: Vec<Option<[[f64; Output::COUNT]; 3]>> = vec![None; draws.ranges.len()];
    let mut out = [None; Output::COUNT];
    let mut mixed = [false; Output::COUNT];
    for (k, slot) in out.iter_mut().enumerate() {
        // An optional output that is not there needs no band.
        if !present[k] {
            continue;
        }
        let output = Output::ALL[k];
        let mut deps = draws.ranges.iter().enumerate().filter_map(|(j, r)| {
            match dependence(output, r.field) {
                Dir::None => None,
                d => Some((j, d)),
            }
        });
        let shortcut = shortcut && !(projected && reads(output, Field::Year));
        let fixed = serves_nothing && output.of_serving_share();
        *slot = match (shortcut, deps.next(), deps.next()) {
            _ if fixed => Some(Band {
                p5: central[k],
                p50: central[k],
                p95: central[k],
            }),
            (true, None, _) => Some(Band {
                p5: central[k],
                p50: central[k],
                p95: central[k],
            }),
            (true, Some((j, dir)), None) if dir != Dir::Mixed => {
                let columns_at = at_quantiles[j].get_or_insert_with(|| {
                    QUANTILES.map(|q| {
                        let mut x = base;
                        x.set(draws.ranges[j].field, draws.samplers[j].draw(q));
                        columns(&x.outputs())
                    })
                });
                let [low, mid, high] = columns_at.map(|c| c[k]);
                Some(if dir == Dir::Up {
                    Band {
                        p5: low,
                        p50: mid,
                        p95: high,
                    }
                } else {
                    Band {
                        p5: high,
                        p50: mid,
                        p95: low,
                    }
                })
            }
            _ => {
                mixed[k] = true;
                None
            }
        };
    }
    let n_mixed = mixed.iter().filter(|&&m| m).count();
    if n_mixed > 0 {
        let mut keys = SCRATCH.take();
        if keys.len() < n_mixed * samples {
            // A fresh zeroed buffer comes from the allocator already zero (no pass to clear it).
            keys = vec![0; n_mixed * samples];
        }
        // Column-major: each output's samples are contiguous, ready for selection in place.
        // Every slot below is written before it is read, so a reused buffer needs no clearing.
        let data = &mut keys[..n_mixed * samples];
        let wanted: Vec<Output> = Output::ALL
            .into_iter()
            .zip(mixed)
            .filter_map(|(o, m)| m.then_some(o))
            .collect();
        let serving = central_outputs.serving;
        sample_keys(inputs, draws, &base, serving, &wanted, data);
        // Outputs that agree in every sample share one band, selected once: the run's and
        // the fleet's power are the same numbers while the run has the whole fleet. Checked
        // before any selection reorders a column; most pairs differ at their first sample.
        let same_as: Vec<Option<usize>> = (0..wanted.len())
            .map(|c| {
                let column = &data[c * samples..][..samples];
                (0..c).find(|&d| data[d * samples..][..samples] == *column)
            })
            .collect();
        let mut selected: Vec<Band> = Vec::with_capacity(wanted.len());
        let mut scratch = Scratch::new();
        for (column, same) in data.chunks_exact_mut(samples).zip(&same_as) {
            let band = match same {
                Some(d) => selected[*d],
                None => percentiles(column, &mut scratch),
            };
            selected.push(band);
        }
        let slots = out.iter_mut().zip(mixed).filter(|(_, m)| *m);
        for ((slot, _), band) in slots.zip(selected) {
            *slot = Some(band);
        }
        if keys.capacity() <= MAX_KEPT {
            SCRATCH.set(keys);
        }
    }
    Bands {
        samples,
        seed: draws.seed,
        bands: out,
    }
}

/// Fills `data`, column-major, with every sample's key of each `wanted` output: column `c`,
/// sample `s` at `c × samples + s`. `base` is a sample of the scenario (sample 0); `serving`
/// the central replica, which stands in for the samples' own when no wanted output reads it.
fn sample_keys(
    inputs: &Inputs,
    draws: &Draws,
    base: &Inputs,
    serving: Result<Replica, Unserved>,
    wanted: &[Output],
    data: &mut [u64],
) {
    let samples = draws.samples;
    let replica = wanted.iter().any(|o| o.reads_replica());
    let in_place = !draws.draws_a_share();
    let mut x = *base;
    let used = draws.used_by(wanted);
    let setters = draws.setters(&used);
    let keys: Vec<KeyOf> = wanted.iter().map(|o| KEY_OF[o.index()]).collect();
    let mut rows = draws.rows_using(used);
    let mut s = 0;
    loop {
        let block = rows.next_block();
        if block.samples.is_empty() {
            break;
        }
        for at in block.samples.clone() {
            if !in_place {
                x = *inputs;
            }
            for (slot, set) in setters.iter().enumerate() {
                set(&mut x, block.get(slot, at));
            }
            let o = if replica {
                x.outputs()
            } else {
                x.outputs_serving(serving)
            };
            for (c, key_of) in keys.iter().enumerate() {
                data[c * samples + s] = key_of(&o);
            }
            s += 1;
        }
    }
}

/// The [`key`] of one output of a sample (NaN's when the output is absent).
type KeyOf = fn(&Outputs) -> u64;

/// The [`key`] of the output at [`Output::index`] `K`, as a function of its own: the sample
/// loop calls one per wanted output, each a load and the key's few instructions, where
/// [`Output::of`]'s match there cost some twenty instructions a value.
fn key_of<const K: usize>(o: &Outputs) -> u64 {
    key(Output::ALL[K].of(o).unwrap_or(f64::NAN))
}

/// [`key_of`] of every output, indexed by [`Output::index`].
const KEY_OF: [KeyOf; Output::COUNT] = instances!(key_of:
    0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26);

thread_local! {
    /// The sample buffer, kept between calls: a fresh buffer per keypress spends a good part
    /// of the sampling's time again in page faults.
    static SCRATCH: Cell<Vec<u64>> = const { Cell::new(Vec::new()) };
    /// The draws of the last run, reused while its ranges, sample count and seed stay the same.
    static DRAWS: RefCell<Option<Draws>> = const { RefCell::new(None) };
}

/// Largest buffer kept between calls (8 MiB); bigger runs free theirs. The same bound applies
/// to the kept draws (in walked points).
const MAX_KEPT: usize = 1 << 20;

#[cfg(test)]
mod tests;
