//! Every surface says the same thing about the same scenario: the explorer's picker and `eval`,
//! the A/B border and the single view. Each test here failed while two surfaces built their
//! answer apart.

use agi_compute::app::{Action, App, Mode};
use agi_compute::model::Output;
use agi_compute::presets::save::to_ron;
use agi_compute::presets::{Catalog, DEFAULT_SCENARIO, Status};
use agi_compute::tui::headless::frame_text;

fn default_scenario(catalog: &Catalog) -> agi_compute::presets::Scenario {
    catalog
        .scenario(DEFAULT_SCENARIO)
        .expect("default scenario")
        .scenario
        .clone()
}

/// A user preset whose price has no source: `eval` shows no fleet cost, and neither may the
/// picker's preview of the same preset (it once computed one from the placeholder).
#[test]
fn the_picker_and_eval_agree_on_a_preset_with_a_missing_price() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut s = default_scenario(&Catalog::embedded());
    s.name = "no-price".into();
    s.title = "No sourced price".into();
    s.price_usd.status = Status::Missing;
    let ron = to_ron(&s).expect("saves");
    std::fs::write(dir.path().join("no-price.ron"), ron).expect("writes");

    let args: Vec<String> = [
        "--presets",
        dir.path().to_str().expect("utf-8 path"),
        "--preset",
        "no-price",
        "--format",
        "json",
    ]
    .map(String::from)
    .to_vec();
    let json = agi_compute::cli::eval_captured(&args).expect("eval runs");
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert!(
        v["outputs"]["fleet_cost_usd"].is_null(),
        "eval computed a fleet cost from a missing price: {}",
        v["outputs"]["fleet_cost_usd"]
    );

    let catalog = Catalog::load(&[dir.path().to_path_buf()]);
    assert!(catalog.problems.is_empty(), "{:?}", catalog.problems);
    let index = catalog
        .scenarios
        .iter()
        .position(|e| e.scenario.name == "no-price")
        .expect("the user preset is in the catalog");
    let mut app = App::new(catalog, default_scenario(&Catalog::embedded()));
    app.color = false;
    assert!(app.preset_outputs[index].value(Output::FleetCost).is_none());
    app.update(Action::OpenPicker);
    app.update(Action::PickerSelect(index));
    assert_eq!(app.mode, Mode::Picker { selected: index });
    let frame = frame_text(&app, 160, 40);
    assert!(
        frame.contains("No sourced price"),
        "preset not shown:\n{frame}"
    );
    assert!(
        frame.contains("fleet — (no sourced"),
        "the picker does not say the price is missing:\n{frame}"
    );
}

/// Past its limit a run is "binding" on the A/B border as in the single view and the verdict,
/// not "binds first".
#[test]
fn the_ab_border_says_binding_past_the_limit() {
    let catalog = Catalog::embedded();
    let mut app = App::new(catalog.clone(), default_scenario(&catalog));
    app.color = false;
    let row = app.evaluation.limits.binding_row().expect("a binding row");
    assert!(row.ratio >= 1.0, "the default scenario is past a limit");
    let lead = format!("A binding: {}", row.short());
    app.update(Action::Pin);
    let frame = frame_text(&app, 120, 40);
    assert!(frame.contains(&lead), "no '{lead}' on the border:\n{frame}");
    assert!(!frame.contains("binds first: A"), "{frame}");
}

/// A goal typed after `g` and the same goal given to `eval --solve gpus` are one goal, worded
/// one way (the explorer and the command line each once had a parser and wording of their own).
#[test]
fn g_and_solve_word_the_same_goal_the_same_way() {
    use agi_compute::app::PromptKind;
    use agi_compute::tui::headless::replay;
    let goals: [(&str, &[&str]); 7] = [
        ("1e27", &["--target-flop", "1e27"]),
        (
            "10x llama-3.1-405b",
            &["--target-ratio", "10", "--milestone", "llama-3.1-405b"],
        ),
        ("10T params", &["--target-params", "10T"]),
        ("$5B", &["--budget", "5B"]),
        ("1GW", &["--power", "1GW"]),
        ("90% goodput", &["--goodput", "90%"]),
        ("1e26 useful", &["--target-flop", "1e26", "--useful"]),
    ];
    let catalog = Catalog::embedded();
    for (typed, flags) in goals {
        let mut app = App::new(catalog.clone(), default_scenario(&catalog));
        // `g` on the focused input (GPUs), the goal typed, Enter: the answer is previewed.
        replay(&mut app, 120, 40, &format!("g {typed} Enter")).expect("keys");
        let said = match &app.mode {
            Mode::Prompt(p) => match &p.kind {
                PromptKind::Goal {
                    answer: Some(a), ..
                } => a.solved.target.clone(),
                other => panic!("{typed}: no answer previewed: {other:?} {:?}", p.error),
            },
            other => panic!("{typed}: not in the goal prompt: {other:?}"),
        };
        let mut args: Vec<String> = ["--solve", "gpus", "--format", "json"]
            .map(String::from)
            .to_vec();
        args.extend(flags.iter().map(|s| s.to_string()));
        let json = agi_compute::cli::eval_captured(&args).expect("eval --solve runs");
        let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
        assert_eq!(
            v["solved"]["target"].as_str(),
            Some(said.as_str()),
            "{typed} vs {flags:?}"
        );
    }
}

