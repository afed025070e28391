//! One table printed as several, as some PDF→Markdown converters print a report's tables: table
//! 三 as one small table per group of rows, each under a heading naming the group (`### (三)
//! 不予公开`), with a generic header (`| 类别 | 数据1 | … | 总计 |`) or a garbled one, and the
//! applicant header cells as tables of their own over placeholder rows (`| - | - |`); table 四
//! as three tables, one per row, its label the heading above and its header the five column
//! labels alone.
//!
//! Such pieces are joined into one table, so that no row is missing and no table a duplicate:
//! consecutive tables with nothing but headings, short loose lines and comments between them,
//! each binding to the same template table, none holding a row another holds, and no header
//! naming a column in another place than the first. What stood between them (headings, tables
//! of placeholders, each later piece's own header) is kept as breaks, not rows. A heading above
//! a piece whose one row lost its label, naming a row of the table, is that row's label.
//!
//! Only a converter's Markdown is read so (a report without front matter): our own markup
//! writes each table whole, under its own header.

use super::converted::{bare, continues, separator};
use super::heading::{heading_role, HeadingRole};
use super::index::{index, TableIndex};
use super::labels;
use crate::syntax::{Block, CellSyntax, RowSyntax, Span, TableSyntax};
use crate::value::{self, Value};
use std::sync::Arc;

/// `blocks` with each table printed as several pieces joined into one.
pub(crate) fn join(text: &str, blocks: Vec<Block>, template_no: usize) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len());
    let mut run = Vec::new();
    for block in blocks {
        if in_run(text, &block, template_no) {
            run.push(block);
        } else {
            join_run(text, &std::mem::take(&mut run), template_no, &mut out);
            out.push(block);
        }
    }
    join_run(text, &run, template_no, &mut out);
    out
}

/// Whether `block` may be a piece of a table printed as several, or stand between two.
fn in_run(text: &str, block: &Block, template_no: usize) -> bool {
    match block {
        Block::Table(_) | Block::Comment(_) => true,
        Block::Heading(h) => {
            h.level > 1
                && h.content.as_ref().is_some_and(|c| {
                    heading_role(&text[c.clone()], template_no) == HeadingRole::Prose
                })
        }
        Block::Paragraph(_) => separator(text, block),
        _ => false,
    }
}

/// A table of a run, as a piece of a table printed as several.
struct Piece {
    /// Index into the run.
    at: usize,
    /// The template table its labels (and the heading above it) name most.
    spec: Option<usize>,
    /// No figure at all: a header alone, or over rows of placeholders.
    placeholder: bool,
    /// Its header is a row (a piece cut at a page break: `converted::continues`).
    header_is_row: bool,
    /// The template rows its rows' labels name.
    rows: Vec<usize>,
    /// The template columns its header names, by the position of the value they head.
    columns: Vec<(usize, usize)>,
    /// The header's first cell names a column: the piece has no label column.
    no_label_column: bool,
    /// The heading just above it, if nothing but loose lines stands between them.
    heading: Option<Span>,
}

fn join_run(text: &str, run: &[Block], template_no: usize, out: &mut Vec<Block>) {
    let idx = index(template_no);
    let pieces: Vec<Piece> = run
        .iter()
        .enumerate()
        .filter_map(|(at, block)| match block {
            Block::Table(t) => Some(piece(text, run, at, t, &idx.tables)),
            _ => None,
        })
        .collect();
    let mut next = 0;
    for members in groups(&pieces) {
        let (start, table) = joined(text, run, &pieces, &members, &idx.tables);
        out.extend(run[next..start].iter().cloned());
        out.push(Block::Table(Arc::new(table)));
        next = members.last().map_or(start, |m| pieces[*m].at + 1);
    }
    out.extend(run[next..].iter().cloned());
}

/// The text of the heading just above the block at `at` of `run`, with no table between; a line
/// of its own counts only when `lines` (a label a converter took out of a table and wrote
/// above a piece of figures need not be that piece's: `displaced`).
fn heading_before(text: &str, run: &[Block], at: usize, lines: bool) -> Option<Span> {
    run[..at]
        .iter()
        .rev()
        .take_while(|b| !matches!(b, Block::Table(_)))
        .filter(|b| lines || matches!(b, Block::Heading(_)))
        .find_map(|b| heading_text(text, b))
}

/// The text of `block` if it is a heading: a `#` heading, or a line of its own (converters
/// write headings as bold or plain lines).
fn heading_text(text: &str, block: &Block) -> Option<Span> {
    match block {
        Block::Heading(h) => h.content.clone(),
        Block::Paragraph(p) if p.lines.len() == 1 => Some(bare(text, &p.lines[0])),
        _ => None,
    }
}

