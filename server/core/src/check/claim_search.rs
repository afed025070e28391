//! Where the claims' patterns of `knowledge/prose.toml` match in a paragraph, found without
//! running each pattern over the whole paragraph: thirteen patterns over every paragraph with a
//! `件` in it were most of the prose checks' cost, and few paragraphs state a figure.
//!
//! Two facts about each pattern are derived from it at start-up (regex-syntax's literal
//! extraction), so the patterns stay data:
//! - the parts of its top-level concatenation that begin with one of a finite set of literals
//!   (`(?:共收到|收到|…)`, `申请`, `件`): a paragraph without any literal of one such set cannot
//!   match, and is passed over after a `memmem` search or two;
//! - for one such part (the anchor), how many bytes of a match can precede it: a match then
//!   starts only in a short window before an occurrence of an anchor literal, and is looked for
//!   there by anchored searches rather than by a scan of the rest of the paragraph.
//!
//! The matches are those `captures_iter` gives, in the same order: every match contains an
//! anchor literal, so every start is tried, from left to right, and the leftmost-first match of
//! a pattern is the one that starts first.

use memchr::memmem::Finder;
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::util::primitives::NonMaxUsize;
use regex_automata::{meta, Anchored, Input};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, HirKind};
use std::cmp::Reverse;
use std::ops::{Range, RangeInclusive};

/// The claims' patterns, compiled once with what is derived from them.
pub(super) struct ClaimSearch {
    /// By claim; `None` for a pattern that does not compile (the knowledge base's own test says
    /// which), so that indices stay those of the claims.
    patterns: Vec<Option<Pattern>>,
    /// Every distinct literal of every pattern's sets, referred to by index.
    literals: Vec<Finder<'static>>,
}

struct Pattern {
    re: meta::Regex,
    /// Sets of literal indices; a paragraph must hold a literal of each. The sets most patterns
    /// share come first, as their lookups serve every pattern of the paragraph.
    required: Vec<Vec<usize>>,
    /// `None` when no required part has a bounded offset: the pattern is then run over the text.
    anchor: Option<Anchor>,
}

/// A required part, and the bytes of a match that can precede it (the part's offset).
struct Anchor {
    literals: Vec<usize>,
    offset: RangeInclusive<usize>,
    /// The pattern from this part on, when the part is not at the start: a match holds a match
    /// of it at an occurrence, so an occurrence where it does not match starts no window (most
    /// windows hold several starts, and most occurrences end no figure).
    rest: Option<meta::Regex>,
}

/// A part of a pattern's top-level concatenation that begins with one of `literals`.
struct LiteralPart {
    /// Its index in the concatenation.
    index: usize,
    literals: Vec<Vec<u8>>,
    /// The fewest and most bytes the parts before it match; most `None` when unbounded.
    offset: (usize, Option<usize>),
}

