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
        Event::Key(k) if k.kind != KeyEventKind::Release => {
            let a = key_action(k, app, area)?;
            // While the "needs a bigger terminal" screen shows, nothing acts but quitting.
            let quits = matches!(a, Action::Quit | Action::ForceQuit | Action::Suspend);
            (quits || !layout(area, app).too_small).then_some(a)
        }
        Event::Mouse(m) => mouse_action(m, app, &layout(area, app)).map(|a| settle(a, app, area)),
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

fn key_action(k: &KeyEvent, app: &App, area: Rect) -> Option<Action> {
    crate::app::keys::action_in(&app.mode, app.view, k).map(|a| settle(a, app, area))
}

/// The help's scroll past its end (End, or a long way down) moves back from the end, not from
/// where the count stood: the drawing knows the end, so it is measured here, on the same
/// layout.
fn settle(a: Action, app: &App, area: Rect) -> Action {
    match (a, &app.mode) {
        (Action::HelpScroll(d), Mode::Help(s)) => {
            let end = crate::ui::help_max_scroll(area, app);
            let over = i32::from(s.saturating_sub(end));
            Action::HelpScroll(d - over)
        }
        _ => a,
    }
}

fn mouse_action(m: &MouseEvent, app: &App, screen: &Screen) -> Option<Action> {
    if screen.too_small {
        return None;
    }
    match app.mode {
        Mode::Normal | Mode::Table => {}
        // The wheel scrolls the help, the notices and the explanations.
        Mode::Help(_) | Mode::Notices(_) | Mode::Explain(_) => {
            let d = match m.kind {
                MouseEventKind::ScrollUp => -1,
                MouseEventKind::ScrollDown => 1,
                _ => return None,
            };
            return Some(match app.mode {
                Mode::Help(_) => Action::HelpScroll(3 * d),
                Mode::Notices(_) => Action::NoticesScroll(d),
                _ => Action::ExplainMove(d),
            });
        }
        Mode::Picker { .. } => {
            let (list, first) = screen.picker_list?;
            return match m.kind {
                MouseEventKind::Down(MouseButton::Left)
                    if list.contains((m.column, m.row).into()) =>
                {
                    let i = *app.picker.rows.get(first + (m.row - list.y) as usize)?;
                    // A click on the selected row loads it: the second click of a double-click.
                    match app.mode {
                        Mode::Picker { selected } if selected == i => Some(Action::PickerChoose),
                        _ => Some(Action::PickerSelect(i)),
                    }
                }
                MouseEventKind::ScrollUp => Some(Action::PickerMove(-1)),
                MouseEventKind::ScrollDown => Some(Action::PickerMove(1)),
                _ => None,
            };
        }
        _ => return None,
    }
    // A drag keeps to the slider it started on, wherever the pointer drifts; past either end
    // of the track it clamps to the end.
    if let Some(f) = app.drag {
        match m.kind {
            MouseEventKind::Drag(MouseButton::Left) => {
                let row = screen.rows.iter().find(|r| r.field == f)?;
                return Some(Action::SetTrack(f, Screen::track_t(row, m.column)));
            }
            MouseEventKind::Up(_) => return Some(Action::EndDrag),
            _ => {}
        }
    }
    let at = (m.column, m.row).into();
    // On the main screen a click on a result row, or a limit row of the Limits view, explains it.
    if app.mode == Mode::Normal
        && matches!(m.kind, MouseEventKind::Down(MouseButton::Left))
        && let Some(t) = crate::ui::topic_at(app, screen, m.column, m.row)
    {
        return Some(Action::Explain(t));
    }
    // The known-runs table scrolls under the wheel (and starts browsing).
    if let Some(t) = screen.table
        && t.contains(at)
    {
        return match m.kind {
            MouseEventKind::ScrollUp => Some(Action::TableMove(-3)),
            MouseEventKind::ScrollDown => Some(Action::TableMove(3)),
            _ => None,
        };
    }
    // A click on a milestone of the ruler shows it in the table and in detail.
    if screen.ruler.contains(at) && matches!(m.kind, MouseEventKind::Down(MouseButton::Left)) {
        return crate::ui::ruler::milestone_at(app, screen.ruler, m.column, m.row)
            .map(Action::SelectRun);
    }
    if app.mode == Mode::Table {
        return None;
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

/// Parses a scripted key sequence for `render --keys` and tests: space-separated tokens, each
/// a key name (`Up`, `Down`, `Left`, `Right`, `S-Left`, `S-Right`, `Home`, `End`, `PgUp`,
/// `PgDn`, `Enter`, `Esc`, `Tab`, `BackTab`, `Backspace`, `Del`, `Space`, `C-c`, `C-u`, `C-w`) or
/// text, typed
/// character by character (`j`, `H`, `100`, `350k`).
pub fn parse_keys(script: &str) -> Result<Vec<KeyEvent>, String> {
    let mut keys = Vec::new();
    for tok in script.split_whitespace() {
        let none = KeyModifiers::NONE;
        let named = match tok {
            "Up" => Some((KeyCode::Up, none)),
            "Down" => Some((KeyCode::Down, none)),
            "Left" => Some((KeyCode::Left, none)),
            "Right" => Some((KeyCode::Right, none)),
            "S-Left" => Some((KeyCode::Left, KeyModifiers::SHIFT)),
            "S-Right" => Some((KeyCode::Right, KeyModifiers::SHIFT)),
            "Home" => Some((KeyCode::Home, none)),
            "End" => Some((KeyCode::End, none)),
            "PgUp" => Some((KeyCode::PageUp, none)),
            "PgDn" => Some((KeyCode::PageDown, none)),
            "Enter" => Some((KeyCode::Enter, none)),
            "Esc" => Some((KeyCode::Esc, none)),
            "Tab" => Some((KeyCode::Tab, none)),
            "BackTab" => Some((KeyCode::BackTab, KeyModifiers::SHIFT)),
            "Backspace" | "BS" => Some((KeyCode::Backspace, none)),
            "Space" => Some((KeyCode::Char(' '), none)),
            "C-c" => Some((KeyCode::Char('c'), KeyModifiers::CONTROL)),
            "C-u" => Some((KeyCode::Char('u'), KeyModifiers::CONTROL)),
            "C-w" => Some((KeyCode::Char('w'), KeyModifiers::CONTROL)),
            "Del" => Some((KeyCode::Delete, none)),
            _ => None,
        };
        match named {
            Some((code, mods)) => keys.push(KeyEvent::new(code, mods)),
            // A capitalised word that is not a key name is most likely a typo of one.
            None if tok.chars().count() > 1
                && tok.starts_with(|c: char| c.is_ascii_uppercase())
                && tok.chars().all(|c| c.is_ascii_alphabetic() || c == '-') =>
            {
                return Err(format!(
                    "unknown key '{tok}' (use a name such as Up, S-Right, Enter, Esc, or text)"
                ));
            }
            None => keys.extend(tok.chars().map(|c| {
                let m = if c.is_uppercase() {
                    KeyModifiers::SHIFT
                } else {
                    none
                };
                KeyEvent::new(KeyCode::Char(c), m)
            })),
        }
    }
    Ok(keys)
}
