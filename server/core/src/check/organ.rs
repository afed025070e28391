//! NB237: the organ's own name written two ways one character apart — an OCR misreading
//! (沐阳县 for 沭阳县) or a typo in the title or the front matter that the rest of the report
//! writes right. The spelling the report uses most is taken as the right one; the odd one out
//! is reported there, naming it.

use super::Ctx;
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::normalize::simplified;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

/// The last character of a place name by the level of its division (省, 市, 县…): the organ's
/// name is cut after each into the places it names (宿迁市沭阳县人民政府 → 宿迁市, 沭阳县),
/// which the body writes on their own.
const DIVISION_ENDINGS: &[char] = &[
    '省', '市', '县', '区', '州', '旗', '盟', '镇', '乡', '縣', '區', '鎮', '鄉',
];

/// The majority spelling must be written at least this often for the odd one to be called odd.
const FEWEST_AGREEING: usize = 2;

pub fn names(ctx: &Ctx, out: &mut Vec<Finding>) {
    let Some((organ, _)) = &ctx.report.meta.organization else {
        return;
    };
    let mut flagged: Vec<Range<usize>> = Vec::new();
    let whole: Vec<char> = organ.trim().chars().collect();
    // The whole name is compared only where the report names itself (title, front matter):
    // in the body a one-character neighbour is often another organ (教育局 and 体育局).
    let mut forms = vec![(whole.clone(), false)];
    forms.extend(places(&whole).into_iter().map(|p| (p, true)));
    for (form, in_body_too) in forms {
        if form.len() < 3 {
            continue;
        }
        for finding in odd_ones(ctx, &form, in_body_too) {
            let overlaps = flagged
                .iter()
                .any(|r| r.start < finding.range.end && finding.range.start < r.end);
            if !overlaps {
                flagged.push(finding.range.clone());
                out.push(finding);
            }
        }
    }
}

/// The place names in the organ's name: each run ending in a division's character, with at
/// least two characters before it.
fn places(name: &[char]) -> Vec<Vec<char>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in name.iter().enumerate() {
        if DIVISION_ENDINGS.contains(c) {
            if i - start >= 2 {
                out.push(name[start..=i].to_vec());
            }
            start = i + 1;
        }
    }
    out
}

fn same_in_simplified(a: char, b: char) -> bool {
    simplified(&a.to_string()) == simplified(&b.to_string())
}

fn is_ideograph(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}')
}

/// Every place where the text writes `form` or one character of it otherwise (an ideograph for
/// an ideograph; a place name keeps its division's character), by the spelling written.
fn spellings(text: &str, form: &[char]) -> BTreeMap<String, Vec<Range<usize>>> {
    let n = form.len();
    let keep_last = DIVISION_ENDINGS.contains(&form[n - 1]);
    // One substitution leaves the first or the second character as it is: the windows worth
    // comparing start at a first character, or just before a second one. Found with `str`'s
    // searches, so a consolidated report of a megabyte costs a keystroke little.
    let mut starts: BTreeSet<usize> = text.match_indices(form[0]).map(|(b, _)| b).collect();
    for (b, _) in text.match_indices(form[1]) {
        if let Some((before, _)) = text[..b].char_indices().next_back() {
            starts.insert(before);
        }
    }
    let mut found: BTreeMap<String, Vec<Range<usize>>> = BTreeMap::new();
    for start in starts {
        let mut rest = text[start..].char_indices();
        let window: Vec<(usize, char)> = rest.by_ref().take(n).collect();
        if window.len() < n {
            continue;
        }
        let differing: Vec<usize> = (0..n).filter(|&i| window[i].1 != form[i]).collect();
        let counted = match differing.as_slice() {
            [] => true,
            [i] => {
                let (written, own) = (window[*i].1, form[*i]);
                is_ideograph(written)
                    && is_ideograph(own)
                    && !(keep_last && *i == n - 1)
                    // 莊 for 庄 is the same name in traditional characters, not a typo.
                    && !same_in_simplified(written, own)
            }
            _ => false,
        };
        if counted {
            let end = rest.next().map_or(text.len(), |(b, _)| start + b);
            let spelled: String = window.iter().map(|(_, c)| c).collect();
            found.entry(spelled).or_default().push(start..end);
        }
    }
    found
}

/// The findings on the spellings of `form` that differ from the one the report writes most;
/// in the body too only when `in_body_too`.
fn odd_ones(ctx: &Ctx, form: &[char], in_body_too: bool) -> Vec<Finding> {
    let found = spellings(ctx.text, form);
    if found.len() < 2 {
        return Vec::new();
    }
    let most = found.values().map(Vec::len).max().unwrap_or(0);
    let mut leaders = found.iter().filter(|(_, at)| at.len() == most);
    let (Some((majority, agreeing)), None) = (leaders.next(), leaders.next()) else {
        // Two spellings as frequent as each other: nothing tells which is right.
        return Vec::new();
    };
    if most < FEWEST_AGREEING {
        return Vec::new();
    }
    let report = ctx.report;
    let naming_itself = |r: &Range<usize>| {
        let within = |s: &Range<usize>| s.start <= r.start && r.end <= s.end;
        report
            .front_matter
            .as_ref()
            .is_some_and(|fm| within(&fm.range))
            || report.title.as_ref().is_some_and(within)
    };
    let mut out = Vec::new();
    for (odd, places) in found.iter().filter(|(s, _)| *s != majority) {
        for at in places {
            let own = naming_itself(at);
            if !own && !in_body_too {
                continue;
            }
            let k = agreeing.len();
            let mut finding = Finding::new(
                "NB237",
                at.clone(),
                ctx.say(
                    format!("机关名称写作“{odd}”，报告其他 {k} 处写作“{majority}”，相差一字：是否为错字（如文字识别的误读）？请核对原件"),
                    format!("the organ's name is written “{odd}” here and “{majority}” in {k} other places, one character apart: a typo (a misreading of OCR)? Check it against the source"),
                ),
            );
            // In the body the odd spelling may be another place's name: said, not warned.
            if !own {
                finding.severity = Severity::Info;
            }
            for r in agreeing.iter().take(3) {
                finding = finding.related(r.clone(), format!("“{majority}”"));
            }
            out.push(finding.fix(Fix {
                title: ctx.say(format!("改为“{majority}”"), format!("Write “{majority}”")),
                edits: vec![Edit {
                    range: at.clone(),
                    new_text: majority.clone(),
                }],
                safe: false,
            }));
        }
    }
    out
}
