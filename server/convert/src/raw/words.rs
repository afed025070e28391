//! What a piece of text in a table's stretch is: a whole label of the table (a row, a column,
//! a column group), a piece of one (a label broken over lines, or a layout cell such as
//! 申请人情况), the beginning of the printed 勾稽关系 note, or none of these — text that is no
//! part of the table.

use super::region::Region;
use crate::index::Index;
use nianbao_core::knowledge::template::TableSpec;
use nianbao_core::normalize::key;

/// Header cells that are neither a column nor a row but belong to the printed table's layout
/// (the same list the table reader knows).
const LAYOUT_CELLS: &[&str] = &[
    "申请人情况",
    "信息内容",
    "类别",
    "项目",
    "行政诉讼",
    "行政复议和行政诉讼情况",
];

/// The official wording of the note printed in table 三's header; a report's own wording is
/// read as a note too when it starts the same way.
const NOTE: &str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

/// The folded labels of one template table, with which pieces are told apart.
pub struct Words<'a> {
    index: &'a Index,
    spec: usize,
    /// Every label of the table folded: rows, columns and their variants, column groups, the
    /// block heading, layout cells, the note.
    labels: Vec<String>,
}

impl<'a> Words<'a> {
    pub fn new(index: &'a Index, spec: usize) -> Words<'a> {
        let table: &TableSpec = index.spec(spec);
        let mut labels: Vec<String> = LAYOUT_CELLS.iter().map(|l| key(l)).collect();
        labels.push(key(NOTE));
        labels.extend(table.block.iter().map(|b| key(b)));
        for row in &table.rows {
            labels.push(key(&row.label));
            labels.extend(row.variants.iter().map(|v| key(v)));
        }
        for column in &table.columns {
            labels.push(key(&column.label));
            labels.extend(column.variants.iter().map(|v| key(v)));
            labels.extend(column.group.iter().map(|g| key(g)));
        }
        Words {
            index,
            spec,
            labels,
        }
    }

    /// Whether `text` is a label of the table or a piece of one (pure punctuation included).
    pub fn is_table_text(&self, text: &str) -> bool {
        let k = key(text);
        k.is_empty() || self.labels.iter().any(|l| l.contains(&k)) || self.starts_note(text)
    }

    /// Whether `text` is a piece of the header only: of a column label, a column group or a
    /// layout cell, and of no row label (`维持`, `审结`; not `其他`, which 3.其他 spells too).
    pub fn is_header_piece(&self, text: &str) -> bool {
        let k = key(text);
        if k.is_empty() {
            return false;
        }
        let table = self.index.spec(self.spec);
        let in_header = LAYOUT_CELLS.iter().any(|l| key(l).contains(&k))
            || table.columns.iter().any(|c| {
                std::iter::once(&c.label)
                    .chain(&c.variants)
                    .chain(&c.group)
                    .any(|l| key(l).contains(&k))
            });
        let in_rows = table.rows.iter().any(|r| {
            std::iter::once(&r.label)
                .chain(&r.variants)
                .any(|l| key(l).contains(&k))
        });
        in_header && !in_rows
    }

    /// The template row `text` names, whole or as a recognisable truncation.
    pub fn row(&self, text: &str) -> Option<usize> {
        self.index.row(self.spec, text)
    }

    /// The template column `text` names, or the columns of the group it names.
    pub fn columns(&self, text: &str) -> Vec<usize> {
        if let Some(c) = self.index.column(self.spec, text) {
            return vec![c];
        }
        let k = key(text);
        if !self.index.is_column_group(self.spec, &k) {
            return Vec::new();
        }
        let table = self.index.spec(self.spec);
        (0..table.columns.len())
            .filter(|&c| table.columns[c].group.as_deref().map(key).as_deref() == Some(&k))
            .collect()
    }

    /// The template columns whose label (or a variant) the stretch's text spells, in template
    /// order: each from pieces of its own, taken in reading order though other cells' pieces
    /// stand between them (`商业` `科研` `企业` `机构`). A column the table does not print (seed
    /// 002 has no 其他) is not among them.
    pub fn printed_columns(&self, region: &Region) -> Vec<usize> {
        let keys: Vec<String> = region
            .pieces
            .iter()
            .filter(|p| !p.is_value())
            .map(|p| key(&p.text))
            .collect();
        let mut used = vec![false; keys.len()];
        let table = self.index.spec(self.spec);
        (0..table.columns.len())
            .filter(|&c| {
                let column = &table.columns[c];
                std::iter::once(&column.label)
                    .chain(&column.variants)
                    .any(|label| spell(&key(label), &keys, 0, &mut used, &mut 0))
            })
            .collect()
    }

    /// A layout cell of the header (申请人情况, 信息内容, …), as written.
    pub fn is_layout_cell(&self, text: &str) -> bool {
        let k = key(text);
        LAYOUT_CELLS.iter().any(|l| key(l) == k)
    }

    /// Where the printed note begins: `（本列数据的勾稽关系…`.
    pub fn starts_note(&self, text: &str) -> bool {
        let k = key(text);
        k.starts_with("本列数据") || k.contains("勾稽关系")
    }
}

/// Tries of [`spell`] before it gives up (pieces of one character repeated many times would make
/// the search exponential; a real header is spelled in a few dozen).
const SPELL_BUDGET: usize = 10_000;

/// Whether `label` is spelled by unused pieces from `from` on, concatenated in order; marks
/// them used when it is.
fn spell(label: &str, keys: &[String], from: usize, used: &mut [bool], steps: &mut usize) -> bool {
    if label.is_empty() {
        return true;
    }
    for i in from..keys.len() {
        if used[i] || keys[i].is_empty() || !label.starts_with(keys[i].as_str()) {
            continue;
        }
        *steps += 1;
        if *steps > SPELL_BUDGET {
            return false;
        }
        used[i] = true;
        if spell(&label[keys[i].len()..], keys, i + 1, used, steps) {
            return true;
        }
        used[i] = false;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use nianbao_core::knowledge::Knowledge;

    #[test]
    fn pieces_of_labels_are_the_tables_text() {
        let template = Knowledge::get()
            .template("2021")
            .expect("the 2021 template");
        let index = Index::new(template, nianbao_core::Lang::Zh);
        let b = (0..index.table_count())
            .find(|&t| index.spec(t).id == "B")
            .expect("table B");
        let words = Words::new(&index, b);
        for piece in [
            "不予公",
            "）无",
            "益组织",
            "法人或其他组织",
            "申请人情况",
            "第二项之和",
        ] {
            assert!(words.is_table_text(piece), "{piece}");
        }
        assert!(!words.is_table_text("本年度共收到申请"));
        assert_eq!(words.row("二、上年结转政府信息公开申请数量"), Some(1));
        assert_eq!(words.columns("法人或其他组织"), vec![1, 2, 3, 4, 5]);
        assert_eq!(words.columns("总计"), vec![6]);
    }
}
