//! Which cell a set of broken relations points at. When one cell alone explains two or more
//! broken relations — each holds if that cell alone changes, it takes part in no relation that
//! holds, and no other cell explains the same set — the error is most likely in that cell. The
//! checker reports on it, and fix-all leaves every cell of those relations alone: a total
//! recomputed from a mistyped part would bury the typo.

use super::figures::Figures;
use super::relations::{self, Cell, Instance, Outcome};
use crate::model::Report;
use std::collections::BTreeMap;

/// The relation instances of a table, evaluated.
pub struct Evaluated<'i> {
    pub holding: Vec<&'i Instance>,
    /// `(instance, actual, expected)`.
    pub broken: Vec<(&'i Instance, i64, i64)>,
}

pub fn evaluate<'i>(report: &Report, instances: &'i [Instance]) -> Evaluated<'i> {
    let mut holding = Vec::new();
    let mut broken = Vec::new();
    let figures = Figures::new(report);
    for instance in instances {
        match relations::evaluate_reading(report, instance, |cell| figures.number(cell)) {
            Outcome::Holds { .. } => holding.push(instance),
            Outcome::Broken { actual, expected } => broken.push((instance, actual, expected)),
            Outcome::Unevaluable => {}
        }
    }
    Evaluated { holding, broken }
}

/// A cell that alone explains the broken relations `members` (indices into `broken`): all of
/// them hold if it is `value`.
pub struct Blamed {
    pub cell: Cell,
    pub members: Vec<usize>,
    pub value: i64,
}

/// Cells that alone explain two or more broken relations, each with the relations it explains.
pub fn blame(
    report: &Report,
    holding: &[&Instance],
    broken: &[(&Instance, i64, i64)],
) -> Vec<Blamed> {
    let mut candidates: BTreeMap<Cell, Vec<usize>> = BTreeMap::new();
    for (i, (instance, _, _)) in broken.iter().enumerate() {
        for cell in instance.cells() {
            candidates.entry(cell).or_default().push(i);
        }
    }
    let mut found: Vec<(Cell, Vec<usize>, i64)> = Vec::new();
    for (cell, members) in candidates {
        if members.len() < 2 || holding.iter().any(|h| h.contains(cell)) {
            continue;
        }
        let values: Vec<Option<i64>> = members
            .iter()
            .map(|&m| relations::solve_for(report, broken[m].0, cell))
            .collect();
        let Some(Some(value)) = values.first().copied() else {
            continue;
        };
        if value >= 0 && values.iter().all(|v| *v == Some(value)) {
            found.push((cell, members, value));
        }
    }
    // Ambiguous (another cell explains the same relations) or overlapping explanations: keep only
    // explanations that are unique and disjoint, largest first.
    found.sort_by_key(|(_, members, _)| std::cmp::Reverse(members.len()));
    let mut kept: Vec<(Cell, Vec<usize>, i64)> = Vec::new();
    for (i, (cell, members, value)) in found.iter().enumerate() {
        let ambiguous = found
            .iter()
            .enumerate()
            .any(|(j, (_, other, _))| j != i && other == members);
        let overlaps = kept
            .iter()
            .any(|(_, k, _)| k.iter().any(|m| members.contains(m)));
        if !ambiguous && !overlaps {
            kept.push((*cell, members.clone(), *value));
        }
    }
    kept.into_iter()
        .map(|(cell, members, value)| Blamed {
            cell,
            members,
            value,
        })
        .collect()
}

/// The code a blamed cell is reported under: that of the relation whose total it is, else of
/// the first relation it explains.
pub fn code(report: &Report, cell: Cell, explained: &[&Instance]) -> &'static str {
    let relation = explained
        .iter()
        .find(|i| i.target == cell)
        .or(explained.first())
        .map(|i| i.relation(report));
    relation.map_or("NB100", |r| {
        crate::knowledge::Knowledge::get()
            .rule(&r.code)
            .map_or("NB100", |rule| rule.code.as_str())
    })
}