impl ClaimSearch {
    pub(super) fn new<'p>(patterns: impl IntoIterator<Item = &'p str>) -> ClaimSearch {
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut index = |literal: &Vec<u8>| {
            literals
                .iter()
                .position(|l| l == literal)
                .unwrap_or_else(|| {
                    literals.push(literal.clone());
                    literals.len() - 1
                })
        };
        let mut patterns: Vec<Option<Pattern>> = patterns
            .into_iter()
            .map(|pattern| {
                let re = meta::Regex::new(pattern).ok()?;
                let hir = regex_syntax::parse(pattern).ok();
                let parts = hir.as_ref().map(literal_parts).unwrap_or_default();
                let ids = |part: &LiteralPart| -> Vec<usize> {
                    part.literals.iter().map(&mut index).collect()
                };
                let required: Vec<Vec<usize>> = parts.iter().map(ids).collect();
                // The narrowest window of starts to try before each occurrence.
                let anchor = parts
                    .iter()
                    .zip(&required)
                    .filter_map(|(part, ids)| {
                        let (least, most) = part.offset;
                        Some((part, ids, least..=most?))
                    })
                    .min_by_key(|(_, _, offset)| offset.end() - offset.start())
                    .map(|(part, ids, offset)| Anchor {
                        literals: ids.clone(),
                        rest: (offset != (0..=0))
                            .then(|| hir.as_ref().and_then(|hir| rest(hir, part.index)))
                            .flatten(),
                        offset,
                    });
                Some(Pattern {
                    re,
                    required,
                    anchor,
                })
            })
            .collect();
        let sets: Vec<Vec<usize>> = patterns
            .iter()
            .flatten()
            .flat_map(|p| p.required.clone())
            .collect();
        for pattern in patterns.iter_mut().flatten() {
            pattern
                .required
                .sort_by_cached_key(|set| Reverse(sets.iter().filter(|s| *s == set).count()));
        }
        ClaimSearch {
            patterns,
            literals: literals
                .iter()
                .map(|l| Finder::new(l).into_owned())
                .collect(),
        }
    }

    /// Calls `found(claim, figure)` with the range of group 1 of every match of each claim's
    /// pattern in `text` (a match without it is passed over), claim by claim, left to right.
    pub(super) fn figures(&self, text: &str, mut found: impl FnMut(usize, Range<usize>)) {
        let bytes = text.as_bytes();
        // Where each literal first occurs in `text`, looked up when first needed.
        let mut first: Vec<Option<Option<usize>>> = vec![None; self.literals.len()];
        let mut first_at = |l: usize| *first[l].get_or_insert_with(|| self.literals[l].find(bytes));
        let mut occurrences: Vec<usize> = Vec::new();
        for (claim, pattern) in self.patterns.iter().enumerate() {
            let Some(pattern) = pattern else { continue };
            let holds = |set: &Vec<usize>| set.iter().any(|&l| first_at(l).is_some());
            if !pattern.required.iter().all(holds) {
                continue;
            }
            let Some(anchor) = &pattern.anchor else {
                for caps in pattern.re.captures_iter(text) {
                    if let Some(figure) = caps.get_group(1) {
                        found(claim, figure.range());
                    }
                }
                continue;
            };
            occurrences.clear();
            for &l in &anchor.literals {
                // Overlapping occurrences too: each may be the one a match holds.
                let mut at = first_at(l);
                while let Some(here) = at {
                    occurrences.push(here);
                    at = self.literals[l]
                        .find(&bytes[here + 1..])
                        .map(|i| here + 1 + i);
                }
            }
            occurrences.sort_unstable();
            occurrences.dedup();
            // The first start not yet tried, nor inside a match found.
            let mut next = 0;
            let mut slots: [Option<NonMaxUsize>; 4] = [None; 4];
            for &at in &occurrences {
                let Some(last) = at.checked_sub(*anchor.offset.start()) else {
                    continue;
                };
                let first = at.saturating_sub(*anchor.offset.end());
                if let Some(rest) = &anchor.rest {
                    let input = Input::new(text).range(at..).anchored(Anchored::Yes);
                    if first.max(next) > last || !rest.is_match(input) {
                        continue;
                    }
                }
                for start in first.max(next)..=last {
                    if !text.is_char_boundary(start) {
                        continue;
                    }
                    next = start + 1;
                    let input = Input::new(text).range(start..).anchored(Anchored::Yes);
                    if pattern.re.search_slots(&input, &mut slots).is_none() {
                        continue;
                    }
                    if let Some(end) = slots[1] {
                        next = end.get();
                    }
                    if let (Some(from), Some(to)) = (slots[2], slots[3]) {
                        found(claim, from.get()..to.get());
                    }
                    break;
                }
            }
        }
    }
}

/// The parts of `hir`'s top-level concatenation (`hir` itself when it is none) that begin with
/// one of a finite set of non-empty literals, each with the bytes the parts before it match.
fn literal_parts(hir: &Hir) -> Vec<LiteralPart> {
    let parts = match hir.kind() {
        HirKind::Concat(parts) => parts.as_slice(),
        _ => std::slice::from_ref(hir),
    };
    let mut out = Vec::new();
    let mut offset = (0usize, Some(0usize));
    for (index, part) in parts.iter().enumerate() {
        let seq = Extractor::new().kind(ExtractKind::Prefix).extract(part);
        if let Some(literals) = seq.literals() {
            if !literals.is_empty() && literals.iter().all(|l| !l.as_bytes().is_empty()) {
                let mut literals: Vec<Vec<u8>> =
                    literals.iter().map(|l| l.as_bytes().to_vec()).collect();
                literals.sort();
                literals.dedup();
                out.push(LiteralPart {
                    index,
                    literals,
                    offset,
                });
            }
        }
        let properties = part.properties();
        offset = (
            offset.0 + properties.minimum_len().unwrap_or(0),
            offset.1.zip(properties.maximum_len()).map(|(a, b)| a + b),
        );
    }
    out
}

