//! Saving, renaming and deleting the user's presets from the explorer: nothing is lost, and a
//! file that cannot be written says why.

use super::{
    App, Catalog, Field, Mode, Origin, Path, PathBuf, Prompt, PromptKind, SaveError, ScenarioEntry,
    Status, preset_outputs, save_scenario,
};

impl App {
    pub(super) fn finish_save(&mut self, name: &str, overwrite: bool) {
        // Saving under a built-in's name shadows it in the picker: say so and ask first.
        let shadows_builtin = matches!(
            self.catalog.scenario(name),
            Some(ScenarioEntry {
                origin: Origin::Embedded,
                ..
            })
        );
        if shadows_builtin && !overwrite {
            self.pending_save_name = Some(name.to_string());
            self.mode = Mode::Prompt(Prompt {
                error: Some(format!(
                    "'{name}' is a built-in preset: your copy will replace it in the picker \
                     (deleting your copy there brings it back) · y + Enter saves, Enter alone \
                     goes back"
                )),
                fresh: false,
                ..Prompt::new(PromptKind::Save { confirm: true }, String::new())
            });
            return;
        }
        match self.save_as(name, overwrite) {
            Ok(path) => {
                self.mode = Mode::Normal;
                self.say(format!("saved {}", path.display()), false);
            }
            Err(SaveError::Exists(path)) => {
                self.pending_save_name = Some(name.to_string());
                self.mode = Mode::Prompt(Prompt {
                    kind: PromptKind::Save { confirm: true },
                    text: String::new(),
                    cursor: 0,
                    error: Some(format!(
                        "{} exists: y + Enter replaces it, Enter alone keeps it",
                        path.display()
                    )),
                    fresh: false,
                });
            }
            // The session stays as it was: a failed save loses nothing.
            Err(e) => self.refuse(
                Prompt::new(PromptKind::Save { confirm: false }, name.to_string()),
                e.to_string(),
            ),
        }
    }

    /// Deletes the user preset at `i` of the catalog's scenarios; a built-in it replaced comes
    /// back.
    pub(super) fn delete_preset(&mut self, i: usize) {
        let Some(ScenarioEntry {
            scenario,
            origin: Origin::User(path),
        }) = self.catalog.scenarios.get(i).cloned()
        else {
            self.mode = Mode::Picker { selected: i };
            return;
        };
        if let Err(e) = std::fs::remove_file(&path) {
            self.say(format!("cannot delete {}: {e}", path.display()), true);
            self.mode = Mode::Picker { selected: i };
            return;
        }
        let builtin = Catalog::builtin_scenario(&scenario.name);
        match builtin {
            Some(b) => self.catalog.scenarios[i] = b,
            None => {
                self.catalog.scenarios.remove(i);
            }
        }
        self.catalog.reindex_scenarios();
        self.preset_outputs = preset_outputs(&self.catalog);
        self.picker.refresh(&self.catalog);
        let selected = i.min(self.catalog.scenarios.len().saturating_sub(1));
        self.mode = Mode::Picker { selected };
        self.say(format!("deleted {}", path.display()), false);
    }

    /// Renames the user preset at `i`: written under the new name (never replacing a file),
    /// then the old file removed. Returns its new index.
    pub(super) fn rename_preset(&mut self, i: usize, name: &str) -> Result<usize, String> {
        let Some(ScenarioEntry {
            scenario,
            origin: Origin::User(old),
        }) = self.catalog.scenarios.get(i).cloned()
        else {
            return Err("only your own presets can be renamed".into());
        };
        let dir = old
            .parent()
            .map(Path::to_path_buf)
            .ok_or("the preset has no folder")?;
        if self.catalog.scenario(name).is_some() {
            return Err(format!("a preset named '{name}' exists: pick another name"));
        }
        let mut s = scenario;
        s.name = name.to_string();
        let path = save_scenario(&dir, &s, false).map_err(|e| e.to_string())?;
        std::fs::remove_file(&old).map_err(|e| format!("cannot remove {}: {e}", old.display()))?;
        if self.loaded.name == self.catalog.scenarios[i].scenario.name {
            self.loaded.name = name.to_string();
            self.scenario.name = name.to_string();
        }
        let old_name = std::mem::take(&mut self.catalog.scenarios[i].scenario.name);
        self.catalog.scenarios[i] = ScenarioEntry {
            scenario: s,
            origin: Origin::User(path),
        };
        // A built-in the copy replaced comes back under its own name.
        if let Some(b) = Catalog::builtin_scenario(&old_name) {
            self.catalog.scenarios.push(b);
        }
        self.catalog.reindex_scenarios();
        self.preset_outputs = preset_outputs(&self.catalog);
        self.picker.refresh(&self.catalog);
        Ok(i)
    }

