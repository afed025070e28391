//! `nianbao render`: the official layout, and the round trip render → import that gives back
//! every number at its row and column.

mod common;

use nianbao_tests::{examples, root, run, stderr, stdout};

#[test]
fn render_then_import_gives_back_the_same_numbers() {
    for example in examples() {
        let text = std::fs::read_to_string(&example).expect("example");
        let html = nianbao_convert::render::render_html(&text, &Default::default());
        let imported = nianbao_convert::import(html.as_bytes(), &Default::default())
            .unwrap_or_else(|e| panic!("{}: {e:?}", example.display()));
        assert_eq!(imported.format, nianbao_convert::Format::Html);
        assert_eq!(
            common::cells(&imported.markup),
            common::cells(&text),
            "{}",
            example.display()
        );
    }
}

#[test]
fn the_official_merged_header_cells() {
    let out = run(&["render", "examples/clean-2024.nianbao"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html = stdout(&out);
    assert!(html.starts_with("<!DOCTYPE html>"));
    // Table 三: the note over three label columns and three header rows, 申请人情况 over seven.
    assert!(
        html.contains("<td rowspan=\"3\" colspan=\"3\">（本列数据的勾稽关系为"),
        "{html}"
    );
    assert!(html.contains("<td colspan=\"7\">申请人情况</td>"));
    assert!(html.contains("<td rowspan=\"2\" style=\"min-width:2em\">自然人</td><td colspan=\"5\">法人或其他组织</td><td rowspan=\"2\" style=\"min-width:2em\">总计</td>"));
    assert!(html.contains("<td class=\"label\" rowspan=\"22\">三、本年度办理结果</td>"));
    assert!(html.contains("<td class=\"label\" rowspan=\"8\">（三）不予公开</td>"));
    // Table 四: three header rows over one row of fifteen numbers.
    assert!(
        html.contains("<tr><td colspan=\"5\">行政复议</td><td colspan=\"10\">行政诉讼</td></tr>")
    );
    assert!(
        html.contains("<td colspan=\"5\">未经复议直接起诉</td><td colspan=\"5\">复议后起诉</td>")
    );
    let last_c_row = html
        .split("<td colspan=\"5\">行政复议</td>")
        .nth(1)
        .and_then(|t| t.split("</table>").next())
        .expect("table 四");
    let numbers = last_c_row
        .lines()
        .last()
        .map(|l| l.matches("<td class=\"num\">").count())
        .unwrap_or(0);
    assert_eq!(numbers, 15, "{last_c_row}");
    // Table 二: four blocks in one table of four columns.
    assert!(html.contains("<tr><td colspan=\"4\">第二十条第（五）项</td></tr>"));
    assert!(html.contains("<td colspan=\"3\" style=\"min-width:4em\">本年处理决定数量</td>"));
}

#[test]
fn a_missing_column_stays_missing_in_the_page() {
    let html = stdout(&run(&["render", "examples/seed-002-fengquan.nianbao"]));
    assert!(html.contains("<td colspan=\"6\">申请人情况</td>"));
    assert!(html.contains("<td colspan=\"4\">法人或其他组织</td>"));
}

/// The 2019 format round-trips, and the tables decide the template, not the year: a 2024 report
/// still printed in the 2019 format (real ones exist) is imported as the 2019 format, noted.
#[test]
fn the_2019_format_round_trips_too() {
    for year in ["2020", "2024"] {
        let out = run(&[
            "new",
            "--org",
            "某某县",
            "--year",
            year,
            "--template",
            "2019",
        ]);
        let text = distinct_counts(&stdout(&out));
        let html = nianbao_convert::render::render_html(&text, &Default::default());
        let imported =
            nianbao_convert::import(html.as_bytes(), &Default::default()).expect("imports");
        assert_eq!(imported.template, "2019", "{year}");
        assert_eq!(
            common::cells(&imported.markup),
            common::cells(&text),
            "{year}"
        );
        assert!(imported.markup.contains(&format!("年度: {year}")), "{year}");
        assert!(
            imported
                .notes
                .iter()
                .any(|n| n.inferred.is_some() && n.message.contains("模板按表格的标签选定为“2019”")),
            "{year}: {:#?}",
            imported.notes
        );
        let analysis = nianbao_core::analyze(&imported.markup, &Default::default());
        assert_eq!(analysis.report.template.id, "2019", "{year}");
    }
}

/// `text` with every count of its tables given a distinct value, so a misplaced number shows.
fn distinct_counts(text: &str) -> String {
    let mut n = 0;
    let out = text
        .lines()
        .map(|l| {
            if l.starts_with('|') && !l.starts_with("| ---") {
                l.split(" 0 ")
                    .enumerate()
                    .map(|(i, part)| {
                        if i == 0 {
                            part.to_string()
                        } else {
                            n += 1;
                            format!(" {n} {part}")
                        }
                    })
                    .collect::<String>()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert!(n > 150, "{n}");
    out
}

#[test]
fn render_signs_dates_and_flags_what_is_not_ready_to_publish() {
    let clean = std::fs::read_to_string(root().join("examples/clean-2024.nianbao")).unwrap();
    let dir = nianbao_tests::scratch("render-publish");
    let dated = dir.join("dated.nianbao");
    std::fs::write(
        &dated,
        clean.replacen("年度: 2024\n", "年度: 2024\n日期: 2025-01-20\n", 1),
    )
    .unwrap();
    let out = run(&["render", dated.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let html = stdout(&out);
    assert!(
        html.contains(
            "<p class=\"signature\">某市某某局</p>\n<p class=\"signature\">2025年1月20日</p>"
        ),
        "{html}"
    );
    assert_eq!(
        stderr(&out),
        "",
        "a complete, dated report renders without a warning"
    );

    // Without a date: the page is written, and the missing date is named.
    let out = run(&["render", "examples/clean-2024.nianbao"]);
    assert!(stderr(&out).contains("examples/clean-2024.nianbao:1:1: 警告: 前置信息没有“日期”"));

    // The untouched skeleton: every empty section named at its heading, flagged on the page.
    let skeleton = dir.join("skeleton.nianbao");
    let text = stdout(&run(&["new", "--org", "某县交通运输局", "--year", "2025"]));
    std::fs::write(&skeleton, &text).unwrap();
    let out = run(&["render", skeleton.to_str().unwrap()]);
    let err = stderr(&out);
    for heading in [
        "## 五、存在的主要问题及改进情况",
        "## 六、其他需要报告的事项",
    ] {
        let line = text
            .lines()
            .position(|l| l == heading)
            .expect("heading in the skeleton")
            + 1;
        let title = heading.trim_start_matches("## ");
        let wanted = format!("skeleton.nianbao:{line}:1: 警告: “{title}”没有正文");
        assert!(err.contains(&wanted), "{wanted}\n{err}");
    }
    assert!(stdout(&out).contains("<p class=\"empty\">（本部分尚未填写）</p>"));

    // A text that ends with its own 落款 and date is not signed twice.
    let signed = dir.join("signed.nianbao");
    std::fs::write(
        &signed,
        format!("{}\n某市某某局\n2025年1月20日\n", clean.trim_end()),
    )
    .unwrap();
    let out = run(&["render", signed.to_str().unwrap()]);
    assert!(!stdout(&out).contains("class=\"signature\""));
    assert!(!stderr(&out).contains("日期"), "{}", stderr(&out));
}
