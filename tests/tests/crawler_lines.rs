//! Crawler text with one cell per line, generated from the project's own example: CR-only
//! (`\r`) line ends, blank lines between cells, empty cells dropped, and (second test) no title
//! line, the page naming the report only in an `附件：…年度报告` line at its end.

mod common;

use nianbao_tests::root;

fn example() -> String {
    std::fs::read_to_string(root().join("examples/clean-2024.nianbao")).expect("example")
}

/// The example's body as a crawler scrapes it: each heading, paragraph and non-empty table cell
/// on its own line, lines ended by a bare `\r` with a blank line between them.
fn one_cell_per_line(markup: &str, keep_title: bool) -> String {
    let body = markup.splitn(3, "---").nth(2).expect("front matter");
    let mut lines = Vec::new();
    let mut in_comment = false;
    for line in body.lines() {
        let t = line.trim();
        if t.starts_with("<!--") {
            in_comment = !t.ends_with("-->");
            continue;
        }
        if in_comment {
            in_comment = !t.ends_with("-->");
            continue;
        }
        if t.is_empty() || (t.starts_with("| -") || t.starts_with("|--")) {
            continue;
        }
        if let Some(row) = t.strip_prefix('|') {
            if row.trim_start().starts_with('-') {
                continue;
            }
            lines.extend(
                row.trim_end_matches('|')
                    .split('|')
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(str::to_string),
            );
        } else if t.starts_with("# ") && !keep_title {
            continue;
        } else {
            lines.push(t.trim_start_matches('#').trim().to_string());
        }
    }
    lines.join("\r\r") + "\r"
}

fn import(text: &str) -> nianbao_convert::Imported {
    let options = nianbao_convert::Options {
        source_name: "crawler.txt",
        ..Default::default()
    };
    nianbao_convert::import(text.as_bytes(), &options).unwrap_or_else(|e| panic!("{e:?}"))
}

#[test]
fn cr_only_lines_with_blank_lines_import_every_number_in_place() {
    let markup = example();
    let text = one_cell_per_line(&markup, true);
    assert!(!text.contains('\n'), "the generated text uses CR only");
    let imported = import(&text);
    assert_eq!(common::cells(&imported.markup), common::cells(&markup));
    assert_eq!(
        common::findings(&imported.markup),
        common::findings(&markup),
        "check finds the same on the import as on the example"
    );
}

#[test]
fn organ_and_year_come_from_the_attachment_line_and_are_noted() {
    let markup = example();
    let text =
        one_cell_per_line(&markup, false) + "\r附件：某市某某局2024年政府信息公开工作年度报告\r";
    let imported = import(&text);
    assert!(
        imported.markup.contains("机关: 某市某某局\n年度: 2024\n"),
        "{}",
        &imported.markup[..300.min(imported.markup.len())]
    );
    assert!(imported.notes.iter().any(|n| n.inferred.is_some()
        && n.message
            .contains("某市某某局2024年政府信息公开工作年度报告")));
    assert_eq!(common::cells(&imported.markup), common::cells(&markup));
    // The inference is shown to the user as information (NB230); nothing else differs but the
    // missing title.
    let only_import: Vec<_> = common::findings(&imported.markup)
        .difference(&common::findings(&markup))
        .cloned()
        .collect();
    assert!(
        only_import
            .iter()
            .all(|(code, _)| code == "NB230" || code == "NB222"),
        "{only_import:?}"
    );
}

#[test]
fn damaged_labels_are_matched_and_noted() {
    let markup = example();
    // A character dropped (行政规范文件), and a label cut short.
    let text = one_cell_per_line(&markup, true)
        .replace("\r行政规范性文件\r", "\r行政规范文件\r")
        .replace(
            "\r1.本机关不掌握相关政府信息\r",
            "\r1.本机关不掌握相关政府信\r",
        );
    assert!(text.contains("\r行政规范文件\r") && text.contains("政府信\r"));
    let imported = import(&text);
    assert_eq!(common::cells(&imported.markup), common::cells(&markup));
    assert!(imported.notes.iter().any(|n| n.inferred.is_some()
        && n.message.contains("行政规范文件")
        && n.message.contains("行政规范性文件")));
    let errors: Vec<_> = common::findings(&imported.markup)
        .into_iter()
        .filter(|(code, _)| code.starts_with("NB1"))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}
