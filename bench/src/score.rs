//! Scoring findings against the injected errors: an expected finding is found when a finding
//! of its code starts on its line (or anywhere, for a finding about the whole report). Every
//! finding no injection explains counts against precision — clean reports must raise nothing,
//! notes included.

use crate::generate::{Expected, Kind};
use std::collections::BTreeMap;

/// A finding reduced to what scoring needs: its code and zero-based start line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub code: &'static str,
    pub line: usize,
}

/// Tallies over a corpus.
#[derive(Debug, Clone, Default)]
pub struct Score {
    /// Per injected kind: (expected, found).
    pub kinds: BTreeMap<Kind, (usize, usize)>,
    pub findings: usize,
    /// Findings that no injection explains, by code, with one example (report, line).
    pub unexplained: BTreeMap<&'static str, (usize, String)>,
    /// Expected findings that did not appear, with one example.
    pub missed: BTreeMap<Kind, String>,
}

impl Score {
    /// Scores one report; `name` identifies it in the examples kept for the printout.
    pub fn add(&mut self, name: &str, expected: &[Expected], seen: &[Seen]) {
        let mut used = vec![false; seen.len()];
        for e in expected {
            let hit = seen.iter().enumerate().position(|(i, s)| {
                !used[i] && s.code == e.kind.code() && e.line.is_none_or(|l| l == s.line)
            });
            let tally = self.kinds.entry(e.kind).or_default();
            tally.0 += 1;
            match hit {
                Some(i) => {
                    used[i] = true;
                    tally.1 += 1;
                }
                None => {
                    self.missed
                        .entry(e.kind)
                        .or_insert_with(|| format!("{name}:{}", e.line.map_or(0, |l| l + 1)));
                }
            }
        }
        self.findings += seen.len();
        for (s, _) in seen.iter().zip(&used).filter(|(_, u)| !**u) {
            let entry = self
                .unexplained
                .entry(s.code)
                .or_insert_with(|| (0, format!("{name}:{}", s.line + 1)));
            entry.0 += 1;
        }
    }

    pub fn merge(&mut self, other: Score) {
        for (k, (e, f)) in other.kinds {
            let t = self.kinds.entry(k).or_default();
            t.0 += e;
            t.1 += f;
        }
        self.findings += other.findings;
        for (code, (n, example)) in other.unexplained {
            self.unexplained.entry(code).or_insert((0, example)).0 += n;
        }
        for (k, example) in other.missed {
            self.missed.entry(k).or_insert(example);
        }
    }

    pub fn expected(&self) -> usize {
        self.kinds.values().map(|t| t.0).sum()
    }

    pub fn found(&self) -> usize {
        self.kinds.values().map(|t| t.1).sum()
    }

    pub fn recall(&self) -> f64 {
        ratio(self.found(), self.expected())
    }

    /// Findings explained by an injection over all findings.
    pub fn precision(&self) -> f64 {
        ratio(self.found(), self.findings)
    }

    /// (expected, found) per rule family.
    pub fn families(&self) -> BTreeMap<&'static str, (usize, usize)> {
        let mut out: BTreeMap<&'static str, (usize, usize)> = BTreeMap::new();
        for (k, (e, f)) in &self.kinds {
            let t = out.entry(k.family()).or_default();
            t.0 += e;
            t.1 += f;
        }
        out
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_by_code_and_line_once() {
        let mut score = Score::default();
        let expected = [
            Expected {
                kind: Kind::GrandTotal,
                line: Some(4),
            },
            Expected {
                kind: Kind::MissingSection,
                line: None,
            },
        ];
        let seen = [
            Seen {
                code: "NB103",
                line: 4,
            },
            Seen {
                code: "NB103",
                line: 4,
            },
            Seen {
                code: "NB201",
                line: 0,
            },
        ];
        score.add("r", &expected, &seen);
        assert_eq!((score.expected(), score.found(), score.findings), (2, 2, 3));
        assert_eq!(score.unexplained["NB103"].0, 1);
    }
}
