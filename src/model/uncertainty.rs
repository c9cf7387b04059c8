//! Monte Carlo uncertainty bands: sample the uncertain inputs, recompute, take percentiles.
//!
//! Runs on every keypress, so it is built for speed: the draws are kept while the ranges stay
//! the same, an output that depends on one uncertain input takes its percentiles from that
//! input's (three evaluations, see [`monte_carlo`]), and only outputs that mix uncertain inputs
//! are sampled, into one reused buffer (a column per output), with percentiles by selection
//! (`select_nth_unstable`, O(n)) rather than sorting. The generator is a seeded xoshiro256**
//! so bands are reproducible in tests and do not flicker between redraws.

use super::compute::{Inputs, Outputs};
use super::field::{Field, Scale};
use super::output::Output;
use serde::Serialize;
use std::cell::{Cell, RefCell};

/// Samples per run: the 5th/95th percentiles land within ≈ 0.5 % (of the range) of the truth.
pub const DEFAULT_SAMPLES: usize = 10_000;
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
             to that end; 5th, 50th and 95th percentiles by nearest rank",
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
    fn sampler(&self) -> Sampler {
        let log = self.rate == Rate::AlgorithmicHalving && self.low > 0.0 && self.low < self.high;
        Sampler::between(self.low, self.high, log)
    }

    fn apply(&self, i: &mut Inputs, v: f64) {
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

/// How one range draws a value from a uniform `u` in [0, 1).
#[derive(Clone, Copy)]
struct Sampler {
    /// Uniform: `offset + width × u`; log-uniform: `exp(offset + width × u)`.
    offset: f64,
    width: f64,
    log: bool,
}

impl Sampler {
    fn new(r: &InputRange) -> Sampler {
        // Log-uniform for inputs that span decades (their slider is logarithmic). A zero-width
        // range stays linear so the value is exactly `low`: exp(ln x) need not equal x.
        let log = r.field.spec().scale == Scale::Log && r.low > 0.0 && r.high > 0.0;
        Sampler::between(r.low, r.high, log && r.low != r.high)
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

    fn draw(&self, u: f64) -> f64 {
        let x = self.offset + self.width * u;
        if self.log { x.exp() } else { x }
    }
}

/// 5 %, 50 % and 95 % bands of every output when the `ranges` inputs vary over their ranges.
///
/// Log-scale inputs with positive bounds are drawn log-uniformly, others uniformly; GPU counts
/// stay continuous (rounding would only add steps to the band). Percentiles are nearest-rank.
/// `None` when there is nothing uncertain or no samples are asked for.
///
/// The draws depend only on `ranges`, `samples` and `seed`, so they are kept between calls
/// ([`Draws`]): moving a slider of an input without a range reuses them. An output that depends
/// on one uncertain input only is a monotone function of it (products, quotients and sums of
/// non-negative numbers, each rounding step monotone too), so its nearest-rank percentiles are
/// the output at that input's percentiles: three evaluations instead of `samples`. Only outputs
/// that mix two or more uncertain inputs are sampled and selected. Results are bit-identical to
/// sampling every output (a test compares with that reference).
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

/// Each ranged input's share of `output`'s variance under the Monte Carlo draws, among the
/// inputs the output reads: its Spearman rank correlation with the output, squared and
/// normalised to sum to 1 (the question a tornado asks, answered by the samples the bands come
/// from). Empty when nothing varies or the output is not one `Inputs::outputs` computes.
pub fn rank_shares(
    inputs: &Inputs,
    ranges: &[InputRange],
    output: Output,
    samples: usize,
    seed: u64,
) -> Vec<(Field, f64)> {
    if ranges.is_empty() || samples < 3 {
        return Vec::new();
    }
    let draws = Draws::new(ranges, &[], samples, seed);
    let ys: Vec<f64> = (0..samples)
        .map(|s| {
            output
                .of(&draws.sample(inputs, s).outputs())
                .unwrap_or(f64::NAN)
        })
        .collect();
    if ys.iter().any(|y| !y.is_finite()) {
        return Vec::new();
    }
    let ranks = |v: &[f64]| -> Vec<f64> {
        let mut order: Vec<usize> = (0..v.len()).collect();
        order.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
        let mut r = vec![0.0; v.len()];
        for (rank, &i) in order.iter().enumerate() {
            r[i] = rank as f64;
        }
        r
    };
    let corr = |a: &[f64], b: &[f64]| -> f64 {
        let n = a.len() as f64;
        let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
        let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
        for (x, y) in a.iter().zip(b) {
            sab += (x - ma) * (y - mb);
            saa += (x - ma) * (x - ma);
            sbb += (y - mb) * (y - mb);
        }
        if saa == 0.0 || sbb == 0.0 {
            0.0
        } else {
            sab / (saa * sbb).sqrt()
        }
    };
    let ry = ranks(&ys);
    // Only inputs the output reads: the others correlate by sampling noise alone.
    let rho2: Vec<(Field, f64)> = ranges
        .iter()
        .enumerate()
        .filter(|(_, r)| reads(output, r.field))
        .map(|(j, r)| {
            let rx = ranks(&draws.values[j * samples..(j + 1) * samples]);
            (r.field, corr(&rx, &ry).powi(2))
        })
        .collect();
    let total: f64 = rho2.iter().map(|(_, v)| v).sum();
    if total <= 0.0 {
        return Vec::new();
    }
    rho2.into_iter().map(|(f, v)| (f, v / total)).collect()
}

/// How an output moves when one input grows (all other inputs fixed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dir {
    /// The output does not read the input.
    None,
    /// Non-decreasing.
    Up,
    /// Non-increasing.
    Down,
    /// Up and down in turn (effective FLOP grows with GPUs while goodput falls): never the
    /// monotone shortcut, always sampled.
    Mixed,
}

/// Whether `output` reads `field` at all (the dependence table below).
pub fn reads(output: Output, field: Field) -> bool {
    dependence(output, field) != Dir::None
}

/// How `output` depends on `field`, read off [`Inputs::outputs`]; a test checks the table
/// against the arithmetic. The shares of the fleet's year are linked (raising one rescales the
/// other two down), and the projected year raises the card's peak and, less, its watts
/// (price-performance outpaces energy efficiency at the published rates). Serving reads the run's
/// inputs through the compute-optimal model size when no parameter count is typed; where one
/// is typed the output does not move with them, which the bands handle (a listed input that
/// does not move an output gives it no width).
fn dependence(output: Output, field: Field) -> Dir {
    use Field::*;
    // The run's share falls when either other share rises.
    let other_share = matches!(field, ShareExperiments | ShareInference);
    // Inputs of the intermediate quantities.
    let sustained = matches!(field, Gpus | Share | Tflops | Mfu | Year);
    let run_time = matches!(field, Gpus | Share | Days);
    let power = matches!(field, Gpus | Share | Watts | Pue | Year);
    let energy = power || field == Days;
    let energy_cost = energy || field == KwhPrice;
    // Training FLOP × goodput: more run GPUs add FLOP and lose goodput (a share that
    // takes GPUs from the run does the opposite).
    if output == Output::GoodputFlop && (matches!(field, Gpus | Share) || other_share) {
        return Dir::Mixed;
    }
    // Unless typed, a checkpoint's write time is the state of the model the run trains (its
    // parameters, compute-optimal from the run's FLOP when unset) over the storage bandwidth:
    // these inputs move it only when the checkpoint is not typed, and goodput with it.
    let checkpoint_state = matches!(
        field,
        StorageBandwidth | Params | Gpus | Share | Tflops | Mfu | Days | Year
    ) || other_share;
    let failure_outputs = matches!(
        output,
        Output::CheckpointWrite
            | Output::CheckpointInterval
            | Output::Goodput
            | Output::GoodputFlop
    );
    if failure_outputs
        && checkpoint_state
        && !matches!(
            (output, field),
            (
                Output::Goodput | Output::CheckpointInterval,
                Gpus | Share | ShareExperiments | ShareInference
            )
        )
    {
        return Dir::Mixed;
    }
    // The compute-optimal size of the model served grows with the run's FLOP.
    let model = matches!(field, Gpus | Share | Mfu | Days);
    let down = match output {
        Output::AmortizedCost => field == AmortYears || other_share,
        Output::EpochAmortizedCost => other_share,
        Output::Sustained
        | Output::TotalFlop
        | Output::ChinchillaParams
        | Output::ChinchillaTokens
        | Output::EffectiveFlop
        | Output::GpuHours
        | Output::RentalCost => other_share,
        Output::Power | Output::Energy | Output::EnergyCost | Output::Co2 => other_share,
        Output::TokensPerDay => {
            matches!(
                field,
                Params | ActiveParams | Share | Mfu | Days | ShareExperiments
            )
        }
        Output::ServeRentCost => matches!(field, Tflops | Year | InferenceMfu) || other_share,
        Output::ServeAmortizedCost => {
            matches!(field, Tflops | Year | InferenceMfu | AmortYears) || other_share
        }
        Output::InferencePower => matches!(field, Share | ShareExperiments),
        // Failures: the rate per GPU-hour times the run's GPUs sets the time between them;
        // a share that takes GPUs from the run makes them rarer.
        Output::JobMtbf | Output::CheckpointInterval => matches!(field, Gpus | Share | FailureRate),
        Output::Interruptions => other_share,
        Output::Goodput => matches!(
            field,
            Gpus | Share | FailureRate | PlannedRate | Checkpoint | Restart
        ),
        Output::GoodputFlop => matches!(field, FailureRate | PlannedRate | Checkpoint | Restart),
        _ => false,
    };
    if down {
        return Dir::Down;
    }
    let up = match output {
        // Every GPU, not the run's share.
        Output::FleetCost | Output::ClusterCost => matches!(field, Gpus | Price),
        Output::RentalCost => run_time || field == Rent,
        // cluster cost × share × days / (years × 365.25) + energy cost
        Output::AmortizedCost => matches!(field, Gpus | Price | Share | Days) || energy_cost,
        Output::EpochAmortizedCost => matches!(field, Gpus | Price | Share | Days) || energy_cost,
        Output::Sustained => sustained,
        // chinchilla params and tokens are √(total / 120) and 20 × that.
        Output::TotalFlop | Output::ChinchillaParams | Output::ChinchillaTokens => {
            sustained || field == Days
        }
        Output::EffectiveFlop => sustained || field == Days,
        Output::FleetFlopPerYear => matches!(field, Gpus | Tflops | Mfu | Year),
        Output::GpuHours => run_time,
        Output::Power => power,
        Output::FleetPower => matches!(field, Gpus | Watts | Pue | Year),
        Output::Energy => energy,
        Output::EnergyCost => energy_cost,
        Output::Co2 => energy || field == Co2,
        // inference GPUs × peak × utilization / (2 × √(run FLOP / 120)) × 86,400
        Output::TokensPerDay => {
            matches!(field, Gpus | Tflops | Year | InferenceMfu | ShareInference)
        }
        Output::ServeRentCost => model || matches!(field, Rent | Params | ActiveParams),
        Output::ServeAmortizedCost => {
            model
                || matches!(
                    field,
                    Price | Watts | Pue | KwhPrice | Params | ActiveParams
                )
        }
        Output::InferencePower => matches!(field, Gpus | Watts | Pue | Year | ShareInference),
        Output::Interruptions => matches!(field, Gpus | Share | FailureRate),
        Output::JobMtbf | Output::Goodput => other_share,
        Output::CheckpointInterval => field == Checkpoint || other_share,
        Output::CheckpointWrite => field == Checkpoint,
        Output::GoodputFlop => sustained || field == Days,
    };
    if up { Dir::Up } else { Dir::None }
}

/// The draws of one run: every sample's value of every uncertain input, and the order
/// statistics that the monotone shortcut needs. Depends only on the ranges, count and seed.
struct Draws {
    ranges: Vec<InputRange>,
    /// Trend rates drawn after the inputs (their columns follow the inputs' in `values`).
    rates: Vec<RateRange>,
    samples: usize,
    seed: u64,
    /// Column-major: `values[j * samples + s]` is sample `s` of `ranges[j]`, drawn in the order
    /// the generator produced them (sample by sample, range by range).
    values: Vec<f64>,
    /// Per range: its values at the nearest ranks of 5, 50, 95 % (ascending order)…
    low_ranks: Vec<[f64; 3]>,
    /// …and at the mirrored ranks (`n − 1 − i`), for outputs that fall as the input grows.
    high_ranks: Vec<[f64; 3]>,
}

impl Draws {
    fn new(ranges: &[InputRange], rates: &[RateRange], samples: usize, seed: u64) -> Draws {
        let samplers: Vec<Sampler> = ranges
            .iter()
            .map(Sampler::new)
            .chain(rates.iter().map(RateRange::sampler))
            .collect();
        let k = samplers.len();
        let mut rng = Xoshiro256::new(seed);
        let mut values = vec![0.0; k * samples];
        // The inputs' draws first, sample by sample, then the rates' from the same stream: an
        // input's band is the same whether or not rates are drawn beside it.
        let (of_inputs, of_rates) = samplers.split_at(ranges.len());
        for (offset, group) in [(0, of_inputs), (ranges.len(), of_rates)] {
            for s in 0..samples {
                for (j, sampler) in group.iter().enumerate() {
                    values[(offset + j) * samples + s] = sampler.draw(rng.next_f64());
                }
            }
        }
        let (i5, i50, i95) = (
            rank_index(5, samples),
            rank_index(50, samples),
            rank_index(95, samples),
        );
        let last = samples - 1;
        let mut low_ranks = Vec::with_capacity(k);
        let mut high_ranks = Vec::with_capacity(k);
        let mut keys = Vec::with_capacity(samples);
        for column in values.chunks_exact(samples) {
            keys.clear();
            keys.extend(column.iter().map(|&v| key(v)));
            let stats = order_stats(&mut keys, [i5, i50, i95, last - i95, last - i50, last - i5]);
            let stats = stats.map(unkey);
            low_ranks.push([stats[0], stats[1], stats[2]]);
            high_ranks.push([stats[5], stats[4], stats[3]]);
        }
        Draws {
            ranges: ranges.to_vec(),
            rates: rates.to_vec(),
            samples,
            seed,
            values,
            low_ranks,
            high_ranks,
        }
    }

    fn matches(
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

    /// Sample `s` of the scenario: the central inputs with every uncertain input drawn.
    fn sample(&self, inputs: &Inputs, s: usize) -> Inputs {
        let mut sample = *inputs;
        for (j, r) in self.ranges.iter().enumerate() {
            sample.set(r.field, self.values[j * self.samples + s]);
        }
        let k = self.ranges.len();
        for (j, r) in self.rates.iter().enumerate() {
            r.apply(&mut sample, self.values[(k + j) * self.samples + s]);
        }
        sample
    }

    /// Whether the monotone shortcut is sound here: every value in its field's valid range
    /// (finite, non-negative, bounded, a hardware life above zero, so no product overflows and
    /// no 0/0 appears), each field uncertain at most once, and no share of the fleet's year
    /// uncertain (setting one rescales the others, so re-setting it on a sample need not give
    /// the same bits as setting it once).
    fn monotone_ok(&self, inputs: &Inputs) -> bool {
        if self
            .ranges
            .iter()
            .any(|r| crate::model::projection::share_index(r.field).is_some())
        {
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

/// The keys at the (0-based) ranks `wanted`, by successive selection; reorders `keys`.
fn order_stats(keys: &mut [u64], wanted: [usize; 6]) -> [u64; 6] {
    let mut order = wanted;
    order.sort_unstable();
    let mut out = [0; 6];
    let mut from = 0;
    for &i in &order {
        if i >= from {
            keys[from..].select_nth_unstable(i - from);
            from = i + 1;
        }
        // A repeated rank was selected already (and stays in place).
        let v = keys[i];
        for (slot, &w) in out.iter_mut().zip(&wanted) {
            if w == i {
                *slot = v;
            }
        }
    }
    out
}

/// The bands of `inputs` under `draws`.
fn bands(inputs: &Inputs, draws: &Draws) -> Bands {
    let samples = draws.samples;
    // Any sample will do as the base of single-input evaluations: an output that reads one
    // uncertain input does not read the others. Sample 0 also turns an unset optional input
    // with a range into a set one, as every sample does.
    let base = draws.sample(inputs, 0);
    let central = base.outputs();
    let present = Output::ALL.map(|o| o.of(&central).is_some());
    // Trend rates move most outputs through the projected card: every output is sampled.
    let shortcut = draws.monotone_ok(inputs) && draws.rates.is_empty();
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
            (true, None, _) => {
                let c = columns(&central)[k];
                Some(Band {
                    p5: c,
                    p50: c,
                    p95: c,
                })
            }
            (true, Some((j, dir)), None) if dir != Dir::Mixed => {
                let at = if dir == Dir::Up {
                    draws.low_ranks[j]
                } else {
                    draws.high_ranks[j]
                };
                let field = draws.ranges[j].field;
                let [p5, p50, p95] = at.map(|v| {
                    let mut x = base;
                    x.set(field, v);
                    columns(&x.outputs())[k]
                });
                Some(Band { p5, p50, p95 })
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
    /// The sample buffer, kept between calls: a fresh 880 kB buffer per keypress spends ≈ 40 %
    /// as long in page faults as the sampling itself takes.
    static SCRATCH: Cell<Vec<u64>> = const { Cell::new(Vec::new()) };
    /// The draws of the last run, reused while its ranges, sample count and seed stay the same.
    static DRAWS: RefCell<Option<Draws>> = const { RefCell::new(None) };
}

/// Largest buffer kept between calls (8 MiB, ≈ 95,000 samples); bigger runs free theirs. The
/// same bound applies to the kept draws (in values).
const MAX_KEPT: usize = 1 << 20;

/// An order-preserving map of `f64` to `u64` (the order of [`f64::total_cmp`]): integers
/// compare faster than floats, which makes selection ≈ 25 % quicker.
fn key(x: f64) -> u64 {
    let b = x.to_bits();
    if b >> 63 == 1 { !b } else { b | 1 << 63 }
}

/// The inverse of [`key`].
fn unkey(k: u64) -> f64 {
    f64::from_bits(if k >> 63 == 1 { k & !(1 << 63) } else { !k })
}

/// Nearest-rank index (0-based) of percentile `p` in `n` sorted values: rank ⌈p × n / 100⌉.
/// Integer arithmetic, so 5 % of 10,000 is exactly rank 500 (0.05 × 10000 is not exact).
fn rank_index(p: usize, n: usize) -> usize {
    (p * n).div_ceil(100).clamp(1, n) - 1
}

/// Nearest-rank 5th, 50th and 95th percentiles of the keys in `v`, reordering it.
///
/// One selection for the median partitions the slice, so the 5th and 95th are then selected
/// within the halves: about 2n comparisons in all instead of a full sort's n log n.
fn percentiles(v: &mut [u64]) -> Band {
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

/// xoshiro256** (Blackman & Vigna), seeded through SplitMix64 as its authors recommend: small,
/// fast, and statistically far better than a band estimate needs.
pub(crate) struct Xoshiro256 {
    s: [u64; 4],
}

impl Xoshiro256 {
    pub(crate) fn new(seed: u64) -> Xoshiro256 {
        let mut sm = seed;
        let mut splitmix = || {
            sm = sm.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = sm;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        };
        Xoshiro256 {
            s: [splitmix(), splitmix(), splitmix(), splitmix()],
        }
    }

    fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1) with 53 random bits.
    pub(crate) fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

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
    fn uniform_draws_on_50_to_150_give_55_100_145() {
        // The uniform law itself, on [50, 150]: 50 + 100 × {0.05, 0.5, 0.95}.
        let s = Sampler::new(&InputRange {
            field: Field::Pue,
            low: 50.0,
            high: 150.0,
        });
        assert!(!s.log);
        let mut rng = Xoshiro256::new(DEFAULT_SEED);
        let mut v: Vec<u64> = (0..DEFAULT_SAMPLES)
            .map(|_| key(s.draw(rng.next_f64())))
            .collect();
        let b = percentiles(&mut v);
        assert!(close(b.p5, 55.0, 0.01), "{}", b.p5);
        assert!(close(b.p50, 100.0, 0.01), "{}", b.p50);
        assert!(close(b.p95, 145.0, 0.01), "{}", b.p95);
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

    #[test]
    fn xoshiro_matches_the_reference_sequence() {
        // SplitMix64 from seed 0 gives 0xe220a8397b1dcdaf as its first output (reference C).
        let mut sm_state = 0u64;
        sm_state = sm_state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = sm_state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        assert_eq!(z ^ (z >> 31), 0xe220_a839_7b1d_cdaf);
        let r = Xoshiro256::new(0);
        assert_eq!(r.s[0], 0xe220_a839_7b1d_cdaf);
        // xoshiro256** from state [1, 2, 3, 4]: the reference implementation's first outputs.
        // First by hand: rotl(2 × 5, 7) × 9 = 1280 × 9 = 11520; then s[1] becomes 0 → 0.
        let mut r = Xoshiro256 { s: [1, 2, 3, 4] };
        assert_eq!(r.next_u64(), 11520);
        assert_eq!(r.next_u64(), 0);
        assert_eq!(r.next_u64(), 1_509_978_240);
        assert_eq!(r.next_u64(), 1_215_971_899_390_074_240);
        // Uniform draws stay in [0, 1) and average ≈ 0.5.
        let mean = (0..10_000).map(|_| r.next_f64()).sum::<f64>() / 10_000.0;
        assert!((mean - 0.5).abs() < 0.01, "{mean}");
    }

    /// The straightforward algorithm: draw every sample, compute every output, select. The
    /// shortcuts of [`monte_carlo`] must give exactly these numbers.
    fn reference(inputs: &Inputs, ranges: &[InputRange], samples: usize, seed: u64) -> Bands {
        let samplers: Vec<Sampler> = ranges.iter().map(Sampler::new).collect();
        let mut rng = Xoshiro256::new(seed);
        let mut data = vec![0u64; Output::COUNT * samples];
        let mut present = [false; Output::COUNT];
        for s in 0..samples {
            let mut sample = *inputs;
            for (sampler, r) in samplers.iter().zip(ranges) {
                sample.set(r.field, sampler.draw(rng.next_f64()));
            }
            let o = sample.outputs();
            for (k, v) in columns(&o).into_iter().enumerate() {
                data[k * samples + s] = key(v);
            }
            // Presence is the first sample's, as in the bands (a serving cost vanishes in a
            // sample where a ranged share leaves nothing serving).
            if s == 0 {
                present = Output::ALL.map(|out| out.of(&o).is_some());
            }
        }
        let mut bands = data.chunks_exact_mut(samples).map(percentiles);
        let mut out = [None; Output::COUNT];
        for (slot, present) in out.iter_mut().zip(present) {
            let b = bands.next().unwrap();
            *slot = present.then_some(b);
        }
        Bands {
            samples,
            seed,
            bands: out,
        }
    }

    /// Bit-for-bit equality (NaN included), with a readable failure.
    fn assert_same(got: &Bands, want: &Bands, what: &str) {
        let bits = |b: &Bands| -> Vec<u64> {
            all_bands(b)
                .iter()
                .flat_map(|x| [x.p5, x.p50, x.p95])
                .map(f64::to_bits)
                .collect()
        };
        assert!(
            bits(got) == bits(want)
                && Output::ALL
                    .iter()
                    .all(|&o| got.get(o).is_some() == want.get(o).is_some()),
            "{what}\n got {got:?}\nwant {want:?}"
        );
    }

    #[test]
    fn shortcuts_match_the_reference_bit_for_bit() {
        // Random scenarios and ranges: one range (every output takes the monotone shortcut),
        // several (outputs that mix them are sampled), zero-width, unset optional inputs with a
        // range, a field listed twice, values outside the valid ranges (no shortcut), and
        // sample counts from 1 up. Each case also runs twice with other inputs, as a slider
        // step reuses the kept draws.
        let mut rng = Xoshiro256::new(42);
        let mut pick = |n: usize| (rng.next_u64() % n as u64) as usize;
        for case in 0..300 {
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
            if pick(3) == 0 {
                i.amortization_years = None;
            }
            if case % 50 == 7 {
                i.price_usd = -1.0; // invalid: the shortcut must stand aside
            }
            let mut ranges = Vec::new();
            for f in Field::ALL {
                if pick(4) == 0 {
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
            let samples = [1, 2, 3, 19, 100, 1_001][pick(6)];
            let seed = pick(1 << 20) as u64;
            for round in 0..3 {
                if round > 0 {
                    // Another value on an input, the draws kept.
                    let f = Field::ALL[pick(12)];
                    let s = f.spec();
                    i.set(f, s.track_min + (s.max - s.track_min) * 0.25);
                }
                let got = monte_carlo(&i, &ranges, samples, seed).unwrap();
                let want = reference(&i, &ranges, samples, seed);
                assert_same(
                    &got,
                    &want,
                    &format!("case {case} round {round}: {ranges:?}"),
                );
            }
        }
        // The explorer's size, on the default scenario's four ranges and on two that share
        // outputs.
        let meta = [
            (Field::Price, 25e3, 30e3),
            (Field::Mfu, 0.3, 0.43),
            (Field::KwhPrice, 0.0771, 0.0832),
            (Field::Rent, 2.45, 12.29),
        ];
        let shared = [(Field::Gpus, 1e5, 4e5), (Field::Days, 60.0, 120.0)];
        for set in [&meta[..], &shared[..]] {
            let ranges: Vec<InputRange> = set
                .iter()
                .map(|&(field, low, high)| InputRange { field, low, high })
                .collect();
            let got = monte_carlo(&h100(), &ranges, DEFAULT_SAMPLES, DEFAULT_SEED).unwrap();
            let want = reference(&h100(), &ranges, DEFAULT_SAMPLES, DEFAULT_SEED);
            assert_same(&got, &want, &format!("{ranges:?}"));
        }
    }

    #[test]
    fn dependence_table_matches_the_arithmetic() {
        // Doubling one input moves exactly the outputs the table says, in its direction. The
        // Epoch amortized cost is set by the evaluation (it needs the catalog's constants):
        // here it is computed the same way with Epoch's published constants.
        let with_epoch = |i: &Inputs| {
            let mut o = i.outputs();
            let c = crate::model::epoch_cost::Constants::published();
            o.epoch_amortized_cost_usd = Some(crate::model::Usd(
                crate::model::epoch_cost::scenario_amortized(
                    o.gpu_hours,
                    i.price_usd,
                    1.64,
                    o.energy_cost_usd.0,
                    &c,
                ),
            ));
            columns(&o)
        };
        // Every share above zero, so raising one moves the other two; the parameter counts
        // are moved from typed values (unset, they follow the run's FLOP).
        let i = Inputs {
            run_share: 0.5,
            share_experiments: 0.3,
            share_inference: 0.2,
            ..h100()
        };
        let typed = Inputs {
            params: Some(4e11),
            active_params: Some(1e11),
            ..i
        };
        for f in Field::ALL {
            let base = match f {
                Field::Params => Inputs {
                    active_params: None,
                    ..typed
                },
                Field::ActiveParams => typed,
                _ => i,
            };
            let before = with_epoch(&base);
            let mut j = base;
            match (f, base.get(f)) {
                (Field::Year, Some(y)) => j.set(f, y + 1.0),
                (_, Some(v)) => j.set(f, v * 2.0),
                (_, None) => unreachable!("{f:?} is set in the test inputs"),
            }
            let after = with_epoch(&j);
            for (k, &output) in Output::ALL.iter().enumerate() {
                // An output that vanishes (serving costs once nothing serves) has no direction.
                if after[k].is_nan() {
                    continue;
                }
                let moved = if after[k] > before[k] {
                    Dir::Up
                } else if after[k] < before[k] {
                    Dir::Down
                } else {
                    Dir::None
                };
                let table = dependence(output, f);
                // A mixed input may move the output either way (or not at all) at one point.
                if table != Dir::Mixed {
                    assert_eq!(table, moved, "{output:?}, {f:?}");
                }
            }
        }
    }

    /// Release-mode timing of a projected scenario's bands (every output sampled):
    /// `cargo test --release --lib model::uncertainty::tests::timing -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn timing_10k_samples_3_ranges_and_trend_rates() {
        let r = [
            InputRange {
                field: Field::Price,
                low: 25e3,
                high: 30e3,
            },
            InputRange {
                field: Field::Mfu,
                low: 0.3,
                high: 0.43,
            },
            InputRange {
                field: Field::Rent,
                low: 2.45,
                high: 3.95,
            },
        ];
        let rates = [
            RateRange {
                rate: Rate::PricePerformance,
                low: 0.096,
                high: 0.195,
            },
            RateRange {
                rate: Rate::AlgorithmicHalving,
                low: 5.0,
                high: 14.0,
            },
        ];
        let i = Inputs {
            year: 2028.0,
            ..h100()
        };
        let mut times: Vec<_> = (0..50)
            .map(|k| {
                let mut j = i;
                j.days = 90.0 + k as f64;
                let start = std::time::Instant::now();
                let b = monte_carlo_with_rates(&j, &r, &rates, DEFAULT_SAMPLES, DEFAULT_SEED);
                std::hint::black_box(b);
                start.elapsed()
            })
            .collect();
        times.sort();
        println!(
            "projected bands, 10k samples, 3 ranges + 2 rates: min {:?}, median {:?} per call",
            times[0],
            times[times.len() / 2]
        );
    }

    /// Release-mode timing:
    /// `cargo test --release --lib model::uncertainty::tests::timing -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn timing_10k_samples_3_ranges() {
        let r = [
            InputRange {
                field: Field::Gpus,
                low: 1e3,
                high: 1e5,
            },
            InputRange {
                field: Field::Mfu,
                low: 0.3,
                high: 0.5,
            },
            InputRange {
                field: Field::Days,
                low: 30.0,
                high: 180.0,
            },
        ];
        let i = h100();
        // Minimum and median per call: robust to other processes sharing the cores.
        let mut times: Vec<_> = (0..300)
            .map(|seed| {
                let start = std::time::Instant::now();
                let b = monte_carlo(&i, &r, DEFAULT_SAMPLES, seed);
                std::hint::black_box(b);
                start.elapsed()
            })
            .collect();
        times.sort();
        println!(
            "monte_carlo 10k samples, 3 ranges: min {:?}, median {:?} per call",
            times[0],
            times[times.len() / 2]
        );
    }
}
