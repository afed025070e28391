//! The template's labels folded once, for matching: what the checker and the importers match
//! labels against.

use super::all_tables::AllTables;
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
    /// Every table's row labels, and every table's column labels, for looking a label up in
    /// all tables at once (binding's scores).
    pub(crate) all_rows: AllTables,
    pub(crate) all_columns: AllTables,
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
    let rows: Vec<&LabelSet> = tables.iter().map(|t| &t.rows).collect();
    let columns: Vec<&LabelSet> = tables.iter().map(|t| &t.columns).collect();
    TemplateIndex {
        sections: LabelSet::new(sections),
        all_rows: AllTables::new(&rows),
        all_columns: AllTables::new(&columns),
        tables,
        blocks: LabelSet::new(blocks),
        block_tables,
    }
}

#[cfg(test)]
mod label_set_agrees_with_the_linear_search {
    // Here, not in label_set.rs: the index is what builds label sets (no import circle).
    use super::*;
    use crate::model::labels::find_keyed;
    use crate::normalize::key;

    /// Every label set of every template.
    fn every_set() -> Vec<&'static LabelSet> {
        let mut sets: Vec<&LabelSet> = Vec::new();
        for t in 0..crate::knowledge::Knowledge::get().templates.len() {
            let idx = index(t);
            sets.push(&idx.sections);
            sets.push(&idx.blocks);
            for table in &idx.tables {
                sets.push(&table.rows);
                sets.push(&table.columns);
            }
        }
        sets
    }

    /// Every template's labels, their variants, their keys cut short, with ordinals and groups
    /// written in front, and labels of the other tables.
    fn written_labels() -> Vec<String> {
        let mut written: Vec<String> = Vec::new();
        for set in every_set() {
            for label in set.iter() {
                written.push(label.canonical.clone());
                written.extend(label.keys.iter().chain(&label.stripped).cloned());
                let chars: Vec<char> = label.canonical.chars().collect();
                for cut in [2, 4, 6, 7, 9, 12] {
                    if cut < chars.len() {
                        written.push(chars[..chars.len() - cut].iter().collect());
                        written.push(chars[cut..].iter().collect());
                    }
                }
                for prefix in ["（三）", "三、", "1.", "（二）", "二", "(三) "] {
                    written.push(format!("{prefix}{}", label.canonical));
                }
            }
        }
        // Beginnings two labels of a set share (a truncation that names several), and every
        // group written in front of every label (a group step that may name several).
        for set in every_set() {
            for a in set.iter().flat_map(|l| &l.stripped) {
                for b in set.iter().flat_map(|l| &l.stripped) {
                    let common: String = a
                        .chars()
                        .zip(b.chars())
                        .take_while(|(x, y)| x == y)
                        .map(|(x, _)| x)
                        .collect();
                    if a != b && common.chars().count() >= 6 {
                        written.push(common);
                    }
                }
            }
            for group in set.iter().flat_map(|l| &l.group) {
                for label in set.iter().flat_map(|l| l.keys.iter().chain(&l.stripped)) {
                    written.push(format!("{group}{label}"));
                }
            }
        }
        written.extend(
            ["", "   ", "其他", "不相干", "合计", "总计", "1.其他", "一"].map(String::from),
        );
        written.sort();
        written.dedup();
        written
    }

    /// The index finds what the linear search finds.
    #[test]
    fn finds_what_the_linear_search_finds() {
        let written = written_labels();
        let mut compared = 0;
        for set in every_set() {
            for w in &written {
                let k = key(w);
                assert_eq!(
                    set.find_keyed(w, &k),
                    find_keyed(w, &k, set),
                    "{w:?} among {:?}",
                    set.iter().map(|l| &l.canonical).collect::<Vec<_>>()
                );
                compared += 1;
            }
        }
        assert!(compared > 10_000, "{compared}");
    }

    /// Which labels of a table (its rows or its columns).
    type SetOf = fn(&TableIndex) -> &LabelSet;

    /// Looked up in all tables at once, a label is found in each table as the table's own set
    /// finds it.
    #[test]
    fn all_tables_find_what_each_table_finds() {
        let written = written_labels();
        let mut found_somewhere = 0;
        for t in 0..crate::knowledge::Knowledge::get().templates.len() {
            let idx = index(t);
            let kinds: [(&AllTables, SetOf); 2] = [
                (&idx.all_rows, |t| &t.rows),
                (&idx.all_columns, |t| &t.columns),
            ];
            for (all, set_of) in kinds {
                let mut found = vec![None; all.tables()];
                for w in &written {
                    let k = key(w);
                    all.find_keyed(w, &k, &mut found);
                    for (table, each) in idx.tables.iter().enumerate() {
                        assert_eq!(
                            found[table],
                            set_of(each).find_keyed(w, &k),
                            "{w:?} in {table}"
                        );
                    }
                    found_somewhere += usize::from(found.iter().any(Option::is_some));
                }
            }
        }
        assert!(found_somewhere > 1_000, "{found_somewhere}");
    }
}