/// `hir`'s top-level concatenation from part `from` on, compiled to tell whether it matches.
fn rest(hir: &Hir, from: usize) -> Option<meta::Regex> {
    let HirKind::Concat(parts) = hir.kind() else {
        return None;
    };
    let config = meta::Config::new().which_captures(WhichCaptures::Implicit);
    meta::Builder::new()
        .configure(config)
        .build_from_hir(&Hir::concat(parts.get(from..)?.to_vec()))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::Knowledge;

    /// What `captures_iter` gives: group 1 of each match, claim by claim.
    fn by_captures_iter(patterns: &[regex::Regex], text: &str) -> Vec<(usize, Range<usize>)> {
        let mut out = Vec::new();
        for (claim, re) in patterns.iter().enumerate() {
            for caps in re.captures_iter(text) {
                if let Some(m) = caps.get(1) {
                    out.push((claim, m.range()));
                }
            }
        }
        out
    }

    fn compiled(patterns: &[&str]) -> Vec<regex::Regex> {
        patterns
            .iter()
            .map(|p| regex::Regex::new(p).expect("a valid pattern"))
            .collect()
    }

    fn by_search(search: &ClaimSearch, text: &str) -> Vec<(usize, Range<usize>)> {
        let mut out = Vec::new();
        search.figures(text, |claim, figure| out.push((claim, figure)));
        out
    }

    /// Paragraphs strung together from the words of the patterns, figures and punctuation, so
    /// that the words overlap (`共收到` holds `收到`), repeat, start the paragraph and stand
    /// apart from their figures: the figures found must be those of `captures_iter`.
    #[test]
    fn finds_what_captures_iter_finds_in_generated_paragraphs() {
        const WORDS: &[&str] = &[
            "共收到",
            "收到",
            "处理",
            "申请",
            "政府信息公开",
            "新收",
            "上年",
            "上一年度",
            "2023年",
            "结转",
            "的申请",
            "办结",
            "结转下年度",
            "继续办理",
            "转2025年",
            "行政复议",
            "行政诉讼",
            "予以公开",
            "和",
            "及",
            "部分公开",
            "不予公开",
            "无法提供",
            "不予处理",
            "、",
            "其他处理",
            "件",
            "另有",
            "全年",
            "转",
        ];
        const FIGURES: &[&str] = &["3", "1,024", "0", "3 ", "12 件", "件"];
        const OTHERS: &[&str] = &["，", "。", "；", " ", "3", "件"];
        let patterns: Vec<&str> = Knowledge::get()
            .prose
            .claims
            .iter()
            .map(|c| c.pattern.as_str())
            .collect();
        let search = ClaimSearch::new(patterns.iter().copied());
        let reference = compiled(&patterns);
        let mut next = crate::test_rng::below(0x2545_f491_4f6c_dd1d);
        let mut matched = 0;
        for _ in 0..3000 {
            // Words, one to three of them, mostly a figure and `件`, then punctuation.
            let mut text = String::new();
            for _ in 0..1 + next(12) {
                for _ in 0..1 + next(3) {
                    text.push_str(WORDS[next(WORDS.len())]);
                }
                if next(3) > 0 {
                    text.push_str(FIGURES[next(FIGURES.len())]);
                    text.push('件');
                }
                for _ in 0..next(2) {
                    text.push_str(OTHERS[next(OTHERS.len())]);
                }
            }
            let expected = by_captures_iter(&reference, &text);
            matched += expected.len();
            assert_eq!(by_search(&search, &text), expected, "in {text:?}");
        }
        assert!(
            matched > 3000,
            "{matched} figures: the generator states too few"
        );
    }

    #[test]
    fn a_part_begins_with_its_literals_at_its_offset() {
        let parts = |pattern: &str| {
            let hir = regex_syntax::parse(pattern).expect("a valid pattern");
            literal_parts(&hir)
                .into_iter()
                .map(|p| (p.literals, p.offset))
                .collect::<Vec<_>>()
        };
        let bytes = |s: &str| s.as_bytes().to_vec();
        assert_eq!(
            parts(r"办结\s*(\d[\d,]*)\s*件"),
            vec![
                (vec![bytes("办结")], (0, Some(0))),
                (vec![bytes("件")], (7, None))
            ]
        );
        // `^` or one character before the word: up to four bytes.
        assert_eq!(
            parts(r"(?:^|[^及和])部分公开")[0],
            (vec![bytes("部分公开")], (0, Some(4)))
        );
        // A class too large to list begins no set; an optional part neither.
        assert_eq!(parts(r"\d+"), vec![]);
        assert_eq!(parts(r"(?:件|部)?"), vec![]);
    }

    #[test]
    fn a_pattern_without_a_bounded_anchor_is_run_over_the_text() {
        let search = ClaimSearch::new([r"\d+件", r"[^。]*部分公开(\d+)件"]);
        let text = "予以公开3件，部分公开12件。";
        assert!(search.patterns.iter().flatten().all(|p| p.anchor.is_none()));
        assert_eq!(
            by_search(&search, text),
            by_captures_iter(&compiled(&[r"\d+件", r"[^。]*部分公开(\d+)件"]), text)
        );
    }
}
