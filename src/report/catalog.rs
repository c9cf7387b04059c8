//! `agi-compute presets`: the catalog (scenarios, cards, runs, fleets, problems) and its
//! sources, as a table or JSON.

use super::catalog_identity;
use super::table::{Cell, Column, Report, Section};
use crate::analysis::evaluation::{milestone_implied_utilization, preset_outputs};
use crate::model::format as fmt;
use crate::presets::limits::LimitsData;
use crate::presets::{Abbreviation, Accelerator, Catalog, Fleet, Milestone, Origin, Status};
use serde::Serialize;
use serde_json::Value;

/// A reported MFU as the catalog table shows it: the figure, marked when it is not the
/// developer's or vendor's own ("(est.)", "(derived)").
fn mfu_cell(m: &Milestone) -> String {
    let Some(r) = &m.reported_mfu else {
        return fmt::NOT_A_NUMBER.into();
    };
    let figure = match (r.low, r.high) {
        (Some(lo), Some(hi)) => format!(
            "{}–{}",
            fmt::percent(lo).trim_end_matches(" %"),
            fmt::percent(hi)
        ),
        _ => fmt::percent(r.value),
    };
    match r.status {
        Status::Reported | Status::Vendor | Status::PriceList => figure,
        Status::Derived => format!("{figure} (derived)"),
        _ => format!("{figure} (est.)"),
    }
}

/// `presets --format json`: the whole catalog as pretty-printed JSON, a line break at the end.
/// Written straight from the catalog's types: building a `serde_json::Value` of the whole
/// catalog, printing it and freeing it took most of the command's time.
pub fn catalog_json(catalog: &Catalog) -> serde_json::Result<String> {
    /// An entry with one more key after its own.
    #[derive(Serialize)]
    struct With<'a, T: Serialize, E: Serialize> {
        #[serde(flatten)]
        entry: &'a T,
        #[serde(flatten)]
        extra: E,
    }
    /// Where a user's preset was read from (nothing for a built-in one).
    #[derive(Serialize)]
    struct UserOrigin {
        #[serde(skip_serializing_if = "Option::is_none")]
        origin: Option<String>,
    }
    #[derive(Serialize)]
    struct Utilization {
        implied_utilization: Option<f64>,
    }
    #[derive(Serialize)]
    struct Document<'a, S: Serialize, M: Serialize> {
        scenarios: S,
        accelerators: &'a [Accelerator],
        milestones: M,
        fleets: &'a [Fleet],
        limits: Option<&'a LimitsData>,
        sources: &'a [Abbreviation],
        problems: Vec<String>,
        notices: Vec<String>,
        catalog: Value,
    }
    let doc = Document {
        scenarios: Seq(catalog.scenarios.iter().map(|e| With {
            entry: &e.scenario,
            extra: UserOrigin {
                origin: match &e.origin {
                    Origin::User(p) => Some(p.display().to_string()),
                    Origin::Embedded => None,
                },
            },
        })),
        accelerators: &catalog.accelerators,
        milestones: Seq(catalog.milestones.iter().map(|m| With {
            entry: m,
            extra: Utilization {
                implied_utilization: milestone_implied_utilization(m, catalog),
            },
        })),
        fleets: &catalog.fleets,
        limits: catalog.limits.as_deref(),
        sources: &catalog.sources,
        problems: catalog.problems.iter().map(|p| p.to_string()).collect(),
        notices: catalog.notices.iter().map(|p| p.to_string()).collect(),
        catalog: catalog_identity(),
    };
    let mut text = serde_json::to_string_pretty(&doc)?;
    text.push('\n');
    Ok(text)
}

/// A sequence serialized from an iterator, without collecting it first.
struct Seq<I>(I);

impl<I: Iterator<Item = T> + Clone, T: Serialize> Serialize for Seq<I> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.clone())
    }
}

