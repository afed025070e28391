//! What a heading is under a template: one of its sections, a block heading opening one of its
//! tables, or prose.

use super::index;
use super::labels::{self, Spelling};
use crate::normalize::key;

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
    let idx = index(template_no);
    let k = key(written);
    let section = labels::find_keyed(written, &k, &idx.sections)
        // `（一）存在的主要问题` under 五、存在的主要问题及改进情况 is the section's own sub-heading:
        // sections are numbered 一、…六、, and a parenthesised ordinal before a part of a
        // section's title is a level below it.
        .filter(|(_, spelling)| {
            !(*spelling == Spelling::Truncated && parenthesised_ordinal(written))
        });
    if let Some((spec, spelling)) = section {
        HeadingRole::Section(spec, spelling)
    } else if let Some((block, _)) = labels::find_keyed(written, &k, &idx.blocks) {
        HeadingRole::Block(idx.block_tables[block])
    } else {
        HeadingRole::Prose
    }
}

/// Whether `written` opens with an ordinal in brackets: `（一）`, `(2)`.
fn parenthesised_ordinal(written: &str) -> bool {
    let mut chars = written.trim_start().chars();
    matches!(chars.next(), Some('（' | '(')) && {
        let digits: String = chars
            .by_ref()
            .take_while(|c| !matches!(c, '）' | ')'))
            .collect();
        !digits.is_empty()
            && digits.chars().count() <= 3
            && digits
                .chars()
                .all(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sub_heading_naming_part_of_a_section_title_is_not_the_section() {
        let five = |w: &str| matches!(heading_role(w, 0), HeadingRole::Section(s, _) if s == 4);
        assert!(five("五、存在的主要问题及改进情况"));
        assert!(five("五、存在的主要问题"));
        assert!(five("存在的主要问题及改进情况"));
        assert!(!five("（一）存在的主要问题"));
        assert!(!five("(一)存在的主要问题"));
        assert!(parenthesised_ordinal("（十二）某"));
        assert!(!parenthesised_ordinal("（注）某"));
        assert!(!parenthesised_ordinal("五、某"));
    }
}
