//! The headless explorer: key replay and frame capture without a terminal. `render`, the
//! snapshot tests and the benchmarks draw frames through here, so what they show is what the
//! terminal would.

use super::input::{action_for, parse_keys};
use crate::app::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::Event;
use ratatui::layout::Rect;

/// Replays `keys` through the real event → action → update path and returns the frame as text.
/// The same function backs `render` and the snapshot tests.
pub fn render_text(app: &mut App, width: u16, height: u16, keys: &str) -> Result<String, String> {
    replay(app, width, height, keys)?;
    Ok(frame_text(app, width, height))
}

/// Replays `keys` through the real event → action → update path, as on a `width`×`height`
/// screen.
pub fn replay(app: &mut App, width: u16, height: u16, keys: &str) -> Result<(), String> {
    const MAX: u16 = 1000;
    if width > MAX || height > MAX {
        return Err(format!("--width and --height must be at most {MAX}"));
    }
    let area = Rect::new(0, 0, width, height);
    for k in parse_keys(keys)? {
        if let Some(a) = action_for(&Event::Key(k), app, area) {
            app.update(a);
        }
    }
    Ok(())
}

/// Draws `app` into a `TestBackend` and returns the frame, cells with their styles.
pub fn frame_buffer(app: &App, width: u16, height: u16) -> ratatui::buffer::Buffer {
    let Ok(mut terminal) = Terminal::new(TestBackend::new(width, height));
    let Ok(_) = terminal.draw(|f| crate::ui::draw(f, app));
    terminal.backend().buffer().clone()
}

/// Draws `app` into a `TestBackend` and returns its lines, trailing spaces removed.
pub fn frame_text(app: &App, width: u16, height: u16) -> String {
    let buf = frame_buffer(app, width, height);
    let mut out = String::new();
    for y in 0..height {
        let mut line = String::new();
        for x in 0..width {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
