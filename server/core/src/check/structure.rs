//! `NB2xx`: the shape of the report — front matter, title, the six sections, the tables, their
//! rows and columns, and the spelling of every label.

use super::{column_name, row_name, Ctx};
use crate::finding::{Edit, Finding, Fix};
use crate::knowledge::template::{RowRole, TableSpec};
use crate::knowledge::Knowledge;
use crate::model::labels::{self, LabelKeys, Spelling};
use crate::model::{BoundTable, TemplateChoice};
use crate::normalize::{key, simplified};
use crate::syntax::{Block, Span, TableSyntax};

pub fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    front_matter(ctx, out);
    syntax_errors(ctx, out);
    sections(ctx, out);
    tables(ctx, 0..ctx.report.tables.len(), out);
    missing_tables(ctx, out);
}

/// What [`check`] finds outside [`tables`].
pub(crate) fn document(ctx: &Ctx, out: &mut Vec<Finding>) {
    front_matter(ctx, out);
    syntax_errors(ctx, out);
    sections(ctx, out);
    missing_tables(ctx, out);
}

fn front_matter(ctx: &Ctx, out: &mut Vec<Finding>) {
    let report = ctx.report;
    let knowledge = Knowledge::get();
    let at = report
        .front_matter
        .as_ref()
        .map_or(0..0, |fm| fm.range.start..fm.range.start + 3);
    if report.front_matter.is_none() {
        // A converter's output has no front matter: what the model read from the title instead.
        for (name, value) in [
            ("机关", &report.meta.organization),
            ("年度", &report.meta.year),
        ] {
            if let Some((written, span)) = value {
                out.push(Finding::new(
                    "NB230",
                    span.clone(),
                    ctx.say(
                        format!("没有前置信息：据标题推断{name}为“{written}”（请核对原件）"),
                        format!("no front matter: {name} read from the title as “{written}” (check it against the source)"),
                    ),
                ));
            }
        }
    }
    if report.meta.organization.is_none() {
        out.push(Finding::new(
            "NB221",
            at.clone(),
            ctx.say(
                "前置信息缺少“机关”".into(),
                "front matter lacks 机关 (organization)".into(),
            ),
        ));
    }
    match &report.meta.year {
        None => out.push(Finding::new(
            "NB221",
            at.clone(),
            ctx.say(
                "前置信息缺少“年度”".into(),
                "front matter lacks 年度 (year)".into(),
            ),
        )),
        Some((year, span)) if !(year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit())) => out
            .push(Finding::new(
                "NB221",
                span.clone(),
                ctx.say(
                    format!("年度应为四位数字，实为“{year}”"),
                    format!("the year must be four digits, not “{year}”"),
                ),
            )),
        _ => {}
    }
    if let Some((name, span)) = &report.meta.template {
        if !matches!(report.template_choice, TemplateChoice::FrontMatter(_)) {
            let known = knowledge.template_ids().join("、");
            out.push(Finding::new(
                "NB223",
                span.clone(),
                ctx.say(
                    format!("未知模板“{name}”（可用：{known}）"),
                    format!("unknown template “{name}” (known: {known})"),
                ),
            ));
        }
    }
    const KEYS: &[&str] = crate::model::FRONT_MATTER_KEYS;
    for field in report.front_matter.iter().flat_map(|fm| &fm.fields) {
        let key = ctx.text[field.key.clone()].trim();
        if !KEYS.contains(&key) {
            let suggestion = KEYS
                .iter()
                .max_by(|a, b| strsim::jaro(key, a).total_cmp(&strsim::jaro(key, b)))
                .unwrap_or(&"机关");
            out.push(Finding::new(
                "NB221",
                field.key.clone(),
                ctx.say(
                    format!("未知的前置信息“{key}”；是否为“{suggestion}”？"),
                    format!("unknown front matter key “{key}”; did you mean “{suggestion}”?"),
                ),
            ));
        }
    }
    if report.front_matter.is_none() && ctx.text.trim_start_matches('\u{feff}').starts_with("---") {
        out.push(Finding::new(
            "NB221",
            0..3,
            ctx.say(
                "前置信息不完整：应以“---”开始和结束，其间每行为“键: 值”".into(),
                "incomplete front matter: it starts and ends with “---”, with a “key: value” on each line between".into(),
            ),
        ));
    }
    if report.title.is_none() {
        out.push(Finding::new(
            "NB222",
            at,
            ctx.say(
                "缺少报告标题（一级标题）".into(),
                "the report has no title (a level-1 heading)".into(),
            ),
        ));
    }
    if let Some(span) = &report.legacy_format {
        out.push(Finding::new(
            "NB223",
            span.clone(),
            ctx.say(
                "这是2019年以前的统计表格式（条例2008年版），本工具不按模板核对".into(),
                "this is the pre-2019 statistics format (the 2008 regulation); it is not checked against the template".into(),
            ),
        ));
    }
}

