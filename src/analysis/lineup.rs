//! Several scenarios side by side: the one model behind the explorer's comparison (the live
//! scenario A beside its pins) and `eval` with several scenarios. Both read the same columns,
//! the same rows of outputs in the same order and the same list of inputs each column changes
//! against A, so a number read on one surface is the number on the other.

use crate::analysis::evaluation::Evaluation;
use crate::model::cost::CostBasis;
use crate::model::{Field, Output};

/// The outputs every comparison leads with, after the cost on the chosen basis: what the run
/// does, what failures leave of it, and what it draws and costs. The other outputs follow in
/// their usual order, so a short panel shows these and a table shows all.
const LEADING: [Output; 10] = [
    Output::TotalFlop,
    Output::GoodputFlop,
    Output::Goodput,
    Output::Sustained,
    Output::GpuHours,
    Output::Power,
    Output::Energy,
    Output::Co2,
    Output::RentalCost,
    Output::ChinchillaParams,
];

/// The letter of column `i`: A for the first, then B, C, …; past Z, Z2, Z3, ….
pub fn letter(i: usize) -> String {
    match u8::try_from(i) {
        Ok(n) if n < 26 => char::from(b'A' + n).to_string(),
        _ => format!("Z{}", i - 24),
    }
}

/// One scenario of the lineup.
#[derive(Clone, Debug)]
pub struct Column {
    /// A, B, C, …: what the rows and "inputs A≠B" call it.
    pub letter: String,
    /// The scenario as its surface names it: the title in the explorer, the name on the
    /// command line for `eval`.
    pub label: String,
    pub evaluation: Evaluation,
}

/// One output across the columns.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub output: Output,
    /// Each column's value, in column order (`None`: absent for that scenario).
    pub values: Vec<Option<f64>>,
    /// Whether every column has A's value.
    pub same: bool,
    /// A ÷ B, when both are present and B is positive.
    pub ratio: Option<f64>,
    /// A − B, when both are present.
    pub delta: Option<f64>,
}

impl Row {
    /// A ÷ B as "×1.23", or "—".
    pub fn ratio_text(&self) -> String {
        self.ratio.map_or(
            crate::model::format::NOT_A_NUMBER.into(),
            crate::model::format::ratio,
        )
    }

    /// A − B in the output's own units, signed: "+$2.63 B", "−9.69e26 FLOP" (with `units`;
    /// "−9.69e26" without, for a column too narrow for the unit word), "0", or "—". The
    /// difference of two shares is in percentage points ("−9.8 pp"): "−9.8 %" would read as a
    /// relative change, which A/B already gives.
    pub fn delta_text(&self, units: bool) -> String {
        let o = self.output;
        let size = |d: f64| {
            if o.spec().unit == "fraction" {
                let points = crate::model::format::percent(d);
                format!("{} pp", points.trim_end_matches('%').trim_end())
            } else if units {
                o.text(Some(d))
            } else {
                o.number(Some(d))
            }
        };
        match self.delta {
            Some(0.0) => "0".into(),
            Some(d) if d > 0.0 => format!("+{}", size(d)),
            Some(d) => format!("−{}", size(-d)),
            None => crate::model::format::NOT_A_NUMBER.into(),
        }
    }
}

/// What makes a column differ from A.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Difference {
    /// Another accelerator.
    Card,
    Input(Field),
}

impl Difference {
    /// As the comparison lists it: "card", "GPUs", "$/GPU-h".
    pub fn word(self) -> &'static str {
        match self {
            Difference::Card => "card",
            Difference::Input(f) => f.short_name(),
        }
    }

    /// As JSON names it: "accelerator", "gpus", "rent_usd_per_gpu_hour".
    pub fn key(self) -> &'static str {
        match self {
            Difference::Card => "accelerator",
            Difference::Input(f) => f.spec().key,
        }
    }
}

