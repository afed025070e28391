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
    match (YearFacts::of(last.report), YearFacts::of(this.report)) {
        (Some(a), Some(b)) => check_facts(last.name, &a, &b, lang),
        _ => Vec::new(),
    }
}

/// What the cross-year checks read of one report: its organ and year, and the few cells they
/// compare. A command checking a folder of thousands of reports keeps this per report (a few
/// hundred bytes) instead of the model, and pairs the years once every report is checked.
#[derive(Debug, Clone)]
pub struct YearFacts {
    /// The folded organ name ([`organization`]).
    pub organization: String,
    pub year: i32,
    /// Table B's columns in this report's order: 二、上年结转 and 四、结转下年度继续办理.
    carried: Vec<Carried>,
    /// Table A1's rows of 第二十条第（一）项 that have a 现行有效件数.
    in_force: Vec<InForce>,
}

/// A number cell: its value (scaled) and range in its report's text.
#[derive(Debug, Clone)]
struct Number {
    value: i64,
    range: Range<usize>,
}

#[derive(Debug, Clone)]
struct Carried {
    column: &'static str,
    label: &'static str,
    carried_in: Option<Number>,
    carried_out: Option<Number>,
}

#[derive(Debug, Clone)]
struct InForce {
    row: &'static str,
    label: &'static str,
    issued: Option<Number>,
    repealed: Option<Number>,
    in_force: Option<Number>,
}

impl YearFacts {
    /// The facts of a report that names its organ and year; none otherwise (it pairs with
    /// nothing).
    pub fn of(report: &Report) -> Option<YearFacts> {
        let organization = organization(report)?;
        let year = year(report)?;
        let carried = report
            .table("B")
            .map(|(_, spec)| {
                spec.columns
                    .iter()
                    .map(|col| Carried {
                        column: &col.id,
                        label: &col.label,
                        carried_in: cell(report, "B", "carried_in", &col.id),
                        carried_out: cell(report, "B", "carried_out", &col.id),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let in_force = IN_FORCE_ROWS
            .iter()
            .map(|&row| InForce {
                row,
                label: report
                    .table("A1")
                    .and_then(|(_, s)| s.rows.iter().find(|r| r.id == row))
                    .map_or(row, |r| r.label.as_str()),
                issued: cell(report, "A1", row, "issued"),
                repealed: cell(report, "A1", row, "repealed"),
                in_force: cell(report, "A1", row, "in_force"),
            })
            .collect();
        Some(YearFacts {
            organization,
            year,
            carried,
            in_force,
        })
    }

    /// Whether `self` is the year before `this`, by the same organ.
    pub fn precedes(&self, this: &YearFacts) -> bool {
        self.organization == this.organization && self.year + 1 == this.year
    }

    /// The cells of this report that a finding of [`check_facts`] with this report as the
    /// later year may point at.
    pub fn ranges(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        let carried = self.carried.iter().filter_map(|c| c.carried_in.as_ref());
        let in_force = self.in_force.iter().filter_map(|r| r.in_force.as_ref());
        carried.chain(in_force).map(|n| n.range.clone())
    }

    /// Table B's column `id`, as far as this report has it.
    fn column(&self, id: &str) -> Option<&Carried> {
        self.carried.iter().find(|c| c.column == id)
    }
}

const IN_FORCE_ROWS: [&str; 2] = ["rules", "normative"];

/// The cross-year findings of `this` against `last` (named `last_name` in the messages);
/// nothing unless they are consecutive years of one organ.
pub fn check_facts(
    last_name: &str,
    last: &YearFacts,
    this: &YearFacts,
    lang: Lang,
) -> Vec<CrossYearFinding> {
    if !last.precedes(this) {
        return Vec::new();
    }
    let mut out = Vec::new();
    carried_over(last_name, last, this, lang, &mut out);
    in_force(last_name, last, this, lang, &mut out);
    out
}

/// A number cell by template table, row and column id.
fn cell(report: &Report, table: &str, row: &str, col: &str) -> Option<Number> {
    let (bound, spec) = report.table(table)?;
    let r = spec.rows.iter().position(|x| x.id == row)?;
    let c = spec.columns.iter().position(|x| x.id == col)?;
    let at = bound.cell(r, c)?;
    match at.cell.value {
        Value::Number(n) => Some(Number {
            value: n.scaled,
            range: at.cell.range.clone(),
        }),
        _ => None,
    }
}

/// NB401: last year's 四、结转下年度继续办理 = this year's 二、上年结转 in every column both have.
fn carried_over(
    last_name: &str,
    last: &YearFacts,
    this: &YearFacts,
    lang: Lang,
    out: &mut Vec<CrossYearFinding>,
) {
    for col in &this.carried {
        let Some(before) = last.column(col.column) else {
            continue;
        };
        let (Some(was), Some(now)) = (&before.carried_out, &col.carried_in) else {
            continue;
        };
        if was.value == now.value {
            continue;
        }
        // Named as last year's template names the column, whose figure is quoted.
        let label = before.label;
        let (was_text, now_text) = (format_scaled(was.value), format_scaled(now.value));
        // Only the language asked for is formatted: a folder of a province's reports is a
        // hundred thousand of these messages.
        let message = match lang {
            Lang::Zh => format!("“二、上年结转”·{label} 为 {now_text}，而上年报告（{last_name}）“四、结转下年度继续办理”·{label} 为 {was_text}"),
            Lang::En => format!("二、上年结转·{label} is {now_text}, but last year's report ({last_name}) carried over {was_text} (四、结转下年度继续办理·{label})"),
        };
        out.push(CrossYearFinding {
            finding: Finding::new("NB401", now.range.clone(), message),
            last_range: was.range.clone(),
        });
    }
}

/// NB402: last year's 现行有效件数 + 本年制发件数 − 本年废止件数 = this year's 现行有效件数, per row
/// of 第二十条第（一）项 (the 2021 format's columns).
fn in_force(
    last_name: &str,
    last: &YearFacts,
    this: &YearFacts,
    lang: Lang,
    out: &mut Vec<CrossYearFinding>,
) {
    for row in &this.in_force {
        let Some(before) = last.in_force.iter().find(|r| r.row == row.row) else {
            continue;
        };
        let (Some(was), Some(issued), Some(repealed), Some(now)) =
            (&before.in_force, &row.issued, &row.repealed, &row.in_force)
        else {
            continue;
        };
        let expected = was.value + issued.value - repealed.value;
        if expected == now.value {
            continue;
        }
        let label = row.label;
        let (was_text, issued, repealed, now_text, expected) = (
            format_scaled(was.value),
            format_scaled(issued.value),
            format_scaled(repealed.value),
            format_scaled(now.value),
            format_scaled(expected),
        );
        let message = match lang {
            Lang::Zh => format!("{label}·现行有效件数 为 {now_text}；按上年报告（{last_name}）的 {was_text} + 本年制发 {issued} − 本年废止 {repealed} 应为 {expected}（失效、修改也会使其不符，请核对）"),
            Lang::En => format!("{label} in force is {now_text}; last year's report ({last_name}) had {was_text}, + {issued} issued − {repealed} repealed gives {expected} (lapsed or revised documents also explain a gap: verify)"),
        };
        out.push(CrossYearFinding {
            finding: Finding::new("NB402", now.range.clone(), message),
            last_range: was.range.clone(),
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
