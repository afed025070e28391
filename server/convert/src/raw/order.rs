//! The binder: which cell of the template table each number of a stretch is, when the text
//! gives the numbers apart from their labels — or why that cannot be proved.
//!
//! The proof, in order:
//!
//! 1. **Count.** The numbers are exactly as many as the rows that take numbers times the
//!    columns: the template's columns, or only those whose labels the text spells (a table
//!    without 其他). The rows are the template's, or with its subtotal rows printed with numbers
//!    (（三）不予公开 …), or with a subtotal that may stand alone printed in place of its sub-rows
//!    (（六）其他处理, the older form). One number more or fewer, and which is missing or extra
//!    cannot be told.
//! 2. **Readings.** Such a count reads two ways: row by row (`pdftotext` keeps each row's
//!    numbers together — Chromium's and LibreOffice's PDFs) or column by column (a table whose
//!    columns it takes as text columns). With one row or one column they are one reading.
//! 3. **Labels.** A label standing alone between two numbers is where the producer left it
//!    inline: read row by row, a row label must name the row of the number after it, and a
//!    column label name its column or stand where a row starts; read column by column, the
//!    other way round. A reading a label contradicts is out. Labels in blocks (after other text) tell nothing: the producers
//!    emit wrapped labels apart from their numbers in any order.
//! 4. **Relations.** Where several candidates survive, the template's relations choose, as the
//!    core evaluates them: a relation instance broken under every candidate is the report's
//!    own error and is set aside; the candidate that breaks none of the rest is taken — only if
//!    exactly one does.
//!
//! Anything short of that is refused, saying which step failed. Nothing is placed by guess.

use super::region::Region;
use super::relations::{self, Broken};
use super::shape::{is_ancestor, shapes, Shape};
use super::words::Words;
use crate::index::Index;
use crate::source::Place;
use crate::{say, ImportError, Lang};
use nianbao_core::knowledge::template::TableSpec;
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    ByRows,
    ByColumns,
}

impl Reading {
    /// The grid position (row, column; indices into the shape) of the `k`-th number.
    fn cell(self, k: usize, height: usize, width: usize) -> (usize, usize) {
        match self {
            Reading::ByRows => (k / width, k % width),
            Reading::ByColumns => (k % height, k / height),
        }
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Reading::ByRows, Lang::Zh) => "逐行",
            (Reading::ByColumns, Lang::Zh) => "逐列",
            (Reading::ByRows, Lang::En) => "row by row",
            (Reading::ByColumns, Lang::En) => "column by column",
        }
    }
}

/// What ruled out the other candidates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuledOut {
    /// One shape fits the count, and it has one row or one column: one reading.
    Nothing,
    /// Other readings put every number in the same cell.
    Alike,
    /// A label between numbers contradicts the other reading.
    Label { text: String, at: Place },
    /// The relations (their ids) that hold as taken and break under every other candidate.
    Relations(Vec<String>),
    /// The other reading would split a line of numbers at this number, which text that is
    /// no label between numbers sets apart from the numbers before it.
    Split { text: String, at: Place },
}

/// A table placed by the template's order.
#[derive(Debug)]
pub struct Bound {
    pub shape: Shape,
    /// Per row of the shape, per column of the shape: the index into the region's pieces of
    /// its number.
    pub grid: Vec<Vec<usize>>,
    pub reading: Reading,
    /// The labels between numbers, each agreeing with the reading.
    pub agreeing: Vec<String>,
    pub other: RuledOut,
}

/// A label between two numbers: the piece just before the `before`-th number.
struct Marker {
    piece: usize,
    before: usize,
    row: Option<usize>,
    columns: Vec<usize>,
}

#[derive(Clone, Copy)]
struct Candidate {
    shape: usize,
    reading: Reading,
}

/// What a person can do about a refusal here (said in Chinese, after it).
const ADVICE: &str =
    "。请对照原件核对这张表；有 PDF 原件的，可试着直接导入原件：`nianbao import 原件.pdf`";

