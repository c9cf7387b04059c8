//! Data corrected against primary sources, one test per value naming its source; rents with
//! their market; runs that load from their record with their own energy account; Epoch's
//! second cost table; and the change log keyed by data hash.

use agi_compute::analysis::cards::{CardGoal, rank_cards};
use agi_compute::analysis::evaluation::Reference;
use agi_compute::model::cost::CostBasis;
use agi_compute::presets::changes::{EMBEDDED_CHANGES, parse_changes, since};
use agi_compute::presets::from_run::scenario_from_run;
use agi_compute::presets::identity::catalog_hash;
use agi_compute::presets::{DEFAULT_SCENARIO, Precision, RentTier, Status};

use crate::support::binary::{run, stderr, stdout};
use crate::support::catalog::catalog;

/// The Register, 12 Jun 2025 (AMD's Advancing AI launch): MI355X 2.5 PF BF16 and 5 PF FP8
/// dense; Epoch's 2,340 / 4,600 are about the 1 kW MI350X's.
#[test]
fn mi355x_peaks_are_amds_launch_figures() {
    let c = catalog();
    let a = c.accelerator("mi355x").unwrap();
    assert_eq!(a.bf16_tflops.value, 2500.0);
    assert!(
        a.bf16_tflops
            .source
            .contains("theregister.com/2025/06/12/amd_mi355x")
    );
    let fp8 = a.fp8_tflops.as_ref().unwrap();
    assert_eq!(fp8.value, 5000.0);
    assert_eq!(fp8.value, 2.0 * a.bf16_tflops.value);
    // Read from a press report of AMD's figures, not AMD's own sheet.
    assert_eq!(a.bf16_tflops.status, Status::Secondary);
}

/// Google Cloud's TPU7x documentation table: v5p FP8 459 TFLOP/s, the same as its BF16 peak;
/// neither `--fp8` nor the H100-equivalent count doubles it.
#[test]
fn tpu_v5p_runs_fp8_at_its_bf16_rate() {
    let c = catalog();
    let a = c.accelerator("tpu-v5p").unwrap();
    let fp8 = a.fp8_tflops.as_ref().unwrap();
    assert_eq!((fp8.value, a.bf16_tflops.value), (459.0, 459.0));
    assert_eq!(fp8.status, Status::Vendor);
    assert!(fp8.source.contains("docs.cloud.google.com/tpu/docs/tpu7x"));
    assert_eq!(a.peak(Precision::Fp8).value, a.peak(Precision::Bf16).value);
    let mut s = c.scenario(DEFAULT_SCENARIO).unwrap().scenario.clone();
    s.use_card(a);
    s.precision = Precision::Fp8;
    // Against the H100 at the same precision (its FP8 peak, 1,979): the v5p's FP8 count is
    // half its BF16 count, never double it.
    assert_eq!(
        c.scenario_h100_equivalents(&s, s.peak_tflops.value),
        s.gpus.value * 459.0 / 1979.0
    );
}

/// Intel's $125,000 Gaudi 3 kit price is known only from press reports (TechRadar, The Next
/// Platform, Jun 2024): secondary, not a spec.
#[test]
fn gaudi3_kit_price_is_secondary() {
    let c = catalog();
    let p = c.accelerator("gaudi3").unwrap().price_usd.clone().unwrap();
    assert_eq!((p.value, p.status), (15625.0, Status::Secondary));
}

