//! The known-runs table's keys: moving, sorting, filtering, and loading a run as the scenario
//! (asking first when the live one has unsaved changes).

use super::{Action, App, Mode, Pending, Prompt, PromptKind};

impl App {
    /// Keys of the known-runs table.
    pub(super) fn update_table(&mut self, action: Action) {
        let n = self.table.rows.len();
        let t = &mut self.table;
        match action {
            Action::TableMove(d) => {
                t.selected =
                    (t.selected as i64 + d as i64).clamp(0, n.saturating_sub(1) as i64) as usize;
            }
            Action::TableHome => t.selected = 0,
            Action::TableEnd => t.selected = n.saturating_sub(1),
            Action::CycleSort => {
                // The selected run stays selected in the new order.
                t.sort = t.sort.next();
                t.refresh(&self.evaluation, &self.catalog);
                self.say(
                    format!("known runs sorted by {}", self.table.sort.label()),
                    false,
                );
            }
            Action::StartFilter => {
                let before = t.filter.clone();
                self.mode = Mode::Prompt(Prompt {
                    fresh: false,
                    ..Prompt::new(PromptKind::Filter { before }, t.filter.clone())
                });
            }
            Action::OpenDetail => {
                if let Some(&i) = t.rows.get(t.selected) {
                    t.detail_scroll = 0;
                    self.mode = Mode::RunDetail(i);
                }
            }
            Action::Back | Action::ToggleTable => self.mode = Mode::Normal,
            Action::Quit => self.mode = Mode::Normal,
            Action::LoadRun => {
                if let Some(&i) = self.table.rows.get(self.table.selected) {
                    let modified = self.modified();
                    self.ask_load_run(i, modified);
                }
            }
            _ => {}
        }
    }

    /// Makes run `i` (of the evaluation's milestones) the scenario, from its own record: card,
    /// GPUs, days, MFU (or its implied utilization); the rest from the loaded preset. Says how
    /// close its FLOP comes to the run's.
    pub(super) fn load_run(&mut self, i: usize) {
        let Some(row) = self.evaluation.milestones.get(i) else {
            return;
        };
        let m = self.catalog.milestones[row.index].clone();
        match crate::presets::from_run::scenario_from_run(&m, &self.catalog, &self.loaded) {
            // A loaded run is the scenario as loaded, not an edit of the last one.
            Ok(s) => {
                self.mode = Mode::Normal;
                self.say(format!("loaded {}: {}", m.name, s.description), false);
                self.loaded = s.clone();
                self.scenario = s;
            }
            Err(e) => self.say(e, true),
        }
    }

    /// Loads run `i`, or asks first when that would replace unsaved edits.
    pub(super) fn ask_load_run(&mut self, i: usize, modified: bool) {
        if modified {
            self.mode = Mode::ConfirmLoad(Pending::Run(i));
        } else {
            self.load_run(i);
        }
    }

    /// Shows run `i` (of the evaluation's milestones) in the table and in detail; a filter that
    /// hides it is cleared.
    pub(super) fn select_run(&mut self, i: usize) {
        if !self.table.rows.contains(&i) {
            self.table.filter.clear();
            self.table.refresh(&self.evaluation, &self.catalog);
        }
        if let Some(pos) = self.table.rows.iter().position(|&r| r == i) {
            self.table.selected = pos;
            self.mode = Mode::RunDetail(i);
        }
    }
}
