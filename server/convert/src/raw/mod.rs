//! PDF text in reading order (`pdftotext` without `-layout`, and the text crawlers take from
//! PDFs): a table's cells come in the order the PDF's producer drew them, which is not a row
//! label followed by its numbers. Chromium and LibreOffice keep each row's numbers together, in
//! the template's row order, but emit wrapped labels in blocks apart from their numbers, break
//! header cells into pieces and interleave them, and leave a few single-line labels inline; a
//! producer whose table `pdftotext` takes as text columns gives the numbers column by column.
//!
//! Such a table is rebuilt here, before the table reader sees the items, when its order is
//! provable from the template ([`order`]: the count, the labels among the numbers, the
//! relations), and refused at its place otherwise. A rebuilt table is written with the
//! template's labels, each number keeping its place in the source, and an inference note says
//! how it was placed. [`region`] reads the text into tables' stretches; [`order`] binds each to
//! the template.
//!
//! Only what the table reader cannot read as it stands comes here (`rebuild` is asked per
//! stretch), so a table `pdftotext` emits in a clean order is read exactly as before.

mod order;
mod prose;
mod region;
mod relations;
mod words;

use crate::build::Vocabulary;
use crate::index::Index;
use crate::source::{Item, Piece, Place};
use crate::vertical::Reading as Cut;
use crate::{ImportError, Note};
use nianbao_core::knowledge::template::RowRole;
use order::{Bound, RuledOut};
pub use prose::join_wrapped;
use region::Region;
use words::Words;

/// The items with the tables in reading order rebuilt, and the notes saying so.
pub struct Rebuilt {
    pub items: Vec<Item>,
    pub notes: Vec<Note>,
}

/// Rebuilds each table stretch that `reads` (the table reader, on the stretch alone) cannot
/// read and whose numbers stand apart from their labels; refuses one whose order cannot be
/// proved. `None` when no stretch is in reading order.
pub fn rebuild(
    items: &[Item],
    index: &Index,
    reads: impl Fn(&[Item]) -> bool,
) -> Result<Option<Rebuilt>, ImportError> {
    let mut out: Vec<Item> = Vec::new();
    let mut notes = Vec::new();
    let mut next = 0;
    let vocabulary = Vocabulary::new(index);
    for region in region::regions(items, index) {
        let words = Words::new(index, region.spec);
        if !apart(&region, index, &words)
            || unreadable_vertical(&region, &vocabulary)
            || reads(&items[region.items.clone()])
        {
            continue;
        }
        let bound = order::bind(&region, index, &words)?;
        out.extend(items[next..region.items.start].iter().cloned());
        out.extend(table_items(items, &region, &bound, &words, index));
        notes.push(note(&region, &bound, index));
        next = region.items.end;
    }
    if next == 0 {
        return Ok(None);
    }
    out.extend(items[next..].iter().cloned());
    Ok(Some(Rebuilt { items: out, notes }))
}

/// Whether the stretch is in reading order rather than the clean order: its numbers stand apart
/// from their labels — a run of numbers longer than a row, or one right after a column label
/// (`行政许可 本年处理决定数量 1268`: the header printed after the row's label) — or its header
/// cells are broken and interleaved (`商业 科研 企业 机构`; the 勾稽关系 note's lines between
/// the header's cells). Runs no longer than a row after row labels or a label's wrapped lines,
/// under a header whose cells come whole or in consecutive pieces, are the clean order:
/// whatever the table reader finds wrong there (a column order not the template's, a cell
/// missing) it says itself.
fn apart(region: &Region, index: &Index, words: &Words) -> bool {
    let width = index.spec(region.spec).columns.len();
    let mut run = 0;
    for (p, piece) in region.pieces.iter().enumerate() {
        if !piece.is_value() {
            run = 0;
            continue;
        }
        run += 1;
        let after_column = || {
            p.checked_sub(1)
                .map(|b| &region.pieces[b])
                .is_some_and(|b| words.row(&b.text).is_none() && !words.columns(&b.text).is_empty())
        };
        if run > width || run == 1 && after_column() {
            return true;
        }
    }
    interleaved_header(region, words)
}

