//! Application state and the one place it changes: [`App::update`].
//!
//! Events are turned into [`Action`]s elsewhere (the `input` module); drawing reads `&App`.
//! Nothing here touches the terminal, so every behaviour is testable with plain values.

pub mod slider;

use crate::model::parse::parse_for;
use crate::model::{Field, Inputs, Outputs};
use crate::presets::{Catalog, Precision, Scenario, Sourced};

/// Everything a user can do, whatever key or mouse gesture triggered it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Action {
    Quit,
    FocusPrev,
    FocusNext,
    Focus(Field),
    /// Fine steps up (+) or down (−) on the focused slider.
    Step(i32),
    /// Coarse steps (five fine steps each).
    Coarse(i32),
    /// One decade (log) or a tenth of the range (linear).
    Decade(i32),
    ToMin,
    ToMax,
    /// Sets a slider from a track position in [0, 1] (mouse click or drag); focuses it.
    SetTrack(Field, f64),
    /// Mouse wheel over a slider: fine steps without changing focus.
    Wheel(Field, i32),
    StartEntry,
    EntryChar(char),
    EntryBackspace,
    EntryClear,
    EntrySubmit,
    /// Esc: leaves entry or an overlay (quits only from the main screen).
    Back,
    NextAccelerator,
    PrevAccelerator,
    TogglePrecision,
    OpenPicker,
    PickerMove(i32),
    PickerChoose,
    /// Mouse on a picker row.
    PickerSelect(usize),
    ResetField,
    ResetAll,
    ToggleHelp,
    ShowProblems,
}

/// What has the keyboard: the main screen, typed entry, or an overlay.
#[derive(Clone, Debug, PartialEq)]
pub enum Mode {
    Normal,
    /// Typing an exact value for `field`; `error` is set after a refused submit.
    Entry {
        field: Field,
        text: String,
        error: Option<String>,
        /// The text is the pre-filled current value: the first typed character replaces it.
        fresh: bool,
    },
    Help,
    Picker {
        selected: usize,
    },
    Problems,
}

/// A one-line note for the user after an action (not an error dialog).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub warning: bool,
}

/// Longest typed entry kept; more is ignored (a paste of a novel stays harmless).
pub const MAX_ENTRY_CHARS: usize = 64;

/// The explorer's state.
#[derive(Clone, Debug)]
pub struct App {
    pub catalog: Catalog,
    /// The scenario being explored; edited values carry status `UserSet`.
    pub scenario: Scenario,
    /// The scenario as loaded, for reset and the "(modified)" mark.
    pub loaded: Scenario,
    pub focus: Field,
    pub mode: Mode,
    pub notice: Option<Notice>,
    /// Use colour (false when NO_COLOR is set; decided by the caller, not read here).
    pub color: bool,
    pub running: bool,
}

impl App {
    /// A new explorer on `scenario`. Shows the problems panel first if loading found any.
    pub fn new(catalog: Catalog, scenario: Scenario) -> App {
        let mode = if catalog.problems.is_empty() {
            Mode::Normal
        } else {
            Mode::Problems
        };
        App {
            catalog,
            loaded: scenario.clone(),
            scenario,
            focus: Field::Gpus,
            mode,
            notice: None,
            color: true,
            running: true,
        }
    }

    pub fn inputs(&self) -> Inputs {
        self.scenario.inputs()
    }

    pub fn outputs(&self) -> Outputs {
        self.inputs().outputs()
    }

    /// Whether any input differs from the loaded scenario.
    pub fn modified(&self) -> bool {
        self.scenario.inputs() != self.loaded.inputs()
            || self.scenario.precision != self.loaded.precision
            || self.scenario.accelerator != self.loaded.accelerator
    }

    /// Whether one input differs from the loaded scenario.
    pub fn field_modified(&self, f: Field) -> bool {
        self.scenario.inputs().get(f) != self.loaded.inputs().get(f)
    }

    /// The accelerator named by the scenario, if it is in the catalog.
    pub fn accelerator(&self) -> Option<&crate::presets::Accelerator> {
        self.scenario
            .accelerator
            .as_deref()
            .and_then(|id| self.catalog.accelerator(id))
    }

