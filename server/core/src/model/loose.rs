//! Small tables a converter wrote as loose lines: a PDF's one-row tables of 第二十条 often come
//! out of a PDF→Markdown converter as plain lines under their block heading,
//!
//! ```text
//! 第二十条第（六）项
//! 信息内容本年处理决定数量
//! 行政处罚 0
//! 行政强制 0
//! ```
//!
//! — the header's cells run together, each row its label and its figures. Such lines are read
//! as the table the block heading opens only when every line under the heading is its header
//! or one of its rows, each row's label is the template's and it holds one figure per column:
//! then each figure has exactly one place. Anything else stays prose.

use super::converted::page_footer;
use super::heading::{heading_role, HeadingRole};
use super::labels;
use crate::knowledge::template::TableSpec;
use crate::knowledge::Knowledge;
use crate::normalize::simplified;
use crate::syntax::{Block, CellSyntax, Paragraph, RowSyntax, Span, TableSyntax};
use crate::value::{self, Value};
use std::sync::Arc;

/// A loose line longer than this (in characters) is prose, not a header or a row.
const ROW_CHARS: usize = 40;

/// `blocks` with each paragraph that holds loose tables cut into the paragraphs around them,
/// each block heading a paragraph of its own, and the tables.
pub(crate) fn read(text: &str, blocks: Vec<Block>) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len());
    for block in blocks {
        match block {
            Block::Paragraph(p) if p.lines.len() > 1 => split(text, p, &mut out),
            block => out.push(block),
        }
    }
    out
}

fn split(text: &str, paragraph: Paragraph, out: &mut Vec<Block>) {
    let lines = &paragraph.lines;
    let mut pieces: Vec<(usize, usize, Option<TableSyntax>)> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(specs) = block_tables(text, &lines[i]) else {
            i += 1;
            continue;
        };
        let end = (i + 1..lines.len())
            .find(|&l| heading(text, &lines[l]))
            .unwrap_or(lines.len());
        if let Some(table) = specs
            .iter()
            .find_map(|spec| table(text, &lines[i + 1..end], spec))
        {
            pieces.push((i, end, Some(table)));
        }
        i = end;
    }
    if pieces.is_empty() {
        out.push(Block::Paragraph(paragraph));
        return;
    }
    let mut from = 0;
    for (heading_line, end, table) in pieces {
        push_lines(out, &lines[from..heading_line]);
        push_lines(out, &lines[heading_line..heading_line + 1]);
        if let Some(table) = table {
            out.push(Block::Table(Arc::new(table)));
        }
        from = end;
    }
    push_lines(out, &lines[from..]);
}

fn push_lines(out: &mut Vec<Block>, lines: &[Span]) {
    if let (Some(first), Some(last)) = (lines.first(), lines.last()) {
        out.push(Block::Paragraph(Paragraph {
            range: first.start..last.end,
            lines: lines.to_vec(),
        }));
    }
}

/// The template tables (of any template) the block heading `line` opens, if it is one.
fn block_tables(text: &str, line: &Span) -> Option<Vec<&'static TableSpec>> {
    let written = text[line.clone()].trim();
    if written.chars().count() > ROW_CHARS {
        return None;
    }
    let knowledge = Knowledge::get();
    let specs: Vec<&TableSpec> = (0..knowledge.templates.len())
        .filter_map(|t| match heading_role(written, t) {
            HeadingRole::Block(table) => Some(&knowledge.templates[t].tables[table]),
            _ => None,
        })
        .collect();
    (!specs.is_empty()).then_some(specs)
}

fn heading(text: &str, line: &Span) -> bool {
    let written = text[line.clone()].trim();
    written.chars().count() <= ROW_CHARS
        && (0..Knowledge::get().templates.len())
            .any(|t| heading_role(written, t) != HeadingRole::Prose)
}

