//! Rendered frames at fixed sizes (insta snapshots), mouse hit-testing and slider properties.
//! Frames go through the same event → Action → update → draw path as the real terminal.

use agi_compute::app::{Action, App, Mode, slider};
use agi_compute::model::{Field, Output};
use agi_compute::presets::{Catalog, DEFAULT_SCENARIO, Problem};
use agi_compute::tui::headless::{frame_text, render_text};
use agi_compute::tui::input::action_for;
use agi_compute::ui::layout::{Screen, layout};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

use crate::support::explorer::app;

/// Replays keys through the real mapping and returns the frame as text.
fn screen(keys: &str, w: u16, h: u16) -> String {
    let mut a = app();
    render_text(&mut a, w, h, keys).expect("valid key script")
}

#[test]
fn default_screen_120x40() {
    insta::assert_snapshot!(screen("", 120, 40));
}

#[test]
fn default_screen_80x24() {
    insta::assert_snapshot!(screen("", 80, 24));
}

#[test]
fn smallest_supported_screen_60x20() {
    insta::assert_snapshot!(screen("", 60, 20));
}

#[test]
fn wide_screen_200x60() {
    insta::assert_snapshot!(screen("", 200, 60));
}

#[test]
fn help_overlay() {
    insta::assert_snapshot!(screen("?", 120, 40));
}

#[test]
fn preset_picker() {
    insta::assert_snapshot!(screen("p j j", 120, 40));
}

#[test]
fn picker_loads_the_chosen_scenario() {
    let mut a = app();
    render_text(&mut a, 120, 40, "p j j Enter").unwrap();
    assert_eq!(a.scenario.name, "llama-3.1-405b");
    assert!(!a.modified());
    assert_eq!(a.mode, Mode::Normal);
}

#[test]
fn value_entry_with_an_error() {
    insta::assert_snapshot!(screen("j j j Enter 1 5 0 Enter", 120, 40));
}

#[test]
fn value_entry_in_progress_80x24() {
    insta::assert_snapshot!(screen("Enter 1 6 k", 80, 24));
}

#[test]
fn scripted_sequence_select_mfu_step_up_three_times_type_gpu_count() {
    let mut a = app();
    let text = render_text(&mut a, 120, 40, "j j j l l l k k k Enter 1 6 3 8 4 Enter").unwrap();
    assert_eq!(a.inputs().mfu, 0.43);
    assert_eq!(a.inputs().gpus, 16_384.0);
    assert_eq!(a.focus, Field::Gpus);
    assert!(a.modified());
    insta::assert_snapshot!(text);
}

#[test]
fn too_small_message() {
    insta::assert_snapshot!(screen("", 59, 20));
    insta::assert_snapshot!(screen("", 40, 10));
}

#[test]
fn degenerate_sizes_do_not_panic() {
    for (w, h) in [
        (0, 0),
        (1, 1),
        (0, 40),
        (120, 0),
        (1, 40),
        (60, 19),
        (59, 100),
        (300, 100),
        (300, 120),
    ] {
        let mut a = app();
        let _ = render_text(&mut a, w, h, "j l ? Esc p Esc Enter 5 Enter").unwrap();
    }
}

#[test]
fn problems_panel_lists_broken_files() {
    let mut catalog = Catalog::embedded();
    catalog.problems.push(
        Problem::new(
            "/home/me/.config/agi-compute/presets/mine.ron",
            "expected float",
        )
        .at(7, 12),
    );
    let scenario = catalog.scenario(DEFAULT_SCENARIO).unwrap().scenario.clone();
    let mut a = App::new(catalog, scenario);
    a.color = false;
    assert_eq!(a.mode, Mode::Problems);
    insta::assert_snapshot!(frame_text(&a, 100, 30));
    a.update(Action::Back);
    assert_eq!(a.mode, Mode::Normal);
}

#[test]
fn accelerator_cycle_and_fp8() {
    let mut a = app();
    let text = render_text(&mut a, 120, 40, "a f").unwrap();
    assert_eq!(a.scenario.accelerator.as_deref(), Some("h100-pcie"));
    assert_eq!(a.inputs().peak_tflops, 1513.0);
    assert_eq!(a.inputs().gpus, 350_000.0, "GPU count is kept");
    insta::assert_snapshot!(text);
}

#[test]
fn reset_field_and_scenario() {
    let mut a = app();
    render_text(&mut a, 120, 40, "l l j l r").unwrap();
    assert_eq!(a.inputs().price_usd, 27_500.0);
    assert_ne!(a.inputs().gpus, 350_000.0);
    render_text(&mut a, 120, 40, "R").unwrap();
    assert!(!a.modified());
}

/// The focused slider's styling (reverse label, accent knob) in a Debug snapshot of the buffer.
#[test]
fn focused_slider_styles() {
    let mut a = app();
    a.color = true;
    let mut t = Terminal::new(TestBackend::new(60, 20)).unwrap();
    t.draw(|f| agi_compute::ui::draw(f, &a)).unwrap();
    let buf = t.backend().buffer();
    // Only the first two slider rows: the focused one and an unfocused one.
    let mut rows = ratatui::buffer::Buffer::empty(Rect::new(0, 0, 34, 2));
    for y in 0..2 {
        for x in 0..34 {
            rows[(x, y)] = buf[(x, y + 2)].clone();
        }
    }
    insta::assert_debug_snapshot!(rows);
}

fn click(kind: MouseEventKind, col: u16, row: u16) -> Event {
    Event::Mouse(MouseEvent {
        kind,
        column: col,
        row,
        modifiers: KeyModifiers::NONE,
    })
}

#[test]
fn mouse_click_on_a_track_sets_the_value() {
    let area = Rect::new(0, 0, 120, 40);
    let mut a = app();
    let s: Screen = layout(area, &a);
    let gpus = s
        .rows
        .iter()
        .find(|r| r.field == Field::Gpus)
        .unwrap()
        .track;
    // Both ends of the track are the ends of the range.
    let down = MouseEventKind::Down(MouseButton::Left);
    a.update(action_for(&click(down, gpus.x, gpus.y), &a, area).unwrap());
    assert_eq!(a.inputs().gpus, 1.0);
    a.update(action_for(&click(down, gpus.right() - 1, gpus.y), &a, area).unwrap());
    assert_eq!(a.inputs().gpus, 1e9);
    // At 120 columns the track has 32 cells: cell 15 is t = 15/31, on a log track from 1 to 1e9
    // that is 10^(9 × 15/31) = 10^4.355 ≈ 22,635, snapped to two digits: 23,000.
    assert_eq!(gpus.width, 32);
    a.update(action_for(&click(down, gpus.x + 15, gpus.y), &a, area).unwrap());
    assert_eq!(a.inputs().gpus, 23_000.0);
    // Dragging onto the MFU track focuses and sets MFU; on the linear track from 1 % to 100 %,
    // cell 15 of 32 is 1 % + 15/31 × 99 % = 48.9 %, snapped to whole points: 49 %.
    let mfu = s.rows.iter().find(|r| r.field == Field::Mfu).unwrap();
    let drag = MouseEventKind::Drag(MouseButton::Left);
    let release = MouseEventKind::Up(MouseButton::Left);
    a.update(action_for(&click(release, gpus.x + 15, gpus.y), &a, area).unwrap());
    a.update(action_for(&click(drag, mfu.track.x + 15, mfu.row.y), &a, area).unwrap());
    assert_eq!(a.focus, Field::Mfu);
    assert_eq!(a.inputs().mfu, 0.49);
    // Clicking a label only focuses.
    let days = s.rows.iter().find(|r| r.field == Field::Days).unwrap();
    a.update(action_for(&click(down, days.label.x + 2, days.row.y), &a, area).unwrap());
    assert_eq!(a.focus, Field::Days);
    assert_eq!(a.inputs().days, 90.0);
    // The wheel steps the input under the pointer without moving focus.
    let up = click(MouseEventKind::ScrollUp, mfu.label.x, mfu.row.y);
    a.update(action_for(&up, &a, area).unwrap());
    assert_eq!(a.inputs().mfu, 0.5);
    assert_eq!(a.focus, Field::Days);
}

