//! The RON preset format: scenarios, accelerators, milestones and fleets.
//!
//! Every number is a [`Sourced`] value: the number, where it comes from and how sure it is, kept
//! next to each other in the file so nobody has to guess which figures are estimates. Structs deny
//! unknown fields, so a typo in a hand-edited file is an error instead of a silently ignored key.

use super::{limits, serving};
use crate::model::projection::{SHARE_FIELDS, rebalance, settle_given, share_index};
use crate::model::{Field, MfuBasis, Recovery};
use serde::{Deserialize, Serialize};

pub use super::sourced::{Sourced, Status};
use super::text::Text;

/// Which dense peak a scenario uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Precision {
    #[default]
    Bf16,
    Fp8,
}

impl Precision {
    pub fn label(self) -> &'static str {
        match self {
            Precision::Bf16 => "BF16",
            Precision::Fp8 => "FP8",
        }
    }
}

/// A scenario: the inputs of the explorer, each with provenance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Identifier used by `--preset`, e.g. `meta-2024`.
    pub name: String,
    /// Title for the screen.
    pub title: String,
    /// One line on what this scenario is.
    pub description: String,
    /// Accelerator id from the catalog, when the scenario is about a specific card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accelerator: Option<String>,
    #[serde(default)]
    pub precision: Precision,
    pub gpus: Sourced,
    pub price_usd: Sourced,
    pub peak_tflops: Sourced,
    pub mfu: Sourced,
    /// What the MFU counts: in-step (a paper's per-stage figure; goodput still applies) or
    /// whole-run (FLOP ÷ GPU-hours, failures already inside); absent = in-step.
    #[serde(default, skip_serializing_if = "is_in_step")]
    pub mfu_basis: MfuBasis,
    pub days: Sourced,
    /// Share of the fleet in the run; absent = the whole fleet.
    #[serde(default = "whole_fleet", skip_serializing_if = "is_whole_fleet")]
    pub run_share: Sourced,
    pub watts_per_gpu: Sourced,
    pub pue: Sourced,
    pub usd_per_kwh: Sourced,
    pub kg_co2_per_kwh: Sourced,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rent_usd_per_gpu_hour: Option<Sourced>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amortization_years: Option<Sourced>,
    /// The year the inputs describe (the card, its price, the fleet); absent in older files,
    /// which are read as 2024 (an assumption the value's source says).
    #[serde(
        default = "default_base_year",
        skip_serializing_if = "is_default_base_year"
    )]
    pub base_year: Sourced,
    /// The year the scenario is projected to; absent = the base year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<Sourced>,
    /// Share of the fleet's year on experiments and R&D; absent = none, or in an older file
    /// with a run share below 1, the rest of the fleet in the default split's proportions
    /// (see [`Scenario::settle_shares`]).
    #[serde(default = "no_share", skip_serializing_if = "is_no_share")]
    pub share_experiments: Sourced,
    /// Share of the fleet's year serving users (as `share_experiments`).
    #[serde(default = "no_share", skip_serializing_if = "is_no_share")]
    pub share_inference: Sourced,
    /// Parameters of the model the run trains; absent = compute-optimal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<Sourced>,
    /// Parameters active per token; absent = all of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_params: Option<Sourced>,
    /// Achieved fraction of the peak when serving is compute-bound; absent = the default of
    /// `presets/serving.ron` (older files' "serving MFU" is read as this fraction).
    #[serde(
        default = "serving::default::mfu",
        skip_serializing_if = "serving::default::is_mfu"
    )]
    pub inference_utilization: Sourced,
    /// Sequences per serving replica, prompt and generated tokens per request: absent = the
    /// defaults of `presets/serving.ron`.
    #[serde(
        default = "serving::default::batch",
        skip_serializing_if = "serving::default::is_batch"
    )]
    pub serve_batch: Sourced,
    #[serde(
        default = "serving::default::prompt",
        skip_serializing_if = "serving::default::is_prompt"
    )]
    pub prompt_tokens: Sourced,
    #[serde(
        default = "serving::default::generate",
        skip_serializing_if = "serving::default::is_generate"
    )]
    pub generate_tokens: Sourced,
    /// GPUs per serving replica; absent = the fewest that hold the model and its cache.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replica_gpus: Option<Sourced>,
    /// How the run recovers from failures; absent = synchronous (a global restart from the
    /// last checkpoint).
    #[serde(default, skip_serializing_if = "is_sync")]
    pub recovery: Recovery,
    /// Failures, planned stops, storage, restarts and the batch: absent = the limits file's
    /// defaults (the synchronous restart: a file with another recovery mode states its
    /// restart, as a saved one does).
    #[serde(
        default = "limits::default::failure_rate",
        skip_serializing_if = "limits::default::is_failure_rate"
    )]
    pub failures_per_million_gpu_hours: Sourced,
    #[serde(
        default = "limits::default::planned_rate",
        skip_serializing_if = "limits::default::is_planned_rate"
    )]
    pub planned_per_million_gpu_hours: Sourced,
    /// Minutes one checkpoint stalls training; absent = the checkpointed state ÷ the storage
    /// write bandwidth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkpoint_minutes: Option<Sourced>,
    #[serde(
        default = "limits::default::storage",
        skip_serializing_if = "limits::default::is_storage"
    )]
    pub storage_tb_per_s: Sourced,
    #[serde(
        default = "limits::default::restart",
        skip_serializing_if = "limits::default::is_restart"
    )]
    pub restart_minutes: Sourced,
    #[serde(
        default = "limits::default::batch",
        skip_serializing_if = "limits::default::is_batch"
    )]
    pub batch_tokens: Sourced,
    /// Full references for the sources named in the fields.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Scenario {
    /// Inputs with no sourced value (status `Missing`): outputs that read them are not shown.
    pub fn missing(&self) -> Vec<Field> {
        Field::ALL
            .into_iter()
            .filter(|&f| self.sourced(f).is_some_and(|s| s.status == Status::Missing))
            .collect()
    }

    /// The sourced value behind one input; `None` for an unset optional input.
    pub fn sourced(&self, f: Field) -> Option<&Sourced> {
        Some(match f {
            Field::Gpus => &self.gpus,
            Field::Price => &self.price_usd,
            Field::Tflops => &self.peak_tflops,
            Field::Mfu => &self.mfu,
            Field::Days => &self.days,
            Field::Share => &self.run_share,
            Field::Watts => &self.watts_per_gpu,
            Field::Pue => &self.pue,
            Field::KwhPrice => &self.usd_per_kwh,
            Field::Co2 => &self.kg_co2_per_kwh,
            Field::Rent => return self.rent_usd_per_gpu_hour.as_ref(),
            Field::AmortYears => return self.amortization_years.as_ref(),
            Field::Year => self.year.as_ref().unwrap_or(&self.base_year),
            Field::ShareExperiments => &self.share_experiments,
            Field::ShareInference => &self.share_inference,
            Field::Params => return self.params.as_ref(),
            Field::ActiveParams => return self.active_params.as_ref(),
            Field::InferenceMfu => &self.inference_utilization,
            Field::ServeBatch => &self.serve_batch,
            Field::PromptTokens => &self.prompt_tokens,
            Field::GenerateTokens => &self.generate_tokens,
            Field::ReplicaGpus => return self.replica_gpus.as_ref(),
            Field::FailureRate => &self.failures_per_million_gpu_hours,
            Field::PlannedRate => &self.planned_per_million_gpu_hours,
            Field::Checkpoint => return self.checkpoint_minutes.as_ref(),
            Field::StorageBandwidth => &self.storage_tb_per_s,
            Field::Restart => &self.restart_minutes,
            Field::Batch => &self.batch_tokens,
        })
    }

    /// Whether `v` only restates input `f`'s current, sourced value (within a relative 1e-9, so
    /// that `--mfu 40%` or a typed 0.4 on a preset's 0.4 is no edit): such a value keeps the
    /// preset's source and range on every surface (flags, the explorer, scenario strings).
    pub fn restates(&self, f: Field, v: f64) -> bool {
        self.sourced(f).is_some_and(|s| {
            s.status != Status::Missing
                && (s.value == v || (s.value - v).abs() <= 1e-9 * s.value.abs().max(v.abs()))
        })
    }

    /// Sets one input; a share of the fleet's year rescales the other two in proportion so
    /// the three sum to 1 (the explorer's linked sliders). The rescaled shares are marked
    /// derived.
    pub fn set_input(&mut self, f: Field, value: Sourced) {
        let Some(i) = share_index(f) else {
            *self.sourced_mut(f) = value;
            return;
        };
        let shares = SHARE_FIELDS.map(|g| self.sourced_mut(g).value);
        // Nothing is locked, so the rebalance always has room.
        let new = rebalance(
            shares,
            i,
            value.value,
            [false; 3],
            super::trends::published().rates().split,
        )
        .unwrap_or(shares);
        for (j, (g, v)) in SHARE_FIELDS.into_iter().zip(new).enumerate() {
            if j == i {
                *self.sourced_mut(g) = value.clone();
            } else if v.to_bits() != shares[j].to_bits() {
                *self.sourced_mut(g) = rescaled(v, &format!("when {} was set", f.name()));
            }
        }
    }

    /// Sets the shares given together (command-line flags, a scenario string): one alone
    /// rescales the other two as [`Scenario::set_input`]; two leave the third the remainder;
    /// three must sum to 100 %. A given value equal to the current one keeps its source.
    pub fn set_shares(&mut self, given: [Option<Sourced>; 3]) -> Result<(), String> {
        let current = SHARE_FIELDS.map(|g| self.sourced_mut(g).value);
        let values = given.each_ref().map(|v| v.as_ref().map(|s| s.value));
        let new = settle_given(current, values, super::trends::published().rates().split)?;
        let how = match values.iter().flatten().count() {
            0 => return Ok(()),
            1 => format!(
                "when {} was set",
                SHARE_FIELDS[values.iter().position(Option::is_some).unwrap_or(0)].name()
            ),
            _ => "as the rest of the fleet".to_string(),
        };
        for (j, (g, v)) in SHARE_FIELDS.into_iter().zip(given).enumerate() {
            let cur = self.sourced_mut(g);
            match v {
                // A given value equal to the current one keeps its source.
                Some(v)
                    if cur.value.to_bits() != v.value.to_bits()
                        || cur.status == Status::Missing =>
                {
                    *cur = v;
                }
                Some(_) => {}
                None if new[j].to_bits() != cur.value.to_bits() => {
                    *cur = rescaled(new[j], &how);
                }
                None => {}
            }
        }
        Ok(())
    }

    /// Fills shares an older or partial file leaves out: with neither experiments nor
    /// inference given and a run share below 1, the rest of the fleet is split between them
    /// in the default split's proportions; with one given, the other is the remainder. The
    /// loaders call it before validation.
    pub fn settle_shares(&mut self) {
        let (exp, inf) = (
            is_no_share(&self.share_experiments),
            is_no_share(&self.share_inference),
        );
        let rest = 1.0 - self.run_share.value;
        if !(exp || inf) || rest <= 0.0 {
            return;
        }
        let derived = |value: f64, how: &str| Sourced {
            value,
            status: Status::Derived,
            source: format!("the rest of the fleet after the run share, {how}").into(),
            low: None,
            high: None,
            note: None,
        };
        let split = super::trends::published().rates().split;
        match (exp, inf) {
            (true, true) => {
                let e = rest * split[1] / (split[1] + split[2]);
                let how = "split between experiments and inference in the default split's \
                           proportions (presets/trends.ron: Epoch AI's estimate of OpenAI's 2024 \
                           compute)";
                self.share_experiments = derived(e, how);
                self.share_inference = derived(rest - e, how);
            }
            // Rounding of the given shares is not a share of the fleet.
            (true, false) => {
                let v = rest - self.share_inference.value;
                if v > 1e-12 {
                    self.share_experiments = derived(v, "less the inference share");
                }
            }
            _ => {
                let v = rest - self.share_experiments.value;
                if v > 1e-12 {
                    self.share_inference = derived(v, "less the experiments share");
                }
            }
        }
    }

    /// Unsets an optional input (rent, hardware life); required inputs stay as they are.
    pub fn clear_optional(&mut self, f: Field) {
        match f {
            Field::Rent => self.rent_usd_per_gpu_hour = None,
            Field::AmortYears => self.amortization_years = None,
            Field::Year => self.year = None,
            Field::Params => self.params = None,
            Field::ActiveParams => self.active_params = None,
            Field::Checkpoint => self.checkpoint_minutes = None,
            _ => {}
        }
    }

    /// Mutable access to one input's sourced value, creating optional ones on demand.
    pub fn sourced_mut(&mut self, f: Field) -> &mut Sourced {
        let placeholder = || Sourced::user_set(0.0);
        match f {
            Field::Gpus => &mut self.gpus,
            Field::Price => &mut self.price_usd,
            Field::Tflops => &mut self.peak_tflops,
            Field::Mfu => &mut self.mfu,
            Field::Days => &mut self.days,
            Field::Share => &mut self.run_share,
            Field::Watts => &mut self.watts_per_gpu,
            Field::Pue => &mut self.pue,
            Field::KwhPrice => &mut self.usd_per_kwh,
            Field::Co2 => &mut self.kg_co2_per_kwh,
            Field::Rent => self.rent_usd_per_gpu_hour.get_or_insert_with(placeholder),
            Field::AmortYears => self.amortization_years.get_or_insert_with(placeholder),
            Field::Year => {
                let base = self.base_year.clone();
                self.year.get_or_insert(base)
            }
            Field::ShareExperiments => &mut self.share_experiments,
            Field::ShareInference => &mut self.share_inference,
            Field::Params => self.params.get_or_insert_with(placeholder),
            Field::ActiveParams => self.active_params.get_or_insert_with(placeholder),
            Field::InferenceMfu => &mut self.inference_utilization,
            Field::ServeBatch => &mut self.serve_batch,
            Field::PromptTokens => &mut self.prompt_tokens,
            Field::GenerateTokens => &mut self.generate_tokens,
            Field::ReplicaGpus => self.replica_gpus.get_or_insert_with(placeholder),
            Field::FailureRate => &mut self.failures_per_million_gpu_hours,
            Field::PlannedRate => &mut self.planned_per_million_gpu_hours,
            Field::Checkpoint => self.checkpoint_minutes.get_or_insert_with(placeholder),
            Field::StorageBandwidth => &mut self.storage_tb_per_s,
            Field::Restart => &mut self.restart_minutes,
            Field::Batch => &mut self.batch_tokens,
        }
    }

    /// The low/high ranges set on inputs, for the Monte Carlo bands.
    pub fn ranges(&self) -> Vec<crate::model::uncertainty::InputRange> {
        Field::ALL
            .iter()
            .filter_map(|&f| {
                let s = self.sourced(f)?;
                // A range with one end stated runs from the value to that end (a PUE of 1.10
                // that could be as high as 1.58).
                s.low.or(s.high)?;
                let (low, high) = (s.low.unwrap_or(s.value), s.high.unwrap_or(s.value));
                (low < high).then_some(crate::model::uncertainty::InputRange {
                    field: f,
                    low,
                    high,
                })
            })
            .collect()
    }

    /// Switches to `card`: its peak (at the scenario's precision, BF16 where it has no FP8
    /// figure), price, all-in watts and rent. Every value comes from the new card or is marked
    /// missing (status `Missing`, the old number kept as a placeholder), so no output silently
    /// uses the previous card's. Returns what the card lacks, for a notice. The explorer's card
    /// keys, `--accelerator`, `--from-run` and one-line scenario strings all go through here,
    /// so a card means the same values everywhere.
    pub fn use_card(&mut self, card: &Accelerator) -> Vec<&'static str> {
        let mut kept = Vec::new();
        if self.precision == Precision::Fp8 && card.fp8_tflops.is_none() {
            self.precision = Precision::Bf16;
            kept.push("no FP8 peak: BF16");
        }
        self.peak_tflops = card.peak(self.precision).clone();
        let missing = |what: &str, v: f64| Sourced {
            value: v,
            status: Status::Missing,
            source: format!(
                "no sourced {what} for {} in the catalog: Enter types one",
                card.name
            )
            .into(),
            low: None,
            high: None,
            note: None,
        };
        match &card.price_usd {
            Some(p) => self.price_usd = p.clone(),
            None => {
                self.price_usd = missing("price", self.price_usd.value);
                kept.push("no sourced price");
            }
        }
        // The scenarios' basis is all-in watts per GPU (its share of the server included).
        match &card.server_watts_per_gpu {
            Some(w) => self.watts_per_gpu = w.clone(),
            None => {
                self.watts_per_gpu = missing("power", self.watts_per_gpu.value);
                kept.push("no sourced power");
            }
        }
        self.rent_usd_per_gpu_hour = card.rent_usd_per_hour.clone();
        if card.rent_usd_per_hour.is_none() {
            kept.push("no sourced rent");
        }
        self.accelerator = Some(card.id.to_string());
        kept
    }
}

