//! Time benchmarks (divan): keypress → frame, its parts, the empty-frame floor and start-up.
//!
//! `cargo bench --bench frame` runs them all (about a minute); BENCHMARKS.md has the results.
//! Read key→frame against `floor` at the same size: the ratio holds on noisy machines where
//! absolute times do not. Allocations per frame are counted by the `bytes` bench (a counting
//! allocator here would slow every allocation of the frame and none of the floor's).

mod common;

use agi_compute::app::{Action, App, BandsInbox};
use agi_compute::model::uncertainty::{DEFAULT_SAMPLES, DEFAULT_SEED, monte_carlo};
use agi_compute::presets::Catalog;
use agi_compute::ui;
use common::{SIZES, Screen, Stepper, default_scenario};
use divan::{Bencher, black_box};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn main() {
    // 500 samples (divan's default is 100): steadier medians on a shared 2-core machine, and the
    // whole run still takes seconds. `--sample-count N` on the command line overrides it.
    divan::Divan::default()
        .sample_count(500)
        .config_with_args()
        .main();
}

fn terminal((w, h): (u16, u16)) -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(w, h)).expect("test backend")
}

/// The floor: `Terminal::draw` of an empty frame (buffer reset, diff, backend write, flush).
#[divan::bench(args = SIZES)]
fn floor(bencher: Bencher, size: (u16, u16)) {
    let mut t = terminal(size);
    bencher.bench_local(|| {
        t.draw(|_| {}).expect("draw");
    });
}

/// The least any renderer of the default screen could cost: its finished frames (before and
/// after a slider step, alternating) written again cell by cell, with the cheapest write there
/// is and no layout or formatting at all, then reset, diff and flush as usual.
#[divan::bench(args = SIZES)]
fn replay(bencher: Bencher, size: (u16, u16)) {
    let frames = common::finished_frames(size);
    let mut t = terminal(size);
    let mut i = 0;
    bencher.bench_local(|| {
        i += 1;
        let cells = &frames[i % 2];
        t.draw(|f| common::replay(f.buffer_mut(), cells))
            .expect("draw");
    });
}

/// Keypress → frame: one slider step through `App::update`, then a full `draw`. With bands on,
/// the app is set up as the explorer sets it: the step leaves the bands to the worker thread
/// and the frame shows "…" where they go (what the user waits for; the worker's own time is
/// `parts::monte_carlo_default`, and `ruler_then_bands` measures both frames).
#[divan::bench_group]
mod key_frame {
    use super::*;

    fn run(bencher: Bencher, screen: Screen, size: (u16, u16)) {
        let mut app = screen.app();
        app.bands_inbox = Some(BandsInbox::default());
        let mut t = terminal(size);
        t.draw(|f| ui::draw(f, &app)).expect("draw");
        let mut s = Stepper::new();
        bencher.bench_local(|| {
            s.step(&mut app);
            t.draw(|f| ui::draw(f, &app)).expect("draw");
        });
    }

    /// The default screen (meta-2024: bands on).
    #[divan::bench(args = SIZES)]
    fn ruler(bencher: Bencher, size: (u16, u16)) {
        run(bencher, Screen::Ruler, size);
    }

    /// The default screen with the bands worked out in the update, before the frame (what
    /// every keypress paid before the worker; headless surfaces still do this).
    #[divan::bench(args = SIZES)]
    fn ruler_bands_in_update(bencher: Bencher, size: (u16, u16)) {
        let mut app = Screen::Ruler.app();
        let mut t = terminal(size);
        t.draw(|f| ui::draw(f, &app)).expect("draw");
        let mut s = Stepper::new();
        bencher.bench_local(|| {
            s.step(&mut app);
            t.draw(|f| ui::draw(f, &app)).expect("draw");
        });
    }

    /// Keypress → the frame with "…" → the bands worked out (here, on this thread) → the frame
    /// with them: everything the explorer does for one key, on one core.
    #[divan::bench(args = SIZES)]
    fn ruler_then_bands(bencher: Bencher, size: (u16, u16)) {
        let mut app = Screen::Ruler.app();
        let inbox = BandsInbox::default();
        app.bands_inbox = Some(inbox.clone());
        let mut t = terminal(size);
        t.draw(|f| ui::draw(f, &app)).expect("draw");
        let mut s = Stepper::new();
        bencher.bench_local(|| {
            s.step(&mut app);
            t.draw(|f| ui::draw(f, &app)).expect("draw");
            let job = app
                .evaluation
                .waiting_bands()
                .expect("bands awaited")
                .clone();
            let bands = job.run();
            inbox.post(job, bands);
            app.update(Action::BandsReady);
            assert!(!app.evaluation.bands_pending());
            t.draw(|f| ui::draw(f, &app)).expect("draw");
        });
    }

    /// The timeline view (Tab), bands on.
    #[divan::bench(args = SIZES)]
    fn timeline(bencher: Bencher, size: (u16, u16)) {
        run(bencher, Screen::Timeline, size);
    }

    /// The Limits view (Tab Tab), bands on.
    #[divan::bench(args = SIZES)]
    fn limits(bencher: Bencher, size: (u16, u16)) {
        run(bencher, Screen::Limits, size);
    }

