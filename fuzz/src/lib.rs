//! What every fuzz target asserts beyond "no panic, no hang, bounded memory" (which libFuzzer
//! enforces with -timeout and -rss_limit_mb): whatever the input, the core's answers point
//! into the text, and fmt keeps every label and number.

use nianbao_core::syntax::{self, Block};
use nianbao_core::Finding;

/// Every range of every finding, related note and fix edit lies in `text`, on character
/// boundaries, and every fix can be applied.
pub fn findings_are_well_formed(text: &str, findings: &[Finding]) {
    let valid = |r: &std::ops::Range<usize>| {
        r.start <= r.end
            && r.end <= text.len()
            && text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end)
    };
    for f in findings {
        assert!(valid(&f.range), "{} at {:?}", f.code, f.range);
        for related in &f.related {
            assert!(
                valid(&related.range),
                "{} related {:?}",
                f.code,
                related.range
            );
        }
        for fix in &f.fixes {
            for edit in &fix.edits {
                assert!(valid(&edit.range), "{} edit {:?}", f.code, edit.range);
            }
            nianbao_core::fix::apply_edits(text, &fix.edits);
        }
    }
}

/// What a document says: each table's cell contents row by row, any other block's text.
pub fn content(text: &str) -> Vec<Vec<String>> {
    let tree = syntax::parse(text, None);
    syntax::blocks(&tree, text)
        .into_iter()
        .map(|block| match block {
            Block::Table(t) => std::iter::once(&t.header)
                .chain(&t.rows)
                .flat_map(|row| {
                    std::iter::once("|".to_string())
                        .chain(row.cells.iter().map(|c| c.text(text).to_string()))
                })
                .chain(t.stray.iter().map(|s| text[s.clone()].to_string()))
                .collect(),
            Block::Heading(h) => vec![text[h.range].to_string()],
            Block::Paragraph(p) => vec![text[p.range].to_string()],
            Block::FrontMatter(f) => vec![text[f.range].to_string()],
            Block::Comment(c) | Block::Error(c) => vec![text[c].to_string()],
        })
        .collect()
}