fn is_in_step(b: &MfuBasis) -> bool {
    *b == MfuBasis::InStep
}

fn is_sync(r: &Recovery) -> bool {
    *r == Recovery::Sync
}

impl Scenario {
    /// Switches the recovery mode. A restart still at the old mode's sourced default takes the
    /// new mode's; a typed one is kept (every mode's number can be overridden).
    pub fn set_recovery(&mut self, recovery: Recovery) {
        let l = limits::builtin();
        if self.restart_minutes == *l.restart(self.recovery) {
            self.restart_minutes = l.restart(recovery).clone();
        }
        self.recovery = recovery;
    }
}

/// A share rescaled so the three sum to 100 %.
fn rescaled(value: f64, how: &str) -> Sourced {
    Sourced {
        value,
        status: Status::Derived,
        source: format!("rescaled {how}, so run, experiments and inference sum to 100 %").into(),
        low: None,
        high: None,
        note: None,
    }
}

/// The base year of a file that states none.
pub fn default_base_year() -> Sourced {
    Sourced {
        value: 2024.0,
        status: Status::Assumption,
        source: "no base year in the file: read as 2024, the year of the H100-era prices and \
                 fleets the catalog quotes"
            .into(),
        low: None,
        high: None,
        note: None,
    }
}

fn is_default_base_year(s: &Sourced) -> bool {
    *s == default_base_year()
}