fn is_number(text: &str, cell: &CellSyntax) -> bool {
    matches!(value::parse(cell.text(text)), Value::Number(_))
}

fn piece(
    text: &str,
    run: &[Block],
    at: usize,
    table: &TableSyntax,
    tables: &[TableIndex],
) -> Piece {
    let header_is_row = continues(text, table);
    // Over a piece with a header of its own, a line of its own is a heading.
    let heading = heading_before(text, run, at, !header_is_row);
    let data = || {
        header_is_row
            .then_some(&table.header)
            .into_iter()
            .chain(&table.rows)
    };
    // No figure anywhere: a header alone, or over rows of placeholders (`-`).
    let placeholder = !table.header.cells.iter().any(|c| is_number(text, c))
        && table
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .all(|c| value::parse(c.text(text)) == Value::Missing);
    let header = if header_is_row {
        &[][..]
    } else {
        &table.header.cells[..]
    };
    let column = |t: &TableIndex, cell: &CellSyntax| labels::find(cell.text(text), &t.columns);
    let row = |t: &TableIndex, r: &RowSyntax| {
        let label = r.cells.first()?;
        labels::find(label.text(text), &t.rows).map(|(found, _)| found)
    };
    let named = |t: &TableIndex, written: &str| labels::find(written, &t.rows).is_some();
    let score = |t: &TableIndex| {
        let columns = header.iter().filter(|c| column(t, c).is_some()).count();
        let rows = if placeholder {
            0
        } else {
            data().filter(|r| row(t, r).is_some()).count()
                + usize::from(heading.as_ref().is_some_and(|h| named(t, &text[h.clone()])))
        };
        columns + rows
    };
    let spec = (0..tables.len())
        .map(|t| (t, score(&tables[t])))
        .filter(|(_, n)| *n > 0)
        .max_by_key(|(t, n)| (*n, std::cmp::Reverse(*t)))
        .map(|(t, _)| t);
    let mut piece = Piece {
        at,
        spec,
        placeholder,
        header_is_row,
        rows: Vec::new(),
        columns: Vec::new(),
        no_label_column: false,
        heading,
    };
    let Some(t) = spec.map(|t| &tables[t]) else {
        return piece;
    };
    piece.no_label_column = header.first().is_some_and(|c| column(t, c).is_some());
    let lead = usize::from(!piece.no_label_column);
    piece.columns = header
        .iter()
        .enumerate()
        .filter_map(|(i, c)| Some((i.checked_sub(lead)?, column(t, c)?.0)))
        .collect();
    if !placeholder {
        piece.rows = data().filter_map(|r| row(t, r)).collect();
    }
    piece
}

/// The pieces (indices into `pieces`) that are one table, for each table printed as several:
/// a run of pieces binding to one template table, with rows none of the others holds, headers
/// that name each column where the first does, and the tables of placeholders before them.
fn groups(pieces: &[Piece]) -> Vec<Vec<usize>> {
    let mut groups = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    let mut spec = None;
    let mut rows: Vec<usize> = Vec::new();
    let mut columns: Vec<(usize, usize)> = Vec::new();
    let mut waiting: Vec<usize> = Vec::new();
    let mut close = |current: &mut Vec<usize>| {
        // A table of figures with nothing joined to it stays as it is.
        if current.len() > 1 {
            groups.push(std::mem::take(current));
        }
        current.clear();
    };
    for (i, p) in pieces.iter().enumerate() {
        if p.placeholder {
            if p.spec.is_some() && spec.is_some() && p.spec != spec {
                close(&mut current);
                spec = None;
                waiting.clear();
            }
            waiting.push(i);
            continue;
        }
        let Some(s) = p.spec.or(if p.header_is_row { spec } else { None }) else {
            close(&mut current);
            spec = None;
            waiting.clear();
            continue;
        };
        let fits = spec == Some(s)
            && !p.rows.iter().any(|r| rows.contains(r))
            && agree(&p.columns, &columns);
        if !fits {
            close(&mut current);
            rows.clear();
            columns = p.columns.clone();
            spec = Some(s);
            // The tables of placeholders just before it head it, those of another table aside.
            let other = waiting
                .iter()
                .rposition(|w| pieces[*w].spec.is_some_and(|ws| ws != s));
            waiting.drain(..other.map_or(0, |o| o + 1));
        }
        current.append(&mut waiting);
        current.push(i);
        rows.extend(&p.rows);
    }
    close(&mut current);
    groups
}

