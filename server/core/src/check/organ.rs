//! NB237: the organ's own name written two ways one character apart — an OCR misreading
//! (沐阳县 for 沭阳县) or a typo in the title or the front matter that the rest of the report
//! writes right. The spelling the report uses most is taken as the right one; the odd one out
//! is reported there, naming it.

use super::Ctx;
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::normalize::simplified;
use memchr::memmem;
use std::collections::BTreeMap;
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
    // The whole name and its first place often begin alike (永和区农业农村局, 永和区): their
    // windows are found once.
    let mut starts: Vec<((char, char), Vec<usize>)> = Vec::new();
    for (form, in_body_too) in forms {
        if form.len() < 3 {
            continue;
        }
        let pair = (form[0], form[1]);
        let at = match starts.iter().position(|(p, _)| *p == pair) {
            Some(at) => at,
            None => {
                starts.push((pair, window_starts(ctx.text, pair)));
                starts.len() - 1
            }
        };
        for finding in odd_ones(ctx, &form, in_body_too, &starts[at].1) {
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

/// Where a window on a name beginning with `pair` can start. One substitution leaves the first
/// or the second character as it is: the windows worth comparing start at a first character, or
/// just before a second one. Found with `memmem` (two of a CJK character's three bytes at once,
/// where `str`'s search for a `char` stops at every byte like its last), so a consolidated report
/// of a megabyte costs a keystroke little.
fn window_starts(text: &str, (first, second): (char, char)) -> Vec<usize> {
    let mut buf = [0u8; 4];
    let mut starts: Vec<usize> =
        memmem::find_iter(text.as_bytes(), first.encode_utf8(&mut buf).as_bytes()).collect();
    for b in memmem::find_iter(text.as_bytes(), second.encode_utf8(&mut buf).as_bytes()) {
        if let Some((before, _)) = text[..b].char_indices().next_back() {
            starts.push(before);
        }
    }
    starts.sort_unstable();
    starts.dedup();
    starts
}

/// Every place where the text writes `form` or one character of it otherwise (an ideograph for
/// an ideograph; a place name keeps its division's character), by the spelling written; only
/// windows at `starts` are compared.
fn spellings<'t>(
    text: &'t str,
    form: &[char],
    starts: &[usize],
) -> BTreeMap<&'t str, Vec<Range<usize>>> {
    let n = form.len();
    let keep_last = DIVISION_ENDINGS.contains(&form[n - 1]);
    let mut found: BTreeMap<&str, Vec<Range<usize>>> = BTreeMap::new();
    for &start in starts {
        let mut rest = text[start..].char_indices();
        // The one character written otherwise, if any; most windows differ in more and are
        // left at the second difference.
        let mut differing: Option<(usize, char)> = None;
        let mut counted = true;
        for (i, &own) in form.iter().enumerate() {
            let Some((_, written)) = rest.next() else {
                counted = false;
                break;
            };
            if written != own {
                if differing.is_some() {
                    counted = false;
                    break;
                }
                differing = Some((i, written));
            }
        }
        if let (true, Some((i, written))) = (counted, differing) {
            let own = form[i];
            counted = is_ideograph(written)
                && is_ideograph(own)
                && !(keep_last && i == n - 1)
                // 莊 for 庄 is the same name in traditional characters, not a typo.
                && !same_in_simplified(written, own);
        }
        if counted {
            let end = rest.next().map_or(text.len(), |(b, _)| start + b);
            found.entry(&text[start..end]).or_default().push(start..end);
        }
    }
    found
}

/// The findings on the spellings of `form` that differ from the one the report writes most;
/// in the body too only when `in_body_too`.
fn odd_ones(ctx: &Ctx, form: &[char], in_body_too: bool, starts: &[usize]) -> Vec<Finding> {
    let found = spellings(ctx.text, form, starts);
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
                    new_text: majority.to_string(),
                }],
                safe: false,
            }));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `spellings` as first written: every window of the text compared, character by character.
    fn every_window(text: &str, form: &[char]) -> BTreeMap<String, Vec<Range<usize>>> {
        let n = form.len();
        let keep_last = DIVISION_ENDINGS.contains(&form[n - 1]);
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut found: BTreeMap<String, Vec<Range<usize>>> = BTreeMap::new();
        for k in 0..chars.len().saturating_sub(n - 1) {
            let window = &chars[k..k + n];
            let differing: Vec<usize> = (0..n).filter(|&i| window[i].1 != form[i]).collect();
            let counted = match differing.as_slice() {
                [] => true,
                [i] => {
                    is_ideograph(window[*i].1)
                        && is_ideograph(form[*i])
                        && !(keep_last && *i == n - 1)
                        && !same_in_simplified(window[*i].1, form[*i])
                }
                _ => false,
            };
            if counted {
                let end = chars.get(k + n).map_or(text.len(), |(b, _)| *b);
                let spelled: String = window.iter().map(|(_, c)| c).collect();
                found.entry(spelled).or_default().push(window[0].0..end);
            }
        }
        found
    }

    /// Texts strung together from the name's characters, look-alikes, a traditional form and
    /// other text: the windows found from the first two characters are all there are.
    #[test]
    fn the_windows_found_are_every_window_one_character_off() {
        const PIECES: &[&str] = &[
            "沭",
            "阳",
            "县",
            "沐",
            "陽",
            "縣",
            "区",
            "人民政府",
            "a",
            "，",
            "宿迁市",
            "沭阳县",
            "沐阳县",
            "沭阳区",
            "沭陽县",
            "沭沭阳",
            "阳阳县",
            "。\n",
        ];
        let mut next = crate::test_rng::below(0x9e37_79b9_7f4a_7c15);
        let mut windows = 0;
        for _ in 0..2000 {
            let text: String = (0..next(30)).map(|_| PIECES[next(PIECES.len())]).collect();
            for form in ["沭阳县", "沭阳县人民政府", "阳县区"] {
                let form: Vec<char> = form.chars().collect();
                let expected = every_window(&text, &form);
                windows += expected.values().map(Vec::len).sum::<usize>();
                let starts = window_starts(&text, (form[0], form[1]));
                let found: BTreeMap<String, Vec<Range<usize>>> = spellings(&text, &form, &starts)
                    .into_iter()
                    .map(|(s, at)| (s.to_string(), at))
                    .collect();
                assert_eq!(found, expected, "{form:?} in {text:?}");
            }
        }
        assert!(
            windows > 2000,
            "{windows} windows: the generator writes too few"
        );
    }
}
