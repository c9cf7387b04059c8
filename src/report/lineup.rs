//! `eval` with several scenarios: the comparison's rows as a section of the side-by-side
//! report, read from the same [`Lineup`] the explorer's compare panel draws.

use super::HEADLINE;
use super::table::{Cell, Column, Section};
use crate::analysis::lineup::{Column as Scenario, Lineup};
use crate::model::format::NOT_A_NUMBER;

/// A column's heading: its letter and name, "B deepseek-v3".
pub fn heading(c: &Scenario) -> String {
    format!("{} {}", c.letter, c.label)
}

/// The results of every scenario in the lineup's order (the cost on the basis, the run, what
/// failures leave of it, …; brief: the headline outputs only), led by the inputs each column
/// changes against A, in the compare panel's words; with two scenarios, A/B and A−B too.
pub fn results(l: &Lineup, brief: bool) -> Section {
    let two = l.columns.len() == 2;
    let mut columns = vec![Column::new("Result")];
    columns.extend(
        l.columns
            .iter()
            .map(|c| Column::keyed(heading(c), c.label.clone()).right()),
    );
    if two {
        columns.push(Column::keyed("A/B", "a_over_b").right());
        columns.push(Column::keyed("A−B", "a_minus_b").right());
    }
    let mut s = Section::new("results", "Results", columns);
    s.text_header = true;
    s.lead = (1..l.columns.len())
        .map(|i| format!("inputs {}", l.differs_text(i)))
        .collect();
    for r in &l.rows {
        if brief && !HEADLINE.contains(&r.output) {
            continue;
        }
        let mut cells = vec![Cell::new(r.output.spec().label)];
        // An absent value is "—" in its column and its reason is said once, under the table:
        // the reasons are long, and one in a cell would widen every scenario's column.
        cells.extend(l.columns.iter().zip(&r.values).map(|(c, &v)| match v {
            Some(_) => Cell::number(c.evaluation.text(r.output), v),
            None => Cell::number(NOT_A_NUMBER, None),
        }));
        if r.values.iter().any(Option::is_none) {
            let missing: Vec<&str> = l
                .columns
                .iter()
                .zip(&r.values)
                .filter(|(_, v)| v.is_none())
                .map(|(c, _)| c.letter.as_str())
                .collect();
            s.notes.push(format!(
                "{NOT_A_NUMBER} {} in {}: {}",
                r.output.spec().label,
                missing.join(", "),
                r.output.spec().absent.unwrap_or("not computed")
            ));
        }
        if two {
            cells.push(Cell::number(r.ratio_text(), r.ratio));
            cells.push(Cell::number(r.delta_text(true), r.delta));
        }
        s.row(cells);
    }
    s
}
