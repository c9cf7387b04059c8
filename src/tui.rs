//! The interactive terminal: setup, the event loop and a restore that runs on every exit path.
//!
//! No tick: the loop blocks on input, drains whatever else is queued (a drag floods events),
//! applies the actions and draws once. Raw mode, the alternate screen, mouse capture and
//! bracketed paste are undone by a Drop guard and by the panic hook, whichever comes first.

use crate::app::App;
use crate::input::{action_for, paste_actions};
use crate::ui;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::layout::Rect;
use std::io::{self, Stdout, Write};
use std::sync::Once;
use std::time::Duration;

/// Puts the terminal back as we found it. Safe to call more than once.
pub fn restore() {
    let mut out = io::stdout();
    let _ = execute!(
        out,
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
    let _ = disable_raw_mode();
    let _ = out.flush();
}

/// Restores the terminal when dropped (normal return, `?` error, or unwinding panic).
pub struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

static HOOK: Once = Once::new();

/// Chains a panic hook that restores the terminal before the previous hook prints the report,
/// so the message lands on a normal screen.
fn install_panic_hook() {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}

/// Enters the explorer's terminal mode and returns the guard that leaves it.
pub fn enter() -> io::Result<(Terminal<CrosstermBackend<Stdout>>, TerminalGuard)> {
    install_panic_hook();
    enable_raw_mode()?;
    let guard = TerminalGuard;
    // Cleared here rather than with `Terminal::clear`, which asks the terminal where its cursor
    // is and fails after two seconds on terminals that do not answer.
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        Clear(ClearType::All),
        EnableMouseCapture,
        EnableBracketedPaste
    )?;
    let terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    Ok((terminal, guard))
}

/// Runs the explorer until the user quits.
pub fn run(mut app: App) -> io::Result<()> {
    let (mut terminal, _guard) = enter()?;
    while app.running {
        terminal.draw(|f| ui::draw(f, &app))?;
        // Block for the next event, then take everything already queued before drawing again.
        let mut events = vec![event::read()?];
        while app.running && event::poll(Duration::ZERO)? {
            events.push(event::read()?);
        }
        for e in events {
            #[cfg(feature = "test-panic")]
            if let Event::Key(k) = &e
                && k.code == event::KeyCode::F(12)
            {
                panic!("test-panic: F12 pressed inside the event loop");
            }
            let size = terminal.size()?;
            let area = Rect::new(0, 0, size.width, size.height);
            match &e {
                Event::Paste(text) => {
                    for a in paste_actions(text, &app) {
                        app.update(a);
                    }
                }
                _ => {
                    if let Some(a) = action_for(&e, &app, area) {
                        app.update(a);
                    }
                }
            }
            if !app.running {
                break;
            }
        }
    }
    Ok(())
}
