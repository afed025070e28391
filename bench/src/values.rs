//! The figures of a synthetic report: random leaves, then every total computed from the
//! template's own relations (the same data the checker reads), so a clean report balances by
//! construction whatever the template.

use crate::rng::Rng;
use nianbao_core::knowledge::template::{Over, RowRole, TableSpec, Template, ValueKind};
use nianbao_core::value::SCALE;

/// A cell by template row and column index.
pub type Cell = (usize, usize);

/// One table's figures in ten-thousandths; `None` is a blank cell (group rows, and subtotal rows
/// the author left empty).
#[derive(Debug, Clone)]
pub struct Grid {
    pub spec: &'static TableSpec,
    pub cells: Vec<Vec<Option<i64>>>,
    /// Whether the optional subtotal rows carry numbers.
    pub subtotals: bool,
}

impl Grid {
    pub fn get(&self, (row, col): Cell) -> Option<i64> {
        self.cells[row][col]
    }

    pub fn row(&self, id: &str) -> Option<usize> {
        self.spec.rows.iter().position(|r| r.id == id)
    }

    pub fn col(&self, id: &str) -> Option<usize> {
        self.spec.columns.iter().position(|c| c.id == id)
    }

    /// A value by row and column id, in whole units.
    pub fn whole(&self, row: &str, col: &str) -> Option<i64> {
        Some(self.get((self.row(row)?, self.col(col)?))? / SCALE)
    }

    /// The sum of the sub-rows of `parent` (or the row itself if it has none) in column `col`.
    pub fn family(&self, parent: &str, col: &str) -> Option<i64> {
        let c = self.col(col)?;
        let kids: Vec<usize> = (0..self.spec.rows.len())
            .filter(|&r| self.spec.rows[r].parent.as_deref() == Some(parent))
            .collect();
        let rows = if kids.is_empty() {
            vec![self.row(parent)?]
        } else {
            kids
        };
        rows.iter()
            .map(|&r| self.get((r, c)))
            .sum::<Option<i64>>()
            .map(|s| s / SCALE)
    }
}

/// `(target, terms with their sign)` for every relation instance of `spec`, as the checker
/// instantiates them.
pub fn instances(template: &Template, grid: &Grid) -> Vec<(Cell, Vec<(Cell, i64)>)> {
    let spec = grid.spec;
    let row_id = |id: &str| spec.rows.iter().position(|r| r.id == id);
    let col_id = |id: &str| spec.columns.iter().position(|c| c.id == id);
    let blank_row = |r: usize| spec.rows[r].role != RowRole::Data && !grid.subtotals;
    let mut out = Vec::new();
    for rel in template.relations.iter().filter(|r| r.table == spec.id) {
        let ids: Vec<&String> = rel.plus.iter().chain(&rel.minus).collect();
        let lookup = |id: &str| match rel.over {
            Over::Columns => row_id(id),
            Over::Rows => col_id(id),
        };
        let Some(target) = lookup(&rel.target) else {
            continue;
        };
        let Some(terms) = ids
            .iter()
            .enumerate()
            .map(|(i, id)| Some((lookup(id)?, if i < rel.plus.len() { 1 } else { -1 })))
            .collect::<Option<Vec<_>>>()
        else {
            continue;
        };
        match rel.over {
            Over::Columns => {
                if blank_row(target) {
                    continue;
                }
                for col in 0..spec.columns.len() {
                    if rel.only.is_empty() || rel.only.contains(&spec.columns[col].id) {
                        let t = terms.iter().map(|&(r, s)| ((r, col), s)).collect();
                        out.push(((target, col), t));
                    }
                }
            }
            Over::Rows => {
                for row in 0..spec.rows.len() {
                    let role = spec.rows[row].role;
                    if role == RowRole::Group || blank_row(row) {
                        continue;
                    }
                    if rel.only.is_empty() || rel.only.contains(&spec.rows[row].id) {
                        let t = terms.iter().map(|&(c, s)| ((row, c), s)).collect();
                        out.push(((row, target), t));
                    }
                }
            }
        }
    }
    out
}

