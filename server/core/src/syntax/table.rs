//! A table block lifted from its node: its rows read from its lines, their cells from their
//! text.

use super::blocks::{CellSyntax, RowSyntax, Span, TableSyntax};
use super::kinds::kinds;
use super::kinds::named_children;
use super::lines::lines;
use tree_sitter::Node;

pub(super) fn table(node: Node, text: &str) -> TableSyntax {
    // A table the grammar read without an error is its lines: the header, the delimiter row
    // when its second child is one, then a row per line. With an error inside, the tree is
    // walked for what it holds.
    let (header, delimiter, rows) = Some(node)
        .filter(|node| !node.has_error())
        .and_then(|node| rows_from_lines(node, text))
        .unwrap_or_else(|| rows_from_tree(node, text));
    let header = header.unwrap_or(RowSyntax {
        range: node.start_byte()..node.start_byte(),
        cells: Vec::new(),
    });
    TableSyntax {
        range: node.byte_range(),
        header,
        delimiter,
        rows,
        stray: Vec::new(),
        breaks: Vec::new(),
        loose: false,
        pieces: 0,
        heading_labels: Vec::new(),
    }
}

pub(super) type Rows = (Option<RowSyntax>, Option<Span>, Vec<RowSyntax>);

/// The rows of a table without an error, from its lines. Every line of such a table is a row
/// (the scanner continues a table only onto a line that starts, after at most three spaces,
/// with a pipe) running to the line's end (a row's tokens take every character but a line
/// ending); `None` if a line is not so, and the tree is walked instead.
pub(super) fn rows_from_lines(node: Node, text: &str) -> Option<Rows> {
    let delimiter = node
        .named_child(1)
        .filter(|child| child.kind_id() == kinds().table_delimiter_row)
        .map(|child| child.byte_range());
    let mut lines = lines(text, node.byte_range());
    let is_row = |line: &Span| text.as_bytes().get(line.start) == Some(&b'|');
    let header = row(lines.next().filter(is_row)?, text, 0);
    if let Some(delimiter) = &delimiter {
        lines.next().filter(|line| line == delimiter)?;
    }
    let mut rows = Vec::new();
    for line in lines {
        if !is_row(&line) {
            return None;
        }
        rows.push(row(line, text, header.cells.len()));
    }
    Some((Some(header), delimiter, rows))
}

/// The rows of a table the grammar read with an error inside: its row nodes.
pub(super) fn rows_from_tree(node: Node, text: &str) -> Rows {
    let kinds = kinds();
    let mut header: Option<RowSyntax> = None;
    let mut delimiter = None;
    let mut rows = Vec::new();
    for child in named_children(node) {
        let kind = child.kind_id();
        if kind == kinds.table_row {
            let cells = header.as_ref().map_or(0, |h| h.cells.len());
            let read = row(child.byte_range(), text, cells);
            match header {
                None => header = Some(read),
                Some(_) => rows.push(read),
            }
        } else if kind == kinds.table_delimiter_row {
            delimiter = Some(child.byte_range());
        }
    }
    (header, delimiter, rows)
}

/// The row at `range` (from its first pipe to its line's end), its cells read from its text,
/// with room for `cells` of them (the header's count, which most rows have): the grammar's
/// pipe tokens take the blanks around them, so a cell's range between its pipes is where the
/// pipe characters are, and a byte scan finds them for less than walking the cell nodes would
/// cost (a cursor step climbs through the hidden nodes of the row's `repeat`). It reads the
/// row as the grammar does: a cell is what lies between two pipes, a character after a
/// backslash is content (`\|` is no pipe), the content is the run from the first character
/// that is not a blank to the end of the last one; a last cell without its closing pipe is a
/// cell if it has content; the blanks after a last pipe are not.
pub(super) fn row(range: Span, text: &str, cells: usize) -> RowSyntax {
    let bytes = text.as_bytes();
    let mut cells = Vec::with_capacity(cells);
    // The row starts with its first pipe.
    let first = (range.start + usize::from(bytes.get(range.start) == Some(&b'|'))).min(range.end);
    // A byte is escaped when a backslash stands before it in the row: the grammar's `cell_text`
    // reads `\` as escaping the next character or standing alone, whichever makes the longer
    // token, so `x\\|y` is one cell. (Bytes of a multi-byte character are content.)
    let escaped = |at: usize| at > range.start && bytes[at - 1] == b'\\';
    // The content of the cell between `open` and `close`: from its first byte that is not a
    // blank to the end of its last one, an escaped blank being content. No blank before the
    // first other byte is escaped (a pipe or the row's start stands before them), and one
    // after the last is only if that byte is a backslash: the one blank right after it.
    let content = |open: usize, close: usize| {
        let cell = &bytes[open..close];
        let other = |b: &u8| !matches!(b, b' ' | b'\t');
        let start = cell.iter().position(other)?;
        let last = cell.iter().rposition(other)?;
        let end = last + 1 + usize::from(cell[last] == b'\\' && last + 1 < cell.len());
        Some(open + start..open + end)
    };
    // Just after the pipe that opens the cell being read. Pipes are found with memchr: the
    // blanks that align a table's columns are most of its bytes.
    let mut open = first;
    let mut from = first;
    while let Some(found) = memchr::memchr(b'|', &bytes[from..range.end]) {
        let at = from + found;
        from = at + 1;
        if escaped(at) {
            continue;
        }
        cells.push(CellSyntax {
            range: open..at,
            content: content(open, at),
        });
        open = at + 1;
    }
    if let Some(content) = content(open, range.end) {
        // A last cell without its closing pipe runs to the end of the line.
        cells.push(CellSyntax {
            range: open..range.end,
            content: Some(content),
        });
    }
    RowSyntax { range, cells }
}
