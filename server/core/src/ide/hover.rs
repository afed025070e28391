//! Hover: the law behind a category (on a section heading, a `第二十条第（X）项` heading, a row
//! or column label), and on a number what the cell is and every relation it takes part in,
//! with the values filled in.

use super::{cell_of, say, target_at, Target};
use crate::check::cell_name;
use crate::check::relations::{self, Cell, Instance, Outcome};
use crate::explain;
use crate::knowledge::statute::Category;
use crate::knowledge::Knowledge;
use crate::model::Report;
use crate::syntax::Span;
use crate::value::{format_scaled, Value};
use crate::Lang;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hover {
    /// What the hover is about (the label or the cell's content).
    pub range: Span,
    pub markdown: String,
}

pub fn hover(text: &str, report: &Report, offset: usize, lang: Lang) -> Option<Hover> {
    let template = report.template;
    match target_at(report, offset)? {
        Target::Section(i) => {
            let hit = &report.sections[i];
            let spec = &template.sections[hit.spec];
            let category = statute_category(spec.statute.as_deref(), &text[hit.label.clone()]);
            let title = format!("{}、{}", spec.number, spec.title);
            Some(Hover {
                range: hit.label.clone(),
                markdown: category_markdown(&title, category, lang),
            })
        }
        Target::Block(t) => {
            let table = &report.tables[t];
            let label = table.block_heading.clone()?;
            let spec = report.table_spec(table);
            let category = statute_category(
                spec.and_then(|s| s.statute.as_deref()),
                &text[label.clone()],
            );
            let title = spec
                .and_then(|s| s.block.clone())
                .unwrap_or_else(|| text[label.clone()].to_string());
            Some(Hover {
                range: label,
                markdown: category_markdown(&title, category, lang),
            })
        }
        Target::Column(t, c) => {
            let table = &report.tables[t];
            let column = &table.columns[c];
            let written = &text[column.label.clone()];
            let spec = column
                .spec
                .and_then(|col| report.table_spec(table).map(|s| &s.columns[col]));
            let category = statute_category(spec.and_then(|s| s.statute.as_deref()), written);
            let title = spec.map_or(written.to_string(), |s| s.label.clone());
            let mut markdown = category_markdown(&title, category, lang);
            if let Some(unit) = spec.and_then(|s| s.unit.as_ref()) {
                markdown.push_str(&format!("\n\n{}{unit}", say(lang, "单位：", "Unit: ")));
            }
            Some(Hover {
                range: column.label.clone(),
                markdown,
            })
        }
        Target::Row(t, row) => {
            let written = &text[row.label.clone()];
            let spec = row
                .spec
                .and_then(|r| report.table_spec(&report.tables[t]).map(|s| &s.rows[r]));
            let category = statute_category(spec.and_then(|s| s.statute.as_deref()), written);
            let title = spec.map_or(written.to_string(), |s| s.label.clone());
            let mut markdown = category_markdown(&title, category, lang);
            if spec.is_some_and(|s| s.label != written.trim()) {
                markdown.push_str(&format!(
                    "\n\n{}",
                    say(
                        lang,
                        format!("模板写法：{title}"),
                        format!("The template spells it: {title}")
                    )
                ));
            }
            Some(Hover {
                range: row.label.clone(),
                markdown,
            })
        }
        Target::Value {
            table, row, cell, ..
        } => {
            let markdown = cell_markdown(text, report, table, row, cell, lang)?;
            Some(Hover {
                range: cell.range.clone(),
                markdown,
            })
        }
    }
}

/// The category of a template item: by its statute key, else by the label as written (so a
/// label the model did not bind, traditional or not, still gets its explanation).
fn statute_category(key: Option<&str>, written: &str) -> Option<&'static Category> {
    key.and_then(|k| Knowledge::get().category(k))
        .or_else(|| explain::find_category(written))
}

fn category_markdown(title: &str, category: Option<&Category>, lang: Lang) -> String {
    match category {
        Some(category) => explain::category(category),
        None => format!(
            "**{title}**\n\n{}",
            say(
                lang,
                "知识库中没有这一项的条例依据。",
                "The knowledge base has no statutory basis for this item."
            )
        ),
    }
}

