//! Uncertainty bands: draw the uncertain inputs, recompute, take percentiles.
//!
//! Runs on every keypress and in every `eval`, so it is built for speed. An output that depends
//! on one uncertain input takes its percentiles exactly, from that input's (three evaluations,
//! see [`monte_carlo`]); only outputs that mix uncertain inputs are sampled, over a Latin
//! hypercube ([`draws`]) of [`DEFAULT_SAMPLES`] points, into one reused buffer, with
//! percentiles by selection. The design is seeded, so bands are a pure function of the
//! scenario and do not flicker.
//!
//! The modules: [`draws`] (the design and the input laws), [`dependence`] (which output reads
//! which input), [`percentile`], [`shares`] (each input's share of an output's spread) and
//! [`rng`] (the seeded generator the rest of the program's Monte Carlo uses too).

mod dependence;
mod draws;
mod percentile;
mod rng;
mod shares;

use super::compute::{Inputs, Outputs};
use super::field::{Field, Scale};
use super::output::Output;
use dependence::{Dir, dependence};
use draws::Draws;
use percentile::{key, percentiles};
use serde::Serialize;
use std::cell::{Cell, RefCell};

pub use dependence::reads;
pub(crate) use rng::Xoshiro256;
pub use shares::rank_shares;

/// Samples per band of an output that mixes uncertain inputs. Against a 1,000,000-draw
/// reference (`tests/bands.rs`), every built-in scenario's 5th, 50th and 95th percentiles land
/// within 1 % of the value, except on outputs that span decades (goodput's tails, effective
/// FLOP years ahead), which land within one percentage point of the reference's rank.
pub const DEFAULT_SAMPLES: usize = 4_096;
/// Fixed seed so the same scenario always shows the same band.
pub const DEFAULT_SEED: u64 = 0x5eed_a61c_0de5;

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
             input's); others are sampled over a seeded Latin hypercube, 5th, 50th and 95th \
             percentiles by nearest rank",
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
        match self.rate {
            Rate::PricePerformance => i.rates.price_performance_ooms = v,
            Rate::AlgorithmicHalving => i.rates.algorithmic_halving_months = v,
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
/// sampled (`samples` points of a Latin hypercube, nearest-rank percentiles). The design depends only
/// on `ranges`, `samples` and `seed`, so it is kept between calls: moving a slider of an input
/// without a range reuses it.
pub fn monte_carlo(
    inputs: &Inputs,
    ranges: &[InputRange],
    samples: usize,
    seed: u64,
) -> Option<Bands> {
    monte_carlo_with_rates(inputs, ranges, &[], samples, seed)
}

/// As [`monte_carlo`], also drawing the trend `rates` from their intervals (what a scenario
/// projected away from its base year does). With rates, every output is sampled.
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
        if draws.values.len() <= MAX_KEPT {
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
    let base = draws.sample(inputs, 0);
    let central_outputs = base.outputs();
    let central = columns(&central_outputs);
    let present = Output::ALL.map(|o| o.of(&central_outputs).is_some());
    // Trend rates move most outputs through the projected card: every output is sampled.
    let shortcut = draws.monotone_ok(inputs) && draws.rates.is_empty();
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
        *slot = match (shortcut, deps.next(), deps.next()) {
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
            keys.resize(n_mixed * samples, 0);
        }
        // Column-major: each output's samples are contiguous, ready for selection in place.
        // Every slot below is written before it is read, so a reused buffer needs no clearing.
        let data = &mut keys[..n_mixed * samples];
        let wanted: Vec<Output> = Output::ALL
            .into_iter()
            .zip(mixed)
            .filter_map(|(o, m)| m.then_some(o))
            .collect();
        for s in 0..samples {
            let o = draws.sample(inputs, s).outputs();
            for (c, out) in wanted.iter().enumerate() {
                data[c * samples + s] = key(out.of(&o).unwrap_or(f64::NAN));
            }
        }
        let mut chunks = data.chunks_exact_mut(samples);
        for (slot, _) in out.iter_mut().zip(mixed).filter(|(_, m)| *m) {
            *slot = Some(percentiles(chunks.next().expect("one chunk per output")));
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

thread_local! {
    /// The sample buffer, kept between calls: a fresh buffer per keypress spends a good part
    /// of the sampling's time again in page faults.
    static SCRATCH: Cell<Vec<u64>> = const { Cell::new(Vec::new()) };
    /// The draws of the last run, reused while its ranges, sample count and seed stay the same.
    static DRAWS: RefCell<Option<Draws>> = const { RefCell::new(None) };
}

/// Largest buffer kept between calls (8 MiB); bigger runs free theirs. The same bound applies
/// to the kept draws (in values).
const MAX_KEPT: usize = 1 << 20;

#[cfg(test)]
mod tests {
    use super::*;

    fn h100() -> Inputs {
        Inputs {
            gpus: 10_000.0,
            days: 100.0,
            ..Inputs::example()
        }
    }

    fn close(a: f64, b: f64, rel: f64) -> bool {
        ((a - b) / b).abs() <= rel
    }

    fn all_bands(b: &Bands) -> Vec<Band> {
        Output::ALL.into_iter().filter_map(|o| b.get(o)).collect()
    }

    fn flop(b: &Bands) -> Band {
        b.get(Output::TotalFlop).unwrap()
    }

    #[test]
    fn uniform_linear_field_gives_known_percentiles() {
        // MFU is a linear-scale field, so U[0.2, 0.6] with everything else fixed: percentiles
        // 0.2 + 0.4 × {0.05, 0.5, 0.95} = 0.22, 0.40, 0.58. Total FLOP is linear in MFU:
        // 1e4 GPUs × 989e12 × 100 days × 86400 = 8.54496e25 FLOP per unit of MFU.
        let r = [InputRange {
            field: Field::Mfu,
            low: 0.2,
            high: 0.6,
        }];
        let b = monte_carlo(&h100(), &r, DEFAULT_SAMPLES, DEFAULT_SEED).unwrap();
        let per_mfu = 8.544_96e25;
        for (got, mfu) in [
            (flop(&b).p5, 0.22),
            (flop(&b).p50, 0.40),
            (flop(&b).p95, 0.58),
        ] {
            assert!(
                close(got, per_mfu * mfu, 0.01),
                "{got:e} vs {:e}",
                per_mfu * mfu
            );
        }
        // Power does not depend on MFU: a collapsed band at 1e4 × 700 W × 1.1 = 7.7 MW.
        let p = b.get(Output::Power).unwrap();
        assert!(p.p5 == p.p50 && p.p50 == p.p95 && close(p.p50, 7.7, 1e-12));
    }

    #[test]
    fn days_on_a_log_scale_are_drawn_log_uniformly() {
        // Days is a log-scale field, so [50, 150] is log-uniform: quantile q is 50 × 3^q →
        // 50 × 3^0.05 = 52.81, 50 × √3 = 86.60, 50 × 3^0.95 = 141.0 days (uniform would give
        // 55, 100, 145). Total FLOP = sustained × 86400 × days, sustained = 1e4 × 989e12 × 0.4
        // = 3.956e18 FLOP/s.
        let r = [InputRange {
            field: Field::Days,
            low: 50.0,
            high: 150.0,
        }];
        let b = monte_carlo(&h100(), &r, DEFAULT_SAMPLES, DEFAULT_SEED).unwrap();
        let per_day = 3.956e18 * 86400.0;
        for (got, q) in [
            (flop(&b).p5, 0.05),
            (flop(&b).p50, 0.5),
            (flop(&b).p95, 0.95),
        ] {
            let want = per_day * 50.0 * 3f64.powf(q);
            assert!(close(got, want, 0.01), "q{q}: {got:e} vs {want:e}");
        }
        let s = b.get(Output::Sustained).unwrap();
        assert!(s.p5 == s.p50 && s.p50 == s.p95 && close(s.p50, 3.956e18, 1e-12));
    }

    #[test]
    fn log_uniform_gpus_median_is_the_geometric_mean() {
        // GPUs log-uniform on [1e3, 1e5]: log10 uniform on [3, 5], median 10^4.
        let r = [InputRange {
            field: Field::Gpus,
            low: 1e3,
            high: 1e5,
        }];
        let b = monte_carlo(&h100(), &r, DEFAULT_SAMPLES, DEFAULT_SEED).unwrap();
        // Fleet cost = gpus × $30 k; GPU-hours = gpus × 2400.
        assert!(
            close(b.get(Output::FleetCost).unwrap().p50 / 30e3, 1e4, 0.03),
            "{:?}",
            b.get(Output::FleetCost).unwrap()
        );
        assert!(close(
            b.get(Output::GpuHours).unwrap().p50 / 2400.0,
            1e4,
            0.03
        ));
        // 5th/95th: 10^(3 + 2 × 0.05) = 10^3.1 = 1259, 10^4.9 = 79,433.
        assert!(close(
            b.get(Output::FleetCost).unwrap().p5 / 30e3,
            10f64.powf(3.1),
            0.03
        ));
        assert!(close(
            b.get(Output::FleetCost).unwrap().p95 / 30e3,
            10f64.powf(4.9),
            0.03
        ));
    }

    #[test]
    fn same_seed_same_bands_different_seed_different_bands() {
        let r = [
            InputRange {
                field: Field::Gpus,
                low: 5e3,
                high: 2e4,
            },
            InputRange {
                field: Field::Mfu,
                low: 0.3,
                high: 0.5,
            },
        ];
        let a = monte_carlo(&h100(), &r, 2_000, 7).unwrap();
        let b = monte_carlo(&h100(), &r, 2_000, 7).unwrap();
        let c = monte_carlo(&h100(), &r, 2_000, 8).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(flop(&a), flop(&c));
    }

    #[test]
    fn bands_are_ordered() {
        let r = [
            InputRange {
                field: Field::Gpus,
                low: 1e3,
                high: 1e6,
            },
            InputRange {
                field: Field::Mfu,
                low: 0.2,
                high: 0.6,
            },
            InputRange {
                field: Field::KwhPrice,
                low: 0.03,
                high: 0.2,
            },
            InputRange {
                field: Field::Pue,
                low: 1.05,
                high: 1.5,
            },
        ];
        for seed in 0..5 {
            let b = monte_carlo(&h100(), &r, 1_001, seed).unwrap();
            assert_eq!(b.samples, 1_001);
            for band in all_bands(&b) {
                assert!(band.p5 <= band.p50 && band.p50 <= band.p95, "{band:?}");
            }
        }
    }

    #[test]
    fn zero_width_range_collapses_to_the_central_value() {
        let i = h100();
        let central = i.outputs();
        for field in [Field::Gpus, Field::Mfu, Field::Days, Field::Watts] {
            let v = i.get(field).unwrap();
            let r = [InputRange {
                field,
                low: v,
                high: v,
            }];
            let b = monte_carlo(&i, &r, 100, DEFAULT_SEED).unwrap();
            let flat = |x: f64| Band {
                p5: x,
                p50: x,
                p95: x,
            };
            assert_eq!(flop(&b), flat(central.total_flop.0), "{field:?}");
            assert_eq!(
                b.get(Output::Power),
                Some(flat(central.power_mw)),
                "{field:?}"
            );
            assert_eq!(
                b.get(Output::AmortizedCost),
                Some(flat(central.amortized_cost_usd.unwrap().0))
            );
        }
    }

    #[test]
    fn optional_outputs_follow_the_optional_inputs() {
        let i = Inputs {
            rent_usd_per_gpu_hour: None,
            amortization_years: None,
            ..h100()
        };
        let gpus = [InputRange {
            field: Field::Gpus,
            low: 1e3,
            high: 1e4,
        }];
        let b = monte_carlo(&i, &gpus, 100, 1).unwrap();
        assert_eq!(
            (b.get(Output::RentalCost), b.get(Output::AmortizedCost)),
            (None, None)
        );
        // A range on an unset optional input sets it: rent U-log on [1, 4] $/GPU-h.
        let rent = [InputRange {
            field: Field::Rent,
            low: 1.0,
            high: 4.0,
        }];
        let b = monte_carlo(&i, &rent, 100, 1).unwrap();
        let band = b.get(Output::RentalCost).unwrap();
        // GPU-hours 1e4 × 100 × 24 = 2.4e7, so rent cost lies in [2.4e7, 9.6e7].
        assert!(band.p5 >= 2.4e7 && band.p95 <= 9.6e7, "{band:?}");
        assert_eq!(b.get(Output::AmortizedCost), None);
    }

    #[test]
    fn nothing_uncertain_or_no_samples_gives_none() {
        assert_eq!(monte_carlo(&h100(), &[], 100, 1), None);
        let r = [InputRange {
            field: Field::Gpus,
            low: 1.0,
            high: 2.0,
        }];
        assert_eq!(monte_carlo(&h100(), &r, 0, 1), None);
    }

    #[test]
    fn buffer_reuse_does_not_leak_between_calls() {
        // A big run, then a small one: the small one must only see its own samples.
        let r = [InputRange {
            field: Field::Gpus,
            low: 1e3,
            high: 1e5,
        }];
        let fresh = monte_carlo(&h100(), &r, 50, 3).unwrap();
        monte_carlo(&h100(), &r, 5_000, 4).unwrap();
        assert_eq!(monte_carlo(&h100(), &r, 50, 3).unwrap(), fresh);
    }

    /// The plain algorithm: `samples` independent pseudo-random draws of every ranged input,
    /// every output computed for each. Each output's values sorted (`None` where the first
    /// sample, as the bands do, finds the output absent).
    fn reference(
        inputs: &Inputs,
        ranges: &[InputRange],
        samples: usize,
        seed: u64,
    ) -> Vec<Option<Vec<f64>>> {
        let samplers: Vec<draws::Sampler> = ranges.iter().map(draws::Sampler::new).collect();
        let mut rng = Xoshiro256::new(seed);
        let mut data: Vec<Vec<f64>> = (0..Output::COUNT)
            .map(|_| Vec::with_capacity(samples))
            .collect();
        let mut present = [false; Output::COUNT];
        for s in 0..samples {
            let mut sample = *inputs;
            for (sampler, r) in samplers.iter().zip(ranges) {
                sample.set(r.field, sampler.draw(rng.next_f64()));
            }
            let o = sample.outputs();
            for (column, v) in data.iter_mut().zip(columns(&o)) {
                column.push(v);
            }
            if s == 0 {
                present = Output::ALL.map(|out| out.of(&o).is_some());
            }
        }
        data.into_iter()
            .zip(present)
            .map(|(mut v, present)| {
                v.sort_unstable_by(f64::total_cmp);
                present.then_some(v)
            })
            .collect()
    }

    #[test]
    fn random_scenarios_match_a_large_independent_sample() {
        // Random scenarios and ranges, as a user's edits make them: one range (every output
        // exact), several (outputs that mix them sampled over the design), zero-width ranges,
        // unset optional inputs with a range, a field listed twice, values outside the valid
        // ranges (no shortcut). Every percentile of every output lands within one percentage
        // point of 100,000 independent draws (whose own error is about 0.1 point): these
        // outputs can span many decades, where a relative error says little (tests/bands.rs
        // holds the built-in scenarios to 1 % of the value).
        let mut rng = Xoshiro256::new(42);
        let mut pick = |n: usize| (rng.next_u64() % n as u64) as usize;
        for case in 0..16 {
            let mut i = h100();
            for f in Field::ALL {
                let s = f.spec();
                let t = (pick(1000) as f64 + 0.5) / 1000.0;
                let v = if s.scale == Scale::Log {
                    (s.track_min.ln() + t * (s.max.ln() - s.track_min.ln())).exp()
                } else {
                    s.track_min + t * (s.max - s.track_min)
                };
                if pick(3) == 0 {
                    i.set(f, v);
                }
            }
            if pick(3) == 0 {
                i.rent_usd_per_gpu_hour = None;
            }
            if case % 8 == 7 {
                i.price_usd = -1.0; // invalid: the shortcut must stand aside
            }
            let mut ranges = Vec::new();
            for f in Field::ALL {
                if pick(5) == 0 {
                    let v = i.get(f).unwrap_or(2.0).abs().max(1e-3);
                    let low = v * (0.3 + 0.7 * (pick(100) as f64 / 100.0));
                    let high = match pick(6) {
                        0 => low,
                        _ => v * (1.0 + pick(100) as f64 / 50.0),
                    };
                    ranges.push(InputRange {
                        field: f,
                        low,
                        high,
                    });
                }
            }
            if ranges.is_empty() {
                ranges.push(InputRange {
                    field: Field::ALL[pick(12)],
                    low: 0.5,
                    high: 0.9,
                });
            }
            if pick(10) == 0 {
                ranges.push(ranges[0]);
            }
            let got = monte_carlo(&i, &ranges, DEFAULT_SAMPLES, DEFAULT_SEED).unwrap();
            let want = reference(&i, &ranges, 100_000, 1);
            for (o, sorted) in Output::ALL.into_iter().zip(&want) {
                assert_eq!(got.get(o).is_some(), sorted.is_some(), "{o:?}");
                let (Some(g), Some(w)) = (got.get(o), sorted) else {
                    continue;
                };
                // Within one percentage point: the estimate of the 5th percentile lies between
                // the reference's 4th and 6th, and so on.
                let at = |p: f64| w[((p * w.len() as f64) as usize).min(w.len() - 1)];
                for (a, p) in [(g.p5, 0.05), (g.p50, 0.5), (g.p95, 0.95)] {
                    assert!(
                        // In total order, as the bands select: NaN where a sample has no value.
                        at(p - 0.01).total_cmp(&a).is_le() && a.total_cmp(&at(p + 0.01)).is_le(),
                        "case {case}, {o:?}: {g:?}, reference {} {} {}\n{ranges:?}",
                        at(0.05),
                        at(0.5),
                        at(0.95)
                    );
                }
            }
        }
    }
}
