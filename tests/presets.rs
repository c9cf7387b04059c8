//! The shipped preset data: complete, sourced, and consistent with the fact sheet.

use agi_compute::presets::catalog::EMBEDDED_SCENARIOS;
use agi_compute::presets::{Catalog, DEFAULT_SCENARIO, MilestoneKind, Scenarios, Sourced, Status};

use crate::support::catalog::catalog;

#[test]
fn every_scenario_file_is_embedded() {
    let mut on_disk: Vec<String> =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/presets/scenarios"))
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| {
                format!(
                    "embedded:presets/scenarios/{}",
                    e.file_name().to_string_lossy()
                )
            })
            .collect();
    on_disk.sort();
    let mut embedded: Vec<String> = EMBEDDED_SCENARIOS
        .iter()
        .map(|(p, _)| p.to_string())
        .collect();
    embedded.sort();
    assert_eq!(on_disk, embedded);
}

/// A headless command reads the built-in scenario it names and the default one only, found by
/// file name: so every built-in scenario is named as its file is, and the catalog it gets
/// holds those two exactly as the whole catalog does, and everything else whole.
#[test]
fn a_command_reads_the_scenario_it_names_and_the_default() {
    let all = Catalog::embedded();
    assert!(all.scenarios.len() > 2, "every built-in scenario is read");
    for entry in &all.scenarios {
        let name = &entry.scenario.name;
        // Any case, as `--preset` takes it.
        let picked = Catalog::load_with(&[], Scenarios::Named(&name.to_uppercase()));
        let mut got: Vec<&str> = picked
            .scenarios
            .iter()
            .map(|e| e.scenario.name.as_str())
            .collect();
        got.sort();
        let mut want = vec![name.as_str(), DEFAULT_SCENARIO];
        want.sort();
        want.dedup();
        assert_eq!(got, want, "--preset {name} reads its file, named as it is");
        for e in &picked.scenarios {
            assert_eq!(Some(e), all.scenario(&e.scenario.name), "{name}");
        }
        assert_eq!(picked.milestones, all.milestones);
        assert_eq!(picked.accelerators, all.accelerators);
        assert_eq!(picked.fleets, all.fleets);
        assert_eq!(picked.epoch_costs(), all.epoch_costs());
        assert_eq!(picked.epoch_constants(), all.epoch_constants());
        assert_eq!(picked.limits, all.limits);
        assert_eq!(picked.feasibility, all.feasibility);
        assert!(picked.problems.is_empty(), "{:?}", picked.problems);
    }
}

#[test]
fn catalog_sizes_and_required_entries() {
    let c = catalog();
    assert!(c.accelerators.len() >= 12);
    for id in [
        "v100",
        "a100-80gb",
        "h100-sxm",
        "h100-pcie",
        "h800",
        "h200",
        "b200",
        "gb200",
        "mi250x",
        "mi300x",
        "mi325x",
        "tpu-v4",
        "tpu-v5p",
        "gaudi3",
    ] {
        assert!(c.accelerator(id).is_some(), "accelerator {id}");
    }
    let runs = c
        .milestones
        .iter()
        .filter(|m| m.kind == MilestoneKind::Run)
        .count();
    assert!(runs >= 20, "{runs} runs");
    for id in [
        "llama-7b",
        "llama-13b",
        "llama-33b",
        "llama-65b",
        "llama-2-7b",
        "llama-2-13b",
        "llama-2-70b",
        "llama-3-8b",
        "llama-3-70b",
        "llama-3.1-405b",
        "gpt-3",
        "gpt-4",
        "chinchilla",
        "palm",
        "gemini-1.0-ultra",
        "deepseek-v3",
        "grok-2",
        "grok-3",
        "bloom",
        "olmo-2-7b",
    ] {
        assert!(c.milestone(id).is_some(), "milestone {id}");
    }
    assert!(
        c.milestones.iter().any(|m| m.name.starts_with("Llama 4")),
        "a Llama 4 model"
    );
    let thresholds: Vec<f64> = c
        .milestones
        .iter()
        .filter(|m| m.kind == MilestoneKind::Threshold)
        .map(|m| m.flop.value)
        .collect();
    // EU AI Act (1e25), the revoked US EO 14110 (1e26) and California SB 53 (1e26).
    assert_eq!(thresholds.len(), 3);
    assert!(thresholds.contains(&1e25) && thresholds.contains(&1e26));
    for name in [
        "meta-2024",
        "meta-2024-600k",
        "llama-3.1-405b",
        "xai-colossus-100k",
        "xai-colossus-200k",
        "gpt-4-class-a100",
        "deepseek-v3",
        "blackwell-1gw",
    ] {
        assert!(c.scenario(name).is_some(), "scenario {name}");
    }
}

