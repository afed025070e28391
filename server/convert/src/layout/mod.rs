//! Text from `pdftotext -layout`: each printed line is a line of text, its cells placed by runs of
//! spaces. Three things of that layout defeat a reader that takes the text in reading order, and
//! are undone here before the table reader sees the items:
//!
//! - a header cell wrapped over several lines (`商业` over `企业`, `结果` over `维持`) shares its
//!   lines with its neighbours' pieces, so reading order interleaves the cells: the header's
//!   pieces are stacked back by column position (a piece continues the one above it that it
//!   overlaps) and each stack becomes one cell, left to right;
//! - the 勾稽关系 note printed beside the header shares a line with it (`…之和，  等` then
//!   `于第三项…）`): the note is joined back whole;
//! - a row label wrapped with the numbers on its first line leaves the label's end after the
//!   numbers: it is put back onto its label when only together they make a label of the template.
//!
//! Cells separated by two spaces or more become the cells of a row; a single space is inside a
//! cell (`4.无正当理由大量反复 申请`), except between numbers and between header pieces, where
//! it separates cells (`社会 法律` are two columns). Every number keeps its line and column;
//! which column a number is in is decided by the table reader, by count.

mod wrapped;

use crate::index::Index;
use crate::source::{trim, Item, Piece, Place};
use crate::{ImportError, Note};
use nianbao_core::model::labels::Spelling;
use nianbao_core::normalize::key;
use nianbao_core::value::{self, Value};
use unicode_width::UnicodeWidthStr;

/// A piece of a line and where it stands: its first character's column and its width in
/// characters (`pdftotext -layout` places text by character cells).
#[derive(Debug, Clone)]
struct Word {
    text: String,
    line: usize,
    column: usize,
}

impl Word {
    fn piece(&self) -> Piece {
        Piece::new(
            self.text.clone(),
            Place::Text {
                line: self.line,
                column: self.column,
            },
        )
    }
}

fn is_number(text: &str) -> bool {
    matches!(value::parse(text), Value::Number(_))
}

/// Splits a line at runs of `min_gap` spaces or more.
fn split(p: &Piece, min_gap: usize) -> Vec<Word> {
    let Place::Text { line, column } = p.at else {
        return Vec::new();
    };
    let chars: Vec<char> = p.text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() || chars[i] == '\u{3000}' {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        while end < chars.len() {
            let gap = chars[end..]
                .iter()
                .take_while(|c| c.is_whitespace() || **c == '\u{3000}')
                .count();
            if gap >= min_gap || end + gap >= chars.len() {
                break;
            }
            end += gap.max(1);
            end += chars[end..]
                .iter()
                .take_while(|c| !(c.is_whitespace() || **c == '\u{3000}'))
                .count();
        }
        let end = end.max(start + 1);
        let text: String = chars[start..end].iter().collect();
        out.push(Word {
            text: trim(&text).to_string(),
            line,
            column: column + start,
        });
        i = end;
    }
    out
}

/// The cells of a body line: runs of two spaces or more separate cells; a cell of numbers, or
/// of header pieces (`结果维持 结果纠正`), separated by single spaces is as many cells.
fn cells(p: &Piece, vocabulary: Option<&Vocabulary>) -> Vec<Word> {
    split(p, 2)
        .into_iter()
        .flat_map(|w| {
            let parts = split(&w.piece(), 1);
            let header = |x: &Word| vocabulary.is_some_and(|v| v.part(&x.text).is_some());
            if parts.len() > 1
                && (parts.iter().all(|x| is_number(&x.text)) || parts.iter().all(header))
            {
                parts
            } else {
                vec![w]
            }
        })
        .collect()
}

/// Whether the text is `pdftotext -layout` output: at least five lines whose last cells are
/// three numbers or more set apart by runs of spaces, after a label set apart the same way.
pub fn looks_like_layout(items: &[Item]) -> bool {
    items
        .iter()
        .filter(|item| match item {
            Item::Line(p) => {
                let words = split(p, 2);
                let numbers = words
                    .iter()
                    .rev()
                    .take_while(|w| is_number(&w.text))
                    .count();
                numbers >= 1
                    && numbers < words.len()
                    && cells(p, None).iter().filter(|w| is_number(&w.text)).count() >= 3
            }
            Item::Row(_) => false,
        })
        .count()
        >= 5
}

/// What a header piece is, for stacking.
#[derive(PartialEq)]
enum HeaderPart {
    /// A cell standing over several columns or beside the header: a column group, a row group
    /// of the template's table 四, layout chrome. Kept as it is, in reading order.
    Spanning,
    /// A piece of a column label (or the whole of one).
    Leaf,
}

