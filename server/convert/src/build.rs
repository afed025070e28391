//! From the source's items to a report: prose, section headings and the template's tables.
//!
//! Tables are read as a stream of cells against the template: a row label the template knows,
//! then that row's values, then the next label. Row marks of the source (pipe rows, HTML rows)
//! are not needed, so every layout goes through this one reader. The rule that makes it safe:
//! a row takes exactly as many values as the header has columns, or the import fails naming
//! the place — a skipped or extra cell is said, never guessed.

use crate::index::Index;
use crate::source::{Format, Item, Piece, Place};
use crate::vertical;
use crate::{write, ImportError, Note};
use nianbao_core::knowledge::template::RowRole;
use nianbao_core::model::labels::Spelling;
use nianbao_core::normalize::{key, strip_ordinal};
use nianbao_core::value::{self, Value};
use regex::Regex;
use std::collections::HashSet;
use std::sync::OnceLock;

/// One cell-sized piece of the source.
#[derive(Debug, Clone)]
struct Tok {
    text: String,
    at: Place,
    /// An empty cell that is certainly a cell (see `Piece::real_empty`).
    real_empty: bool,
    /// Index of the item it came from.
    item: usize,
    /// How many one-character lines it was read back from (a header printed vertically), or 0.
    spelled: usize,
}

impl Tok {
    fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// A value cell: a number, a placeholder (—, /, 无) or 待核; not a label.
    fn is_value(&self) -> bool {
        !self.is_empty() && value::parse(&self.text) != Value::Invalid
    }

    fn is_number(&self) -> bool {
        matches!(value::parse(&self.text), Value::Number(_))
    }

    fn is_text(&self) -> bool {
        !self.is_empty() && !self.is_value()
    }
}

/// What the report is made of, in order.
#[derive(Debug, Clone)]
pub enum Block {
    Title(String),
    Heading { text: String, restored: bool },
    Paragraph(String),
    Table(Table),
}

#[derive(Debug, Clone)]
pub struct Table {
    /// Index into the template's tables.
    pub spec: usize,
    /// The `第二十条第（X）项` heading as written, or `None` where the source has none.
    pub block: Option<String>,
    /// The first header cell (申请人情况, 信息内容, …) as written, if the source has one.
    pub label_header: Option<String>,
    /// The printed 勾稽关系 note, kept verbatim.
    pub note: Option<String>,
    /// Template column and its label as written, in template order.
    pub columns: Vec<(usize, String)>,
    /// In template order; a duplicated row follows its first.
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub spec: usize,
    pub label: String,
    /// One per column of `Table::columns`; empty for a blank cell, none at all for a group row.
    pub cells: Vec<String>,
}

pub struct Built {
    pub blocks: Vec<Block>,
    pub notes: Vec<Note>,
    /// The numbers that went into the tables.
    pub numbers: usize,
}

/// Web-page furniture that scrapes carry along: dropped (and listed in the notes).
const CHROME: &[&str] = &[
    r"^来源[:：].*发布时间",
    r"发布时间[:：]\s*\d{4}.*(字体|阅读|来源|浏览)",
    r"^www\.\S+\s+发布时间",
    r"^(我要收藏|公共资源调用站点|文章分享|文件下载[:：]?|关联文件[:：]?|附件[:：]?|打印本页|关闭窗口|【打印】|【关闭】|点击下载此文件|分享到[:：]?|扫一扫在手机打开当前页|首页|网站地图|联系我们)$",
    r"^审核[:：].*责任编辑",
    r"^责任编辑[:：]",
    r"ICP备|网站标识码|公网安备|版权所有|^主办单位[:：]|^承办单位[:：]|^技术支持[:：]",
    r"^字号[:：]?\s*[【\[]?\s*大",
];

fn chrome(text: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(&CHROME.join("|")).expect("the chrome patterns are valid"))
        .is_match(text)
}

/// A field of the page's or a crawler's information box above the article (`标题：…`,
/// `单位：…`, `采集时间：…`, `索引号：…`): chrome before the report's first section. (Not after
/// it: `单位：万元` there belongs to a table.)
fn info_field(text: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"^(文章标题|标题|发布单位|单位|采集时间|抓取时间|来源|信息来源|发布时间|发布日期|索引号|发文字号|文号|主题分类|成文日期|公开主体|发布机构|浏览次数|点击数|访问量)\s*[:：]",
        )
        .expect("a valid pattern")
    })
    .is_match(text)
}

/// Header cells that are neither a column nor a row of the template but belong to its layout.
const HEADER_CHROME: &[&str] = &[
    "申请人情况",
    "信息内容",
    "类别",
    "项目",
    "行政诉讼",
    "行政复议和行政诉讼情况",
];

/// `续表`, `（续表）`, `续上表`, `续表一`: the table goes on after a break.
fn continued_mark(text: &str) -> bool {
    let k = key(text);
    let k = k.strip_prefix("续上表").or(k.strip_prefix("续表"));
    k.is_some_and(|rest| {
        rest.chars()
            .all(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c))
    })
}

fn is_note(text: &str) -> bool {
    key(text).contains("勾稽关系")
}

/// HTML and Word: leaves out the source's tables that are no table of the template — an
/// information box over the article, a statistics box in a sidebar, an attachment list, a
/// table of phone numbers — with a note each. A table is the template's when a cell is a
/// specific label of it (a section title, a block heading, the 勾稽关系 note, or any label of
/// six characters or more) or two cells are labels of it (`总计` alone in a statistics box is a
/// coincidence); such a table goes to the table reader, which places every number or fails.
/// A table with neither is left out when it holds a number or has two columns or more; a
/// one-column table without numbers is a text box, read as text as before.
pub fn skip_unrelated(items: Vec<Item>, index: &Index) -> (Vec<Item>, Vec<Note>) {
    let table_of = |item: &Item| match item {
        Item::Row(cells) => match cells.first().map(|c| &c.at) {
            Some(Place::Cell { table, .. }) => Some(*table),
            _ => None,
        },
        Item::Line(_) => None,
    };
    let mut out = Vec::with_capacity(items.len());
    let mut notes = Vec::new();
    let mut rest = items.into_iter().peekable();
    // Whether the last thing read was a table of the template (a 续表 line between allowed):
    // a table straight after it is its continuation (table 四's values in a table of their
    // own, the last rows of table 三), whatever labels it has.
    let mut after_template = false;
    while let Some(item) = rest.next() {
        let Some(table) = table_of(&item) else {
            if let Item::Line(p) = &item {
                after_template &= p.text.is_empty() || continued_mark(&p.text);
            }
            out.push(item);
            continue;
        };
        let mut rows = vec![item];
        while let Some(next) = rest.next_if(|x| table_of(x) == Some(table)) {
            rows.push(next);
        }
        let cells: Vec<&Piece> = rows
            .iter()
            .flat_map(|r| match r {
                Item::Row(cells) => cells.as_slice(),
                Item::Line(_) => &[],
            })
            .filter(|c| !c.text.is_empty())
            .collect();
        let mut labels: Vec<String> = Vec::new();
        let mut specific = false;
        for c in &cells {
            if is_template_label(index, &c.text) {
                let k = key(&c.text);
                specific |= k.chars().count() >= 6;
                if !labels.contains(&k) {
                    labels.push(k);
                }
            }
        }
        let numbers = cells
            .iter()
            .filter(|c| matches!(value::parse(&c.text), Value::Number(_)))
            .count();
        let columns = rows
            .iter()
            .map(|r| match r {
                Item::Row(cells) => cells.len(),
                Item::Line(_) => 0,
            })
            .max()
            .unwrap_or(0);
        if specific || labels.len() >= 2 || after_template {
            after_template = true;
            out.extend(rows);
            continue;
        }
        if numbers == 0 && columns < 2 {
            out.extend(rows);
            continue;
        }
        // The note names the table by its first text cell, never its numbers: nothing of a
        // skipped table goes into the report, its comment included.
        let first = cells
            .iter()
            .find(|c| value::parse(&c.text) == Value::Invalid)
            .map(|c| c.text.chars().take(16).collect::<String>());
        let rows = rows.len();
        let message = index.say(
            format!(
                "跳过了一个不属于年报模板的表格（{rows} 行、{columns} 列、{numbers} 个数字{}）：是网页上的附属内容，没有导入",
                first
                    .as_ref()
                    .map(|f| format!("，开头是“{f}”"))
                    .unwrap_or_default()
            ),
            format!(
                "skipped a table that is no table of the template ({}, {}, {}{}): page furniture, left out",
                counted(rows, "row"),
                counted(columns, "column"),
                counted(numbers, "number"),
                first.map(|f| format!(", starting “{f}”")).unwrap_or_default()
            ),
        );
        notes.push(Note::new(cells.first().map(|c| c.at.clone()), message));
        after_template = false;
    }
    (out, notes)
}

