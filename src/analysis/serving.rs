//! What a serving question means in the catalog's terms: the card's peak, bandwidths and memory,
//! the model's shape (a known run's published one, the nearest run's for a bare parameter count,
//! or the stated rule), the sourced efficiencies, and the cost of a GPU-hour on each basis.

use crate::model::cost::CostBasis;
use crate::model::format as fmt;
use crate::model::serving::{
    Bound, Card, DoesNotFit, Efficiency, Served, Shape, Unserved, Workload, serve,
};
use crate::model::units::{DAYS_PER_YEAR, HOURS_PER_DAY};
use crate::model::{Inputs, Outputs};
use crate::presets::serving::{ServingData, builtin};
use crate::presets::{Accelerator, Catalog, Milestone, Precision, Scenario, Sourced};

/// A serving question as typed: every field optional where the catalog or a default answers it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Question {
    /// Total parameters (a bare count); with `run`, overrides the run's.
    pub params: Option<f64>,
    /// Active parameters per token (mixture-of-experts).
    pub active_params: Option<f64>,
    /// A known run: its parameters and published shape.
    pub run: Option<String>,
    pub accelerator: String,
    /// FP8: the card's dense FP8 peak, and one byte per weight and KV value unless given.
    pub fp8: bool,
    pub gpus: f64,
    pub batch: f64,
    pub prompt: f64,
    pub generate: f64,
    pub bandwidth_efficiency: Option<f64>,
    pub mfu: Option<f64>,
    pub layers: Option<u32>,
    pub d_model: Option<u32>,
    pub heads: Option<u32>,
    pub kv_heads: Option<u32>,
    pub weight_bytes: Option<f64>,
    pub kv_bytes: Option<f64>,
    /// Hardware life for the purchase bases, years.
    pub amortize_years: Option<f64>,
}

/// Where the model's shape came from, said in words.
#[derive(Clone, Debug, PartialEq)]
pub struct ShapeFrom {
    pub shape: Shape,
    pub how: String,
}

/// A serving cost per million tokens on one basis, or why there is none.
#[derive(Clone, Debug, PartialEq)]
pub struct ServeCost {
    pub basis: CostBasis,
    pub usd_per_mtok: Result<f64, &'static str>,
}

/// The question resolved against the catalog, and the roofline's answer.
#[derive(Clone, Debug)]
pub struct Answer {
    pub card: Accelerator,
    pub precision: &'static str,
    pub model: String,
    pub workload: Workload,
    pub shape_from: ShapeFrom,
    pub hardware: Card,
    pub efficiency: Efficiency,
    /// The sources of the two achieved fractions, or "set on the command line".
    pub efficiency_sources: [String; 2],
    pub result: Result<Served, DoesNotFit>,
    pub costs: Vec<ServeCost>,
    /// The scenario whose PUE and electricity price the amortized basis uses.
    pub energy_from: String,
}

/// The shape rule's parameters from the serving defaults.
pub fn rule_shape(params: f64, d: &ServingData) -> Shape {
    Shape::from_params(
        params,
        d.d_model_per_layer.value,
        d.head_dim.value,
        d.kv_heads.value,
    )
}

/// A milestone's published shape in the model's terms.
pub fn shape_of(m: &Milestone) -> Option<Shape> {
    m.shape.as_ref().map(|s| Shape {
        layers: f64::from(s.layers),
        d_model: f64::from(s.d_model),
        heads: f64::from(s.heads),
        kv_heads: f64::from(s.kv_heads),
    })
}

/// What a run holds: its total parameters (mixture-of-experts) or its parameters.
fn run_params(m: &Milestone) -> Option<f64> {
    m.total_params
        .as_ref()
        .or(m.params.as_ref())
        .map(|p| p.value)
}

