//! PDF text in reading order (`pdftotext` without -layout): a table's numbers come in the order
//! its PDF's producer drew them, apart from their labels. Run through the built binary on
//! the examples in the orders real producers give — written by tests/fixtures/make_raw_text.py
//! (tests/fixtures/pdf/raw/) and printed by Chromium and LibreOffice themselves
//! (tests/fixtures/make_printed_pdf.sh: tests/fixtures/pdf/printed/raw/ and libreoffice/) —
//! every number lands where the example has it, with an inference note at each rebuilt table;
//! where the order cannot be proved the import stops at FILE:line:col saying why.

mod common;

use nianbao_tests::{root, run, scratch, stderr};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The note every rebuilt table carries (an NB230 inference in `check`).
const REBUILT: &str = "导入推断：本表的数字与标签在原文中分开排列";

fn values(text: &str) -> BTreeMap<String, String> {
    common::cells(text)
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .collect()
}

/// `nianbao import SOURCE -o OUT` — again with `--org`, as a user would, where the title names
/// no organ (seed 000's): the exit code, standard error and what was written.
fn import(source: &Path, example: &str) -> (Option<i32>, String, String) {
    let dir = scratch("raw-order");
    let name = source.file_name().expect("name").to_string_lossy();
    let out = dir.join(format!("{name}.nianbao"));
    let organ = example
        .lines()
        .find_map(|l| l.strip_prefix("机关: "))
        .expect("the example names its organ");
    let mut args = vec![
        "import",
        source.to_str().expect("path"),
        "-o",
        out.to_str().expect("path"),
    ];
    loop {
        let _ = std::fs::remove_file(&out);
        let done = run(&args);
        let written = std::fs::read_to_string(&out).unwrap_or_default();
        if done.status.code() != Some(0) || written.contains("机关: ") || args.len() > 4 {
            return (done.status.code(), stderr(&done), written);
        }
        args.extend(["--org", organ]);
    }
}

fn example_of(fixture: &Path) -> String {
    let stem = fixture.file_stem().expect("name").to_string_lossy();
    let name = [
        "-chromium",
        "-libreoffice",
        "-columns-unlabelled",
        "-columns",
        "-merged-header",
    ]
    .iter()
    .fold(stem.to_string(), |s, suffix| {
        s.strip_suffix(suffix).map(str::to_string).unwrap_or(s)
    });
    std::fs::read_to_string(root().join("examples").join(format!("{name}.nianbao")))
        .expect("the fixture's example")
}

