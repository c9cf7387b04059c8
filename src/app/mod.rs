//! Application state and the one place it changes: [`App::update`].
//!
//! Events are turned into [`Action`]s elsewhere (the `input` module); drawing reads `&App`.
//! Nothing here touches the terminal, so every behaviour is testable with plain values.

mod action;
mod bands;
mod dropped_ranges;
mod explain;
pub mod feasibility;
pub mod keys;
mod pins;
mod prompt;
mod runs;

pub use pins::{MAX_PINS, pin_letter};
mod saving;
pub mod slider;
mod views;

pub use action::{Action, Mode, ModeKind, Pending, PromptKind};
pub use bands::BandsInbox;
pub use dropped_ranges::{DroppedRange, DroppedWhy, dropped_text};
pub use explain::{Topic, formula};
use prompt::entry_text;
pub use prompt::range_example;
pub use prompt::{GoalAnswer, Prompt};
pub use views::{CardsView, FeasibilityView, PickerRun, PickerView, RunSort, RunsTable, View};

use crate::analysis::evaluation::{
    Evaluation, Glance, Reference, RunCosts, Solved, preset_outputs, run_costs,
};
use crate::analysis::limits::Words;
use crate::model::cost::CostBasis;
use crate::model::parse::parse_for;
use crate::model::{Field, Inputs, Output};
use crate::presets::save::{SaveError, save_scenario};
use crate::presets::{Catalog, Origin, Precision, Scenario, ScenarioEntry, Sourced, Status};
use std::path::{Path, PathBuf};
use tui_input::Input;
pub use tui_input::InputRequest;

/// A one-line note for the user after an action (not an error dialog).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub warning: bool,
}

/// Longest typed entry kept; more is ignored (a paste of a novel stays harmless).
pub const MAX_ENTRY_CHARS: usize = 256;

/// The explorer's state.
#[derive(Clone, Debug)]
pub struct App {
    pub catalog: Catalog,
    /// The scenario being explored; edited values carry status `UserSet`.
    pub scenario: Scenario,
    /// The scenario as loaded, for reset and the "(modified)" mark.
    pub loaded: Scenario,
    pub focus: Field,
    /// The first input the Inputs panel shows when it cannot show them all: moved only as far
    /// as keeps the focus among the [`INPUT_ROWS`] rows every layout has.
    pub inputs_top: usize,
    pub mode: Mode,
    pub notice: Option<Notice>,
    /// Every notice of the session, oldest first, the last [`MAX_NOTICES`] kept whole: `N`
    /// shows them (the footer shows one line of the newest).
    pub notices: Vec<Notice>,
    /// What the help shows the entries of (`/` in the help); empty: all of them.
    pub help_filter: String,
    /// The mode the help was opened from, and goes back to.
    help_return: Box<Mode>,
    /// Use colour (false when NO_COLOR is set; decided by the caller, not read here).
    pub color: bool,
    pub running: bool,
    pub cost_basis: CostBasis,
    /// The scenarios pinned beside the live one (A) for comparison, in the order pinned: B, C,
    /// … (at most [`MAX_PINS`]).
    pub pinned: Vec<Scenario>,
    /// A and the pins side by side, while anything is pinned: what the compare panel draws.
    pub lineup: Option<crate::analysis::lineup::Lineup>,
    /// The last of the pins a panel too narrow for every pin shows (`b` moves it on).
    pub compare_from: usize,
    pub view: View,
    /// Where `s` saves user presets; `None` when no directory is known.
    pub save_dir: Option<PathBuf>,
    /// The name waiting for an overwrite confirmation.
    pending_save_name: Option<String>,
    /// What the evaluation needs of the catalog, worked out once (milestones do not change).
    reference: Reference,
    /// Each known run's cost on Epoch AI's methods, by its index in the catalog (a run's
    /// detail shows it), worked out once as the reference is.
    pub run_costs: Vec<Option<RunCosts>>,
    /// Everything derived from the live scenario, recomputed by `update` when it changes.
    pub evaluation: Evaluation,
    /// The outputs of each preset scenario, in catalog order (the picker's preview).
    pub preset_outputs: Vec<Glance>,
    /// Earlier states, most recent last (`z` goes back), and undone ones (`Z` redoes).
    undo: Vec<Undo>,
    redo: Vec<Undo>,
    /// The slider a mouse drag started on: the drag keeps to it wherever the pointer goes.
    pub drag: Option<Field>,
    /// The known-runs table's order, filter and selection.
    pub table: RunsTable,
    /// The preset picker's search and the scroll of its description pane.
    pub picker: PickerView,
    /// Text waiting to go to the system clipboard; the terminal loop takes it (drawing and
    /// state stay free of terminal writes).
    pub clipboard: Option<String>,
    /// The tornado shown by `w`, worked out when it opens or its output changes.
    pub tornado: Option<crate::analysis::sensitivity::Sensitivity>,
    /// The cards ranking shown by `C`, worked out when it opens or its basis changes.
    pub cards: Option<CardsView>,
    /// The Feasibility view's years, worked out when it shows and the run's length,
    /// precision or assumptions change.
    pub feasibility: Option<FeasibilityView>,
    /// The year and assumptions the Feasibility view's keys chose.
    pub feasibility_knobs: feasibility::FeasibilityKnobs,
    /// Where a worker posts the bands when the terminal loop works them out off the key path
    /// (the loop sets it). While set, an update leaves the bands of a changed scenario waiting
    /// for [`Action::BandsReady`]; without it (headless, tests) every update brings its bands.
    pub bands_inbox: Option<BandsInbox>,
    /// The loaded scenario's inputs and the ranges the live one lost, worked out by `update`
    /// for the "(modified)" marks and the results panel, which ask on every frame.
    loaded_inputs: Inputs,
    dropped: Vec<DroppedRange>,
}

