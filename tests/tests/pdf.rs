//! Text extracted from a PDF (as `pdftotext -layout` gives it): cells separated by runs of
//! spaces, labels wrapped onto the next line, page numbers and running headers at form feeds,
//! and digits run together — read when the split is unique, refused when it is not.

mod common;

use nianbao_tests::root;
use std::collections::BTreeMap;

/// The clean example laid out as PDF text. `run_together` names a row whose values lost their
/// spaces.
fn pdf_text(run_together: Option<(&str, &str)>) -> String {
    shaped_pdf_text(run_together, Shape::default())
}

/// How a published PDF may differ from what the template prescribes, beyond the layout.
#[derive(Default)]
struct Shape {
    /// The title on two centred lines, the organ above the year; paragraphs indented on their
    /// first line only, the lines they wrap onto flush left (as most PDFs print prose).
    printed_prose: bool,
    /// （六）其他处理 printed as one row of numbers without its sub-rows, as the 2019 format had it.
    other_handling_alone: bool,
}

/// The paragraphs of the example, as written there (one line each).
fn paragraphs(markup: &str) -> Vec<String> {
    let body = markup.splitn(3, "---\n").nth(2).expect("body");
    let mut in_comment = false;
    body.lines()
        .filter(|line| {
            let comment = line.starts_with("<!--") || in_comment;
            if comment {
                in_comment = !line.contains("-->");
            }
            !comment && !line.trim().is_empty() && !line.starts_with(['#', '|'])
        })
        .map(str::to_string)
        .collect()
}

fn shaped_pdf_text(run_together: Option<(&str, &str)>, shape: Shape) -> String {
    let markup =
        std::fs::read_to_string(root().join("examples/clean-2024.nianbao")).expect("example");
    let title = "某市某某局2024年政府信息公开工作年度报告";
    let mut out = if shape.printed_prose {
        "              某市某某局\n       2024年政府信息公开工作年度报告\n\n".to_string()
    } else {
        format!("{title}\n\n")
    };
    let mut in_comment = false;
    let mut rows_written = 0;
    let mut c_values: Vec<String> = Vec::new();
    // The sums of （六）'s sub-rows, when it is printed alone.
    let mut other_handling: Vec<i64> = Vec::new();
    for line in markup.splitn(3, "---\n").nth(2).expect("body").lines() {
        if line.starts_with("<!--") || in_comment {
            in_comment = !line.contains("-->");
            continue;
        }
        if line.starts_with("# ")
            || line.trim().is_empty()
            || line.starts_with("| ---")
            || line.starts_with("| -")
        {
            continue;
        }
        if let Some(h) = line.strip_prefix("### ").or(line.strip_prefix("## ")) {
            out.push_str(&format!("  {h}\n"));
            continue;
        }
        if !line.starts_with('|') {
            // Paragraphs wrap at 38 characters.
            let chars: Vec<char> = line.chars().collect();
            for (n, chunk) in chars.chunks(38).enumerate() {
                let indent = if shape.printed_prose && n > 0 {
                    ""
                } else {
                    "    "
                };
                out.push_str(&format!("{indent}{}\n", chunk.iter().collect::<String>()));
            }
            continue;
        }
        let cells: Vec<&str> = line
            .trim()
            .trim_matches('|')
            .split('|')
            .map(str::trim)
            .collect();
        match cells[0] {
            "申请人情况" => {
                out.push_str("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）      申请人情况\n");
                out.push_str("                               自然人        法人或其他组织              总计\n");
                out.push_str("                                      商业 企业  科研机构 社会公益组织  法律服务机构  其他\n");
            }
            "类别" => {
                out.push_str("         行政复议                              行政诉讼\n");
                out.push_str(
                    "结果维持 结果纠正 其他结果 尚未审结 总计   未经复议直接起诉   复议后起诉\n",
                );
                out.push_str("     结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计\n");
            }
            "行政复议" | "行政诉讼（未经复议直接起诉）" | "行政诉讼（复议后起诉）" =>
            {
                c_values.extend(cells[1..].iter().map(|s| s.to_string()));
                if c_values.len() == 15 {
                    out.push_str(&format!("  {}\n", c_values.join("    ")));
                }
            }
            label => {
                let values: Vec<&str> = cells[1..]
                    .iter()
                    .copied()
                    .filter(|v| !v.is_empty())
                    .collect();
                let sub_row = ["1.申请人无正当理由", "2.申请人逾期未按", "3.其他"];
                if shape.other_handling_alone && label.starts_with("（六）") {
                    continue;
                }
                if shape.other_handling_alone && sub_row.iter().any(|p| label.starts_with(p)) {
                    other_handling.resize(values.len(), 0);
                    for (sum, v) in other_handling.iter_mut().zip(&values) {
                        *sum += v.parse::<i64>().expect("a count");
                    }
                    if label.starts_with("3.其他") {
                        let sums: Vec<String> = other_handling.iter().map(i64::to_string).collect();
                        out.push_str(&format!("（六）其他处理        {}\n", sums.join("      ")));
                        rows_written += 1;
                    }
                    continue;
                }
                let numbers = match run_together {
                    Some((row, joined)) if row == label => joined.to_string(),
                    _ => values.join("      "),
                };
                if label.starts_with("（二）部分公开") {
                    // A long label wraps; its numbers stand on its first line.
                    out.push_str(&format!(
                        "（二）部分公开（区分处理的，只计这一   {numbers}\n情形，不计其他情形）\n"
                    ));
                } else if label.starts_with("1.申请人无正当理由") {
                    out.push_str(&format!("1.申请人无正当理由逾期不补正、行政机关\n不再处理其政府信息公开申请       {numbers}\n"));
                } else {
                    out.push_str(&format!("{label}        {numbers}\n"));
                }
                rows_written += 1;
                if rows_written == 20 {
                    // A page break in the middle of table 三 (with the title as running header,
                    // which a title printed on two lines is not).
                    let running = if shape.printed_prose { "" } else { title };
                    out.push_str(&format!(
                        "\n                         - 3 -\n\u{c}{running}\n"
                    ));
                }
            }
        }
    }
    out.push_str("                         - 5 -\n");
    out
}