/// Random figures for `spec` that satisfy every relation of `template`. `scale` is roughly the
/// largest figure a leaf takes.
pub fn fill(
    template: &Template,
    spec: &'static TableSpec,
    rng: &mut Rng,
    scale: u64,
    subtotals: bool,
) -> Grid {
    let mut grid = Grid {
        spec,
        cells: vec![vec![None; spec.columns.len()]; spec.rows.len()],
        subtotals,
    };
    let all = instances(template, &grid);
    let targets: Vec<Cell> = all.iter().map(|(t, _)| *t).collect();
    // Rows that are added in a relation that also subtracts (一、新收 and 二、上年结转 in 一+二 =
    // 三+四) start small; the balance below tops up the first of them as needed.
    let intake: Vec<usize> = template
        .relations
        .iter()
        .filter(|r| r.table == spec.id && r.over == Over::Columns && !r.minus.is_empty())
        .flat_map(|r| r.plus.iter().filter_map(|id| grid.row(id)))
        .collect();
    for (r, row) in spec.rows.iter().enumerate() {
        if row.role != RowRole::Data {
            continue;
        }
        let row_weight = 0.05 + rng.below(40) as f64 / 100.0;
        for (c, col) in spec.columns.iter().enumerate() {
            if targets.contains(&(r, c)) {
                continue;
            }
            let value = match col.kind {
                ValueKind::Amount => rng.below(scale.max(1) * SCALE as u64) as i64,
                ValueKind::SignedCount => rng.range(-5, 5) * SCALE,
                ValueKind::Count if intake.contains(&r) => rng.range(0, 3) * SCALE,
                ValueKind::Count if rng.chance(0.45) => 0,
                ValueKind::Count => {
                    let col_weight = if c == 0 { 1.0 } else { 0.15 };
                    let top = (scale as f64 * col_weight * row_weight).ceil() as u64;
                    (1 + rng.below(top.max(1))) as i64 * SCALE
                }
            };
            grid.cells[r][c] = Some(value);
        }
    }
    // Totals in the template's dependency order, repeated until nothing changes: a total that
    // would be negative tops up its first added leaf instead (the balance 一+二 = 三+四).
    for _ in 0..100 {
        let mut changed = false;
        for (target, terms) in &all {
            let mut expected: i64 = terms
                .iter()
                .map(|&(c, s)| s * grid.get(c).unwrap_or(0))
                .sum();
            if expected < 0 {
                if let Some(&(leaf, _)) =
                    terms.iter().find(|(c, s)| *s == 1 && !targets.contains(c))
                {
                    let v = grid.get(leaf).unwrap_or(0);
                    grid.cells[leaf.0][leaf.1] = Some(v - expected);
                    expected = 0;
                }
            }
            if grid.get(*target) != Some(expected) {
                grid.cells[target.0][target.1] = Some(expected);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    grid
}

#[cfg(test)]
mod tests {
    use super::*;
    use nianbao_core::knowledge::Knowledge;

    #[test]
    fn every_relation_holds_and_nothing_is_negative() {
        for id in ["2021", "2019"] {
            let template = Knowledge::get().template(id).expect("bundled template");
            let mut rng = Rng::new(3);
            for spec in &template.tables {
                for subtotals in [false, true] {
                    let grid = fill(template, spec, &mut rng, 500, subtotals);
                    for (target, terms) in instances(template, &grid) {
                        let sum: i64 = terms.iter().map(|&(c, s)| s * grid.get(c).unwrap()).sum();
                        assert_eq!(grid.get(target), Some(sum), "{id} {}", spec.id);
                    }
                    for (r, row) in spec.rows.iter().enumerate() {
                        for (c, col) in spec.columns.iter().enumerate() {
                            if col.kind != ValueKind::SignedCount {
                                assert!(
                                    grid.get((r, c)).unwrap_or(0) >= 0,
                                    "{} {}",
                                    row.id,
                                    col.id
                                );
                            }
                        }
                    }
                }
            }
        }
    }
}
