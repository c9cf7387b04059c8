//! Everything a user can do, whatever key or gesture triggered it, and the modes that decide
//! what a key means.

use super::{Field, GoalAnswer, InputRequest, Prompt, Topic};

/// Everything a user can do, whatever key or mouse gesture triggered it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Action {
    /// `q`: quit, asking first when the scenario has unsaved changes.
    Quit,
    /// Ctrl-C, or `y` when asked: quit at once.
    ForceQuit,
    /// `y` when asked: load the preset or run over unsaved edits.
    ConfirmLoad,
    /// `z` / `Z`: undo / redo the last change of the inputs.
    Undo,
    Redo,
    /// The mouse button was released: a drag ends.
    EndDrag,
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
    /// An edit of the prompt's text: cursor moves, deletes (`tui-input`'s requests).
    Edit(InputRequest),
    EntrySubmit,
    /// Esc: leaves entry or an overlay, or dismisses a notice (never quits).
    Back,
    NextAccelerator,
    PrevAccelerator,
    TogglePrecision,
    /// Cycles how the run recovers from failures: sync → fault-tolerant → in-memory.
    CycleRecovery,
    OpenPicker,
    PickerMove(i32),
    PickerChoose,
    /// Mouse on a picker row.
    PickerSelect(usize),
    ResetField,
    ResetAll,
    ToggleHelp,
    ShowProblems,
    /// `$`: next cost basis (GPUs, cluster, rent, amortized).
    CycleCostBasis,
    /// `c`: pin the live scenario as the next comparison column (B, C, …).
    Pin,
    /// `X`: unpin the last pinned column.
    Unpin,
    /// `b`: a compare panel too narrow for every pin shows them from the next one.
    PagePins,
    /// `c` in the picker: pin the selected preset, saved file or known run as the next column.
    PinSelected,
    /// `s`: save the scenario as a user preset (asks for a name).
    StartSave,
    /// `g`: goal seek for the focused input.
    StartGoal,
    /// `u`: edit the focused input's uncertainty range.
    StartRange,
    /// Tab: the next lower view (ruler → timeline → limits).
    NextView,
    /// Shift+Tab: the previous one.
    PrevView,
    /// Ctrl-Z: suspend to the shell. The terminal loop does it; the state does not change.
    Suspend,
    /// Bands a worker posted in [`App::bands_inbox`] are ready: the evaluation takes those of
    /// the scenario it shows (no key; the terminal loop sends it).
    BandsReady,
    /// `t`: browse the known-runs table (and back).
    ToggleTable,
    /// Move the table's selection by rows (PgUp/PgDn move a page).
    TableMove(i32),
    TableHome,
    TableEnd,
    /// `o`: next sort order of the table.
    CycleSort,
    /// `/`: filter the table by name, organisation or hardware.
    StartFilter,
    /// Enter in the table: the selected run's detail.
    OpenDetail,
    /// A milestone clicked on the ruler (index into the evaluation's milestones): select it in
    /// the table and show its detail.
    SelectRun(usize),
    /// `i`: what the focused input means and where its value comes from.
    ShowInfo,
    /// Scroll the preset picker's description pane.
    PickerScroll(i32),
    /// `w`: which input matters most (a tornado of one output); ←→ another output.
    ShowTornado,
    /// `L` in the known runs: the selected run's record as the scenario.
    LoadRun,
    TornadoOutput(i32),
    /// Scroll a run's detail by lines.
    DetailScroll(i32),
    /// `C`: every catalog card on this run, cheapest first.
    ShowCards,
    /// Move the cards overlay's selection by rows.
    CardsScroll(i32),
    /// Enter in the cards overlay: the selected card, with the GPUs it needs, as the scenario's.
    ApplyCard,
    /// `d` / `n` in the picker: delete / rename the selected user preset (asks first).
    DeletePreset,
    RenamePreset,
    /// `y` when asked: delete the preset.
    ConfirmDelete,
    /// Scroll the help by lines.
    HelpScroll(i32),
    /// Help: to its last line.
    HelpEnd,
    /// `/` in the help: show only the entries that hold a word.
    StartHelpSearch,
    /// First / last input (PgUp / PgDn on the main screen).
    FocusFirst,
    FocusLast,
    /// `N`: the notices log, the last messages in full.
    ShowNotices,
    /// Scroll the notices log by lines.
    NoticesScroll(i32),
    /// `e`: every result, limit and feasibility band, each with its full text, formula, inputs
    /// and sources.
    ShowExplain,
    /// Move the selection among them.
    ExplainMove(i32),
    /// A click on a result or limit row: its explanation.
    Explain(Topic),
    /// `y`: copy the scenario's one-line form. The state records it in
    /// [`App::clipboard`]; the terminal loop sends it (OSC 52).
    CopyScenario,
    /// A key of the Feasibility view: its year and assumptions.
    Feasibility(super::feasibility::FeasibilityKey),
}

/// What has the keyboard: the main screen, typed entry, or an overlay. [`ModeKind`] names each
/// mode without its state, so that key tables and footers are listed by mode and a new mode
/// does not compile until it has its table.
#[derive(Clone, Debug, PartialEq, strum::EnumDiscriminants)]
#[strum_discriminants(name(ModeKind), derive(strum::VariantArray, strum::EnumCount))]
pub enum Mode {
    Normal,
    /// A one-line prompt: an exact value, a file name, …
    Prompt(Prompt),
    /// The help, scrolled down this many lines.
    Help(u16),
    /// What the focused input means, where its value comes from.
    Info(Field),
    Picker {
        selected: usize,
    },
    Problems,
    /// "Quit without saving? y/n" (the scenario has unsaved changes).
    ConfirmQuit,
    /// "Load … over unsaved changes? y/n": what waits for the answer.
    ConfirmLoad(Pending),
    /// Browsing the known-runs table.
    Table,
    /// One known run in detail (index into the evaluation's milestones).
    RunDetail(usize),
    /// "Delete your preset …? y/n" (index into the catalog's scenarios).
    ConfirmDelete(usize),
    /// Which input matters most for one output (the tornado is in `App::tornado`).
    Tornado,
    /// Every card on this run (the ranking is in `App::cards`), this row selected.
    Cards(u16),
    /// The notices log, scrolled this many lines.
    Notices(u16),
    /// One result, limit or band explained: its index in [`App::topics`].
    Explain(usize),
}

/// A load that would replace unsaved edits, waiting for `y`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pending {
    /// Row `i` of the preset picker (a preset, or a known run after the presets).
    Picker(usize),
    /// Known run `i` of the evaluation's milestones (`L` in the table or its detail).
    Run(usize),
}

/// What a prompt is asking for.
#[derive(Clone, Debug, PartialEq)]
pub enum PromptKind {
    /// An exact value for a field.
    Value(Field),
    /// A name to save the scenario under; `confirm` while an existing file waits for `y`.
    Save { confirm: bool },
    /// A goal to solve the focused input for; `answer` holds the text it was solved for and the
    /// answer, so a second Enter on unchanged text applies it.
    Goal {
        field: Field,
        answer: Option<GoalAnswer>,
    },
    /// A low–high range for the Monte Carlo band of one input.
    Range(Field),
    /// Text that filters the known-runs table as it is typed; `before` is restored by Esc.
    Filter { before: String },
    /// Text that filters the preset picker as it is typed (the picker stays open).
    PickerFilter { before: String, selected: usize },
    /// A new name for the user preset at this index of the catalog's scenarios.
    Rename(usize),
    /// Words the help shows the entries of, as typed; `before` is restored by Esc.
    HelpSearch { before: String },
}