/// The template's header vocabulary, as keys.
struct Vocabulary {
    columns: Vec<String>,
    spanning: Vec<String>,
}

impl Vocabulary {
    fn new(index: &Index) -> Vocabulary {
        let mut columns = Vec::new();
        let mut spanning: Vec<String> = ["申请人情况", "信息内容", "类别", "项目", "行政诉讼"]
            .iter()
            .map(|s| key(s))
            .collect();
        for t in 0..index.table_count() {
            let spec = index.spec(t);
            for c in &spec.columns {
                columns.push(key(&c.label));
                if let Some(g) = &c.group {
                    spanning.push(key(g));
                }
            }
            // Table 四's rows are printed as groups over its columns.
            // so are the parts of a label in parentheses (`行政诉讼` over `未经复议直接起诉`).
            if spec.columns.iter().any(|c| c.group.is_none()) && spec.rows.len() <= 4 {
                for r in &spec.rows {
                    spanning.push(key(&r.label));
                    if let Some((_, inner)) = r.label.split_once('（') {
                        spanning.push(key(inner.trim_end_matches('）')));
                    }
                }
            }
        }
        Vocabulary { columns, spanning }
    }

    fn part(&self, text: &str) -> Option<HeaderPart> {
        let k = key(text);
        if k.is_empty() {
            return None;
        }
        if self.spanning.contains(&k) {
            Some(HeaderPart::Spanning)
        } else if self.columns.iter().any(|c| c.contains(&k)) {
            Some(HeaderPart::Leaf)
        } else {
            None
        }
    }
}

fn is_note(text: &str) -> bool {
    key(text).contains("勾稽关系")
}

fn open_parens(text: &str) -> bool {
    let opens = text.matches(['（', '(']).count();
    let closes = text.matches(['）', ')']).count();
    opens > closes
}

/// Rewrites `-layout` text into rows: see the module comment. Lines that are not table lines
/// (prose) stay as they are.
pub fn rows(items: Vec<Item>, index: &Index) -> Result<(Vec<Item>, Vec<Note>), ImportError> {
    let items = join_wrapped_prose(items, index);
    let vocabulary = Vocabulary::new(index);
    let mut out: Vec<Item> = Vec::with_capacity(items.len());
    let mut notes = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let Item::Line(p) = &items[i] else {
            out.push(items[i].clone());
            i += 1;
            continue;
        };
        if p.text.is_empty() {
            out.push(items[i].clone());
            i += 1;
            continue;
        }
        if let Some(end) = header_end(&items, i, &vocabulary, index) {
            let (rows, note) = stack_header(&items[i..end], &vocabulary, index);
            notes.extend(note);
            out.extend(rows);
            let start_of_header = i;
            i = end;
            let header = Header {
                signature: header_signature(&items[start_of_header..i], &vocabulary, index),
                vocabulary: &vocabulary,
            };
            if let Some((end, rows, note)) = wrapped::body(&items, i, index, &header)? {
                out.extend(rows);
                notes.extend(note);
                i = end;
            }
            continue;
        }
        let words = cells(p, Some(&vocabulary));
        let numbers = words.iter().filter(|w| is_number(&w.text)).count();
        let single_label = words.len() == 1 && is_label(index, &words[0].text);
        if numbers == 0 && words.len() == 1 && continues_label(&mut out, &words[0], index) {
            let end = &words[0].text;
            let message = index.say(
                format!("“{end}”是上一行标签折到数字后面的末尾部分（pdftotext -layout 的排法），已接回该标签"),
                format!("“{end}” is the end of the row label above it, wrapped after its numbers (pdftotext -layout)"),
            );
            notes.push(Note::new(Some(words[0].piece().at), message));
        } else if words.len() > 1 || single_label {
            out.push(Item::Row(words.iter().map(Word::piece).collect()));
        } else {
            out.push(items[i].clone());
        }
        i += 1;
    }
    Ok((out, notes))
}