/// `lines` read as template table `spec`: an optional header line, then one row per line.
fn table(text: &str, lines: &[Span], spec: &TableSpec) -> Option<TableSyntax> {
    let (first, _) = lines.split_first()?;
    let header_line = header(text, first, spec);
    let row_lines = if header_line.is_some() {
        &lines[1..]
    } else {
        lines
    };
    // A page's footer printed between or after the rows is kept as a break.
    let (footers, row_lines): (Vec<Span>, Vec<Span>) = row_lines
        .iter()
        .cloned()
        .partition(|l| page_footer(&text[l.clone()]));
    let rows = row_lines
        .iter()
        .map(|line| row(text, line, spec))
        .collect::<Option<Vec<RowSyntax>>>()?;
    let last = rows.last()?.range.end;
    let header = header_line.unwrap_or(RowSyntax {
        range: first.start..first.start,
        cells: Vec::new(),
    });
    Some(TableSyntax {
        range: first.start..last,
        header,
        delimiter: None,
        rows,
        stray: Vec::new(),
        breaks: footers.into_iter().filter(|f| f.start < last).collect(),
        loose: true,
    })
}

/// The header line: no figures, and it names every column of `spec` in order, its cells run
/// together (`信息内容本年处理决定数量`). Its cells are cut where the columns' labels begin.
fn header(text: &str, line: &Span, spec: &TableSpec) -> Option<RowSyntax> {
    let raw = &text[line.clone()];
    let written = raw.trim();
    if written.chars().any(|c| c.is_ascii_digit()) || written.chars().count() > ROW_CHARS {
        return None;
    }
    let start = line.start + (raw.len() - raw.trim_start().len());
    let end = start + written.len();
    // Labels are found in the simplified text (a traditional report writes 信息內容本年處理決定數量);
    // the conversion keeps every character's length, so a cut found there is a cut here.
    let folded = simplified(written);
    let hay: &str = if folded.len() == written.len() {
        &folded
    } else {
        written
    };
    let mut cuts = Vec::with_capacity(spec.columns.len());
    let mut from = 0;
    for column in &spec.columns {
        let at = std::iter::once(&column.label)
            .chain(&column.variants)
            .find_map(|label| hay[from..].find(label.as_str()))?;
        cuts.push(from + at);
        from += at + hay[from + at..].chars().next().map_or(1, char::len_utf8);
    }
    if !cuts.iter().all(|c| written.is_char_boundary(*c)) {
        return None;
    }
    let mut bounds = vec![0];
    bounds.extend(cuts.iter().copied().filter(|c| *c > 0));
    let cells = bounds
        .iter()
        .zip(bounds.iter().skip(1).chain(std::iter::once(&written.len())))
        .map(|(a, b)| {
            let cell = start + a..start + b;
            let trimmed = text[cell.clone()].trim();
            let lead = text[cell.clone()].len() - text[cell.clone()].trim_start().len();
            let content = cell.start + lead..cell.start + lead + trimmed.len();
            CellSyntax {
                range: cell,
                content: (!trimmed.is_empty()).then_some(content),
            }
        })
        .collect();
    Some(RowSyntax {
        range: start..end,
        cells,
    })
}

/// A row line: a template row's label, then exactly one figure per column, apart by blanks.
fn row(text: &str, line: &Span, spec: &TableSpec) -> Option<RowSyntax> {
    let raw = &text[line.clone()];
    if raw.trim().chars().count() > ROW_CHARS {
        return None;
    }
    let words = words(raw, line.start);
    let figures = words
        .iter()
        .rev()
        .take_while(|w| matches!(value::parse(&text[(*w).clone()]), Value::Number(_)))
        .count();
    if figures != spec.columns.len() || figures >= words.len() {
        return None;
    }
    let label_words = &words[..words.len() - figures];
    let label = label_words[0].start..label_words[label_words.len() - 1].end;
    let keys: Vec<labels::LabelKeys> = spec
        .rows
        .iter()
        .map(|r| labels::LabelKeys::new(&r.label, &r.variants))
        .collect();
    labels::find(&text[label.clone()], &keys)?;
    let cell = |span: Span| CellSyntax {
        range: span.clone(),
        content: Some(span),
    };
    let cells = std::iter::once(cell(label))
        .chain(words[words.len() - figures..].iter().cloned().map(cell))
        .collect();
    let range = words[0].start..words[words.len() - 1].end;
    Some(RowSyntax { range, cells })
}

/// The spans of the blank-separated words of `line`, which starts at `offset`.
fn words(line: &str, offset: usize) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push(offset + s..offset + i);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(offset + s..offset + line.len());
    }
    out
}
