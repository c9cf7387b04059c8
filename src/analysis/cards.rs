//! Every catalog card on one question (`agi-compute cards`): the scenario (or a FLOP target)
//! on each card as the `a` key would set it, with the GPUs or days it needs, its cost on one
//! basis, its power and the price that cost rests on. A card without a sourced price has no
//! cost: it is listed as such, never priced with another card's number.

use crate::analysis::evaluation::{Reference, basis_cost};
use crate::model::cost::CostBasis;
use crate::model::format as fmt;
use crate::model::solve::{Target, solve};
use crate::model::{Field, Flop};
use crate::presets::{Catalog, RentTier, Scenario, Status};

/// What every card is asked to do.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum CardGoal {
    /// The scenario as it is, on each card.
    Scenario,
    /// Reach this many FLOP, solving the GPU count (at the scenario's days) or the days (at
    /// its GPU count).
    Flop { target: f64, solve: Field },
}

/// The price a card's cost rests on, with how it is known.
#[derive(Clone, Debug, PartialEq)]
pub struct PriceUsed {
    /// Which price: "purchase" or "rent".
    pub kind: &'static str,
    pub value: f64,
    pub status: &'static str,
    /// The market tier as the source itself states it ("neocloud on-demand", "list price"…),
    /// empty when the source does not say.
    pub tier: &'static str,
    pub source: String,
}

/// One card on the question.
#[derive(Clone, Debug, PartialEq)]
pub struct CardRow {
    pub id: String,
    pub name: String,
    /// "BF16", "FP8" or "FP16": the peak used.
    pub peak_label: &'static str,
    pub peak_tflops: f64,
    pub gpus: f64,
    pub days: f64,
    pub flop: f64,
    /// Cost on the basis; `None` when an input it needs has no sourced value.
    pub cost: Option<f64>,
    /// Run power in MW; `None` when the card has no sourced power.
    pub power_mw: Option<f64>,
    /// The price behind the cost; `None` when the card has none sourced.
    pub price: Option<PriceUsed>,
    /// Why the row has no cost or no answer, in words.
    pub note: Option<String>,
}

/// The row's values in words, the same in every report and in the explorer.
impl CardRow {
    /// The card's dense peak, TFLOP/s, as its data sheet gives it: up to four significant
    /// digits without trailing zeros ("197", "1835"), not "197.0".
    pub fn peak_text(&self) -> String {
        fmt::trim_zeros(&fmt::sig(self.peak_tflops, 4)).to_string()
    }

    /// The cost on the basis, or "—" when an input it needs is not sourced.
    pub fn cost_text(&self) -> String {
        self.cost.map_or(fmt::NOT_A_NUMBER.to_string(), fmt::usd)
    }

    /// The run's power, or "—" when the card has no sourced power.
    pub fn power_text(&self) -> String {
        self.power_mw
            .map_or(fmt::NOT_A_NUMBER.to_string(), |mw| fmt::si(mw * 1e6, "W"))
    }

    /// "$2.99/h neocloud on-demand (vendor spec)", or "not sourced".
    pub fn price_text(&self) -> String {
        match &self.price {
            None => "not sourced".into(),
            Some(p) => {
                let v = if p.kind == "rent" {
                    format!("{}/h", fmt::usd(p.value))
                } else {
                    fmt::usd(p.value)
                };
                let tier = if p.tier.is_empty() {
                    String::new()
                } else {
                    format!(" {}", p.tier)
                };
                format!("{v}{tier} ({})", p.status)
            }
        }
    }
}

