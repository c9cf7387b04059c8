//! Terminal bytes and heap allocations per slider step (counts, not timings):
//! `cargo bench --bench bytes`.
//!
//! Draws through ratatui's `CrosstermBackend` into a writer that only counts bytes, as the
//! binary does into stdout: first a full redraw (what the first frame writes after
//! `Terminal::clear`), then one slider step, then the step back. The ratio step / full is the
//! share of the screen a keypress re-sends; the target is ≤ 15 %. Allocations are counted by a
//! global allocator that passes everything on to the system's.

mod common;

use agi_compute::app::{Action, App};
use agi_compute::ui;
use common::{SIZES, Screen, Stepper};
use ratatui::backend::CrosstermBackend;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::io::{self, Write};
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Counts allocations (and reallocations), then lets the system allocator do the work.
struct Counting;

static ALLOCS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations (including reallocations) of one slider step plus one frame into a
/// `TestBackend`, as the `frame` bench times it.
fn allocs_per_key_frame(screen: Screen, size: (u16, u16)) -> usize {
    let mut app = screen.app();
    let mut t = ratatui::Terminal::new(TestBackend::new(size.0, size.1)).expect("terminal");
    let mut s = Stepper::new();
    // Warm up: the first frames fill caches (Monte Carlo draws, buffers).
    for _ in 0..4 {
        s.step(&mut app);
        t.draw(|f| ui::draw(f, &app)).expect("draw");
    }
    let before = ALLOCS.load(Ordering::Relaxed);
    for _ in 0..10 {
        s.step(&mut app);
        t.draw(|f| ui::draw(f, &app)).expect("draw");
    }
    (ALLOCS.load(Ordering::Relaxed) - before) / 10
}

/// A `Write` that keeps nothing and counts what passes (shared: the backend owns the writer).
#[derive(Clone, Default)]
struct Counter {
    bytes: Rc<Cell<usize>>,
}

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.bytes.set(self.bytes.get() + buf.len());
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

struct Term {
    terminal: Terminal<CrosstermBackend<Counter>>,
    bytes: Rc<Cell<usize>>,
}

/// A fixed viewport: the size is ours, not asked of a (missing) tty.
fn terminal((w, h): (u16, u16)) -> Term {
    let counter = Counter::default();
    let bytes = counter.bytes.clone();
    let terminal = Terminal::with_options(
        CrosstermBackend::new(counter),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, w, h)),
        },
    )
    .expect("terminal");
    Term { terminal, bytes }
}

/// Bytes written by one `draw` of `app`.
fn draw(t: &mut Term, app: &App) -> usize {
    let before = t.bytes.get();
    t.terminal.draw(|f| ui::draw(f, app)).expect("draw");
    t.bytes.get() - before
}

struct Row {
    screen: Screen,
    size: (u16, u16),
    full: usize,
    up: usize,
    down: usize,
}

fn measure(screen: Screen, size: (u16, u16), color: bool) -> Row {
    let mut app = screen.app();
    app.color = color;
    let mut t = terminal(size);
    let full = draw(&mut t, &app);
    let mut s = Stepper::new();
    s.step(&mut app);
    let up = draw(&mut t, &app);
    s.step(&mut app);
    let down = draw(&mut t, &app);
    Row {
        screen,
        size,
        full,
        up,
        down,
    }
}

fn main() {
    // `cargo bench` passes `--bench`; a filter like the other benches' is not needed here.
    let mut worst: f64 = 0.0;
    for color in [true, false] {
        println!(
            "\nterminal bytes per slider step (GPUs ±1), {}",
            if color { "colour" } else { "NO_COLOR" }
        );
        println!(
            "{:<18} {:>8} {:>10} {:>10} {:>10}",
            "screen", "size", "full", "step up", "step/full"
        );
        for screen in Screen::ALL {
            for size in SIZES {
                let r = measure(screen, size, color);
                let ratio = r.up.max(r.down) as f64 / r.full as f64;
                worst = worst.max(ratio);
                println!(
                    "{:<18} {:>8} {:>10} {:>10} {:>9.1}%   (step down {} B)",
                    format!("{:?}", r.screen),
                    format!("{}x{}", r.size.0, r.size.1),
                    r.full,
                    r.up,
                    100.0 * ratio,
                    r.down
                );
            }
        }
    }
    // Other keys, for context: focus moves and the view switch.
    println!("\nother keys on the default screen, 120x40, colour");
    for (name, action) in [
        ("focus next (j)", Action::FocusNext),
        ("toggle view (Tab)", Action::NextView),
        ("cost basis ($)", Action::CycleCostBasis),
    ] {
        let mut app = Screen::Ruler.app();
        let mut t = terminal((120, 40));
        let full = draw(&mut t, &app);
        app.update(action);
        let b = draw(&mut t, &app);
        println!(
            "{name:<18} {b:>8} B  ({:.1}% of {full})",
            100.0 * b as f64 / full as f64
        );
    }
    println!("\nworst slider step / full redraw: {:.1}%", 100.0 * worst);
    println!("\nheap allocations per key→frame (slider step + draw into a TestBackend)");
    for screen in Screen::ALL {
        let counts: Vec<String> = SIZES
            .iter()
            .map(|&size| {
                format!(
                    "{}x{}: {}",
                    size.0,
                    size.1,
                    allocs_per_key_frame(screen, size)
                )
            })
            .collect();
        println!("{:<18} {}", format!("{screen:?}"), counts.join("   "));
    }
}