/// Whether the header (the pieces before the first number) has a piece that is neither a whole
/// label nor, with the one or two pieces after it, joins into one — nor belongs to the printed
/// note read on until its brackets close. One-character pieces are left out: a header printed
/// one character per line is the table reader's to read back.
fn interleaved_header(region: &Region, words: &Words) -> bool {
    let header: Vec<&str> = region
        .pieces
        .iter()
        .take_while(|p| !p.is_value())
        .map(|p| p.text.as_str())
        .collect();
    let whole = |text: &str| {
        words.row(text).is_some() || !words.columns(text).is_empty() || words.is_layout_cell(text)
    };
    let mut i = 0;
    while i < header.len() {
        if header[i].chars().count() == 1 {
            i += 1;
        } else if words.starts_note(header[i]) {
            let mut note = String::new();
            while i < header.len() && (note.is_empty() || open(&note)) {
                note.push_str(header[i]);
                i += 1;
            }
        } else if let Some(used) =
            (1..=3).find(|&n| i + n <= header.len() && whole(&header[i..i + n].concat()))
        {
            i += used;
        } else {
            return true;
        }
    }
    false
}

/// Whether `text` has more opening brackets than closing ones.
fn open(text: &str) -> bool {
    text.chars().filter(|c| matches!(c, '（' | '(')).count()
        > text.chars().filter(|c| matches!(c, '）' | ')')).count()
}

/// Whether the stretch holds a header printed one character per line (a run of three
/// one-character pieces or more; a wrapped label's last character or two stand alone in
/// reading order too) that does not read back into labels in exactly one way: the table
/// reader refuses it, naming the run and its readings — a header is never guessed, and a
/// rebuild would only hide it.
fn unreadable_vertical(region: &Region, vocabulary: &Vocabulary) -> bool {
    let single = |p: &region::Piece| !p.is_value() && p.text.chars().count() == 1;
    region
        .pieces
        .chunk_by(|a, b| single(a) == single(b))
        .filter(|run| run.len() >= 3 && single(&run[0]))
        .any(|run| {
            let chars: Vec<&str> = run.iter().map(|p| p.text.as_str()).collect();
            !matches!(vocabulary.read(&chars), Cut::Unique(_))
        })
}

/// The stretch as items the table reader reads: the heading, text that is no part of the table
/// (before it, then after it), the printed note, a header row of the template's columns, and
/// a row per template row — its label the template's, its numbers the source's, where they are.
fn table_items(
    items: &[Item],
    region: &Region,
    bound: &Bound,
    words: &Words,
    index: &Index,
) -> Vec<Item> {
    let table = index.spec(region.spec);
    let pieces = &region.pieces;
    let is_table = |p: &region::Piece| p.is_value() || words.is_table_text(&p.text);
    let first = pieces.iter().position(is_table).unwrap_or(0);
    let last = pieces.iter().rposition(is_table).unwrap_or(0);
    let first_value = pieces.iter().position(|p| p.is_value()).unwrap_or(first);
    let (note, in_note) = printed_note(region, words);
    // Text that is no part of the table keeps its side of the numbers (`order::bind` refuses
    // such text among them), a line's pieces together as the line they were.
    let outside: Vec<usize> = (0..pieces.len())
        .filter(|&p| !(in_note.contains(&p) || (first..=last).contains(&p) && is_table(&pieces[p])))
        .collect();
    let line_of = |p: usize| match pieces[p].at {
        Place::Text { line, .. } => line,
        _ => 0,
    };
    let mut before: Vec<Item> = Vec::new();
    let mut after: Vec<Item> = Vec::new();
    for run in outside
        .chunk_by(|&a, &b| line_of(a) == line_of(b) && (a < first_value) == (b < first_value))
    {
        let text: Vec<&str> = run.iter().map(|&p| pieces[p].text.as_str()).collect();
        let line = Item::Line(Piece::new(text.join(" "), pieces[run[0]].at.clone()));
        if run[0] < first_value {
            before.push(line);
        } else {
            after.push(line);
        }
    }
    let at = pieces[first_value].at.clone();
    let mut out = vec![items[region.items.start].clone()];
    out.extend(before);
    if let Some((text, place)) = note {
        out.push(Item::Line(Piece::new(text, place)));
    }
    let header_at = pieces.get(first).map_or(at.clone(), |p| p.at.clone());
    let mut header: Vec<Piece> = Vec::new();
    if let Some(label) = pieces[first..first_value]
        .iter()
        .find(|p| words.is_layout_cell(&p.text))
    {
        header.push(Piece::new(label.text.clone(), label.at.clone()));
    }
    header.extend(
        bound
            .shape
            .columns
            .iter()
            .map(|&c| Piece::new(table.columns[c].label.clone(), header_at.clone())),
    );
    out.push(Item::Row(header));
    for (r, row) in table.rows.iter().enumerate() {
        let cells = match bound.shape.rows.iter().position(|&x| x == r) {
            Some(i) => {
                let numbers: Vec<Piece> = bound.grid[i]
                    .iter()
                    .map(|&p| Piece::new(pieces[p].text.clone(), pieces[p].at.clone()))
                    .collect();
                let label_at = numbers.first().map_or(at.clone(), |n| n.at.clone());
                std::iter::once(Piece::new(row.label.clone(), label_at))
                    .chain(numbers)
                    .collect()
            }
            // Group rows (三、本年度办理结果, （三）不予公开) carry no numbers in the official layout.
            None if row.role != RowRole::Data => vec![Piece::new(row.label.clone(), at.clone())],
            None => continue,
        };
        out.push(Item::Row(cells));
    }
    out.extend(after);
    out
}

