//! Where a blank cell the page dropped could have stood: a run with one cell fewer digits than
//! its cells cannot be placed, but read as one cell fewer it can, with the blank at one of a
//! few columns. The row's own relations (a 总计 the sum of its parts) rule some out; the rest
//! are named in the note, so whoever fills the row in knows where to look.

use super::split;
use super::Unit;
use crate::index::Index;
use nianbao_core::check::relations::{Cell, Instance};
use nianbao_core::value::{self, Value};

/// The cells of `var` where the dropped blank could be: each place at which a blank, with the
/// digits split over the other cells, leaves every relation among the run's own cells holding.
/// Empty when the digits do not read as one cell fewer either.
pub fn candidates(unit: &Unit, var: &split::Var, instances: &[Instance]) -> Vec<Cell> {
    let n = var.cells.len();
    if n < 2 {
        return Vec::new();
    }
    let Some(readings) = split::splits(&unit.digits, n - 1, &unit.breaks) else {
        return Vec::new();
    };
    // Relations whose cells all lie in this run: the only ones a run alone can be held to.
    let own: Vec<&Instance> = instances
        .iter()
        .filter(|i| {
            var.cells.contains(&i.target) && i.terms.iter().all(|(c, _)| var.cells.contains(c))
        })
        .collect();
    (0..n)
        .filter(|&blank| {
            readings.iter().any(|reading| {
                let mut cells: Vec<Option<i64>> = reading.iter().map(|s| scaled(s)).collect();
                cells.insert(blank, None);
                own.iter().all(|i| holds(i, &var.cells, &cells))
            })
        })
        .map(|p| var.cells[p])
        .collect()
}

/// Whether `instance` holds with the run's `cells` values, the blank read as 0 where it is a
/// part (a table that leaves a cell blank means nothing was counted there); a relation whose
/// total is the blank is not checked.
fn holds(instance: &Instance, order: &[Cell], cells: &[Option<i64>]) -> bool {
    let value = |c: &Cell| order.iter().position(|o| o == c).and_then(|p| cells[p]);
    let Some(target) = value(&instance.target) else {
        return true;
    };
    let sum: i64 = instance
        .terms
        .iter()
        .map(|(c, sign)| value(c).unwrap_or(0) * sign)
        .sum();
    sum == target
}

fn scaled(s: &str) -> Option<i64> {
    match value::parse(s) {
        Value::Number(n) => Some(n.scaled),
        _ => None,
    }
}

/// The candidates in words: the column's label, with the row's where the run fills several.
pub fn named(index: &Index, unit: &Unit, cells: &[Cell]) -> String {
    let spec = index.spec(unit.table);
    let names: Vec<String> = cells
        .iter()
        .map(|c| {
            let column = &spec.columns[c.col].label;
            if unit.rows.len() > 1 {
                format!("{}·{column}", spec.rows[c.row].label)
            } else {
                column.clone()
            }
        })
        .collect();
    names.join("、")
}
