//! The results panel (the compare panel takes its place while a scenario is pinned): it reads
//! the evaluation in [`App`]; every number goes through its output's formatter.

use super::text;
use super::theme::Theme;
use crate::analysis::evaluation::Evaluation;
use crate::app::{App, DroppedRange, DroppedWhy, dropped_text};
use crate::model::cost::CostBasis;
use crate::model::uncertainty::DEFAULT_SAMPLES;
use crate::model::{Field, Output, format as fmt};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// The rows of the results panel, in order. Each output row names the output it shows; the
/// cost row shows the output of the chosen cost basis.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Line {
    Cost,
    Show(Output),
    OtherCosts,
    /// The year, the notional card's gain and the run against the trend of that year.
    Year,
    /// The fleet's year split between the run, experiments and inference, with a bar.
    Split,
    Bands,
}

/// Rows that show only when they say something: the effective compute once the year moved,
/// the split once the run is not the whole fleet, the serving once there is an inference
/// share, the bands once inputs carry ranges.
const LINES: [Line; 15] = [
    Line::Cost,
    Line::Show(Output::TotalFlop),
    Line::Show(Output::GoodputFlop),
    Line::Show(Output::Goodput),
    Line::Show(Output::EffectiveFlop),
    Line::Show(Output::GpuHours),
    Line::Show(Output::Power),
    Line::Show(Output::Energy),
    Line::Show(Output::Co2),
    Line::OtherCosts,
    Line::Show(Output::ChinchillaParams),
    Line::Year,
    Line::Split,
    Line::Show(Output::TokensPerDay),
    Line::Bands,
];

/// One drawn row: label (long and short), value text, context text, band.
struct Row {
    kind: Line,
    label: &'static str,
    short: &'static str,
    value: String,
    extra: String,
    /// The 5–95 % band, numbers only (the value beside it carries the unit); shown instead of
    /// `extra` where it fits.
    band: Option<String>,
    /// "below" or "above" when the value lies outside its own band: said in words.
    outside: Option<&'static str>,
    /// The ranges whose loss took this row's band, said where the band was.
    gone: Vec<DroppedRange>,
    /// The context says more than a band where only one of them fits (see [`context_first`]).
    context_first: bool,
}

impl Row {
    /// A row of text only: no band to show or miss.
    fn plain(kind: Line, label: &'static str, short: &'static str, value: String) -> Row {
        Row {
            kind,
            label,
            short,
            value,
            extra: String::new(),
            band: None,
            outside: None,
            gone: Vec::new(),
            context_first: false,
        }
    }
}

/// The context shown after an output's value.
pub(super) fn context(o: Output, e: &Evaluation) -> String {
    match o {
        Output::TotalFlop => ["in ", &fmt::field_value(Field::Days, e.inputs.days)].concat(),
        Output::FleetFlopPerYear => format!("run = {} of it", fmt::percent(e.run_share_of_year())),
        Output::Power => ["fleet ", &e.text(Output::FleetPower)].concat(),
        Output::Energy => e.text(Output::EnergyCost),
        Output::GoodputFlop => e.useful_basis().into(),
        Output::ChinchillaParams => ["D = ", &e.text(Output::ChinchillaTokens)].concat(),
        Output::EffectiveFlop => {
            format!("{} algorithms", fmt::ratio(e.projection.algorithmic_factor))
        }
        Output::TokensPerDay => match e.nearest_serving.and_then(|i| e.serving.get(i)) {
            Some(r) => format!("{} {} ({})", fmt::ratio(r.ratio), r.name, r.date),
            None => e.text(Output::ServeRentCost),
        },
        _ => String::new(),
    }
}

/// Whether `line` has something to say for `app` (see [`LINES`]).
fn shows(line: Line, app: &App) -> bool {
    let e = &app.evaluation;
    match line {
        Line::Show(Output::EffectiveFlop) => e.projection.moved(),
        Line::Show(Output::TokensPerDay) => e.inputs.share_inference > 0.0,
        Line::Split => e.inputs.run_share < 1.0,
        Line::Bands => e.bands.is_some() || e.bands_pending() || !app.dropped_ranges().is_empty(),
        _ => true,
    }
}

