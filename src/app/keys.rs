//! Key bindings as data: one table per mode says which key does what, in words for the help
//! overlay and as a hint for the footer. Key handling, the help overlay, the footer and the
//! README's key table (checked by a test) are all generated from these tables, so they cannot
//! disagree. Adding a key is one entry here and, for a new action, one arm in `App::update`.

use crate::app::feasibility::FeasibilityKey as FK;
use crate::app::{Action, Mode, ModeKind, View};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_input::InputRequest;

/// A key as it is matched and shown.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Key {
    /// A key without Ctrl or Alt. Characters match whatever Shift says (terminals report
    /// Shift+h as 'H'); other keys match only without Shift.
    Plain(KeyCode),
    /// A non-character key with Shift held (Shift+←).
    Shift(KeyCode),
    /// A character with Ctrl held (Ctrl-C).
    Ctrl(char),
    /// Any printable character: typing into a prompt. Its action gets the character.
    AnyChar,
}

use Key::{AnyChar, Ctrl, Plain, Shift};

const fn ch(c: char) -> Key {
    Plain(KeyCode::Char(c))
}

impl Key {
    /// The key as the help, the footer and the README write it.
    pub fn name(self) -> String {
        let code = |c: KeyCode| -> String {
            match c {
                KeyCode::Up => "↑".into(),
                KeyCode::Down => "↓".into(),
                KeyCode::Left => "←".into(),
                KeyCode::Right => "→".into(),
                KeyCode::Home => "Home".into(),
                KeyCode::End => "End".into(),
                KeyCode::PageUp => "PgUp".into(),
                KeyCode::PageDown => "PgDn".into(),
                KeyCode::Enter => "Enter".into(),
                KeyCode::Esc => "Esc".into(),
                KeyCode::Tab => "Tab".into(),
                KeyCode::BackTab => "⇧Tab".into(),
                KeyCode::Backspace => "Backspace".into(),
                KeyCode::Delete => "Del".into(),
                KeyCode::Char(c) => c.to_string(),
                other => format!("{other:?}"),
            }
        };
        match self {
            Plain(c) => code(c),
            Shift(c) => format!("⇧{}", code(c)),
            Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
            AnyChar => "text".into(),
        }
    }

    /// The event a terminal sends for this key ('x' stands for any typed character).
    pub fn event(self) -> KeyEvent {
        match self {
            Plain(c) => KeyEvent::new(c, KeyModifiers::NONE),
            Shift(c) => KeyEvent::new(c, KeyModifiers::SHIFT),
            Ctrl(c) => KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL),
            AnyChar => KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE),
        }
    }

    fn matches(self, k: &KeyEvent) -> bool {
        let ctrl = k
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        let shift = k.modifiers.contains(KeyModifiers::SHIFT);
        match self {
            Plain(KeyCode::Char(c)) => !ctrl && k.code == KeyCode::Char(c),
            // Terminals send Shift+Tab as BackTab, with or without the Shift flag.
            Plain(KeyCode::BackTab) => !ctrl && k.code == KeyCode::BackTab,
            Plain(code) => !ctrl && !shift && k.code == code,
            Shift(code) => !ctrl && shift && k.code == code,
            Ctrl(c) => {
                k.modifiers.contains(KeyModifiers::CONTROL)
                    && matches!(k.code, KeyCode::Char(x) if x.eq_ignore_ascii_case(&c))
            }
            AnyChar => !ctrl && matches!(k.code, KeyCode::Char(c) if !c.is_control()),
        }
    }
}

