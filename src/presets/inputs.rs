//! A scenario as the model's plain numbers: its sourced values, with the trend rates, the
//! cluster split, the checkpoint state and the fleet's serving side read from the built-in
//! files, or, with a catalog at hand, the card's memory side from the catalog's cards.

use super::catalog::Catalog;
use super::limits;
use super::schema::Scenario;
use crate::model::Inputs;

impl Catalog {
    /// The plain numbers of `scenario` with its card's memory side (HBM and GPU-to-GPU
    /// bandwidth, memory) read from this catalog's cards, so a card from the user's files
    /// serves like a built-in one, and a user entry replacing a built-in card is the one used.
    /// Every surface that has the catalog evaluates through here; [`Scenario::inputs`] alone
    /// knows the built-in cards only.
    pub fn inputs(&self, scenario: &Scenario) -> Inputs {
        let mut inputs = scenario.inputs();
        if let Some(card) = scenario
            .accelerator
            .as_deref()
            .and_then(|id| self.accelerator(id))
        {
            inputs.serving.card = super::fleet_serving::memory_of(card);
        }
        inputs
    }
}

impl Scenario {
    /// The plain numbers for the model, the card's memory side from the built-in cards
    /// ([`Catalog::inputs`] reads the catalog's, user cards too).
    pub fn inputs(&self) -> Inputs {
        Inputs {
            gpus: self.gpus.value,
            price_usd: self.price_usd.value,
            peak_tflops: self.peak_tflops.value,
            mfu: self.mfu.value,
            days: self.days.value,
            run_share: self.run_share.value,
            watts_per_gpu: self.watts_per_gpu.value,
            pue: self.pue.value,
            usd_per_kwh: self.usd_per_kwh.value,
            kg_co2_per_kwh: self.kg_co2_per_kwh.value,
            rent_usd_per_gpu_hour: self.rent_usd_per_gpu_hour.as_ref().map(|s| s.value),
            amortization_years: self.amortization_years.as_ref().map(|s| s.value),
            base_year: self.base_year.value,
            year: self.year.as_ref().map_or(self.base_year.value, |s| s.value),
            share_experiments: self.share_experiments.value,
            share_inference: self.share_inference.value,
            params: self.params.as_ref().map(|s| s.value),
            active_params: self.active_params.as_ref().map(|s| s.value),
            inference_utilization: self.inference_utilization.value,
            serve_batch: self.serve_batch.value,
            prompt_tokens: self.prompt_tokens.value,
            generate_tokens: self.generate_tokens.value,
            replica_gpus: self.replica_gpus.as_ref().map(|s| s.value),
            serving: super::fleet_serving::fleet_serving(
                self.accelerator.as_deref(),
                self.precision,
            ),
            rates: super::trends::published().rates(),
            cluster_overhead: super::epoch::builtin_split()
                .cluster_overhead(self.accelerator.as_deref()),
            failures_per_million_gpu_hours: self.failures_per_million_gpu_hours.value,
            checkpoint_minutes: self.checkpoint_minutes.as_ref().map(|s| s.value),
            storage_tb_per_s: self.storage_tb_per_s.value,
            planned_per_million_gpu_hours: self.planned_per_million_gpu_hours.value,
            recovery: self.recovery,
            mfu_basis: self.mfu_basis,
            checkpoint_bytes_per_param: limits::builtin().checkpoint_bytes_per_param.value,
            restart_minutes: self.restart_minutes.value,
            batch_tokens: self.batch_tokens.value,
        }
    }
}