/// How many rows the results panel has for `app`: the layout makes room for them where the
/// screen allows.
pub fn row_count(app: &App) -> usize {
    LINES.iter().filter(|&&line| shows(line, app)).count()
}

/// Rows whose context says more than a band would where only one of them fits: what the run
/// after failures counts, the reason beside goodput, the tokens beside the compute-optimal
/// size (a wide panel shows their bands in the band column too).
fn context_first(o: Output) -> bool {
    matches!(
        o,
        Output::GoodputFlop | Output::Goodput | Output::ChinchillaParams
    )
}

/// A bar of `width` cells: the run █, experiments ▒, inference ░, in proportion.
fn split_bar(shares: [f64; 3], width: usize) -> String {
    let run = (shares[0] * width as f64).round() as usize;
    let exp = ((shares[0] + shares[1]) * width as f64).round() as usize;
    (0..width)
        .map(|k| match k {
            k if k < run => '█',
            k if k < exp => '▒',
            _ => '░',
        })
        .collect()
}

/// The year row: the year, its place against the trend, and what the year's card gains.
fn year_row(e: &Evaluation) -> Row {
    let p = &e.projection;
    let year = fmt::field_value(Field::Year, p.year);
    let value = match p.frontier_ratio {
        Some(r) => [&year, " · ", &fmt::ratio(r), " the trend"].concat(),
        None => year,
    };
    // Wait or train: a run longer than waiting for better cards and algorithms is said first.
    let longest = fmt::field_value(Field::Days, p.longest_useful_run_days);
    let extra = if p.wait_would_finish_sooner {
        ["wait: runs over ", &longest, " lose"].concat()
    } else if p.moved() {
        format!(
            "card {} FLOP/$, {} FLOP/J",
            fmt::ratio(p.hardware_factor),
            fmt::ratio(p.energy_factor)
        )
    } else {
        ["base year · train under ", &longest].concat()
    };
    Row {
        extra,
        ..Row::plain(Line::Year, "Year", "Year", value)
    }
}

/// What the cost on `basis` is made of.
fn cost_context(basis: CostBasis, e: &Evaluation) -> String {
    let i = &e.inputs;
    if let Some(f) = e.missing_input(basis.output()) {
        return format!("set {}", f.name());
    }
    match (basis, e.cost(basis)) {
        (CostBasis::Gpus, _) => [
            &fmt::field_value(Field::Gpus, i.gpus),
            " × ",
            &fmt::field_value(Field::Price, i.price_usd),
        ]
        .concat(),
        (CostBasis::Cluster, _) => {
            format!(
                "GPUs × {} servers+network",
                fmt::sig(e.inputs.cluster_overhead, 3)
            )
        }
        (CostBasis::Rent, Some(_)) => format!(
            "GPU-h × {}",
            fmt::field_value(Field::Rent, i.rent_usd_per_gpu_hour.unwrap_or(0.0))
        ),
        (CostBasis::Rent, None) => "set Rent / GPU-h".into(),
        (CostBasis::Amortized, Some(_)) => "cluster over its life + energy".into(),
        (CostBasis::Amortized, None) => "set Hardware life".into(),
        (CostBasis::EpochAmortized, _) => match e.epoch_rates {
            Some((rate, _)) => format!("server value × {}/yr", fmt::percent(rate)),
            None => "no Epoch cost constants".into(),
        },
    }
}

fn output_row(app: &App, o: Output, label: &'static str, extra: String) -> Row {
    let e = &app.evaluation;
    let spec = o.spec();
    Row {
        kind: Line::Show(o),
        label,
        short: spec.short,
        value: e.text(o),
        extra,
        // Bands being worked out show as "…" where they will be.
        band: if e.band_pending(o) {
            Some("…".into())
        } else {
            e.band(o)
                .filter(|b| b.varies())
                .map(|b| fmt::range(&o.number(Some(b.p5)), &o.number(Some(b.p95))))
        },
        outside: e.outside_band(o),
        gone: app.band_gone(o),
        context_first: context_first(o),
    }
}

