//! The ways a digit run splits into cells, and which of them the template's relations allow.
//!
//! A run admits every split into numbers without a leading zero (`0` itself excepted; a decimal
//! point stays inside its number). The relations are the core's own instances, evaluated with
//! the core's `evaluate_with` on each candidate: first those within one run (a row's 总计 = the
//! sum of its applicant columns) prune that run's splits, then those across runs (（七）总计 =
//! （一）+ …) are searched over the product of what is left, by backtracking that checks each
//! relation as soon as its runs are assigned, within a budget that is said when exceeded. A
//! relation broken under every split is a real error of the report: it is set aside (it cannot
//! decide anything) and reported.

use nianbao_core::check::relations::{evaluate_with, Cell, Instance, Outcome};
use nianbao_core::value::{self, Value};
use std::collections::{BTreeSet, HashMap};

/// More splits than this for one run: the run is refused rather than searched.
pub const MAX_SPLITS: usize = 100_000;
/// Backtracking steps before the search over runs gives up (and says so).
const BUDGET: usize = 2_000_000;
/// The product of splits an existential check of one relation may enumerate.
const PRODUCT_LIMIT: usize = 1_000_000;

/// Every split of `digits` into `n` numbers, or `None` when there are more than [`MAX_SPLITS`].
/// `breaks` are the offsets where the page printed a space between digits: every split cuts
/// there.
pub fn splits(digits: &str, n: usize, breaks: &[usize]) -> Option<Vec<Vec<String>>> {
    struct Run<'a> {
        breaks: &'a [usize],
        out: Vec<Vec<String>>,
    }
    fn go(run: &mut Run, s: &[char], at: usize, n: usize, acc: &mut Vec<String>) -> bool {
        if n == 0 {
            if s.is_empty() {
                run.out.push(acc.clone());
            }
            return run.out.len() <= MAX_SPLITS;
        }
        if s.len() < n {
            return true;
        }
        let sign = usize::from(matches!(s[0], '-' | '+'));
        for len in 1 + sign..=s.len() - (n - 1) {
            let head = &s[..len];
            let digits = &head[sign..];
            if digits.len() > 1 && digits[0] == '0' && digits[1] != '.' {
                break; // a leading zero: only `0` itself, or `0.5`
            }
            if digits.contains(&'-') || digits.contains(&'+') {
                break; // a sign starts a number
            }
            if run.breaks.iter().any(|&b| b > at && b < at + len) {
                break; // the page separated these digits: not one number
            }
            if matches!(head[len - 1], '.' | ',') || matches!(s.get(len), Some('.' | ',')) {
                continue; // a decimal point or a separator is inside a number
            }
            // A decimal runs to the end of its digits (an amount is its row's last cell):
            // `6312.52` is never 6312.5 and 2.
            if head.contains(&'.') && len < s.len() && !run.breaks.contains(&(at + len)) {
                continue;
            }
            if head.contains(&',') {
                let written: String = head.iter().collect();
                if !matches!(value::parse(&written), Value::Number(_)) {
                    continue; // separators group by three: `1,1392` is no number
                }
            }
            acc.push(head.iter().collect());
            let ok = go(run, &s[len..], at + len, n - 1, acc);
            acc.pop();
            if !ok {
                return false;
            }
        }
        true
    }
    let chars: Vec<char> = digits.chars().collect();
    let mut run = Run {
        breaks,
        out: Vec::new(),
    };
    go(&mut run, &chars, 0, n, &mut Vec::new()).then_some(run.out)
}

/// A run to split: its candidates and the cell each position fills.
pub struct Var {
    pub candidates: Vec<Vec<String>>,
    pub cells: Vec<Cell>,
    /// The digits admit no split into these cells (fewer digits than cells): the one
    /// candidate is every cell 待核, the digits kept in the note.
    pub unplaced: bool,
}

/// What the relations decided.
#[derive(Debug, Default)]
pub struct Decision {
    /// Per var: the indices of the candidates that remain.
    pub remaining: Vec<Vec<usize>>,
    /// Instances broken under every split.
    pub broken: Vec<Instance>,
    /// The search over runs exceeded its budget: what remains is after pruning only.
    pub undecided: bool,
    /// No combination satisfies all the other relations together.
    pub conflict: bool,
    /// Per var: the split was chosen by the figures the report's own text states, not by the
    /// relations (`fused::prose`).
    pub by_prose: Vec<bool>,
    /// Per var still open: how many of its splits the figures the text states ruled out (the
    /// rest agree with the text equally well), 0 where the text ruled out none.
    pub ruled_out_by_prose: Vec<usize>,
}

