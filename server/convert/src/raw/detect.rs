//! Which tables' stretches are in reading order: the gate before the binder. A stretch the
//! table reader cannot read alone comes here; only one whose numbers stand apart from their
//! labels, or whose header cells are broken and interleaved, is rebuilt — a table in the clean
//! order with something wrong in it is the reader's to refuse, with its own reason.

use super::region::{Piece, Region};
use super::words::Words;
use crate::build::Vocabulary;
use crate::index::Index;
use crate::vertical::Reading as Cut;

/// Whether the stretch is in reading order rather than the clean order: its numbers stand apart
/// from their labels — a run of numbers longer than a row, or one right after a column label
/// (`行政许可 本年处理决定数量 1268`: the header printed after the row's label) — or its header
/// cells are broken and interleaved (`商业 科研 企业 机构`; the 勾稽关系 note's lines between
/// the header's cells). Runs no longer than a row after row labels or a label's wrapped lines,
/// under a header whose cells come whole or in consecutive pieces, are the clean order:
/// whatever the table reader finds wrong there (a column order not the template's, a cell
/// missing) it says itself.
pub fn apart(region: &Region, index: &Index, words: &Words) -> bool {
    let width = index.spec(region.spec).columns.len();
    let mut run = 0;
    for (p, piece) in region.pieces.iter().enumerate() {
        if !piece.is_value() {
            run = 0;
            continue;
        }
        run += 1;
        let after_column = || {
            p.checked_sub(1)
                .map(|b| &region.pieces[b])
                .is_some_and(|b| words.row(&b.text).is_none() && !words.columns(&b.text).is_empty())
        };
        if run > width || run == 1 && after_column() {
            return true;
        }
    }
    interleaved_header(region, words)
}

/// Whether the header (the pieces before the first number) has a piece that is neither a whole
/// label nor, with the one or two pieces after it, joins into one — nor belongs to the printed
/// note read on until its brackets close. One-character pieces are left out: a header printed
/// one character per line is the table reader's to read back.
fn interleaved_header(region: &Region, words: &Words) -> bool {
    let header: Vec<&str> = region
        .pieces
        .iter()
        .take_while(|p| !p.is_value())
        .map(|p| p.text.as_str())
        .collect();
    let whole = |text: &str| {
        words.row(text).is_some() || !words.columns(text).is_empty() || words.is_layout_cell(text)
    };
    let mut i = 0;
    while i < header.len() {
        if header[i].chars().count() == 1 {
            i += 1;
        } else if words.starts_note(header[i]) {
            let mut note = String::new();
            while i < header.len() && (note.is_empty() || open(&note)) {
                note.push_str(header[i]);
                i += 1;
            }
        } else if let Some(used) =
            (1..=3).find(|&n| i + n <= header.len() && whole(&header[i..i + n].concat()))
        {
            i += used;
        } else {
            return true;
        }
    }
    false
}

/// Whether `text` has more opening brackets than closing ones.
pub fn open(text: &str) -> bool {
    text.chars().filter(|c| matches!(c, '（' | '(')).count()
        > text.chars().filter(|c| matches!(c, '）' | ')')).count()
}

/// Whether the stretch holds a header printed one character per line (a run of three
/// one-character pieces or more; a wrapped label's last character or two stand alone in
/// reading order too) that does not read back into labels in exactly one way: the table
/// reader refuses it, naming the run and its readings — a header is never guessed, and a
/// rebuild would only hide it.
pub fn unreadable_vertical(region: &Region, vocabulary: &Vocabulary) -> bool {
    let single = |p: &Piece| !p.is_value() && p.text.chars().count() == 1;
    region
        .pieces
        .chunk_by(|a, b| single(a) == single(b))
        .filter(|run| run.len() >= 3 && single(&run[0]))
        .any(|run| {
            let chars: Vec<&str> = run.iter().map(|p| p.text.as_str()).collect();
            !matches!(vocabulary.read(&chars), Cut::Unique(_))
        })
}
