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
