//! `agi-compute cards` in every format: formatting only, every number from [`crate::analysis::cards`].

use crate::analysis::cards::CardRow;
use crate::model::format as fmt;
use crate::report::Format;
use crate::report::table::{Cell, Column, Report, Section};
use serde_json::{Value, json};

/// What the ranking answers, for its heading: "1.00e26 FLOP in 90 days, cost: rent".
pub struct CardsQuestion {
    pub scenario: String,
    pub goal: String,
    pub basis: &'static str,
}

pub fn render(q: &CardsQuestion, rows: &[CardRow], format: Format) -> String {
    let report = || Report {
        title: format!(
            "Cards for {} (from {}), cheapest first on the {} basis",
            q.goal, q.scenario, q.basis
        ),
        lead: Vec::new(),
        sections: vec![cards(rows)],
    };
    match format {
        Format::Table => report().text(),
        Format::Json => format!("{:#}\n", to_json(q, rows)),
        Format::Csv => cards(rows).csv(),
        Format::Markdown => report().markdown(),
    }
}

/// One row per card; the price's kind, value, tier and source are CSV columns of their own.
fn cards(rows: &[CardRow]) -> Section {
    let mut s = Section::new(
        "cards",
        "",
        vec![
            Column::keyed("Card", "id"),
            Column::keyed("Peak", "peak_precision"),
            Column::numeric("TFLOP/s", "peak_tflops").right(),
            Column::numeric("GPUs", "gpus").right(),
            Column::numeric("Days", "days").right(),
            Column::csv_only("total_flop", true),
            Column::numeric("Cost", "cost_usd").right(),
            Column::numeric("Power", "power_mw").right(),
            Column::csv_only("price_kind", false),
            Column::csv_only("price_usd", true),
            Column::csv_only("price_status", false),
            Column::csv_only("price_tier", false),
            Column::new("Price (status)"),
            Column::keyed("Source", "price_source").not_in_text(),
            Column::keyed("Note", "note"),
        ],
    );
    s.text_header = true;
    s.notes.push(
        "Prices as the catalog sources them (`agi-compute presets`); a card without one has no cost."
            .into(),
    );
    for r in rows {
        let p = r.price.as_ref();
        s.row([
            Cell::new(r.id.clone()),
            Cell::new(r.peak_label),
            Cell::number(r.peak_text(), Some(r.peak_tflops)),
            Cell::number(fmt::count(r.gpus), Some(r.gpus)),
            Cell::number(fmt::days(r.days), Some(r.days)),
            Cell::number("", Some(r.flop)),
            Cell::number(r.cost_text(), r.cost),
            Cell::number(r.power_text(), r.power_mw),
            Cell::new(p.map_or("", |p| p.kind)),
            Cell::number("", p.map(|p| p.value)),
            Cell::new(p.map_or("missing", |p| p.status)),
            Cell::new(p.map_or("", |p| p.tier)),
            Cell::new(r.price_text()),
            Cell::new(p.map_or("", |p| p.source.as_str())),
            Cell::new(r.note.clone().unwrap_or_default()),
        ]);
    }
    s
}

fn to_json(q: &CardsQuestion, rows: &[CardRow]) -> Value {
    let cards: Vec<Value> = rows
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.name,
                "peak_precision": r.peak_label,
                "peak_tflops": r.peak_tflops,
                "gpus": r.gpus,
                "days": r.days,
                "total_flop": r.flop,
                "cost_usd": r.cost,
                "power_mw": r.power_mw,
                "price": r.price.as_ref().map(|p| json!({
                    "kind": p.kind,
                    "value": p.value,
                    "status": p.status,
                    "tier": p.tier,
                    "source": p.source,
                })),
                "note": r.note,
            })
        })
        .collect();
    json!({
        "scenario": q.scenario,
        "goal": q.goal,
        "basis": q.basis,
        "cards": cards,
    })
}
