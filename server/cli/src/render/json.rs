//! `--format json`: the schema is documented in docs/cli.md; `version` changes when it does.

use super::{FileResult, Locator, Pos, Totals};
use serde_json::{json, Value};

pub fn render(results: &[FileResult]) -> String {
    // Each file's findings are serialised on its own thread, indented as they stand in the
    // whole document; the document is then put together around them, byte for byte what
    // pretty-printing it whole would give.
    let chunks = crate::parallel::map(results, crate::parallel::threads(), file_findings);
    let failures: Vec<Value> = results
        .iter()
        .filter_map(|r| match &r.outcome {
            Err(message) => Some(json!({ "path": r.path, "message": message })),
            Ok(_) => None,
        })
        .collect();
    let t = Totals::of(results);
    let files: Vec<Value> = results
        .iter()
        .map(|r| json!({ "path": r.path, "template": r.template }))
        .collect();
    let findings: Vec<&String> = chunks.iter().flatten().collect();
    let mut s = String::with_capacity(findings.iter().map(|f| f.len() + 2).sum::<usize>() + 4096);
    // Keys in serde_json's order (sorted), as pretty-printing the whole document wrote them.
    s.push_str("{\n  \"failures\": ");
    s.push_str(&nested(&json!(failures), 1));
    s.push_str(",\n  \"files\": ");
    s.push_str(&nested(&json!(files), 1));
    s.push_str(",\n  \"findings\": ");
    if findings.is_empty() {
        s.push_str("[]");
    } else {
        s.push_str("[\n");
        for (i, f) in findings.iter().enumerate() {
            if i > 0 {
                s.push_str(",\n");
            }
            s.push_str(f);
        }
        s.push_str("\n  ]");
    }
    s.push_str(",\n  \"summary\": ");
    let summary = json!({ "files": t.files, "errors": t.errors, "warnings": t.warnings, "infos": t.infos, "unreadable": t.unreadable });
    s.push_str(&nested(&summary, 1));
    s.push_str(",\n  \"version\": 1");
    s.push_str("\n}\n");
    s
}

/// `value` pretty-printed as it stands `depth` levels deep (its first line not indented).
fn nested(value: &Value, depth: usize) -> String {
    let pretty = serde_json::to_string_pretty(value).unwrap_or_default();
    let pad = "  ".repeat(depth);
    pretty.replace('\n', &format!("\n{pad}"))
}

/// The file's findings, each pretty-printed as an element of the document's `findings`.
fn file_findings(result: &FileResult) -> Vec<String> {
    let (Ok(list), Some(text)) = (&result.outcome, &result.text) else {
        return Vec::new();
    };
    if list.is_empty() {
        return Vec::new();
    }
    let locator = Locator::new(text);
    let span = |range: &std::ops::Range<usize>| {
        let (s, e) = locator.span(range);
        position(s, e)
    };
    list.iter()
        .map(|f| {
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
            format!("    {}", nested(&entry, 2))
        })
        .collect()
}

fn position(start: Pos, end: Pos) -> Value {
    json!({ "line": start.line, "column": start.column, "end_line": end.line, "end_column": end.column })
}

fn merge(into: &mut Value, from: Value) {
    if let (Value::Object(a), Value::Object(b)) = (into, from) {
        a.extend(b);
    }
}
