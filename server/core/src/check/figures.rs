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

/// One table's figures by template row and column: what `relations::number` reads from the
/// cell `BoundTable::cell` finds there.
struct Grid {
    columns: usize,
    numbers: Vec<Option<i64>>,
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
        let grid = self.grids[cell.table].get_or_init(|| Grid::of(&self.report.tables[cell.table]));
        if cell.col >= grid.columns {
            return None;
        }
        *grid.numbers.get(cell.row * grid.columns + cell.col)?
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
        let number = |value: Value| match value {
            Value::Number(n) => Some(n.scaled),
            Value::Missing if table.blanks_are_zero => Some(0),
            _ => None,
        };
        let mut numbers = vec![None; rows * columns];
        let mut row_seen = vec![false; rows];
        for row in &table.rows {
            let Some(r) = row.spec.filter(|_| !row.duplicate) else {
                continue;
            };
            if std::mem::replace(&mut row_seen[r], true) {
                continue;
            }
            // The first cell of the row in each column counts: the cells are read from the
            // last, each overwriting what one after it wrote.
            for cell in row.cells.iter().rev() {
                let Some(c) = table
                    .columns
                    .get(cell.column)
                    .and_then(|column| column.spec)
                else {
                    continue;
                };
                if first_column[c] == Some(cell.column) {
                    numbers[r * columns + c] = number(cell.value);
                }
            }
        }
        Grid { columns, numbers }
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
            let tree = crate::syntax::parse(text, None);
            let report = &Report::build(text, crate::syntax::blocks(&tree, text), None);
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