pub fn decide(vars: &[Var], instances: &[Instance]) -> Decision {
    let mut owner: HashMap<Cell, (usize, usize)> = HashMap::new();
    for (v, var) in vars.iter().enumerate() {
        for (p, cell) in var.cells.iter().enumerate() {
            owner.insert(*cell, (v, p));
        }
    }
    let parsed: Vec<Vec<Vec<Option<i64>>>> = vars
        .iter()
        .map(|v| {
            v.candidates
                .iter()
                .map(|c| c.iter().map(|s| scaled(s)).collect())
                .collect()
        })
        .collect();
    // The value of `cell` when each var has the candidate `choice[v]` (unassigned: none).
    let value = |choice: &[Option<usize>], cell: Cell| -> Option<i64> {
        let &(v, p) = owner.get(&cell)?;
        parsed[v][choice[v]?][p]
    };
    let touched: Vec<BTreeSet<usize>> = instances
        .iter()
        .map(|i| {
            i.cells()
                .filter_map(|c| owner.get(&c).map(|o| o.0))
                .collect()
        })
        .collect();
    let holds = |inst: &Instance, choice: &[Option<usize>]| {
        !matches!(
            evaluate_with(inst, |c| value(choice, c)),
            Outcome::Broken { .. }
        )
    };
    let mut decision = Decision {
        remaining: vars
            .iter()
            .map(|v| (0..v.candidates.len()).collect())
            .collect(),
        by_prose: vec![false; vars.len()],
        ruled_out_by_prose: vec![0; vars.len()],
        ..Decision::default()
    };
    let mut active: Vec<usize> = Vec::new();
    // Relations within one run prune it.
    for (i, inst) in instances.iter().enumerate() {
        if touched[i].len() != 1 {
            if touched[i].len() > 1 {
                active.push(i);
            }
            continue;
        }
        let v = *touched[i].iter().next().unwrap_or(&0);
        let mut choice = vec![None; vars.len()];
        let any = (0..vars[v].candidates.len()).any(|c| {
            choice[v] = Some(c);
            holds(inst, &choice)
        });
        if !any {
            decision.broken.push(inst.clone());
            continue;
        }
        let kept: Vec<usize> = decision.remaining[v]
            .iter()
            .copied()
            .filter(|&c| {
                choice[v] = Some(c);
                holds(inst, &choice)
            })
            .collect();
        if kept.is_empty() {
            decision.conflict = true; // each relation can hold, not all at once: keep them all
        } else {
            decision.remaining[v] = kept;
        }
    }
    // Relations across runs: first whether each can hold at all.
    active.retain(|&i| {
        let vs: Vec<usize> = touched[i].iter().copied().collect();
        let size = vs
            .iter()
            .try_fold(1usize, |acc, &v| {
                acc.checked_mul(decision.remaining[v].len())
            })
            .unwrap_or(usize::MAX);
        if size > PRODUCT_LIMIT {
            decision.undecided = true;
            return true;
        }
        let mut choice = vec![None; vars.len()];
        let possible = any_product(&vs, &decision.remaining, &mut choice, &|c| {
            holds(&instances[i], c)
        });
        if !possible {
            decision.broken.push(instances[i].clone());
        }
        possible
    });
    // Then which combinations satisfy them all.
    // Only the runs those relations touch are searched; the others keep what pruning left.
    let order: Vec<usize> = active
        .iter()
        .flat_map(|&i| touched[i].iter().copied())
        .collect::<BTreeSet<usize>>()
        .into_iter()
        .collect();
    let last: Vec<usize> = active
        .iter()
        .map(|&i| touched[i].iter().copied().max().unwrap_or(0))
        .collect();
    let mut seen: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); vars.len()];
    let mut steps = 0usize;
    let mut choice = vec![None; vars.len()];
    let mut search = Search {
        remaining: &decision.remaining,
        check: &|v: usize, choice: &[Option<usize>]| {
            active
                .iter()
                .zip(&last)
                .filter(|(_, l)| **l == v)
                .all(|(&i, _)| holds(&instances[i], choice))
        },
        seen: &mut seen,
        steps: &mut steps,
        solutions: 0,
    };
    let complete = search.go(&order, 0, &mut choice);
    let solutions = search.solutions;
    if !complete {
        decision.undecided = true;
    } else if solutions == 0 {
        decision.conflict = true;
    } else {
        for &v in &order {
            decision.remaining[v] = seen[v].iter().copied().collect();
        }
    }
    decision
}

