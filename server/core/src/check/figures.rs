//! The figures of a report's tables by template row and column, read once per table. A table's
//! relations read each of its cells several times, and finding a cell by row and column
//! (`BoundTable::cell`) searches the table's rows, its columns and the row's cells.

use super::relations::Cell;
use crate::model::{BoundTable, Report};
use crate::value::Value;
use std::cell::OnceCell;

/// [`relations::number`](super::relations::number) for every cell, each table laid out as a
/// grid when first asked about.
pub struct Figures<'r> {
    report: &'r Report,
    grids: Vec<OnceCell<Grid>>,
}

/// One table's values by template row and column: what `BoundTable::cell` finds there.
struct Grid {
    columns: usize,
    values: Vec<Option<Value>>,
}

impl<'r> Figures<'r> {
    pub fn new(report: &'r Report) -> Self {
        Figures {
            report,
            grids: (0..report.tables.len()).map(|_| OnceCell::new()).collect(),
        }
    }

    /// The cell's figure: its number, or 0 for a blank in a table whose blanks are its zeros.
    pub fn number(&self, cell: Cell) -> Option<i64> {
        let table = &self.report.tables[cell.table];
        let grid = self.grids[cell.table].get_or_init(|| Grid::of(table));
        if cell.col >= grid.columns {
            return None;
        }
        match grid
            .values
            .get(cell.row * grid.columns + cell.col)?
            .as_ref()?
        {
            Value::Number(n) => Some(n.scaled),
            Value::Missing if table.blanks_are_zero => Some(0),
            _ => None,
        }
    }
}

impl Grid {
    /// As `BoundTable::cell` reads it: the first row of a template row that is not a duplicate,
    /// the first column of a template column, the first cell of the row in that column.
    fn of(table: &BoundTable) -> Grid {
        let columns = table
            .columns
            .iter()
            .filter_map(|c| c.spec)
            .max()
            .map_or(0, |c| c + 1);
        let rows = table
            .rows
            .iter()
            .filter_map(|r| r.spec)
            .max()
            .map_or(0, |r| r + 1);
        // The first column bound to each template column.
        let mut first_column = vec![None; columns];
        for (i, column) in table.columns.iter().enumerate() {
            if let Some(c) = column.spec {
                first_column[c].get_or_insert(i);
            }
        }
        let mut values = vec![None; rows * columns];
        let mut row_seen = vec![false; rows];
        for row in &table.rows {
            let Some(r) = row.spec.filter(|_| !row.duplicate) else {
                continue;
            };
            if std::mem::replace(&mut row_seen[r], true) {
                continue;
            }
            for (c, first) in first_column.iter().enumerate() {
                let Some(first) = *first else { continue };
                values[r * columns + c] = row
                    .cells
                    .iter()
                    .find(|cell| cell.column == first)
                    .map(|cell| cell.value);
            }
        }
        Grid { columns, values }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::relations;

    /// Every cell of every table of the examples, and cells past their edges: the grid reads
    /// what `relations::number` reads.
    #[test]
    fn reads_what_relations_number_reads() {
        let examples = [
            include_str!("../../../../examples/clean-2024.nianbao"),
            include_str!("../../../../examples/seed-000-luquan.nianbao"),
            include_str!("../../../../examples/seed-001-haimen.nianbao"),
            include_str!("../../../../examples/seed-002-fengquan.nianbao"),
            include_str!("../../../../examples/seed-003-panzhihua.nianbao"),
            include_str!("../../../../examples/seed-004-qinzhou.nianbao"),
        ];
        let mut numbers = 0;
        for text in examples {
            let analysis = crate::analyze(text, &crate::Config::default());
            let report = &analysis.report;
            let figures = Figures::new(report);
            for (t, table) in report.tables.iter().enumerate() {
                let Some(spec) = report.table_spec(table) else {
                    continue;
                };
                for row in 0..spec.rows.len() + 2 {
                    for col in 0..spec.columns.len() + 2 {
                        let cell = Cell { table: t, row, col };
                        let expected = relations::number(report, cell);
                        assert_eq!(figures.number(cell), expected, "{cell:?}");
                        numbers += usize::from(expected.is_some());
                    }
                }
            }
        }
        assert!(numbers > 500, "{numbers}");
    }
}
