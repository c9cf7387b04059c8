//! Every row can be read whole, and the help is everywhere: `e` explains every result, limit and
//! band with its formula, inputs and sources; `N` keeps the notices whole; `?` opens the help
//! from every overlay and goes back to it; the help lists every key of every key table.

use agi_compute::app::{Action, App, Mode, Topic, keys};
use agi_compute::model::{Field, Output};
use agi_compute::tui::headless::render_text;
use agi_compute::tui::input::action_for;
use ratatui::crossterm::event::{Event, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

use crate::support::explorer::app;

fn screen(keys: &str, w: u16, h: u16) -> String {
    render_text(&mut app(), w, h, keys).expect("valid keys")
}

/// The help's text at a size, scrolled through to its end, page by page.
fn whole_help(a: &mut App) -> String {
    let mut text = String::new();
    for _ in 0..60 {
        text.push_str(&render_text(a, 200, 60, "").expect("frame"));
        render_text(a, 200, 60, "PgDn").expect("scroll");
    }
    text
}

#[test]
fn the_help_lists_every_key_of_every_key_table() {
    let mut a = app();
    render_text(&mut a, 200, 60, "?").unwrap();
    let help = whole_help(&mut a);
    // Lines of the help joined, so a meaning wrapped over lines reads as one.
    let flat: String = help.split_whitespace().collect::<Vec<_>>().join(" ");
    for (title, table) in keys::SECTIONS {
        assert!(flat.contains(title), "the help has no section {title:?}");
        for b in *table {
            let row = format!(
                "{} {}",
                b.label(),
                b.help.split_whitespace().next().unwrap_or("")
            );
            assert!(flat.contains(&row), "{title}: the help lacks {row:?}");
        }
    }
    // And every table the program dispatches on is a section of the help.
    let modes = [
        Mode::Normal,
        Mode::Help(0),
        Mode::Info(Field::Gpus),
        Mode::Picker { selected: 0 },
        Mode::Problems,
        Mode::ConfirmQuit,
        Mode::Table,
        Mode::RunDetail(0),
        Mode::ConfirmDelete(0),
        Mode::Tornado,
        Mode::Cards(0),
        Mode::Notices(0),
        Mode::Explain(0),
    ];
    for m in modes {
        let t = keys::table(&m);
        assert!(
            keys::SECTIONS
                .iter()
                .any(|(_, s)| s.len() == t.len() && s.iter().zip(t).all(|(x, y)| x.help == y.help)),
            "{m:?}'s keys are not in the help"
        );
    }
}

#[test]
fn question_mark_opens_the_help_from_every_overlay_and_goes_back() {
    for (open, mode) in [
        ("t", "Table"),
        ("w", "Tornado"),
        ("C", "Cards"),
        ("p", "Picker"),
        ("i", "Info"),
        ("e", "Explain"),
        ("t Enter", "RunDetail"),
    ] {
        let mut a = app();
        render_text(&mut a, 120, 40, open).unwrap();
        let before = a.mode.clone();
        assert!(
            format!("{before:?}").starts_with(mode),
            "{open}: {before:?}"
        );
        render_text(&mut a, 120, 40, "?").unwrap();
        assert!(matches!(a.mode, Mode::Help(_)), "{open} ?: {:?}", a.mode);
        render_text(&mut a, 120, 40, "Esc").unwrap();
        assert_eq!(a.mode, before, "{open} ? Esc goes back");
    }
}

#[test]
fn help_search_end_and_wheel() {
    let found = screen("? / c h e c k p o i n t", 120, 40);
    assert!(found.contains("/ checkpoint"), "{found}");
    assert!(
        !found.contains("select an input"),
        "the search keeps only what matches"
    );
    let mut a = app();
    render_text(&mut a, 80, 24, "? End").unwrap();
    let end = agi_compute::tui::headless::frame_text(&a, 80, 24);
    assert!(
        end.contains("Training FLOP = GPUs"),
        "End shows the last line:\n{end}"
    );
    // One step up from the end moves: the count does not sit past the end.
    render_text(&mut a, 80, 24, "Up").unwrap();
    let up = agi_compute::tui::headless::frame_text(&a, 80, 24);
    assert_ne!(end, up);
    // The wheel scrolls the help.
    let mut b = app();
    render_text(&mut b, 80, 24, "?").unwrap();
    let area = Rect::new(0, 0, 80, 24);
    let wheel = Event::Mouse(MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: 10,
        row: 10,
        modifiers: KeyModifiers::NONE,
    });
    let act = action_for(&wheel, &b, area).expect("the wheel acts in the help");
    b.update(act);
    assert_eq!(b.mode, Mode::Help(3));
}