/// "How many GPUs serve 10¹⁵ tokens a day at batch 64?" typed after `g` and given to `eval
/// --solve gpus --target-tokens-per-day` is one goal with one answer, worded one way.
#[test]
fn g_and_solve_agree_on_a_serving_goal() {
    use agi_compute::app::PromptKind;
    use agi_compute::model::Field;
    use agi_compute::presets::Sourced;
    use agi_compute::tui::headless::replay;
    let catalog = Catalog::embedded();
    let mut scenario = default_scenario(&catalog);
    let typed = |value: f64| Sourced {
        value,
        status: Status::Assumption,
        source: "typed".into(),
        low: None,
        high: None,
        note: None,
    };
    scenario.set_input(Field::ShareInference, typed(0.3));
    scenario.params = Some(typed(405e9));
    scenario.set_input(Field::ServeBatch, typed(64.0));
    let mut app = App::new(catalog.clone(), scenario);
    replay(&mut app, 120, 40, "g 1e15 tokens/day Enter").expect("keys");
    let solved = match &app.mode {
        Mode::Prompt(p) => match &p.kind {
            PromptKind::Goal {
                answer: Some(a), ..
            } => a.solved.clone(),
            other => panic!("no answer previewed: {other:?} {:?}", p.error),
        },
        other => panic!("not in the goal prompt: {other:?}"),
    };
    let args = [
        "--share-inference",
        "30%",
        "--params",
        "405B",
        "--serve-batch",
        "64",
        "--solve",
        "gpus",
        "--target-tokens-per-day",
        "1e15",
        "--format",
        "json",
    ]
    .map(String::from);
    let json = agi_compute::cli::eval_captured(&args).expect("eval --solve runs");
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(v["solved"]["target"].as_str(), Some(solved.target.as_str()));
    assert_eq!(v["solved"]["value"].as_f64(), Some(solved.value));
    // And the answer serves the target: its fleet's tokens a day reach 1e15, one GPU fewer's
    // do not.
    let served = v["inference"]["tokens_per_day"].as_f64().expect("tokens");
    assert!(served >= 1e15, "{served}");
    let fewer = (solved.value - 1.0).to_string();
    let args = [
        "--share-inference",
        "30%",
        "--params",
        "405B",
        "--serve-batch",
        "64",
        "--gpus",
        &fewer,
        "--format",
        "json",
    ]
    .map(String::from);
    let v: serde_json::Value =
        serde_json::from_str(&agi_compute::cli::eval_captured(&args).expect("eval")).expect("JSON");
    assert!(v["inference"]["tokens_per_day"].as_f64().expect("tokens") < 1e15);
}

