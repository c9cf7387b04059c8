//! One rule for text that does not fit, on every screen and overlay at every size the explorer
//! is tried at: text is cut after a whole word and ends in "…", never mid-word. A frame shows a
//! word cut without an ellipsis where letters run into the right border of a box (its top-right
//! corner is above) or the edge of the screen, or a number runs into them ending in a point
//! ("×10."); those are what this test looks for. Text therefore keeps a column free before a
//! border (wrapped prose, rows of figures), so that a word touching one is always a cut.

use agi_compute::tui::headless::{frame_buffer, replay};

use crate::support::explorer::app;

const SIZES: [(u16, u16); 5] = [(60, 20), (80, 24), (100, 30), (120, 40), (200, 60)];

/// Every screen and overlay, as the keys that reach it.
const SCREENS: &[(&str, &str)] = &[
    ("default", ""),
    ("timeline", "Tab"),
    ("limits", "Tab Tab"),
    ("feasibility", "Tab Tab Tab"),
    ("known runs", "t"),
    ("run detail", "t j Enter"),
    ("run filter", "t / g p t"),
    ("help", "?"),
    ("help scrolled", "? PgDn PgDn"),
    ("help end", "? End"),
    ("help searched", "? / g o o d p u t Enter"),
    ("help in the runs", "t ?"),
    ("info", "i"),
    ("picker", "p"),
    ("picker run", "p End"),
    ("picker search", "p / l l a m a"),
    ("value prompt", "Enter"),
    ("range prompt", "u"),
    ("goal prompt", "g"),
    ("goal answer", "g 1 e 2 8 Enter"),
    ("save prompt", "s"),
    ("tornado", "w"),
    ("tornado goodput", "w l l l"),
    ("cards", "C"),
    ("compare", "c j l l"),
    ("quit with changes", "l q"),
    ("notices", "a a N"),
    ("results explained", "e"),
    ("a limit explained", "Tab Tab e End"),
    ("loaded run", "t / 4 0 5 Enter L N"),
    ("help from the cards", "C ?"),
    ("explained at the end", "e End"),
    ("zero goodput", "End"),
];

/// The cells of a frame, row by row.
fn cells(w: u16, h: u16, keys: &str) -> Vec<Vec<String>> {
    let mut a = app();
    replay(&mut a, w, h, keys).expect("valid keys");
    let buf = frame_buffer(&a, w, h);
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect())
        .collect()
}

/// Whether the `│` at (x, y) is a right border: the first corner above it is `┐`.
fn right_border(rows: &[Vec<String>], x: usize, y: usize) -> bool {
    for row in rows[..y].iter().rev() {
        match row[x].as_str() {
            "┐" => return true,
            "┌" | "┬" | "└" | "┘" | " " => return false,
            _ => {}
        }
    }
    false
}

/// Whether the `─` run starting at (x, y) ends in a right corner (a top or bottom border).
fn border_run(row: &[String], x: usize) -> bool {
    row[x..]
        .iter()
        .find(|c| c.as_str() != "─")
        .is_some_and(|c| c == "┐" || c == "┘")
}

/// The word fragments cut without an ellipsis in one frame, with where they are.
fn cut_words(rows: &[Vec<String>]) -> Vec<String> {
    let mut found = Vec::new();
    for (y, row) in rows.iter().enumerate() {
        for x in 1..row.len() {
            let at_edge = x + 1 == row.len();
            let next = row.get(x + 1).map(String::as_str);
            let stops = at_edge
                || match next {
                    Some("│") => right_border(rows, x + 1, y),
                    Some("─") => border_run(row, x + 1),
                    _ => false,
                };
            if !stops {
                continue;
            }
            let c = row[x].chars().next().unwrap_or(' ');
            let p = row[x - 1].chars().next().unwrap_or(' ');
            let letters = c.is_alphabetic() && p.is_alphabetic();
            let number = c == '.' && p.is_ascii_digit();
            if letters || number {
                let start = row[..=x]
                    .iter()
                    .rposition(|s| s == " " || s == "│")
                    .map_or(0, |s| s + 1);
                found.push(format!("row {y}: {:?}", row[start..=x].concat()));
            }
        }
    }
    found
}

#[test]
fn no_frame_cuts_a_word_without_an_ellipsis() {
    let mut failures = Vec::new();
    for (w, h) in SIZES {
        for (name, keys) in SCREENS {
            let rows = cells(w, h, keys);
            for cut in cut_words(&rows) {
                failures.push(format!("{name} at {w}×{h}, {cut}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "words cut mid-way:\n{}",
        failures.join("\n")
    );
}

#[test]
fn the_check_finds_a_cut_word() {
    let frame = |lines: &[&str]| -> Vec<Vec<String>> {
        lines
            .iter()
            .map(|l| l.chars().map(|c| c.to_string()).collect())
            .collect()
    };
    let cut = frame(&["┌ Box ───┐", "│ matches│", "│ Gr… end│", "└────────┘"]);
    assert_eq!(cut_words(&cut).len(), 2, "{:?}", cut_words(&cut));
    let title = frame(&["┌ Epo────┐", "│ ×10.   │", "└────────┘"]);
    assert_eq!(cut_words(&title), vec!["row 0: \"Epo\"".to_string()]);
    let clean = frame(&["┌ Box ───┐", "│ match… │", "│ 1e28   │", "└────────┘"]);
    assert!(cut_words(&clean).is_empty());
}