/// A share of the fleet's year that is not given: none of it.
pub fn no_share() -> Sourced {
    Sourced {
        value: 0.0,
        status: Status::Assumption,
        source: "default: none of the fleet".into(),
        low: None,
        high: None,
        note: None,
    }
}

fn is_no_share(s: &Sourced) -> bool {
    *s == no_share()
}

/// The default run share: the whole fleet trains the run.
pub fn whole_fleet() -> Sourced {
    Sourced {
        value: 1.0,
        status: Status::Assumption,
        source: "default: the whole fleet trains the run".into(),
        low: None,
        high: None,
        note: None,
    }
}

fn is_whole_fleet(s: &Sourced) -> bool {
    *s == whole_fleet()
}

/// One accelerator of the catalog. Dense peaks only, never sparsity figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accelerator {
    /// Identifier, e.g. `h100-sxm`.
    pub id: Text,
    pub name: Text,
    pub vendor: Text,
    /// Dense BF16 TFLOP/s, or FP16 where the card lacks BF16 (`bf16_is_fp16`).
    pub bf16_tflops: Sourced,
    /// The card has no BF16: `bf16_tflops` holds its FP16 tensor peak, and is labelled so.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub bf16_is_fp16: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fp8_tflops: Option<Sourced>,
    /// Board/chip TDP in watts (not the server's share); not every vendor publishes one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tdp_watts: Option<Sourced>,
    /// Memory in GB.
    pub memory_gb: Sourced,
    /// Peak memory (HBM) bandwidth, GB/s: what a decode step reads the weights and KV cache at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hbm_bandwidth_gbs: Option<Sourced>,
    /// GPU-to-GPU bandwidth inside the scale-up domain, GB/s, both directions summed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interconnect_gbs: Option<Sourced>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_usd: Option<Sourced>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rent_usd_per_hour: Option<Sourced>,
    /// The market the rent is quoted in; required with a rent (the loader checks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rent_tier: Option<RentTier>,
    /// IT power per GPU before PUE, on Epoch AI's basis: its share of the server plus the
    /// cluster's networking and storage, where a sourced figure exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_watts_per_gpu: Option<Sourced>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

