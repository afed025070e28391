//! References: from a cell to the cells of every relation it takes part in.

use super::{target_at, Target};
use crate::check::relations;
use crate::model::Report;
use crate::syntax::Span;

/// The content ranges of the cells that share a relation with the cell at `offset`, in document
/// order; the cell itself only with `include_self`.
pub fn references(report: &Report, offset: usize, include_self: bool) -> Vec<Span> {
    let Some(Target::Value { at: Some(at), .. }) = target_at(report, offset) else {
        return Vec::new();
    };
    let mut out: Vec<Span> = relations::instances(report)
        .iter()
        .filter(|i| i.contains(at))
        .flat_map(|i| i.cells().collect::<Vec<_>>())
        .filter(|c| include_self || *c != at)
        .filter_map(|c| relations::bound(report, c).map(|b| b.range.clone()))
        .collect();
    out.sort_by_key(|r| (r.start, r.end));
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::test_support::{at, example};
    use crate::Config;

    #[test]
    fn a_total_refers_to_its_parts() {
        let text = example("clean-2024.nianbao");
        let analysis = crate::analyze(&text, &Config::default());
        let row = at(&text, "（七）总计", 0, 0);
        let line_end = row + text[row..].find('\n').unwrap();
        let first_value = row + text[row..line_end].match_indices('|').nth(1).unwrap().0 + 2;
        let refs = references(&analysis.report, first_value, false);
        // （七）总计·自然人 = （一）…（六）, and its row sums into 总计: at least seven other cells.
        assert!(refs.len() >= 7, "{refs:?}");
        assert!(refs
            .iter()
            .all(|r| text[r.clone()].trim().chars().all(|c| c.is_ascii_digit())));
        let with_self = references(&analysis.report, first_value, true);
        assert_eq!(with_self.len(), refs.len() + 1);
        assert!(references(&analysis.report, 0, true).is_empty());
    }
}
