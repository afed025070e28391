//! Binding one table to the template: which template table it is (scored by the labels it
//! recognises, its place breaking ties), which column each header cell and which row each row
//! is, and the value of every cell.

use super::bound::{BoundCell, BoundColumn, BoundRow, BoundTable};
use super::cues::Cues;
use super::folded::FoldedCells;
use super::index::{index, TemplateIndex};
use super::labels::{self, Spelling};
use super::{converted, displaced, one_row};
use crate::knowledge::template::Template;
use crate::knowledge::Knowledge;
use crate::normalize::key;
use crate::syntax::{Span, TableSyntax};
use crate::value::{self, Value};
use std::sync::Arc;

/// Which template table a table's place points to, for deciding between template tables that
/// recognise as many of its labels.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct TableHint {
    /// The template table the block heading above it (`第二十条第（X）项`) opens: it outweighs
    /// a few labels.
    pub block: Option<usize>,
    /// The one template table of the section it stands in: it only breaks ties.
    pub section: Option<usize>,
}

/// Labels of the pre-2019 statistics tables (report years 2008–2018), which nianbao declines.
const LEGACY_CUES: &[&str] = &[
    "主动公开信息数",
    "受理依申请公开信息总数",
    "指标名称",
    "计量单位",
    "同意公开答复数",
];

/// A table bound to the template, before the report places it (its `section` and
/// `block_heading` are unset, or a remembered table's placement, which the report checks), with
/// its label of the pre-2019 format, if any.
#[derive(Debug, Clone)]
pub(crate) struct Binding {
    pub table: Arc<BoundTable>,
    pub legacy: Option<Span>,
}

pub(crate) fn table_cues(text: &str, table: &TableSyntax) -> Cues {
    let keys: Vec<String> = std::iter::once(&table.header)
        .chain(&table.rows)
        .flat_map(|r| &r.cells)
        .map(|c| key(c.text(text)))
        .collect();
    Cues::of(keys.iter().map(String::as_str))
}

pub(crate) fn bind(
    text: &str,
    table: &Arc<TableSyntax>,
    template_no: usize,
    hint: TableHint,
) -> Binding {
    let folded = FoldedCells::new(text, table, template_no);
    Binding {
        legacy: legacy_label(table, &folded),
        table: Arc::new(bind_table(
            text,
            table,
            &folded,
            &Knowledge::get().templates[template_no],
            index(template_no),
            hint,
        )),
    }
}

/// Whether a key contains any of [`LEGACY_CUES`], in one pass: every label cell of every table
/// is asked, and five searches of it cost several times one.
fn legacy_cues() -> &'static regex::Regex {
    static CUES: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    CUES.get_or_init(|| {
        let any: Vec<String> = LEGACY_CUES.iter().map(|c| regex::escape(c)).collect();
        regex::Regex::new(&any.join("|")).expect("escaped literals form a valid pattern")
    })
}

fn legacy_label(table: &TableSyntax, folded: &FoldedCells) -> Option<Span> {
    // One search of all the keys: the first cue found stands in the first cell that has one.
    let cue = legacy_cues().find(&folded.keys)?;
    let (row, cell) = folded.cell_at(cue.start())?;
    let row = if row == 0 {
        &table.header
    } else {
        table.rows.get(row - 1)?
    };
    Some(row.cells.get(cell)?.focus())
}