/// Where a binding shows in the footer.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Hint {
    /// Only in the help.
    None,
    /// Shown by rank (lowest first) while the width allows.
    Ranked(u8, &'static str),
    /// Always shown, at the end: the way to every other key, and out.
    Always(&'static str),
}

/// One row of the help: keys and what each does, and the words for it.
#[derive(Clone, Copy, Debug)]
pub struct Binding {
    /// Keys and their actions (a row can pair opposites: ↑ selects above, ↓ below).
    pub keys: &'static [(Key, Action)],
    pub help: &'static str,
    pub hint: Hint,
}

impl Binding {
    /// The keys as the footer shows them: the first key of each action, "↑↓", "Enter".
    pub fn hint_keys(&self) -> String {
        let mut firsts: Vec<(Action, String)> = Vec::new();
        for &(k, a) in self.keys {
            if !firsts.iter().any(|(b, _)| *b == a) {
                firsts.push((a, k.name()));
            }
        }
        let names: Vec<String> = firsts.into_iter().map(|(_, n)| n).collect();
        // Arrows read as a pair ("↑↓ select"), letters as alternatives ("a/A card"), longer
        // names one by one ("Tab ⇧Tab").
        let arrows = names
            .iter()
            .all(|n| matches!(n.as_str(), "↑" | "↓" | "←" | "→"));
        let sep = if arrows {
            ""
        } else if names.iter().all(|n| n.chars().count() == 1) {
            "/"
        } else {
            " "
        };
        names.join(sep)
    }

    /// The keys as one label: "↑ ↓ k j".
    pub fn label(&self) -> String {
        let mut names: Vec<String> = self.keys.iter().map(|(k, _)| k.name()).collect();
        names.dedup();
        names.join(" ")
    }
}

const fn b(keys: &'static [(Key, Action)], help: &'static str, hint: Hint) -> Binding {
    Binding { keys, help, hint }
}

use Action as A;
use Hint::{Always, Ranked};

/// Keys that act the same in every mode.
pub const GLOBAL: &[Binding] = &[
    b(
        &[(Ctrl('c'), A::ForceQuit)],
        "quit at once, from anywhere (unsaved changes are lost)",
        Hint::None,
    ),
    b(
        &[(Ctrl('z'), A::Suspend)],
        "suspend to the shell; fg resumes",
        Hint::None,
    ),
];

/// The main screen.
pub const NORMAL: &[Binding] = &[
    b(
        &[
            (Plain(KeyCode::Up), A::FocusPrev),
            (Plain(KeyCode::Down), A::FocusNext),
            (ch('k'), A::FocusPrev),
            (ch('j'), A::FocusNext),
        ],
        "select an input",
        Ranked(0, "select"),
    ),
    b(
        &[
            (Plain(KeyCode::Left), A::Step(-1)),
            (Plain(KeyCode::Right), A::Step(1)),
            (ch('h'), A::Step(-1)),
            (ch('l'), A::Step(1)),
        ],
        "step the value on a fixed grid: log inputs 20 readable values a decade, linear one step",
        Ranked(1, "adjust"),
    ),
    b(
        &[
            (Shift(KeyCode::Left), A::Coarse(-1)),
            (Shift(KeyCode::Right), A::Coarse(1)),
            (ch('H'), A::Coarse(-1)),
            (ch('L'), A::Coarse(1)),
        ],
        "coarse step (five steps)",
        Hint::None,
    ),
    b(
        &[(ch('['), A::Decade(-1)), (ch(']'), A::Decade(1))],
        "one decade down / up (linear inputs: a tenth of the range)",
        Hint::None,
    ),
    b(
        &[
            (Plain(KeyCode::Home), A::ToMin),
            (Plain(KeyCode::End), A::ToMax),
        ],
        "set the input to its minimum / maximum (the notice says so; z undoes it)",
        Hint::None,
    ),
    b(
        &[
            (Plain(KeyCode::PageUp), A::FocusFirst),
            (Plain(KeyCode::PageDown), A::FocusLast),
        ],
        "select the first / last input",
        Hint::None,
    ),
    b(
        &[
            (Plain(KeyCode::Enter), A::StartEntry),
            (ch('='), A::StartEntry),
        ],
        "type an exact value: 350k, 3.5e5, 1.2M, 40%",
        Ranked(2, "type"),
    ),
    b(
        &[(ch('a'), A::NextAccelerator), (ch('A'), A::PrevAccelerator)],
        "next / previous accelerator (sets peak, price, watts; keeps the GPU count)",
        Ranked(6, "card"),
    ),
    b(
        &[(ch('f'), A::TogglePrecision)],
        "toggle the BF16 / FP8 dense peak",
        Hint::None,
    ),
    b(
        &[(ch('F'), A::CycleRecovery)],
        "recovery from failures: sync (restart from the last checkpoint) → fault-tolerant (FT-HSDP) → in-memory; sets the mode's restart",
        Hint::None,
    ),
    b(
        &[(ch('p'), A::OpenPicker)],
        "preset picker: built-in and your own scenarios, then the known runs as scenarios",
        Ranked(7, "presets"),
    ),
    b(
        &[(ch('r'), A::ResetField), (ch('R'), A::ResetAll)],
        "reset the focused input / the whole scenario",
        Hint::None,
    ),
    b(
        &[(ch('z'), A::Undo), (ch('Z'), A::Redo)],
        "undo / redo the last change of the inputs",
        Hint::None,
    ),
    b(
        &[(ch('g'), A::StartGoal)],
        "goal seek for the focused input: 1e27 (FLOP), 10x llama-3.1-405b, 1e27 useful (after failures), 10T params, $5B (on the cost basis shown), 1GW or 90% goodput",
        Ranked(3, "goal"),
    ),
    b(
        &[(ch('c'), A::Pin)],
        "compare: pin the scenario as the next column (B, then C, D, E) beside the live one, A (with B alone: A/B, A−B of every output); c in p pins a preset, saved file or known run",
        Ranked(4, "compare"),
    ),
    b(
        &[(ch('X'), A::Unpin)],
        "unpin the last pinned column (the comparison closes with the last)",
        Hint::None,
    ),
    b(
        &[(ch('b'), A::PagePins)],
        "compare: where the panel is too narrow for every pin, show the next (its title names the pins b shows)",
        Hint::None,
    ),
    b(
        &[(ch('u'), A::StartRange)],
        "uncertainty range of the focused input (low .. high, e.g. 25k .. 30k for GPUs): 5–95 % bands",
        Hint::None,
    ),
    b(
        &[(ch('$'), A::CycleCostBasis)],
        "cost basis: GPUs → cluster → rent → amortized cluster → Epoch amortized",
        Hint::None,
    ),
    b(
        &[(ch('s'), A::StartSave)],
        "save the scenario as a user preset (never replaces a file without y)",
        Ranked(8, "save"),
    ),
    b(
        &[
            (Plain(KeyCode::Tab), A::NextView),
            (Plain(KeyCode::BackTab), A::PrevView),
        ],
        "lower view: milestone ruler → frontier timeline → limits → feasibility (Shift+Tab back)",
        Ranked(5, "timeline"),
    ),
    b(
        &[(ch('t'), A::ToggleTable)],
        "browse the known runs: scroll, sort, filter, details",
        Ranked(6, "runs"),
    ),
    b(
        &[(ch('y'), A::CopyScenario)],
        "copy the scenario as one line (agi1:CARD;input=value) by OSC 52; some terminals disable it",
        Hint::None,
    ),
    b(
        &[(ch('w'), A::ShowTornado)],
        "which input matters most: a tornado of training FLOP, useful FLOP, goodput, the cost, power and more",
        Hint::None,
    ),
    b(
        &[(ch('C'), A::ShowCards)],
        "every catalog card on this run: the GPUs, cost, power and price each needs, cheapest first",
        Hint::None,
    ),
    b(
        &[(ch('!'), A::ShowProblems)],
        "preset files that could not be loaded",
        Hint::None,
    ),
    b(
        &[(ch('i'), A::ShowInfo)],
        "what the focused input means, its formula and its full source",
        Ranked(9, "info"),
    ),
    b(
        &[(ch('e'), A::ShowExplain)],
        "explain the results: every output, limit and feasibility band in full, with its formula, inputs and sources (clicking a result or limit row opens it)",
        Ranked(10, "explain"),
    ),
    b(
        &[(ch('N'), A::ShowNotices)],
        "the notices log: the last messages in full, newest first",
        Hint::None,
    ),
    b(
        &[(ch('?'), A::ToggleHelp)],
        "this help: every key, and a glossary",
        Always("help"),
    ),
    b(
        &[(ch('q'), A::Quit)],
        "quit (asks first if the scenario has unsaved changes; Esc never quits)",
        Always("quit"),
    ),
    b(
        &[(Plain(KeyCode::Esc), A::Back)],
        "close the overlay, prompt or notice",
        Hint::None,
    ),
];

/// The Feasibility view's keys, on the main screen while the view shows (none of them is a key
/// of the main screen).
pub const FEASIBILITY: &[Binding] = &[
    b(
        &[
            (ch('<'), A::Feasibility(FK::Year(-1))),
            (ch('>'), A::Feasibility(FK::Year(1))),
        ],
        "Feasibility view: the year described below the chart, earlier / later (its largest feasible run's cluster cost)",
        Hint::None,
    ),
    b(
        &[(ch('v'), A::Feasibility(FK::NextKnob))],
        "Feasibility view: the assumption - and + move: largest campus → one developer's share → one run's share",
        Hint::None,
    ),
    b(
        &[
            (ch('-'), A::Feasibility(FK::Move(-1))),
            (ch('+'), A::Feasibility(FK::Move(1))),
        ],
        "Feasibility view: that assumption a step down / up, fixed in every draw and year (the run's length is the Days input)",
        Hint::None,
    ),
    b(
        &[(ch('x'), A::Feasibility(FK::Published))],
        "Feasibility view: every assumption back to the published distributions",
        Hint::None,
    ),
];

/// A one-line prompt: a value, a range, a goal, a name.
pub const PROMPT: &[Binding] = &[
    b(
        &[(Plain(KeyCode::Enter), A::EntrySubmit)],
        "apply",
        Ranked(0, "apply"),
    ),
    b(
        &[(Plain(KeyCode::Esc), A::Back)],
        "cancel",
        Ranked(1, "cancel"),
    ),
    b(
        &[
            (Plain(KeyCode::Left), A::Edit(InputRequest::GoToPrevChar)),
            (Plain(KeyCode::Right), A::Edit(InputRequest::GoToNextChar)),
            (Plain(KeyCode::Home), A::Edit(InputRequest::GoToStart)),
            (Plain(KeyCode::End), A::Edit(InputRequest::GoToEnd)),
        ],
        "move the cursor (the pre-filled value is selected: typing replaces it)",
        Hint::None,
    ),
    b(
        &[
            (
                Plain(KeyCode::Backspace),
                A::Edit(InputRequest::DeletePrevChar),
            ),
            (
                Plain(KeyCode::Delete),
                A::Edit(InputRequest::DeleteNextChar),
            ),
        ],
        "delete a character before / after the cursor",
        Hint::None,
    ),
    b(
        &[(Ctrl('w'), A::Edit(InputRequest::DeletePrevWord))],
        "delete the word before the cursor",
        Hint::None,
    ),
    b(
        &[(Ctrl('u'), A::Edit(InputRequest::DeleteLine))],
        "clear",
        Ranked(2, "clear"),
    ),
    b(&[(AnyChar, A::EntryChar(' '))], "type", Hint::None),
];

/// The help overlay.
pub const HELP: &[Binding] = &[
    b(
        &[
            (Plain(KeyCode::Up), A::HelpScroll(-1)),
            (Plain(KeyCode::Down), A::HelpScroll(1)),
            (ch('k'), A::HelpScroll(-1)),
            (ch('j'), A::HelpScroll(1)),
            (Plain(KeyCode::PageUp), A::HelpScroll(-10)),
            (Plain(KeyCode::PageDown), A::HelpScroll(10)),
        ],
        "scroll the help (the wheel too)",
        Ranked(0, "scroll"),
    ),
    b(
        &[
            (
                Plain(KeyCode::Home),
                A::HelpScroll(-(crate::app::HELP_END as i32)),
            ),
            (Plain(KeyCode::End), A::HelpEnd),
        ],
        "top / end of the help",
        Ranked(1, "top/end"),
    ),
    b(
        &[(ch('/'), A::StartHelpSearch)],
        "show only the entries that hold a word (Esc restores)",
        Ranked(2, "search"),
    ),
    b(
        &[
            (Plain(KeyCode::Esc), A::Back),
            (ch('?'), A::Back),
            (Plain(KeyCode::Enter), A::Back),
            (ch('q'), A::Back),
        ],
        "close the help, back to where it was opened",
        Ranked(3, "close"),
    ),
];

/// `?` in an overlay: the help, and back.
const HELP_KEY: Binding = b(&[(ch('?'), A::ToggleHelp)], "this help", Always("help"));

/// The notices log (`N`).
pub const NOTICES: &[Binding] = &[
    b(
        &[
            (Plain(KeyCode::Up), A::NoticesScroll(-1)),
            (Plain(KeyCode::Down), A::NoticesScroll(1)),
            (ch('k'), A::NoticesScroll(-1)),
            (ch('j'), A::NoticesScroll(1)),
            (Plain(KeyCode::PageUp), A::NoticesScroll(-10)),
            (Plain(KeyCode::PageDown), A::NoticesScroll(10)),
        ],
        "scroll to older / newer notices",
        Ranked(0, "scroll"),
    ),
    b(
        &[
            (Plain(KeyCode::Esc), A::Back),
            (ch('N'), A::Back),
            (ch('q'), A::Back),
        ],
        "close",
        Ranked(1, "close"),
    ),
    HELP_KEY,
];

/// The explanation of the results (`e`).
pub const EXPLAIN: &[Binding] = &[
    b(
        &[
            (Plain(KeyCode::Up), A::ExplainMove(-1)),
            (Plain(KeyCode::Down), A::ExplainMove(1)),
            (ch('k'), A::ExplainMove(-1)),
            (ch('j'), A::ExplainMove(1)),
            (Plain(KeyCode::PageUp), A::ExplainMove(-10)),
            (Plain(KeyCode::PageDown), A::ExplainMove(10)),
        ],
        "another result, limit or band",
        Ranked(0, "choose"),
    ),
    b(
        &[
            (Plain(KeyCode::Home), A::ExplainMove(-10_000)),
            (Plain(KeyCode::End), A::ExplainMove(10_000)),
        ],
        "the first / last of them",
        Hint::None,
    ),
    b(
        &[
            (Plain(KeyCode::Esc), A::Back),
            (ch('e'), A::Back),
            (Plain(KeyCode::Enter), A::Back),
            (ch('q'), A::Back),
        ],
        "close",
        Ranked(1, "close"),
    ),
    HELP_KEY,
];

/// The info pane of one input.
pub const INFO: &[Binding] = &[
    b(
        &[
            (Plain(KeyCode::Esc), A::Back),
            (ch('i'), A::Back),
            (Plain(KeyCode::Enter), A::Back),
            (ch('q'), A::Back),
        ],
        "close",
        Ranked(0, "close"),
    ),
    HELP_KEY,
];

/// The preset picker.
pub const PICKER: &[Binding] = &[
    b(
        &[
            (Plain(KeyCode::Up), A::PickerMove(-1)),
            (Plain(KeyCode::Down), A::PickerMove(1)),
            (ch('k'), A::PickerMove(-1)),
            (ch('j'), A::PickerMove(1)),
        ],
        "choose a preset",
        Ranked(0, "choose"),
    ),
    b(
        &[
            (Plain(KeyCode::Home), A::PickerMove(-10_000)),
            (Plain(KeyCode::End), A::PickerMove(10_000)),
        ],
        "first / last preset",
        Hint::None,
    ),
    b(
        &[(Plain(KeyCode::Enter), A::PickerChoose)],
        "load it (or click it twice)",
        Ranked(1, "load"),
    ),
    b(
        &[(ch('/'), A::StartFilter)],
        "search names, titles and descriptions",
        Ranked(2, "search"),
    ),
    b(
        &[
            (Plain(KeyCode::PageUp), A::PickerScroll(-5)),
            (Plain(KeyCode::PageDown), A::PickerScroll(5)),
        ],
        "scroll the description and sources",
        Ranked(3, "scroll"),
    ),
    b(
        &[(ch('c'), A::PinSelected)],
        "pin it as the next comparison column beside the live scenario, without loading it",
        Ranked(6, "pin"),
    ),
    b(
        &[(ch('d'), A::DeletePreset), (ch('n'), A::RenamePreset)],
        "delete / rename your own preset (a built-in it replaced comes back)",
        Ranked(4, "delete/rename"),
    ),
    b(
        &[
            (Plain(KeyCode::Esc), A::Back),
            (ch('p'), A::Back),
            (ch('q'), A::Back),
        ],
        "close the picker",
        Ranked(5, "close"),
    ),
    HELP_KEY,
];

/// The tornado.
pub const TORNADO: &[Binding] = &[
    b(
        &[
            (Plain(KeyCode::Left), A::TornadoOutput(-1)),
            (Plain(KeyCode::Right), A::TornadoOutput(1)),
            (ch('h'), A::TornadoOutput(-1)),
            (ch('l'), A::TornadoOutput(1)),
        ],
        "another output",
        Ranked(0, "output"),
    ),
    b(
        &[
            (Plain(KeyCode::Esc), A::Back),
            (ch('w'), A::Back),
            (ch('q'), A::Back),
        ],
        "close",
        Ranked(1, "close"),
    ),
    HELP_KEY,
];

/// The cards ranking (`C`).
pub const CARDS: &[Binding] = &[
    b(
        &[
            (Plain(KeyCode::Up), A::CardsScroll(-1)),
            (Plain(KeyCode::Down), A::CardsScroll(1)),
            (ch('k'), A::CardsScroll(-1)),
            (ch('j'), A::CardsScroll(1)),
            (Plain(KeyCode::PageUp), A::CardsScroll(-10)),
            (Plain(KeyCode::PageDown), A::CardsScroll(10)),
        ],
        "select a card",
        Ranked(0, "select"),
    ),
    b(
        &[(Plain(KeyCode::Enter), A::ApplyCard)],
        "use the selected card, with the GPUs it needs for this run (one undo step: z)",
        Ranked(1, "use"),
    ),
    b(
        &[(ch('$'), A::CycleCostBasis)],
        "rank on the next cost basis",
        Ranked(1, "basis"),
    ),
    b(
        &[
            (Plain(KeyCode::Esc), A::Back),
            (ch('C'), A::Back),
            (ch('q'), A::Back),
        ],
        "close",
        Ranked(2, "close"),
    ),
    HELP_KEY,
];

/// "Delete your preset?"
pub const CONFIRM_DELETE: &[Binding] = &[
    b(
        &[(ch('y'), A::ConfirmDelete)],
        "delete the file",
        Ranked(0, "delete"),
    ),
    b(
        &[
            (ch('n'), A::Back),
            (Plain(KeyCode::Esc), A::Back),
            (ch('q'), A::Back),
        ],
        "keep it",
        Ranked(1, "keep"),
    ),
    HELP_KEY,
];

/// The preset-problems overlay.
pub const PROBLEMS: &[Binding] = &[
    b(
        &[
            (Plain(KeyCode::Esc), A::Back),
            (Plain(KeyCode::Enter), A::Back),
            (ch('!'), A::Back),
            (ch('q'), A::Back),
        ],
        "close the list",
        Ranked(0, "close"),
    ),
    HELP_KEY,
];

/// "Quit without saving?"
pub const CONFIRM_QUIT: &[Binding] = &[
    b(
        &[(ch('y'), A::ForceQuit)],
        "quit without saving",
        Ranked(0, "quit without saving"),
    ),
    b(
        &[
            (ch('n'), A::Back),
            (Plain(KeyCode::Esc), A::Back),
            (ch('q'), A::Back),
        ],
        "stay",
        Ranked(1, "stay"),
    ),
    HELP_KEY,
];

/// "Load … over unsaved changes?"
pub const CONFIRM_LOAD: &[Binding] = &[
    b(
        &[(ch('y'), A::ConfirmLoad)],
        "load, losing the changes",
        Ranked(0, "load"),
    ),
    b(
        &[
            (ch('n'), A::Back),
            (Plain(KeyCode::Esc), A::Back),
            (ch('q'), A::Back),
        ],
        "keep the changes",
        Ranked(1, "keep"),
    ),
    HELP_KEY,
];

/// Browsing the known-runs table.
pub const TABLE: &[Binding] = &[
    b(
        &[
            (Plain(KeyCode::Up), A::TableMove(-1)),
            (Plain(KeyCode::Down), A::TableMove(1)),
            (ch('k'), A::TableMove(-1)),
            (ch('j'), A::TableMove(1)),
        ],
        "select a run",
        Ranked(0, "select"),
    ),
    b(
        &[
            (Plain(KeyCode::PageUp), A::TableMove(-10)),
            (Plain(KeyCode::PageDown), A::TableMove(10)),
        ],
        "ten runs up / down",
        Hint::None,
    ),
    b(
        &[
            (Plain(KeyCode::Home), A::TableHome),
            (Plain(KeyCode::End), A::TableEnd),
        ],
        "first / last run",
        Hint::None,
    ),
    b(
        &[(Plain(KeyCode::Enter), A::OpenDetail)],
        "the run in detail: sources, hardware, MFU, Epoch's costs",
        Ranked(1, "detail"),
    ),
    b(
        &[(ch('o'), A::CycleSort)],
        "sort by FLOP, date, name or nearest the scenario",
        Ranked(2, "sort"),
    ),
    b(
        &[(ch('L'), A::LoadRun)],
        "load the run as the scenario (its card, GPUs, days, MFU)",
        Ranked(5, "load run"),
    ),
    b(
        &[(ch('/'), A::StartFilter)],
        "filter by name, organisation or hardware",
        Ranked(3, "filter"),
    ),
    b(
        &[
            (Plain(KeyCode::Esc), A::Back),
            (ch('t'), A::ToggleTable),
            (ch('q'), A::Back),
        ],
        "back to the inputs",
        Ranked(4, "back"),
    ),
    HELP_KEY,
];

/// One known run in detail.
pub const RUN_DETAIL: &[Binding] = &[
    b(
        &[
            (Plain(KeyCode::Up), A::TableMove(-1)),
            (Plain(KeyCode::Down), A::TableMove(1)),
            (ch('k'), A::TableMove(-1)),
            (ch('j'), A::TableMove(1)),
        ],
        "previous / next run",
        Ranked(0, "next run"),
    ),
    b(
        &[
            (Plain(KeyCode::PageUp), A::DetailScroll(-5)),
            (Plain(KeyCode::PageDown), A::DetailScroll(5)),
        ],
        "scroll the detail",
        Ranked(2, "scroll"),
    ),
    b(
        &[(ch('L'), A::LoadRun)],
        "load the run as the scenario (its card, GPUs, days, MFU)",
        Ranked(1, "load run"),
    ),
    b(
        &[
            (Plain(KeyCode::Esc), A::Back),
            (Plain(KeyCode::Enter), A::Back),
            (ch('q'), A::Back),
        ],
        "back to the table",
        Ranked(1, "close"),
    ),
    HELP_KEY,
];

/// Every key table with the words the help titles it by, in the order the help lists them
/// after the one of the mode it was opened from.
pub const SECTIONS: &[(&str, &[Binding])] = &[
    ("Main screen", NORMAL),
    ("Anywhere", GLOBAL),
    ("Typing a value, range, goal, name or filter", PROMPT),
    ("Known runs (t)", TABLE),
    ("A run in detail (Enter in the runs)", RUN_DETAIL),
    ("Preset picker (p)", PICKER),
    ("Explaining the results (e)", EXPLAIN),
    ("Notices log (N)", NOTICES),
    ("What the input means (i)", INFO),
    ("What matters (w)", TORNADO),
    ("Every card (C)", CARDS),
    ("Feasibility view (Tab)", FEASIBILITY),
    ("Preset problems (!)", PROBLEMS),
    ("Quit without saving?", CONFIRM_QUIT),
    ("Load over unsaved changes?", CONFIRM_LOAD),
    ("Delete your preset?", CONFIRM_DELETE),
    ("This help (?)", HELP),
];

/// What the mouse does on the main screen (not keys, but listed with them).
pub const MOUSE_HELP: &str = "click or drag on a track sets the value; the wheel steps the input under the pointer; \
     clicking a label selects it; clicking a result row or a limit row explains it, a milestone opens it; \
     the wheel scrolls the help, the notices and the explanations";

/// The bindings of a mode (without [`GLOBAL`]).
pub fn table(mode: &Mode) -> &'static [Binding] {
    table_of(ModeKind::from(mode))
}