fn counted(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// Whether `text` is a label of the template in any place: a section title, a block heading,
/// the 勾稽关系 note, a header or label cell of any table (a truncation included).
fn is_template_label(index: &Index, text: &str) -> bool {
    let k = key(text);
    index.section(text).is_some()
        || index.block(text).is_some()
        || is_note(text)
        || HEADER_CHROME.iter().any(|c| key(c) == k)
        || (0..index.table_count()).any(|t| {
            index.is_column_group(t, &k)
                || index.column(t, text).is_some()
                || index.row(t, text).is_some()
        })
}

pub fn build(items: &[Item], format: Format, index: &Index) -> Result<Built, ImportError> {
    let mut toks = tokens(items, format);
    let vocabulary = Vocabulary::new(index);
    if matches!(format, Format::Pdf | Format::Lines) {
        toks = rejoin(toks, &vocabulary);
    }
    let mut b = Builder {
        toks: &toks,
        index,
        format,
        blocks: Vec::new(),
        notes: Vec::new(),
        numbers: 0,
        section: None,
        prose_after_table: None,
        last_header: None,
        unread_run: None,
        vocabulary,
    };
    let mut t = 0;
    while t < toks.len() {
        if let Some((spec, block)) = b.table_start(t) {
            t = b.table(spec, block, t)?;
            continue;
        }
        t = b.prose(items, t)?;
    }
    b.missing();
    if !b.blocks.iter().any(|x| matches!(x, Block::Table(_))) {
        return Err(ImportError::new(index.say(
            "没有找到年报模板的任何表格：这份文件不像是按 2019 年或 2021 年格式编写的政府信息公开工作年度报告，请确认导入的是年报正文",
            "no table of the template was found: not an annual report in the 2019 or 2021 format?",
        )));
    }
    Ok(Built {
        blocks: b.blocks,
        notes: b.notes,
        numbers: b.numbers,
    })
}

fn tokens(items: &[Item], format: Format) -> Vec<Tok> {
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match item {
            Item::Line(p) if format.splits_lines() && !p.text.is_empty() => {
                // PDF text: cells are separated by runs of spaces.
                let mut start = None;
                for (b, c) in p
                    .text
                    .char_indices()
                    .chain(std::iter::once((p.text.len(), ' ')))
                {
                    match (c.is_whitespace(), start) {
                        (false, None) => start = Some(b),
                        (true, Some(s)) => {
                            let at = match p.at {
                                Place::Text { line, column } => Place::Text {
                                    line,
                                    column: column + p.text[..s].chars().count(),
                                },
                                ref other => other.clone(),
                            };
                            out.push(Tok {
                                text: p.text[s..b].to_string(),
                                at,
                                real_empty: false,
                                item: i,
                                spelled: 0,
                            });
                            start = None;
                        }
                        _ => {}
                    }
                }
            }
            Item::Line(p) => out.push(tok(p, i)),
            Item::Row(cells) => {
                // An empty cell before the row's last label sits in the label columns (a merged
                // label cell's filler), not among the values.
                let last_label = cells
                    .iter()
                    .rposition(|c| !c.text.is_empty() && value::parse(&c.text) == Value::Invalid);
                for (n, c) in cells.iter().enumerate() {
                    let mut t = tok(c, i);
                    if last_label.is_some_and(|l| n < l) {
                        t.real_empty = false;
                    }
                    out.push(t);
                }
            }
        }
    }
    out
}

fn tok(p: &Piece, item: usize) -> Tok {
    Tok {
        text: p.text.clone(),
        at: p.at.clone(),
        real_empty: p.real_empty,
        item,
        spelled: 0,
    }
}

/// Reads back labels printed one character per line (see [`crate::vertical`]): each run of
/// one-character text cells that cuts into whole labels of the template in exactly one way
/// becomes those labels. Other runs stay as they are, for the table reader to refuse if they
/// stand in a header.
fn rejoin(toks: Vec<Tok>, vocabulary: &Vocabulary) -> Vec<Tok> {
    let mut out = Vec::with_capacity(toks.len());
    let mut i = 0;
    while i < toks.len() {
        let members: Vec<usize> = single_run(&toks, i);
        if members.len() < 2 {
            out.push(toks[i].clone());
            i += 1;
            continue;
        }
        let mut end = members[members.len() - 1] + 1;
        if members.len() > vertical::LONGEST_RUN {
            // Too long to be a header: left whole, not read in pieces.
            while toks.get(end).is_some_and(|x| single(x) || x.is_empty()) {
                end += 1;
            }
            out.extend(toks[i..end].iter().cloned());
            i = end;
            continue;
        }
        let chars: Vec<&str> = members.iter().map(|&m| toks[m].text.as_str()).collect();
        match vocabulary.read(&chars) {
            vertical::Reading::Unique(lengths) => {
                let mut k = 0;
                for (len, text) in lengths.iter().zip(vertical::pieces(&chars, &lengths)) {
                    let first = &toks[members[k]];
                    out.push(Tok {
                        text,
                        at: first.at.clone(),
                        real_empty: false,
                        item: first.item,
                        spelled: *len,
                    });
                    k += len;
                }
            }
            _ => out.extend(toks[i..end].iter().cloned()),
        }
        i = end;
    }
    out
}

/// A text cell of one character.
fn single(tok: &Tok) -> bool {
    tok.is_text() && tok.text.chars().count() == 1
}

/// The one-character text cells from `t` on, empty cells between them skipped; no more than
/// one past the longest run read (a longer one is not read, and is not scanned to its end).
fn single_run(toks: &[Tok], t: usize) -> Vec<usize> {
    let mut members = Vec::new();
    for (i, tok) in toks.iter().enumerate().skip(t) {
        if members.len() > vertical::LONGEST_RUN {
            break;
        }
        if single(tok) {
            members.push(i);
        } else if !tok.is_empty() {
            break;
        }
    }
    members
}

/// The words a table's header or label column is made of — every column, column group and
/// row label of the template with its variants (with and without the ordinal), and the
/// layout cells — as keys; and every beginning of one, so that a cut that can no longer
/// become a word is not grown further. A whole label only: a truncation is no word.
pub(crate) struct Vocabulary {
    words: HashSet<String>,
    starts: HashSet<String>,
}

impl Vocabulary {
    pub(crate) fn new(index: &Index) -> Vocabulary {
        let mut labels: Vec<&str> = HEADER_CHROME.to_vec();
        for table in &index.template.tables {
            for c in &table.columns {
                labels.push(&c.label);
                labels.extend(c.variants.iter().map(String::as_str));
                labels.extend(c.group.as_deref());
            }
            for r in &table.rows {
                labels.push(&r.label);
                labels.extend(r.variants.iter().map(String::as_str));
            }
        }
        let mut words = HashSet::new();
        for label in labels {
            let k = key(label);
            words.insert(strip_ordinal(&k).to_string());
            words.insert(k);
        }
        words.remove("");
        let starts = words
            .iter()
            .flat_map(|w| {
                w.char_indices()
                    .map(|(i, c)| w[..i + c.len_utf8()].to_string())
                    .collect::<Vec<_>>()
            })
            .collect();
        Vocabulary { words, starts }
    }

    fn is_word(&self, text: &str) -> bool {
        self.words.contains(&key(text))
    }

    /// Whether `text` is the beginning of a word (or one). Punctuation folds away in the key,
    /// so a piece whose key is still empty may grow.
    fn may_grow(&self, text: &str) -> bool {
        let k = key(text);
        k.is_empty() || self.starts.contains(&k)
    }

    pub(crate) fn read(&self, chars: &[&str]) -> vertical::Reading {
        vertical::read(chars, |s| self.is_word(s), |s| self.may_grow(s))
    }
}

struct Builder<'a> {
    toks: &'a [Tok],
    index: &'a Index,
    format: Format,
    blocks: Vec<Block>,
    notes: Vec<Note>,
    numbers: usize,
    /// The section the text is in (template index).
    section: Option<usize>,
    /// Where prose began after the last table of the current section (index into `blocks`).
    prose_after_table: Option<usize>,
    /// The header of the last table read (its template table), for its continuation.
    last_header: Option<(usize, Header)>,
    /// One-character lines met in the text that could not be read back into labels.
    unread_run: Option<(Place, String)>,
    vocabulary: Vocabulary,
}

