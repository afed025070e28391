//! Completion: row labels in the first column of a table, section and block headings on a
//! heading line, and on an empty line a skeleton for a table the report lacks.

use crate::knowledge::template::TableSpec;
use crate::model::Report;
use crate::skeleton::table_text;
use crate::syntax::Span;
use crate::text::LineIndex;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionKind {
    RowLabel,
    Section,
    Block,
    Skeleton,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub label: String,
    pub kind: CompletionKind,
    pub detail: Option<String>,
    /// What replaces `replace`.
    pub insert: String,
    pub replace: Span,
    /// Labels the report still lacks come first.
    pub missing: bool,
}

pub fn complete(text: &str, report: &Report, offset: usize) -> Vec<Completion> {
    let template = report.template;
    let index = LineIndex::new(text);
    let offset = crate::text::clamp_to_char_boundary(text, offset);
    let line = index.line_range(text, index.line_of(offset));
    let written = &text[line.clone()];
    let before = &text[line.start..offset.max(line.start).min(line.end)];

    if let Some(rest) = written.strip_prefix('#') {
        // A heading: replace its text (after the `#`s and one space).
        let marks = 1 + rest.len() - rest.trim_start_matches('#').len();
        let content_start =
            line.start + marks + (written[marks..].len() - written[marks..].trim_start().len());
        if offset < line.start + marks {
            return Vec::new();
        }
        let replace = content_start.min(offset)..line.end;
        let mut out: Vec<Completion> = template
            .sections
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let label = format!("{}、{}", s.number, s.title);
                let missing = !report.sections.iter().any(|hit| hit.spec == i);
                Completion {
                    insert: label.clone(),
                    label,
                    kind: CompletionKind::Section,
                    detail: None,
                    replace: replace.clone(),
                    missing,
                }
            })
            .collect();
        out.extend(template.tables.iter().enumerate().filter_map(|(i, t)| {
            let block = t.block.clone()?;
            let missing = !report.tables.iter().any(|b| b.spec == Some(i));
            Some(Completion {
                insert: block.clone(),
                label: block,
                kind: CompletionKind::Block,
                detail: Some(t.title.clone()),
                replace: replace.clone(),
                missing,
            })
        }));
        return out;
    }

    if written.trim_start().starts_with('|') {
        // The first cell of a table row: the row labels of the table it belongs to.
        let first_pipe = line.start + written.find('|').unwrap_or(0);
        let second_pipe = text[first_pipe + 1..line.end]
            .find('|')
            .map(|i| first_pipe + 1 + i);
        if offset <= first_pipe || second_pipe.is_some_and(|p| offset > p) {
            return Vec::new();
        }
        let Some(table) = report
            .tables
            .iter()
            .find(|t| t.syntax.range.start <= line.start && line.start <= t.syntax.range.end + 1)
        else {
            return Vec::new();
        };
        let Some(spec) = report.table_spec(table) else {
            return Vec::new();
        };
        let cell_end = second_pipe.unwrap_or(line.end);
        let inner = &text[first_pipe + 1..cell_end];
        let content_start = first_pipe + 1 + (inner.len() - inner.trim_start().len());
        let content_end = first_pipe + 1 + inner.trim_end().len();
        let replace = content_start.min(offset)..content_end.max(offset);
        return spec
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| Completion {
                label: r.label.clone(),
                kind: CompletionKind::RowLabel,
                detail: Some(spec.title.clone()),
                insert: r.label.clone(),
                replace: replace.clone(),
                missing: table.row(i).is_none(),
            })
            .collect();
    }

    if before.trim().is_empty() && written.trim().is_empty() {
        // An empty line: a skeleton for each table of this section the report lacks.
        let section = report
            .section_at(offset)
            .map(|s| &template.sections[report.sections[s].spec].id);
        return template
            .tables
            .iter()
            .enumerate()
            .filter(|(i, t)| {
                section.is_none_or(|s| *s == t.section)
                    && !report.tables.iter().any(|b| b.spec == Some(*i))
            })
            .map(|(_, t)| skeleton(t, offset..offset))
            .collect();
    }
    Vec::new()
}

fn skeleton(table: &TableSpec, replace: Span) -> Completion {
    let mut insert = String::new();
    if let Some(block) = &table.block {
        insert.push_str(&format!("### {block}\n\n"));
    }
    insert.push_str(&crate::format::format(&table_text(table)));
    Completion {
        label: format!("表格：{}", table.block.as_deref().unwrap_or(&table.title)),
        kind: CompletionKind::Skeleton,
        detail: Some(table.title.clone()),
        insert,
        replace,
        missing: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::test_support::{at, example};
    use crate::Config;

    #[test]
    fn row_labels_headings_and_skeletons() {
        let text = example("clean-2024.nianbao");
        let analysis = crate::analyze(&text, &Config::default());
        let cell = at(&text, "| 规章", 0, 2);
        let rows = complete(&text, &analysis.report, cell);
        assert!(rows
            .iter()
            .any(|c| c.label == "行政规范性文件" && c.kind == CompletionKind::RowLabel));
        assert!(rows.iter().all(|c| c.kind == CompletionKind::RowLabel));
        let heading = at(&text, "## 二、", 0, 3);
        let headings = complete(&text, &analysis.report, heading);
        assert!(headings
            .iter()
            .any(|c| c.label == "二、主动公开政府信息情况" && !c.missing));
        assert!(headings.iter().any(|c| c.label == "第二十条第（八）项"));

        // Without its 第二十条第（八）项 table, an empty line of section 二 offers its skeleton.
        let start = text.find("### 第二十条第（八）项").unwrap();
        let end = start + text[start..].find("## 三、").unwrap();
        let mut lacking = text.clone();
        lacking.replace_range(start..end, "\n");
        let analysis = crate::analyze(&lacking, &Config::default());
        let items = complete(&lacking, &analysis.report, start);
        let skeleton = items
            .iter()
            .find(|c| c.kind == CompletionKind::Skeleton)
            .expect("a skeleton");
        assert!(
            skeleton.insert.starts_with("### 第二十条第（八）项"),
            "{}",
            skeleton.insert
        );
        let mut filled = lacking.clone();
        filled.insert_str(start, &skeleton.insert);
        let after = crate::analyze(&filled, &Config::default());
        assert!(
            after
                .findings
                .iter()
                .all(|f| f.severity != crate::Severity::Error),
            "{:?}",
            after.findings
        );
    }
}
