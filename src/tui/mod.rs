//! The interactive terminal: setup, the event loop and a restore that runs on every exit path.
//!
//! No tick: the loop waits for input, drains whatever else is queued (a drag floods events),
//! applies the actions and draws once; it wakes a few times a second without input only to
//! notice a resume from suspend, and draws nothing then. Raw mode, the alternate screen, mouse
//! capture and bracketed paste are undone by a Drop guard and by the panic hook, whichever comes
//! first, and on Unix by a signal thread: SIGTERM, SIGHUP, SIGQUIT and SIGINT restore the
//! terminal and then end the process as the signal would; SIGTSTP (and Ctrl-Z, which arrives as
//! a key in raw mode) restores it, stops, and on `fg` sets it up again and redraws in full.

mod bands;
pub mod headless;
pub mod input;

use crate::app::Action;
use crate::app::App;
use crate::tui::input::{action_for, paste_actions};
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
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, Once};
use std::time::Duration;

/// Held while a frame is written and while the signal thread leaves or re-enters the
/// explorer's terminal modes, so a restore never lands in the middle of a frame.
static OUTPUT: Mutex<()> = Mutex::new(());

/// Set by the signal thread after a resume: the screen was cleared and must be drawn in full.
static REDRAW: AtomicBool = AtomicBool::new(false);

/// The explorer's terminal modes are on: signals leave and re-enter them only then, so a
/// signal after the explorer closed neither writes escape sequences nor turns raw mode back on.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// How often the loop wakes without input, only to notice `REDRAW`.
const WAKE: Duration = Duration::from_millis(200);

/// The output lock for the main thread, which may wait for it: the signal thread holds it
/// only while it leaves or re-enters the terminal modes (or until the process ends).
fn wait_output() -> MutexGuard<'static, ()> {
    OUTPUT
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Takes the output lock for the signal thread, but not forever: a signal must restore the
/// terminal even if the main thread is stuck holding it (blocked writing to a terminal that
/// stopped reading).
#[cfg(unix)]
fn lock_output() -> Option<MutexGuard<'static, ()>> {
    let start = std::time::Instant::now();
    loop {
        match OUTPUT.try_lock() {
            Ok(guard) => return Some(guard),
            Err(std::sync::TryLockError::Poisoned(p)) => return Some(p.into_inner()),
            Err(std::sync::TryLockError::WouldBlock)
                if start.elapsed() < Duration::from_millis(500) =>
            {
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(std::sync::TryLockError::WouldBlock) => return None,
        }
    }
}

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

/// Turns on what `restore` turns off: raw mode, alternate screen (cleared), mouse, paste.
fn enter_modes() -> io::Result<()> {
    enable_raw_mode()?;
    // Cleared here rather than with `Terminal::clear`, which asks the terminal where its cursor
    // is and fails after two seconds on terminals that do not answer.
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        Clear(ClearType::All),
        EnableMouseCapture,
        EnableBracketedPaste
    )
}

/// Signal handling on Unix, through `signal-hook`: its iterator runs the work on a normal
/// thread, where writing to the terminal and taking locks is allowed (a signal handler could
/// do neither safely).
#[cfg(unix)]
mod signals {
    use super::{ACTIVE, REDRAW, enter_modes, lock_output, restore};
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
    use signal_hook::iterator::Signals;
    use signal_hook::low_level::emulate_default_handler;
    use std::sync::Once;
    use std::sync::atomic::Ordering;

    static START: Once = Once::new();

    /// Starts the signal thread once. If signals cannot be registered the explorer still runs;
    /// only the restore on signals is missing.
    pub fn install() {
        START.call_once(|| {
            let Ok(mut signals) = Signals::new([SIGTERM, SIGHUP, SIGQUIT, SIGINT, SIGTSTP]) else {
                return;
            };
            let _ = std::thread::Builder::new()
                .name("signals".into())
                .spawn(move || {
                    for signal in signals.forever() {
                        if signal == SIGTSTP {
                            suspend();
                        } else {
                            // The lock is held until the process ends: no frame after this.
                            let _guard = lock_output();
                            if ACTIVE.swap(false, Ordering::SeqCst) {
                                restore();
                            }
                            // Ends the process as the signal itself would (the parent sees
                            // "terminated by SIGTERM"), now that the terminal is usable.
                            let _ = emulate_default_handler(signal);
                            std::process::exit(128 + signal);
                        }
                    }
                });
        });
    }

