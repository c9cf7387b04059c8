//! The scenario arithmetic: inputs in, outputs out. Pure functions, no I/O.
//!
//! Definitions (tests check them by hand): hardware method
//! `C = n × peak × MFU × t`, Chinchilla's `C = 6·N·D` with `D = 20·N`, and energy from
//! per-GPU wall power (server share included) times PUE.

use super::failures::{Failures, Goodput, Recovery, goodput, restart_keeping};
use super::field::Field;
use super::projection::{Rates, SHARE_FIELDS, rebalance, share_index};
use super::serving::{FleetAsk, FleetServing, Replica, Unserved, fleet_replica};
use super::units::{DAYS_PER_YEAR, Flop, FlopPerSec, HOURS_PER_DAY, SECONDS_PER_DAY, TERA, Usd};
use serde::{Deserialize, Serialize};

/// Everything a scenario needs. Units are in the names.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Inputs {
    /// Accelerator count (≥ 1).
    pub gpus: f64,
    /// Purchase price per accelerator, USD (≥ 0).
    pub price_usd: f64,
    /// Dense peak per accelerator at the chosen precision, TFLOP/s (> 0).
    pub peak_tflops: f64,
    /// Model FLOP utilization, a fraction in (0, 1].
    pub mfu: f64,
    /// Wall-clock training days (> 0).
    pub days: f64,
    /// Fraction of the fleet's GPUs that train this run, in (0, 1]; 1 = the whole fleet.
    pub run_share: f64,
    /// Watts per accelerator including its share of the server (> 0).
    pub watts_per_gpu: f64,
    /// Power usage effectiveness of the data centre (≥ 1).
    pub pue: f64,
    /// Electricity price, USD per kWh (≥ 0).
    pub usd_per_kwh: f64,
    /// Grid carbon intensity, kg CO2eq per kWh (≥ 0).
    pub kg_co2_per_kwh: f64,
    /// Cloud rental price, USD per GPU-hour, when known.
    pub rent_usd_per_gpu_hour: Option<f64>,
    /// Hardware life for amortization, years, when given.
    pub amortization_years: Option<f64>,
    /// Unexpected interruptions per million GPU-hours (≥ 0).
    pub failures_per_million_gpu_hours: f64,
    /// Minutes training stalls per checkpoint, when typed (else the checkpointed state ÷ the
    /// storage write bandwidth).
    pub checkpoint_minutes: Option<f64>,
    /// Sustained write bandwidth of the checkpoint storage, TB/s (> 0).
    pub storage_tb_per_s: f64,
    /// Planned interruptions (maintenance) per million GPU-hours (≥ 0).
    pub planned_per_million_gpu_hours: f64,
    /// How the run recovers from a failure.
    pub recovery: Recovery,
    /// What the MFU includes: only in-step MFU still pays for failures.
    pub mfu_basis: MfuBasis,
    /// Bytes a checkpoint holds per parameter (weights and optimizer state, from
    /// `presets/limits.ron`).
    #[serde(skip)]
    pub checkpoint_bytes_per_param: f64,
    /// Minutes from an interruption until training resumes (≥ 0).
    pub restart_minutes: f64,
    /// Global batch size, tokens.
    pub batch_tokens: f64,
    /// The year the scenario describes (its inputs are that year's card and prices).
    pub base_year: f64,
    /// The year it is projected to; `base_year` reproduces the scenario exactly.
    pub year: f64,
    /// Share of the fleet's year on experiments and R&D; with `run_share` and
    /// `share_inference` it sums to 1.
    pub share_experiments: f64,
    /// Share of the fleet's year serving users.
    pub share_inference: f64,
    /// Parameters of the model the run trains, when typed (else compute-optimal).
    pub params: Option<f64>,
    /// Parameters active per token, when typed (else all of them).
    pub active_params: Option<f64>,
    /// Achieved fraction of the dense peak when serving is compute-bound, in (0, 1].
    pub inference_utilization: f64,
    /// Sequences decoded together per serving replica.
    pub serve_batch: f64,
    /// Prompt tokens per served request.
    pub prompt_tokens: f64,
    /// Generated tokens per served request.
    pub generate_tokens: f64,
    /// GPUs per serving replica when typed (else the fewest that hold the model and its cache).
    pub replica_gpus: Option<f64>,
    /// The card's memory side and the serving constants (from the catalog and
    /// `presets/serving.ron`).
    #[serde(skip)]
    pub serving: FleetServing,
    /// Trend rates and the default split (from `presets/trends.ron`).
    #[serde(skip)]
    pub rates: Rates,
    /// Cluster capex per dollar of GPUs: servers and networking on Epoch AI's split for the
    /// card's family (from `presets/epoch_costs.ron`).
    #[serde(skip)]
    pub cluster_overhead: f64,
}

