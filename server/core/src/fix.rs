//! Applying fixes: text edits, cell rewrites that keep a table aligned, and fix-all, which
//! recomputes every broken total in dependency order without destroying a figure.

use crate::check::relations::{self, Cell, Instance, Outcome};
use crate::config::Config;
use crate::finding::{Edit, Finding};
use crate::model::Report;
use crate::syntax::{Span, TableSyntax};
use crate::text::{display_width, LineIndex};
use crate::value::{format_scaled, REVIEW_MARK};
use std::collections::HashMap;

/// Applies non-overlapping edits (in any order) to `text`. Overlapping edits after the first
/// are skipped, so the result is always well-formed.
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in sorted {
        if edit.range.start < at || edit.range.end > text.len() || edit.range.start > edit.range.end
        {
            continue;
        }
        out.push_str(&text[at..edit.range.start]);
        out.push_str(&edit.new_text);
        at = edit.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Edits that give cells new content, keeping their table aligned: in place when the new
/// content fits the cell's width, else by rewriting the whole table.
pub fn cell_edits(
    text: &str,
    report: &Report,
    table: usize,
    changes: &[(Cell, String)],
) -> Vec<Edit> {
    let cells: Vec<(Span, Span, String)> = changes
        .iter()
        .filter_map(|(cell, content)| {
            let bound = relations::bound(report, *cell)?;
            Some((bound.cell.clone(), bound.range.clone(), content.clone()))
        })
        .collect();
    rewrite_cells(text, &report.tables[table].syntax, &cells)
}

/// Gives cells of `table` new content: `(whole cell, content or gap, new content)`. In place
/// when everything fits, else one edit that rewrites the table aligned.
pub fn rewrite_cells(text: &str, table: &TableSyntax, cells: &[(Span, Span, String)]) -> Vec<Edit> {
    let in_place: Vec<Option<Edit>> = cells
        .iter()
        .map(|(cell, content, new)| fit(text, cell, content, new))
        .collect();
    if in_place.iter().all(Option::is_some) {
        return in_place.into_iter().flatten().collect();
    }
    let replace: HashMap<Span, String> = cells
        .iter()
        .map(|(cell, _, new)| (cell.clone(), new.clone()))
        .collect();
    let index = LineIndex::new(text);
    match crate::format::table_edit(text, &index, table, &replace) {
        Some(edit) => vec![edit],
        // The table cannot be rewritten safely: change the content alone, alignment aside.
        None => cells
            .iter()
            .map(|(_, content, new)| Edit {
                range: content.clone(),
                new_text: new.clone(),
            })
            .collect(),
    }
}

/// Rewrites one cell in place keeping its display width, or `None` if the content is too wide.
fn fit(
    text: &str,
    cell: &std::ops::Range<usize>,
    content_range: &std::ops::Range<usize>,
    content: &str,
) -> Option<Edit> {
    let whole = &text[cell.clone()];
    let width = display_width(whole);
    let (lead, trail) = if content_range.start >= cell.start
        && content_range.end <= cell.end
        && content_range != cell
    {
        (
            display_width(&text[cell.start..content_range.start]),
            display_width(&text[content_range.end..cell.end]),
        )
    } else {
        (1, width.saturating_sub(1))
    };
    let room = width.checked_sub(display_width(content))?;
    let (left, right) = if lead > trail {
        (room.checked_sub(trail.max(1))?, trail.max(1))
    } else {
        (lead.max(1), room.checked_sub(lead.max(1))?)
    };
    if left == 0 || right == 0 {
        return None;
    }
    Some(Edit {
        range: cell.clone(),
        new_text: format!("{}{content}{}", " ".repeat(left), " ".repeat(right)),
    })
}

/// The edits that make `instance` hold by recomputing its target, if a non-negative value does.
pub fn recompute(
    text: &str,
    report: &Report,
    instance: &Instance,
    expected: i64,
) -> Option<Vec<Edit>> {
    (expected >= 0).then(|| {
        cell_edits(
            text,
            report,
            instance.target.table,
            &[(instance.target, format_scaled(expected))],
        )
    })
}

/// The edits that mark the instance's zero terms 待核, keeping a non-zero target.
pub fn mark_for_review(text: &str, report: &Report, instance: &Instance) -> Vec<Edit> {
    let changes: Vec<(Cell, String)> = instance
        .terms
        .iter()
        .filter(|(c, _)| relations::number(report, *c) == Some(0))
        .map(|(c, _)| (*c, REVIEW_MARK.to_string()))
        .collect();
    cell_edits(text, report, instance.target.table, &changes)
}

/// Whether recomputing would overwrite a non-zero figure with a value made only of zeros — the
/// seed-002 pattern, where the subtotal most likely holds the true figure.
pub fn would_destroy(report: &Report, instance: &Instance) -> bool {
    relations::number(report, instance.target).is_some_and(|t| t != 0)
        && instance
            .terms
            .iter()
            .all(|(c, _)| relations::number(report, *c) == Some(0))
}

/// What fix-all did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FixAllOutcome {
    pub text: String,
    /// Totals recomputed and cells marked for review, as messages.
    pub applied: Vec<String>,
}

