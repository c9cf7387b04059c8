//! Terminal events → [`Action`]s. Which key means what depends on the mode; mouse positions are
//! resolved with the same [`layout`](crate::ui::layout::layout) the screen was drawn with.

use crate::app::{Action, App, Mode};
use crate::ui::layout::{Screen, layout};
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Rect;

/// Maps one terminal event to an action, if it means one. `area` is the terminal's size.
/// Pastes carry many characters: see [`paste_actions`].
pub fn action_for(event: &Event, app: &App, area: Rect) -> Option<Action> {
    match event {
        Event::Key(k) if k.kind != KeyEventKind::Release => key_action(k, app),
        Event::Mouse(m) => mouse_action(m, app, &layout(area, app)),
        _ => None,
    }
}

/// A pasted string as entry keystrokes (bounded by the entry's length limit in `App`).
pub fn paste_actions(text: &str, app: &App) -> Vec<Action> {
    match app.mode {
        Mode::Prompt(_) => text
            .chars()
            .filter(|c| !c.is_control())
            .take(crate::app::MAX_ENTRY_CHARS)
            .map(Action::EntryChar)
            .collect(),
        _ => Vec::new(),
    }
}

fn key_action(k: &KeyEvent, app: &App) -> Option<Action> {
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    let shift = k.modifiers.contains(KeyModifiers::SHIFT);
    if ctrl && matches!(k.code, KeyCode::Char('c') | KeyCode::Char('C')) {
        return Some(Action::Quit);
    }
    use Action::*;
    match app.mode {
        Mode::Prompt(_) => match k.code {
            KeyCode::Enter => Some(EntrySubmit),
            KeyCode::Esc => Some(Back),
            KeyCode::Backspace => Some(EntryBackspace),
            KeyCode::Char('u') if ctrl => Some(EntryClear),
            KeyCode::Char(c) if !ctrl => Some(EntryChar(c)),
            _ => None,
        },
        Mode::Help => match k.code {
            KeyCode::Esc | KeyCode::Char('?') | KeyCode::Enter => Some(Back),
            KeyCode::Char('q') => Some(Quit),
            _ => None,
        },
        Mode::Problems => match k.code {
            KeyCode::Esc | KeyCode::Enter | KeyCode::Char('!') => Some(Back),
            KeyCode::Char('q') => Some(Quit),
            _ => None,
        },
        Mode::Picker { .. } => match k.code {
            KeyCode::Esc | KeyCode::Char('p') => Some(Back),
            KeyCode::Up | KeyCode::Char('k') => Some(PickerMove(-1)),
            KeyCode::Down | KeyCode::Char('j') => Some(PickerMove(1)),
            KeyCode::PageUp => Some(PickerMove(-10)),
            KeyCode::PageDown => Some(PickerMove(10)),
            KeyCode::Enter => Some(PickerChoose),
            KeyCode::Char('q') => Some(Quit),
            _ => None,
        },
        Mode::Normal => match k.code {
            KeyCode::Char('q') => Some(Quit),
            KeyCode::Esc => Some(Back),
            KeyCode::Up | KeyCode::Char('k') => Some(FocusPrev),
            KeyCode::Down | KeyCode::Char('j') => Some(FocusNext),
            KeyCode::Tab | KeyCode::BackTab => Some(ToggleView),
            KeyCode::Left if shift => Some(Coarse(-1)),
            KeyCode::Right if shift => Some(Coarse(1)),
            KeyCode::Left | KeyCode::Char('h') => Some(Step(-1)),
            KeyCode::Right | KeyCode::Char('l') => Some(Step(1)),
            // crossterm reports Shift+h as 'H', not 'h' with SHIFT.
            KeyCode::Char('H') => Some(Coarse(-1)),
            KeyCode::Char('L') => Some(Coarse(1)),
            KeyCode::Char('[') => Some(Decade(-1)),
            KeyCode::Char(']') => Some(Decade(1)),
            KeyCode::Home => Some(ToMin),
            KeyCode::End => Some(ToMax),
            KeyCode::Enter | KeyCode::Char('=') => Some(StartEntry),
            KeyCode::Char('a') => Some(NextAccelerator),
            KeyCode::Char('A') => Some(PrevAccelerator),
            KeyCode::Char('f') => Some(TogglePrecision),
            KeyCode::Char('p') => Some(OpenPicker),
            KeyCode::Char('r') => Some(ResetField),
            KeyCode::Char('R') => Some(ResetAll),
            KeyCode::Char('?') => Some(ToggleHelp),
            KeyCode::Char('!') => Some(ShowProblems),
            KeyCode::Char('$') => Some(CycleCostBasis),
            KeyCode::Char('c') => Some(TogglePin),
            KeyCode::Char('s') => Some(StartSave),
            KeyCode::Char('g') => Some(StartGoal),
            KeyCode::Char('u') => Some(StartRange),
            _ => None,
        },
    }
}

