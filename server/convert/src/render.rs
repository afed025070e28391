//! Markup to an HTML page in the official layout, ready to paste into a site's CMS: the four
//! blocks of table 二 in one table, table 三 with its merged header (申请人情况 over the value
//! columns, 法人或其他组织 over its five) and label columns, table 四 as one row of fifteen under
//! a three-row header. Labels are the template's own spellings; values are as written.
//!
//! The template data says which columns share a group header and which rows are sub-rows of
//! which; how table 四's rows become column groups is the official layout's, known here.

use nianbao_core::knowledge::template::{RowRole, TableSpec};
use nianbao_core::model::{BoundTable, Report};
use nianbao_core::syntax::Block;
use nianbao_core::{analyze, Config, Lang};
use std::fmt::Write;

/// The note printed in the corner of table 三.
const B_NOTE: &str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

/// Screen and A4 print styles. Value columns keep their numbers on one line and their header at
/// most two lines deep (each header cell sets its own minimum width from its label, see
/// [`head`]); label columns take the rest and wrap.
const STYLE: &str = "body{font-family:\"FangSong\",\"STFangsong\",\"SimSun\",\"Songti SC\",serif;max-width:60em;margin:2em auto;padding:0 1em;line-height:1.8}\
h1{text-align:center;font-size:1.6em}h2{font-size:1.2em}\
table{border-collapse:collapse;margin:1em 0;width:100%}td{border:1px solid #000;padding:4px 3px;text-align:center}\
td.label{text-align:left}td.num{white-space:nowrap}p{text-indent:2em}\
p.empty{color:#b00;border:1px dashed #b00;padding:.5em;text-indent:0}\
p.signature{text-align:right;text-indent:0;margin:0}p.signature:first-of-type{margin-top:2em}\
@page{size:A4;margin:25mm 20mm}\
@media print{body{max-width:none;margin:0;padding:0;font-size:12pt}tr{break-inside:avoid}h2{break-after:avoid}p.empty{display:none}}";

/// The page, and what the author should see to before publishing it.
pub struct Rendered {
    pub html: String,
    /// Sections with no text, a missing date: each with the byte offset it concerns.
    pub warnings: Vec<(usize, String)>,
}

/// [`render`]'s page alone.
pub fn render_html(text: &str, config: &Config) -> String {
    render(text, config).html
}

pub fn render(text: &str, config: &Config) -> Rendered {
    let analysis = analyze(text, config);
    let report = &analysis.report;
    let mut warnings = Vec::new();
    let title = report
        .title
        .as_ref()
        .map(|t| text[t.clone()].trim().to_string())
        .unwrap_or_else(|| "政府信息公开工作年度报告".into());
    let empty: Vec<usize> = nianbao_core::check::completeness::empty_sections(report)
        .into_iter()
        .map(|s| report.sections[s].heading.start)
        .collect();
    let mut body = String::new();
    let mut table_no = 0;
    let mut pending_a: Vec<&BoundTable> = Vec::new();
    let block_headings: Vec<std::ops::Range<usize>> = report
        .tables
        .iter()
        .filter_map(|t| t.block_heading.clone())
        .collect();
    for block in &report.blocks {
        if !matches!(block, Block::Table(_)) && !is_block_heading(block, &block_headings) {
            flush_a(&mut body, text, report, &mut pending_a);
        }
        match block {
            Block::Heading(h) => {
                let Some(content) = &h.content else { continue };
                if block_headings.contains(content) {
                    continue;
                }
                let level = if Some(content) == report.title.as_ref() {
                    1
                } else if report.sections.iter().any(|s| &s.label == content) {
                    2
                } else {
                    3
                };
                let heading = text[content.clone()].trim();
                let _ = writeln!(body, "<h{level}>{}</h{level}>", escape(heading));
                if empty.contains(&h.range.start) {
                    body.push_str("<p class=\"empty\">（本部分尚未填写）</p>\n");
                    warnings.push((
                        h.range.start,
                        match config.lang {
                            Lang::Zh => format!("“{heading}”没有正文：发布前请补写（每一部分都要有内容，无相关情况的写明“无”）"),
                            Lang::En => format!("“{heading}” has no text: write it before publishing (every section needs content; where there is nothing to report, say so: 无)"),
                        },
                    ));
                }
            }
            Block::Paragraph(p) => {
                let lines: Vec<&str> = p.lines.iter().map(|l| text[l.clone()].trim()).collect();
                let _ = writeln!(body, "<p>{}</p>", escape(&lines.join("")));
            }
            Block::Table(_) => {
                let Some(table) = report.tables.get(table_no) else {
                    continue;
                };
                table_no += 1;
                match report.table_spec(table) {
                    Some(spec) if spec.block.is_some() => pending_a.push(table),
                    Some(spec) if spec.id == "B" => table_b(&mut body, text, table, spec),
                    Some(spec) if spec.id == "C" => table_c(&mut body, text, table, spec),
                    _ => plain(&mut body, text, table),
                }
            }
            _ => {}
        }
    }
    flush_a(&mut body, text, report, &mut pending_a);
    signature(&mut body, text, report, config.lang, &mut warnings);
    let mut out =
        String::from("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    let _ = writeln!(
        out,
        "<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>",
        escape(&title)
    );
    if report.title.is_none() {
        let _ = writeln!(out, "<h1>{}</h1>", escape(&title));
    }
    out.push_str(&body);
    out.push_str("</body>\n</html>\n");
    Rendered {
        html: out,
        warnings,
    }
}