#[test]
fn mouse_outside_sliders_does_nothing() {
    let area = Rect::new(0, 0, 120, 40);
    let a = app();
    let e = click(MouseEventKind::Down(MouseButton::Left), 100, 30);
    assert_eq!(action_for(&e, &a, area), None);
}

#[test]
fn keys_follow_the_brief() {
    let mut a = app();
    render_text(&mut a, 120, 40, "H").unwrap(); // Shift+h arrives as 'H': a coarse step down
    assert!(a.inputs().gpus < 350_000.0 / 1.5);
    render_text(&mut a, 120, 40, "R ] ").unwrap();
    assert_eq!(a.inputs().gpus, 3_500_000.0);
    render_text(&mut a, 120, 40, "Home").unwrap();
    assert_eq!(a.inputs().gpus, 1.0);
    render_text(&mut a, 120, 40, "End").unwrap();
    assert_eq!(a.inputs().gpus, 1e9);
    render_text(&mut a, 120, 40, "q").unwrap();
    assert!(a.running, "unsaved changes: q asks first");
    render_text(&mut a, 120, 40, "y").unwrap();
    assert!(!a.running);
    let mut b = app();
    render_text(&mut b, 120, 40, "? Esc").unwrap();
    assert!(b.running, "Esc closes the overlay");
    render_text(&mut b, 120, 40, "Esc").unwrap();
    assert!(b.running, "Esc never quits the main screen");
    let mut c = app();
    render_text(&mut c, 120, 40, "Enter C-c").unwrap();
    assert!(!c.running, "Ctrl-C quits even while typing");
    let mut d = app();
    render_text(&mut d, 120, 40, "Tab").unwrap();
    assert_eq!(d.view, agi_compute::app::View::Timeline);
    render_text(&mut d, 120, 40, "Tab").unwrap();
    assert_eq!(d.view, agi_compute::app::View::Limits);
    render_text(&mut d, 120, 40, "Tab").unwrap();
    assert_eq!(d.view, agi_compute::app::View::Feasibility);
    render_text(&mut d, 120, 40, "Tab").unwrap();
    assert_eq!(d.view, agi_compute::app::View::Ruler);
    render_text(&mut d, 120, 40, "BackTab").unwrap();
    assert_eq!(d.view, agi_compute::app::View::Feasibility);
}

fn field() -> impl Strategy<Value = Field> {
    proptest::sample::select(Field::ALL.to_vec())
}

proptest! {
    #[test]
    fn slider_value_position_value_round_trip(f in field(), t in 0.0f64..=1.0) {
        let v = slider::from_t_exact(f, t);
        let back = slider::to_t(f, v);
        prop_assert!((back - t).abs() < 1e-9, "{f:?} t={t} v={v} back={back}");
        let v2 = slider::from_t_exact(f, back);
        prop_assert!(((v2 - v) / v.max(1e-12)).abs() < 1e-9);
    }

    #[test]
    fn slider_mapping_is_monotonic(f in field(), a in 0.0f64..=1.0, b in 0.0f64..=1.0) {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        prop_assert!(slider::from_t(f, lo) <= slider::from_t(f, hi));
        prop_assert!(slider::from_t_exact(f, lo) <= slider::from_t_exact(f, hi));
        prop_assert!(slider::to_t(f, slider::from_t_exact(f, lo)) <= slider::to_t(f, slider::from_t_exact(f, hi)) + 1e-12);
    }

    #[test]
    fn steps_move_the_right_way_and_stay_valid(f in field(), t in 0.0f64..=1.0, n in 1i32..30) {
        let v = slider::from_t(f, t);
        let up = slider::step(f, v, n as f64);
        let down = slider::step(f, v, -(n as f64));
        prop_assert!(up >= v && down <= v);
        prop_assert!(f.accepts(up) && f.accepts(down), "{f:?} {v} → {up} / {down}");
        if v < f.spec().max {
            prop_assert!(up > v, "{f:?}: a step up from {v} must move");
        }
    }
}

/// The goal prompt's help lists every kind of target, the last one too, at every size: the
/// popup grows to hold it (it used to stop mid-sentence at "90% goodput: GPUs,").
#[test]
fn goal_seek_help_is_shown_whole() {
    for (w, h) in [(60, 20), (80, 24), (120, 40), (200, 60)] {
        let mut a = app();
        let text = render_text(&mut a, w, h, "g").unwrap();
        // The popup's inside: the columns between its borders, from its title to its foot.
        let rows: Vec<Vec<char>> = text.lines().map(|l| l.chars().collect()).collect();
        let top = rows
            .iter()
            .position(|r| r.iter().collect::<String>().contains("Goal seek for GPUs"))
            .expect("the goal prompt");
        let left = rows[top]
            .iter()
            .position(|&c| c == '┌')
            .expect("its corner");
        let right = left
            + 1
            + rows[top][left + 1..]
                .iter()
                .position(|&c| c == '┐')
                .expect("corner");
        let popup: String = rows[top + 1..]
            .iter()
            .take_while(|r| r.get(left) != Some(&'└'))
            .map(|r| {
                r[left + 1..right]
                    .iter()
                    .collect::<String>()
                    .trim()
                    .to_string()
            })
            .collect::<Vec<_>>()
            .join(" ");
        for kind in [
            "1e27;",
            "10x llama-3.1-405b",
            "90% goodput",
            "1e27 useful",
            "1e15 tokens/day: GPUs)",
        ] {
            assert!(
                popup.contains(kind),
                "{w}x{h}: {kind} missing from\n{popup}\n{text}"
            );
        }
        if (w, h) != (200, 60) {
            insta::assert_snapshot!(format!("goal_seek_help_{w}x{h}"), text);
        }
    }
}

#[test]
fn goal_seek_prompt_answer_and_apply() {
    let mut a = app();
    let typed = "g 1 0 x Space l l a m a - 3 . 1 - 4 0 5 b Enter";
    let text = render_text(&mut a, 120, 40, typed).unwrap();
    assert!(text.contains("needs 124 k NVIDIA H100"), "{text}");
    insta::assert_snapshot!(text);
    render_text(&mut a, 120, 40, "Enter").unwrap();
    // 3.8e26 / (989e12 × 0.4 × 90 × 86400) = 123,529.3 → rounded up to 123,530 GPUs.
    assert_eq!(a.inputs().gpus, 123_530.0);
    assert_eq!(a.mode, Mode::Normal);
}

#[test]
fn goal_seek_explains_an_impossible_answer() {
    let mut a = app();
    let text = render_text(&mut a, 120, 40, "j j j g 1 e 2 8 Enter").unwrap();
    assert!(text.contains("MFU would be 372 %: above 100 %"), "{text}");
    insta::assert_snapshot!(text);
    render_text(&mut a, 120, 40, "Enter Esc").unwrap();
    assert_eq!(a.inputs().mfu, 0.4, "nothing applied");
}

#[test]
fn compare_panel_a_vs_b() {
    insta::assert_snapshot!(screen("c j l l l j j j [", 120, 40));
    insta::assert_snapshot!(screen("c j l l l", 80, 24));
}