/// Every rent names its market; no rent is filed as a spec sheet; new public listings: B200
/// $6.03 and GB200 $9.08 / 2 (Spheron, 17 Mar 2026), MI300X $1.50 and MI325X $1.95 (Cliff
/// Center, 18 May 2026), TPU v3 $2.00 (Google via Epoch's prices), TPU v5p $4.20 on demand
/// (Artificial Intelligence Wiki's TPU v5 guide, 27 Jan 2026: secondary).
#[test]
fn rents_carry_their_tier_and_a_price_status() {
    let c = catalog();
    let with_rent: Vec<_> = c
        .accelerators
        .iter()
        .filter(|a| a.rent_usd_per_hour.is_some())
        .collect();
    assert!(
        with_rent.len() >= 18,
        "{} cards with a rent",
        with_rent.len()
    );
    for a in &with_rent {
        let r = a.rent_usd_per_hour.as_ref().unwrap();
        assert!(a.rent_tier.is_some(), "{}: rent without tier", a.id);
        assert_ne!(r.status, Status::Vendor, "{}: a rent is no spec", a.id);
    }
    let rent = |id: &str| {
        let a = c.accelerator(id).unwrap();
        (a.rent_usd_per_hour.as_ref().unwrap().value, a.rent_tier)
    };
    assert_eq!(rent("b200"), (6.03, Some(RentTier::Neocloud)));
    assert_eq!(rent("gb200"), (9.08 / 2.0, Some(RentTier::Neocloud)));
    assert_eq!(rent("mi300x"), (1.5, Some(RentTier::Neocloud)));
    assert_eq!(rent("mi325x"), (1.95, Some(RentTier::Neocloud)));
    assert_eq!(rent("tpu-v3"), (2.0, Some(RentTier::HyperscalerOnDemand)));
    assert_eq!(rent("tpu-v5p"), (4.2, Some(RentTier::HyperscalerOnDemand)));
    let v5p = c.accelerator("tpu-v5p").unwrap();
    let r = v5p.rent_usd_per_hour.as_ref().unwrap();
    assert_eq!(r.status, Status::Secondary);
    assert!(r.source.contains("tpu-v5-guide"), "{}", r.source);
    assert_eq!(rent("h200"), (10.6, Some(RentTier::HyperscalerOnDemand)));
    assert_eq!(rent("h100-sxm"), (2.99, Some(RentTier::Neocloud)));
}

/// Epoch's 'IT power by chip' (ai-compute-users, commit 0e0a8f4, data/IT power by chip.csv): IT
/// power per GPU = server rating / GPUs x a median IT overhead of 1.14, 5th-95th percentile
/// 1.000-1.349 (A100 926 W, 812-1,096; H100 1,453 W, 1,275-1,721; GB200 2,090 W, 1,833-2,474;
/// GB300 2,217 W, 1,944-2,624). Every card's watts are on that one basis, the server's share
/// alone the low end; every scenario uses its card's figure; and Epoch's 181 MW for 100,000 H100
/// at Colossus 1 is that basis times a PUE.
#[test]
fn gpu_power_is_epochs_it_basis_with_the_other_bases_as_its_range() {
    let c = catalog();
    for (id, it, server, p95) in [
        ("a100-40gb", 926.0, 812.5, 1096.0),
        ("a100-80gb", 926.0, 812.5, 1096.0),
        ("h100-sxm", 1453.0, 1275.0, 1721.0),
        ("gb200", 2090.0, 1833.3, 2474.0),
        ("gb300", 2217.0, 1944.4, 2624.0),
    ] {
        let w = c
            .accelerator(id)
            .unwrap()
            .server_watts_per_gpu
            .clone()
            .unwrap();
        assert_eq!(w.value, it, "{id}");
        assert!((it / server - 1.14).abs() < 0.005, "{id}");
        assert!(w.low.unwrap() <= server && w.high.unwrap() >= p95, "{id}");
        assert!(w.source.contains("[EPOCH-ITPOWER]"), "{id}");
    }
    // Cards Epoch's file does not list: their server's share (the low) x the same 1.14.
    for a in &c.accelerators {
        let Some(w) = &a.server_watts_per_gpu else {
            continue;
        };
        let (low, high) = (w.low.unwrap(), w.high.unwrap());
        assert!(low < w.value && w.value < high, "{}", a.id);
        assert!(w.source.contains("[EPOCH-ITPOWER]"), "{}", a.id);
        if !["gb200", "gb300"].contains(&a.id.as_str()) {
            assert!((w.value / low - 1.14).abs() < 0.001, "{}", a.id);
        }
    }
    for p in &c.scenarios {
        let s = &p.scenario;
        let Some(card) = s.accelerator.as_deref().and_then(|id| c.accelerator(id)) else {
            continue;
        };
        let w = card.server_watts_per_gpu.as_ref().unwrap();
        assert_eq!(s.watts_per_gpu.value, w.value, "{}", s.name);
    }
    // Colossus 1: 181 MW facility for 100,000 H100 is 1,453 W of IT power x 1.246.
    let pue: f64 = 181.0e6 / (100_000.0 * 1453.0);
    assert!((pue - 1.246).abs() < 0.001, "{pue}");
    let limits = c.limits.as_ref().unwrap();
    let site = limits.sites.iter().find(|s| s.id == "xai-colossus-1");
    assert!(site.unwrap().power.iter().any(|p| p.mw.value == 181.0));
}