/// Input rows the Inputs panel shows on every screen size (more on tall screens).
pub const INPUT_ROWS: usize = 12;

/// The outputs the tornado cycles through (the cost on the chosen basis is added first).
const TORNADO_OUTPUTS: [Output; 9] = [
    Output::TotalFlop,
    Output::GoodputFlop,
    Output::Goodput,
    Output::Power,
    Output::Energy,
    Output::Co2,
    Output::GpuHours,
    Output::ChinchillaParams,
    Output::Sustained,
];

/// Notices the log keeps.
pub const MAX_NOTICES: usize = 100;

/// The help's scroll that means "its end" (the drawing stops at the last line).
pub const HELP_END: u16 = 10_000;

/// Undo steps kept.
const MAX_UNDO: usize = 200;

/// One step of undo: what an action changed, as it was.
#[derive(Clone, Debug)]
enum Undo {
    /// One input's sourced value (`None`: an optional input that was unset).
    Field(Field, Option<Sourced>),
    /// The whole scenario and the one it was loaded as (a card, a preset, a run, a reset): undo
    /// gives back the scenario's identity (its title, what `R` resets to, the `*` marks) with
    /// its inputs.
    Whole(Box<(Scenario, Scenario)>),
}

impl App {
    /// A new explorer on `scenario`. Shows the problems panel first if loading found any.
    pub fn new(catalog: Catalog, scenario: Scenario) -> App {
        let mode = if catalog.problems.is_empty() {
            Mode::Normal
        } else {
            Mode::Problems
        };
        let reference = Reference::new(&catalog);
        let loaded_inputs = catalog.inputs(&scenario);
        App {
            evaluation: Evaluation::new(&scenario, &catalog, &reference),
            reference,
            run_costs: catalog
                .milestones
                .iter()
                .map(|m| run_costs(&catalog, &m.id))
                .collect(),
            preset_outputs: preset_outputs(&catalog),
            catalog,
            loaded: scenario.clone(),
            scenario,
            focus: Field::Gpus,
            inputs_top: 0,
            mode,
            notice: None,
            notices: Vec::new(),
            help_filter: String::new(),
            help_return: Box::new(Mode::Normal),
            color: true,
            running: true,
            cost_basis: CostBasis::default(),
            pinned: Vec::new(),
            lineup: None,
            compare_from: 0,
            view: View::default(),
            save_dir: None,
            pending_save_name: None,
            undo: Vec::new(),
            redo: Vec::new(),
            drag: None,
            table: RunsTable::default(),
            picker: PickerView::default(),
            clipboard: None,
            tornado: None,
            cards: None,
            feasibility: None,
            feasibility_knobs: feasibility::FeasibilityKnobs::default(),
            bands_inbox: None,
            loaded_inputs,
            dropped: Vec::new(),
        }
        .with_views()
    }

    fn with_views(mut self) -> App {
        self.table.refresh(&self.evaluation, &self.catalog);
        self.picker.refresh(&self.catalog);
        self.refresh_marks();
        self
    }

    /// Works out what the frame asks of the loaded scenario against the live one.
    fn refresh_marks(&mut self) {
        self.loaded_inputs = self.catalog.inputs(&self.loaded);
        self.dropped = self.find_dropped_ranges();
    }

    /// The mode the help was opened from: its keys come first in the help.
    pub fn help_from(&self) -> &Mode {
        &self.help_return
    }

    /// The live scenario's inputs as plain numbers.
    pub fn inputs(&self) -> Inputs {
        self.evaluation.inputs
    }

    /// Whether any input differs from the loaded scenario.
    pub fn modified(&self) -> bool {
        self.evaluation.inputs != self.loaded_inputs
            || self.scenario.precision != self.loaded.precision
            || self.scenario.accelerator != self.loaded.accelerator
    }

