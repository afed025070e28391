//! A `-layout` table body whose row labels wrap around their numbers. A PDF of a narrow label
//! column prints `2.其他法律行政法规` / `1 0 0 0 0 0 1` / `禁止公开` on three lines — the numbers on
//! the middle line of the label, or its first, or its last — and the group labels beside them
//! (`（三）` / `不予公` / `开`) share those lines in a column further left. Read line by line, such
//! a row has no label and its label's pieces look like rows of their own.
//!
//! Here each line of numbers is a row, and the template decides which: the label pieces around
//! it are gathered by the column they start in, and the rows are matched to the template's
//! rows in order, each by the longest run of its label's characters that the pieces around its
//! numbers contain. Only a matching that places every line of numbers, each with enough of its
//! label, is taken; the rows then carry the template's labels, and a note at the table says
//! that they were read so.

use super::{cells, is_number, split, Header, Word};
use crate::index::Index;
use crate::source::{Item, Piece};
use crate::{ImportError, Note};
use nianbao_core::knowledge::template::RowRole;
use nianbao_core::normalize::{key, strip_ordinal};

/// A line of numbers: the row's values, and the label pieces on its own line.
struct Anchor {
    /// Index into the body's lines.
    line: usize,
    numbers: Vec<Word>,
}

/// The rows of the table body that starts at `start`, when its labels wrap around their
/// numbers: `(end of the body, rows, note)`. `None` when every line of numbers carries a label
/// of its own (the line reader reads it) or when no matching places every line of numbers.
/// Refused when a line of numbers among labels that wrap around them holds fewer or more
/// numbers than the others: a cell is missing or extra there, and which cannot be told.
pub fn body(
    items: &[Item],
    start: usize,
    index: &Index,
    header: &Header,
) -> Result<Option<Read>, ImportError> {
    let Some(shape) = wrapped_shape(items, start, index, header)? else {
        return Ok(None);
    };
    read(items, index, shape)
}

/// A body read: where it ends, its rows, its notes.
type Read = (usize, Vec<Item>, Vec<Note>);

/// A body of this shape: its end, the header printed again inside it, its lines' cells and its
/// lines of numbers.
struct Shape {
    end: usize,
    repeats: Vec<(usize, usize)>,
    lines: Vec<Vec<Word>>,
    anchors: Vec<Anchor>,
    /// Whether each line of numbers carries a label of the template on its own line.
    own: Vec<bool>,
}

fn wrapped_shape(
    items: &[Item],
    start: usize,
    index: &Index,
    header: &Header,
) -> Result<Option<Shape>, ImportError> {
    let (end, repeats) = body_end(items, start, index, header);
    let repeated = |n: usize| repeats.iter().any(|(from, to)| (*from..*to).contains(&n));
    let lines: Vec<Vec<Word>> = items[start..end]
        .iter()
        .enumerate()
        .map(|(n, item)| match item {
            Item::Line(p) if !p.text.is_empty() && !repeated(start + n) => body_cells(p),
            _ => Vec::new(),
        })
        .collect();
    let anchors: Vec<Anchor> = lines
        .iter()
        .enumerate()
        .filter_map(|(line, words)| {
            let first = words.iter().position(|w| is_number(&w.text))?;
            let numbers = &words[first..];
            (numbers.len() >= 2 && numbers.iter().all(|w| is_number(&w.text))).then(|| Anchor {
                line,
                numbers: numbers.to_vec(),
            })
        })
        .collect();
    // Every number of the body in a line of numbers, as many on each: else this is no table of
    // this shape (digits run together, a row short of a cell), and the line reader decides.
    let numbered = lines
        .iter()
        .filter(|words| words.iter().any(|w| is_number(&w.text)))
        .count();
    if anchors.len() < 3 || numbered != anchors.len() {
        return Ok(None);
    }
    let own_label = |a: &Anchor| {
        let label: String = lines[a.line]
            .iter()
            .take_while(|w| !is_number(&w.text))
            .map(|w| w.text.as_str())
            .collect();
        (0..index.table_count()).any(|t| index.row_spelled(t, &label).is_some())
    };
    let own: Vec<bool> = anchors.iter().map(own_label).collect();
    if own.iter().all(|o| *o) {
        return Ok(None);
    }
    // The width most lines of numbers have; a line with another is refused where it stands.
    let mut widths: Vec<usize> = anchors.iter().map(|a| a.numbers.len()).collect();
    widths.sort_unstable();
    let width = widths
        .chunk_by(|a, b| a == b)
        .max_by_key(|run| run.len())
        .map_or(0, |run| run[0]);
    if let Some(k) = anchors.iter().position(|a| a.numbers.len() != width) {
        // A line with a label of its own is the line reader's: it reads the row by its label
        // (digits run together split where only one split is possible, else refused there).
        if own[k] {
            return Ok(None);
        }
        let odd = &anchors[k];
        let found = odd.numbers.len();
        return Err(refused_at(odd, |figures| {
            index.say(
            format!("这一行数字（{figures}）有 {found} 个，表中其他各行都有 {width} 个：有一格缺失、错位、多出或数字连在一起，无法判断是哪一格；行标签折成多行排在数字周围，这一行属于哪个标签也就无法确定，不作猜测：请对照原件核对这一行"),
            format!("this line of numbers ({figures}) has {found}, every other line of the table {width}: a cell is missing, shifted or extra, or digits ran together, and which cannot be told; the row labels wrap around the numbers, so which label this line belongs to cannot be told either; not guessing"),
        )
        }));
    }
    Ok(Some(Shape {
        end,
        repeats,
        lines,
        anchors,
        own,
    }))
}

