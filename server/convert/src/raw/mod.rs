//! PDF text in reading order (`pdftotext` without `-layout`, and the text crawlers take from
//! PDFs): a table's cells come in the order the PDF's producer drew them, which is not a row
//! label followed by its numbers. Chromium and LibreOffice keep each row's numbers together, in
//! the template's row order, but emit wrapped labels in blocks apart from their numbers, break
//! header cells into pieces and interleave them, and leave a few single-line labels inline; a
//! producer whose table `pdftotext` takes as text columns gives the numbers column by column.
//!
//! Such a table is rebuilt here, before the table reader sees the items, when its order is
//! provable from the template ([`order`]: the count, the labels among the numbers, the
//! relations), and refused at its place otherwise. A rebuilt table is written with the
//! template's labels, each number keeping its place in the source, and an inference note says
//! how it was placed. [`region`] reads the text into tables' stretches, [`detect`] tells which
//! are in reading order, [`order`] binds each to the template ([`shape`]: the rows and columns
//! a printed table may have), [`rebuilt`] writes it.
//!
//! Only what the table reader cannot read as it stands comes here (`rebuild` is asked per
//! stretch), so a table `pdftotext` emits in a clean order is read exactly as before.

mod detect;
mod order;
mod prose;
mod rebuilt;
mod region;
mod relations;
mod shape;
mod words;

use crate::build::Vocabulary;
use crate::index::Index;
use crate::source::Item;
use crate::{ImportError, Note};
pub use prose::join_wrapped;
use words::Words;

/// The items with the tables in reading order rebuilt, and the notes saying so.
pub struct Rebuilt {
    pub items: Vec<Item>,
    pub notes: Vec<Note>,
}

/// Rebuilds each table stretch that `reads` (the table reader, on the stretch alone) cannot
/// read and whose numbers stand apart from their labels; refuses one whose order cannot be
/// proved. `None` when no stretch is in reading order.
pub fn rebuild(
    items: &[Item],
    index: &Index,
    reads: impl Fn(&[Item]) -> bool,
) -> Result<Option<Rebuilt>, ImportError> {
    let mut out: Vec<Item> = Vec::new();
    let mut notes = Vec::new();
    let mut next = 0;
    let vocabulary = Vocabulary::new(index);
    for region in region::regions(items, index) {
        let words = Words::new(index, region.spec);
        if !detect::apart(&region, index, &words)
            || detect::unreadable_vertical(&region, &vocabulary)
            || reads(&items[region.items.clone()])
        {
            continue;
        }
        let bound = order::bind(&region, index, &words)?;
        out.extend(items[next..region.items.start].iter().cloned());
        out.extend(rebuilt::table_items(items, &region, &bound, &words, index));
        notes.push(rebuilt::note(&region, &bound, index));
        next = region.items.end;
    }
    if next == 0 {
        return Ok(None);
    }
    out.extend(items[next..].iter().cloned());
    Ok(Some(Rebuilt { items: out, notes }))
}
