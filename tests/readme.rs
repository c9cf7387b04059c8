//! The README's key table lists exactly the keys of the key table the program handles, in the
//! same words, and its output list names every output of the output table.

use agi_compute::app::keys::markdown_table;
use agi_compute::model::Output;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README")
}

#[test]
fn readme_key_table_is_the_key_table() {
    let want = markdown_table();
    assert!(
        readme().contains(&want),
        "README.md's key table differs from the program's; replace it with:\n\n{want}"
    );
}

#[test]
fn readme_names_every_output() {
    let r = readme();
    for o in Output::ALL {
        let key = format!("`{}`", o.spec().key);
        assert!(r.contains(&key), "README.md does not name the output {key}");
    }
}

#[test]
fn readme_explains_every_limit_in_the_programs_words() {
    let r = readme();
    for l in agi_compute::analysis::limits::Limit::ALL {
        let s = l.spec();
        assert!(
            r.contains(&format!("| {} | {} |", s.label, s.about)),
            "README.md's Limits table lacks {:?} as the program says it",
            s.label
        );
    }
}

/// The screens the README and `assets/` show, as `render` draws them: (file, marker, keys). The
/// README's first screen sits between its marker comments. `UPDATE_SCREENS=1 cargo test --test
/// all readme::` writes them again after a change to the screen.
const SCREENS: &[(&str, &str)] = &[
    ("assets/explorer-120x40.txt", ""),
    ("assets/timeline-120x40.txt", "Tab"),
    ("assets/limits-120x40.txt", "Tab Tab"),
    ("assets/feasibility-120x40.txt", "Tab Tab Tab"),
    ("assets/compare-120x40.txt", "c j j j L"),
    ("assets/run-detail-120x40.txt", "t j j j Enter"),
];

fn frame(keys: &str) -> String {
    agi_compute::tui::headless::render_text(&mut crate::support::explorer::app(), 120, 40, keys)
        .expect("keys")
}

/// Where a README excerpt of a saved screen starts and ends.
const EXCERPT: (&str, &str) = ("<!-- excerpt: ", "```\n<!-- /excerpt -->");

const FIRST_SCREEN: (&str, &str) = (
    "<!-- screen: render --width 120 --height 40 -->\n```text\n",
    "```\n<!-- /screen -->",
);

#[test]
fn readme_screens_are_what_render_draws() {
    let root = env!("CARGO_MANIFEST_DIR");
    let update = std::env::var_os("UPDATE_SCREENS").is_some();
    let mut stale = Vec::new();
    for (file, keys) in SCREENS {
        let path = format!("{root}/{file}");
        let want = frame(keys);
        if update {
            std::fs::write(&path, &want).expect("write the screen");
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(want.as_str()) {
            stale.push(file.to_string());
        }
    }
    let mut readme = readme();
    let version = format!(
        "$ agi-compute --version\nagi-compute {}\n",
        agi_compute::presets::identity::version_text()
    );
    let asked = "$ agi-compute --version\n";
    if update && let Some(at) = readme.find(asked) {
        let line_end = at + asked.len() + readme[at + asked.len()..].find('\n').unwrap_or(0) + 1;
        readme.replace_range(at..line_end, &version);
    }
    let (open, close) = FIRST_SCREEN;
    let start = readme.find(open).expect("README marks its first screen") + open.len();
    let end = start + readme[start..].find(close).expect("the first screen ends");
    let want = frame("");
    if update {
        readme.replace_range(start..end, &want);
    } else if readme[start..end] != want {
        stale.push("README.md's first screen".into());
    }
    // Excerpts of the saved screens: `<!-- excerpt: FILE from "PREFIX" -->`, then a text block
    // holding FILE's lines from the first that starts with PREFIX to the next that closes a box.
    let mut at = 0;
    while let Some(found) = readme[at..].find(EXCERPT.0) {
        let head = at + found + EXCERPT.0.len();
        let head_end = head + readme[head..].find(" -->\n").expect("the marker ends");
        let (file, prefix) = readme[head..head_end]
            .split_once(" from ")
            .expect("excerpt: FILE from \"PREFIX\"");
        let prefix = prefix.trim_matches('"');
        let start = head_end + " -->\n```text\n".len();
        assert_eq!(
            &readme[head_end..start],
            " -->\n```text\n",
            "an excerpt is a text block right after its marker"
        );
        let end = start + readme[start..].find(EXCERPT.1).expect("the excerpt ends");
        let asset = std::fs::read_to_string(format!("{root}/{file}")).expect("the excerpt's file");
        let lines: Vec<&str> = asset.lines().collect();
        let first = lines
            .iter()
            .position(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("{file} has no line starting {prefix}"));
        let last = first
            + lines[first..]
                .iter()
                .position(|l| l.starts_with('└'))
                .expect("the box closes");
        let want: String = lines[first..=last]
            .iter()
            .map(|l| format!("{l}\n"))
            .collect();
        at = if update {
            readme.replace_range(start..end, &want);
            start + want.len()
        } else {
            if readme[start..end] != want {
                stale.push(format!("README.md's excerpt of {file}"));
            }
            end
        };
    }
    if update {
        std::fs::write(format!("{root}/README.md"), &readme).expect("write README.md");
    }
    if !readme.contains(&version) && !update {
        stale.push(format!("README.md's --version line ({version})"));
    }
    assert!(
        stale.is_empty(),
        "stale screens: {}; UPDATE_SCREENS=1 cargo test --test all readme:: writes them again",
        stale.join(", ")
    );
}

/// The model table's trend figures are the fits `eval` makes over today's catalog (both grow
/// stale when a run is added).
#[test]
fn readme_trend_figures_are_the_catalogs_fits() {
    use agi_compute::analysis::evaluation::{Evaluation, Reference};
    use agi_compute::presets::{Catalog, DEFAULT_SCENARIO};
    let c = Catalog::embedded();
    let s = c
        .scenario(DEFAULT_SCENARIO)
        .expect("default")
        .scenario
        .clone();
    let e = Evaluation::new(&s, &c, &Reference::new(&c));
    let t = e.trend.expect("a central fit");
    let l = e.largest_runs.as_ref().expect("a largest-runs fit");
    let r = readme();
    for (g, n) in [
        (t.growth_per_year(), t.n),
        (l.trend.growth_per_year(), l.trend.n),
    ] {
        let want = format!("×{g:.2}/yr over {n} runs");
        assert!(
            r.contains(&want),
            "README.md's model table should say \"{want}\""
        );
    }
}