/// The shape for `params` parameters: the nearest known run's published shape within the
/// stated tolerance, else the rule.
pub fn shape_for_params(params: f64, catalog: &Catalog) -> ShapeFrom {
    let d = builtin();
    let nearest = catalog
        .milestones
        .iter()
        .filter_map(|m| Some((m, shape_of(m)?, run_params(m)?)))
        .map(|(m, s, n)| (m, s, (n / params).ln().abs()))
        .min_by(|a, b| a.2.total_cmp(&b.2));
    if let Some((m, shape, distance)) = nearest
        && distance <= (1.0 + d.nearest_shape_within.value).ln()
    {
        return ShapeFrom {
            shape,
            how: format!("{}'s published shape (nearest known run)", m.name),
        };
    }
    ShapeFrom {
        shape: rule_shape(params, d),
        how: format!(
            "the rule N = 12·layers·d_model², d_model = {} × layers, {}-wide heads, up to {} KV heads",
            d.d_model_per_layer.value, d.head_dim.value, d.kv_heads.value
        ),
    }
}

/// Resolves `q` against the catalog and runs the roofline. `energy` is the scenario whose PUE
/// and electricity price the amortized basis uses.
pub fn answer(q: &Question, catalog: &Catalog, energy: &Scenario) -> Result<Answer, String> {
    let d = builtin();
    let card = catalog
        .accelerator(&q.accelerator)
        .ok_or_else(|| {
            let ids: Vec<&str> = catalog.accelerators.iter().map(|a| a.id.as_str()).collect();
            format!(
                "--accelerator: no card '{}'; valid ids: {}",
                crate::presets::checks::visible(&q.accelerator),
                ids.join(", ")
            )
        })?
        .clone();
    let need = |s: &Option<Sourced>, what: &str| {
        s.as_ref()
            .map(|s| s.value)
            .ok_or_else(|| format!("{}: no sourced {what}", card.id))
    };
    let hbm = need(&card.hbm_bandwidth_gbs, "memory bandwidth")?;
    let link = need(&card.interconnect_gbs, "GPU-to-GPU bandwidth")?;
    if q.fp8 && card.fp8_tflops.is_none() {
        return Err(format!("--fp8: {} has no dense FP8 peak", card.id));
    }
    let precision = if q.fp8 {
        Precision::Fp8
    } else {
        Precision::Bf16
    };
    let (params, active, model, mut shape_from) = model_of(q, catalog)?;
    let over = |v: Option<u32>, old: f64| v.map_or(old, f64::from);
    let typed = [q.layers, q.d_model, q.heads, q.kv_heads];
    if typed.iter().any(Option::is_some) {
        let s = shape_from.shape;
        shape_from.shape = Shape {
            layers: over(q.layers, s.layers),
            d_model: over(q.d_model, s.d_model),
            heads: over(q.heads, s.heads),
            kv_heads: over(q.kv_heads, s.kv_heads),
        };
        shape_from.how = format!("{}, with the shape flags over it", shape_from.how);
    }
    check_shape(&shape_from.shape)?;
    let default_bytes = if q.fp8 { 1.0 } else { 2.0 };
    let workload = Workload {
        params,
        active_params: active,
        shape: shape_from.shape,
        gpus: q.gpus,
        batch: q.batch,
        prompt: q.prompt,
        generate: q.generate,
        bytes_per_weight: q.weight_bytes.unwrap_or(default_bytes),
        bytes_per_kv: q.kv_bytes.unwrap_or(default_bytes),
    };
    let hardware = Card {
        peak_tflops: card.peak(precision).value,
        hbm_gbs: hbm,
        interconnect_gbs: link,
        memory_gb: card.memory_gb.value,
    };
    let typed_source = |v: Option<f64>, s: &Sourced| match v {
        Some(_) => "set on the command line".to_string(),
        None => s.source.to_string(),
    };
    let efficiency = Efficiency {
        bandwidth: q
            .bandwidth_efficiency
            .unwrap_or(d.bandwidth_efficiency.value),
        mfu: q.mfu.unwrap_or(d.mfu.value),
        allreduce_latency_s: d.allreduce_latency_us.value * 1e-6,
        activation_bytes: d.activation_bytes.value,
    };
    let result = serve(&workload, &hardware, &efficiency);
    let costs = costs(&card, energy, q.amortize_years, &workload, &result);
    Ok(Answer {
        precision: card.peak_label(precision),
        card,
        model,
        workload,
        shape_from,
        hardware,
        efficiency,
        efficiency_sources: [
            typed_source(q.bandwidth_efficiency, &d.bandwidth_efficiency),
            typed_source(q.mfu, &d.mfu),
        ],
        result,
        costs,
        energy_from: energy.name.clone(),
    })
}