struct Search<'a> {
    remaining: &'a [Vec<usize>],
    check: &'a dyn Fn(usize, &[Option<usize>]) -> bool,
    seen: &'a mut Vec<BTreeSet<usize>>,
    steps: &'a mut usize,
    solutions: usize,
}

impl Search<'_> {
    /// Returns false when the budget ran out.
    fn go(&mut self, order: &[usize], k: usize, choice: &mut Vec<Option<usize>>) -> bool {
        let Some(&v) = order.get(k) else {
            self.solutions += 1;
            for (var, c) in choice.iter().enumerate() {
                if let Some(c) = c {
                    self.seen[var].insert(*c);
                }
            }
            return true;
        };
        for &c in &self.remaining[v] {
            *self.steps += 1;
            if *self.steps > BUDGET {
                return false;
            }
            choice[v] = Some(c);
            if (self.check)(v, choice) && !self.go(order, k + 1, choice) {
                return false;
            }
        }
        choice[v] = None;
        true
    }
}

/// Whether some combination of `vs`' remaining candidates satisfies `ok`.
fn any_product(
    vs: &[usize],
    remaining: &[Vec<usize>],
    choice: &mut Vec<Option<usize>>,
    ok: &dyn Fn(&[Option<usize>]) -> bool,
) -> bool {
    let Some((&v, rest)) = vs.split_first() else {
        return ok(choice);
    };
    for &c in &remaining[v] {
        choice[v] = Some(c);
        if any_product(rest, remaining, choice, ok) {
            choice[v] = None;
            return true;
        }
    }
    choice[v] = None;
    false
}

/// A cell's value as the core reads it (millionths).
fn scaled(s: &str) -> Option<i64> {
    match value::parse(s) {
        Value::Number(n) => Some(n.scaled),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::splits;

    #[test]
    fn splits_without_leading_zeros() {
        let all = splits("170000017", 7, &[]).expect("few");
        assert!(all.contains(
            &["17", "0", "0", "0", "0", "0", "17"]
                .map(String::from)
                .to_vec()
        ));
        assert!(all
            .iter()
            .all(|s| s.iter().all(|n| n == "0" || !n.starts_with('0'))));
        assert_eq!(splits("0000000", 7, &[]).expect("one").len(), 1);
        assert!(splits("000000", 7, &[]).expect("none").is_empty());
        assert_eq!(
            splits("18651.06", 1, &[]).expect("one"),
            vec![vec!["18651.06".to_string()]]
        );
        // The decimal point stays inside a number, and a decimal runs to the end of the digits.
        let decimals = splits("10.52", 2, &[]).expect("few");
        assert_eq!(decimals, vec![vec!["1".to_string(), "0.52".to_string()]]);
        assert_eq!(
            splits("56312.52", 2, &[]).expect("few"),
            ["5|6312.52", "56|312.52", "563|12.52", "5631|2.52"]
                .map(|c| c.split('|').map(String::from).collect::<Vec<_>>())
                .to_vec()
        );
        // A minus sign starts a number, never sits inside one.
        let signed = splits("40-734", 3, &[]).expect("few");
        assert!(signed.contains(&["40", "-7", "34"].map(String::from).to_vec()));
        assert!(signed.contains(&["40", "-73", "4"].map(String::from).to_vec()));
        assert!(signed
            .iter()
            .all(|c| c.iter().all(|n| !n[1..].contains('-'))));
        assert_eq!(signed.len(), 3, "{signed:?}");
        // A plus sign starts a number as a minus sign does.
        let rising = splits("97+82179", 3, &[]).expect("few");
        assert!(rising.contains(&["97", "+8", "2179"].map(String::from).to_vec()));
        assert!(
            rising.iter().flatten().all(|n| !n[1..].contains('+')),
            "{rising:?}"
        );
        // Spaces the page printed between digits are cell boundaries.
        assert_eq!(
            splits("13849", 3, &[2, 3]).expect("one"),
            vec![["13", "8", "49"].map(String::from).to_vec()]
        );
        assert_eq!(splits("13849", 3, &[]).expect("several").len(), 6);
        let stray = splits("230000023", 7, &[3]).expect("few");
        assert!(stray.contains(
            &["23", "0", "0", "0", "0", "0", "23"]
                .map(String::from)
                .to_vec()
        ));
        assert!(stray
            .iter()
            .all(|c| (1..=7).any(|k| c[..k].concat().len() == 3)));
        // Separators group by three.
        assert_eq!(
            splits("1,1392,284", 2, &[]).expect("one"),
            vec![["1,139", "2,284"].map(String::from).to_vec()]
        );
        assert!(splits("1,1392,284", 3, &[]).expect("none").is_empty());
    }
}
