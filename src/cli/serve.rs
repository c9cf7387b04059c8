//! `agi-compute serve`: what one replica of a model serves on a card, from the roofline in
//! [`crate::model::serving`], in every format. Its arguments and its output live here; the
//! command line only dispatches.

use crate::analysis::serving::{Answer, Question, answer};
use crate::model::cost::CostBasis;
use crate::model::format as fmt;
use crate::model::format::csv_cell;
use crate::model::serving::DoesNotFit;
use crate::presets::{Catalog, DEFAULT_SCENARIO};
use crate::report::Format;
use clap::Args;
use serde_json::{Value, json};

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
    Ok(match args.format {
        Format::Json => format!("{:#}\n", to_json(&a)),
        Format::Table => table(&a),
        Format::Markdown => markdown(&a),
        Format::Csv => csv(&a),
    })
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

/// The rows every text format shows: label, value as text.
fn rows(a: &Answer) -> Vec<(&'static str, String)> {
    let Ok(s) = &a.result else {
        return Vec::new();
    };
    let w = &a.workload;
    let mut out = vec![
        (
            "Decode",
            format!(
                "{} tokens/s per replica ({} per GPU), {}-bound",
                fmt::count(s.decode_tokens_per_s),
                fmt::count(s.decode_tokens_per_s / w.gpus),
                s.decode_bound.word()
            ),
        ),
        (
            "Per-token latency",
            format!(
                "{} (memory {}, compute {}, all-reduce {})",
                seconds(s.decode_step_s),
                seconds(s.decode_memory_s),
                seconds(s.decode_compute_s),
                seconds(s.decode_allreduce_s)
            ),
        ),
        (
            "Prefill",
            format!(
                "{} tokens/s, time to first token {}",
                fmt::count(s.prefill_tokens_per_s),
                seconds(s.prefill_s)
            ),
        ),
        (
            "Whole requests",
            format!(
                "{} tokens/s (prompt and generated)",
                fmt::count(s.tokens_per_s)
            ),
        ),
        (
            "Memory per GPU",
            format!(
                "{} of {}: weights {}, KV cache {}",
                fmt::si(s.memory.total(), "B"),
                fmt::si(s.memory.capacity_bytes, "B"),
                fmt::si(s.memory.weights_bytes, "B"),
                fmt::si(s.memory.kv_cache_bytes, "B")
            ),
        ),
    ];
    for c in &a.costs {
        let text = match c.usd_per_mtok {
            Ok(v) => format!("{} per million tokens", fmt::usd(v)),
            Err(why) => format!("{} ({why})", fmt::NOT_A_NUMBER),
        };
        out.push((cost_label(c.basis), text));
    }
    out
}

/// Seconds with a readable unit, microseconds included: `844 µs`, `11.1 ms`, `1.20 s`.
fn seconds(x: f64) -> String {
    if x > 0.0 && x < 1e-3 {
        format!("{} µs", fmt::sig(x * 1e6, 3))
    } else {
        fmt::si(x, "s")
    }
}

fn cost_label(b: CostBasis) -> &'static str {
    match b {
        CostBasis::Gpus => "Cost: GPUs",
        CostBasis::Cluster => "Cost: cluster",
        CostBasis::Rent => "Cost: rent",
        CostBasis::Amortized => "Cost: amortized",
        CostBasis::EpochAmortized => "Cost: Epoch amortized",
    }
}

fn cost_key(b: CostBasis) -> &'static str {
    match b {
        CostBasis::Gpus => "gpus",
        CostBasis::Cluster => "cluster",
        CostBasis::Rent => "rent",
        CostBasis::Amortized => "amortized",
        CostBasis::EpochAmortized => "epoch_amortized",
    }
}

/// The heading: what is served on what.
fn heading(a: &Answer) -> String {
    let w = &a.workload;
    format!(
        "Serving {} on {} × {} ({}), batch {}, prompt {}, generate {}",
        a.model, w.gpus, a.card.name, a.precision, w.batch, w.prompt, w.generate
    )
}

/// The assumptions under the numbers, one line each.
fn assumptions(a: &Answer) -> Vec<String> {
    let w = &a.workload;
    let s = &w.shape;
    let h = &a.hardware;
    let e = &a.efficiency;
    vec![
        format!(
            "Model: {} parameters ({} active); {} layers, d_model {}, {} heads, {} KV heads: {}",
            fmt::count(w.params),
            fmt::count(w.active_params),
            s.layers,
            s.d_model,
            s.heads,
            s.kv_heads,
            a.shape_from.how
        ),
        format!(
            "Card: {} TFLOP/s {} peak, HBM {}/s, GPU-to-GPU {}/s, {}; {} bytes per weight, {} per KV value",
            h.peak_tflops,
            a.precision,
            fmt::si(h.hbm_gbs * 1e9, "B"),
            fmt::si(h.interconnect_gbs * 1e9, "B"),
            fmt::si(h.memory_gb * 1e9, "B"),
            w.bytes_per_weight,
            w.bytes_per_kv
        ),
        format!(
            "Achieved bandwidth {} ({})",
            fmt::percent(e.bandwidth),
            a.efficiency_sources[0]
        ),
        format!(
            "Achieved MFU {} ({})",
            fmt::percent(e.mfu),
            a.efficiency_sources[1]
        ),
        format!(
            "Costs per million prompt and generated tokens over whole requests; the amortized basis adds energy at {}'s PUE and electricity price",
            a.energy_from
        ),
    ]
}

