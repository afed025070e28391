//! `NB3xx`: figures the narrative states, compared with the tables. The phrasings and the cells
//! they must equal are data (`knowledge/prose.toml`); this module only reads them. Heuristic by
//! nature, so every finding is a warning, and a figure that equals any of its readings passes.

use super::claim_search::ClaimSearch;
use super::Ctx;
use crate::check::relations;
use crate::finding::Finding;
use crate::knowledge::prose::Claim;
use crate::knowledge::Knowledge;
use crate::model::Report;
use crate::normalize;
use crate::syntax::Span;
use crate::value::{Value, SCALE};
use memchr::memmem::{Finder, FinderRev};
use regex::Regex;
use std::borrow::Cow;
use std::sync::OnceLock;

/// The claims' patterns compiled once, with the literals that tell where they can match.
fn search() -> &'static ClaimSearch {
    static SEARCH: OnceLock<ClaimSearch> = OnceLock::new();
    // The patterns are part of the build; `knowledge_base_loads_and_is_consistent` compiles each.
    SEARCH.get_or_init(|| {
        ClaimSearch::new(
            Knowledge::get()
                .prose
                .claims
                .iter()
                .map(|c| c.pattern.as_str()),
        )
    })
}

pub fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    stretches(ctx, 0..ctx.report.prose.len(), out);
}

/// The stretches of prose `which` (indices into `Report::prose`).
pub(crate) fn stretches(ctx: &Ctx, which: std::ops::Range<usize>, out: &mut Vec<Finding>) {
    let claims = &Knowledge::get().prose.claims;
    for (_, span) in &ctx.report.prose[which] {
        let prose = Simplified::new(&ctx.text[span.clone()], span.start);
        search().figures(&prose.text, |claim, figure| {
            let stated = &prose.text[figure.clone()];
            if let Some(finding) = compare(ctx, &claims[claim], stated, prose.original(figure)) {
                out.push(finding);
            }
        });
        documents(ctx, &prose, out);
    }
}

fn compare(ctx: &Ctx, claim: &Claim, figure: &str, at: Span) -> Option<Finding> {
    let stated = parse_int(figure)?;
    // Nearly every figure equals a reading, often the first: the rest are read only when it
    // does not, and all of them only for the message.
    let mut values: Vec<i64> = Vec::new();
    for value in claim.readings.iter().filter_map(|r| reading(ctx.report, r)) {
        if value == stated {
            return None;
        }
        values.push(value);
    }
    if values.is_empty() {
        return None;
    }
    let shown = values
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(" / ");
    let code = Knowledge::get()
        .rule(&claim.code)
        .map(|r| r.code.as_str())?;
    Some(Finding::new(
        code,
        at,
        ctx.say(
            format!("正文所述{}为 {stated} 件，表格为 {shown} 件", claim.what_zh),
            format!(
                "the text states {} as {stated}, the tables give {shown}",
                claim.what_en
            ),
        ),
    ))
}

/// The words of `[documents]` as searchers built once: `str::contains` and `rfind` prepare
/// their search anew on each call, and every paragraph is asked about the summary words.
struct DocumentWords {
    summary: Finder<'static>,
    pairs: Vec<(Finder<'static>, Finder<'static>)>,
    /// `(word, row id)` and `(word, column id)` as in `prose.toml`.
    kinds: Vec<(FinderRev<'static>, String)>,
    verbs: Vec<(FinderRev<'static>, String)>,
}

impl DocumentWords {
    /// Whether `text` has the summary word, or both words of a summary pair.
    fn summarise(&self, text: &str) -> bool {
        let has = |word: &Finder| word.find(text.as_bytes()).is_some();
        has(&self.summary) || self.pairs.iter().any(|(a, b)| has(a) && has(b))
    }
}

fn document_words() -> &'static DocumentWords {
    static WORDS: OnceLock<DocumentWords> = OnceLock::new();
    WORDS.get_or_init(|| {
        let rules = &Knowledge::get().prose.documents;
        let forward = |w: &str| Finder::new(w).into_owned();
        let reverse = |pairs: &[(String, String)]| {
            pairs
                .iter()
                .map(|(w, id)| (FinderRev::new(w).into_owned(), id.clone()))
                .collect()
        };
        DocumentWords {
            summary: forward(&rules.summary_word),
            pairs: rules
                .summary_pairs
                .iter()
                .map(|(a, b)| (forward(a), forward(b)))
                .collect(),
            kinds: reverse(&rules.kinds),
            verbs: reverse(&rules.verbs),
        }
    })
}

fn documents(ctx: &Ctx, prose: &Simplified, out: &mut Vec<Finding>) {
    static NUMBER: OnceLock<Regex> = OnceLock::new();
    let number =
        NUMBER.get_or_init(|| Regex::new(r"(\d+)\s*[件部]").expect("a valid literal pattern"));
    let rules = &Knowledge::get().prose.documents;
    let words = document_words();
    // A clause qualifies by the words below, so a paragraph without them has no clause that does.
    if !words.summarise(&prose.text) {
        return;
    }
    let Some((table, spec)) = ctx.report.table(&rules.table) else {
        return;
    };
    let Some(code) = Knowledge::get().rule(&rules.code).map(|r| r.code.as_str()) else {
        return;
    };
    let mut offset = 0;
    for clause in prose.text.split_inclusive(['。', '；', ';']) {
        let start = offset;
        offset += clause.len();
        if !words.summarise(clause) {
            continue;
        }
        for caps in number.captures_iter(clause) {
            let (Some(whole), Some(figure)) = (caps.get(0), caps.get(1)) else {
                continue;
            };
            let before = &clause[..whole.start()];
            // The figure belongs to the document kind and the verb named last before it.
            let last = |words: &'static [(FinderRev<'static>, String)]| {
                words
                    .iter()
                    .filter_map(|(word, id)| word.rfind(before).map(|at| (at, id.as_str())))
                    .max_by_key(|(at, _)| *at)
            };
            let (Some((_, kind)), Some((verb_at, column))) =
                (last(&words.kinds), last(&words.verbs))
            else {
                continue;
            };
            // Read for its verbs alone, a clause says each figure right after its verb
            // (`制发…1件、废止1件`), never `39件文件保留`: the verb stands in the figure's own part.
            let part = before.rfind(['，', '、', ',']).map_or(0, |at| at + 1);
            if words.summary.find(clause.as_bytes()).is_none() && verb_at < part {
                continue;
            }
            let (Some(r), Some(c)) = (
                spec.rows.iter().position(|x| x.id == kind),
                spec.columns.iter().position(|x| x.id == column),
            ) else {
                continue;
            };
            let Some(at) = table.cell(r, c) else { continue };
            let (Value::Number(n), Some(stated)) = (at.cell.value, parse_int(figure.as_str()))
            else {
                continue;
            };
            if n.scaled != stated * SCALE {
                let what = format!("{}·{}", spec.rows[r].label, spec.columns[c].label);
                let table_value = n.scaled / SCALE;
                out.push(
                    Finding::new(
                        code,
                        prose.original(start + figure.start()..start + figure.end()),
                        ctx.say(
                            format!("正文所述{what}为 {stated}，表格为 {table_value}"),
                            format!(
                                "the text states {what} as {stated}, the table gives {table_value}"
                            ),
                        ),
                    )
                    .related(at.cell.range.clone(), what),
                );
            }
        }
    }
}