/// What every refusal here says first: why the table is not read as it stands.
fn apart(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "它的数字与标签在原文中分开排列（按阅读顺序取出的文字，如不加 -layout 的 `pdftotext` 所得）",
        Lang::En => "its numbers stand apart from their labels (text in reading order, as `pdftotext` without -layout gives it)",
    }
}

/// Places the numbers of `region` by the template's order, or says what cannot be proved.
pub fn bind(region: &Region, index: &Index, words: &Words) -> Result<Bound, ImportError> {
    let lang = index.lang;
    let apart = apart(lang);
    let table = index.spec(region.spec);
    let title = &table.title;
    let values: Vec<usize> = (0..region.pieces.len())
        .filter(|&p| region.pieces[p].is_value())
        .collect();
    let (Some(&first), Some(&last)) = (values.first(), values.last()) else {
        return Err(ImportError::new(index.say(
            format!("表格“{title}”没有数字"),
            format!("table “{title}” has no numbers"),
        )));
    };
    if let Some(stray) = region.pieces[first..last]
        .iter()
        .find(|p| !p.is_value() && !words.is_table_text(&p.text))
    {
        let text = &stray.text;
        return Err(ImportError {
            at: Some(stray.at.clone()),
            message: index.say(
                format!("表格“{title}”：{apart}，而夹在数字中的“{text}”不是本表的标签：数字的排列顺序无法证明{ADVICE}"),
                format!("table “{title}”: {apart}, and “{text}” among them is no label of the table: the order of the numbers cannot be proved"),
            ),
        });
    }
    if let Some(refused) = columns_out_of_order(region, table, words, lang) {
        return Err(refused);
    }
    let shapes = shapes(table, words.printed_columns(region));
    let n = values.len();
    let fitting: Vec<usize> = (0..shapes.len())
        .filter(|&s| shapes[s].rows.len() * shapes[s].columns.len() == n)
        .collect();
    if fitting.is_empty() {
        return Err(count_refused(
            table,
            &shapes[0],
            n,
            region.pieces[first].at.clone(),
            lang,
        ));
    }
    let candidates: Vec<Candidate> = fitting
        .iter()
        .flat_map(|&shape| {
            let s = &shapes[shape];
            let both = s.rows.len() > 1 && s.columns.len() > 1;
            std::iter::once(Reading::ByRows)
                .chain(both.then_some(Reading::ByColumns))
                .map(move |reading| Candidate { shape, reading })
        })
        .collect();
    let markers = markers(region, &values, words);
    let contradiction = |c: Candidate| -> Option<&Marker> {
        let s = &shapes[c.shape];
        markers.iter().find(|m| {
            let (i, j) = c.reading.cell(m.before, s.rows.len(), s.columns.len());
            !agrees(table, c.reading, m, s.rows[i], s.columns[j], i == 0, j == 0)
        })
    };
    // Both producers keep each line's numbers together: text between two numbers of one line
    // of the reading is a single label the reading agrees with (above), a wrapped label's last
    // piece printed beside its row's numbers (`-layout`: `信息  0 0 0 0 0 1`), or a header
    // between lines naming the cell after it (LibreOffice's table 四: `复议后起诉` `总计` `2`;
    // table 三's header cells between the first row's numbers: `科研` `机构` `1`).
    // Anything else — a block of wrapped labels, a page's furniture — sets a number apart
    // inside its line: it was drawn out of its place (LibreOffice draws a row's first cell
    // after a page break later), and where it belongs cannot be told.
    let gaps: Vec<usize> = (1..values.len())
        .filter(|&k| values[k] > values[k - 1] + 1 && !markers.iter().any(|m| m.before == k))
        .collect();
    let line_of = |p: usize| match region.pieces[p].at {
        Place::Text { line, .. } => Some(line),
        _ => None,
    };
    let split = |c: Candidate| -> Option<usize> {
        let s = &shapes[c.shape];
        gaps.iter().copied().find(|&k| {
            let (i, j) = c.reading.cell(k, s.rows.len(), s.columns.len());
            let line_start = match c.reading {
                Reading::ByRows => j == 0,
                Reading::ByColumns => i == 0,
            };
            let between = values[k - 1] + 1..values[k];
            let beside = between.len() == 1
                && line_of(between.start).is_some()
                && line_of(between.start) == line_of(values[k]);
            let (row, column) = (s.rows[i], s.columns[j]);
            // A header cell broken into pieces (`科研` `机构`) names its column joined.
            let gap = &region.pieces[between];
            let joined = (0..gap.len()).map(|from| {
                gap[from..]
                    .iter()
                    .map(|p| p.text.as_str())
                    .collect::<String>()
            });
            let names_cell = gap
                .iter()
                .map(|p| p.text.clone())
                .chain(joined)
                .any(|text| {
                    words.columns(&text).contains(&column)
                        || words
                            .row(&text)
                            .is_some_and(|r| r == row || is_ancestor(table, r, row))
                });
            // A header printed again between a line's numbers (LibreOffice's table 四 repeats
            // `维持 纠正 结果 审结` before a group's 总计) holds no row's text to be out of place.
            let header_only = gap.iter().all(|p| words.is_header_piece(&p.text));
            !(line_start || beside || names_cell || header_only)
        })
    };
    let surviving: Vec<Candidate> = candidates
        .iter()
        .copied()
        .filter(|&c| contradiction(c).is_none() && split(c).is_none())
        .collect();
    let grid_of = |c: Candidate| -> Vec<Vec<usize>> {
        let s = &shapes[c.shape];
        let (height, width) = (s.rows.len(), s.columns.len());
        let mut grid = vec![vec![0; width]; height];
        for (k, &p) in values.iter().enumerate() {
            let (i, j) = c.reading.cell(k, height, width);
            grid[i][j] = p;
        }
        grid
    };
    let bound = |c: Candidate, other: RuledOut| Bound {
        shape: shapes[c.shape].clone(),
        grid: grid_of(c),
        reading: c.reading,
        agreeing: markers
            .iter()
            .map(|m| region.pieces[m.piece].text.clone())
            .collect(),
        other,
    };
    // Out by a split line only, not by a label: the refusal names the number set apart.
    let split_only = candidates
        .iter()
        .filter(|&&c| contradiction(c).is_none())
        .find_map(|&c| split(c).map(|k| (c, k)));
    if let (true, Some((c, k))) = (surviving.is_empty(), split_only) {
        let s = &shapes[c.shape];
        let (i, j) = c.reading.cell(k, s.rows.len(), s.columns.len());
        return Err(split_refused(
            region,
            table,
            values[k],
            (s.rows[i], s.columns[j]),
            c.reading,
            lang,
        ));
    }
    match surviving.as_slice() {
        [] => Err(labels_refused(
            region,
            table,
            &shapes,
            &candidates,
            &contradiction,
            lang,
        )),
        [only] if candidates.len() == 1 => Ok(bound(*only, RuledOut::Nothing)),
        [only] => {
            let ruled = candidates
                .iter()
                .find_map(|&c| contradiction(c))
                .map(|m| RuledOut::Label {
                    text: region.pieces[m.piece].text.clone(),
                    at: region.pieces[m.piece].at.clone(),
                })
                .or_else(|| {
                    candidates.iter().find_map(|&c| split(c)).map(|k| {
                        let piece = &region.pieces[values[k]];
                        RuledOut::Split {
                            text: piece.text.clone(),
                            at: piece.at.clone(),
                        }
                    })
                })
                .unwrap_or(RuledOut::Nothing);
            Ok(bound(*only, ruled))
        }
        several => {
            let texts = |c: Candidate| -> Vec<Vec<String>> {
                grid_of(c)
                    .iter()
                    .map(|line| {
                        line.iter()
                            .map(|&p| region.pieces[p].text.clone())
                            .collect()
                    })
                    .collect()
            };
            let first_texts = texts(several[0]);
            if several
                .iter()
                .all(|&c| c.shape == several[0].shape && texts(c) == first_texts)
            {
                return Ok(bound(several[0], RuledOut::Alike));
            }
            let broken: Vec<BTreeSet<Broken>> = several
                .iter()
                .map(|&c| {
                    let s = &shapes[c.shape];
                    relations::broken(index, region.spec, &s.rows, &s.columns, &texts(c))
                })
                .collect();
            choose(region, index, &shapes, several, &broken, n).map(|(c, why)| bound(c, why))
        }
    }
}

