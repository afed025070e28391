//! `--format json`: the schema is documented in docs/cli.md; `version` changes when it does.
//! Written as it is ready: `version`, then `findings` one per line as each file is checked, then
//! `files`, `failures` and `summary`, which need every file.

use super::{End, Place};
use nianbao_core::Finding;
use serde::Serialize;

pub fn head() -> String {
    "{\n  \"version\": 1,\n  \"findings\": [\n".into()
}

/// One file's findings, one JSON object a line, separated as elements of `findings`.
pub fn findings<'f>(
    path: &str,
    shown: impl Iterator<Item = &'f Finding>,
    place: &dyn Place,
) -> String {
    let mut out = Vec::new();
    for (i, f) in shown.enumerate() {
        if i > 0 {
            out.extend_from_slice(b",\n");
        }
        out.extend_from_slice(b"    ");
        let (start, end) = place.span(&f.range);
        let entry = Entry {
            path,
            code: f.code,
            severity: f.severity.as_str(),
            message: &f.message,
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            related: f
                .related
                .iter()
                .map(|r| {
                    let (start, end) = place.span(&r.range);
                    Related {
                        line: start.line,
                        column: start.column,
                        end_line: end.line,
                        end_column: end.column,
                        message: &r.message,
                    }
                })
                .collect(),
            fixes: f
                .fixes
                .iter()
                .map(|fix| FixEntry {
                    title: &fix.title,
                    safe: fix.safe,
                    edits: fix
                        .edits
                        .iter()
                        .map(|e| {
                            let (start, end) = place.span(&e.range);
                            EditEntry {
                                line: start.line,
                                column: start.column,
                                end_line: end.line,
                                end_column: end.column,
                                new_text: &e.new_text,
                            }
                        })
                        .collect(),
                })
                .collect(),
        };
        // Serialising borrowed strings and numbers into memory cannot fail.
        let _ = serde_json::to_writer(&mut out, &entry);
    }
    // serde_json writes valid UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

pub fn tail(end: &End) -> String {
    let mut s = String::from("\n  ],\n  \"files\": [");
    for (i, (path, template)) in end.files.iter().enumerate() {
        s.push_str(if i == 0 { "\n    " } else { ",\n    " });
        s.push_str(&to_json(&FileEntry { path, template }));
    }
    s.push_str(if end.files.is_empty() {
        "],\n"
    } else {
        "\n  ],\n"
    });
    s.push_str("  \"failures\": [");
    for (i, (path, message)) in end.failures.iter().enumerate() {
        s.push_str(if i == 0 { "\n    " } else { ",\n    " });
        s.push_str(&to_json(&Failure { path, message }));
    }
    s.push_str(if end.failures.is_empty() {
        "],\n"
    } else {
        "\n  ],\n"
    });
    let t = &end.totals;
    s.push_str(&format!(
        "  \"summary\": {{\"files\": {}, \"errors\": {}, \"warnings\": {}, \"infos\": {}, \"unreadable\": {}}}\n}}\n",
        t.files, t.errors, t.warnings, t.infos, t.unreadable
    ));
    s
}

fn to_json(value: &impl Serialize) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

#[derive(Serialize)]
struct Entry<'a> {
    path: &'a str,
    code: &'a str,
    severity: &'a str,
    message: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    related: Vec<Related<'a>>,
    fixes: Vec<FixEntry<'a>>,
}

#[derive(Serialize)]
struct Related<'a> {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
}

#[derive(Serialize)]
struct FixEntry<'a> {
    title: &'a str,
    safe: bool,
    edits: Vec<EditEntry<'a>>,
}

#[derive(Serialize)]
struct EditEntry<'a> {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    new_text: &'a str,
}

#[derive(Serialize)]
struct FileEntry<'a> {
    path: &'a str,
    template: &'a Option<String>,
}

#[derive(Serialize)]
struct Failure<'a> {
    path: &'a str,
    message: &'a str,
}