/// The bindings of a kind of mode (without [`GLOBAL`]).
pub fn table_of(kind: ModeKind) -> &'static [Binding] {
    match kind {
        ModeKind::Normal => NORMAL,
        ModeKind::Prompt => PROMPT,
        ModeKind::Help => HELP,
        ModeKind::Info => INFO,
        ModeKind::Picker => PICKER,
        ModeKind::Problems => PROBLEMS,
        ModeKind::ConfirmQuit => CONFIRM_QUIT,
        ModeKind::ConfirmLoad => CONFIRM_LOAD,
        ModeKind::Table => TABLE,
        ModeKind::RunDetail => RUN_DETAIL,
        ModeKind::ConfirmDelete => CONFIRM_DELETE,
        ModeKind::Tornado => TORNADO,
        ModeKind::Cards => CARDS,
        ModeKind::Notices => NOTICES,
        ModeKind::Explain => EXPLAIN,
    }
}

/// Every key of every mode (and of the Feasibility view), [`GLOBAL`] first, as the terminal would send it (a typed
/// character for "any text"): what a random session draws from, so that no key goes untried.
pub fn every_key() -> Vec<KeyEvent> {
    let kinds = <ModeKind as strum::VariantArray>::VARIANTS;
    let mut keys: Vec<KeyEvent> = Vec::new();
    let tables = kinds.iter().flat_map(|&k| table_of(k)).chain(FEASIBILITY);
    for b in GLOBAL.iter().chain(tables) {
        for &(key, _) in b.keys {
            let e = key.event();
            if !keys.contains(&e) {
                keys.push(e);
            }
        }
    }
    keys
}

