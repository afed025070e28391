//! A table whose template rows are printed side by side in one row: the official layout of
//! table 四, where 行政复议, 未经复议直接起诉 and 复议后起诉 each take five cells of one row of
//! fifteen under a header of two or three stacked levels. Our markup writes one row per
//! template row; a converter's Markdown or a user following the printed form writes the one
//! long row, often under a header the converter garbled.
//!
//! Such a row is read by the template's order — rows, then columns within each — only when that
//! order is the one reading it admits: the row holds exactly rows × columns values and no row
//! of the table is recognised by its label.

use super::bound::{BoundCell, BoundColumn, BoundRow, BoundTable};
use super::labels::Spelling;
use crate::knowledge::template::TableSpec;
use crate::syntax::TableSyntax;
use crate::value::{self, Value};

/// The rows and columns of `table` read from its one row of rows × columns values, if it is
/// printed so.
pub(crate) fn read(
    text: &str,
    syntax: &TableSyntax,
    table: &BoundTable,
    spec: &TableSpec,
) -> Option<(Vec<BoundColumn>, Vec<BoundRow>)> {
    let (rows, columns) = (spec.rows.len(), spec.columns.len());
    if rows < 2 || table.rows.iter().any(|r| r.spec.is_some()) {
        return None;
    }
    let wanted = rows * columns;
    let mut candidates = syntax.rows.iter().enumerate().filter_map(|(i, row)| {
        let lead = row.cells.len().checked_sub(wanted)?;
        let values = &row.cells[lead..];
        let label_free = lead == 0 || (lead == 1 && !is_number(text, &row.cells[0]));
        let all_values = values
            .iter()
            .all(|c| is_number(text, c) || c.content.is_none());
        let printed = values.iter().filter(|c| is_number(text, c)).count();
        (label_free && all_values && 2 * printed >= wanted).then_some((i, lead))
    });
    let (row_no, lead) = candidates.next()?;
    if candidates.next().is_some() {
        return None;
    }
    let row = &syntax.rows[row_no];
    let header_end = syntax.header.range.end;
    let bound_columns = (0..columns)
        .map(|c| {
            let named = table.columns.iter().find(|b| b.spec == Some(c));
            BoundColumn {
                // A header cell that names the column; past the header's cells when none does.
                cell: named.map_or(syntax.header.cells.len(), |b| b.cell),
                spec: Some(c),
                spelling: named.map_or(Spelling::Canonical, |b| b.spelling),
                label: named.map_or(header_end..header_end, |b| b.label.clone()),
            }
        })
        .collect();
    let bound_rows = (0..rows)
        .map(|r| BoundRow {
            syntax: row_no,
            spec: Some(r),
            spelling: Spelling::Canonical,
            label: row.cells[lead + r * columns].focus(),
            cells: (0..columns)
                .map(|c| {
                    let cell = &row.cells[lead + r * columns + c];
                    BoundCell {
                        column: c,
                        range: cell.focus(),
                        cell: cell.range.clone(),
                        value: value::parse(cell.text(text)),
                    }
                })
                .collect(),
            duplicate: false,
            cells_lost: false,
        })
        .collect();
    Some((bound_columns, bound_rows))
}

fn is_number(text: &str, cell: &crate::syntax::CellSyntax) -> bool {
    matches!(value::parse(cell.text(text)), Value::Number(_))
}