    /// Whether one input differs from the loaded scenario.
    pub fn field_modified(&self, f: Field) -> bool {
        self.evaluation.inputs.get(f) != self.loaded_inputs.get(f)
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
        if action == Action::BandsReady {
            if let Some(inbox) = &self.bands_inbox {
                for (job, bands) in inbox.take() {
                    self.evaluation.take_bands(&job, bands);
                }
            }
            return;
        }
        // The evaluation reads the inputs, their ranges, the card and the names: comparing
        // those is enough, and spares cloning the whole scenario (its sources and notes) on
        // every keypress.
        let before = EvaluatedFrom::of(&self.scenario);
        let basis = self.cost_basis;
        // Actions that can change the scenario keep what they change for undo: one input's
        // sourced value, or the whole scenario for a card, a preset or a reset. A drag is one
        // step.
        let previous = self.undo_entry(action);
        self.apply(action);
        let at = self.focus.index();
        self.inputs_top = self
            .inputs_top
            .min(at)
            .max((at + 1).saturating_sub(INPUT_ROWS));
        let changed = EvaluatedFrom::of(&self.scenario) != before;
        if changed {
            if let Some(p) = previous {
                self.undo.push(p);
                if self.undo.len() > MAX_UNDO {
                    self.undo.remove(0);
                }
                self.redo.clear();
            }
            let words = self.limit_words();
            if self.bands_inbox.is_some() {
                self.evaluation.update_leaving_bands(
                    &self.scenario,
                    &self.catalog,
                    &self.reference,
                    words,
                );
            } else {
                self.evaluation
                    .update(&self.scenario, &self.catalog, &self.reference, words);
            }
            if self.table.sort == RunSort::Nearest {
                self.table.refresh(&self.evaluation, &self.catalog);
            }
        }
        if changed || basis != self.cost_basis {
            self.refresh_lineup();
        }
        let selected = match &self.mode {
            Mode::Picker { selected } => Some(*selected),
            Mode::Prompt(p) => match p.kind {
                PromptKind::PickerFilter { selected, .. } => Some(selected),
                _ => None,
            },
            _ => None,
        };
        if let Some(selected) = selected {
            self.picker.show(&self.catalog, selected);
        }
        if self.view == View::Feasibility {
            self.refresh_feasibility();
        }
        if self.limit_words() == Words::Write {
            self.evaluation
                .say_limits(&self.scenario, &self.catalog, &self.reference);
        }
        self.refresh_marks();
    }

    /// Whether what is on screen shows the limits in words: the Limits view and the
    /// explanations (which reach every limit). Elsewhere only their numbers show (the border's
    /// binding mark, the comparison's), and a keypress weighs them without words.
    fn limit_words(&self) -> Words {
        if self.view == View::Limits || matches!(self.mode, Mode::Explain(_)) {
            Words::Write
        } else {
            Words::Skip
        }
    }

    /// Works out the Feasibility view's years when the run's length, precision or assumptions
    /// changed.
    fn refresh_feasibility(&mut self) {
        use crate::analysis::feasibility::{Assumptions, Model, SAMPLES, SEED, VIEW_YEARS};
        let run_months = self.evaluation.inputs.days / (crate::model::units::DAYS_PER_YEAR / 12.0);
        let precision = self.scenario.precision;
        let a = Assumptions {
            run_months: Some(run_months),
            ..self.feasibility_knobs.set
        };
        if self
            .feasibility
            .as_ref()
            .is_some_and(|f| f.assumptions == a && f.precision == precision)
        {
            return;
        }
        self.feasibility = Model::of(&self.catalog, precision)
            .ok()
            .map(|m| FeasibilityView {
                run_months,
                precision,
                assumptions: a,
                years: m.years(VIEW_YEARS, &a, SAMPLES, SEED),
            });
    }

    /// What `action` may change, saved before it runs.
    fn undo_entry(&self, action: Action) -> Option<Undo> {
        let field = |f: Field| Some(Undo::Field(f, self.scenario.sourced(f).cloned()));
        match action {
            Action::SetTrack(f, _) if self.drag == Some(f) => None,
            Action::SetTrack(f, _) | Action::Wheel(f, _) => field(f),
            Action::Step(_)
            | Action::Coarse(_)
            | Action::Decade(_)
            | Action::ToMin
            | Action::ToMax
            | Action::ResetField => field(self.focus),
            Action::EntrySubmit => match &self.mode {
                Mode::Prompt(Prompt {
                    kind:
                        PromptKind::Value(f) | PromptKind::Range(f) | PromptKind::Goal { field: f, .. },
                    ..
                }) => field(*f),
                _ => None,
            },
            Action::NextAccelerator
            | Action::PrevAccelerator
            | Action::TogglePrecision
            | Action::CycleRecovery
            | Action::PickerChoose
            | Action::LoadRun
            | Action::ConfirmLoad
            | Action::ApplyCard
            | Action::ResetAll => Some(Undo::Whole(Box::new((
                self.scenario.clone(),
                self.loaded.clone(),
            )))),
            _ => None,
        }
    }

    /// The outputs the tornado offers: the cost on the chosen basis, then FLOP, goodput, power,
    /// …, then the cost on every other basis.
    fn tornado_outputs(&self) -> Vec<Output> {
        let chosen = self.cost_basis.output();
        std::iter::once(chosen)
            .chain(TORNADO_OUTPUTS)
            .chain(
                CostBasis::ALL
                    .into_iter()
                    .map(CostBasis::output)
                    .filter(|&o| o != chosen),
            )
            .collect()
    }