fn syntax_errors(ctx: &Ctx, out: &mut Vec<Finding>) {
    for block in &ctx.report.blocks {
        match block {
            Block::Error(span) => out.push(Finding::new(
                "NB224",
                span.clone(),
                ctx.say(
                    "无法识别的内容（表格行应以“|”开头和结尾）".into(),
                    "unrecognised text (a table row starts and ends with “|”)".into(),
                ),
            )),
            Block::Table(t) => {
                if t.delimiter.is_none() {
                    out.push(Finding::new(
                        "NB224",
                        t.header.range.clone(),
                        ctx.say("表格缺少分隔行（如 | --- | ---: |）".into(), "the table lacks its delimiter row (e.g. | --- | ---: |)".into()),
                    ));
                }
                for line in &t.stray {
                    let mut finding = Finding::new(
                        "NB224",
                        line.clone(),
                        ctx.say("表格中的这一行不是表格行：表格行应以“|”开头".into(), "this line inside a table is not a row: a row starts with “|”".into()),
                    );
                    if ctx.text[line.clone()].contains('|') {
                        finding = finding.fix(Fix {
                            title: ctx.say("在行首补上“| ”".into(), "Add the leading “| ”".into()),
                            edits: vec![Edit { range: line.start..line.start, new_text: "| ".into() }],
                            safe: false,
                        });
                    }
                    out.push(finding);
                }
            }
            Block::Comment(span) if !ctx.text[span.clone()].get(4..).is_some_and(|rest| rest.contains("-->")) => out.push(Finding::new(
                "NB224",
                span.start..span.start + 4,
                ctx.say(
                    "注释没有结束（缺少“-->”）：其后的全部内容都被当作注释".into(),
                    "unterminated comment (no “-->”): everything after it is treated as a comment".into(),
                ),
            )),
            _ => {}
        }
    }
}

fn sections(ctx: &Ctx, out: &mut Vec<Finding>) {
    let report = ctx.report;
    let template = report.template;
    let mut last_spec: Option<usize> = None;
    for (i, hit) in report.sections.iter().enumerate() {
        let spec = &template.sections[hit.spec];
        let canonical = format!("{}、{}", spec.number, spec.title);
        if report.sections[..i].iter().any(|s| s.spec == hit.spec) {
            out.push(Finding::new(
                "NB202",
                hit.label.clone(),
                ctx.say(
                    format!("“{canonical}”重复"),
                    format!("section “{canonical}” appears twice"),
                ),
            ));
            continue;
        }
        if last_spec.is_some_and(|l| l > hit.spec) {
            out.push(Finding::new(
                "NB203",
                hit.label.clone(),
                ctx.say(
                    format!("“{canonical}”的位置不对：应按一至六的顺序"),
                    format!("section “{canonical}” is out of order (一 to 六)"),
                ),
            ));
        }
        last_spec = Some(last_spec.map_or(hit.spec, |l| l.max(hit.spec)));
        spelling(ctx, out, hit.spelling, &hit.label, &canonical, None);
    }
    for (s, spec) in template.sections.iter().enumerate() {
        if report.sections.iter().any(|h| h.spec == s) {
            continue;
        }
        let heading = format!("{}、{}", spec.number, spec.title);
        // Infer the section from its table, when the heading alone was lost.
        let table = report
            .tables
            .iter()
            .find(|t| report.table_spec(t).is_some_and(|ts| ts.section == spec.id));
        let mut finding;
        if let Some(table) = table {
            let at = table
                .block_heading
                .clone()
                .unwrap_or(table.syntax.range.clone());
            let start = line_start(ctx.text, at.start);
            finding = Finding::new(
                "NB201",
                at.start..at.start,
                ctx.say(
                    format!("缺少标题“{heading}”（据表格推断此处为该部分）"),
                    format!("the heading “{heading}” is missing (the table here belongs to it)"),
                ),
            );
            finding = finding.fix(Fix {
                title: ctx.say(
                    format!("插入标题“{heading}”"),
                    format!("Insert the heading “{heading}”"),
                ),
                edits: vec![Edit {
                    range: start..start,
                    new_text: format!("## {heading}\n\n"),
                }],
                safe: true,
            });
        } else {
            let at = next_section_start(ctx, s).unwrap_or(ctx.text.len());
            finding = Finding::new(
                "NB201",
                at..at,
                ctx.say(
                    format!("缺少“{heading}”部分"),
                    format!("section “{heading}” is missing"),
                ),
            );
        }
        out.push(finding);
    }
}

