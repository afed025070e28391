//! `NB2xx`: the shape of the report — front matter, title, the six sections, the tables, their
//! rows and columns, and the spelling of every label.

use super::spelling::spelling;
use super::table_shape;
use super::Ctx;
use crate::finding::{Edit, Finding, Fix};
use crate::knowledge::Knowledge;
use crate::model::TemplateChoice;

use crate::syntax::Block;

pub fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    front_matter(ctx, out);
    syntax_errors(ctx, out);
    sections(ctx, out);
    table_shape::tables(ctx, 0..ctx.report.tables.len(), out);
    table_shape::missing_tables(ctx, out);
}

/// What [`check`] finds outside the tables ([`table_shape::tables`]).
pub(crate) fn document(ctx: &Ctx, out: &mut Vec<Finding>) {
    front_matter(ctx, out);
    syntax_errors(ctx, out);
    sections(ctx, out);
    table_shape::missing_tables(ctx, out);
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
                if t.delimiter.is_none() && !t.loose {
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
