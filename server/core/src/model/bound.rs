//! The model's parts: a section found, and a table bound to its template table, row by row and
//! cell by cell.

use super::labels::Spelling;
use crate::syntax::{Span, TableSyntax};
use crate::value::Value;
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionHit {
    /// Index into `Template::sections`.
    pub spec: usize,
    /// The heading block's range and its text's range.
    pub heading: Span,
    pub label: Span,
    pub spelling: Spelling,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoundColumn {
    /// Index into the header's cells.
    pub cell: usize,
    pub spec: Option<usize>,
    pub spelling: Spelling,
    pub label: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoundCell {
    /// Index into `BoundTable::columns`.
    pub column: usize,
    /// The content (or, when empty, the gap between the pipes).
    pub range: Span,
    /// The whole cell between its pipes, spaces included.
    pub cell: Span,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoundRow {
    /// Index into `TableSyntax::rows`.
    pub syntax: usize,
    pub spec: Option<usize>,
    pub spelling: Spelling,
    pub label: Span,
    pub cells: Vec<BoundCell>,
    /// A later row with the same template row (the first one counts).
    pub duplicate: bool,
    /// A converter lost some of the row's cells: which column each value it kept belongs to
    /// cannot be told, so `cells` is empty (`converted::cells_lost`).
    pub cells_lost: bool,
}

impl BoundRow {
    /// Whether any value cell holds something other than a blank (a group row with numbers is a
    /// subtotal row).
    pub fn has_values(&self) -> bool {
        self.cells.iter().any(|c| c.value != Value::Missing)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoundTable {
    /// Index into `Template::tables`; `None` when the table was not recognised.
    pub spec: Option<usize>,
    /// The table's block's syntax, shared.
    pub syntax: Arc<TableSyntax>,
    /// Index into `Report::sections` of the section the table stands in.
    pub section: Option<usize>,
    /// The `第二十条第（X）项` heading above it, if any.
    pub block_heading: Option<Span>,
    pub columns: Vec<BoundColumn>,
    pub rows: Vec<BoundRow>,
    /// The table prints no 0 at all and leaves cells of its data rows blank: its blanks are its
    /// zeros (a report's own convention), and relations read them so.
    pub blanks_are_zero: bool,
    /// The template's rows are printed side by side in one row (the official layout of table
    /// 四) and were read by the template's order.
    pub one_row: bool,
}

/// A cell found by template row and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellAt<'a> {
    pub row: &'a BoundRow,
    pub cell: &'a BoundCell,
}

impl BoundTable {
    /// The first row bound to template row `row`.
    pub fn row(&self, row: usize) -> Option<&BoundRow> {
        self.rows
            .iter()
            .find(|r| r.spec == Some(row) && !r.duplicate)
    }

    /// Index into `columns` of the first column bound to template column `col`.
    pub fn column(&self, col: usize) -> Option<usize> {
        self.columns.iter().position(|c| c.spec == Some(col))
    }

    pub fn cell(&self, row: usize, col: usize) -> Option<CellAt<'_>> {
        let row = self.row(row)?;
        let column = self.column(col)?;
        let cell = row.cells.iter().find(|c| c.column == column)?;
        Some(CellAt { row, cell })
    }
}