impl Accelerator {
    /// The precision the peak used at `p` really is: "FP16" for a card without BF16.
    pub fn peak_label(&self, p: Precision) -> &'static str {
        match (p, &self.fp8_tflops) {
            (Precision::Fp8, Some(_)) => "FP8",
            _ if self.bf16_is_fp16 => "FP16",
            _ => "BF16",
        }
    }

    /// Dense peak at a precision; falls back to BF16 where the card has no FP8 figure.
    pub fn peak(&self, p: Precision) -> &Sourced {
        match (p, &self.fp8_tflops) {
            (Precision::Fp8, Some(s)) => s,
            _ => &self.bf16_tflops,
        }
    }
}

/// The market a rent is quoted in. The same card rents on demand at a hyperscaler for about
/// three times a neocloud's price, and for less again under a commitment, so rents of
/// different tiers rank the markets, not the cards.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, strum::VariantArray, strum::EnumCount,
)]
pub enum RentTier {
    /// AWS, Google Cloud, Azure, Oracle: pay-as-you-go per hour.
    HyperscalerOnDemand,
    /// A hyperscaler's 1- or 3-year commitment or reserved capacity block.
    HyperscalerCommitted,
    /// GPU-specialist clouds (Lambda, RunPod, CoreWeave, TensorWave…), on demand.
    Neocloud,
}

