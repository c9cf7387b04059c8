//! The card of a later year: peak from FLOP/s per dollar, watts = peak ÷ FLOP per joule, so a
//! newer card of the same price draws more power. Checked against the catalog's own Hopper →
//! Blackwell step.

use agi_compute::model::Inputs;
use agi_compute::presets::{Catalog, DEFAULT_SCENARIO};

/// Any scenario's inputs: the trends are the published ones.
fn inputs() -> Inputs {
    let c = Catalog::embedded();
    c.scenario(DEFAULT_SCENARIO)
        .expect("the default scenario")
        .scenario
        .inputs()
}

/// The H100 and the first Blackwell parts were announced two years apart: the H100 at GTC on
/// 22 Mar 2022 (NVIDIA newsroom, "NVIDIA Announces Hopper Architecture"), the B200 and GB200
/// at GTC on 18 Mar 2024 (NVIDIA newsroom, "NVIDIA Blackwell Platform Arrives to Power a New
/// Era of Computing").
const YEARS_H100_TO_BLACKWELL: f64 = 2.0;

#[test]
fn projecting_the_h100_two_years_lands_on_b200_and_gb200() {
    let c = Catalog::embedded();
    let card = |id: &str| {
        c.accelerator(id)
            .unwrap_or_else(|| panic!("{id} in the catalog"))
    };
    let h100 = card("h100-sxm");
    let server_watts = |id: &str| card(id).server_watts_per_gpu.as_ref().unwrap().value;
    let price = |id: &str| card(id).price_usd.as_ref().unwrap().value;
    for id in ["b200", "gb200"] {
        // The H100 at the newer card's price, moved two years by the published trends.
        let scale = price(id) / price("h100-sxm");
        let i = Inputs {
            peak_tflops: h100.bf16_tflops.value * scale,
            watts_per_gpu: server_watts("h100-sxm") * scale,
            base_year: 2022.0,
            year: 2022.0 + YEARS_H100_TO_BLACKWELL,
            ..inputs()
        };
        let peak = i.projected_peak_tflops() / card(id).bf16_tflops.value;
        let watts = i.projected_watts() / server_watts(id);
        // Within 15 %: the trend is a fleet average, these are two cards.
        assert!((0.85..1.15).contains(&peak), "{id}: peak ratio {peak}");
        assert!((0.85..1.15).contains(&watts), "{id}: watts ratio {watts}");
        // The newer card draws more than the H100, as the projection does.
        assert!(i.projected_watts() > server_watts("h100-sxm"));
        assert!(server_watts(id) > server_watts("h100-sxm"));
    }
}

#[test]
fn a_2030_card_draws_more_than_an_h100() {
    // Epoch AI's 2030 report: FLOP/s per W ×1.28 a year; price-performance 0.14 OOM a year
    // (presets/trends.ron): ×(1.380 / 1.28)^6 = ×1.57 for the same price after six years.
    let i = Inputs {
        base_year: 2024.0,
        year: 2030.0,
        ..inputs()
    };
    let r = i.projected_watts() / i.watts_per_gpu;
    assert!((r - 1.573).abs() < 0.01, "{r}");
}
