//! `agi-compute feasible` in every format: one year's constraints, or a row a year. Formatting
//! only; every number comes from [`crate::analysis::feasibility`].

use crate::analysis::feasibility::{Constraint, YearFeasibility};
use crate::model::format as fmt;
use crate::report::Format;
use crate::report::table::{Cell, Column, Report, Section};

/// The years in `format`; `single`: one year asked, shown constraint by constraint. `basis`
/// says which cards, run length and draws the numbers rest on.
pub fn render(ys: &[YearFeasibility], single: bool, basis: &str, format: Format) -> String {
    match (format, ys) {
        (Format::Json, _) => json(ys, single, basis),
        (Format::Csv, _) => years(ys).csv(),
        (_, [y]) if single => year(y, basis).render(format),
        _ => Report {
            title: "Largest training run each constraint allows, FLOP median (p10–p90)".into(),
            lead: vec![basis.to_string()],
            sections: vec![years(ys)],
        }
        .render(format),
    }
}

/// "2.05e29 (6.3e28–9.1e29)".
fn band(y: &YearFeasibility, c: Constraint) -> String {
    let r = y.row(c);
    format!(
        "{} ({}–{})",
        fmt::sci(r.median_flop, 3),
        fmt::sci(r.p10_flop, 2),
        fmt::sci(r.p90_flop, 2)
    )
}

/// The supply behind a constraint, in words.
fn supply(y: &YearFeasibility, c: Constraint) -> String {
    let v = y.row(c).inputs.first().map_or(f64::NAN, |i| i.1);
    match c {
        Constraint::Power | Constraint::PowerCampus => fmt::si(v * 1e9, "W"),
        Constraint::Chips => format!("{} H100e", fmt::count(v)),
        Constraint::Data => format!("{} tokens", fmt::sci(v, 2)),
        Constraint::Latency => format!("{} months", fmt::sig(v, 2)),
    }
}

/// The largest feasible run's price on the cluster basis, in words.
fn cost_line(y: &YearFeasibility) -> String {
    let r = &y.largest_run;
    format!(
        "largest feasible run: {} FLOP (the {} median) = {} H100e for {} months at {} each in {} \
         (the H100's price falling with price-performance) ≈ {} on the cluster basis (chips × {} for \
         servers and networking)",
        fmt::sci(r.flop, 3),
        y.binding.key(),
        fmt::count(r.h100e),
        fmt::sig(r.run_months, 3),
        fmt::usd(r.usd_per_h100e),
        y.year,
        fmt::usd(r.cluster_cost_usd),
        fmt::sig(r.cluster_overhead, 3)
    )
}

/// The largest run's cost, the soft limits and the bandwidth note under a year.
fn notes(y: &YearFeasibility) -> Vec<String> {
    let mut out = vec![cost_line(y)];
    out.extend(y.soft.iter().map(|soft| {
        format!(
            "soft: {} from {} — {}",
            soft.name,
            fmt::flop(soft.flop),
            soft.effect
        )
    }));
    out.push(format!("bandwidth: {}", y.bandwidth));
    out
}

/// One year, a row per constraint, the binding one named.
fn year(y: &YearFeasibility, basis: &str) -> Report {
    let mut s = Section::new(
        "constraints",
        "",
        vec![
            Column::new("Constraint"),
            Column::new("FLOP median (p10–p90)"),
            Column::new("Supply (median)"),
        ],
    );
    s.text_header = true;
    for c in Constraint::ALL {
        s.row([
            Cell::new(c.label()),
            Cell::number(band(y, c), Some(y.row(c).median_flop)),
            Cell::new(supply(y, c)),
        ]);
    }
    s.notes.push(format!(
        "binding: {} — the hard cap with the smallest median (one campus is shown, never binds: distributed power already allows several sites)",
        y.binding.key()
    ));
    s.notes.extend(notes(y));
    Report {
        title: format!(
            "Largest training run each constraint allows in {}{}",
            y.year,
            if y.extrapolated {
                " (extrapolated past the report's 2030)"
            } else {
                ""
            }
        ),
        lead: vec![basis.to_string()],
        sections: vec![s],
    }
}

/// A row a year: each constraint's band (CSV: its median, p10 and p90) and the binding one.
fn years(ys: &[YearFeasibility]) -> Section {
    let mut columns = vec![Column::csv_only("year", true), Column::new("Year")];
    for c in Constraint::ALL {
        columns.push(Column::new(c.key()));
        for q in ["median_flop", "p10_flop", "p90_flop"] {
            columns.push(Column::csv_only(format!("{}_{q}", c.key()), true));
        }
    }
    columns.push(Column::csv_only("largest_run_h100e", true));
    columns.push(Column::numeric("Cluster cost", "largest_run_cluster_cost_usd").right());
    columns.push(Column::keyed("Binding", "binding"));
    columns.push(Column::csv_only("extrapolated", false));
    let mut s = Section::new("years", "", columns);
    s.text_header = true;
    for y in ys {
        let mut row = vec![
            Cell::number("", Some(f64::from(y.year))),
            Cell::new(format!(
                "{}{}",
                y.year,
                if y.extrapolated {
                    " (extrapolated)"
                } else {
                    ""
                }
            )),
        ];
        for c in Constraint::ALL {
            let r = y.row(c);
            row.push(Cell::new(band(y, c)));
            for v in [r.median_flop, r.p10_flop, r.p90_flop] {
                row.push(Cell::number("", Some(v)));
            }
        }
        let r = &y.largest_run;
        row.push(Cell::number("", Some(r.h100e)));
        row.push(Cell::number(
            fmt::usd(r.cluster_cost_usd),
            Some(r.cluster_cost_usd),
        ));
        row.push(Cell::new(y.binding.key()));
        row.push(Cell::new(y.extrapolated.to_string()));
        s.rows.push(row);
    }
    s.notes.push(
        "cluster cost: the largest feasible run (the binding median) on H100-equivalents of its \
         year, chips, servers and networking"
            .into(),
    );
    if let Some(y) = ys.first() {
        s.notes.extend(notes(y));
    }
    s
}

fn json(ys: &[YearFeasibility], single: bool, basis: &str) -> String {
    let value = |y: &YearFeasibility| {
        let mut v = serde_json::to_value(y).unwrap_or_default();
        if let Some(o) = v.as_object_mut() {
            o.insert("basis".into(), basis.into());
            if let Some(cs) = o.get_mut("constraints").and_then(|c| c.as_array_mut()) {
                for c in cs {
                    // Inputs as an object: {"gw": 8.2}.
                    if let Some(inputs) = c.get("inputs").and_then(|i| i.as_array()).cloned() {
                        let map: serde_json::Map<String, serde_json::Value> = inputs
                            .iter()
                            .filter_map(|p| {
                                Some((p.get(0)?.as_str()?.to_string(), p.get(1)?.clone()))
                            })
                            .collect();
                        c["inputs"] = map.into();
                    }
                }
            }
        }
        v
    };
    let out = if single {
        ys.first().map(value).unwrap_or_default()
    } else {
        serde_json::Value::Array(ys.iter().map(value).collect())
    };
    format!("{out:#}\n")
}