/// The footer of one mode: ranked hints in rank order, then the ones always shown.
#[derive(Debug, Default)]
pub struct Footer {
    /// (keys as shown, word, whether the binding switches the lower view)
    pub ranked: Vec<(String, &'static str, bool)>,
    pub last: Vec<(String, &'static str)>,
}

/// The footer of `mode`, built from its table once (drawn every frame).
pub fn footer(mode: &Mode) -> &'static Footer {
    use std::sync::OnceLock;
    const N: usize = <ModeKind as strum::EnumCount>::COUNT;
    static FOOTERS: [OnceLock<Footer>; N] = [const { OnceLock::new() }; N];
    let i = ModeKind::from(mode) as usize;
    FOOTERS[i].get_or_init(|| {
        let mut f = Footer::default();
        let mut ranked: Vec<(u8, String, &'static str, bool)> = Vec::new();
        for b in table(mode) {
            let view = b.keys.iter().any(|(_, a)| *a == Action::NextView);
            match b.hint {
                Hint::Ranked(rank, word) => ranked.push((rank, b.hint_keys(), word, view)),
                Hint::Always(word) => f.last.push((b.hint_keys(), word)),
                Hint::None => {}
            }
        }
        ranked.sort_by_key(|h| h.0);
        f.ranked = ranked.into_iter().map(|(_, k, w, v)| (k, w, v)).collect();
        f
    })
}

/// The action a key means in `mode` with `view` below, if any: the view's own keys first on
/// the main screen.
pub fn action_in(mode: &Mode, view: View, k: &KeyEvent) -> Option<Action> {
    let own = match (mode, view) {
        (Mode::Normal, View::Feasibility) => FEASIBILITY,
        _ => &[],
    };
    own.iter()
        .flat_map(|b| b.keys)
        .find(|(key, _)| key.matches(k))
        .map(|&(_, action)| action)
        .or_else(|| action(mode, k))
}

/// The action a key means in `mode`, if any.
pub fn action(mode: &Mode, k: &KeyEvent) -> Option<Action> {
    GLOBAL
        .iter()
        .chain(table(mode))
        .flat_map(|b| b.keys)
        .find(|(key, _)| key.matches(k))
        .map(|&(key, action)| match (key, action, k.code) {
            (AnyChar, Action::EntryChar(_), KeyCode::Char(c)) => Action::EntryChar(c),
            _ => action,
        })
}

/// The README's key table, as Markdown: a test checks the README holds exactly this.
pub fn markdown_table() -> String {
    let mut s = String::from("| Key | Does |\n|---|---|\n");
    for b in GLOBAL.iter().chain(NORMAL).chain(FEASIBILITY) {
        let mut names: Vec<String> = b.keys.iter().map(|(k, _)| k.name()).collect();
        names.dedup();
        let keys: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
        s.push_str(&format!("| {} | {} |\n", keys.join(" "), b.help));
    }
    s.push_str(&format!("| mouse | {MOUSE_HELP} |\n"));
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Prompt, PromptKind};
    use crate::model::Field;

    fn key(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, m)
    }

