//! The template's labels folded for matching, with the core's own matcher
//! (`nianbao_core::model::labels`): the importer recognises exactly what the checker recognises.

use nianbao_core::knowledge::template::{TableSpec, Template};
use nianbao_core::knowledge::Knowledge;
use nianbao_core::model::labels::{self, Spelling};
use nianbao_core::model::{self, TemplateIndex};
use nianbao_core::normalize::{key, ordinal};
use nianbao_core::Lang;

pub struct Index {
    pub template: &'static Template,
    /// The language of the notes and refusals: every reader that places labels by this index
    /// also says what it did.
    pub lang: Lang,
    /// Its place in `Knowledge::templates`.
    template_no: usize,
    /// The core's own folded labels of the template.
    labels: &'static TemplateIndex,
    /// Per table: the group headers printed over columns (法人或其他组织), folded.
    column_groups: Vec<Vec<String>>,
}

impl Index {
    pub fn new(template: &'static Template, lang: Lang) -> Index {
        let position = Knowledge::get()
            .templates
            .iter()
            .position(|t| std::ptr::eq(t, template));
        let template_no = position.unwrap_or(0);
        let labels = model::index(template_no);
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
            lang,
            template_no,
            labels,
            column_groups,
        }
    }

    /// Picks the text in the message language.
    pub fn say(&self, zh: impl Into<String>, en: impl Into<String>) -> String {
        crate::say(self.lang, zh, en)
    }

    pub fn table_count(&self) -> usize {
        self.labels.tables.len()
    }

    /// Whether folded `k` is a group header printed over columns of `table`.
    pub fn is_column_group(&self, table: usize, k: &str) -> bool {
        self.column_groups[table].iter().any(|g| g == k)
    }

    /// The section a heading line names, if it is one, as the checker reads headings
    /// (`model::section_heading`); an ordinal, when written, must be the section's own, so a
    /// line numbered otherwise stays text.
    pub fn section(&self, text: &str) -> Option<usize> {
        if text.chars().count() > 40 {
            return None;
        }
        let (s, _) = model::section_heading(text, self.template_no)?;
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
        labels::find_damaged(text, &self.labels.tables[table].rows)
    }

    pub fn column_spelled(&self, table: usize, text: &str) -> Option<(usize, Spelling)> {
        labels::find(text, &self.labels.tables[table].columns)
    }

    pub fn spec(&self, table: usize) -> &'static TableSpec {
        &self.template.tables[table]
    }
}
