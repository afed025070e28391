//! The tables of 第二十条 as pages and Word files really lay them out (HTML, .docx): a column the
//! template does not have (`本年修订件数` beside 本年制发件数), a row printed under another item's
//! heading (行政许可 under 第二十条第（六）项). The rows are bound by their labels, not by where they
//! stand, and the tables written again in the template's order: a row goes to the table its label
//! belongs to, each figure to the column its header cell names. A column of no template table
//! is kept out of the tables, its figures said in a note at the table — nothing is lost, and the
//! rest of the report imports. A stretch already laid out as the template lays it is left as it
//! is; one whose figures cannot all be placed so is left to the table reader, which refuses it.

use crate::index::Index;
use crate::source::{trim, Item, Piece};
use crate::Note;
use nianbao_core::value::{self, Value};

/// `items` with the stretches of section 二's tables bound by label, and a note per decision.
pub fn bind_by_label(items: Vec<Item>, index: &Index) -> (Vec<Item>, Vec<Note>) {
    let tables = section_two(index);
    if tables.is_empty() {
        return (items, Vec::new());
    }
    let mut out = Vec::with_capacity(items.len());
    let mut notes = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let Some(end) = stretch(&items, i, index, &tables) else {
            out.push(items[i].clone());
            i += 1;
            continue;
        };
        match rebuild(&items[i..end], index, &tables) {
            Some((rebuilt, said)) => {
                out.extend(rebuilt);
                notes.extend(said);
            }
            None => out.extend(items[i..end].iter().cloned()),
        }
        i = end;
    }
    (out, notes)
}

/// The template tables of section 二 (those a `第二十条` heading opens).
fn section_two(index: &Index) -> Vec<usize> {
    (0..index.table_count())
        .filter(|&t| index.spec(t).block.is_some())
        .collect()
}

/// What an item of a section-二 stretch is.
enum Kind {
    /// A `第二十条第（X）项` heading, opening template table `_`.
    Block(usize),
    /// A header row: its cells name columns of section 二's tables.
    Header,
    /// A row whose label is a row of template table `_`.
    Data(usize),
}

fn kind(item: &Item, index: &Index, tables: &[usize]) -> Option<Kind> {
    let cells: Vec<&Piece> = match item {
        Item::Line(p) => vec![p],
        Item::Row(cells) => cells.iter().filter(|c| !trim(&c.text).is_empty()).collect(),
    };
    let first = trim(&cells.first()?.text);
    if let Some(t) = index.block(first).filter(|t| tables.contains(t)) {
        return (cells.len() == 1).then_some(Kind::Block(t));
    }
    let Item::Row(_) = item else { return None };
    let owners: Vec<usize> = tables
        .iter()
        .copied()
        .filter(|&t| index.row(t, first).is_some())
        .collect();
    if let [t] = owners[..] {
        return Some(Kind::Data(t));
    }
    let names_a_column = cells.iter().any(|c| {
        tables
            .iter()
            .any(|&t| index.column(t, trim(&c.text)).is_some())
    });
    let no_figure = cells.iter().all(|c| !is_figure(&c.text));
    (names_a_column && no_figure).then_some(Kind::Header)
}

fn is_figure(text: &str) -> bool {
    matches!(value::parse(trim(text)), Value::Number(_))
}

/// The end of the stretch of section-二 items starting at `start`, if one starts there: it
/// opens with a block heading and goes on while its items are headings, headers or rows of
/// section 二's tables.
fn stretch(items: &[Item], start: usize, index: &Index, tables: &[usize]) -> Option<usize> {
    matches!(kind(&items[start], index, tables), Some(Kind::Block(_))).then(|| {
        (start + 1..items.len())
            .find(|&i| kind(&items[i], index, tables).is_none())
            .unwrap_or(items.len())
    })
}

/// A data row bound: its template table and row, and its figures by template column.
struct Bound {
    table: usize,
    label: Piece,
    cells: Vec<Option<Piece>>,
}

