//! `NB1xx`: the reconciliation relations (勾稽关系). One error gives one finding: when a single
//! cell explains several broken relations — every one of them holds if that cell alone changes,
//! it takes part in no relation that holds, and no other cell explains the same set — the
//! finding is on that cell; otherwise each broken relation is reported on its total.

use super::blame::{self, Blamed, Evaluated};
use super::relations::{self, name, target_name, Cell, Instance};
use super::Ctx;
use crate::edit;
use crate::finding::{Finding, Fix};
use crate::fix::plan;
use crate::value::{format_scaled, REVIEW_MARK};

pub fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    let report = ctx.report;
    for (table_no, first) in relations::first_of_spec(report).into_iter().enumerate() {
        table(
            ctx,
            &relations::table_instances(report, table_no, first),
            out,
        );
    }
}

/// The findings of one table, from the relation instances on it (relations never span tables).
pub(crate) fn table(ctx: &Ctx, all: &[Instance], out: &mut Vec<Finding>) {
    let report = ctx.report;
    let start = out.len();
    let Evaluated { holding, broken } = blame::evaluate(report, all);
    let mut explained = vec![false; broken.len()];
    for Blamed {
        cell,
        members,
        value,
    } in blame::blame(report, &holding, &broken)
    {
        for &m in &members {
            explained[m] = true;
        }
        out.push(blamed_finding(
            ctx,
            cell,
            &members.iter().map(|&m| broken[m]).collect::<Vec<_>>(),
            value,
        ));
    }
    for (i, (instance, actual, expected)) in broken.iter().enumerate() {
        if !explained[i] {
            out.push(broken_finding(ctx, instance, *actual, *expected, &holding));
        }
    }
    add_table_fixes(ctx, &mut out[start..], all, &broken);
}

/// Every arithmetic finding of a table also offers fix-all for that table, planned over `all`,
/// the instances on that one table.
fn add_table_fixes(
    ctx: &Ctx,
    out: &mut [Finding],
    all: &[Instance],
    broken: &[(&Instance, i64, i64)],
) {
    if let Some(&(instance, _, _)) = broken.first() {
        let table = instance.target.table;
        let edits = plan::fix_table_over(ctx.text, ctx.report, all);
        if edits.is_empty() {
            return;
        }
        let range = ctx.report.tables[table].syntax.range.clone();
        let fix = Fix {
            title: ctx.say(
                "重新计算本表全部合计（按依赖顺序）".into(),
                "Recompute every total of this table (in dependency order)".into(),
            ),
            edits,
            safe: false,
        };
        for finding in out
            .iter_mut()
            .filter(|f| f.is_arithmetic() && range.contains(&f.range.start))
        {
            finding.fixes.push(fix.clone());
        }
    }
}

fn related(ctx: &Ctx, finding: Finding, instance: &Instance, skip: Option<Cell>) -> Finding {
    let report = ctx.report;
    instance
        .cells()
        .filter(|c| Some(*c) != skip)
        .fold(finding, |f, cell| match relations::bound(report, cell) {
            Some(bound) => {
                let value = relations::number(report, cell).map_or("?".into(), format_scaled);
                f.related(
                    bound.range.clone(),
                    format!("{} = {value}", name(report, cell)),
                )
            }
            None => f,
        })
}

