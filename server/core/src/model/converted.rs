//! Markdown made by PDF converters and OCR, read as it is: section titles written as plain or
//! bold lines are headings, and a table cut at page breaks (a `— 5 —` footer, a `## 表三：…`
//! caption the converter inserted, loose lines between the pieces) is one table.
//!
//! Nothing here applies to markup our own tools write: their sections are `#` headings and each
//! table's header row holds column labels, which a continuing piece never has.

use super::bound::{BoundColumn, BoundRow};
use super::heading::{heading_role, HeadingRole};
use super::index::{index, TableIndex};
use super::labels;
use super::labels::Spelling;
use crate::knowledge::template::{TableSpec, Template};
use crate::knowledge::Knowledge;
use crate::syntax::{Block, Paragraph, RowSyntax, Span, TableSyntax};
use crate::value::{self, Value};
use std::sync::Arc;

/// A loose line longer than this (in characters) is prose, not a label a converter displaced.
const LOOSE_LINE_CHARS: usize = 40;

/// `span` without the blanks and the `**`/`__` emphasis around it.
pub(crate) fn bare(text: &str, span: &Span) -> Span {
    let line = &text[span.clone()];
    let start_trimmed = line.trim_start();
    let mut start = span.start + line.len() - start_trimmed.len();
    let mut end = span.start + line.trim_end().len();
    for mark in ["**", "__"] {
        let inner = &text[start..end];
        if inner.len() > 2 * mark.len() && inner.starts_with(mark) && inner.ends_with(mark) {
            start += mark.len();
            end -= mark.len();
        }
    }
    let inner = &text[start..end];
    let lead = inner.len() - inner.trim_start().len();
    let trail = inner.len() - inner.trim_end().len();
    start + lead..end - trail
}

/// What a paragraph's line is under any template: a section title or a block heading written
/// as a line of its own.
fn line_role(text: &str, line: &Span) -> HeadingRole {
    let written = &text[bare(text, line)];
    if written.chars().count() > LOOSE_LINE_CHARS {
        return HeadingRole::Prose;
    }
    (0..Knowledge::get().templates.len())
        .map(|t| heading_role(written, t))
        .find(|role| *role != HeadingRole::Prose)
        .unwrap_or(HeadingRole::Prose)
}

/// A printed page number: `— 5 —`, `- 5 -`, `5`, `第 5 页`.
pub(crate) fn page_footer(line: &str) -> bool {
    let core = line
        .trim()
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, '—' | '–' | '-' | '－'));
    let core = core
        .strip_prefix('第')
        .and_then(|c| c.strip_suffix('页'))
        .unwrap_or(core)
        .trim();
    !core.is_empty() && core.chars().all(|c| c.is_ascii_digit())
}

/// A caption a converter put above a piece of a table: `表三：收到和处理…`.
fn caption(written: &str) -> bool {
    let Some(rest) = written.trim().strip_prefix('表') else {
        return false;
    };
    let numeral = rest
        .chars()
        .take_while(|c| "一二三四五六七八九十0123456789".contains(*c))
        .count();
    numeral > 0
}

/// Whether `block` may stand between two pieces of one table.
fn separator(text: &str, block: &Block) -> bool {
    match block {
        Block::Heading(h) => h
            .content
            .as_ref()
            .is_some_and(|c| caption(&text[c.clone()])),
        Block::Paragraph(p) => p.lines.iter().all(|line| {
            let written = text[line.clone()].trim();
            page_footer(written)
                || (written.chars().count() <= LOOSE_LINE_CHARS
                    && !written.contains('。')
                    && line_role(text, line) == HeadingRole::Prose)
        }),
        Block::Comment(_) => true,
        _ => false,
    }
}

/// A delimiter row (`|---|---|`) repeated under each piece of a table a converter cut.
fn delimiter_row(text: &str, row: &RowSyntax) -> bool {
    !row.cells.is_empty()
        && row.cells.iter().all(|c| {
            let t = c.text(text);
            t.contains('-') && t.chars().all(|ch| matches!(ch, '-' | ':' | ' '))
        })
}

