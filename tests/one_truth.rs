//! One answer per question: what the explorer's results panel and ruler show equals what
//! `eval --format json` says, written by the same formatter, for every built-in preset and for
//! random scenarios (every cost basis, optional inputs set or not, bands on or off).

use agi_compute::analysis::evaluation::{Evaluation, Reference};
use agi_compute::app::{Action, App};
use agi_compute::model::cost::CostBasis;
use agi_compute::model::{Field, Output, format as fmt};
use agi_compute::presets::{Catalog, Scenario, Sourced};
use agi_compute::report::{Format, render};
use agi_compute::tui::headless::frame_text;
use proptest::prelude::*;
use serde_json::Value;

/// The outputs the results panel shows as rows of their own (the cost row shows its basis).
const PANEL_ROWS: [Output; 7] = [
    Output::TotalFlop,
    Output::GoodputFlop,
    Output::GpuHours,
    Output::Power,
    Output::Energy,
    Output::Co2,
    Output::ChinchillaParams,
];

/// The JSON of `eval` for a scenario, through the same code path as the CLI, read back from text.
fn eval_json(s: &Scenario, c: &Catalog) -> Value {
    let e = Evaluation::new(s, c, &Reference::new(c));
    serde_json::from_str(&render(&e, c, Format::Json)).expect("valid JSON")
}

/// The results panel's lines of a 120×40 frame (the right-hand box of the top half).
fn panel_lines(frame: &str) -> Vec<String> {
    frame
        .lines()
        .skip(2)
        .take_while(|l| l.contains("││"))
        .filter_map(|l| l.split("││").nth(1))
        .map(|l| l.trim_end_matches('│').to_string())
        .collect()
}

fn json_value(v: &Value, o: Output) -> Option<f64> {
    v[o.spec().key].as_f64()
}

/// Checks every panel row and the ruler's ratios against the JSON.
fn check(s: &Scenario, c: &Catalog, basis_steps: usize) {
    let v = eval_json(s, c);
    let mut app = App::new(c.clone(), s.clone());
    app.color = false;
    for _ in 0..basis_steps {
        app.update(Action::CycleCostBasis);
    }
    let frame = frame_text(&app, 120, 40);
    let lines = panel_lines(&frame);
    let row = |label: &str| -> &String {
        lines
            .iter()
            .find(|l| l.starts_with(&format!(" {label} ")))
            .unwrap_or_else(|| panic!("no row {label:?} in\n{frame}"))
    };
    let basis = app.cost_basis;
    let cost = basis.output();
    let shown = |o: Output| o.text(json_value(&v, o));
    // The cost row: the label says the basis, the value is that output's.
    let line = row(cost.spec().label);
    assert!(
        line.contains(&format!(" {} ", shown(cost))) || line.ends_with(&shown(cost)),
        "{basis:?}: {line:?} lacks {:?}",
        shown(cost)
    );
    for o in PANEL_ROWS {
        let line = row(o.spec().label);
        assert!(
            line.contains(&shown(o)),
            "{o:?}: {line:?} lacks {:?}\n{frame}",
            shown(o)
        );
        // A band shown beside the value is the JSON band, by the same formatter.
        if let Some(b) = v["uncertainty"][o.spec().key].as_object() {
            let (lo, hi) = (b["p5"].as_f64().unwrap(), b["p95"].as_f64().unwrap());
            let band = fmt::range(&o.number(Some(lo)), &o.number(Some(hi)));
            if lo != hi && line.contains('–') && !line.contains("band") {
                assert!(line.contains(&band), "{o:?}: {line:?} lacks band {band:?}");
            }
        }
    }
    // Contexts, by their own formatters, on a screen wide enough for every one: each row shows
    // its context unless a band takes its place (a band is "lo–hi" beside the value).
    let wide = frame_text(&app, 200, 60);
    let wide_lines = panel_lines(&wide);
    let banded = |line: &str| line.contains('–');
    for (label, context, o) in [
        ("Power", "fleet", Output::FleetPower),
        ("Compute-optimal", "D =", Output::ChinchillaTokens),
        ("Energy", "$", Output::EnergyCost),
    ] {
        let line = wide_lines
            .iter()
            .find(|l| l.starts_with(&format!(" {label} ")))
            .unwrap_or_else(|| panic!("no row {label:?} in\n{wide}"));
        if json_value(&v, o).is_none() || banded(line) && !line.contains(context) {
            continue;
        }
        assert!(
            line.contains(context) && line.contains(&shown(o)),
            "{label}: {line:?} lacks {context:?} {:?}\n{wide}",
            shown(o)
        );
    }
    // The other bases, by the cost formatter.
    // The list is cut to the width: the first basis with a value is always there, and every
    // basis shown matches.
    let others = row("Other costs");
    let mut first = true;
    for b in CostBasis::ALL.into_iter().filter(|&b| b != basis) {
        if let Some(x) = json_value(&v, b.output()) {
            let text = format!("{} {}", b.word(), b.output().number(Some(x)));
            if first || others.contains(b.word()) {
                assert!(others.contains(&text), "{others:?} lacks {text:?}");
            }
            first = false;
        }
    }
    // The ruler's summary: each milestone ratio it names is the JSON's.
    let summary = frame.lines().find(|l| {
        l.contains("matches") || l.contains("below every known run") || l.contains("above every")
    });
    let summary = summary.unwrap_or_else(|| panic!("no ruler summary in\n{frame}"));
    {
        for m in v["milestones"].as_array().unwrap() {
            let name = m["name"].as_str().unwrap();
            let ratio = fmt::ratio(m["ratio"].as_f64().unwrap());
            if summary.contains(&format!(" {name}")) && summary.contains(&format!("{ratio} {name}"))
            {
                // Found with its own ratio: consistent.
                continue;
            }
            assert!(
                !summary.contains(&format!("× {name}")),
                "{name}: {summary:?} vs {ratio}"
            );
        }
    }
}