/// What a scenario's MFU counts. Papers report *in-step* MFU for a stage of training (Llama 3:
/// 38–43 %, arXiv 2407.21783 Table 4); FLOP ÷ GPU-hours gives a *whole-run* MFU that already
/// includes failures, restarts and slower stages. Goodput applies to in-step MFU only.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MfuBasis {
    #[default]
    InStep,
    WholeRun,
}

impl MfuBasis {
    /// The word in files and JSON.
    pub fn key(self) -> &'static str {
        match self {
            MfuBasis::InStep => "in-step",
            MfuBasis::WholeRun => "whole-run",
        }
    }
}

/// The model the run trains: what serving it costs per token depends on it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct TrainedModel {
    /// Total parameters: typed, or the run's compute-optimal count.
    pub params: f64,
    /// Parameters a token passes through: typed, or `params`.
    pub active_params: f64,
    /// Whether `params` was typed rather than derived from the run's compute.
    pub params_typed: bool,
}

impl Inputs {
    /// The value of one field; `None` for an unset optional input.
    pub fn get(&self, f: Field) -> Option<f64> {
        Some(match f {
            Field::Gpus => self.gpus,
            Field::Price => self.price_usd,
            Field::Tflops => self.peak_tflops,
            Field::Mfu => self.mfu,
            Field::Days => self.days,
            Field::Share => self.run_share,
            Field::Watts => self.watts_per_gpu,
            Field::Pue => self.pue,
            Field::KwhPrice => self.usd_per_kwh,
            Field::Co2 => self.kg_co2_per_kwh,
            Field::Rent => return self.rent_usd_per_gpu_hour,
            Field::AmortYears => return self.amortization_years,
            Field::FailureRate => self.failures_per_million_gpu_hours,
            Field::Checkpoint => return self.checkpoint_minutes,
            Field::StorageBandwidth => self.storage_tb_per_s,
            Field::PlannedRate => self.planned_per_million_gpu_hours,
            Field::Restart => self.restart_minutes,
            Field::Batch => self.batch_tokens,
            Field::Year => self.year,
            Field::ShareExperiments => self.share_experiments,
            Field::ShareInference => self.share_inference,
            Field::Params => return self.params,
            Field::ActiveParams => return self.active_params,
            Field::InferenceMfu => self.inference_utilization,
            Field::ServeBatch => self.serve_batch,
            Field::PromptTokens => self.prompt_tokens,
            Field::GenerateTokens => self.generate_tokens,
            Field::ReplicaGpus => return self.replica_gpus,
        })
    }

    /// Sets one field (no range check; callers validate with [`Field::check`]). A share of
    /// the fleet's year rescales the other two so the three still sum to 1.
    ///
    /// Inline wherever it is called: the bands set every ranged input of every sample, and
    /// whether a call or the field's store is left there was up to the compiler's split of
    /// the crate into units (0.4 M instructions of `eval` either way).
    #[inline]
    pub fn set(&mut self, f: Field, v: f64) {
        if let Some(i) = share_index(f) {
            let shares = self.shares();
            if let Some(new) = rebalance(shares, i, v, [false; 3], self.rates.split) {
                for (g, s) in SHARE_FIELDS.into_iter().zip(new) {
                    self.set_raw(g, s);
                }
                return;
            }
        }
        self.set_raw(f, v);
    }

    /// Sets the three shares as they stand, without rebalancing (they already sum to 1).
    pub fn set_shares(&mut self, shares: [f64; 3]) {
        for (g, s) in SHARE_FIELDS.into_iter().zip(shares) {
            self.set_raw(g, s);
        }
    }

    /// The fleet's year as (final run, experiments, inference) shares.
    pub fn shares(&self) -> [f64; 3] {
        [self.run_share, self.share_experiments, self.share_inference]
    }

    /// Sets one field alone, without rebalancing the shares.
    fn set_raw(&mut self, f: Field, v: f64) {
        match f {
            Field::Gpus => self.gpus = v,
            Field::Price => self.price_usd = v,
            Field::Tflops => self.peak_tflops = v,
            Field::Mfu => self.mfu = v,
            Field::Days => self.days = v,
            Field::Share => self.run_share = v,
            Field::Watts => self.watts_per_gpu = v,
            Field::Pue => self.pue = v,
            Field::KwhPrice => self.usd_per_kwh = v,
            Field::Co2 => self.kg_co2_per_kwh = v,
            Field::Rent => self.rent_usd_per_gpu_hour = Some(v),
            Field::AmortYears => self.amortization_years = Some(v),
            Field::FailureRate => self.failures_per_million_gpu_hours = v,
            Field::Checkpoint => self.checkpoint_minutes = Some(v),
            Field::StorageBandwidth => self.storage_tb_per_s = v,
            Field::PlannedRate => self.planned_per_million_gpu_hours = v,
            Field::Restart => self.restart_minutes = v,
            Field::Batch => self.batch_tokens = v,
            Field::Year => self.year = v,
            Field::ShareExperiments => self.share_experiments = v,
            Field::ShareInference => self.share_inference = v,
            Field::Params => self.params = Some(v),
            Field::ActiveParams => self.active_params = Some(v),
            Field::InferenceMfu => self.inference_utilization = v,
            Field::ServeBatch => self.serve_batch = v,
            Field::PromptTokens => self.prompt_tokens = v,
            Field::GenerateTokens => self.generate_tokens = v,
            Field::ReplicaGpus => self.replica_gpus = Some(v),
        }
    }

