//! Where everything goes, computed once per frame and shared by drawing and mouse hit-testing.
//!
//! Keeping both on one function means a click lands exactly on what was drawn there.

use crate::app::{App, INPUT_ROWS, Mode};
use crate::model::Field;
use ratatui::layout::{Position, Rect};

/// The smallest terminal the explorer draws into.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 20;

/// Below this height the known-runs table takes the whole screen while it is browsed.
const TALL_ENOUGH_TO_BROWSE: u16 = 32;

/// Columns of the slider label ("▸ Hardware life "), and of the short labels on narrow screens.
pub const LABEL_WIDTH: u16 = 16;
pub const SHORT_LABEL_WIDTH: u16 = 11;

/// One slider row: the whole row, its label and its track.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SliderRow {
    pub field: Field,
    pub row: Rect,
    pub label: Rect,
    pub value: Rect,
    pub track: Rect,
}

/// The screen's regions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Screen {
    /// Terminal below the minimum size: only a message is drawn.
    pub too_small: bool,
    pub title: Rect,
    pub inputs: Rect,
    pub results: Rect,
    pub ruler: Rect,
    /// The fleet ruler, when there is room.
    pub fleets: Option<Rect>,
    /// The milestone table, when there is room (all of the lower half while browsing it).
    pub table: Option<Rect>,
    pub footer: Rect,
    /// The slider rows shown (all inputs, or a window of them).
    pub rows: Vec<SliderRow>,
    /// Inputs above and below the rows shown.
    pub inputs_hidden: (usize, usize),
    /// The picker's list, when the picker is open: (area, position in the search's matches of
    /// the first row shown).
    pub picker_list: Option<(Rect, usize)>,
}