#[test]
fn pdf_text_imports_with_every_number_in_place() {
    let text = pdf_text(Some(("4.无正当理由大量反复申请", "0000000")));
    let imported = nianbao_convert::import(text.as_bytes(), &Default::default())
        .unwrap_or_else(|e| panic!("{e:?}\n{text}"));
    assert_eq!(imported.format, nianbao_convert::Format::Pdf);
    let expected =
        std::fs::read_to_string(root().join("examples/clean-2024.nianbao")).expect("example");
    assert_eq!(common::cells(&imported.markup), common::cells(&expected));
    let notes: Vec<&str> = imported.notes.iter().map(|n| n.message.as_str()).collect();
    assert!(
        notes.iter().any(|n| n.contains("只有一种拆法")),
        "{notes:?}"
    );
    assert!(
        notes.iter().any(|n| n.contains("“- 3 -”"))
            && notes
                .iter()
                .any(|n| n.contains(&"某市某某局2024年政府信息公开工作年度报告".to_string())),
        "{notes:?}"
    );
}

/// A current-format report printed as real PDFs often are: the title on two lines, prose
/// wrapped flush left, and （六）其他处理 as one row of the older format. The title gives the
/// organ, each paragraph comes back whole (its figures readable by the prose checks), the one
/// row stands for its sub-rows in the sums (NB233), and the report checks as clean as before.
#[test]
fn a_printed_pdf_with_the_older_row_imports_whole_and_checks_clean() {
    let text = shaped_pdf_text(
        None,
        Shape {
            printed_prose: true,
            other_handling_alone: true,
        },
    );
    let imported = nianbao_convert::import(text.as_bytes(), &Default::default())
        .unwrap_or_else(|e| panic!("{e:?}\n{text}"));
    let example =
        std::fs::read_to_string(root().join("examples/clean-2024.nianbao")).expect("example");
    assert!(
        imported.markup.contains("机关: 某市某某局\n"),
        "{}",
        imported.markup
    );
    assert!(imported
        .markup
        .contains("# 某市某某局2024年政府信息公开工作年度报告\n"));
    for paragraph in paragraphs(&example) {
        assert!(
            imported.markup.contains(&format!("\n{paragraph}\n")),
            "paragraph not whole: {paragraph}\n{}",
            imported.markup
        );
    }
    // Every number in place; （六）'s sub-rows are not in the source, its own row holds their sums.
    let example_cells = common::cells(&example);
    let sub_rows = ["B/r6_1/", "B/r6_2/", "B/r6_3/"];
    let (mut parts, mut expected): (Vec<_>, BTreeMap<_, _>) = (Vec::new(), BTreeMap::new());
    for (k, v) in example_cells {
        match sub_rows.iter().find(|p| k.starts_with(*p)) {
            Some(p) => parts.push((k[p.len()..].to_string(), v)),
            None if k.starts_with("B/r6/") => {}
            None => {
                expected.insert(k, v);
            }
        }
    }
    let mut cells = common::cells(&imported.markup);
    for (column, value) in cells
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix("B/r6/")?, v)))
    {
        let sum: i64 = parts
            .iter()
            .filter(|(c, _)| c == column)
            .map(|(_, v)| v.parse::<i64>().expect("a count"))
            .sum();
        assert_eq!(value, &sum.to_string(), "（六）其他处理/{column}");
    }
    assert_eq!(cells.keys().filter(|k| k.starts_with("B/r6/")).count(), 7);
    cells.retain(|k, _| !k.starts_with("B/r6/"));
    assert_eq!(cells, expected);
    let analysis = nianbao_core::analyze(&imported.markup, &Default::default());
    let codes: Vec<&str> = analysis
        .findings
        .iter()
        .filter(|f| f.severity != nianbao_core::finding::Severity::Info)
        .map(|f| f.code)
        .collect();
    assert!(codes.is_empty(), "{:?}", analysis.findings);
    assert!(analysis.findings.iter().any(|f| f.code == "NB233"));
}

