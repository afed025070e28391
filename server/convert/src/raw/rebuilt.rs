//! A table placed by the template's order, as items the table reader reads, and the note that
//! says how it was placed.

use super::detect::open;
use super::order::{Bound, RuledOut};
use super::region::{self, Region};
use super::words::Words;
use crate::index::Index;
use crate::source::{Item, Piece, Place};
use crate::Note;
use nianbao_core::knowledge::template::RowRole;

/// The stretch as items the table reader reads: the heading, text that is no part of the table
/// (before it, then after it), the printed note, a header row of the template's columns, and
/// a row per template row — its label the template's, its numbers the source's, where they are.
pub fn table_items(
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
pub fn note(region: &Region, bound: &Bound, index: &Index) -> Note {
    let lang = index.lang;
    let table = index.spec(region.spec);
    let width = bound.shape.columns.len();
    let height = bound.grid.len();
    let n = height * width;
    let at = region.values().next().map(|p| p.at.clone());
    let how = bound.reading.name(lang);
    let mut why: Vec<String> = Vec::new();
    if !bound.agreeing.is_empty() {
        let shown: Vec<String> = bound
            .agreeing
            .iter()
            .take(3)
            .map(|t| format!("“{t}”"))
            .collect();
        let count = bound.agreeing.len();
        let (more_zh, more_en) = if count > 3 {
            (format!("等{count}处"), format!(" and {} more", count - 3))
        } else {
            (String::new(), String::new())
        };
        why.push(index.say(
            format!("夹在数字间的标签{}{more_zh}均与其位置相符", shown.join("")),
            format!(
                "the labels between the numbers, {}{more_en}, each agree with their place",
                shown.join(" ")
            ),
        ));
    }
    let unprinted: Vec<String> = (0..table.columns.len())
        .filter(|c| !bound.shape.columns.contains(c))
        .map(|c| format!("“{}”", table.columns[c].label))
        .collect();
    if !unprinted.is_empty() {
        why.insert(
            0,
            index.say(
                format!("表中未印{}列", unprinted.join("")),
                format!("the table prints no column {}", unprinted.join(" ")),
            ),
        );
    }
    if let Some(form) = bound.shape.form.said(lang) {
        why.insert(0, form.to_string());
    }
    match &bound.other {
        RuledOut::Nothing => {}
        RuledOut::Alike => why.push(index.say(
            "其他读法所得的表与此相同",
            "the other readings give the same table",
        )),
        RuledOut::Label { text, at } => {
            let at = at.show(lang);
            why.push(index.say(
                format!("其他读法与标签“{text}”（{at}）不符"),
                format!("the other reading contradicts the label “{text}” ({at})"),
            ))
        }
        RuledOut::Split { text, at } => {
            let at = at.show(lang);
            why.push(index.say(
                format!("其他读法会把一行数字在“{text}”（{at}）处断开，而它前面隔着的不是标签"),
                format!("the other reading would split a line of numbers at “{text}” ({at}), which text that is no label sets apart"),
            ))
        }
        RuledOut::Relations(ids) => why.push(index.say(
            format!(
                "勾稽关系 {} 在此读法下成立、在其他读法下不成立",
                ids.join("、")
            ),
            format!(
                "relations {} hold as read and break under the other readings",
                ids.join(", ")
            ),
        )),
    }
    let message = index.say(
        format!(
            "本表的数字与标签在原文中分开排列（PDF 文本的阅读顺序）；{n} 个数字恰为模板的 {height} 行 × {width} 列，按模板的行列次序{how}放入，行列标签按模板写出{}",
            if why.is_empty() { String::new() } else { format!("：{}", why.join("；")) }
        ),
        format!(
            "the table's numbers stand apart from its labels in the source (PDF text in reading order); its {n} numbers are exactly the template's {height} rows × {width} columns, placed {how} in the template's order of rows and columns, with the template's labels{}",
            if why.is_empty() { String::new() } else { format!(": {}", why.join("; ")) }
        ),
    );
    Note::inferred_in_table(at, region.spec, message)
}