/// Whether `table` is a piece that continues the table before it: its first row holds values or
/// a row label, and no column label of any template.
fn continues(text: &str, table: &TableSyntax) -> bool {
    let cells = &table.header.cells;
    let knowledge = Knowledge::get();
    let any_label = |pick: &dyn Fn(&TableIndex) -> &[labels::LabelKeys], written: &str| {
        (0..knowledge.templates.len()).any(|t| {
            index(t)
                .tables
                .iter()
                .any(|ti| labels::find(written, pick(ti)).is_some())
        })
    };
    let column_label = cells
        .iter()
        .skip(1)
        .map(|c| c.text(text))
        .filter(|w| !w.is_ascii())
        .any(|w| any_label(&|ti| &ti.columns, w));
    let values = cells
        .iter()
        .any(|c| matches!(value::parse(c.text(text)), Value::Number(_)));
    let row_label = cells
        .first()
        .is_some_and(|c| any_label(&|ti| &ti.rows, c.text(text)));
    !column_label && (values || row_label)
}

/// The blocks with the pieces of each table cut at page breaks joined into one table, what stood
/// between them kept as the table's `breaks`.
pub(crate) fn rejoin(text: &str, blocks: Vec<Block>) -> Vec<Block> {
    let blocks = blocks.into_iter().map(|b| match b {
        Block::Table(t) if t.rows.iter().any(|r| delimiter_row(text, r)) => {
            let mut t = Arc::unwrap_or_clone(t);
            let (repeated, rows): (Vec<RowSyntax>, Vec<RowSyntax>) =
                t.rows.into_iter().partition(|r| delimiter_row(text, r));
            t.rows = rows;
            t.breaks.extend(repeated.into_iter().map(|r| r.range));
            Block::Table(Arc::new(t))
        }
        b => b,
    });
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    // Blocks seen since the last table that may yet turn out to lie inside it.
    let mut pending: Vec<Block> = Vec::new();
    for block in blocks {
        match block {
            Block::Table(piece)
                if matches!(out.last(), Some(Block::Table(_))) && continues(text, &piece) =>
            {
                if let Some(Block::Table(first)) = out.last_mut() {
                    let first = Arc::make_mut(first);
                    let piece = Arc::unwrap_or_clone(piece);
                    first
                        .breaks
                        .extend(pending.drain(..).map(|b| b.range().clone()));
                    first.rows.push(piece.header);
                    first.rows.extend(piece.rows);
                    first.breaks.extend(piece.delimiter);
                    first.stray.extend(piece.stray);
                    first.breaks.extend(piece.breaks);
                    first.range.end = piece.range.end;
                }
            }
            block if matches!(out.last(), Some(Block::Table(_))) && separator(text, &block) => {
                pending.push(block)
            }
            block => {
                out.append(&mut pending);
                out.push(block);
            }
        }
    }
    out.append(&mut pending);
    out
}

/// The line of `paragraph` that is a section title or block heading written as a line of its
/// own, if its first line is one: the heading's text, and the rest of the paragraph's lines.
pub(crate) fn leading_heading<'p>(
    text: &str,
    paragraph: &'p Paragraph,
) -> Option<(Span, &'p [Span])> {
    let (first, rest) = paragraph.lines.split_first()?;
    (line_role(text, first) != HeadingRole::Prose).then(|| (bare(text, first), rest))
}

/// The section whose heading a converter lost, if `paragraph` opens it: the paragraph stands
/// right after the tables of section `current` (tables are all that section holds, `tables_seen`
/// of them found), the next section of the template is not found yet, and the paragraph's first
/// line is a sub-heading using one of that section's topics.
pub(crate) fn lost_section(
    text: &str,
    paragraph: &Paragraph,
    template: &Template,
    current: usize,
    tables_seen: bool,
) -> Option<usize> {
    let next = current + 1;
    let spec = template.sections.get(next)?;
    let current_id = &template.sections[current].id;
    let holds_tables = template.tables.iter().any(|t| &t.section == current_id);
    let first = paragraph.lines.first()?;
    let written = &text[bare(text, first)];
    let sub_heading = written.chars().count() <= LOOSE_LINE_CHARS && !written.contains('。');
    (holds_tables
        && tables_seen
        && sub_heading
        && spec.topics.iter().any(|t| written.contains(t.as_str())))
    .then_some(next)
}

fn is_number(text: &str, cell: Option<&crate::syntax::CellSyntax>) -> bool {
    cell.is_some_and(|c| matches!(value::parse(c.text(text)), Value::Number(_)))
}

/// Where a row's label stands, as an offset of its cells from the header's: `0` as written;
/// `-1` when the label was lost (the row is its values alone, the first a number); `1` when a
/// merged label cell spilled into the first column (one cell too many, the last not blank).
pub(crate) fn label_shift(text: &str, row: &RowSyntax, width: usize) -> isize {
    let n = row.cells.len();
    if n + 1 == width && is_number(text, row.cells.first()) {
        -1
    } else if n == width + 1 && row.cells.last().is_some_and(|c| c.content.is_some()) {
        1
    } else {
        0
    }
}