    /// The first field outside its valid range, if any.
    pub fn validate(&self) -> Result<(), super::field::RangeError> {
        for f in Field::ALL {
            if let Some(v) = self.get(f) {
                f.check(v)?;
            }
        }
        Ok(())
    }

    /// Whether the three shares of the fleet's year sum to 1 (to rounding).
    pub fn shares_sum_to_one(&self) -> bool {
        (self.shares().iter().sum::<f64>() - 1.0).abs() <= 1e-6
    }

    /// Years from the base year to the projected year.
    pub fn years_ahead(&self) -> f64 {
        self.year - self.base_year
    }

    /// Peak of the notional card of the projected year, TFLOP/s: the same price buys
    /// price-performance's factor more.
    pub fn projected_peak_tflops(&self) -> f64 {
        self.peak_tflops * self.rates.hardware_factor(self.years_ahead())
    }

    /// All-in watts of the notional card of the projected year: its peak over the year's
    /// FLOP per joule.
    pub fn projected_watts(&self) -> f64 {
        let y = self.years_ahead();
        self.watts_per_gpu * self.rates.hardware_factor(y) / self.rates.energy_factor(y)
    }

    /// Electricity for one GPU-hour of the projected year's card: all-in watts × PUE × price.
    pub fn energy_usd_per_gpu_hour(&self) -> f64 {
        self.projected_watts() * self.pue / 1000.0 * self.usd_per_kwh
    }

    /// Base-year-algorithm FLOP per physical FLOP in the projected year.
    pub fn algorithmic_factor(&self) -> f64 {
        self.rates.algorithmic_factor(self.years_ahead())
    }

    /// The model the run trains: typed parameters, or the compute-optimal count of the run's
    /// physical FLOP (Chinchilla, `N = √(C / 120)`); active parameters typed, or all of them.
    /// The one place the rest of the program asks what model the run trains.
    pub fn trained_model(&self) -> TrainedModel {
        let params = self
            .params
            .unwrap_or_else(|| (self.total_flop().0 / 120.0).sqrt());
        TrainedModel {
            params,
            active_params: self.active_params.unwrap_or(params).min(params),
            params_typed: self.params.is_some(),
        }
    }

    /// One replica of the fleet's serving share on the roofline: the trained model in the
    /// shape rule's shape, on the typed GPUs or the fewest that hold it, at the projected
    /// year's peak (the card's memory bandwidth and capacity stay the base card's: no trend
    /// for them is sourced here).
    pub fn serving_replica(&self) -> Result<Replica, Unserved> {
        let m = self.trained_model();
        fleet_replica(
            &self.serving,
            &FleetAsk {
                params: m.params,
                active_params: m.active_params,
                peak_tflops: self.projected_peak_tflops(),
                mfu: self.inference_utilization,
                batch: self.serve_batch,
                prompt: self.prompt_tokens,
                generate: self.generate_tokens,
                gpus: self.replica_gpus,
            },
        )
    }

    /// Minutes one checkpoint stalls training: typed, or the checkpointed state (total
    /// parameters × bytes per parameter) ÷ the storage write bandwidth.
    pub fn checkpoint_write_minutes(&self) -> f64 {
        self.checkpoint_minutes.unwrap_or_else(|| {
            self.trained_model().params * self.checkpoint_bytes_per_param
                / (self.storage_tb_per_s * 1e12)
                / 60.0
        })
    }

    /// The run's physical FLOP: sustained FLOP/s × days × 86,400.
    pub fn total_flop(&self) -> Flop {
        self.sustained().over_seconds(self.days * SECONDS_PER_DAY)
    }

    /// GPUs that train the run: `gpus × run_share` (all of them at the default share of 1).
    pub fn run_gpus(&self) -> f64 {
        self.gpus * self.run_share
    }