/// The panel's rows for `app`, in [`LINES`] order; the bands row only when there are bands
/// or ranges went.
fn rows(app: &App, value_room: usize) -> Vec<Row> {
    let e = &app.evaluation;
    LINES
        .iter()
        .filter(|&&line| shows(line, app))
        .map(|&line| {
            match line {
                Line::Cost => {
                    let o = app.cost_basis.output();
                    Row {
                        kind: Line::Cost,
                        ..output_row(app, o, o.spec().label, cost_context(app.cost_basis, e))
                    }
                }
                Line::Show(Output::Goodput) => {
                    // The longest reason that fits beside the value; where none does, the value
                    // in two digits makes room for the shortest (an 80-column screen).
                    // The longest reason that fits beside the value; where none does, the value
                    // in two digits makes room for the shortest (an 80-column screen); narrower
                    // still, the time between failures, then the word: never no reason.
                    let reasons = e.goodput_reasons();
                    let fitting = |value: &str, reasons: &[String]| {
                        let room = value_room.saturating_sub(value.chars().count() + 2);
                        reasons.iter().find(|r| r.chars().count() <= room).cloned()
                    };
                    let full = e.text(Output::Goodput);
                    let short = format!("{:.0} %", e.outputs.goodput * 100.0);
                    let (value, extra) = match (fitting(&full, &reasons), fitting(&short, &reasons))
                    {
                        (Some(r), _) => (full, r),
                        (None, Some(r)) => (short, r),
                        (None, None) => {
                            // Worded only here: most panels have room for a reason.
                            let mut last: Vec<String> = e
                                .outputs
                                .job_mtbf_hours
                                .map(|h| format!("MTBF {}", fmt::days(h / 24.0)))
                                .into_iter()
                                .collect();
                            last.push("failures".into());
                            let r = fitting(&short, &last).unwrap_or_default();
                            (short, r)
                        }
                    };
                    Row {
                        value,
                        extra,
                        ..output_row(app, Output::Goodput, "Goodput", String::new())
                    }
                }
                Line::Show(o) => output_row(app, o, o.spec().label, context(o, e)),
                Line::OtherCosts => {
                    let others: Vec<String> = CostBasis::ALL
                        .into_iter()
                        .filter(|&b| b != app.cost_basis)
                        .filter_map(|b| {
                            let cost = e.cost(b)?;
                            Some([b.word(), " ", &b.output().number(Some(cost))].concat())
                        })
                        .collect();
                    let value = match fit_list(&others, value_room) {
                        _ if others.is_empty() => fmt::NOT_A_NUMBER.to_string(),
                        // Not even one basis fits whole: say how many there are and the key
                        // that shows them, rather than leave the row blank.
                        fitted if fitted.is_empty() => format!("{} bases: $ key", others.len()),
                        fitted => fitted,
                    };
                    Row::plain(Line::OtherCosts, "Other costs", "Other", value)
                }
                Line::Year => year_row(e),
                Line::Split => {
                    let [r, x, i] = e.inputs.shares().map(|s| s * 100.0);
                    let value =
                        format!("{} {r:.0}/{x:.0}/{i:.0} %", split_bar(e.inputs.shares(), 9));
                    Row {
                        extra: "run/exp/srv".into(),
                        ..Row::plain(Line::Split, "Fleet split", "Split", value)
                    }
                }
                Line::Bands => {
                    // Ranges the loaded scenario had and the live one lost, and why.
                    let gone = dropped_text(app.dropped_ranges());
                    // The sample count, also while the first bands are being worked out.
                    let samples = e
                        .bands
                        .as_ref()
                        .map(|b| b.samples)
                        .or(e.bands_pending().then_some(DEFAULT_SAMPLES));
                    let Some(samples) = samples else {
                        let value = format!("none: {gone}");
                        return Row {
                            extra: "u gives a range".into(),
                            ..Row::plain(Line::Bands, "Bands 5–95 %", "Bands", value)
                        };
                    };
                    let mut fields: Vec<&str> = app
                        .scenario
                        .ranges()
                        .iter()
                        .map(|r| r.field.short_name())
                        .collect();
                    // Away from the base year the trend intervals are drawn too.
                    if e.projection.moved() {
                        fields.push("trends");
                    }
                    let w = |t: &str| t.chars().count();
                    let value = if w(&fields.join(", ")) + 5 <= value_room {
                        format!("from {}", fields.join(", "))
                    } else {
                        format!("from {} ranges", fields.len())
                    };
                    let extra = if gone.is_empty() {
                        format!("{} samples · u edits", fmt::count(samples as f64))
                    } else {
                        gone
                    };
                    // Where the lost ranges do not fit beside the value, the value says them
                    // in short: "from 7, MFU by hand".
                    let short = dropped_short(app.dropped_ranges());
                    let (value, extra) = match short {
                        Some(short) if w(&value) + 2 + w(&extra) > value_room => {
                            let n = fields.len();
                            let value = [format!("from {n}, {short}"), format!("{n}, {short}")]
                                .into_iter()
                                .find(|v| w(v) <= value_room)
                                .unwrap_or(short);
                            (value, String::new())
                        }
                        _ => (value, extra),
                    };
                    Row {
                        extra,
                        ..Row::plain(Line::Bands, "Bands 5–95 %", "Bands", value)
                    }
                }
            }
        })
        .collect()
}