/// Bands have a column of their own under a "5–95 %" heading where the panel is wide, and are
/// bracketed after the value elsewhere; setting MFU by hand takes the training FLOP's band,
/// and the panel says so where the band was (and on the Bands row, at every size).
#[test]
fn bands_in_their_column_and_a_band_gone_by_hand() {
    for (w, h) in [(60, 20), (80, 24), (120, 40), (200, 60)] {
        insta::assert_snapshot!(
            format!("bands_mfu_by_hand_{w}x{h}"),
            screen("j j j l", w, h)
        );
    }
}

/// The compare panel's rows: the lines right of the inputs panel, between its borders.
fn compare_lines(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|l| l.split_once("││").map(|(_, r)| r.trim_end_matches('│')))
        .collect()
}

/// `c` pins the live scenario, `c` in the picker pins a preset or a known run without loading
/// it: A and each pin side by side, goodput and the run after failures among the rows at every
/// size, a card that differs named first among the inputs that differ, nothing cut with "…";
/// a panel too narrow for every pin shows those that fit whole and `b` shows the next. `X`
/// unpins the last.
#[test]
fn compare_pins_several_scenarios() {
    // One pin: the live scenario, then A's price moved. Two: the live one and DeepSeek-V3,
    // A on another card. Four: those, the last known run and the 600k preset.
    let deepseek = {
        let c = Catalog::embedded();
        let i = c
            .scenarios
            .iter()
            .position(|e| e.scenario.name == "deepseek-v3")
            .expect("deepseek-v3 is a preset");
        vec!["j"; i].join(" ")
    };
    let scripts = [
        (1, "c j l l l".to_string()),
        (2, format!("c p {deepseek} c a")),
        (4, format!("c p {deepseek} c p End c p j c a")),
    ];
    for (pins, keys) in &scripts {
        for (w, h) in [(60, 20), (80, 24), (120, 40), (200, 60)] {
            let mut a = app();
            let text = render_text(&mut a, w, h, keys).expect("valid key script");
            assert_eq!(a.pinned.len(), *pins, "{keys}");
            let lineup = a.lineup.as_ref().expect("a lineup while pinned");
            assert_eq!(lineup.columns.len(), pins + 1);
            let panel = compare_lines(&text);
            let panel_text = panel.join("\n");
            for row in ["Goodput", "inputs A"] {
                assert!(panel_text.contains(row), "{row} at {w}×{h}:\n{text}");
            }
            assert!(
                panel_text.contains("Useful") || panel_text.contains("After failures"),
                "no run after failures at {w}×{h}:\n{text}"
            );
            assert!(
                !panel_text.contains('…'),
                "cut in the compare panel at {w}×{h}:\n{text}"
            );
            if *pins > 1 {
                // A moved to another card: every pin shown names the card first.
                assert!(panel_text.contains(": card,"), "{w}×{h}:\n{text}");
            }
            insta::assert_snapshot!(format!("compare_{pins}_pins_{w}x{h}"), text);
        }
    }
    // At 60×20 four pins show one at a time, the newest first; b shows the next, then B.
    let mut a = app();
    let text = render_text(&mut a, 60, 20, &scripts[2].1).expect("valid key script");
    assert!(text.contains("A vs E · b: B, C, D"), "{text}");
    let text = render_text(&mut a, 60, 20, "b").expect("valid key script");
    assert!(text.contains("A vs B · b: C, D, E"), "{text}");
    render_text(&mut a, 60, 20, "X").expect("valid key script");
    assert_eq!(a.pinned.len(), 3, "X unpins the last");
    assert_eq!(a.lineup.as_ref().map(|l| l.columns.len()), Some(4));
    render_text(&mut a, 60, 20, "X X X").expect("valid key script");
    assert!(
        a.pinned.is_empty() && a.lineup.is_none(),
        "the last X closes it"
    );
    // A follows the live scenario and the cost basis leads the rows: the lineup is rebuilt
    // in update.
    let mut a = app();
    render_text(&mut a, 80, 24, "c l $").expect("valid key script");
    let l = a.lineup.as_ref().expect("pinned");
    assert_eq!(
        l.columns[0].evaluation.inputs.gpus,
        a.evaluation.inputs.gpus
    );
    assert_ne!(
        l.columns[0].evaluation.inputs.gpus,
        l.columns[1].evaluation.inputs.gpus
    );
    assert_eq!(l.rows[0].output, a.cost_basis.output());
    assert_eq!(l.rows[0].output, Output::ClusterCost);
    assert_eq!(l.differs_text(1), "A≠B: GPUs");
}

#[test]
fn timeline_view() {
    insta::assert_snapshot!(screen("Tab", 120, 40));
    insta::assert_snapshot!(screen("Tab", 80, 24));
}

/// The year is an ordinary slider with typed entry; the timeline then draws the scenario at
/// its year beside where it sat at its base year, and the results show effective compute, the
/// fleet split and serving. The three shares stay at 100 % when one is typed.
#[test]
fn year_and_allocation_in_the_explorer() {
    let to_year = "j j j j j j j j j j j j";
    let text = screen(
        &format!("{to_year} Enter 2 0 2 8 Enter j j Enter 3 0 % Enter Tab"),
        120,
        40,
    );
    assert!(text.contains("◆ scenario in 2028"), "{text}");
    assert!(text.contains("◇ as of 2024"), "{text}");
    assert!(text.contains("70/0/30 %  run/exp/srv"), "{text}");
    // The ranged inputs (PUE's range runs from its value to one end; the watts span the other
    // power bases; the serving MFU's is the sourced default's) and the trends' intervals.
    assert!(text.contains("from 11 ranges"), "{text}");
    insta::assert_snapshot!("year_2028_inference_30_120x40", text);
}

#[test]
fn browsing_runs_on_a_low_screen_uses_it_all() {
    // At 80×24 the table takes the sliders' place while it has the keys; a run's detail
    // scrolls (PgDn) and says how many lines are below.
    insta::assert_snapshot!(screen("t", 80, 24));
    let detail = screen("t Enter", 80, 24);
    assert!(detail.contains("more lines · PgDn"), "{detail}");
    insta::assert_snapshot!(screen("t Enter PgDn", 80, 24));
    assert!(
        screen("t", 120, 40).contains("Inputs"),
        "tall screens keep the sliders"
    );
}

/// The picker offers the known runs as scenarios after the presets; Enter loads a run's record,
/// the same scenario as `--from-run`.
#[test]
fn picker_loads_a_known_run_as_a_scenario() {
    let list = screen("p / g p t - 4 Enter j", 120, 40);
    assert!(list.contains("▸run: gpt-4"), "{list}");
    assert!(list.contains("2 of "), "{list}");
    let loaded = screen("p / g p t - 4 Enter j Enter", 120, 40);
    assert!(loaded.contains("GPT-4 — as run"), "{loaded}");
    let out = crate::support::binary::bin()
        .args(["eval", "--from-run", "gpt-4", "--format", "json"])
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let flop = agi_compute::model::Output::TotalFlop.text(v["total_flop"].as_f64());
    assert!(
        loaded.contains(&format!("Training run      {flop}")),
        "{flop}\n{loaded}"
    );
    insta::assert_snapshot!(list);
}

#[test]
fn cards_overlay() {
    insta::assert_snapshot!(screen("C", 120, 40));
    insta::assert_snapshot!(screen("C", 80, 24));
    // $ re-ranks on the next basis; j scrolls; Esc closes.
    insta::assert_snapshot!(screen("C $ $ j", 120, 40));
    assert_eq!(screen("C Esc", 120, 40), screen("", 120, 40));
}

#[test]
fn limits_view() {
    insta::assert_snapshot!(screen("Tab Tab", 120, 40));
    insta::assert_snapshot!(screen("Tab Tab", 80, 24));
    insta::assert_snapshot!(screen("Tab Tab", 200, 60));
    // Shift+Tab goes back: limits → timeline.
    assert_eq!(screen("Tab Tab BackTab", 120, 40), screen("Tab", 120, 40));
}

