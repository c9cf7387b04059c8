//! A number with where it comes from and how sure it is: what every value of every preset file
//! is, kept side by side so nobody has to guess which figures are estimates.

use super::text::Text;
use serde::{Deserialize, Serialize};

/// How a number is known (the status tags of the fact sheet).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, strum::VariantArray)]
pub enum Status {
    /// Reported by the developer: paper, model card, official blog.
    Reported,
    /// From a vendor's spec sheet or price list.
    Vendor,
    /// An estimate, usually Epoch AI's.
    Estimate,
    /// Arithmetic on reported or vendor inputs; the note shows the formula.
    Derived,
    /// Press or analyst figure; treat with caution.
    Secondary,
    /// A price the seller itself publishes: a cloud provider's rate card or a vendor's list
    /// price, read from the page or an archived copy of it (not a spec sheet).
    PriceList,
    /// Not confirmed against a primary source.
    Unverified,
    /// A modelling choice of the scenario (e.g. 90 days), with its rationale as the source.
    Assumption,
    /// Set by the user in the explorer.
    UserSet,
    /// No sourced value exists (a card without a published price or power): the number is a
    /// placeholder that no output uses; outputs that need it are shown as missing.
    Missing,
}

impl Status {
    /// Short tag for tight spaces.
    pub fn tag(self) -> &'static str {
        match self {
            Status::Reported => "reported",
            Status::Vendor => "vendor spec",
            Status::Estimate => "estimate",
            Status::Derived => "derived",
            Status::Secondary => "secondary",
            Status::PriceList => "price list",
            Status::Unverified => "unverified",
            Status::Assumption => "assumption",
            Status::UserSet => "user-set",
            Status::Missing => "missing",
        }
    }

    /// The tag with a word on what it means where the tag alone does not say, as the help's
    /// glossary lists every status: "reported (by the developer)".
    pub fn glossed(self) -> String {
        let gloss = match self {
            Status::Reported => "by the developer",
            Status::Estimate => "usually Epoch AI's",
            Status::Derived => "arithmetic on sourced numbers",
            Status::Secondary => "press, analysts",
            Status::PriceList => "a seller's published rate or list price",
            Status::Unverified => "not confirmed against a primary source",
            Status::Missing => "no sourced value for this card",
            Status::Vendor | Status::Assumption | Status::UserSet => return self.tag().into(),
        };
        format!("{} ({gloss})", self.tag())
    }
}

/// A number with its provenance and, optionally, a plausible range.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sourced {
    pub value: f64,
    pub status: Status,
    pub source: Text,
    /// Low end of a plausible range (reported ranges, estimate intervals).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<f64>,
    /// High end of a plausible range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

/// By hand for [`Clone::clone_from`]: copying into a kept value reuses its source's and
/// note's buffers (the evaluation copies every input's on each keypress).
impl Clone for Sourced {
    fn clone(&self) -> Self {
        // A literal without `..`: a new field cannot be left out.
        Sourced {
            value: self.value,
            status: self.status,
            source: self.source.clone(),
            low: self.low,
            high: self.high,
            note: self.note.clone(),
        }
    }

    fn clone_from(&mut self, other: &Self) {
        // Taken apart without `..`, so a new field cannot be left out here either.
        let Sourced {
            value,
            status,
            source,
            low,
            high,
            note,
        } = other;
        self.value = *value;
        self.status = *status;
        self.source.clone_from(source);
        self.low = *low;
        self.high = *high;
        self.note.clone_from(note);
    }
}

impl Sourced {
    /// A value the user typed or dragged in the explorer.
    pub fn user_set(value: f64) -> Self {
        Sourced {
            value,
            status: Status::UserSet,
            source: Text::lent("set in agi-compute"),
            low: None,
            high: None,
            note: None,
        }
    }
}

#[cfg(test)]
mod status_tests {
    use super::Status;

    #[test]
    fn every_status_is_glossed_under_its_tag() {
        let all = <Status as strum::VariantArray>::VARIANTS;
        assert_eq!(all.len(), 10);
        for s in all {
            assert!(s.glossed().starts_with(s.tag()), "{s:?}");
        }
        assert_eq!(
            Status::PriceList.glossed(),
            "price list (a seller's published rate or list price)"
        );
        assert_eq!(Status::Vendor.glossed(), "vendor spec");
    }
}