/// Recomputes every broken total in dependency order (a total whose inputs are themselves
/// broken waits for them). A non-zero total whose inputs are all zero is kept and its inputs
/// marked 待核. Returns the new text; the arithmetic findings left, if any, need a person.
pub fn fix_all_arithmetic(text: &str, config: &Config) -> FixAllOutcome {
    let analysis = crate::analyze(text, config);
    let plan = plan(&analysis.report, None);
    FixAllOutcome {
        text: apply_edits(text, &plan.edits(text, &analysis.report)),
        applied: plan.applied,
    }
}

/// Fix-all restricted to one table (an index into `Report::tables`).
pub fn fix_table(text: &str, report: &Report, table: usize) -> Vec<Edit> {
    plan(report, Some(table)).edits(text, report)
}

/// The changes fix-all makes, decided over the cell values alone (no re-parsing).
struct Plan {
    /// New content by cell, in the order decided.
    changes: Vec<(Cell, String)>,
    applied: Vec<String>,
}

impl Plan {
    fn edits(&self, text: &str, report: &Report) -> Vec<Edit> {
        let mut tables: Vec<usize> = self.changes.iter().map(|(c, _)| c.table).collect();
        tables.sort_unstable();
        tables.dedup();
        tables
            .into_iter()
            .flat_map(|t| {
                let changes: Vec<(Cell, String)> = self
                    .changes
                    .iter()
                    .filter(|(c, _)| c.table == t)
                    .cloned()
                    .collect();
                cell_edits(text, report, t, &changes)
            })
            .collect()
    }
}

/// What a cell holds while fix-all works: a number, or marked for review.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Planned {
    Number(i64),
    Review,
}

fn plan(report: &Report, only_table: Option<usize>) -> Plan {
    let instances: Vec<Instance> = relations::instances(report)
        .into_iter()
        .filter(|i| only_table.is_none_or(|t| i.target.table == t))
        .collect();
    let mut values: HashMap<Cell, Planned> = HashMap::new();
    let mut plan = Plan {
        changes: Vec::new(),
        applied: Vec::new(),
    };
    let mut skipped: Vec<usize> = Vec::new();
    let mut set_by: HashMap<Cell, usize> = HashMap::new();
    let number = |values: &HashMap<Cell, Planned>, cell: Cell| match values.get(&cell) {
        Some(Planned::Number(n)) => Some(*n),
        Some(Planned::Review) => None,
        None => relations::number(report, cell),
    };
    // Every round settles one relation for good (its target now fits, or its parts are marked,
    // or it is skipped), so the rounds are bounded by the relations' count.
    for _ in 0..=instances.len() {
        let broken: Vec<(usize, i64)> = instances
            .iter()
            .enumerate()
            .filter(|(n, _)| !skipped.contains(n))
            .filter_map(
                |(n, i)| match relations::evaluate_with(i, |c| number(&values, c)) {
                    Outcome::Broken { expected, .. } => Some((n, expected)),
                    _ => None,
                },
            )
            .collect();
        // Relations come in dependency order (the template lists them so); within that, a total
        // whose inputs are themselves broken waits for them.
        let ready = broken.iter().find(|(n, _)| {
            !instances[*n]
                .terms
                .iter()
                .any(|(c, _)| broken.iter().any(|(b, _)| instances[*b].target == *c))
        });
        let Some(&(n, expected)) = ready.or(broken.first()) else {
            break;
        };
        let instance = &instances[n];
        let name = crate::check::arithmetic::target_name(report, instance);
        let target = number(&values, instance.target);
        let parts_all_zero = instance
            .terms
            .iter()
            .all(|(c, _)| number(&values, *c) == Some(0));
        // A cell another relation has already recomputed is not changed again: two relations
        // that want one total at different values (possible once parts are marked 待核) would
        // otherwise flip it back and forth. Their disagreement is left for a person.
        let recomputed = set_by.get(&instance.target).is_some_and(|&by| by != n);
        if target.is_some_and(|t| t != 0) && parts_all_zero {
            // The seed-002 pattern: keep the non-zero total, mark its placeholder parts.
            for (cell, _) in &instance.terms {
                values.insert(*cell, Planned::Review);
                plan.changes.push((*cell, REVIEW_MARK.to_string()));
            }
            plan.applied.push(format!("{name}: {REVIEW_MARK}"));
        } else if expected >= 0 && !recomputed {
            values.insert(instance.target, Planned::Number(expected));
            set_by.insert(instance.target, n);
            plan.changes
                .push((instance.target, format_scaled(expected)));
            plan.applied
                .push(format!("{name} = {}", format_scaled(expected)));
        } else {
            skipped.push(n);
        }
    }
    // A cell changed twice keeps its last value.
    let mut seen = std::collections::HashSet::new();
    plan.changes.reverse();
    plan.changes.retain(|(c, _)| seen.insert(*c));
    plan.changes.reverse();
    plan
}

/// `nianbao fix`: fix-all, then every other safe fix (canonical labels, lost headings). Fixes in
/// one table may each rewrite the table, so they are applied in rounds until none is left.
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
