//! `--format sarif` is valid SARIF 2.1.0 (checked against the vendored schema) and carries what
//! GitHub code scanning needs; `--format github` emits workflow commands.

use nianbao_tests::{root, run, stdout};

fn schema() -> serde_json::Value {
    let text = std::fs::read_to_string(root().join("tests/fixtures/sarif/sarif-schema-2.1.0.json"))
        .expect("vendored schema");
    serde_json::from_str(&text).expect("schema is JSON")
}

#[test]
fn sarif_output_validates_against_the_schema() {
    let validator = jsonschema::draft4::new(&schema()).expect("schema compiles");
    let out = run(&["check", "--format", "sarif", "--show-info", "examples"]);
    assert_eq!(out.status.code(), Some(1), "seed 002 has errors");
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("SARIF is JSON");
    let errors: Vec<String> = validator
        .iter_errors(&doc)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let run0 = &doc["runs"][0];
    let results = run0["results"].as_array().expect("results");
    assert!(results
        .iter()
        .any(|r| r["ruleId"] == "NB103" && r["level"] == "error"));
    let first = &results[0]["locations"][0]["physicalLocation"];
    assert!(first["artifactLocation"]["uri"]
        .as_str()
        .expect("uri")
        .starts_with("examples/"));
    assert!(first["region"]["startLine"].as_u64().expect("line") >= 1);
    // Every result's rule is described, with its index.
    let rules = run0["tool"]["driver"]["rules"].as_array().expect("rules");
    for r in results {
        let i = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
    }
    // A schema violation is caught (the validator is not vacuous).
    let mut broken = doc.clone();
    broken["version"] = serde_json::json!("2.0.0");
    assert!(!validator.is_valid(&broken));
}

#[test]
fn sarif_reports_unreadable_files_as_notifications() {
    let out = run(&["check", "--format", "sarif", "no/such/file.nianbao"]);
    assert_eq!(out.status.code(), Some(2));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert!(jsonschema::draft4::new(&schema())
        .expect("schema")
        .is_valid(&doc));
    assert_eq!(
        doc["runs"][0]["invocations"][0]["executionSuccessful"],
        false
    );
}

#[test]
fn github_format_annotates_lines() {
    let out = run(&[
        "check",
        "--format",
        "github",
        "examples/seed-002-fengquan.nianbao",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let line = text
        .lines()
        .find(|l| l.contains("title=NB103"))
        .expect("an NB103 annotation");
    assert!(
        line.starts_with("::error file=examples/seed-002-fengquan.nianbao,line="),
        "{line}"
    );
    assert!(!text.contains("title=NB219"), "notes only with --show-info");
    assert_eq!(
        run(&["check", "--format", "github", "examples/clean-2024.nianbao"])
            .status
            .code(),
        Some(0)
    );
}
