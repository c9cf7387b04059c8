//! Text → the catalog's own files (scenarios, accelerators, milestones, fleets, sources), each
//! read and then validated against its ranges.
//!
//! Parsing is separate from file access so tests and fuzzers can feed text directly.

use super::checks::{
    BANDWIDTH_GBS, FLEET_COUNT, FLOP, GPU_COUNT, GPU_HOURS, Invalid, MEMORY_GB, MFU, PARAMS,
    RUN_DAYS, TDP_WATTS, TOKENS, check_field, check_id, check_sourced, check_sourced_text,
    check_text,
};
use super::problem::Problem;
use super::read::{Entry, locate, needs_checks, options, parse_ron, skip_trivia, strip_bom};
use super::schema::{Abbreviation, Accelerator, Fleet, Milestone, Scenario};
use crate::model::Field;

/// Parses and validates one scenario.
pub fn parse_scenario(path: &str, text: &str) -> Result<Scenario, Problem> {
    let text = strip_bom(text);
    let mut s: Scenario = parse_ron(path, text).map_err(|p| {
        // A list file given where a scenario is expected (`eval --file milestones.ron`): say so,
        // rather than the parser's "expected `(` for struct `Scenario`".
        if first_token_is_list(text) {
            Problem {
                message: "this file holds a list, but a scenario file holds one Scenario( … ); \
                          lists of accelerators, milestones or fleets go in a presets directory \
                          as accelerators.ron, milestones.ron or fleets.ron"
                    .into(),
                ..p
            }
        } else {
            p
        }
    })?;
    s.settle_shares();
    if needs_checks(path, text) {
        validate_scenario(&s).map_err(|(key, msg)| locate(path, text, Entry::Single, key, msg))?;
    }
    Ok(s)
}

/// The `name:` of a scenario file that was refused, where the text parses that far (a value
/// out of range, say): the `--preset NAME` the file was meant to answer.
pub fn scenario_name_of(text: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    #[serde(rename = "Scenario")]
    struct NameOnly {
        name: String,
    }
    options()
        .from_str::<NameOnly>(strip_bom(text))
        .ok()
        .map(|n| n.name)
}

/// Whether the first token of `text`, past comments and `#![enable(…)]` attributes, opens a list.
fn first_token_is_list(text: &str) -> bool {
    let mut i = 0;
    loop {
        let Some(rest) = skip_trivia(text, i).and_then(|j| text.get(j..)) else {
            return false;
        };
        if rest.starts_with("#![") {
            match rest.find(']') {
                Some(end) => i = text.len() - rest.len() + end + 1,
                None => return false,
            }
        } else {
            return rest.starts_with('[');
        }
    }
}

/// Parses and validates a list of accelerators.
pub fn parse_accelerators(path: &str, text: &str) -> Result<Vec<Accelerator>, Problem> {
    let text = strip_bom(text);
    let list: Vec<Accelerator> = parse_ron(path, text)?;
    if !needs_checks(path, text) {
        return Ok(list);
    }
    for (i, a) in list.iter().enumerate() {
        validate_accelerator(a)
            .map_err(|(key, msg)| locate(path, text, Entry::Nth(i), key, msg))?;
    }
    Ok(list)
}

/// Parses and validates a list of milestones.
pub fn parse_milestones(path: &str, text: &str) -> Result<Vec<Milestone>, Problem> {
    let text = strip_bom(text);
    let list: Vec<Milestone> = parse_ron(path, text)?;
    if !needs_checks(path, text) {
        return Ok(list);
    }
    for (i, m) in list.iter().enumerate() {
        validate_milestone(m).map_err(|(key, msg)| locate(path, text, Entry::Nth(i), key, msg))?;
    }
    Ok(list)
}

/// Parses and validates a list of fleets.
pub fn parse_fleets(path: &str, text: &str) -> Result<Vec<Fleet>, Problem> {
    let text = strip_bom(text);
    let list: Vec<Fleet> = parse_ron(path, text)?;
    if !needs_checks(path, text) {
        return Ok(list);
    }
    for (i, f) in list.iter().enumerate() {
        validate_fleet(f).map_err(|(key, msg)| locate(path, text, Entry::Nth(i), key, msg))?;
    }
    Ok(list)
}

/// Parses and validates a list of source abbreviations.
pub fn parse_sources(path: &str, text: &str) -> Result<Vec<Abbreviation>, Problem> {
    let text = strip_bom(text);
    let list: Vec<Abbreviation> = parse_ron(path, text)?;
    if !needs_checks(path, text) {
        return Ok(list);
    }
    for (i, a) in list.iter().enumerate() {
        validate_abbreviation(a)
            .map_err(|(key, msg)| locate(path, text, Entry::Nth(i), key, msg))?;
    }
    Ok(list)
}

