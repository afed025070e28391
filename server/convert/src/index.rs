//! The template's labels folded for matching, with the core's own matcher
//! (`nianbao_core::model::labels`): the importer recognises exactly what the checker recognises.

use nianbao_core::knowledge::template::{TableSpec, Template};
use nianbao_core::knowledge::Knowledge;
use nianbao_core::model::labels::{self, Spelling};
use nianbao_core::model::{self, TemplateIndex};
use nianbao_core::normalize::{key, ordinal, strip_ordinal};

pub struct Index {
    pub template: &'static Template,
    /// The core's own folded labels of the template.
    labels: &'static TemplateIndex,
    /// Per table: the group headers printed over columns (法人或其他组织), folded.
    column_groups: Vec<Vec<String>>,
}

impl Index {
    pub fn new(template: &'static Template) -> Index {
        let position = Knowledge::get()
            .templates
            .iter()
            .position(|t| std::ptr::eq(t, template));
        let labels = model::index(position.unwrap_or(0));
        let column_groups = template
            .tables
            .iter()
            .map(|t| {
                let mut groups: Vec<String> = t
                    .columns
                    .iter()
                    .filter_map(|c| c.group.as_deref().map(key))
                    .collect();
                groups.dedup();
                groups
            })
            .collect();
        Index {
            template,
            labels,
            column_groups,
        }
    }

    pub fn table_count(&self) -> usize {
        self.labels.tables.len()
    }

    /// Whether folded `k` is a group header printed over columns of `table`.
    pub fn is_column_group(&self, table: usize, k: &str) -> bool {
        self.column_groups[table].iter().any(|g| g == k)
    }

    /// The section a heading line names, if it is one: the whole line must be the title, and an
    /// ordinal, when written, must be the section's own (`（二）依申请公开` is a sub-head).
    pub fn section(&self, text: &str) -> Option<usize> {
        if text.chars().count() > 40 {
            return None;
        }
        let (s, _) = labels::find(text, &self.labels.sections)?;
        let written = key(text);
        let number = &self.template.sections[s].number;
        let ord = ordinal(&written);
        (ord.is_empty() || ord == number).then_some(s)
    }

    /// The template table a `第二十条第（X）项` heading opens.
    pub fn block(&self, text: &str) -> Option<usize> {
        labels::find(text, &self.labels.blocks)
            .filter(|(_, s)| *s != Spelling::Truncated)
            .map(|(i, _)| self.labels.block_tables[i])
    }

    pub fn row(&self, table: usize, text: &str) -> Option<usize> {
        self.row_spelled(table, text).map(|(r, _)| r)
    }

    pub fn column(&self, table: usize, text: &str) -> Option<usize> {
        self.column_spelled(table, text).map(|(c, _)| c)
    }

    /// The row and how it was recognised (a truncated label may be continued on the next line).
    pub fn row_spelled(&self, table: usize, text: &str) -> Option<(usize, Spelling)> {
        labels::find(text, &self.labels.tables[table].rows)
    }

    /// The row whose label `text` is with one character dropped, added or misread (OCR: 沐 for
    /// 沭): only for labels of five characters or more, and only when one row is that close.
    pub fn row_damaged(&self, table: usize, text: &str) -> Option<usize> {
        let written = key(text);
        let written: Vec<char> = strip_ordinal(&written).chars().collect();
        if written.len() < 5 {
            return None;
        }
        let mut found = None;
        for (r, row) in self.template.tables[table].rows.iter().enumerate() {
            let label = key(&row.label);
            let label: Vec<char> = strip_ordinal(&label).chars().collect();
            if one_edit(&written, &label) {
                if found.is_some() {
                    return None;
                }
                found = Some(r);
            }
        }
        found
    }

    pub fn column_spelled(&self, table: usize, text: &str) -> Option<(usize, Spelling)> {
        labels::find(text, &self.labels.tables[table].columns)
    }

    pub fn spec(&self, table: usize) -> &'static TableSpec {
        &self.template.tables[table]
    }
}

/// Whether `a` becomes `b` by exactly one character dropped, added or replaced.
fn one_edit(a: &[char], b: &[char]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 || a == b {
        return false;
    }
    let head = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if short.len() == long.len() {
        short[head + 1..] == long[head + 1..]
    } else {
        short[head..] == long[head + 1..]
    }
}

#[cfg(test)]
mod tests {
    use super::one_edit;

    fn edit(a: &str, b: &str) -> bool {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        one_edit(&a, &b)
    }

    #[test]
    fn one_character_dropped_added_or_misread() {
        assert!(edit("行政规范文件", "行政规范性文件"));
        assert!(edit("沐阳县人民政府", "沭阳县人民政府"));
        assert!(edit("行政规范性性文件", "行政规范性文件"));
        assert!(!edit("行政规范性文件", "行政规范性文件"));
        assert!(!edit("行政文件", "行政规范性文件"));
    }
}