#[test]
fn default_scenario_is_the_article() {
    let c = catalog();
    let s = &c.scenario("meta-2024").unwrap().scenario;
    assert_eq!(s.gpus.value, 350_000.0);
    // The central estimate of Raymond James' $25,000-30,000.
    assert_eq!(s.price_usd.value, 27_500.0);
    assert_eq!(s.peak_tflops.value, 989.0);
    assert_eq!(s.gpus.status, Status::Reported);
    let note = s.note.as_deref().unwrap_or("");
    assert!(
        note.contains("8.75"),
        "the note explains the $9B figure: {note}"
    );
}

#[test]
fn every_number_has_a_source() {
    let c = catalog();
    let check = |what: &str, s: &Sourced| {
        assert!(!s.source.trim().is_empty(), "{what} has no source");
        assert!(s.value.is_finite(), "{what}");
        if s.status == Status::Derived {
            assert!(
                s.note.is_some() || s.source.contains('='),
                "{what}: derived values show their formula"
            );
        }
    };
    for e in &c.scenarios {
        let s = &e.scenario;
        for f in agi_compute::model::Field::ALL {
            if let Some(v) = s.sourced(f) {
                check(&format!("{} {f:?}", s.name), v);
            }
        }
        assert!(
            !s.description.is_empty() && !s.sources.is_empty(),
            "{}",
            s.name
        );
    }
    for a in &c.accelerators {
        check(&a.id, &a.bf16_tflops);
        a.fp8_tflops.iter().for_each(|v| check(&a.id, v));
        a.price_usd.iter().for_each(|v| check(&a.id, v));
    }
    for m in &c.milestones {
        check(&m.id, &m.flop);
    }
}

#[test]
fn peaks_are_dense_not_sparse() {
    let c = catalog();
    // NVIDIA H100 datasheet: SXM dense BF16 989 (1,979 is the sparse figure); FP8 dense 1,979.
    let h100 = c.accelerator("h100-sxm").unwrap();
    assert_eq!(h100.bf16_tflops.value, 989.0);
    assert_eq!(h100.fp8_tflops.as_ref().unwrap().value, 1979.0);
    assert_eq!(c.accelerator("a100-80gb").unwrap().bf16_tflops.value, 312.0);
    assert_eq!(c.accelerator("b200").unwrap().bf16_tflops.value, 2250.0);
    for a in &c.accelerators {
        if let Some(fp8) = &a.fp8_tflops {
            assert!(
                fp8.value >= a.bf16_tflops.value && fp8.value <= 2.0 * a.bf16_tflops.value + 1.0,
                "{}",
                a.id
            );
        }
    }
}

#[test]
fn published_runs_match_the_fact_sheet() {
    let c = catalog();
    let m = c.milestone("llama-3.1-405b").unwrap();
    assert_eq!(m.flop.value, 3.8e25);
    assert_eq!(m.flop.status, Status::Reported);
    assert_eq!(m.gpu_hours.as_ref().unwrap().value, 30.84e6);
    let u = agi_compute::analysis::evaluation::milestone_implied_utilization(m, &c).unwrap();
    assert!((u - 0.346).abs() < 0.0005, "{u}");
    assert_eq!(c.milestone("gpt-3").unwrap().flop.value, 3.14e23);
    // The PaLM paper's own figure; 2.527e24 is Epoch's 6·N·D.
    assert_eq!(c.milestone("palm").unwrap().flop.value, 2.56e24);
    assert_eq!(c.milestone("gpt-4").unwrap().flop.status, Status::Estimate);
}