fn next_section_start(ctx: &Ctx, spec: usize) -> Option<usize> {
    ctx.report
        .sections
        .iter()
        .filter(|h| h.spec > spec)
        .map(|h| h.heading.start)
        .min()
}

fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// NB219 for a label not spelled as the template spells it. `cell` is the table and the whole
/// cell when the label is a table cell, so the fix keeps the table aligned.
fn spelling(
    ctx: &Ctx,
    out: &mut Vec<Finding>,
    spelling: Spelling,
    at: &Span,
    canonical: &str,
    cell: Option<(&TableSyntax, Span)>,
) {
    if spelling == Spelling::Inferred {
        out.push(Finding::new(
            "NB230",
            at.clone(),
            ctx.say(
                format!("按模板顺序推断此处为“{canonical}”（原文标签缺失或残损，请核对原件）"),
                format!("placed by the template's order as “{canonical}” (the label is lost or damaged; check it against the source)"),
            ),
        ));
        return;
    }
    if spelling == Spelling::Canonical || ctx.text[at.clone()].trim() == canonical {
        return;
    }
    let raw = &ctx.text[at.clone()];
    let written = ctx.text[at.clone()].trim();
    let (zh, en) = match difference(written, canonical, spelling) {
        Difference::Traditional => ("繁体字写法", "traditional characters"),
        Difference::Spaces => ("多了空格", "stray spaces"),
        Difference::Punctuation => (
            "括号、引号或标点写法不同",
            "brackets, quotes or punctuation differ",
        ),
        Difference::Truncated => ("标签不完整", "the label is truncated"),
        Difference::Wording => ("措辞与模板不同", "the wording differs"),
    };
    let (zh, en) = (
        format!("{zh}；模板为“{canonical}”"),
        format!("{en}; the template has “{canonical}”"),
    );
    let edits = match cell {
        Some((table, whole)) => crate::fix::rewrite_cells(
            ctx.text,
            table,
            &[(whole, at.clone(), canonical.to_string())],
        ),
        None => vec![Edit {
            range: at.clone(),
            new_text: canonical.to_string(),
        }],
    };
    out.push(Finding::new("NB219", at.clone(), ctx.say(zh, en)).fix(Fix {
        title: ctx.say(format!("改为“{canonical}”"), format!("Write “{canonical}”")),
        edits,
        safe: raw.trim() != canonical,
    }));
}

enum Difference {
    Traditional,
    Spaces,
    Punctuation,
    Truncated,
    Wording,
}

/// Why a recognised label differs from the template's spelling, for the message.
fn difference(written: &str, canonical: &str, spelling: Spelling) -> Difference {
    let no_spaces: String = written.chars().filter(|c| !c.is_whitespace()).collect();
    if spelling == Spelling::Truncated {
        Difference::Truncated
    } else if no_spaces == canonical {
        Difference::Spaces
    } else if simplified(&no_spaces) == canonical
        || (simplified(written) != written && key(written) == key(canonical))
    {
        Difference::Traditional
    } else if key(written) == key(canonical) {
        Difference::Punctuation
    } else {
        Difference::Wording
    }
}

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

fn missing_tables(ctx: &Ctx, out: &mut Vec<Finding>) {
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
        let placed = !table.syntax.breaks.is_empty() && row.cells.len() == table.columns.len();
        if syntax.cells.len() != header_cells && header_cells > 0 && !placed {
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
        if row.role == RowRole::Data && table.row(r).is_none() {
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