/// The candidates left after the labels, judged by the relations.
fn choose(
    region: &Region,
    index: &Index,
    shapes: &[Shape],
    several: &[Candidate],
    broken: &[BTreeSet<Broken>],
    n: usize,
) -> Result<(Candidate, RuledOut), ImportError> {
    let (lang, apart) = (index.lang, apart(index.lang));
    let title = &index.spec(region.spec).title;
    // A relation broken under every candidate is the report's own error: it cannot choose.
    let everywhere: BTreeSet<Broken> = broken.iter().skip(1).fold(broken[0].clone(), |acc, b| {
        acc.intersection(b).copied().collect()
    });
    let admissible: Vec<usize> = (0..several.len())
        .filter(|&i| broken[i].is_subset(&everywhere))
        .collect();
    let describe = |c: Candidate| {
        let s = &shapes[c.shape];
        if shapes
            .iter()
            .filter(|x| x.rows.len() * x.columns.len() == n)
            .count()
            > 1
        {
            let (form, reading) = (s.form.name(lang), c.reading.name(lang));
            index.say(
                format!("按{form}{reading}读"),
                format!("{form} read {reading}"),
            )
        } else {
            let reading = c.reading.name(lang);
            index.say(format!("{reading}读"), format!("read {reading}"))
        }
    };
    let at = region.values().next().map(|p| p.at.clone());
    match admissible.as_slice() {
        [only] => {
            let mut ids: Vec<String> = broken
                .iter()
                .enumerate()
                .filter(|(i, _)| i != only)
                .flat_map(|(_, b)| b.difference(&everywhere))
                .map(|(r, _, _)| index.template.relations[*r].id.clone())
                .collect();
            ids.sort();
            ids.dedup();
            Ok((several[*only], RuledOut::Relations(ids)))
        }
        [] => {
            let readings: Vec<String> = several.iter().map(|&c| describe(c)).collect();
            Err(ImportError {
                at,
                message: index.say(
                    format!("表格“{title}”：{apart}；{}，每种读法都有勾稽关系不成立、而在另一种读法下成立，勾稽关系无法判定：数字的排列顺序无法证明{ADVICE}", readings.join("和")),
                    format!("table “{title}”: {apart}; {} each break relations that another keeps, so the relations cannot choose and the order cannot be proved", readings.join(" and ")),
                ),
            })
        }
        _ => {
            let readings: Vec<String> = admissible.iter().map(|&i| describe(several[i])).collect();
            let ids = relation_ids(index, region.spec);
            Err(ImportError {
                at,
                message: index.say(
                    format!("表格“{title}”：{apart}；它的 {n} 个数字{}，与表中标签和模板的勾稽关系（{ids}）都同样相符：原文是哪种顺序无法证明{ADVICE}", readings.join("或")),
                    format!("table “{title}”: {apart}; its {n} numbers {} agree alike with its labels and with the template's relations ({ids}); which order the text has cannot be proved", readings.join(" or ")),
                ),
            })
        }
    }
}

