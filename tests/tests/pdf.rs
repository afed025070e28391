//! Text extracted from a PDF (as `pdftotext -layout` gives it): cells separated by runs of
//! spaces, labels wrapped onto the next line, page numbers and running headers at form feeds,
//! and digits run together — read when the split is unique, refused when it is not.

mod common;

use nianbao_tests::root;

/// The clean example laid out as PDF text. `run_together` names a row whose values lost their
/// spaces.
fn pdf_text(run_together: Option<(&str, &str)>) -> String {
    let markup =
        std::fs::read_to_string(root().join("examples/clean-2024.nianbao")).expect("example");
    let title = "某市某某局2024年政府信息公开工作年度报告";
    let mut out = format!("{title}\n\n");
    let mut in_comment = false;
    let mut rows_written = 0;
    let mut c_values: Vec<String> = Vec::new();
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
            for chunk in chars.chunks(38) {
                out.push_str(&format!("    {}\n", chunk.iter().collect::<String>()));
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
                    // A page break in the middle of table 三.
                    out.push_str(&format!("\n                         - 3 -\n\u{c}{title}\n"));
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
        .unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(imported.format, nianbao_convert::Format::Pdf);
    let expected =
        std::fs::read_to_string(root().join("examples/clean-2024.nianbao")).expect("example");
    assert_eq!(common::cells(&imported.markup), common::cells(&expected));
    let notes: Vec<&str> = imported.notes.iter().map(|n| n.message.as_str()).collect();
    assert!(
        notes.iter().any(|n| n.contains("one reading only")),
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
        err.message.contains("（一）予以公开") && err.message.contains("not guessing"),
        "{err}"
    );
    assert!(
        err.to_string().starts_with(char::is_numeric),
        "the place comes first: {err}"
    );
}
