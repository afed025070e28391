//! The report's title, organ and year when the page does not put them on top: crawler text of a
//! portal page often keeps the title only in an attachment line after the report
//! (`附件：河北省教育厅2022年政府信息公开工作年度报告`), and the year only in the sentence on the
//! reporting period (`统计期限从2022年1月1日起至2022年12月31日止`). Both are inferences, noted.

use crate::build::{Block, Built};
use crate::source::{trim, Item};
use crate::{say, write, Lang, Note};
use nianbao_core::normalize::key;
use regex::Regex;
use std::sync::OnceLock;

/// A title the file gives outside its text.
pub enum Outside {
    /// An HTML page's `<title>`.
    Page(String),
    /// The title in a PDF's or Word file's properties; often the file name Word saved it under
    /// (`Microsoft Word - 某局….docx`), or a placeholder no report is named (`标题`, `Untitled`).
    DocumentProperties(String),
}

/// With no title read: the page's `<title>`, a short line elsewhere in the source, the title in
/// the file's properties, or else the file's name (downloads are often saved under the report's
/// title) that is a report's title naming its organ and year becomes the title, at the top,
/// with a note.
pub fn find_elsewhere(
    built: &mut Built,
    items: &[Item],
    outside: Option<Outside>,
    file_name: &str,
    lang: Lang,
) {
    if built.blocks.iter().any(|b| matches!(b, Block::Title(_))) {
        return;
    }
    let is_title = is_report_title;
    let (page_title, properties_title) = match outside {
        Some(Outside::Page(t)) => (Some(t), None),
        Some(Outside::DocumentProperties(t)) => {
            let t = t.trim();
            let t = t.strip_prefix("Microsoft Word - ").unwrap_or(t);
            (None, title_of_file_name(t))
        }
        None => (None, None),
    };
    let found_in_text = || {
        items.iter().find_map(|item| {
            let Item::Line(p) = item else { return None };
            let text = trim(&p.text);
            let title = trim(
                text.trim_start_matches("附件")
                    .trim_start_matches(['：', ':'])
                    .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.'),
            );
            is_title(title).then(|| (title.to_string(), p.at.clone()))
        })
    };
    // The first place that gives a title, with what the note says of where it came from.
    let (title, at, zh, en) = if let Some(t) = page_title.filter(|t| is_title(t)) {
        let zh = format!("正文没有标题；标题、机关和年度取自网页标题“{t}”");
        let en = format!("the text has no title; the title, organ and year are taken from the page's title “{t}”");
        (t, None, zh, en)
    } else if let Some((t, at)) = found_in_text() {
        let zh = format!("原件开头没有标题；标题、机关和年度取自此处的“{t}”");
        let en = format!("the source does not open with a title; the title, organ and year are taken from “{t}” here");
        (t, Some(at), zh, en)
    } else if let Some(t) = properties_title.filter(|t| is_title(t)) {
        let zh = format!("原件没有标题；标题、机关和年度取自文件属性中的标题“{t}”");
        let en = format!("the source has no title; the title, organ and year are taken from the title in the file's properties, “{t}”");
        (t, None, zh, en)
    } else if let Some(t) = of_file_name(file_name) {
        let zh = format!("原件没有标题；标题、机关和年度取自文件名“{file_name}”");
        let en = format!("the source has no title; the title, organ and year are taken from the file name “{file_name}”");
        (t, None, zh, en)
    } else {
        return;
    };
    built.notes.push(Note::inferred(at, say(lang, zh, en)));
    built.blocks.insert(0, Block::Title(title));
}

/// A report's title naming its organ and year.
fn is_report_title(t: &str) -> bool {
    let (organ, year) = write::from_title(t);
    t.chars().count() <= 60 && key(t).ends_with("年度报告") && organ.is_some() && year.is_some()
}

/// The report's title that a downloaded file's name carries, if it carries one.
pub fn of_file_name(file_name: &str) -> Option<String> {
    title_of_file_name(file_name).filter(|t| is_report_title(t))
}

/// The name without its folder, its extension and the numbering a portal puts before
/// attachments (`附件1-`, `2.`).
fn title_of_file_name(file_name: &str) -> Option<String> {
    let name = file_name.rsplit(['/', '\\']).next()?;
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let stem = trim(stem.trim_start_matches("附件"));
    // `1-`, `2.`, `（3）`: a number of one or two digits and its separator, never a year.
    let unnumbered = stem.trim_start_matches(['（', '(']);
    let digits = unnumbered.len()
        - unnumbered
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    let stem = match unnumbered[digits..].chars().next() {
        Some(c) if (1..=2).contains(&digits) && "-_.、：:）) ".contains(c) => {
            &unnumbered[digits + c.len_utf8()..]
        }
        _ => stem,
    };
    let title = trim(stem.trim_start_matches(['：', ':', '-', '_']));
    (!title.is_empty()).then(|| title.to_string())
}