/// Every card of the catalog on `goal`, cheapest first; cards without a cost follow, in
/// catalog order. With `tier` on the rent basis only rents of that market are ranked: a card
/// rented in another keeps its price but gets no cost, since a hyperscaler's on-demand rate
/// and a neocloud's are different markets, not different cards.
pub fn rank_cards(
    base: &Scenario,
    catalog: &Catalog,
    reference: &Reference,
    basis: CostBasis,
    goal: CardGoal,
    tier: Option<RentTier>,
) -> Vec<CardRow> {
    let mut rows: Vec<CardRow> = catalog
        .accelerators
        .iter()
        .map(|card| {
            let mut s = base.clone();
            let lacks = s.use_card(card);
            let mut notes: Vec<String> = lacks
                .iter()
                .filter(|l| l.starts_with("no FP8"))
                .map(|l| l.to_string())
                .collect();
            if let CardGoal::Flop { target, solve: f } = goal {
                match solve(&catalog.inputs(&s), f, Target::Flop(Flop(target))) {
                    Ok(v) => s.sourced_mut(f).value = v,
                    Err(e) => notes.push(e.to_string()),
                }
            }
            let outputs = catalog.inputs(&s).outputs();
            let missing = s.missing();
            let price_field = if basis == CostBasis::Rent {
                Field::Rent
            } else {
                Field::Price
            };
            let price = s
                .sourced(price_field)
                .filter(|p| p.status != Status::Missing)
                .map(|p| PriceUsed {
                    kind: if basis == CostBasis::Rent {
                        "rent"
                    } else {
                        "purchase"
                    },
                    value: p.value,
                    status: p.status.tag(),
                    // A catalog rent names its market; other prices say it in their source.
                    tier: match (basis, card.rent_tier) {
                        (CostBasis::Rent, Some(t)) => t.words(),
                        _ => self::tier(&p.source),
                    },
                    source: p.source.to_string(),
                });
            let other_tier = match (basis, tier, card.rent_tier) {
                (CostBasis::Rent, Some(want), Some(have)) if have != want => Some(format!(
                    "rent is {}, not {}: not ranked",
                    have.words(),
                    want.words()
                )),
                _ => None,
            };
            if missing.contains(&Field::Watts) {
                notes.push("no sourced power".into());
            }
            let solved_ok = notes
                .iter()
                .all(|n| n.starts_with("no FP8") || n == "no sourced power");
            let cost =
                basis_cost(&s, reference, basis).filter(|_| solved_ok && other_tier.is_none());
            if let Some(n) = other_tier {
                notes.push(n);
            } else if cost.is_none() && solved_ok {
                notes.push(match price {
                    None => format!(
                        "no sourced {} price",
                        if basis == CostBasis::Rent {
                            "rent"
                        } else {
                            "purchase"
                        }
                    ),
                    Some(_) => format!("no {} cost for this scenario", basis.word()),
                });
            }
            CardRow {
                id: card.id.to_string(),
                name: card.name.to_string(),
                peak_label: card.peak_label(s.precision),
                peak_tflops: s.peak_tflops.value,
                gpus: s.gpus.value,
                days: s.days.value,
                flop: outputs.total_flop.0,
                cost,
                power_mw: (!missing.contains(&Field::Watts)).then_some(outputs.power_mw),
                price,
                note: (!notes.is_empty()).then(|| notes.join("; ")),
            }
        })
        .collect();
    // Stable: cards without a cost keep catalog order at the end.
    rows.sort_by(|a, b| match (a.cost, b.cost) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    rows
}

/// The market tier a price's source states in its own words: on-demand rent at a hyperscaler
/// or a neocloud, a list price, a reseller's listing, or Epoch's imputed price. Empty when the
/// source says none of these: the tier is read, never guessed.
pub fn tier(source: &str) -> &'static str {
    let s = source.to_ascii_lowercase();
    if s.contains("hyperscaler") {
        "hyperscaler on-demand"
    } else if s.contains("neocloud") {
        "neocloud on-demand"
    } else if s.contains("list price") {
        "list price"
    } else if s.contains("reseller") || s.contains("listing") {
        "reseller"
    } else if s.contains("imputed") {
        "imputed (Epoch)"
    } else {
        ""
    }
}
