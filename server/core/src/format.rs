//! `nianbao fmt`: aligns every pipe table by display width (CJK characters are two columns).
//! It changes nothing else, and it checks itself: a table whose labels and numbers would not
//! come out exactly as they went in is left untouched.

use crate::finding::Edit;
use crate::syntax::{self, Block, Span, TableSyntax};
use crate::text::{display_width, LineIndex};
use std::collections::HashMap;

/// The whole document with every table aligned.
pub fn format(text: &str) -> String {
    crate::finding::apply_edits(text, &format_edits(text, None))
}

/// One edit per table that formatting changes; with `range`, only the tables it touches.
pub fn format_edits(text: &str, range: Option<Span>) -> Vec<Edit> {
    let tree = syntax::parse(text, None);
    let index = LineIndex::new(text);
    syntax::blocks(&tree, text)
        .into_iter()
        .filter_map(|block| match block {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .filter(|t| {
            range
                .as_ref()
                .is_none_or(|r| t.range.start < r.end.max(r.start + 1) && r.start < t.range.end)
        })
        .filter_map(|t| table_edit(text, &index, &t, &HashMap::new()))
        .collect()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Align {
    Left,
    Right,
    Center,
}

/// The edit that rewrites `table` aligned, with the cells in `replace` (keyed by the cell's
/// range) given new content; `None` when nothing changes or the table cannot be rewritten safely.
pub fn table_edit(
    text: &str,
    index: &LineIndex,
    table: &TableSyntax,
    replace: &HashMap<Span, String>,
) -> Option<Edit> {
    let first_line = index.line_of(table.header.range.start);
    let last = table.rows.last().map_or(&table.header, |r| r);
    let last_line = index.line_of(last.range.end.saturating_sub(1).max(last.range.start));
    // Every line of the table must be a row we know, or we would drop text.
    let expected_lines = 1 + usize::from(table.delimiter.is_some()) + table.rows.len();
    if last_line + 1 - first_line != expected_lines {
        return None;
    }
    let rows: Vec<Vec<String>> = std::iter::once(&table.header)
        .chain(&table.rows)
        .map(|row| {
            row.cells
                .iter()
                .map(|c| {
                    replace
                        .get(&c.range)
                        .cloned()
                        .unwrap_or_else(|| c.text(text).to_string())
                })
                .collect()
        })
        .collect();
    let aligns = table
        .delimiter
        .as_ref()
        .map(|d| alignments(&text[d.clone()]))
        .unwrap_or_default();
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|j| {
            rows.iter()
                .filter_map(|r| r.get(j))
                .map(|c| display_width(c))
                .max()
                .unwrap_or(0)
                .max(3)
        })
        .collect();
    let align = |j: usize| aligns.get(j).copied().unwrap_or(Align::Left);
    let render_row = |cells: &Vec<String>| {
        let mut line = String::from("|");
        for (j, cell) in cells.iter().enumerate() {
            let pad = widths[j] - display_width(cell);
            let (left, right) = match align(j) {
                Align::Left => (0, pad),
                Align::Right => (pad, 0),
                Align::Center => (pad / 2, pad - pad / 2),
            };
            line.push(' ');
            line.push_str(&" ".repeat(left));
            line.push_str(cell);
            line.push_str(&" ".repeat(right));
            line.push_str(" |");
        }
        line
    };
    let mut lines = vec![render_row(&rows[0])];
    if table.delimiter.is_some() {
        let mut line = String::from("|");
        for (j, width) in widths.iter().enumerate() {
            let dashes = match align(j) {
                Align::Left if aligns.get(j).is_some_and(|_| explicit_left(table, text, j)) => {
                    format!(":{}", "-".repeat(width - 1))
                }
                Align::Left => "-".repeat(*width),
                Align::Right => format!("{}:", "-".repeat(width - 1)),
                Align::Center => format!(":{}:", "-".repeat(width - 2)),
            };
            line.push(' ');
            line.push_str(&dashes);
            line.push_str(" |");
        }
        lines.push(line);
    }
    lines.extend(rows[1..].iter().map(render_row));

    let start = index.line_range(text, first_line).start;
    let end = index.line_range(text, last_line).end;
    // A line inside the table that is not a row would be dropped by the rewrite.
    if !table.stray.is_empty() || !table.breaks.is_empty() {
        return None;
    }
    // The lines replaced must hold the table and nothing else. The grammar also ends a line at a
    // lone `\r`, the line index does not: text after one would otherwise be rewritten away.
    let blank = |s: &str| s.trim_matches([' ', '\t']).is_empty();
    if !blank(&text[start..table.range.start.max(start)])
        || !blank(&text[table.range.end.min(end)..end])
    {
        return None;
    }
    let newline = if text[start..end].contains("\r\n") || text[end..].starts_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let new_text = lines.join(newline);
    // Self-check: the same cells, in the same order, with the same content.
    let reparsed = syntax::blocks(&syntax::parse(&new_text, None), &new_text);
    let same = match reparsed.as_slice() {
        [Block::Table(t)] => {
            let got: Vec<&str> = std::iter::once(&t.header)
                .chain(&t.rows)
                .flat_map(|r| &r.cells)
                .map(|c| c.text(&new_text))
                .collect();
            let want: Vec<&str> = rows.iter().flatten().map(String::as_str).collect();
            got == want
        }
        _ => false,
    };
    let changed = new_text != text[start..end];
    (same && changed).then_some(Edit {
        range: start..end,
        new_text,
    })
}

fn alignments(delimiter: &str) -> Vec<Align> {
    delimiter
        .trim()
        .trim_matches('|')
        .split('|')
        .map(|cell| {
            let cell = cell.trim();
            match (cell.starts_with(':'), cell.ends_with(':')) {
                (true, true) => Align::Center,
                (false, true) => Align::Right,
                _ => Align::Left,
            }
        })
        .collect()
}

fn explicit_left(table: &TableSyntax, text: &str, j: usize) -> bool {
    table.delimiter.as_ref().is_some_and(|d| {
        text[d.clone()]
            .trim()
            .trim_matches('|')
            .split('|')
            .nth(j)
            .is_some_and(|c| c.trim().starts_with(':'))
    })
}
