//! Instruction counts per frame: one measurement run `N` times, with no timing, for callgrind.
//!
//! Instruction counts do not depend on what else the machine is doing, so the ratio of a
//! keypress→frame to the empty-frame floor measured this way is exact and repeatable. Run each
//! case twice, with `N` and with `0`; the difference divided by `N` is one iteration:
//!
//! ```sh
//! cargo bench --no-run --bench count
//! scripts/instructions.sh          # every case at every size, as a table
//! ```
//!
//! Under plain `cargo bench` (no case given) it prints the cases and exits.

mod common;

use agi_compute::ui;
use common::{Screen, Stepper};

use ratatui::Terminal;
use ratatui::backend::TestBackend;

const CASES: &str = "floor | replay | ruler | timeline | ruler_no_bands | timeline_no_bands|limits|feasibility|compare";

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let [case, size, n] = args.as_slice() else {
        println!("count CASE WxH N   (CASE: {CASES}); see benches/count.rs");
        return;
    };
    let Some((w, h)) = size
        .split_once('x')
        .and_then(|(w, h)| Some((w.parse().ok()?, h.parse().ok()?)))
    else {
        eprintln!("size must be WxH, like 80x24");
        std::process::exit(2);
    };
    let n: u32 = n.parse().unwrap_or(0);
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    let screen = match case.as_str() {
        "floor" => {
            t.draw(|_| {}).expect("draw");
            for _ in 0..n {
                t.draw(|_| {}).expect("draw");
            }
            return;
        }
        "replay" => {
            // The default screen's two finished frames written again, alternating: the least
            // any renderer of them costs (see `common::finished_frames`).
            let frames = common::finished_frames((w, h));
            for i in 0..n + 3 {
                let cells = &frames[(i % 2) as usize];
                t.draw(|f| common::replay(f.buffer_mut(), cells))
                    .expect("draw");
            }
            return;
        }
        "ruler" => Screen::Ruler,
        "timeline" => Screen::Timeline,
        "ruler_no_bands" => Screen::NoBands,
        "timeline_no_bands" => Screen::TimelineNoBands,
        "limits" => Screen::Limits,
        "feasibility" => Screen::Feasibility,
        "compare" => Screen::Compare,
        other => {
            eprintln!("unknown case {other:?}: {CASES}");
            std::process::exit(2);
        }
    };
    let mut app = screen.app();
    t.draw(|f| ui::draw(f, &app)).expect("draw");
    let mut s = Stepper::new();
    // Two warm-up steps, so every run, whatever its N, starts from the same state.
    for _ in 0..2 {
        s.step(&mut app);
        t.draw(|f| ui::draw(f, &app)).expect("draw");
    }
    for _ in 0..n {
        s.step(&mut app);
        t.draw(|f| ui::draw(f, &app)).expect("draw");
    }
}
