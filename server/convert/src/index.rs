//! The template's labels folded for matching, with the core's own matcher
//! (`nianbao_core::model::labels`): the importer recognises exactly what the checker recognises.

use nianbao_core::knowledge::template::{TableSpec, Template};
use nianbao_core::model::labels::{self, LabelKeys, Spelling};
use nianbao_core::normalize::{key, ordinal};

pub struct Index {
    pub template: &'static Template,
    sections: Vec<LabelKeys>,
    pub tables: Vec<TableIndex>,
}

pub struct TableIndex {
    pub block: Option<LabelKeys>,
    pub rows: Vec<LabelKeys>,
    pub columns: Vec<LabelKeys>,
    /// The group headers printed over columns (法人或其他组织), folded.
    pub column_groups: Vec<String>,
}

impl Index {
    pub fn new(template: &'static Template) -> Index {
        let sections = template
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
        let tables = template.tables.iter().map(table_index).collect();
        Index {
            template,
            sections,
            tables,
        }
    }

    /// The section a heading line names, if it is one: the whole line must be the title, and an
    /// ordinal, when written, must be the section's own (`（二）依申请公开` is a sub-head).
    pub fn section(&self, text: &str) -> Option<usize> {
        if text.chars().count() > 40 {
            return None;
        }
        let (s, _) = labels::find(text, &self.sections)?;
        let written = key(text);
        let number = &self.template.sections[s].number;
        let ord = ordinal(&written);
        (ord.is_empty() || ord == number).then_some(s)
    }

    /// The template table a `第二十条第（X）项` heading opens.
    pub fn block(&self, text: &str) -> Option<usize> {
        let blocks: Vec<(usize, LabelKeys)> = self
            .tables
            .iter()
            .enumerate()
            .filter_map(|(i, t)| Some((i, t.block.clone()?)))
            .collect();
        let keys: Vec<LabelKeys> = blocks.iter().map(|(_, k)| k.clone()).collect();
        labels::find(text, &keys)
            .filter(|(_, s)| *s != Spelling::Truncated)
            .map(|(i, _)| blocks[i].0)
    }

    pub fn row(&self, table: usize, text: &str) -> Option<usize> {
        labels::find(text, &self.tables[table].rows).map(|(r, _)| r)
    }

    pub fn column(&self, table: usize, text: &str) -> Option<usize> {
        labels::find(text, &self.tables[table].columns).map(|(c, _)| c)
    }

    pub fn spec(&self, table: usize) -> &'static TableSpec {
        &self.template.tables[table]
    }
}

fn table_index(t: &TableSpec) -> TableIndex {
    let plain: Vec<LabelKeys> = t
        .rows
        .iter()
        .map(|r| LabelKeys::new(&r.label, &r.variants))
        .collect();
    let rows = t
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
    let mut column_groups: Vec<String> = t
        .columns
        .iter()
        .filter_map(|c| c.group.as_deref().map(key))
        .collect();
    column_groups.dedup();
    TableIndex {
        block: t.block.as_ref().map(|b| LabelKeys::new(b, &[])),
        rows,
        columns: t
            .columns
            .iter()
            .map(|c| LabelKeys::new(&c.label, &c.variants))
            .collect(),
        column_groups,
    }
}
