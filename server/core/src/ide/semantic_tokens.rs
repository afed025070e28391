//! Semantic tokens, for editors without the tree-sitter grammar: what each piece of a report is,
//! as the checker understands it (a recognised row label, a computed total, a blank…).

use crate::check::relations;
use crate::ide::cell_of;
use crate::model::labels::Spelling;
use crate::model::Report;
use crate::syntax::{Block, Span};
use crate::value::Value;
use std::collections::HashSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    Title,
    Section,
    /// A `第二十条第（X）项` heading.
    Block,
    /// Any other heading.
    Heading,
    FrontMatterKey,
    FrontMatterValue,
    ColumnLabel,
    RowLabel,
    Number,
    /// `待核`, `?`.
    Review,
    /// `—`, `/`, `无`: a blank written as a placeholder.
    Placeholder,
    /// A value that is not a number.
    Invalid,
    Comment,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub range: Span,
    pub kind: TokenKind,
    /// A number the template computes from others (a total or subtotal).
    pub computed: bool,
    /// A label written other than the template spells it.
    pub variant: bool,
}

/// Tokens in document order, not overlapping; with `range`, only those that touch it.
pub fn tokens(text: &str, report: &Report, range: Option<Span>) -> Vec<Token> {
    let computed: HashSet<relations::Cell> = relations::instances(report)
        .into_iter()
        .map(|i| i.target)
        .collect();
    let mut out = Vec::new();
    let mut push = |range: Span, kind: TokenKind, computed: bool, variant: bool| {
        if !range.is_empty() {
            out.push(Token {
                range,
                kind,
                computed,
                variant,
            });
        }
    };
    let sections: HashSet<usize> = report.sections.iter().map(|s| s.label.start).collect();
    let blocks: HashSet<usize> = report
        .tables
        .iter()
        .filter_map(|t| t.block_heading.as_ref().map(|b| b.start))
        .collect();
    let mut tables = report.tables.iter().enumerate();
    for block in &report.blocks {
        match block {
            Block::FrontMatter(fm) => {
                for field in &fm.fields {
                    push(field.key.clone(), TokenKind::FrontMatterKey, false, false);
                    if let Some(value) = &field.value {
                        push(value.clone(), TokenKind::FrontMatterValue, false, false);
                    }
                }
            }
            Block::Heading(h) => {
                let Some(content) = h.content.clone() else {
                    continue;
                };
                let kind = if report.title.as_ref() == Some(&content) {
                    TokenKind::Title
                } else if sections.contains(&content.start) {
                    TokenKind::Section
                } else if blocks.contains(&content.start) {
                    TokenKind::Block
                } else {
                    TokenKind::Heading
                };
                push(content, kind, false, false);
            }
            Block::Comment(c) => push(c.clone(), TokenKind::Comment, false, false),
            Block::Table(_) => {
                // Tables are bound in document order, one per table block.
                let Some((t, table)) = tables.next() else {
                    continue;
                };
                for column in &table.columns {
                    if column.spec.is_some() {
                        push(
                            column.label.clone(),
                            TokenKind::ColumnLabel,
                            false,
                            column.spelling != Spelling::Canonical,
                        );
                    }
                }
                for row in &table.rows {
                    if row.spec.is_some() {
                        push(
                            row.label.clone(),
                            TokenKind::RowLabel,
                            false,
                            row.spelling != Spelling::Canonical,
                        );
                    }
                    for cell in &row.cells {
                        let is_computed =
                            cell_of(report, t, row, cell).is_some_and(|c| computed.contains(&c));
                        let kind = match cell.value {
                            Value::Number(_) => TokenKind::Number,
                            Value::Review => TokenKind::Review,
                            Value::Missing if !text[cell.range.clone()].trim().is_empty() => {
                                TokenKind::Placeholder
                            }
                            Value::Missing => continue,
                            Value::Invalid => TokenKind::Invalid,
                        };
                        push(cell.range.clone(), kind, is_computed, false);
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(range) = range {
        out.retain(|t| t.range.start < range.end.max(range.start + 1) && range.start < t.range.end);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::test_support::{at, example};
    use crate::Config;

    #[test]
    fn classifies_labels_numbers_and_totals() {
        let text = example("seed-002-fengquan.nianbao");
        let tokens = tokens(
            &text,
            &crate::analyze(&text, &Config::default()).report,
            None,
        );
        let kind_at = |offset: usize| {
            tokens
                .iter()
                .find(|t| t.range.start <= offset && offset < t.range.end)
                .map(|t| (t.kind, t.computed, t.variant))
        };
        assert_eq!(
            kind_at(at(&text, "三、收到和处理", 0, 0)),
            Some((TokenKind::Section, false, false))
        );
        assert_eq!(
            kind_at(at(&text, "第二十条第（五）项", 0, 0)),
            Some((TokenKind::Block, false, false))
        );
        assert_eq!(
            kind_at(at(&text, "| (一) 予以公开", 0, 2)),
            Some((TokenKind::RowLabel, false, true))
        );
        assert_eq!(
            kind_at(at(&text, "机关", 0, 0)),
            Some((TokenKind::FrontMatterKey, false, false))
        );
        let total_row = at(&text, "| (七) 总计", 0, 0);
        let five = total_row + text[total_row..].find('5').unwrap();
        assert_eq!(kind_at(five), Some((TokenKind::Number, true, false)));
        for pair in tokens.windows(2) {
            assert!(
                pair[0].range.end <= pair[1].range.start,
                "ordered and disjoint"
            );
        }
    }
}
