//! The state of the explorer's views (known runs, feasibility, cards, the preset picker): what
//! each shows, kept in step with the scenario by [`App::update`](super::App::update).

use super::{Catalog, CostBasis, Evaluation, Glance, Scenario};

/// How the known-runs table is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RunSort {
    /// Largest training compute first (the scenario's row among them).
    #[default]
    Flop,
    /// Newest first.
    Date,
    /// A to Z.
    Name,
    /// Nearest the scenario's compute first (smallest |log ratio|).
    Nearest,
}

impl RunSort {
    pub fn next(self) -> RunSort {
        match self {
            RunSort::Flop => RunSort::Date,
            RunSort::Date => RunSort::Name,
            RunSort::Name => RunSort::Nearest,
            RunSort::Nearest => RunSort::Flop,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RunSort::Flop => "FLOP",
            RunSort::Date => "date",
            RunSort::Name => "name",
            RunSort::Nearest => "nearest",
        }
    }
}

/// The known-runs table: which runs it lists, in which order, and the selected one.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunsTable {
    pub sort: RunSort,
    pub filter: String,
    /// Indices into the evaluation's milestones, in display order, after the filter.
    pub rows: Vec<usize>,
    /// Position of the selected run in `rows`.
    pub selected: usize,
    /// Lines the open run's detail is scrolled down (back to 0 for each run).
    pub detail_scroll: u16,
}

impl RunsTable {
    /// Re-sorts and re-filters for `e`, keeping the selected run selected where it still shows.
    pub(super) fn refresh(&mut self, e: &Evaluation, catalog: &Catalog) {
        let keep = self.rows.get(self.selected).copied();
        let needle = self.filter.to_lowercase();
        let ms = &e.milestones;
        self.rows = (0..ms.len())
            .filter(|&i| {
                needle.is_empty() || {
                    let m = &catalog.milestones[ms[i].index];
                    [&m.name, &m.org, &m.id]
                        .into_iter()
                        .chain(m.accelerator.as_ref())
                        .any(|t| t.to_lowercase().contains(&needle))
                }
            })
            .collect();
        let key = |i: &usize| -> f64 {
            let m = &ms[*i];
            match self.sort {
                RunSort::Flop => -m.flop,
                RunSort::Date => -m.year.unwrap_or(f64::NEG_INFINITY),
                RunSort::Name | RunSort::Nearest => m.ratio.log10().abs(),
            }
        };
        if self.sort == RunSort::Name {
            self.rows
                .sort_by_key(|&i| catalog.milestones[ms[i].index].name.to_lowercase());
        } else {
            self.rows.sort_by(|a, b| key(a).total_cmp(&key(b)));
        }
        self.selected = keep
            .and_then(|k| self.rows.iter().position(|&i| i == k))
            .unwrap_or(0)
            .min(self.rows.len().saturating_sub(1));
    }
}

/// Which picture fills the lower half of the screen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    /// The milestone ruler and the table of known runs.
    #[default]
    Ruler,
    /// Milestones over time with the fitted frontier trend.
    Timeline,
    /// What the run needs against what exists, and the limit that binds first.
    Limits,
    /// The largest run each constraint allows by year, with the scenario placed at its year.
    Feasibility,
}

impl View {
    /// Tab's order: ruler → timeline → limits → feasibility → ruler.
    pub const ALL: [View; 4] = [View::Ruler, View::Timeline, View::Limits, View::Feasibility];

    /// The view `steps` Tabs away (negative: Shift+Tab).
    pub fn cycle(self, steps: isize) -> View {
        let i = View::ALL.iter().position(|&v| v == self).unwrap_or(0) as isize;
        View::ALL[(i + steps).rem_euclid(View::ALL.len() as isize) as usize]
    }

    /// The word the footer uses for it.
    pub fn name(self) -> &'static str {
        match self {
            View::Ruler => "ruler",
            View::Timeline => "timeline",
            View::Limits => "limits",
            View::Feasibility => "feasibility",
        }
    }
}

/// The largest run each constraint allows in every year of the view, for a run as long as the
/// scenario's at its precision (the other assumptions at the published distributions).
#[derive(Clone, Debug, PartialEq)]
pub struct FeasibilityView {
    pub run_months: f64,
    pub precision: crate::presets::Precision,
    /// What the years were worked out with: the view's keys' and the run's length.
    pub assumptions: crate::analysis::feasibility::Assumptions,
    pub years: Vec<crate::analysis::feasibility::YearFeasibility>,
}

/// Every catalog card asked to do this run's training FLOP in its days (GPUs solved), with
/// its cost on the basis shown: `agi-compute cards --target-flop` for the live scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct CardsView {
    pub flop: f64,
    pub days: f64,
    pub basis: CostBasis,
    pub rows: Vec<crate::analysis::cards::CardRow>,
}

