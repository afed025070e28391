//! The source as a flat list of items, whatever its form: lines of text, and rows of cells
//! where the form marks rows (pipe and tab scrapes, HTML and Word tables). The text layouts
//! are detected here; HTML and .docx have their own readers that produce the same items.

use crate::{say, Lang};
use nianbao_core::normalize::key;

/// The forms `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Each table cell on its own line ending in `|`, rows separated by a line `|` (seeds 000, 004).
    Pipe,
    /// One cell per line, no row marks (seeds 001, 003).
    Lines,
    /// Rows as lines, cells separated by tabs (seed 002).
    Tabs,
    /// Text extracted from a PDF: cells separated by spaces or line breaks, page breaks as form feeds.
    Pdf,
    Html,
    Docx,
    /// Word 97–2003 (`.doc`), the binary format.
    Doc,
    /// Crawler text whose table cells run together, often a whole page on one line (`fused`).
    Fused,
    /// `.nianbao` markup already, or a converter's Markdown that `check` reads as it is: written
    /// out unchanged.
    Markup,
}

impl Format {
    pub const ALL: [Format; 9] = [
        Format::Pipe,
        Format::Lines,
        Format::Tabs,
        Format::Pdf,
        Format::Html,
        Format::Docx,
        Format::Doc,
        Format::Fused,
        Format::Markup,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Pipe => "pipe",
            Format::Lines => "lines",
            Format::Tabs => "tabs",
            Format::Pdf => "pdf",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Doc => "doc",
            Format::Fused => "fused",
            Format::Markup => "markup",
        }
    }

    pub fn parse(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Whether a line may hold several cells separated by spaces.
    pub(crate) fn splits_lines(self) -> bool {
        self == Format::Pdf
    }
}

/// Where something is in the source: a line and column (1-based, in characters) of the decoded
/// text, or a cell of the n-th table of an HTML or Word file, or its n-th paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    Text {
        line: usize,
        column: usize,
    },
    Cell {
        table: usize,
        row: usize,
        cell: usize,
    },
    Paragraph(usize),
}

impl Place {
    /// The place as a message says it: `LINE:COLUMN` in either language, a table's cell or a
    /// paragraph in words of the message language.
    pub fn show(&self, lang: Lang) -> String {
        match self {
            Place::Text { line, column } => format!("{line}:{column}"),
            Place::Cell { table, row, cell } => say(
                lang,
                format!("第{table}个表格第{row}行第{cell}格"),
                format!("table {table}, row {row}, cell {cell}"),
            ),
            Place::Paragraph(n) => say(lang, format!("第{n}段"), format!("paragraph {n}")),
        }
    }
}

/// A piece of text and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    pub at: Place,
    /// An empty cell that is certainly a cell of its own (an HTML or Word cell with no span), as
    /// opposed to an empty that may be layout padding (a merged cell, a trailing tab).
    pub real_empty: bool,
}