/// The sum of one reading's cells; `None` if the report lacks a cell or it is not a number.
fn reading(report: &Report, cells: &[String]) -> Option<i64> {
    let mut sum = 0;
    for cell in cells {
        let mut parts = cell.splitn(3, '.');
        let (table_id, row_id, col_id) = (parts.next()?, parts.next()?, parts.next()?);
        let (table_no, spec) = report
            .tables
            .iter()
            .enumerate()
            .find_map(|(i, t)| Some((i, report.table_spec(t).filter(|s| s.id == table_id)?)))?;
        let col = spec.columns.iter().position(|c| c.id == col_id)?;
        let children = |parent: &str| -> Vec<usize> {
            spec.rows
                .iter()
                .enumerate()
                .filter(|(_, r)| r.parent.as_deref() == Some(parent))
                .map(|(i, _)| i)
                .collect()
        };
        let rows: Vec<usize> = if let Some(parent) = row_id.strip_suffix("_*") {
            children(parent)
        } else if let Some(parent) = row_id.strip_suffix('*') {
            let kids = children(parent);
            if kids.is_empty() {
                spec.rows
                    .iter()
                    .position(|r| r.id == parent)
                    .into_iter()
                    .collect()
            } else {
                kids
            }
        } else {
            vec![spec.rows.iter().position(|r| r.id == row_id)?]
        };
        for row in rows {
            let cell = relations::Cell {
                table: table_no,
                row,
                col,
            };
            // A blank figure is not compared with the prose, even where blanks mean 0: a blank
            // total is its own error (the relations say so).
            if relations::is_blank(report, cell) {
                return None;
            }
            sum += relations::number(report, cell)?;
        }
    }
    Some(sum / SCALE)
}

fn parse_int(s: &str) -> Option<i64> {
    s.replace(',', "").parse().ok()
}

/// Prose in simplified characters, with a map back to the original byte offsets (a
/// traditional character and its simplified form may differ in UTF-8 length).
struct Simplified<'t> {
    text: Cow<'t, str>,
    base: usize,
    /// For each byte of `text`, the original offset of its character; `None` when the prose was
    /// simplified already (the usual case), so offsets map one to one.
    origin: Option<Vec<usize>>,
    end: usize,
}

impl<'t> Simplified<'t> {
    fn new(original: &'t str, base: usize) -> Simplified<'t> {
        let end = base + original.len();
        let converted = normalize::simplified(original);
        // Borrowed (nearly all prose) is unchanged without comparing the paragraph's bytes.
        if matches!(converted, Cow::Borrowed(_)) || converted == original {
            return Simplified {
                text: converted,
                base,
                origin: None,
                end,
            };
        }
        let mut text = String::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len());
        let mut buf = [0u8; 4];
        for (i, ch) in original.char_indices() {
            let single = if ch.is_ascii() {
                ch.to_string()
            } else {
                fast2s::convert(ch.encode_utf8(&mut buf))
            };
            origin.extend(std::iter::repeat_n(base + i, single.len()));
            text.push_str(&single);
        }
        Simplified {
            text: Cow::Owned(text),
            base,
            origin: Some(origin),
            end,
        }
    }

    fn original(&self, range: Span) -> Span {
        let at = |i: usize| match &self.origin {
            None => (self.base + i).min(self.end),
            Some(origin) => origin.get(i).copied().unwrap_or(self.end),
        };
        at(range.start)..at(range.end)
    }
}