#[test]
fn explain_lists_every_output_and_limit_with_formula_and_sources() {
    let a = app();
    let topics = a.topics();
    for o in Output::ALL {
        assert!(topics.contains(&Topic::Output(o)), "{o:?}");
    }
    for r in &a.evaluation.limits.rows {
        assert!(topics.contains(&Topic::Limit(r.limit)), "{:?}", r.limit);
    }
    let goodput = topics
        .iter()
        .position(|&t| t == Topic::Output(Output::Goodput))
        .unwrap();
    let mut b = app();
    let keys = format!("e {}", "j ".repeat(goodput));
    let text = render_text(&mut b, 200, 60, &keys).unwrap();
    assert!(text.contains("Formula"), "{text}");
    assert!(
        text.contains("Daly"),
        "the goodput formula names its model:\n{text}"
    );
    assert!(
        text.contains("a failure every 8.7 min"),
        "the reason in full:\n{text}"
    );
    assert!(text.contains("Restart"), "the inputs it reads:\n{text}");
}

#[test]
fn the_limits_view_opens_the_explanation_at_the_limits_and_a_click_opens_a_row() {
    let mut a = app();
    render_text(&mut a, 120, 40, "Tab Tab e").unwrap();
    let Mode::Explain(i) = a.mode else {
        panic!("{:?}", a.mode)
    };
    assert!(matches!(a.topics()[i], Topic::Limit(_)));
    // A click on the results panel's Goodput row explains goodput.
    let mut b = app();
    render_text(&mut b, 120, 40, "").unwrap();
    let text = agi_compute::tui::headless::frame_text(&b, 120, 40);
    let row = text.lines().position(|l| l.contains("Goodput")).unwrap() as u16;
    let click = Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 80,
        row,
        modifiers: KeyModifiers::NONE,
    });
    let act = action_for(&click, &b, Rect::new(0, 0, 120, 40)).unwrap();
    assert_eq!(act, Action::Explain(Topic::Output(Output::Goodput)));
    b.update(act);
    let Mode::Explain(i) = b.mode else {
        panic!("{:?}", b.mode)
    };
    assert_eq!(b.topics()[i], Topic::Output(Output::Goodput));
}

#[test]
fn notices_log_keeps_messages_whole() {
    let mut a = app();
    let text = render_text(&mut a, 80, 24, "t / 4 0 5 Enter L N").unwrap();
    assert!(matches!(a.mode, Mode::Notices(_)));
    // The loaded run's whole notice, which the footer cut, down to its last sentence.
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let notice = a.notices.last().unwrap().text.clone();
    let last_words: String = notice
        .split_whitespace()
        .rev()
        .take(3)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(flat.contains(&last_words), "{last_words:?} not in\n{text}");
}

#[test]
fn home_and_end_say_what_they_did_and_undo_names_it() {
    let mut a = app();
    render_text(&mut a, 120, 40, "Home").unwrap();
    let n = a.notice.clone().unwrap().text;
    assert!(n.starts_with("GPUs set to its minimum"), "{n}");
    assert!(n.contains("z undoes"), "{n}");
    render_text(&mut a, 120, 40, "z").unwrap();
    let n = a.notice.clone().unwrap().text;
    assert!(n.contains("GPUs") && n.contains("→ 350 k"), "{n}");
    render_text(&mut a, 120, 40, "PgDn").unwrap();
    assert_eq!(a.focus, *Field::ALL.last().unwrap());
    render_text(&mut a, 120, 40, "PgUp").unwrap();
    assert_eq!(a.focus, Field::ALL[0]);
}

#[test]
fn zero_goodput_says_why_at_every_size() {
    for (w, h) in [(60, 20), (80, 24), (120, 40), (200, 60)] {
        let text = screen("End", w, h);
        let row = text.lines().find(|l| l.contains("Goodput")).unwrap();
        assert!(
            row.contains("failure") || row.contains("MTBF") || row.contains("/fail"),
            "{w}×{h}: {row}"
        );
    }
}