    /// Ranks every card on the live run, on the cost basis shown.
    fn rank_cards(&mut self) {
        let flop = self.evaluation.outputs.total_flop.0;
        let rows = crate::analysis::cards::rank_cards(
            &self.scenario,
            &self.catalog,
            &self.reference,
            self.cost_basis,
            crate::analysis::cards::CardGoal::Flop {
                target: flop,
                solve: Field::Gpus,
            },
            None,
        );
        self.cards = Some(CardsView {
            flop,
            days: self.scenario.days.value,
            basis: self.cost_basis,
            rows,
        });
    }

    /// Opens the tornado of `output` (or says why there is none).
    fn open_tornado(&mut self, output: Output) {
        match crate::analysis::sensitivity::sensitivity(
            &self.scenario,
            &self.catalog,
            &self.reference,
            output,
        ) {
            Some(t) => {
                self.tornado = Some(t);
                self.mode = Mode::Tornado;
            }
            None => self.say(
                format!("{} is not computed for this scenario", output.spec().label),
                true,
            ),
        }
    }

    /// Steps back (`undo`) or forward through the history of the scenario.
    fn travel(&mut self, back: bool) {
        let entry = if back {
            self.undo.pop()
        } else {
            self.redo.pop()
        };
        let Some(entry) = entry else {
            self.say(
                if back {
                    "nothing to undo"
                } else {
                    "nothing to redo"
                },
                false,
            );
            return;
        };
        // Put the saved state back and keep the current one for the other direction, and say
        // what changed: "GPUs 1 → 350 k".
        let value = |s: &Option<Sourced>, f: Field| {
            s.as_ref().map_or("not set".to_string(), |v| {
                crate::model::format::field_value(f, v.value)
            })
        };
        let what;
        let current = match entry {
            Undo::Field(f, saved) => {
                let now = self.scenario.sourced(f).cloned();
                what = format!("{} {} → {} ", f.name(), value(&now, f), value(&saved, f));
                match saved {
                    Some(v) => self.scenario.set_input(f, v),
                    None => self.scenario.clear_optional(f),
                }
                self.focus = f;
                Undo::Field(f, now)
            }
            Undo::Whole(saved) => {
                let (scenario, loaded) = *saved;
                let card = |s: &Scenario| {
                    s.accelerator
                        .as_deref()
                        .and_then(|id| self.catalog.accelerator(id))
                        .map_or("custom card".to_string(), |a| a.name.to_string())
                };
                if scenario.title != self.scenario.title {
                    what = format!("{} → {} ", self.scenario.title, scenario.title);
                } else if scenario.accelerator != self.scenario.accelerator {
                    what = format!("card {} → {} ", card(&self.scenario), card(&scenario));
                } else if scenario.precision != self.scenario.precision {
                    what = format!(
                        "precision {} → {} ",
                        self.scenario.precision.label(),
                        scenario.precision.label()
                    );
                } else {
                    what = "the scenario ".into();
                }
                Undo::Whole(Box::new((
                    std::mem::replace(&mut self.scenario, scenario),
                    std::mem::replace(&mut self.loaded, loaded),
                )))
            }
        };
        let (to, left) = if back {
            self.redo.push(current);
            ("undone", self.undo.len())
        } else {
            self.undo.push(current);
            ("redone", self.redo.len())
        };
        self.say(
            format!("{to}: {what}· {left} more {}", if back { "z" } else { "Z" }),
            false,
        );
    }

