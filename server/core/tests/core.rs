//! The core on whole documents: the examples and small fixtures written inline.

use nianbao_core::{analyze, fix, Config};

fn example(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name);
    std::fs::read_to_string(path).expect("example exists")
}

fn codes(text: &str) -> Vec<&'static str> {
    analyze(text, &Config::default())
        .findings
        .iter()
        .map(|f| f.code)
        .collect()
}

#[test]
fn non_report_input_gets_one_clear_finding() {
    let findings = analyze("hello world\n", &Config::default()).findings;
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].code, "NB201");
    assert!(findings[0].message.contains("不是政府信息公开工作年度报告"));
}

#[test]
fn clean_example_has_no_error_or_warning() {
    let findings = analyze(&example("clean-2024.nianbao"), &Config::default()).findings;
    assert!(
        findings
            .iter()
            .all(|f| f.severity == nianbao_core::Severity::Info),
        "{findings:#?}"
    );
}

#[test]
fn seed_002_findings_are_the_real_mismatches() {
    let mut got = codes(&example("seed-002-fengquan.nianbao"));
    got.retain(|c| c.starts_with("NB1") || c == &"NB210");
    got.sort();
    // （三） row (B2 and B4 on one cell), （四） against its sub-rows in two columns,
    // （七） against the outcomes in two columns, and the missing 其他 column.
    assert_eq!(got, ["NB103", "NB103", "NB104", "NB104", "NB104", "NB210"]);
}

#[test]
fn table_fix_recomputes_every_total_of_the_table() {
    let text = example("clean-2024.nianbao");
    // Break two totals of table 三 and one of table 四.
    let broken = text.replacen("| （七）总计", "| （七）总计 ", 1);
    let analysis = analyze(&broken, &Config::default());
    assert!(analysis.findings.iter().all(|f| !f.is_arithmetic()));
    let row = text
        .lines()
        .find(|l| l.starts_with("| （一）予以公开"))
        .expect("row exists")
        .to_string();
    let cells: Vec<&str> = row.split('|').collect();
    let mut bumped: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
    let n: i64 = cells[2].trim().parse().expect("a number");
    bumped[2] = cells[2].replacen(&n.to_string(), &(n + 1).to_string(), 1);
    let broken = text.replacen(&row, &bumped.join("|"), 1);
    let analysis = analyze(&broken, &Config::default());
    let finding = analysis
        .findings
        .iter()
        .find(|f| f.is_arithmetic())
        .expect("an arithmetic finding");
    let table_fix = finding
        .fixes
        .iter()
        .find(|f| f.title.contains("本表全部合计"))
        .expect("a whole-table fix");
    let fixed = fix::apply_edits(&broken, &table_fix.edits);
    assert!(analyze(&fixed, &Config::default())
        .findings
        .iter()
        .all(|f| !f.is_arithmetic()));
}

/// Seed 002's totals disagree with parts that are all 0. Fix-all changes no figure: it marks
/// the relations 待核 above the table, the errors stay for a person, and a second run changes
/// nothing.
#[test]
fn fix_all_keeps_seed_002_figures_and_marks_the_relations_for_review() {
    let text = example("seed-002-fengquan.nianbao");
    let outcome = fix::fix_all_arithmetic(&text, &Config::default());
    let numbers = |t: &str| -> Vec<String> {
        t.lines()
            .filter(|l| l.starts_with('|'))
            .flat_map(|l| {
                l.split('|')
                    .skip(2)
                    .map(|c| c.trim().to_string())
                    .collect::<Vec<_>>()
            })
            .filter(|c| !c.is_empty() && c.chars().all(|ch| ch.is_ascii_digit() || ch == '.'))
            .collect()
    };
    assert_eq!(numbers(&outcome.text), numbers(&text), "no figure changes");
    assert!(
        outcome.text.contains("<!-- 待核：（七）总计·自然人 为 5"),
        "{}",
        outcome.text
    );
    assert!(!outcome.held.is_empty());
    let after = analyze(&outcome.text, &Config::default());
    assert!(after.findings.iter().any(|f| f.is_arithmetic()));
    let again = fix::fix_all_arithmetic(&outcome.text, &Config::default());
    assert_eq!(again.text, outcome.text, "a second run changes nothing");
    assert!(again.applied.is_empty());
}