/// A line of the text holding whole column labels in another order than the template's: a
/// line keeps its words left to right, so the table prints its columns in that order, and the
/// template's order would put numbers in the wrong columns.
fn columns_out_of_order(
    region: &Region,
    table: &TableSpec,
    words: &Words,
    lang: Lang,
) -> Option<ImportError> {
    let line_of = |p: &super::region::Piece| match p.at {
        Place::Text { line, .. } => line,
        _ => 0,
    };
    let labelled: Vec<(&super::region::Piece, usize)> = region
        .pieces
        .iter()
        .filter(|p| !p.is_value())
        .filter_map(|p| match words.columns(&p.text).as_slice() {
            [c] => Some((p, *c)),
            _ => None,
        })
        .collect();
    let line = labelled
        .chunk_by(|a, b| line_of(a.0) == line_of(b.0))
        .find(|line| line.windows(2).any(|w| w[0].1 >= w[1].1))?;
    let printed: Vec<String> = line.iter().map(|(p, _)| format!("“{}”", p.text)).collect();
    let (title, apart) = (&table.title, apart(lang));
    Some(ImportError {
        at: Some(line[0].0.at.clone()),
        message: say(
            lang,
            format!("表格“{title}”：{apart}，而这一行印出的列{}与模板的列序不同；按模板列序放数字会放错列：数字的排列顺序无法证明{ADVICE}", printed.join("")),
            format!("table “{title}”: {apart}, and this line prints the columns {} in another order than the template's; placing the numbers by the template's order would put them in the wrong columns, so the order cannot be proved", printed.join(" ")),
        ),
    })
}