/// Whether a converter lost cells of `row` in a table it cut at page breaks: the row, its label
/// where the header has one, holds fewer values than the table has columns. Which column each
/// value it kept belongs to cannot be told, so none is placed (a PDF's cell over two lines is
/// often taken out of the table and written above it).
pub(crate) fn cells_lost(
    syntax: &TableSyntax,
    row: &RowSyntax,
    shift: isize,
    columns: usize,
) -> bool {
    let values = row.cells.len() as isize - 1 - shift;
    !syntax.breaks.is_empty() && shift == 0 && values >= 1 && (values as usize) < columns
}

/// The columns of a table whose header a converter garbled (cells merged, split or cut), taken
/// by order: only when the header names fewer of the template's columns than it has and most
/// rows hold a label and exactly one value per template column, so the order is the one place
/// each value can have. A header cell that names its column keeps its spelling; the others are
/// inferred.
pub(crate) fn columns_by_order(
    syntax: &TableSyntax,
    columns: &[BoundColumn],
    spec: &TableSpec,
) -> Option<Vec<BoundColumn>> {
    let wanted = spec.columns.len();
    let named = columns.iter().filter(|c| c.spec.is_some()).count();
    if named >= wanted || syntax.rows.is_empty() {
        return None;
    }
    let full = syntax
        .rows
        .iter()
        .filter(|r| {
            r.cells.len() == wanted + 1
                || (r.cells.len() == wanted + 2
                    && r.cells.last().is_some_and(|c| c.content.is_none()))
        })
        .count();
    if 2 * full <= syntax.rows.len() {
        return None;
    }
    let end = syntax.header.range.end;
    Some(
        (1..=wanted)
            .map(|cell| {
                let written = syntax.header.cells.get(cell);
                let same = columns
                    .iter()
                    .find(|c| c.cell == cell && c.spec == Some(cell - 1));
                BoundColumn {
                    cell,
                    spec: Some(cell - 1),
                    spelling: same.map_or(Spelling::Inferred, |c| c.spelling),
                    label: written.map_or(end..end, |c| c.focus()),
                }
            })
            .collect(),
    )
}

/// Rows whose label was lost or garbled, placed by the template's order: a run of such rows
/// between two recognised rows takes the template rows missing between those two, when there
/// are exactly as many of them as rows in the run (group rows, which may be left out, aside).
/// Otherwise the rows stay unplaced and are reported.
pub(crate) fn rows_by_order(rows: &mut [BoundRow], spec: &TableSpec) {
    let group = |r: usize| {
        spec.rows
            .iter()
            .any(|x| x.parent.as_deref() == Some(spec.rows[r].id.as_str()))
    };
    let taken: Vec<usize> = rows.iter().filter_map(|r| r.spec).collect();
    let mut i = 0;
    while i < rows.len() {
        if rows[i].spec.is_some() {
            i += 1;
            continue;
        }
        let start = i;
        while i < rows.len() && rows[i].spec.is_none() {
            i += 1;
        }
        let after = rows[..start].iter().rev().find_map(|r| r.spec);
        let before = rows[i..].iter().find_map(|r| r.spec);
        let lo = after.map_or(0, |a| a + 1);
        let hi = before.unwrap_or(spec.rows.len());
        if lo > hi {
            continue;
        }
        let free: Vec<usize> = (lo..hi)
            .filter(|r| !taken.contains(r) && !group(*r))
            .collect();
        if free.len() == i - start {
            for (row, r) in rows[start..i].iter_mut().zip(free) {
                row.spec = Some(r);
                row.spelling = Spelling::Inferred;
            }
        }
    }
}

/// The report's title a converter wrote as the first lines of the first paragraph (the PDF's
/// title wrapped over lines, perhaps after a stray word): the lines up to the one that ends in
/// `报告`, from the first that is more than a word, and the paragraph's lines after it.
pub(crate) fn leading_title<'p>(
    text: &str,
    paragraph: &'p Paragraph,
) -> Option<(Span, &'p [Span])> {
    const TITLE_LINES: usize = 4;
    let lines = &paragraph.lines;
    let end = lines.iter().take(TITLE_LINES).position(|l| {
        let written = text[l.clone()].trim();
        written.chars().count() > LOOSE_LINE_CHARS
            || written.contains('。')
            || written.ends_with("报告")
    })?;
    if !text[lines[end].clone()].trim().ends_with("报告") {
        return None;
    }
    let start = lines[..=end]
        .iter()
        .position(|l| text[l.clone()].trim().chars().count() > 4)?;
    let whole = lines[start].start..lines[end].end;
    let joined: String = text[whole.clone()].lines().map(str::trim).collect();
    joined
        .contains("政府信息公开")
        .then(|| (bare(text, &whole), &lines[end + 1..]))
}