    /// Sustained throughput of the run: `gpus × share × peak × 1e12 × mfu`, at the projected
    /// year's peak.
    pub fn sustained(&self) -> FlopPerSec {
        FlopPerSec(self.run_gpus() * self.projected_peak_tflops() * TERA * self.mfu)
    }

    /// The run's goodput alone (the `goodput` and failure outputs of [`Inputs::outputs`]): what
    /// a goal seek on goodput asks at every step, without the serving replica and the rest.
    pub fn goodput(&self) -> Goodput {
        self.goodput_with(self.checkpoint_write_minutes())
    }

    /// The restart, minutes, at which this run keeps a goodput of `goal`, in closed form
    /// ([`restart_keeping`]).
    pub fn restart_keeping(&self, goal: f64) -> f64 {
        restart_keeping(&self.failures(self.checkpoint_write_minutes()), goal)
    }

    fn goodput_with(&self, checkpoint_write_minutes: f64) -> Goodput {
        goodput(&self.failures(checkpoint_write_minutes))
    }

    /// What the failure model reads of this run.
    fn failures(&self, checkpoint_write_minutes: f64) -> Failures {
        Failures {
            gpus: self.run_gpus(),
            unexpected_per_million_gpu_hours: self.failures_per_million_gpu_hours,
            planned_per_million_gpu_hours: self.planned_per_million_gpu_hours,
            checkpoint_minutes: checkpoint_write_minutes,
            restart_minutes: self.restart_minutes,
            recovery: self.recovery,
        }
    }

    /// Everything derived from these inputs.
    pub fn outputs(&self) -> Outputs {
        self.outputs_serving(self.serving_replica())
    }

    /// [`Inputs::outputs`] with `serving` as the fleet's replica: the Monte Carlo's samples pass
    /// the central one when none of the outputs they sample reads it
    /// ([`Output::reads_replica`](super::output::Output::reads_replica)), rather than work out
    /// a roofline per sample that nothing reads.
    pub(crate) fn outputs_serving(&self, serving: Result<Replica, Unserved>) -> Outputs {
        let sustained = self.sustained();
        let total = self.total_flop();
        let gpus = self.run_gpus();
        let gpu_hours = gpus * self.days * HOURS_PER_DAY;
        let (peak, watts) = (self.projected_peak_tflops(), self.projected_watts());
        let power_mw = gpus * watts * self.pue / 1e6;
        let fleet_power_mw = self.gpus * watts * self.pue / 1e6;
        let fleet_flop_per_year =
            self.gpus * peak * TERA * self.mfu * DAYS_PER_YEAR * SECONDS_PER_DAY;
        let energy_mwh = power_mw * self.days * HOURS_PER_DAY;
        let energy_cost = Usd(energy_mwh * 1000.0 * self.usd_per_kwh);
        let fleet_cost = Usd(self.gpus * self.price_usd);
        let cluster_cost = Usd(fleet_cost.0 * self.cluster_overhead);
        let chinchilla_params = (total.0 / 120.0).sqrt();
        let checkpoint_write_minutes = self.checkpoint_write_minutes();
        let goodput = self.goodput_with(checkpoint_write_minutes);
        // A whole-run MFU already lost the failures' time: the run's FLOP is what it got done.
        let useful = match self.mfu_basis {
            MfuBasis::InStep => goodput.fraction,
            MfuBasis::WholeRun => 1.0,
        };
        // Serving: one replica on the roofline; the inference share's GPUs are so many of them.
        let tokens_per_gpu_second = serving.as_ref().ok().map(Replica::tokens_per_s_per_gpu);
        let inference_gpus = self.gpus * self.share_inference;
        let per_mtok = |usd_per_gpu_hour: f64| {
            tokens_per_gpu_second.map(|t| Usd(usd_per_gpu_hour / (t * 3600.0) * 1e6))
        };
        let energy_usd_per_gpu_hour = self.energy_usd_per_gpu_hour();
        let serves = self.share_inference > 0.0;
        Outputs {
            fleet_cost_usd: fleet_cost,
            cluster_cost_usd: cluster_cost,
            sustained_flop_per_s: sustained,
            total_flop: total,
            gpu_hours,
            power_mw,
            energy_mwh,
            energy_cost_usd: energy_cost,
            co2_tonnes: energy_mwh * self.kg_co2_per_kwh,
            rental_cost_usd: self.rent_usd_per_gpu_hour.map(|r| Usd(gpu_hours * r)),
            // The run carries its share of the cluster's capex (servers and network included: a
            // run uses them as much as the chips) for its duration, plus its energy.
            amortized_cost_usd: self.amortization_years.map(|y| {
                Usd(
                    cluster_cost.0 * self.run_share * self.days / (DAYS_PER_YEAR * y)
                        + energy_cost.0,
                )
            }),
            epoch_amortized_cost_usd: None,
            chinchilla_params,
            chinchilla_tokens: 20.0 * chinchilla_params,
            fleet_flop_per_year: Flop(fleet_flop_per_year),
            fleet_power_mw,
            job_mtbf_hours: goodput.mtbf_hours,
            interruptions_per_day: goodput.interruptions_per_day,
            checkpoint_interval_minutes: goodput.interval_minutes,
            checkpoint_write_minutes,
            recovery: self.recovery,
            mfu_basis: self.mfu_basis,
            goodput: goodput.fraction,
            goodput_flop: Flop(total.0 * useful),
            effective_flop: Flop(total.0 * self.algorithmic_factor()),
            tokens_per_day: tokens_per_gpu_second.map(|t| inference_gpus * t * SECONDS_PER_DAY),
            // Only a fleet that serves has a serving cost (and its bands, which mix the run's
            // inputs with the rate, are then worth sampling).
            serve_rent_usd_per_mtok: self
                .rent_usd_per_gpu_hour
                .filter(|_| serves)
                .and_then(per_mtok),
            // A serving GPU-hour carries its cluster capex over the hardware life plus its
            // energy, as the amortized basis does for the run.
            serve_amortized_usd_per_mtok: self.amortization_years.filter(|_| serves).and_then(
                |y| {
                    per_mtok(
                        self.price_usd * self.cluster_overhead
                            / (DAYS_PER_YEAR * HOURS_PER_DAY * y)
                            + energy_usd_per_gpu_hour,
                    )
                },
            ),
            inference_power_mw: inference_gpus * watts * self.pue / 1e6,
            serving,
        }
    }
}

