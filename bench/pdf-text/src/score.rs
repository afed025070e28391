//! What an extraction is worth against the example it was printed from: its characters, its
//! figures, and what `nianbao import` makes of it.

use nianbao_core::{analyze, Config};
use std::collections::{BTreeMap, HashMap};

/// The text the PDF prints: the example rendered as `nianbao render` renders it, without its
/// markup, head and the placeholders the print style hides.
pub fn printed_text(markup: &str) -> String {
    let html = nianbao_convert::render::render_html(markup, &Config::default());
    let body = html.split("<body").nth(1).unwrap_or(&html);
    let mut out = String::new();
    let mut rest = body;
    // Skip everything up to the `>` ending the body tag itself.
    if let Some(end) = rest.find('>') {
        rest = &rest[end + 1..];
    }
    let mut hidden_depth: Option<usize> = None;
    let mut depth = 0usize;
    while let Some(open) = rest.find('<') {
        if hidden_depth.is_none() {
            out.push_str(&rest[..open]);
        }
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let tag = &rest[open + 1..open + close];
        rest = &rest[open + close + 1..];
        let void = tag.ends_with('/')
            || ["br", "meta", "hr", "img"]
                .iter()
                .any(|v| tag.starts_with(v));
        if tag.starts_with('/') {
            depth = depth.saturating_sub(1);
            if hidden_depth == Some(depth) {
                hidden_depth = None;
            }
        } else if !void && !tag.starts_with('!') {
            let hidden = tag.starts_with("style")
                || tag.starts_with("script")
                || tag.contains("class=\"empty\"");
            if hidden && hidden_depth.is_none() {
                hidden_depth = Some(depth);
            }
            depth += 1;
        }
        out.push(' ');
    }
    out.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn counts<T: std::hash::Hash + Eq>(items: impl Iterator<Item = T>) -> HashMap<T, usize> {
    let mut map = HashMap::new();
    for item in items {
        *map.entry(item).or_insert(0) += 1;
    }
    map
}

/// How many of `expected` (a multiset) `got` has, and how many `got` has that it does not.
fn matched<T: std::hash::Hash + Eq>(
    expected: &HashMap<T, usize>,
    got: &HashMap<T, usize>,
) -> (usize, usize, usize) {
    let total: usize = expected.values().sum();
    let found: usize = expected
        .iter()
        .map(|(k, n)| (*n).min(got.get(k).copied().unwrap_or(0)))
        .sum();
    let extra = got.values().sum::<usize>() - found;
    (found, total, extra)
}

/// Characters right: the printed text's non-blank characters found in the extraction (as a
/// multiset: reading order is judged by the import), and the extraction's characters that the
/// page does not print (a wrong code point, a CID, a replacement character). Fullwidth forms
/// are compared as printed: a crate that turns `（` into `(` has it wrong.
pub fn characters(printed: &str, extracted: &str) -> (usize, usize, usize) {
    let visible = |s: &str| counts(s.chars().filter(|c| !c.is_whitespace() && *c != '\u{c}'));
    matched(&visible(printed), &visible(extracted))
}

/// Figures found: every run of digits the page prints (table cells, years and counts in the
/// prose) found as a whole run in the extraction — `1 0` read as `10` loses two figures.
pub fn figures(printed: &str, extracted: &str) -> (usize, usize, usize) {
    let runs = |s: &str| {
        counts(
            s.split(|c: char| !c.is_ascii_digit())
                .filter(|r| !r.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
                .into_iter(),
        )
    };
    matched(&runs(printed), &runs(extracted))
}

/// Every value cell of the report's template tables, keyed by template place
/// (`"B/new/natural"` → `"121"`), as tests/tests/common/mod.rs reads them.
pub fn cells(text: &str) -> BTreeMap<String, String> {
    let analysis = analyze(text, &Config::default());
    let report = &analysis.report;
    let mut out = BTreeMap::new();
    for table in &report.tables {
        let Some(spec) = report.table_spec(table) else {
            continue;
        };
        for row in table.rows.iter().filter(|r| !r.duplicate) {
            let Some(r) = row.spec else { continue };
            for cell in &row.cells {
                let Some(c) = table.columns[cell.column].spec else {
                    continue;
                };
                out.insert(
                    format!("{}/{}/{}", spec.id, spec.rows[r].id, spec.columns[c].id),
                    text[cell.range.clone()].trim().to_string(),
                );
            }
        }
    }
    // A blank cell is no figure: an import may write it or leave it out (as tests/tests/pdf.rs).
    out.retain(|_, v| !v.is_empty());
    out
}

/// `nianbao import` of the extraction: `in place/expected` cells, or the refusal.
pub fn import(extracted: &str, expected: &BTreeMap<String, String>) -> (bool, String) {
    let options = nianbao_convert::Options {
        source_name: "bench.txt",
        lang: nianbao_core::Lang::En,
        ..Default::default()
    };
    match nianbao_convert::import(extracted.as_bytes(), &options) {
        Ok(imported) => {
            let got = cells(&imported.markup);
            let right = expected
                .iter()
                .filter(|(k, v)| got.get(*k) == Some(v))
                .count();
            let all = right == expected.len() && got.len() == expected.len();
            (all, format!("{right}/{}", expected.len()))
        }
        Err(e) => {
            let why: String = e.show(nianbao_core::Lang::En).chars().take(60).collect();
            (false, format!("refused: {why}"))
        }
    }
}
