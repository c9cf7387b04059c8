//! The serving defaults (`presets/serving.ron`): the achieved fractions of peak bandwidth and
//! compute, the tensor-parallel all-reduce latency, the activation width and the shape rule for
//! a bare parameter count, and what a fleet's serving share serves by default (batch, prompt
//! and generated tokens). Built in only; flags override each per call.

use super::checks::{Bounds, Invalid, check_sourced, check_sourced_text};
use super::problem::Problem;
use super::read::{Entry, locate, needs_checks, parse_ron};
use super::sourced::Sourced;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

pub const EMBEDDED_SERVING: (&str, &str) = super::embedded::builtin("embedded:presets/serving.ron");

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServingData {
    /// Achieved fraction of the peak memory bandwidth while decoding.
    pub bandwidth_efficiency: Sourced,
    /// Achieved fraction of the dense peak when compute-bound (prefill, large decode batches).
    pub mfu: Sourced,
    /// Least time of one tensor-parallel all-reduce, microseconds.
    pub allreduce_latency_us: Sourced,
    /// Bytes per activation value sent in the all-reduce.
    pub activation_bytes: Sourced,
    /// The shape rule: d_model per layer.
    pub d_model_per_layer: Sourced,
    /// The shape rule: width of one attention head.
    pub head_dim: Sourced,
    /// The shape rule: key/value heads (grouped-query attention), at most the heads.
    pub kv_heads: Sourced,
    /// How close (a fraction) a bare parameter count must be to a known run's to take its shape.
    pub nearest_shape_within: Sourced,
    /// A fleet's serving share, unless its scenario says: sequences per replica.
    pub fleet_batch: Sourced,
    /// Prompt tokens per request.
    pub fleet_prompt: Sourced,
    /// Generated tokens per request.
    pub fleet_generate: Sourced,
}

const FRACTION: Bounds = Bounds::positive(1.0, "(a fraction)");
const MICROSECONDS: Bounds = Bounds::positive(1e6, "µs");
const WIDTH: Bounds = Bounds::positive(1e6, "");
const TOKENS: Bounds = Bounds::positive(1e6, "tokens");

pub fn parse_serving(path: &str, text: &str) -> Result<ServingData, Problem> {
    let s: ServingData = parse_ron(path, text)?;
    if needs_checks(path, text) {
        validate(&s).map_err(|(key, msg)| locate(path, text, Entry::Single, key, msg))?;
    }
    Ok(s)
}

/// The built-in serving defaults, parsed once.
pub fn builtin() -> &'static ServingData {
    static BUILTIN: OnceLock<ServingData> = OnceLock::new();
    BUILTIN.get_or_init(|| {
        parse_serving(EMBEDDED_SERVING.0, EMBEDDED_SERVING.1)
            .unwrap_or_else(|p| panic!("the built-in serving file is valid (a test checks): {p}"))
    })
}

/// The serving inputs of a scenario file that states none: the sourced defaults.
pub mod default {
    use super::{Sourced, builtin};

    pub fn batch() -> Sourced {
        builtin().fleet_batch.clone()
    }
    pub fn prompt() -> Sourced {
        builtin().fleet_prompt.clone()
    }
    pub fn generate() -> Sourced {
        builtin().fleet_generate.clone()
    }
    /// The achieved compute fraction of serving (the scenario's `inference_utilization`).
    pub fn mfu() -> Sourced {
        builtin().mfu.clone()
    }

    pub fn is_batch(s: &Sourced) -> bool {
        *s == builtin().fleet_batch
    }
    pub fn is_prompt(s: &Sourced) -> bool {
        *s == builtin().fleet_prompt
    }
    pub fn is_generate(s: &Sourced) -> bool {
        *s == builtin().fleet_generate
    }
    pub fn is_mfu(s: &Sourced) -> bool {
        *s == builtin().mfu
    }
}

fn validate(s: &ServingData) -> Result<(), Invalid> {
    let who = "serving";
    for (key, v, bounds) in [
        ("bandwidth_efficiency", &s.bandwidth_efficiency, FRACTION),
        ("mfu", &s.mfu, FRACTION),
        (
            "allreduce_latency_us",
            &s.allreduce_latency_us,
            MICROSECONDS,
        ),
        ("activation_bytes", &s.activation_bytes, WIDTH),
        ("d_model_per_layer", &s.d_model_per_layer, WIDTH),
        ("head_dim", &s.head_dim, WIDTH),
        ("kv_heads", &s.kv_heads, WIDTH),
        ("nearest_shape_within", &s.nearest_shape_within, FRACTION),
        ("fleet_batch", &s.fleet_batch, WIDTH),
        ("fleet_prompt", &s.fleet_prompt, TOKENS),
        ("fleet_generate", &s.fleet_generate, TOKENS),
    ] {
        check_sourced(who, key, v, bounds)?;
        check_sourced_text(who, key, v)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_file_loads_with_ranges_around_its_points() {
        let s = builtin();
        for v in [&s.bandwidth_efficiency, &s.mfu] {
            let (lo, hi) = (v.low.unwrap_or(v.value), v.high.unwrap_or(v.value));
            assert!(lo < v.value && v.value < hi, "{v:?}");
        }
    }
}
