//! Shared set-up for the benchmarks: the explorer as the binary starts it.
#![allow(dead_code)] // each bench uses a different part

use agi_compute::app::{Action, App};
use agi_compute::model::Field;
use agi_compute::presets::{Catalog, DEFAULT_SCENARIO, Scenario};

/// The terminal sizes measured: small, typical, large.
pub const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 60)];

/// The default scenario (meta-2024), whose inputs carry ranges: Monte Carlo bands are on.
pub fn default_scenario(catalog: &Catalog) -> Scenario {
    catalog
        .scenario(DEFAULT_SCENARIO)
        .expect("default scenario")
        .scenario
        .clone()
}

/// The default scenario with every low/high removed: no Monte Carlo, no bands.
pub fn without_ranges(mut s: Scenario) -> Scenario {
    for f in Field::ALL {
        if s.sourced(f).is_some() {
            let v = s.sourced_mut(f);
            v.low = None;
            v.high = None;
        }
    }
    s
}

/// Which screen a benchmark starts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    /// The default screen: sliders, results, milestone ruler, fleets, table; bands on.
    Ruler,
    /// Tab: the frontier timeline instead of the ruler and table; bands on.
    Timeline,
    /// The default screen with bands off (no input carries a range).
    NoBands,
    /// The timeline with bands off.
    TimelineNoBands,
}

impl Screen {
    pub const ALL: [Screen; 4] = [
        Screen::Ruler,
        Screen::Timeline,
        Screen::NoBands,
        Screen::TimelineNoBands,
    ];

    pub fn app(self) -> App {
        let catalog = Catalog::embedded();
        let scenario = default_scenario(&catalog);
        let scenario = match self {
            Screen::Ruler | Screen::Timeline => scenario,
            Screen::NoBands | Screen::TimelineNoBands => without_ranges(scenario),
        };
        let mut app = App::new(catalog, scenario);
        assert!(
            app.catalog.problems.is_empty(),
            "embedded presets are clean"
        );
        if matches!(self, Screen::Timeline | Screen::TimelineNoBands) {
            app.update(Action::ToggleView);
        }
        assert_eq!(
            app.bands.is_some(),
            matches!(self, Screen::Ruler | Screen::Timeline)
        );
        app
    }
}

/// One slider step on the focused input (GPUs), alternating up and down so the state stays
/// put however many iterations run. Every step changes a value, so every step recomputes the
/// bands (when on) and changes what is drawn.
pub struct Stepper {
    up: bool,
}

impl Stepper {
    pub fn new() -> Stepper {
        Stepper { up: true }
    }

    pub fn step(&mut self, app: &mut App) {
        app.update(Action::Step(if self.up { 1 } else { -1 }));
        self.up = !self.up;
    }
}