fn count_refused(table: &TableSpec, shape: &Shape, n: usize, at: Place, lang: Lang) -> ImportError {
    let (height, width) = (shape.rows.len(), shape.columns.len());
    let (title, apart) = (&table.title, apart(lang));
    let message = if n.is_multiple_of(width) && width > 1 {
        let rows = n / width;
        say(
            lang,
            format!("表格“{title}”：{apart}；共有 {rows} 行、每行 {width} 个数字，而模板有 {height} 行：缺了或多了一行，又无法判断是哪一行，数字的排列顺序无法证明{ADVICE}"),
            format!("table “{title}”: {apart}; there are {rows} rows of {width} numbers for the template's {height} rows: a row is missing or extra, and which one cannot be told, so the order cannot be proved"),
        )
    } else {
        let cells = height * width;
        say(
            lang,
            format!("表格“{title}”：{apart}；共有 {n} 个数字，而模板是 {height} 行 × {width} 列（{cells} 个）：缺了或多了一个数字，又无法判断是哪一个，数字的排列顺序无法证明{ADVICE}"),
            format!("table “{title}”: {apart}; there are {n} numbers for the template's {height} rows × {width} columns ({cells}): a number is missing or extra, and which one cannot be told, so the order cannot be proved"),
        )
    };
    ImportError {
        at: Some(at),
        message,
    }
}

/// A number that text other than a label sets apart from the numbers of its line, under every
/// reading no label contradicts: where it belongs cannot be told.
fn split_refused(
    region: &Region,
    table: &TableSpec,
    piece: usize,
    (row, column): (usize, usize),
    reading: Reading,
    lang: Lang,
) -> ImportError {
    let number = &region.pieces[piece];
    let (title, apart, text) = (&table.title, apart(lang), &number.text);
    let (row, column) = (&table.rows[row].label, &table.columns[column].label);
    let (zh_reading, en_reading) = (reading.name(Lang::Zh), reading.name(Lang::En));
    ImportError {
        at: Some(number.at.clone()),
        message: say(
            lang,
            format!("表格“{title}”：{apart}，而数字“{text}”与它前面的数字之间隔着别的文字（不是夹在数字间的单个标签）：{zh_reading}读时它是“{row}”行“{column}”列，但同一行的数字本应连在一起，它可能被排到了别处（如换页后）；它属于哪一格无法证明{ADVICE}"),
            format!("table “{title}”: {apart}, and text other than a single label sets the number “{text}” apart from the numbers before it: read {en_reading} it would be row “{row}”, column “{column}”, but a line's numbers stand together, so it may have been drawn elsewhere (after a page break); which cell it is cannot be proved"),
        ),
    }
}