/// SkyPilot's cloud catalog (skypilot-org/skypilot-catalog), copies of the providers' price lists:
/// AWS trn2.48xlarge (16 Trainium2) $85.964 an hour on demand (commit 001367d), $5.37 a chip;
/// Google TPU v5p-12288 (6,144 chips) $25,804.80 an hour in us-central1 (commit 017e250), $4.20 a
/// chip as the TPU v5 guide says, up to $4.78 in us-south1. Copies, not the sellers' pages.
#[test]
fn trainium2_and_tpu_v5p_rents_are_the_list_price_per_chip() {
    let c = catalog();
    let rent = |id: &str| {
        let a = c.accelerator(id).unwrap();
        (a.rent_usd_per_hour.clone().unwrap(), a.rent_tier)
    };
    let (r, tier) = rent("trainium2");
    assert!((r.value - 85.964 / 16.0).abs() < 0.005, "{}", r.value);
    assert_eq!(tier, Some(RentTier::HyperscalerOnDemand));
    assert_eq!(r.status, Status::Secondary);
    assert!(r.source.contains("skypilot-catalog") && r.source.contains("001367d"));
    let (r, tier) = rent("tpu-v5p");
    assert!((r.value - 25_804.8 / 6144.0).abs() < 0.005, "{}", r.value);
    assert_eq!(r.high, Some(4.78));
    assert_eq!(tier, Some(RentTier::HyperscalerOnDemand));
    assert_eq!(r.status, Status::Secondary);
    assert!(r.source.contains("017e2502"));
}

/// `cards --basis rent --tier neocloud` ranks only neocloud rents: a hyperscaler H200 is listed
/// with its price and tier but not ranked against a neocloud H100.
#[test]
fn rent_ranking_stays_within_one_tier() {
    let c = catalog();
    let base = c.scenario(DEFAULT_SCENARIO).unwrap().scenario.clone();
    let rows = rank_cards(
        &base,
        &c,
        &Reference::new(&c),
        CostBasis::Rent,
        CardGoal::Scenario,
        Some(RentTier::Neocloud),
    );
    let ranked: Vec<_> = rows.iter().filter(|r| r.cost.is_some()).collect();
    assert!(ranked.len() >= 8, "{} ranked", ranked.len());
    for r in &ranked {
        assert_eq!(
            r.price.as_ref().unwrap().tier,
            "neocloud on-demand",
            "{}",
            r.id
        );
    }
    let h200 = rows.iter().find(|r| r.id == "h200").unwrap();
    assert_eq!(h200.cost, None);
    assert_eq!(h200.price.as_ref().unwrap().tier, "hyperscaler on-demand");
    assert!(h200.note.as_deref().unwrap().contains("not ranked"));
    // Without a tier every rent is ranked, each with its tier beside the price.
    let all = rank_cards(
        &base,
        &c,
        &Reference::new(&c),
        CostBasis::Rent,
        CardGoal::Scenario,
        None,
    );
    let h200 = all.iter().find(|r| r.id == "h200").unwrap();
    assert!(h200.cost.is_some());
}