/// Prose as `-layout` prints it: a paragraph's first line indented, the lines it wraps onto
/// flush left. A line flush left continues the line above it when that line is prose filled to
/// the width of the page (it wrapped) and is no heading; the paragraph becomes one line,
/// at its first line's place, so that a sentence (and a figure in it) is not cut in two.
fn join_wrapped_prose(items: Vec<Item>, index: &Index) -> Vec<Item> {
    let indent = |p: &Piece| match p.at {
        Place::Text { column, .. } => column - 1,
        _ => 0,
    };
    // Where the line ends on the page, in character cells.
    let reach = |p: &Piece| indent(p) + p.text.trim_end().width();
    let prose = |p: &Piece| !p.text.is_empty() && split(p, 2).len() == 1 && !is_number(&p.text);
    // The width of a full line: the most common reach of prose lines, which are mostly full
    // (the widest line may be a cell of a table set far right).
    let mut reaches: Vec<usize> = items
        .iter()
        .filter_map(|item| match item {
            Item::Line(p) if prose(p) => Some(reach(p)),
            _ => None,
        })
        .collect();
    reaches.sort_unstable();
    let page = reaches
        .chunk_by(|a, b| a == b)
        .max_by_key(|run| run.len())
        .map_or(0, |run| run[0]);
    let mut out: Vec<Item> = Vec::with_capacity(items.len());
    for item in items {
        let Item::Line(p) = &item else {
            out.push(item);
            continue;
        };
        let flush_left = indent(p) == 0;
        if let Some(Item::Line(above)) = out.last_mut() {
            // A centred line (a title's part, `报告`) is no paragraph's line, however long.
            let centred = indent(above) > 6;
            let joins = flush_left
                && !centred
                && prose(p)
                && prose(above)
                && !heading(index, p, page)
                && page > 0
                && reach(above) + 4 >= page
                && !stands_alone(index, &above.text);
            if joins {
                let tail = p.text.as_str();
                // Chinese wraps anywhere, a number too (`142` / `6条`); only words of Latin
                // letters had a space at the break.
                let ascii_seam = above
                    .text
                    .trim_end()
                    .ends_with(|c: char| c.is_ascii_alphabetic())
                    && tail.starts_with(|c: char| c.is_ascii_alphabetic());
                above.text = format!(
                    "{}{}{tail}",
                    above.text.trim_end(),
                    if ascii_seam { " " } else { "" }
                );
                continue;
            }
        }
        out.push(item);
    }
    out
}

/// A line that starts a block although it is flush left: a section or table heading, or a short
/// line that starts with an ordinal (`（一）主动公开`, `二、…`).
fn heading(index: &Index, p: &Piece, page: usize) -> bool {
    const NUMERALS: &str = "一二三四五六七八九十0123456789";
    let text = p.text.trim_start_matches(['（', '(']);
    let rest = text.trim_start_matches(|c: char| NUMERALS.contains(c));
    let ordinal = rest.len() < text.len()
        && (rest.starts_with(['、', '）', ')', '.', '．']) && !rest.starts_with("、、"));
    stands_alone(index, &p.text) || (ordinal && p.text.width() * 2 < page)
}

/// A line that is a block of its own: a section title, a table's heading. (A title is centred,
/// so never as wide as the page.)
fn stands_alone(index: &Index, text: &str) -> bool {
    index.section(text).is_some() || index.block(text).is_some()
}

fn is_label(index: &Index, text: &str) -> bool {
    (0..index.table_count()).any(|t| index.row(t, text).is_some())
}

fn exact_row(index: &Index, text: &str) -> bool {
    (0..index.table_count()).any(|t| {
        index
            .row_spelled(t, text)
            .is_some_and(|(_, s)| s != Spelling::Truncated)
    })
}

/// A text-only line after a row whose label is not whole without it: joined onto that label.
fn continues_label(out: &mut [Item], word: &Word, index: &Index) -> bool {
    let Some(Item::Row(cells)) = out
        .iter_mut()
        .rev()
        .find(|item| !matches!(item, Item::Line(p) if p.text.is_empty()))
    else {
        return false;
    };
    let Some(label) = cells.iter_mut().rev().find(|c| !is_number(&c.text)) else {
        return false;
    };
    let joined = format!("{}{}", label.text, word.text);
    if exact_row(index, &label.text) || !exact_row(index, &joined) {
        return false;
    }
    label.text = joined;
    true
}

/// The 勾稽关系 note while it is being read: its text so far, and whether its brackets are
/// still open (it wraps over the header's lines until they close).
#[derive(Default)]
struct NoteReader {
    note: Option<Word>,
    open: bool,
    /// Whether a line held both the note's text and header cells.
    shared_a_line: bool,
}