/// A refusal at the first number of `line`, its message made by `message` from the line's
/// numbers as printed (`12 0 3`), which every refusal of a line quotes.
fn refused_at(line: &Anchor, message: impl FnOnce(&str) -> String) -> ImportError {
    let figures = line
        .numbers
        .iter()
        .map(|w| w.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    ImportError {
        at: Some(line.numbers[0].piece().at),
        message: message(&figures),
    }
}

/// The rows of a body of this shape, matched to the template's rows. When no matching places
/// every line of numbers: refused at the first line that cannot be placed, if it has no label
/// of its own (no reader can place it); else `None`, and the line reader reads the body.
fn read(items: &[Item], index: &Index, shape: Shape) -> Result<Option<Read>, ImportError> {
    let Shape {
        end,
        repeats,
        lines,
        anchors,
        own,
    } = shape;
    let best = (0..index.table_count())
        .filter_map(|t| Some((t, align(&lines, &anchors, t, index)?)))
        .max_by_key(|(_, rows)| rows.iter().map(|(_, score)| score).sum::<usize>());
    let Some((table, rows)) = best else {
        let Some((table, (candidates, placed))) = (0..index.table_count())
            .map(|t| (t, placeable_prefix(&lines, &anchors, t, index)))
            .max_by_key(|(_, (_, placed))| placed.len())
        else {
            return Ok(None);
        };
        // Where the order broke: the first line placed past a row that must have numbers (a
        // line whose label is lost takes the next row's, and the rest follow), else the first
        // line not placed. It would be that row.
        let spec = index.spec(table);
        let data = |j: usize| spec.rows[candidates[j]].role == RowRole::Data;
        let skipped = |k: usize| {
            let from = k.checked_sub(1).map_or(0, |p| placed[p] + 1);
            (from..placed[k]).find(|&j| data(j))
        };
        let (k, expected) = match (0..placed.len()).find_map(|k| Some((k, skipped(k)?))) {
            Some((k, j)) => (k, Some(j)),
            None => (placed.len(), placed.last().map_or(Some(0), |j| Some(j + 1))),
        };
        let Some(lost) = anchors.get(k).filter(|_| !own[k]) else {
            return Ok(None);
        };
        let expected = expected
            .and_then(|j| candidates.get(j))
            .map_or("", |&r| spec.rows[r].label.as_str());
        let title = &spec.title;
        return Err(refused_at(lost, |figures| {
            index.say(
            format!("表格“{title}”的行标签折成多行排在数字周围；按模板的行序，这一行数字（{figures}）应是“{expected}”行，周围的文字却显示不出它的标签（标签缺字、错字或次序不对），从这一行起的数字无法放入，不作猜测：请对照原件核对这一行的标签"),
            format!("the row labels of “{title}” wrap around their numbers; in the template's order this line of numbers ({figures}) would be row “{expected}”, but the text around it does not show that label (damaged, misspelt or out of order): the numbers from this line on cannot be placed; not guessing"),
        )
        }));
    };
    let spec = index.spec(table);
    let mut out = Vec::new();
    // The body's label text by the column it starts in (a group label's pieces, `三、本` /
    // `年度办` / `理结果`, are one column beside its sub-rows).
    let columns = by_column(lines.iter().flatten());
    let mut next = 0;
    for (anchor, (row, _)) in anchors.iter().zip(&rows) {
        // Group rows printed beside their sub-rows, before this row: label-only rows.
        for r in next..*row {
            let group = &spec.rows[r];
            if group.role != RowRole::Data
                && columns
                    .iter()
                    .any(|c| c.contains(strip_ordinal(&key(&group.label))))
            {
                out.push(Item::Row(vec![Piece::new(
                    group.label.clone(),
                    anchor.numbers[0].piece().at,
                )]));
            }
        }
        next = row + 1;
        let label_at = lines[anchor.line]
            .first()
            .map_or_else(|| anchor.numbers[0].piece().at, |w| w.piece().at);
        let mut cells = vec![Piece::new(spec.rows[*row].label.clone(), label_at)];
        cells.extend(anchor.numbers.iter().map(Word::piece));
        out.push(Item::Row(cells));
    }
    let first = lines.iter().flatten().next().map(|w| w.piece().at);
    let (title, rows) = (&spec.title, anchors.len());
    let message = index.say(
        format!("“{title}”各行的标签在原件中折成多行、与数字错行排列（PDF 版式）：按模板行序和每行数字周围的标签文字认定了 {rows} 行，行标签按模板写出"),
        format!("the row labels of “{title}” wrap over several lines around their numbers (PDF layout): {rows} rows told by the template's order of rows and the label text around each line of numbers, written with the template's labels"),
    );
    let mut notes = vec![Note::inferred_in_table(first, table, message)];
    for (from, _) in &repeats {
        if let Item::Line(p) = &items[*from] {
            let message = index.say(
                format!("“{title}”的表头在下一页重复印出，已略去（表格跨页）"),
                format!("the header of “{title}” printed again on the next page: dropped (the table crosses a page)"),
            );
            notes.push(Note::new(Some(p.at.clone()), message));
        }
    }
    Ok(Some((end, out, notes)))
}

/// The cells of a body line: as `cells` gives them, and a word processor's closer setting
/// undone — a label one space from its first number (`…行政机关不再处 0`), or from the group
/// label beside it (`三、本 （一）予以公开`), is a cell of its own.
fn body_cells(p: &Piece) -> Vec<Word> {
    cells(p, None)
        .into_iter()
        .flat_map(|w| {
            let parts = split(&w.piece(), 1);
            if parts.len() < 2 {
                return vec![w];
            }
            let starts_row = |x: &Word| {
                let t = x.text.as_str();
                t.starts_with(['（', '('])
                    || t.chars().next().is_some_and(|c| c.is_ascii_digit())
                        && t.trim_start_matches(|c: char| c.is_ascii_digit())
                            .starts_with(['.', '．', '、'])
            };
            let mut out: Vec<Word> = Vec::new();
            for x in parts {
                let new_cell = match out.last() {
                    None => true,
                    Some(last) => is_number(&x.text) || is_number(&last.text) || starts_row(&x),
                };
                match out.last_mut() {
                    Some(last) if !new_cell => {
                        let gap = x.column - (last.column + last.text.chars().count());
                        last.text = format!("{}{}{}", last.text, " ".repeat(gap), x.text);
                    }
                    _ => out.push(x),
                }
            }
            out
        })
        .collect()
}

/// Where the body ends: at a section or table heading, or at a line of prose; and the header
/// printed again inside it where the table crosses a page (`(from, to)` of each).
fn body_end(
    items: &[Item],
    start: usize,
    index: &Index,
    header: &Header,
) -> (usize, Vec<(usize, usize)>) {
    let mut repeats = Vec::new();
    let mut n = start;
    while n < items.len() {
        if let Some(to) = header.repeated_at(items, n, index) {
            repeats.push((n, to));
            n = to;
            continue;
        }
        let ends = match &items[n] {
            Item::Line(p) => {
                let text = p.text.as_str();
                index.section(text).is_some()
                    || index.block(text).is_some()
                    || (text.chars().count() > 40 && !text.chars().any(|c| c.is_ascii_digit()))
            }
            Item::Row(_) => true,
        };
        if ends {
            break;
        }
        n += 1;
    }
    (n, repeats)
}

/// The label text around each anchor, by the column its pieces start in: for anchor `k`, the
/// pieces on the lines after the anchor before it and before the anchor after it.
fn windows(lines: &[Vec<Word>], anchors: &[Anchor]) -> Vec<Vec<String>> {
    (0..anchors.len())
        .map(|k| {
            let from = if k == 0 { 0 } else { anchors[k - 1].line + 1 };
            let to = anchors.get(k + 1).map_or(lines.len(), |a| a.line);
            by_column(lines[from..to].iter().flatten())
        })
        .collect()
}

/// The text of label pieces (numbers aside), folded and joined by the column each starts in.
fn by_column<'w>(words: impl Iterator<Item = &'w Word>) -> Vec<String> {
    let mut columns: Vec<(usize, String)> = Vec::new();
    for w in words.filter(|w| !is_number(&w.text)) {
        match columns.iter_mut().find(|(c, _)| c.abs_diff(w.column) <= 1) {
            Some((_, text)) => text.push_str(&key(&w.text)),
            None => columns.push((w.column, key(&w.text))),
        }
    }
    columns.into_iter().map(|(_, text)| text).collect()
}

