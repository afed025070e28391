//! `--format sarif`: SARIF 2.1.0, which GitHub code scanning reads (validated against the
//! schema in tests/tests/sarif.rs). Every rule of rules.toml is listed, so code scanning can show
//! its help; columns are Unicode code points, as our positions are.

use super::{FileResult, Locator};
use nianbao_core::knowledge::Knowledge;
use nianbao_core::Severity;
use serde_json::{json, Value};

pub fn render(results: &[FileResult]) -> String {
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
    let mut sarif_results = Vec::new();
    let mut notifications = Vec::new();
    for result in results {
        let uri = uri(&result.path);
        match (&result.outcome, &result.text) {
            (Err(message), _) => notifications.push(json!({
                "level": "error",
                "message": { "text": message },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri } } }],
            })),
            (Ok(findings), Some(text)) => {
                let locator = Locator::new(text);
                for f in findings {
                    let region = |range: &std::ops::Range<usize>| {
                        let (s, e) = locator.span(range);
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
                    sarif_results.push(entry);
                }
            }
            (Ok(_), None) => {}
        }
    }
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "nianbao",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            } },
            "columnKind": "unicodeCodePoints",
            "results": sarif_results,
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
        }],
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
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
