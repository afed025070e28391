//! The `nianbao` command line, run as a user runs it.

use nianbao_tests::{examples, root, run, run_in, scratch, stderr, stdout};

fn name(path: &std::path::Path) -> String {
    path.file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

/// `check` on every example, in the human format: the snapshots are the reviewed truth.
#[test]
fn check_examples_human() {
    for example in examples() {
        let rel = example
            .strip_prefix(root())
            .unwrap_or(&example)
            .to_string_lossy()
            .into_owned();
        let out = run(&["check", "--show-info", &rel]);
        insta::assert_snapshot!(format!("check-{}", name(&example)), stdout(&out));
    }
}

#[test]
fn check_examples_json_is_valid_and_positions_are_one_based() {
    let out = run(&["check", "--format", "json", "examples"]);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("valid JSON");
    let findings = doc["findings"].as_array().expect("findings array");
    assert!(!findings.is_empty());
    for f in findings {
        assert!(f["line"].as_u64().unwrap() >= 1 && f["column"].as_u64().unwrap() >= 1);
        assert!(f["code"].as_str().unwrap().starts_with("NB"));
    }
    assert_eq!(doc["summary"]["files"], 6);
}

#[test]
fn exit_codes() {
    // Seed 002 has arithmetic errors.
    assert_eq!(
        run(&["check", "examples/seed-002-fengquan.nianbao"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        run(&["check", "examples/clean-2024.nianbao"]).status.code(),
        Some(0)
    );
    assert_eq!(
        run(&["check", "no/such/file.nianbao"]).status.code(),
        Some(2)
    );
    assert_eq!(
        run(&["check", "--format", "yaml", "examples"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn warnings_fail_only_when_denied() {
    let dir = scratch("deny-warnings");
    let text = std::fs::read_to_string(root().join("examples/clean-2024.nianbao")).unwrap();
    // A blank cell is a warning, not an error.
    let blank = text.replacen(
        "|            0 |            0 |            0 |",
        "|              |            0 |            0 |",
        1,
    );
    std::fs::write(dir.join("r.nianbao"), &blank).unwrap();
    let plain = run_in(&dir, &["check", "r.nianbao"], None);
    assert!(stdout(&plain).contains("NB214"), "{}", stdout(&plain));
    assert_eq!(plain.status.code(), Some(0));
    assert_eq!(
        run_in(&dir, &["check", "--deny", "warnings", "r.nianbao"], None)
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn new_report_has_no_errors_and_warns_that_it_is_unwritten() {
    let out = run(&["new", "--org", "某某县交通运输局", "--year", "2024"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = stdout(&out);
    let checked = run_in(&root(), &["check", "--show-info", "-"], Some(&report));
    assert_eq!(checked.status.code(), Some(0), "{}", stdout(&checked));
    let shown = stdout(&checked);
    // Consistent (all zeros) but unwritten: the skeleton, and each section without text.
    assert!(shown.contains("0 个错误，4 个警告"), "{shown}");
    assert_eq!(shown.matches("warning[NB232]").count(), 1, "{shown}");
    for section in [
        "一、总体情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ] {
        assert!(
            shown.contains(&format!("“{section}”没有正文：")),
            "{section}: {shown}"
        );
    }
    // Filled in, it is clean: text in every section, one figure changed consistently.
    let filled = report
        .replace("<!-- 在此撰写本部分内容。 -->", "本年度无相关情况。")
        .replacen(
            "| 规章           |            0 |",
            "| 规章           |            1 |",
            1,
        );
    let checked = run_in(&root(), &["check", "-"], Some(&filled));
    assert!(
        stdout(&checked).contains("0 个错误，0 个警告"),
        "{}",
        stdout(&checked)
    );
    for template in ["2019", "2021"] {
        let out = run(&[
            "new",
            "--org",
            "某某县",
            "--year",
            "2020",
            "--template",
            template,
        ]);
        let checked = run_in(&root(), &["check", "-"], Some(&stdout(&out)));
        assert_eq!(
            checked.status.code(),
            Some(0),
            "{template}: {}",
            stdout(&checked)
        );
    }
}

/// `nianbao fix` changes no figure of a broken relation: the examples' numbers are the same
/// after it, their arithmetic findings too, and it fails (exit 1) naming what needs a decision;
/// a consistent example passes untouched.
#[test]
fn fix_changes_no_figure_and_names_what_needs_a_decision() {
    let dir = scratch("fix");
    let arithmetic = |path: &std::path::Path| -> Vec<String> {
        let checked = run_in(
            &dir,
            &["check", "--format", "json", path.to_str().unwrap()],
            None,
        );
        let doc: serde_json::Value = serde_json::from_str(&stdout(&checked)).unwrap();
        let mut codes: Vec<String> = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_string())
            .filter(|c| c.starts_with("NB1"))
            .collect();
        codes.sort();
        codes
    };
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
    for example in examples() {
        let target = dir.join(example.file_name().unwrap());
        std::fs::copy(&example, &target).unwrap();
        let before = arithmetic(&target);
        let out = run_in(&dir, &["fix", target.to_str().unwrap()], None);
        let fixed = std::fs::read_to_string(&target).unwrap();
        let original = std::fs::read_to_string(&example).unwrap();
        assert_eq!(numbers(&fixed), numbers(&original), "{}", name(&example));
        assert_eq!(arithmetic(&target), before, "{}", name(&example));
        let expected = if before.is_empty() { 0 } else { 1 };
        assert_eq!(
            out.status.code(),
            Some(expected),
            "{}: {}",
            name(&example),
            stderr(&out)
        );
        if !before.is_empty() {
            assert!(stderr(&out).contains("需要您判断"), "{}", stderr(&out));
        }
    }
}

/// A mistyped figure: `fix` leaves it and says which cell and how to set it; the command it
/// prints sets that one cell, and the report checks clean again.
#[test]
fn fix_names_a_mistyped_figure_and_fix_at_sets_only_it() {
    let dir = scratch("fix-at");
    let clean = std::fs::read_to_string(root().join("examples/clean-2024.nianbao")).unwrap();
    let line = clean
        .lines()
        .find(|l| l.starts_with("| 1.本机关不掌握相关政府信息"))
        .unwrap();
    let typo = line.replacen("|     18 |", "|     19 |", 1);
    assert_ne!(typo, line);
    let target = dir.join("typo.nianbao");
    std::fs::write(&target, clean.replacen(line, &typo, 1)).unwrap();
    let out = run_in(&dir, &["fix", "typo.nianbao"], None);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let said = stderr(&out);
    assert!(said.contains("为 19，若为 18"), "{said}");
    let command = said
        .split("nianbao fix ")
        .nth(1)
        .and_then(|rest| rest.split('`').next())
        .expect("the command to run");
    let mut args = vec!["fix"];
    args.extend(command.split_whitespace());
    args.push("typo.nianbao");
    let applied = run_in(&dir, &args, None);
    assert_eq!(
        applied.status.code(),
        Some(0),
        "{args:?}: {}",
        stderr(&applied)
    );
    let fixed = std::fs::read_to_string(&target).unwrap();
    assert_eq!(fixed, clean, "only the one cell changed back");
    // Nothing at a place without a finding.
    let nothing = run_in(&dir, &["fix", "--at", "1:1", "typo.nianbao"], None);
    assert_eq!(nothing.status.code(), Some(1));
    assert!(
        stderr(&nothing).contains("typo.nianbao:1:1"),
        "{}",
        stderr(&nothing)
    );
}

#[test]
fn fmt_is_idempotent_and_keeps_every_label_and_number() {
    let dir = scratch("fmt");
    for example in examples() {
        let target = dir.join(example.file_name().unwrap());
        std::fs::copy(&example, &target).unwrap();
        let before = std::fs::read_to_string(&target).unwrap();
        assert_eq!(
            run_in(&dir, &["fmt", target.to_str().unwrap()], None)
                .status
                .code(),
            Some(0)
        );
        let once = std::fs::read_to_string(&target).unwrap();
        assert_eq!(
            run_in(&dir, &["fmt", "--check", target.to_str().unwrap()], None)
                .status
                .code(),
            Some(0),
            "{} not idempotent",
            name(&example)
        );
        let tokens = |s: &str| {
            s.split(['|', ' ', '\n', '\r', '-', ':'])
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            tokens(&before),
            tokens(&once),
            "{}: fmt changed content",
            name(&example)
        );
    }
}

#[test]
fn unreadable_inputs_get_a_clear_error_and_other_files_still_count() {
    let dir = scratch("bad-inputs");
    std::fs::write(dir.join("gbk.nianbao"), [0xd5, 0xfe, 0xb8, 0xae, b'\n']).unwrap();
    std::fs::write(dir.join("binary.nianbao"), [0u8, 1, 2, 3]).unwrap();
    std::fs::copy(
        root().join("examples/seed-002-fengquan.nianbao"),
        dir.join("ok.nianbao"),
    )
    .unwrap();
    let out = run_in(&dir, &["--lang", "en", "check", "."], None);
    assert_eq!(out.status.code(), Some(2));
    let text = stdout(&out);
    assert!(text.contains("gbk.nianbao: not UTF-8"), "{text}");
    assert!(text.contains("binary.nianbao: a binary file"), "{text}");
    assert!(
        text.contains("NB10"),
        "the readable file is still checked: {text}"
    );
}

#[test]
fn explain_codes_and_labels() {
    let out = run(&["explain", "NB104"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("NB104"));
    let out = run(&["explain", "(二)部分公开"]);
    assert!(stdout(&out).contains("第三十七条"), "{}", stdout(&out));
    assert_eq!(run(&["explain", "不存在的东西"]).status.code(), Some(2));
}

#[test]
fn explain_takes_relation_ids_any_label_and_parts_of_labels_in_chinese() {
    let out = run(&["explain", "B3"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains("- （五）4.无正当理由大量反复申请"),
        "every term named: {text}"
    );
    assert!(text.contains("NB103"), "{text}");
    let text = stdout(&run(&["explain", "总计"]));
    assert!(
        text.contains("B2（NB102）") && text.contains("C1（NB105）"),
        "{text}"
    );
    let text = stdout(&run(&["explain", "三安全一稳定"]));
    assert!(text.contains("第十四条"), "{text}");
    let out = run(&["explain", "申请"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("请指明是哪一个") && err.contains("nianbao explain '2.重复申请'"),
        "{err}"
    );
    let out = run(&["explain", "予以公凯"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("是否要查") && err.contains("（一）予以公开"),
        "{err}"
    );
    assert!(!err.contains("error:"), "Chinese by default: {err}");
    let err = stderr(&run(&["--lang", "en", "explain", "予以公凯"]));
    assert!(err.contains("did you mean"), "{err}");
}

#[test]
fn an_import_inference_comment_is_information_at_its_place() {
    let clean = std::fs::read_to_string(root().join("examples/clean-2024.nianbao")).unwrap();
    let heading = "## 三、收到和处理政府信息公开申请情况\n";
    let comment = "<!-- 导入推断：第 5 行的数字按勾稽关系拆分（1:1） -->\n\n";
    assert!(clean.contains(heading));
    let text = clean.replacen(heading, &format!("{heading}\n{comment}"), 1);
    let line = text[..text.find(comment).unwrap()].lines().count() + 1;
    let path = scratch("inference").join("report.nianbao");
    std::fs::write(&path, &text).unwrap();
    let out = run(&["check", "--format", "json", path.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "information does not fail a check"
    );
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("valid JSON");
    let found: Vec<_> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "NB230")
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["line"], line);
    assert_eq!(found[0]["severity"], "info");
    let message = found[0]["message"].as_str().unwrap();
    assert!(message.contains("第 5 行的数字按勾稽关系拆分"), "{message}");
    // Any other comment is not an inference.
    let plain = clean.replacen(heading, &format!("{heading}\n<!-- 导入说明 -->\n\n"), 1);
    std::fs::write(&path, &plain).unwrap();
    let out = run(&["check", "--format", "json", path.to_str().unwrap()]);
    assert!(!stdout(&out).contains("NB230"));
}

#[test]
fn check_on_a_published_report_names_the_import_to_run() {
    let dir = scratch("published");
    let txt = dir.join("report.txt");
    std::fs::write(
        &txt,
        "某某局2024年政府信息公开工作年度报告\n一、总体情况\n正文。\n",
    )
    .unwrap();
    let pdf = dir.join("report.pdf");
    std::fs::write(&pdf, b"%PDF-1.7\n\x00\x01binary").unwrap();
    for (path, extension) in [(&txt, "txt"), (&pdf, "pdf")] {
        let shown = path.to_str().unwrap();
        let out = run(&["check", shown]);
        assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
        let text = stdout(&out);
        let wanted = format!(
            "nianbao import {shown} -o {}",
            path.with_extension("nianbao").display()
        );
        assert!(
            text.contains(&wanted) && text.contains(&format!(".{extension}")),
            "{text}"
        );
        assert!(
            text.contains("检查了 1 个文件") && text.contains("1 个文件无法检查"),
            "{text}"
        );
    }
    // Markup saved under another extension is checked as it is.
    let clean = std::fs::read_to_string(root().join("examples/clean-2024.nianbao")).unwrap();
    std::fs::write(&txt, clean).unwrap();
    let out = run(&["check", txt.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let out = run(&["--lang", "en", "check", pdf.to_str().unwrap()]);
    assert!(stdout(&out).contains("import it first"), "{}", stdout(&out));
}

/// Blank cells are said once per row (NB214), naming the row's blank columns, at the first of
/// them with the others related; `fix --at` on it fills the row's blanks with 0 at once.
#[test]
fn blank_cells_are_one_warning_per_row_naming_them() {
    let dir = scratch("blank-rows");
    let text = std::fs::read_to_string(root().join("examples/clean-2024.nianbao")).unwrap();
    // Blanks the cells `columns` (1-based value columns) of the row labelled `label`.
    let blank = |text: &str, label: &str, columns: &[usize]| -> String {
        let mut out: Vec<String> = Vec::new();
        for line in text.lines() {
            let cells: Vec<&str> = line.split('|').collect();
            if cells.len() > 2 && cells[1].trim() == label {
                let mut cells: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
                for &c in columns {
                    cells[c + 1] = " ".repeat(cells[c + 1].len());
                }
                out.push(cells.join("|"));
            } else {
                out.push(line.to_string());
            }
        }
        out.join("\n") + "\n"
    };
    let damaged = blank(&text, "1.属于国家秘密", &[2, 3, 4, 5, 6]);
    let damaged = blank(&damaged, "3.危及“三安全一稳定”", &[2, 3]);
    assert_ne!(damaged, text);
    std::fs::write(dir.join("r.nianbao"), &damaged).unwrap();
    let out = run_in(&dir, &["check", "--format", "json", "r.nianbao"], None);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let blanks: Vec<&serde_json::Value> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == "NB214")
        .collect();
    assert_eq!(blanks.len(), 2, "{blanks:#?}");
    let first = blanks
        .iter()
        .find(|f| {
            f["message"]
                .as_str()
                .is_some_and(|m| m.contains("属于国家秘密"))
        })
        .expect("the first row's warning");
    let message = first["message"].as_str().expect("message");
    assert!(
        message.contains("5 格未填写")
            && [
                "商业企业",
                "科研机构",
                "社会公益组织",
                "法律服务机构",
                "其他"
            ]
            .iter()
            .all(|c| message.contains(c))
            && !message.contains("自然人"),
        "{message}"
    );
    assert_eq!(first["related"].as_array().map(Vec::len), Some(4));
    // At the first blank cell: 商业企业, the second value column of its line.
    let line = damaged
        .lines()
        .position(|l| l.contains("1.属于国家秘密"))
        .expect("row")
        + 1;
    assert_eq!(first["line"], line);
    let row = damaged.lines().nth(line - 1).expect("row");
    let second_bar = row.match_indices('|').nth(2).expect("cells").0;
    let column = row[..second_bar].chars().count() + 2;
    assert_eq!(first["column"], column, "{row}");
    // Its fix fills all five blanks; the other row's warning is left.
    let at = format!("{line}:{column}");
    let fixed = run_in(
        &dir,
        &["fix", "--at", &at, "--code", "NB214", "r.nianbao"],
        None,
    );
    assert_eq!(fixed.status.code(), Some(0), "{}", stderr(&fixed));
    let after = run_in(&dir, &["check", "--format", "json", "r.nianbao"], None);
    let json: serde_json::Value = serde_json::from_str(&stdout(&after)).expect("json");
    let left: Vec<&str> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == "NB214")
        .filter_map(|f| f["message"].as_str())
        .collect();
    assert_eq!(left.len(), 1, "{left:#?}");
    assert!(
        left[0].contains("危及") && left[0].contains("2 格未填写"),
        "{left:?}"
    );
}

/// The example with its organ renamed: `organ` in the front matter, `title` in the title, and
/// the body's mentions of the organ as `body` (the example names it three times there).
fn renamed_example(organ: &str, title: &str, body: &str) -> String {
    let text = std::fs::read_to_string(root().join("examples/clean-2024.nianbao")).unwrap();
    text.lines()
        .map(|line| {
            if line.starts_with("机关:") {
                format!("机关: {organ}")
            } else if line.starts_with("# ") {
                line.replace("某市某某局", title)
            } else {
                line.replace("某市某某局", body)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// `(code, severity, line, message)` of the NB237 findings of `text`.
fn organ_findings(dir: &std::path::Path, text: &str) -> Vec<(String, usize, String)> {
    std::fs::write(dir.join("r.nianbao"), text).unwrap();
    let out = run_in(
        dir,
        &["check", "--format", "json", "--show-info", "r.nianbao"],
        None,
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == "NB237")
        .map(|f| {
            (
                f["severity"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or_default() as usize,
                f["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// An organ name one character off where the report names itself (沐阳县 for 沭阳县, as OCR
/// reads it) is a warning at the odd one out naming the spelling the rest of the report uses;
/// an odd spelling in the body is a note; the same name in traditional characters, or two
/// spellings as frequent as each other, are not reported.
#[test]
fn an_organ_name_one_character_off_is_reported_at_the_odd_one_out() {
    let dir = scratch("organ-names");
    let (right, damaged) = ("沭阳县人民政府", "沐阳县人民政府");
    let clean = renamed_example(right, right, right);
    assert!(organ_findings(&dir, &clean).is_empty());
    // The title misread: the front matter and the body's three mentions say 沭阳县.
    let title_line = clean.lines().position(|l| l.starts_with("# ")).unwrap() + 1;
    let found = organ_findings(&dir, &renamed_example(right, damaged, right));
    assert_eq!(found.len(), 1, "{found:#?}");
    let (severity, line, message) = &found[0];
    assert_eq!((severity.as_str(), *line), ("warning", title_line));
    assert!(
        message.contains(&format!("“{damaged}”")) && message.contains(&format!("“{right}”")),
        "{message}"
    );
    // The front matter and the title misread alike: the body's three mentions outvote them.
    let found = organ_findings(&dir, &renamed_example(damaged, damaged, right));
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found
        .iter()
        .all(|(s, _, m)| s == "warning" && m.contains("沭阳县")));
    // One mention in the body misread: a note there.
    let text = clean.replacen(
        "请与沭阳县人民政府办公室联系",
        "请与沐阳县人民政府办公室联系",
        1,
    );
    assert_ne!(text, clean);
    let found = organ_findings(&dir, &text);
    let odd_line = text.lines().position(|l| l.contains("请与沐阳县")).unwrap() + 1;
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].0.as_str(), found[0].1), ("info", odd_line));
    // Traditional characters are the same name (石家莊市 is 石家庄市).
    let text = renamed_example(
        "石家庄市鹿泉区人民政府",
        "石家莊市鹿泉区人民政府",
        "石家庄市鹿泉区人民政府",
    );
    assert!(organ_findings(&dir, &text).is_empty());
    // One spelling against one: nothing says which is right.
    let text = renamed_example(right, damaged, "本机关");
    assert!(organ_findings(&dir, &text).is_empty());
}
