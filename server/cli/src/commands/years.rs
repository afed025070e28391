//! Cross-year warnings for `check`: when the inputs hold one organ's reports for consecutive
//! years, NB401/NB402 (core `cross_year`) are added to the later year's findings, so a
//! repository of report sources gets them in CI like any other finding. A report is held as its
//! [`YearFacts`] and the [`Excerpt`] of the cells a finding may point at, not as its text and
//! model. Each pair is compared, and its findings rendered, on the thread that checked the
//! second of the two to be checked, while the other files are being checked: once every report
//! is checked, what is left is to put each report's findings in order and write them.

use crate::render::{Excerpt, Style};
use nianbao_core::cross_year::{self, YearFacts};
use nianbao_core::{Config, Severity};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, Mutex};

/// A checked report that names its organ and year.
pub struct Year {
    pub path: String,
    pub facts: YearFacts,
    pub excerpt: Excerpt,
}

/// The cross-year findings of report `this` against report `last` (indexes in input order),
/// `nianbao.toml`'s severities applied, in the order they were found, rendered one after
/// another into one string (a string per finding held 60 MB of spare room over the bench's
/// 119,000 findings).
pub struct Pair {
    pub this: usize,
    pub last: usize,
    text: Box<str>,
    findings: Vec<Rendered>,
}

/// A finding as the output style renders it: what ordering and counting it needs, and where
/// its output is in its pair's text (empty if the style does not show it; it is counted all
/// the same).
struct Rendered {
    start: usize,
    code: &'static str,
    severity: Severity,
    text: Range<usize>,
}

/// The reports checked so far, by organ and year, and how to render what pairs of them find.
pub struct Pairing<'a> {
    config: &'a Config,
    style: &'a Style,
    drop_info: bool,
    seen: Mutex<Seen>,
}

/// The reports checked so far: by folded organ name, by year, their indexes and facts.
type Seen = HashMap<String, HashMap<i32, Vec<(usize, Arc<Year>)>>>;

impl<'a> Pairing<'a> {
    /// `drop_info`: notes are neither shown nor counted (SARIF, GitHub).
    pub fn new(config: &'a Config, style: &'a Style, drop_info: bool) -> Self {
        Pairing {
            config,
            style,
            drop_info,
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// Adds report `index` and compares it with the reports checked before it of the year
    /// before and the year after: every pair is compared once, by whichever of its two reports
    /// is added second. The pairs that find something.
    pub fn add(&self, index: usize, year: Year) -> Vec<Pair> {
        let year = Arc::new(year);
        let (before, after) = {
            // A worker that panicked while holding the lock is a bug that the scope passes on;
            // the map itself is never left half-changed.
            let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
            let organ = seen.entry(year.facts.organization.clone()).or_default();
            let of = |y: i32| organ.get(&y).cloned().unwrap_or_default();
            let found = (of(year.facts.year - 1), of(year.facts.year + 1));
            organ
                .entry(year.facts.year)
                .or_default()
                .push((index, Arc::clone(&year)));
            found
        };
        let before = before
            .iter()
            .map(|(last, y)| self.pair(*last, y, index, &year));
        let after = after
            .iter()
            .map(|(this, y)| self.pair(index, &year, *this, y));
        before
            .chain(after)
            .filter(|pair| !pair.findings.is_empty())
            .collect()
    }

    fn pair(&self, last_index: usize, last: &Year, this_index: usize, this: &Year) -> Pair {
        let found = cross_year::check_facts(&last.path, &last.facts, &this.facts, self.config.lang)
            .into_iter()
            .map(|f| f.finding)
            .collect();
        // Rendered into room to spare, then kept in a string of its exact size: grown or shrunk
        // in place, the kept strings held ~12 MB more of the allocator's pages.
        let mut text = String::with_capacity(4096);
        let findings = self
            .config
            .apply(found)
            .into_iter()
            .filter(|f| !(self.drop_info && f.severity == Severity::Info))
            .map(|f| {
                let at = text.len();
                if self.style.shows(f.severity) {
                    self.style.entry(&mut text, &this.path, &f, &this.excerpt);
                }
                Rendered {
                    start: f.range.start,
                    code: f.code,
                    severity: f.severity,
                    text: at..text.len(),
                }
            })
            .collect();
        Pair {
            this: this_index,
            last: last_index,
            text: Box::from(text.as_str()),
            findings,
        }
    }
}

/// Every report's cross-year findings handed to `write` (severity, output), reports in input
/// order, each report's sorted as its own are (by place, then code; the pairs' order, last
/// year's input order, among equals).
pub fn in_order(mut pairs: Vec<Pair>, mut write: impl FnMut(Severity, &str)) {
    pairs.sort_by_key(|p| (p.this, p.last));
    for group in pairs.chunk_by(|a, b| a.this == b.this) {
        let mut found: Vec<(&str, &Rendered)> = group
            .iter()
            .flat_map(|p| p.findings.iter().map(|r| (&*p.text, r)))
            .collect();
        // Stable: equal places keep the pairs' order.
        found.sort_by_key(|(_, r)| (r.start, r.code));
        for (text, r) in found {
            write(r.severity, &text[r.text.clone()]);
        }
    }
}
