//! Scenarios pinned beside the live one for comparison: columns B to E, each with its
//! evaluation, from the live scenario or any preset, saved file or known run of the picker.

use super::{App, Evaluation, Scenario};

/// Scenarios a comparison pins beside the live one: columns B to E.
pub const MAX_PINS: usize = 4;

/// The column letter of the pin at `index`: B for the first.
pub fn pin_letter(index: usize) -> char {
    char::from(b'B' + index.min(24) as u8)
}

/// A scenario pinned for comparison, with its evaluation.
#[derive(Clone, Debug)]
pub struct Pinned {
    pub scenario: Scenario,
    pub evaluation: Evaluation,
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
    /// refused past [`MAX_PINS`], and a scenario already pinned is not pinned twice.
    pub(super) fn pin(&mut self, scenario: Scenario, evaluation: Option<Evaluation>) {
        if let Some(i) = self.pinned.iter().position(|p| p.scenario == scenario) {
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
        self.pinned.push(Pinned {
            scenario,
            evaluation,
        });
    }
}
