//! The scenario's inputs as an enumeration, with their valid ranges and slider scales.
//!
//! One table drives validation (presets, CLI flags, typed entry), slider mapping and labels, so
//! a range is stated once and every error message quotes the same bounds.

use std::fmt;

/// How a slider maps its track position to a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    /// Equal track distance = equal ratio; for inputs that span decades.
    Log,
    /// Equal track distance = equal difference.
    Linear,
}

/// One input of a scenario.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, strum::VariantArray, strum::EnumCount,
)]
pub enum Field {
    Gpus,
    Price,
    Tflops,
    Mfu,
    Days,
    /// Share of the fleet's GPUs that train the run (a 350k fleet is not one run).
    Share,
    Watts,
    Pue,
    KwhPrice,
    Co2,
    Rent,
    AmortYears,
    /// The year the scenario is projected to (its base year by default).
    Year,
    /// Share of the fleet's year that runs experiments and R&D (with the run and inference
    /// shares it sums to 1).
    ShareExperiments,
    /// Share of the fleet's year that serves users.
    ShareInference,
    /// Parameters of the model the run trains; unset = the compute-optimal count.
    Params,
    /// Parameters active per token (mixture-of-experts); unset = every parameter.
    ActiveParams,
    /// Achieved fraction of the dense peak when serving is compute-bound.
    InferenceMfu,
    /// Sequences decoded together per serving replica.
    ServeBatch,
    /// Prompt tokens per served request.
    PromptTokens,
    /// Generated tokens per served request.
    GenerateTokens,
    /// GPUs per serving replica (tensor parallel); unset = the smallest group that holds it.
    ReplicaGpus,
    /// Unexpected interruptions per million GPU-hours of the run (hardware and software).
    FailureRate,
    /// Planned interruptions (maintenance) per million GPU-hours of the run.
    PlannedRate,
    /// Minutes the run stalls to write one checkpoint; unset = state ÷ storage bandwidth.
    Checkpoint,
    /// Sustained write bandwidth of the checkpoint storage, TB/s.
    StorageBandwidth,
    /// Minutes from an interruption until training resumes from the last checkpoint.
    Restart,
    /// Global batch size in tokens: bounds how many data-parallel replicas can share a step.
    Batch,
}

/// Static facts about a field.
#[derive(Clone, Copy, Debug)]
pub struct FieldSpec {
    /// Short label for the TUI.
    pub label: &'static str,
    /// Name used in messages and RON files.
    pub key: &'static str,
    /// The `eval`/`render` flag that sets it (the CLI builds its flags from this table).
    pub flag: &'static str,
    /// Unit of the raw number in JSON and CSV.
    pub unit: &'static str,
    /// What the flag sets, for `--help`.
    pub help: &'static str,
    /// Examples of values as people type them, for the entry prompt's hint.
    pub forms: &'static str,
    /// What the input means and which formulas it enters, in plain words (the `i` pane).
    pub about: &'static str,
    /// Smallest valid value (exclusive when `open_min`).
    pub min: f64,
    /// Largest valid value (inclusive).
    pub max: f64,
    /// `min` itself is not valid (MFU 0, days 0, …).
    pub open_min: bool,
    /// Lower end of the slider track (a log track cannot reach 0).
    pub track_min: f64,
    pub scale: Scale,
    /// Readable step the slider snaps to: significant digits for log, absolute for linear.
    pub snap: Snap,
    /// Shown as a percentage (MFU).
    pub percent: bool,
}

/// How slider values are rounded so they read well.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Snap {
    /// Round to this many significant digits.
    Sig(u32),
    /// Round to a multiple of this step.
    Step(f64),
    /// Whole numbers, at most this many significant digits.
    Integer(u32),
}

impl Field {
    /// Every field, in display order (the order of the declaration).
    pub const ALL: [Field; <Field as strum::EnumCount>::COUNT] =
        super::all(<Field as strum::VariantArray>::VARIANTS);

