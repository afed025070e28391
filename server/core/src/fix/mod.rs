//! `nianbao fix` and the editor's fix-all: every fix that needs no person, and never one that
//! changes a figure of a broken relation.
//!
//! A broken relation says that some figure is wrong, not which. Recomputing its total makes the
//! table consistent and can bury a mistyped part in it (and in next year's 上年结转), so fix-all
//! changes no figure of a broken relation. Where one cell alone explains the broken relations
//! (see [`crate::check::blame`]) it says which, and how to set that cell
//! (`nianbao fix --code … --at LINE:COL`, or the quick fix in the editor). Where the evidence
//! points at no single cell it marks the candidates 待核 in a comment above the table, figures
//! untouched; the next run rewrites or removes those comments, so they always say what is
//! still open.

pub mod plan;

use crate::check::blame::{self, Evaluated};
use crate::check::relations::{self, name, Cell};
use crate::config::{Config, Lang};
use crate::finding::{Edit, Finding};
use crate::model::Report;
use crate::syntax::Block;
use crate::text::{Encoding, LineIndex};
use crate::value::format_scaled;

pub use crate::finding::apply_edits;

/// What a fix run did, and what it left for a person and why.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FixAllOutcome {
    pub text: String,
    /// What changed, as messages.
    pub applied: Vec<String>,
    /// Broken relations left as they are, each with what to do about it.
    pub held: Vec<String>,
}

/// How a 待核 comment of fix-all starts, after `<!--` and blanks.
pub const REVIEW_COMMENT: &str = "待核：";

/// Fix-all over the arithmetic: no figure changes. Each cell that alone explains broken
/// relations is named in `held` with the command that sets it; the cells of every other broken
/// relation are marked 待核 in a comment above their table.
pub fn fix_all_arithmetic(text: &str, config: &Config) -> FixAllOutcome {
    let analysis = crate::analyze(text, config);
    let report = &analysis.report;
    let lang = config.lang;
    let index = LineIndex::new(text);
    let at = |cell: Cell| {
        relations::bound(report, cell).map(|b| {
            let lc = index.line_col(text, b.range.start, Encoding::Chars);
            format!("{}:{}", lc.line + 1, lc.col + 1)
        })
    };
    let mut held = Vec::new();
    let mut marks: Vec<(usize, Vec<String>)> = Vec::new();
    for (table_no, first) in relations::first_of_spec(report).into_iter().enumerate() {
        let instances = relations::table_instances(report, table_no, first);
        let Evaluated { holding, broken } = blame::evaluate(report, &instances);
        let mut explained = vec![false; broken.len()];
        for b in blame::blame(report, &holding, &broken) {
            for &m in &b.members {
                explained[m] = true;
            }
            let cell = name(report, b.cell);
            let actual = relations::number(report, b.cell).map_or("?".into(), format_scaled);
            let value = format_scaled(b.value);
            let explained: Vec<_> = b.members.iter().map(|&m| broken[m].0).collect();
            let code = blame::code(report, b.cell, &explained);
            let place = at(b.cell).unwrap_or_default();
            held.push(say(
                lang,
                format!("{place} {cell} 为 {actual}，若为 {value} 则相关勾稽关系全部成立；是否笔误由您判断，未自动修改（改为 {value}：`nianbao fix --code {code} --at {place}`）"),
                format!("{place} {cell} is {actual}, and every relation through it holds if it is {value}; whether it is a typo is yours to decide, so it was not changed (to set it: `nianbao fix --code {code} --at {place}`)"),
            ));
        }
        let mut table_marks = Vec::new();
        for (i, (instance, actual, expected)) in broken.iter().enumerate() {
            if explained[i] {
                continue;
            }
            // Cells that a holding relation confirms are not candidates, unless all are.
            let open: Vec<Cell> = instance
                .cells()
                .filter(|c| !holding.iter().any(|h| h.contains(*c)))
                .collect();
            let candidates = if open.is_empty() {
                instance.cells().collect()
            } else {
                open
            };
            // A long sum is named by its total: the relation's statement names the parts.
            let names: Vec<String> = if candidates.len() > 6 && candidates[0] == instance.target {
                vec![say(
                    lang,
                    format!(
                        "{} 及其 {} 个分项",
                        name(report, candidates[0]),
                        candidates.len() - 1
                    ),
                    format!(
                        "{} and its {} parts",
                        name(report, candidates[0]),
                        candidates.len() - 1
                    ),
                )]
            } else {
                candidates.iter().map(|c| name(report, *c)).collect()
            };
            let relation = instance.relation(report);
            let total = relations::target_name(report, instance);
            let (actual, expected) = (format_scaled(*actual), format_scaled(*expected));
            let mark = say(
                lang,
                format!("{REVIEW_COMMENT}{total} 为 {actual}，按“{}”应为 {expected}；无法判定哪一格有误，请核对：{}", relation.statement, names.join("、")),
                format!("{REVIEW_COMMENT}{total} is {actual}, but “{}” gives {expected}; which cell is wrong cannot be told — check: {}", relation.statement, names.join(", ")),
            );
            held.push(format!(
                "{} {}",
                at(instance.target).unwrap_or_default(),
                mark.trim_start_matches(REVIEW_COMMENT)
            ));
            table_marks.push(mark);
        }
        marks.push((table_no, table_marks));
    }
    let edits = review_comments(text, report, &marks);
    let marked: usize = marks.iter().map(|(_, m)| m.len()).sum();
    let applied = if edits.is_empty() || marked == 0 {
        Vec::new()
    } else {
        vec![say(
            lang,
            format!("在表前标记 {marked} 处待核（数字未改动）"),
            format!("marked {marked} relation(s) 待核 above their tables (no figure changed)"),
        )]
    };
    FixAllOutcome {
        text: apply_edits(text, &edits),
        applied,
        held,
    }
}