    /// Leaves the terminal as the shell wants it, stops the process, and on `fg` (SIGCONT)
    /// enters the explorer's modes again and asks the loop for a full redraw.
    pub fn suspend() {
        let guard = lock_output();
        let active = ACTIVE.load(Ordering::SeqCst);
        if active {
            restore();
        }
        // The default action of SIGTSTP: stop (emulated with SIGSTOP, as our handler took the
        // TSTP). Execution goes on here after SIGCONT.
        let _ = emulate_default_handler(SIGTSTP);
        if active {
            let _ = enter_modes();
            REDRAW.store(true, Ordering::SeqCst);
        }
        drop(guard);
    }
}

/// Suspends as Ctrl-Z does in a shell: in raw mode the key does not raise SIGTSTP itself.
#[cfg(unix)]
fn suspend_from_key() {
    // The signal thread does the work, as for `kill -TSTP`: one path for both.
    if signal_hook::low_level::raise(signal_hook::consts::SIGTSTP).is_err() {
        signals::suspend();
    }
}

/// Restores the terminal when dropped (normal return, `?` error, or unwinding panic).
pub struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        leave();
    }
}

/// Restores the terminal for good: signals after this leave it alone. No output lock here,
/// as the panic hook runs this on a thread that may hold it.
fn leave() {
    ACTIVE.store(false, Ordering::SeqCst);
    restore();
}

static HOOK: Once = Once::new();

/// Chains a panic hook that restores the terminal before the previous hook prints the report,
/// so the message lands on a normal screen.
fn install_panic_hook() {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            leave();
            previous(info);
        }));
    });
}

/// Enters the explorer's terminal mode and returns the guard that leaves it.
pub fn enter() -> io::Result<(Terminal<CrosstermBackend<Stdout>>, TerminalGuard)> {
    install_panic_hook();
    #[cfg(unix)]
    signals::install();
    let guard = TerminalGuard;
    {
        let _output = wait_output();
        // Active before the first mode is on, so a signal from here on restores what is on.
        ACTIVE.store(true, Ordering::SeqCst);
        enter_modes()?;
    }
    let terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    Ok((terminal, guard))
}

/// Runs the explorer until the user quits.
pub fn run(mut app: App) -> io::Result<()> {
    let (mut terminal, _guard) = enter()?;
    let mut bands = bands::Worker::start(&mut app);
    let mut draw = true;
    while app.running {
        if REDRAW.swap(false, Ordering::SeqCst) {
            // Back from a suspend on a cleared screen: forget the last frame so the next draw
            // sends every cell. (Both buffers end up blank; `Terminal::clear` would do the same
            // but first asks the terminal for its cursor position, which some never answer.)
            terminal.swap_buffers();
            draw = true;
        }
        if draw {
            if app.evaluation.bands_pending() {
                // Bands that came in with the events: draw them now, not a poll later.
                app.update(Action::BandsReady);
            }
            let _output = wait_output();
            terminal.draw(|f| ui::draw(f, &app))?;
        }
        // Bands of a changed scenario are worked out on the worker while the frame above shows
        // the rest; the loop looks for them often until they are in, then draws again.
        let awaiting = bands.as_mut().is_some_and(|w| w.send_wanted(&app));
        // Wait for the next event, then take everything already queued before drawing again.
        if !event::poll(if awaiting { bands::POLL } else { WAKE })? {
            draw = false;
            if awaiting {
                app.update(Action::BandsReady);
                draw = !app.evaluation.bands_pending();
            }
            continue;
        }
        draw = true;
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
                _ => match action_for(&e, &app, area) {
                    // Suspending is the terminal's business: the key table names the key, the
                    // loop does it.
                    #[cfg(unix)]
                    Some(Action::Suspend) => suspend_from_key(),
                    Some(a) => app.update(a),
                    None => {}
                },
            }
            if let Some(text) = app.clipboard.take() {
                let _output = wait_output();
                // OSC 52: the terminal puts the text on the clipboard, over SSH too.
                write!(
                    terminal.backend_mut(),
                    "\x1b]52;c;{}\x07",
                    base64(text.as_bytes())
                )?;
                terminal.backend_mut().flush()?;
            }
            if !app.running {
                break;
            }
        }
    }
    Ok(())
}

/// Standard base64 with padding, for OSC 52 (a dependency for twenty lines would be more).
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ABC[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_matches_rfc_4648() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(super::base64(plain.as_bytes()), coded);
        }
    }
}