/// The output of the results row at screen row `y` of the panel `area` (what a click there
/// explains): the cost row its basis, the other costs the first of them.
pub fn topic_at(app: &App, area: Rect, y: u16) -> Option<crate::app::Topic> {
    if !app.pinned.is_empty() || y <= area.y {
        return None;
    }
    let line = match LINES
        .iter()
        .filter(|&&line| shows(line, app))
        .nth(usize::from(y - area.y - 1))
    {
        Some(l) => l,
        None => {
            // The spare rows of a tall panel, in the order drawn.
            let k = usize::from(y - area.y - 1) - row_count(app);
            let o = SPARE
                .into_iter()
                .filter(|&o| app.evaluation.value(o).is_some())
                .nth(k)?;
            return Some(crate::app::Topic::Output(o));
        }
    };
    let o = match *line {
        Line::Cost => app.cost_basis.output(),
        Line::Show(o) => o,
        Line::OtherCosts => app.cost_basis.next().output(),
        Line::Year => Output::EffectiveFlop,
        Line::Split => Output::FleetFlopPerYear,
        Line::Bands => return None,
    };
    Some(crate::app::Topic::Output(o))
}

pub fn draw(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    if app.pinned.is_empty() {
        results(buf, area, app, theme)
    } else {
        super::compare::draw(buf, area, app, theme)
    }
}

/// Columns the panel's labels take: long labels where the panel is wide enough.
fn label_width(inner: Rect) -> (bool, usize) {
    let wide = inner.width >= 44;
    (wide, if wide { 18 } else { 10 })
}

fn results(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let inner = text::bordered(buf, area, " Results ", theme.title(), theme.border());
    binding_mark(buf, area, app, theme);
    let (wide, label_w) = label_width(inner);
    let value_room = (inner.width as usize).saturating_sub(label_w + 2);
    let mut rows = rows(app, value_room);
    // Rows that do not fit are counted on the last line, never dropped silently.
    let height = inner.height as usize;
    // A tall panel fills its spare rows with what the short one leaves to `e`.
    for o in SPARE {
        if rows.len() >= height {
            break;
        }
        if app.evaluation.value(o).is_some() {
            rows.push(output_row(
                app,
                o,
                o.spec().label,
                context(o, &app.evaluation),
            ));
        }
    }
    let shown = if rows.len() > height {
        height.saturating_sub(1)
    } else {
        rows.len()
    };
    let column = band_column(&rows[..shown], label_w, inner.width as usize);
    if let Some((at, _)) = column {
        // The band column's heading sits on the top border, above the column.
        let heading = " 5–95 % ";
        if at + heading.chars().count() < inner.width as usize {
            text::put_str(buf, inner.x + at as u16 - 1, area.y, heading, theme.dim());
        }
    }
    for (k, r) in rows.iter().take(shown).enumerate() {
        let label = match (r.kind, column, wide) {
            // Without a band column, bands are the bracketed figures: the label says so.
            (Line::Bands, None, true) => "Bands 5–95 % […]",
            (Line::Bands, None, false) => "Bands […]",
            (_, _, true) => r.label,
            (_, _, false) => r.short,
        };
        let mut pen = text::Pen::new(buf, Rect::new(inner.x, inner.y + k as u16, inner.width, 1));
        pen.text(" ", theme.dim())
            .text(label, theme.dim())
            .pad_to(1 + label_w as u16, theme.dim());
        pen.text(
            &text::fit(&r.value, value_room),
            if k == 0 {
                theme.accent()
            } else {
                theme.value()
            },
        );
        match column {
            Some((at, band_w)) => in_columns(&mut pen, r, at, band_w, theme),
            None => after_value(&mut pen, r, theme),
        }
    }
    if shown < rows.len() && height > 0 {
        let more = rows.len() - shown;
        let y = inner.y + shown as u16;
        let line = format!(
            " … {more} more row{}: a taller terminal shows {}",
            if more == 1 { "" } else { "s" },
            if more == 1 { "it" } else { "them" }
        );
        text::put(buf, inner.x, y, &line, inner.width as usize, theme.dim());
    }
}

