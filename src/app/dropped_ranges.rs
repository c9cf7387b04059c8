//! Which ranges of the loaded scenario the live one no longer has, and why: a band that went
//! away when its input was set by hand (or came from a new card) says so, instead of the
//! results quietly showing other text in its place.

use super::{App, Field, Output, Status};
use crate::model::uncertainty::reads;

/// An input that lost the range it was loaded with, and why.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DroppedRange {
    pub field: Field,
    pub why: DroppedWhy,
}

/// Why an input's range went.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DroppedWhy {
    /// Typed, stepped, dragged or solved: a value set by hand has no range (`u` gives it one).
    SetByHand,
    /// The card changed and brought its own value without a range.
    NewCard,
    /// Anything else (a run's record loaded over it).
    Changed,
}

impl DroppedWhy {
    pub fn words(self) -> &'static str {
        match self {
            DroppedWhy::SetByHand => "set by hand",
            DroppedWhy::NewCard => "from the new card",
            DroppedWhy::Changed => "changed",
        }
    }
}

/// "MFU set by hand; Price from the new card": the inputs by reason, in input order.
pub fn dropped_text(dropped: &[DroppedRange]) -> String {
    let whys = [
        DroppedWhy::SetByHand,
        DroppedWhy::NewCard,
        DroppedWhy::Changed,
    ];
    whys.iter()
        .filter_map(|&why| {
            let names: Vec<&str> = dropped
                .iter()
                .filter(|d| d.why == why)
                .map(|d| d.field.short_name())
                .collect();
            (!names.is_empty()).then(|| format!("{} {}", names.join(", "), why.words()))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

impl App {
    /// The inputs ranged in the loaded scenario that have no range now, in input order: worked
    /// out by [`App::update`], since the results panel asks for them several times a frame.
    pub fn dropped_ranges(&self) -> &[DroppedRange] {
        &self.dropped
    }

    /// [`App::dropped_ranges`], worked out from the scenarios.
    pub(super) fn find_dropped_ranges(&self) -> Vec<DroppedRange> {
        let now = self.scenario.ranges();
        self.loaded
            .ranges()
            .iter()
            .map(|r| r.field)
            .filter(|&f| !now.iter().any(|r| r.field == f))
            .map(|field| {
                let why = match self.scenario.sourced(field).map(|s| s.status) {
                    Some(Status::UserSet) => DroppedWhy::SetByHand,
                    _ if self.scenario.accelerator != self.loaded.accelerator => {
                        DroppedWhy::NewCard
                    }
                    _ => DroppedWhy::Changed,
                };
                DroppedRange { field, why }
            })
            .collect()
    }

    /// Why output `o` shows no band: the dropped ranges it reads. Empty while it has a band,
    /// or when no dropped range moved it (it never had one).
    pub fn band_gone(&self, o: Output) -> Vec<DroppedRange> {
        // While bands are being worked out no band is gone yet: the row shows that they are
        // on their way.
        if self.evaluation.band(o).is_some_and(|b| b.varies())
            || self.evaluation.value(o).is_none()
            || self.evaluation.bands_pending()
        {
            return Vec::new();
        }
        self.dropped
            .iter()
            .copied()
            .filter(|d| reads(o, d.field))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::Action;
    use super::*;
    use crate::presets::Catalog;
    use crate::presets::DEFAULT_SCENARIO;

    fn app() -> App {
        let catalog = Catalog::embedded();
        let s = catalog
            .scenario(DEFAULT_SCENARIO)
            .expect("default")
            .scenario
            .clone();
        App::new(catalog, s)
    }

    /// The default scenario ranges MFU, and its training FLOP reads no other ranged input:
    /// setting MFU by hand takes the band away, and the app says which input and why.
    #[test]
    fn mfu_set_by_hand_takes_the_training_flop_band_and_says_so() {
        let mut app = app();
        assert!(app.dropped_ranges().is_empty());
        assert!(app.band_gone(Output::TotalFlop).is_empty());
        assert!(
            app.evaluation
                .band(Output::TotalFlop)
                .is_some_and(|b| b.varies()),
            "the loaded scenario gives training FLOP a band"
        );
        app.update(Action::Focus(Field::Mfu));
        app.update(Action::Step(1));
        let gone = app.band_gone(Output::TotalFlop);
        assert_eq!(
            gone,
            [DroppedRange {
                field: Field::Mfu,
                why: DroppedWhy::SetByHand
            }]
        );
        assert_eq!(dropped_text(&gone), "MFU set by hand");
        // Power never read MFU: it keeps its band and names nothing.
        assert!(app.band_gone(Output::Power).is_empty());
    }

    /// A new card brings its own price without a range: the cost's band goes with the card.
    #[test]
    fn a_new_card_drops_the_price_range() {
        let mut app = app();
        app.update(Action::NextAccelerator);
        let gone = app.band_gone(Output::FleetCost);
        assert!(
            gone.iter()
                .any(|d| d.field == Field::Price && d.why == DroppedWhy::NewCard),
            "{gone:?}"
        );
    }
}
