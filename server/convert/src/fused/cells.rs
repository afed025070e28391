//! The tables' digit runs and the labels they follow. In run-together text a row is its label
//! and then its cells' digits with nothing between them: the text before a run ends with the
//! row's label (found with the checker's matcher), and the run holds the whole row. Table 四 is
//! printed as one row of fifteen cells under a header that names its rows: that run holds the
//! whole table, row by row.

use super::page::Compact;
use crate::index::Index;
use nianbao_core::knowledge::template::RowRole;
use nianbao_core::model::labels::Spelling;
use nianbao_core::normalize::key;
use regex::Regex;
use std::sync::OnceLock;

/// A digit run and the rows it fills.
#[derive(Debug, Clone)]
pub struct Unit {
    pub table: usize,
    /// Template rows, in order; the run fills them row by row.
    pub rows: Vec<usize>,
    /// The row label as written (spaces taken out), for a run that fills one row.
    pub label: Option<String>,
    /// Empty for a row printed with its label and no figures: its cells are blank.
    pub digits: String,
    /// Character offsets in `digits` where the page printed a space between two digits: a
    /// cell boundary the split must respect.
    pub breaks: Vec<usize>,
    /// Compact index of the run's first digit (for a blank row, of the end of its label).
    pub at: usize,
}

/// What the tables' text gives besides the runs.
#[derive(Debug, Default)]
pub struct Found {
    pub units: Vec<Unit>,
    /// Per table: its `第二十条第（X）项` heading as written.
    pub blocks: Vec<(usize, String)>,
    /// The printed 勾稽关系 note and the compact index where it stands.
    pub notes: Vec<(usize, String)>,
    /// Runs that are counts in a sentence (`17件`), not cells.
    pub prose_numbers: Vec<(usize, String)>,
}

/// A label's longest reach: longer text before a run is a heading or prose, not the label.
const LABEL_REACH: usize = 80;

/// Units after a number in a sentence: such a run is prose, not a cell.
pub const UNITS: &str = "件条篇个人次项期家份年月日万元%％名位户场批";

/// Reads `[from, to)` of `compact` (the tables' part of the report); a run that follows no
/// label fails with its compact index.
pub fn read(
    compact: &Compact,
    from: usize,
    to: usize,
    index: &Index,
) -> Result<Found, (usize, String)> {
    let mut found = Found::default();
    let runs = runs(&compact.chars[..to], from);
    let mut current: Option<usize> = None;
    let mut text_from = from;
    let mut blank = Vec::new();
    for &(a, b) in &runs {
        let before = compact.string(text_from, a);
        let previous = found
            .units
            .last()
            .map(|u| (u.table, *u.rows.last().unwrap_or(&0)));
        let before_from = text_from;
        note_and_block(&before, text_from, index, &mut found, &mut current);
        let digits = compact.string(a, b);
        let breaks = (a + 1..b)
            .filter(|&i| compact.spaced[i])
            .map(|i| i - a)
            .collect();
        text_from = b;
        let next = compact.chars.get(b).copied();
        if let Some(unit) = whole_table(&before, index) {
            let header = before.chars().count();
            blank.extend(blank_rows(
                &before,
                before_from,
                header,
                previous,
                None,
                index,
            ));
            found.units.push(Unit {
                table: unit,
                rows: (0..index.spec(unit).rows.len()).collect(),
                label: None,
                digits,
                breaks,
                at: a,
            });
            current = Some(unit);
            continue;
        }
        match row_label(&before, index, current) {
            Some((table, row, label, n)) => {
                let rest = before.chars().count() - n;
                let target = Some((table, row));
                blank.extend(blank_rows(
                    &before,
                    before_from,
                    rest,
                    previous,
                    target,
                    index,
                ));
                current = Some(table);
                found.units.push(Unit {
                    table,
                    rows: vec![row],
                    label: Some(label),
                    digits,
                    breaks,
                    at: a,
                });
            }
            None if next.is_some_and(|c| UNITS.contains(c)) => {
                let all = before.chars().count();
                blank.extend(blank_rows(&before, before_from, all, previous, None, index));
                found.prose_numbers.push((a, digits));
            }
            None => {
                let before = tail(&before, 20);
                let message = index.say(
                    format!("数字“{digits}”前面不是模板的行标签（前文是“{before}”），不知道属于哪一行：请对照原件核对"),
                    format!("the numbers “{digits}” follow no row label of the template (after “{before}”)"),
                );
                return Err((a, message));
            }
        }
    }
    // Blank rows after the last run.
    let previous = found
        .units
        .last()
        .map(|u| (u.table, *u.rows.last().unwrap_or(&0)));
    let rest = compact.string(text_from.min(to), to);
    let all = rest.chars().count();
    blank.extend(blank_rows(&rest, text_from, all, previous, None, index));
    // The rows printed blank, in reading order among the others; a row that also has digits
    // elsewhere keeps those.
    let has_digits = |t: usize, r: usize| {
        found
            .units
            .iter()
            .any(|u| u.table == t && u.rows.contains(&r))
    };
    blank.retain(|u| !has_digits(u.table, u.rows[0]));
    blank.dedup_by_key(|u| (u.table, u.rows[0]));
    found.units.extend(blank);
    found.units.sort_by_key(|u| u.at);
    Ok(found)
}

