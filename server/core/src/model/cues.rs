//! Which template a document follows, by the labels only one template has (its cues).

use crate::knowledge::Knowledge;
use crate::normalize::key;
use std::sync::OnceLock;

/// Which cues (labels only one template has) occur in a set of labels: a flag per cue of every
/// template, so that the flags of a report are the union of its tables' and headings'.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cues(Vec<bool>);

/// Every template's cues folded, with the template each belongs to.
fn cue_keys() -> &'static [(usize, String)] {
    static KEYS: OnceLock<Vec<(usize, String)>> = OnceLock::new();
    KEYS.get_or_init(|| {
        Knowledge::get()
            .templates
            .iter()
            .enumerate()
            .flat_map(|(t, template)| template.cues.iter().map(move |cue| (t, key(cue))))
            .collect()
    })
}

impl Cues {
    /// The cues that occur in `label_keys` (labels folded with `normalize::key`).
    pub fn of<'k>(label_keys: impl IntoIterator<Item = &'k str>) -> Cues {
        let mut found = vec![false; cue_keys().len()];
        for label in label_keys {
            for (flag, (_, cue)) in found.iter_mut().zip(cue_keys()) {
                *flag |= label.contains(cue.as_str());
            }
        }
        Cues(found)
    }

    pub fn add(&mut self, other: &Cues) {
        for (flag, other) in self.0.iter_mut().zip(&other.0) {
            *flag |= *other;
        }
    }

    /// The template with more of its cues present than any other; `None` when no cue occurs or
    /// two templates tie.
    pub fn winner(&self) -> Option<usize> {
        let mut scores = vec![0usize; Knowledge::get().templates.len()];
        for (flag, (t, _)) in self.0.iter().zip(cue_keys()) {
            scores[*t] += usize::from(*flag);
        }
        let best = scores.iter().copied().max().unwrap_or(0);
        let mut winners = scores
            .iter()
            .enumerate()
            .filter(|(_, s)| **s == best && best > 0)
            .map(|(i, _)| i);
        match (winners.next(), winners.next()) {
            (Some(i), None) => Some(i),
            _ => None,
        }
    }
}

/// The template whose cues (labels only it has) occur in `label_keys` (folded with
/// `normalize::key`) more than any other's; `None` when no cue occurs or two templates tie.
pub fn detect_template(label_keys: &[String]) -> Option<usize> {
    Cues::of(label_keys.iter().map(String::as_str)).winner()
}
