//! Row labels a converter took out of a table: a label cell over two lines in the PDF often comes
//! out as loose lines between the pieces of the table it cut, wrapped where the cell wrapped
//! (`1.本机关不掌握相关政` / `府信息`), while its row of figures stays in the table, label-less —
//! and not always right under its label. Such lines name rows the table has; which row of
//! figures each belongs to is left to the template's order (`converted::rows_by_order`).

use super::converted::page_footer;
use super::labels::{self, LabelKeys};
use crate::syntax::TableSyntax;

/// A wrapped label spans at most this many lines.
const WRAPPED_LINES: usize = 4;

/// The template rows (indices into `rows`) that the loose lines among the pieces of `table` name,
/// alone or joined with the lines after them.
pub(crate) fn named_rows(text: &str, table: &TableSyntax, rows: &[LabelKeys]) -> Vec<usize> {
    let mut named = Vec::new();
    for stretch in &table.breaks {
        let lines: Vec<&str> = text[stretch.clone()]
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with(['|', '#']) && !page_footer(l))
            .collect();
        for start in 0..lines.len() {
            let mut joined = String::new();
            for line in lines[start..].iter().take(WRAPPED_LINES) {
                joined.push_str(line);
                if let Some((row, _)) = labels::find(&joined, rows) {
                    if !named.contains(&row) {
                        named.push(row);
                    }
                }
            }
        }
    }
    named
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::TableSyntax;

    #[test]
    fn wrapped_labels_between_the_pieces_name_their_rows() {
        let rows: Vec<LabelKeys> = ["（三）不予公开", "1.本机关不掌握相关政府信息", "2.重复申请"]
            .iter()
            .map(|l| LabelKeys::new(l, &[]))
            .collect();
        let text = "| 1 | 2 |\n1.本机关不掌握相关政\n府信息\n— 5 —\n|---|---|\n";
        let table = TableSyntax {
            breaks: std::iter::once(10..text.len()).collect(),
            ..TableSyntax::default()
        };
        assert_eq!(named_rows(text, &table, &rows), vec![1]);
    }
}