impl Piece {
    pub fn new(text: impl Into<String>, at: Place) -> Piece {
        Piece {
            text: text.into(),
            at,
            real_empty: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A line of text (a paragraph, or in the line layouts possibly a cell).
    Line(Piece),
    /// A row of a table whose form marks rows.
    Row(Vec<Piece>),
}

/// Trims every kind of space real files have: ASCII, no-break (`&nbsp;`), ideographic.
pub fn trim(s: &str) -> &str {
    s.trim_matches(|c: char| {
        c.is_whitespace() || c == '\u{a0}' || c == '\u{3000}' || c == '\u{feff}'
    })
}

/// Which text layout `text` is in.
pub fn detect_text(text: &str) -> Format {
    let lines: Vec<&str> = text.lines().collect();
    let pipe = lines
        .iter()
        .filter(|l| trim(l) == "|" || l.trim_end().ends_with(" |"))
        .count();
    let tabs = lines
        .iter()
        .filter(|l| l.contains('\t') && !trim(l).is_empty())
        .count();
    let numeric_runs = lines.iter().filter(|l| number_run(l) >= 3).count();
    if pipe >= 10 && pipe >= tabs {
        Format::Pipe
    } else if tabs >= 10 {
        Format::Tabs
    } else if text.contains('\u{c}') || numeric_runs >= 5 {
        Format::Pdf
    } else {
        Format::Lines
    }
}

/// How many numbers a line ends with, separated by spaces (`…申请数量 57 1 0 0 0 0 58` → 7).
fn number_run(line: &str) -> usize {
    line.split_whitespace()
        .rev()
        .take_while(|w| {
            w.chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
        })
        .count()
}

/// The items of a text in one of the text layouts, and the page furniture left out (PDF text).
pub fn text_items(text: &str, format: Format) -> (Vec<Item>, Vec<(Place, String)>) {
    let (text, mut dropped) = if format == Format::Pdf {
        strip_pages(text)
    } else {
        (text.to_string(), Vec::new())
    };
    let text = if matches!(format, Format::Pdf | Format::Lines) {
        strip_page_numbers(&text, &mut dropped)
    } else {
        text
    };
    let mut out = Vec::new();
    let mut row: Vec<Piece> = Vec::new();
    for (n, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let at = |byte: usize| Place::Text {
            line: n + 1,
            column: raw[..byte].chars().count() + 1,
        };
        match format {
            Format::Pipe => {
                if trim(raw) == "|" {
                    flush(&mut row, &mut out);
                } else if raw.trim_end().ends_with('|') {
                    // `cell |`, or `cell | |||` where the extra pipes pad a merged cell.
                    let mut start = 0;
                    let segments: Vec<&str> = raw.split('|').collect();
                    for segment in &segments[..segments.len() - 1] {
                        let lead = segment.len() - segment.trim_start().len();
                        row.push(Piece::new(trim(segment), at(start + lead)));
                        start += segment.len() + 1;
                    }
                } else {
                    flush(&mut row, &mut out);
                    line(raw, at(0), &mut out);
                }
            }
            Format::Tabs if raw.contains('\t') => {
                let mut start = 0;
                let cells = raw
                    .split('\t')
                    .map(|cell| {
                        let lead = cell.len() - cell.trim_start().len();
                        let piece = Piece::new(trim(cell), at(start + lead));
                        start += cell.len() + 1;
                        piece
                    })
                    .collect();
                out.push(Item::Row(cells));
            }
            _ => line(raw, at(0), &mut out),
        }
    }
    flush(&mut row, &mut out);
    (out, dropped)
}

/// Blanks the page furniture of PDF text where `pdftotext` marks page breaks with form feeds:
/// a page number just before or after a break (`- 3 -`, `第3页`, `3/12`), and a running header
/// just after a break that repeats a line of an earlier page. Lines keep their numbers.
///
/// A bare number (`3`) next to a break may as well be a cell of a table that crosses the break
/// (text in reading order gives one number a line), so it is taken for a page number only where
/// it numbers its page: bare numbers next to breaks that count the pages with one offset (front
/// pages left unnumbered) on half the pages at least — or, in a text of two pages, the page's
/// own number (`2` on page 2). A running header
/// is text, never a number alone nor a label of the templates' tables (a table's header cell
/// on a line of its own may well open a page twice).
fn strip_pages(text: &str) -> (String, Vec<(Place, String)>) {
    static PAGE_NO: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let page_no = PAGE_NO.get_or_init(|| {
        regex::Regex::new(
            r"^[-—–－\s]*(第\s*)?\d{1,4}(\s*页)?(\s*/\s*\d{1,4}|\s*共\s*\d{1,4}\s*页)?[-—–－\s]*$",
        )
        .expect("valid pattern")
    });
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let breaks: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.contains('\u{c}'))
        .map(|(i, _)| i)
        .collect();
    let clean = |l: &str| trim(&l.replace('\u{c}', "")).to_string();
    let is_number = |l: &str| !l.is_empty() && l.chars().all(|c| c.is_ascii_digit() || c == '.');
    let may_run = |l: &str| !is_number(l) && !is_template_label(l);
    // A running header: the first line of two pages or more (a page's own first line may be
    // shared with the header only by chance, so one repetition is not enough).
    let first_lines: Vec<Option<usize>> = breaks
        .iter()
        .map(|&b| (b..lines.len()).find(|&i| !clean(&lines[i]).is_empty()))
        .collect();
    let running: Vec<String> = first_lines
        .iter()
        .flatten()
        .map(|&i| clean(&lines[i]))
        .filter(|l| {
            may_run(l)
                && first_lines
                    .iter()
                    .flatten()
                    .filter(|&&j| clean(&lines[j]) == *l)
                    .count()
                    >= 2
        })
        .collect();
    // The lines next to a break that may be furniture, in order, without repeats.
    let mut next_to_breaks: Vec<usize> = Vec::new();
    let mut headers: Vec<usize> = Vec::new();
    for &b in &breaks {
        // The break sits at the start of line b (the first line of the new page).
        next_to_breaks.extend((0..b).rev().find(|&i| !trim(&lines[i]).is_empty()));
        if let Some(i) = (b..lines.len()).find(|&i| !clean(&lines[i]).is_empty()) {
            next_to_breaks.push(i);
            headers.push(i);
        }
    }
    if !breaks.is_empty() {
        next_to_breaks.extend(lines.iter().rposition(|l| !trim(l).is_empty()));
    }
    next_to_breaks.dedup();
    let page_of = |i: usize| 1 + breaks.iter().filter(|&&b| b <= i).count() as i64;
    let pages = lines
        .iter()
        .rposition(|l| !clean(l).is_empty())
        .map_or(1, page_of);
    let bare: Vec<(usize, i64)> = next_to_breaks
        .iter()
        .filter_map(|&i| {
            let line = clean(&lines[i]);
            let n: i64 = line.parse().ok().filter(|_| is_number(&line))?;
            Some((i, n - page_of(i)))
        })
        .collect();
    let shared = |offset: i64| {
        let pages_with: std::collections::BTreeSet<i64> = bare
            .iter()
            .filter(|(_, o)| *o == offset)
            .map(|&(i, _)| page_of(i))
            .collect();
        let count = pages_with.len() as i64;
        // Numbers that count the pages on half of them at least; or, in two pages, the page's
        // own number alone (the other page unnumbered).
        count >= 2 && 2 * count >= pages || offset == 0 && count == 1 && pages <= 2
    };
    let mut dropped = Vec::new();
    // The first page's running header (a word processor prints it on every page): the first
    // line, a running header of the pages after, when the title follows it — the same text on
    // the next line or two (a title in a larger type wraps: `…工作年` / `度报告`).
    let first = lines.iter().position(|l| !clean(l).is_empty());
    if let Some(i) = first.filter(|&i| running.contains(&clean(&lines[i]))) {
        let header = key(&clean(&lines[i]));
        let mut title = String::new();
        for l in lines[i + 1..]
            .iter()
            .filter(|l| !clean(l).is_empty())
            .take(2)
        {
            title.push_str(&key(&clean(l)));
            if title == header {
                dropped.push((
                    Place::Text {
                        line: i + 1,
                        column: 1,
                    },
                    clean(&lines[i]),
                ));
                lines[i].clear();
                break;
            }
        }
    }
    for i in next_to_breaks {
        let line = clean(&lines[i]);
        let furniture = match bare.iter().find(|(at, _)| *at == i) {
            Some(&(_, offset)) => shared(offset),
            None => {
                page_no.is_match(&line)
                    || headers.contains(&i)
                        && may_run(&line)
                        && (running.contains(&line) || lines[..i].iter().any(|l| trim(l) == line))
            }
        };
        if furniture {
            dropped.push((
                Place::Text {
                    line: i + 1,
                    column: 1,
                },
                line,
            ));
            lines[i].clear();
        }
    }
    let text = lines
        .iter()
        .map(|l| l.replace('\u{c}', ""))
        .collect::<Vec<_>>()
        .join("\n");
    (text, dropped)
}

/// Whether `line` is, folded, a label of some template: a section title, a block heading, a row,
/// column or column group of a table.
fn is_template_label(line: &str) -> bool {
    static KEYS: std::sync::OnceLock<std::collections::HashSet<String>> =
        std::sync::OnceLock::new();
    let keys = KEYS.get_or_init(|| {
        let mut keys = std::collections::HashSet::new();
        for template in &nianbao_core::knowledge::Knowledge::get().templates {
            for s in &template.sections {
                keys.insert(key(&s.title));
            }
            for t in &template.tables {
                keys.extend(t.block.iter().map(|b| key(b)));
                for r in &t.rows {
                    keys.insert(key(&r.label));
                    keys.extend(r.variants.iter().map(|v| key(v)));
                }
                for c in &t.columns {
                    keys.insert(key(&c.label));
                    keys.extend(c.variants.iter().map(|v| key(v)));
                    keys.extend(c.group.iter().map(|g| key(g)));
                }
            }
        }
        keys
    });
    keys.contains(&key(line))
}

/// Blanks page numbers that need no page break to be told: a number with dashes on both sides
/// (`- 3 -`, `— 3 —`) or in 第…页 (`第3页`, `第 3 页 共 5 页`, `共5页 第3页`). Neither is a
/// value nor a label, so wherever one stands — text extracted without form feeds, a page
/// number between two rows of a table — it is page furniture. A bare number is not: it may
/// be a value, and is only dropped next to a form feed where it numbers its page
/// (`strip_pages`). Lines keep their numbers.
fn strip_page_numbers(text: &str, dropped: &mut Vec<(Place, String)>) -> String {
    static DECORATED: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let decorated = DECORATED.get_or_init(|| {
        regex::Regex::new(
            r"^(?:[-—–－]+\s*\d{1,4}\s*[-—–－]+|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|共\s*\d{1,4}\s*页\s*[,，/]?\s*第\s*\d{1,4}\s*页)$",
        )
        .expect("valid pattern")
    });
    let mut out: Vec<&str> = Vec::new();
    for (n, line) in text.split('\n').enumerate() {
        let t = trim(line.strip_suffix('\r').unwrap_or(line));
        if decorated.is_match(t) {
            dropped.push((
                Place::Text {
                    line: n + 1,
                    column: 1,
                },
                t.to_string(),
            ));
            out.push("");
        } else {
            out.push(line);
        }
    }
    out.join("\n")
}

fn flush(row: &mut Vec<Piece>, out: &mut Vec<Item>) {
    if !row.is_empty() {
        out.push(Item::Row(std::mem::take(row)));
    }
}

/// A line: empty lines separate and are dropped; a line of spaces only (`&nbsp;` in a scrape)
/// is kept as an empty piece, since in the one-cell-per-line layout it stands for an empty cell.
fn line(raw: &str, at: Place, out: &mut Vec<Item>) {
    if raw.is_empty() {
        return;
    }
    let lead = raw.len()
        - raw
            .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{3000}')
            .len();
    let at = match at {
        Place::Text { line, .. } => Place::Text {
            line,
            column: raw[..lead].chars().count() + 1,
        },
        other => other,
    };
    out.push(Item::Line(Piece::new(trim(raw), at)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipe_rows_and_padding() {
        let text = "前言\n|\n第二十条第(一)項 | |||\n|\n信息內容 |\n本年制發件數 |\n";
        let (items, _) = text_items(text, Format::Pipe);
        assert_eq!(
            items[0],
            Item::Line(Piece::new("前言", Place::Text { line: 1, column: 1 }))
        );
        let Item::Row(cells) = &items[1] else {
            panic!("{items:?}")
        };
        assert_eq!(cells[0].text, "第二十条第(一)項");
        assert!(cells[1..].iter().all(|c| c.text.is_empty()));
        let Item::Row(cells) = &items[2] else {
            panic!()
        };
        assert_eq!(
            cells.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(),
            ["信息內容", "本年制發件數"]
        );
        assert_eq!(cells[1].at, Place::Text { line: 6, column: 1 });
    }

    #[test]
    fn pdf_page_furniture() {
        let text =
            "某局2024年报告\n一、总体情况\n正文\n- 1 -\n\u{c}某局2024年报告\n一、本年新收 5 0\n2\n";
        let (items, dropped) = text_items(text, Format::Pdf);
        let texts: Vec<(String, Place)> = dropped.into_iter().map(|(p, t)| (t, p)).collect();
        assert_eq!(
            texts.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>(),
            ["- 1 -", "某局2024年报告", "2"]
        );
        assert_eq!(items.len(), 4);
    }

    /// Text in reading order puts a table's cells one a line, so a cell often ends a page: a
    /// bare number is a page number only where the numbers count the pages.
    #[test]
    fn a_bare_number_at_a_break_is_a_page_number_only_where_it_numbers_its_page() {
        let pages = |feet: &[&str]| -> String {
            feet.iter()
                .enumerate()
                .map(|(page, foot)| format!("第{page}页的正文\n{foot}\n\u{c}"))
                .collect()
        };
        let dropped = |text: &str| -> Vec<String> {
            text_items(text, Format::Pdf)
                .1
                .into_iter()
                .map(|(_, t)| t)
                .collect()
        };
        // Every page numbered, or every page but the cover (an offset of one).
        assert_eq!(dropped(&pages(&["1", "2", "3", "4"])), ["1", "2", "3", "4"]);
        assert_eq!(dropped(&pages(&["封面", "1", "2", "3"])), ["1", "2", "3"]);
        // Cells that end pages: 16 on page 3 of four, 3 and 0 counting nothing.
        assert!(dropped(&pages(&["7", "0", "3", "16"])).is_empty());
        // One page's own number is a page number in two pages, not in four.
        assert_eq!(dropped(&pages(&["正文", "2"])), ["2"]);
        assert!(dropped(&pages(&["正文", "正文", "3", "正文"])).is_empty());
        // A column's label opening two pages is no running header.
        let text = "总计\n1\n\u{c}总计\n2\n\u{c}总计\n3\n\u{c}";
        assert!(
            !dropped(text).contains(&"总计".to_string()),
            "{:?}",
            dropped(text)
        );
    }

    #[test]
    fn detects_layouts() {
        assert_eq!(detect_text(&"a |\n|\n".repeat(10)), Format::Pipe);
        assert_eq!(detect_text(&"a\tb\n".repeat(10)), Format::Tabs);
        assert_eq!(
            detect_text(&"一、本年新收 5 0 0 0\n".repeat(6)),
            Format::Pdf
        );
        assert_eq!(detect_text("自然人\n5\n"), Format::Lines);
    }
}
