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
    if let Some((spec, spelling)) = labels::find_keyed(written, &k, &idx.sections) {
        HeadingRole::Section(spec, spelling)
    } else if let Some((block, _)) = labels::find_keyed(written, &k, &idx.blocks) {
        HeadingRole::Block(idx.block_tables[block])
    } else {
        HeadingRole::Prose
    }
}
