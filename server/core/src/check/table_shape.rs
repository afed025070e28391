//! `NB2xx` of the tables: recognised or not, duplicated, under the right block heading, their
//! columns and rows (missing, unknown, out of order, a subtotal printed alone), and the tables a
//! section lacks.

use super::spelling::spelling;
use super::{column_name, relations, row_name, Ctx};
use crate::finding::{Edit, Finding, Fix};
use crate::knowledge::template::{RowRole, TableSpec};

use crate::model::labels::{self, LabelKeys, Spelling};
use crate::model::{converted, displaced, BoundTable};

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
    lone_figures(ctx, table, out);
    if table.syntax.pieces > 1 {
        let n = table.syntax.pieces;
        out.push(Finding::new(
            "NB230",
            table.syntax.header.range.clone(),
            ctx.say(
                format!("此表印作 {n} 张小表（转换所致：每组行一表，表头单独成表或重复），按模板读作一张“{}”表（请核对原件）", spec.title),
                format!("this table is printed as {n} small tables (a converter's doing: a table per group of rows, its header a table of its own or repeated); they are read as the one template table “{}” (check it against the source)", spec.title),
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
    for (i, row) in table.rows.iter().enumerate() {
        let syntax = &table.syntax.rows[row.syntax];
        let written = &ctx.text[row.label.clone()];
        if table.syntax.heading_labels.contains(&row.syntax) {
            out.push(Finding::new(
                "NB230",
                row.label.clone(),
                ctx.say(
                    format!("下面一行数字没有标签，以此标题“{written}”为其标签（转换所致，请核对原件）"),
                    format!("the row of figures below has no label: this heading, “{written}”, is taken as its label (a converter's doing; check it against the source)"),
                ),
            ));
        }
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
            None if written.trim().is_empty() => out.push(lost_label(ctx, table, spec, keys(), i)),
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

/// NB235 for each figure standing alone on a line between the pieces of a table a converter
/// cut, which is not read.
fn lone_figures(ctx: &Ctx, table: &BoundTable, out: &mut Vec<Finding>) {
    for at in converted::lone_figures(ctx.text, &table.syntax) {
        let figure = &ctx.text[at.clone()];
        out.push(Finding::new(
            "NB235",
            at,
            ctx.say(
                format!("表格中间单独一行的数“{figure}”未读入：可能是页码，也可能是转换时移出表格的一格，属于哪一格无法确定（请对照原件）"),
                format!("the figure “{figure}” stands alone on a line inside the table and is not read: a page number, or a cell the converter took out of the table, whose place cannot be told (check it against the source)"),
            ),
        ));
    }
}

/// NB208 for row `i` of `table`, whose label a converter lost and which the template's order
/// does not place: the rows it may be, and that its figures are not read.
fn lost_label(
    ctx: &Ctx,
    table: &BoundTable,
    spec: &TableSpec,
    keys: &[LabelKeys],
    i: usize,
) -> Finding {
    const NAMED: usize = 3;
    let (run, free) = converted::unplaced_runs(&table.rows, spec)
        .into_iter()
        .find(|(run, _)| run.contains(&i))
        .unwrap_or_default();
    let printed: Vec<String> = displaced::named_rows(ctx.text, &table.syntax, keys)
        .into_iter()
        .filter(|r| free.contains(r))
        .map(|r| format!("“{}”", row_name(spec, r)))
        .collect();
    let names: Vec<String> = free
        .iter()
        .take(NAMED)
        .map(|r| format!("“{}”", row_name(spec, *r)))
        .collect();
    let (zh, en) = match free.len() {
        0 => (
            "模板在此处没有空缺的行".to_string(),
            "the template has no row left here".to_string(),
        ),
        n => {
            let more = if n > NAMED { "等" } else { "" };
            let more_en = if n > NAMED { ", …" } else { "" };
            (
                format!(
                    "按模板顺序可能是{}{more}（共 {n} 行）之一，无法确定",
                    names.join("、")
                ),
                format!(
                    "by the template's order it may be any of {} rows: {}{more_en}",
                    n,
                    names.join(", ")
                ),
            )
        }
    };
    let (zh, en) = if printed.is_empty() {
        (zh, en)
    } else {
        let (n, m) = (printed.len(), run.len());
        (
            format!("{zh}；印在表格近旁的标签对得上其中 {n} 行（{}），而无标签的行有 {m} 行", printed.join("、")),
            format!("{en}; the labels printed near the table name {n} of them ({}), for {m} rows without a label", printed.join(", ")),
        )
    };
    let range = table.syntax.rows[table.rows[i].syntax].range.clone();
    Finding::new(
        "NB208",
        range,
        ctx.say(
            format!("此行没有标签：{zh}，其数字未读入（请对照原件补上标签）"),
            format!("this row has no label: {en}; its figures are not read (write its label from the original)"),
        ),
    )
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