#[test]
fn the_2019_format_is_detected_from_its_tables() {
    let knowledge = nianbao_core::knowledge::Knowledge::get();
    let template = knowledge.template("2019").expect("2019 template");
    let text =
        nianbao_core::skeleton::new_report(template, "某县", "2020").replace("模板: 2019\n", "");
    let analysis = analyze(&text, &Config::default());
    assert_eq!(analysis.report.template.id, "2019");
    assert_eq!(
        analysis.report.template_choice,
        nianbao_core::model::TemplateChoice::Detected
    );
    assert!(
        analysis
            .findings
            .iter()
            // The skeleton is still unwritten (NB231, NB232); nothing else may be reported.
            .all(|f| f.severity == nianbao_core::Severity::Info
                || matches!(f.code, "NB231" | "NB232")),
        "{:#?}",
        analysis.findings
    );
    // （六）其他处理 is a leaf with numbers in 2019: break it and B3 must notice.
    let broken = text.clone();
    let row = broken
        .lines()
        .find(|l| l.starts_with("| （六）其他处理"))
        .expect("row")
        .to_string();
    let bumped = row.replacen(" 0 |", " 3 |", 1);
    let codes: Vec<&str> = analyze(&broken.replacen(&row, &bumped, 1), &Config::default())
        .findings
        .iter()
        .map(|f| f.code)
        .collect();
    assert!(
        codes.contains(&"NB103") || codes.contains(&"NB102"),
        "{codes:?}"
    );
}

#[test]
fn english_messages_are_selectable() {
    let config = Config {
        lang: nianbao_core::Lang::En,
        ..Config::default()
    };
    let findings = analyze(&example("seed-002-fengquan.nianbao"), &config).findings;
    assert!(
        findings
            .iter()
            .any(|f| f.message.contains("the other columns are still checked")),
        "{findings:#?}"
    );
}

#[test]
fn an_own_table_in_a_prose_section_is_allowed_but_not_in_a_table_section() {
    let text = example("clean-2024.nianbao");
    let own = "\n| 渠道 | 条数 |\n| --- | ---: |\n| 网站 | 1426 |\n\n";
    let in_prose = text.replacen(
        "### （一）主动公开\n",
        &format!("### （一）主动公开\n{own}"),
        1,
    );
    assert!(!codes(&in_prose).contains(&"NB205"));
    let in_tables = text.replacen("## 四、", &format!("{own}## 四、"), 1);
    assert!(codes(&in_tables).contains(&"NB205"));
}

#[test]
fn a_row_missing_its_leading_pipe_does_not_split_the_table() {
    let text = example("clean-2024.nianbao");
    let row = text
        .lines()
        .find(|l| l.starts_with("| （一）予以公开"))
        .expect("row")
        .to_string();
    let broken = text.replacen(&row, row.trim_start_matches("| "), 1);
    let findings = analyze(&broken, &Config::default()).findings;
    let found: Vec<&str> = findings.iter().map(|f| f.code).collect();
    assert!(found.contains(&"NB224"), "{found:?}");
    // The rows after the bad line still belong to table 三: no unrecognised or duplicated table,
    // and only the row whose line is broken is missing.
    assert!(
        !found.contains(&"NB205") && !found.contains(&"NB206"),
        "{found:?}"
    );
    assert_eq!(
        found.iter().filter(|c| **c == "NB207").count(),
        1,
        "{findings:#?}"
    );
    let stray = findings
        .iter()
        .find(|f| f.code == "NB224")
        .expect("the stray line");
    let repaired = fix::apply_edits(&broken, &stray.fixes[0].edits);
    assert_eq!(codes(&repaired), codes(&text));
}

#[test]
fn an_unterminated_comment_is_named_as_the_cause() {
    let text = example("clean-2024.nianbao").replacen("## 三、", "<!-- 待补充\n\n## 三、", 1);
    let findings = analyze(&text, &Config::default()).findings;
    assert!(
        findings
            .iter()
            .any(|f| f.code == "NB224" && f.message.contains("注释没有结束")),
        "{findings:#?}"
    );
}

