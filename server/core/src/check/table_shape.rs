//! `NB2xx` of the tables: recognised or not, duplicated, under the right block heading, their
//! columns and rows (missing, unknown, out of order, a subtotal printed alone), and the tables a
//! section lacks.

use super::spelling::spelling;
use super::{column_name, relations, row_name, Ctx};
use crate::finding::{Edit, Finding, Fix};
use crate::knowledge::template::{RowRole, TableSpec};

use crate::model::labels::{self, LabelKeys, Spelling};
use crate::model::BoundTable;

use crate::syntax::Span;

/// The tables `which` (indices into `Report::tables`): recognised or not, duplicated, their
/// block heading, columns and rows.
pub(crate) fn tables(ctx: &Ctx, which: std::ops::Range<usize>, out: &mut Vec<Finding>) {
    let report = ctx.report;
    let numbered = report.tables.iter().enumerate();
    for (i, table) in numbered.take(which.end).skip(which.start) {
        let Some(spec) = report.table_spec(table) else {
            // A table of the author's own in a prose section (一、五、六) is allowed.
            let section = table
                .section
                .map(|s| &report.template.sections[report.sections[s].spec]);
            if section.is_some_and(|s| !report.template.tables.iter().any(|t| t.section == s.id)) {
                continue;
            }
            out.push(Finding::new(
                "NB205",
                table.syntax.header.range.clone(),
                ctx.say(
                    "无法识别此表格：其列名与模板的任何表格都不符".into(),
                    "unrecognised table: its column labels match no table of the template".into(),
                ),
            ));
            continue;
        };
        if report.tables[..i].iter().any(|t| t.spec == table.spec) {
            out.push(Finding::new(
                "NB206",
                table.syntax.header.range.clone(),
                ctx.say(
                    format!("表格“{}”重复", spec.title),
                    format!("table “{}” appears twice", spec.title),
                ),
            ));
            continue;
        }
        if let (Some(heading), Some(block)) = (&table.block_heading, &spec.block) {
            let written = ctx.text[heading.clone()].trim();
            let s = if written == block {
                Spelling::Canonical
            } else {
                Spelling::Variant
            };
            spelling(ctx, out, s, heading, block, None);
        }
        columns(ctx, out, table, spec);
        rows(ctx, out, table, spec);
    }
}

pub(crate) fn missing_tables(ctx: &Ctx, out: &mut Vec<Finding>) {
    let report = ctx.report;
    for (t, spec) in report.template.tables.iter().enumerate() {
        if report.tables.iter().any(|b| b.spec == Some(t)) {
            continue;
        }
        let section = report
            .template
            .sections
            .iter()
            .position(|s| s.id == spec.section);
        let at = report
            .sections
            .iter()
            .find(|h| Some(h.spec) == section)
            .map(|h| h.label.clone())
            .unwrap_or(0..0);
        out.push(Finding::new(
            "NB204",
            at,
            ctx.say(
                format!("缺少表格“{}”", spec.title),
                format!("the table “{}” is missing", spec.title),
            ),
        ));
    }
}

fn columns(ctx: &Ctx, out: &mut Vec<Finding>, table: &BoundTable, spec: &TableSpec) {
    // Folded only if a column is not recognised: folding every label of every table on every
    // check cost more than the rest of the structure checks together.
    let keys = std::cell::OnceCell::new();
    let keys = || -> &Vec<LabelKeys> {
        keys.get_or_init(|| {
            spec.columns
                .iter()
                .map(|c| LabelKeys::new(&c.label, &c.variants))
                .collect()
        })
    };
    let mut last = None;
    for column in &table.columns {
        let written = &ctx.text[column.label.clone()];
        match column.spec {
            Some(c) => {
                let whole = table
                    .syntax
                    .header
                    .cells
                    .get(column.cell)
                    .map_or(column.label.clone(), |c| c.range.clone());
                spelling(
                    ctx,
                    out,
                    column.spelling,
                    &column.label,
                    &spec.columns[c].label,
                    Some((&table.syntax, whole)),
                );
                if last.is_some_and(|l| l > c) {
                    out.push(Finding::new(
                        "NB220",
                        column.label.clone(),
                        ctx.say(
                            format!("“{}”列的位置与模板不同", column_name(spec, c)),
                            format!("column “{}” is out of template order", column_name(spec, c)),
                        ),
                    ));
                }
                last = Some(c);
            }
            None if labels::find(written, keys()).is_some() => out.push(Finding::new(
                "NB212",
                column.label.clone(),
                ctx.say(
                    format!("“{written}”列重复"),
                    format!("column “{written}” appears twice"),
                ),
            )),
            None => {
                let hint = labels::closest(written, keys()).map(|c| spec.columns[c].label.clone());
                out.push(unknown(
                    "NB211",
                    ctx,
                    column.label.clone(),
                    written,
                    hint,
                    "列",
                    "column",
                ));
            }
        }
    }
    for (c, col) in spec.columns.iter().enumerate() {
        if table.column(c).is_none() {
            // Point where the column belongs: at the next template column the table has.
            let next = (c + 1..spec.columns.len())
                .find_map(|n| table.column(n))
                .map(|i| table.columns[i].label.clone());
            let at = next.unwrap_or(table.syntax.header.range.end..table.syntax.header.range.end);
            out.push(Finding::new(
                "NB210",
                at,
                ctx.say(
                    format!("缺少“{}”列；其余各列照常核对", col.label),
                    format!(
                        "the column “{}” is missing; the other columns are still checked",
                        col.label
                    ),
                ),
            ));
        }
    }
}

