//! The buy-or-rent comparison ([`crate::analysis::buy_rent`]) in every format.

use crate::analysis::buy_rent::BuyOrRent;
use crate::model::format as fmt;
use crate::report::Format;
use serde_json::json;

/// The comparison in one format.
pub fn render(b: &BuyOrRent, format: Format) -> String {
    let opt = |v: Option<f64>, f: fn(f64) -> String| v.map_or(fmt::NOT_A_NUMBER.into(), f);
    let flop = |x: f64| fmt::sci(x, 3);
    match format {
        Format::Json => format!(
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
        ),
        Format::Csv => {
            let mut s = String::from("basis,gpus,run_flop,life_flop,note\n");
            let o = |v: Option<f64>| v.map_or(String::new(), fmt::csv_number);
            for r in &b.rows {
                s.push_str(&format!(
                    "{},{},{},{},{}\n",
                    fmt::csv_cell(r.basis.word()),
                    o(r.gpus),
                    o(r.run_flop),
                    o(r.life_flop),
                    fmt::csv_cell(r.note.as_deref().unwrap_or(""))
                ));
            }
            s
        }
        Format::Markdown => {
            let mut s = format!(
                "### Buy or rent with {} ({})\n\n| Basis | GPUs | FLOP in the run | FLOP over the hardware life | Note |\n|---|---|---|---|---|\n",
                fmt::usd(b.budget),
                fmt::markdown_cell(&b.scenario)
            );
            for r in &b.rows {
                s.push_str(&format!(
                    "| {} | {} | {} | {} | {} |\n",
                    r.basis.label(),
                    opt(r.gpus, fmt::count),
                    opt(r.run_flop, flop),
                    opt(r.life_flop, flop),
                    fmt::markdown_cell(r.note.as_deref().unwrap_or(""))
                ));
            }
            if let Some(line) = life_line(b) {
                s.push_str(&format!("\n{}\n", fmt::markdown_cell(&line)));
            }
            s.push_str(&format!("\n{}\n", fmt::markdown_cell(&b.decides)));
            s
        }
        Format::Table => {
            let mut s = format!(
                "Buy or rent with {} ({})\n\n  {:<19}{:>9}{:>18}{:>30}\n",
                fmt::usd(b.budget),
                b.scenario,
                "basis",
                "GPUs",
                "FLOP in the run",
                "FLOP over the hardware life"
            );
            for r in &b.rows {
                let line = format!(
                    "  {:<19}{:>9}{:>18}{:>30}  {}",
                    r.basis.label(),
                    opt(r.gpus, fmt::count),
                    opt(r.run_flop, flop),
                    opt(r.life_flop, flop),
                    r.note.as_deref().unwrap_or("")
                );
                s.push_str(line.trim_end());
                s.push('\n');
            }
            if let Some(line) = life_line(b) {
                s.push_str(&format!("\n  {line}"));
            }
            s.push_str(&format!("\n  Decides it: {}\n", b.decides));
            s
        }
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