fn mouse_action(m: &MouseEvent, app: &App, screen: &Screen) -> Option<Action> {
    if screen.too_small {
        return None;
    }
    match app.mode {
        Mode::Normal => {}
        Mode::Picker { .. } => {
            let (list, first) = screen.picker_list?;
            return match m.kind {
                MouseEventKind::Down(MouseButton::Left)
                    if list.contains((m.column, m.row).into()) =>
                {
                    Some(Action::PickerSelect(first + (m.row - list.y) as usize))
                }
                MouseEventKind::ScrollUp => Some(Action::PickerMove(-1)),
                MouseEventKind::ScrollDown => Some(Action::PickerMove(1)),
                _ => None,
            };
        }
        _ => return None,
    }
    let row = screen.row_at(m.column, m.row)?;
    let on_track = row.track.contains((m.column, m.row).into());
    match m.kind {
        MouseEventKind::Down(MouseButton::Left) | MouseEventKind::Drag(MouseButton::Left)
            if on_track =>
        {
            Some(Action::SetTrack(row.field, Screen::track_t(row, m.column)))
        }
        MouseEventKind::Down(MouseButton::Left) => Some(Action::Focus(row.field)),
        MouseEventKind::ScrollUp => Some(Action::Wheel(row.field, 1)),
        MouseEventKind::ScrollDown => Some(Action::Wheel(row.field, -1)),
        _ => None,
    }
}

/// Parses a scripted key sequence for `render --keys` and tests: space-separated tokens, each a
/// single character (`j`, `[`, `H`) or a name (`Up`, `Down`, `Left`, `Right`, `S-Left`,
/// `S-Right`, `Home`, `End`, `Enter`, `Esc`, `Tab`, `BackTab`, `Backspace`, `Space`, `C-c`, `C-u`).
pub fn parse_keys(script: &str) -> Result<Vec<KeyEvent>, String> {
    script
        .split_whitespace()
        .map(|tok| {
            let none = KeyModifiers::NONE;
            let (code, mods) = match tok {
                "Up" => (KeyCode::Up, none),
                "Down" => (KeyCode::Down, none),
                "Left" => (KeyCode::Left, none),
                "Right" => (KeyCode::Right, none),
                "S-Left" => (KeyCode::Left, KeyModifiers::SHIFT),
                "S-Right" => (KeyCode::Right, KeyModifiers::SHIFT),
                "Home" => (KeyCode::Home, none),
                "End" => (KeyCode::End, none),
                "Enter" => (KeyCode::Enter, none),
                "Esc" => (KeyCode::Esc, none),
                "Tab" => (KeyCode::Tab, none),
                "BackTab" => (KeyCode::BackTab, KeyModifiers::SHIFT),
                "Backspace" | "BS" => (KeyCode::Backspace, none),
                "Space" => (KeyCode::Char(' '), none),
                "C-c" => (KeyCode::Char('c'), KeyModifiers::CONTROL),
                "C-u" => (KeyCode::Char('u'), KeyModifiers::CONTROL),
                t if t.chars().count() == 1 => {
                    let c = t.chars().next().unwrap_or(' ');
                    let m = if c.is_uppercase() { KeyModifiers::SHIFT } else { none };
                    (KeyCode::Char(c), m)
                }
                t => return Err(format!("unknown key '{t}' (use one character or a name such as Up, S-Right, Enter, Esc)")),
            };
            Ok(KeyEvent::new(code, mods))
        })
        .collect()
}

/// A typed string as key events (for scripted entry in tests and `render`).
pub fn type_text(text: &str) -> Vec<KeyEvent> {
    text.chars()
        .map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
        .collect()
}