/// The explorer's comparison and `eval` with the same scenarios are one lineup: the default,
/// a preset and a known run pinned in the explorer, and given to `eval`, list the same rows in
/// the same order with the same values, and the same "inputs A≠X" lines; the compare panel
/// shows those rows, values and lines too.
#[test]
fn compare_and_eval_with_several_scenarios_list_the_same_rows_and_values() {
    let catalog = Catalog::embedded();
    let deepseek = catalog
        .scenarios
        .iter()
        .position(|e| e.scenario.name == "deepseek-v3")
        .expect("deepseek-v3 is a preset");
    let mut app = App::new(catalog.clone(), default_scenario(&catalog));
    app.color = false;
    app.update(Action::OpenPicker);
    app.update(Action::PickerSelect(deepseek));
    app.update(Action::PinSelected);
    app.update(Action::OpenPicker);
    app.update(Action::PickerMove(10_000));
    app.update(Action::PinSelected);
    let lineup = app.lineup.clone().expect("two pins make a lineup");
    assert_eq!(lineup.columns.len(), 3);
    let run = lineup.columns[2]
        .evaluation
        .name
        .strip_prefix("run-")
        .expect("the last picker row is a known run")
        .to_string();

    let args: Vec<String> = [
        "--preset",
        DEFAULT_SCENARIO,
        "--preset",
        "deepseek-v3",
        "--from-run",
        &run,
        "--format",
        "markdown",
        "--sections",
        "results",
    ]
    .map(String::from)
    .to_vec();
    let md = agi_compute::cli::eval_captured(&args).expect("eval runs");
    // The results table: every row after the header and its rule.
    let cells = |line: &str| -> Vec<String> {
        line.trim()
            .trim_matches('|')
            .split(" | ")
            .map(|c| c.trim().to_string())
            .collect()
    };
    let table: Vec<Vec<String>> = md
        .lines()
        .skip_while(|l| !l.starts_with("| Result |"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(cells)
        .collect();
    let want: Vec<Vec<String>> = lineup
        .rows
        .iter()
        .map(|r| {
            // An absent value is "—" in its cell, as the panel draws it; its reason is said
            // once, under the table.
            std::iter::once(r.output.spec().label.to_string())
                .chain(lineup.columns.iter().zip(&r.values).map(|(c, v)| match v {
                    Some(_) => c.evaluation.text(r.output),
                    None => "—".to_string(),
                }))
                .collect()
        })
        .collect();
    assert_eq!(want.len(), Output::ALL.len(), "every output is a row");
    assert_eq!(table, want, "eval's rows are the explorer's:\n{md}");
    for r in lineup
        .rows
        .iter()
        .filter(|r| r.values.iter().any(Option::is_none))
    {
        let why = r
            .output
            .spec()
            .absent
            .expect("an output that can be absent says why");
        assert!(
            md.lines()
                .any(|l| l.contains(&format!("{} in ", r.output.spec().label)) && l.contains(why)),
            "the reason {} is absent is under the table:\n{md}",
            r.output.spec().label
        );
    }
    let differs: Vec<String> = (1..3)
        .map(|i| format!("inputs {}", lineup.differs_text(i)))
        .collect();
    assert!(
        differs[0].starts_with("inputs A≠B: card, GPUs"),
        "{differs:?}"
    );
    for line in &differs {
        assert!(
            md.lines().any(|l| l == line),
            "no {line:?} in eval's output:\n{md}"
        );
    }

    // The panel at 200×60 shows the leading rows with the same numbers, and the same lines.
    let frame = frame_text(&app, 200, 60);
    let panel: Vec<&str> = frame
        .lines()
        .filter_map(|l| {
            l.split_once("││")
                .map(|(_, r)| r.trim_end_matches('│').trim())
        })
        .collect();
    let mut shown = 0;
    for r in &lineup.rows {
        let label = r.output.spec().label;
        let Some(line) = panel.iter().find(|l| l.starts_with(&format!("{label} "))) else {
            continue;
        };
        let numbers: Vec<String> = r.values.iter().map(|&v| r.output.number(v)).collect();
        assert!(
            line.ends_with(&numbers.join("  ").to_string())
                || numbers.iter().all(|n| line.contains(n.as_str())),
            "{label}: {line:?} against {numbers:?}"
        );
        shown += 1;
    }
    assert!(shown >= 20, "the panel showed {shown} rows:\n{frame}");
    for line in &differs {
        assert!(panel.contains(&line.as_str()), "no {line:?} in:\n{frame}");
    }

    // JSON names each column and the inputs it changes, by key.
    let json_args: Vec<String> = args[..6]
        .iter()
        .cloned()
        .chain(["--format".into(), "json".into()])
        .collect();
    let v: serde_json::Value =
        serde_json::from_str(&agi_compute::cli::eval_captured(&json_args).expect("eval runs"))
            .expect("JSON");
    let keys: Vec<&str> = lineup.differences[0].iter().map(|d| d.key()).collect();
    assert_eq!(v[1]["compare"]["column"], "B");
    assert_eq!(
        v[1]["compare"]["inputs_differ_from_a"],
        serde_json::json!(keys)
    );
    assert_eq!(
        v[0]["compare"]["inputs_differ_from_a"],
        serde_json::json!([])
    );
}

/// Every built-in preset and every known run that loads as a scenario, lined up against the
/// default scenario as the compare panel and `eval` with several scenarios do: a row per output
/// holding each column's own value, A/B and A−B from those values, and an "inputs A≠B" line
/// that names a difference exactly when the scenarios differ in their inputs.
#[test]
fn the_lineup_holds_for_every_preset_and_known_run() {
    use agi_compute::analysis::evaluation::{Evaluation, Reference};
    use agi_compute::analysis::lineup::Lineup;
    use agi_compute::model::cost::CostBasis;
    use agi_compute::presets::from_run::scenario_from_run;
    let c = Catalog::embedded();
    let reference = Reference::new(&c);
    let a = default_scenario(&c);
    let ea = Evaluation::new(&a, &c, &reference);
    let mut others: Vec<agi_compute::presets::Scenario> =
        c.scenarios.iter().map(|e| e.scenario.clone()).collect();
    let presets = others.len();
    others.extend(
        c.milestones
            .iter()
            .filter_map(|m| scenario_from_run(m, &c, &a).ok()),
    );
    assert_eq!(presets, 8, "every built-in preset");
    assert!(others.len() - presets >= 30, "the known runs that load");
    for b in &others {
        let eb = Evaluation::new(b, &c, &reference);
        let l = Lineup::new(
            CostBasis::Gpus,
            vec![("a".into(), ea.clone()), (b.name.clone(), eb.clone())],
        );
        assert_eq!(l.rows.len(), Output::ALL.len(), "{}", b.name);
        for r in &l.rows {
            let (va, vb) = (ea.value(r.output), eb.value(r.output));
            assert_eq!(r.values, vec![va, vb], "{} {:?}", b.name, r.output);
            match (va, vb) {
                (Some(x), Some(y)) => {
                    assert_eq!(r.delta, Some(x - y), "{} {:?}", b.name, r.output);
                    if y > 0.0 {
                        assert_eq!(r.ratio, Some(x / y), "{} {:?}", b.name, r.output);
                    }
                }
                _ => assert_eq!(r.delta, None, "{} {:?}", b.name, r.output),
            }
        }
        let same_inputs = a.inputs() == b.inputs() && a.accelerator == b.accelerator;
        assert_eq!(
            l.differences[0].is_empty(),
            same_inputs,
            "{}: {}",
            b.name,
            l.differs_text(1)
        );
    }
}

/// A card from the user's files serves like the built-in card it copies, on every surface:
/// `eval`, the explorer, the tornado, a sweep and goal seek find its tokens a day. They once
/// read a card's memory side from the built-in cards only, and said a user card had none.
#[test]
fn a_user_card_serves_like_the_built_in_it_copies() {
    use agi_compute::analysis::evaluation::Reference;
    use agi_compute::model::Field;
    use agi_compute::presets::Sourced;

    let embedded = Catalog::embedded();
    let mut card = embedded.accelerator("h100-sxm").expect("built in").clone();
    card.id = "my-h100".into();
    card.name = "My H100 copy".into();
    let dir = tempfile::tempdir().expect("temp dir");
    let text = ron::ser::to_string_pretty(&vec![card], ron::ser::PrettyConfig::default())
        .expect("serialises");
    std::fs::write(dir.path().join("accelerators-mine.ron"), text).expect("writes");
    let path = dir.path().to_str().expect("utf-8 path");
    let key = Output::TokensPerDay.spec().key;
    let eval = |card: &str, extra: &[&str]| -> serde_json::Value {
        let mut args: Vec<String> = [
            "--presets",
            path,
            "--accelerator",
            card,
            "--share-inference",
            "30%",
            "--format",
            "json",
        ]
        .map(String::from)
        .to_vec();
        args.extend(extra.iter().map(|s| s.to_string()));
        let json = agi_compute::cli::eval_captured(&args).expect("eval runs");
        serde_json::from_str(&json).expect("JSON")
    };
    let built_in = eval("h100-sxm", &[])[key].as_f64();
    assert!(built_in.is_some_and(|t| t > 0.0), "{built_in:?}");
    assert_eq!(eval("my-h100", &[])[key].as_f64(), built_in);
    // Goal seek on tokens a day: the GPUs that serve twice as much, the same on both cards.
    let target = format!("{:e}", 2.0 * built_in.unwrap_or_default());
    let solved = |card: &str| {
        eval(
            card,
            &["--solve", "gpus", "--target-tokens-per-day", &target],
        )["inputs"]["gpus"]["value"]
            .as_f64()
    };
    let gpus = solved("h100-sxm");
    assert!(gpus.is_some_and(|g| g > 350e3), "{gpus:?}");
    assert_eq!(solved("my-h100"), gpus);

    let catalog = Catalog::load(&[dir.path().to_path_buf()]);
    assert!(catalog.problems.is_empty(), "{:?}", catalog.problems);
    let mut s = default_scenario(&catalog);
    s.use_card(catalog.accelerator("my-h100").expect("the user card"));
    s.set_input(Field::ShareInference, Sourced::user_set(0.3));
    let app = App::new(catalog.clone(), s.clone());
    assert_eq!(app.evaluation.value(Output::TokensPerDay), built_in);
    let tornado = agi_compute::analysis::sensitivity::sensitivity(
        &s,
        &catalog,
        &Reference::new(&catalog),
        Output::TokensPerDay,
    );
    assert!(
        tornado.is_some(),
        "no tornado of tokens a day on the user card"
    );
    let base = agi_compute::analysis::sweep::Base::of(&s, &catalog);
    assert_eq!(base.inputs.serving.card, catalog.inputs(&s).serving.card);
    assert!(base.inputs.serving.card.is_some());
}