    #[test]
    fn every_key_of_a_mode_means_one_thing() {
        let prompt = Mode::Prompt(Prompt::new(PromptKind::Value(Field::Gpus), String::new()));
        for mode in [
            Mode::Normal,
            prompt,
            Mode::Help(0),
            Mode::Info(Field::Gpus),
            Mode::Picker { selected: 0 },
            Mode::Problems,
            Mode::ConfirmQuit,
            Mode::ConfirmLoad(crate::app::Pending::Run(0)),
            Mode::Table,
            Mode::RunDetail(0),
            Mode::ConfirmDelete(0),
            Mode::Tornado,
        ] {
            let keys: Vec<Key> = GLOBAL
                .iter()
                .chain(table(&mode))
                .flat_map(|b| b.keys.iter().map(|(k, _)| *k))
                .collect();
            for (i, k) in keys.iter().enumerate() {
                assert!(!keys[..i].contains(k), "{k:?} twice in {mode:?}");
            }
        }
        // The Feasibility view's keys shadow none of the main screen's.
        for b in FEASIBILITY {
            for (k, _) in b.keys {
                let ev = match k {
                    Plain(code) => key(*code, KeyModifiers::NONE),
                    _ => panic!("{k:?}"),
                };
                assert_eq!(action(&Mode::Normal, &ev), None, "{k:?}");
                assert!(action_in(&Mode::Normal, View::Feasibility, &ev).is_some());
                assert_eq!(action_in(&Mode::Normal, View::Ruler, &ev), None);
            }
        }
    }

