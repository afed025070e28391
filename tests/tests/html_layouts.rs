//! HTML pages laid out unlike the template (issue 11 shape 3), generated from the project's own
//! example: the 第二十条 tables merged into one grid whose header and data rows spread their
//! cells over the columns differently (colspans that do not line up), `&nbsp;` cells, prose in
//! `<p>`s; and a figure printed with its unit inside the cell.

mod common;

use nianbao_tests::root;

fn example() -> String {
    std::fs::read_to_string(root().join("examples/clean-2024.nianbao")).expect("example")
}

/// The example as a CMS page: headings and paragraphs as `<p>`, every table of section 二 in one
/// five-column grid (a block-heading row spanning it; header cells and data cells given
/// different colspans), the other tables as they are. `unit` appends a unit to one cell.
fn page(markup: &str, unit: Option<(&str, &str)>) -> String {
    let body = markup.splitn(3, "---").nth(2).expect("front matter");
    let body = strip_comments(body);
    let mut out = String::from("<html><body><div class=\"article\">\n");
    let mut grid_open = false;
    let lines: Vec<&str> = body.lines().collect();
    let mut i = 0;
    let mut block: Option<String> = None;
    while i < lines.len() {
        let t = lines[i].trim();
        i += 1;
        if t.is_empty() {
            continue;
        }
        if let Some(h) = t.strip_prefix("### ") {
            block = Some(h.to_string());
            continue;
        }
        if !t.starts_with('|') {
            if grid_open && t.starts_with("## ") {
                out.push_str("</table>\n");
                grid_open = false;
            }
            out.push_str(&format!("<p>{}</p>\n", t.trim_start_matches('#').trim()));
            continue;
        }
        let mut rows = vec![cells(t)];
        while i < lines.len() && lines[i].trim().starts_with('|') {
            let row = lines[i].trim();
            i += 1;
            if !row.starts_with("| -") {
                rows.push(cells(row));
            }
        }
        for row in rows.iter_mut() {
            if let Some((label, figure)) = unit {
                if row[0] == label {
                    let last = row.len() - 1;
                    row[last] = format!("{}{figure}", row[last]);
                }
            }
        }
        match block.take() {
            Some(heading) => {
                if !grid_open {
                    out.push_str("<table border=\"1\">\n");
                    grid_open = true;
                }
                out.push_str(&format!("<tr><td colspan=\"5\">{heading}</td></tr>\n"));
                for (n, row) in rows.iter().enumerate() {
                    out.push_str(&grid_row(row, n == 0));
                }
            }
            None => {
                if grid_open {
                    out.push_str("</table>\n");
                    grid_open = false;
                }
                out.push_str("<table border=\"1\">\n");
                for row in &rows {
                    out.push_str("<tr>");
                    for c in row {
                        let c = if c.is_empty() { "&nbsp;" } else { c.as_str() };
                        out.push_str(&format!("<td><p>{c}</p></td>"));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</table>\n");
            }
        }
    }
    if grid_open {
        out.push_str("</table>\n");
    }
    out + "</div></body></html>\n"
}

fn strip_comments(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find("-->")
            .map_or("", |e| &rest[start + e + 3..]);
    }
    out + rest
}

fn cells(row: &str) -> Vec<String> {
    row.trim_matches('|')
        .split('|')
        .map(|c| c.trim().to_string())
        .collect()
}

/// A row of the five-column grid: the label, then the values spread over four columns — the
/// header widens its first value cell, the data rows their last, so no column lines up.
fn grid_row(row: &[String], header: bool) -> String {
    let values = &row[1..];
    let mut spans = vec![1; values.len()];
    let spare = 4 - values.len().min(4);
    if header {
        spans[0] += spare;
    } else if let Some(last) = spans.last_mut() {
        *last += spare;
    }
    let mut out = format!("<tr><td>{}</td>", row[0]);
    for (v, span) in values.iter().zip(spans) {
        out.push_str(&format!("<td colspan=\"{span}\">{v}</td>"));
    }
    out + "</tr>\n"
}

fn title_of(markup: &str) -> String {
    markup
        .lines()
        .find_map(|l| l.strip_prefix("# "))
        .expect("the example's title")
        .to_string()
}

fn import(html: &str) -> nianbao_convert::Imported {
    let options = nianbao_convert::Options {
        source_name: "page.html",
        ..Default::default()
    };
    nianbao_convert::import(html.as_bytes(), &options).unwrap_or_else(|e| panic!("{e:?}\n{html}"))
}

#[test]
fn section_two_tables_in_one_grid_with_misaligned_colspans_import_in_place() {
    let markup = example();
    let html = page(&markup, None);
    assert!(html.contains("colspan=\"5\">第二十条第（五）项"), "{html}");
    let imported = import(&html);
    assert_eq!(common::cells(&imported.markup), common::cells(&markup));
    assert_eq!(
        common::findings(&imported.markup),
        common::findings(&markup)
    );
}

/// A unit printed in the cell (`1268件`, `356元`) is kept as printed, and `check` reads the
/// figure: the findings are the example's.
#[test]
fn a_unit_printed_in_the_cell_is_kept_and_reads_as_the_figure() {
    let markup = example();
    for (row, unit) in [("行政许可", "件"), ("行政处罚", "元")] {
        let html = page(&markup, Some((row, unit)));
        let imported = import(&html);
        let (mut got, want) = (common::cells(&imported.markup), common::cells(&markup));
        let unit_cells: Vec<String> = got
            .iter()
            .filter(|(_, v)| v.ends_with(unit))
            .map(|(k, _)| k.clone())
            .collect();
        assert_eq!(unit_cells.len(), 1, "{row}: {got:?}");
        for k in &unit_cells {
            let v = got[k].trim_end_matches(unit).to_string();
            got.insert(k.clone(), v);
        }
        assert_eq!(got, want, "{row}");
        assert_eq!(
            common::findings(&imported.markup),
            common::findings(&markup),
            "{row}"
        );
    }
}

/// A page whose body has no title gets it from the page's `<title>`, the site's name cut off,
/// with a note; the body's text is not changed.
#[test]
fn the_page_title_is_the_title_when_the_body_has_none() {
    let markup = example();
    let title = title_of(&markup);
    let body = page(&markup, None).replace(&format!("<p>{title}</p>\n"), "");
    assert!(!body.contains(&format!("<p>{title}</p>")));
    let html = body.replacen(
        "<html>",
        &format!("<html><head><title>{title}_某某市人民政府网</title></head>"),
        1,
    );
    let imported = import(&html);
    assert!(
        imported.markup.contains(&format!("\n# {title}\n")),
        "{}",
        imported.markup
    );
    let organ = markup
        .lines()
        .find_map(|l| l.strip_prefix("机关: "))
        .expect("organ");
    assert!(imported.markup.contains(&format!("机关: {organ}\n")));
    assert!(
        !imported.markup.lines().any(|l| l.trim() == title),
        "no stray paragraph of the title"
    );
    assert_eq!(common::cells(&imported.markup), common::cells(&markup));
}

/// A crawler's saved page: an information box above the article (`标题：…-机关`, `单位：…`,
/// `来源：URL`, `采集时间：…`) and the site's header and menu as short lines before the title.
/// All of it is page furniture, dropped with a note each; the title, organ and year are the
/// article's own.
#[test]
fn a_crawlers_information_box_and_the_site_menu_are_not_the_report() {
    let markup = example();
    let title = title_of(&markup);
    let furniture = [
        format!("标题：{title}-某局"),
        "单位：某局".to_string(),
        "来源：http://www.example.gov.cn/art/2025/1/1/art_1.html".to_string(),
        "采集时间：2025-01-01T08:00:00+08:00".to_string(),
        "某某市人民政府".to_string(),
        "2025年1月20日 星期一".to_string(),
        "走进某市".to_string(),
        "政府信息公开".to_string(),
    ];
    let boxes: String = furniture
        .iter()
        .map(|f| format!("<div>{f}</div>\n"))
        .collect();
    let html = page(&markup, None).replacen("<html><body>", &format!("<html><body>{boxes}"), 1);
    let imported = import(&html);
    assert!(
        imported.markup.contains(&format!("\n# {title}\n")),
        "{}",
        imported.markup
    );
    let dropped: Vec<&str> = imported
        .notes
        .iter()
        .filter(|n| n.message.starts_with("删去了网页上的无关文字"))
        .map(|n| n.message.as_str())
        .collect();
    for f in &furniture {
        assert!(
            dropped.iter().any(|d| d.contains(f.as_str())),
            "{f}: {dropped:?}"
        );
    }
    assert_eq!(common::cells(&imported.markup), common::cells(&markup));
    assert_eq!(
        common::findings(&imported.markup),
        common::findings(&markup)
    );
}

/// The tables of 第二十条 laid out otherwise than the template (issue 11, shape 3), from the
/// official layout `nianbao render` writes: a row printed under another item's heading is
/// bound by its label, a column the template has not is kept out of the table with its figures
/// in a note; every other number in place, the findings the example's (plus the notes).
#[test]
fn section_two_rows_and_columns_are_bound_by_their_labels() {
    let markup = example();
    let html = nianbao_convert::render::render_html(&markup, &Default::default());
    let five_heading = "<tr><td colspan=\"4\">第二十条第（五）项</td></tr>\n";
    let five_start = html.find(five_heading).expect("table (五)'s heading");
    let six_heading = "<tr><td colspan=\"4\">第二十条第（六）项</td></tr>\n";
    let six_start = html.find(six_heading).expect("table (六)'s heading");
    let five = &html[five_start..six_start];
    let licence = five
        .lines()
        .find(|l| l.contains("行政许可"))
        .expect("the 行政许可 row");
    // 行政许可 printed under （六）, its own heading and header gone.
    let six_header_end = six_start
        + six_heading.len()
        + html[six_start + six_heading.len()..]
            .find('\n')
            .expect("header")
        + 1;
    let moved = format!(
        "{}{}{}\n{}",
        &html[..five_start],
        &html[six_start..six_header_end],
        licence,
        &html[six_header_end..]
    );
    // A column 本年修订件数 after 现行有效件数 in table （一）.
    let extra = html
        .replacen(
            "现行有效件数</td></tr>",
            "现行有效件数</td><td>本年修订件数</td></tr>",
            1,
        )
        .replace(
            "<td class=\"num\">27</td></tr>",
            "<td class=\"num\">27</td><td class=\"num\">5</td></tr>",
        )
        .replace(
            "<td class=\"label\">规章</td><td class=\"num\">0</td><td class=\"num\">0</td><td class=\"num\">0</td></tr>",
            "<td class=\"label\">规章</td><td class=\"num\">0</td><td class=\"num\">0</td><td class=\"num\">0</td><td class=\"num\">1</td></tr>",
        );
    assert!(
        extra.contains("<td class=\"num\">27</td><td class=\"num\">5</td></tr>")
            && extra.contains("<td class=\"num\">0</td><td class=\"num\">1</td></tr>"),
        "{extra}"
    );
    for (what, page, said) in [
        (
            "moved",
            moved,
            "“行政许可”印在“第二十条第（六）项”之下，按其标签归入“第二十条第（五）项”",
        ),
        (
            "extra",
            extra,
            "另有“本年修订件数”一列，模板没有此列，未写入表格：规章 1，行政规范性文件 5",
        ),
    ] {
        let imported = import(&page);
        assert!(
            imported
                .notes
                .iter()
                .any(|n| n.inferred.is_some() && n.message.contains(said)),
            "{what}: {:#?}",
            imported.notes
        );
        assert_eq!(
            common::cells(&imported.markup),
            common::cells(&markup),
            "{what}"
        );
        let but_notes = |text: &str| {
            let mut found = common::findings(text);
            found.retain(|(code, _)| code != "NB230");
            found
        };
        assert_eq!(but_notes(&imported.markup), but_notes(&markup), "{what}");
    }
}