#[cfg(test)]
impl Inputs {
    /// A hand-checkable H100 fleet for unit tests: 350k GPUs at $30k, 989 TFLOP/s, 40 % MFU,
    /// 90 days, 700 W, PUE 1.1, $0.08/kWh, 0.385 kg/kWh, $2/GPU-h, 4-year life.
    pub(crate) fn example() -> Inputs {
        Inputs {
            gpus: 350_000.0,
            price_usd: 30_000.0,
            peak_tflops: 989.0,
            mfu: 0.4,
            days: 90.0,
            run_share: 1.0,
            watts_per_gpu: 700.0,
            pue: 1.1,
            usd_per_kwh: 0.08,
            kg_co2_per_kwh: 0.385,
            rent_usd_per_gpu_hour: Some(2.0),
            amortization_years: Some(4.0),
            // Far fewer failures than any real fleet, so goodput stays inside (0, 1) and every
            // input visibly moves it (the dependence table's test doubles each input).
            failures_per_million_gpu_hours: 0.1,
            checkpoint_minutes: Some(1.0),
            storage_tb_per_s: 2.0,
            planned_per_million_gpu_hours: 0.1,
            recovery: Recovery::Sync,
            mfu_basis: MfuBasis::InStep,
            checkpoint_bytes_per_param: 14.0,
            restart_minutes: 10.0,
            batch_tokens: 16e6,
            base_year: 2024.0,
            year: 2024.0,
            share_experiments: 0.0,
            share_inference: 0.0,
            params: None,
            active_params: None,
            inference_utilization: 0.5,
            serve_batch: 64.0,
            prompt_tokens: 512.0,
            generate_tokens: 256.0,
            replica_gpus: None,
            serving: FleetServing {
                // H100 SXM: 3,350 GB/s, NVLink 900 GB/s, 80 GB.
                card: Some(super::serving::CardMemory {
                    hbm_gbs: 3350.0,
                    interconnect_gbs: 900.0,
                    memory_gb: 80.0,
                }),
                bytes_per_value: 2.0,
                bandwidth_efficiency: 0.65,
                allreduce_latency_s: 8e-6,
                activation_bytes: 2.0,
                d_model_per_layer: 128.0,
                head_dim: 128.0,
                kv_heads: 8.0,
                known_shapes: &[],
                nearest_within: 0.1,
            },
            rates: Rates::EXAMPLE,
            // Epoch AI's H100-family split: 1.64 ÷ (1 − 0.19).
            cluster_overhead: 1.64 / 0.81,
        }
    }
}