impl NoteReader {
    /// Sorts a header line's pieces (split at single spaces: a word processor sets the note
    /// and the cells beside it one space apart, `…之和） 自然人 商业企`) into the note's text and
    /// header pieces. A piece is the note's while its brackets are open and it is no header
    /// label; the note's pieces are taken into it. `None` when some piece is neither.
    fn line(&mut self, p: &Piece, vocabulary: &Vocabulary, index: &Index) -> Option<Vec<Word>> {
        let mut header = Vec::new();
        let mut noted = false;
        for w in letter_spaced(split(p, 1), vocabulary) {
            if is_note(&w.text) {
                self.open = open_parens(&w.text);
                self.note = Some(w);
                noted = true;
            } else if self.open && vocabulary.part(&w.text).is_none() {
                noted = true;
                if let Some(n) = self.note.as_mut() {
                    n.text.push_str(&w.text);
                    self.open = open_parens(&n.text);
                }
            } else if index.section(&w.text).is_none()
                && index.block(&w.text).is_none()
                && vocabulary.part(&w.text).is_some()
            {
                header.push(w);
            } else {
                return None;
            }
        }
        self.shared_a_line |= noted && !header.is_empty();
        Some(header)
    }
}

/// Pieces with the characters of one label set a space apart (`结 果` for 结果: a word processor
/// spreads a short label over a wide cell) joined back, where one character stands either side
/// of a single space and together they are a header label.
fn letter_spaced(words: Vec<Word>, vocabulary: &Vocabulary) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::with_capacity(words.len());
    for w in words {
        if let Some(last) = out.last_mut() {
            let adjacent =
                last.line == w.line && last.column + last.text.chars().count() + 1 == w.column;
            let single = w.text.chars().count() == 1
                && last.text.chars().last().is_some_and(|c| !c.is_ascii())
                && w.text.chars().all(|c| !c.is_ascii());
            let joined = format!("{}{}", last.text, w.text);
            let was_single =
                last.text.chars().count() == 1 || vocabulary.part(&last.text).is_none();
            if adjacent && single && was_single && vocabulary.part(&joined).is_some() {
                last.text = joined;
                continue;
            }
        }
        out.push(w);
    }
    out
}

/// The characters of a header's column cells (the note and the cells over several columns
/// aside), sorted: the same header printed again on the next page has the same, however its
/// cells wrap there. (A page's first line that repeats an earlier one, `申请人情况`, is taken
/// for a running header before this reader sees it.)
fn header_signature(lines: &[Item], vocabulary: &Vocabulary, index: &Index) -> Vec<char> {
    let mut note = NoteReader::default();
    let mut chars: Vec<char> = lines
        .iter()
        .filter_map(|item| match item {
            Item::Line(p) if !p.text.is_empty() => note.line(p, vocabulary, index),
            _ => None,
        })
        .flatten()
        .filter(|w| vocabulary.part(&w.text) == Some(HeaderPart::Leaf))
        .flat_map(|w| key(&w.text).chars().collect::<Vec<_>>())
        .collect();
    chars.sort_unstable();
    chars
}

/// Where the header that starts at `start` ends (exclusive): the run of lines made only of
/// header pieces and the 勾稽关系 note, if it holds two pieces or more.
fn header_end(
    items: &[Item],
    start: usize,
    vocabulary: &Vocabulary,
    index: &Index,
) -> Option<usize> {
    let mut end = start;
    let mut pieces = 0;
    let mut note = NoteReader::default();
    while end < items.len() {
        let Item::Line(p) = &items[end] else { break };
        if p.text.is_empty() {
            end += 1;
            continue;
        }
        match note.line(p, vocabulary, index) {
            Some(w) => {
                pieces += w.len();
                end += 1;
            }
            None => break,
        }
    }
    // Trailing blank lines belong to what follows.
    while end > start && matches!(&items[end - 1], Item::Line(p) if p.text.is_empty()) {
        end -= 1;
    }
    (pieces >= 2 && end > start).then_some(end)
}

/// A table's header, to know it again where a page repeats it inside the body.
struct Header<'v> {
    signature: Vec<char>,
    vocabulary: &'v Vocabulary,
}

impl Header<'_> {
    /// Where a repetition of this header that starts at `start` ends (exclusive), if one does.
    fn repeated_at(&self, items: &[Item], start: usize, index: &Index) -> Option<usize> {
        let end = header_end(items, start, self.vocabulary, index)?;
        (header_signature(&items[start..end], self.vocabulary, index) == self.signature)
            .then_some(end)
    }
}

/// How far, in columns, a header piece may stand from the piece above it that it continues.
const DRIFT: usize = 3;