/// LLaMA paper (arXiv 2302.13971) Tab. 15: LLaMA-65B, 1,022,362 GPU-hours at 400 W and PUE
/// 1.1, 449 MWh and 173 tCO2eq at 0.385 kg/kWh. Gopher paper (arXiv 2112.11446): 920 h on
/// 4,096 TPU v3 at 283 W, PUE 1.08, 0.33 t/MWh, 380 tCO2e.
#[test]
fn runs_read_their_own_energy_account() {
    let c = catalog();
    let base = c.scenario(DEFAULT_SCENARIO).unwrap().scenario.clone();
    let out = |id: &str| {
        let s = scenario_from_run(c.milestone(id).unwrap(), &c, &base).unwrap();
        let o = s.inputs().outputs();
        (o.energy_mwh, o.co2_tonnes, s.description)
    };
    let (mwh, t, text) = out("llama-65b");
    assert!((mwh - 449.8).abs() < 1.0, "{mwh} MWh");
    assert!((t - 173.2).abs() < 0.5, "{t} t");
    assert!(text.contains("own energy account"), "{text}");
    let (mwh, t, _) = out("llama-7b");
    assert!(
        (mwh - 36.3).abs() < 0.1 && (t - 14.0).abs() < 0.1,
        "{mwh} MWh, {t} t"
    );
    let (mwh, t, _) = out("gopher");
    assert!((mwh - 1151.6).abs() < 1.0, "{mwh} MWh");
    assert!((t - 380.0).abs() < 1.0, "{t} t");
}

/// Runs whose record (Epoch's database, the papers, or the cluster the developer names, marked
/// Assumption) has a card, a count and a duration load with `--from-run`; each reproduces its
/// FLOP, and an assumed GPU count says so. Among them: GLM-130B (arXiv 2210.02414: 768 A100 for
/// 60 days), Falcon-40B (model card: 384 A100 40GB, two months), BloombergGPT (arXiv 2303.17564:
/// 512 A100, ~53 days), StarCoder (arXiv 2305.06161: 512 A100, 320,256 GPU-h), Nemotron-4 15B
/// (arXiv 2402.16819 Tab. 2: 2,304 H100, 687,514 GPU-h), Chameleon 34B (arXiv 2405.09818 Tab. 2:
/// 4,282,407 GPU-h on 3,072 A100), Phi-4 (model card: 1,920 H100 for 21 days) and DBRX (Epoch's
/// three months, an upper bound).
#[test]
fn known_runs_load_as_scenarios() {
    let c = catalog();
    let base = c.scenario(DEFAULT_SCENARIO).unwrap().scenario.clone();
    let loaded: Vec<&str> = c
        .milestones
        .iter()
        .filter(|m| scenario_from_run(m, &c, &base).is_ok())
        .map(|m| m.id.as_str())
        .collect();
    assert!(loaded.len() >= 35, "{} load: {loaded:?}", loaded.len());
    for id in [
        "gopher",
        "mt-nlg",
        "falcon-180b",
        "mistral-large",
        "llama-3-70b",
        "glm-130b",
        "falcon-40b",
        "bloomberggpt",
        "starcoder",
        "nemotron-4-15b",
        "chameleon-34b",
        "phi-4",
        "dbrx",
    ] {
        assert!(loaded.contains(&id), "{id}");
    }
    // Each new run reproduces its published FLOP from its own count and duration: the whole-run
    // utilization they imply is a plausible one, never above 60 %.
    for (id, gpus, days) in [
        ("glm-130b", 768.0, 60.0),
        ("falcon-40b", 384.0, 60.0),
        ("bloomberggpt", 512.0, 53.0),
        ("starcoder", 512.0, 320_256.0 / 512.0 / 24.0),
        ("nemotron-4-15b", 2304.0, 687_514.0 / 2304.0 / 24.0),
        ("chameleon-34b", 3072.0, 4_282_407.0 / 3072.0 / 24.0),
        ("phi-4", 1920.0, 21.0),
        ("dbrx", 3072.0, 91.0),
    ] {
        let m = c.milestone(id).unwrap();
        let s = scenario_from_run(m, &c, &base).unwrap();
        assert_eq!(s.gpus.value, gpus, "{id}");
        assert!(
            (s.days.value - days).abs() < 1e-9,
            "{id}: {} days",
            s.days.value
        );
        let flop = s.inputs().outputs().total_flop.0;
        assert!((flop / m.flop.value - 1.0).abs() < 1e-6, "{id}: {flop:e}");
        assert!(
            s.mfu.value > 0.05 && s.mfu.value < 0.6,
            "{id}: {}",
            s.mfu.value
        );
        assert!(!m.frontier, "{id}");
    }
    for m in &c.milestones {
        if let Some(n) = &m.gpu_count
            && n.status == Status::Assumption
        {
            assert!(
                n.source.starts_with("not reported"),
                "{}: {}",
                m.id,
                n.source
            );
        }
    }
}