/// The preset picker's view: the presets and known runs its search matches, and the
/// description's scroll.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PickerView {
    pub filter: String,
    /// Entries that match `filter`, presets first in catalog order, then runs: below the
    /// number of presets an index is the catalog's scenario, from it on `runs[index − presets]`.
    pub rows: Vec<usize>,
    pub scroll: u16,
    /// Known runs that build a scenario (`--from-run`), as indices into the catalog's
    /// milestones. Worked out once per catalog and base scenario, and only the index kept: a
    /// user catalog can hold 180 k runs, and a scenario apiece took gigabytes.
    pub runs: Vec<usize>,
    /// What `runs` was worked out for: the number of milestones and the base scenario.
    runs_for: Option<(usize, Box<Scenario>)>,
    /// The selected run's record as a scenario, with what it computes (the detail pane).
    pub preview: Option<PickerRun>,
}

/// A known run as the picker offers it: its record as a scenario, and what that computes.
#[derive(Clone, Debug, PartialEq)]
pub struct PickerRun {
    /// Index into the catalog's milestones.
    pub milestone: usize,
    pub scenario: Scenario,
    pub outputs: Glance,
}

impl PickerView {
    pub(super) fn refresh(&mut self, catalog: &Catalog) {
        let needle = self.filter.to_lowercase();
        let hit = |texts: [&str; 3]| {
            needle.is_empty() || texts.iter().any(|t| t.to_lowercase().contains(&needle))
        };
        let presets = catalog.scenarios.len();
        self.rows = catalog
            .scenarios
            .iter()
            .enumerate()
            .filter(|(_, e)| hit([&e.scenario.name, &e.scenario.title, &e.scenario.description]))
            .map(|(i, _)| i)
            .chain(
                self.runs
                    .iter()
                    .enumerate()
                    .filter(|&(_, &r)| {
                        let m = &catalog.milestones[r];
                        hit([&*m.id, &*m.name, &*m.org])
                    })
                    .map(|(k, _)| presets + k),
            )
            .collect();
    }

    /// The known runs of `catalog` that build a scenario on `base` (its power, electricity and
    /// carbon stay), in catalog order; kept while neither changes.
    pub(super) fn collect_runs(&mut self, catalog: &Catalog, base: &Scenario) {
        let fresh = self
            .runs_for
            .as_ref()
            .is_some_and(|(n, b)| *n == catalog.milestones.len() && **b == *base);
        if !fresh {
            self.runs = catalog
                .milestones
                .iter()
                .enumerate()
                .filter(|(_, m)| m.kind == crate::presets::MilestoneKind::Run)
                .filter(|(_, m)| {
                    crate::presets::from_run::scenario_from_run(m, catalog, base).is_ok()
                })
                .map(|(i, _)| i)
                .collect();
            self.runs_for = Some((catalog.milestones.len(), Box::new(base.clone())));
            self.preview = None;
        }
        self.refresh(catalog);
    }

    /// The run at picker index `index` (after `presets` presets) as a scenario, with its
    /// outputs.
    pub(super) fn run(&self, catalog: &Catalog, presets: usize, index: usize) -> Option<PickerRun> {
        let milestone = *self.runs.get(index.checked_sub(presets)?)?;
        let base = &self.runs_for.as_ref()?.1;
        let scenario = crate::presets::from_run::scenario_from_run(
            &catalog.milestones[milestone],
            catalog,
            base,
        )
        .ok()?;
        let outputs = Glance::of(&scenario, catalog);
        Some(PickerRun {
            milestone,
            scenario,
            outputs,
        })
    }

    /// Keeps `preview` on the selected entry when it is a run.
    pub(super) fn show(&mut self, catalog: &Catalog, selected: usize) {
        let presets = catalog.scenarios.len();
        let wanted = selected
            .checked_sub(presets)
            .and_then(|k| self.runs.get(k))
            .copied();
        if self.preview.as_ref().map(|p| p.milestone) != wanted {
            self.preview = self.run(catalog, presets, selected);
        }
    }

    /// `selected` moved by `d` rows of the list (clamped), or the first row if it is hidden.
    pub(super) fn moved(&self, selected: usize, d: i64) -> usize {
        let pos = self.rows.iter().position(|&i| i == selected);
        match pos {
            Some(p) => {
                let last = self.rows.len().saturating_sub(1) as i64;
                self.rows[(p as i64 + d).clamp(0, last) as usize]
            }
            None => self.rows.first().copied().unwrap_or(selected),
        }
    }
}