fn labels_refused<'m>(
    region: &Region,
    table: &TableSpec,
    shapes: &[Shape],
    candidates: &[Candidate],
    contradiction: &dyn Fn(Candidate) -> Option<&'m Marker>,
    lang: Lang,
) -> ImportError {
    let said: Vec<String> = candidates
        .iter()
        .filter_map(|&c| {
            let m = contradiction(c)?;
            let s = &shapes[c.shape];
            let (i, j) = c.reading.cell(m.before, s.rows.len(), s.columns.len());
            let piece = &region.pieces[m.piece];
            let (text, at, reading) = (&piece.text, piece.at.show(lang), c.reading.name(lang));
            let (row, column) = (
                &table.rows[s.rows[i]].label,
                &table.columns[s.columns[j]].label,
            );
            Some(say(
                lang,
                format!("“{text}”（{at}）：{reading}读时，它后面的数字是“{row}”行、“{column}”列"),
                format!("“{text}” at {at}: read {reading}, the number after it is row “{row}”, column “{column}”"),
            ))
        })
        .collect();
    let first = candidates
        .first()
        .and_then(|&c| contradiction(c))
        .map(|m| &region.pieces[m.piece]);
    let (title, apart) = (&table.title, apart(lang));
    ImportError {
        at: first.map(|p| p.at.clone()),
        message: say(
            lang,
            format!("表格“{title}”：{apart}，而夹在数字间的标签与模板的任何排列顺序都不符（{}）：数字的排列顺序无法证明{ADVICE}", said.join("；")),
            format!("table “{title}”: {apart}, and labels between them fit no order of the template ({}); the order cannot be proved", said.join("; ")),
        ),
    }
}

/// The template's relations over table `spec`, named for a message.
fn relation_ids(index: &Index, spec: usize) -> String {
    let id = &index.spec(spec).id;
    let mut ids: Vec<&str> = index
        .template
        .relations
        .iter()
        .filter(|r| &r.table == id)
        .map(|r| r.id.as_str())
        .collect();
    ids.dedup();
    if ids.is_empty() {
        index.say(
            "模板没有为本表规定勾稽关系",
            "the template gives this table none",
        )
    } else {
        ids.join(", ")
    }
}

/// The labels between numbers: a piece standing alone between two numbers, when it is a whole
/// (or recognisably truncated) row or column label of the table.
fn markers(region: &Region, values: &[usize], words: &Words) -> Vec<Marker> {
    values
        .windows(2)
        .enumerate()
        .filter(|(_, pair)| pair[1] == pair[0] + 2)
        .filter_map(|(k, pair)| {
            let piece = pair[0] + 1;
            let text = &region.pieces[piece].text;
            let row = words.row(text);
            let columns = words.columns(text);
            (row.is_some() || !columns.is_empty()).then_some(Marker {
                piece,
                before: k + 1,
                row,
                columns,
            })
        })
        .collect()
}

