//! Moving what a table's analysis points at by a number of bytes, so that work done on a table
//! at one offset serves the same table after an edit above it has moved it.

use crate::finding::Finding;
use crate::model::{Binding, BoundTable};
use crate::syntax::{CellSyntax, RowSyntax, Span, TableSyntax};

pub(crate) trait Shift {
    fn shift(&mut self, by: isize);
}

impl Shift for Span {
    fn shift(&mut self, by: isize) {
        self.start = self.start.wrapping_add_signed(by);
        self.end = self.end.wrapping_add_signed(by);
    }
}

impl<T: Shift> Shift for Option<T> {
    fn shift(&mut self, by: isize) {
        if let Some(inner) = self {
            inner.shift(by);
        }
    }
}

impl<T: Shift> Shift for Vec<T> {
    fn shift(&mut self, by: isize) {
        for item in self {
            item.shift(by);
        }
    }
}

impl Shift for CellSyntax {
    fn shift(&mut self, by: isize) {
        self.range.shift(by);
        self.content.shift(by);
    }
}

impl Shift for RowSyntax {
    fn shift(&mut self, by: isize) {
        self.range.shift(by);
        self.cells.shift(by);
    }
}

impl Shift for TableSyntax {
    fn shift(&mut self, by: isize) {
        self.range.shift(by);
        self.header.shift(by);
        self.delimiter.shift(by);
        self.rows.shift(by);
        self.stray.shift(by);
    }
}

impl Shift for BoundTable {
    fn shift(&mut self, by: isize) {
        self.syntax.shift(by);
        self.block_heading.shift(by);
        for column in &mut self.columns {
            column.label.shift(by);
        }
        for row in &mut self.rows {
            row.label.shift(by);
            for cell in &mut row.cells {
                cell.range.shift(by);
                cell.cell.shift(by);
            }
        }
    }
}

impl Shift for Binding {
    fn shift(&mut self, by: isize) {
        self.table.shift(by);
        self.legacy.shift(by);
    }
}

/// Whether `new` is `old` moved: the same rows, cells and stray lines at the same distances
/// from the table's start.
pub(crate) fn same_shape(old: &TableSyntax, new: &TableSyntax) -> bool {
    let by = new.range.start as isize - old.range.start as isize;
    let span = |a: &Span, b: &Span| {
        a.start.wrapping_add_signed(by) == b.start && a.end.wrapping_add_signed(by) == b.end
    };
    let opt = |a: &Option<Span>, b: &Option<Span>| match (a, b) {
        (Some(a), Some(b)) => span(a, b),
        (None, None) => true,
        _ => false,
    };
    let row = |a: &RowSyntax, b: &RowSyntax| {
        span(&a.range, &b.range)
            && a.cells.len() == b.cells.len()
            && a.cells
                .iter()
                .zip(&b.cells)
                .all(|(x, y)| span(&x.range, &y.range) && opt(&x.content, &y.content))
    };
    span(&old.range, &new.range)
        && row(&old.header, &new.header)
        && opt(&old.delimiter, &new.delimiter)
        && old.rows.len() == new.rows.len()
        && old.rows.iter().zip(&new.rows).all(|(a, b)| row(a, b))
        && old.stray.len() == new.stray.len()
        && old.stray.iter().zip(&new.stray).all(|(a, b)| span(a, b))
}

impl Shift for Finding {
    fn shift(&mut self, by: isize) {
        self.range.shift(by);
        for related in &mut self.related {
            related.range.shift(by);
        }
        for fix in &mut self.fixes {
            for edit in &mut fix.edits {
                edit.range.shift(by);
            }
        }
    }
}
