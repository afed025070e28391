//! Splits the relations leave open, chosen by the figures the report's own text states. A page
//! often says in its prose what its tables print (`集中公开现行有效行政规范性文件698件，…制发的规范性
//! 文件88件`), and the checker compares such statements with the tables (NB3xx). Where, of the
//! splits that remain for a run, exactly one makes fewer of those comparisons fail than every
//! other, that split is the report's: the text and the table agree on it.

use super::split::{Decision, Var};
use nianbao_core::value::REVIEW_MARK;

/// More candidates than this for one run: not tried one by one.
const MOST_CANDIDATES: usize = 64;

/// A statement of the text that no split of a run agrees with (`…现行有效行政规范性文件393件`
/// against `77132470`): the report's text and its table disagree whatever the cells are, and
/// the cells stay 待核, so check cannot compare them — the import says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contradiction {
    /// The run (var) whose every split the statement contradicts.
    pub var: usize,
    /// The checker's rule (NB3xx) and what the text states, as its finding opens.
    pub code: &'static str,
    pub statement: String,
}

/// Narrows `decision` where the prose decides. `values` are the cells as they would be written
/// (`待核` where the split is open); `markup` writes the report with given cells. Returns the
/// statements every remaining split of a still open run contradicts.
pub fn narrow(
    vars: &[Var],
    decision: &mut Decision,
    values: &[Vec<String>],
    markup: &dyn Fn(&[Vec<String>]) -> String,
) -> Vec<Contradiction> {
    let mut contradictions = Vec::new();
    for (v, var) in vars.iter().enumerate() {
        let remaining = decision.remaining[v].clone();
        if remaining.len() < 2
            || remaining.len() > MOST_CANDIDATES
            || !values[v].iter().any(|c| c == REVIEW_MARK)
        {
            continue;
        }
        let disagreements: Vec<Vec<Statement>> = remaining
            .iter()
            .map(|&c| {
                let mut tried = values.to_vec();
                tried[v].clone_from(&var.candidates[c]);
                prose_findings(&markup(&tried))
            })
            .collect();
        let Some(fewest) = disagreements.iter().map(Vec::len).min() else {
            continue;
        };
        let best: Vec<usize> = (0..remaining.len())
            .filter(|&i| disagreements[i].len() == fewest)
            .collect();
        if let [only] = best[..] {
            decision.remaining[v] = vec![remaining[only]];
            decision.by_prose[v] = true;
            continue;
        }
        // Still open: a statement at the same place of the text under every split is the
        // text against the table whatever the split (the prose precedes or follows the
        // tables on lines the cells do not move).
        for statement in &disagreements[0] {
            let everywhere = disagreements.iter().all(|d| {
                d.iter()
                    .any(|x| x.code == statement.code && x.at == statement.at)
            });
            if everywhere {
                contradictions.push(Contradiction {
                    var: v,
                    code: statement.code,
                    statement: statement.opening.clone(),
                });
            }
        }
        // The text agrees with some splits better than with the others (`…制发的规范性文件77件`
        // against `77132470`): those others are ruled out, and said so; a cell on which the
        // rest agree is then read.
        if best.len() < remaining.len() {
            decision.ruled_out_by_prose[v] = remaining.len() - best.len();
            decision.remaining[v] = best.iter().map(|&i| remaining[i]).collect();
        }
    }
    contradictions
}

/// A statement of the text that disagrees with the tables: the rule, its place (line and
/// column of the markup), and its finding's opening clause (what the text states).
struct Statement {
    code: &'static str,
    at: (usize, usize),
    opening: String,
}

/// The text's statements that disagree with the tables.
fn prose_findings(markup: &str) -> Vec<Statement> {
    nianbao_core::analyze(markup, &Default::default())
        .findings
        .into_iter()
        .filter(|f| f.code.starts_with("NB3"))
        .map(|f| {
            let before = &markup[..f.range.start.min(markup.len())];
            let line = before.matches('\n').count();
            let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1);
            let opening = f
                .message
                .split(['，', ','])
                .next()
                .unwrap_or_default()
                .to_string();
            Statement {
                code: f.code,
                at: (line, column),
                opening,
            }
        })
        .collect()
}
