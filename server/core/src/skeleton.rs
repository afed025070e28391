//! `nianbao new`: a complete report skeleton for a template — every section, table, row and
//! column, zeros filled — that passes `nianbao check`.

use crate::format;
use crate::knowledge::template::{RowRole, TableSpec, Template};

pub fn new_report(template: &Template, organization: &str, year: &str) -> String {
    let mut out = format!(
        "---\n机关: {organization}\n年度: {year}\n模板: {}\n---\n\n",
        template.id
    );
    out.push_str(&format!(
        "# {organization}{year}年政府信息公开工作年度报告\n\n"
    ));
    for section in &template.sections {
        out.push_str(&format!("## {}、{}\n\n", section.number, section.title));
        let tables: Vec<&TableSpec> = template
            .tables
            .iter()
            .filter(|t| t.section == section.id)
            .collect();
        if tables.is_empty() {
            out.push_str("<!-- 在此撰写本部分内容。 -->\n\n");
        }
        for table in tables {
            if let Some(block) = &table.block {
                out.push_str(&format!("### {block}\n\n"));
            }
            out.push_str(&table_text(table));
            out.push('\n');
        }
    }
    format::format(&out)
}

/// One template table in markup, zeros in every value cell, group rows blank.
pub fn table_text(table: &TableSpec) -> String {
    let label_header = table
        .label_header
        .clone()
        .unwrap_or_else(|| match table.id.as_str() {
            "B" => "申请人情况".into(),
            _ => "类别".into(),
        });
    let mut out = format!(
        "| {label_header} | {} |\n",
        table
            .columns
            .iter()
            .map(|c| c.label.as_str())
            .collect::<Vec<_>>()
            .join(" | ")
    );
    out.push_str(&format!(
        "| --- |{}\n",
        " ---: |".repeat(table.columns.len())
    ));
    for row in &table.rows {
        let value = if row.role == RowRole::Data { "0" } else { "" };
        out.push_str(&format!(
            "| {} |{}\n",
            row.label,
            format!(" {value} |").repeat(table.columns.len())
        ));
    }
    out
}
