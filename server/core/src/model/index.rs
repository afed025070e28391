//! The template's labels folded once, for matching: what the checker and the importers match
//! labels against.

use super::label_set::LabelSet;
use super::labels::LabelKeys;
use crate::knowledge::template::Template;
use crate::knowledge::Knowledge;
use std::sync::OnceLock;

/// Folded labels of a template, computed once per template: what label matching runs against
/// (the checker's and the importers' alike).
pub struct TemplateIndex {
    /// One per `Template::sections`.
    pub sections: LabelSet,
    /// One per `Template::tables`.
    pub tables: Vec<TableIndex>,
    /// The block headings (第二十条第（一）项 …) and the table each opens.
    pub blocks: LabelSet,
    pub block_tables: Vec<usize>,
}

pub struct TableIndex {
    pub block: Option<LabelKeys>,
    /// Sub-rows also match when written with their group in front.
    pub rows: LabelSet,
    pub columns: LabelSet,
}

/// The folded labels of `Knowledge::templates[template_no]`.
pub fn index(template_no: usize) -> &'static TemplateIndex {
    static INDEX: OnceLock<Vec<TemplateIndex>> = OnceLock::new();
    let all = INDEX.get_or_init(|| Knowledge::get().templates.iter().map(build_index).collect());
    &all[template_no]
}

fn build_index(template: &Template) -> TemplateIndex {
    let sections: Vec<LabelKeys> = template
        .sections
        .iter()
        .map(|s| {
            let mut variants: Vec<String> = s
                .variants
                .iter()
                .map(|v| format!("{}、{v}", s.number))
                .collect();
            variants.push(s.title.clone());
            variants.extend(s.variants.iter().cloned());
            LabelKeys::new(&format!("{}、{}", s.number, s.title), &variants)
        })
        .collect();
    let tables: Vec<TableIndex> = template
        .tables
        .iter()
        .map(|t| {
            let plain: Vec<LabelKeys> = t
                .rows
                .iter()
                .map(|r| LabelKeys::new(&r.label, &r.variants))
                .collect();
            let rows: Vec<LabelKeys> = t
                .rows
                .iter()
                .zip(&plain)
                .map(|(r, keys)| {
                    match r
                        .parent
                        .as_ref()
                        .and_then(|p| t.rows.iter().position(|x| &x.id == p))
                    {
                        Some(parent) => keys.clone().with_group(&plain[parent]),
                        None => keys.clone(),
                    }
                })
                .collect();
            TableIndex {
                block: t.block.as_ref().map(|b| LabelKeys::new(b, &[])),
                rows: LabelSet::new(rows),
                columns: LabelSet::new(
                    t.columns
                        .iter()
                        .map(|c| LabelKeys::new(&c.label, &c.variants))
                        .collect(),
                ),
            }
        })
        .collect();
    let (block_tables, blocks): (Vec<usize>, Vec<LabelKeys>) = tables
        .iter()
        .enumerate()
        .filter_map(|(i, t)| Some((i, t.block.clone()?)))
        .unzip();
    TemplateIndex {
        sections: LabelSet::new(sections),
        tables,
        blocks: LabelSet::new(blocks),
        block_tables,
    }
}
