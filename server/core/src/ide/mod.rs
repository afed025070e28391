//! Editor features as pure functions of a checked document: what lies at a byte offset, hover
//! text, outline, folds, highlighting, inlay hints, completion, references and minimal edits.
//! They speak byte offsets and core types; the language server converts them to LSP.

pub mod completion;
pub mod diff;
pub mod folding;
pub mod hover;
pub mod inlay_hints;
pub mod references;
pub mod semantic_tokens;
pub mod symbols;

use crate::check::relations::Cell;
use crate::model::{BoundCell, BoundRow, Report};
use crate::syntax::Span;

/// What a byte offset points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target<'a> {
    /// A section heading's text; the index into `Report::sections`.
    Section(usize),
    /// A `第二十条第（X）项` heading; the index into `Report::tables` of the table it opens.
    Block(usize),
    /// A column label; the table and the index into its `columns`.
    Column(usize, usize),
    /// A row label; the table and the row.
    Row(usize, &'a BoundRow),
    /// A value cell; `at` is its template position when its row and column are recognised.
    Value {
        table: usize,
        row: &'a BoundRow,
        cell: &'a BoundCell,
        at: Option<Cell>,
    },
}

/// Whether `offset` touches `span`; a cursor just after a word still points at it.
pub(crate) fn touches(span: &Span, offset: usize) -> bool {
    span.start <= offset && offset <= span.end
}

/// The thing at `offset`, if it is one the features know.
pub fn target_at(report: &Report, offset: usize) -> Option<Target<'_>> {
    if let Some(i) = report
        .sections
        .iter()
        .position(|s| touches(&s.label, offset))
    {
        return Some(Target::Section(i));
    }
    for (t, table) in report.tables.iter().enumerate() {
        if table
            .block_heading
            .as_ref()
            .is_some_and(|b| touches(b, offset))
        {
            return Some(Target::Block(t));
        }
        if !(table.syntax.range.start <= offset && offset <= table.syntax.range.end) {
            continue;
        }
        if let Some(c) = table.columns.iter().position(|c| {
            table
                .syntax
                .header
                .cells
                .get(c.cell)
                .is_some_and(|cell| touches(&cell.range, offset))
        }) {
            return Some(Target::Column(t, c));
        }
        for row in &table.rows {
            let syntax = &table.syntax.rows[row.syntax];
            if !touches(&syntax.range, offset) {
                continue;
            }
            if !table.one_row
                && syntax
                    .cells
                    .first()
                    .is_some_and(|c| touches(&c.range, offset))
            {
                return Some(Target::Row(t, row));
            }
            // A row printed with others in one line (table 四's printed form) holds only some
            // of the line's cells.
            let Some(cell) = row.cells.iter().find(|c| touches(&c.cell, offset)) else {
                continue;
            };
            return Some(Target::Value {
                table: t,
                row,
                cell,
                at: cell_of(report, t, row, cell),
            });
        }
    }
    None
}

/// The template position of a bound cell (its first occurrence only: duplicates are not checked).
pub fn cell_of(report: &Report, table: usize, row: &BoundRow, cell: &BoundCell) -> Option<Cell> {
    let col = report.tables[table].columns.get(cell.column)?.spec?;
    let at = Cell {
        table,
        row: row.spec?,
        col,
    };
    (!row.duplicate).then_some(at)
}

/// `span` without trailing whitespace, for ranges that should end at the last visible character.
pub(crate) fn trim_end(text: &str, span: Span) -> Span {
    let end = span.start + text[span.clone()].trim_end().len();
    span.start..end
}

/// Picks the message in the language asked for.
pub(crate) fn say(lang: crate::Lang, zh: impl Into<String>, en: impl Into<String>) -> String {
    match lang {
        crate::Lang::Zh => zh.into(),
        crate::Lang::En => en.into(),
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    /// An example report from `examples/`.
    pub fn example(name: &str) -> String {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../examples")
            .join(name);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// The byte offset of the `nth` occurrence of `needle` plus `delta`.
    pub fn at(text: &str, needle: &str, nth: usize, delta: usize) -> usize {
        text.match_indices(needle)
            .nth(nth)
            .unwrap_or_else(|| panic!("{needle:?} #{nth} not in text"))
            .0
            + delta
    }
}