#[test]
fn digits_run_together_with_several_readings_are_refused() {
    // （一）予以公开 is 30 3 1 0 1 0 35 in the clean report; written "3031010 35" its first six
    // values could be 30 3 1 0 1 0 or 3 0 31 0 1 0 or …: the import names the row, no guess.
    let markup =
        std::fs::read_to_string(root().join("examples/clean-2024.nianbao")).expect("example");
    let row = markup
        .lines()
        .find(|l| l.starts_with("| （一）予以公开"))
        .expect("row");
    let values: Vec<&str> = row
        .trim()
        .trim_matches('|')
        .split('|')
        .skip(1)
        .map(str::trim)
        .collect();
    let joined = format!("{}{} {}", values[0], values[1..6].concat(), values[6]);
    let text = pdf_text(Some(("（一）予以公开", &joined)));
    let err = nianbao_convert::import(text.as_bytes(), &Default::default()).expect_err("ambiguous");
    assert!(
        err.message.contains("（一）予以公开") && err.message.contains("不作猜测"),
        "{err:?}"
    );
    assert!(
        err.show(nianbao_convert::Lang::Zh)
            .starts_with(char::is_numeric),
        "the place comes first: {err:?}"
    );
}

/// The PDF-text fixtures (tests/fixtures/pdf/, written by make_pdf_text.py) and the example
/// whose labels and numbers each lays out: headers printed one character per line, a page break
/// with its page number inside table 三, and in the second a running header and table 三's
/// header repeated on the new page, and a page break inside table 四's header; the third in
/// traditional characters throughout, 申請人情況 vertical too (its title names no organ).
const VERTICAL: &[(&str, &str, Option<&str>)] = &[
    (
        "qinzhou-2024-vertical.txt",
        "seed-004-qinzhou.nianbao",
        None,
    ),
    (
        "haimen-2024-vertical-repeated.txt",
        "seed-001-haimen.nianbao",
        None,
    ),
    (
        "luquan-2024-vertical-traditional.txt",
        "seed-000-luquan.nianbao",
        Some("石家莊市鹿泉區人民政府"),
    ),
];

fn fixture(name: &str) -> String {
    std::fs::read_to_string(root().join("tests/fixtures/pdf").join(name)).expect("fixture")
}

/// Every line of the source that is a number, as a multiset: read without the importer. (The
/// fixtures' page numbers are written `— 2 —` or `第 2 页 共 5 页`, never as a bare number.)
fn numeric_lines(text: &str) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for line in text.lines().map(str::trim) {
        if !line.is_empty() && line.chars().all(|c| c.is_ascii_digit() || c == '.') {
            *m.entry(line.to_string()).or_insert(0) += 1;
        }
    }
    m
}

fn numbers_of(cells: &BTreeMap<String, String>) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for v in cells.values().filter(|v| v.parse::<f64>().is_ok()) {
        *m.entry(v.clone()).or_insert(0) += 1;
    }
    m
}

#[test]
fn vertical_headers_import_with_every_number_in_place() {
    for (name, example, org) in VERTICAL {
        let text = fixture(name);
        let options = nianbao_convert::Options {
            organization: *org,
            ..Default::default()
        };
        let imported = nianbao_convert::import(text.as_bytes(), &options)
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert_eq!(imported.format, nianbao_convert::Format::Pdf, "{name}");
        let expected =
            std::fs::read_to_string(root().join("examples").join(example)).expect("example");
        let cells = common::cells(&imported.markup);
        assert_eq!(
            cells,
            common::cells(&expected),
            "{name}: cells differ from {example}"
        );
        assert_eq!(
            numbers_of(&cells),
            numeric_lines(&text),
            "{name}: every number, once"
        );
        assert_eq!(
            imported.numbers,
            numeric_lines(&text).values().sum::<usize>()
        );
        let actual = common::findings(&imported.markup);
        let wanted = common::findings(&expected);
        assert_eq!(
            actual.difference(&wanted).collect::<Vec<_>>(),
            Vec::<&(String, String)>::new(),
            "{name}: findings only on the import"
        );
        // The example keeps the seed's `商业 企业`, `结果 纠正` (a cell wrapped on the web page),
        // each with a spelling note (NB219); printed vertically the label has no space to keep.
        let spaced = expected
            .lines()
            .filter(|l| {
                ["| 申请人情况", "| 申請人情況", "| 类别", "| 類別"]
                    .iter()
                    .any(|h| l.starts_with(h))
            })
            .flat_map(|l| l.split('|').map(str::trim))
            .filter(|c| c.contains(' '))
            .count();
        let only_example: Vec<_> = wanted.difference(&actual).collect();
        assert!(
            only_example
                .iter()
                .all(|(code, place)| code == "NB219" && place.contains(" column "))
                && only_example.len() == spaced,
            "{name}: findings only on {example}: {only_example:?}"
        );
    }
}

/// The line (1-based) of the first line of `text` equal to `line` from `from` on.
fn line_of(text: &str, line: &str, from: usize) -> usize {
    text.lines()
        .enumerate()
        .skip(from)
        .find(|(_, l)| *l == line)
        .map(|(i, _)| i + 1)
        .expect("line present")
}