fn texts_in(dir: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .expect("fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    found.sort();
    found
}

/// Every example in every producer's reading order: imported by the binary, each number at the
/// example's row and column, `check` finding the example's errors and warnings, and each table
/// rebuilt by the template's order saying so where it stands.
#[test]
fn every_example_in_each_producers_reading_order_imports_with_every_number_in_place() {
    let generated: Vec<PathBuf> = texts_in("tests/fixtures/pdf/raw")
        .into_iter()
        .filter(|f| !f.to_string_lossy().ends_with("-merged-header.txt"))
        .collect();
    let printed = [
        texts_in("tests/fixtures/pdf/printed/raw"),
        texts_in("tests/fixtures/pdf/printed/libreoffice"),
    ]
    .concat();
    assert_eq!(generated.len(), 16, "make_raw_text.py writes 16 fixtures");
    assert_eq!(printed.len(), 12, "make_printed_pdf.sh writes 12 texts");
    // Chromium prints seed 000's title (no organ, `2024年…`) with the year as a text of its own,
    // which reading order puts after the title: tested below as the refusal it is.
    let split_title = root().join("tests/fixtures/pdf/printed/raw/seed-000-luquan.txt");
    let mut placed = 0;
    for fixture in generated
        .iter()
        .chain(&printed)
        .filter(|f| **f != split_title)
    {
        let example = example_of(fixture);
        let (code, err, markup) = import(fixture, &example);
        let name = fixture.display();
        assert_eq!(code, Some(0), "{name}: {err}");
        assert_eq!(values(&markup), values(&example), "{name}");
        assert_eq!(
            common::serious(&markup),
            common::serious(&example),
            "{name}"
        );
        let rebuilt = markup.matches(REBUILT).count();
        assert!(
            (2..=6).contains(&rebuilt),
            "{name}: {rebuilt} tables rebuilt\n{markup}"
        );
        // The inference is information at its table, as check shows it.
        let notes = nianbao_core::analyze(&markup, &Default::default())
            .findings
            .iter()
            .filter(|f| f.code == "NB230" && f.message.contains("本表的数字与标签"))
            .count();
        assert_eq!(notes, rebuilt, "{name}");
        placed += values(&markup).len();
    }
    // 27 texts: 200 numbers each, seed 002's 199 (no 其他 column) in four of them.
    assert_eq!(placed, 27 * 200 - 4);
}

/// Tables `pdftotext` gives in a clean order (a label, then its numbers) are read as before:
/// in Chromium's order only tables 三 and 四 are rebuilt, and the relations decided nothing
/// the labels had not.
#[test]
fn only_the_tables_out_of_order_are_rebuilt() {
    let fixture = root().join("tests/fixtures/pdf/raw/clean-2024-chromium.txt");
    let (code, err, markup) = import(&fixture, &example_of(&fixture));
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(markup.matches(REBUILT).count(), 2, "{markup}");
    let b = markup
        .lines()
        .find(|l| l.contains(REBUILT) && l.contains("25 行 × 7 列"))
        .expect("table 三 rebuilt");
    assert!(
        b.contains("逐行放入") && b.contains("“二、上年结转政府信息公开申请数量”"),
        "{b}"
    );
    // Table 四's fifteen numbers: three rows or five columns; C1 (总计 = the four results)
    // holds only row by row.
    let c = markup
        .lines()
        .find(|l| l.contains(REBUILT) && l.contains("3 行 × 5 列"))
        .expect("table 四 rebuilt");
    assert!(c.contains("勾稽关系 C1"), "{c}");
}

/// With no label between the numbers (every label printed first), the relations choose: read
/// row by row, table 三's sums fail; column by column they hold.
#[test]
fn the_relations_choose_the_order_where_no_label_stands_among_the_numbers() {
    let fixture = root().join("tests/fixtures/pdf/raw/clean-2024-columns-unlabelled.txt");
    let (code, err, markup) = import(&fixture, &example_of(&fixture));
    assert_eq!(code, Some(0), "{err}");
    let b = markup
        .lines()
        .find(|l| l.contains(REBUILT) && l.contains("25 行 × 7 列"))
        .expect("table 三 rebuilt");
    assert!(
        b.contains("逐列放入") && b.contains("勾稽关系 B1、B2、B3"),
        "{b}"
    );
}

/// The line (1-based) of the first line equal to `line` after line `from`.
fn line_of(text: &str, line: &str, from: usize) -> usize {
    text.lines()
        .enumerate()
        .skip(from)
        .find(|(_, l)| l.trim_start_matches('\u{c}') == line)
        .map(|(n, _)| n + 1)
        .unwrap_or_else(|| panic!("no line “{line}”"))
}

/// Imports `text` written to a scratch file; returns the exit code and standard error.
fn refused(name: &str, text: &str) -> (Option<i32>, String, String) {
    let path = scratch("raw-order").join(name);
    std::fs::write(&path, text).expect("written");
    let done = run(&["import", path.to_str().expect("path")]);
    (
        done.status.code(),
        stderr(&done),
        path.display().to_string(),
    )
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(root().join("tests/fixtures/pdf/raw").join(name)).expect("fixture")
}

/// The first line of table 三's numbers: `86`, after its first row's label.
fn first_number_of_table_b(text: &str) -> usize {
    let label = line_of(text, "一、本年新收政府信息公开申请数量", 0);
    line_of(text, "86", label)
}

/// A row's numbers dropped (the page lost a row): 24 rows of numbers for 25. Which row is
/// missing cannot be told, so nothing is placed; the import stops where the numbers begin.
#[test]
fn a_row_dropped_is_refused_with_the_count_at_the_first_number() {
    let text = fixture("clean-2024-chromium.txt");
    let label = line_of(&text, "7.属于行政执法案卷", 0);
    let lines: Vec<&str> = text.lines().collect();
    // The label and its seven numbers, each a line with a blank line after it.
    let kept: Vec<&str> = lines[..label - 1]
        .iter()
        .chain(&lines[label - 1 + 16..])
        .copied()
        .collect();
    assert_eq!(
        lines[label - 1..label - 1 + 16]
            .iter()
            .filter(|l| !l.trim().is_empty())
            .count(),
        8,
        "the label and its seven numbers"
    );
    let text = kept.join("\n");
    let (code, err, path) = refused("row-dropped.txt", &text);
    assert_eq!(code, Some(1), "{err}");
    let at = first_number_of_table_b(&text);
    assert!(
        err.contains(&format!(
            "{path}:{at}:1: error: 表格“收到和处理政府信息公开申请情况”"
        )),
        "{err}"
    );
    assert!(
        err.contains("共有 24 行、每行 7 个数字，而模板有 25 行")
            && err.contains("数字的排列顺序无法证明"),
        "{err}"
    );
}

/// One number dropped: 174 for 175 cells.
#[test]
fn a_number_dropped_is_refused_with_the_count() {
    let text = fixture("clean-2024-libreoffice.txt");
    // 一、本年新收's 101 (总计), a line of its own.
    let at = line_of(&text, "101", first_number_of_table_b(&text));
    let text: String = text
        .lines()
        .enumerate()
        .filter(|(n, _)| n + 1 != at)
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    let (code, err, path) = refused("number-dropped.txt", &text);
    assert_eq!(code, Some(1), "{err}");
    let first = first_number_of_table_b(&text);
    assert!(err.contains(&format!("{path}:{first}:1: error:")), "{err}");
    assert!(
        err.contains("共有 174 个数字，而模板是 25 行 × 7 列（175 个）"),
        "{err}"
    );
}

/// 第二十条第（一）项 with every label before its six numbers: two rows of three or three
/// columns of two fit alike, the table has no relation to choose — refused, not guessed.
#[test]
fn numbers_that_read_alike_both_ways_are_refused() {
    let text = fixture("clean-2024-libreoffice.txt");
    let from = text.find("第二十条第（一）项\n").expect("table (一)");
    let to = text.find("第二十条第（五）项\n").expect("table (五)");
    let table = "第二十条第（一）项\n\n信息内容\n\n规章\n行政规范性文件\n\n本年制发件数\n本年废止件数\n现行有效件数\n\n0\n\n3\n\n0\n\n2\n\n0\n\n27\n\n";
    let text = format!("{}{table}{}", &text[..from], &text[to..]);
    let (code, err, path) = refused("two-ways.txt", &text);
    assert_eq!(code, Some(1), "{err}");
    let at = line_of(&text, "0", line_of(&text, "现行有效件数", 0));
    assert!(
        err.contains(&format!("{path}:{at}:1: error: 表格“第二十条第（一）项”")),
        "{err}"
    );
    assert!(
        err.contains("6 个数字逐行读或逐列读，与表中标签和模板的勾稽关系")
            && err.contains("模板没有为本表规定勾稽关系")
            && err.contains("无法证明"),
        "{err}"
    );
}

/// A label between numbers names the row they are: one that names another row fits no order
/// and is refused at its own place.
#[test]
fn a_label_among_the_numbers_that_fits_no_order_is_refused_at_the_label() {
    let text = fixture("clean-2024-chromium.txt");
    let text = text.replacen(
        "二、上年结转政府信息公开申请数量",
        "四、结转下年度继续办理",
        1,
    );
    let (code, err, path) = refused("label-misplaced.txt", &text);
    assert_eq!(code, Some(1), "{err}");
    let at = line_of(&text, "四、结转下年度继续办理", 0);
    assert!(err.contains(&format!("{path}:{at}:1: error:")), "{err}");
    assert!(
        err.contains("夹在数字间的标签与模板的任何排列顺序都不符")
            && err.contains("逐行读时，它后面的数字是“二、上年结转政府信息公开申请数量”行"),
        "{err}"
    );
}

/// A line keeps its words left to right: one that prints whole column labels out of the
/// template's order says the numbers are in that order, which the template's would contradict.
#[test]
fn a_line_printing_the_columns_out_of_the_templates_order_is_refused() {
    let text = fixture("clean-2024-libreoffice.txt");
    let line = "商业企业 科研机构 社会公益 法律服务 其他";
    assert!(text.contains(line), "the header's first line");
    let text = text.replacen(line, "科研机构 商业企业 社会公益 法律服务 其他", 1);
    let (code, err, path) = refused("columns-swapped.txt", &text);
    assert_eq!(code, Some(1), "{err}");
    let at = line_of(&text, "科研机构 商业企业 社会公益 法律服务 其他", 0);
    assert!(err.contains(&format!("{path}:{at}:1: error:")), "{err}");
    assert!(
        err.contains("这一行印出的列“科研机构”“商业企业”") && err.contains("会放错列"),
        "{err}"
    );
}

/// Text that is no label of the table, standing among its numbers, may be anything (a row the
/// template does not have, a note): the order is not proved.
#[test]
fn text_among_the_numbers_that_is_no_label_is_refused_there() {
    let text = fixture("clean-2024-chromium.txt");
    let at = line_of(&text, "7.属于行政执法案卷", 0);
    let text: String = text
        .lines()
        .enumerate()
        .map(|(n, l)| {
            if n + 1 == at {
                "本栏另有说明\n".to_string()
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    let (code, err, path) = refused("stray-text.txt", &text);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains(&format!("{path}:{at}:1: error:")), "{err}");
    assert!(
        err.contains("夹在数字中的“本栏另有说明”不是本表的标签"),
        "{err}"
    );
}

/// A title that reading order splits (Chromium prints seed 000's `2024` in a font run of its
/// own, after the rest of the title) leaves a number outside every table: refused there.
#[test]
fn a_number_reading_order_moved_out_of_the_title_is_refused_not_guessed() {
    let path = root().join("tests/fixtures/pdf/printed/raw/seed-000-luquan.txt");
    let done = run(&["import", path.to_str().expect("path")]);
    assert_eq!(done.status.code(), Some(1));
    let err = stderr(&done);
    assert!(
        err.contains(":3:1: error: 数字“2024”不在模板的任何表格里"),
        "{err}"
    );
}

/// End to end: a real PDF of the example (Chromium's, and LibreOffice's from the example as a
/// Word document), its text taken by `pdftotext` without -layout (poppler-utils, installed by
/// the test command), imported by the binary and checked as clean as the example.
#[test]
fn a_pdfs_text_in_reading_order_imports_end_to_end() {
    let example =
        std::fs::read_to_string(root().join("examples/clean-2024.nianbao")).expect("example");
    for pdf in [
        "tests/fixtures/pdf/printed/clean-2024.pdf",
        "tests/fixtures/pdf/printed/libreoffice/clean-2024.pdf",
    ] {
        let dir = scratch("raw-order-pdf");
        let producer = if pdf.contains("libreoffice") {
            "libreoffice"
        } else {
            "chromium"
        };
        let text = dir.join(format!("{producer}.txt"));
        let extracted = std::process::Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .arg(root().join(pdf))
            .arg(&text)
            .status()
            .expect("pdftotext runs (poppler-utils)");
        assert!(extracted.success());
        let (code, err, markup) = import(&text, &example);
        assert_eq!(code, Some(0), "{pdf}: {err}");
        assert_eq!(values(&markup), values(&example), "{pdf}");
        assert!(markup.contains(REBUILT), "{pdf}");
        let out = dir.join(format!("{producer}.nianbao"));
        std::fs::write(&out, &markup).expect("written");
        let checked = run(&["check", out.to_str().expect("path")]);
        assert_eq!(checked.status.code(), Some(0), "{pdf}");
    }
}

/// Prose in reading order comes as the lines the PDF wrapped it into; each paragraph of the
/// example comes back whole, as one paragraph, from both producers' text.
#[test]
fn paragraphs_wrapped_by_the_pdf_come_back_whole() {
    let example =
        std::fs::read_to_string(root().join("examples/clean-2024.nianbao")).expect("example");
    let mut in_comment = false;
    let paragraphs: Vec<&str> = example
        .split("---\n")
        .nth(2)
        .expect("body")
        .lines()
        .filter(|l| {
            let comment = in_comment || l.starts_with("<!--");
            in_comment = comment && !l.contains("-->");
            !comment && !l.is_empty() && !l.starts_with(['#', '|'])
        })
        .collect();
    assert!(paragraphs.len() >= 8);
    for producer in ["raw", "libreoffice"] {
        let fixture = root().join(format!(
            "tests/fixtures/pdf/printed/{producer}/clean-2024.txt"
        ));
        let (code, err, markup) = import(&fixture, &example);
        assert_eq!(code, Some(0), "{err}");
        // LibreOffice sets figures apart from CJK text with a space.
        let lines: Vec<String> = markup.lines().map(|l| l.replace(' ', "")).collect();
        for p in &paragraphs {
            assert!(
                lines.iter().any(|l| l == p),
                "{producer}: “{p}” is not one paragraph\n{markup}"
            );
        }
    }
}

/// The note of a header read by its labels (an inference, NB230 in `check`).
const BY_LABELS: &str = "按标签读出";

/// Table 三's header as pdfplumber-like extractors give it (make_raw_text.py `merged-header`):
/// 总计 and the start of 商业企业 on one line, letter-spaced, the rest wrapped a character or
/// two per line. Where the header's text is exactly the template's labels, every example
/// imports with every number in place and the note saying the header was read by its labels;
/// seed 002 prints no 其他 column, so its header is not the template's labels: refused at the
/// header's line, as any header with a cell the template does not have.
#[test]
fn a_header_whose_cells_share_lines_is_read_by_its_labels_when_they_are_the_templates() {
    let fixtures: Vec<PathBuf> = texts_in("tests/fixtures/pdf/raw")
        .into_iter()
        .filter(|f| f.to_string_lossy().ends_with("-merged-header.txt"))
        .collect();
    assert_eq!(fixtures.len(), 6, "one per example");
    for fixture in &fixtures {
        let example = example_of(fixture);
        let (code, err, markup) = import(fixture, &example);
        let name = fixture.display();
        let text = std::fs::read_to_string(fixture).expect("fixture");
        let header = merged_line(&text);
        if name.to_string().contains("seed-002") {
            assert_eq!(code, Some(1), "{name}: {err}");
            assert!(
                err.contains(&format!(":{header}:1: error:")),
                "{name}: {err}"
            );
            assert!(err.contains("表头里有模板没有的"), "{name}: {err}");
            continue;
        }
        assert_eq!(code, Some(0), "{name}: {err}");
        assert_eq!(values(&markup), values(&example), "{name}");
        assert_eq!(values(&markup).len(), 200, "{name}");
        assert_eq!(
            common::serious(&markup),
            common::serious(&example),
            "{name}"
        );
        assert_eq!(
            markup.matches(BY_LABELS).count(),
            2,
            "{name}: note and inference\n{markup}"
        );
        let notes = nianbao_core::analyze(&markup, &Default::default())
            .findings
            .iter()
            .filter(|f| f.code == "NB230" && f.message.contains(BY_LABELS))
            .count();
        assert_eq!(notes, 1, "{name}");
    }
}

/// The same header with one character more than the template's labels (`总计商 业 企` made
/// `总计商 业 企 务`): the text holds something else, so the header is refused at its line.
#[test]
fn a_header_with_more_than_the_templates_labels_is_refused_at_its_line() {
    let text =
        fixture("clean-2024-merged-header.txt").replacen("总计商 业 企\n", "总计商 业 企 务\n", 1);
    let header = merged_line(&text);
    let (code, err, _) = refused("extra-header.txt", &text);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains(&format!(":{header}:1: error:")), "{err}");
    assert!(err.contains("表头里有模板没有的"), "{err}");
}

/// The header line where 总计 and the next cell's start share a line (simplified or traditional).
fn merged_line(text: &str) -> usize {
    text.lines()
        .position(|l| l.starts_with("总计商 ") || l.starts_with("總計商 "))
        .expect("the merged header line")
        + 1
}