/// The 落款 — the signing organ (the front matter's 落款, else its 机关) — and the date under
/// it, at the end as a published report has them.
fn signature(
    out: &mut String,
    text: &str,
    report: &Report,
    lang: Lang,
    warnings: &mut Vec<(usize, String)>,
) {
    let meta = &report.meta;
    if meta.signature.is_none() && meta.date.is_none() && ends_signed(text, report) {
        return;
    }
    if let Some((name, _)) = meta.signature.as_ref().or(meta.organization.as_ref()) {
        let _ = writeln!(out, "<p class=\"signature\">{}</p>", escape(name));
    }
    match &meta.date {
        Some((date, _)) => {
            let _ = writeln!(out, "<p class=\"signature\">{}</p>", escape(&chinese_date(date)));
        }
        None => warnings.push((
            0,
            match lang {
                Lang::Zh => "前置信息没有“日期”：落款下的成文日期空缺（加一行“日期: 2025-01-20”）".into(),
                Lang::En => "the front matter has no “日期” (date): the date under the signature is missing (add a line “日期: 2025-01-20”)".into(),
            },
        )),
    }
}

/// Whether the text already ends with its 落款: a last paragraph whose last line is a date.
fn ends_signed(text: &str, report: &Report) -> bool {
    static DATE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let date = DATE.get_or_init(|| {
        regex::Regex::new(r"^\s*(19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")
            .expect("valid pattern")
    });
    let Some(Block::Paragraph(p)) = report
        .blocks
        .iter()
        .rev()
        .find(|b| !matches!(b, Block::Comment(_)))
    else {
        return false;
    };
    p.lines
        .last()
        .and_then(|l| text.get(l.clone()))
        .is_some_and(|line| date.is_match(line))
}

/// `2025-01-20` → `2025年1月20日`, as official documents write dates; anything else as written.
fn chinese_date(date: &str) -> String {
    let parts: Vec<&str> = date.trim().split(['-', '/', '.']).collect();
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 => match (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>()) {
            (Ok(y), Ok(m), Ok(d)) if (1..=12).contains(&m) && (1..=31).contains(&d) => {
                format!("{y}年{m}月{d}日")
            }
            _ => date.trim().to_string(),
        },
        _ => date.trim().to_string(),
    }
}

fn is_block_heading(block: &Block, headings: &[std::ops::Range<usize>]) -> bool {
    matches!(block, Block::Heading(h) if h.content.as_ref().is_some_and(|c| headings.contains(c)))
}

/// Table 二's blocks, one table: a caption row per block, value cells widened to the widest.
fn flush_a(out: &mut String, text: &str, report: &Report, pending: &mut Vec<&BoundTable>) {
    if pending.is_empty() {
        return;
    }
    let width = pending
        .iter()
        .filter_map(|t| report.table_spec(t))
        .map(|s| s.columns.len())
        .max()
        .unwrap_or(1)
        + 1;
    out.push_str("<table>\n");
    for table in pending.drain(..) {
        let Some(spec) = report.table_spec(table) else {
            continue;
        };
        let cols = present_columns(table, spec);
        let _ = writeln!(
            out,
            "<tr><td colspan=\"{width}\">{}</td></tr>",
            escape(spec.block.as_deref().unwrap_or(&spec.title))
        );
        let widen = |i: usize| {
            if i + 1 == cols.len() {
                width - cols.len()
            } else {
                1
            }
        };
        out.push_str("<tr>");
        let _ = write!(
            out,
            "<td>{}</td>",
            escape(spec.label_header.as_deref().unwrap_or("信息内容"))
        );
        for (i, &c) in cols.iter().enumerate() {
            out.push_str(&head(&span("colspan", widen(i)), &spec.columns[c].label));
        }
        out.push_str("</tr>\n");
        for (r, row) in spec.rows.iter().enumerate() {
            let Some(values) = values(text, table, r, &cols) else {
                continue;
            };
            let _ = write!(out, "<tr><td class=\"label\">{}</td>", escape(&row.label));
            for (i, v) in values.iter().enumerate() {
                let _ = write!(
                    out,
                    "<td class=\"num\"{}>{}</td>",
                    span("colspan", widen(i)),
                    escape(v)
                );
            }
            out.push_str("</tr>\n");
        }
    }
    out.push_str("</table>\n");
}