/// The stretch written again in the template's order, with its notes; `None` when it is laid
/// out as the template lays it already, or when a figure has no column it can be placed in.
fn rebuild(stretch: &[Item], index: &Index, tables: &[usize]) -> Option<(Vec<Item>, Vec<Note>)> {
    let mut block: Option<(usize, Piece)> = None;
    let mut header: Option<Vec<Piece>> = None;
    let mut blocks: Vec<(usize, Piece)> = Vec::new();
    let mut bound: Vec<Bound> = Vec::new();
    let mut extra: Vec<(usize, String, String, Piece)> = Vec::new();
    let mut moved: Vec<(usize, usize, Piece)> = Vec::new();
    for item in stretch {
        match (kind(item, index, tables)?, item) {
            (Kind::Block(t), Item::Line(p)) => block = Some((t, p.clone())),
            (Kind::Block(t), Item::Row(cells)) => {
                let p = cells.iter().find(|c| !trim(&c.text).is_empty())?;
                block = Some((t, p.clone()));
            }
            (Kind::Header, Item::Row(cells)) => header = Some(cells.clone()),
            (Kind::Data(t), Item::Row(cells)) => {
                if let Some(b) = block.take() {
                    blocks.push(b);
                }
                let under = blocks.last().map(|(b, _)| *b);
                if under != Some(t) {
                    if let Some((u, _)) = blocks.last() {
                        moved.push((t, *u, cells[0].clone()));
                    }
                }
                let columns = index.spec(t).columns.len();
                let mut placed = vec![None; columns];
                let values = &cells[1..];
                match &header {
                    Some(h) if h.len() == cells.len() => {
                        for (p, piece) in values.iter().enumerate() {
                            let name = trim(&h[p + 1].text);
                            match index.column(t, name) {
                                Some(c) => placed[c] = Some(piece.clone()),
                                None if trim(&piece.text).is_empty() => {}
                                None => extra.push((
                                    t,
                                    name.to_string(),
                                    trim(&cells[0].text).to_string(),
                                    piece.clone(),
                                )),
                            }
                        }
                    }
                    _ if values.len() == columns => {
                        for (c, piece) in values.iter().enumerate() {
                            placed[c] = Some(piece.clone());
                        }
                    }
                    _ => return None,
                }
                bound.push(Bound {
                    table: t,
                    label: cells[0].clone(),
                    cells: placed,
                });
            }
            _ => return None,
        }
    }
    if let Some(b) = block {
        blocks.push(b);
    }
    if extra.is_empty() && moved.is_empty() {
        return None;
    }
    let mut items = Vec::new();
    let mut notes = Vec::new();
    for &t in tables {
        let rows: Vec<&Bound> = bound.iter().filter(|b| b.table == t).collect();
        if rows.is_empty() {
            continue;
        }
        let spec = index.spec(t);
        let at = rows[0].label.at.clone();
        let heading = blocks
            .iter()
            .find(|(b, _)| *b == t)
            .map(|(_, p)| p.clone())
            .unwrap_or_else(|| Piece::new(spec.block.clone().unwrap_or_default(), at.clone()));
        items.push(Item::Row(vec![heading]));
        let head = std::iter::once(spec.label_header.clone().unwrap_or_default())
            .chain(spec.columns.iter().map(|c| c.label.clone()))
            .map(|text| Piece::new(text, at.clone()))
            .collect();
        items.push(Item::Row(head));
        for row in rows {
            let cells = std::iter::once(row.label.clone())
                .chain(row.cells.iter().map(|c| {
                    c.clone().unwrap_or_else(|| Piece {
                        real_empty: true,
                        ..Piece::new("", row.label.at.clone())
                    })
                }))
                .collect();
            items.push(Item::Row(cells));
        }
        for (table, under, label) in moved.iter().filter(|m| m.0 == t) {
            let (under, table) = (index.spec(*under), index.spec(*table));
            notes.push(Note::inferred_in_table(Some(label.at.clone()), t, {
                let (row, under, table) = (
                    trim(&label.text),
                    under.block.clone().unwrap_or_default(),
                    table.block.clone().unwrap_or_default(),
                );
                index.say(
                    format!("“{row}”印在“{under}”之下，按其标签归入“{table}”"),
                    format!(
                        "“{row}” is printed under “{under}”; by its label it is put in “{table}”"
                    ),
                )
            }));
        }
        let mut names: Vec<&str> = Vec::new();
        for e in extra.iter().filter(|e| e.0 == t) {
            if !names.contains(&e.1.as_str()) {
                names.push(&e.1);
            }
        }
        for name in names {
            let figures: Vec<String> = extra
                .iter()
                .filter(|e| e.0 == t && e.1 == name)
                .map(|e| format!("{} {}", e.2, trim(&e.3.text)))
                .collect();
            let at = extra
                .iter()
                .find(|e| e.0 == t && e.1 == name)
                .map(|e| e.3.at.clone());
            notes.push(Note::inferred_in_table(
                at,
                t,
                {
                    let block = spec.block.clone().unwrap_or_default();
                    index.say(
                        format!(
                            "原表“{block}”另有“{name}”一列，模板没有此列，未写入表格：{}",
                            figures.join("，")
                        ),
                        format!(
                            "the source's “{block}” has a column “{name}” the template has not; left out of the table: {}",
                            figures.join(", ")
                        ),
                    )
                },
            ));
        }
    }
    Some((items, notes))
}
