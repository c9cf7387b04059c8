//! `agi-compute cards` in every format: formatting only, every number from [`crate::analysis::cards`].

use crate::analysis::cards::CardRow;
use crate::model::format as fmt;
use crate::model::format::{csv_cell, csv_number};
use crate::report::Format;
use serde_json::{Value, json};

/// What the ranking answers, for its heading: "1.00e26 FLOP in 90 days, cost: rent".
pub struct CardsQuestion {
    pub scenario: String,
    pub goal: String,
    pub basis: &'static str,
}

pub fn render(q: &CardsQuestion, rows: &[CardRow], format: Format) -> String {
    match format {
        Format::Table => table(q, rows),
        Format::Json => format!("{:#}\n", to_json(q, rows)),
        Format::Csv => csv(rows),
        Format::Markdown => markdown(q, rows),
    }
}

/// Every column is at least one space from the next, however long a value is (a duration of
/// 5e-324 days ran into the GPU count).
fn table(q: &CardsQuestion, rows: &[CardRow]) -> String {
    let mut s = format!(
        "Cards for {} (from {}), cheapest first on the {} basis\n\n",
        q.goal, q.scenario, q.basis
    );
    s.push_str(&format!(
        "  {:<11} {:>5} {:>9} {:>9} {:>10} {:>11} {:>9}  {}\n",
        "card", "peak", "TFLOP/s", "GPUs", "days", "cost", "power", "price (status)"
    ));
    for r in rows {
        let line = format!(
            "  {:<11} {:>5} {:>9} {:>9} {:>10} {:>11} {:>9}  {}{}",
            r.id,
            r.peak_label,
            fmt::sig(r.peak_tflops, 4),
            fmt::count(r.gpus),
            fmt::days(r.days),
            r.cost_text(),
            r.power_text(),
            r.price_text(),
            r.note.as_ref().map_or(String::new(), |n| format!(" · {n}"))
        );
        s.push_str(line.trim_end());
        s.push('\n');
    }
    s.push_str("\nPrices as the catalog sources them (`agi-compute presets`); a card without one has no cost.\n");
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

fn csv(rows: &[CardRow]) -> String {
    let mut s = String::from(
        "id,peak_precision,peak_tflops,gpus,days,total_flop,cost_usd,power_mw,price_kind,price_usd,price_status,price_tier,price_source,note\n",
    );
    let opt = |v: Option<f64>| v.map_or(String::new(), csv_number);
    for r in rows {
        let p = r.price.as_ref();
        s.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
            csv_cell(&r.id),
            csv_cell(r.peak_label),
            csv_number(r.peak_tflops),
            csv_number(r.gpus),
            csv_number(r.days),
            csv_number(r.flop),
            opt(r.cost),
            opt(r.power_mw),
            csv_cell(p.map_or("", |p| p.kind)),
            opt(p.map(|p| p.value)),
            csv_cell(p.map_or("missing", |p| p.status)),
            csv_cell(p.map_or("", |p| p.tier)),
            csv_cell(p.map_or("", |p| p.source.as_str())),
            csv_cell(r.note.as_deref().unwrap_or("")),
        ));
    }
    s
}

fn markdown(q: &CardsQuestion, rows: &[CardRow]) -> String {
    let md = fmt::markdown_cell;
    let mut s = format!(
        "### Cards for {} (from {}), on the {} basis\n\n",
        md(&q.goal),
        md(&q.scenario),
        q.basis
    );
    s.push_str("| Card | Peak | GPUs | Days | Cost | Power | Price (status) | Source | Note |\n");
    s.push_str("|---|---|---|---|---|---|---|---|---|\n");
    for r in rows {
        s.push_str(&format!(
            "| {} | {} {} TFLOP/s | {} | {} | {} | {} | {} | {} | {} |\n",
            md(&r.name),
            r.peak_label,
            fmt::sig(r.peak_tflops, 4),
            fmt::count(r.gpus),
            fmt::days(r.days),
            r.cost_text(),
            r.power_text(),
            r.price_text(),
            md(r.price.as_ref().map_or("", |p| p.source.as_str())),
            md(r.note.as_deref().unwrap_or(""))
        ));
    }
    s
}
