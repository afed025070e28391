//! Moving what a table's analysis points at by a number of bytes, so that work done on a table
//! at one offset serves the same table after an edit above it has moved it.
//!
//! Spans are absolute byte offsets everywhere in the core, so a moved table is a copy with
//! every span moved; a table that did not move is shared as it is (`Arc`). Spans counted from
//! each table's start would make moving free, but every check, fix and editor feature reads
//! them, and a keystroke moves the tables after it, about half of a report's: one copy of those
//! is what this design costs (docs/performance.md).
//!
//! Each copy is built field by field, in one pass, rather than cloned and then shifted: a field
//! added to one of these types is then a compile error here, not a span silently left behind.

use crate::finding::{Edit, Finding, Fix, Related};
use crate::model::{BoundCell, BoundColumn, BoundRow, BoundTable};
use crate::syntax::{Block, CellSyntax, Field, FrontMatter, Heading, Paragraph, RowSyntax};
use crate::syntax::{Span, TableSyntax};
use std::sync::Arc;

/// A copy with every byte offset moved by `by`.
pub(crate) trait Moved {
    fn moved(&self, by: isize) -> Self;
}

impl Moved for Span {
    fn moved(&self, by: isize) -> Span {
        self.start.wrapping_add_signed(by)..self.end.wrapping_add_signed(by)
    }
}

impl<T: Moved> Moved for Option<T> {
    fn moved(&self, by: isize) -> Option<T> {
        self.as_ref().map(|inner| inner.moved(by))
    }
}

impl<T: Moved> Moved for Vec<T> {
    fn moved(&self, by: isize) -> Vec<T> {
        self.iter().map(|item| item.moved(by)).collect()
    }
}

impl Moved for CellSyntax {
    fn moved(&self, by: isize) -> CellSyntax {
        CellSyntax {
            range: self.range.moved(by),
            content: self.content.moved(by),
        }
    }
}

impl Moved for RowSyntax {
    fn moved(&self, by: isize) -> RowSyntax {
        RowSyntax {
            range: self.range.moved(by),
            cells: self.cells.moved(by),
        }
    }
}

impl Moved for TableSyntax {
    fn moved(&self, by: isize) -> TableSyntax {
        TableSyntax {
            range: self.range.moved(by),
            header: self.header.moved(by),
            delimiter: self.delimiter.moved(by),
            rows: self.rows.moved(by),
            stray: self.stray.moved(by),
            breaks: self.breaks.moved(by),
            loose: self.loose,
        }
    }
}

impl Moved for Field {
    fn moved(&self, by: isize) -> Field {
        Field {
            range: self.range.moved(by),
            key: self.key.moved(by),
            value: self.value.moved(by),
        }
    }
}

impl Moved for Block {
    fn moved(&self, by: isize) -> Block {
        match self {
            Block::FrontMatter(b) => Block::FrontMatter(FrontMatter {
                range: b.range.moved(by),
                fields: b.fields.moved(by),
            }),
            Block::Heading(b) => Block::Heading(Heading {
                range: b.range.moved(by),
                level: b.level,
                content: b.content.moved(by),
            }),
            Block::Paragraph(b) => Block::Paragraph(Paragraph {
                range: b.range.moved(by),
                lines: b.lines.moved(by),
            }),
            Block::Table(b) => Block::Table(Arc::new(b.moved(by))),
            Block::Comment(range) => Block::Comment(range.moved(by)),
            Block::Error(range) => Block::Error(range.moved(by)),
        }
    }
}

/// `block` moved to start at `start`: itself if it starts there (a table shared, not copied),
/// else a moved copy.
pub(crate) fn moved_block(block: &Block, start: usize) -> Block {
    let by = start as isize - block.range().start as isize;
    if by == 0 {
        block.clone()
    } else {
        block.moved(by)
    }
}

impl Moved for BoundColumn {
    fn moved(&self, by: isize) -> BoundColumn {
        BoundColumn {
            cell: self.cell,
            spec: self.spec,
            spelling: self.spelling,
            label: self.label.moved(by),
        }
    }
}

impl Moved for BoundCell {
    fn moved(&self, by: isize) -> BoundCell {
        BoundCell {
            column: self.column,
            range: self.range.moved(by),
            cell: self.cell.moved(by),
            value: self.value,
        }
    }
}

impl Moved for BoundRow {
    fn moved(&self, by: isize) -> BoundRow {
        BoundRow {
            syntax: self.syntax,
            spec: self.spec,
            spelling: self.spelling,
            label: self.label.moved(by),
            cells: self.cells.moved(by),
            duplicate: self.duplicate,
            cells_lost: self.cells_lost,
        }
    }
}

/// `table` moved by `by`, over `syntax`: its syntax moved already (the block's, which it
/// shares).
pub(crate) fn moved_table(table: &BoundTable, syntax: Arc<TableSyntax>, by: isize) -> BoundTable {
    BoundTable {
        spec: table.spec,
        syntax,
        section: table.section,
        block_heading: table.block_heading.moved(by),
        columns: table.columns.moved(by),
        rows: table.rows.moved(by),
        blanks_are_zero: table.blanks_are_zero,
        one_row: table.one_row,
    }
}

impl Moved for Related {
    fn moved(&self, by: isize) -> Related {
        Related {
            range: self.range.moved(by),
            message: self.message.clone(),
        }
    }
}

impl Moved for Edit {
    fn moved(&self, by: isize) -> Edit {
        Edit {
            range: self.range.moved(by),
            new_text: self.new_text.clone(),
        }
    }
}

impl Moved for Fix {
    fn moved(&self, by: isize) -> Fix {
        Fix {
            title: self.title.clone(),
            edits: self.edits.moved(by),
            safe: self.safe,
        }
    }
}

impl Moved for Finding {
    fn moved(&self, by: isize) -> Finding {
        Finding {
            code: self.code,
            severity: self.severity,
            range: self.range.moved(by),
            message: self.message.clone(),
            related: self.related.moved(by),
            fixes: self.fixes.moved(by),
        }
    }
}

/// Whether `new` is `old` moved: the same rows, cells and stray lines at the same distances
/// from the table's start.
pub(crate) fn same_shape(old: &TableSyntax, new: &TableSyntax) -> bool {
    let by = new.range.start as isize - old.range.start as isize;
    let span = |a: &Span, b: &Span| a.moved(by) == *b;
    let opt = |a: &Option<Span>, b: &Option<Span>| a.moved(by) == *b;
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
        && old.breaks.len() == new.breaks.len()
        && old.breaks.iter().zip(&new.breaks).all(|(a, b)| span(a, b))
}