/// Lays out the screen for `area`.
pub fn layout(area: Rect, app: &App) -> Screen {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return Screen {
            too_small: true,
            ..Screen::default()
        };
    }
    // Every input fits on tall screens; otherwise the panel shows INPUT_ROWS of them from the
    // app's scroll position, which always contains the focus.
    let n = Field::ALL.len();
    // Tall screens show more inputs, and as many rows as the results have; the ruler keeps at
    // least seven rows below.
    let room = usize::from(area.height.saturating_sub(12)).max(INPUT_ROWS);
    let wanted = super::results::row_count(app).max(usize::from(area.height.saturating_sub(28)));
    let shown = wanted.min(room).clamp(INPUT_ROWS.min(n), n);
    let first_input = app.inputs_top.min(n - shown);
    let top_h = shown as u16 + 2;
    let footer_h = 2;
    let title = Rect::new(area.x, area.y, area.width, 1);
    let top = Rect::new(area.x, area.y + 1, area.width, top_h);
    let rest_y = top.bottom();
    let rest_h = area.bottom().saturating_sub(rest_y + footer_h);
    let footer = Rect::new(area.x, area.bottom() - footer_h, area.width, footer_h);
    // The ruler takes up to 7 rows; the fleet ruler 5 and the table of milestones the rest,
    // each only when worthwhile.
    let ruler_h = rest_h.min(7);
    let fleets_h = if rest_h >= ruler_h + 5 + 5 { 5 } else { 0 };
    let table_h = rest_h - ruler_h - fleets_h;
    let (ruler, fleets, table) = if table_h >= 5 {
        (
            Rect::new(area.x, rest_y, area.width, ruler_h),
            (fleets_h > 0).then(|| Rect::new(area.x, rest_y + ruler_h, area.width, fleets_h)),
            Some(Rect::new(
                area.x,
                rest_y + ruler_h + fleets_h,
                area.width,
                table_h,
            )),
        )
    } else {
        (Rect::new(area.x, rest_y, area.width, rest_h), None, None)
    };
    // Browsing the known runs: the table takes the whole lower half.
    let browsing = match &app.mode {
        Mode::Table | Mode::RunDetail(_) => true,
        Mode::Prompt(p) => matches!(p.kind, crate::app::PromptKind::Filter { .. }),
        _ => false,
    };
    let (ruler, fleets, table) = if browsing {
        (
            Rect::new(area.x, rest_y, area.width, 0),
            None,
            Some(Rect::new(area.x, rest_y, area.width, rest_h)),
        )
    } else {
        (ruler, fleets, table)
    };
    // On a low screen the runs being browsed take the sliders' place too: the table needs the
    // rows more than the inputs do while it has the keys.
    let (top, table) = if browsing && area.height < TALL_ENOUGH_TO_BROWSE {
        (
            Rect::new(top.x, top.y, top.width, 0),
            Some(Rect::new(area.x, top.y, area.width, top.height + rest_h)),
        )
    } else {
        (top, table)
    };
    // Inputs get a bit more than half, capped so tracks stay a sensible length on wide screens.
    // The smallest layout gives a comparison one column of the tracks: A and a pin then fit
    // whole with a column clear of the border.
    let inputs_w = if area.width < 70 {
        if app.pinned.is_empty() { 32 } else { 31 }
    } else {
        (area.width * 11 / 20).clamp(34, 96)
    };
    let inputs = Rect::new(top.x, top.y, inputs_w, top.height);
    let results = Rect::new(top.x + inputs_w, top.y, top.width - inputs_w, top.height);
    let inner = Rect::new(
        inputs.x + 1,
        inputs.y + 1,
        inputs.width - 2,
        inputs.height.saturating_sub(2),
    );
    let value_w = if inner.width >= 52 {
        14
    } else if inner.width >= 36 {
        13
    } else {
        12
    };
    let label_w = if inner.width >= 50 {
        LABEL_WIDTH
    } else {
        SHORT_LABEL_WIDTH
    };
    let shown = if top.height == 0 { 0 } else { shown };
    let rows = Field::ALL[first_input..first_input + shown]
        .iter()
        .enumerate()
        .map(|(i, &field)| {
            let row = Rect::new(inner.x, inner.y + i as u16, inner.width, 1);
            let label = Rect::new(row.x, row.y, label_w.min(row.width), 1);
            let value = Rect::new(
                label.right(),
                row.y,
                value_w.min(row.width.saturating_sub(label.width)),
                1,
            );
            let track_x = value.right() + 1;
            let track = Rect::new(track_x, row.y, row.right().saturating_sub(track_x + 1), 1);
            SliderRow {
                field,
                row,
                label,
                value,
                track,
            }
        })
        .collect();
    let picker_list = match &app.mode {
        Mode::Picker { selected }
        | Mode::ConfirmDelete(selected)
        | Mode::Prompt(crate::app::Prompt {
            kind: crate::app::PromptKind::PickerFilter { selected, .. },
            ..
        }) => {
            let popup = popup_area(area, 90, 80);
            let longest = app
                .catalog
                .scenarios
                .iter()
                .map(|e| e.scenario.name.chars().count() as u16 + 10)
                .max()
                .unwrap_or(20);
            let list_w = longest.clamp(20, popup.width * 2 / 5);
            // The first row says what the search is.
            let list = Rect::new(
                popup.x + 1,
                popup.y + 2,
                list_w,
                popup.height.saturating_sub(3),
            );
            let visible = list.height as usize;
            let pos = app
                .picker
                .rows
                .iter()
                .position(|i| i == selected)
                .unwrap_or(0);
            let first = pos.saturating_sub(visible.saturating_sub(1));
            Some((list, first))
        }
        _ => None,
    };
    Screen {
        too_small: false,
        title,
        inputs,
        results,
        ruler,
        fleets,
        table,
        footer,
        rows,
        inputs_hidden: if shown == 0 {
            (0, 0)
        } else {
            (first_input, n - first_input - shown)
        },
        picker_list,
    }
}

/// A centred popup taking `pw`% × `ph`% of `area`.
pub fn popup_area(area: Rect, pw: u16, ph: u16) -> Rect {
    let w = (area.width as u32 * pw as u32 / 100) as u16;
    let h = (area.height as u32 * ph as u32 / 100) as u16;
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

impl Screen {
    /// The slider row under a screen position.
    pub fn row_at(&self, col: u16, row: u16) -> Option<&SliderRow> {
        self.rows
            .iter()
            .find(|r| r.row.contains(Position::new(col, row)))
    }

    /// The track position in [0, 1] for a column on a row's track (clamped to its ends).
    pub fn track_t(r: &SliderRow, col: u16) -> f64 {
        if r.track.width <= 1 {
            return 0.0;
        }
        let x = col.clamp(r.track.x, r.track.right() - 1) - r.track.x;
        x as f64 / (r.track.width - 1) as f64
    }
}
