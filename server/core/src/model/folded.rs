//! A table's label cells folded once, and looked up once in every template table: binding
//! scores the table against each template table by the labels it recognises, then binds it to
//! the best, and both read the same lookups.

use super::all_tables::Found;
use super::index::index;
use super::recognised::with_labels;
use crate::syntax::TableSyntax;
use std::ops::Range;

/// A table's cells as written and folded, header row first, and what its header cells and row
/// labels find in every template table. Binding matches every label against every template
/// table, so each cell is folded and looked up once, into one buffer. Cells of ASCII alone that
/// are not labels (numbers) are not folded: they can hold neither a label nor a legacy cue.
pub(super) struct FoldedCells<'t> {
    /// Every folded key, in the table's order, each followed by a line break (which no key
    /// holds, so that a search of the whole buffer finds what a search of each key finds).
    pub(super) keys: String,
    /// Every cell, row after row: as written, and the range of its key in `keys`.
    cells: Vec<Option<(&'t str, Range<usize>)>>,
    /// Where each row's cells start in `cells`, and where the last row's end.
    row_starts: Vec<usize>,
    /// How many tables the template has.
    tables: usize,
    /// Header cell `c`'s match in table `t` at `c * tables + t` (cell 0 heads the labels and
    /// finds nothing).
    columns: Vec<Found>,
    /// Data row `r`'s label's match in table `t` at `r * tables + t`.
    rows: Vec<Found>,
}

impl<'t> FoldedCells<'t> {
    pub(super) fn new(text: &'t str, table: &TableSyntax, template_no: usize) -> Self {
        let tables = index(template_no).tables.len();
        // Sized once: the keys are at most about as long as the table's text.
        let cells =
            table.header.cells.len() + table.rows.iter().map(|r| r.cells.len()).sum::<usize>();
        let mut folded = FoldedCells {
            keys: String::with_capacity(table.range.len()),
            cells: Vec::with_capacity(cells),
            row_starts: Vec::with_capacity(table.rows.len() + 2),
            tables,
            columns: vec![None; table.header.cells.len() * tables],
            rows: vec![None; table.rows.len() * tables],
        };
        folded.row_starts.push(0);
        with_labels(template_no, |labels| {
            for (r, row) in std::iter::once(&table.header)
                .chain(&table.rows)
                .enumerate()
            {
                for (c, cell) in row.cells.iter().enumerate() {
                    let written = cell.text(text);
                    if !(r == 0 || c == 0 || !written.is_ascii()) {
                        folded.cells.push(None);
                        continue;
                    }
                    labels.recognise(written, |recognised| {
                        let start = folded.keys.len();
                        folded.keys.push_str(&recognised.key);
                        folded.cells.push(Some((written, start..folded.keys.len())));
                        folded.keys.push('\n');
                        let (found, at, matched) = match (r, c) {
                            (0, 0) => return, // the heading of the labels' column
                            (0, c) => (&mut folded.columns, c, &recognised.columns),
                            (r, 0) => (&mut folded.rows, r - 1, &recognised.rows),
                            _ => return, // a figure's cell: its key only, for the legacy cues
                        };
                        found[at * tables..(at + 1) * tables].copy_from_slice(matched);
                    });
                }
                folded.row_starts.push(folded.cells.len());
            }
        });
        folded
    }

    /// Cell `cell` of row `row` (the header is row 0), if folded.
    pub(super) fn cell(&self, row: usize, cell: usize) -> Option<(&'t str, &str)> {
        let (start, end) = (*self.row_starts.get(row)?, *self.row_starts.get(row + 1)?);
        let (written, key) = self.cells[start..end].get(cell)?.as_ref()?;
        Some((written, &self.keys[key.clone()]))
    }

    /// The header cell `cell`.
    pub(super) fn header(&self, cell: usize) -> Option<(&'t str, &str)> {
        self.cell(0, cell)
    }

    /// The label of data row `row`.
    pub(super) fn row_label(&self, row: usize) -> Option<(&'t str, &str)> {
        self.cell(row + 1, 0)
    }

    /// The row and cell whose key holds byte `at` of `keys`.
    pub(super) fn cell_at(&self, at: usize) -> Option<(usize, usize)> {
        let i = self
            .cells
            .iter()
            .position(|c| c.as_ref().is_some_and(|(_, key)| key.contains(&at)))?;
        let row = self.row_starts.partition_point(|&start| start <= i) - 1;
        Some((row, i - self.row_starts[row]))
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