/// A value as written and where.
type Written = (String, Span);

/// The organ and the year a report without front matter (a converter's output) names in its
/// title, each with its place in `text` (see [`organ_and_year`]).
pub(crate) fn meta_from_title(text: &str, title: &Span) -> (Option<Written>, Option<Written>) {
    let (organ, year) = organ_and_year(&text[title.clone()]);
    let place = |(w, r): (String, Span)| (w, title.start + r.start..title.start + r.end);
    (organ.map(place), year.map(place))
}

/// The organ and the year a report's title names, each with its range in `title`: the year is
/// the first `19xx`/`20xx` followed by `年`; the organ stands before it (`凤泉区人民政府办公室
/// 2024 年政府信息公开工作年度报告`), or, when nothing does, between the year's `年` and
/// `政府信息公开` (`2025 年上海市人民政府办公厅政府信息公开工作年度报告`).
pub fn organ_and_year(title: &str) -> (Option<Written>, Option<Written>) {
    let Some(at) = title.char_indices().map(|(i, _)| i).find(|&i| {
        let rest = &title.as_bytes()[i..];
        rest.len() >= 4
            && (rest.starts_with(b"19") || rest.starts_with(b"20"))
            && rest[..4].iter().all(u8::is_ascii_digit)
            && !rest.get(4).is_some_and(u8::is_ascii_digit)
            && (i == 0 || !title.as_bytes()[i - 1].is_ascii_digit())
            && title[i + 4..].trim_start().starts_with('年')
    }) else {
        return (None, None);
    };
    let year = Some((title[at..at + 4].to_string(), at..at + 4));
    let trimmed = |from: usize, to: usize| {
        let piece = &title[from..to];
        let start = from + (piece.len() - piece.trim_start().len());
        let name = piece.trim();
        (!name.is_empty() && !name.contains('\n'))
            .then(|| (name.to_string(), start..start + name.len()))
    };
    let before = trimmed(0, at);
    let organ = before.or_else(|| {
        let from = at + 4 + title[at + 4..].find('年')? + '年'.len_utf8();
        let to = from + title[from..].find("政府信息公开")?;
        trimmed(from, to).filter(|(name, _)| !name.contains("年度"))
    });
    (organ, year)
}

#[cfg(test)]
mod tests {
    use super::{bare, caption, page_footer};

    #[test]
    fn page_footers_and_captions() {
        assert!(page_footer("— 5 —"));
        assert!(page_footer("- 12 -"));
        assert!(page_footer("第 3 页"));
        assert!(!page_footer("— 五 —"));
        assert!(!page_footer("共 5 件"));
        assert!(caption("表三：收到和处理政府信息公开申请情况"));
        assert!(!caption("表格说明"));
    }

    #[test]
    fn the_organ_and_year_of_a_title() {
        let text = "2025 年某市某某局政府信息公开\n工作年度报告";
        let (org, year) = super::meta_from_title(text, &(0..text.len()));
        assert_eq!(org.map(|o| o.0).as_deref(), Some("某市某某局"));
        assert_eq!(year.map(|y| y.0).as_deref(), Some("2025"));
        let names = |t: &str| {
            let (o, y) = super::organ_and_year(t);
            (o.map(|o| o.0), y.map(|y| y.0))
        };
        assert_eq!(
            names("凤泉区人民政府办公室 2024 年政府信息公开工作年度报告"),
            (Some("凤泉区人民政府办公室".into()), Some("2024".into()))
        );
        assert_eq!(
            names("2024年政府信息公開工作年度報告"),
            (None, Some("2024".into()))
        );
        assert_eq!(names("12024年某局政府信息公开"), (None, None));
        assert_eq!(names("某局工作报告"), (None, None));
    }

    #[test]
    fn bold_is_not_part_of_the_title() {
        let text = "**一、总体情况**  ";
        assert_eq!(&text[bare(text, &(0..text.len()))], "一、总体情况");
    }
}