/// Columns left of free space after the band column for the context to be worth showing.
const CONTEXT_ROOM: usize = 24;

/// Where the band column starts in the panel and how wide it is, when value, band and context
/// fit side by side in `width` columns; `None` when they do not (or no row has a band): then
/// bands are bracketed after the value ("[8.83–10.4 B]").
fn band_column(rows: &[Row], label_w: usize, width: usize) -> Option<(usize, usize)> {
    let w = |s: &str| s.chars().count();
    let value_w = rows
        .iter()
        .filter(|r| r.band.is_some() || !r.gone.is_empty())
        .map(|r| w(&r.value))
        .max()?;
    let band_w = rows.iter().filter_map(|r| r.band.as_deref()).map(w).max()?;
    let at = 1 + label_w + value_w + 2;
    (at + band_w + 2 + CONTEXT_ROOM <= width).then_some((at, band_w))
}

/// The lost ranges in the fewest words: "MFU by hand", "Price dropped"; `None` when none.
fn dropped_short(dropped: &[DroppedRange]) -> Option<String> {
    // Most rows lost no range: nothing to join.
    if dropped.is_empty() {
        return None;
    }
    let names = dropped
        .iter()
        .map(|d| d.field.short_name())
        .collect::<Vec<_>>()
        .join(", ");
    let by_hand = dropped.iter().all(|d| d.why == DroppedWhy::SetByHand);
    Some(if by_hand {
        format!("{names} by hand")
    } else {
        format!("{names} dropped")
    })
}

/// "no band: MFU set by hand" and shorter forms, longest first: where a band went, and why.
fn gone_texts(gone: &[DroppedRange]) -> Vec<String> {
    let Some(short) = dropped_short(gone) else {
        return Vec::new();
    };
    let names = gone
        .iter()
        .map(|d| d.field.short_name())
        .collect::<Vec<_>>()
        .join(", ");
    vec![
        format!("no band: {}", dropped_text(gone)),
        format!("no band: {short}"),
        format!("no band: {names}"),
    ]
}

/// A wide panel: the band (or why there is none) in its own column under the "5–95 %"
/// heading, the context after it, each whole or not at all.
fn in_columns(pen: &mut text::Pen, r: &Row, at: usize, band_w: usize, theme: &Theme) {
    let width = |s: &str| s.chars().count();
    let fits = |pen: &text::Pen, s: &str| width(s) < pen.room();
    pen.pad_to(at as u16, theme.dim());
    match (&r.band, r.outside) {
        (Some(b), outside) => {
            let style = if outside.is_some() {
                theme.warning()
            } else {
                theme.scenario()
            };
            pen.text(b, style);
            if let Some(side) = outside {
                let note = format!(" (value {side})");
                if fits(pen, &note) {
                    pen.text(&note, style);
                }
            }
        }
        (None, _) => {
            if let Some(t) = gone_texts(&r.gone).into_iter().find(|t| fits(pen, t)) {
                pen.text(&t, theme.modified());
            }
        }
    }
    // The context in its own column, or after a band cell that ran past it.
    let context_at = (at + band_w + 2).max(pen.column() + 2);
    if !r.extra.is_empty() {
        pen.pad_to(context_at as u16, theme.dim());
        if fits(pen, &r.extra) {
            pen.text(&r.extra, theme.dim());
        }
    }
}