/// The scenarios, the rows of outputs and what each column changes against A.
#[derive(Clone, Debug)]
pub struct Lineup {
    /// The cost basis whose cost leads the rows.
    pub basis: CostBasis,
    /// A first, then the rest in the order given.
    pub columns: Vec<Column>,
    /// The cost on `basis`, then [`LEADING`], then every other output in its usual order.
    pub rows: Vec<Row>,
    /// For each column after A, in order, the inputs it differs from A in, the card first.
    pub differences: Vec<Vec<Difference>>,
}

impl Lineup {
    /// The lineup of `scenarios` (label and evaluation, A first), its cost rows on `basis`.
    pub fn new(basis: CostBasis, scenarios: Vec<(String, Evaluation)>) -> Lineup {
        let columns = scenarios
            .into_iter()
            .enumerate()
            .map(|(i, (label, evaluation))| Column {
                letter: letter(i),
                label,
                evaluation,
            })
            .collect();
        let mut lineup = Lineup {
            basis,
            columns,
            rows: Vec::new(),
            differences: Vec::new(),
        };
        lineup.derive();
        lineup
    }

    /// A replaced (the live scenario changed) or the basis changed: the rows again.
    pub fn set_first(&mut self, basis: CostBasis, label: String, evaluation: Evaluation) {
        self.basis = basis;
        if let Some(a) = self.columns.first_mut() {
            a.label = label;
            a.evaluation = evaluation;
        }
        self.derive();
    }

    /// Another column after the last.
    pub fn push(&mut self, label: String, evaluation: Evaluation) {
        self.columns.push(Column {
            letter: letter(self.columns.len()),
            label,
            evaluation,
        });
        self.derive();
    }

    /// The last column taken off (A stays).
    pub fn pop(&mut self) -> Option<Column> {
        if self.columns.len() < 2 {
            return None;
        }
        let last = self.columns.pop();
        self.derive();
        last
    }

    /// The outputs in row order.
    pub fn order(basis: CostBasis) -> Vec<Output> {
        let first = basis.output();
        let lead: Vec<Output> = std::iter::once(first)
            .chain(LEADING.into_iter().filter(|&o| o != first))
            .collect();
        let rest = Output::ALL.into_iter().filter(|o| !lead.contains(o));
        lead.iter().copied().chain(rest).collect()
    }

    /// "A≠B" when column `i` (1 for B) differs from A in an input, else "A = B".
    pub fn differs_head(&self, i: usize) -> String {
        let (a, x) = (letter(0), letter(i));
        match self.differences.get(i.wrapping_sub(1)) {
            Some(d) if !d.is_empty() => format!("{a}≠{x}"),
            _ => format!("{a} = {x}"),
        }
    }

    /// The words column `i` differs from A in, the card first.
    pub fn differs_words(&self, i: usize) -> Vec<&'static str> {
        self.differences
            .get(i.wrapping_sub(1))
            .map_or(Vec::new(), |d| d.iter().map(|x| x.word()).collect())
    }

    /// "A≠B: card, GPUs, Price" or "A = B (change a slider)": the words both surfaces print
    /// after "inputs " for column `i` (1 for B).
    pub fn differs_text(&self, i: usize) -> String {
        let words = self.differs_words(i);
        if words.is_empty() {
            format!("{} (change a slider)", self.differs_head(i))
        } else {
            format!("{}: {}", self.differs_head(i), words.join(", "))
        }
    }

    fn derive(&mut self) {
        let Some(a) = self.columns.first().map(|c| &c.evaluation) else {
            self.rows.clear();
            self.differences.clear();
            return;
        };
        self.rows = Lineup::order(self.basis)
            .into_iter()
            .map(|o| {
                let values: Vec<Option<f64>> =
                    self.columns.iter().map(|c| c.evaluation.value(o)).collect();
                let (va, vb) = (values[0], values.get(1).copied().flatten());
                Row {
                    output: o,
                    same: values.iter().all(|&v| v == va),
                    ratio: va.zip(vb).filter(|&(_, y)| y > 0.0).map(|(x, y)| x / y),
                    delta: va.zip(vb).map(|(x, y)| x - y),
                    values,
                }
            })
            .collect();
        self.differences = self.columns[1..]
            .iter()
            .map(|c| differences(a, &c.evaluation))
            .collect();
    }
}