#[test]
fn feasibility_view() {
    // After Limits: the largest run each constraint allows from 2024 to 2035 for a run as long
    // as the scenario's, the scenario placed at its year.
    insta::assert_snapshot!(screen("Tab Tab Tab", 120, 40));
    insta::assert_snapshot!(screen("Tab Tab Tab", 80, 24));
    insta::assert_snapshot!(screen("Tab Tab Tab", 200, 60));
    assert_eq!(screen("Tab Tab Tab Tab", 120, 40), screen("", 120, 40));
    // The scenario's length moves the bands: 180 days double power and chips.
    let mut a = app();
    render_text(&mut a, 120, 40, "Tab Tab Tab").unwrap();
    let before = a.feasibility.clone().expect("worked out when shown");
    render_text(&mut a, 120, 40, "j j j j Enter 1 8 0 Enter").unwrap();
    assert_eq!(a.inputs().days, 180.0);
    let after = a.feasibility.clone().unwrap();
    use agi_compute::analysis::feasibility::Constraint;
    let r = after.years[6].row(Constraint::Chips).median_flop
        / before.years[6].row(Constraint::Chips).median_flop;
    assert!((r - 2.0).abs() < 1e-9, "{r}");
}

#[test]
fn feasibility_view_keys_move_the_year_and_the_assumptions() {
    use agi_compute::analysis::feasibility::Constraint;
    let mut a = app();
    render_text(&mut a, 120, 40, "Tab Tab Tab").unwrap();
    let published = a.feasibility.clone().expect("shown");
    // > > from the scenario's 2024: the detail lines describe 2026; < never leaves the view.
    let frame = render_text(&mut a, 120, 40, "> >").unwrap();
    assert_eq!(a.feasibility_knobs.year, Some(2026));
    assert!(frame.contains("▸ 2026: largest run"), "{frame}");
    assert!(frame.contains("on the cluster basis"), "{frame}");
    assert!(
        frame.contains("bandwidth: Distributed power assumes 4 to 20 Pbps"),
        "{frame}"
    );
    render_text(&mut a, 120, 40, "< < < < < <").unwrap();
    assert_eq!(a.feasibility_knobs.year, Some(2024));
    // + + from the published 2.6 GW campus: 3 GW, then 5 GW in every year; - back to 3 GW.
    render_text(&mut a, 120, 40, "+ +").unwrap();
    let five = a.feasibility.clone().unwrap();
    assert_eq!(five.assumptions.campus_gw, Some(5.0));
    render_text(&mut a, 120, 40, "-").unwrap();
    let three = a.feasibility.clone().unwrap();
    for (f, t) in five.years.iter().zip(&three.years) {
        let r =
            f.row(Constraint::PowerCampus).median_flop / t.row(Constraint::PowerCampus).median_flop;
        assert!((r - 5.0 / 3.0).abs() < 1e-9, "{} {r}", f.year);
    }
    // v: the developer's share next, a step down from the published 33 %.
    let frame = render_text(&mut a, 120, 40, "v -").unwrap();
    assert!(frame.contains("▸lab share 30 %"), "{frame}");
    let share = a.feasibility.clone().unwrap();
    assert_eq!(share.assumptions.lab_share, Some(0.3));
    // x: every assumption back to the published distributions, the same years as at first.
    render_text(&mut a, 120, 40, "x").unwrap();
    assert_eq!(a.feasibility.as_ref().unwrap().years, published.years);
    // The keys do nothing in another view.
    render_text(&mut a, 120, 40, "Tab + >").unwrap();
    assert_eq!(a.feasibility_knobs.set, Default::default());
    assert_eq!(a.feasibility_knobs.year, Some(2024));
}

/// The binding limit of every built-in preset, in one snapshot: which limit binds first and by
/// how much.
#[test]
fn binding_limit_of_every_preset() {
    let catalog = Catalog::embedded();
    let reference = agi_compute::analysis::evaluation::Reference::new(&catalog);
    let lines: Vec<String> = catalog
        .scenarios
        .iter()
        .map(|e| {
            let ev = agi_compute::analysis::evaluation::Evaluation::new(
                &e.scenario,
                &catalog,
                &reference,
            );
            format!("{}: {}", e.scenario.name, ev.limits.verdict)
        })
        .collect();
    insta::assert_snapshot!(lines.join("\n"));
}

#[test]
fn uncertainty_range_entry_and_band() {
    // The preset without its ranges; then only MFU gets one.
    let catalog = Catalog::embedded();
    let mut scenario = catalog.scenario(DEFAULT_SCENARIO).unwrap().scenario.clone();
    for f in Field::ALL {
        if scenario.sourced(f).is_some() {
            let s = scenario.sourced_mut(f);
            s.low = None;
            s.high = None;
        }
    }
    let mut a = App::new(catalog, scenario);
    a.color = false;
    let before = render_text(&mut a, 120, 40, "").unwrap();
    assert!(!before.contains("Bands 5–95 %"), "no ranges, no bands");
    let text = render_text(&mut a, 120, 40, "j j j u 3 0 % Space . . Space 4 5 % Enter").unwrap();
    let s = a.scenario.sourced(Field::Mfu).unwrap();
    assert_eq!((s.low, s.high), (Some(0.3), Some(0.45)));
    let b = a.evaluation.band(Output::TotalFlop).expect("bands");
    // MFU uniform on [0.30, 0.45]: FLOP p5/p95 ≈ (0.3075, 0.4425) / 0.4 × the central value.
    let c = a.evaluation.outputs.total_flop.0;
    assert!((b.p5 / c - 0.3075 / 0.4).abs() < 0.01);
    assert!((b.p95 / c - 0.4425 / 0.4).abs() < 0.01);
    assert!(text.contains("Bands 5–95 %"));
    insta::assert_snapshot!(text);
    // An invalid range is refused with a reason; an empty one clears.
    let text = render_text(&mut a, 120, 40, "u 5 0 % Space . . Space 1 0 % Enter").unwrap();
    assert!(
        text.contains("low end must be below the high end"),
        "{text}"
    );
    render_text(&mut a, 120, 40, "C-u Enter").unwrap();
    assert!(a.evaluation.bands.is_none());
}

#[test]
fn cost_basis_cycles() {
    let mut a = app();
    let labels: Vec<String> = (0..5)
        .map(|_| {
            let t = render_text(&mut a, 120, 40, "$").unwrap();
            t.lines().nth(2).unwrap_or("").to_string()
        })
        .collect();
    assert!(
        labels[0].contains("Buy: cluster") && labels[0].contains("$19.5 B"),
        "{}",
        labels[0]
    );
    assert!(
        labels[1].contains("Rent") && labels[1].contains("$2.26 B"),
        "{}",
        labels[1]
    );
    assert!(
        labels[2].contains("Amortized cluster") && labels[2].contains("no hardware life"),
        "{}",
        labels[2]
    );
    // Epoch's method on the scenario: $27,500 × 1.64 / 0.81 of cluster per GPU, at
    // 0.14 × ln 10 a year for 756 M GPU-hours, plus 75 % of the $97.4 M energy: $1.62 B.
    assert!(
        labels[3].contains("Epoch amortized") && labels[3].contains("$1.62 B"),
        "{}",
        labels[3]
    );
    assert!(
        labels[4].contains("Buy: GPUs") && labels[4].contains("$9.63 B"),
        "{}",
        labels[4]
    );
}