/// A narrow panel: after the value, the bracketed band where it fits, else why a band went,
/// else the context; each whole or not at all (a cut "$30." misleads). A value outside its
/// band says so, beside the band or instead of it. Rows whose context says more show it first.
fn after_value(pen: &mut text::Pen, r: &Row, theme: &Theme) {
    // Columns stay free before the border: a word touching it would read as cut.
    let room = pen.room().saturating_sub(3);
    let fits = |t: &String| t.chars().count() + 2 <= room;
    let band = match (&r.band, r.outside) {
        _ if r.context_first => None,
        (Some(b), Some(side)) => [
            format!("[{b}] (value {side})"),
            // The band lies the other way: "band ↑ [506–676 MW]" for a value below it.
            format!("band {} [{b}]", if side == "below" { '↑' } else { '↓' }),
            format!("value {side} its 5–95 % band"),
            format!("value {side} band"),
        ]
        .into_iter()
        .find(fits),
        (Some(b), None) => Some(format!("[{b}]")).filter(fits),
        (None, _) => None,
    };
    let gone = if r.context_first {
        None
    } else {
        gone_texts(&r.gone).into_iter().find(fits)
    };
    match (band, gone) {
        (Some(b), _) => {
            let style = if r.outside.is_some() {
                theme.warning()
            } else {
                theme.scenario()
            };
            pen.text("  ", style).text(&b, style);
        }
        (None, Some(g)) => {
            pen.text("  ", theme.modified()).text(&g, theme.modified());
        }
        (None, None) if !r.extra.is_empty() && r.extra.chars().count() <= room => {
            pen.text("  ", theme.dim()).text(&r.extra, theme.dim());
        }
        _ => {}
    }
}

/// Every limit past its line on the panel's bottom border, soft ones labelled: "binding:
/// power ×2.47 · failures ×1.58 soft"; the one that binds first when none is (the Limits view,
/// Tab, says why).
fn binding_mark(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let limits = &app.evaluation.limits;
    let (Some(r), Some(mark)) = (limits.binding_row(), limits.mark()) else {
        return;
    };
    // The whole list where it fits, else the first limit alone; each wording written only
    // when the longer ones did not fit.
    let more = limits.past.len().saturating_sub(1);
    let short = r.short();
    let shows = |m: &String| {
        (more > 0 || !m.contains(" +0 ")) && m.chars().count() as u16 + 4 <= area.width
    };
    let mark = Some([" ", &mark, " "].concat())
        .filter(shows)
        .or_else(|| Some(format!(" {}: {short} +{more} ", r.lead())).filter(shows))
        .or_else(|| Some(format!(" {}: {short} ", r.lead())).filter(shows))
        .unwrap_or_default();
    let w = mark.chars().count() as u16;
    if area.height >= 2 && w > 0 && w + 4 <= area.width {
        let style = if r.binds() {
            theme.warning()
        } else {
            theme.dim()
        };
        text::put_str(buf, area.x + 2, area.bottom() - 1, &mark, style);
    }
}

/// As many items as fit in `room` columns, joined with " · ".
fn fit_list(items: &[String], room: usize) -> String {
    let mut out = String::new();
    for item in items {
        let extra = if out.is_empty() { 0 } else { 3 };
        if out.chars().count() + extra + item.chars().count() > room {
            break;
        }
        if !out.is_empty() {
            out.push_str(" · ");
        }
        out.push_str(item);
    }
    out
}

/// Outputs a tall results panel adds in its spare rows, most asked-for first.
const SPARE: [Output; 5] = [
    Output::Sustained,
    Output::JobMtbf,
    Output::CheckpointInterval,
    Output::Interruptions,
    Output::FleetFlopPerYear,
];