/// Whether a header naming `columns` (value position, template column) names each where the
/// table's header (`first`) does: no position names two columns, no column has two positions.
fn agree(columns: &[(usize, usize)], first: &[(usize, usize)]) -> bool {
    columns.iter().all(|(at, column)| {
        first
            .iter()
            .all(|(at2, column2)| (at == at2) == (column == column2))
    })
}

/// The pieces `members` of `run` as one table, and the index in `run` where it begins (at the
/// heading above its first piece, if there is one).
fn joined(
    text: &str,
    run: &[Block],
    pieces: &[Piece],
    members: &[usize],
    tables: &[TableIndex],
) -> (usize, TableSyntax) {
    let table_of = |m: usize| match &run[pieces[m].at] {
        Block::Table(t) => Some(t),
        _ => None,
    };
    // The header is the first piece of figures' (placeholder tables before it are breaks).
    let head = members
        .iter()
        .copied()
        .find(|m| !pieces[*m].placeholder)
        .unwrap_or(members[0]);
    let spec = pieces[head].spec.map(|s| &tables[s]);
    let first = table_of(head).cloned().unwrap_or_default();
    let mut header = if pieces[head].header_is_row {
        // Its header is a row: the table has none (its columns are then taken by order).
        let at = first.range.start;
        RowSyntax {
            range: at..at,
            cells: Vec::new(),
        }
    } else {
        first.header.clone()
    };
    if pieces[head].no_label_column {
        let at = header.range.start;
        header.cells.insert(0, blank_cell(at));
    }
    let width = header.cells.len();
    let mut out = TableSyntax {
        range: run[pieces[members[0]].at].range().clone(),
        header,
        delimiter: first.delimiter.clone(),
        pieces: members.len(),
        ..TableSyntax::default()
    };
    // The heading above the first piece names it (its row, or the part of the header it
    // holds): it is the table's.
    let mut start = pieces[members[0]].at;
    if let Some(h) = &pieces[members[0]].heading {
        start = heading_at(text, run, start, h).unwrap_or(start);
    }
    let mut labels_used: Vec<Span> = Vec::new();
    for &m in members {
        let p = &pieces[m];
        let Some(t) = table_of(m) else { continue };
        if p.placeholder {
            out.breaks.push(t.range.clone());
            continue;
        }
        let mut rows: Vec<RowSyntax> = Vec::new();
        if p.header_is_row {
            rows.push(t.header.clone());
        } else if m != head {
            out.breaks.push(t.header.range.clone());
        }
        rows.extend(t.rows.iter().cloned());
        let heading = p
            .heading
            .clone()
            .filter(|h| spec.is_some_and(|s| labels::find(&text[h.clone()], &s.rows).is_some()));
        if let (Some(h), [row]) = (heading, &mut rows[..]) {
            if let Some(labelled) = with_heading_label(text, row, width, &h) {
                *row = labelled;
                out.heading_labels.push(out.rows.len());
                labels_used.push(h);
            }
        }
        out.rows.extend(rows);
        out.breaks.extend(t.delimiter.iter().cloned());
        out.breaks.extend(t.breaks.iter().cloned());
        out.stray.extend(t.stray.iter().cloned());
    }
    let last = pieces[members[members.len() - 1]].at;
    for block in &run[start..=last] {
        match block {
            Block::Table(_) => {}
            b if heading_text(text, b).is_some_and(|h| labels_used.contains(&h)) => {}
            b => out.breaks.push(b.range().clone()),
        }
    }
    out.breaks.sort_by_key(|b| b.start);
    out.range = run[start].range().start..run[last].range().end;
    (start, out)
}

/// The index in `run`, before `before`, of the heading whose text is `heading`.
fn heading_at(text: &str, run: &[Block], before: usize, heading: &Span) -> Option<usize> {
    run[..before]
        .iter()
        .rposition(|b| heading_text(text, b).as_ref() == Some(heading))
}

fn blank_cell(at: usize) -> CellSyntax {
    CellSyntax {
        range: at..at,
        content: None,
    }
}

/// `row` with the heading `label` as its label cell, if it lost its label: it is one cell short
/// of the header and starts with a figure, or its first cell is blank and the rest are figures.
fn with_heading_label(
    text: &str,
    row: &RowSyntax,
    width: usize,
    label: &Span,
) -> Option<RowSyntax> {
    let cell = CellSyntax {
        range: label.clone(),
        content: Some(label.clone()),
    };
    let mut cells = row.cells.clone();
    match cells.first() {
        Some(first) if cells.len() + 1 == width && is_number(text, first) => cells.insert(0, cell),
        Some(first) if cells.len() == width && first.content.is_none() => cells[0] = cell,
        _ => return None,
    }
    Some(RowSyntax {
        range: row.range.clone(),
        cells,
    })
}