    /// The title a save writes once the card or the GPU count is no longer the loaded one's:
    /// the loaded title names them ("Meta 2024 — 350k H100"), so its head is kept and the rest
    /// says the count and card the copy has ("Meta 2024 — 300 k × NVIDIA H100 SXM5 80GB").
    /// `None` while both are the loaded ones (or the card is no catalog card): the title stays
    /// the user's.
    pub(super) fn title_for_copy(&self) -> Option<String> {
        if self.scenario.accelerator == self.loaded.accelerator
            && self.scenario.gpus.value == self.loaded.gpus.value
        {
            return None;
        }
        let card = &self.accelerator()?.name;
        let head = self.loaded.title.split(" — ").next().unwrap_or_default();
        let gpus = crate::model::format::field_value(Field::Gpus, self.scenario.gpus.value);
        Some(format!("{head} — {gpus} × {card}"))
    }

    /// Writes the scenario as `name` in the save directory and makes it the loaded preset.
    pub(super) fn save_as(&mut self, name: &str, overwrite: bool) -> Result<PathBuf, SaveError> {
        let Some(dir) = self.save_dir.clone() else {
            return Err(SaveError::BadName(
                "no user preset directory: set HOME or XDG_CONFIG_HOME, or start with --presets DIR"
                    .into(),
            ));
        };
        let mut s = self.scenario.clone();
        if !name.eq_ignore_ascii_case(&self.loaded.name) {
            // The title stays the one the user has; the origin is recorded once, by the first
            // save, and kept as it is by later saves of the copy.
            const SAVED_FROM: &str = "Saved in agi-compute from '";
            s.note = Some(match self.loaded.note.as_deref() {
                Some(n) if n.starts_with(SAVED_FROM) => n.to_string(),
                other => format!(
                    "{SAVED_FROM}{}'; values with status UserSet were changed.{}",
                    self.loaded.name,
                    other
                        .map(|n| format!(" Original note: {n}"))
                        .unwrap_or_default()
                ),
            });
        }
        // A copy under a new name, or any save with inputs set by hand, says so: the loaded
        // description described the loaded numbers.
        let by_hand = set_by_hand(&s);
        if !by_hand.is_empty() || !name.eq_ignore_ascii_case(&self.loaded.name) {
            s.description = saved_description(&self.loaded, &by_hand);
        }
        s.name = name.to_string();
        if let Some(title) = self.title_for_copy() {
            s.title = title;
        }
        let path = save_scenario(&dir, &s, overwrite)?;
        self.catalog.put_saved_scenario(ScenarioEntry {
            scenario: s.clone(),
            origin: Origin::User(path.clone()),
        });
        self.preset_outputs = preset_outputs(&self.catalog);
        self.picker.refresh(&self.catalog);
        self.loaded = s.clone();
        self.scenario = s;
        Ok(path)
    }
}

/// The names of the inputs of `s` set by hand, in input order.
fn set_by_hand(s: &crate::presets::Scenario) -> Vec<&'static str> {
    Field::ALL
        .iter()
        .filter(|&&f| s.sourced(f).is_some_and(|v| v.status == Status::UserSet))
        .map(|f| f.name())
        .collect()
}

/// The description of a saved copy of `loaded` whose inputs `by_hand` were set by hand: the
/// preset's own describes the preset ("350,000 H100s for a quarter"), which a copy with its
/// GPUs set by hand no longer is, so a copy says first which inputs were set by hand and what
/// it began as. A copy of a copy names the scenario the first one began as, once.
fn saved_description(loaded: &crate::presets::Scenario, by_hand: &[&str]) -> String {
    const BEGAN_AS: &str = "; it began as ";
    // What the first copy began as, when `loaded` is itself a copy.
    let origin = loaded.description.split_once(BEGAN_AS).map_or_else(
        || format!("'{}': {}", loaded.name, loaded.description),
        |(_, o)| o.to_string(),
    );
    let list = match by_hand.split_last() {
        None => return format!("A copy with no input set by hand{BEGAN_AS}{origin}"),
        Some((last, [])) => (*last).to_string(),
        Some((last, init)) => format!("{} and {last}", init.join(", ")),
    };
    format!("{list} set by hand{BEGAN_AS}{origin}")
}