/// Total and active parameters, a name for the model, and its shape.
fn model_of(q: &Question, catalog: &Catalog) -> Result<(f64, f64, String, ShapeFrom), String> {
    match (&q.run, q.params) {
        (Some(id), _) => {
            let m = catalog.find_milestone(id).ok_or_else(|| {
                format!("--run: no run '{}'", crate::presets::checks::visible(id))
            })?;
            let params = q.params.or_else(|| run_params(m)).ok_or_else(|| {
                format!(
                    "--run {}: the run has no parameter count; give --params",
                    m.id
                )
            })?;
            let active = q
                .active_params
                .or(m.params.as_ref().map(|p| p.value))
                .unwrap_or(params)
                .min(params);
            let shape_from = match shape_of(m) {
                Some(shape) => ShapeFrom {
                    shape,
                    how: format!("{}'s published shape", m.name),
                },
                None => {
                    let mut s = shape_for_params(params, catalog);
                    s.how = format!("{} has no published shape here: {}", m.name, s.how);
                    s
                }
            };
            Ok((params, active, m.name.to_string(), shape_from))
        }
        (None, Some(params)) => {
            let active = q.active_params.unwrap_or(params).min(params);
            let name = crate::model::format::count(params);
            Ok((
                params,
                active,
                format!("{name} parameters"),
                shape_for_params(params, catalog),
            ))
        }
        (None, None) => Err("give --params N or --run RUN (a known run)".into()),
    }
}

/// Heads must divide the width and KV heads the heads, as in a real model.
fn check_shape(s: &Shape) -> Result<(), String> {
    let whole = |x: f64| x >= 1.0 && x.fract() == 0.0;
    let ok = [s.layers, s.d_model, s.heads, s.kv_heads]
        .into_iter()
        .all(whole)
        && whole(s.d_model / s.heads)
        && whole(s.heads / s.kv_heads);
    if ok {
        Ok(())
    } else {
        Err(format!(
            "shape: d_model ({}) must be a multiple of --heads ({}) and heads a multiple of --kv-heads ({})",
            s.d_model, s.heads, s.kv_heads
        ))
    }
}

/// Cost per million tokens (prompt and generated, over whole requests) on every basis.
fn costs(
    card: &Accelerator,
    energy: &Scenario,
    life: Option<f64>,
    w: &Workload,
    result: &Result<Served, DoesNotFit>,
) -> Vec<ServeCost> {
    let hours = life.map(|y| y * DAYS_PER_YEAR * HOURS_PER_DAY);
    let price = card.price_usd.as_ref().map(|p| p.value);
    let energy_per_hour = card
        .server_watts_per_gpu
        .as_ref()
        .map(|w| w.value * energy.pue.value / 1000.0 * energy.usd_per_kwh.value);
    CostBasis::ALL
        .into_iter()
        .map(|basis| {
            let per_gpu_hour: Result<f64, &'static str> = match basis {
                CostBasis::Rent => card
                    .rent_usd_per_hour
                    .as_ref()
                    .map(|r| r.value)
                    .ok_or("no sourced rent for this card"),
                CostBasis::Gpus | CostBasis::Cluster | CostBasis::Amortized => {
                    let overhead = if basis == CostBasis::Gpus {
                        1.0
                    } else {
                        crate::presets::epoch::builtin_split().cluster_overhead(Some(&card.id))
                    };
                    match (price, hours) {
                        (None, _) => Err("no sourced price for this card"),
                        (_, None) => Err("needs --amortize-years (the hardware life)"),
                        (Some(p), Some(h)) => {
                            let capex = p * overhead / h;
                            if basis == CostBasis::Amortized {
                                energy_per_hour
                                    .map(|e| capex + e)
                                    .ok_or("no sourced all-in power for this card")
                            } else {
                                Ok(capex)
                            }
                        }
                    }
                }
                CostBasis::EpochAmortized => {
                    Err("Epoch AI's method prices a training run's chip-hours, not serving")
                }
            };
            let usd_per_mtok = match result {
                Ok(s) => per_gpu_hour.map(|c| c * w.gpus / (s.tokens_per_s * 3600.0) * 1e6),
                Err(_) => Err("the replica does not fit its GPUs"),
            };
            ServeCost {
                basis,
                usd_per_mtok,
            }
        })
        .collect()
}