#[test]
fn overlays_80x24() {
    insta::assert_snapshot!("explain_80x24", screen("e j j j", 80, 24));
    insta::assert_snapshot!("explain_limit_80x24", screen("Tab Tab e", 80, 24));
    insta::assert_snapshot!("notices_80x24", screen("a a $ N", 80, 24));
    insta::assert_snapshot!("help_from_cards_80x24", screen("C ?", 80, 24));
    insta::assert_snapshot!("help_search_80x24", screen("? / g o o d p u t", 80, 24));
    insta::assert_snapshot!("limits_80x24", screen("Tab Tab", 80, 24));
    insta::assert_snapshot!("zero_goodput_80x24", screen("End", 80, 24));
}

#[test]
fn overlays_120x40() {
    insta::assert_snapshot!("explain_120x40", screen("e j j j", 120, 40));
    insta::assert_snapshot!("explain_limit_120x40", screen("Tab Tab e", 120, 40));
    insta::assert_snapshot!("notices_120x40", screen("a a $ N", 120, 40));
    insta::assert_snapshot!("help_from_cards_120x40", screen("C ?", 120, 40));
    insta::assert_snapshot!("limits_120x40", screen("Tab Tab", 120, 40));
}

#[test]
fn overlays_200x60() {
    insta::assert_snapshot!("explain_200x60", screen("e j j j", 200, 60));
    insta::assert_snapshot!("explain_band_200x60", screen("Tab Tab Tab e", 200, 60));
    insta::assert_snapshot!("notices_200x60", screen("a a $ N", 200, 60));
    insta::assert_snapshot!("help_from_cards_200x60", screen("C ?", 200, 60));
    insta::assert_snapshot!("limits_200x60", screen("Tab Tab", 200, 60));
}

#[test]
fn smallest_layout_60x20() {
    insta::assert_snapshot!("explain_60x20", screen("e", 60, 20));
    insta::assert_snapshot!("limits_60x20", screen("Tab Tab", 60, 20));
    insta::assert_snapshot!("zero_goodput_60x20", screen("End", 60, 20));
}

#[test]
fn enter_in_the_cards_uses_the_selected_card_in_one_undo_step() {
    let mut a = app();
    let before = a.scenario.accelerator.clone();
    let flop = a.evaluation.outputs.total_flop.0;
    render_text(&mut a, 120, 40, "C j Enter").unwrap();
    assert_eq!(a.mode, Mode::Normal);
    let chosen = a.cards.as_ref().unwrap().rows[1].id.clone();
    assert_eq!(a.scenario.accelerator.as_deref(), Some(chosen.as_str()));
    // The GPUs it needs for the same FLOP: at least the run's FLOP, within one GPU's worth.
    let now = a.evaluation.outputs.total_flop.0;
    assert!(now >= flop && now < flop * 1.001, "{now:e} vs {flop:e}");
    render_text(&mut a, 120, 40, "z").unwrap();
    assert_eq!(a.scenario.accelerator, before);
    assert_eq!(a.evaluation.outputs.total_flop.0, flop);
}

#[test]
fn the_tornado_reaches_goodput_useful_flop_and_every_cost_basis() {
    let mut a = app();
    render_text(&mut a, 120, 40, "w").unwrap();
    let mut seen = Vec::new();
    for _ in 0..20 {
        seen.push(a.tornado.as_ref().unwrap().output);
        render_text(&mut a, 120, 40, "l").unwrap();
    }
    for o in [
        Output::Goodput,
        Output::GoodputFlop,
        Output::FleetCost,
        Output::ClusterCost,
    ] {
        assert!(seen.contains(&o), "{o:?} not offered: {seen:?}");
    }
    // The output's value at the bars' ends.
    let text = screen("w", 120, 40);
    assert!(text.contains("1.16e27"), "{text}");
}

#[test]
fn a_decade_is_exactly_ten_times() {
    let mut a = app();
    render_text(&mut a, 120, 40, "Enter 2 . 0 5 k Enter ]").unwrap();
    assert_eq!(a.inputs().gpus, 20_500.0);
    render_text(&mut a, 120, 40, "[ [").unwrap();
    assert_eq!(a.inputs().gpus, 205.0);
}

#[test]
fn a_save_name_is_checked_as_it_is_typed() {
    let mut a = app();
    a.save_dir = Some(std::path::PathBuf::from("/tmp/agi-compute-presets"));
    let text = render_text(&mut a, 120, 40, "s C-u b a d / n a m e").unwrap();
    assert!(text.contains("✗ 'bad/name' is not a usable name"), "{text}");
    assert!(!text.contains("bad/name.ron"), "{text}");
    let text = render_text(&mut a, 120, 40, "C-u g o o d").unwrap();
    assert!(text.contains("/tmp/agi-compute-presets/good.ron"), "{text}");
}