fn cell_markdown(
    text: &str,
    report: &Report,
    table: usize,
    row: &crate::model::BoundRow,
    cell: &crate::model::BoundCell,
    lang: Lang,
) -> Option<String> {
    let bound = &report.tables[table];
    let spec = report.table_spec(bound)?;
    let at = cell_of(report, table, row, cell);
    let name = match (at, bound.columns.get(cell.column).and_then(|c| c.spec)) {
        (Some(at), _) => cell_name(spec, at.row, at.col),
        (None, Some(col)) => format!(
            "{}·{}",
            text[row.label.clone()].trim(),
            spec.columns[col].label
        ),
        (None, None) => text[row.label.clone()].trim().to_string(),
    };
    let value = match cell.value {
        Value::Number(n) => format_scaled(n.scaled),
        Value::Missing => say(lang, "（空白：未填写）", "(blank: not filled in)"),
        Value::Review => say(lang, "待核", "to be verified"),
        Value::Invalid => say(lang, "（不是数字）", "(not a number)"),
    };
    let mut md = format!("**{name}** = {value}\n\n{}", spec.title);
    if let Some(unit) = bound
        .columns
        .get(cell.column)
        .and_then(|c| c.spec)
        .and_then(|c| spec.columns[c].unit.as_ref())
    {
        md.push_str(&format!("（{unit}）"));
    }
    md.push('\n');
    let Some(at) = at else { return Some(md) };
    let instances: Vec<Instance> = relations::instances(report)
        .into_iter()
        .filter(|i| i.contains(at))
        .collect();
    if instances.is_empty() {
        md.push_str(&format!(
            "\n{}\n",
            say(
                lang,
                "此格不参与勾稽关系。",
                "This cell takes part in no relation."
            )
        ));
        return Some(md);
    }
    md.push_str(&format!(
        "\n{}\n\n",
        say(lang, "参与的勾稽关系：", "Relations it takes part in:")
    ));
    for instance in &instances {
        let relation = instance.relation(report);
        md.push_str(&format!(
            "- {} {}\n\n  `{}`\n\n",
            relation.id,
            relation.statement,
            filled(report, instance, lang)
        ));
    }
    Some(md)
}

/// `（七）总计·自然人 = 35 + 0 + 3 + 10 + 2 + 7 = 57 ✓`: the relation with its values, what
/// they add up to, and whether the total agrees.
pub fn filled(report: &Report, instance: &Instance, lang: Lang) -> String {
    // `equation` writes `total = terms`; the hover reads better as `name = terms = sum`.
    let equation = relations::equation(report, instance);
    let terms = equation
        .split_once(" = ")
        .map_or(equation.as_str(), |(_, terms)| terms);
    let name = relations::target_name(report, instance);
    match relations::evaluate(report, instance) {
        Outcome::Holds { value } => format!("{name} = {terms} = {} ✓", format_scaled(value)),
        Outcome::Broken { actual, expected } => {
            format!(
                "{name} = {terms} = {} ✗ {}",
                format_scaled(expected),
                say(
                    lang,
                    format!("（表中为 {}）", format_scaled(actual)),
                    format!("(the table says {})", format_scaled(actual))
                )
            )
        }
        Outcome::Unevaluable => format!(
            "{name} = {terms} {}",
            say(
                lang,
                "（有空白、待核或非数字的格，无法核对）",
                "(a cell is blank, to be verified or not a number)"
            )
        ),
    }
}

/// The relation instances a cell takes part in (for references and tests).
pub fn relations_of(report: &Report, at: Cell) -> Vec<Instance> {
    relations::instances(report)
        .into_iter()
        .filter(|i| i.contains(at))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::test_support::{at, example};
    use crate::Config;

    fn hover_at(text: &str, offset: usize) -> String {
        let analysis = crate::analyze(text, &Config::default());
        hover(text, &analysis.report, offset, Lang::Zh)
            .map(|h| h.markdown)
            .unwrap_or_default()
    }

    #[test]
    fn labels_get_their_statute_in_both_scripts() {
        let clean = example("clean-2024.nianbao");
        let md = hover_at(&clean, at(&clean, "（二）部分公开", 0, 3));
        assert!(md.contains("第三十七条"), "{md}");
        assert!(md.contains("如何统计"), "{md}");
        let traditional = example("seed-000-luquan.nianbao");
        let md = hover_at(&traditional, at(&traditional, "部分公開", 0, 3));
        assert!(md.contains("第三十七条"), "{md}");
        let md = hover_at(&clean, at(&clean, "第二十条第（一）项", 0, 3));
        assert!(md.contains("第二十条"), "{md}");
        let md = hover_at(&clean, at(&clean, "三、收到和处理", 0, 3));
        assert!(md.starts_with("**"), "{md}");
    }

    #[test]
    fn a_number_shows_its_relations_with_values() {
        let text = example("seed-002-fengquan.nianbao");
        // The （三）不予公开 row's 自然人 cell: 4, while its sub-rows are all 0.
        let row = at(&text, "| (三) 不予公开", 0, 0);
        let four = row + text[row..].find('4').expect("a 4 in the row");
        let md = hover_at(&text, four);
        assert!(md.contains("（三）不予公开·自然人** = 4"), "{md}");
        assert!(md.contains("= 0 ✗"), "{md}");
        assert!(md.contains("✓") || md.contains("✗"), "{md}");
    }
}
