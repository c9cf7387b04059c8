//! What the Feasibility view's keys move: the year its detail lines describe and the main
//! assumptions of the feasibility model (the largest campus, one developer's share, one run's
//! share). Each assumption is either the published distribution or fixed by the user on a grid
//! of readable values; the run's length stays the scenario's (the Days input moves it).

use super::App;
use crate::analysis::feasibility::{Assumptions, VIEW_YEARS};
use crate::presets::feasibility::FeasibilityData;

/// A Feasibility-view key's action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeasibilityKey {
    /// `<` / `>`: the year described, earlier / later.
    Year(i8),
    /// `v`: the assumption `-` / `+` move next.
    NextKnob,
    /// `-` / `+`: the chosen assumption one step down / up.
    Move(i8),
    /// `x`: every assumption back to its published distribution.
    Published,
}

/// An assumption the view's keys move.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Knob {
    /// The largest single campus, facility GW, in every year.
    #[default]
    CampusGw,
    /// One developer's share of AI power and of chips.
    LabShare,
    /// The share of the developer's power and chips one run uses.
    TrainingShare,
}

impl Knob {
    const ALL: [Knob; 3] = [Knob::CampusGw, Knob::LabShare, Knob::TrainingShare];

    /// The words the view uses for it.
    pub fn label(self) -> &'static str {
        match self {
            Knob::CampusGw => "campus",
            Knob::LabShare => "lab share",
            Knob::TrainingShare => "run share",
        }
    }

    /// The readable values a step moves between: campus sizes from a tenth of a GW to 100 GW
    /// (the report's 2030 campuses are 1–5 GW), shares in steps of 5 %.
    fn grid(self) -> Vec<f64> {
        match self {
            Knob::CampusGw => [0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0]
                .iter()
                .flat_map(|&d| [d, d * 1.5])
                .filter(|&v| v <= 100.0)
                .chain([100.0])
                .collect(),
            Knob::LabShare | Knob::TrainingShare => (1..=20).map(|i| f64::from(i) / 20.0).collect(),
        }
    }

    fn get(self, a: &Assumptions) -> Option<f64> {
        match self {
            Knob::CampusGw => a.campus_gw,
            Knob::LabShare => a.lab_share,
            Knob::TrainingShare => a.training_share,
        }
    }

    fn set(self, a: &mut Assumptions, v: Option<f64>) {
        match self {
            Knob::CampusGw => a.campus_gw = v,
            Knob::LabShare => a.lab_share = v,
            Knob::TrainingShare => a.training_share = v,
        }
    }

    /// The published median a first step starts from.
    fn published(self, d: &FeasibilityData) -> f64 {
        match self {
            Knob::CampusGw => d.power.campus_gw.value,
            Knob::LabShare => d.power.lab_share.value,
            Knob::TrainingShare => d.power.training_share.value,
        }
    }

    /// The value `steps` grid points from `v` (from between two points, the first step lands
    /// on the neighbour in its direction), kept on the grid's ends.
    fn step(self, v: f64, steps: i8) -> f64 {
        let grid = self.grid();
        let last = grid.len() - 1;
        let below = grid.iter().rposition(|&g| g <= v * (1.0 + 1e-9));
        let above = grid.iter().position(|&g| g >= v * (1.0 - 1e-9));
        let at = if steps < 0 {
            above.unwrap_or(last) as i64 + i64::from(steps)
        } else {
            below.map_or(-1, |i| i as i64) + i64::from(steps)
        };
        grid[at.clamp(0, last as i64) as usize]
    }
}

/// The Feasibility view's keys' state: kept while the view is recomputed.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FeasibilityKnobs {
    /// The year the detail lines describe; `None` follows the scenario's year.
    pub year: Option<u16>,
    /// The assumption `-` / `+` move.
    pub knob: Knob,
    /// The assumptions fixed by the keys (the run's length is never set here).
    pub set: Assumptions,
}

impl FeasibilityKnobs {
    /// The year described: the chosen one, else the scenario's, within the view's years.
    pub fn year(&self, scenario_year: f64) -> u16 {
        let (first, last) = (*VIEW_YEARS.start(), *VIEW_YEARS.end());
        self.year.unwrap_or_else(|| {
            (scenario_year.floor() as i64).clamp(i64::from(first), i64::from(last)) as u16
        })
    }

    /// Each assumption the keys move, with its value when fixed.
    pub fn knobs(&self) -> impl Iterator<Item = (Knob, Option<f64>)> + '_ {
        Knob::ALL.iter().map(|&k| (k, k.get(&self.set)))
    }
}

impl App {
    /// Applies a Feasibility-view key (the keys act only while the view shows).
    pub(super) fn feasibility_key(&mut self, key: FeasibilityKey) {
        if self.view != super::View::Feasibility {
            return;
        }
        let k = &mut self.feasibility_knobs;
        match key {
            FeasibilityKey::Year(n) => {
                let y = i64::from(k.year(self.evaluation.inputs.year)) + i64::from(n);
                let (first, last) = (*VIEW_YEARS.start(), *VIEW_YEARS.end());
                k.year = Some(y.clamp(i64::from(first), i64::from(last)) as u16);
            }
            FeasibilityKey::NextKnob => {
                let i = Knob::ALL.iter().position(|&x| x == k.knob).unwrap_or(0);
                k.knob = Knob::ALL[(i + 1) % Knob::ALL.len()];
            }
            FeasibilityKey::Move(n) => {
                let knob = k.knob;
                let data = self
                    .catalog
                    .feasibility
                    .as_deref()
                    .or_else(|| crate::presets::feasibility::published());
                let from = knob.get(&k.set).or_else(|| data.map(|d| knob.published(d)));
                if let Some(v) = from {
                    knob.set(&mut k.set, Some(knob.step(v, n)));
                }
            }
            FeasibilityKey::Published => k.set = Assumptions::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_land_on_the_grid_and_stop_at_its_ends() {
        // From the published 2.6 GW: up to 3, down to 2.
        assert_eq!(Knob::CampusGw.step(2.6, 1), 3.0);
        assert_eq!(Knob::CampusGw.step(2.6, -1), 2.0);
        assert_eq!(Knob::CampusGw.step(3.0, 1), 5.0);
        assert_eq!(Knob::CampusGw.step(100.0, 1), 100.0);
        assert_eq!(Knob::CampusGw.step(0.1, -1), 0.1);
        // Shares: 33 % → 35 % / 30 %; never below 5 % or above 100 %.
        assert!((Knob::LabShare.step(0.33, 1) - 0.35).abs() < 1e-12);
        assert!((Knob::LabShare.step(0.33, -1) - 0.30).abs() < 1e-12);
        assert!((Knob::TrainingShare.step(1.0, 1) - 1.0).abs() < 1e-12);
        assert!((Knob::TrainingShare.step(0.05, -1) - 0.05).abs() < 1e-12);
    }
}
