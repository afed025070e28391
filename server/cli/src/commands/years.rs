//! Cross-year warnings for `check`: when the inputs hold one organ's reports for consecutive
//! years, NB401/NB402 (core `cross_year`) are added to the later year's findings, so a
//! repository of report sources gets them in CI like any other finding.

use crate::render::FileResult;
use nianbao_core::cross_year::{self, YearReport};
use nianbao_core::{Config, Report};
use std::collections::HashMap;

/// `reports[i]` is the model of `results[i]` as `check` built it (none if unreadable): the
/// reports are not analysed a second time.
pub fn add(results: &mut [FileResult], reports: &[Option<Report>], config: &Config) {
    if results.len() < 2 {
        return;
    }
    let key = |i: usize| {
        let report = reports.get(i)?.as_ref()?;
        Some((cross_year::organization(report)?, cross_year::year(report)?))
    };
    let mut by_year: HashMap<(String, i32), Vec<usize>> = HashMap::new();
    for i in 0..results.len() {
        if let Some(k) = key(i) {
            by_year.entry(k).or_default().push(i);
        }
    }
    for this in 0..results.len() {
        let Some((org, year)) = key(this) else {
            continue;
        };
        let mut found = Vec::new();
        for &last in by_year.get(&(org, year - 1)).into_iter().flatten() {
            let (Some(Some(a)), Some(Some(b))) = (reports.get(last), reports.get(this)) else {
                continue;
            };
            let (Some(last_text), Some(this_text)) = (&results[last].text, &results[this].text)
            else {
                continue;
            };
            let last_y = YearReport {
                name: &results[last].path,
                text: last_text,
                report: a,
            };
            let this_y = YearReport {
                name: &results[this].path,
                text: this_text,
                report: b,
            };
            found.extend(
                cross_year::check(last_y, this_y, config.lang)
                    .into_iter()
                    .map(|f| f.finding),
            );
        }
        if let Ok(findings) = &mut results[this].outcome {
            findings.extend(config.apply(found));
            findings.sort_by(|a, b| (a.range.start, a.code).cmp(&(b.range.start, b.code)));
        }
    }
}