/// Ho et al., 'Algorithmic progress in language models', NeurIPS 2024: halving every ~8 months,
/// 90% CI about 2 to 22 months (arXiv v1's 5-14 months was a 95% CI).
#[test]
fn algorithmic_progress_interval_is_the_published_one() {
    let t = agi_compute::presets::trends::published();
    let a = &t.algorithmic_halving_months;
    assert_eq!((a.value, a.low, a.high), (8.0, Some(2.0), Some(22.0)));
    assert!(a.source.contains("NeurIPS 2024"));
}

/// OpenAI's 100 B words a day rests on no stored primary copy (unverified); its 0.75 words per
/// token is OpenAI's own help article; the data-centre hub's text is at /data/ai-data-centers.
#[test]
fn weak_sources_are_replaced_or_marked() {
    let t = agi_compute::presets::trends::published();
    let openai = t.serving.iter().find(|s| s.name == "OpenAI").unwrap();
    assert_eq!(openai.tokens_per_day.status, Status::Unverified);
    let note = openai.tokens_per_day.note.as_deref().unwrap();
    assert!(note.contains("help.openai.com/en/articles/4936856"));
    assert!(!note.contains("hackernewsfavorites"));
    let c = catalog();
    let hub = c.sources.iter().find(|a| a.id == "EPOCH-HUB").unwrap();
    assert!(
        hub.reference
            .contains("https://epoch.ai/data/ai-data-centers")
    );
}

/// Epoch's model_costs_updated.csv (training-cost-trends, commit cbdf42e, 3 Jul 2025): GPT-4
/// $68.8 M, Llama 3.1 405B $73.4 M, Grok-3 $507 M; shown beside the reproduced table, its
/// basis said to be inferred.
#[test]
fn epochs_other_cost_vintage_is_offered_with_its_basis() {
    let c = catalog();
    let e = c.epoch_costs().unwrap();
    let v = e.other_vintage.as_ref().unwrap();
    assert!(v.basis.starts_with("inferred"));
    assert!(v.source.contains("model_costs_updated.csv"));
    let usd = |id: &str| e.run(id).unwrap().other_vintage_usd.unwrap();
    assert!((usd("gpt-4") / 68.78e6 - 1.0).abs() < 1e-3);
    assert!((usd("llama-3.1-405b") / 73.42e6 - 1.0).abs() < 1e-3);
    assert!((usd("grok-3") / 507.48e6 - 1.0).abs() < 1e-3);
    let o = run(&["cost", "gpt-4"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("Epoch's other vintage: $68.8 M"));
}

/// The change log chains hash to hash and ends at the current data: editing the data without
/// recording it fails here.
#[test]
fn change_log_ends_at_the_current_data_hash() {
    let log = parse_changes(EMBEDDED_CHANGES.0, EMBEDDED_CHANGES.1).unwrap();
    let last = log.last().unwrap();
    assert_eq!(
        last.to,
        catalog_hash(),
        "the data changed: add a DataRelease to presets/changes.ron from {} to the hash \
         `agi-compute --version` prints",
        last.to
    );
    for pair in log.windows(2) {
        assert_eq!(pair[0].to, pair[1].from);
    }
    for r in &log {
        assert_ne!(r.from, r.to);
        assert!(!r.changes.is_empty());
        for ch in &r.changes {
            assert!(!ch.why.is_empty() && !ch.source.is_empty(), "{ch:?}");
        }
    }
    assert_eq!(since(&log, &log[0].from).unwrap().len(), log.len());
}

#[test]
fn presets_since_prints_the_changes_or_refuses_an_unknown_hash() {
    let log = parse_changes(EMBEDDED_CHANGES.0, EMBEDDED_CHANGES.1).unwrap();
    let o = run(&["presets", "--since", &log[0].from[..8]]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("mi355x · bf16_tflops: 2340"), "{text}");
    let o = run(&["presets", "--since", "0123456789abcdef"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no data hash"));
    let o = run(&["cards", "--basis", "gpus", "--tier", "neocloud"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["cards", "--basis", "rent", "--tier", "neocloud"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("neocloud on-demand rents only"));
}
