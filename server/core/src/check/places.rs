//! Where a bound table has each template row and column: what `BoundTable::row` and
//! `BoundTable::column` find, laid out in one pass over the table's rows and columns. A table's
//! relations ask for each of its rows several times, and each search goes through its rows.

use crate::model::{BoundRow, BoundTable};

pub(crate) struct Places<'t> {
    /// By template row: the first row bound to it that is not a duplicate.
    rows: Vec<Option<&'t BoundRow>>,
    /// By template column: the index into `BoundTable::columns` of the first column bound to it.
    columns: Vec<Option<usize>>,
}

impl<'t> Places<'t> {
    pub fn of(table: &'t BoundTable) -> Places<'t> {
        let size = |specs: &mut dyn Iterator<Item = usize>| specs.max().map_or(0, |s| s + 1);
        let mut rows = vec![None; size(&mut table.rows.iter().filter_map(|r| r.spec))];
        for row in table.rows.iter().filter(|r| !r.duplicate) {
            if let Some(r) = row.spec {
                rows[r].get_or_insert(row);
            }
        }
        let mut columns = vec![None; size(&mut table.columns.iter().filter_map(|c| c.spec))];
        for (i, column) in table.columns.iter().enumerate() {
            if let Some(c) = column.spec {
                columns[c].get_or_insert(i);
            }
        }
        Places { rows, columns }
    }

    /// `BoundTable::row`.
    pub fn row(&self, r: usize) -> Option<&'t BoundRow> {
        self.rows.get(r).copied().flatten()
    }

    /// Whether `BoundTable::column` finds template column `c`.
    pub fn has_column(&self, c: usize) -> bool {
        self.columns.get(c).is_some_and(Option::is_some)
    }
}