/// Checks every input against the same ranges the sliders and CLI use.
pub fn validate_scenario(s: &Scenario) -> Result<(), Invalid> {
    check_id(&s.name).map_err(|m| ("name", m))?;
    let who = format!("scenario '{}'", s.name);
    check_text(&who, "title", &s.title, false)?;
    check_text(&who, "description", &s.description, true)?;
    if let Some(a) = &s.accelerator {
        check_text(&who, "accelerator", a, false)?;
    }
    if let Some(n) = &s.note {
        check_text(&who, "note", n, true)?;
    }
    for source in &s.sources {
        check_text(&who, "sources", source, true)?;
    }
    for f in Field::ALL {
        if let Some(v) = s.sourced(f) {
            f.check(v.value)
                .map_err(|e| (f.spec().key, format!("scenario '{}': {e}", s.name)))?;
            crate::model::parse::whole(f, v.value)
                .map_err(|e| (f.spec().key, format!("scenario '{}': {e}", s.name)))?;
            for bound in [v.low, v.high].into_iter().flatten() {
                f.check(bound)
                    .map_err(|e| (f.spec().key, format!("scenario '{}': range of {e}", s.name)))?;
                crate::model::parse::whole(f, bound)
                    .map_err(|e| (f.spec().key, format!("scenario '{}': range of {e}", s.name)))?;
            }
            if let (Some(lo), Some(hi)) = (v.low, v.high)
                && lo > hi
            {
                return Err((
                    f.spec().key,
                    format!("scenario '{}': {} low is above high", s.name, f.name()),
                ));
            }
            // A range says how uncertain the value is: it must contain it, or the value's own
            // band would exclude it.
            if let (Some(lo), Some(hi)) = (v.low, v.high)
                && !(lo..=hi).contains(&v.value)
            {
                return Err((
                    f.spec().key,
                    format!(
                        "scenario '{}': {} is {}, outside its range {} .. {} (the value is the \
                         central estimate; the range must contain it)",
                        s.name,
                        f.name(),
                        crate::model::format::field_value(f, v.value),
                        crate::model::format::field_value(f, lo),
                        crate::model::format::field_value(f, hi)
                    ),
                ));
            }
            check_sourced_text(&who, f.spec().key, v)?;
        }
    }
    Field::Year.check(s.base_year.value).map_err(|e| {
        (
            "base_year",
            format!("scenario '{}': base year: {e}", s.name),
        )
    })?;
    check_sourced_text(&who, "base_year", &s.base_year)?;
    if !s.inputs().shares_sum_to_one() {
        let [r, e, i] = s.inputs().shares().map(crate::model::format::percent);
        return Err((
            "run_share",
            format!(
                "scenario '{}': the run ({r}), experiments ({e}) and inference ({i}) shares \
                 must sum to 100 %",
                s.name
            ),
        ));
    }
    Ok(())
}

fn validate_accelerator(a: &Accelerator) -> Result<(), Invalid> {
    check_id(&a.id).map_err(|m| ("id", m))?;
    let who = format!("accelerator '{}'", a.id);
    check_text(&who, "name", &a.name, false)?;
    check_text(&who, "vendor", &a.vendor, false)?;
    if let Some(n) = &a.note {
        check_text(&who, "note", n, true)?;
    }
    check_field(&who, "bf16_tflops", &a.bf16_tflops, Field::Tflops)?;
    check_sourced_text(&who, "bf16_tflops", &a.bf16_tflops)?;
    check_sourced(&who, "memory_gb", &a.memory_gb, MEMORY_GB)?;
    check_sourced_text(&who, "memory_gb", &a.memory_gb)?;
    let optional = [
        (
            "hbm_bandwidth_gbs",
            &a.hbm_bandwidth_gbs,
            None,
            BANDWIDTH_GBS,
        ),
        ("interconnect_gbs", &a.interconnect_gbs, None, BANDWIDTH_GBS),
        ("fp8_tflops", &a.fp8_tflops, Some(Field::Tflops), TDP_WATTS),
        ("tdp_watts", &a.tdp_watts, None, TDP_WATTS),
        ("price_usd", &a.price_usd, Some(Field::Price), TDP_WATTS),
        (
            "rent_usd_per_hour",
            &a.rent_usd_per_hour,
            Some(Field::Rent),
            TDP_WATTS,
        ),
        (
            "server_watts_per_gpu",
            &a.server_watts_per_gpu,
            Some(Field::Watts),
            TDP_WATTS,
        ),
    ];
    for (key, v, field, bounds) in optional {
        if let Some(v) = v {
            match field {
                Some(f) => check_field(&who, key, v, f)?,
                None => check_sourced(&who, key, v, bounds)?,
            }
            check_sourced_text(&who, key, v)?;
        }
    }
    // A rent without its market compares a hyperscaler's price with a neocloud's.
    match (&a.rent_usd_per_hour, a.rent_tier) {
        (Some(_), None) => {
            return Err((
                "rent_tier",
                format!(
                    "{who}: rent_usd_per_hour needs rent_tier (HyperscalerOnDemand, \
                     HyperscalerCommitted or Neocloud)"
                ),
            ));
        }
        (None, Some(_)) => {
            return Err((
                "rent_tier",
                format!("{who}: rent_tier without rent_usd_per_hour"),
            ));
        }
        _ => {}
    }
    Ok(())
}

