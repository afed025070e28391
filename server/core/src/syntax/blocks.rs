//! The blocks a document is lifted into, with the byte ranges of their parts. Apart from the
//! lifting (`syntax.rs`, `table.rs`, `lines.rs`), which all use them.

use std::ops::Range;
use std::sync::Arc;

pub type Span = Range<usize>;

/// Parses `text`, reusing `old` (already edited with `Tree::edit`) for an incremental reparse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    FrontMatter(FrontMatter),
    Heading(Heading),
    Paragraph(Paragraph),
    /// Shared with the report's `BoundTable` (and, in the language server, with the next
    /// analysis while the table is unchanged and unmoved): tables are most of a report.
    Table(Arc<TableSyntax>),
    Comment(Span),
    /// Text the grammar could not place (a tree-sitter ERROR node).
    Error(Span),
}

impl Block {
    /// The bytes the block spans.
    pub fn range(&self) -> &Span {
        match self {
            Block::FrontMatter(b) => &b.range,
            Block::Heading(b) => &b.range,
            Block::Paragraph(b) => &b.range,
            Block::Table(b) => &b.range,
            Block::Comment(range) | Block::Error(range) => range,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatter {
    pub range: Span,
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub range: Span,
    pub key: Span,
    pub value: Option<Span>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub range: Span,
    pub level: usize,
    pub content: Option<Span>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub range: Span,
    pub lines: Vec<Span>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableSyntax {
    pub range: Span,
    pub header: RowSyntax,
    pub delimiter: Option<Span>,
    pub rows: Vec<RowSyntax>,
    /// Lines inside the table that are not rows (see `rejoin_split_tables`).
    pub stray: Vec<Span>,
    /// What a PDF converter put between the pieces of one table cut at page breaks (page
    /// footers, captions, loose lines): kept, not rows, not typos (see `model::converted`).
    pub breaks: Vec<Span>,
    /// Read from loose lines a converter wrote instead of a table (`model::loose`): there are
    /// no pipes, and the table's block is prose to the formatter.
    pub loose: bool,
    /// How many tables a converter printed this one as, one per group of rows, when it was
    /// joined from them (`model::pieces`); 0 otherwise.
    pub pieces: usize,
    /// The rows whose label cell is the heading above their piece (`model::pieces`).
    pub heading_labels: Vec<usize>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowSyntax {
    pub range: Span,
    pub cells: Vec<CellSyntax>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellSyntax {
    /// Between the pipes, spaces included.
    pub range: Span,
    /// The trimmed content, if the cell is not empty.
    pub content: Option<Span>,
}

impl CellSyntax {
    /// Where a finding about this cell points: its content, or the gap of an empty cell.
    pub fn focus(&self) -> Span {
        self.content.clone().unwrap_or_else(|| self.range.clone())
    }

    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        self.content.as_ref().map_or("", |c| &text[c.clone()])
    }
}
