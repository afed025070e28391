//! Splits the relations leave open, chosen by the figures the report's own text states. A page
//! often says in its prose what its tables print (`集中公开现行有效行政规范性文件698件，…制发的规范性
//! 文件88件`), and the checker compares such statements with the tables (NB3xx). Where, of the
//! splits that remain for a run, exactly one makes fewer of those comparisons fail than every
//! other, that split is the report's: the text and the table agree on it.

use super::split::{Decision, Var};
use nianbao_core::value::REVIEW_MARK;

/// More candidates than this for one run: not tried one by one.
const MOST_CANDIDATES: usize = 64;

/// Narrows `decision` where the prose decides. `values` are the cells as they would be written
/// (`待核` where the split is open); `markup` writes the report with given cells.
pub fn narrow(
    vars: &[Var],
    decision: &mut Decision,
    values: &[Vec<String>],
    markup: &dyn Fn(&[Vec<String>]) -> String,
) {
    for (v, var) in vars.iter().enumerate() {
        let remaining = decision.remaining[v].clone();
        if remaining.len() < 2
            || remaining.len() > MOST_CANDIDATES
            || !values[v].iter().any(|c| c == REVIEW_MARK)
        {
            continue;
        }
        let disagreements: Vec<usize> = remaining
            .iter()
            .map(|&c| {
                let mut tried = values.to_vec();
                tried[v].clone_from(&var.candidates[c]);
                prose_findings(&markup(&tried))
            })
            .collect();
        let Some(&fewest) = disagreements.iter().min() else {
            continue;
        };
        let best: Vec<usize> = (0..remaining.len())
            .filter(|&i| disagreements[i] == fewest)
            .collect();
        if let [only] = best[..] {
            decision.remaining[v] = vec![remaining[only]];
            decision.by_prose[v] = true;
        }
    }
}

/// How many of the text's statements disagree with the tables.
fn prose_findings(markup: &str) -> usize {
    nianbao_core::analyze(markup, &Default::default())
        .findings
        .iter()
        .filter(|f| f.code.starts_with("NB3"))
        .count()
}
