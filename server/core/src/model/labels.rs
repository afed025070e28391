//! Matching a label as written against the template's labels: exact, a folded variant
//! (traditional, half-width, spaces, damaged brackets, ordinal left out), a truncated one, or a
//! sub-row label that carries its group (`（三）1.属于国家秘密`).

use crate::normalize::{key, strip_ordinal};

/// How a label was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spelling {
    /// Exactly as the template spells it.
    Canonical,
    /// Recognised after folding, or a listed variant; the canonical spelling is offered.
    Variant,
    /// A recognisable beginning of the label (cut off in the source).
    Truncated,
    /// One character dropped, added or misread (OCR's 沐 for 沭, a typist's 行政法复议): the one
    /// label of the template that close.
    Damaged,
    /// Another wording of a numbered section's title, recognised by its number and its
    /// opening words (`五、存在的主要问题及整改措施`).
    Reworded,
    /// Not recognised by its text (lost, damaged or garbled by a converter) but placed by the
    /// template's order, the only place it can have: shown as an inference (NB230).
    Inferred,
    /// Lost from its row, placed by the template's order among the labels a converter took out
    /// of the table and printed near it (NB230).
    Displaced,
}

/// The folded forms of one template label and its variants.
#[derive(Debug, Clone)]
pub struct LabelKeys {
    pub canonical: String,
    pub(super) keys: Vec<String>,
    pub(super) stripped: Vec<String>,
    /// For sub-rows: the keys of the group they belong to, for `（三）1.…` labels.
    pub(super) group: Vec<String>,
}

impl LabelKeys {
    pub fn new(canonical: &str, variants: &[String]) -> Self {
        let keys: Vec<String> = std::iter::once(canonical)
            .chain(variants.iter().map(String::as_str))
            .map(key)
            .collect();
        let stripped = keys.iter().map(|k| strip_ordinal(k).to_string()).collect();
        LabelKeys {
            canonical: canonical.to_string(),
            keys,
            stripped,
            group: Vec::new(),
        }
    }

    /// A sub-row may be written with its group's label or ordinal in front.
    pub fn with_group(mut self, group: &LabelKeys) -> Self {
        self.group = group.keys.clone();
        self.group.extend(
            group
                .keys
                .iter()
                .map(|k| crate::normalize::ordinal(k).to_string())
                .filter(|o| !o.is_empty()),
        );
        self
    }

    /// Whether the key `k` is this sub-row's written with its group's label or ordinal in front.
    pub(super) fn matches_with_group(&self, k: &str) -> bool {
        self.group.iter().any(|g| {
            k.strip_prefix(g.as_str())
                .is_some_and(|rest| self.follows_group(rest))
        })
    }

    /// Whether `rest`, written after this sub-row's group, is the sub-row's key (its ordinal
    /// or another left out).
    pub(super) fn follows_group(&self, rest: &str) -> bool {
        self.keys
            .iter()
            .chain(&self.stripped)
            .any(|ck| ck == rest || ck == strip_ordinal(rest))
    }
}

/// Finds the label `written` among `candidates`; `None` when nothing matches unambiguously.
pub fn find(written: &str, candidates: &[LabelKeys]) -> Option<(usize, Spelling)> {
    find_keyed(written, &key(written), candidates)
}

/// [`find`] with the key of `written` already computed: a label is matched against every
/// template table when a table is bound, and folding it each time was most of the binding cost.
pub fn find_keyed(written: &str, k: &str, candidates: &[LabelKeys]) -> Option<(usize, Spelling)> {
    if k.is_empty() {
        return None;
    }
    let spelling = |i: usize| {
        if written.trim() == candidates[i].canonical {
            Spelling::Canonical
        } else {
            Spelling::Variant
        }
    };
    if let Some(i) = unique(candidates, |c| c.keys.iter().any(|ck| ck == k)) {
        return Some((i, spelling(i)));
    }
    let stripped = strip_ordinal(k);
    if let Some(i) = unique(candidates, |c| c.stripped.iter().any(|ck| ck == stripped)) {
        return Some((i, Spelling::Variant));
    }
    // A sub-row label written with its group in front: （三）1.属于国家秘密.
    if let Some(i) = unique(candidates, |c| c.matches_with_group(k)) {
        return Some((i, Spelling::Variant));
    }
    // A truncated label: long enough to mean something, and the start of exactly one label.
    if stripped.chars().count() >= 6 {
        if let Some(i) = unique(candidates, |c| {
            c.stripped
                .iter()
                .any(|ck| ck.starts_with(stripped) && ck != stripped)
        }) {
            return Some((i, Spelling::Truncated));
        }
    }
    None
}

/// The one label of `candidates` that `written` is with one character dropped, added or misread;
/// only for labels of five characters or more (shorter ones are too close to each other).
pub fn find_damaged(written: &str, candidates: &[LabelKeys]) -> Option<usize> {
    find_damaged_keyed(&key(written), candidates)
}

/// [`find_damaged`] with the key of the label as written already computed.
pub fn find_damaged_keyed(k: &str, candidates: &[LabelKeys]) -> Option<usize> {
    let written = strip_ordinal(k);
    if written.chars().count() < 5 {
        return None;
    }
    // Every heading that is not a section is asked this against every section: compared in
    // place, without a copy of each label as characters.
    unique(candidates, |c| {
        c.stripped.iter().any(|ck| one_edit_str(written, ck))
    })
}

