//! What a scenario's fleet serves with beyond its inputs: its card's memory side, the serving
//! constants of `presets/serving.ron` and the known runs' published shapes, from the built-in
//! files (a scenario's inputs are read without a catalog at hand).

use super::builtin_files::{EMBEDDED_ACCELERATORS, EMBEDDED_MILESTONES};
use super::parse::{parse_accelerators, parse_milestones};
use super::schema::{Accelerator, Milestone, Precision};
use crate::model::serving::{CardMemory, FleetServing, KnownShape, Shape};
use std::sync::OnceLock;

/// What a fleet on `card` (a built-in accelerator id) at `precision` serves with beyond its
/// inputs: the card's memory side, one byte per value at FP8 and two at BF16, the sourced
/// constants and the built-in runs' published shapes. A card that is not built in, or has no
/// sourced bandwidths, leaves `card` empty.
pub fn fleet_serving(card: Option<&str>, precision: Precision) -> FleetServing {
    let d = super::serving::builtin();
    let memory = card
        .and_then(|id| builtin_cards().iter().find(|(c, _)| c == id))
        .and_then(|(_, memory)| *memory);
    FleetServing {
        card: memory,
        bytes_per_value: match precision {
            Precision::Fp8 => 1.0,
            Precision::Bf16 => 2.0,
        },
        bandwidth_efficiency: d.bandwidth_efficiency.value,
        allreduce_latency_s: d.allreduce_latency_us.value * 1e-6,
        activation_bytes: d.activation_bytes.value,
        d_model_per_layer: d.d_model_per_layer.value,
        head_dim: d.head_dim.value,
        kv_heads: d.kv_heads.value,
        known_shapes: builtin_known_shapes(),
        nearest_within: d.nearest_shape_within.value,
    }
}

/// The built-in known runs' published shapes with their total parameters, smallest first (as
/// [`crate::model::serving::FleetServing::shape_for`] needs them), and the built-in cards'
/// memory sides by id: worked out once, from the catalog's parse of the built-in files when it
/// read them first ([`note_milestones`], [`note_accelerators`]), else from a parse of their own.
static SHAPES: OnceLock<Vec<KnownShape>> = OnceLock::new();
static CARDS: OnceLock<Vec<(String, Option<CardMemory>)>> = OnceLock::new();

fn builtin_known_shapes() -> &'static [KnownShape] {
    SHAPES.get_or_init(|| {
        let (path, text) = EMBEDDED_MILESTONES;
        shapes_of(&parse_milestones(path, text).unwrap_or_default())
    })
}

fn builtin_cards() -> &'static [(String, Option<CardMemory>)] {
    CARDS.get_or_init(|| {
        let (path, text) = EMBEDDED_ACCELERATORS;
        cards_of(&parse_accelerators(path, text).unwrap_or_default())
    })
}

/// Keeps what serving reads of the catalog's parse of the built-in runs.
pub(super) fn note_milestones(runs: &[Milestone]) {
    SHAPES.get_or_init(|| shapes_of(runs));
}

/// Keeps what serving reads of the catalog's parse of the built-in cards.
pub(super) fn note_accelerators(cards: &[Accelerator]) {
    CARDS.get_or_init(|| cards_of(cards));
}

fn shapes_of(runs: &[Milestone]) -> Vec<KnownShape> {
    let mut shapes: Vec<KnownShape> = runs
        .iter()
        .filter_map(|m| {
            let s = m.shape.as_ref()?;
            Some(KnownShape {
                params: m.total_params.as_ref().or(m.params.as_ref())?.value,
                shape: Shape {
                    layers: f64::from(s.layers),
                    d_model: f64::from(s.d_model),
                    heads: f64::from(s.heads),
                    kv_heads: f64::from(s.kv_heads),
                },
                name: m.name.to_string(),
            })
        })
        .collect();
    // A stable sort: runs of equal size keep the file's order.
    shapes.sort_by(|a, b| a.params.total_cmp(&b.params));
    shapes
}

/// Each card's id and memory side (when it has sourced bandwidths).
fn cards_of(cards: &[Accelerator]) -> Vec<(String, Option<CardMemory>)> {
    cards
        .iter()
        .map(|a| (a.id.to_string(), memory_of(a)))
        .collect()
}

/// A card's memory side, when it has sourced bandwidths.
pub(super) fn memory_of(a: &Accelerator) -> Option<CardMemory> {
    Some(CardMemory {
        hbm_gbs: a.hbm_bandwidth_gbs.as_ref()?.value,
        interconnect_gbs: a.interconnect_gbs.as_ref()?.value,
        memory_gb: a.memory_gb.value,
    })
}
