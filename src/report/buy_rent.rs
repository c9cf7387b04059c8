//! The buy-or-rent comparison ([`crate::analysis::buy_rent`]) in every format.

use crate::analysis::buy_rent::BuyOrRent;
use crate::model::format as fmt;
use crate::report::Format;
use crate::report::table::{Cell, Column, Report, Section};
use serde_json::json;

/// The comparison in one format.
pub fn render(b: &BuyOrRent, format: Format) -> String {
    if format == Format::Json {
        return format!(
            "{:#}\n",
            json!({
                "budget_usd": b.budget,
                "scenario": b.scenario,
                "amortization_years": b.life_years,
                "amortization_years_from": b.life_from.zip(b.life_years).map(|(f, y)| f.text(y)),
                "energy_usd_per_gpu_hour": b.energy_usd_per_gpu_hour,
                "bases": b.rows.iter().map(|r| json!({
                    "basis": r.basis.word(),
                    "cost_output": r.basis.output().spec().key,
                    "gpus": r.gpus,
                    "run_flop": r.run_flop,
                    "life_flop": r.life_flop,
                    "energy_usd": r.energy_usd,
                    "note": r.note,
                })).collect::<Vec<_>>(),
                "break_even_days": b.break_even_days,
                "decides": b.decides,
            })
        );
    }
    let number = |v: Option<f64>, f: fn(f64) -> String| {
        Cell::number(v.map_or(fmt::NOT_A_NUMBER.into(), f), v)
    };
    let flop = |x: f64| fmt::sci(x, 3);
    let mut s = Section::new(
        "bases",
        "",
        vec![
            Column::new("Basis"),
            Column::csv_only("basis", false),
            Column::numeric("GPUs", "gpus").right(),
            Column::numeric("FLOP in the run", "run_flop").right(),
            Column::numeric("FLOP over the hardware life", "life_flop").right(),
            Column::keyed("Note", "note"),
        ],
    );
    s.text_header = true;
    for r in &b.rows {
        s.row([
            Cell::new(r.basis.label()),
            Cell::new(r.basis.word()),
            number(r.gpus, fmt::count),
            number(r.run_flop, flop),
            number(r.life_flop, flop),
            Cell::new(r.note.clone().unwrap_or_default()),
        ]);
    }
    if let Some(line) = life_line(b) {
        s.notes.push(line);
    }
    s.notes.push(format!("Decides it: {}", b.decides));
    let report = Report {
        title: format!("Buy or rent with {} ({})", fmt::usd(b.budget), b.scenario),
        lead: Vec::new(),
        sections: vec![s],
    };
    match format {
        Format::Csv => report.sections[0].csv(),
        Format::Markdown => report.markdown(),
        _ => report.text(),
    }
}

/// "Hardware life: 3.10 years, Epoch AI's: …", when there is a life.
fn life_line(b: &BuyOrRent) -> Option<String> {
    let (from, y) = b.life_from.zip(b.life_years)?;
    Some(format!(
        "Hardware life: {} years, {}",
        fmt::sig(y, 3),
        from.text(y)
    ))
}
