//! What a heading is under a template: one of its sections, a block heading opening one of its
//! tables, or prose.

use super::index;
use super::labels::{self, Spelling};
use crate::fast_hash::FastMap;
use crate::normalize::key;
use std::cell::RefCell;

/// What a heading other than the title is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HeadingRole {
    /// `Template::sections[_]`.
    Section(usize, Spelling),
    /// A block heading (第二十条第（一）项 …) opening `Template::tables[_]`.
    Block(usize),
    Prose,
}

pub(crate) fn heading_role(written: &str, template_no: usize) -> HeadingRole {
    // Most headings are the template's own titles, the same in report after report, and each
    // costs a fold and several lookups: remember recent ones, per thread and template, as
    // `normalize::key` remembers keys.
    thread_local! {
        static ROLES: RefCell<Vec<FastMap<Box<str>, HeadingRole>>> = RefCell::default();
    }
    let known = ROLES.with(|roles| {
        roles
            .borrow()
            .get(template_no)
            .and_then(|known| known.get(written).copied())
    });
    if let Some(role) = known {
        return role;
    }
    let role = role_of(written, template_no);
    ROLES.with(|roles| {
        let mut roles = roles.borrow_mut();
        if roles.len() <= template_no {
            roles.resize_with(template_no + 1, FastMap::default);
        }
        let known = &mut roles[template_no];
        if known.len() >= 1024 {
            known.clear(); // bounded: a cache, not a leak
        }
        known.insert(written.into(), role);
    });
    role
}

fn role_of(written: &str, template_no: usize) -> HeadingRole {
    let idx = index(template_no);
    let k = key(written);
    let number = written_number(written);
    let bracketed = number.is_some_and(|(_, b)| b);
    let numbered = |spec: usize| number.is_some_and(|(n, _)| n == spec + 1);
    let section = idx
        .sections
        .find_keyed(written, &k)
        .filter(|(spec, spelling)| {
            // Sections are numbered 一、…六、; a bracketed number is a level below: `（一）主动公开
            // 政府信息情况` inside 一、总体情况 names section 二 without being it, and so does
            // `（一）存在的主要问题` under 五、存在的主要问题及改进情况. (A section numbered wrongly,
            // `三、主动公开政府信息情况`, is still the section its title says.)
            !bracketed || (numbered(*spec) && *spelling != Spelling::Truncated)
        })
        .or_else(|| {
            // Weaker evidence needs the section's own number in front.
            let damaged = labels::find_damaged_keyed(&k, &idx.sections)?;
            (numbered(damaged) && !bracketed).then_some((damaged, Spelling::Damaged))
        })
        .or_else(|| reworded(written, number, &idx.sections));
    if let Some((spec, spelling)) = section {
        HeadingRole::Section(spec, spelling)
    } else if let Some((block, _)) = idx.blocks.find_keyed(written, &k) {
        HeadingRole::Block(idx.block_tables[block])
    } else {
        HeadingRole::Prose
    }
}

/// The section of template `template_no` a heading names, and how it was recognised; the
/// importer asks this, so it reads headings as the checker does.
pub fn section_heading(written: &str, template_no: usize) -> Option<(usize, Spelling)> {
    match heading_role(written, template_no) {
        HeadingRole::Section(spec, spelling) => Some((spec, spelling)),
        _ => None,
    }
}

/// A section heading in other words: numbered `N、` for section N, its opening words those of
/// the section's title (at least half of it): `五、存在的主要问题及整改措施`. Sections are
/// numbered in Chinese numerals; `5.政府信息公开监督保障情况` is an item of a section's text (its
/// `政府信息公开` is half of 五's shortest title too).
fn reworded(
    written: &str,
    number: Option<(usize, bool)>,
    sections: &[labels::LabelKeys],
) -> Option<(usize, Spelling)> {
    let (n, false) = number? else { return None };
    if !written.trim_start().starts_with(|c| NUMERALS.contains(c)) {
        return None;
    }
    let spec = n.checked_sub(1)?;
    let section = sections.get(spec)?;
    labels::shares_opening(written, section).then_some((spec, Spelling::Reworded))
}

