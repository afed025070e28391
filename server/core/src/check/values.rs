//! `NB214`–`NB218`: what is in each value cell — blank, 待核, not a number, negative, fractional.
//! Blank and 待核 cells are said once per row ([`super::unfilled`]).

use super::relations;
use super::unfilled::RowMarks;
use super::{cell_name, Ctx};
use crate::edit;
use crate::finding::{Finding, Fix};
use crate::knowledge::template::{RowRole, ValueKind};
use crate::value::{format_scaled, Value, MAX_DECIMALS};

pub fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    let instances = relations::instances(ctx.report);
    tables(ctx, &instances, 0..ctx.report.tables.len(), out);
}

/// The findings on the cells of the tables `which` (indices into `Report::tables`);
/// `instances` may hold other tables' too.
pub(crate) fn tables(
    ctx: &Ctx,
    instances: &[relations::Instance],
    which: std::ops::Range<usize>,
    out: &mut Vec<Finding>,
) {
    let report = ctx.report;
    let numbered = report.tables.iter().enumerate();
    for (table_no, table) in numbered.take(which.end).skip(which.start) {
        let Some(spec) = report.table_spec(table) else {
            continue;
        };
        // A table that writes its zeros as blanks: said once, not once per blank.
        let mut blanks = 0;
        let blank_columns = blank_columns(ctx, table_no, spec, out);
        for row in data_rows(table, spec) {
            let Some(r) = row.spec else { continue };
            // Blank and 待核 cells are said once for the row, after it is read.
            let mut marks = RowMarks::new(spec, table_no, r);
            for cell in &row.cells {
                let Some(c) = table.columns[cell.column].spec else {
                    continue;
                };
                if blank_columns.contains(&c) {
                    continue;
                }
                // Named only when there is something to report: most cells are plain numbers.
                let name_of = || cell_name(spec, r, c);
                let at = relations::Cell {
                    table: table_no,
                    row: r,
                    col: c,
                };
                let kind = spec.columns[c].kind;
                match cell.value {
                    Value::Missing if table.blanks_are_zero => blanks += 1,
                    Value::Missing => {
                        // A blank total can be computed from its parts.
                        let computed = instances.iter().filter(|i| i.target == at).find_map(|i| {
                            let expected: Option<i64> = i
                                .terms
                                .iter()
                                .map(|(t, s)| relations::number(report, *t).map(|n| n * s))
                                .sum();
                            expected.filter(|e| *e >= 0)
                        });
                        marks.blank(c, cell.range.clone(), computed.map(format_scaled));
                    }
                    Value::Review => marks.review(c, cell.range.clone()),
                    Value::Invalid => {
                        let name = name_of();
                        out.push(Finding::new(
                            "NB215",
                            cell.range.clone(),
                            ctx.say(
                                format!("{name} 不是数字：“{}”", &ctx.text[cell.range.clone()]),
                                format!(
                                    "{name} is not a number: “{}”",
                                    &ctx.text[cell.range.clone()]
                                ),
                            ),
                        ))
                    }
                    Value::Number(n) => {
                        if n.scaled < 0 && kind != ValueKind::SignedCount {
                            let name = name_of();
                            out.push(Finding::new(
                                "NB216",
                                cell.range.clone(),
                                ctx.say(format!("{name} 为负数"), format!("{name} is negative")),
                            ));
                        }
                        match kind {
                            ValueKind::Count | ValueKind::SignedCount
                                if !n.is_whole() || n.decimals > 0 =>
                            {
                                let name = name_of();
                                out.push(Finding::new(
                                    "NB217",
                                    cell.range.clone(),
                                    ctx.say(
                                        format!("{name} 是件数，应为整数"),
                                        format!("{name} is a count and must be a whole number"),
                                    ),
                                ))
                            }
                            ValueKind::Amount if usize::from(n.decimals) > MAX_DECIMALS => {
                                let name = name_of();
                                out.push(Finding::new(
                                    "NB217",
                                    cell.range.clone(),
                                    ctx.say(
                                        format!("{name} 以万元计，最多六位小数（精确到分）"),
                                        format!("{name} is in 万元 with at most six decimals (exact to the fen)"),
                                    ),
                                ))
                            }
                            _ => {}
                        }
                    }
                }
            }
            marks.report(ctx, out);
        }
        if blanks > 0 {
            out.push(Finding::new(
                "NB234",
                table.syntax.header.range.clone(),
                ctx.say(
                    format!("本表不写 0，以空白表示 0：{blanks} 个空白格按 0 核对"),
                    format!("this table writes no 0 and leaves zeros blank: {blanks} blank cells are checked as 0"),
                ),
            ));
        }
    }
}

/// The rows of `table` whose cells hold figures: a group row with all cells blank is a heading;
/// with any value it is a subtotal row.
fn data_rows<'t>(
    table: &'t crate::model::BoundTable,
    spec: &'t crate::knowledge::template::TableSpec,
) -> impl Iterator<Item = &'t crate::model::BoundRow> {
    table.rows.iter().filter(move |row| {
        !row.duplicate
            && row.spec.is_some_and(|r| {
                let role = spec.rows[r].role;
                !(role == RowRole::Group || (role == RowRole::Subtotal && !row.has_values()))
            })
    })
}

/// The template columns of table `table_no` left blank in every data row (three or more) of a
/// table that otherwise prints figures: one NB214 on the column's header, with a fix that
/// fills the column with 0, rather than one per cell (a real report leaves all five 法人或其他组织
/// columns blank: 125 cells).
fn blank_columns(
    ctx: &Ctx,
    table_no: usize,
    spec: &crate::knowledge::template::TableSpec,
    out: &mut Vec<Finding>,
) -> Vec<usize> {
    const FEWEST_ROWS: usize = 3;
    let report = ctx.report;
    let table = &report.tables[table_no];
    if table.blanks_are_zero {
        return Vec::new();
    }
    let rows: Vec<&crate::model::BoundRow> = data_rows(table, spec).collect();
    if rows.len() < FEWEST_ROWS {
        return Vec::new();
    }
    let mut found = Vec::new();
    for (column_no, column) in table.columns.iter().enumerate() {
        let Some(c) = column.spec else { continue };
        let blank = rows.iter().all(|row| {
            row.cells
                .iter()
                .find(|cell| cell.column == column_no)
                .is_some_and(|cell| cell.value == Value::Missing)
        });
        if !blank {
            continue;
        }
        let label = &spec.columns[c].label;
        let n = rows.len();
        let zeros: Vec<(relations::Cell, String)> = rows
            .iter()
            .filter_map(|row| row.spec)
            .map(|row| {
                let cell = relations::Cell {
                    table: table_no,
                    row,
                    col: c,
                };
                (cell, "0".to_string())
            })
            .collect();
        out.push(
            Finding::new(
                "NB214",
                column.label.clone(),
                ctx.say(
                    format!("“{label}”列整列未填写（{n} 格）：空白不视为 0，涉及这些格的勾稽关系未核对"),
                    format!("the column “{label}” is blank in every row ({n} cells): a blank is not read as 0, and the relations through these cells are not checked"),
                ),
            )
            .fix(Fix {
                title: ctx.say("整列填入 0".into(), "Fill the column with 0".into()),
                edits: edit::cell_edits(ctx.text, report, table_no, &zeros),
                safe: false,
            }),
        );
        found.push(c);
    }
    found
}
