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
    /// Tab Tab: the Limits view instead of the ruler and table; bands on.
    Limits,
    /// Tab Tab Tab: the Feasibility view; bands on.
    Feasibility,
    /// The default screen comparing A with two pins (the scenario as loaded and one GPU step
    /// up), so every step rebuilds the lineup; bands on.
    Compare,
}

impl Screen {
    pub const ALL: [Screen; 7] = [
        Screen::Ruler,
        Screen::Timeline,
        Screen::NoBands,
        Screen::TimelineNoBands,
        Screen::Limits,
        Screen::Feasibility,
        Screen::Compare,
    ];

    pub fn app(self) -> App {
        let catalog = Catalog::embedded();
        let scenario = default_scenario(&catalog);
        let scenario = match self {
            Screen::Ruler
            | Screen::Timeline
            | Screen::Limits
            | Screen::Feasibility
            | Screen::Compare => scenario,
            Screen::NoBands | Screen::TimelineNoBands => without_ranges(scenario),
        };
        let mut app = App::new(catalog, scenario);
        assert!(
            app.catalog.problems.is_empty(),
            "embedded presets are clean"
        );
        if matches!(self, Screen::Timeline | Screen::TimelineNoBands) {
            app.update(Action::NextView);
        }
        if self == Screen::Limits {
            app.update(Action::NextView);
            app.update(Action::NextView);
        }
        if self == Screen::Feasibility {
            for _ in 0..3 {
                app.update(Action::NextView);
            }
        }
        if self == Screen::Compare {
            app.update(Action::Pin);
            app.update(Action::Step(1));
            app.update(Action::Pin);
            assert_eq!(app.pinned.len(), 2);
        }
        assert_eq!(
            app.evaluation.bands.is_some(),
            matches!(
                self,
                Screen::Ruler
                    | Screen::Timeline
                    | Screen::Limits
                    | Screen::Feasibility
                    | Screen::Compare
            )
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

/// A run of a finished frame: position, text and style of consecutive cells of one style.
pub type Run = (u16, u16, String, ratatui::style::Style);

/// The non-blank runs of the default screen before and after one slider step, at `size`:
/// what any renderer of these two frames has to write, with no layout and no formatting left.
pub fn finished_frames((w, h): (u16, u16)) -> [Vec<Run>; 2] {
    use ratatui::buffer::{Buffer, Cell};
    use ratatui::layout::Rect;
    let mut app = Screen::Ruler.app();
    let area = Rect::new(0, 0, w, h);
    let frame = |app: &App| {
        let mut buf = Buffer::empty(area);
        agi_compute::ui::render(area, &mut buf, app);
        let mut runs: Vec<Run> = Vec::new();
        for (i, c) in buf.content.iter().enumerate() {
            if c == &Cell::EMPTY {
                continue;
            }
            let (x, y) = buf.pos_of(i);
            match runs.last_mut() {
                Some((rx, ry, text, style))
                    if *ry == y
                        && *style == c.style()
                        && *rx + text.chars().count() as u16 == x =>
                {
                    text.push_str(c.symbol())
                }
                _ => runs.push((x, y, c.symbol().to_string(), c.style())),
            }
        }
        runs
    };
    let before = frame(&app);
    Stepper::new().step(&mut app);
    let after = frame(&app);
    [before, after]
}

/// Writes a finished frame's runs as the renderer writes text (plain characters are stored as
/// constant cells, the cheapest write there is).
pub fn replay(buf: &mut ratatui::buffer::Buffer, runs: &[Run]) {
    for (x, y, text, style) in runs {
        agi_compute::bench_api::put_str(buf, *x, *y, text, *style);
    }
}
