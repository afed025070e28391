//! `--format json`: the schema is documented in docs/cli.md; `version` changes when it does.

use super::{FileResult, Locator, Pos, Totals};
use serde_json::{json, Value};

pub fn render(results: &[FileResult]) -> String {
    let mut findings = Vec::new();
    let mut failures = Vec::new();
    for result in results {
        match (&result.outcome, &result.text) {
            (Err(message), _) => failures.push(json!({ "path": result.path, "message": message })),
            (Ok(list), Some(text)) => {
                let locator = Locator::new(text);
                for f in list {
                    let span = |range: &std::ops::Range<usize>| {
                        let (s, e) = locator.span(range);
                        position(s, e)
                    };
                    let mut entry = json!({
                        "path": result.path,
                        "code": f.code,
                        "severity": f.severity.as_str(),
                        "message": f.message,
                        "related": f.related.iter().map(|r| { let mut v = span(&r.range); v["message"] = json!(r.message); v }).collect::<Vec<_>>(),
                        "fixes": f.fixes.iter().map(|fix| json!({
                            "title": fix.title,
                            "safe": fix.safe,
                            "edits": fix.edits.iter().map(|e| { let mut v = span(&e.range); v["new_text"] = json!(e.new_text); v }).collect::<Vec<_>>(),
                        })).collect::<Vec<_>>(),
                    });
                    merge(&mut entry, span(&f.range));
                    findings.push(entry);
                }
            }
            (Ok(_), None) => {}
        }
    }
    let t = Totals::of(results);
    let files: Vec<Value> = results
        .iter()
        .map(|r| json!({ "path": r.path, "template": r.template }))
        .collect();
    let doc = json!({
        "version": 1,
        "files": files,
        "findings": findings,
        "failures": failures,
        "summary": { "files": t.files, "errors": t.errors, "warnings": t.warnings, "infos": t.infos, "unreadable": t.unreadable },
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

fn position(start: Pos, end: Pos) -> Value {
    json!({ "line": start.line, "column": start.column, "end_line": end.line, "end_column": end.column })
}

fn merge(into: &mut Value, from: Value) {
    if let (Value::Object(a), Value::Object(b)) = (into, from) {
        a.extend(b);
    }
}
