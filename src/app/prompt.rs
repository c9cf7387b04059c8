//! The one-line prompt: its text and cursor, and what a submitted prompt does (a value, a
//! range, a goal, a name, a filter or a pasted scenario).

use super::{
    Action, App, Field, Input, InputRequest, MAX_ENTRY_CHARS, Mode, PromptKind, Solved, parse_for,
};

/// A solved goal, worked out once when the prompt was submitted.
#[derive(Clone, Debug, PartialEq)]
pub struct GoalAnswer {
    /// The prompt text it answers.
    pub text: String,
    pub solved: Solved,
    /// The answer in words: "needs 124 k NVIDIA H100 SXM5 80GB for 90 days".
    pub words: String,
}

/// A one-line text prompt with its state. Editing (cursor moves, word and line deletes) is
/// `tui-input`'s: the text and cursor are kept here and handed to it for each edit.
#[derive(Clone, Debug, PartialEq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub text: String,
    /// The cursor, in characters from the start.
    pub cursor: usize,
    /// Set after a refused submit; cleared by the next edit.
    pub error: Option<String>,
    /// The text is pre-filled and selected: the first typed character replaces it, a cursor
    /// key starts editing it.
    pub fresh: bool,
}

impl Prompt {
    pub(crate) fn new(kind: PromptKind, text: String) -> Prompt {
        Prompt {
            kind,
            cursor: text.chars().count(),
            text,
            error: None,
            fresh: true,
        }
    }

    pub(super) fn edit(&mut self, action: Action) {
        let request = match action {
            Action::EntryChar(c) if c.is_control() => return,
            Action::EntryChar(c) => {
                if self.fresh {
                    self.text.clear();
                    self.cursor = 0;
                }
                if self.text.chars().count() >= MAX_ENTRY_CHARS {
                    return;
                }
                InputRequest::InsertChar(c)
            }
            Action::Edit(r) => r,
            _ => return,
        };
        let mut input = Input::new(std::mem::take(&mut self.text)).with_cursor(self.cursor);
        input.handle(request);
        self.cursor = input.cursor();
        self.text = input.value().to_string();
        self.error = None;
        self.fresh = false;
    }
}

/// Parses `low .. high` (also `low to high` or `low high`); empty clears the range. The range
/// must contain the input's `value`: it says how uncertain that value is.
pub(super) fn parse_range(
    field: Field,
    text: &str,
    value: Option<f64>,
) -> Result<Option<(f64, f64)>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let parts: Vec<&str> = if t.contains("..") {
        t.split("..").collect()
    } else if t.contains(" to ") {
        t.split(" to ").collect()
    } else {
        t.split_whitespace().collect()
    };
    let [lo, hi] = parts.as_slice() else {
        return Err("type a range as low .. high, e.g. 25k .. 30k (empty clears it)".into());
    };
    let lo = parse_for(field, lo).map_err(|e| e.to_string())?;
    let hi = parse_for(field, hi).map_err(|e| e.to_string())?;
    let show = |v| crate::model::format::field_value(field, v);
    if lo >= hi {
        return Err(format!(
            "the low end must be below the high end ({} .. {})",
            show(lo),
            show(hi)
        ));
    }
    if let Some(v) = value
        && !(lo..=hi).contains(&v)
    {
        return Err(format!(
            "the range {} .. {} must contain the value, {}",
            show(lo),
            show(hi),
            show(v)
        ));
    }
    Ok(Some((lo, hi)))
}

/// A range to type for `f` as the prompt's example: a tenth either side of its value, to three
/// significant digits. A tenth of a value is rarely a whole number in binary, so the ends
/// written in full read "315000 .. 385000.00000000006".
pub fn range_example(value: Option<f64>, f: Field) -> String {
    let end = |x: f64| {
        if f.spec().percent {
            entry_text(f, x)
        } else {
            crate::model::format::trim_zeros(&crate::model::format::sig(x, 3)).to_string()
        }
    };
    match value {
        Some(v) => format!("{} .. {}", end(v * 0.9), end(v * 1.1)),
        None => "low .. high".into(),
    }
}

/// The current value as an editable string: `350000`, `40%`.
pub(super) fn entry_text(f: Field, v: f64) -> String {
    if f.spec().percent {
        format!("{}%", (v * 1000.0).round() / 10.0)
    } else {
        format!("{v}")
    }
}