fn bind_table(
    text: &str,
    syntax: &Arc<TableSyntax>,
    folded: &FoldedCells,
    template: &Template,
    idx: &TemplateIndex,
    hint: TableHint,
) -> BoundTable {
    // Score every template table by the labels it recognises; a block heading outweighs a few,
    // the section's one table breaks ties.
    let score = |t: usize| {
        let (cols, rows) = folded.recognised(t);
        let block = usize::from(hint.block == Some(t));
        (cols + rows, rows, block)
    };
    let best = (0..template.tables.len())
        .map(|t| (t, score(t)))
        .filter(|(_, (n, _, block))| *n > 0 || *block > 0)
        .max_by_key(|(t, (n, _, block))| {
            let section = hint.section == Some(*t) && *n > 0;
            (*n + 3 * block, section, std::cmp::Reverse(*t))
        });
    // Table 四 printed as its one row of fifteen figures stands under fragments of its stacked
    // header, and a fragment may name a column of another table (其他): a table that recognises
    // no row and that the section's one table reads as its printed row is that table.
    let recognises_rows = best.is_some_and(|(_, (_, rows, _))| rows > 0);
    let spec = match hint.section {
        Some(s)
            if !recognises_rows
                && best.map(|(t, _)| t) != Some(s)
                && one_row::printed_row(text, syntax, &template.tables[s]).is_some() =>
        {
            Some(s)
        }
        _ => best.map(|(t, _)| t),
    };

    let mut table = BoundTable {
        spec,
        syntax: syntax.clone(),
        section: None,
        block_heading: None,
        columns: Vec::new(),
        rows: Vec::new(),
        blanks_are_zero: false,
        one_row: false,
        figures_unread: !converted::lone_figures(text, syntax).is_empty(),
    };
    let Some(spec) = spec else { return table };
    let ti = &idx.tables[spec];

    table.columns = syntax
        .header
        .cells
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, cell)| {
            let found = folded.header(i).and_then(|(_, k)| {
                folded.column(i, spec).or_else(|| {
                    labels::find_damaged_keyed(k, &ti.columns).map(|c| (c, Spelling::Damaged))
                })
            });
            BoundColumn {
                cell: i,
                spec: found.map(|(c, _)| c),
                spelling: found.map_or(Spelling::Variant, |(_, s)| s),
                label: cell.focus(),
            }
        })
        .collect();
    // Only the first of duplicated columns counts.
    let mut seen_columns = Vec::new();
    for column in &mut table.columns {
        if let Some(c) = column.spec {
            if seen_columns.contains(&c) {
                column.spec = None;
            } else {
                seen_columns.push(c);
            }
        }
    }

    // Rows are as wide as the header, or, when the columns are taken by order, as the template
    // says: a header a converter shredded may have more cells than any row, or fewer.
    let mut width = table.columns.len() + 1;
    let template_spec = &template.tables[spec];
    if let Some(columns) = converted::columns_by_order(text, syntax, &table.columns, template_spec)
    {
        width = columns.len() + 1;
        table.columns = columns;
    }

    let damaged = |k: &str| labels::find_damaged_keyed(k, &ti.rows).map(|r| (r, Spelling::Damaged));
    // The column each header cell is (the first, should two name one cell): asked of every
    // cell of every row.
    let mut column_at = vec![None; table.columns.iter().map(|c| c.cell + 1).max().unwrap_or(0)];
    for (column, c) in table.columns.iter().enumerate().rev() {
        column_at[c.cell] = Some(column);
    }
    let mut seen_rows = Vec::new();
    for (i, row) in syntax.rows.iter().enumerate() {
        // Where the label stands: a converter may have lost it (the values start the row) or
        // spilled a merged label cell into the first column (the label is the second cell).
        let shift = converted::label_shift(text, row, width);
        let label_cell = usize::try_from(shift).ok().and_then(|c| row.cells.get(c));
        // The label in its place was looked up when the tables were scored.
        let found = if shift == 0 {
            folded
                .row_label(i)
                .and_then(|(_, k)| folded.row(i, spec).or_else(|| damaged(k)))
        } else {
            label_cell.and_then(|c| {
                let written = c.text(text);
                let k = key(written);
                ti.rows.find_keyed(written, &k).or_else(|| damaged(&k))
            })
        };
        if label_cell.is_none() && found.is_none() && shift == 0 {
            continue;
        }
        let row_spec = found.map(|(r, _)| r);
        let duplicate = row_spec.is_some_and(|r| seen_rows.contains(&r));
        if let Some(r) = row_spec {
            seen_rows.push(r);
        }
        let cells_lost = converted::cells_lost(syntax, row, shift, table.columns.len());
        let placed = if cells_lost { &[][..] } else { &row.cells[..] };
        // Sized once: every cell may stand in a column.
        let mut cells = Vec::with_capacity(placed.len());
        cells.extend(placed.iter().enumerate().filter_map(|(ci, cell)| {
            let at = usize::try_from(ci as isize - shift)
                .ok()
                .filter(|&at| at >= 1)?;
            let column = column_at.get(at).copied().flatten()?;
            Some(BoundCell {
                column,
                range: cell.focus(),
                cell: cell.range.clone(),
                value: value::parse(cell.text(text)),
            })
        }));
        table.rows.push(BoundRow {
            syntax: i,
            spec: row_spec,
            spelling: found.map_or(Spelling::Variant, |(_, s)| s),
            label: label_cell.map_or(row.range.start..row.range.start, |c| c.focus()),
            cells,
            duplicate,
            cells_lost,
        });
    }
    let displaced = if syntax.breaks.is_empty() {
        Vec::new()
    } else {
        displaced::named_rows(text, syntax, &ti.rows)
    };
    converted::rows_by_order(&mut table.rows, template_spec, &displaced);
    if let Some((columns, rows)) = one_row::read(text, syntax, &table, template_spec) {
        table.columns = columns;
        table.rows = rows;
        table.one_row = true;
    }
    table.blanks_are_zero = blanks_are_zero(&table, &template.tables[spec]);
    table
}

/// Whether the table writes its zeros as blanks: no 0 anywhere, a number somewhere, and a blank
/// in a data row (group rows are blank in every table).
fn blanks_are_zero(table: &BoundTable, spec: &crate::knowledge::template::TableSpec) -> bool {
    use crate::knowledge::template::RowRole;
    let data = |r: &BoundRow| r.spec.is_some_and(|s| spec.rows[s].role == RowRole::Data);
    let values = || table.rows.iter().flat_map(|r| &r.cells).map(|c| &c.value);
    let zero = values().any(|v| matches!(v, Value::Number(n) if n.scaled == 0));
    let number = values().any(|v| matches!(v, Value::Number(_)));
    let blank = table
        .rows
        .iter()
        .filter(|r| data(r))
        .flat_map(|r| &r.cells)
        .any(|c| c.value == Value::Missing);
    !zero && number && blank
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_cues_are_found_anywhere_in_a_key() {
        for cue in LEGACY_CUES {
            assert!(legacy_cues().is_match(&format!("一{cue}合计")), "{cue}");
            assert!(legacy_cues().is_match(cue), "{cue}");
        }
        for label in [
            "本年新收政府信息公开申请数量",
            "自然人",
            "信息内容",
            "指标",
            "",
        ] {
            assert!(!legacy_cues().is_match(&key(label)), "{label}");
        }
    }
}