/// Template columns the table has, in template order.
fn present_columns(table: &BoundTable, spec: &TableSpec) -> Vec<usize> {
    (0..spec.columns.len())
        .filter(|&c| table.column(c).is_some())
        .collect()
}

/// The values of template row `r` in columns `cols`, or `None` when the report lacks the row.
fn values(text: &str, table: &BoundTable, r: usize, cols: &[usize]) -> Option<Vec<String>> {
    let row = table.row(r)?;
    Some(
        cols.iter()
            .map(|&c| {
                table
                    .column(c)
                    .and_then(|i| row.cells.iter().find(|cell| cell.column == i))
                    .map(|cell| cell_text(text, cell.range.clone()))
                    .unwrap_or_default()
            })
            .collect(),
    )
}

fn cell_text(text: &str, range: std::ops::Range<usize>) -> String {
    text.get(range).unwrap_or("").trim().to_string()
}

fn table_b(out: &mut String, text: &str, table: &BoundTable, spec: &TableSpec) {
    let cols = present_columns(table, spec);
    out.push_str("<table>\n");
    let _ = writeln!(
        out,
        "<tr><td rowspan=\"3\" colspan=\"3\">{}</td><td colspan=\"{}\">申请人情况</td></tr>",
        escape(B_NOTE),
        cols.len()
    );
    // Row 2: ungrouped columns span two header rows; a group's header spans its columns.
    out.push_str("<tr>");
    let mut i = 0;
    while i < cols.len() {
        match &spec.columns[cols[i]].group {
            None => {
                out.push_str(&head(" rowspan=\"2\"", &spec.columns[cols[i]].label));
                i += 1;
            }
            Some(g) => {
                let run = cols[i..]
                    .iter()
                    .take_while(|&&c| spec.columns[c].group.as_ref() == Some(g))
                    .count();
                let _ = write!(out, "<td colspan=\"{run}\">{}</td>", escape(g));
                i += run;
            }
        }
    }
    out.push_str("</tr>\n<tr>");
    for &c in cols.iter().filter(|&&c| spec.columns[c].group.is_some()) {
        out.push_str(&head("", &spec.columns[c].label));
    }
    out.push_str("</tr>\n");
    let children = |parent: &str| -> Vec<usize> {
        (0..spec.rows.len())
            .filter(|&r| spec.rows[r].parent.as_deref() == Some(parent))
            .collect()
    };
    let present = |r: usize| table.row(r).is_some();
    let has_values = |r: usize| table.row(r).is_some_and(|row| row.has_values());
    // How many table lines a row takes: a group without numbers is only its sub-rows.
    let lines = |r: usize| -> usize {
        let subs = children(&spec.rows[r].id)
            .into_iter()
            .filter(|&s| present(s))
            .count();
        if subs == 0 {
            usize::from(present(r))
        } else {
            subs + usize::from(has_values(r))
        }
    };
    let value_cells = |out: &mut String, r: usize| {
        for v in values(text, table, r, &cols).unwrap_or_else(|| vec![String::new(); cols.len()]) {
            let _ = write!(out, "<td class=\"num\">{}</td>", escape(&v));
        }
        out.push_str("</tr>\n");
    };
    for (r, row) in spec.rows.iter().enumerate() {
        if row.parent.is_some() {
            continue;
        }
        let subs = children(&row.id);
        if subs.is_empty() {
            if present(r) {
                let _ = write!(
                    out,
                    "<tr><td class=\"label\" colspan=\"3\">{}</td>",
                    escape(&row.label)
                );
                value_cells(out, r);
            }
            continue;
        }
        // 三、本年度办理结果 over its lines.
        let total: usize = subs.iter().map(|&s| lines(s)).sum();
        if total == 0 {
            continue;
        }
        let mut first = true;
        let mut open = |out: &mut String| {
            out.push_str("<tr>");
            if first {
                let _ = write!(
                    out,
                    "<td class=\"label\" rowspan=\"{total}\">{}</td>",
                    escape(&row.label)
                );
                first = false;
            }
        };
        for s in subs {
            let grand = children(&spec.rows[s].id);
            let grand_present: Vec<usize> = grand.into_iter().filter(|&g| present(g)).collect();
            if grand_present.is_empty() {
                if present(s) && (spec.rows[s].role == RowRole::Data || has_values(s)) {
                    open(out);
                    let _ = write!(
                        out,
                        "<td class=\"label\" colspan=\"2\">{}</td>",
                        escape(&spec.rows[s].label)
                    );
                    value_cells(out, s);
                }
                continue;
            }
            if has_values(s) {
                // A subtotal line (not in the official layout, which has none): its own line,
                // the sub-rows below it.
                open(out);
                let _ = write!(
                    out,
                    "<td class=\"label\" colspan=\"2\">{}</td>",
                    escape(&spec.rows[s].label)
                );
                value_cells(out, s);
                for g in grand_present {
                    open(out);
                    let _ = write!(
                        out,
                        "<td></td><td class=\"label\">{}</td>",
                        escape(&spec.rows[g].label)
                    );
                    value_cells(out, g);
                }
            } else {
                let n = grand_present.len();
                for (k, g) in grand_present.into_iter().enumerate() {
                    open(out);
                    if k == 0 {
                        let _ = write!(
                            out,
                            "<td class=\"label\" rowspan=\"{n}\">{}</td>",
                            escape(&spec.rows[s].label)
                        );
                    }
                    let _ = write!(
                        out,
                        "<td class=\"label\">{}</td>",
                        escape(&spec.rows[g].label)
                    );
                    value_cells(out, g);
                }
            }
        }
    }
    out.push_str("</table>\n");
}

