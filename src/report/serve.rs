//! `agi-compute serve`'s answer in every format: formatting only, every number from
//! [`crate::analysis::serving`].

use crate::analysis::serving::Answer;
use crate::model::cost::CostBasis;
use crate::model::format::{self as fmt, csv_cell};
use crate::report::Format;
use crate::report::table::{Cell, Column, Report, Section};
use serde_json::{Value, json};

/// The answer in one format: the table and Markdown from one set of rows, CSV the JSON's
/// numbers a row each.
pub fn render(a: &Answer, format: Format) -> String {
    match format {
        Format::Json => format!("{:#}\n", to_json(a)),
        Format::Csv => csv(a),
        _ => {
            let mut s = Section::new(
                "serving",
                "",
                vec![Column::new("Output"), Column::new("Value")],
            );
            for (label, value) in rows(a) {
                s.row([Cell::new(label), Cell::new(value)]);
            }
            s.notes = assumptions(a);
            Report {
                title: heading(a),
                lead: Vec::new(),
                sections: vec![s],
            }
            .render(format)
        }
    }
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