#[test]
fn an_unclosed_front_matter_is_explained() {
    let text = example("clean-2024.nianbao").replacen("模板: 2021\n---\n", "模板: 2021\n", 1);
    let findings = analyze(&text, &Config::default()).findings;
    assert!(
        findings
            .iter()
            .any(|f| f.code == "NB221" && f.message.contains("前置信息不完整")),
        "{findings:#?}"
    );
}

/// The figures the seeds' prose states agree with their tables; changing one is noticed.
#[test]
fn prose_figures_are_compared_with_the_tables() {
    let cases = [
        (
            "seed-000-luquan.nianbao",
            "共處理公開申請153件",
            "共處理公開申請154件",
            "NB301",
        ),
        (
            "seed-000-luquan.nianbao",
            "引發行政復議8件",
            "引發行政復議7件",
            "NB304",
        ),
        (
            "seed-001-haimen.nianbao",
            "结转下年度继续办理2件",
            "结转下年度继续办理3件",
            "NB303",
        ),
        (
            "seed-003-panzhihua.nianbao",
            "办结21件",
            "办结20件",
            "NB302",
        ),
        (
            "seed-003-panzhihua.nianbao",
            "现行有效36件",
            "现行有效35件",
            "NB306",
        ),
        (
            "seed-004-qinzhou.nianbao",
            "部分公开132件",
            "部分公开131件",
            "NB307",
        ),
        (
            "seed-004-qinzhou.nianbao",
            "行政复议51件",
            "行政复议50件",
            "NB304",
        ),
    ];
    for (file, from, to, code) in cases {
        let text = example(file);
        assert!(text.contains(from), "{file} states {from}");
        assert!(
            !codes(&text).iter().any(|c| c.starts_with("NB3")),
            "{file}: no prose warning as published"
        );
        let changed = text.replacen(from, to, 1);
        let findings = analyze(&changed, &Config::default()).findings;
        let hit = findings
            .iter()
            .find(|f| f.code == code)
            .unwrap_or_else(|| panic!("{file}: {to} raises {code}"));
        let figure = to
            .trim_end_matches(['件', '部'])
            .trim_start_matches(|c: char| !c.is_ascii_digit());
        assert_eq!(
            &changed[hit.range.clone()],
            figure,
            "{file}: the finding points at the figure"
        );
    }
}