/// [`one_edit`] on strings: whether `a` becomes `b` by exactly one character dropped, added or
/// replaced.
fn one_edit_str(a: &str, b: &str) -> bool {
    // One character is at most four bytes.
    if a == b || a.len().abs_diff(b.len()) > 4 {
        return false;
    }
    let head: usize = a
        .chars()
        .zip(b.chars())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum();
    let (a, b) = (&a[head..], &b[head..]);
    let rest = |s: &str| s.chars().next().map_or(0, char::len_utf8);
    let (a_rest, b_rest) = (&a[rest(a)..], &b[rest(b)..]);
    a_rest == b_rest || a_rest == b || a == b_rest
}

/// Whether `a` becomes `b` by exactly one character dropped, added or replaced.
pub fn one_edit(a: &[char], b: &[char]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 || a == b {
        return false;
    }
    let head = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if short.len() == long.len() {
        short[head + 1..] == long[head + 1..]
    } else {
        short[head..] == long[head + 1..]
    }
}

/// Whether `written` (its ordinal stripped) opens with the first half or more of one of
/// `label`'s spellings (title or variants), two characters at least.
pub fn shares_opening(written: &str, label: &LabelKeys) -> bool {
    let k = key(written);
    let w = strip_ordinal(&k);
    label.stripped.iter().any(|l| {
        let common = w.chars().zip(l.chars()).take_while(|(a, b)| a == b).count();
        common >= 2 && 2 * common >= l.chars().count()
    })
}

fn unique(candidates: &[LabelKeys], pred: impl Fn(&LabelKeys) -> bool) -> Option<usize> {
    let mut found = None;
    for (i, c) in candidates.iter().enumerate() {
        if pred(c) {
            if found.is_some() {
                return None;
            }
            found = Some(i);
        }
    }
    found
}

/// The closest label, for a did-you-mean, if it is reasonably close.
pub fn closest(written: &str, candidates: &[LabelKeys]) -> Option<usize> {
    let k = key(written);
    let k = strip_ordinal(&k);
    candidates
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let score = c
                .stripped
                .iter()
                .map(|s| strsim::normalized_levenshtein(k, s))
                .fold(0.0, f64::max);
            (i, score)
        })
        .filter(|&(_, score)| score >= 0.5)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit_on_strings_agrees_with_one_edit_on_characters() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "行政复议",
            "行政法复议",
            "行政复",
            "行政夏议",
            "沭阳县",
            "沐阳县",
            "行政复议a",
            "a行政复议",
            "政复议",
            "行政复议行政复议",
        ];
        for a in words {
            for b in words {
                let chars = |s: &str| s.chars().collect::<Vec<char>>();
                assert_eq!(
                    one_edit_str(a, b),
                    one_edit(&chars(a), &chars(b)),
                    "{a:?} {b:?}"
                );
            }
        }
    }

    fn rows() -> Vec<LabelKeys> {
        let group = LabelKeys::new("（三）不予公开", &[]);
        vec![
            LabelKeys::new(
                "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                &[],
            ),
            group.clone(),
            LabelKeys::new("1.属于国家秘密", &[]).with_group(&group),
            LabelKeys::new(
                "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                &[],
            ),
            LabelKeys::new("3.其他", &[]),
        ]
    }

    #[test]
    fn recognises_real_variants() {
        let rows = rows();
        assert_eq!(
            find("（三）不予公开", &rows),
            Some((1, Spelling::Canonical))
        );
        assert_eq!(find("(三) 不予公開", &rows), Some((1, Spelling::Variant)));
        assert_eq!(
            find("(二部分公开区分处理的,只计这一情形,不计其他情形)", &rows),
            Some((0, Spelling::Variant))
        );
        assert_eq!(find("1.屬于國家秘密", &rows), Some((2, Spelling::Variant)));
        assert_eq!(
            find("（三）1.属于国家秘密", &rows),
            Some((2, Spelling::Variant))
        );
        assert_eq!(
            find(
                "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申",
                &rows
            ),
            Some((3, Spelling::Truncated))
        );
        assert_eq!(find("其他", &rows), Some((4, Spelling::Variant)));
        assert_eq!(find("不相干", &rows), None);
        assert_eq!(closest("属于国家机密", &rows), Some(2));
        assert_eq!(find_damaged("1.属于国家秘", &rows), Some(2));
        assert_eq!(find_damaged("1.属于國家秘密", &rows), None);
        assert_eq!(find_damaged("1.属于国家机密", &rows), Some(2));
        assert_eq!(find_damaged("其它", &rows), None);
    }

    #[test]
    fn one_character_dropped_added_or_misread() {
        let edit = |a: &str, b: &str| {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            one_edit(&a, &b)
        };
        assert!(edit("沐阳县", "沭阳县"));
        assert!(edit("行政法复议", "行政复议"));
        assert!(edit("行政复议", "行政法复议"));
        assert!(!edit("行政复议", "行政复议"));
        assert!(!edit("行政复议", "复议行政"));
    }
}
