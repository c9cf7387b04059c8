//! Extreme values: every combination of the smallest and largest valid inputs gives finite,
//! formatted outputs — no `inf`, no `NaN`, no `-0` — in the table, the JSON and on screen.

use agi_compute::analysis::evaluation::{Evaluation, Reference};
use agi_compute::app::App;
use agi_compute::model::{Field, format as fmt};
use agi_compute::presets::{Catalog, DEFAULT_SCENARIO, Sourced};
use agi_compute::report::{Format, render};
use agi_compute::tui::headless::frame_text;

/// The ends of a field's valid range (the smallest representable value above an open minimum).
fn ends(f: Field) -> [f64; 2] {
    let s = f.spec();
    let lo = if s.open_min {
        s.track_min.min(f64::EPSILON.max(s.min + 1e-9))
    } else {
        s.min
    };
    let lo = if f.accepts(lo) { lo } else { s.track_min };
    [lo, s.max]
}

fn clean(text: &str) -> Result<(), String> {
    for token in text.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '.')) {
        if matches!(token, "inf" | "-inf" | "NaN" | "Infinity" | "-0" | "-0.0") {
            return Err(format!("shows {token:?}"));
        }
    }
    Ok(())
}

#[test]
fn every_min_max_combination_is_finite_and_formatted() {
    let catalog = Catalog::embedded();
    let base = catalog.scenario(DEFAULT_SCENARIO).unwrap().scenario.clone();
    // Every combination of the first twelve inputs' ends; the inputs added with the year and
    // the allocation go to their minimum or maximum together, by the mask's parity (2^18
    // combinations would take minutes). Shares are set as the sliders set them, so they still
    // sum to 100 %.
    let (fields, later) = Field::ALL.split_at(12);
    for mask in 0u32..(1 << fields.len()) {
        let mut s = base.clone();
        for (bit, &f) in fields.iter().enumerate() {
            let v = ends(f)[((mask >> bit) & 1) as usize];
            assert!(f.accepts(v), "{f:?} end {v}");
            s.set_input(f, Sourced::user_set(v));
        }
        for &f in later {
            let v = ends(f)[(mask.count_ones() % 2) as usize];
            assert!(f.accepts(v), "{f:?} end {v}");
            s.set_input(f, Sourced::user_set(v));
        }
        let i = s.inputs();
        i.validate().unwrap();
        let o = i.outputs();
        for x in o.numbers() {
            assert!(x.is_finite() && x >= 0.0, "mask {mask:#x}: {x}");
        }
        // The human table for every combination; JSON for a sample (it is slower).
        let e = Evaluation::new(&s, &catalog, &Reference::new(&catalog));
        let table = render(&e, &catalog, Format::Table);
        clean(&table).unwrap_or_else(|m| panic!("mask {mask:#x}: table {m}:\n{table}"));
        if mask % 97 == 0 {
            // serde_json writes a non-finite number as null: every output must be a number.
            let v: serde_json::Value =
                serde_json::from_str(&render(&e, &catalog, Format::Json)).expect("valid JSON");
            for key in [
                "fleet_cost_usd",
                "total_flop",
                "gpu_hours",
                "power_mw",
                "energy_mwh",
                "co2_tonnes",
                "chinchilla_params",
            ] {
                assert!(
                    v[key].as_f64().is_some_and(f64::is_finite),
                    "mask {mask:#x}: {key} = {}",
                    v[key]
                );
            }
            for m in v["milestones"].as_array().unwrap() {
                assert!(
                    m["ratio"].as_f64().is_some_and(f64::is_finite),
                    "mask {mask:#x}: {m}"
                );
            }
        }
        // A frame for a sample of combinations, including both all-min and all-max.
        if mask == 0 || mask == (1 << fields.len()) - 1 || mask % 257 == 0 {
            let app = App::new(catalog.clone(), s.clone());
            for (w, h) in [(120, 40), (60, 20)] {
                let frame = frame_text(&app, w, h);
                clean(&frame)
                    .unwrap_or_else(|m| panic!("mask {mask:#x} at {w}x{h}: {m}:\n{frame}"));
            }
        }
    }
}

#[test]
fn formatter_handles_the_extremes_of_f64() {
    for x in [
        0.0,
        -0.0,
        f64::MIN_POSITIVE,
        1e-300,
        1e300,
        f64::MAX,
        -f64::MAX,
    ] {
        for s in [
            fmt::sig(x, 3),
            fmt::sci(x, 3),
            fmt::count(x),
            fmt::usd(x),
            fmt::si(x, "W"),
            fmt::days(x),
            fmt::percent(x),
            fmt::ratio(x),
        ] {
            clean(&s).unwrap_or_else(|m| panic!("{x}: {m}: {s}"));
            assert!(!s.is_empty());
        }
    }
}
