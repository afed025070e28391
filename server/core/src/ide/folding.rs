//! Folding ranges: every heading down to the next heading of its level or above, tables,
//! comments and the front matter.

use super::trim_end;
use crate::model::Report;
use crate::syntax::{Block, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoldKind {
    Region,
    Comment,
    FrontMatter,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fold {
    pub range: Span,
    pub kind: FoldKind,
}

/// Folds in document order; a fold that covers one line is left to the caller to drop.
pub fn folds(text: &str, report: &Report) -> Vec<Fold> {
    let blocks = &report.blocks;
    let mut out = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        match block {
            Block::Heading(h) => {
                let end = blocks[i + 1..]
                    .iter()
                    .find_map(|b| match b {
                        Block::Heading(next) if next.level <= h.level => Some(next.range.start),
                        _ => None,
                    })
                    .unwrap_or(text.len());
                out.push(Fold {
                    range: trim_end(text, h.range.start..end),
                    kind: FoldKind::Region,
                });
            }
            Block::Table(t) => out.push(Fold {
                range: trim_end(text, t.range.clone()),
                kind: FoldKind::Region,
            }),
            Block::Comment(c) => out.push(Fold {
                range: trim_end(text, c.clone()),
                kind: FoldKind::Comment,
            }),
            Block::FrontMatter(f) => out.push(Fold {
                range: trim_end(text, f.range.clone()),
                kind: FoldKind::FrontMatter,
            }),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::test_support::example;
    use crate::Config;

    #[test]
    fn folds_sections_tables_and_comments() {
        let text = example("seed-002-fengquan.nianbao");
        let folds = folds(&text, &crate::analyze(&text, &Config::default()).report);
        assert!(folds
            .iter()
            .any(|f| f.kind == FoldKind::FrontMatter && f.range.start == 0));
        assert!(folds.iter().any(|f| f.kind == FoldKind::Comment));
        let section3 = text.find("## 三、").unwrap();
        let fold = folds
            .iter()
            .find(|f| f.range.start == section3)
            .expect("section 三 folds");
        assert!(text[fold.range.clone()].contains("四、结转下年度继续办理"));
        assert!(!text[fold.range.clone()].contains("## 四、"));
    }
}
