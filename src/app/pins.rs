//! Scenarios pinned beside the live one for comparison: columns B to E of a [`Lineup`] whose A
//! is the live scenario, from the live scenario or any preset, saved file or known run of the
//! picker. The lineup is rebuilt here and in `App::update`, whenever A, the pins or the cost
//! basis change; the panel only draws it.

use super::{App, Evaluation, Scenario};
use crate::analysis::lineup::Lineup;

/// Scenarios a comparison pins beside the live one: columns B to E.
pub const MAX_PINS: usize = 4;

/// The column letter of the pin at `index`: B for the first (A is the live scenario).
pub fn pin_letter(index: usize) -> String {
    crate::analysis::lineup::letter(index + 1)
}

impl App {
    /// The preset, saved file or known run at picker row `index`, as a scenario.
    pub(super) fn picker_scenario(&self, index: usize) -> Option<Scenario> {
        match self.catalog.scenarios.get(index) {
            Some(e) => Some(e.scenario.clone()),
            None => self
                .picker
                .run(&self.catalog, self.catalog.scenarios.len(), index)
                .map(|r| r.scenario),
        }
    }

    /// Pins `scenario` as the next comparison column (its evaluation when already known):
    /// refused past [`MAX_PINS`], and a scenario already pinned is not pinned twice. A narrow
    /// panel shows the new pin and those pinned just before it.
    pub(super) fn pin(&mut self, scenario: Scenario, evaluation: Option<Evaluation>) {
        if let Some(i) = self.pinned.iter().position(|p| *p == scenario) {
            self.say(format!("already pinned as {}", pin_letter(i)), true);
            return;
        }
        if self.pinned.len() >= MAX_PINS {
            self.say(
                format!("{MAX_PINS} scenarios are pinned, the most that fit: X unpins the last"),
                true,
            );
            return;
        }
        let mut evaluation = evaluation
            .unwrap_or_else(|| Evaluation::new(&scenario, &self.catalog, &self.reference));
        // A pin keeps its bands: none arrive for it later.
        evaluation.settle_bands();
        let letter = pin_letter(self.pinned.len());
        self.say(
            format!(
                "pinned {} as {letter}: A is the live scenario · c pins it again, p then c another preset or run, X unpins",
                scenario.title
            ),
            false,
        );
        self.compare_from = self.pinned.len();
        let label = scenario.title.clone();
        self.pinned.push(scenario);
        match &mut self.lineup {
            Some(l) => l.push(label, evaluation),
            None => {
                self.lineup = Some(Lineup::new(
                    self.cost_basis,
                    vec![
                        (self.scenario.title.clone(), self.evaluation.clone()),
                        (label, evaluation),
                    ],
                ))
            }
        }
    }

    /// Unpins the last column; the comparison closes with the last.
    pub(super) fn unpin(&mut self) {
        let Some(p) = self.pinned.pop() else {
            self.say(
                "nothing is pinned: c pins the scenario, c in p a preset or run",
                true,
            );
            return;
        };
        let letter = pin_letter(self.pinned.len());
        let rest = if self.pinned.is_empty() {
            self.lineup = None;
            "comparison closed"
        } else {
            if let Some(l) = &mut self.lineup {
                l.pop();
            }
            "X unpins the next"
        };
        self.compare_from = self.compare_from.min(self.pinned.len().saturating_sub(1));
        self.say(format!("unpinned {letter} ({}) · {rest}", p.title), false);
    }

    /// `b`: the pins a narrow panel shows end one pin later (after the last, at B again).
    pub(super) fn page_pins(&mut self) {
        if self.pinned.len() < 2 {
            self.say(
                "b pages the pinned columns: pin two or more (c, or c in p)",
                true,
            );
            return;
        }
        self.compare_from = (self.compare_from + 1) % self.pinned.len();
    }

    /// The comparison again after A or the cost basis changed.
    pub(super) fn refresh_lineup(&mut self) {
        if let Some(l) = &mut self.lineup {
            l.set_first(
                self.cost_basis,
                self.scenario.title.clone(),
                self.evaluation.clone(),
            );
        }
    }
}