    fn apply(&mut self, action: Action) {
        if !matches!(action, Action::EntryChar(_) | Action::Edit(_)) {
            self.notice = None;
        }
        let modified = self.modified();
        match (&mut self.mode, action) {
            (_, Action::ForceQuit) => self.running = false,
            (_, Action::Suspend | Action::BandsReady) => {}
            (_, Action::EndDrag) => self.drag = None,
            (Mode::Help(_), Action::Back | Action::ToggleHelp) => {
                self.help_filter.clear();
                self.mode = std::mem::replace(&mut *self.help_return, Mode::Normal);
            }
            (Mode::Help(scroll), Action::HelpScroll(d)) => {
                *scroll = (i64::from(*scroll) + i64::from(d)).clamp(0, i64::from(HELP_END)) as u16;
            }
            (Mode::Help(scroll), Action::HelpEnd) => *scroll = HELP_END,
            (Mode::Help(_), Action::StartHelpSearch) => {
                let before = self.help_filter.clone();
                self.mode = Mode::Prompt(Prompt {
                    fresh: false,
                    ..Prompt::new(PromptKind::HelpSearch { before }, self.help_filter.clone())
                });
            }
            (Mode::Help(_), _) => {}
            // `?` opens the help from any overlay, and goes back to it.
            (Mode::Prompt(_), Action::ToggleHelp) => {}
            (mode, Action::ToggleHelp) => {
                *self.help_return = std::mem::replace(mode, Mode::Help(0));
            }
            (Mode::Notices(scroll), Action::NoticesScroll(d)) => {
                let last = self.notices.len().saturating_sub(1) as i64;
                *scroll = (i64::from(*scroll) + i64::from(d)).clamp(0, last) as u16;
            }
            (Mode::Notices(_), Action::Back | Action::ShowNotices) => self.mode = Mode::Normal,
            (Mode::Notices(_), _) => {}
            (Mode::Explain(at), Action::ExplainMove(d)) => {
                let at = *at as i64;
                let last = self.topics().len().saturating_sub(1) as i64;
                self.mode = Mode::Explain((at + i64::from(d)).clamp(0, last) as usize);
            }
            (Mode::Explain(_), Action::Back | Action::ShowExplain) => self.mode = Mode::Normal,
            (Mode::Explain(_), _) => {}
            (Mode::ConfirmQuit, Action::Back) => self.mode = Mode::Normal,
            (Mode::ConfirmQuit, _) => {}
            (Mode::ConfirmLoad(p), Action::ConfirmLoad) => match *p {
                Pending::Picker(i) => {
                    self.mode = Mode::Normal;
                    self.load_scenario(i);
                }
                Pending::Run(i) => self.load_run(i),
            },
            (Mode::ConfirmLoad(Pending::Picker(i)), Action::Back) => {
                self.mode = Mode::Picker { selected: *i };
            }
            (Mode::ConfirmLoad(Pending::Run(i)), Action::Back) => self.mode = Mode::RunDetail(*i),
            (Mode::ConfirmLoad(_), _) => {}
            (Mode::Table, Action::SelectRun(i)) => self.select_run(i),
            (Mode::Table, a) => self.update_table(a),
            (Mode::RunDetail(_), Action::Back | Action::OpenDetail) => self.mode = Mode::Table,
            (Mode::RunDetail(i), Action::LoadRun) => {
                let i = *i;
                self.ask_load_run(i, modified);
            }
            (Mode::RunDetail(_), Action::TableMove(d)) => {
                self.update_table(Action::TableMove(d));
                self.update_table(Action::OpenDetail);
            }
            (Mode::RunDetail(_), Action::DetailScroll(d)) => {
                let to = i64::from(self.table.detail_scroll) + i64::from(d);
                self.table.detail_scroll = to.clamp(0, 200) as u16;
            }
            (Mode::RunDetail(_), _) => {}
            (Mode::Normal, Action::Quit) if modified => self.mode = Mode::ConfirmQuit,
            (_, Action::Quit) => self.running = false,
            (Mode::Prompt(p), a @ (Action::EntryChar(_) | Action::Edit(_))) => {
                p.edit(a);
                // The table and the picker filter as the text is typed.
                if matches!(p.kind, PromptKind::HelpSearch { .. }) {
                    self.help_filter = p.text.clone();
                }
                if matches!(p.kind, PromptKind::Filter { .. }) {
                    self.table.filter = p.text.clone();
                    self.table.selected = 0;
                    self.table.refresh(&self.evaluation, &self.catalog);
                }
                if let PromptKind::PickerFilter { selected, .. } = &mut p.kind {
                    self.picker.filter = p.text.clone();
                    self.picker.refresh(&self.catalog);
                    // The selection follows the search: the first match when it is hidden.
                    *selected = self.picker.moved(*selected, 0);
                }
            }
            (Mode::Prompt(p), Action::Back)
                if matches!(p.kind, PromptKind::PickerFilter { .. }) =>
            {
                if let PromptKind::PickerFilter { before, selected } = &p.kind {
                    let selected = *selected;
                    self.picker.filter = before.clone();
                    self.picker.refresh(&self.catalog);
                    self.mode = Mode::Picker { selected };
                }
            }
            (Mode::Prompt(p), Action::Back) if matches!(p.kind, PromptKind::HelpSearch { .. }) => {
                if let PromptKind::HelpSearch { before } = &p.kind {
                    self.help_filter = before.clone();
                }
                self.mode = Mode::Help(0);
            }
            (Mode::Prompt(p), Action::Back) if matches!(p.kind, PromptKind::Filter { .. }) => {
                if let PromptKind::Filter { before } = &p.kind {
                    self.table.filter = before.clone();
                }
                self.table.refresh(&self.evaluation, &self.catalog);
                self.mode = Mode::Table;
            }
            (Mode::Prompt(p), Action::EntrySubmit) => {
                let p = p.clone();
                self.submit(p);
            }
            (Mode::Prompt(_), Action::Back) => self.mode = Mode::Normal,
            (Mode::Prompt(_), _) => {}
            (Mode::Picker { selected }, Action::PickerMove(d)) => {
                *selected = self.picker.moved(*selected, i64::from(d));
                self.picker.scroll = 0;
            }
            (Mode::Picker { selected }, Action::PickerSelect(i)) => {
                if i < self.catalog.scenarios.len() + self.picker.runs.len() {
                    *selected = i;
                    self.picker.scroll = 0;
                }
            }
            (Mode::Picker { selected }, Action::PickerChoose) => {
                let i = *selected;
                if self.picker.rows.contains(&i) {
                    if modified {
                        self.mode = Mode::ConfirmLoad(Pending::Picker(i));
                    } else {
                        self.mode = Mode::Normal;
                        self.load_scenario(i);
                    }
                }
            }
            (Mode::Picker { selected }, Action::PinSelected) => {
                let i = *selected;
                if let Some(s) = self.picker_scenario(i) {
                    self.mode = Mode::Normal;
                    self.pin(s, None);
                }
            }
            (Mode::Picker { .. }, Action::PickerScroll(d)) => {
                self.picker.scroll =
                    (i64::from(self.picker.scroll) + i64::from(d)).clamp(0, 500) as u16;
            }
            (Mode::Picker { selected }, Action::StartFilter) => {
                let selected = *selected;
                let before = self.picker.filter.clone();
                let text = before.clone();
                self.mode = Mode::Prompt(Prompt {
                    fresh: false,
                    ..Prompt::new(PromptKind::PickerFilter { before, selected }, text)
                });
            }
            (Mode::Picker { selected }, Action::DeletePreset | Action::RenamePreset) => {
                let i = *selected;
                match self.catalog.scenarios.get(i) {
                    Some(ScenarioEntry {
                        origin: Origin::User(_),
                        scenario,
                    }) => {
                        if action == Action::DeletePreset {
                            self.mode = Mode::ConfirmDelete(i);
                        } else {
                            let name = scenario.name.clone();
                            self.mode = Mode::Prompt(Prompt::new(PromptKind::Rename(i), name));
                        }
                    }
                    _ => self.say(
                        "built-in presets cannot be deleted or renamed: only your own",
                        true,
                    ),
                }
            }
            (Mode::ConfirmDelete(i), Action::ConfirmDelete) => {
                let i = *i;
                self.delete_preset(i);
            }
            (Mode::ConfirmDelete(i), Action::Back) => {
                self.mode = Mode::Picker { selected: *i };
            }
            (Mode::ConfirmDelete(_), _) => {}
            (Mode::Tornado, Action::TornadoOutput(d)) => {
                let list = self.tornado_outputs();
                let now = self.tornado.as_ref().map(|t| t.output);
                let i = list.iter().position(|&o| Some(o) == now).unwrap_or(0) as i64;
                // Outputs this scenario does not compute (a cost without its rate) are passed.
                let n = list.len() as i64;
                let next = (1..n)
                    .map(|k| list[(i + k * i64::from(d.signum())).rem_euclid(n) as usize])
                    .find(|&o| {
                        crate::analysis::sensitivity::sensitivity(
                            &self.scenario,
                            &self.catalog,
                            &self.reference,
                            o,
                        )
                        .is_some()
                    });
                if let Some(next) = next {
                    self.open_tornado(next);
                }
            }
            (Mode::Tornado, Action::Back | Action::ShowTornado) => self.mode = Mode::Normal,
            (Mode::Tornado, _) => {}
            (Mode::Cards(_), Action::Back | Action::ShowCards) => self.mode = Mode::Normal,
            (Mode::Cards(top), Action::CardsScroll(d)) => {
                let n = self.cards.as_ref().map_or(0, |c| c.rows.len());
                let to = (*top as i64 + d as i64).clamp(0, n.saturating_sub(1) as i64);
                self.mode = Mode::Cards(to as u16);
            }
            (Mode::Cards(at), Action::ApplyCard) => {
                let at = usize::from(*at);
                self.apply_card(at);
            }
            (Mode::Cards(_), Action::CycleCostBasis) => {
                self.cost_basis = self.cost_basis.next();
                self.rank_cards();
            }
            (Mode::Cards(_), _) => {}
            (Mode::Picker { .. } | Mode::Problems | Mode::Info(_), Action::Back)
            | (Mode::Info(_), Action::ShowInfo)
            | (Mode::Picker { .. }, Action::OpenPicker)
            | (Mode::Problems, Action::ShowProblems) => self.mode = Mode::Normal,
            (Mode::Picker { .. } | Mode::Problems | Mode::Info(_), _) => {}
            (Mode::Normal, a) => self.update_normal(a),
        }
    }

