//! Inlay hints: beside every total the template computes, the value its parts add up to —
//! `= 57` when the table agrees, `≠ 58` when it does not.

use crate::check::relations::{self, Cell, Outcome};
use crate::model::Report;
use crate::syntax::Span;
use crate::value::format_scaled;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlayHint {
    /// Where the hint stands: just after the cell's content.
    pub offset: usize,
    pub label: String,
    pub holds: bool,
}

/// One hint per computed cell whose relations can be evaluated; with `range`, only those in it.
pub fn inlay_hints(report: &Report, range: Option<Span>) -> Vec<InlayHint> {
    let mut by_target: BTreeMap<Cell, Vec<Outcome>> = BTreeMap::new();
    for instance in relations::instances(report) {
        by_target
            .entry(instance.target)
            .or_default()
            .push(relations::evaluate(report, &instance));
    }
    let mut out: Vec<InlayHint> = by_target
        .into_iter()
        .filter_map(|(cell, outcomes)| {
            let offset = relations::bound(report, cell)?.range.end;
            let mut wrong: Vec<i64> = outcomes
                .iter()
                .filter_map(|o| match o {
                    Outcome::Broken { expected, .. } => Some(*expected),
                    _ => None,
                })
                .collect();
            wrong.dedup();
            let label = if wrong.is_empty() {
                let value = outcomes.iter().find_map(|o| match o {
                    Outcome::Holds { value } => Some(*value),
                    _ => None,
                })?;
                format!("= {}", format_scaled(value))
            } else {
                format!(
                    "≠ {}",
                    wrong
                        .iter()
                        .map(|v| format_scaled(*v))
                        .collect::<Vec<_>>()
                        .join(" / ")
                )
            };
            Some(InlayHint {
                offset,
                holds: wrong.is_empty(),
                label,
            })
        })
        .filter(|h| {
            range
                .as_ref()
                .is_none_or(|r| r.start <= h.offset && h.offset <= r.end)
        })
        .collect();
    out.sort_by_key(|h| h.offset);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::test_support::{at, example};
    use crate::Config;

    #[test]
    fn totals_show_what_their_parts_add_up_to() {
        let text = example("seed-002-fengquan.nianbao");
        let hints = inlay_hints(&crate::analyze(&text, &Config::default()).report, None);
        assert!(hints.iter().any(|h| h.holds && h.label == "= 5"));
        // （三）不予公开·自然人 is 4 while its sub-rows add up to 0.
        let row = at(&text, "| (三) 不予公开", 0, 0);
        let four_end = row + text[row..].find('4').unwrap() + 1;
        let hint = hints
            .iter()
            .find(|h| h.offset == four_end)
            .expect("a hint after the 4");
        assert_eq!((hint.label.as_str(), hint.holds), ("≠ 0", false));
        let clean = example("clean-2024.nianbao");
        assert!(
            inlay_hints(&crate::analyze(&clean, &Config::default()).report, None)
                .iter()
                .all(|h| h.holds)
        );
    }
}