#[test]
fn vertical_headers_that_do_not_read_back_uniquely_are_refused_naming_the_line() {
    let text = fixture("qinzhou-2024-vertical.txt");
    let vertical = |s: &str| s.chars().map(|c| format!("{c}\n")).collect::<String>();
    // One character of 商业企业 lost: the run 商业企科研机构… cuts into no labels.
    let lost = text.replacen(&vertical("商业企业"), &vertical("商业企"), 1);
    let err = nianbao_convert::import(lost.as_bytes(), &Default::default()).expect_err("lost");
    let start = line_of(&lost, "商", 0);
    assert!(
        err.show(nianbao_convert::Lang::Zh)
            .starts_with(&format!("{start}:1：")),
        "the place of the run: {err:?}"
    );
    assert!(
        err.message.contains("商业企科研机构") && err.message.contains("拆不成模板的标签"),
        "{err:?}"
    );
    // Table 四's 行政诉讼, 未经复议直接起诉 and 复议后起诉 printed vertically one after the other:
    // 行政诉讼 + 未经复议直接起诉 or the one label 行政诉讼未经复议直接起诉 — two readings.
    let c = text.find("四、政府信息公开行政复议").expect("section 四");
    let (head, tail) = text.split_at(c);
    let tail = tail.replacen("行政诉讼\n", "", 1).replacen(
        "未经复议直接起诉\n复议后起诉\n",
        &vertical("行政诉讼未经复议直接起诉复议后起诉"),
        1,
    );
    let twice = format!("{head}{tail}");
    let err =
        nianbao_convert::import(twice.as_bytes(), &Default::default()).expect_err("ambiguous");
    let start = line_of(&twice, "行", head.lines().count());
    assert!(
        err.show(nianbao_convert::Lang::Zh)
            .starts_with(&format!("{start}:1：")),
        "the place of the run: {err:?}"
    );
    assert!(
        err.message.contains("不止一种模板标签") && err.message.contains("不作猜测"),
        "{err:?}"
    );
}

/// The findings codes `nianbao check --format json` gives on a file, sorted.
fn check_codes(path: &std::path::Path) -> Vec<String> {
    let out = nianbao_tests::run(&["check", "--format", "json", path.to_str().expect("path")]);
    let json: serde_json::Value =
        serde_json::from_str(&nianbao_tests::stdout(&out)).expect("json output");
    let mut codes: Vec<String> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["code"].as_str().expect("code").to_string())
        .collect();
    codes.sort();
    codes
}

