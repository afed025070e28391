//! Generated documentation stays in step with its data. `UPDATE_DOCS=1` rewrites it.

use nianbao_tests::root;

#[test]
fn rules_md_is_generated_from_rules_toml() {
    let path = root().join("docs/rules.md");
    let generated = nianbao_core::explain::rules_markdown();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &generated).expect("docs/rules.md is writable");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/rules.md is stale: run `UPDATE_DOCS=1 cargo test -p nianbao-tests --test docs`"
    );
}

#[test]
fn every_rule_code_the_checker_emits_is_documented() {
    let knowledge = nianbao_core::knowledge::Knowledge::get();
    let sources = [
        "server/core/src/check/structure.rs",
        "server/core/src/check/values.rs",
        "server/core/src/check/prose.rs",
    ];
    for source in sources {
        let text = std::fs::read_to_string(root().join(source)).expect("source readable");
        for (i, _) in text.match_indices("\"NB") {
            let code = &text[i + 1..i + 6];
            assert!(
                knowledge.rule(code).is_some(),
                "{source} emits {code}, which rules.toml does not document"
            );
        }
    }
}

#[test]
fn markup_spec_carries_the_clean_example_verbatim() {
    let spec = std::fs::read_to_string(root().join("docs/markup.md")).expect("docs/markup.md");
    let example =
        std::fs::read_to_string(root().join("examples/clean-2024.nianbao")).expect("example");
    let block = spec
        .split("````markdown\n")
        .nth(1)
        .and_then(|rest| rest.split("````").next())
        .expect("a ````markdown block");
    assert_eq!(
        block, example,
        "docs/markup.md's complete example differs from examples/clean-2024.nianbao"
    );
}