/// Edits that make the 待核 comments above each table the given ones: old ones replaced.
fn review_comments(text: &str, report: &Report, marks: &[(usize, Vec<String>)]) -> Vec<Edit> {
    let mut edits = Vec::new();
    for (table_no, wanted) in marks {
        let table = &report.tables[*table_no];
        let start = table.syntax.range.start;
        // The comments directly above the table (blank lines between allowed), nearest first.
        let before: Vec<std::ops::Range<usize>> = report
            .blocks
            .iter()
            .filter(|b| b.range().start < start)
            .rev()
            .map_while(|b| match b {
                Block::Comment(r) => Some(r.clone()),
                _ => None,
            })
            .filter(|r| is_review_comment(&text[r.clone()]))
            .collect();
        let old: Vec<&str> = before
            .iter()
            .rev()
            .map(|r| comment_text(&text[r.clone()]))
            .collect();
        if old.iter().copied().eq(wanted.iter().map(String::as_str)) {
            continue;
        }
        for r in &before {
            let end = if text[r.end..].starts_with('\n') {
                r.end + 1
            } else {
                r.end
            };
            edits.push(Edit {
                range: r.start..end,
                new_text: String::new(),
            });
        }
        let new_text: String = wanted.iter().map(|m| format!("<!-- {m} -->\n")).collect();
        edits.push(Edit {
            range: start..start,
            new_text,
        });
    }
    edits
}

fn comment_text(comment: &str) -> &str {
    let inner = comment.strip_prefix("<!--").unwrap_or(comment);
    inner.strip_suffix("-->").unwrap_or(inner).trim()
}

/// Whether a comment is one of fix-all's 待核 marks.
pub fn is_review_comment(comment: &str) -> bool {
    comment_text(comment).starts_with(REVIEW_COMMENT)
}

/// What someone asks for with "recompute every total" (the editors' command; never `nianbao
/// fix` on its own): each broken total set from its parts, in dependency order. It makes the
/// table consistent even over a mistyped part, which is why it is a request, not a default.
pub fn recompute_all(text: &str, config: &Config) -> FixAllOutcome {
    let analysis = crate::analyze(text, config);
    let (edits, changes) = plan::recompute_all(text, &analysis.report);
    FixAllOutcome {
        text: apply_edits(text, &edits),
        applied: changes
            .iter()
            .map(|(cell, value)| format!("{} = {value}", name(&analysis.report, *cell)))
            .collect(),
        held: Vec::new(),
    }
}

/// `nianbao fix`: the arithmetic as [`fix_all_arithmetic`] leaves it, then every other safe fix
/// (canonical labels, lost headings). Fixes in one table may each rewrite the table, so they
/// are applied in rounds until none is left.
pub fn fix_all(text: &str, config: &Config) -> FixAllOutcome {
    let mut outcome = fix_all_arithmetic(text, config);
    for _ in 0..20 {
        let analysis = crate::analyze(&outcome.text, config);
        let fixes: Vec<&crate::finding::Fix> = analysis
            .findings
            .iter()
            .filter(|f: &&Finding| !f.is_arithmetic())
            .filter_map(|f| f.fixes.iter().find(|fix| fix.safe))
            .collect();
        let mut edits: Vec<Edit> = Vec::new();
        for fix in fixes {
            // Take a fix only if none of its edits overlaps one already taken this round.
            let overlaps = fix.edits.iter().any(|e| {
                edits
                    .iter()
                    .any(|t| e.range.start < t.range.end && t.range.start < e.range.end)
            });
            if !overlaps {
                outcome.applied.push(fix.title.clone());
                edits.extend(fix.edits.iter().cloned());
            }
        }
        if edits.is_empty() {
            break;
        }
        outcome.text = apply_edits(&outcome.text, &edits);
    }
    outcome
}

/// The finding with `code` (any code when `None`) whose range holds the place `line:col`
/// (1-based, columns in characters), for `nianbao fix --at`.
pub fn finding_at<'f>(
    text: &str,
    findings: &'f [Finding],
    code: Option<&str>,
    line: u32,
    col: u32,
) -> Option<&'f Finding> {
    let index = LineIndex::new(text);
    let pos = crate::text::LineCol {
        line: line.checked_sub(1)?,
        col: col.checked_sub(1)?,
    };
    let offset = index.offset(text, pos, Encoding::Chars);
    findings.iter().find(|f| {
        code.is_none_or(|c| f.code == c)
            && (f.range.contains(&offset) || f.range.start == offset)
            && !f.fixes.is_empty()
    })
}

fn say(lang: Lang, zh: String, en: String) -> String {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}
