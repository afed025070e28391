//! The reader: PDF text in reading order cut into the stretches the template's tables occupy,
//! each as a candidate grid's raw material — its numbers in the order the text gives them and
//! the text around them, every piece with its place.
//!
//! A stretch runs from a heading that opens one table (a `第二十条第（X）项` block heading, or the
//! heading of a section the template gives one table: 三, 四) to the next heading of either
//! kind. Headings are what `pdftotext` keeps whole on a line of their own whatever order it
//! gives a table's cells, so they are the anchors.

use crate::index::Index;
use crate::source::{Item, Place};
use nianbao_core::value::{self, Value};
use std::ops::Range;

/// One cell-sized piece of the text: pieces of a line are set apart by spaces.
#[derive(Debug, Clone)]
pub struct Piece {
    pub text: String,
    pub at: Place,
}

impl Piece {
    /// A value cell: a number, a placeholder (—, /, 无) or 待核.
    pub fn is_value(&self) -> bool {
        value::parse(&self.text) != Value::Invalid
    }
}

/// The stretch of one template table.
#[derive(Debug)]
pub struct Region {
    /// Index into the template's tables.
    pub spec: usize,
    /// The items from the heading (included) to the next heading.
    pub items: Range<usize>,
    /// The pieces after the heading, in reading order.
    pub pieces: Vec<Piece>,
}

impl Region {
    pub fn values(&self) -> impl Iterator<Item = &Piece> {
        self.pieces.iter().filter(|p| p.is_value())
    }
}

/// The stretches of text that belong to one template table each, in order.
pub fn regions(items: &[Item], index: &Index) -> Vec<Region> {
    let mut out: Vec<Region> = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    let close = |open: Option<(usize, usize)>, end: usize, out: &mut Vec<Region>| {
        if let Some((spec, start)) = open {
            out.push(Region {
                spec,
                items: start..end,
                pieces: pieces(items, start + 1..end),
            });
        }
    };
    for (i, item) in items.iter().enumerate() {
        let Item::Line(line) = item else { continue };
        // A block heading opens its table; a section heading opens the section's one table, or
        // none (it still ends the stretch before it).
        let anchor = match index.block(&line.text) {
            Some(spec) => Some(Some(spec)),
            None => index.section(&line.text).map(|s| only_table(index, s)),
        };
        if let Some(table) = anchor {
            close(open.take(), i, &mut out);
            open = table.map(|spec| (spec, i));
        }
    }
    close(open, items.len(), &mut out);
    out
}

/// The table of section `s`, when the template gives the section exactly one.
fn only_table(index: &Index, s: usize) -> Option<usize> {
    let id = &index.template.sections[s].id;
    let mut tables = index
        .template
        .tables
        .iter()
        .enumerate()
        .filter(|(_, t)| &t.section == id);
    match (tables.next(), tables.next()) {
        (Some((t, _)), None) => Some(t),
        _ => None,
    }
}

/// The pieces of the lines in `range`, split at spaces, each with its line and column.
fn pieces(items: &[Item], range: Range<usize>) -> Vec<Piece> {
    let mut out = Vec::new();
    for i in range {
        let Item::Line(line) = &items[i] else {
            continue;
        };
        let Place::Text {
            line: number,
            column,
        } = line.at
        else {
            continue;
        };
        let mut offset = 0;
        for word in line
            .text
            .split(|c: char| c.is_whitespace() || c == '\u{3000}')
        {
            if !word.is_empty() {
                out.push(Piece {
                    text: word.to_string(),
                    at: Place::Text {
                        line: number,
                        column: column + offset,
                    },
                });
            }
            offset += word.chars().count() + 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{text_items, Format};
    use nianbao_core::knowledge::Knowledge;

    #[test]
    fn headings_cut_the_text_into_the_tables_stretches() {
        let template = Knowledge::get()
            .template("2021")
            .expect("the 2021 template");
        let index = Index::new(template, nianbao_core::Lang::Zh);
        let text = "二、主动公开政府信息情况\n第二十条第（五）项\n信息内容\n行政许可  本年处理决定数量\n1268\n\
                    三、收到和处理政府信息公开申请情况\n申请人情况\n86 9\n五、存在的主要问题及改进情况\n正文\n";
        let (items, _) = text_items(text, Format::Pdf);
        let regions = regions(&items, &index);
        assert_eq!(regions.len(), 2);
        assert_eq!(index.spec(regions[0].spec).id, "A5");
        assert_eq!(index.spec(regions[1].spec).id, "B");
        let texts: Vec<&str> = regions[0].pieces.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["信息内容", "行政许可", "本年处理决定数量", "1268"]);
        assert_eq!(regions[0].pieces[2].at, Place::Text { line: 4, column: 7 });
        assert_eq!(regions[1].values().count(), 2);
    }
}
