//! `--format json`: the schema is documented in docs/cli.md; `version` changes when it does.
//! Written as it is ready: `version`, then `findings` one per line as each file is checked, then
//! `files`, `failures` and `summary`, which need every file.
//!
//! Written straight into the output string rather than through serde: a folder of a province's
//! reports is a hundred thousand findings, and building serde's structs per finding, then
//! checking the bytes it wrote were UTF-8, cost twice what the writing does. The bytes are
//! serde_json's compact form, field for field (a test compares them).

use super::{End, Place, Pos};
use nianbao_core::Finding;
use std::ops::Range;

pub fn head() -> String {
    "{\n  \"version\": 1,\n  \"findings\": [\n".into()
}

/// One finding as an element of `findings`: indented, on one line, without the separator.
pub fn finding(out: &mut String, path: &str, f: &Finding, place: &dyn Place) {
    out.push_str("    {\"path\":");
    string(out, path);
    out.push_str(",\"code\":");
    string(out, f.code);
    out.push_str(",\"severity\":");
    string(out, f.severity.as_str());
    out.push_str(",\"message\":");
    string(out, &f.message);
    out.push(',');
    span(out, place, &f.range);
    out.push_str(",\"related\":");
    list(out, &f.related, |out, r| {
        out.push('{');
        span(out, place, &r.range);
        out.push_str(",\"message\":");
        string(out, &r.message);
        out.push('}');
    });
    out.push_str(",\"fixes\":");
    list(out, &f.fixes, |out, fix| {
        out.push_str("{\"title\":");
        string(out, &fix.title);
        out.push_str(if fix.safe {
            ",\"safe\":true,\"edits\":"
        } else {
            ",\"safe\":false,\"edits\":"
        });
        list(out, &fix.edits, |out, e| {
            out.push('{');
            span(out, place, &e.range);
            out.push_str(",\"new_text\":");
            string(out, &e.new_text);
            out.push('}');
        });
        out.push('}');
    });
    out.push('}');
}

/// A JSON array of `items`, each written by `item`.
fn list<T>(out: &mut String, items: &[T], item: impl Fn(&mut String, &T)) {
    out.push('[');
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        item(out, x);
    }
    out.push(']');
}

pub fn tail(end: &End) -> String {
    let mut s = String::from("\n  ],\n  \"files\": [");
    for (i, (path, template)) in end.files.iter().enumerate() {
        s.push_str(if i == 0 { "\n    " } else { ",\n    " });
        s.push_str("{\"path\":");
        string(&mut s, path);
        s.push_str(",\"template\":");
        match template {
            Some(template) => string(&mut s, template),
            None => s.push_str("null"),
        }
        s.push('}');
    }
    s.push_str(if end.files.is_empty() {
        "],\n"
    } else {
        "\n  ],\n"
    });
    s.push_str("  \"failures\": [");
    for (i, (path, message)) in end.failures.iter().enumerate() {
        s.push_str(if i == 0 { "\n    " } else { ",\n    " });
        s.push_str("{\"path\":");
        string(&mut s, path);
        s.push_str(",\"message\":");
        string(&mut s, message);
        s.push('}');
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

/// `"line":…,"column":…,"end_line":…,"end_column":…` of a range.
fn span(out: &mut String, place: &dyn Place, range: &Range<usize>) {
    let (start, end): (Pos, Pos) = place.span(range);
    out.push_str("\"line\":");
    number(out, start.line);
    out.push_str(",\"column\":");
    number(out, start.column);
    out.push_str(",\"end_line\":");
    number(out, end.line);
    out.push_str(",\"end_column\":");
    number(out, end.column);
}

fn number(out: &mut String, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[at..] {
        out.push(d as char);
    }
}

/// A JSON string, escaped as serde_json escapes: `"` and `\`, the short forms of control
/// characters that have one and `\u00XX` for the rest; everything else as it is.
fn string(out: &mut String, s: &str) {
    out.push('"');
    let bytes = s.as_bytes();
    // Nearly every string has nothing to escape: one pass without early exit, which the
    // compiler vectorises (`any` stops at each byte to ask).
    let plain = !bytes.iter().fold(false, |any, &b| {
        any | (b < 0x20) | (b == b'"') | (b == b'\\')
    });
    if plain {
        out.push_str(s);
        out.push('"');
        return;
    }
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let short = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        // Escaped bytes are ASCII, so `start..i` lies on character boundaries.
        out.push_str(&s[start..i]);
        if short.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 0xf) as usize] as char);
        } else {
            out.push_str(short);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::super::{Locator, Place};
    use nianbao_core::finding::{Edit, Fix};
    use nianbao_core::Finding;
    use serde::Serialize;

    /// The strings serde_json escapes, and some it does not.
    const AWKWARD: &str = "引号\"反斜杠\\换行\n回车\r制表\t\u{8}\u{c}\u{0}\u{1f}\u{7f}/é😀末";

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        for s in [AWKWARD, "", "plain", "\"", "\\\\", "\u{1}x\u{1e}"] {
            let mut out = String::new();
            super::string(&mut out, s);
            assert_eq!(out, serde_json::to_string(s).unwrap(), "{s:?}");
        }
        for n in [0, 7, 10, 99, 12345, usize::MAX] {
            let mut out = String::new();
            super::number(&mut out, n);
            assert_eq!(out, n.to_string());
        }
    }

    /// serde's rendering of a finding, as this module wrote it before it wrote its own.
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

    fn serde_entry(path: &str, f: &Finding, place: &dyn Place) -> String {
        let span = |r: &std::ops::Range<usize>| place.span(r);
        let (s, e) = span(&f.range);
        let entry = Entry {
            path,
            code: f.code,
            severity: f.severity.as_str(),
            message: &f.message,
            line: s.line,
            column: s.column,
            end_line: e.line,
            end_column: e.column,
            related: f
                .related
                .iter()
                .map(|r| {
                    let (s, e) = span(&r.range);
                    Related {
                        line: s.line,
                        column: s.column,
                        end_line: e.line,
                        end_column: e.column,
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
                        .map(|ed| {
                            let (s, e) = span(&ed.range);
                            EditEntry {
                                line: s.line,
                                column: s.column,
                                end_line: e.line,
                                end_column: e.column,
                                new_text: &ed.new_text,
                            }
                        })
                        .collect(),
                })
                .collect(),
        };
        format!("    {}", serde_json::to_string(&entry).unwrap())
    }

    #[test]
    fn a_finding_is_what_serde_json_wrote() {
        let text = "第一行\n第二行 | 12 | 3 |\r\n第三行\n";
        let place = Locator::new(text);
        let plain = Finding::new("NB101", 10..12, "合计不符".into());
        let full = Finding::new("NB104", 3..20, AWKWARD.into())
            .related(0..3, "甲")
            .related(22..25, AWKWARD)
            .fix(Fix {
                title: "保留".into(),
                safe: true,
                edits: vec![
                    Edit {
                        range: 10..12,
                        new_text: " 15 ".into(),
                    },
                    Edit {
                        range: 26..26,
                        new_text: "\"待核\"\n".into(),
                    },
                ],
            })
            .fix(Fix {
                title: AWKWARD.into(),
                safe: false,
                edits: Vec::new(),
            });
        for (path, f) in [("a.nianbao", &plain), ("报告/\"b\".nianbao", &full)] {
            let mut out = String::new();
            super::finding(&mut out, path, f, &place);
            assert_eq!(out, serde_entry(path, f, &place));
        }
    }
}