/// Whether a label between numbers agrees with `reading`, which puts the number after it in
/// template row `row`, column `column` (the first of the shape's rows, columns or not).
fn agrees(
    table: &TableSpec,
    reading: Reading,
    m: &Marker,
    row: usize,
    column: usize,
    first_row: bool,
    first_column: bool,
) -> bool {
    let names_row = m
        .row
        .is_some_and(|named| named == row || is_ancestor(table, named, row));
    let names_column = m.columns.contains(&column);
    // The label of the lines a reading runs along must name the line of the number after it (a
    // producer may leave it before any cell of its line: LibreOffice prints 四、结转下年度继续办理
    // just before its 总计); a label of the other kind is a header between lines (table 四's
    // column groups) or stands beside its cell.
    let as_row = m.row.is_some()
        && match reading {
            Reading::ByRows => names_row,
            Reading::ByColumns => names_row || first_row,
        };
    let as_column = !m.columns.is_empty()
        && match reading {
            Reading::ByRows => names_column || first_column,
            Reading::ByColumns => names_column,
        };
    as_row || as_column
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raw::region::regions;
    use crate::source::{text_items, Format};
    use nianbao_core::knowledge::Knowledge;

    fn bind_first(text: &str) -> Result<Bound, ImportError> {
        bind_in(text, Lang::En)
    }

    fn bind_in(text: &str, lang: Lang) -> Result<Bound, ImportError> {
        let template = Knowledge::get()
            .template("2021")
            .expect("the 2021 template");
        let index = Index::new(template, lang);
        let (items, _) = text_items(text, Format::Pdf);
        let found = regions(&items, &index);
        let region = found.first().expect("a table's stretch");
        bind(region, &index, &Words::new(&index, region.spec))
    }

    fn lines(cells: &[&str]) -> String {
        cells.iter().map(|c| format!("{c}\n")).collect()
    }

    const C: &str = "四、政府信息公开行政复议、行政诉讼情况";
    const C_BY_ROWS: [&str; 15] = [
        "2", "1", "0", "1", "4", "1", "0", "0", "1", "2", "1", "0", "1", "0", "2",
    ];

    #[test]
    fn table_four_in_one_run_is_read_by_rows_as_its_relation_says() {
        let text = lines(&[&[C, "行政复议", "行政诉讼", "总计"][..], &C_BY_ROWS].concat());
        let bound = bind_first(&text).expect("bound");
        assert_eq!(bound.reading, Reading::ByRows);
        assert_eq!(bound.other, RuledOut::Relations(vec!["C1".into()]));
        assert_eq!(bound.grid.len(), 3);
    }

    #[test]
    fn column_labels_among_the_numbers_read_column_by_column() {
        let mut cells = vec![C, "行政复议", "未经复议直接起诉", "复议后起诉"];
        let columns = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
        for (c, label) in columns.iter().enumerate() {
            cells.push(label);
            cells.extend((0..3).map(|r| C_BY_ROWS[r * 5 + c]));
        }
        let bound = bind_first(&lines(&cells)).expect("bound");
        assert_eq!(bound.reading, Reading::ByColumns);
        assert!(
            matches!(&bound.other, RuledOut::Label { text, .. } if text == "结果纠正"),
            "{:?}",
            bound.other
        );
    }

    #[test]
    fn a_number_short_is_refused_with_the_count() {
        let text = lines(&[&[C, "总计"][..], &C_BY_ROWS[1..]].concat());
        let refused = bind_first(&text).expect_err("14 numbers");
        assert!(
            refused
                .message
                .contains("14 numbers for the template's 3 rows × 5 columns (15)"),
            "{refused:?}"
        );
        assert_eq!(refused.at, Some(Place::Text { line: 3, column: 1 }));
        let refused = bind_in(&text, Lang::Zh).expect_err("14 numbers");
        assert!(
            refused
                .message
                .contains("共有 14 个数字，而模板是 3 行 × 5 列（15 个）"),
            "{refused:?}"
        );
    }

    #[test]
    fn a_number_set_apart_inside_its_row_by_row_labels_is_refused_where_it_stands() {
        // A block of a row label's pieces between a row's second and third number: that
        // number was drawn out of its place, and whose cell it is cannot be proved.
        let mut cells = vec![C, "总计", "2", "1", "未经复议", "直接起诉"];
        cells.extend(&C_BY_ROWS[2..]);
        let refused = bind_first(&lines(&cells)).expect_err("a split row");
        assert_eq!(refused.at, Some(Place::Text { line: 7, column: 1 }));
        assert!(
            refused.message.contains("sets the number “0” apart"),
            "{refused:?}"
        );
    }

    #[test]
    fn a_header_printed_again_inside_a_row_leaves_it_whole() {
        // LibreOffice repeats table 四's header pieces before a group's 总计.
        let mut cells = vec![C, "行政复议", "2", "1", "0", "1", "维持", "审结"];
        cells.extend(&C_BY_ROWS[4..]);
        let bound = bind_first(&lines(&cells)).expect("bound");
        assert_eq!(bound.reading, Reading::ByRows);
    }

    #[test]
    fn readings_that_put_every_number_alike_are_one() {
        let zeros = ["0"; 15];
        let bound = bind_first(&lines(&[&[C, "总计"][..], &zeros].concat())).expect("bound");
        assert_eq!(bound.other, RuledOut::Alike);
    }

    #[test]
    fn a_table_without_relations_read_alike_both_ways_is_refused() {
        let text = lines(&[
            "第二十条第（一）项",
            "规章",
            "行政规范性文件",
            "本年制发件数",
            "本年废止件数",
            "现行有效件数",
            "0",
            "3",
            "0",
            "2",
            "0",
            "27",
        ]);
        let refused = bind_first(&text).expect_err("two ways");
        assert!(refused.message.contains("agree alike"), "{refused:?}");
    }
}