/// The 勾稽关系 note printed in the header, put back together: it starts at its first piece and
/// takes the pieces after it that are no whole label (the header's cells interleave with it)
/// until its brackets close. Its text and place, and the pieces it took.
fn printed_note(region: &Region, words: &Words) -> (Option<(String, Place)>, Vec<usize>) {
    let pieces = &region.pieces;
    let Some(start) = pieces
        .iter()
        .position(|p| !p.is_value() && words.starts_note(&p.text))
    else {
        return (None, Vec::new());
    };
    let mut text = pieces[start].text.clone();
    let mut taken = vec![start];
    let mut p = start + 1;
    while open(&text) && p < pieces.len() && taken.len() < 8 {
        let piece = &pieces[p];
        if piece.is_value() {
            break;
        }
        let whole = words.row(&piece.text).is_some()
            || !words.columns(&piece.text).is_empty()
            || words.is_layout_cell(&piece.text);
        if !whole && words.is_table_text(&piece.text) {
            text.push_str(&piece.text);
            taken.push(p);
        }
        p += 1;
    }
    (Some((text, pieces[start].at.clone())), taken)
}

/// The inference note: how the table was placed, and what proved it.
fn note(region: &Region, bound: &Bound, index: &Index) -> Note {
    let table = index.spec(region.spec);
    let width = bound.shape.columns.len();
    let n = bound.grid.len() * width;
    let at = region.values().next().map(|p| p.at.clone());
    let how = bound.reading.zh();
    let mut why: Vec<String> = Vec::new();
    if !bound.agreeing.is_empty() {
        let shown: Vec<String> = bound
            .agreeing
            .iter()
            .take(3)
            .map(|t| format!("“{t}”"))
            .collect();
        let more = if bound.agreeing.len() > 3 {
            format!("等{}处", bound.agreeing.len())
        } else {
            String::new()
        };
        why.push(format!(
            "夹在数字间的标签{}{more}均与其位置相符",
            shown.join("")
        ));
    }
    let unprinted: Vec<String> = (0..table.columns.len())
        .filter(|c| !bound.shape.columns.contains(c))
        .map(|c| format!("“{}”", table.columns[c].label))
        .collect();
    if !unprinted.is_empty() {
        why.insert(0, format!("表中未印{}列", unprinted.join("")));
    }
    if let Some(form) = bound.shape.form.zh() {
        why.insert(0, form.to_string());
    }
    match &bound.other {
        RuledOut::Nothing => {}
        RuledOut::Alike => why.push("其他读法所得的表与此相同".to_string()),
        RuledOut::Label { text, at } => why.push(format!("其他读法与标签“{text}”（{at}）不符")),
        RuledOut::Relations(ids) => why.push(format!(
            "勾稽关系 {} 在此读法下成立、在其他读法下不成立",
            ids.join("、")
        )),
    }
    Note::inferred_in_table(
        at,
        region.spec,
        format!(
            "本表的数字与标签在原文中分开排列（PDF 文本的阅读顺序）；{n} 个数字恰为模板的 {} 行 × {} 列，按模板的行列次序{how}放入，行列标签按模板写出{}",
            bound.grid.len(),
            width,
            if why.is_empty() { String::new() } else { format!("：{}", why.join("；")) }
        ),
    )
}
