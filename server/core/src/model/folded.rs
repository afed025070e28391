//! A table's label cells folded once, and looked up once in every template table: binding
//! scores the table against each template table by the labels it recognises, then binds it to
//! the best, and both read the same lookups.

use super::all_tables::Found;
use super::index::TemplateIndex;
use crate::normalize::key;
use crate::syntax::TableSyntax;

/// A table's cells as written and folded, header row first. Folding is most of what binding
/// costs, and binding matches every label against every template table, so each cell is folded
/// once. Cells of ASCII alone that are not labels (numbers) are not folded: they can hold neither
/// a label nor a legacy cue.
pub(super) struct FoldedCells<'t> {
    pub(super) rows: Vec<Vec<Option<(&'t str, String)>>>,
}

impl<'t> FoldedCells<'t> {
    pub(super) fn new(text: &'t str, table: &TableSyntax) -> Self {
        let rows = std::iter::once(&table.header)
            .chain(&table.rows)
            .enumerate()
            .map(|(r, row)| {
                row.cells
                    .iter()
                    .enumerate()
                    .map(|(c, cell)| {
                        let written = cell.text(text);
                        (r == 0 || c == 0 || !written.is_ascii()).then(|| (written, key(written)))
                    })
                    .collect()
            })
            .collect();
        FoldedCells { rows }
    }

    /// The header cell `cell`.
    pub(super) fn header(&self, cell: usize) -> Option<&(&'t str, String)> {
        self.rows.first()?.get(cell)?.as_ref()
    }

    /// The label of data row `row`.
    pub(super) fn row_label(&self, row: usize) -> Option<&(&'t str, String)> {
        self.rows.get(row + 1)?.first()?.as_ref()
    }
}

/// What each header cell and each row label finds in every template table.
pub(super) struct Matches {
    tables: usize,
    /// Header cell `c`'s match in table `t` at `c * tables + t` (cell 0 heads the labels and
    /// finds nothing).
    columns: Vec<Found>,
    /// Data row `r`'s label's match in table `t` at `r * tables + t`.
    rows: Vec<Found>,
}

impl Matches {
    pub(super) fn new(table: &TableSyntax, folded: &FoldedCells, idx: &TemplateIndex) -> Self {
        let tables = idx.tables.len();
        // A chunk per cell (a template without tables has none, and no empty chunks).
        let chunk = tables.max(1);
        let mut columns = vec![None; table.header.cells.len() * tables];
        for (c, found) in columns.chunks_exact_mut(chunk).enumerate().skip(1) {
            if let Some((written, k)) = folded.header(c) {
                idx.all_columns.find_keyed(written, k, found);
            }
        }
        let mut rows = vec![None; table.rows.len() * tables];
        for (r, found) in rows.chunks_exact_mut(chunk).enumerate() {
            if let Some((written, k)) = folded.row_label(r) {
                idx.all_rows.find_keyed(written, k, found);
            }
        }
        Matches {
            tables,
            columns,
            rows,
        }
    }

    /// The column of template table `t` header cell `cell` names.
    pub(super) fn column(&self, cell: usize, t: usize) -> Found {
        self.columns[cell * self.tables + t]
    }

    /// The row of template table `t` data row `row`'s label names.
    pub(super) fn row(&self, row: usize, t: usize) -> Found {
        self.rows[row * self.tables + t]
    }

    /// How many header cells, and how many row labels, template table `t` recognises.
    pub(super) fn recognised(&self, t: usize) -> (usize, usize) {
        let count = |found: &[Found]| {
            found
                .iter()
                .skip(t)
                .step_by(self.tables)
                .filter(|f| f.is_some())
                .count()
        };
        (count(&self.columns), count(&self.rows))
    }
}
