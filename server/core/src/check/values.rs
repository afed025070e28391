//! `NB214`–`NB218`: what is in each value cell — blank, 待核, not a number, negative, fractional.

use super::relations;
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
        for row in table.rows.iter().filter(|r| !r.duplicate) {
            let Some(r) = row.spec else { continue };
            let role = spec.rows[r].role;
            // A group row with all cells blank is a heading; with any value it is a subtotal row.
            if role == RowRole::Group || (role == RowRole::Subtotal && !row.has_values()) {
                continue;
            }
            for cell in &row.cells {
                let Some(c) = table.columns[cell.column].spec else {
                    continue;
                };
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
                        let name = name_of();
                        let mut finding = Finding::new(
                            "NB214",
                            cell.range.clone(),
                            ctx.say(format!("{name} 未填写：空白或占位符不视为 0"), format!("{name} is not filled in: a blank or placeholder is not read as 0")),
                        );
                        // A blank total can be computed from its parts; any other blank can only be 0 if the author says so.
                        let computed = instances.iter().filter(|i| i.target == at).find_map(|i| {
                            let expected: Option<i64> = i
                                .terms
                                .iter()
                                .map(|(t, s)| relations::number(report, *t).map(|n| n * s))
                                .sum();
                            expected.filter(|e| *e >= 0)
                        });
                        if let Some(value) = computed {
                            let v = format_scaled(value);
                            finding = finding.fix(Fix {
                                title: ctx.say(
                                    format!("填入计算值 {v}"),
                                    format!("Fill in the computed value {v}"),
                                ),
                                edits: edit::cell_edits(
                                    ctx.text,
                                    report,
                                    table_no,
                                    &[(at, v.clone())],
                                ),
                                safe: true,
                            });
                        }
                        finding = finding.fix(Fix {
                            title: ctx.say("填入 0".into(), "Fill in 0".into()),
                            edits: edit::cell_edits(
                                ctx.text,
                                report,
                                table_no,
                                &[(at, "0".into())],
                            ),
                            safe: false,
                        });
                        out.push(finding);
                    }
                    Value::Review => {
                        let name = name_of();
                        out.push(Finding::new(
                            "NB218",
                            cell.range.clone(),
                            ctx.say(
                                format!("{name} 标为待核：涉及此格的勾稽关系暂不核对"),
                                format!(
                                "{name} is marked for review: relations through it are not checked"
                            ),
                            ),
                        ))
                    }
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