    /// Applies one action. The only place state changes.
    pub fn update(&mut self, action: Action) {
        if !matches!(action, Action::EntryChar(_) | Action::EntryBackspace) {
            self.notice = None;
        }
        match (&mut self.mode, action) {
            (_, Action::Quit) => self.running = false,
            (
                Mode::Entry {
                    text, error, fresh, ..
                },
                Action::EntryChar(c),
            ) => {
                if *fresh {
                    text.clear();
                }
                if text.chars().count() < MAX_ENTRY_CHARS && !c.is_control() {
                    text.push(c);
                }
                *error = None;
                *fresh = false;
            }
            (
                Mode::Entry {
                    text, error, fresh, ..
                },
                Action::EntryBackspace,
            ) => {
                text.pop();
                *error = None;
                *fresh = false;
            }
            (
                Mode::Entry {
                    text, error, fresh, ..
                },
                Action::EntryClear,
            ) => {
                text.clear();
                *error = None;
                *fresh = false;
            }
            (
                Mode::Entry {
                    field, text, error, ..
                },
                Action::EntrySubmit,
            ) => match parse_for(*field, text) {
                Ok(v) => {
                    let f = *field;
                    self.mode = Mode::Normal;
                    self.set(f, v);
                }
                Err(e) => *error = Some(e.to_string()),
            },
            (Mode::Entry { .. }, Action::Back) => self.mode = Mode::Normal,
            (Mode::Entry { .. }, _) => {}
            (Mode::Picker { selected }, Action::PickerMove(d)) => {
                let n = self.catalog.scenarios.len();
                if n > 0 {
                    *selected = (*selected as i64 + d as i64).rem_euclid(n as i64) as usize;
                }
            }
            (Mode::Picker { selected }, Action::PickerSelect(i)) => {
                if i < self.catalog.scenarios.len() {
                    *selected = i;
                }
            }
            (Mode::Picker { selected }, Action::PickerChoose) => {
                let i = *selected;
                self.mode = Mode::Normal;
                self.load_scenario(i);
            }
            (Mode::Picker { .. } | Mode::Help | Mode::Problems, Action::Back)
            | (Mode::Help, Action::ToggleHelp)
            | (Mode::Picker { .. }, Action::OpenPicker)
            | (Mode::Problems, Action::ShowProblems) => self.mode = Mode::Normal,
            (Mode::Picker { .. } | Mode::Help | Mode::Problems, _) => {}
            (Mode::Normal, a) => self.update_normal(a),
        }
    }

    fn update_normal(&mut self, action: Action) {
        let f = self.focus;
        let current = self.inputs().get(f);
        match action {
            Action::Back => self.running = false,
            Action::FocusPrev => self.focus = neighbour(f, -1),
            Action::FocusNext => self.focus = neighbour(f, 1),
            Action::Focus(g) => self.focus = g,
            Action::Step(n) => self.nudge(f, |v| slider::step(f, v, n as f64)),
            Action::Coarse(n) => self.nudge(f, |v| slider::step(f, v, n as f64 * slider::COARSE)),
            Action::Decade(n) => self.nudge(f, |v| slider::decade(f, v, n as f64)),
            Action::ToMin => self.set(f, slider::min(f)),
            Action::ToMax => self.set(f, slider::max(f)),
            Action::SetTrack(g, t) => {
                self.focus = g;
                self.set(g, slider::from_t(g, t));
            }
            Action::Wheel(g, n) => self.nudge(g, |v| slider::step(g, v, n as f64)),
            Action::StartEntry => {
                let text = current.map(|v| entry_text(f, v)).unwrap_or_default();
                self.mode = Mode::Entry {
                    field: f,
                    text,
                    error: None,
                    fresh: true,
                };
            }
            Action::NextAccelerator => self.cycle_accelerator(1),
            Action::PrevAccelerator => self.cycle_accelerator(-1),
            Action::TogglePrecision => self.toggle_precision(),
            Action::OpenPicker => {
                let selected = self
                    .catalog
                    .scenarios
                    .iter()
                    .position(|e| e.scenario.name == self.loaded.name)
                    .unwrap_or(0);
                self.mode = Mode::Picker { selected };
            }
            Action::ResetField => self.reset_field(f),
            Action::ResetAll => {
                self.scenario = self.loaded.clone();
                self.say(format!("reset to {}", self.loaded.title), false);
            }
            Action::ToggleHelp => self.mode = Mode::Help,
            Action::ShowProblems => {
                if self.catalog.problems.is_empty() {
                    self.say("no preset problems", false);
                } else {
                    self.mode = Mode::Problems;
                }
            }
            Action::Quit
            | Action::EntryChar(_)
            | Action::EntryBackspace
            | Action::EntryClear
            | Action::EntrySubmit
            | Action::PickerMove(_)
            | Action::PickerChoose
            | Action::PickerSelect(_) => {}
        }
    }

