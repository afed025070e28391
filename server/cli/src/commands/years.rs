//! Cross-year warnings for `check`: when the inputs hold one organ's reports for consecutive
//! years, NB401/NB402 (core `cross_year`) are added to the later year's findings, so a
//! repository of report sources gets them in CI like any other finding. Which reports pair up is
//! known only once every report is checked; by then each is held as its [`YearFacts`] and the
//! [`Excerpt`] of the cells a finding may point at, not as its text and model.

use crate::render::Excerpt;
use nianbao_core::cross_year::{self, YearFacts};
use nianbao_core::{Config, Finding};
use std::collections::HashMap;

/// A checked report that names its organ and year.
pub struct Year {
    pub path: String,
    pub facts: YearFacts,
    pub excerpt: Excerpt,
}

/// The cross-year findings of every report that has any, as indexes into `years` (input
/// order), each report's sorted as its own are; `nianbao.toml`'s severities applied.
pub fn findings(years: &[Year], config: &Config) -> Vec<(usize, Vec<Finding>)> {
    if years.len() < 2 {
        return Vec::new();
    }
    let mut by_year: HashMap<(&str, i32), Vec<usize>> = HashMap::new();
    for (i, y) in years.iter().enumerate() {
        by_year
            .entry((y.facts.organization.as_str(), y.facts.year))
            .or_default()
            .push(i);
    }
    let mut out = Vec::new();
    for (i, this) in years.iter().enumerate() {
        let key = (this.facts.organization.as_str(), this.facts.year - 1);
        let mut found = Vec::new();
        for &last in by_year.get(&key).into_iter().flatten() {
            let last = &years[last];
            found.extend(
                cross_year::check_facts(&last.path, &last.facts, &this.facts, config.lang)
                    .into_iter()
                    .map(|f| f.finding),
            );
        }
        let mut found = config.apply(found);
        if found.is_empty() {
            continue;
        }
        found.sort_by(|a, b| (a.range.start, a.code).cmp(&(b.range.start, b.code)));
        out.push((i, found));
    }
    out
}