/// Table 四 as published: one row of numbers, the rows of the markup as column groups.
/// `行政诉讼（未经复议直接起诉）` is the sub-group 未经复议直接起诉 under 行政诉讼.
fn table_c(out: &mut String, text: &str, table: &BoundTable, spec: &TableSpec) {
    let cols = present_columns(table, spec);
    let k = cols.len();
    let rows: Vec<usize> = (0..spec.rows.len())
        .filter(|&r| table.row(r).is_some())
        .collect();
    let split = |label: &str| -> (String, Option<String>) {
        match label.split_once('（') {
            Some((parent, sub)) => (
                parent.to_string(),
                Some(sub.trim_end_matches('）').to_string()),
            ),
            None => (label.to_string(), None),
        }
    };
    out.push_str("<table>\n<tr>");
    let mut i = 0;
    while i < rows.len() {
        let (parent, _) = split(&spec.rows[rows[i]].label);
        let run = rows[i..]
            .iter()
            .take_while(|&&r| split(&spec.rows[r].label).0 == parent)
            .count();
        let _ = write!(out, "<td colspan=\"{}\">{}</td>", run * k, escape(&parent));
        i += run;
    }
    out.push_str("</tr>\n<tr>");
    for &r in &rows {
        match split(&spec.rows[r].label).1 {
            None => {
                for &c in &cols {
                    out.push_str(&head(" rowspan=\"2\"", &spec.columns[c].label));
                }
            }
            Some(sub) => {
                let _ = write!(out, "<td colspan=\"{k}\">{}</td>", escape(&sub));
            }
        }
    }
    out.push_str("</tr>\n<tr>");
    for &r in &rows {
        if split(&spec.rows[r].label).1.is_some() {
            for &c in &cols {
                out.push_str(&head("", &spec.columns[c].label));
            }
        }
    }
    out.push_str("</tr>\n<tr>");
    for &r in &rows {
        for v in values(text, table, r, &cols).unwrap_or_default() {
            let _ = write!(out, "<td class=\"num\">{}</td>", escape(&v));
        }
    }
    out.push_str("</tr>\n</table>\n");
}

/// A table the template does not know: as written.
fn plain(out: &mut String, text: &str, table: &BoundTable) {
    out.push_str("<table>\n");
    for row in std::iter::once(&table.syntax.header).chain(&table.syntax.rows) {
        out.push_str("<tr>");
        for cell in &row.cells {
            let _ = write!(out, "<td>{}</td>", escape(cell.text(text)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
}

/// A value column's header cell, at least wide enough for its label on two lines: a narrow
/// column otherwise wraps 自然人 or 结果维持 one character a line.
fn head(attrs: &str, label: &str) -> String {
    let em = label.chars().count().div_ceil(2).max(2);
    format!(
        "<td{attrs} style=\"min-width:{em}em\">{}</td>",
        escape(label)
    )
}

fn span(attr: &str, n: usize) -> String {
    if n > 1 {
        format!(" {attr}=\"{n}\"")
    } else {
        String::new()
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