/// The header's rows: the note, joined whole; the spanning cells in reading order; then one row
/// of the column cells, each stacked from the pieces over one another, left to right.
fn stack_header(lines: &[Item], vocabulary: &Vocabulary, index: &Index) -> (Vec<Item>, Vec<Note>) {
    let mut out = Vec::new();
    let mut note = NoteReader::default();
    let mut stacks: Vec<Vec<Word>> = Vec::new();
    let mut spanning: Vec<Word> = Vec::new();
    let mut line_cells: Vec<Item> = Vec::new();
    for item in lines {
        let Item::Line(p) = item else { continue };
        if p.text.is_empty() {
            continue;
        }
        let Some(words) = note.line(p, vocabulary, index) else {
            continue;
        };
        if !words.is_empty() {
            line_cells.push(Item::Row(words.iter().map(Word::piece).collect()));
        }
        // Stacks a piece of this line has continued: one piece each per line.
        let mut continued: Vec<usize> = Vec::new();
        {
            for w in words {
                if vocabulary.part(&w.text) == Some(HeaderPart::Spanning) {
                    spanning.push(w);
                    continue;
                }
                // A piece continues a stack above it that starts within a few columns of it
                // (`-layout` columns drift: CJK glyphs are wider than its character cells), the
                // leftmost such one, if together they are still (part of) a header label:
                // `总计` over `法律服务机构` are two cells.
                let continues = |(n, s): &(usize, &Vec<Word>)| {
                    let joined: String = s
                        .iter()
                        .map(|x| x.text.as_str())
                        .chain([w.text.as_str()])
                        .collect();
                    !continued.contains(n)
                        && s.last().is_some_and(|top| {
                            top.line < w.line && top.column.abs_diff(w.column) <= DRIFT
                        })
                        && vocabulary.part(&joined) == Some(HeaderPart::Leaf)
                };
                let found = stacks
                    .iter()
                    .enumerate()
                    .filter(continues)
                    .min_by_key(|(_, s)| s[0].column)
                    .map(|(n, _)| n)
                    .or_else(|| {
                        // Cells letter-spaced above (`结 果 结 果 其他`) drift further: the
                        // next stack to the right of the one this line's last piece continued,
                        // within twice the drift, cells keeping their order.
                        let after = continued.last().map_or(0, |&n| stacks[n][0].column + 1);
                        stacks
                            .iter()
                            .enumerate()
                            .filter(|(n, s)| {
                                s[0].column >= after
                                    && !continued.contains(n)
                                    && s.last().is_some_and(|top| top.line < w.line)
                            })
                            .min_by_key(|(_, s)| s[0].column)
                            .filter(|(_, s)| {
                                let joined: String = s
                                    .iter()
                                    .map(|x| x.text.as_str())
                                    .chain([w.text.as_str()])
                                    .collect();
                                s.last()
                                    .is_some_and(|top| top.column.abs_diff(w.column) <= 2 * DRIFT)
                                    && vocabulary.part(&joined) == Some(HeaderPart::Leaf)
                            })
                            .map(|(n, _)| n)
                    });
                match found {
                    Some(n) => {
                        continued.push(n);
                        stacks[n].push(w);
                    }
                    None => stacks.push(vec![w]),
                }
            }
        }
    }
    let mut notes = Vec::new();
    if let Some(n) = &note.note {
        out.push(Item::Line(n.piece()));
    }
    out.extend(spanning.iter().map(|w| Item::Line(w.piece())));
    // Left to right by each cell's middle: a short cell (`总计`) may start a column to the
    // right of a wider one's first piece (`尚未` over `审结`) and still stand left of it.
    stacks.sort_by_key(|s| {
        s.iter()
            .map(|w| 2 * w.column + w.text.chars().count())
            .sum::<usize>()
            * 64
            / s.len()
    });
    let stacked = stacks.iter().filter(|s| s.len() > 1).count();
    if stacked == 0 && !note.shared_a_line {
        // No cell wrapped: reading order is the header's order, as the table reader takes it.
        return (lines.to_vec(), Vec::new());
    }
    if stacked == 0 {
        // The note shared its lines with header cells: those cells, line by line, as read.
        out.truncate(usize::from(note.note.is_some()));
        out.extend(line_cells);
        return (out, Vec::new());
    }
    let row: Vec<Piece> = stacks
        .iter()
        .map(|s| {
            let mut p = s[0].piece();
            p.text = s.iter().map(|w| w.text.as_str()).collect();
            p
        })
        .collect();
    if stacked > 0 {
        let first = &stacks[0][0];
        let (cells, texts) = (
            row.len(),
            row.iter()
                .map(|p| p.text.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        );
        let message = index.say(
            format!("表头按各格所在的列读出（pdftotext -layout 的排法）：共 {cells} 格，其中 {stacked} 格折成了多行：{texts}"),
            format!("header read by column position (pdftotext -layout): {cells} cells, {stacked} of them wrapped over several lines: {texts}"),
        );
        notes.push(Note::new(Some(first.piece().at), message));
    }
    if !row.is_empty() {
        out.push(Item::Row(row));
    }
    (out, notes)
}