impl App {
    /// Acts on a submitted prompt; a refused submit keeps the prompt open with the reason.
    pub(super) fn submit(&mut self, p: Prompt) {
        match p.kind {
            PromptKind::Filter { .. } => self.mode = Mode::Table,
            // A one-line scenario pasted into the search loads it; anything else is a search,
            // which stays, the selection moving to the first match if it is hidden.
            PromptKind::PickerFilter {
                ref before,
                selected,
            } => {
                if p.text.trim_start().starts_with("agi") && p.text.contains(':') {
                    match crate::presets::scenario_string::decode(p.text.trim(), &self.catalog) {
                        Ok(s) => {
                            self.picker.filter = before.clone();
                            self.picker.refresh(&self.catalog);
                            self.mode = Mode::Normal;
                            self.say(format!("loaded {}", p.text.trim()), false);
                            self.scenario = s;
                        }
                        // The prompt stays open; the reason shows as a notice.
                        Err(e) => self.say(format!("not a scenario string: {e}"), true),
                    }
                    return;
                }
                let selected = self.picker.moved(selected, 0);
                self.mode = Mode::Picker { selected };
            }
            PromptKind::HelpSearch { .. } => self.mode = Mode::Help(0),
            PromptKind::Rename(i) => {
                let name = p.text.trim().to_string();
                match self.rename_preset(i, &name) {
                    Ok(j) => {
                        self.say(format!("renamed to {name}"), false);
                        self.mode = Mode::Picker { selected: j };
                    }
                    Err(e) => self.refuse(p, e),
                }
            }
            PromptKind::Value(field) => match parse_for(field, &p.text) {
                Ok(v) => {
                    self.mode = Mode::Normal;
                    self.set(field, v);
                }
                Err(e) => self.refuse(p, e.to_string()),
            },
            PromptKind::Save { confirm: true } => {
                let name = self.pending_save_name.take().unwrap_or_default();
                if matches!(p.text.trim(), "y" | "Y" | "yes") {
                    self.finish_save(&name, true);
                } else {
                    // Anything but "y" goes back to editing the name: nothing is replaced.
                    self.mode =
                        Mode::Prompt(Prompt::new(PromptKind::Save { confirm: false }, name));
                }
            }
            PromptKind::Save { confirm: false } => {
                let name = p.text.trim().to_string();
                self.finish_save(&name, false);
            }
            PromptKind::Goal { field, answer } => {
                if let Some(a) = &answer
                    && a.text == p.text
                {
                    let v = a.solved.value;
                    self.mode = Mode::Normal;
                    self.set(field, v);
                    self.say(
                        format!(
                            "goal applied: {} = {}",
                            field.name(),
                            crate::model::format::field_value(field, v)
                        ),
                        false,
                    );
                    return;
                }
                let on = crate::analysis::goal::Basis {
                    scenario: &self.scenario,
                    reference: &self.reference,
                    basis: self.cost_basis,
                };
                match crate::analysis::goal::seek(
                    &p.text,
                    field,
                    on,
                    &self.catalog,
                    &self.evaluation.missing,
                ) {
                    Ok(solved) => {
                        let card = self
                            .accelerator()
                            .map_or("GPUs".to_string(), |a| a.name.to_string());
                        let words = crate::analysis::goal::describe(
                            field,
                            solved.value,
                            &self.inputs(),
                            &card,
                        );
                        self.mode = Mode::Prompt(Prompt {
                            kind: PromptKind::Goal {
                                field,
                                answer: Some(GoalAnswer {
                                    text: p.text.clone(),
                                    solved,
                                    words,
                                }),
                            },
                            error: None,
                            fresh: false,
                            ..p
                        });
                    }
                    Err(e) => self.refuse(
                        Prompt {
                            kind: PromptKind::Goal {
                                field,
                                answer: None,
                            },
                            ..p
                        },
                        e,
                    ),
                }
            }
            PromptKind::Range(field) => match parse_range(field, &p.text, self.inputs().get(field))
            {
                Ok(range) => {
                    self.mode = Mode::Normal;
                    let s = self.scenario.sourced_mut(field);
                    match range {
                        Some((lo, hi)) => {
                            s.low = Some(lo);
                            s.high = Some(hi);
                        }
                        None => {
                            s.low = None;
                            s.high = None;
                        }
                    }
                }
                Err(e) => self.refuse(p, e),
            },
        }
    }

    pub(super) fn refuse(&mut self, p: Prompt, error: String) {
        self.mode = Mode::Prompt(Prompt {
            error: Some(error),
            fresh: false,
            ..p
        });
    }
}

#[cfg(test)]
mod range_example_tests {
    use super::*;

    #[test]
    fn the_range_example_is_a_tenth_either_side_in_three_digits() {
        // 350,000 × 1.1 is 385000.00000000006 in binary.
        assert_eq!(
            range_example(Some(350_000.0), Field::Gpus),
            "315000 .. 385000"
        );
        assert_eq!(range_example(Some(1.1), Field::Pue), "0.99 .. 1.21");
        assert_eq!(range_example(Some(0.4), Field::Mfu), "36% .. 44%");
        assert_eq!(range_example(None, Field::Rent), "low .. high");
        // Every input of every built-in scenario: each end is a number of three significant
        // digits at most, as written back by the same formatting.
        let catalog = crate::presets::Catalog::embedded();
        let mut checked = 0;
        for entry in &catalog.scenarios {
            let inputs = entry.scenario.inputs();
            for f in Field::ALL.into_iter().filter(|f| !f.spec().percent) {
                let Some(v) = inputs.get(f).filter(|v| *v > 0.0) else {
                    continue;
                };
                let text = range_example(Some(v), f);
                for end in text.split(" .. ") {
                    let x: f64 = end.parse().expect("a number");
                    let again = crate::model::format::sig(x, 3);
                    assert_eq!(
                        crate::model::format::trim_zeros(&again),
                        end,
                        "{f:?}: {text}"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked >= 100, "{checked}");
    }
}
