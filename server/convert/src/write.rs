//! The imported report as `.nianbao` markup (docs/markup.md), tables aligned by the core's
//! formatter.

use crate::build::{Block, Table};
use crate::index::Index;
use crate::{Inference, Note};
use nianbao_core::format;
use std::fmt::Write;

#[derive(Default)]
pub struct Meta<'a> {
    pub source: &'a str,
    pub layout: &'a str,
    pub encoding: &'a str,
    pub organization: Option<String>,
    pub year: Option<String>,
}

/// The organ and year a title names, as the checker reads them from a title
/// (`nianbao_core::model::organ_and_year`).
pub fn from_title(title: &str) -> (Option<String>, Option<String>) {
    let (organ, year) = nianbao_core::model::organ_and_year(title);
    (organ.map(|o| o.0), year.map(|y| y.0))
}

pub fn markup(blocks: &[Block], notes: &[Note], index: &Index, meta: &Meta) -> String {
    let mut out = String::from("---\n");
    if let Some(org) = &meta.organization {
        let _ = writeln!(out, "机关: {org}");
    }
    if let Some(year) = &meta.year {
        let _ = writeln!(out, "年度: {year}");
    }
    let _ = writeln!(out, "模板: {}\n---\n", index.template.id);
    let _ = writeln!(
        out,
        "<!--\nimported by `nianbao import` from {} (layout: {}, encoding: {})",
        comment(meta.source),
        meta.layout,
        meta.encoding
    );
    for note in notes {
        match &note.at {
            Some(at) => {
                let _ = writeln!(out, "- {at}: {}", comment(&note.message));
            }
            None => {
                let _ = writeln!(out, "- {}", comment(&note.message));
            }
        }
    }
    out.push_str("-->\n\n");
    inferences(&mut out, notes, Inference::Report);
    if !blocks.iter().any(|b| matches!(b, Block::Title(_))) {
        if let (Some(org), Some(year)) = (&meta.organization, &meta.year) {
            let _ = write!(out, "<!-- the source has no title; written by the importer from the organ and year -->\n# {org}{year}年政府信息公开工作年度报告\n\n");
        }
    }
    for block in blocks {
        match block {
            Block::Title(t) => {
                let _ = write!(out, "# {}\n\n", inline(t));
            }
            Block::Heading { text, restored, .. } => {
                if *restored {
                    out.push_str(
                        "<!-- the source lost this heading; restored by the importer -->\n",
                    );
                }
                let _ = write!(out, "## {}\n\n", inline(text));
            }
            Block::Paragraph(p) => {
                let _ = write!(out, "{}\n\n", paragraph(p));
            }
            Block::Table(t) => table(&mut out, t, notes, index),
        }
    }
    format::format(out.trim_end_matches('\n'))
        .trim_end()
        .to_string()
        + "\n"
}

fn table(out: &mut String, t: &Table, notes: &[Note], index: &Index) {
    let spec = index.spec(t.spec);
    if let Some(canonical) = &spec.block {
        match &t.block {
            Some(b) => {
                let _ = write!(out, "### {}\n\n", inline(b));
            }
            None => {
                let _ = write!(out, "<!-- the source has no block heading here; restored by the importer -->\n### {canonical}\n\n");
            }
        }
    }
    inferences(out, notes, Inference::Table(t.spec));
    if let Some(note) = &t.note {
        let _ = write!(
            out,
            "<!-- the table's printed note: {} -->\n\n",
            comment(note)
        );
    }
    let label_header = t
        .label_header
        .clone()
        .or_else(|| spec.label_header.clone())
        .unwrap_or_else(|| {
            if spec.id == "B" {
                "申请人情况".into()
            } else {
                "类别".into()
            }
        });
    let _ = write!(out, "| {} |", cell(&label_header));
    for (_, label) in &t.columns {
        let _ = write!(out, " {} |", cell(label));
    }
    out.push_str("\n| --- |");
    out.push_str(&" ---: |".repeat(t.columns.len()));
    out.push('\n');
    for row in &t.rows {
        let _ = write!(out, "| {} |", cell(&row.label));
        for i in 0..t.columns.len() {
            let _ = write!(
                out,
                " {} |",
                cell(row.cells.get(i).map_or("", String::as_str))
            );
        }
        out.push('\n');
    }
    out.push('\n');
}

/// A cell may not hold a pipe, which would split it.
fn cell(s: &str) -> String {
    s.replace('|', "｜")
}

/// Text that must stay one paragraph: a leading `#`, `|` or `---` would make it something else.
fn paragraph(s: &str) -> String {
    let s = inline(s);
    match s.chars().next() {
        Some('#') => format!("＃{}", &s[1..]),
        Some('|') => format!("｜{}", &s[1..]),
        _ if s.starts_with("---") || s.starts_with("<!--") => format!("\u{200b}{s}"),
        _ => s,
    }
}

fn inline(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

/// The inferences about `place`, each as a comment of its own that `check` reports (NB230).
fn inferences(out: &mut String, notes: &[Note], place: Inference) {
    for note in notes.iter().filter(|n| n.inferred == Some(place)) {
        let at = note
            .at
            .as_ref()
            .map(|at| format!("（{at}）"))
            .unwrap_or_default();
        let _ = write!(
            out,
            "<!-- {}{}{at} -->\n\n",
            nianbao_core::check::imported::MARK,
            comment(&note.message)
        );
    }
}

/// Text inside `<!-- -->`, which must not close it early.
fn comment(s: &str) -> String {
    s.replace("--", "－－")
}

#[cfg(test)]
mod tests {
    use super::{from_title, markup, Meta};
    use crate::index::Index;
    use crate::{Note, Place};
    use nianbao_core::knowledge::Knowledge;

    #[test]
    fn inferences_become_comments_that_check_reports() {
        let template = Knowledge::get().template("2021").expect("bundled template");
        let notes = [
            Note::inferred(
                Some(Place::Text { line: 3, column: 1 }),
                "模板按表格所用标签判定",
            ),
            Note::new(None, "dropped page furniture “— 1 —”"),
        ];
        let meta = Meta {
            source: "x.txt",
            layout: "lines",
            encoding: "UTF-8",
            organization: None,
            year: None,
        };
        let out = markup(&[], &notes, &Index::new(template), &meta);
        assert!(
            out.contains("<!-- 导入推断：模板按表格所用标签判定（3:1） -->"),
            "{out}"
        );
        let analysis = nianbao_core::analyze(&out, &Default::default());
        let inferred: Vec<_> = analysis
            .findings
            .iter()
            .filter(|f| f.code == "NB230")
            .collect();
        assert_eq!(inferred.len(), 1, "{:?}", analysis.findings);
        assert!(inferred[0].message.contains("模板按表格所用标签判定"));
    }

    #[test]
    fn organ_and_year_from_titles() {
        assert_eq!(
            from_title("凤泉区人民政府办公室 2024 年政府信息公开工作年度报告"),
            (Some("凤泉区人民政府办公室".into()), Some("2024".into()))
        );
        assert_eq!(
            from_title("2024年政府信息公開工作年度報告"),
            (None, Some("2024".into()))
        );
    }
}