#[test]
fn save_prompt_writes_a_user_preset_and_asks_before_replacing() {
    let dir = std::env::temp_dir().join(format!("agi-compute-ui-save-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut a = app();
    a.save_dir = Some(dir.clone());
    render_text(&mut a, 120, 40, "l l l").unwrap();
    let prompt = render_text(&mut a, 120, 40, "s").unwrap();
    assert!(prompt.contains("meta-2024-mine"), "{prompt}");
    render_text(&mut a, 120, 40, "Enter").unwrap();
    let path = dir.join("meta-2024-mine.ron");
    assert!(path.is_file());
    assert!(!a.modified(), "the saved scenario is now the loaded one");
    let saved = agi_compute::presets::load_scenario_file(&path).unwrap();
    assert_eq!(saved, a.scenario);
    assert_eq!(saved.gpus.status, agi_compute::presets::Status::UserSet);
    // Saving again asks; anything but y keeps the file.
    render_text(&mut a, 120, 40, "l s Enter").unwrap();
    let asking = render_text(&mut a, 120, 40, "").unwrap();
    assert!(asking.contains("exists"), "{asking}");
    render_text(&mut a, 120, 40, "n Enter Esc").unwrap();
    assert_eq!(
        agi_compute::presets::load_scenario_file(&path).unwrap(),
        saved
    );
    render_text(&mut a, 120, 40, "s Enter y Enter").unwrap();
    assert_ne!(
        agi_compute::presets::load_scenario_file(&path).unwrap(),
        saved
    );
    assert_eq!(a.mode, Mode::Normal);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn save_prompt_snapshot() {
    let mut a = app();
    a.save_dir = Some("/home/user/.config/agi-compute/presets".into());
    insta::assert_snapshot!(render_text(&mut a, 100, 30, "s").unwrap());
}

#[test]
fn failed_save_keeps_the_session() {
    let mut a = app();
    // A regular file where the directory should be: creating it fails for root as well.
    let file = std::env::temp_dir().join(format!("agi-compute-not-a-dir-{}", std::process::id()));
    std::fs::write(&file, "x").unwrap();
    a.save_dir = Some(file.join("presets"));
    render_text(&mut a, 120, 40, "l l s Enter").unwrap();
    let text = render_text(&mut a, 120, 40, "").unwrap();
    assert!(text.contains("cannot save"), "{text}");
    assert!(a.modified(), "edits survive a failed save");
    render_text(&mut a, 120, 40, "Esc").unwrap();
    assert_eq!(a.mode, Mode::Normal);
    std::fs::remove_file(&file).ok();
}

#[test]
fn help_fits_small_screens() {
    // Scrolling through the help shows every key of every mode and the glossary, wrapped, not
    // cut, at the smallest sizes.
    for (w, h) in [(80, 24), (60, 20)] {
        let mut a = app();
        // The help's rows: the two footer rows below it cut a long source with "…".
        let help_rows = |screen: String| {
            let rows: Vec<&str> = screen.lines().collect();
            rows[..rows.len() - 2].join("\n")
        };
        let mut seen = help_rows(render_text(&mut a, w, h, "?").unwrap());
        for _ in 0..120 {
            seen.push_str(&help_rows(render_text(&mut a, w, h, "j j j j").unwrap()));
        }
        let flat: String = seen.split_whitespace().collect::<Vec<_>>().join(" ");
        for table in [
            agi_compute::app::keys::NORMAL,
            agi_compute::app::keys::TABLE,
            agi_compute::app::keys::PICKER,
        ] {
            for b in table {
                // The first words of each help text, whatever the wrapping.
                let start: String = b
                    .help
                    .split_whitespace()
                    .take(3)
                    .collect::<Vec<_>>()
                    .join(" ");
                assert!(flat.contains(&start), "{start:?} missing at {w}x{h}");
            }
        }
        assert!(flat.contains("Glossary") && flat.contains("power usage effectiveness"));
        assert!(flat.contains("Limits (Tab Tab)") && flat.contains("Latency wall"));
        assert!(!seen.contains('…'), "nothing is cut at {w}x{h}");
    }
    insta::assert_snapshot!(screen("?", 60, 20));
}

/// Cells written by the fast text path tell ratatui's diff their width; that must stay true
/// where wide text (from a user's preset) is drawn over, next to or instead of plain text.
#[test]
fn given_widths_stay_true_with_wide_names() {
    use ratatui::buffer::CellDiffOption;
    use ratatui::text::Span;
    let make = || {
        let mut a = app();
        a.scenario.title = "メタ 2024 — 訓練 350k H100".into();
        for (i, m) in a.catalog.milestones.iter_mut().enumerate() {
            if i % 3 == 0 {
                m.name = format!("模型 {} 日本", m.name).into();
            }
        }
        a
    };
    let mut wide_seen = false;
    for keys in [
        "",
        "Tab",
        "p",
        "?",
        "c Right Right",
        "g",
        "u",
        "$",
        "Tab Right",
        "p Down Down",
    ] {
        for (w, h) in [(60, 20), (80, 24), (120, 40), (200, 60)] {
            let mut b = make();
            let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
            let area = Rect::new(0, 0, w, h);
            for k in agi_compute::tui::input::parse_keys(keys).unwrap() {
                if let Some(act) = action_for(&Event::Key(k), &b, area) {
                    b.update(act);
                }
            }
            // Two frames: the second is diffed against the first, as on a real terminal.
            t.draw(|f| agi_compute::ui::draw(f, &b)).unwrap();
            b.update(Action::Step(1));
            let done = t.draw(|f| agi_compute::ui::draw(f, &b)).unwrap();
            for (i, c) in done.buffer.content.iter().enumerate() {
                let real = Span::raw(c.symbol()).width();
                wide_seen |= real == 2;
                if let CellDiffOption::ForcedWidth(n) = c.diff_option {
                    assert_eq!(
                        usize::from(n.get()),
                        real,
                        "{keys:?} at {w}×{h}, cell {:?} {:?}",
                        done.buffer.pos_of(i),
                        c.symbol()
                    );
                }
            }
        }
    }
    assert!(wide_seen, "the wide names were drawn somewhere");
}

/// A range must contain the input's value: GPUs at 350 k cannot range over 25 k .. 30 k.
#[test]
fn a_range_that_excludes_the_value_is_refused() {
    let mut a = app();
    let text = render_text(&mut a, 120, 40, "u 2 5 k Space . . Space 3 0 k Enter").unwrap();
    assert!(text.contains("must contain the value, 350 k"), "{text}");
    assert_eq!(a.scenario.gpus.low, None);
    assert!(
        a.evaluation
            .band(Output::TotalFlop)
            .is_some_and(|b| b.contains(a.evaluation.outputs.total_flop.0))
    );
}

/// Esc never quits the main screen; q does.
#[test]
fn esc_does_not_quit() {
    let mut a = app();
    render_text(&mut a, 120, 40, "Esc Esc").unwrap();
    assert!(a.running);
    render_text(&mut a, 120, 40, "q").unwrap();
    assert!(!a.running);
}

/// Cycling cards never carries a value over: a card without a sourced price, power or rent
/// shows it as missing, and the outputs that need it are not computed from a placeholder.
#[test]
fn cycling_cards_never_inherits_a_value() {
    let mut a = app();
    let catalog = a.catalog.clone();
    for _ in 0..catalog.accelerators.len() {
        render_text(&mut a, 120, 40, "a").unwrap();
        let card = a.accelerator().expect("a card").clone();
        let e = a.evaluation.clone();
        assert_eq!(
            card.price_usd.is_none(),
            e.missing.contains(&Field::Price),
            "{}",
            card.id
        );
        assert_eq!(
            card.server_watts_per_gpu.is_none(),
            e.missing.contains(&Field::Watts),
            "{}",
            card.id
        );
        assert_eq!(
            a.scenario.rent_usd_per_gpu_hour.is_some(),
            card.rent_usd_per_hour.is_some(),
            "{}",
            card.id
        );
        if card.price_usd.is_none() {
            assert_eq!(e.value(Output::FleetCost), None);
            let frame = render_text(&mut a, 120, 40, "").unwrap();
            assert!(frame.contains("not sourced"), "{frame}");
            assert!(frame.contains("— (no sourced Price / GPU)"), "{frame}");
        }
        if let Some(w) = &card.server_watts_per_gpu {
            assert_eq!(
                a.inputs().watts_per_gpu,
                w.value,
                "{}: all-in watts",
                card.id
            );
        } else {
            assert_eq!(e.value(Output::Power), None);
        }
    }
}

/// A card without BF16 (the V100) says its peak is FP16.
#[test]
fn a_card_without_bf16_is_labelled_fp16() {
    let mut a = app();
    for _ in 0..a.catalog.accelerators.len() {
        if a.scenario.accelerator.as_deref() == Some("v100") {
            break;
        }
        render_text(&mut a, 120, 40, "a").unwrap();
    }
    let frame = render_text(&mut a, 120, 40, "").unwrap();
    assert!(frame.contains("NVIDIA V100 SXM2 · FP16 dense"), "{frame}");
}

/// A drag keeps to the slider it started on, even when the pointer drifts onto another row,
/// and clamps past either end of the track.
#[test]
fn a_drag_stays_on_its_slider_and_clamps() {
    let area = Rect::new(0, 0, 120, 40);
    let mut a = app();
    let s: Screen = layout(area, &a);
    let row = |f: Field| *s.rows.iter().find(|r| r.field == f).unwrap();
    let (gpus, mfu) = (row(Field::Gpus), row(Field::Mfu));
    let ev = |k, x, y| click(k, x, y);
    let down = MouseEventKind::Down(MouseButton::Left);
    let drag = MouseEventKind::Drag(MouseButton::Left);
    a.update(action_for(&ev(down, gpus.track.x + 3, gpus.track.y), &a, area).unwrap());
    // Drifting onto the MFU row moves GPUs, not MFU.
    a.update(action_for(&ev(drag, mfu.track.x + 10, mfu.row.y), &a, area).unwrap());
    assert_eq!(a.focus, Field::Gpus);
    assert_eq!(a.inputs().mfu, 0.4);
    // Past the right end: the maximum; past the left end: the minimum.
    a.update(action_for(&ev(drag, 119, mfu.row.y), &a, area).unwrap());
    assert_eq!(a.inputs().gpus, 1e9);
    a.update(action_for(&ev(drag, 0, 3), &a, area).unwrap());
    assert_eq!(a.inputs().gpus, 1.0);
    let up = MouseEventKind::Up(MouseButton::Left);
    a.update(action_for(&ev(up, 0, 3), &a, area).unwrap());
    assert_eq!(a.drag, None);
    // The whole drag is one step of undo.
    render_text(&mut a, 120, 40, "z").unwrap();
    assert_eq!(a.inputs().gpus, 350_000.0);
}

/// q with unsaved changes asks once; n stays, y quits; Ctrl-C quits at once; unchanged, q quits.
#[test]
fn quitting_with_unsaved_changes_asks() {
    let mut a = app();
    render_text(&mut a, 120, 40, "q").unwrap();
    assert!(!a.running, "nothing to lose: q quits");
    let mut a = app();
    let text = render_text(&mut a, 120, 40, "l q").unwrap();
    assert_eq!(a.mode, Mode::ConfirmQuit);
    assert!(text.contains("unsaved changes: GPUs"), "{text}");
    insta::assert_snapshot!("confirm_quit_120x40", text);
    insta::assert_snapshot!("confirm_quit_80x24", frame_text(&a, 80, 24));
    render_text(&mut a, 120, 40, "n").unwrap();
    assert!(a.running && a.mode == Mode::Normal);
    render_text(&mut a, 120, 40, "q Esc").unwrap();
    assert!(a.running && a.mode == Mode::Normal);
    render_text(&mut a, 120, 40, "q y").unwrap();
    assert!(!a.running);
    let mut b = app();
    render_text(&mut b, 120, 40, "l C-c").unwrap();
    assert!(!b.running, "Ctrl-C does not ask");
}

/// z undoes the last change of the inputs, Z redoes it; a new change clears the redo list.
#[test]
fn undo_and_redo() {
    let mut a = app();
    render_text(&mut a, 120, 40, "l l j Enter 3 0 k Enter").unwrap();
    assert_eq!(a.inputs().price_usd, 30_000.0);
    render_text(&mut a, 120, 40, "z").unwrap();
    assert_eq!(a.inputs().price_usd, 27_500.0);
    render_text(&mut a, 120, 40, "z z").unwrap();
    assert_eq!(a.inputs().gpus, 350_000.0);
    let text = render_text(&mut a, 120, 40, "z").unwrap();
    assert!(text.contains("nothing to undo"), "{text}");
    render_text(&mut a, 120, 40, "Z Z").unwrap();
    assert_eq!(a.inputs().gpus, 450_000.0);
    render_text(&mut a, 120, 40, "h").unwrap();
    let text = render_text(&mut a, 120, 40, "Z").unwrap();
    assert!(text.contains("nothing to redo"), "{text}");
}

/// While the "needs a bigger terminal" screen shows, no key but quit acts.
#[test]
fn a_too_small_screen_only_quits() {
    let mut a = app();
    let before = a.scenario.clone();
    let text = render_text(&mut a, 40, 12, "l l Enter 5 Enter a R p ? c").unwrap();
    assert!(text.contains("needs a bigger terminal"), "{text}");
    assert_eq!(a.scenario, before);
    assert_eq!(a.mode, Mode::Normal);
    render_text(&mut a, 40, 12, "q").unwrap();
    assert!(!a.running);
}

/// Goal seek opens only on the inputs it can solve, and says which those are.
#[test]
fn goal_seek_only_on_solvable_inputs() {
    let mut a = app();
    let text = render_text(&mut a, 120, 40, "j j j j j j j g").unwrap();
    assert_eq!(a.focus, Field::Pue);
    assert_eq!(a.mode, Mode::Normal);
    assert!(
        text.contains("goal seek solves GPUs, Days, MFU, Peak, Price"),
        "{text}"
    );
}

/// Typed values take thousands separators and refuse half a GPU; the hint fits the input.
#[test]
fn typed_values_read_like_people_write_them() {
    let mut a = app();
    render_text(&mut a, 120, 40, "Enter 200,000 Enter").unwrap();
    assert_eq!(a.inputs().gpus, 200_000.0);
    let text = render_text(&mut a, 120, 40, "Enter 0.5 Enter").unwrap();
    assert!(
        text.contains("GPUs must be a whole number (got 0.5)"),
        "{text}"
    );
    let text = render_text(&mut a, 120, 40, "Esc j j j j Enter").unwrap();
    assert_eq!(a.focus, Field::Days);
    assert!(
        text.contains("e.g. 90, 1.5, 365") && !text.contains("40%"),
        "{text}"
    );
}

/// Compare mode names B and marks it on the ruler.
#[test]
fn compare_names_b_and_marks_it_on_the_ruler() {
    let mut a = app();
    let text = render_text(&mut a, 120, 40, "c [").unwrap();
    assert!(text.contains("A vs B: Meta 2024"), "{text}");
    assert!(text.contains("▽ B") && text.contains("▼ A"), "{text}");
}

/// The known-runs table: `t` browses it (the whole lower half, every run reachable), ↑↓ and
/// PgDn/End move, `o` sorts, `/` filters as you type, Enter shows a run in detail with its
/// sources and its cost on Epoch AI's methods; Esc goes back step by step.
#[test]
fn known_runs_table_scrolls_sorts_filters_and_details() {
    let mut a = app();
    let n = a.evaluation.milestones.len();
    let text = render_text(&mut a, 120, 40, "t").unwrap();
    assert_eq!(a.mode, Mode::Table);
    assert!(text.contains(&format!("{n} of {n} · by FLOP")), "{text}");
    insta::assert_snapshot!("runs_table_120x40", text);
    // Every run is reachable: End selects the smallest.
    let text = render_text(&mut a, 120, 40, "End").unwrap();
    let last = a.table.rows[a.table.selected];
    let name = a.evaluation.milestones[last].name.to_string();
    assert!(
        text.contains(&format!("▸{name}")),
        "{name} not selected in\n{text}"
    );
    // Sort by name, then filter.
    render_text(&mut a, 120, 40, "Home o o").unwrap();
    assert_eq!(a.table.sort, agi_compute::app::RunSort::Name);
    let text = render_text(&mut a, 120, 40, "/ l l a m a Enter").unwrap();
    assert_eq!(a.mode, Mode::Table);
    assert!(text.contains("filter “llama”"), "{text}");
    assert!(a.table.rows.iter().all(|&i| {
        let m = &a.catalog.milestones[a.evaluation.milestones[i].index];
        format!("{} {} {}", m.name, m.org, m.id)
            .to_lowercase()
            .contains("llama")
    }));
    // Details of Llama 3.1 405B, with Epoch's three costs.
    let pos = a
        .table
        .rows
        .iter()
        .position(|&i| &*a.evaluation.milestones[i].id == "llama-3.1-405b")
        .expect("in the filtered table");
    a.table.selected = pos;
    let text = render_text(&mut a, 120, 40, "Enter").unwrap();
    assert!(matches!(a.mode, Mode::RunDetail(_)));
    for needle in [
        "Llama 3.1 405B",
        "Cost on Epoch AI's methods",
        "Cloud rental",
        "$170 M",
    ] {
        assert!(text.contains(needle), "{needle} missing:\n{text}");
    }
    insta::assert_snapshot!("run_detail_120x40", text);
    insta::assert_snapshot!("run_detail_80x24", frame_text(&a, 80, 24));
    render_text(&mut a, 120, 40, "Esc").unwrap();
    assert_eq!(a.mode, Mode::Table);
    let text = render_text(&mut a, 80, 24, "").unwrap();
    insta::assert_snapshot!("runs_table_80x24", text);
    render_text(&mut a, 120, 40, "Esc").unwrap();
    assert_eq!(a.mode, Mode::Normal);
}

/// Clicking a milestone on the ruler selects it in the table and shows its detail.
#[test]
fn clicking_a_milestone_on_the_ruler_shows_it() {
    let area = Rect::new(0, 0, 120, 40);
    let mut a = app();
    let s: Screen = layout(area, &a);
    // Find the column of some tick on the axis row (the row below the names).
    let axis_y = s.ruler.y + 2;
    let text = frame_text(&a, 120, 40);
    let line: Vec<char> = text.lines().nth(axis_y as usize).unwrap().chars().collect();
    let col = line.iter().position(|&c| c == '•').expect("a tick") as u16;
    let e = click(MouseEventKind::Down(MouseButton::Left), col, axis_y);
    let act = action_for(&e, &a, area).expect("a click on a tick");
    a.update(act);
    let Mode::RunDetail(i) = a.mode else {
        panic!("{:?}", a.mode)
    };
    assert_eq!(a.table.rows[a.table.selected], i);
}

/// A real line editor: the pre-filled value is selected (typing replaces it), arrows and
/// Home/End move the cursor, Backspace/Del and Ctrl-W/Ctrl-U delete.
#[test]
fn prompts_edit_like_a_line_editor() {
    let mut a = app();
    render_text(&mut a, 120, 40, "Enter 7 Enter").unwrap();
    assert_eq!(a.inputs().gpus, 7.0, "typing replaces the selected value");
    render_text(&mut a, 120, 40, "Enter Left 5 Enter").unwrap();
    assert_eq!(a.inputs().gpus, 57.0, "an arrow starts editing it");
    render_text(&mut a, 120, 40, "Enter Home 1 Enter").unwrap();
    assert_eq!(a.inputs().gpus, 157.0);
    // "157", cursor after the 1: Backspace deletes it, 9 goes in its place.
    render_text(&mut a, 120, 40, "Enter Left Left Backspace 9 Enter").unwrap();
    assert_eq!(a.inputs().gpus, 957.0);
    render_text(&mut a, 120, 40, "Enter Home Del Enter").unwrap();
    assert_eq!(a.inputs().gpus, 57.0);
    let text = render_text(&mut a, 120, 40, "Enter Left C-u 3 k").unwrap();
    assert!(text.contains("[3k▏]"), "{text}");
    render_text(&mut a, 120, 40, "Space 1 0 C-w Enter").unwrap();
    assert_eq!(a.inputs().gpus, 3000.0, "Ctrl-W deleted the last word");
    // Long input scrolls with the cursor visible.
    let text = render_text(
        &mut a,
        80,
        24,
        "Enter Left 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 x",
    )
    .unwrap();
    assert!(text.contains("890x▏"), "{text}");
}

/// `i` explains the focused input: what it means, its formula, its full source and range.
#[test]
fn info_pane_explains_the_focused_input() {
    let mut a = app();
    let text = render_text(&mut a, 120, 40, "j j j i").unwrap();
    assert_eq!(a.mode, Mode::Info(Field::Mfu));
    for needle in ["Model FLOP utilization", "Status", "Source", "Valid"] {
        assert!(text.contains(needle), "{needle} missing:\n{text}");
    }
    insta::assert_snapshot!("info_mfu_120x40", text);
    insta::assert_snapshot!("info_mfu_80x24", frame_text(&a, 80, 24));
    render_text(&mut a, 120, 40, "i").unwrap();
    assert_eq!(a.mode, Mode::Normal);
}

/// The preset picker: / searches as you type, Home/End, a second click on the selected row
/// loads it, PgDn scrolls the description.
#[test]
fn picker_searches_and_loads_on_a_second_click() {
    let area = Rect::new(0, 0, 120, 40);
    let mut a = app();
    let text = render_text(&mut a, 120, 40, "p / l l a m a").unwrap();
    assert!(text.contains("/ llama▏"), "{text}");
    assert!(!a.picker.rows.is_empty());
    // Presets by name, title or description; known runs (after them) by id, name or org.
    let presets = a.catalog.scenarios.len();
    assert!(a.picker.rows.iter().all(|&i| {
        let text = match a.catalog.scenarios.get(i) {
            Some(e) => {
                let s = &e.scenario;
                format!("{} {} {}", s.name, s.title, s.description)
            }
            None => {
                let m = &a.catalog.milestones[a.picker.runs[i - presets]];
                format!("{} {} {}", m.id, m.name, m.org)
            }
        };
        text.to_lowercase().contains("llama")
    }));
    assert!(
        !text.contains("No preset matches"),
        "the selection follows the search:\n{text}"
    );
    insta::assert_snapshot!("picker_search_120x40", text);
    render_text(&mut a, 120, 40, "Enter End").unwrap();
    let Mode::Picker { selected } = a.mode else {
        panic!("{:?}", a.mode)
    };
    assert_eq!(selected, *a.picker.rows.last().unwrap());
    render_text(&mut a, 120, 40, "PgDn Home").unwrap();
    let s: Screen = layout(area, &a);
    let (list, _) = s.picker_list.unwrap();
    let down = MouseEventKind::Down(MouseButton::Left);
    let first = a.picker.rows[0];
    let act = action_for(&click(down, list.x + 1, list.y), &a, area).unwrap();
    assert_eq!(
        act,
        Action::PickerChoose,
        "the selected row, clicked again, loads"
    );
    a.update(act);
    assert_eq!(a.mode, Mode::Normal);
    assert_eq!(a.loaded.name, a.catalog.scenarios[first].scenario.name);
    insta::assert_snapshot!(
        "picker_80x24",
        render_text(&mut app(), 80, 24, "p").unwrap()
    );
}

/// Saving under a built-in's name asks; the copy is marked as yours; the picker deletes it
/// (asking first) and the built-in comes back; it also renames your presets.
#[test]
fn user_copies_of_built_ins_are_marked_and_can_be_deleted_or_renamed() {
    // A name of fixed length: the path shows in the snapshot (redacted), and a longer one
    // would wrap differently.
    let dir =
        std::env::temp_dir().join(format!("agi-compute-ui-builtin-{:010}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut a = app();
    a.save_dir = Some(dir.clone());
    let text = render_text(&mut a, 120, 40, "l s C-u m e t a - 2 0 2 4 Enter").unwrap();
    assert!(text.contains("is a built-in preset"), "{text}");
    let text = render_text(&mut a, 120, 40, "y Enter").unwrap();
    assert!(dir.join("meta-2024.ron").exists());
    assert!(text.contains("[yours]"), "{text}");
    // Rename it, then delete it: the built-in is back.
    let i = a
        .catalog
        .scenarios
        .iter()
        .position(|e| e.scenario.name == "meta-2024")
        .unwrap();
    render_text(&mut a, 120, 40, "p").unwrap();
    a.update(Action::PickerSelect(i));
    render_text(&mut a, 120, 40, "n C-u m y - m e t a Enter").unwrap();
    assert!(dir.join("my-meta.ron").exists() && !dir.join("meta-2024.ron").exists());
    let j = a
        .catalog
        .scenarios
        .iter()
        .position(|e| e.scenario.name == "my-meta")
        .unwrap();
    a.update(Action::PickerSelect(j));
    let text = render_text(&mut a, 120, 40, "d").unwrap();
    assert!(text.contains("will be deleted"), "{text}");
    let redact = |t: &str| t.replace(dir.to_str().unwrap(), "DIR");
    insta::assert_snapshot!("confirm_delete_120x40", redact(&text));
    insta::assert_snapshot!("confirm_delete_80x24", redact(&frame_text(&a, 80, 24)));
    render_text(&mut a, 120, 40, "y").unwrap();
    assert!(!dir.join("my-meta.ron").exists());
    assert!(a.catalog.scenario("my-meta").is_none());
    assert!(matches!(
        a.catalog.scenario("meta-2024").map(|e| &e.origin),
        Some(agi_compute::presets::Origin::Embedded)
    ));
    // Built-ins are not deleted.
    a.update(Action::PickerSelect(0));
    let text = render_text(&mut a, 120, 40, "d").unwrap();
    assert!(text.contains("only your own"), "{text}");
    std::fs::remove_dir_all(&dir).ok();
}

/// The timeline's labels never cover each other (thresholds at one level share one label), and
/// on a small screen, too low to plot, it says the same in words.
#[test]
fn timeline_labels_do_not_overlap_and_80x24_reads() {
    // Labels keep off the trend line: at 120 columns the two thresholds at 1e26 would cross
    // it, so the first is named with a count; at 200 both fit left of it.
    let text = screen("Tab", 120, 40);
    assert!(
        text.contains("US EO 14110 reporting threshold (revoked 2025-01-20) +1"),
        "{text}"
    );
    // The legend says what the scenario's diamond and its line mean.
    assert!(
        text.contains("◆ scenario, at the year the trend reaches its FLOP"),
        "{text}"
    );
    assert!(
        text.contains("from GPT-4.5 (2025.2) to that year"),
        "{text}"
    );
    let wide = screen("Tab", 200, 60);
    assert!(
        wide.contains("US EO 14110 reporting threshold (revoked 2025-01-20) · California SB 53"),
        "{wide}"
    );
    assert!(wide.contains("• frontier runs"), "{wide}");
    insta::assert_snapshot!("timeline_200x60", wide);
    let small = screen("Tab", 80, 24);
    assert!(small.contains("newest frontier runs:"), "{small}");
    insta::assert_snapshot!("timeline_80x24", small);
}

/// `w` shows which input matters most: a tornado of training FLOP (then ←→ other outputs), with
/// each input's ends and the Monte Carlo's variance shares.
#[test]
fn tornado_ranks_the_inputs() {
    let mut a = app();
    let text = render_text(&mut a, 120, 40, "w").unwrap();
    assert_eq!(a.mode, Mode::Tornado);
    let t = a.tornado.clone().unwrap();
    assert_eq!(t.output, Output::TotalFlop);
    // Sourced ranges first, then the ±20 % what-ifs, each largest swing first.
    let split = t.swings.iter().take_while(|w| w.from_range).count();
    assert!(split > 0 && t.swings[split..].iter().all(|w| !w.from_range));
    for group in [&t.swings[..split], &t.swings[split..]] {
        assert!(group.windows(2).all(|w| w[0].swing >= w[1].swing));
    }
    assert!(
        text.contains("What matters for Training run") && text.contains("30 %"),
        "{text}"
    );
    insta::assert_snapshot!("tornado_120x40", text);
    // After training FLOP, what the run gets done after failures.
    let text = render_text(&mut a, 80, 24, "l").unwrap();
    assert_eq!(a.tornado.as_ref().unwrap().output, Output::GoodputFlop);
    insta::assert_snapshot!("tornado_80x24", text);
    render_text(&mut a, 120, 40, "Esc").unwrap();
    assert_eq!(a.mode, Mode::Normal);
}

/// A one-line scenario pasted into the picker's search loads it.
#[test]
fn a_scenario_string_pasted_into_the_picker_loads() {
    let mut a = app();
    render_text(&mut a, 120, 40, "p /").unwrap();
    for c in "agi1:h100-sxm;gpus=100k".chars() {
        a.update(Action::EntryChar(c));
    }
    let text = render_text(&mut a, 120, 40, "Enter").unwrap();
    assert_eq!(a.mode, Mode::Normal, "{text}");
    assert_eq!(a.inputs().gpus, 100_000.0);
    render_text(&mut a, 120, 40, "p /").unwrap();
    for c in "agi1:h100-sxm;mfu=140%".chars() {
        a.update(Action::EntryChar(c));
    }
    let text = render_text(&mut a, 120, 40, "Enter").unwrap();
    assert!(text.contains("not a scenario string"), "{text}");
    assert_eq!(a.inputs().mfu, 0.4);
}

/// A known run loads as the scenario from the table (L), its FLOP reproducing the run's; goal
/// seek takes a model size.
#[test]
fn known_runs_load_as_scenarios_and_goal_seek_takes_a_model_size() {
    let mut a = app();
    render_text(&mut a, 120, 40, "t / l l a m a Space 6 5 Enter").unwrap();
    let i = a.table.rows[a.table.selected];
    assert_eq!(&*a.evaluation.milestones[i].id, "llama-65b");
    let text = render_text(&mut a, 120, 40, "L").unwrap();
    assert_eq!(a.mode, Mode::Normal, "{text}");
    assert_eq!(a.scenario.accelerator.as_deref(), Some("a100-80gb"));
    assert_eq!(a.inputs().gpus, 2048.0);
    let run = a.evaluation.milestones[i].flop;
    let got = a.evaluation.outputs.total_flop.0;
    assert!((got / run - 1.0).abs() < 0.05, "{got} vs {run}");
    render_text(&mut a, 120, 40, "z").unwrap();
    assert_eq!(a.inputs().gpus, 350_000.0, "loading a run is one undo step");
    let text = render_text(&mut a, 120, 40, "g 1 0 T Space p a r a m s Enter").unwrap();
    assert!(
        text.contains("10.0 T-parameter model on 20 tokens per parameter (1.20e28 FLOP)"),
        "{text}"
    );
}
