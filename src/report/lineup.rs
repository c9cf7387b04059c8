//! `eval` with several scenarios: the comparison's rows as a section of the side-by-side
//! report, read from the same [`Lineup`] the explorer's compare panel draws.

use super::HEADLINE;
use super::table::{Cell, Column, Section};
use crate::analysis::lineup::{Column as Scenario, Lineup};

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
        cells.extend(
            l.columns
                .iter()
                .zip(&r.values)
                .map(|(c, &v)| Cell::number(c.evaluation.text(r.output), v)),
        );
        if two {
            cells.push(Cell::number(r.ratio_text(), r.ratio));
            cells.push(Cell::number(r.delta_text(), r.delta));
        }
        s.row(cells);
    }
    s
}