    fn update_normal(&mut self, action: Action) {
        let f = self.focus;
        let current = self.inputs().get(f);
        match action {
            // Esc on the main screen only dismisses the notice (cleared above): it never quits.
            Action::Back => {}
            Action::FocusPrev => self.focus = neighbour(f, -1),
            Action::FocusNext => self.focus = neighbour(f, 1),
            Action::FocusFirst => self.focus = Field::ALL[0],
            Action::FocusLast => self.focus = Field::ALL[Field::ALL.len() - 1],
            Action::ShowNotices => {
                if self.notices.is_empty() {
                    self.say("no notices yet", false);
                } else {
                    self.mode = Mode::Notices(0);
                }
            }
            Action::ShowExplain => self.open_explain(None),
            Action::Explain(t) => self.open_explain(Some(t)),
            Action::Focus(g) => {
                self.focus = g;
                self.drag = None;
            }
            Action::Step(n) => self.nudge(f, |v| slider::step(f, v, n as f64)),
            Action::Coarse(n) => self.nudge(f, |v| slider::step(f, v, n as f64 * slider::COARSE)),
            Action::Decade(n) => self.nudge(f, |v| slider::decade(f, v, n as f64)),
            Action::ToMin | Action::ToMax => {
                let (v, end, key) = if action == Action::ToMin {
                    (slider::min(f), "minimum", "Home")
                } else {
                    (slider::max(f), "maximum", "End")
                };
                let before = self.scenario.inputs().get(f);
                self.set(f, v);
                if self.scenario.inputs().get(f) != before {
                    self.say(
                        format!(
                            "{} set to its {end}, {} ({key}) · z undoes",
                            f.name(),
                            crate::model::format::field_value(f, v)
                        ),
                        false,
                    );
                }
            }
            Action::SetTrack(g, t) => {
                self.focus = g;
                self.drag = Some(g);
                self.set(g, slider::from_t(g, t));
            }
            Action::Undo => self.travel(true),
            Action::Redo => self.travel(false),
            Action::ToggleTable => self.mode = Mode::Table,
            Action::ShowTornado => self.open_tornado(Output::TotalFlop),
            Action::ShowCards => {
                self.rank_cards();
                self.mode = Mode::Cards(0);
            }
            Action::TableMove(d) => {
                self.mode = Mode::Table;
                self.update_table(Action::TableMove(d));
            }
            Action::SelectRun(i) => self.select_run(i),
            Action::Wheel(g, n) => self.nudge(g, |v| slider::step(g, v, n as f64)),
            Action::StartEntry => {
                let text = current.map(|v| entry_text(f, v)).unwrap_or_default();
                self.mode = Mode::Prompt(Prompt::new(PromptKind::Value(f), text));
            }
            Action::CycleCostBasis => {
                self.cost_basis = self.cost_basis.next();
                self.say(format!("cost basis: {}", self.cost_basis.word()), false);
            }
            Action::Pin => self.pin(self.scenario.clone(), Some(self.evaluation.clone())),
            Action::Unpin => self.unpin(),
            Action::PagePins => self.page_pins(),
            Action::StartSave => {
                let name = match self.catalog.scenario(&self.loaded.name) {
                    Some(ScenarioEntry {
                        origin: Origin::User(_),
                        ..
                    }) => self.loaded.name.clone(),
                    _ => format!("{}-mine", self.loaded.name),
                };
                self.mode = Mode::Prompt(Prompt::new(PromptKind::Save { confirm: false }, name));
            }
            Action::StartGoal if !crate::model::solve::SOLVABLE.contains(&f) => self.say(
                format!(
                    "goal seek solves {}: select one of those (↑↓), not {}",
                    crate::model::solve::SOLVABLE
                        .map(|f| f.short_name())
                        .join(", "),
                    f.name()
                ),
                true,
            ),
            Action::StartGoal => {
                self.mode = Mode::Prompt(Prompt::new(
                    PromptKind::Goal {
                        field: f,
                        answer: None,
                    },
                    String::new(),
                ))
            }
            Action::StartRange => {
                let text = match self.scenario.sourced(f) {
                    Some(s) => match (s.low, s.high) {
                        (Some(lo), Some(hi)) => {
                            format!("{} .. {}", entry_text(f, lo), entry_text(f, hi))
                        }
                        _ => String::new(),
                    },
                    None => {
                        self.say(
                            format!("{} is not set: Enter sets it first", f.name()),
                            true,
                        );
                        return;
                    }
                };
                self.mode = Mode::Prompt(Prompt::new(PromptKind::Range(f), text));
            }
            Action::CopyScenario => {
                let line = crate::presets::scenario_string::encode(&self.scenario, &self.catalog);
                self.say(
                    format!("{line}  copied (OSC 52; some terminals disable it)"),
                    false,
                );
                self.clipboard = Some(line);
            }
            Action::Feasibility(k) => self.feasibility_key(k),
            Action::NextView => self.view = self.view.cycle(1),
            Action::PrevView => self.view = self.view.cycle(-1),
            Action::NextAccelerator => self.cycle_accelerator(1),
            Action::PrevAccelerator => self.cycle_accelerator(-1),
            Action::TogglePrecision => self.toggle_precision(),
            Action::CycleRecovery => {
                let next = self.scenario.recovery.next();
                self.scenario.set_recovery(next);
                self.say(
                    format!(
                        "recovery: {} ({}; restart {})",
                        next.key(),
                        next.about(),
                        crate::model::format::field_value(
                            Field::Restart,
                            self.scenario.restart_minutes.value
                        )
                    ),
                    false,
                );
            }
            Action::OpenPicker => {
                let selected = self
                    .catalog
                    .scenarios
                    .iter()
                    .position(|e| e.scenario.name == self.loaded.name)
                    .unwrap_or(0);
                self.picker.scroll = 0;
                let base = self.loaded.clone();
                self.picker.collect_runs(&self.catalog, &base);
                self.mode = Mode::Picker { selected };
            }
            Action::ResetField => self.reset_field(f),
            Action::ResetAll => {
                self.scenario = self.loaded.clone();
                self.say(format!("reset to {}", self.loaded.title), false);
            }
            Action::ShowInfo => self.mode = Mode::Info(f),
            Action::ShowProblems => {
                if self.catalog.problems.is_empty() && self.catalog.notices.is_empty() {
                    self.say("no preset problems", false);
                } else {
                    self.mode = Mode::Problems;
                }
            }
            Action::Quit
            | Action::ForceQuit
            | Action::ConfirmLoad
            | Action::TableHome
            | Action::HelpScroll(_)
            | Action::HelpEnd
            | Action::StartHelpSearch
            | Action::ToggleHelp
            | Action::NoticesScroll(_)
            | Action::ExplainMove(_)
            | Action::TableEnd
            | Action::CycleSort
            | Action::StartFilter
            | Action::OpenDetail
            | Action::EndDrag
            | Action::Suspend
            | Action::BandsReady
            | Action::EntryChar(_)
            | Action::Edit(_)
            | Action::EntrySubmit
            | Action::PickerMove(_)
            | Action::PickerChoose
            | Action::PickerScroll(_)
            | Action::LoadRun
            | Action::TornadoOutput(_)
            | Action::CardsScroll(_)
            | Action::ApplyCard
            | Action::DetailScroll(_)
            | Action::DeletePreset
            | Action::RenamePreset
            | Action::ConfirmDelete
            | Action::PinSelected
            | Action::PickerSelect(_) => {}
        }
    }

