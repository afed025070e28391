//! Paragraphs of PDF text in reading order put back together. `pdftotext` without `-layout`
//! writes a paragraph as the lines the PDF wrapped it into, one after the other, and a blank line
//! after it: read line by line, every line would be a paragraph of its own — a figure split
//! over two lines unread by the prose checks, and a line that happens to start like a heading
//! (`5.政府信息公开…`) taken for one. A line continues the line above it when that line is full
//! (as wide as the text's lines are, give or take), neither is a heading, an item that opens
//! with its number, or a value, and it is full itself or ends a sentence (a short line that
//! does not — the organ signing the report — stands alone). Blank lines between (a page break)
//! end the paragraph only where its last line ended a sentence. Tables' stretches are left as
//! they are.

use super::region;
use crate::index::Index;
use crate::source::{Item, Place};
use nianbao_core::value::{self, Value};
use regex::Regex;
use std::sync::OnceLock;

/// Lines shorter than this are not prose lines when the text's width is measured.
const PROSE: usize = 20;

/// The items with the wrapped lines of each paragraph joined into one line, and how many
/// lines were joined.
pub fn join_wrapped(items: Vec<Item>, index: &Index) -> (Vec<Item>, usize) {
    let mut in_table = vec![false; items.len()];
    for r in region::regions(&items, index) {
        in_table[r.items].iter_mut().for_each(|t| *t = true);
    }
    let Some(width) = text_width(&items, &in_table) else {
        return (items, 0);
    };
    let mut out: Vec<Item> = Vec::with_capacity(items.len());
    // The number and the text of the last line of the item just written (a paragraph joined
    // so far ends with it).
    let mut last_line = 0;
    let mut last_text = String::new();
    let mut joined = 0;
    for (item, table) in items.into_iter().zip(in_table) {
        let Item::Line(piece) = &item else {
            out.push(item);
            continue;
        };
        let Place::Text { line, .. } = piece.at else {
            out.push(item);
            continue;
        };
        let above = match out.last_mut() {
            Some(Item::Line(above))
                if !table
                    // The next line; or, after blank lines (a page break), the next text when
                    // the line above has not ended its sentence.
                    && (line == last_line + 1 || line > last_line && !ends_sentence(&last_text))
                    && full(&last_text, width)
                    && continues(&last_text, index)
                    && may_continue(&piece.text, index)
                    && (full(&piece.text, width) || ends_sentence(&piece.text)) =>
            {
                Some(above)
            }
            _ => None,
        };
        last_line = line;
        last_text.clone_from(&piece.text);
        match above {
            Some(above) => {
                above.text.push_str(&piece.text);
                joined += 1;
            }
            None => out.push(item),
        }
    }
    (out, joined)
}

/// The width of the text's full lines: the median length of the lines outside tables long
/// enough to be prose (most lines of a paragraph are full; its last is often too short to
/// count).
fn text_width(items: &[Item], in_table: &[bool]) -> Option<usize> {
    let mut lengths: Vec<usize> = items
        .iter()
        .zip(in_table)
        .filter_map(|(item, table)| match (item, table) {
            (Item::Line(p), false) => Some(p.text.chars().count()),
            _ => None,
        })
        .filter(|&n| n >= PROSE)
        .collect();
    lengths.sort_unstable();
    (lengths.len() >= 3).then(|| lengths[lengths.len() / 2])
}

/// Whether a line fills the text's width (justified CJK lines differ by a character or two, a
/// figure set apart by spaces by a few more).
fn full(text: &str, width: usize) -> bool {
    text.chars().count() * 10 >= width * 9
}

/// Whether the next line may continue `text`: it is no heading and no value.
fn continues(text: &str, index: &Index) -> bool {
    !heading(text, index) && !is_value(text)
}

/// Whether `text` may be the continuation of the line above: not a heading, not a new item
/// (`2.依申请公开情况。…`, `（二）…`), not a value.
fn may_continue(text: &str, index: &Index) -> bool {
    static ITEM: OnceLock<Regex> = OnceLock::new();
    let item = ITEM.get_or_init(|| {
        Regex::new(r"^[（(]?[0-9一二三四五六七八九十]+[）)、.．]").expect("valid pattern")
    });
    !heading(text, index) && !item.is_match(text) && !is_value(text)
}

/// Whether a line ends as a paragraph's last line does: a short line without it (an organ's
/// name signing the report, a date) is a line of its own.
fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .ends_with(['。', '；', '！', '？', '：', '”', '）', '…', '.', ';', ')'])
}

fn heading(text: &str, index: &Index) -> bool {
    index.section(text).is_some() || index.block(text).is_some()
}

fn is_value(text: &str) -> bool {
    value::parse(text) != Value::Invalid
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{text_items, Format};
    use nianbao_core::knowledge::Knowledge;

    fn paragraphs(text: &str) -> Vec<String> {
        let template = Knowledge::get()
            .template("2021")
            .expect("the 2021 template");
        let (items, _) = text_items(text, Format::Pdf);
        let (items, _) = join_wrapped(items, &Index::new(template, nianbao_core::Lang::Zh));
        items
            .into_iter()
            .filter_map(|i| match i {
                Item::Line(p) => Some(p.text),
                Item::Row(_) => None,
            })
            .collect()
    }

    #[test]
    fn wrapped_lines_are_one_paragraph_again() {
        let text = "一、总体情况\n\
                    2024年，本局认真贯彻落实《条例》和国家、省、市关于政务公开工作的部署\n\
                    要求，坚持以公开为常态、不公开为例外，围绕中心工作深化政务公开，不断\n\
                    提升规范化水平。\n\
                    （一）主动公开\n\
                    全年通过市政府门户网站本局专栏主动公开政府信息1426条，其中政策文件38\n\
                    件、政策解读15篇、工作动态612条、通知公告209条。\n\
                    2.依申请公开情况。收到政府信息公开申请101件，其中自然人申请86件、法人\n\
                    或其他组织申请15件。本局政务新媒体账号发布信息530条，与门户网站同步发布\n\
                    \n\
                    \u{c}重要政策文件和解读材料。\n\
                    针对上述问题，本局将进一步规范答复文书的说理和救济途径告知，减少行政复议。\n\
                    某市某某局\n";
        assert_eq!(
            paragraphs(text),
            [
                "一、总体情况",
                "2024年，本局认真贯彻落实《条例》和国家、省、市关于政务公开工作的部署要求，坚持以公开为常态、不公开为例外，围绕中心工作深化政务公开，不断提升规范化水平。",
                "（一）主动公开",
                "全年通过市政府门户网站本局专栏主动公开政府信息1426条，其中政策文件38件、政策解读15篇、工作动态612条、通知公告209条。",
                "2.依申请公开情况。收到政府信息公开申请101件，其中自然人申请86件、法人或其他组织申请15件。本局政务新媒体账号发布信息530条，与门户网站同步发布重要政策文件和解读材料。",
                "针对上述问题，本局将进一步规范答复文书的说理和救济途径告知，减少行政复议。",
                "某市某某局",
            ]
        );
    }
}
