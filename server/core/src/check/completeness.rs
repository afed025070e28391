//! NB231, NB232: what a report still lacks although every sum adds up. A section with a heading
//! and nothing under it, and a report that is still the skeleton `nianbao new` wrote (every
//! number 0, no text anywhere), are consistent — and not ready to publish.

use super::Ctx;
use crate::finding::Finding;
use crate::model::Report;
use crate::syntax::Block;
use crate::value::Value;

pub fn completeness(ctx: &Ctx, out: &mut Vec<Finding>) {
    let report = ctx.report;
    let empty = empty_sections(report);
    let has_text = report
        .blocks
        .iter()
        .any(|b| matches!(b, Block::Paragraph(_)));
    if !has_text && !report.sections.is_empty() && all_zero(report) {
        let at = report.title.clone().unwrap_or(0..0);
        out.push(Finding::new(
            "NB232",
            at,
            ctx.say(
                "报告仍是未填写的模板：表格中的数字全部为 0，各部分都没有正文".into(),
                "the report is still the blank skeleton: every number in its tables is 0 and no section has any text".into(),
            ),
        ));
    }
    for s in empty {
        let hit = &report.sections[s];
        let spec = &report.template.sections[hit.spec];
        // A section of tables without them is told by the missing table (NB204).
        if report.template.tables.iter().any(|t| t.section == spec.id) {
            continue;
        }
        let title = format!("{}、{}", spec.number, spec.title);
        out.push(Finding::new(
            "NB231",
            hit.label.clone(),
            ctx.say(
                format!("“{title}”没有正文：{}", spec.guidance),
                format!(
                    "“{title}” has no text: {} (what the template asks this section to say)",
                    spec.guidance
                ),
            ),
        ));
    }
}

/// Indices into `Report::sections` of the sections with neither a paragraph nor a table before
/// the next section: published, they would be bare headings.
pub fn empty_sections(report: &Report) -> Vec<usize> {
    let starts: Vec<usize> = report.sections.iter().map(|s| s.heading.start).collect();
    (0..starts.len())
        .filter(|&i| {
            let end = starts.get(i + 1).copied().unwrap_or(usize::MAX);
            // A converter's title line starts the paragraph it heads: text after it counts.
            let after = report.sections[i].heading.end;
            !report.blocks.iter().any(|b| {
                let (at, to) = (b.range().start, b.range().end);
                at >= starts[i]
                    && to > after
                    && at < end
                    && matches!(b, Block::Paragraph(_) | Block::Table(_))
            })
        })
        .collect()
}

/// Whether the report's template tables hold numbers and every one of them is 0.
fn all_zero(report: &Report) -> bool {
    let mut numbers = report
        .tables
        .iter()
        .filter(|t| t.spec.is_some())
        .flat_map(|t| &t.rows)
        .flat_map(|r| &r.cells)
        .filter_map(|c| match c.value {
            Value::Number(n) => Some(n.scaled),
            _ => None,
        })
        .peekable();
    numbers.peek().is_some() && numbers.all(|n| n == 0)
}