/// The longest run of characters `label` and `text` share.
fn common_run(label: &[char], text: &[char]) -> usize {
    let mut best = 0;
    let mut previous = vec![0usize; text.len() + 1];
    for a in label {
        let mut current = vec![0usize; text.len() + 1];
        for (j, b) in text.iter().enumerate() {
            if a == b {
                current[j + 1] = previous[j] + 1;
                best = best.max(current[j + 1]);
            }
        }
        previous = current;
    }
    best
}

/// The rows of `table` that can carry numbers, and for each anchor and each of them how much of
/// the row's label the text around the anchor shows (0: not enough to tell).
fn score_matrix(
    lines: &[Vec<Word>],
    anchors: &[Anchor],
    table: usize,
    index: &Index,
) -> (Vec<usize>, Vec<Vec<usize>>) {
    let spec = index.spec(table);
    let windows = windows(lines, anchors);
    let candidates: Vec<usize> = (0..spec.rows.len())
        .filter(|&r| spec.rows[r].role != RowRole::Group)
        .collect();
    let scores = (0..anchors.len())
        .map(|k| {
            candidates
                .iter()
                .map(|&r| {
                    let label: Vec<char> =
                        strip_ordinal(&key(&spec.rows[r].label)).chars().collect();
                    let best = windows[k]
                        .iter()
                        .map(|w| common_run(&label, &w.chars().collect::<Vec<_>>()))
                        .max()
                        .unwrap_or(0);
                    // Enough of the label: four characters, or all of a shorter one.
                    if best >= label.len().min(4) {
                        best
                    } else {
                        0
                    }
                })
                .collect()
        })
        .collect();
    (candidates, scores)
}