    /// Sets a value typed, clicked or stepped by the user (already range-checked or clamped).
    fn set(&mut self, f: Field, v: f64) {
        if !f.accepts(v) {
            return;
        }
        if self.inputs().get(f) == Some(v) {
            return;
        }
        *self.scenario.sourced_mut(f) = Sourced::user_set(v);
    }

    /// Applies a step function to a field; an unset optional input starts at its default.
    fn nudge(&mut self, f: Field, step: impl Fn(f64) -> f64) {
        match self.inputs().get(f) {
            Some(v) => self.set(f, step(v)),
            None => {
                self.say(
                    format!("{} is not set: press Enter to type a value", f.name()),
                    true,
                );
            }
        }
    }

    fn reset_field(&mut self, f: Field) {
        match self.loaded.sourced(f) {
            Some(s) => *self.scenario.sourced_mut(f) = s.clone(),
            None => match f {
                Field::Rent => self.scenario.rent_usd_per_gpu_hour = None,
                Field::AmortYears => self.scenario.amortization_years = None,
                _ => {}
            },
        }
    }

    fn load_scenario(&mut self, index: usize) {
        if let Some(e) = self.catalog.scenarios.get(index) {
            self.scenario = e.scenario.clone();
            self.loaded = e.scenario.clone();
            self.say(format!("loaded {}", e.scenario.title), false);
        }
    }

    /// Switches to the next card of the catalog: peak, price and watts follow; GPU count stays.
    fn cycle_accelerator(&mut self, dir: i64) {
        let n = self.catalog.accelerators.len();
        if n == 0 {
            self.say("the accelerator catalog is empty", true);
            return;
        }
        let current = self
            .scenario
            .accelerator
            .as_deref()
            .and_then(|id| self.catalog.accelerators.iter().position(|a| a.id == id));
        let next = match current {
            Some(i) => (i as i64 + dir).rem_euclid(n as i64) as usize,
            None if dir > 0 => 0,
            None => n - 1,
        };
        let card = self.catalog.accelerators[next].clone();
        let mut kept = Vec::new();
        if self.scenario.precision == Precision::Fp8 && card.fp8_tflops.is_none() {
            self.scenario.precision = Precision::Bf16;
            kept.push("no FP8 peak: BF16");
        }
        self.scenario.peak_tflops = card.peak(self.scenario.precision).clone();
        match &card.price_usd {
            Some(p) => self.scenario.price_usd = p.clone(),
            None => kept.push("no sourced price: price kept"),
        }
        match (&card.server_watts_per_gpu, &card.tdp_watts) {
            (Some(w), _) => self.scenario.watts_per_gpu = w.clone(),
            (None, Some(w)) => {
                self.scenario.watts_per_gpu = w.clone();
                kept.push("watts = board TDP only");
            }
            (None, None) => kept.push("no published power: watts kept"),
        }
        if let Some(r) = &card.rent_usd_per_hour {
            self.scenario.rent_usd_per_gpu_hour = Some(r.clone());
        }
        self.scenario.accelerator = Some(card.id.clone());
        let text = if kept.is_empty() {
            format!("accelerator: {}", card.name)
        } else {
            format!("accelerator: {} ({})", card.name, kept.join("; "))
        };
        self.say(text, !kept.is_empty());
    }

    fn toggle_precision(&mut self) {
        let Some(card) = self.accelerator().cloned() else {
            self.say("no accelerator selected: press a to pick one", true);
            return;
        };
        if card.fp8_tflops.is_none() {
            self.say(format!("{} has no dense FP8 peak", card.name), true);
            return;
        }
        let p = match self.scenario.precision {
            Precision::Bf16 => Precision::Fp8,
            Precision::Fp8 => Precision::Bf16,
        };
        self.scenario.precision = p;
        self.scenario.peak_tflops = card.peak(p).clone();
        self.say(format!("peak: {} dense {}", card.name, p.label()), false);
    }

    fn say(&mut self, text: impl Into<String>, warning: bool) {
        self.notice = Some(Notice {
            text: text.into(),
            warning,
        });
    }
}

/// The field above or below, wrapping around.
fn neighbour(f: Field, dir: i64) -> Field {
    let n = Field::ALL.len() as i64;
    let i = Field::ALL.iter().position(|&g| g == f).unwrap_or(0) as i64;
    Field::ALL[(i + dir).rem_euclid(n) as usize]
}

/// The current value as an editable string: `350000`, `40%`.
fn entry_text(f: Field, v: f64) -> String {
    if f.spec().percent {
        format!("{}%", (v * 1000.0).round() / 10.0)
    } else {
        format!("{v}")
    }
}