/// `presets --sources`: each abbreviation used in sources and notes, with its full reference
/// wrapped under it, so a `[EPOCH-DB]` in a source can be looked up without reading the files.
pub fn sources_table(catalog: &Catalog) -> String {
    const WIDTH: usize = 96;
    let mut s =
        String::from("Source abbreviations (written in square brackets in sources and notes)\n");
    for a in &catalog.sources {
        s.push_str(&format!("  [{}]\n", a.id));
        let mut line = String::new();
        for word in a.reference.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > WIDTH - 6 {
                s.push_str(&format!("      {line}\n"));
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if !line.is_empty() {
            s.push_str(&format!("      {line}\n"));
        }
    }
    let problems = Report {
        title: String::new(),
        lead: Vec::new(),
        sections: problem_sections(catalog),
    };
    if !problems.sections.is_empty() {
        s.push('\n');
        s.push_str(&problems.text());
    }
    s
}

/// `presets` as a human table: a section for each kind of entry.
pub fn catalog_table(catalog: &Catalog) -> String {
    let text = |rows: Vec<Vec<String>>, s: &mut Section| {
        s.rows.extend(
            rows.into_iter()
                .map(|r| r.into_iter().map(Cell::new).collect()),
        );
    };
    let mut sections = Vec::new();
    let mut scenarios = Section::new(
        "scenarios",
        "Scenarios",
        vec![
            Column::new("Name"),
            Column::new("FLOP").right(),
            Column::new("Title"),
        ],
    );
    let outputs = preset_outputs(catalog);
    let rows = catalog.scenarios.iter().zip(&outputs).map(|(e, o)| {
        let user = matches!(e.origin, Origin::User(_));
        vec![
            e.scenario.name.clone(),
            fmt::sci(o.outputs.total_flop.0, 3),
            format!("{}{}", e.scenario.title, if user { "  [user]" } else { "" }),
        ]
    });
    text(rows.collect(), &mut scenarios);
    sections.push(scenarios);
    let mut cards = Section::new(
        "accelerators",
        "Accelerators (dense TFLOP/s)",
        [
            "id", "name", "BF16", "FP8", "TDP W", "all-in W", "GB", "price", "$/h",
        ]
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if i < 2 {
                Column::new(*l)
            } else {
                Column::new(*l).right()
            }
        })
        .chain([Column::new("rent market")])
        .collect(),
    );
    cards.text_header = true;
    let opt = |v: &Option<crate::presets::Sourced>, f: fn(f64) -> String| {
        v.as_ref()
            .map_or(fmt::NOT_A_NUMBER.to_string(), |v| f(v.value))
    };
    let sig4 = |x| fmt::sig(x, 4);
    let rows = catalog.accelerators.iter().map(|a| {
        // A card without BF16 shows its FP16 tensor peak, marked.
        let mark = if a.bf16_is_fp16 { "*" } else { "" };
        vec![
            a.id.to_string(),
            fmt::clip(&a.name, 33),
            format!("{}{mark}", sig4(a.bf16_tflops.value)),
            opt(&a.fp8_tflops, sig4),
            opt(&a.tdp_watts, sig4),
            opt(&a.server_watts_per_gpu, sig4),
            fmt::sig(a.memory_gb.value, 3),
            opt(&a.price_usd, fmt::usd),
            opt(&a.rent_usd_per_hour, fmt::usd),
            a.rent_tier
                .map_or("", crate::presets::RentTier::words)
                .to_string(),
        ]
    });
    text(rows.collect(), &mut cards);
    cards.notes.push(
        "* FP16 tensor peak: the card has no BF16. Prices: the accelerator alone; all-in W: IT \
         power per GPU, its server share and cluster networking (Epoch's basis), before PUE; — \
         not sourced. Rents of different markets do not compare (`cards --basis rent --tier`)."
            .into(),
    );
    sections.push(cards);
    let mut milestones = Section::new(
        "milestones",
        "Milestones",
        vec![
            Column::new("name"),
            Column::new("date"),
            Column::new("FLOP").right(),
            Column::new("status"),
            Column::new("GPU-hours").right(),
            Column::new("implied").right(),
            Column::new("MFU (as published)"),
        ],
    );
    milestones.text_header = true;
    let mut ms: Vec<&Milestone> = catalog.milestones.iter().collect();
    ms.sort_by(|a, b| a.flop.value.total_cmp(&b.flop.value));
    let rows = ms.into_iter().map(|m| {
        vec![
            fmt::clip(&m.name, 27),
            m.date.to_string(),
            fmt::sci(m.flop.value, 3),
            m.flop.status.tag().to_string(),
            m.gpu_hours
                .as_ref()
                .map_or("—".into(), |h| fmt::count(h.value)),
            milestone_implied_utilization(m, catalog).map_or("—".into(), fmt::percent),
            mfu_cell(m),
        ]
    });
    text(rows.collect(), &mut milestones);
    sections.push(milestones);
    let plain = |key, title: &str, columns: Vec<Column>, rows: Vec<Vec<String>>| {
        let mut s = Section::new(key, title, columns);
        text(rows, &mut s);
        s
    };
    let (left, right) = (|| Column::new(""), || Column::new("").right());
    if !catalog.fleets.is_empty() {
        let rows = catalog.fleets.iter().map(|f| {
            vec![
                fmt::clip(&f.name, 29),
                fmt::count(f.count.value),
                f.count.status.tag().to_string(),
                f.date.to_string(),
            ]
        });
        sections.push(plain(
            "fleets",
            "Fleets",
            vec![left(), right(), left(), left()],
            rows.collect(),
        ));
    }
    if let Some(l) = &catalog.limits {
        let rows = l.sites.iter().flat_map(|site| {
            site.power.iter().map(|p| {
                vec![
                    fmt::clip(&site.name, 29),
                    fmt::si(p.mw.value * 1e6, "W"),
                    p.basis.label().to_string(),
                    p.mw.status.tag().to_string(),
                    p.date.to_string(),
                ]
            })
        });
        sections.push(plain(
            "sites",
            "Sites (largest AI data centres by date; IT or facility power)",
            vec![left(), right(), left(), left(), left()],
            rows.collect(),
        ));
        let rows = l.chips.iter().map(|c| {
            vec![
                c.year.to_string(),
                format!("{} installed", fmt::count(c.installed_h100e.value)),
                c.shipped_h100e.as_ref().map_or(String::new(), |x| {
                    format!("{} shipped that year", fmt::count(x.value))
                }),
                format!("({})", c.installed_h100e.status.tag()),
            ]
        });
        sections.push(plain(
            "chips",
            "AI chips worldwide (H100-equivalents, end of year)",
            vec![left(), right(), left(), left()],
            rows.collect(),
        ));
        let rows = [
            ("bytes per parameter", &l.bytes_per_param),
            ("sequence tokens", &l.sequence_tokens),
            ("public text stock, tokens", &l.data_stock_tokens),
            ("data-movement threshold, FLOP", &l.data_movement_flop),
            ("latency wall, FLOP", &l.latency_wall_flop),
        ]
        .into_iter()
        .map(|(what, v)| {
            let shown = if v.value < 1e12 {
                fmt::count(v.value)
            } else {
                fmt::sci(v.value, 3)
            };
            vec![what.to_string(), shown, v.status.tag().to_string()]
        });
        sections.push(plain(
            "constants",
            "Limits constants",
            vec![left(), right(), left()],
            rows.collect(),
        ));
    }
    sections.extend(problem_sections(catalog));
    Report {
        title: String::new(),
        lead: Vec::new(),
        sections,
    }
    .text()
}

/// The catalog's problems and notices, a section each when there are any.
fn problem_sections(catalog: &Catalog) -> Vec<Section> {
    [
        ("problems", "Problems", &catalog.problems),
        ("notices", "Notices", &catalog.notices),
    ]
    .into_iter()
    .filter(|(_, _, list)| !list.is_empty())
    .map(|(key, title, list)| {
        let mut s = Section::new(key, title, vec![Column::new("")]);
        for p in list.iter() {
            s.row([Cell::new(p.to_string())]);
        }
        s
    })
    .collect()
}