    /// Sets a value typed, clicked or stepped by the user (already range-checked or clamped).
    fn set(&mut self, f: Field, v: f64) {
        if !f.accepts(v) {
            return;
        }
        if self.scenario.restates(f, v) {
            return;
        }
        self.scenario.set_input(f, Sourced::user_set(v));
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
            Some(s) => self.scenario.set_input(f, s.clone()),
            None => self.scenario.clear_optional(f),
        }
    }

    fn load_scenario(&mut self, index: usize) {
        if let Some(e) = self.catalog.scenarios.get(index) {
            self.scenario = e.scenario.clone();
            self.loaded = e.scenario.clone();
            self.say(format!("loaded {}", e.scenario.title), false);
        } else if let Some(r) = self
            .picker
            .run(&self.catalog, self.catalog.scenarios.len(), index)
        {
            // A run's record, as `L` in the known runs loads it.
            let s = r.scenario;
            self.say(
                format!("loaded the run {}: {}", s.title, s.description),
                false,
            );
            self.loaded = s.clone();
            self.scenario = s;
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
        let kept = self.scenario.use_card(&card);
        let text = if kept.is_empty() {
            format!("accelerator: {}", card.name)
        } else {
            format!("accelerator: {} ({})", card.name, kept.join("; "))
        };
        self.say(text, !kept.is_empty());
    }

    /// Makes row `at` of the cards ranking the scenario's card, with the GPUs it needs for the
    /// same FLOP in the same days; back to the main screen.
    fn apply_card(&mut self, at: usize) {
        let Some(row) = self.cards.as_ref().and_then(|c| c.rows.get(at)).cloned() else {
            return;
        };
        let Some(card) = self.catalog.accelerator(&row.id).cloned() else {
            return;
        };
        let gpus = row.gpus.ceil();
        if !row.gpus.is_finite() || !Field::Gpus.accepts(gpus) {
            self.say(
                format!(
                    "{}: no GPU count does this run ({})",
                    card.name,
                    row.note.unwrap_or_default()
                ),
                true,
            );
            return;
        }
        let kept = self.scenario.use_card(&card);
        self.scenario
            .set_input(Field::Gpus, Sourced::user_set(gpus));
        self.mode = Mode::Normal;
        let kept = if kept.is_empty() {
            String::new()
        } else {
            format!(" ({})", kept.join("; "))
        };
        self.say(
            format!(
                "card: {}, {} GPUs for the same FLOP in the same days{kept} · z undoes",
                card.name,
                crate::model::format::field_value(Field::Gpus, gpus)
            ),
            false,
        );
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
        self.say(
            format!("peak: {} dense {}", card.name, card.peak_label(p)),
            false,
        );
    }

    fn say(&mut self, text: impl Into<String>, warning: bool) {
        let n = Notice {
            text: text.into(),
            warning,
        };
        self.notices.push(n.clone());
        if self.notices.len() > MAX_NOTICES {
            self.notices.remove(0);
        }
        self.notice = Some(n);
    }
}