    /// Position in [`Field::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn spec(self) -> FieldSpec {
        use Scale::*;
        use Snap::*;
        match self {
            Field::Gpus => FieldSpec {
                label: "GPUs",
                key: "gpus",
                flag: "--gpus",
                unit: "GPUs",
                help: "Accelerator count (350000, 350k, 3.5e5)",
                forms: "350k, 200,000, 3.5e5, 1.2M",
                about: "How many accelerators the fleet has. The run trains on GPUs × run share of them; the fleet's cost and yearly compute count all of them.",
                min: 1.0,
                max: 1e9,
                open_min: false,
                track_min: 1.0,
                scale: Log,
                snap: Integer(2),
                percent: false,
            },
            Field::Price => FieldSpec {
                label: "Price / GPU",
                key: "price_usd",
                flag: "--price",
                unit: "USD",
                help: "Purchase price per accelerator, USD (30000, 30k)",
                forms: "30k, $30,000, 3e4",
                about: "Purchase price of one accelerator alone (servers and networking are the cluster basis, on Epoch AI's split). Fleet cost = GPUs × price.",
                min: 0.0,
                max: 1e6,
                open_min: false,
                track_min: 100.0,
                scale: Log,
                snap: Sig(2),
                percent: false,
            },
            Field::Tflops => FieldSpec {
                label: "Peak / GPU",
                key: "peak_tflops",
                flag: "--tflops",
                unit: "TFLOP/s",
                help: "Dense peak per accelerator, TFLOP/s",
                forms: "989, 1.98k, 2e3",
                about: "Dense peak throughput of one accelerator at the chosen precision (never the 2:4-sparsity figure). Sustained FLOP/s = GPUs × share × peak × MFU.",
                min: 1.0,
                max: 1e5,
                open_min: false,
                track_min: 1.0,
                scale: Log,
                snap: Sig(2),
                percent: false,
            },
            Field::Mfu => FieldSpec {
                label: "MFU",
                key: "mfu",
                flag: "--mfu",
                unit: "fraction",
                help: "Model FLOP utilization (0.4 or 40%)",
                forms: "40% or 0.4",
                about: "Model FLOP utilization: the share of the peak a training run actually turns into model FLOP (large runs report 35–45 %). Training FLOP = sustained FLOP/s × seconds. An in-step MFU (a paper's per-stage figure) still pays for failures: useful FLOP = training FLOP × goodput; a whole-run MFU (FLOP ÷ GPU-hours, --mfu-basis whole-run) already did.",
                min: 0.0,
                max: 1.0,
                open_min: true,
                track_min: 0.01,
                scale: Linear,
                snap: Step(0.01),
                percent: true,
            },
            Field::Days => FieldSpec {
                label: "Days",
                key: "days",
                flag: "--days",
                unit: "days",
                help: "Wall-clock training days",
                forms: "90, 1.5, 365",
                about: "Wall-clock length of the training run. Training FLOP = sustained FLOP/s × days × 86,400; GPU-hours = run GPUs × days × 24.",
                min: 0.0,
                max: 3650.0,
                open_min: true,
                track_min: 0.1,
                scale: Log,
                snap: Sig(2),
                percent: false,
            },
            Field::Share => FieldSpec {
                label: "Run share",
                key: "run_share",
                flag: "--share",
                unit: "fraction",
                help: "Share of the fleet that trains the run (0.25 or 25%)",
                forms: "25% or 0.25",
                about: "Share of the fleet's year that trains this run; with experiments and inference it sums to 100 % (moving one rescales the other two). Run FLOP, GPU-hours, power and energy count the run's GPUs.",
                min: 0.0,
                max: 1.0,
                open_min: true,
                track_min: 0.01,
                scale: Linear,
                snap: Step(0.01),
                percent: true,
            },
            Field::Watts => FieldSpec {
                label: "Watts / GPU",
                key: "watts_per_gpu",
                flag: "--watts",
                unit: "W",
                help: "Watts per GPU including its share of the server",
                forms: "1453, 1.5k",
                about: "All-in power per accelerator: the chip plus its share of the server (CPUs, memory, network), before cooling. Power = run GPUs × watts × PUE.",
                min: 0.0,
                max: 1e4,
                open_min: true,
                track_min: 10.0,
                scale: Log,
                snap: Sig(2),
                percent: false,
            },
            Field::Pue => FieldSpec {
                label: "PUE",
                key: "pue",
                flag: "--pue",
                unit: "ratio",
                help: "Power usage effectiveness of the data centre (≥ 1)",
                forms: "1.1, 1.25",
                about: "Power usage effectiveness: the data centre's total power ÷ its IT power (1.1 for a good hyperscaler site). Multiplies the power and energy.",
                min: 1.0,
                max: 3.0,
                open_min: false,
                track_min: 1.0,
                scale: Linear,
                snap: Step(0.01),
                percent: false,
            },
            Field::KwhPrice => FieldSpec {
                label: "Power price",
                key: "usd_per_kwh",
                flag: "--kwh-price",
                unit: "USD/kWh",
                help: "Electricity price, USD per kWh",
                forms: "0.08, $0.081",
                about: "Electricity price per kWh. Energy cost = energy × price.",
                min: 0.0,
                max: 1.0,
                open_min: false,
                track_min: 0.01,
                scale: Log,
                snap: Sig(2),
                percent: false,
            },
            Field::Co2 => FieldSpec {
                label: "Grid CO2",
                key: "kg_co2_per_kwh",
                flag: "--co2-per-kwh",
                unit: "kg CO2eq/kWh",
                help: "Grid carbon intensity, kg CO2eq per kWh",
                forms: "0.385, 0.2",
                about: "Grid carbon intensity, kg CO2-equivalent per kWh. Emissions = energy × intensity.",
                min: 0.0,
                max: 2.0,
                open_min: false,
                track_min: 0.0,
                scale: Linear,
                snap: Step(0.01),
                percent: false,
            },
            Field::Rent => FieldSpec {
                label: "Rent / GPU-h",
                key: "rent_usd_per_gpu_hour",
                flag: "--rent",
                unit: "USD/GPU-h",
                help: "Rental price, USD per GPU-hour",
                forms: "2.99, $2.5",
                about: "Cloud price per GPU-hour, for the rent cost basis: rent = GPU-hours × rate. Tiers differ a lot (neocloud on-demand vs hyperscaler list).",
                min: 0.0,
                max: 100.0,
                open_min: false,
                track_min: 0.1,
                scale: Log,
                snap: Sig(2),
                percent: false,
            },
            Field::AmortYears => FieldSpec {
                label: "Hardware life",
                key: "amortization_years",
                flag: "--amortize-years",
                unit: "years",
                help: "Hardware life in years, for the amortized cost",
                forms: "4, 5.5",
                about: "Hardware life for the amortized basis: the run pays cluster capex × share × days ÷ (365.25 × life), plus its energy.",
                min: 0.0,
                max: 20.0,
                open_min: true,
                track_min: 0.5,
                scale: Linear,
                snap: Step(0.5),
                percent: false,
            },
            Field::Year => FieldSpec {
                label: "Year",
                key: "year",
                flag: "--year",
                unit: "year",
                help: "Year to project the scenario to (default: its base year)",
                forms: "2028, 2030.5",
                about: "The year the fleet is bought and run. Away from the scenario's base year, the card's peak grows with hardware price-performance (same price) and its watts with price-performance ÷ energy efficiency; effective compute counts algorithmic progress too.",
                min: 2010.0,
                max: 2040.0,
                open_min: false,
                track_min: 2010.0,
                scale: Linear,
                snap: Step(1.0),
                percent: false,
            },
            Field::ShareExperiments => FieldSpec {
                label: "Experiments",
                key: "share_experiments",
                flag: "--share-experiments",
                unit: "fraction",
                help: "Share of the fleet running experiments and R&D (0.6 or 60%)",
                forms: "60% or 0.6",
                about: "Share of the fleet's year spent on experiments, research and unreleased models. Run, experiments and inference shares sum to 100 %: moving one rescales the other two.",
                min: 0.0,
                max: 0.99,
                open_min: false,
                track_min: 0.0,
                scale: Linear,
                snap: Step(0.01),
                percent: true,
            },
            Field::ShareInference => FieldSpec {
                label: "Inference",
                key: "share_inference",
                flag: "--share-inference",
                unit: "fraction",
                help: "Share of the fleet serving users (0.3 or 30%)",
                forms: "30% or 0.3",
                about: "Share of the fleet's year that serves users. Tokens per day = inference GPUs × what one serving replica processes per GPU-second (prompt and generated tokens over whole requests, from the roofline: decoding bound by memory bandwidth or by compute, prefill by compute) × 86,400.",
                min: 0.0,
                max: 0.99,
                open_min: false,
                track_min: 0.0,
                scale: Linear,
                snap: Step(0.01),
                percent: true,
            },
            Field::Params => FieldSpec {
                label: "Params",
                key: "params",
                flag: "--params",
                unit: "params",
                help: "Parameters of the model the run trains (default: compute-optimal)",
                forms: "405B, 4.05e11, 1.8T",
                about: "Parameter count of the model the run trains. Unset, it is the compute-optimal N of the run (Chinchilla: C = 6·N·D with D = 20·N).",
                min: 1e6,
                max: 1e15,
                open_min: false,
                track_min: 1e8,
                scale: Log,
                snap: Sig(2),
                percent: false,
            },
            Field::ActiveParams => FieldSpec {
                label: "Active params",
                key: "active_params",
                flag: "--active-params",
                unit: "params",
                help: "Parameters active per token, for mixture-of-experts (default: all)",
                forms: "37B, 3.7e10",
                about: "Parameters a token passes through (a mixture-of-experts model uses a few experts per token). Unset, every parameter is active. Serving computes 2 × active parameters FLOP per token and holds every parameter in memory.",
                min: 1e6,
                max: 1e15,
                open_min: false,
                track_min: 1e8,
                scale: Log,
                snap: Sig(2),
                percent: false,
            },
            Field::InferenceMfu => FieldSpec {
                label: "Serving MFU",
                key: "inference_utilization",
                flag: "--inference-utilization",
                unit: "fraction",
                help: "Achieved fraction of peak when serving is compute-bound (0.5 or 50%)",
                forms: "50% or 0.5",
                about: "The compute roof of serving: the share of the dense peak that prefill, and decoding at batches large enough to be compute-bound, turn into model FLOP. Memory-bound decoding does not reach it: each step reads the weights and KV cache at the card's memory bandwidth × its sourced achieved fraction, whichever takes longer sets the step.",
                min: 0.0,
                max: 1.0,
                open_min: true,
                track_min: 0.01,
                scale: Linear,
                snap: Step(0.01),
                percent: true,
            },
            Field::ServeBatch => FieldSpec {
                label: "Serve batch",
                key: "serve_batch",
                flag: "--serve-batch",
                unit: "sequences",
                help: "Sequences decoded together per serving replica (64)",
                forms: "64, 16, 256",
                about: "Sequences one serving replica decodes together. Each decode step reads the weights once for the whole batch, so a larger batch serves more tokens per step until the step is bound by compute, at the price of a KV cache per sequence in memory and a longer wait per token.",
                min: 1.0,
                max: 1e5,
                open_min: false,
                track_min: 1.0,
                scale: Log,
                snap: Integer(3),
                percent: false,
            },
            Field::PromptTokens => FieldSpec {
                label: "Prompt tokens",
                key: "prompt_tokens",
                flag: "--prompt-tokens",
                unit: "tokens",
                help: "Prompt tokens per served request (1020)",
                forms: "1020, 512, 8k",
                about: "Tokens of one request's prompt: prefilled at the compute roof, then held in the KV cache that every decode step reads.",
                min: 1.0,
                max: 1e6,
                open_min: false,
                track_min: 1.0,
                scale: Log,
                snap: Integer(3),
                percent: false,
            },
            Field::GenerateTokens => FieldSpec {
                label: "Generated",
                key: "generate_tokens",
                flag: "--generate-tokens",
                unit: "tokens",
                help: "Generated tokens per served request (129)",
                forms: "129, 256, 1k",
                about: "Tokens one request generates, one decode step each; the KV cache grows by one token a step.",
                min: 1.0,
                max: 1e6,
                open_min: false,
                track_min: 1.0,
                scale: Log,
                snap: Integer(3),
                percent: false,
            },
            Field::ReplicaGpus => FieldSpec {
                label: "Replica GPUs",
                key: "replica_gpus",
                flag: "--replica-gpus",
                unit: "GPUs",
                help: "GPUs per serving replica, tensor parallel (default: the fewest that hold it)",
                forms: "8, 16, 72",
                about: "GPUs one serving replica is split over by tensor parallelism: each holds a share of the weights and KV cache and pays two all-reduces per layer. Unset, the fewest GPUs whose memory holds the weights and the batch's KV cache. A replica larger than the card's NVLink domain is still priced at NVLink bandwidth (pipeline parallelism is not modelled).",
                min: 1.0,
                max: 1e6,
                open_min: false,
                track_min: 1.0,
                scale: Log,
                snap: Integer(3),
                percent: false,
            },
            Field::FailureRate => FieldSpec {
                label: "Failure rate",
                key: "failures_per_million_gpu_hours",
                flag: "--failure-rate",
                unit: "per M GPU-h",
                help: "Unexpected interruptions per million GPU-hours (19.7)",
                forms: "19.7, 5, 50",
                about: "Unexpected job interruptions per million GPU-hours (faulty GPUs, memory, network, software). The job fails every M = 1,000,000 ÷ (rate × run GPUs) hours, at random: bigger runs fail more often, which the recovery mode, checkpoint and restart times turn into lost time (goodput).",
                min: 0.0,
                max: 1e4,
                open_min: false,
                track_min: 0.1,
                scale: Log,
                snap: Sig(2),
                percent: false,
            },
            Field::PlannedRate => FieldSpec {
                label: "Planned stops",
                key: "planned_per_million_gpu_hours",
                flag: "--planned-rate",
                unit: "per M GPU-h",
                help: "Planned interruptions (maintenance) per million GPU-hours (2.2)",
                forms: "2.2, 0, 5",
                about: "Planned job interruptions per million GPU-hours (maintenance, upgrades). Each costs one restart and no lost work: the job checkpoints before it stops. Goodput × 1 ÷ (1 + planned stops a minute × restart).",
                min: 0.0,
                max: 1e4,
                open_min: false,
                track_min: 0.1,
                scale: Log,
                snap: Sig(2),
                percent: false,
            },
            Field::Checkpoint => FieldSpec {
                label: "Checkpoint",
                key: "checkpoint_minutes",
                flag: "--checkpoint",
                unit: "min",
                help: "Minutes training stalls to write one checkpoint (default: the state ÷ storage bandwidth)",
                forms: "1, 0.5, 10",
                about: "How long training stalls to save one checkpoint in synchronous recovery. Unset, it is the checkpointed state (total parameters × bytes of weights and optimizer state) ÷ the storage write bandwidth. The best interval between checkpoints is found numerically from the exact model (near √(2 × checkpoint × M) when checkpoints are cheap).",
                min: 0.0,
                max: 600.0,
                open_min: false,
                track_min: 0.01,
                scale: Log,
                snap: Sig(2),
                percent: false,
            },
            Field::StorageBandwidth => FieldSpec {
                label: "Storage write",
                key: "storage_tb_per_s",
                flag: "--storage-bandwidth",
                unit: "TB/s",
                help: "Sustained checkpoint write bandwidth, TB/s (2)",
                forms: "2, 7, 0.5",
                about: "Sustained write bandwidth of the storage that holds checkpoints. Checkpoint time = total parameters × bytes per parameter of weights and optimizer state ÷ this bandwidth (Llama 3: 2 TB/s sustained, 7 TB/s peak).",
                min: 0.0,
                max: 1e3,
                open_min: true,
                track_min: 0.01,
                scale: Log,
                snap: Sig(2),
                percent: false,
            },
            Field::Restart => FieldSpec {
                label: "Restart",
                key: "restart_minutes",
                flag: "--restart",
                unit: "min",
                help: "Minutes from an interruption until training resumes (default: the recovery mode's)",
                forms: "10, 30, 2",
                about: "Time from an interruption until training runs again: detect the fault, swap or drain the node, reload the last checkpoint (the stall of every replica in fault-tolerant recovery). Unset, the recovery mode's sourced figure; it does not grow with the run's size here. A failure can strike during a restart, which starts it again.",
                min: 0.0,
                max: 1440.0,
                open_min: false,
                track_min: 0.1,
                scale: Log,
                snap: Sig(2),
                percent: false,
            },
            Field::Batch => FieldSpec {
                label: "Batch tokens",
                key: "batch_tokens",
                flag: "--batch",
                unit: "tokens",
                help: "Global batch size in tokens (16M)",
                forms: "16M, 4M, 6e7",
                about: "Tokens in one optimizer step across all GPUs. Steps = training tokens ÷ batch; each data-parallel replica needs at least one sequence per step, so the batch caps how many GPUs one run can use.",
                min: 1e3,
                max: 1e10,
                open_min: false,
                track_min: 1e3,
                scale: Log,
                snap: Sig(2),
                percent: false,
            },
        }
    }

    /// Whether the field counts whole things (its slider snaps to integers): a value given for
    /// it must be whole (`parse::whole`).
    pub fn counts(self) -> bool {
        matches!(self.spec().snap, Snap::Integer(_))
    }

    /// Whether `v` is a valid value for this field.
    pub fn accepts(self, v: f64) -> bool {
        let s = self.spec();
        v.is_finite() && v <= s.max && if s.open_min { v > s.min } else { v >= s.min }
    }

    /// Checks `v`, or explains the valid range in words a user can act on.
    pub fn check(self, v: f64) -> Result<f64, RangeError> {
        if self.accepts(v) {
            Ok(v)
        } else {
            Err(RangeError {
                field: self,
                value: v,
            })
        }
    }

    /// The valid range in interval notation, in the field's display unit.
    pub fn range_text(self) -> String {
        let s = self.spec();
        let open = if s.open_min { "(" } else { "[" };
        if s.percent {
            format!("{open}{}, {}%]", s.min * 100.0, s.max * 100.0)
        } else {
            format!("{open}{}, {}]", plain(s.min), plain(s.max))
        }
    }

    /// Name used in messages: the label, e.g. "MFU".
    pub fn name(self) -> &'static str {
        self.spec().label
    }

    /// A label of at most 8 characters for narrow screens.
    pub fn short_name(self) -> &'static str {
        match self {
            Field::Gpus => "GPUs",
            Field::Price => "Price",
            Field::Tflops => "Peak",
            Field::Mfu => "MFU",
            Field::Days => "Days",
            Field::Share => "Share",
            Field::Watts => "Watts",
            Field::Pue => "PUE",
            Field::KwhPrice => "$/kWh",
            Field::Co2 => "Grid CO2",
            Field::Rent => "$/GPU-h",
            Field::AmortYears => "HW life",
            Field::Year => "Year",
            Field::ShareExperiments => "Experim.",
            Field::ShareInference => "Infer.",
            Field::Params => "Params",
            Field::ActiveParams => "Active",
            Field::InferenceMfu => "Srv MFU",
            Field::ServeBatch => "Srv seqs",
            Field::PromptTokens => "Prompt",
            Field::GenerateTokens => "Gen.",
            Field::ReplicaGpus => "Replica",
            Field::FailureRate => "Failures",
            Field::PlannedRate => "Planned",
            Field::Checkpoint => "Ckpt",
            Field::StorageBandwidth => "Storage",
            Field::Restart => "Restart",
            Field::Batch => "Batch",
        }
    }
}