/// End to end with the binary: `nianbao import FIXTURE -o OUT`, then `nianbao check` on OUT
/// and on the example: the same findings, less the examples' NB219 notes on space-wrapped
/// header labels (counted as in `vertical_headers_import_with_every_number_in_place`).
#[test]
fn cli_import_then_check_gives_the_examples_findings() {
    let dir = nianbao_tests::scratch("pdf-vertical");
    for (name, example, org) in VERTICAL {
        let out = dir.join(name.replace(".txt", ".nianbao"));
        let _ = std::fs::remove_file(&out);
        let source = root().join("tests/fixtures/pdf").join(name);
        let mut args = vec![
            "import",
            source.to_str().expect("path"),
            "-o",
            out.to_str().expect("path"),
        ];
        if let Some(org) = org {
            args.extend(["--org", org]);
        }
        let imported = nianbao_tests::run(&args);
        assert_eq!(
            imported.status.code(),
            Some(0),
            "{name}: {}",
            nianbao_tests::stderr(&imported)
        );
        assert!(nianbao_tests::stderr(&imported).contains("放入 200 个数字"));
        let example_path = root().join("examples").join(example);
        let mut wanted = check_codes(&example_path);
        let spaced = std::fs::read_to_string(&example_path)
            .expect("example")
            .lines()
            .filter(|l| {
                ["| 申请人情况", "| 申請人情況", "| 类别", "| 類別"]
                    .iter()
                    .any(|h| l.starts_with(h))
            })
            .flat_map(|l| {
                l.split('|')
                    .map(str::trim)
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .filter(|c| c.contains(' '))
            .count();
        for _ in 0..spaced {
            let at = wanted.iter().position(|c| c == "NB219").expect("an NB219");
            wanted.remove(at);
        }
        assert_eq!(check_codes(&out), wanted, "{name}");
    }
}

/// Table 三's header laid out as `pdftotext -layout` gives it when 法人或其他组织 stands on a
/// line above one row of all seven column labels. The group header comes first in reading
/// order, but its columns are not the first: 自然人 is. (Once read as 商业企业…其他, 自然人,
/// 总计 — every number of the table one column off.)
#[test]
fn a_group_header_above_all_the_columns_keeps_each_number_in_its_column() {
    let text = fixture("qinzhou-2024-vertical.txt");
    let from = text.find("申请人情况\n").expect("header");
    let to = text.find("一、本年新收").expect("first row");
    let header = "                              申请人情况\n                                        法人或其他组织\n                     自然人  商业企业  科研机构  社会公益组织  法律服务机构  其他  总计\n";
    let text = format!("{}{header}{}", &text[..from], &text[to..]);
    let imported = nianbao_convert::import(text.as_bytes(), &Default::default())
        .unwrap_or_else(|e| panic!("{e:?}"));
    let expected =
        std::fs::read_to_string(root().join("examples/seed-004-qinzhou.nianbao")).expect("example");
    assert_eq!(common::cells(&imported.markup), common::cells(&expected));
    // With 总计 printed first, neither reading gives the template's order: refused.
    let reordered = text.replacen(
        "自然人  商业企业  科研机构  社会公益组织  法律服务机构  其他  总计",
        "总计  自然人  商业企业  科研机构  社会公益组织  法律服务机构  其他",
        1,
    );
    let err = nianbao_convert::import(reordered.as_bytes(), &Default::default())
        .expect_err("two column orders");
    assert!(err.message.contains("能读成两种列序"), "{err:?}");
    // The place is the header's first cell: the 勾稽关系 note over it.
    let line = text[..from]
        .lines()
        .collect::<Vec<_>>()
        .iter()
        .rposition(|l| l.starts_with("（本列数据"))
        .expect("note")
        + 1;
    assert!(
        err.show(nianbao_convert::Lang::Zh)
            .starts_with(&format!("{line}:1：")),
        "{err:?}"
    );
}

/// A row one value short whose only multi-digit value splits one way: `3 27` for 行政规范性文件's
/// 3 2 27 could be 3 2 7 with digits run together — or 3, a blank cell, 27. Both explain the
/// text, so the import refuses (it once read 3 2 7). Runs of zeros cannot be one number and
/// stay readable (`0000000` in `pdf_text_imports_with_every_number_in_place`).
#[test]
fn a_row_one_value_short_is_not_read_as_digits_run_together_when_a_blank_explains_it() {
    let row = "行政规范性文件";
    let text = pdf_text(Some((row, "3 27")));
    let err = nianbao_convert::import(text.as_bytes(), &Default::default())
        .expect_err("a blank cell explains the row as well");
    assert!(
        err.message.contains(row)
            && err.message.contains("有一格空白")
            && err.message.contains("不作猜测"),
        "{err:?}"
    );
    // `035` is no number: its 0 is a value of its own, and 30 3 1 0 1 0 35 the one reading.
    let text = pdf_text(Some(("（一）予以公开", "30 3 1 0 1 035")));
    let imported = nianbao_convert::import(text.as_bytes(), &Default::default())
        .unwrap_or_else(|e| panic!("{e:?}"));
    let expected =
        std::fs::read_to_string(root().join("examples/clean-2024.nianbao")).expect("example");
    assert_eq!(common::cells(&imported.markup), common::cells(&expected));
}

/// A one-row table whose only value is gone: 行政许可 with no number before the next block. Its
/// header-like layout once sent it down table 四's path (rows printed as column groups), where
/// no values at all made a silently empty cell; it is refused like any row without values.
#[test]
fn a_row_label_with_no_value_before_the_next_block_is_refused() {
    let text = fixture("qinzhou-2024-vertical.txt");
    let damaged = text.replacen("行政许可\n1601769\n", "行政许可\n", 1);
    assert_ne!(damaged, text);
    let err =
        nianbao_convert::import(damaged.as_bytes(), &Default::default()).expect_err("no value");
    let line = line_of(&damaged, "行政许可", 0);
    assert!(
        err.show(nianbao_convert::Lang::Zh)
            .starts_with(&format!("{line}:1："))
            && err.message.contains("行政许可"),
        "{err:?}"
    );
}

/// Text extracted without form feeds (`pdftotext` run page by page and concatenated, or a
/// viewer's copy): the page number `— 1 —` stands between two rows of table 三 with no page
/// break to mark it. It is page furniture wherever it stands — a number with dashes or
/// 第…页 around it is no value and no label — and no row label takes it in.
#[test]
fn decorated_page_numbers_without_form_feeds_are_page_furniture() {
    let text = fixture("qinzhou-2024-vertical.txt").replace('\u{c}', "");
    let imported = nianbao_convert::import(text.as_bytes(), &Default::default())
        .unwrap_or_else(|e| panic!("{e:?}"));
    let expected =
        std::fs::read_to_string(root().join("examples/seed-004-qinzhou.nianbao")).expect("example");
    assert_eq!(common::cells(&imported.markup), common::cells(&expected));
    let body = imported.markup.split_once("-->").map_or("", |(_, b)| b);
    assert!(!body.contains("— 1 —") && !body.contains("— 2 —"), "{body}");
    assert!(
        imported
            .notes
            .iter()
            .any(|n| n.message.contains("删去了页码或页眉“— 1 —”")),
        "{:?}",
        imported.notes
    );
}

/// `pdftotext -layout` prints a header of vertical columns line by line, each line holding one
/// character of every column (自 商 科 … / 然 业 研 … / 人 企 机 …). That is not read back —
/// the characters of one label are not adjacent — and the import is refused at the first such
/// line with a message that says so, rather than at the first row's "0 columns".
#[test]
fn vertical_columns_interleaved_by_layout_mode_are_refused_at_the_header() {
    let text = fixture("qinzhou-2024-vertical.txt");
    let from = text.find("（本列数据的勾稽关系为").expect("note");
    let to = text.find("一、本年新收").expect("first row");
    let header = "                                              申请人情况
                                            法人或其他组织
                                 自   商   科   社   法   其   总
（本列数据的勾稽关系为：第一项加第二项之     然   业   研   会   律   他   计
和，等于第三项加第四项之和）                 人   企   机   公   服
                                                  业   构   益   务
                                                            组   机
                                                            织   构
";
    let text = format!("{}{header}{}", &text[..from], &text[to..]);
    let err = nianbao_convert::import(text.as_bytes(), &Default::default()).expect_err("refused");
    let line = text[..from].lines().count() + 3;
    assert!(
        err.show(nianbao_convert::Lang::Zh)
            .starts_with(&format!("{line}:34：")),
        "{err:?}"
    );
    assert!(
        err.message.contains("自商科社法其总") && err.message.contains("-layout"),
        "{err:?}"
    );
}

/// The examples printed to PDF by Chromium and extracted with `pdftotext -layout`
/// (tests/fixtures/make_printed_pdf.sh): narrow label cells, so labels wrap over two to five
/// lines with their numbers on the first, a middle or the last line, group labels in a column
/// beside them, header cells stacked and drifting by a column. Every number lands at its place,
/// and `check` finds in the import what it finds in the example (info notes aside: the import's
/// own notes, and the example's spelling notes on labels the import writes as the template's).
#[test]
fn printed_pdfs_of_the_examples_import_with_every_number_and_finding() {
    let values = |text: &str| -> BTreeMap<String, String> {
        common::cells(text)
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .collect()
    };
    for example in nianbao_tests::examples() {
        let name = example
            .file_stem()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let printed = std::fs::read(
            root()
                .join("tests/fixtures/pdf/printed")
                .join(format!("{name}.txt")),
        )
        .expect("the printed fixture (tests/fixtures/make_printed_pdf.sh)");
        let original = std::fs::read_to_string(&example).expect("example");
        // Where the printed title names no organ (seed 000's), it is given, as a user would.
        let organ = original
            .lines()
            .find_map(|l| l.strip_prefix("机关: "))
            .expect("the example names its organ");
        let mut imported = nianbao_convert::import(&printed, &Default::default())
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        if !imported.markup.contains("机关: ") {
            let options = nianbao_convert::Options {
                organization: Some(organ),
                ..Default::default()
            };
            imported = nianbao_convert::import(&printed, &options).expect("imports");
        }
        assert_eq!(imported.format, nianbao_convert::Format::Pdf, "{name}");
        assert_eq!(values(&imported.markup), values(&original), "{name}");
        assert_eq!(
            common::serious(&imported.markup),
            common::serious(&original),
            "{name}"
        );
    }
}

/// `nianbao import FILE.pdf` reads the PDF itself (through poppler's `pdftotext`, which the test
/// command installs), and the report checks as clean as the example it was printed from.
#[test]
fn import_reads_a_pdf_file() {
    let dir = nianbao_tests::scratch("pdf-file");
    let out = dir.join("clean.nianbao");
    let _ = std::fs::remove_file(&out);
    let pdf = root().join("tests/fixtures/pdf/printed/clean-2024.pdf");
    let imported = nianbao_tests::run(&[
        "import",
        pdf.to_str().expect("path"),
        "-o",
        out.to_str().expect("path"),
    ]);
    assert_eq!(
        imported.status.code(),
        Some(0),
        "{}",
        nianbao_tests::stderr(&imported)
    );
    let text = std::fs::read_to_string(&out).expect("written");
    let example =
        std::fs::read_to_string(root().join("examples/clean-2024.nianbao")).expect("example");
    let values = |t: &str| -> BTreeMap<String, String> {
        common::cells(t)
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .collect()
    };
    assert_eq!(values(&text), values(&example));
    assert!(text.contains("机关: 某市某某局"), "{text}");
    // The -layout text imports: the reading order is not tried, and no note says it was.
    let notes = nianbao_tests::stderr(&imported);
    assert!(!notes.contains("阅读顺序"), "{notes}");
    let checked = nianbao_tests::run(&["check", out.to_str().expect("path")]);
    assert_eq!(
        checked.status.code(),
        Some(0),
        "{}",
        nianbao_tests::stdout(&checked)
    );
}

/// The office fixtures (tests/fixtures/make_office_pdf.py): the examples typed in a word
/// processor in five offices' manners (宋体, 仿宋, 明体, 楷体, 黑体; narrow or wide label
/// columns; running headers, page numbers, table headers repeated on the next page), saved as
/// PDF by LibreOffice and read back with `pdftotext -layout`.
fn office_texts() -> Vec<std::path::PathBuf> {
    let mut found: Vec<_> = std::fs::read_dir(root().join("tests/fixtures/pdf/printed/office"))
        .expect("office fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    found.sort();
    found
}

/// The example an office fixture was printed from: `clean-2024-songti-narrow.txt` → clean-2024.
fn example_of_office(fixture: &std::path::Path) -> String {
    let stem = fixture.file_stem().expect("name").to_string_lossy();
    let example = nianbao_tests::examples()
        .into_iter()
        .find(|e| {
            let name = e.file_stem().expect("name").to_string_lossy();
            stem.starts_with(&format!("{name}-"))
        })
        .expect("the fixture's example");
    std::fs::read_to_string(example).expect("example")
}

/// Every office's PDF of every example: the 勾稽关系 note wrapped into the header's lines one
/// space from 自然人, header cells stacked (商业企 over 业) and letter-spaced (`结 果`), group
/// labels wrapped one to three characters a line, row labels over two to five lines with the
/// numbers on any of them (one space from the label's last piece), tables crossing pages with
/// the header printed again and a label cut by the break. Each number the example has is at its
/// row and column, nothing else is read, and `check` finds the example's errors and warnings.
#[test]
fn office_pdfs_of_the_examples_import_with_every_number_in_place() {
    let values = |text: &str| -> BTreeMap<String, String> {
        common::cells(text)
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .collect()
    };
    let texts = office_texts();
    assert_eq!(texts.len(), 13, "make_office_pdf.py writes 13 texts");
    let (mut placed, mut repeated) = (0, 0);
    for fixture in &texts {
        let name = fixture.display();
        let example = example_of_office(fixture);
        let organ = example
            .lines()
            .find_map(|l| l.strip_prefix("机关: "))
            .expect("the example names its organ");
        let printed = std::fs::read(fixture).expect("fixture");
        let mut imported = nianbao_convert::import(&printed, &Default::default())
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        // The title, whole (the running header over it on page 1 dropped, a title wrapped
        // before 报告 joined), gives the organ — where it names one (seed 000's does not: the
        // organ is given, as a user would).
        let heading = |t: &str| {
            t.lines()
                .find_map(|l| l.strip_prefix("# "))
                .map(|h| h.replace(' ', ""))
        };
        assert_eq!(heading(&imported.markup), heading(&example), "{name}");
        let named = imported
            .markup
            .lines()
            .find_map(|l| l.strip_prefix("机关: "))
            .map(str::to_string);
        if let Some(named) = named {
            // The organ as the title names it, before its year (钦州市 for 钦州市人民政府).
            let title = heading(&example).expect("the example's title");
            assert!(
                title.starts_with(&format!("{named}20")) && organ.starts_with(&named),
                "{name}: 机关 {named} from the title {title}"
            );
        } else {
            let options = nianbao_convert::Options {
                organization: Some(organ),
                ..Default::default()
            };
            imported = nianbao_convert::import(&printed, &options).expect("imports");
        }
        assert_eq!(imported.format, nianbao_convert::Format::Pdf, "{name}");
        let (got, wanted) = (values(&imported.markup), values(&example));
        let in_place = got
            .iter()
            .filter(|(k, v)| wanted.get(*k) == Some(v))
            .count();
        assert_eq!(
            got,
            wanted,
            "{name}: {in_place} of {} in place",
            wanted.len()
        );
        assert_eq!(imported.numbers, wanted.len(), "{name}: numbers read");
        assert_eq!(
            common::serious(&imported.markup),
            common::serious(&example),
            "{name}"
        );
        placed += in_place;
        repeated += imported
            .notes
            .iter()
            .filter(|n| n.message.contains("表头在下一页重复印出"))
            .count();
    }
    // 13 texts of 200 numbers, seed 002's two of 199 (no 其他 column).
    assert_eq!(placed, 13 * 200 - 2);
    // The offices that repeat table 三's header print it again where the table crosses a page.
    assert!(repeated >= 3, "{repeated} repeated headers dropped");
}

/// A number lost from a row whose label wraps around it: the line has six numbers where every
/// other has seven, and neither the cell nor (labels wrapping around the numbers) the row can
/// be told — the import stops at that line's first number with the reason, and writes nothing.
#[test]
fn an_office_pdf_row_short_of_a_number_is_refused_at_its_place() {
    let fixture = root().join("tests/fixtures/pdf/printed/office/clean-2024-songti-narrow.txt");
    let text = std::fs::read_to_string(&fixture).expect("fixture");
    // The line of numbers under `4.保护第三方合法` (its label wraps onto the line after them).
    let lines: Vec<&str> = text.lines().collect();
    let label = lines
        .iter()
        .position(|l| l.contains("4.保护第三方合法"))
        .expect("the label");
    let row = label + 1;
    let numbers: Vec<&str> = lines[row].split_whitespace().collect();
    assert_eq!(
        numbers,
        ["3", "1", "0", "0", "0", "0", "4"],
        "{}",
        lines[row]
    );
    let short = lines[row].replacen("1      0", "1", 1);
    assert_eq!(short.split_whitespace().count(), 6, "{short}");
    let damaged = text.replacen(lines[row], &short, 1);
    let err = nianbao_convert::import(damaged.as_bytes(), &Default::default())
        .expect_err("a number short");
    let shown = err.show(nianbao_convert::Lang::Zh);
    let column = lines[row].find('3').expect("the first number") + 1;
    assert!(
        shown.starts_with(&format!("{}:{column}：", row + 1)),
        "the place of the short line first: {shown}"
    );
    assert!(
        err.message.contains("有 6 个")
            && err.message.contains("都有 7 个")
            && err.message.contains("不作猜测"),
        "{err:?}"
    );
}

/// `nianbao import FILE.pdf` on PDFs a word processor made: the office fixture's PDF and the
/// LibreOffice PDF of the raw-order fixtures (make_printed_pdf.sh), whose `-layout` text once
/// stopped at “第二项之和，等于第三项加第四项之 自然人”.
#[test]
fn import_reads_pdf_files_a_word_processor_made() {
    let dir = nianbao_tests::scratch("pdf-office");
    let example =
        std::fs::read_to_string(root().join("examples/clean-2024.nianbao")).expect("example");
    let values = |t: &str| -> BTreeMap<String, String> {
        common::cells(t)
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .collect()
    };
    for (n, pdf) in [
        "tests/fixtures/pdf/printed/office/clean-2024-songti-narrow.pdf",
        "tests/fixtures/pdf/printed/libreoffice/clean-2024.pdf",
    ]
    .iter()
    .enumerate()
    {
        let out = dir.join(format!("office-{n}.nianbao"));
        let _ = std::fs::remove_file(&out);
        let source = root().join(pdf);
        let imported = nianbao_tests::run(&[
            "import",
            source.to_str().expect("path"),
            "-o",
            out.to_str().expect("path"),
            "--org",
            "某市某某局",
        ]);
        assert_eq!(
            imported.status.code(),
            Some(0),
            "{pdf}: {}",
            nianbao_tests::stderr(&imported)
        );
        let text = std::fs::read_to_string(&out).expect("written");
        assert_eq!(values(&text), values(&example), "{pdf}");
    }
}

/// Damage to an office PDF's table 三, where the labels wrap around their numbers: a label lost
/// (`4.保护第三方合法` gone, `权益` left) is refused at its line of numbers, naming the row the
/// template's order expects there — not read as the next row's, with every row after it one
/// off; two numbers run together on a line without a label of its own are refused at that line;
/// a whole row left out (label and numbers) imports, every other number in place, the row
/// missing.
#[test]
fn damage_to_an_office_pdfs_wrapped_rows_is_refused_where_it_is() {
    let fixture = root().join("tests/fixtures/pdf/printed/office/clean-2024-songti-narrow.txt");
    let text = std::fs::read_to_string(&fixture).expect("fixture");
    let lines: Vec<&str> = text.lines().collect();
    let label = lines
        .iter()
        .position(|l| l.trim() == "4.保护第三方合法")
        .expect("the label's first line");
    assert_eq!(lines[label + 2].trim(), "权益");
    let numbers = lines[label + 1];
    let column = numbers.find('3').expect("the first number") + 1;
    let without = |drop: &[usize]| -> String {
        lines
            .iter()
            .enumerate()
            .filter(|(n, _)| !drop.contains(n))
            .map(|(_, l)| format!("{l}\n"))
            .collect()
    };
    // The label lost: its numbers are now on line `label + 1` (1-based: the line before is gone).
    let lost = without(&[label]);
    let err = nianbao_convert::import(lost.as_bytes(), &Default::default()).expect_err("lost");
    assert!(
        err.show(nianbao_convert::Lang::Zh)
            .starts_with(&format!("{}:{column}：", label + 1)),
        "{err:?}"
    );
    assert!(
        err.message.contains("应是“4.保护第三方合法权益”行") && err.message.contains("不作猜测"),
        "{err:?}"
    );
    // 3 and 1 run together: 31 0 0 0 0 0 4 has six numbers, the others seven.
    let joined = text.replacen(numbers, &numbers.replacen("3      1", "31", 1), 1);
    let err = nianbao_convert::import(joined.as_bytes(), &Default::default()).expect_err("31");
    assert!(
        err.show(nianbao_convert::Lang::Zh)
            .starts_with(&format!("{}:{column}：", label + 2)),
        "{err:?}"
    );
    assert!(err.message.contains("（31 0 0 0 0 4）有 6 个"), "{err:?}");
    // The whole row left out: the rest in place, the row missing.
    let options = nianbao_convert::Options {
        organization: Some("某市某某局"),
        ..Default::default()
    };
    let imported =
        nianbao_convert::import(without(&[label, label + 1, label + 2]).as_bytes(), &options)
            .unwrap_or_else(|e| panic!("{e:?}"));
    let example =
        std::fs::read_to_string(root().join("examples/clean-2024.nianbao")).expect("example");
    let mut wanted: BTreeMap<String, String> = common::cells(&example)
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .collect();
    let row: Vec<String> = wanted
        .keys()
        .filter(|k| k.starts_with("B/r3_4/"))
        .cloned()
        .collect();
    assert_eq!(row.len(), 7, "{wanted:?}");
    wanted.retain(|k, _| !k.starts_with("B/r3_4/"));
    let got: BTreeMap<String, String> = common::cells(&imported.markup)
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .collect();
    assert_eq!(got, wanted);
    assert_eq!(imported.numbers, 193);
}

/// A PDF whose text prints no title (a title drawn as an image, or on a cover page that is a
/// scan) but whose document information has it: the title, organ and year come from there,
/// noted. The text without its title is made by a `pdftotext` that drops the title line.
#[test]
fn a_pdf_without_a_printed_title_takes_the_one_in_its_document_information() {
    let dir = nianbao_tests::scratch("pdf-info-title");
    let fake = dir.join("pdftotext-without-title");
    std::fs::write(
        &fake,
        "#!/bin/sh\npdftotext \"$@\" | awk '!done && /年度报告/ { done = 1; next } { print }'\n",
    )
    .expect("write the fake pdftotext");
    std::process::Command::new("chmod")
        .args(["+x", fake.to_str().expect("path")])
        .status()
        .expect("chmod");
    let pdf = root().join("tests/fixtures/pdf/printed/clean-2024.pdf");
    let copy = dir.join("P020250120.pdf");
    std::fs::copy(&pdf, &copy).expect("copy the PDF under a name that is no title");
    let imported = std::process::Command::new(nianbao_tests::nianbao())
        .args(["import", copy.to_str().expect("path")])
        .env("NIANBAO_PDFTOTEXT", &fake)
        .output()
        .expect("nianbao runs");
    let markup = String::from_utf8_lossy(&imported.stdout);
    let notes = String::from_utf8_lossy(&imported.stderr);
    assert_eq!(imported.status.code(), Some(0), "{notes}");
    assert!(
        notes.contains("取自文件属性中的标题“某市某某局2024年政府信息公开工作年度报告”"),
        "{notes}"
    );
    assert!(
        markup.contains("机关: 某市某某局\n年度: 2024\n"),
        "{markup}"
    );
    assert!(
        markup.contains("\n# 某市某某局2024年政府信息公开工作年度报告\n"),
        "{markup}"
    );
}