impl Builder<'_> {
    fn note(&mut self, at: Option<Place>, message: String) {
        self.notes.push(Note::new(at, message));
    }

    /// Picks the text in the message language.
    fn say(&self, zh: String, en: String) -> String {
        self.index.say(zh, en)
    }

    fn title(&self, table: usize) -> &str {
        &self.index.spec(table).title
    }

    /// Whether a template table starts at token `t`: a block heading, or a run of cells most of
    /// which are labels of one table.
    fn table_start(&self, t: usize) -> Option<(usize, Option<usize>)> {
        let tok = &self.toks[t];
        if !tok.is_text() || tok.text.chars().count() > 80 && !is_note(&tok.text) {
            return None;
        }
        if let Some(spec) = self.index.block(&tok.text) {
            return Some((spec, Some(t)));
        }
        if self.index.section(&tok.text).is_some() {
            return None;
        }
        let window: Vec<&Tok> = self.toks[t..]
            .iter()
            .filter(|x| x.is_text())
            .take(16)
            .collect();
        let note = self.note_at(t).is_some();
        let first_matches = |table: usize| {
            let k = key(&tok.text);
            note || HEADER_CHROME.iter().any(|c| key(c) == k)
                || self.index.is_column_group(table, &k)
                || self.index.column(table, &tok.text).is_some()
                || self.index.row(table, &tok.text).is_some()
        };
        (0..self.index.table_count())
            .filter(|&table| first_matches(table))
            .map(|table| {
                let score = window
                    .iter()
                    .filter(|x| {
                        // Group and layout cells count too: a header whose columns are printed
                        // one character per line and could not be read back still starts its
                        // table, so that the header is refused naming its line.
                        self.index.column(table, &x.text).is_some()
                            || self.index.row(table, &x.text).is_some()
                            || self.index.is_column_group(table, &key(&x.text))
                            || x.text.chars().count() > 1
                                && HEADER_CHROME.iter().any(|c| key(c) == key(&x.text))
                    })
                    .count();
                (table, score)
            })
            .filter(|&(_, score)| score >= 3)
            .max_by_key(|&(table, score)| (score, std::cmp::Reverse(table)))
            .map(|(table, _)| (table, None))
    }

    /// Notes the columns and rows of the template that no table read has (once a table split
    /// in parts is whole).
    fn missing(&mut self) {
        let mut notes = Vec::new();
        for block in &self.blocks {
            let Block::Table(table) = block else { continue };
            let spec_t = self.index.spec(table.spec);
            for (c, col) in spec_t.columns.iter().enumerate() {
                if !table.columns.iter().any(|(x, _)| *x == c) {
                    let (title, label) = (&spec_t.title, &col.label);
                    notes.push(self.say(
                        format!("原件的“{title}”表没有“{label}”列，导入时没有补上"),
                        format!(
                            "table “{title}” has no column “{label}” in the source; left missing"
                        ),
                    ));
                }
            }
            let present = |r: usize| table.rows.iter().any(|x| x.spec == r);
            for (r, row) in spec_t.rows.iter().enumerate() {
                // The sub-rows of a subtotal printed alone, as the older format did (NB233).
                let parent_alone = row.parent.as_ref().is_some_and(|id| {
                    spec_t
                        .rows
                        .iter()
                        .position(|p| &p.id == id)
                        .is_some_and(|p| spec_t.rows[p].may_stand_alone && present(p))
                });
                if row.role == RowRole::Data && !present(r) && !parent_alone {
                    let (title, label) = (&spec_t.title, &row.label);
                    notes.push(self.say(
                        format!("原件的“{title}”表没有“{label}”行，导入时没有补上"),
                        format!("table “{title}” has no row “{label}” in the source; left missing"),
                    ));
                }
            }
        }
        for n in notes {
            self.note(None, n);
        }
    }

    /// Reads one table starting at `t`; returns the token after it.
    fn table(
        &mut self,
        spec: usize,
        block: Option<usize>,
        mut t: usize,
    ) -> Result<usize, ImportError> {
        let section = self
            .index
            .template
            .sections
            .iter()
            .position(|s| s.id == self.index.spec(spec).section);
        if let Some(s) = section {
            if self.section.is_none_or(|cur| cur < s) {
                let heading = format!(
                    "{}、{}",
                    self.index.template.sections[s].number, self.index.template.sections[s].title
                );
                let at = self.toks[t].at.clone();
                let message = self.say(
                    format!("原件缺少标题“{heading}”，已在其表格前补上"),
                    format!("the source has no heading “{heading}”; restored before its table"),
                );
                self.note(Some(at), message);
                self.blocks.push(Block::Heading {
                    text: heading,
                    restored: true,
                });
                self.section = Some(s);
            }
        }
        let block_text = block.map(|b| self.toks[b].text.clone());
        if block.is_some() {
            t += 1;
        }
        // A block heading may be the last token of the source (found by fuzzing): the table's
        // place is then the heading's.
        let at = self.toks[t.min(self.toks.len() - 1)].at.clone();
        let mut header = self.header(spec, &mut t)?;
        let unread = self.unread_run.take();
        if header.slots.is_empty() && !matches!(self.blocks.last(), Some(Block::Table(_))) {
            // No header read, and one-character lines that could not be read back stood
            // before the table: that was its header (as `pdftotext -layout` interleaves the
            // characters of vertical columns line by line).
            if let Some((place, why)) = unread {
                let title = self.title(spec);
                return Err(ImportError {
                    at: Some(place),
                    message: self.say(
                        format!("表格“{title}”的表头读不出来：{why}；竖排表头的字被逐行交错排在一起（`pdftotext -layout` 的输出），无法读取：请不加 -layout 重新提取文字后再导入"),
                        format!("table “{title}” has no header it can read: {why}; vertical labels whose characters are interleaved line by line (`pdftotext -layout`) are not read — extract the text without -layout"),
                    ),
                });
            }
        }
        // The rest of a table split in two (an HTML table per page, a 续表): the same template
        // table again with nothing but page furniture between, with no header of its own (it
        // takes the first part's) or the same header, and none of the first part's rows.
        let mut continued = match (&self.last_header, self.blocks.last()) {
            (Some((s, first)), Some(Block::Table(prev)))
                if *s == spec
                    && prev.spec == spec
                    && block.is_none()
                    && first.groups.is_empty()
                    && header.groups.is_empty() =>
            {
                let cols = |h: &Header| h.slots.iter().map(|(_, c)| *c).collect::<Vec<_>>();
                if header.slots.is_empty() {
                    header = first.clone();
                }
                cols(&header) == cols(first)
            }
            _ => false,
        };
        self.last_header = Some((spec, header.clone()));
        let table = self.body(spec, block_text, header, &mut t)?;
        if let Some(Block::Table(prev)) = self.blocks.last() {
            let spec_t = self.index.spec(spec);
            continued &= !table.rows.iter().any(|r| {
                spec_t.rows[r.spec].role != RowRole::Group
                    && prev.rows.iter().any(|p| p.spec == r.spec)
            });
        }
        match (continued, self.blocks.last_mut()) {
            (true, Some(Block::Table(prev))) => {
                let last = prev.rows.iter().map(|r| r.spec).max();
                let early = table
                    .rows
                    .iter()
                    .find(|r| last.is_some_and(|l| r.spec < l))
                    .map(|r| r.label.clone());
                prev.rows.extend(table.rows);
                prev.rows.sort_by_key(|r| r.spec); // stable: a duplicate stays after its first
                let title = self.title(spec);
                let message = self.say(
                    format!("表格“{title}”在此处接续成第二个表格（续表），已合为一个表格"),
                    format!("table “{title}” goes on in a second table here; read as one table"),
                );
                self.note(Some(at.clone()), message);
                if let Some(label) = early {
                    let message = self.say(
                        format!("“{label}”行原在续表中，已按模板顺序排好，数字未改"),
                        format!("row “{label}” stood in the second part of its table; written in template order, its numbers unchanged"),
                    );
                    self.note(Some(at), message);
                }
            }
            _ => self.blocks.push(Block::Table(table)),
        }
        self.prose_after_table = None;
        Ok(t)
    }

    /// The header cells up to the first row of values.
    fn header(&mut self, spec: usize, t: &mut usize) -> Result<Header, ImportError> {
        let start = *t;
        // The source rows (lines, table rows) the column labels stand in.
        let mut rows_met: Vec<usize> = Vec::new();
        let mut h = Header::default();
        let mut order: Vec<Slot> = Vec::new();
        let mut groups: Vec<(usize, String)> = Vec::new();
        while *t < self.toks.len() && !self.body_starts(spec, *t) {
            let tok = &self.toks[*t];
            if tok.is_empty() {
                *t += 1;
                continue;
            }
            if !tok.is_text()
                || self.index.block(&tok.text).is_some()
                || self.index.section(&tok.text).is_some()
            {
                break;
            }
            let k = key(&tok.text);
            if let Some((note, used)) = self.note_at(*t) {
                h.note = Some(note);
                *t += used;
            } else if self.index.is_column_group(spec, &k) {
                order.push(Slot::Group(k, Vec::new()));
                *t += 1;
            } else if HEADER_CHROME.iter().any(|c| key(c) == k) {
                if h.label_header.is_none()
                    && h.columns.is_empty()
                    && !self
                        .index
                        .spec(spec)
                        .rows
                        .iter()
                        .any(|r| key(&r.label).starts_with(&k))
                {
                    h.label_header = Some(tok.text.clone());
                } else {
                    h.parents.push(tok.text.clone());
                }
                *t += 1;
            } else if let Some((c, text, used)) =
                self.joined(*t, |s| self.index.column_spelled(spec, s))
            {
                let group = self.index.spec(spec).columns[c].group.as_deref().map(key);
                let slot = order.iter_mut().find_map(|s| match s {
                    Slot::Group(g, cols)
                        if Some(g.as_str()) == group.as_deref() && !cols.contains(&c) =>
                    {
                        Some(cols)
                    }
                    _ => None,
                });
                match slot {
                    Some(cols) => cols.push(c),
                    None => order.push(Slot::Col(c)),
                }
                h.columns.push((c, text));
                if !rows_met.contains(&tok.item) {
                    rows_met.push(tok.item);
                }
                *t += used;
            } else if let Some(r) = self.index.row(spec, &tok.text) {
                h.groups_at.get_or_insert(tok.at.clone());
                groups.push((r, tok.text.clone()));
                *t += 1;
            } else {
                if let Some((header, end)) = self.header_by_labels(spec, start) {
                    *t = end;
                    return Ok(header);
                }
                let (title, cell) = (self.title(spec), &tok.text);
                return Err(ImportError {
                    at: Some(tok.at.clone()),
                    message: match self.spelled_out(*t) {
                        Some(why) => self.say(
                            format!("表格“{title}”：{why}"),
                            format!("table “{title}”: {why}"),
                        ),
                        None => self.say(
                            format!("表格“{title}”的表头里有模板没有的“{cell}”，无法确定它是哪一列：请核对原件的表头"),
                            format!("unrecognised header cell “{cell}” in table “{title}”"),
                        ),
                    },
                });
            }
        }
        let mut order: Vec<usize> = order
            .into_iter()
            .flat_map(|s| match s {
                Slot::Col(c) => vec![c],
                Slot::Group(_, cols) => cols,
            })
            .collect();
        // Under a group header (法人或其他组织) the order of a header over several rows is not
        // the reading order: in the official layout 自然人, the group and 总计 share a row and
        // the group's columns follow on the next (placed under the group); but where the group
        // stands alone on a line above one row of all the columns, the reading order is the
        // physical one. The reading that gives the template's order is taken; where the two
        // readings differ and neither does, the header is refused — a column is never guessed.
        let plain: Vec<usize> = h.columns.iter().map(|(c, _)| *c).collect();
        if groups.is_empty() && order != plain {
            let ascending = |o: &[usize]| o.windows(2).all(|w| w[0] < w[1]);
            if !ascending(&order) {
                if !ascending(&plain) {
                    let names = |o: &[usize]| {
                        o.iter()
                            .map(|&c| self.index.spec(spec).columns[c].label.as_str())
                            .collect::<Vec<_>>()
                            .join(" ")
                    };
                    let (title, one, two) = (self.title(spec), names(&order), names(&plain));
                    return Err(ImportError {
                        at: self.toks.get(start).map(|x| x.at.clone()),
                        message: self.say(
                            format!("表格“{title}”的表头能读成两种列序（“{one}”或“{two}”），都不是模板的列序；哪一列是哪一列无法确定，不作猜测：请核对原件的表头"),
                            format!("the header of table “{title}” can be read in two column orders (“{one}” or “{two}”), neither the template's; not guessing"),
                        ),
                    });
                }
                order = plain;
            }
        }
        // The official table 四 prints its rows as column groups: one set of columns per group.
        let mut chunks: Vec<Vec<usize>> = Vec::new();
        for c in &order {
            match chunks.last_mut() {
                Some(chunk) if !chunk.contains(c) => chunk.push(*c),
                _ => chunks.push(vec![*c]),
            }
        }
        // A header over several source rows is read in reading order, which is the physical
        // order only where the layout is the template's (a group over its columns, the rest
        // beside it). Out of the template's order, a cell of the header may be missing or
        // moved and which column is which cannot be told: refused. (A header in one row gives
        // its physical order, whatever it is.)
        if rows_met.len() > 1 && chunks.iter().any(|c| c.windows(2).any(|w| w[0] > w[1])) {
            let names = order
                .iter()
                .map(|&c| self.index.spec(spec).columns[c].label.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let title = self.title(spec);
            return Err(ImportError {
                at: self.toks.get(start).map(|x| x.at.clone()),
                message: self.say(
                    format!("表格“{title}”的表头跨几行，读出的列序是“{names}”，不是模板的列序：可能缺了或挪动了一个表头格，哪一列是哪一列无法确定：请核对原件的表头"),
                    format!("the header of table “{title}” stands over several rows and reads “{names}”, not the template's order: a header cell may be missing or moved, and which column is which cannot be told"),
                ),
            });
        }
        if groups.is_empty() {
            if chunks.len() > 1 {
                let at = self.toks.get(*t).map(|x| x.at.clone());
                let title = self.title(spec);
                return Err(ImportError {
                    at,
                    message: self.say(
                        format!(
                            "表格“{title}”的表头里同一列出现了两次，各列无法确定：请核对原件的表头"
                        ),
                        format!("the header of table “{title}” names a column twice"),
                    ),
                });
            }
            h.slots = chunks
                .pop()
                .unwrap_or_default()
                .into_iter()
                .map(|c| (None, c))
                .collect();
        } else {
            if chunks.len() != groups.len() {
                let at = self.toks.get(*t).map(|x| x.at.clone());
                let (title, groups, sets) = (self.title(spec), groups.len(), chunks.len());
                return Err(ImportError {
                    at,
                    message: self.say(
                        format!("表格“{title}”的表头有 {groups} 个行组，却有 {sets} 组列，两者对不上：请核对原件的表头"),
                        format!("the header of table “{title}” has {groups} row groups but {sets} sets of columns"),
                    ),
                });
            }
            h.slots = groups
                .iter()
                .zip(&chunks)
                .flat_map(|((r, _), cols)| cols.iter().map(|&c| (Some(*r), c)))
                .collect();
            h.groups = groups;
        }
        Ok(h)
    }

    /// A header whose cells the text does not show apart — PDF text that puts two cells on one
    /// line (`总计商 业 企`) and wraps the rest a character or two per line — read by its labels:
    /// where the header's text from `start`, spaces removed and joined, is exactly the table's
    /// labels (every column label once, its column group and the cell over the row labels at
    /// most once, in any order), the header is the template's columns, provided every row of
    /// the body has one number per column. Anything else in the text: `None`, refused as before.
    fn header_by_labels(&mut self, spec: usize, start: usize) -> Option<(Header, usize)> {
        let mut t = start;
        let mut joined = String::new();
        let mut note = None;
        while t < self.toks.len() && !self.body_starts(spec, t) {
            let tok = &self.toks[t];
            if tok.is_empty() {
                t += 1;
                continue;
            }
            if !tok.is_text()
                || self.index.block(&tok.text).is_some()
                || self.index.section(&tok.text).is_some()
            {
                return None;
            }
            if let Some((n, used)) = self.note_at(t) {
                note = Some(n);
                t += used;
                continue;
            }
            joined.extend(key(&tok.text).chars().filter(|c| !c.is_whitespace()));
            t += 1;
        }
        let columns = &self.index.spec(spec).columns;
        let mut labels: Vec<(String, bool)> =
            columns.iter().map(|c| (key(&c.label), true)).collect();
        for optional in columns
            .iter()
            .filter_map(|c| c.group.as_deref())
            .chain(HEADER_CHROME.iter().copied())
        {
            let k = key(optional);
            if !labels.iter().any(|(l, _)| *l == k) {
                labels.push((k, false));
            }
        }
        let mut used = vec![false; labels.len()];
        if !made_of_labels(&joined, &labels, &mut used) {
            return None;
        }
        // The columns are the template's only if the numbers say so too: every row of the body,
        // up to the next heading, has one number per column.
        let runs = value_runs(self.toks, t, |x| {
            self.index.block(&x.text).is_some() || self.index.section(&x.text).is_some()
        });
        if runs.is_empty() || runs.iter().any(|&n| n != columns.len()) {
            return None;
        }
        let header = Header {
            note,
            columns: columns
                .iter()
                .enumerate()
                .map(|(c, col)| (c, col.label.clone()))
                .collect(),
            slots: (0..columns.len()).map(|c| (None, c)).collect(),
            ..Header::default()
        };
        let at = self.toks[start].at.clone();
        let title = self.title(spec);
        let message = self.say(
            format!("表格“{title}”的表头各格在文本中分不出列（两格挤在一行、逐字折行），按标签读出：表头文字恰好是模板的各列标签，各行的数字个数也等于列数，故按模板的列序读取"),
            format!("the header cells of table “{title}” were read by their labels, as the text does not show their columns (two cells on one line, wrapped a character or two per line): the header's text is exactly the template's column labels and every row has one number per column, so the columns are the template's"),
        );
        self.notes
            .push(Note::inferred_in_table(Some(at), spec, message));
        Some((header, t))
    }

    /// Whether the table's values begin at `t`: a value, or a row label (possibly after group
    /// labels) that is followed by a value.
    fn body_starts(&self, spec: usize, t: usize) -> bool {
        let Some(t) = (t..self.toks.len()).find(|&i| !self.toks[i].is_empty()) else {
            return false;
        };
        // `其他` is a column of table 三 and, without its ordinal, the row `3.其他`: in the
        // header it is the column unless values follow it at once.
        let next_is_value = self.toks[t + 1..]
            .iter()
            .find(|x| !x.is_empty())
            .is_some_and(|x| x.is_value());
        if self.toks[t].is_text()
            && !next_is_value
            && self
                .joined(t, |s| self.index.column_spelled(spec, s))
                .is_some()
        {
            return false;
        }
        let mut i = t;
        let mut saw_label = false;
        while let Some(tok) = self.toks.get(i) {
            if tok.is_empty() {
                i += 1;
            } else if tok.is_value() {
                return saw_label || i == t;
            } else if let Some((_, _, used)) = self.joined(i, |s| self.index.row_spelled(spec, s)) {
                saw_label = true;
                i += used;
            } else {
                return false;
            }
        }
        false
    }

    /// Why the one-character cells from `t` on could not be read back into labels, if `t` starts
    /// such a run.
    fn spelled_out(&self, t: usize) -> Option<String> {
        let members = single_run(self.toks, t);
        if members.len() < 2 {
            return None;
        }
        let chars: Vec<&str> = members
            .iter()
            .map(|&m| self.toks[m].text.as_str())
            .collect();
        let run = chars.concat();
        let show = |lengths: &[usize]| vertical::pieces(&chars, lengths).join(" | ");
        let longest = vertical::LONGEST_RUN;
        Some(match self.vocabulary.read(&chars) {
            vertical::Reading::Several(one, two) => {
                let (one, two) = (show(&one), show(&two));
                self.say(
                    format!("逐字竖排的表头拼出“{run}”，可以拆成不止一种模板标签（“{one}”或“{two}”），不作猜测：请核对原件的表头"),
                    format!("the header printed one character per line spells “{run}”, which can be read as the template's labels in more than one way (“{one}” or “{two}”); not guessing"),
                )
            }
            _ if chars.len() > longest => self.say(
                format!("从这里起有超过 {longest} 行单字，太多了，不可能是逐字竖排的表头"),
                format!("more than {longest} one-character lines from here: too many to be a header printed one character per line"),
            ),
            _ => self.say(
                format!("逐字竖排的表头拼出“{run}”，拆不成模板的标签（可能缺了或多了字）：请核对原件的表头"),
                format!("the header printed one character per line spells “{run}”, which cannot be cut into labels of the template (a character missing or extra?)"),
            ),
        })
    }

    /// The table's header printed again inside it (a PDF table continued on the next page
    /// repeats its header rows): the same columns in the same order as the header already read,
    /// with its note and group cells. Returns how many tokens it takes; anything else is not a
    /// repetition and ends the table as before.
    fn repeated_header(&self, spec: usize, t: usize, header: &Header) -> Option<usize> {
        let mut i = t;
        let mut cols: Vec<usize> = Vec::new();
        while let Some(tok) = self.toks.get(i) {
            if tok.is_empty() {
                i += 1;
                continue;
            }
            if !tok.is_text() {
                break;
            }
            let k = key(&tok.text);
            if let Some((_, used)) = self.note_at(i) {
                i += used;
            } else if self.index.is_column_group(spec, &k)
                || HEADER_CHROME.iter().any(|c| key(c) == k)
            {
                i += 1;
            } else if let Some((c, _, used)) =
                self.joined(i, |s| self.index.column_spelled(spec, s))
            {
                cols.push(c);
                i += used;
            } else {
                break;
            }
        }
        let expected: Vec<usize> = header.columns.iter().map(|(c, _)| *c).collect();
        (!cols.is_empty() && cols == expected && header.groups.is_empty()).then_some(i - t)
    }

    /// The printed 勾稽关系 note starting at `t`, and how many tokens it takes: a note wrapped
    /// over lines (PDF text) goes on until its brackets close.
    fn note_at(&self, t: usize) -> Option<(String, usize)> {
        // The note's own beginning, even where its key words wrap onto the next line.
        let first = key(&self.toks.get(t)?.text);
        if first.is_empty() || !(is_note(&first) || "本列数据的勾稽关系".starts_with(&first))
        {
            return None;
        }
        let mut text = String::new();
        let mut used = 0;
        while used < 3 && !is_note(&text) {
            let tok = self.toks.get(t + used).filter(|x| x.is_text())?;
            text.push_str(&tok.text);
            used += 1;
        }
        if !is_note(&text) {
            return None;
        }
        let open = |s: &str| s.chars().filter(|c| matches!(c, '（' | '(')).count();
        let close = |s: &str| s.chars().filter(|c| matches!(c, '）' | ')')).count();
        for _ in 0..6 {
            if open(&text) <= close(&text) {
                break;
            }
            let Some(next) = self.toks.get(t + used).filter(|x| {
                x.is_text()
                    && !single(x)
                    && !self.vocabulary.is_word(&x.text)
                    && self.index.section(&x.text).is_none()
                    && self.index.block(&x.text).is_none()
            }) else {
                break;
            };
            text.push_str(&next.text);
            used += 1;
        }
        Some((text, used))
    }

    /// Matches the text token at `t` alone, or joined with the next one or two text tokens (a
    /// label wrapped over lines or cells: `商业` `企业`). Returns the match, the joined text and
    /// how many tokens it used. The shortest match is taken, except that a truncated one gives
    /// way to its continuation: `本年收费金额(单位:` is the start of a label whose `万元)` is on
    /// the next line.
    fn joined(
        &self,
        t: usize,
        find: impl Fn(&str) -> Option<(usize, Spelling)>,
    ) -> Option<(usize, String, usize)> {
        let mut text = String::new();
        let mut truncated: Option<(usize, String, usize)> = None;
        for used in 1..=3 {
            let Some(tok) = self.toks.get(t + used - 1).filter(|x| x.is_text()) else {
                break;
            };
            text.push_str(&tok.text);
            match find(&text) {
                Some((found, Spelling::Truncated)) => {
                    truncated.get_or_insert((found, text.clone(), used));
                }
                Some((found, _)) => return Some((found, text, used)),
                None => {}
            }
        }
        truncated
    }

    fn body(
        &mut self,
        spec: usize,
        block: Option<String>,
        header: Header,
        t: &mut usize,
    ) -> Result<Table, ImportError> {
        let n = header.slots.len();
        let mut raw: Vec<RawRow> = Vec::new();
        let mut loose: Vec<Tok> = Vec::new();
        while let Some(tok) = self.toks.get(*t) {
            if tok.is_empty() || tok.is_value() {
                match raw.last_mut() {
                    Some(row) => row.values.push(tok.clone()),
                    None => loose.push(tok.clone()),
                }
                *t += 1;
                continue;
            }
            if self.index.block(&tok.text).is_some() || self.index.section(&tok.text).is_some() {
                break;
            }
            if let Some((r, text, used)) = self.joined(*t, |s| self.index.row_spelled(spec, s)) {
                raw.push(RawRow {
                    spec: r,
                    label: text,
                    at: tok.at.clone(),
                    values: Vec::new(),
                });
                *t += used;
                continue;
            }
            // A label wrapped onto the next line (PDF text): the joined text is the same row.
            if let Some(last) = raw.last_mut() {
                let joined = format!("{}{}", last.label, tok.text);
                if self.index.row(spec, &joined) == Some(last.spec) {
                    last.label = joined;
                    *t += 1;
                    continue;
                }
            }
            if let Some(r) = self.placed_by_order(spec, *t, &raw) {
                let label = self.index.spec(spec).rows[r].label.clone();
                let written = &tok.text;
                let message = self.say(
                    format!("“{written}”不是模板的行标签；它的序号和位置（前后两行之间）正是“{label}”行，按该行导入"),
                    format!("“{written}” is no row label of the template; its ordinal and its place (between the rows before and after it) are those of row “{label}”, imported as that row"),
                );
                self.notes
                    .push(Note::inferred_in_table(Some(tok.at.clone()), spec, message));
                raw.push(RawRow {
                    spec: r,
                    label,
                    at: tok.at.clone(),
                    values: Vec::new(),
                });
                *t += 1;
                continue;
            }
            // A damaged label (a character dropped or misread), with numbers after it and its
            // row not read yet: that row, under the template's label, noted.
            let numbers_follow = self.toks[*t + 1..]
                .iter()
                .find(|x| !x.is_empty())
                .is_some_and(|x| x.is_value());
            if let Some(r) = self
                .index
                .row_damaged(spec, &tok.text)
                .filter(|&r| numbers_follow && raw.iter().all(|row| row.spec != r))
            {
                let label = self.index.spec(spec).rows[r].label.clone();
                let written = &tok.text;
                let message = self.say(
                    format!("行标签“{written}”与模板的“{label}”只差一个字（脱字或误识），按该行导入"),
                    format!("row label “{written}” differs from the template's “{label}” by one character (dropped or misread); imported as that row"),
                );
                self.notes
                    .push(Note::inferred_in_table(Some(tok.at.clone()), spec, message));
                raw.push(RawRow {
                    spec: r,
                    label,
                    at: tok.at.clone(),
                    values: Vec::new(),
                });
                *t += 1;
                continue;
            }
            if let Some(used) = self.repeated_header(spec, *t, &header) {
                let at = tok.at.clone();
                let title = self.title(spec);
                let message = self.say(
                    format!("删去了表格“{title}”在换页处重复印出的表头"),
                    format!("dropped the header of table “{title}” repeated where the table continues on a new page"),
                );
                self.note(Some(at), message);
                *t += used;
                continue;
            }
            break;
        }
        // A label the template does not know, followed by numbers: those numbers have no row.
        if let Some(tok) = self.toks.get(*t) {
            let next = self.toks[*t + 1..].iter().find(|x| !x.is_empty());
            if tok.is_text()
                && next.is_some_and(|x| x.is_number())
                && self.index.section(&tok.text).is_none()
                && self.index.block(&tok.text).is_none()
            {
                let (title, row) = (self.title(spec), &tok.text);
                return Err(ImportError {
                    at: Some(tok.at.clone()),
                    message: self.say(
                        format!("表格“{title}”里的“{row}”不是模板中的行，它后面的数字无法放入：请核对这一行的标签"),
                        format!("unrecognised row “{row}” in table “{title}”: its numbers cannot be placed"),
                    ),
                });
            }
        }
        // Row labels among the header cells are table 四's rows printed as column groups, whose
        // values come in one run after the header. Rows after that run (a label, its numbers)
        // say otherwise: text in reading order puts a table's first row label before the
        // header when its producer drew the label column first (`规章` / `本年制发件数 …` /
        // `0 0 0` / `行政规范性文件` / `0 7 31`). With one such label the run is its row's; with
        // several, which numbers are whose cannot be told.
        let mut header = header;
        if !header.groups.is_empty() && !raw.is_empty() {
            let chunks_differ = header.slots.iter().any(|(g, _)| *g != header.slots[0].0);
            if header.groups.len() > 1 || chunks_differ {
                let (title, label) = (self.title(spec), &raw[0].label);
                let groups: Vec<&str> = header.groups.iter().map(|(_, l)| l.as_str()).collect();
                return Err(ImportError {
                    at: Some(raw[0].at.clone()),
                    message: self.say(
                        format!("表格“{title}”的表头里有行标签“{}”（按行组读），其后又有“{label}”行和它的数字：哪些数字属于哪一行无法确定，不作猜测：请核对原件", groups.join("”“")),
                        format!("the header of table “{title}” holds row labels “{}” (read as row groups), and row “{label}” with numbers follows: which numbers are whose cannot be told; not guessing", groups.join("”, “")),
                    ),
                });
            }
            let (r, label) = header.groups.remove(0);
            let at = header.groups_at.take().unwrap_or_else(|| raw[0].at.clone());
            let message = self.say(
                format!("“{label}”行的标签排在表头之前（PDF 文本的阅读顺序），表头之后、下一行标签之前的数字按该行导入"),
                format!("row “{label}” has its label before the header (PDF text in reading order); the numbers after the header, up to the next row label, are imported as that row's"),
            );
            self.notes
                .push(Note::inferred_in_table(Some(at.clone()), spec, message));
            raw.insert(
                0,
                RawRow {
                    spec: r,
                    label,
                    at,
                    values: std::mem::take(&mut loose),
                },
            );
            header.slots.iter_mut().for_each(|(g, _)| *g = None);
        }
        let spec_t = self.index.spec(spec);
        let mut rows: Vec<Row> = Vec::new();
        if !header.groups.is_empty() {
            // Table 四 in the official layout: one run of values for all groups.
            let values = self.settle(
                &loose,
                n,
                spec,
                "(values)",
                raw.first().map(|r| &r.at).or(loose.first().map(|x| &x.at)),
            )?;
            if values.is_empty() {
                let labels: Vec<&str> = header.groups.iter().map(|(_, l)| l.as_str()).collect();
                let title = self.title(spec);
                return Err(ImportError {
                    at: header.groups_at.clone(),
                    message: self.say(
                        format!(
                            "表格“{title}”的“{}”没有数字：请对照原件补上",
                            labels.join("”“")
                        ),
                        format!("“{}” of table “{title}” has no values", labels.join("”, “")),
                    ),
                });
            }
            // The columns of all groups, in the order the header gives them.
            let mut cols: Vec<usize> = Vec::new();
            for (_, c) in &header.slots {
                if !cols.contains(c) {
                    cols.push(*c);
                }
            }
            for (r, written) in &header.groups {
                let label = match header.parents.iter().find(|p| {
                    key(&spec_t.rows[*r].label).starts_with(&key(p))
                        && !key(written).starts_with(&key(p))
                }) {
                    Some(parent) => format!("{parent}（{written}）"),
                    None => written.clone(),
                };
                let cells = cols
                    .iter()
                    .map(|c| {
                        header
                            .slots
                            .iter()
                            .position(|s| *s == (Some(*r), *c))
                            .and_then(|i| values.get(i).cloned())
                            .unwrap_or_default()
                    })
                    .collect();
                rows.push(Row {
                    spec: *r,
                    label,
                    cells,
                });
            }
            let columns = cols
                .iter()
                .map(|&c| {
                    (
                        c,
                        header
                            .columns
                            .iter()
                            .find(|(x, _)| *x == c)
                            .map(|(_, s)| s.clone())
                            .unwrap_or_default(),
                    )
                })
                .collect();
            return Ok(self.finish(spec, block, header.label_header, header.note, columns, rows));
        }
        if let Some(stray) = loose.iter().find(|x| !x.is_empty()) {
            let (title, value) = (self.title(spec), &stray.text);
            return Err(ImportError {
                at: Some(stray.at.clone()),
                message: self.say(
                    format!("表格“{title}”里的数字“{value}”前面没有行标签，不知道属于哪一行：请对照原件核对"),
                    format!("the value “{value}” in table “{title}” has no row label"),
                ),
            });
        }
        let mut order_broken: Option<(String, Place, String)> = None;
        let mut last_seen: Option<(usize, String)> = None;
        for row in &raw {
            let role = spec_t.rows[row.spec].role;
            let cells = self.settle(&row.values, n, spec, &row.label, Some(&row.at))?;
            if cells.is_empty() && role == RowRole::Data {
                let (title, label) = (self.title(spec), &row.label);
                return Err(ImportError {
                    at: Some(row.at.clone()),
                    message: self.say(
                        format!("表格“{title}”的“{label}”行没有数字：请对照原件补上"),
                        format!("row “{label}” of table “{title}” has no values"),
                    ),
                });
            }
            if let Some((prev, prev_label)) = &last_seen {
                if *prev > row.spec && order_broken.is_none() {
                    order_broken = Some((row.label.clone(), row.at.clone(), prev_label.clone()));
                }
            }
            last_seen = Some((row.spec, row.label.clone()));
            // Reorder the values from source column order to template column order.
            let mut by_col: Vec<(usize, String)> = header
                .slots
                .iter()
                .map(|(_, c)| *c)
                .zip(cells.iter().cloned())
                .collect();
            by_col.sort_by_key(|(c, _)| *c);
            let cells = if cells.is_empty() {
                Vec::new()
            } else {
                by_col.into_iter().map(|(_, v)| v).collect()
            };
            rows.push(Row {
                spec: row.spec,
                label: row.label.clone(),
                cells,
            });
        }
        if let Some((label, at, prev)) = order_broken {
            let message = self.say(
                format!("原件中“{label}”行排在“{prev}”之后，已按模板顺序排好，数字未改"),
                format!("row “{label}” stood after “{prev}” in the source; written in template order, its numbers unchanged"),
            );
            self.note(Some(at), message);
        }
        rows.sort_by_key(|r| r.spec); // stable: a duplicate stays after its first
        let mut columns: Vec<(usize, String)> = header.columns.clone();
        columns.sort_by_key(|(c, _)| *c);
        columns.dedup_by_key(|(c, _)| *c);
        Ok(self.finish(spec, block, header.label_header, header.note, columns, rows))
    }

    /// An unknown label followed by numbers, that is provably a row of the template by its
    /// place: the row before it is the template's row r - 1, the label after its numbers is row
    /// r + 1, row r is not in the table yet, and its ordinal (`2.`) is row r's.
    fn placed_by_order(&self, spec: usize, t: usize, raw: &[RawRow]) -> Option<usize> {
        let tok = &self.toks[t];
        // Group labels (三、本年度办理结果, printed vertically beside its rows) carry no values.
        let prev = raw.iter().rev().find(|x| !x.values.is_empty())?.spec;
        let r = prev + 1;
        let rows = &self.index.spec(spec).rows;
        if !tok.is_text() || r + 1 >= rows.len() || raw.iter().any(|x| x.spec == r) {
            return None;
        }
        let ordinal = |s: &str| {
            let k = key(s);
            let rest = strip_ordinal(&k).len();
            k[..k.len() - rest].to_string()
        };
        let own = ordinal(&tok.text);
        if own.is_empty() || own != ordinal(&rows[r].label) {
            return None;
        }
        let mut next = t + 1;
        let mut values = 0;
        while self
            .toks
            .get(next)
            .is_some_and(|x| x.is_empty() || x.is_value())
        {
            values += usize::from(self.toks[next].is_value());
            next += 1;
        }
        let (after, _, _) = self.joined(next, |s| self.index.row_spelled(spec, s))?;
        (values > 0 && after == r + 1).then_some(r)
    }

    fn finish(
        &mut self,
        spec: usize,
        block: Option<String>,
        label_header: Option<String>,
        note: Option<String>,
        columns: Vec<(usize, String)>,
        rows: Vec<Row>,
    ) -> Table {
        self.numbers += rows
            .iter()
            .flat_map(|r| &r.cells)
            .filter(|c| matches!(value::parse(c), Value::Number(_)))
            .count();
        Table {
            spec,
            block,
            label_header,
            note,
            columns,
            rows,
        }
    }

    /// A row's values: exactly `n` after trimming layout padding at either end, or none.
    fn settle(
        &mut self,
        values: &[Tok],
        n: usize,
        spec: usize,
        label: &str,
        at: Option<&Place>,
    ) -> Result<Vec<String>, ImportError> {
        let start = values
            .iter()
            .position(|v| !v.is_empty() || v.real_empty)
            .unwrap_or(values.len());
        let end = values
            .iter()
            .rposition(|v| !v.is_empty() || v.real_empty)
            .map_or(start, |e| e + 1);
        let values = &values[start..end.max(start)];
        if values.is_empty() {
            return Ok(Vec::new());
        }
        if values.len() == n {
            return Ok(values.iter().map(|v| v.text.clone()).collect());
        }
        let place = values.first().map(|v| v.at.clone()).or(at.cloned());
        if self.format.splits_lines() && values.len() < n && values.iter().all(|v| v.is_value()) {
            let texts: Vec<&str> = values.iter().map(|v| v.text.as_str()).collect();
            let readings = split_digits(&texts, n);
            // Splitting a valid number (`27` as 2 7) competes with a blank cell (3, blank, 27)
            // that PDF text does not show. Only a token that cannot be one number must split:
            // its leading zeros are values of their own (`000`, `035` = 0 35). The reading is
            // taken when those forced values alone make up the row — no room for a blank.
            let least = |t: &str| {
                let zeros = t.bytes().take_while(|&b| b == b'0').count();
                match (zeros, t.len()) {
                    (0, _) => 1,
                    (z, len) if z == len => z,
                    (z, _) => z + 1,
                }
            };
            let forced = texts.iter().map(|t| least(t)).sum::<usize>() == n;
            let (title, digits, found) = (self.title(spec), texts.join(" "), values.len());
            if readings.len() == 1 && !forced {
                let reading = readings[0].join(" ");
                return Err(ImportError {
                    at: place,
                    message: self.say(
                        format!("表格“{title}”的“{label}”行只有 {found} 个数，却有 {n} 列：数字 {digits} 要拆开才能读成 {reading}，但也可能是有一格空白，无法判断，不作猜测：请对照原件核对这一行"),
                        format!("row “{label}” of table “{title}” has {found} values for {n} columns: the digits {digits} read as {reading} only if run together, but a blank cell would explain them as well; not guessing"),
                    ),
                });
            }
            if readings.len() == 1 {
                let reading = readings.into_iter().next().unwrap_or_default();
                let split = reading.join(" ");
                let message = self.say(
                    format!("“{label}”行：连在一起的数字（{digits}）只有一种拆法：{split}"),
                    format!("row “{label}”: digits run together ({digits}) have one reading only: {split}"),
                );
                self.note(place, message);
                return Ok(reading);
            }
            let ways = readings.len();
            return Err(ImportError {
                at: place,
                message: self.say(
                    format!(
                        "表格“{title}”的“{label}”行：数字 {digits} 连在一起，拆成 {n} 个数有{}，不作猜测：请对照原件核对这一行",
                        if ways >= LIMIT { "不止一种拆法".to_string() } else { format!(" {ways} 种拆法") }
                    ),
                    format!(
                        "row “{label}” of table “{title}”: the digits {digits} run together and can be split into {n} values in {} ways; not guessing",
                        if ways >= LIMIT { format!("{LIMIT} or more") } else { ways.to_string() }
                    ),
                ),
            });
        }
        let (title, found) = (self.title(spec), values.len());
        Err(ImportError {
            at: place,
            message: self.say(
                format!("表格“{title}”的“{label}”行有 {found} 格，表头却有 {n} 列：有一格缺失、错位或多出，无法判断是哪一格：请对照原件核对这一行"),
                format!("row “{label}” of table “{title}” has {found} cells but the header has {n} columns: a cell is missing, shifted or extra, and which one cannot be told"),
            ),
        })
    }

    /// Reads the text item that token `t` starts; returns the first token of the next item.
    fn prose(&mut self, items: &[Item], t: usize) -> Result<usize, ImportError> {
        // One-character lines that could not be read back into labels, followed by numbers or a
        // table: a header printed vertically that is refused here, with its own place, rather
        // than at the first of its numbers.
        let run_starts = single(&self.toks[t])
            && self.toks[..t]
                .iter()
                .rev()
                .find(|x| !x.is_empty())
                .is_none_or(|x| !single(x));
        if run_starts {
            let members = single_run(self.toks, t);
            let after = members.last().map_or(t, |&m| m + 1);
            let after = (after..self.toks.len()).find(|&i| !self.toks[i].is_empty());
            if let (Some(why), Some(after)) = (self.spelled_out(t), after) {
                if self.toks[after].is_value() || self.table_start(after).is_some() {
                    return Err(ImportError {
                        at: Some(self.toks[t].at.clone()),
                        message: why,
                    });
                }
                // Kept for a table that starts soon after without a header it can read.
                let at = self.toks[t].at.clone();
                self.unread_run.get_or_insert((at, why));
            }
        }
        let item = self.toks[t].item;
        let next = self.toks[t..]
            .iter()
            .position(|x| x.item != item)
            .map_or(self.toks.len(), |p| t + p);
        let pieces: Vec<&Tok> = self.toks[t..next]
            .iter()
            .filter(|x| !x.is_empty())
            .collect();
        // A whole item, or what follows a table that ended inside it.
        let whole = t == 0 || self.toks[t - 1].item != item;
        // A label read back from one character per line spans several items: its own text.
        let text = match (&items[item], whole && self.toks[t].spelled == 0) {
            (Item::Line(p), true) => p.text.clone(),
            _ => pieces
                .iter()
                .map(|x| x.text.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        };
        let Some(first) = pieces.first() else {
            return Ok(next);
        };
        if pieces.iter().any(|x| x.is_number()) && pieces.iter().all(|x| x.is_value()) {
            let number = &first.text;
            return Err(ImportError {
                at: Some(first.at.clone()),
                message: self.say(
                    format!("数字“{number}”不在模板的任何表格里，不知道该放在哪里：请核对原件此处"),
                    format!("the number “{number}” stands outside every table of the template"),
                ),
            });
        }
        if matches!(items[item], Item::Row(_)) && pieces.iter().any(|x| x.is_number()) {
            return Err(ImportError {
                at: Some(first.at.clone()),
                message: self.say(
                    format!("这一行表格（“{text}”）有数字，却对不上模板的任何表格，其中的数字无法放入：请核对原件此处"),
                    format!("a table row with numbers (“{text}”) matches no table of the template"),
                ),
            });
        }
        if matches!(self.blocks.last(), Some(Block::Table(_))) && continued_mark(&text) {
            let message = self.say(
                format!("删去了“{text}”：表格在此接续"),
                format!("dropped “{text}”: the table goes on"),
            );
            self.note(Some(first.at.clone()), message);
            return Ok(next);
        }
        if chrome(&text) || (self.section.is_none() && info_field(&text)) {
            let message = self.say(
                format!("删去了网页上的无关文字“{text}”"),
                format!("dropped web-page text “{text}”"),
            );
            self.note(Some(first.at.clone()), message);
            return Ok(next);
        }
        if let Some(s) = self.index.section(&text) {
            self.restore_prose_section(s, first.at.clone());
            self.blocks.push(Block::Heading {
                text,
                restored: false,
            });
            self.section = Some(s);
            self.prose_after_table = None;
            self.unread_run = None;
            return Ok(next);
        }
        // The scan of the blocks last: done for every line before section 一 it was quadratic.
        let may_title = self.section.is_none() && text.chars().count() <= 80;
        // A title set on two lines (the organ over the year, or wrapped before `年度报告` or
        // `报告`): the short line above, not a sentence, is its first part.
        let above = match self.blocks.last() {
            Some(Block::Paragraph(p))
                if may_title && p.chars().count() <= 40 && !p.contains(['。', '，', '：']) =>
            {
                Some(p.clone())
            }
            _ => None,
        };
        let whole = |t: &str| key(t).contains("年度报告");
        // A title that names its organ before its year stands alone; the line above it is the
        // page's, not the title's first part.
        let named = whole(&text)
            && write::from_title(&text)
                .0
                .is_some_and(|o| text.starts_with(&o));
        let title = if !may_title || self.blocks.iter().any(|b| matches!(b, Block::Title(_))) {
            None
        } else if let Some(first) =
            above.filter(|a| !named && !whole(a) && whole(&format!("{a}{text}")))
        {
            self.blocks.pop();
            Some(format!("{first}{}", text.trim()))
        } else {
            whole(&text).then(|| text.clone())
        };
        if let Some(title) = title {
            self.drop_page_lines_above_title();
            self.blocks.push(Block::Title(title));
            return Ok(next);
        }
        if self.prose_after_table.is_none() && matches!(self.blocks.last(), Some(Block::Table(_))) {
            self.prose_after_table = Some(self.blocks.len());
        }
        self.blocks.push(Block::Paragraph(text));
        Ok(next)
    }

    /// The short lines a page prints above a report's title (its site name, the date, the
    /// menu: `走进沭阳`, `办事服务`): nothing of the report comes before its title, so they are
    /// page furniture, dropped with a note each. A sentence stays.
    fn drop_page_lines_above_title(&mut self) {
        const MENU_CHARS: usize = 20;
        let start = self
            .blocks
            .iter()
            .rposition(|b| match b {
                Block::Paragraph(p) => {
                    p.chars().count() > MENU_CHARS || p.contains(['。', '，', '；'])
                }
                _ => true,
            })
            .map_or(0, |i| i + 1);
        for block in self.blocks.split_off(start) {
            if let Block::Paragraph(p) = block {
                let message = self.say(
                    format!("删去了网页上的无关文字“{p}”"),
                    format!("dropped web-page text “{p}”"),
                );
                self.note(None, message);
            }
        }
    }

    /// At heading `s`: if the section before it is missing, holds no table in the template, and
    /// prose followed the last table, that prose is the missing section (seed 000 lost its 五).
    fn restore_prose_section(&mut self, s: usize, at: Place) {
        let (Some(cur), Some(start)) = (self.section, self.prose_after_table) else {
            return;
        };
        if s < 2 || cur + 2 != s {
            return;
        }
        let missing = &self.index.template.sections[s - 1];
        if self
            .index
            .template
            .tables
            .iter()
            .any(|t| t.section == missing.id)
        {
            return;
        }
        let heading = format!("{}、{}", missing.number, missing.title);
        let message = self.say(
            format!("原件缺少标题“{heading}”，已补在最后一个表格之后的正文前"),
            format!("the source has no heading “{heading}”; restored before the text that follows the last table"),
        );
        self.note(Some(at), message);
        self.blocks.insert(
            start,
            Block::Heading {
                text: heading,
                restored: true,
            },
        );
    }
}

#[derive(Default, Clone)]
struct Header {
    label_header: Option<String>,
    note: Option<String>,
    /// Every column label met, as written (table 四 repeats them).
    columns: Vec<(usize, String)>,
    /// The order values come in: (row group, column).
    slots: Vec<(Option<usize>, usize)>,
    /// Rows printed as header groups (table 四), in order, as written.
    groups: Vec<(usize, String)>,
    /// Header cells over row groups (行政诉讼).
    parents: Vec<String>,
    /// Where the first row printed as a header group stands.
    groups_at: Option<Place>,
}

enum Slot {
    Col(usize),
    /// A group header (法人或其他组织) and the columns found under it.
    Group(String, Vec<usize>),
}

struct RawRow {
    spec: usize,
    label: String,
    at: Place,
    values: Vec<Tok>,
}

const LIMIT: usize = 2;

/// Every way to split digit runs into `n` numbers in all (each number without leading zeros),
/// stopping at `LIMIT`: only whether the reading is unique matters.
fn split_digits(texts: &[&str], n: usize) -> Vec<Vec<String>> {
    fn go(texts: &[&str], n: usize, acc: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        if out.len() >= LIMIT {
            return;
        }
        let Some((first, rest)) = texts.split_first() else {
            if n == 0 {
                out.push(acc.clone());
            }
            return;
        };
        if n == 0 {
            return;
        }
        if !first.bytes().all(|b| b.is_ascii_digit()) {
            acc.push(first.to_string());
            go(rest, n - 1, acc, out);
            acc.pop();
            return;
        }
        // Split `first` into parts; recurse on the remainder.
        fn parts(
            s: &str,
            rest: &[&str],
            n: usize,
            acc: &mut Vec<String>,
            out: &mut Vec<Vec<String>>,
        ) {
            for len in 1..=s.len() {
                let (head, tail) = s.split_at(len);
                if head.len() > 1 && head.starts_with('0') {
                    break;
                }
                acc.push(head.to_string());
                if tail.is_empty() {
                    go(rest, n - 1, acc, out);
                } else if n > 1 {
                    parts(tail, rest, n - 1, acc, out);
                }
                acc.pop();
            }
        }
        parts(first, rest, n, acc, out);
    }
    let mut out = Vec::new();
    go(texts, n, &mut Vec::new(), &mut out);
    out
}

/// Whether `text` is a concatenation of some of `labels` (key, required), each at most once and
/// every required one used, in any order.
fn made_of_labels(text: &str, labels: &[(String, bool)], used: &mut [bool]) -> bool {
    if text.is_empty() {
        return labels
            .iter()
            .zip(used.iter())
            .all(|((_, required), u)| *u || !required);
    }
    for n in 0..labels.len() {
        let label = &labels[n].0;
        if !used[n] && !label.is_empty() && text.starts_with(label.as_str()) {
            used[n] = true;
            if made_of_labels(&text[label.len()..], labels, used) {
                return true;
            }
            used[n] = false;
        }
    }
    false
}

/// The lengths of the runs of consecutive values from `start` up to the first token `stop` says
/// ends the table: one run per row of a body whose rows are a label and its numbers.
fn value_runs(toks: &[Tok], start: usize, stop: impl Fn(&Tok) -> bool) -> Vec<usize> {
    let mut runs = Vec::new();
    let mut run = 0;
    for tok in toks[start..].iter().filter(|x| !x.is_empty()) {
        if tok.is_value() {
            run += 1;
            continue;
        }
        if run > 0 {
            runs.push(run);
            run = 0;
        }
        if stop(tok) {
            break;
        }
    }
    if run > 0 {
        runs.push(run);
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(text: &str) -> Vec<Tok> {
        text.chars()
            .enumerate()
            .map(|(n, c)| Tok {
                text: c.to_string(),
                at: Place::Text {
                    line: n + 1,
                    column: 1,
                },
                real_empty: false,
                item: n,
                spelled: 0,
            })
            .collect()
    }

    fn vocabulary() -> Vocabulary {
        let knowledge = nianbao_core::knowledge::Knowledge::get();
        let template = knowledge.template("2021").expect("the 2021 template");
        Vocabulary::new(&Index::new(template, nianbao_core::Lang::Zh))
    }

    /// PDF text in reading order for 第二十条第（一）项 whose first row label comes before the
    /// header (LibreOffice drew the label column first), then `rows` as label and numbers.
    fn label_before_header(rows: &str) -> Result<crate::Imported, crate::ImportError> {
        let text = format!(
            "某局2024年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\n规章\n\n\
             本年制发件数 本年废止件数 现行有效件数\n0\n\n1\n\n2\n\n{rows}三、收到和处理政府信息公开申请情况\n"
        );
        let options = crate::Options {
            source_name: "t.txt",
            from: Some(Format::Pdf),
            lang: nianbao_core::Lang::En,
            ..Default::default()
        };
        crate::import(text.as_bytes(), &options)
    }

    #[test]
    fn a_row_label_before_the_header_keeps_the_rows_after_it() {
        let imported = label_before_header("行政规范性文件\n\n3\n\n7\n\n31\n\n").expect("imported");
        assert!(imported.markup.contains("| 规章 "), "{}", imported.markup);
        let row = imported
            .markup
            .lines()
            .find(|l| l.starts_with("| 行政规范性文件"))
            .expect("the second row is written");
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        assert_eq!(cells[2..5], ["3", "7", "31"], "{row}");
        assert_eq!(imported.numbers, 6);
        assert!(
            imported
                .notes
                .iter()
                .any(|n| n.message.contains("before the header")),
            "{:?}",
            imported.notes
        );
    }

    #[test]
    fn one_character_lines_read_back_into_labels() {
        let v = vocabulary();
        let toks = rejoin(chars("自然人商业企业其他总计"), &v);
        let texts: Vec<&str> = toks.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["自然人", "商业企业", "其他", "总计"]);
        assert_eq!(toks[1].at, Place::Text { line: 4, column: 1 });
        assert_eq!(toks[1].spelled, 4);
        // Traditional characters fold like any label.
        let toks = rejoin(chars("商業企業總計"), &v);
        assert_eq!(toks.len(), 2);
        // Unreadable: left as it is.
        assert_eq!(rejoin(chars("商业企科研机构"), &v).len(), 7);
    }

    #[test]
    fn a_run_too_long_for_a_header_is_not_read_in_pieces() {
        let v = vocabulary();
        // Scanned 241 at a time, the run once left its last two characters to be read alone.
        let long = format!("{}总计", "某".repeat(vertical::LONGEST_RUN + 1));
        let toks = rejoin(chars(&long), &v);
        assert!(toks.iter().all(|t| t.text.chars().count() == 1));
    }

    #[test]
    fn digit_runs_split_only_when_unique() {
        assert_eq!(
            split_digits(&["000", "0"], 4),
            vec![vec!["0", "0", "0", "0"]]
        );
        assert_eq!(split_digits(&["57", "1"], 3), vec![vec!["5", "7", "1"]]);
        assert_eq!(split_digits(&["571", "0"], 3).len(), 2);
        assert!(split_digits(&["5"], 2).is_empty());
    }
}