/// Derived results. Field names are the JSON keys of `eval --format json`.
///
/// Run quantities (FLOP, GPU-hours, power, energy, costs of use) count the run's GPUs,
/// `gpus × run_share`; the fleet cost and the `fleet_*` values count every GPU. At the default
/// share of 1 the two coincide.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Outputs {
    pub fleet_cost_usd: Usd,
    /// GPUs plus servers and networking: `fleet cost × cluster overhead`.
    pub cluster_cost_usd: Usd,
    pub sustained_flop_per_s: FlopPerSec,
    pub total_flop: Flop,
    pub gpu_hours: f64,
    pub power_mw: f64,
    pub energy_mwh: f64,
    pub energy_cost_usd: Usd,
    pub co2_tonnes: f64,
    pub rental_cost_usd: Option<Usd>,
    /// Cluster capex × share × days / (365.25 × life) + energy, when a life is set.
    pub amortized_cost_usd: Option<Usd>,
    /// Epoch AI's amortized method: set by the evaluation, which has the method's constants
    /// from the catalog (`None` from [`Inputs::outputs`] alone).
    pub epoch_amortized_cost_usd: Option<Usd>,
    pub chinchilla_params: f64,
    pub chinchilla_tokens: f64,
    /// What the whole fleet computes in a year at this MFU.
    pub fleet_flop_per_year: Flop,
    /// Power of the whole fleet (the run's share is `power_mw`).
    pub fleet_power_mw: f64,
    /// Mean time between the run's interruptions, hours; `None` with no failures.
    pub job_mtbf_hours: Option<f64>,
    pub interruptions_per_day: f64,
    /// The best checkpoint interval, minutes; `None` with no failures or when a failure rolls
    /// nothing back.
    pub checkpoint_interval_minutes: Option<f64>,
    /// Minutes one checkpoint stalls training.
    pub checkpoint_write_minutes: f64,
    pub recovery: Recovery,
    pub mfu_basis: MfuBasis,
    /// Share of the run's time that trains once failures are paid for.
    pub goodput: f64,
    /// The training the run gets done: `total_flop × goodput` for an in-step MFU, `total_flop`
    /// for a whole-run MFU, which already paid for the failures (the nominal figure keeps its
    /// meaning: what the hardware does at this MFU).
    pub goodput_flop: Flop,
    /// The run's FLOP in base-year-algorithm FLOP: `total_flop` × the algorithmic factor.
    pub effective_flop: Flop,
    /// Tokens (prompt and generated) the inference share serves a day; `None` when the
    /// roofline has no figure (no card with sourced bandwidths, or the model does not fit).
    pub tokens_per_day: Option<f64>,
    /// Serving cost per million tokens at the rental rate, when there is one and the fleet
    /// serves.
    pub serve_rent_usd_per_mtok: Option<Usd>,
    /// Serving cost per million tokens on the amortized basis, when a life is set and the
    /// fleet serves.
    pub serve_amortized_usd_per_mtok: Option<Usd>,
    /// Power of the inference share.
    pub inference_power_mw: f64,
    /// One serving replica on the roofline, or why there is none (`eval`'s inference object
    /// and the explanations read it).
    #[serde(skip)]
    pub serving: Result<Replica, Unserved>,
}

/// How a scenario compares with one known run or threshold.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Comparison {
    /// `total_flop / milestone_flop`.
    pub ratio: f64,
    /// Days the scenario's fleet needs to do the milestone's work.
    pub days_to_match: f64,
}

/// Places a scenario against a milestone of `milestone_flop`.
pub fn compare(total: Flop, sustained: FlopPerSec, milestone_flop: Flop) -> Comparison {
    Comparison {
        ratio: total.0 / milestone_flop.0,
        days_to_match: milestone_flop.seconds_at(sustained) / SECONDS_PER_DAY,
    }
}