/// The fleet's serving in words, as `eval` and the explorer's explanation say it: the replica,
/// which roof a decode step is under and why, and the rates; or why there is no figure.
pub fn fleet_words(inputs: &Inputs, outputs: &Outputs) -> String {
    let r = match &outputs.serving {
        Ok(r) => r,
        Err(Unserved::NoCard) => {
            return "no roofline: the scenario names no card with a sourced memory and \
                    GPU-to-GPU bandwidth"
                .into();
        }
        Err(Unserved::DoesNotFit(e)) => {
            let per_gpu = fmt::si(e.memory.total(), "B");
            let cap = fmt::si(e.memory.capacity_bytes, "B");
            let needed = if e.gpus_needed.is_finite() {
                format!(
                    "{} GPUs a replica would hold it (--replica-gpus)",
                    fmt::count(e.gpus_needed)
                )
            } else {
                "no replica holds this batch's KV cache: a smaller --serve-batch or context would"
                    .into()
            };
            return format!(
                "the model and its KV cache do not fit: {per_gpu} per GPU of {cap}; {needed}"
            );
        }
    };
    let (w, s) = (&r.workload, &r.served);
    let sh = &w.shape;
    let card = inputs.serving.card;
    let roof = match (s.decode_bound, card) {
        (Bound::Memory, Some(c)) => format!(
            "memory-bound: a step reads {} of weights and KV cache per GPU at {} × {} ({} ms), \
             longer than its arithmetic ({} ms)",
            fmt::si(
                s.decode_memory_s * c.hbm_gbs * 1e9 * inputs.serving.bandwidth_efficiency,
                "B"
            ),
            fmt::si(c.hbm_gbs * 1e9, "B/s"),
            fmt::percent(inputs.serving.bandwidth_efficiency),
            fmt::sig(s.decode_memory_s * 1e3, 3),
            fmt::sig(s.decode_compute_s * 1e3, 3),
        ),
        _ => format!(
            "compute-bound: a step's arithmetic at {} TFLOP/s × {} ({} ms) outlasts reading the \
             weights and KV cache ({} ms)",
            fmt::sig(inputs.projected_peak_tflops(), 3),
            fmt::percent(inputs.inference_utilization),
            fmt::sig(s.decode_compute_s * 1e3, 3),
            fmt::sig(s.decode_memory_s * 1e3, 3),
        ),
    };
    format!(
        "{} GPUs a replica ({} layers × {} wide, {} KV head{}, {}), batch {}: \
         decoding is {roof}, plus {} ms of all-reduce; {} generated tokens/s per GPU; {} tokens/s \
         per GPU over whole requests ({} prompt + {} generated, first token after {} s)",
        fmt::count(w.gpus),
        sh.layers,
        sh.d_model,
        sh.kv_heads,
        if sh.kv_heads == 1.0 { "" } else { "s" },
        r.shape_from.map_or("by the shape rule".to_string(), |n| {
            format!("{n}'s published shape")
        }),
        fmt::count(w.batch),
        fmt::sig(s.decode_allreduce_s * 1e3, 3),
        fmt::sig(r.decode_tokens_per_s_per_gpu(), 3),
        fmt::sig(r.tokens_per_s_per_gpu(), 3),
        fmt::count(w.prompt),
        fmt::count(w.generate),
        fmt::sig(s.prefill_s, 3),
    )
}
