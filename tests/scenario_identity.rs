//! The explorer keeps track of which scenario it shows: undo and redo give back its identity
//! (title, what `R` resets to, the `*` marks) with its inputs, a loaded run is not an edit, and
//! loading over unsaved edits asks first.

use agi_compute::app::{App, Mode};
use agi_compute::tui::headless::render_text;

use crate::support::explorer::app;

fn after(keys: &str) -> (App, String) {
    let mut a = app();
    let frame = render_text(&mut a, 120, 40, keys).expect("valid key script");
    (a, frame)
}

const LOAD_DEEPSEEK: &str = "p / deepseek Enter Enter";

#[test]
fn undo_after_loading_a_preset_gives_back_the_scenario_it_replaced() {
    let (a, frame) = after(&format!("{LOAD_DEEPSEEK} z"));
    assert_eq!(a.scenario.name, "meta-2024");
    assert_eq!(
        a.loaded.name, "meta-2024",
        "R would reset to another scenario"
    );
    assert!(!a.modified(), "the restored preset reads as modified");
    let title = frame.lines().next().unwrap_or_default();
    assert!(title.contains("Meta 2024 — 350k H100"), "{title}");
    assert!(!title.contains("modified"), "{title}");
    assert!(
        !frame
            .lines()
            .any(|l| l.contains("│* ") || l.contains("│▸*")),
        "an input is marked changed:\n{frame}"
    );
    // Redo brings DeepSeek-V3 back as loaded, and R keeps it.
    let (b, _) = after(&format!("{LOAD_DEEPSEEK} z Z R"));
    assert_eq!(b.scenario.name, "deepseek-v3");
    assert!(!b.modified());
}

#[test]
fn quitting_after_undoing_a_load_does_not_ask() {
    let (a, _) = after(&format!("{LOAD_DEEPSEEK} z q"));
    assert!(!a.running, "q asked to discard changes that are not there");
}

#[test]
fn a_loaded_run_is_not_a_modification() {
    // t browses the known runs; L loads the selected one.
    let (a, frame) = after("t L");
    let title = frame.lines().next().unwrap_or_default();
    assert!(title.contains("Grok-3 — as run"), "{title}");
    assert!(!title.contains("modified"), "{title}");
    assert!(!a.modified(), "a loaded run reads as modified");
    assert_eq!(
        a.loaded.title, a.scenario.title,
        "R would reset to another scenario"
    );
}

#[test]
fn loading_over_unsaved_edits_asks_and_n_keeps_them() {
    let (a, frame) = after(&format!("Right {LOAD_DEEPSEEK}"));
    assert!(matches!(a.mode, Mode::ConfirmLoad(_)), "{:?}", a.mode);
    assert!(frame.contains("Load over unsaved changes?"), "{frame}");
    assert!(frame.contains("unsaved changes: GPUs"), "{frame}");
    let (kept, _) = after(&format!("Right {LOAD_DEEPSEEK} n"));
    assert_eq!(kept.scenario.name, "meta-2024");
    assert!(kept.modified(), "n lost the edit");
    let (loaded, _) = after(&format!("Right {LOAD_DEEPSEEK} y"));
    assert_eq!(loaded.scenario.name, "deepseek-v3");
    // …and z gives back the edited scenario, still an edit of Meta 2024.
    let (back, _) = after(&format!("Right {LOAD_DEEPSEEK} y z"));
    assert_eq!(back.loaded.name, "meta-2024");
    assert!(back.modified());
}

/// With the year moved off the base year, the inputs shown are the year's card's (the ones every
/// result uses), marked with the year, at every size.
#[test]
fn the_year_shows_the_year_s_card() {
    use agi_compute::model::Field;
    use agi_compute::model::format::field_value;
    // j twelve times reaches Year; Enter 2028 Enter sets it.
    let keys = "j j j j j j j j j j j j Enter 2 0 2 8 Enter";
    for (w, h, peak, watts) in [
        (120, 40, "Peak in 2028", "Watts in 2028"),
        (200, 60, "Peak in 2028", "Watts in 2028"),
        (80, 24, "Peak'28", "Watts'28"),
    ] {
        let mut a = app();
        let frame =
            render_text(&mut a, w, h, &format!("{keys} k k k k k k k k k k k k")).expect("keys");
        let p = &a.evaluation.projection;
        assert_eq!(p.year, 2028.0);
        let want_peak = field_value(Field::Tflops, p.peak_tflops);
        assert!(
            p.peak_tflops > a.scenario.peak_tflops.value * 1.5,
            "{}",
            p.peak_tflops
        );
        let line = frame
            .lines()
            .find(|l| l.contains(peak))
            .unwrap_or_else(|| panic!("{w}×{h}: no '{peak}' row:\n{frame}"));
        assert!(
            line.contains(&want_peak),
            "{w}×{h}: {line} lacks {want_peak}"
        );
        assert!(!line.contains("989 TFLOP/s"), "{w}×{h}: {line}");
        // Watts is below the first rows: scroll to it.
        let frame = render_text(&mut a, w, h, "j j j j j j").expect("keys");
        let want_watts = field_value(Field::Watts, a.evaluation.projection.watts);
        let line = frame
            .lines()
            .find(|l| l.contains(watts))
            .unwrap_or_else(|| panic!("{w}×{h}: no '{watts}' row:\n{frame}"));
        assert!(
            line.contains(&want_watts),
            "{w}×{h}: {line} lacks {want_watts}"
        );
        if w >= 120 {
            let title = frame.lines().next().unwrap_or_default();
            assert!(title.contains("projected to 2028"), "{title}");
        }
    }
}