/// What an evaluation is computed from, to tell whether an action changed it: the inputs, their
/// ranges and which have no sourced value, the precision, and a hash of the texts (card, name,
/// title), so that no text is copied on a keypress.
#[derive(PartialEq)]
struct EvaluatedFrom {
    inputs: Inputs,
    ranges: [Option<(f64, f64)>; Field::ALL.len()],
    missing: [bool; Field::ALL.len()],
    precision: Precision,
    texts: u64,
}

impl EvaluatedFrom {
    fn of(s: &Scenario) -> EvaluatedFrom {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (&s.accelerator, &s.name, &s.title).hash(&mut h);
        EvaluatedFrom {
            inputs: s.inputs(),
            ranges: Field::ALL.map(|f| s.sourced(f).and_then(|v| Some((v.low?, v.high?)))),
            missing: Field::ALL.map(|f| s.sourced(f).is_some_and(|v| v.status == Status::Missing)),
            precision: s.precision,
            texts: h.finish(),
        }
    }
}

/// The field above or below, wrapping around.
fn neighbour(f: Field, dir: i64) -> Field {
    let n = Field::ALL.len() as i64;
    let i = Field::ALL.iter().position(|&g| g == f).unwrap_or(0) as i64;
    Field::ALL[(i + dir).rem_euclid(n) as usize]
}