/// The rows printed with their label and no figures in `before[..end]` (the text between two
/// runs, up to the label of the next run): labels that end the text one after another, from
/// the right, cut at the `第二十条` headings and section headings between them. Only a data
/// row that stands between the previous run's row and the next run's row in the template's
/// order is taken: a column header or a heading that happens to end like a label is not.
fn blank_rows(
    before: &str,
    from: usize,
    end: usize,
    previous: Option<(usize, usize)>,
    next: Option<(usize, usize)>,
    index: &Index,
) -> Vec<Unit> {
    let chars: Vec<char> = before.chars().collect();
    let text: String = chars[..end].iter().collect();
    // Where the text is cut: after a block heading or a section heading, with the table
    // that the following piece belongs to.
    let mut cuts: Vec<(usize, usize, Option<usize>)> = Vec::new();
    for m in block_heading().find_iter(&text) {
        let (a, b) = (
            text[..m.start()].chars().count(),
            text[..m.end()].chars().count(),
        );
        cuts.push((a, b, index.block(m.as_str())));
    }
    for section in &index.template.sections {
        for title in std::iter::once(&section.title).chain(&section.variants) {
            let heading = format!("{}、{title}", section.number);
            for (i, _) in text.match_indices(&heading) {
                let a = text[..i].chars().count();
                cuts.push((a, a + heading.chars().count(), None));
            }
        }
    }
    cuts.sort();
    // Pieces: (start, end, table, the row after which a blank row may stand, the row before
    // which).
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut table = previous.map(|p| p.0);
    for &(a, b, t) in &cuts {
        if a >= start {
            pieces.push((start, a, table, None));
        }
        start = b.max(start);
        table = t;
    }
    pieces.push((start, end, next.map(|n| n.0).or(table), next.map(|n| n.1)));
    let mut out = Vec::new();
    for (a, mut b, table, mut before_row) in pieces {
        let Some(t) = table else { continue };
        let after_row = previous.filter(|p| p.0 == t).map(|p| p.1);
        let spec = index.spec(t);
        while b > a {
            let Some((r, n, written)) = label_ending(&chars[a..b], index, t) else {
                break;
            };
            if before_row.is_some_and(|x| r >= x) || after_row.is_some_and(|x| r <= x) {
                break;
            }
            if spec.rows[r].role == RowRole::Data {
                out.push(Unit {
                    table: t,
                    rows: vec![r],
                    label: Some(written),
                    digits: String::new(),
                    breaks: Vec::new(),
                    at: from + b,
                });
            }
            before_row = Some(r);
            b -= n;
        }
    }
    out
}

/// The row of table `t` whose whole label ends `chars`: the row, the length of the ending
/// and the label as written.
fn label_ending(chars: &[char], index: &Index, t: usize) -> Option<(usize, usize, String)> {
    let reach = LABEL_REACH.min(chars.len());
    ending_label(chars, reach, index, &[t], false)
}

fn block_heading() -> &'static Regex {
    static BLOCK: OnceLock<Regex> = OnceLock::new();
    BLOCK.get_or_init(|| {
        Regex::new(r"第[二三]十[一二三四五六七八九]?条第[（(][一二三四五六七八九十]+[)）]项")
            .expect("valid")
    })
}

fn tail(s: &str, n: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    chars[chars.len().saturating_sub(n)..].iter().collect()
}