    #[test]
    fn shifted_letters_and_arrows_map_as_terminals_send_them() {
        let m = Mode::Normal;
        assert_eq!(
            action(&m, &key(KeyCode::Char('H'), KeyModifiers::SHIFT)),
            Some(Action::Coarse(-1))
        );
        assert_eq!(
            action(&m, &key(KeyCode::Left, KeyModifiers::SHIFT)),
            Some(Action::Coarse(-1))
        );
        assert_eq!(
            action(&m, &key(KeyCode::Left, KeyModifiers::NONE)),
            Some(Action::Step(-1))
        );
        assert_eq!(
            action(&m, &key(KeyCode::BackTab, KeyModifiers::SHIFT)),
            Some(Action::PrevView)
        );
        assert_eq!(
            action(&m, &key(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::ForceQuit)
        );
        let p = Mode::Prompt(Prompt::new(PromptKind::Value(Field::Gpus), String::new()));
        assert_eq!(
            action(&p, &key(KeyCode::Char('7'), KeyModifiers::NONE)),
            Some(Action::EntryChar('7'))
        );
        assert_eq!(
            action(&p, &key(KeyCode::Char('u'), KeyModifiers::CONTROL)),
            Some(Action::Edit(InputRequest::DeleteLine))
        );
    }
}