impl RentTier {
    pub const ALL: [RentTier; <RentTier as strum::EnumCount>::COUNT] =
        crate::model::all(<RentTier as strum::VariantArray>::VARIANTS);

    /// The tier in words, as shown beside a price.
    pub fn words(self) -> &'static str {
        match self {
            RentTier::HyperscalerOnDemand => "hyperscaler on-demand",
            RentTier::HyperscalerCommitted => "hyperscaler committed",
            RentTier::Neocloud => "neocloud on-demand",
        }
    }
}

/// A training run (or a regulatory threshold) to place scenarios against.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    /// Identifier, e.g. `llama-3.1-405b`.
    pub id: Text,
    /// Display name, e.g. "Llama 3.1 405B".
    pub name: Text,
    pub org: Text,
    /// Release date, `YYYY-MM-DD` (or `YYYY-MM`).
    pub date: Text,
    #[serde(default)]
    pub kind: MilestoneKind,
    /// Training compute, FLOP.
    pub flop: Sourced,
    /// Parameters (active parameters for mixture-of-experts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<Sourced>,
    /// Total parameters for mixture-of-experts models.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_params: Option<Sourced>,
    /// The published architecture, where it is public: what serving the model reads per token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shape: Option<Shape>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens: Option<Sourced>,
    /// Accelerator id from the catalog.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accelerator: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gpu_count: Option<Sourced>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gpu_hours: Option<Sourced>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<Sourced>,
    /// Reported MFU as a fraction (a range in low/high where the paper gives one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported_mfu: Option<Sourced>,
    /// Precision of the peak used for implied utilization.
    #[serde(default)]
    pub precision: Precision,
    /// Counts as a frontier run for the trend fit.
    #[serde(default)]
    pub frontier: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
    /// Watts per GPU the developer's own energy account uses (LLaMA: 400 W per A100), where
    /// it gives one: a run loaded from its record then reads the paper's energy, not the
    /// card's all-in server watts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub watts_per_gpu: Option<Sourced>,
    /// The PUE of the developer's energy account, where it gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pue: Option<Sourced>,
    /// Grid carbon intensity (kg CO2eq per kWh) of the developer's account, where it gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kg_co2_per_kwh: Option<Sourced>,
}

/// A transformer's published shape: what its KV cache and tensor-parallel traffic depend on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shape {
    pub layers: u32,
    pub d_model: u32,
    /// Attention (query) heads.
    pub heads: u32,
    /// Key/value heads: `heads` for multi-head attention, fewer with grouped-query attention.
    pub kv_heads: u32,
    pub status: Status,
    pub source: Text,
}

/// A run, or a line drawn by regulation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum MilestoneKind {
    #[default]
    Run,
    Threshold,
}

/// A known fleet of accelerators (who holds the compute).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fleet {
    pub id: Text,
    pub name: Text,
    pub org: Text,
    pub date: Text,
    /// Accelerator id, when the fleet is of one kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accelerator: Option<Text>,
    /// Accelerator count (or H100-equivalents, as the note says).
    pub count: Sourced,
    /// Count is already in H100-equivalents.
    #[serde(default)]
    pub h100_equivalents: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

/// A source abbreviation such as `[EPOCH-DB]`, defined once with its full public reference so a
/// short tag in a `source` can still be followed by a stranger.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Abbreviation {
    /// The tag as written between square brackets, e.g. `EPOCH-DB`.
    pub id: Text,
    /// Author or organisation, title, version or date, and where to get it.
    pub reference: Text,
}
