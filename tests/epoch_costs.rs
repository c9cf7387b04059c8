//! Epoch AI's published training costs (model_costs.csv in training-cost-trends at 263c40a),
//! reproduced from the per-run inputs in `presets/epoch_costs.ron`: within 2 % per method where
//! Epoch publishes a figure, for every catalog run Epoch costs.

use agi_compute::presets::Catalog;
use agi_compute::presets::epoch::EpochRun;

/// Runs that cannot match, by milestone id, with the method and why. Empty: every catalog run
/// Epoch costs matches. An entry here must also be listed in README's "Costs" section.
const EXCEPTIONS: &[(&str, &str, &str)] = &[];

/// Catalog milestones that Epoch's table does not cost, and why they have no run here.
const NOT_COSTED: &[(&str, &str)] = &[
    ("chinchilla", "not in model_costs.csv"),
    ("deepseek-v3", "not in model_costs.csv"),
];

const TOLERANCE: f64 = 0.02;

fn catalog() -> Catalog {
    let c = Catalog::embedded();
    assert!(c.problems.is_empty(), "{:?}", c.problems);
    c
}

fn ratios(c: &Catalog, run: &EpochRun) -> [(&'static str, Option<f64>, Option<f64>); 3] {
    let e = c
        .epoch_costs
        .as_ref()
        .and_then(|e| e.estimate(run).ok())
        .unwrap_or_else(|| panic!("{} does not compute", run.milestone));
    let p = run.epoch_published;
    [
        ("cloud", e.cloud.ok().map(|x| x.total), p.cloud),
        (
            "acquisition",
            e.acquisition.ok().map(|x| x.total()),
            p.acquisition,
        ),
        (
            "amortized",
            e.amortized.ok().map(|x| x.components.total()),
            p.amortized,
        ),
    ]
}

#[test]
fn every_published_figure_is_reproduced_within_two_percent() {
    let c = catalog();
    let epoch = c.epoch_costs.as_ref().expect("embedded Epoch costs");
    let mut failures = Vec::new();
    let mut compared = 0;
    for run in &epoch.runs {
        for (method, ours, theirs) in ratios(&c, run) {
            let Some(theirs) = theirs else { continue };
            if EXCEPTIONS
                .iter()
                .any(|(id, m, _)| *id == run.milestone && *m == method)
            {
                continue;
            }
            compared += 1;
            match ours {
                Some(ours) if (ours / theirs - 1.0).abs() <= TOLERANCE => {}
                other => failures.push(format!(
                    "{} {method}: ours {other:?} vs Epoch {theirs}",
                    run.milestone
                )),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(compared >= 40, "only {compared} figures compared");
}

#[test]
fn we_compute_nothing_epoch_does_not_publish() {
    // A method Epoch leaves empty must be empty here too, or the comparison would hide it.
    let c = catalog();
    let epoch = c.epoch_costs.as_ref().expect("embedded Epoch costs");
    for run in &epoch.runs {
        for (method, ours, theirs) in ratios(&c, run) {
            if theirs.is_none() {
                assert!(ours.is_none(), "{} {method}: ours {ours:?}", run.milestone);
            }
        }
    }
}

#[test]
fn every_run_is_a_catalog_milestone_and_every_costed_milestone_has_a_run() {
    let c = catalog();
    let epoch = c.epoch_costs.as_ref().expect("embedded Epoch costs");
    for run in &epoch.runs {
        assert!(
            c.milestone(&run.milestone).is_some(),
            "{} is not a milestone",
            run.milestone
        );
    }
    for m in &c.milestones {
        if m.kind != agi_compute::presets::MilestoneKind::Run {
            continue;
        }
        let costed = epoch.run(&m.id).is_some();
        let listed = NOT_COSTED.iter().any(|(id, _)| *id == m.id);
        let small = m.flop.value < 3e23;
        // Smaller runs (the 7B-70B family members) are below Epoch's top-10 frontier selection.
        assert!(
            costed || listed || small || !m.frontier,
            "{} is a frontier milestone with no Epoch cost and no reason",
            m.id
        );
    }
}
