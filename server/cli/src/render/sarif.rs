//! `--format sarif`: SARIF 2.1.0, which GitHub code scanning reads (validated against the
//! schema in tests/tests/sarif.rs). Every rule of rules.toml is listed, so code scanning can show
//! its help; columns are Unicode code points, as our positions are.

use super::{End, Place};
use nianbao_core::knowledge::Knowledge;
use nianbao_core::{Finding, Severity};
use serde_json::{json, Value};

/// Everything before the first result: the tool and every rule, which code scanning shows as
/// help. Results follow one a line as the files are checked.
pub fn head() -> String {
    let knowledge = Knowledge::get();
    let rules: Vec<Value> = knowledge
        .rules
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": { "text": format!("{} / {}", r.title_zh, r.title_en) },
                "fullDescription": { "text": format!("{}\n\n{}", r.what_zh, r.what_en) },
                "help": { "text": format!("{}\n\n{}\n\nnianbao explain {}", r.why_zh, r.why_en, r.code) },
                "defaultConfiguration": { "level": level(Severity::parse(&r.severity).unwrap_or(Severity::Error)) },
            })
        })
        .collect();
    let tool = json!({ "driver": {
        "name": "nianbao",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "rules": rules,
    } });
    format!(
        "{{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [{{\n    \"tool\": {tool},\n    \"columnKind\": \"unicodeCodePoints\",\n    \"results\": [\n"
    )
}

/// One finding's result, on one line, as an element of `results` without the separator.
pub fn finding(out: &mut String, path: &str, f: &Finding, place: &dyn Place) {
    let knowledge = Knowledge::get();
    let uri = uri(path);
    let region = |range: &std::ops::Range<usize>| {
        let (s, e) = place.span(range);
        json!({ "startLine": s.line, "startColumn": s.column, "endLine": e.line, "endColumn": e.column })
    };
    let mut entry = json!({
        "ruleId": f.code,
        "level": level(f.severity),
        "message": { "text": f.message },
        "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri }, "region": region(&f.range) } }],
    });
    if let Some(index) = knowledge.rules.iter().position(|r| r.code == f.code) {
        entry["ruleIndex"] = json!(index);
    }
    if !f.related.is_empty() {
        entry["relatedLocations"] = f
            .related
            .iter()
            .enumerate()
            .map(|(i, r)| {
                json!({
                    "id": i,
                    "message": { "text": r.message },
                    "physicalLocation": { "artifactLocation": { "uri": uri }, "region": region(&r.range) },
                })
            })
            .collect();
    }
    if !f.fixes.is_empty() {
        entry["fixes"] = f
            .fixes
            .iter()
            .map(|fix| {
                json!({
                    "description": { "text": fix.title },
                    "artifactChanges": [{
                        "artifactLocation": { "uri": uri },
                        "replacements": fix.edits.iter().map(|e| json!({
                            "deletedRegion": region(&e.range),
                            "insertedContent": { "text": e.new_text },
                        })).collect::<Vec<_>>(),
                    }],
                })
            })
            .collect();
    }
    out.push_str("      ");
    out.push_str(&entry.to_string());
}

/// The run's end: whether every input could be checked, and those that could not.
pub fn tail(end: &End) -> String {
    let notifications: Vec<Value> = end
        .failures
        .iter()
        .map(|(path, message)| {
            json!({
                "level": "error",
                "message": { "text": message },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri(path) } } }],
            })
        })
        .collect();
    let invocations = json!([{
        "executionSuccessful": notifications.is_empty(),
        "toolExecutionNotifications": notifications,
    }]);
    format!("\n    ],\n    \"invocations\": {invocations}\n  }}]\n}}\n")
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative path as a URI reference: forward slashes, and everything but unreserved ASCII
/// percent-encoded (file names are often Chinese).
pub fn uri(path: &str) -> String {
    let path = path.strip_prefix("./").unwrap_or(path).replace('\\', "/");
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn uris_are_encoded() {
        assert_eq!(
            super::uri("./报告/a b.nianbao"),
            "%E6%8A%A5%E5%91%8A/a%20b.nianbao"
        );
    }
}
