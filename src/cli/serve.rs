//! `agi-compute serve`: what one replica of a model serves on a card, from the roofline in
//! [`crate::model::serving`]. Its arguments and the refusal of a model that does not fit live
//! here; the answer's tables are [`crate::report::serve`].

use crate::analysis::serving::{Answer, Question, answer};
use crate::model::format as fmt;
use crate::model::serving::DoesNotFit;
use crate::presets::{Catalog, DEFAULT_SCENARIO};
use crate::report::Format;
use clap::Args;

/// `serve --params N | --run RUN [--accelerator ID] [--gpus G] [--batch B] …`.
#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// Total parameters (65B, 1.2T); a count within 10 % of a known run's takes its shape.
    #[arg(long, value_name = "N", value_parser = count)]
    pub params: Option<f64>,
    /// Parameters active per token (mixture-of-experts); default all of them.
    #[arg(long, value_name = "N", value_parser = count)]
    pub active_params: Option<f64>,
    /// A known run (llama-65b): its parameters and published shape.
    #[arg(long, value_name = "RUN")]
    pub run: Option<String>,
    /// Card id from the catalog.
    #[arg(long, value_name = "ID", default_value = "h100-sxm")]
    pub accelerator: String,
    /// The card's dense FP8 peak, and one byte per weight and KV value (unless given).
    #[arg(long)]
    pub fp8: bool,
    /// GPUs per replica (tensor parallel).
    #[arg(long, value_name = "G", default_value = "1", value_parser = whole)]
    pub gpus: f64,
    /// Sequences decoded together per replica.
    #[arg(long, value_name = "B", default_value = "1", value_parser = whole)]
    pub batch: f64,
    /// Prompt tokens per sequence.
    #[arg(long, value_name = "TOKENS", default_value = "512", value_parser = whole)]
    pub prompt: f64,
    /// Generated tokens per sequence.
    #[arg(long, value_name = "TOKENS", default_value = "256", value_parser = whole)]
    pub generate: f64,
    /// Achieved fraction of peak memory bandwidth (0.65 or 65%); default the sourced one.
    #[arg(long, value_name = "F", value_parser = fraction)]
    pub bandwidth_efficiency: Option<f64>,
    /// Achieved fraction of the dense peak when compute-bound; default the sourced one.
    #[arg(long, value_name = "F", value_parser = fraction)]
    pub mfu: Option<f64>,
    /// Layers (overrides the shape).
    #[arg(long, value_name = "L")]
    pub layers: Option<u32>,
    /// Model width (overrides the shape).
    #[arg(long, value_name = "D")]
    pub d_model: Option<u32>,
    /// Attention heads (overrides the shape).
    #[arg(long, value_name = "H")]
    pub heads: Option<u32>,
    /// Key/value heads (overrides the shape; fewer than heads with grouped-query attention).
    #[arg(long, value_name = "H")]
    pub kv_heads: Option<u32>,
    /// Bytes per weight (2 = BF16, 1 = FP8).
    #[arg(long, value_name = "BYTES", value_parser = bytes)]
    pub weight_bytes: Option<f64>,
    /// Bytes per KV-cache value.
    #[arg(long, value_name = "BYTES", value_parser = bytes)]
    pub kv_bytes: Option<f64>,
    /// Hardware life in years, for the purchase and amortized cost bases.
    #[arg(long, value_name = "YEARS", value_parser = years)]
    pub amortize_years: Option<f64>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

fn number(s: &str) -> Result<crate::model::parse::Typed, String> {
    crate::model::parse::parse_quantity(s).map_err(|e| e.to_string())
}

fn count(s: &str) -> Result<f64, String> {
    let t = number(s)?;
    if t.percent || !(t.value > 0.0 && t.value <= 1e16) {
        return Err(format!("must be a count in (0, 1e16] (got {s})"));
    }
    Ok(t.value)
}

fn whole(s: &str) -> Result<f64, String> {
    let t = number(s)?;
    if t.percent || !(1.0..=1e9).contains(&t.value) || t.value.fract() != 0.0 {
        return Err(format!("must be a whole number from 1 to 1e9 (got {s})"));
    }
    Ok(t.value)
}

fn fraction(s: &str) -> Result<f64, String> {
    let t = number(s)?;
    if !(t.value > 0.0 && t.value <= 1.0) {
        return Err(format!("must be in (0, 100%] (got {s})"));
    }
    Ok(t.value)
}

fn bytes(s: &str) -> Result<f64, String> {
    let t = number(s)?;
    if t.percent || !(t.value > 0.0 && t.value <= 16.0) {
        return Err(format!("must be in (0, 16] bytes (got {s})"));
    }
    Ok(t.value)
}

fn years(s: &str) -> Result<f64, String> {
    let t = number(s)?;
    if t.percent || !(t.value > 0.0 && t.value <= 20.0) {
        return Err(format!("must be in (0, 20] years (got {s})"));
    }
    Ok(t.value)
}

impl ServeArgs {
    fn question(&self) -> Question {
        Question {
            params: self.params,
            active_params: self.active_params,
            run: self.run.clone(),
            accelerator: self.accelerator.clone(),
            fp8: self.fp8,
            gpus: self.gpus,
            batch: self.batch,
            prompt: self.prompt,
            generate: self.generate,
            bandwidth_efficiency: self.bandwidth_efficiency,
            mfu: self.mfu,
            layers: self.layers,
            d_model: self.d_model,
            heads: self.heads,
            kv_heads: self.kv_heads,
            weight_bytes: self.weight_bytes,
            kv_bytes: self.kv_bytes,
            amortize_years: self.amortize_years,
        }
    }
}

/// The answer in `args.format`, or why there is none (an unknown card or run, a model that does
/// not fit: the message says what would).
pub fn render(catalog: &Catalog, args: &ServeArgs) -> Result<String, String> {
    let energy = catalog
        .scenario(DEFAULT_SCENARIO)
        .map(|e| e.scenario.clone())
        .ok_or("the default scenario is missing")?;
    let a = answer(&args.question(), catalog, &energy)?;
    if let Err(e) = &a.result {
        return Err(refusal(&a, e));
    }
    Ok(crate::report::serve::render(&a, args.format))
}

/// "does not fit: …; it fits on 27 GPUs per replica (--gpus 27) …".
fn refusal(a: &Answer, e: &DoesNotFit) -> String {
    let m = &e.memory;
    let gpus = if e.gpus_needed.is_finite() {
        format!(
            "it fits on {} GPUs per replica (--gpus {})",
            e.gpus_needed, e.gpus_needed
        )
    } else {
        "no number of these GPUs holds it".into()
    };
    let batch = if e.max_batch >= 1.0 {
        format!(
            ", or at --batch {} or less on {}",
            e.max_batch, a.workload.gpus
        )
    } else {
        format!(
            "; no batch fits on {}: the weights alone need {}",
            a.workload.gpus,
            fmt::si(m.weights_bytes * a.workload.gpus, "B")
        )
    };
    format!(
        "{} does not fit: it needs {} per GPU (weights {} + KV cache {}) on {} × {} with {}; {gpus}{batch}",
        a.model,
        fmt::si(m.total(), "B"),
        fmt::si(m.weights_bytes, "B"),
        fmt::si(m.kv_cache_bytes, "B"),
        a.workload.gpus,
        a.card.name,
        fmt::si(m.capacity_bytes, "B"),
    )
}