/// The anchors, from the first, placed on rows of `table` in order, each on the row after the
/// previous one's whose label it shows most of, up to the first row that must have numbers
/// and whose label it shows (a group's own row, `（三）不予公开`, is shown beside its first
/// sub-row too): the candidate rows, and the index among them of each anchor placed. Only
/// to say where an order broke.
fn placeable_prefix(
    lines: &[Vec<Word>],
    anchors: &[Anchor],
    table: usize,
    index: &Index,
) -> (Vec<usize>, Vec<usize>) {
    let (candidates, scores) = score_matrix(lines, anchors, table, index);
    let spec = index.spec(table);
    let data = |j: usize| spec.rows[candidates[j]].role == RowRole::Data;
    let mut placed = Vec::new();
    for row in &scores {
        let next = placed.last().map_or(0, |j| j + 1);
        let reach = (next..row.len())
            .find(|&j| row[j] > 0 && data(j))
            .map_or(row.len(), |j| j + 1);
        // The best score, the earliest of equals.
        match (next..reach)
            .filter(|&j| row[j] > 0)
            .min_by_key(|&j| (std::cmp::Reverse(row[j]), j))
        {
            Some(j) => placed.push(j),
            None => break,
        }
    }
    (candidates, placed)
}

/// The template rows of `table` for the anchors, in order, each with its score; `None` unless
/// every anchor gets a row whose label it shows enough of.
fn align(
    lines: &[Vec<Word>],
    anchors: &[Anchor],
    table: usize,
    index: &Index,
) -> Option<Vec<(usize, usize)>> {
    let (candidates, scores) = score_matrix(lines, anchors, table, index);
    if candidates.len() < anchors.len() {
        return None;
    }
    let score = |k: usize, j: usize| scores[k][j];
    let (n, m) = (anchors.len(), candidates.len());
    // best[k][j]: the best total placing anchors k.. on candidates j.. (None: impossible).
    let mut best = vec![vec![None::<usize>; m + 1]; n + 1];
    let mut take = vec![vec![false; m + 1]; n + 1];
    best[n].fill(Some(0));
    for k in (0..n).rev() {
        for j in (0..m).rev() {
            let skip = best[k][j + 1];
            let s = score(k, j);
            let here = (s > 0)
                .then(|| best[k + 1][j + 1].map(|rest| rest + s))
                .flatten();
            if here.is_some() && here >= skip {
                best[k][j] = here;
                take[k][j] = true;
            } else {
                best[k][j] = skip;
            }
        }
    }
    best[0][0]?;
    let (mut k, mut j) = (0, 0);
    let mut out = Vec::with_capacity(n);
    while k < n && j < m {
        if take[k][j] {
            out.push((candidates[j], score(k, j)));
            k += 1;
        }
        j += 1;
    }
    (out.len() == n).then_some(out)
}