/// The inputs on which `b` differs from `a`, the card first.
fn differences(a: &Evaluation, b: &Evaluation) -> Vec<Difference> {
    let card = (a.accelerator != b.accelerator).then_some(Difference::Card);
    card.into_iter()
        .chain(
            Field::ALL
                .into_iter()
                .filter(|&f| a.inputs.get(f) != b.inputs.get(f))
                .map(Difference::Input),
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::evaluation::Reference;
    use crate::presets::{Catalog, Sourced};

    fn eval(
        catalog: &Catalog,
        name: &str,
        edit: impl Fn(&mut crate::presets::Scenario),
    ) -> Evaluation {
        let mut s = catalog
            .scenario(name)
            .map(|e| e.scenario.clone())
            .expect("a built-in preset");
        edit(&mut s);
        Evaluation::new(&s, catalog, &Reference::new(catalog))
    }

    #[test]
    fn rows_lead_with_the_basis_cost_then_the_run_and_what_failures_leave() {
        let order = Lineup::order(CostBasis::Rent);
        assert_eq!(
            &order[..4],
            &[
                Output::RentalCost,
                Output::TotalFlop,
                Output::GoodputFlop,
                Output::Goodput
            ]
        );
        assert_eq!(order.len(), Output::ALL.len(), "every output once");
        let mut sorted = order.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), Output::ALL.len());
    }

    #[test]
    fn a_column_lists_the_card_first_then_the_inputs_it_changes() {
        let catalog = Catalog::embedded();
        let a = eval(&catalog, "meta-2024", |_| {});
        let half = eval(&catalog, "meta-2024", |s| {
            s.set_input(Field::Gpus, Sourced::user_set(175_000.0));
        });
        let other = eval(&catalog, "deepseek-v3", |_| {});
        let l = Lineup::new(
            CostBasis::Gpus,
            vec![
                ("a".into(), a.clone()),
                ("b".into(), a),
                ("c".into(), half),
                ("d".into(), other),
            ],
        );
        assert_eq!(l.differs_text(1), "A = B (change a slider)");
        assert_eq!(l.differs_text(2), "A≠C: GPUs");
        assert!(
            l.differs_text(3).starts_with("A≠D: card, GPUs"),
            "{}",
            l.differs_text(3)
        );
        // Half the GPUs: half the cost and the FLOP, the same sustained rate per GPU-hour.
        let cost = &l.rows[0];
        assert_eq!(cost.output, Output::FleetCost);
        let (a, c) = (cost.values[0].unwrap(), cost.values[2].unwrap());
        assert!((a / c - 2.0).abs() < 1e-12, "{a} vs {c}");
        assert_eq!(cost.ratio, Some(1.0), "B is A");
        assert_eq!(cost.delta, Some(0.0));
        assert!(!cost.same);
    }

    #[test]
    fn a_difference_of_shares_is_in_percentage_points() {
        let row = |output, delta| Row {
            output,
            values: Vec::new(),
            same: false,
            ratio: None,
            delta: Some(delta),
        };
        // 11 % against 20.9 %: 9.9 points, not a 9.9 % change.
        assert_eq!(
            row(Output::Goodput, 0.11 - 0.209).delta_text(true),
            "−9.9 pp"
        );
        assert_eq!(row(Output::Goodput, 0.25).delta_text(false), "+25 pp");
        assert_eq!(row(Output::FleetCost, 4.13e9).delta_text(true), "+$4.13 B");
        assert_eq!(
            row(Output::TotalFlop, -9.69e26).delta_text(true),
            "−9.69e26 FLOP"
        );
        assert_eq!(
            row(Output::TotalFlop, -9.69e26).delta_text(false),
            "−9.69e26"
        );
    }
}