#[test]
fn every_preset_shows_what_eval_says() {
    let c = Catalog::embedded();
    for e in &c.scenarios {
        for steps in 0..CostBasis::ALL.len() {
            check(&e.scenario, &c, steps);
        }
    }
}

fn scenario_strategy() -> impl Strategy<Value = (Vec<f64>, usize)> {
    // A track position per input (mapped through the slider, so values span each range the
    // way users reach them), and a cost basis.
    (
        proptest::collection::vec(0.0f64..=1.0, Field::ALL.len()),
        0..CostBasis::ALL.len(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn random_scenarios_show_what_eval_says((ts, steps) in scenario_strategy()) {
        let c = Catalog::embedded();
        let mut s = c.scenario("meta-2024").unwrap().scenario.clone();
        for (f, t) in Field::ALL.iter().zip(ts) {
            *s.sourced_mut(*f) = Sourced::user_set(agi_compute::app::slider::from_t(*f, t));
        }
        check(&s, &c, steps);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// A keypress re-evaluates in place: after any actions the explorer's evaluation is the one
    /// a fresh evaluation of its scenario gives (every format's text equal), once its limits
    /// are said in words.
    #[test]
    fn evaluation_in_place_equals_a_fresh_one(actions in proptest::collection::vec(
        proptest::sample::select(vec![
            Action::Step(1), Action::Step(-1), Action::Coarse(1), Action::Decade(-1),
            Action::FocusNext, Action::FocusPrev, Action::NextAccelerator,
            Action::TogglePrecision, Action::ToMax, Action::ToMin, Action::Undo, Action::Redo,
            Action::CycleCostBasis, Action::CycleRecovery,
        ]),
        1..30,
    )) {
        let c = Catalog::embedded();
        let s = c.scenario("meta-2024").unwrap().scenario.clone();
        let mut app = App::new(c.clone(), s);
        for a in actions {
            app.update(a);
        }
        let reference = Reference::new(&c);
        let fresh = Evaluation::new(&app.scenario, &c, &reference);
        // On the default view a keypress weighs the limits without their words (nothing there
        // shows them); said, they are a fresh evaluation's too.
        let mut in_place = app.evaluation.clone();
        in_place.say_limits(&app.scenario, &c, &reference);
        for f in [Format::Json, Format::Table, Format::Csv, Format::Markdown] {
            prop_assert_eq!(render(&in_place, &c, f), render(&fresh, &c, f));
        }
    }
}

/// Every built-in preset and every known run that loads, at its own year and moved to 2027 and
/// 2030: limits weighed without their words keep every number of a weighing in words, and said
/// afterwards they are that weighing, words and all (the explorer weighs words only where it
/// shows them).
#[test]
fn limits_said_later_equal_limits_weighed_in_words_everywhere() {
    use agi_compute::analysis::limits::{Limits, Words};
    use agi_compute::presets::from_run::scenario_from_run;
    let c = Catalog::embedded();
    let reference = Reference::new(&c);
    let base = c.scenario("meta-2024").unwrap().scenario.clone();
    let mut scenarios: Vec<Scenario> = c.scenarios.iter().map(|e| e.scenario.clone()).collect();
    let presets = scenarios.len();
    scenarios.extend(
        c.milestones
            .iter()
            .filter_map(|m| scenario_from_run(m, &c, &base).ok()),
    );
    assert!(scenarios.len() - presets >= 30, "the known runs that load");
    let numbers = |l: &Limits| {
        let rows: Vec<_> = l
            .rows
            .iter()
            .map(|r| (r.limit, r.need, r.cap, r.ratio, r.status))
            .collect();
        (rows, l.binding, l.order.clone(), l.past.clone())
    };
    let mut checked = 0;
    for s in &scenarios {
        for year in [None, Some(2027.0), Some(2030.0)] {
            let mut s = s.clone();
            if let Some(y) = year {
                s.set_input(Field::Year, Sourced::user_set(y));
            }
            let mut e = Evaluation::new(&s, &c, &reference);
            let written = e.limits.clone();
            assert_eq!(written.words, Words::Write);
            assert!(!written.verdict.is_empty(), "{} {year:?}", s.name);
            e.update_leaving_bands(&s, &c, &reference, Words::Skip);
            assert_eq!(e.limits.words, Words::Skip);
            assert_eq!(numbers(&e.limits), numbers(&written), "{} {year:?}", s.name);
            e.say_limits(&s, &c, &reference);
            assert_eq!(e.limits, written, "{} {year:?}", s.name);
            checked += 1;
        }
    }
    assert_eq!(checked, 3 * scenarios.len());
}