fn rows(ctx: &Ctx, out: &mut Vec<Finding>, table: &BoundTable, spec: &TableSpec) {
    // Folded only if a row is not recognised, as for columns.
    let keys = std::cell::OnceCell::new();
    let keys = || -> &Vec<LabelKeys> {
        keys.get_or_init(|| {
            spec.rows
                .iter()
                .map(|r| LabelKeys::new(&r.label, &r.variants))
                .collect()
        })
    };
    let header_cells = table.syntax.header.cells.len();
    if table.syntax.loose {
        out.push(Finding::new(
            "NB230",
            table.syntax.range.clone(),
            ctx.say(
                format!("这几行未排成表格（转换所致），按模板读作“{}”表（请核对原件）", spec.title),
                format!("these lines are not laid out as a table (a converter's doing); they are read as the template's table “{}” (check them against the source)", spec.title),
            ),
        ));
    }
    if let (true, Some(first)) = (table.one_row, table.rows.first()) {
        let (n, m) = (spec.rows.len(), spec.columns.len());
        out.push(Finding::new(
            "NB230",
            table.syntax.rows[first.syntax].range.clone(),
            ctx.say(
                format!("此行印有模板 {n} 行、每行 {m} 格（原表的印法），按模板顺序读出各格（请核对原件）"),
                format!("this row prints the template's {n} rows of {m} cells side by side (as the printed form does); its cells are read by the template's order (check them against the source)"),
            ),
        ));
    }
    let mut last = None;
    for row in &table.rows {
        let syntax = &table.syntax.rows[row.syntax];
        let written = &ctx.text[row.label.clone()];
        match row.spec {
            Some(_) if row.duplicate => {
                out.push(Finding::new(
                    "NB209",
                    row.label.clone(),
                    ctx.say(
                        format!("“{written}”行重复"),
                        format!("row “{written}” appears twice"),
                    ),
                ));
                continue;
            }
            Some(r) => {
                let whole = syntax.cells[0].range.clone();
                spelling(
                    ctx,
                    out,
                    row.spelling,
                    &row.label,
                    &spec.rows[r].label,
                    Some((&table.syntax, whole)),
                );
                if last.is_some_and(|l| l > r) {
                    out.push(Finding::new(
                        "NB220",
                        row.label.clone(),
                        ctx.say(
                            format!("“{}”行的位置与模板不同", row_name(spec, r)),
                            format!("row “{}” is out of template order", row_name(spec, r)),
                        ),
                    ));
                }
                last = Some(last.map_or(r, |l: usize| l.max(r)));
            }
            None => {
                let hint = labels::closest(written, keys()).map(|r| spec.rows[r].label.clone());
                out.push(unknown(
                    "NB208",
                    ctx,
                    row.label.clone(),
                    written,
                    hint,
                    "行",
                    "row",
                ));
            }
        }
        // A table a converter cut and garbled is read by order: a row whose every value found
        // its column is whole, whatever the header's width.
        let placed = table.one_row
            || (!table.syntax.breaks.is_empty() && row.cells.len() == table.columns.len());
        if row.cells_lost {
            let (n, m) = (syntax.cells.len() - 1, table.columns.len());
            out.push(Finding::new(
                "NB235",
                syntax.range.clone(),
                ctx.say(
                    format!("此行只有 {n} 个数、表有 {m} 列：转换时丢了格，各数属于哪一列无法确定，未读入（请对照原件补全）"),
                    format!("this row holds {n} figures for the table's {m} columns: the converter lost cells, and which column each figure belongs to cannot be told, so none is read (complete the row from the original)"),
                ),
            ));
        } else if syntax.cells.len() != header_cells && header_cells > 0 && !placed {
            let (n, m) = (syntax.cells.len(), header_cells);
            out.push(Finding::new(
                "NB213",
                syntax.range.clone(),
                ctx.say(
                    format!("此行有 {n} 格，表头有 {m} 格"),
                    format!("this row has {n} cells, the header {m}"),
                ),
            ));
        }
    }
    for (r, row) in spec.rows.iter().enumerate() {
        if relations::stands_alone(spec, table, r) {
            out.push(Finding::new(
                "NB233",
                table.row(r).map_or(0..0, |x| x.label.clone()),
                ctx.say(
                    format!("“{}”印为一行、未分列其下各项（旧格式的印法），按该行计入合计", row.label),
                    format!("“{}” is printed as one row without its sub-rows (as the older format printed it); it counts for them in the sums", row.label),
                ),
            ));
        }
        if row.role == RowRole::Data
            && table.row(r).is_none()
            && relations::standing_parent(spec, table, r).is_none()
        {
            let at = table
                .syntax
                .rows
                .last()
                .map_or(table.syntax.header.range.clone(), |x| x.range.clone());
            out.push(Finding::new(
                "NB207",
                at.end..at.end,
                ctx.say(
                    format!("缺少“{}”行", row.label),
                    format!("the row “{}” is missing", row.label),
                ),
            ));
        }
    }
}

fn unknown(
    code: &'static str,
    ctx: &Ctx,
    at: Span,
    written: &str,
    hint: Option<String>,
    zh: &str,
    en: &str,
) -> Finding {
    let message = match &hint {
        Some(h) => ctx.say(
            format!("模板中没有“{written}”{zh}；是否为“{h}”？"),
            format!("the template has no {en} “{written}”; did you mean “{h}”?"),
        ),
        None => ctx.say(
            format!("模板中没有“{written}”{zh}"),
            format!("the template has no {en} “{written}”"),
        ),
    };
    let finding = Finding::new(code, at.clone(), message);
    match hint {
        Some(h) => finding.fix(Fix {
            title: ctx.say(format!("改为“{h}”"), format!("Write “{h}”")),
            edits: vec![Edit {
                range: at,
                new_text: h,
            }],
            safe: false,
        }),
        None => finding,
    }
}