    /// The Feasibility view (Tab Tab Tab), bands on: a GPU step leaves its years as they are.
    #[divan::bench(args = SIZES)]
    fn feasibility(bencher: Bencher, size: (u16, u16)) {
        run(bencher, Screen::Feasibility, size);
    }

    /// The comparison of A with two pins, bands on: each step rebuilds the lineup.
    #[divan::bench(args = SIZES)]
    fn compare(bencher: Bencher, size: (u16, u16)) {
        run(bencher, Screen::Compare, size);
    }

    /// The default screen with no ranges: no Monte Carlo.
    #[divan::bench(args = SIZES)]
    fn ruler_no_bands(bencher: Bencher, size: (u16, u16)) {
        run(bencher, Screen::NoBands, size);
    }

    /// The timeline with no ranges.
    #[divan::bench(args = SIZES)]
    fn timeline_no_bands(bencher: Bencher, size: (u16, u16)) {
        run(bencher, Screen::TimelineNoBands, size);
    }
}

/// The parts of key→frame: the update alone, the draw alone (same frame each time).
#[divan::bench_group]
mod parts {
    use super::*;

    /// `App::update` for one slider step (with bands on this includes the Monte Carlo).
    #[divan::bench(args = [Screen::Ruler, Screen::NoBands])]
    fn update(bencher: Bencher, screen: Screen) {
        let mut app = screen.app();
        let mut s = Stepper::new();
        bencher.bench_local(|| s.step(&mut app));
    }

    /// The Monte Carlo of the default scenario alone (`DEFAULT_SAMPLES` samples over its ranges).
    #[divan::bench]
    fn monte_carlo_default(bencher: Bencher) {
        let catalog = Catalog::embedded();
        let s = default_scenario(&catalog);
        let (inputs, ranges) = (s.inputs(), s.ranges());
        bencher.bench_local(|| {
            monte_carlo(
                black_box(&inputs),
                black_box(&ranges),
                DEFAULT_SAMPLES,
                DEFAULT_SEED,
            )
        });
    }

    /// The same with new draws every time (another seed): what a changed range, a loaded
    /// scenario or the first frame after start pays; the kept draws make every other run cheap.
    #[divan::bench]
    fn monte_carlo_new_draws(bencher: Bencher) {
        let catalog = Catalog::embedded();
        let s = default_scenario(&catalog);
        let (inputs, ranges) = (s.inputs(), s.ranges());
        let mut seed = 0;
        bencher.bench_local(|| {
            seed += 1;
            monte_carlo(
                black_box(&inputs),
                black_box(&ranges),
                DEFAULT_SAMPLES,
                seed,
            )
        });
    }

    /// `Terminal::draw` of the default screen without an update: rendering + diff only.
    #[divan::bench(args = SIZES)]
    fn draw_ruler(bencher: Bencher, size: (u16, u16)) {
        let app = Screen::Ruler.app();
        let mut t = terminal(size);
        bencher.bench_local(|| {
            t.draw(|f| ui::draw(f, &app)).expect("draw");
        });
    }

    /// `ui::render` of the default screen into a cleared buffer: the drawing alone, no diff.
    #[divan::bench(args = SIZES)]
    fn render_ruler(bencher: Bencher, size: (u16, u16)) {
        let app = Screen::Ruler.app();
        let area = ratatui::layout::Rect::new(0, 0, size.0, size.1);
        let mut buf = ratatui::buffer::Buffer::empty(area);
        bencher.bench_local(|| {
            buf.reset();
            ui::render(area, &mut buf, &app);
        });
    }

    /// `Terminal::draw` of the timeline without an update.
    #[divan::bench(args = SIZES)]
    fn draw_timeline(bencher: Bencher, size: (u16, u16)) {
        let app = Screen::Timeline.app();
        let mut t = terminal(size);
        bencher.bench_local(|| {
            t.draw(|f| ui::draw(f, &app)).expect("draw");
        });
    }
}

/// Start-up work, in the order the binary does it.
#[divan::bench_group]
mod startup {
    use super::*;

    /// Parsing and validating every embedded preset file.
    #[divan::bench]
    fn catalog_embedded() -> Catalog {
        Catalog::embedded()
    }

    /// `App::new` on a parsed catalog (trend fit + Monte Carlo; the draws are kept from the
    /// previous iteration, so this is the warm cost: a fresh process adds `monte_carlo_new_draws`).
    #[divan::bench]
    fn app_new(bencher: Bencher) {
        let catalog = Catalog::embedded();
        let scenario = default_scenario(&catalog);
        bencher
            .with_inputs(|| (catalog.clone(), scenario.clone()))
            .bench_local_values(|(c, s)| App::new(c, s));
    }

    /// Everything up to the first frame at 120×40: catalog, `App::new`, terminal, `draw` (warm
    /// Monte Carlo draws, as above; `agi-compute render` under hyperfine measures a cold start).
    #[divan::bench]
    fn first_frame() {
        let catalog = Catalog::embedded();
        let scenario = default_scenario(&catalog);
        let app = App::new(catalog, scenario);
        let mut t = terminal((120, 40));
        t.draw(|f| ui::draw(f, &app)).expect("draw");
        black_box(&t);
    }
}
