//! Helpers shared by the import, render and audit tests: a report's numbers and findings keyed
//! by template place (table, row, column), so two texts can be compared whatever their layout.

#![allow(dead_code)]

use nianbao_core::{analyze, Config};
use std::collections::{BTreeMap, BTreeSet};

/// Every value cell of the report's template tables: `"B/new/natural"` → `"121"`.
pub fn cells(text: &str) -> BTreeMap<String, String> {
    nianbao_bench::cells(text)
}

/// The findings as (code, place), the place being a template cell, row, column, section or table.
pub fn findings(text: &str) -> BTreeSet<(String, String)> {
    let analysis = analyze(text, &Config::default());
    analysis
        .findings
        .iter()
        .map(|f| {
            (
                f.code.to_string(),
                place(text, &analysis.report, f.range.start, f.range.end),
            )
        })
        .collect()
}

fn place(_text: &str, report: &nianbao_core::Report, start: usize, end: usize) -> String {
    let within = |r: &std::ops::Range<usize>| r.start <= start && end <= r.end;
    for hit in &report.sections {
        if within(&hit.label) || within(&hit.heading) {
            return format!("section {}", report.template.sections[hit.spec].id);
        }
    }
    for table in &report.tables {
        let Some(spec) = report.table_spec(table) else {
            continue;
        };
        if table.block_heading.as_ref().is_some_and(within) {
            return format!("{} block", spec.id);
        }
        for col in &table.columns {
            if within(&col.label) {
                return format!(
                    "{} column {}",
                    spec.id,
                    col.spec.map_or("?", |c| spec.columns[c].id.as_str())
                );
            }
        }
        for row in &table.rows {
            let row_id = row.spec.map_or("?", |r| spec.rows[r].id.as_str());
            if within(&row.label) {
                return format!("{} row {row_id}", spec.id);
            }
            for cell in &row.cells {
                if within(&cell.cell) || within(&cell.range) {
                    let col = table.columns[cell.column]
                        .spec
                        .map_or("?", |c| spec.columns[c].id.as_str());
                    return format!("{} {row_id}/{col}", spec.id);
                }
            }
        }
        if table.syntax.range.start <= start && start <= table.syntax.range.end {
            return format!("{} table", spec.id);
        }
    }
    match report.section_at(start) {
        Some(s) => format!(
            "text in {}",
            report.template.sections[report.sections[s].spec].id
        ),
        None => "front".to_string(),
    }
}

/// Errors and warnings (not notes) by code and template place.
pub fn serious(text: &str) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = findings(text)
        .into_iter()
        .filter(|(code, _)| {
            nianbao_core::knowledge::Knowledge::get()
                .rule(code)
                .is_some_and(|r| r.severity != "info")
        })
        .collect();
    found.sort();
    found
}
