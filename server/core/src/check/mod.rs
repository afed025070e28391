//! The checker: findings from a report model. Each module is one family of rules.

pub mod arithmetic;
pub mod prose;
pub mod relations;
pub mod structure;
pub mod values;

use crate::config::Lang;
use crate::finding::Finding;
use crate::knowledge::template::TableSpec;
use crate::model::Report;
use crate::normalize::key;

/// What every rule needs: the text, its model and the message language.
pub struct Ctx<'a> {
    pub text: &'a str,
    pub report: &'a Report,
    pub lang: Lang,
}

impl Ctx<'_> {
    /// Picks the message in the configured language.
    pub fn say(&self, zh: String, en: String) -> String {
        match self.lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

pub fn check(ctx: &Ctx) -> Vec<Finding> {
    let report = ctx.report;
    if report.sections.is_empty()
        && report.tables.iter().all(|t| t.spec.is_none())
        && report.front_matter.is_none()
    {
        // Not a report at all: one clear finding instead of a finding for every missing part.
        let message = ctx.say(
            "这不是政府信息公开工作年度报告：没有前置信息、没有任何部分标题，也没有模板中的表格（格式见 docs/markup.md）".into(),
            "this is not an annual report: no front matter, no section heading and no table of the template (see docs/markup.md)".into(),
        );
        return vec![Finding::new("NB201", 0..0, message)];
    }
    let mut findings = Vec::new();
    structure::check(ctx, &mut findings);
    values::check(ctx, &mut findings);
    arithmetic::check(ctx, &mut findings);
    prose::check(ctx, &mut findings);
    findings.sort_by(|a, b| (a.range.start, a.code).cmp(&(b.range.start, b.code)));
    findings
}

/// A row's name for messages: the label without its trailing parenthetical note, and for a
/// sub-row its group's ordinal in front: `（三）1.属于国家秘密`.
pub fn row_name(spec: &TableSpec, row: usize) -> String {
    let label = short(&spec.rows[row].label);
    match spec.rows[row]
        .parent
        .as_ref()
        .and_then(|p| spec.rows.iter().find(|r| &r.id == p))
    {
        Some(parent)
            if spec.rows[row]
                .label
                .starts_with(|c: char| c.is_ascii_digit()) =>
        {
            let group = short(&parent.label);
            let ordinal = group.split_inclusive('）').next().unwrap_or("");
            format!("{ordinal}{label}")
        }
        _ => label.to_string(),
    }
}

pub fn column_name(spec: &TableSpec, col: usize) -> String {
    short(&spec.columns[col].label).to_string()
}

/// `（二）部分公开（区分处理的，…）` → `（二）部分公开`.
fn short(label: &str) -> &str {
    match label.char_indices().skip(1).find(|(_, c)| *c == '（') {
        Some((i, _)) if i > 3 && !label[..i].ends_with('第') => &label[..i],
        _ => label,
    }
}

/// `（三）不予公开·自然人`, or the row alone for single-column tables.
pub fn cell_name(spec: &TableSpec, row: usize, col: usize) -> String {
    if spec.columns.len() == 1 {
        row_name(spec, row)
    } else {
        format!("{}·{}", row_name(spec, row), column_name(spec, col))
    }
}

/// Whether two labels are the same once folded (for comparisons in prose).
pub fn same_label(a: &str, b: &str) -> bool {
    key(a) == key(b)
}