/// Writes a bound without exponent noise: 10000000, 0.5.
fn plain(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e16 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}

/// A refused value for a message: as typed for ordinary magnitudes, `1e300` beyond them (plain
/// formatting would print hundreds of digits for 1e300 or 1e-300).
fn compact(v: f64) -> String {
    if v != 0.0 && v.is_finite() && !(1e-6..1e16).contains(&v.abs()) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

/// A value outside its field's valid range.
#[derive(Clone, Debug, PartialEq)]
pub struct RangeError {
    pub field: Field,
    pub value: f64,
}

impl fmt::Display for RangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = if self.value.is_nan() {
            "NaN".to_string()
        } else if self.field.spec().percent && (self.value * 100.0).is_finite() {
            format!("{}%", compact(self.value * 100.0))
        } else {
            compact(self.value)
        };
        write!(
            f,
            "{} must be in {} (got {shown})",
            self.field.name(),
            self.field.range_text()
        )
    }
}

impl std::error::Error for RangeError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mfu_message_names_the_percent_range() {
        let e = Field::Mfu.check(1.5).unwrap_err();
        assert_eq!(e.to_string(), "MFU must be in (0, 100%] (got 150%)");
    }

    #[test]
    fn bounds_are_inclusive_or_open_as_specified() {
        assert!(Field::Gpus.accepts(1.0));
        assert!(!Field::Gpus.accepts(0.0));
        assert!(!Field::Mfu.accepts(0.0));
        assert!(Field::Mfu.accepts(1.0));
        assert!(Field::Price.accepts(0.0));
        assert!(!Field::Days.accepts(f64::NAN));
        assert!(!Field::Days.accepts(f64::INFINITY));
    }

    #[test]
    fn the_table_is_in_order() {
        for (i, f) in Field::ALL.iter().enumerate() {
            assert_eq!(f.index(), i, "{f:?}");
        }
    }

    #[test]
    fn track_lies_within_valid_range() {
        for f in Field::ALL {
            let s = f.spec();
            assert!(s.track_min >= s.min && s.track_min < s.max, "{f:?}");
            if s.scale == Scale::Log {
                assert!(s.track_min > 0.0, "{f:?}");
            }
        }
    }
}