/// Whole-run utilization implied by a published run: `flop / (gpu_hours × 3600 × peak)`.
///
/// Lower than a paper's reported MFU because GPU-hours include restarts and slow stages.
pub fn implied_utilization(flop: Flop, gpu_hours: f64, peak: FlopPerSec) -> f64 {
    flop.0 / (gpu_hours * 3600.0 * peak.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> Inputs {
        Inputs::example()
    }

    fn close(a: f64, b: f64, rel: f64) -> bool {
        ((a - b) / b).abs() <= rel
    }

    #[test]
    fn meta_fleet_by_hand() {
        let o = meta().outputs();
        assert_eq!(o.fleet_cost_usd.0, 10.5e9);
        // 350_000 × 989e12 × 0.4 = 1.3846e20
        assert!(close(o.sustained_flop_per_s.0, 1.3846e20, 1e-12));
        // × 90 × 86400 = 7.776e6 s → 1.07666496e27
        assert!(close(o.total_flop.0, 1.076_664_96e27, 1e-9));
        assert_eq!(o.gpu_hours, 756e6);
        assert!(close(o.power_mw, 269.5, 1e-12));
        assert!(close(o.energy_mwh, 269.5 * 2160.0, 1e-12));
        assert!(close(o.energy_cost_usd.0, 582_120.0 * 1000.0 * 0.08, 1e-12));
        assert!(close(o.co2_tonnes, 582_120.0 * 0.385, 1e-12));
        assert!(close(o.rental_cost_usd.unwrap().0, 1.512e9, 1e-12));
        let cluster = 10.5e9 * (1.64 / 0.81);
        assert!(close(o.cluster_cost_usd.0, cluster, 1e-12));
        let amort = cluster * 90.0 / (365.25 * 4.0) + 582_120.0 * 80.0;
        assert!(close(o.amortized_cost_usd.unwrap().0, amort, 1e-12));
        assert!(close(
            o.chinchilla_params,
            (1.076_664_96e27f64 / 120.0).sqrt(),
            1e-9
        ));
        assert!(close(
            o.chinchilla_tokens,
            20.0 * o.chinchilla_params,
            1e-15
        ));
    }

    #[test]
    fn chinchilla_matches_the_fact_sheet_examples() {
        // Hoffmann et al. 2022 (arXiv 2203.15556), D = 20·N: C = 3.8e25 → N ≈ 563B, D ≈ 11.3T;
        // C = 1e27 → N ≈ 2.9T, D ≈ 58T.
        let n = (3.8e25f64 / 120.0).sqrt();
        assert!(close(n, 563e9, 0.001));
        assert!(close(20.0 * n, 11.3e12, 0.01));
        let n = (1e27f64 / 120.0).sqrt();
        assert!(close(n, 2.89e12, 0.01));
    }

    #[test]
    fn llama_65b_energy_and_carbon_match_the_paper() {
        // LLaMA paper Table 15: 2048 A100, 400 W, PUE 1.1, 1,022,362 GPU-hours → 449 MWh, 173 t.
        let gpu_hours = 1_022_362.0;
        let days = gpu_hours / 2048.0 / 24.0;
        let i = Inputs {
            gpus: 2048.0,
            peak_tflops: 312.0,
            watts_per_gpu: 400.0,
            pue: 1.1,
            days,
            kg_co2_per_kwh: 0.385,
            ..meta()
        };
        let o = i.outputs();
        assert!(close(o.gpu_hours, gpu_hours, 1e-12));
        assert!(close(o.energy_mwh, 449.84, 1e-4), "{}", o.energy_mwh);
        assert_eq!(o.co2_tonnes.round(), 173.0);
    }

    #[test]
    fn llama_31_405b_implied_utilization() {
        let u = implied_utilization(Flop(3.8e25), 30.84e6, FlopPerSec(989e12));
        assert!(close(u, 0.346, 0.002), "{u}");
    }

    #[test]
    fn comparison_ratio_and_days() {
        let i = meta();
        let o = i.outputs();
        let c = compare(o.total_flop, o.sustained_flop_per_s, Flop(3.8e25));
        assert!(close(c.ratio, 28.33, 0.001));
        // 3.8e25 / 1.3846e20 / 86400 = 3.176 days
        assert!(close(c.days_to_match, 3.1765, 0.001));
    }

    #[test]
    fn a_run_share_splits_the_run_from_the_fleet() {
        let i = Inputs {
            run_share: 0.25,
            ..meta()
        };
        let o = i.outputs();
        let whole = meta().outputs();
        assert!(close(o.total_flop.0, whole.total_flop.0 / 4.0, 1e-12));
        assert!(close(o.gpu_hours, 189e6, 1e-12));
        assert!(close(o.power_mw, 269.5 / 4.0, 1e-12));
        assert_eq!(o.fleet_cost_usd, whole.fleet_cost_usd);
        assert!(close(o.fleet_power_mw, 269.5, 1e-12));
        // 350k × 989e12 × 0.4 × 365.25 × 86400 = 4.3695e27 FLOP per year
        assert!(close(
            o.fleet_flop_per_year.0,
            1.3846e20 * 365.25 * 86_400.0,
            1e-9
        ));
        let amort = 10.5e9 * (1.64 / 0.81) * 0.25 * 90.0 / (365.25 * 4.0) + o.energy_cost_usd.0;
        assert!(close(o.amortized_cost_usd.unwrap().0, amort, 1e-12));
    }

    #[test]
    fn the_base_year_is_the_scenario_and_effective_equals_physical() {
        let o = meta().outputs();
        assert_eq!(o.effective_flop, o.total_flop);
        assert_eq!(meta().projected_peak_tflops(), 989.0);
        assert_eq!(meta().projected_watts(), 700.0);
    }

    #[test]
    fn one_year_forward_buys_the_sourced_factor_more_per_dollar() {
        let now = meta().outputs();
        let next = Inputs {
            year: 2025.0,
            ..meta()
        }
        .outputs();
        // Same fleet cost, ×10^0.14 = ×1.380 the FLOP: FLOP per dollar × 1.380.
        assert_eq!(next.fleet_cost_usd, now.fleet_cost_usd);
        let per_dollar = |o: &Outputs| o.fleet_flop_per_year.0 / o.fleet_cost_usd.0;
        assert!(close(
            per_dollar(&next) / per_dollar(&now),
            1.380_384_264_602_885,
            1e-12
        ));
        // Watts per card × 1.380 / 1.28; effective compute × 2^(12/8) on top of the hardware.
        assert!(close(
            next.power_mw / now.power_mw,
            1.380_384_264_602_885 / 1.28,
            1e-12
        ));
        assert!(close(
            next.effective_flop.0 / next.total_flop.0,
            2f64.powf(1.5),
            1e-12
        ));
    }

    #[test]
    fn tokens_per_day_by_hand() {
        // 350k H100s, 30 % serving a 400 B model (100 B active) in BF16, batch 64, prompt 512,
        // 256 generated. The rule's shape: 127 layers × 16,384 wide (16 groups of 8 heads of
        // 128), 128 heads, 8 KV heads, which over 11 GPUs is one KV head each (a head is not
        // split). 800 GB of weights and 64 × 2 × 127 × 128 × 768 × 2 B = 3.20 GB of cache per
        // GPU: 11 GPUs of 80 GB hold them (10 would need 83.2 GB each).
        let mut i = Inputs {
            params: Some(400e9),
            active_params: Some(100e9),
            ..meta()
        };
        i.set(Field::ShareInference, 0.3);
        assert!((i.shares().iter().sum::<f64>() - 1.0).abs() < 1e-15);
        let o = i.outputs();
        let r = o.serving.unwrap();
        assert_eq!(r.workload.gpus, 11.0);
        // A decode step at the mean context of 640 reads 800/11 GB of weights and 64 × 2 × 127 ×
        // 128 × 640 × 2 B = 2.66 GB of cache
        // at 3,350 × 0.65 GB/s = 34.62 ms; its arithmetic at 989 × 0.5 TFLOP/s takes 2.42 ms:
        // memory-bound. Two all-reduces per layer over 11 GPUs, each 8 µs plus a ring of
        // 2 × 10/11 × (64 × 16,384 × 2 B) over 450 GB/s: 254 × 16.47 µs = 4.18 ms. A step of
        // 38.81 ms decodes 64 tokens on 11 GPUs: 149.93 tokens per GPU-second.
        let memory = (800e9 / 11.0 + 64.0 * 2.0 * 127.0 * 128.0 * 640.0 * 2.0) / (3350e9 * 0.65);
        assert!(close(r.served.decode_memory_s, memory, 1e-12));
        assert!(close(r.served.decode_memory_s, 0.034_622_574_405, 1e-10));
        assert_eq!(r.served.decode_bound, super::super::serving::Bound::Memory);
        assert!(close(
            r.decode_tokens_per_s_per_gpu(),
            149.926_851_731,
            1e-8
        ));
        // Prefill (32,768 prompt tokens at the compute roof) and 256 steps: a request of 768
        // tokens per sequence is served at 364.58 tokens per GPU-second; 105,000 GPUs × that
        // × 86,400 s = 3.307e12 tokens a day.
        assert!(close(r.tokens_per_s_per_gpu(), 364.580_841_762, 1e-8));
        let tokens = o.tokens_per_day.unwrap();
        assert!(close(tokens, 3.307_477_396_461e12, 1e-9), "{tokens}");
        // $2 per GPU-hour over 364.58 × 3,600 tokens an hour: $1.524 per million.
        assert!(close(
            o.serve_rent_usd_per_mtok.unwrap().0,
            1.523_819_938,
            1e-8
        ));
        // 105,000 GPUs × 700 W × 1.1.
        assert!(close(o.inference_power_mw, 80.85, 1e-12));
        // The run keeps 70 %.
        assert!(close(o.gpu_hours, 756e6 * 0.7, 1e-12));
    }

    #[test]
    fn the_trained_model_is_typed_or_compute_optimal() {
        let m = meta().trained_model();
        assert!(!m.params_typed);
        assert_eq!(m.params, meta().outputs().chinchilla_params);
        assert_eq!(m.active_params, m.params);
        let moe = Inputs {
            params: Some(671e9),
            active_params: Some(37e9),
            ..meta()
        }
        .trained_model();
        assert!(moe.params_typed);
        assert_eq!((moe.params, moe.active_params), (671e9, 37e9));
    }

    #[test]
    fn optional_inputs_leave_optional_outputs_empty() {
        let i = Inputs {
            rent_usd_per_gpu_hour: None,
            amortization_years: None,
            ..meta()
        };
        let o = i.outputs();
        assert!(o.rental_cost_usd.is_none() && o.amortized_cost_usd.is_none());
        assert_eq!(i.get(Field::Rent), None);
    }
}
