//! The explicit arithmetic fixes, planned over cell values: recompute one total, mark parts
//! 待核, or recompute every total of a table in dependency order. Each is offered as a quick fix
//! on a finding and applied only when someone asks for it; `nianbao fix` on its own changes no
//! figure of a broken relation (see [`super::fix_all_arithmetic`]).

use crate::check::figures::Figures;
use crate::check::relations::{self, Cell, Instance, Outcome};
use crate::edit::cell_edits;
use crate::fast_hash::FastMap;
use crate::finding::Edit;
use crate::model::Report;
use crate::value::{format_scaled, REVIEW_MARK};

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

/// Fix-all restricted to one table (an index into `Report::tables`).
pub fn fix_table(text: &str, report: &Report, table: usize) -> Vec<Edit> {
    let first = relations::first_of_spec(report)[table];
    fix_table_over(
        text,
        report,
        &relations::table_instances(report, table, first),
    )
}

/// [`fix_table`] given the relation instances on the table (`relations::table_instances`),
/// which the checker already has.
pub fn fix_table_over(text: &str, report: &Report, instances: &[Instance]) -> Vec<Edit> {
    plan(report, instances).edits(text, report)
}

/// Every broken total of the report recomputed in dependency order, as the editors' explicit
/// "recompute every total" command asks: the edits and the cells they set.
pub fn recompute_all(text: &str, report: &Report) -> (Vec<Edit>, Vec<(Cell, String)>) {
    let plan = plan(report, &relations::instances(report));
    (plan.edits(text, report), plan.changes)
}

/// The changes fix-all makes, decided over the cell values alone (no re-parsing).
struct Plan {
    /// New content by cell, in the order decided.
    changes: Vec<(Cell, String)>,
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

fn plan(report: &Report, instances: &[Instance]) -> Plan {
    // The figures as written, read from a grid: every round reads every instance again.
    let figures = Figures::new(report);
    let mut values: FastMap<Cell, Planned> = FastMap::default();
    let mut plan = Plan {
        changes: Vec::new(),
    };
    let mut skipped: Vec<usize> = Vec::new();
    let mut set_by: FastMap<Cell, usize> = FastMap::default();
    let number = |values: &FastMap<Cell, Planned>, cell: Cell| match values.get(&cell) {
        Some(Planned::Number(n)) => Some(*n),
        Some(Planned::Review) => None,
        None => figures.number(cell),
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
        } else if expected >= 0 && !recomputed {
            values.insert(instance.target, Planned::Number(expected));
            set_by.insert(instance.target, n);
            plan.changes
                .push((instance.target, format_scaled(expected)));
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
