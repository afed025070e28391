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
    let (source, layout, encoding) = (comment(meta.source), meta.layout, meta.encoding);
    let _ = writeln!(
        out,
        "<!--\n{}",
        index.say(
            format!("由 `nianbao import` 从 {source} 导入（版式：{layout}，编码：{encoding}）"),
            format!("imported by `nianbao import` from {source} (layout: {layout}, encoding: {encoding})"),
        )
    );
    let colon = index.say("：", ": ");
    for note in notes {
        match &note.at {
            Some(at) => {
                let at = at.show(index.lang);
                let _ = writeln!(out, "- {at}{colon}{}", comment(&note.message));
            }
            None => {
                let _ = writeln!(out, "- {}", comment(&note.message));
            }
        }
    }
    out.push_str("-->\n\n");
    inferences(&mut out, notes, Inference::Report, index);
    if !blocks.iter().any(|b| matches!(b, Block::Title(_))) {
        if let (Some(org), Some(year)) = (&meta.organization, &meta.year) {
            let why = index.say(
                "原件没有标题；此标题是导入时按机关和年度写出的",
                "the source has no title; written by the importer from the organ and year",
            );
            let _ = write!(
                out,
                "<!-- {why} -->\n# {org}{year}年政府信息公开工作年度报告\n\n"
            );
        }
    }
    for block in blocks {
        match block {
            Block::Title(t) => {
                let _ = write!(out, "# {}\n\n", inline(t));
            }
            Block::Heading { text, restored, .. } => {
                if *restored {
                    let why = index.say(
                        "原件缺少此标题，导入时补上",
                        "the source lost this heading; restored by the importer",
                    );
                    let _ = writeln!(out, "<!-- {why} -->");
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
                let why = index.say(
                    "原件此处没有这一项的标题，导入时补上",
                    "the source has no block heading here; restored by the importer",
                );
                let _ = write!(out, "<!-- {why} -->\n### {canonical}\n\n");
            }
        }
    }
    inferences(out, notes, Inference::Table(t.spec), index);
    if let Some(note) = &t.note {
        let printed = index.say("表格原印的说明：", "the table's printed note: ");
        let _ = write!(out, "<!-- {printed}{} -->\n\n", comment(note));
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
fn inferences(out: &mut String, notes: &[Note], place: Inference, index: &Index) {
    for note in notes.iter().filter(|n| n.inferred == Some(place)) {
        let at = note
            .at
            .as_ref()
            .map(|at| format!("（{}）", at.show(index.lang)))
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
    use crate::{Lang, Note, Place};
    use nianbao_core::knowledge::Knowledge;

    /// In either language the inference keeps its marker, so `check` reads it back (NB230) in
    /// either language of its own.
    #[test]
    fn inferences_become_comments_that_check_reports() {
        let template = Knowledge::get().template("2021").expect("bundled template");
        let table = Place::Cell {
            table: 2,
            row: 1,
            cell: 3,
        };
        for (lang, inferred, place, header) in [
            (
                Lang::Zh,
                "模板按表格所用标签判定",
                "第2个表格第1行第3格",
                "由 `nianbao import` 从 x.txt 导入（版式：lines，编码：UTF-8）",
            ),
            (
                Lang::En,
                "template chosen by the tables' labels",
                "table 2, row 1, cell 3",
                "imported by `nianbao import` from x.txt (layout: lines, encoding: UTF-8)",
            ),
        ] {
            let notes = [
                Note::inferred(Some(Place::Text { line: 3, column: 1 }), inferred),
                Note::inferred(Some(table.clone()), inferred),
                Note::new(None, "— 1 —"),
            ];
            let meta = Meta {
                source: "x.txt",
                layout: "lines",
                encoding: "UTF-8",
                organization: None,
                year: None,
            };
            let out = markup(&[], &notes, &Index::new(template, lang), &meta);
            assert!(out.contains(header), "{out}");
            assert!(
                out.contains(&format!("<!-- 导入推断：{inferred}（3:1） -->")),
                "{out}"
            );
            assert!(
                out.contains(&format!("<!-- 导入推断：{inferred}（{place}） -->")),
                "{out}"
            );
            for check_lang in [Lang::Zh, Lang::En] {
                let config = nianbao_core::Config {
                    lang: check_lang,
                    ..Default::default()
                };
                let analysis = nianbao_core::analyze(&out, &config);
                let found: Vec<_> = analysis
                    .findings
                    .iter()
                    .filter(|f| f.code == "NB230")
                    .collect();
                assert_eq!(found.len(), 2, "{:?}", analysis.findings);
                assert!(found.iter().all(|f| f.message.contains(inferred)));
            }
        }
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
