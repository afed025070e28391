//! Checks across two consecutive years of one organ's reports (`NB4xx`, warnings): what last
//! year carried over must be what this year took over (NB401, per column of table 三), and last
//! year's 现行有效件数 plus this year's 本年制发 minus 本年废止 should be this year's 现行有效
//! (NB402, a heuristic: documents also lapse or are revised). One report cannot check either,
//! so the CLI's audit and the language server pair the files and call [`check`].

use crate::config::Lang;
use crate::finding::Finding;
use crate::model::Report;
use crate::normalize::key;
use crate::value::{format_scaled, Value};
use std::ops::Range;

/// One year's report: its name for messages (a file name), its text and its model.
#[derive(Clone, Copy)]
pub struct YearReport<'a> {
    pub name: &'a str,
    pub text: &'a str,
    pub report: &'a Report,
}

/// A finding located in this year's report, with the cell of last year's report it compares
/// (kept apart: a finding's own related ranges are in its own text).
#[derive(Debug, Clone)]
pub struct CrossYearFinding {
    pub finding: Finding,
    /// The compared cell in last year's text.
    pub last_range: Range<usize>,
}

/// The folded organ name of a report (`机关`), for pairing the reports of one organ.
pub fn organization(report: &Report) -> Option<String> {
    report
        .meta
        .organization
        .as_ref()
        .map(|(name, _)| key(name))
        .filter(|k| !k.is_empty())
}

pub fn year(report: &Report) -> Option<i32> {
    report
        .meta
        .year
        .as_ref()
        .and_then(|(y, _)| y.trim().parse().ok())
}

/// Whether `last` is the report of the year before `this`, by the same organ.
pub fn consecutive(last: &Report, this: &Report) -> bool {
    organization(last).is_some()
        && organization(last) == organization(this)
        && year(last).zip(year(this)).is_some_and(|(a, b)| a + 1 == b)
}

/// The cross-year findings of `this` against `last`; nothing unless they are consecutive years
/// of one organ.
pub fn check(last: YearReport, this: YearReport, lang: Lang) -> Vec<CrossYearFinding> {
    if !consecutive(last.report, this.report) {
        return Vec::new();
    }
    let mut out = Vec::new();
    carried_over(last, this, lang, &mut out);
    in_force(last, this, lang, &mut out);
    out
}

/// A number cell by template table, row and column id: its value and range.
fn cell(y: YearReport, table: &str, row: &str, col: &str) -> Option<(i64, Range<usize>, String)> {
    let (bound, spec) = y.report.table(table)?;
    let r = spec.rows.iter().position(|x| x.id == row)?;
    let c = spec.columns.iter().position(|x| x.id == col)?;
    let at = bound.cell(r, c)?;
    match at.cell.value {
        Value::Number(n) => Some((
            n.scaled,
            at.cell.range.clone(),
            spec.columns[c].label.clone(),
        )),
        _ => None,
    }
}

fn say(lang: Lang, zh: String, en: String) -> String {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// NB401: last year's 四、结转下年度继续办理 = this year's 二、上年结转 in every column both have.
fn carried_over(last: YearReport, this: YearReport, lang: Lang, out: &mut Vec<CrossYearFinding>) {
    let Some((_, spec)) = this.report.table("B") else {
        return;
    };
    for col in &spec.columns {
        let (Some((was, last_range, label)), Some((now, range, _))) = (
            cell(last, "B", "carried_out", &col.id),
            cell(this, "B", "carried_in", &col.id),
        ) else {
            continue;
        };
        if was == now {
            continue;
        }
        let (was, now) = (format_scaled(was), format_scaled(now));
        let message = say(
            lang,
            format!("“二、上年结转”·{label} 为 {now}，而上年报告（{}）“四、结转下年度继续办理”·{label} 为 {was}", last.name),
            format!("二、上年结转·{label} is {now}, but last year's report ({}) carried over {was} (四、结转下年度继续办理·{label})", last.name),
        );
        let finding = Finding::new("NB401", range, message);
        out.push(CrossYearFinding {
            finding,
            last_range,
        });
    }
}

/// NB402: last year's 现行有效件数 + 本年制发件数 − 本年废止件数 = this year's 现行有效件数, per row
/// of 第二十条第（一）项 (the 2021 format's columns).
fn in_force(last: YearReport, this: YearReport, lang: Lang, out: &mut Vec<CrossYearFinding>) {
    for row in ["rules", "normative"] {
        let (
            Some((was, last_range, _)),
            Some((issued, _, _)),
            Some((repealed, _, _)),
            Some((now, range, _)),
        ) = (
            cell(last, "A1", row, "in_force"),
            cell(this, "A1", row, "issued"),
            cell(this, "A1", row, "repealed"),
            cell(this, "A1", row, "in_force"),
        )
        else {
            continue;
        };
        let expected = was + issued - repealed;
        if expected == now {
            continue;
        }
        let label = this
            .report
            .table("A1")
            .and_then(|(_, s)| s.rows.iter().find(|r| r.id == row))
            .map_or(row, |r| r.label.as_str());
        let (was, issued, repealed, now, expected) = (
            format_scaled(was),
            format_scaled(issued),
            format_scaled(repealed),
            format_scaled(now),
            format_scaled(expected),
        );
        let message = say(
            lang,
            format!("{label}·现行有效件数 为 {now}；按上年报告（{}）的 {was} + 本年制发 {issued} − 本年废止 {repealed} 应为 {expected}（失效、修改也会使其不符，请核对）", last.name),
            format!("{label} in force is {now}; last year's report ({}) had {was}, + {issued} issued − {repealed} repealed gives {expected} (lapsed or revised documents also explain a gap: verify)", last.name),
        );
        let finding = Finding::new("NB402", range, message);
        out.push(CrossYearFinding {
            finding,
            last_range,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze, Config};

    const CLEAN: &str = include_str!("../../../examples/clean-2024.nianbao");

    #[test]
    fn consecutive_years_are_compared() {
        let this = CLEAN.to_string();
        // Last year: the same organ, one year earlier, carrying over 5 自然人 where this year took over fewer.
        let last = CLEAN.replacen("年度: 2024", "年度: 2023", 1);
        let (a, b) = (
            analyze(&last, &Config::default()),
            analyze(&this, &Config::default()),
        );
        let last_y = YearReport {
            name: "2023.nianbao",
            text: &last,
            report: &a.report,
        };
        let this_y = YearReport {
            name: "2024.nianbao",
            text: &this,
            report: &b.report,
        };
        let found = check(last_y, this_y, Lang::Zh);
        // The clean report carries over 5 and took over 6; its 行政规范性文件 are 27 in force
        // after 3 issued and 2 repealed, so a year with the same figures before it is off by one.
        let codes: Vec<&str> = found.iter().map(|f| f.finding.code).collect();
        assert!(
            codes.contains(&"NB401") && codes.contains(&"NB402"),
            "{found:#?}"
        );
        assert!(found
            .iter()
            .all(|f| f.finding.message.contains("2023.nianbao") && f.finding.related.is_empty()));
        // Not consecutive: nothing.
        let far = CLEAN.replacen("年度: 2024", "年度: 2020", 1);
        let c = analyze(&far, &Config::default());
        assert!(check(
            YearReport {
                name: "x",
                text: &far,
                report: &c.report
            },
            this_y,
            Lang::Zh
        )
        .is_empty());
    }
}