fn table(a: &Answer) -> String {
    let mut s = format!("{}\n\n", heading(a));
    for (label, value) in rows(a) {
        s.push_str(&format!("  {label:<22}{value}\n"));
    }
    s.push('\n');
    for line in assumptions(a) {
        s.push_str(&format!("  {line}\n"));
    }
    s
}

fn markdown(a: &Answer) -> String {
    let mut s = format!(
        "**{}**\n\n| Output | Value |\n|---|---|\n",
        fmt::markdown_cell(&heading(a))
    );
    for (label, value) in rows(a) {
        s.push_str(&format!("| {label} | {} |\n", fmt::markdown_cell(&value)));
    }
    s.push('\n');
    for line in assumptions(a) {
        s.push_str(&format!("- {}\n", fmt::markdown_cell(&line)));
    }
    s
}

/// `key,value,unit`: the JSON's numbers, one a row.
fn csv(a: &Answer) -> String {
    let mut s = String::from("key,value,unit\n");
    let Value::Object(map) = to_json(a) else {
        return s;
    };
    let mut push = |key: &str, v: &Value, unit: &str| {
        // Numbers stay numbers; text goes through the one CSV cell rule.
        let cell = match v {
            Value::Number(n) => n.to_string(),
            Value::String(t) => csv_cell(t),
            Value::Null => String::new(),
            other => csv_cell(&other.to_string()),
        };
        s.push_str(&format!("{},{},{}\n", csv_cell(key), cell, unit));
    };
    for (key, unit) in [
        ("decode_tokens_per_s", "tokens/s"),
        ("decode_tokens_per_s_per_gpu", "tokens/s"),
        ("decode_bound", ""),
        ("per_token_latency_s", "s"),
        ("prefill_tokens_per_s", "tokens/s"),
        ("time_to_first_token_s", "s"),
        ("tokens_per_s", "tokens/s"),
    ] {
        if let Some(v) = map.get(key) {
            push(key, v, unit);
        }
    }
    if let Some(Value::Object(m)) = map.get("memory_per_gpu_bytes") {
        for (k, v) in m {
            push(&format!("memory_per_gpu_bytes.{k}"), v, "B");
        }
    }
    if let Some(Value::Object(m)) = map.get("usd_per_mtok") {
        for (k, v) in m {
            push(&format!("usd_per_mtok.{k}"), v, "USD");
        }
    }
    s
}

fn to_json(a: &Answer) -> Value {
    let Ok(s) = &a.result else {
        return Value::Null;
    };
    let w = &a.workload;
    let costs: serde_json::Map<String, Value> = a
        .costs
        .iter()
        .map(|c| (cost_key(c.basis).to_string(), json!(c.usd_per_mtok.ok())))
        .collect();
    let missing: serde_json::Map<String, Value> = a
        .costs
        .iter()
        .filter_map(|c| Some((cost_key(c.basis).to_string(), json!(c.usd_per_mtok.err()?))))
        .collect();
    json!({
        "model": a.model,
        "params": w.params,
        "active_params": w.active_params,
        "shape": {
            "layers": w.shape.layers,
            "d_model": w.shape.d_model,
            "heads": w.shape.heads,
            "kv_heads": w.shape.kv_heads,
            "from": a.shape_from.how,
        },
        "accelerator": a.card.id,
        "precision": a.precision,
        "gpus": w.gpus,
        "batch": w.batch,
        "prompt": w.prompt,
        "generate": w.generate,
        "bytes_per_weight": w.bytes_per_weight,
        "bytes_per_kv": w.bytes_per_kv,
        "bandwidth_efficiency": {"value": a.efficiency.bandwidth, "source": a.efficiency_sources[0]},
        "mfu": {"value": a.efficiency.mfu, "source": a.efficiency_sources[1]},
        "decode_tokens_per_s": s.decode_tokens_per_s,
        "decode_tokens_per_s_per_gpu": s.decode_tokens_per_s / w.gpus,
        "decode_bound": s.decode_bound.word(),
        "per_token_latency_s": s.decode_step_s,
        "decode_step_s": {
            "memory": s.decode_memory_s,
            "compute": s.decode_compute_s,
            "allreduce": s.decode_allreduce_s,
        },
        "prefill_tokens_per_s": s.prefill_tokens_per_s,
        "time_to_first_token_s": s.prefill_s,
        "tokens_per_s": s.tokens_per_s,
        "memory_per_gpu_bytes": {
            "weights": s.memory.weights_bytes,
            "kv_cache": s.memory.kv_cache_bytes,
            "total": s.memory.total(),
            "capacity": s.memory.capacity_bytes,
        },
        "usd_per_mtok": costs,
        "usd_per_mtok_missing": missing,
    })
}