/// The year of the reporting period a paragraph states (`自2022年1月1日起至2022年12月31日止`),
/// noted as inferred; `None` if no paragraph states one.
/// Shared by every importer that writes blocks (the stream reader, run-together text).
pub fn year_of_the_period(blocks: &[Block], notes: &mut Vec<Note>, lang: Lang) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*(?:起\s*)?至\s*(?:((?:19|20)\d{2})\s*年\s*)?12\s*月\s*31\s*日")
            .expect("valid pattern")
    });
    let year = blocks.iter().find_map(|b| match b {
        Block::Paragraph(text) => {
            let c = re.captures(text)?;
            // `至12月31日` with the year left out is the same year.
            c.get(2)
                .is_none_or(|end| end.as_str() == &c[1])
                .then(|| c[1].to_string())
        }
        _ => None,
    })?;
    notes.push(Note::inferred(
        None,
        say(
            lang,
            format!("年度 {year} 取自正文所述的统计期限（标题未写年度）"),
            format!("year {year} taken from the reporting period the text states (the title names no year)"),
        ),
    ));
    Some(year)
}

/// The organ that signs the report at its end (`河北省教育厅2024年1月26日`, run into the last
/// sentence or on lines of its own), when no title names one: the signature is part of the
/// report as printed, so the organ is read, never made up, and noted as inferred.
pub fn organ_of_the_signature(
    blocks: &[Block],
    notes: &mut Vec<Note>,
    lang: Lang,
) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        // An organ's name ends in the word for what it is; the date after it is the signing
        // date (not the report's year, which the period or the title gives).
        Regex::new(
            r"(?:^|[。！；;\s\u{3000}])([\p{Han}（）()]{2,30}?(?:人民政府|政府办公室|办公室|办公厅|管理委员会|管委会|委员会|人民法院|人民检察院|厅|局|委|署|办|中心|院))[\s\u{3000}]*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日[\s\u{3000}]*$",
        )
        .expect("valid pattern")
    });
    let paragraphs: Vec<&str> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(t) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    // The organ and the date may be two paragraphs of their own.
    let tail = match paragraphs.as_slice() {
        [.., a, b] => format!("{a}\n{b}"),
        [b] => b.to_string(),
        [] => return None,
    };
    let organ = re.captures(&tail)?[1].to_string();
    notes.push(Note::inferred(
        None,
        say(
            lang,
            format!("机关“{organ}”取自文末落款（标题未写机关）"),
            format!("organ “{organ}” taken from the signature at the end (the title names none)"),
        ),
    ));
    Some(organ)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn built(paragraph: &str) -> Built {
        Built {
            blocks: vec![Block::Paragraph(paragraph.into())],
            notes: Vec::new(),
            numbers: 0,
        }
    }

    #[test]
    fn a_file_name_gives_the_title_without_extension_or_numbering() {
        let t = |name: &str| title_of_file_name(name);
        assert_eq!(
            t("附件1-某某县人民政府办公室2023年政府信息公开工作年度报告.pdf").as_deref(),
            Some("某某县人民政府办公室2023年政府信息公开工作年度报告")
        );
        assert_eq!(
            t("dl/2.某某市教育局2022年度政府信息公开工作年度报告.docx").as_deref(),
            Some("某某市教育局2022年度政府信息公开工作年度报告")
        );
        assert_eq!(
            t("2023年度某某局政府信息公开工作年度报告.pdf").as_deref(),
            Some("2023年度某某局政府信息公开工作年度报告")
        );
        assert_eq!(
            t("附件：某局2021年报告.doc").as_deref(),
            Some("某局2021年报告")
        );
        assert_eq!(t("（3）某局2021年报告").as_deref(), Some("某局2021年报告"));
        assert_eq!(t("P020240131.pdf").as_deref(), Some("P020240131"));
        assert_eq!(t(".pdf"), None);
    }

    #[test]
    fn the_organ_comes_from_the_signature_at_the_end() {
        let mut b = built("六、其他需要报告的事项无。示例县审计局2024年1月26日");
        assert_eq!(
            organ_of_the_signature(&b.blocks, &mut b.notes, Lang::Zh).as_deref(),
            Some("示例县审计局")
        );
        assert!(b.notes[0].inferred.is_some());
        let mut b = built("示例市人民政府办公室");
        b.blocks.push(Block::Paragraph("2023年2月1日".into()));
        assert_eq!(
            organ_of_the_signature(&b.blocks, &mut b.notes, Lang::Zh).as_deref(),
            Some("示例市人民政府办公室")
        );
        // A date closing a sentence is no signature.
        let mut b = built("本报告所列数据截至2023年12月31日");
        assert_eq!(
            organ_of_the_signature(&b.blocks, &mut b.notes, Lang::Zh),
            None
        );
        assert!(b.notes.is_empty());
    }

    #[test]
    fn the_year_comes_from_a_period_of_one_whole_year() {
        let mut b = built("本报告所列数据统计期限从2022年1月1日起至2022年12月31日止。");
        assert_eq!(
            year_of_the_period(&b.blocks, &mut b.notes, Lang::Zh).as_deref(),
            Some("2022")
        );
        assert!(b.notes[0].inferred.is_some());
        let mut b = built("统计期限为2021年1月1日至12月31日。");
        assert_eq!(
            year_of_the_period(&b.blocks, &mut b.notes, Lang::Zh).as_deref(),
            Some("2021")
        );
        let mut b = built("统计期限自 2023 年 1 月 1 日至 2024 年 12 月 31 日。");
        assert_eq!(year_of_the_period(&b.blocks, &mut b.notes, Lang::Zh), None);
        assert!(b.notes.is_empty());
    }
}