/// The clean example with （六）其他处理 printed as the 2019 format printed it: one row holding the
/// sums of its sub-rows, and the sub-rows gone.
fn with_other_handling_alone(total_natural: &str) -> String {
    let text = example("clean-2024.nianbao");
    let mut out = String::new();
    for line in text.lines() {
        let label = line.split('|').nth(1).map(str::trim).unwrap_or("");
        if ["1.申请人无正当理由", "2.申请人逾期未按", "3.其他"]
            .iter()
            .any(|p| label.starts_with(p))
        {
            continue;
        }
        let line = match label {
            "（六）其他处理" => "| （六）其他处理 | 4 | 1 | 0 | 0 | 0 | 0 | 5 |".to_string(),
            "（七）总计" => {
                format!("| （七）总计 | {total_natural} | 9 | 1 | 0 | 3 | 2 | 102 |")
            }
            _ => line.to_string(),
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[test]
fn a_subtotal_printed_alone_stands_for_its_sub_rows() {
    let findings = analyze(&with_other_handling_alone("87"), &Config::default()).findings;
    let alone = findings.iter().filter(|f| f.code == "NB233").count();
    assert_eq!(alone, 1, "{findings:#?}");
    assert!(
        findings
            .iter()
            .all(|f| f.severity == nianbao_core::Severity::Info),
        "{findings:#?}"
    );
    // Its numbers still count: a wrong （七）总计 breaks B3 (over the columns) and B1, B2.
    let broken = codes(&with_other_handling_alone("88"));
    assert!(broken.contains(&"NB103"), "{broken:?}");
    // One sub-row written: the subtotal does not stand alone, the others are missing.
    let one_written = with_other_handling_alone("87").replace(
        "| （六）其他处理 | 4 | 1 | 0 | 0 | 0 | 0 | 5 |",
        "| （六）其他处理 | 4 | 1 | 0 | 0 | 0 | 0 | 5 |\n| 3.其他 | 2 | 1 | 0 | 0 | 0 | 0 | 3 |",
    );
    let partial = codes(&one_written);
    assert_eq!(
        partial.iter().filter(|c| **c == "NB207").count(),
        2,
        "{partial:?}"
    );
    assert!(!partial.contains(&"NB233"), "{partial:?}");
}

/// The clean example's table 三 with every 0 left blank, as some published pages print it,
/// and optionally its 总计 column left blank in the result rows too.
fn blanks_for_zeros(blank_totals: bool) -> String {
    let text = example("clean-2024.nianbao");
    let mut in_b = false;
    let mut out = String::new();
    for line in text.lines() {
        if line.starts_with("| 申请人情况") {
            in_b = true;
        } else if !line.starts_with('|') {
            in_b = false;
        }
        let is_result = [
            "（一）",
            "（二）",
            "1.",
            "2.",
            "3.",
            "4.",
            "5.",
            "6.",
            "7.",
            "8.",
        ]
        .iter()
        .any(|p| line.starts_with(&format!("| {p}")));
        let line = if in_b
            && line.starts_with("| ")
            && !line.starts_with("| 申请人情况")
            && !line.starts_with("| -")
        {
            let mut cells: Vec<String> = line
                .trim_matches('|')
                .split('|')
                .map(|c| {
                    if c.trim() == "0" {
                        String::new()
                    } else {
                        c.trim().to_string()
                    }
                })
                .collect();
            if blank_totals && is_result {
                if let Some(last) = cells.last_mut() {
                    last.clear();
                }
            }
            format!("| {} |", cells.join(" | "))
        } else {
            line.to_string()
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[test]
fn a_table_that_leaves_its_zeros_blank_is_checked_with_them_as_zeros() {
    let findings = analyze(&blanks_for_zeros(false), &Config::default()).findings;
    let codes: Vec<_> = findings.iter().map(|f| f.code).collect();
    assert_eq!(
        codes.iter().filter(|c| **c == "NB234").count(),
        1,
        "{codes:?}"
    );
    assert!(
        findings
            .iter()
            .all(|f| f.severity == nianbao_core::Severity::Info),
        "{findings:#?}"
    );
    // The 总计 column left blank in the result rows: each row whose parts are not all 0 breaks
    // B2, and （七）总计·总计 breaks B3 against blank parts.
    let text = blanks_for_zeros(true);
    let findings = analyze(&text, &Config::default()).findings;
    let b2 = findings.iter().filter(|f| f.code == "NB102").count();
    let rows_with_values = text
        .lines()
        .filter(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
            l.starts_with("| ")
                && cells.last() == Some(&"")
                && cells[1..]
                    .iter()
                    .any(|c| c.parse::<i64>().is_ok_and(|n| n > 0))
        })
        .count();
    assert!(rows_with_values >= 10, "{rows_with_values}");
    assert_eq!(b2, rows_with_values, "{findings:#?}");
    assert!(findings
        .iter()
        .any(|f| f.code == "NB103" && f.message.starts_with("（七）总计·总计")));
    assert!(!findings.iter().any(|f| f.code == "NB214"));
}

#[test]
fn a_blank_among_zeros_is_reported_and_a_blank_total_over_values_is_an_error() {
    let text = example("clean-2024.nianbao");
    // One 0 blanked in a table that writes its zeros: reported, not read as 0, no error.
    let one = text.replacen(
        "| 1.属于国家秘密                                                           |      0 |",
        "| 1.属于国家秘密                                                           |        |",
        1,
    );
    assert_ne!(one, text);
    let findings = analyze(&one, &Config::default()).findings;
    assert!(findings.iter().any(|f| f.code == "NB214"));
    assert!(
        !findings
            .iter()
            .any(|f| f.severity == nianbao_core::Severity::Error),
        "{findings:#?}"
    );
    // A blank 总计 whose parts have values: an error, whatever the other blanks hold.
    let line = text
        .lines()
        .find(|l| l.starts_with("| （一）予以公开"))
        .expect("row");
    let blank_total = format!(
        "{}|      |",
        line.trim_end()
            .trim_end_matches('|')
            .rsplit_once('|')
            .expect("cells")
            .0
    );
    let findings = analyze(&text.replacen(line, &blank_total, 1), &Config::default()).findings;
    assert!(
        findings
            .iter()
            .any(|f| f.code == "NB102" && f.message.contains("为空白")),
        "{findings:#?}"
    );
}

#[test]
fn sub_headings_naming_part_of_a_section_title_are_its_text() {
    // 五、存在的主要问题及改进情况, then （一）存在的主要问题 and （二）改进情况: the common way to
    // write section 五, as Markdown headings or as plain lines.
    let clean = example("clean-2024.nianbao");
    let headed = clean.replace(
        "## 五、存在的主要问题及改进情况\n",
        "## 五、存在的主要问题及改进情况\n\n### （一）存在的主要问题\n\n不足。\n\n### （二）改进情况\n",
    );
    let plain = clean.replace(
        "## 五、存在的主要问题及改进情况\n",
        "## 五、存在的主要问题及改进情况\n\n（一）存在的主要问题\n\n不足。\n\n（二）改进情况\n",
    );
    for text in [headed, plain] {
        assert!(text.contains("（一）存在的主要问题"));
        let findings = analyze(&text, &Config::default()).findings;
        assert!(
            findings
                .iter()
                .all(|f| f.severity == nianbao_core::Severity::Info),
            "{findings:#?}"
        );
    }
}

#[test]
fn prose_figures_apart_from_their_words_and_stated_together() {
    let clean = example("clean-2024.nianbao");
    let said = "其中予以公开35件、部分公开16件、";
    assert!(clean.contains(said));
    let warned = |prose: &str| -> Vec<String> {
        analyze(&clean.replace(said, prose), &Config::default())
            .findings
            .into_iter()
            .filter(|f| f.code == "NB307")
            .map(|f| f.message)
            .collect()
    };
    // 予以公开及部分公开 is （一）+（二） = 35 + 16; figures spaced as PDF text spaces them.
    assert_eq!(
        warned("其中予以公开及部分公开 51 件、"),
        Vec::<String>::new()
    );
    assert_eq!(
        warned("其中予以公开 35 件、部分公开 16 件、"),
        Vec::<String>::new()
    );
    assert_eq!(warned("其中予以公开及部分公开 50 件、").len(), 1);
    assert_eq!(warned("其中予以公开 35 件、部分公开 17 件、").len(), 1);
}

#[test]
fn a_column_left_blank_in_every_row_is_reported_once() {
    // Table 三's 社会公益组织 column (all 0 in the example) blanked in every row.
    let blanked: String = example("clean-2024.nianbao")
        .lines()
        .map(|line| {
            let cells: Vec<&str> = line.split('|').collect();
            let in_table_three = cells.len() == 10 && !line.contains("---");
            if in_table_three && !line.contains("申请人情况") {
                let mut cells: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
                cells[5] = " ".repeat(cells[5].len());
                cells.join("|")
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let findings = analyze(&blanked, &Config::default()).findings;
    let blank: Vec<_> = findings.iter().filter(|f| f.code == "NB214").collect();
    assert_eq!(blank.len(), 1, "{findings:#?}");
    assert!(
        blank[0].message.contains("“社会公益组织”列整列未填写"),
        "{blank:?}"
    );
    // Its fix fills the whole column, and the report is then as it was.
    let fixed = nianbao_core::finding::apply_edits(&blanked, &blank[0].fixes[0].edits);
    assert!(analyze(&fixed, &Config::default())
        .findings
        .iter()
        .all(|f| f.severity == nianbao_core::Severity::Info));
}

/// An error the import found (a relation broken under every split of run-together digits) is
/// an error finding of `check` (NB236), beside the inference note (NB230). Here, not in
/// check/imported.rs: a unit test there calling `analyze` would close an import circle.
#[test]
fn an_error_the_import_found_is_an_error_finding() {
    let text = "---\n年度: 2024\n---\n\n# 某局2024年政府信息公开工作年度报告\n\n<!-- 导入推断：错误：勾稽关系 B3 不成立 -->\n\n<!-- 导入推断：“x”拆为 1|2 -->\n";
    let analysis = nianbao_core::analyze(text, &Default::default());
    let codes: Vec<_> = analysis
        .findings
        .iter()
        .filter(|f| f.code.starts_with("NB23"))
        .map(|f| (f.code, f.severity))
        .collect();
    assert!(
        codes.contains(&("NB236", nianbao_core::Severity::Error)),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("NB230", nianbao_core::Severity::Info)),
        "{codes:?}"
    );
    assert_eq!(codes.len(), 2, "{codes:?}");
}