/// The digit runs of `chars` from `from`: digits, with a decimal point or a thousands separator
/// between digits (`1,1392851…`: 1,139 then the next cells), and a sign between digits (the
/// 2019 format's 本年增/减 may fall or rise: `行政处罚40-734` is 40, −7, 34; `97+82179` is 97, +8,
/// 2179 or another split). The last digit before `.` or `、` and a non-digit is the ordinal of the next
/// label (`…00000002.其他`).
fn runs(chars: &[char], from: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = from;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len()
            && (chars[i].is_ascii_digit()
                || (matches!(chars[i], '.' | '-' | '+' | ',')
                    && chars.get(i + 1).is_some_and(char::is_ascii_digit)
                    && i > start))
        {
            i += 1;
        }
        let mut end = i;
        if matches!(chars.get(end), Some('.' | '、')) && !chars[end - 1..end].contains(&'.') {
            end -= 1; // the ordinal of the next label
        }
        if end > start {
            out.push((start, end));
        }
    }
    out
}

/// Records a block heading or the 勾稽关系 note in the text before a run.
fn note_and_block(
    before: &str,
    from: usize,
    index: &Index,
    found: &mut Found,
    current: &mut Option<usize>,
) {
    static NOTE: OnceLock<Regex> = OnceLock::new();
    let block = block_heading();
    let note =
        NOTE.get_or_init(|| Regex::new(r"[（(][^（()）]*勾稽关系[^（()）]*[)）]").expect("valid"));
    for m in block.find_iter(before) {
        if let Some(table) = index.block(m.as_str()) {
            found.blocks.push((table, m.as_str().to_string()));
            *current = Some(table);
        }
    }
    for m in note.find_iter(before) {
        found.notes.push((
            from + before[..m.start()].chars().count(),
            m.as_str().to_string(),
        ));
    }
}

/// The table whose rows the header before a run names, when the run holds that whole table:
/// every row label is in the header, and the header ends with a column label.
fn whole_table(before: &str, index: &Index) -> Option<usize> {
    let folded = key(&tail(before, 200));
    (0..index.table_count()).find(|&t| {
        let spec = index.spec(t);
        spec.rows.len() >= 2
            && spec.rows.iter().all(|r| {
                std::iter::once(&r.label)
                    .chain(&r.variants)
                    .any(|l| folded.contains(&key(l)))
            })
            && (1..=LABEL_REACH.min(before.chars().count())).any(|n| {
                index
                    .column_spelled(t, &tail(before, n))
                    .is_some_and(|(_, s)| s != Spelling::Truncated)
            })
    })
}

/// The row whose label `before` ends with: the longest ending that is a row label (tables
/// tried from the current one), written as the template spells it where the text does, else
/// as the shortest ending that names the same row.
fn row_label(
    before: &str,
    index: &Index,
    current: Option<usize>,
) -> Option<(usize, usize, String, usize)> {
    let chars: Vec<char> = before.chars().collect();
    let mut tables: Vec<usize> = current.into_iter().collect();
    tables.extend((0..index.table_count()).filter(|t| Some(*t) != current));
    let reach = LABEL_REACH.min(chars.len());
    // A label cut off in the source (its start, six characters or more) only where no whole
    // label ends the text.
    for truncated in [false, true] {
        let found = ending_label_of(&chars, reach, index, &tables, truncated);
        if found.is_some() {
            return found;
        }
    }
    None
}

fn ending_label(
    chars: &[char],
    reach: usize,
    index: &Index,
    tables: &[usize],
    truncated: bool,
) -> Option<(usize, usize, String)> {
    ending_label_of(chars, reach, index, tables, truncated).map(|(_, r, w, n)| (r, n, w))
}

/// (table, row, label as written, length of the ending it was found in).
fn ending_label_of(
    chars: &[char],
    reach: usize,
    index: &Index,
    tables: &[usize],
    truncated: bool,
) -> Option<(usize, usize, String, usize)> {
    let ending = |n: usize| -> String { chars[chars.len() - n..].iter().collect() };
    let spelled = |t: usize, text: &str| {
        index
            .row_spelled(t, text)
            .filter(|(_, s)| truncated || *s != Spelling::Truncated)
    };
    let recognised = |t: usize, text: &str| spelled(t, text).map(|(r, _)| r);
    for n in (1..=reach).rev() {
        let text = ending(n);
        for &t in tables {
            if let Some(r) = recognised(t, &text) {
                // The template's own spelling if the text has it (行政规范性文件, not the
                // variant 规范性文件 that its end also is), else the shortest ending.
                let same = |e: &String| spelled(t, e).filter(|(x, _)| *x == r);
                let written = (1..=n)
                    .map(ending)
                    .find(|e| same(e).is_some_and(|(_, s)| s == Spelling::Canonical))
                    .or_else(|| (1..=n).map(ending).find(|e| same(e).is_some()))
                    .unwrap_or(text);
                return Some((t, r, written, n));
            }
        }
    }
    None
}
