//! `nianbao render`: the official layout, and the round trip render → import that gives back
//! every number at its row and column.

mod common;

use nianbao_tests::{examples, run, stderr, stdout};

#[test]
fn render_then_import_gives_back_the_same_numbers() {
    for example in examples() {
        let text = std::fs::read_to_string(&example).expect("example");
        let html = nianbao_convert::render::render_html(&text, &Default::default());
        let imported = nianbao_convert::import(html.as_bytes(), &Default::default())
            .unwrap_or_else(|e| panic!("{}: {e}", example.display()));
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
    assert!(html.contains("<td rowspan=\"2\">自然人</td><td colspan=\"5\">法人或其他组织</td><td rowspan=\"2\">总计</td>"));
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
        .map(|l| l.matches("<td>").count())
        .unwrap_or(0);
    assert_eq!(numbers, 15, "{last_c_row}");
    // Table 二: four blocks in one table of four columns.
    assert!(html.contains("<tr><td colspan=\"4\">第二十条第（五）项</td></tr>"));
    assert!(html.contains("<td colspan=\"3\">本年处理决定数量</td>"));
}

#[test]
fn a_missing_column_stays_missing_in_the_page() {
    let html = stdout(&run(&["render", "examples/seed-002-fengquan.nianbao"]));
    assert!(html.contains("<td colspan=\"6\">申请人情况</td>"));
    assert!(html.contains("<td colspan=\"4\">法人或其他组织</td>"));
}

#[test]
fn the_2019_format_round_trips_too() {
    let out = run(&[
        "new",
        "--org",
        "某某县",
        "--year",
        "2020",
        "--template",
        "2019",
    ]);
    let mut text = stdout(&out);
    // Give every count a distinct value so a misplaced number would show.
    let mut n = 0;
    text = text
        .lines()
        .map(|l| {
            if l.starts_with('|') && !l.starts_with("| ---") {
                l.split(" 0 ")
                    .collect::<Vec<_>>()
                    .join("\u{0}")
                    .split('\u{0}')
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
    let html = nianbao_convert::render::render_html(&text, &Default::default());
    let imported = nianbao_convert::import(html.as_bytes(), &Default::default()).expect("imports");
    assert_eq!(imported.template, "2019");
    assert!(n > 150, "{n}");
    assert_eq!(common::cells(&imported.markup), common::cells(&text));
}