fn validate_milestone(m: &Milestone) -> Result<(), Invalid> {
    check_id(&m.id).map_err(|e| ("id", e))?;
    let who = format!("milestone '{}'", m.id);
    check_text(&who, "name", &m.name, false)?;
    check_text(&who, "org", &m.org, false)?;
    check_text(&who, "date", &m.date, false)?;
    if let Some(a) = &m.accelerator {
        check_text(&who, "accelerator", a, false)?;
    }
    if let Some(n) = &m.note {
        check_text(&who, "note", n, true)?;
    }
    check_sourced(&who, "flop", &m.flop, FLOP)?;
    check_sourced_text(&who, "flop", &m.flop)?;
    let optional = [
        ("params", &m.params, PARAMS),
        ("total_params", &m.total_params, PARAMS),
        ("tokens", &m.tokens, TOKENS),
        ("gpu_count", &m.gpu_count, GPU_COUNT),
        ("gpu_hours", &m.gpu_hours, GPU_HOURS),
        ("days", &m.days, RUN_DAYS),
        ("reported_mfu", &m.reported_mfu, MFU),
    ];
    for (key, v, bounds) in optional {
        if let Some(v) = v {
            check_sourced(&who, key, v, bounds)?;
            check_sourced_text(&who, key, v)?;
        }
    }
    // A run's GPU count becomes a scenario's (`L`, --from-run): whole, as every count.
    if let Some(n) = &m.gpu_count {
        for v in [Some(n.value), n.low, n.high].into_iter().flatten() {
            crate::model::parse::whole(Field::Gpus, v)
                .map_err(|e| ("gpu_count", format!("{who}: gpu_count: {e}")))?;
        }
    }
    // The run's own power basis is a scenario input once loaded: the inputs' own limits.
    let basis = [
        ("watts_per_gpu", &m.watts_per_gpu, Field::Watts),
        ("pue", &m.pue, Field::Pue),
        ("kg_co2_per_kwh", &m.kg_co2_per_kwh, Field::Co2),
    ];
    for (key, v, field) in basis {
        if let Some(v) = v {
            check_field(&who, key, v, field)?;
            check_sourced_text(&who, key, v)?;
        }
    }
    if let Some(s) = &m.shape {
        check_shape(&who, s)?;
    }
    Ok(())
}

/// A shape the serving model can use: whole heads of a whole width, KV heads grouping them.
fn check_shape(who: &str, s: &super::schema::Shape) -> Result<(), Invalid> {
    check_text(who, "shape", &s.source, true)?;
    let ok = s.layers > 0
        && s.heads > 0
        && s.kv_heads > 0
        && s.d_model.is_multiple_of(s.heads)
        && s.d_model >= s.heads
        && s.heads.is_multiple_of(s.kv_heads);
    if ok {
        Ok(())
    } else {
        Err((
            "shape",
            format!(
                "{who}: shape needs layers, heads and kv_heads above 0, d_model a multiple of \
                 heads and heads a multiple of kv_heads (got {} layers, d_model {}, {} heads, \
                 {} KV heads)",
                s.layers, s.d_model, s.heads, s.kv_heads
            ),
        ))
    }
}

/// An abbreviation is only useful with a reference a stranger can follow: refuse an empty one.
fn validate_abbreviation(a: &Abbreviation) -> Result<(), Invalid> {
    check_id(&a.id).map_err(|m| ("id", m))?;
    let who = format!("abbreviation '{}'", a.id);
    check_text(&who, "reference", &a.reference, true)?;
    if a.reference.trim().is_empty() {
        return Err(("reference", format!("{who}: reference is empty")));
    }
    Ok(())
}

fn validate_fleet(f: &Fleet) -> Result<(), Invalid> {
    check_id(&f.id).map_err(|m| ("id", m))?;
    let who = format!("fleet '{}'", f.id);
    check_text(&who, "name", &f.name, false)?;
    check_text(&who, "org", &f.org, false)?;
    check_text(&who, "date", &f.date, false)?;
    if let Some(a) = &f.accelerator {
        check_text(&who, "accelerator", a, false)?;
    }
    if let Some(n) = &f.note {
        check_text(&who, "note", n, true)?;
    }
    check_sourced(&who, "count", &f.count, FLEET_COUNT)?;
    check_sourced_text(&who, "count", &f.count)
}