fn broken_finding(
    ctx: &Ctx,
    instance: &Instance,
    actual: i64,
    expected: i64,
    holding: &[&Instance],
) -> Finding {
    let report = ctx.report;
    let relation = instance.relation(report);
    let target = name(report, instance.target);
    let (mut actual_s, expected_s) = (format_scaled(actual), format_scaled(expected));
    if relations::is_blank(report, instance.target) {
        actual_s = ctx.say("空白".into(), "blank".into());
    }
    // A total that other relations confirm is more likely right than the parts it disagrees with.
    let lang = ctx.lang;
    let confirmed: Vec<String> = holding
        .iter()
        .filter(|h| h.contains(instance.target))
        .map(|h| format!("“{}”", relations::says(h.relation(report), lang)))
        .collect();
    let says = relations::says(relation, lang);
    let sum = relations::named_sum(report, instance, lang);
    let mut message = ctx.say(
        format!(
            "{target} 为{}{actual_s}，而{says}：{sum}（{}）",
            if actual_s.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
                " "
            } else {
                ""
            },
            relation.id
        ),
        format!(
            "{target} is {actual_s}, but {says}: {sum} ({})",
            relation.id
        ),
    );
    if !confirmed.is_empty() {
        let ids = confirmed.join("、");
        message.push_str(&ctx.say(
            format!("。此格满足{ids}，更可能是分项有误"),
            format!(
                ". {target} agrees with {}, so a part is more likely wrong",
                confirmed.join(", ")
            ),
        ));
    }
    let range = relations::bound(report, instance.target).map_or(0..0, |b| b.range.clone());
    let mut finding = related(
        ctx,
        Finding::new(static_code(&relation.code), range, message),
        instance,
        Some(instance.target),
    );
    let destroy = plan::would_destroy(report, instance);
    if let Some(edits) = plan::recompute(ctx.text, report, instance, expected) {
        finding = finding.fix(Fix {
            title: ctx.say(
                format!("将 {target} 改为 {expected_s}（重新计算）"),
                format!("Set {target} to {expected_s} (recompute)"),
            ),
            edits,
            safe: !destroy && confirmed.is_empty(),
        });
    }
    if destroy {
        finding = finding.fix(Fix {
            title: ctx.say(
                format!("保留 {target} = {actual_s}，将其分项标为“{REVIEW_MARK}”"),
                format!("Keep {target} = {actual_s} and mark its parts “{REVIEW_MARK}” for review"),
            ),
            edits: plan::mark_for_review(ctx.text, report, instance),
            safe: true,
        });
    }
    finding
}

fn blamed_finding(ctx: &Ctx, cell: Cell, members: &[(&Instance, i64, i64)], value: i64) -> Finding {
    let report = ctx.report;
    let cell_label = name(report, cell);
    let actual = relations::number(report, cell).map_or("?".into(), format_scaled);
    let value_s = format_scaled(value);
    let lang = ctx.lang;
    let rules: Vec<String> = members
        .iter()
        .map(|(i, _, _)| format!("“{}”", relations::says(i.relation(report), lang)))
        .collect();
    let details: Vec<String> = members
        .iter()
        .map(|(i, actual, _)| {
            let target = target_name(report, i);
            let actual = format_scaled(*actual);
            let sum = relations::named_sum(report, i, lang);
            let id = &i.relation(report).id;
            match lang {
                crate::config::Lang::Zh => format!("{id}：{target} 为 {actual}，{sum}"),
                crate::config::Lang::En => format!("{id}: {target} is {actual}; {sum}"),
            }
        })
        .collect();
    let message = ctx.say(
        format!(
            "{cell_label} 为 {actual}，可能有误：若此格为 {value_s}，则{}都成立。{}",
            rules.join("、"),
            details.join("；")
        ),
        format!(
            "{cell_label} is {actual} and probably wrong: if it is {value_s}, {} all hold. {}",
            rules.join(", "),
            details.join("; ")
        ),
    );
    let explained: Vec<&Instance> = members.iter().map(|(i, _, _)| *i).collect();
    let code = blame::code(report, cell, &explained);
    let range = relations::bound(report, cell).map_or(0..0, |b| b.range.clone());
    let mut finding = Finding::new(code, range, message);
    for (instance, _, _) in members {
        finding = related(ctx, finding, instance, Some(cell));
    }
    finding.related.dedup();
    finding = finding.fix(Fix {
        title: ctx.say(
            format!("将 {cell_label} 改为 {value_s}"),
            format!("Set {cell_label} to {value_s}"),
        ),
        edits: edit::cell_edits(ctx.text, report, cell.table, &[(cell, value_s.clone())]),
        safe: members.iter().any(|(i, _, _)| i.target == cell),
    });
    // The other direction: recompute each total from the cell as written.
    for (instance, _, expected) in members {
        if instance.target == cell {
            continue;
        }
        if let Some(edits) = plan::recompute(ctx.text, report, instance, *expected) {
            let target = target_name(report, instance);
            let e = format_scaled(*expected);
            finding = finding.fix(Fix {
                title: ctx.say(
                    format!("将 {target} 改为 {e}（重新计算）"),
                    format!("Set {target} to {e} (recompute)"),
                ),
                edits,
                safe: false,
            });
        }
    }
    finding
}

/// Finding codes are `&'static str`; relation codes come from the static knowledge base.
fn static_code(code: &str) -> &'static str {
    crate::knowledge::Knowledge::get()
        .rule(code)
        .map_or("NB100", |r| r.code.as_str())
}