/// The number a heading opens with, and whether it is in brackets: `五、` is `(5, false)`,
/// `（一）` `(1, true)`, `(2)` `(2, true)`.
fn written_number(written: &str) -> Option<(usize, bool)> {
    let written = written.trim_start();
    let (bracketed, rest) = match written.strip_prefix(['（', '(']) {
        Some(rest) => (true, rest),
        None => (false, written),
    };
    let digits: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || NUMERALS.contains(*c))
        .collect();
    let after = rest[digits.len()..].chars().next();
    let closed = if bracketed {
        matches!(after, Some('）' | ')'))
    } else {
        matches!(after, Some('、' | '．' | '.'))
    };
    if digits.is_empty() || !closed {
        return None;
    }
    let value = match digits.parse::<usize>() {
        Ok(n) => n,
        Err(_) => chinese_number(&digits)?,
    };
    Some((value, bracketed))
}

const NUMERALS: &str = "一二三四五六七八九十";

/// 一 … 九十九.
fn chinese_number(digits: &str) -> Option<usize> {
    let value = |c: char| NUMERALS.chars().position(|n| n == c).map(|p| p + 1);
    let chars: Vec<char> = digits.chars().collect();
    match chars.as_slice() {
        [one] => value(*one),
        ['十', unit] => Some(10 + value(*unit)?),
        [tens, '十'] => Some(10 * value(*tens)?),
        [tens, '十', unit] => Some(10 * value(*tens)? + value(*unit)?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(w: &str) -> Option<(usize, Spelling)> {
        match heading_role(w, 0) {
            HeadingRole::Section(s, spelling) => Some((s, spelling)),
            _ => None,
        }
    }

    #[test]
    fn sub_headings_naming_part_of_a_section_title_are_not_the_section() {
        let five = |w: &str| section(w).is_some_and(|(s, _)| s == 4);
        assert!(five("五、存在的主要问题及改进情况"));
        assert!(five("五、存在的主要问题"));
        assert!(five("存在的主要问题及改进情况"));
        assert!(!five("（一）存在的主要问题"));
        assert!(!five("(一)存在的主要问题"));
        assert_eq!(section("（一）主动公开政府信息情况"), None);
        assert!(section("二、主动公开政府信息情况").is_some());
        assert!(section("（二）主动公开政府信息情况").is_some());
    }

    #[test]
    fn sections_reworded_or_misspelt_are_recognised_in_their_place() {
        assert_eq!(
            section("五、存在的主要问题及整改措施"),
            Some((4, Spelling::Reworded))
        );
        assert_eq!(
            section("四、政府信息公开行政法复议、行政诉讼情况"),
            Some((3, Spelling::Damaged))
        );
        // Out of place, or other words altogether: not a section.
        assert_eq!(section("三、存在的主要问题及整改措施"), None);
        assert_eq!(section("政府信息公开行政法复议、行政诉讼情况"), None);
        // Misnumbered, but its title exactly: still the section.
        assert_eq!(section("三、主动公开政府信息情况").map(|(s, _)| s), Some(1));
        assert_eq!(section("五、工作亮点"), None);
        // Half of a long variant title is not enough of it.
        assert_eq!(section("五、政府信息公开监督保障情况"), None);
        // An item numbered in Arabic figures, not a section (a line of a paragraph wrapped in
        // PDF text, or a sub-heading of section 一).
        assert_eq!(
            section("5.政府信息公开监督保障情况。区政府办公室认真落实"),
            None
        );
    }

    /// A remembered heading is what it is under the template asked about, every time.
    #[test]
    fn remembered_roles_are_per_template() {
        let templates = crate::knowledge::Knowledge::get().templates.len();
        for written in [
            "二、主动公开政府信息情况",
            "第二十条第（一）项",
            "五、工作亮点",
            "（一）存在的主要问题",
        ] {
            for _ in 0..2 {
                for t in 0..templates {
                    assert_eq!(
                        heading_role(written, t),
                        role_of(written, t),
                        "{written} {t}"
                    );
                }
            }
        }
    }

    #[test]
    fn numbers_headings_open_with() {
        assert_eq!(written_number("五、某"), Some((5, false)));
        assert_eq!(written_number("（十二）某"), Some((12, true)));
        assert_eq!(written_number("(2)某"), Some((2, true)));
        assert_eq!(written_number("3.某"), Some((3, false)));
        assert_eq!(written_number("（注）某"), None);
        assert_eq!(written_number("三安全一稳定"), None);
    }
}
