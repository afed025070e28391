//! Markdown as PDF converters print a report's tables in pieces, generated from the examples:
//! `check` must give each example's own findings on it (its arithmetic errors included), plus
//! notes (NB230) for what it joined and placed, and no missing or duplicate table or row.
//!
//! The shapes are written by `common/shapes.rs`.

mod common;

use common::shapes::{row_groups, shredded};
use common::{cells, examples, findings, is_row};
use nianbao_core::Finding;

/// The findings as (code, message), sorted: notes of inference aside, and the spellings of the
/// labels the generators rewrite (NB219), and the organ, which without front matter is read
/// from a title that may not name it (NB221).
fn comparable(found: &[Finding]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = found
        .iter()
        .filter(|f| !matches!(f.code, "NB219" | "NB221" | "NB230"))
        .map(|f| (f.code.to_string(), f.message.clone()))
        .collect();
    out.sort();
    out
}

fn said(found: &[Finding], code: &str, part: &str) -> usize {
    found
        .iter()
        .filter(|f| f.code == code && f.message.contains(part))
        .count()
}

fn assert_same(name: &str, example: &str, shaped: &str) -> Vec<Finding> {
    let (want, got) = (findings(example), findings(shaped));
    let (want_c, got_c) = (comparable(&want), comparable(&got));
    let only_want: Vec<_> = want_c.iter().filter(|f| !got_c.contains(f)).collect();
    let only_got: Vec<_> = got_c.iter().filter(|f| !want_c.contains(f)).collect();
    assert_eq!(
        want_c, got_c,
        "{name}: only in the example {only_want:?}; only in the converted {only_got:?}\n{shaped}"
    );
    got
}

#[test]
fn tables_printed_one_per_row_group_give_the_examples_findings_plus_notes() {
    for (name, text) in examples() {
        if !text.contains("自然人") {
            continue;
        }
        let shaped = row_groups(&text);
        let got = assert_same(&name, &text, &shaped);
        // Table 三 and table 四 joined, table 四's three rows labelled by their headings.
        assert_eq!(said(&got, "NB230", "张小表"), 2, "{name}: {got:#?}");
        assert_eq!(said(&got, "NB230", "以此标题"), 3, "{name}: {got:#?}");
    }
}

#[test]
fn shredded_headers_and_loose_labels_give_the_examples_findings_plus_notes() {
    let mut shredded_any = false;
    for (name, text) in examples() {
        if !text.contains("自然人") {
            continue;
        }
        let shaped = shredded(&text, None);
        let got = assert_same(&name, &text, &shaped);
        assert_eq!(said(&got, "NB230", "每行 5 格"), 1, "{name}: {got:#?}");
        let figures_alone = shaped
            .lines()
            .filter(|l| {
                let c = cells(l);
                is_row(l) && c.len() == 7 && c.iter().all(|x| x.parse::<u64>().is_ok())
            })
            .count();
        if figures_alone == 0 {
            continue;
        }
        shredded_any = true;
        // Each row of figures alone placed by order, and the columns under the shredded header.
        assert!(
            said(&got, "NB230", "按模板顺序推断此处为") >= figures_alone + 7,
            "{name}: {figures_alone} rows of figures alone: {got:#?}"
        );
    }
    assert!(shredded_any, "no example was shredded");
}

fn clean() -> String {
    examples()
        .into_iter()
        .find(|(name, _)| name.ends_with("clean-2024.nianbao"))
        .expect("the clean example")
        .1
}

#[test]
fn labels_printed_near_the_table_place_rows_the_order_leaves_open() {
    // 2.其他法律行政法规禁止公开 is lost, figures and label: the four rows of figures alone
    // between 1.属于国家秘密 and 7.属于行政执法案卷 have five places, and their printed labels
    // name four of them.
    let got = findings(&shredded(&clean(), Some(("禁止公开", false))));
    assert_eq!(said(&got, "NB230", "印在表格近旁的标签推断"), 4, "{got:#?}");
    assert_eq!(said(&got, "NB207", "禁止公开"), 1, "{got:#?}");
    assert_eq!(said(&got, "NB208", ""), 0, "{got:#?}");
}

#[test]
fn a_loose_label_that_fits_more_than_one_way_is_reported_not_guessed() {
    // Its figures are lost but its label is printed: five labels for four rows of figures.
    let got = findings(&shredded(&clean(), Some(("禁止公开", true))));
    assert_eq!(
        said(&got, "NB208", "印在表格近旁的标签对得上其中 5 行"),
        4,
        "{got:#?}"
    );
    assert_eq!(said(&got, "NB230", "印在表格近旁的标签推断"), 0, "{got:#?}");
    assert!(!got
        .iter()
        .any(|f| f.code == "NB230" && f.message.contains("危及")));
}

#[test]
fn a_table_printed_twice_is_not_joined_into_one() {
    // The pieces of the second copy hold rows the first holds: two tables, one a duplicate.
    let once = row_groups(&clean());
    let start = once.find("## 三、").expect("section 三");
    let end = once.find("## 四、").expect("section 四");
    let twice = format!("{}{}{}", &once[..end], &once[start..end], &once[end..]);
    let got = findings(&twice);
    assert_eq!(
        said(&got, "NB206", "收到和处理政府信息公开申请情况"),
        1,
        "{got:#?}"
    );
}

#[test]
fn markup_with_front_matter_is_not_read_as_tables_in_pieces() {
    // Our own markup writes each table whole: pieces of it are reported as they stand.
    let clean = clean();
    let front_matter = &clean[..clean.find("\n---\n").expect("front matter") + "\n---\n".len()];
    let got = findings(&format!("{front_matter}{}", row_groups(&clean)));
    assert!(said(&got, "NB206", "") > 0, "{got:#?}");
    assert_eq!(said(&got, "NB230", "张小表"), 0, "{got:#?}");
}
