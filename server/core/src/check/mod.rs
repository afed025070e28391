//! The checker: findings from a report model. Each module is one family of rules.

pub mod arithmetic;
pub mod blame;
mod claim_search;
pub mod completeness;
pub(crate) mod figures;
pub mod imported;
mod instance;
mod instantiate;
mod organ;
mod places;
pub mod prose;
pub mod relations;
mod spelling;
pub mod structure;
mod table_shape;
mod unfilled;
pub mod values;

// Below every family: what a rule is given, and how messages name rows and cells. Kept in files
// of their own (rather than here, above the families) so no family imports back from this one.
mod ctx;
mod names;

pub use ctx::Ctx;
pub use names::{cell_name, column_name, row_name, same_label};

use crate::finding::Finding;

pub fn check(ctx: &Ctx) -> Vec<Finding> {
    check_with(ctx, &mut Fresh)
}

/// Where [`check_with`] gets the findings that depend on one table, or one stretch of prose,
/// alone: computed afresh ([`Fresh`]), or remembered by an incremental analysis.
pub(crate) trait CheckWork {
    /// [`table`]'s findings.
    fn table(&mut self, ctx: &Ctx, table_no: usize, first: bool) -> Vec<Finding>;
    /// The findings of `Report::prose[prose_no]`.
    fn prose(&mut self, ctx: &Ctx, prose_no: usize) -> Vec<Finding>;
}

pub(crate) struct Fresh;

impl CheckWork for Fresh {
    fn table(&mut self, ctx: &Ctx, table_no: usize, first: bool) -> Vec<Finding> {
        table(ctx, table_no, first)
    }

    fn prose(&mut self, ctx: &Ctx, prose_no: usize) -> Vec<Finding> {
        let mut out = Vec::new();
        prose::stretches(ctx, prose_no..prose_no + 1, &mut out);
        out
    }
}

/// [`check`], with the findings of each table and stretch of prose taken from `work`. Findings
/// end sorted by position and code; none of one table or stretch has the position and code of
/// another's, so the order in which the parts are gathered does not show.
pub(crate) fn check_with(ctx: &Ctx, work: &mut dyn CheckWork) -> Vec<Finding> {
    let report = ctx.report;
    if !report.is_a_report() {
        // Not a report at all: one clear finding instead of a finding for every missing part.
        let message = ctx.say(
            "这不是政府信息公开工作年度报告：没有前置信息、没有任何部分标题，也没有模板中的表格（格式见 docs/markup.md）".into(),
            "this is not an annual report: no front matter, no section heading and no table of the template (see docs/markup.md)".into(),
        );
        return vec![Finding::new("NB201", 0..0, message)];
    }
    let mut findings = Vec::new();
    structure::document(ctx, &mut findings);
    imported::inferences(ctx, &mut findings);
    organ::names(ctx, &mut findings);
    completeness::completeness(ctx, &mut findings);
    for (table_no, first) in relations::first_of_spec(report).into_iter().enumerate() {
        findings.extend(work.table(ctx, table_no, first));
    }
    for prose_no in 0..report.prose.len() {
        findings.extend(work.prose(ctx, prose_no));
    }
    findings.sort_by(|a, b| (a.range.start, a.code).cmp(&(b.range.start, b.code)));
    findings
}

/// What table `table_no` alone gives (structure, values, arithmetic), knowing whether it is the
/// `first` bound to its template table (a later one is reported as a duplicate, not checked).
pub(crate) fn table(ctx: &Ctx, table_no: usize, first: bool) -> Vec<Finding> {
    let mut out = Vec::new();
    let which = table_no..table_no + 1;
    table_shape::tables(ctx, which.clone(), &mut out);
    let instances = relations::table_instances(ctx.report, table_no, first);
    values::tables(ctx, &instances, which, &mut out);
    arithmetic::table(ctx, &instances, &mut out);
    out
}
