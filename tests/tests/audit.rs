//! `nianbao audit` over a folder of reports in every form: one line per report, the cross-year
//! warnings between consecutive years of one organ, totals; table, CSV and JSON.

use nianbao_tests::{root, run_in, scratch, stderr, stdout};

fn folder() -> std::path::PathBuf {
    let dir = scratch("audit");
    let seeds = root().parent().expect("parent").join("shared/seeds");
    for entry in std::fs::read_dir(&seeds).expect("seeds") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, dir.join(path.file_name().expect("name"))).expect("copy");
    }
    let clean = std::fs::read_to_string(root().join("examples/clean-2024.nianbao")).expect("clean");
    std::fs::create_dir_all(dir.join("某某局")).expect("subfolder");
    std::fs::write(dir.join("某某局/2024.nianbao"), &clean).expect("write");
    std::fs::write(
        dir.join("某某局/2023.nianbao"),
        clean.replacen("年度: 2024", "年度: 2023", 1),
    )
    .expect("write");
    std::fs::write(
        dir.join("broken.html"),
        "<html><body><p>没有表格的页面</p></body></html>",
    )
    .expect("write");
    std::fs::write(dir.join("notes.md"), "not a report").expect("write");
    // A README beside the reports, with a table of its own: Markdown, but no report.
    std::fs::write(
        dir.join("README.md"),
        "# 下载的年报\n\n| 文件 | 来源 |\n| --- | --- |\n| 2024.nianbao | 某局网站 |\n",
    )
    .expect("write");
    // A converter's Markdown of another office's report: no front matter, section titles as
    // plain lines; checked as it is, like `nianbao check` does.
    let body = clean
        .split_once("\n---\n")
        .map_or(clean.as_str(), |(_, rest)| rest)
        .replace("某市某某局", "某县某某局")
        .replace("\n## ", "\n");
    std::fs::write(dir.join("converted.md"), body).expect("write");
    dir
}

#[test]
fn audit_json_lists_every_report_and_the_cross_year_warnings() {
    let dir = folder();
    let out = run_in(
        &dir,
        &["audit", "--format", "json", "--jobs", "2", "."],
        None,
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "seed 002 has errors and one file fails: {}",
        stderr(&out)
    );
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let reports = doc["reports"].as_array().expect("reports");
    assert_eq!(
        reports.len(),
        11,
        "five seeds, two markup files, a converter's Markdown, one page, notes.md, which does \
         not import, and a README, listed as not a report"
    );
    let by_name = |n: &str| {
        reports
            .iter()
            .find(|r| r["path"].as_str().is_some_and(|p| p.ends_with(n)))
            .unwrap_or_else(|| panic!("{n}"))
    };
    let fengquan = by_name("002_12ab1709ac73c670.txt");
    assert_eq!(fengquan["status"], "errors");
    assert_eq!(fengquan["source"], "tabs");
    assert_eq!(fengquan["rules"]["NB103"], 2);
    assert_eq!(fengquan["organization"], "凤泉区人民政府办公室");
    assert_eq!(by_name("001_0786ebd486ce37d5.txt")["status"], "clean");
    let broken = by_name("broken.html");
    assert_eq!(broken["status"], "failed");
    assert!(broken["reason"]
        .as_str()
        .expect("reason")
        .contains("没有找到年报模板的任何表格"));
    let notes = by_name("notes.md");
    assert_eq!(notes["status"], "failed");
    assert!(notes["reason"]
        .as_str()
        .expect("reason")
        .contains("没有找到年报模板的任何表格"));
    let readme = by_name("README.md");
    assert_eq!(readme["status"], "not-a-report", "{readme}");
    assert!(readme["reason"]
        .as_str()
        .expect("reason")
        .contains("不是年报"));
    let converted = by_name("converted.md");
    assert_eq!(converted["source"], "markup", "{converted}");
    assert_eq!(converted["status"], "clean", "{converted}");
    assert_eq!(converted["organization"], "某县某某局", "{converted}");
    let cross = doc["cross_year"].as_array().expect("cross_year");
    assert!(cross.iter().any(|c| c["code"] == "NB401"), "{cross:?}");
    assert!(cross.iter().all(
        |c| c["path"].as_str().expect("path").ends_with("2024.nianbao")
            && c["last_year"]
                .as_str()
                .expect("last")
                .ends_with("2023.nianbao")
    ));
    assert!(
        cross.iter().all(|c| c["message"]
            .as_str()
            .expect("message")
            .contains("2023.nianbao")),
        "both files named"
    );
    assert_eq!(doc["totals"]["reports"], 11);
    assert_eq!(doc["totals"]["failed"], 2);
    assert_eq!(doc["totals"]["not_a_report"], 1);
}

#[test]
fn audit_table_and_csv() {
    let dir = folder();
    let table = stdout(&run_in(&dir, &["audit", "."], None));
    let line = table
        .lines()
        .find(|l| l.contains("002_12ab1709ac73c670.txt"))
        .expect("one line per report");
    assert!(
        line.starts_with("有错误") && line.contains("NB103×2"),
        "{line}"
    );
    assert!(
        table.contains("共 11 个文件：导入 5 份，标记文本 3 份，无法读取 2 份，不是年报 1 个"),
        "{table}"
    );
    assert!(table.contains("warning[NB401]"), "{table}");
    let english = stdout(&run_in(&dir, &["audit", "--lang", "en", "."], None));
    assert!(
        english.contains("11 file(s): 5 imported, 3 markup, 2 failed, 1 not a report")
            && english.contains("warning[NB401]"),
        "{english}"
    );
    let csv = stdout(&run_in(&dir, &["audit", "--format", "csv", "."], None));
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("path,status,source,organization,year,template,errors,warnings,notes,rules,reason")
    );
    assert_eq!(lines.count(), 11);
    assert!(csv.contains(",failed,") && csv.contains("README.md,not-a-report,"));
}

#[test]
fn check_over_a_folder_adds_the_cross_year_warnings() {
    let dir = scratch("check-years");
    let clean = std::fs::read_to_string(root().join("examples/clean-2024.nianbao")).expect("clean");
    std::fs::write(dir.join("2024.nianbao"), &clean).expect("write");
    std::fs::write(
        dir.join("2023.nianbao"),
        clean.replacen("年度: 2024", "年度: 2023", 1),
    )
    .expect("write");
    let out = run_in(&dir, &["check", "--format", "github", "."], None);
    assert_eq!(
        out.status.code(),
        Some(0),
        "warnings only: {}",
        stdout(&out)
    );
    let text = stdout(&out);
    assert!(
        text.contains("::warning file=2024.nianbao")
            && text.contains("title=NB401")
            && text.contains("title=NB402"),
        "{text}"
    );
    assert!(
        text.lines()
            .filter(|l| l.contains("title=NB40"))
            .all(|l| l.contains("2023.nianbao")),
        "both files named"
    );
    assert_eq!(
        run_in(&dir, &["check", "--deny", "warnings", "."], None)
            .status
            .code(),
        Some(1)
    );
    // Another organ's report of the year before is not compared.
    std::fs::write(
        dir.join("2023.nianbao"),
        clean
            .replacen("年度: 2024", "年度: 2023", 1)
            .replacen("机关: ", "机关: 另一", 1),
    )
    .expect("write");
    assert!(!stdout(&run_in(&dir, &["check", "--format", "github", "."], None)).contains("NB40"));
}

/// A PDF is read with poppler's `pdftotext`; where that is missing, the PDF is listed as failed
/// with the program to install, and the rest of the folder is audited.
#[test]
fn audit_names_the_missing_pdf_reader() {
    let dir = scratch("audit-pdf");
    std::fs::write(dir.join("report.pdf"), "%PDF-1.4\n%%EOF\n").expect("write");
    let clean = std::fs::read_to_string(root().join("examples/clean-2024.nianbao")).expect("clean");
    std::fs::write(dir.join("clean.nianbao"), clean).expect("write");
    let out = std::process::Command::new(nianbao_tests::nianbao())
        .args(["audit", "--format", "json", "."])
        .current_dir(&dir)
        .env("NIANBAO_PDFTOTEXT", "nianbao-no-such-pdftotext")
        .output()
        .expect("run");
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let reports = doc["reports"].as_array().expect("reports");
    assert_eq!(reports.len(), 2, "{reports:?}");
    let pdf = reports
        .iter()
        .find(|r| {
            r["path"]
                .as_str()
                .is_some_and(|p| p.ends_with("report.pdf"))
        })
        .expect("the PDF is listed");
    assert_eq!(pdf["status"], "failed");
    let reason = pdf["reason"].as_str().expect("reason");
    assert!(
        reason.contains("nianbao-no-such-pdftotext") && reason.contains("poppler-utils"),
        "{reason}"
    );
}

/// The cross-year findings of `check` are compared on whichever thread checks the second report
/// of a pair, so their order is put back at the end: each report's after all own findings, in
/// input order; within a report by place, then code, then last year's input order. A later
/// year listed first is paired as well as one listed after; `nianbao.toml`'s severities hold.
#[test]
fn check_orders_the_cross_year_warnings_whatever_pairs_them() {
    let dir = scratch("check-years-order");
    let clean = std::fs::read_to_string(root().join("examples/clean-2024.nianbao")).expect("clean");
    let year = |y: &str| clean.replacen("年度: 2024", &format!("年度: {y}"), 1);
    // Input order: 2025, two reports of 2024, 2023.
    for (name, y) in [
        ("1-later.nianbao", "2025"),
        ("2-this-a.nianbao", "2024"),
        ("3-this-b.nianbao", "2024"),
        ("4-earlier.nianbao", "2023"),
    ] {
        std::fs::write(dir.join(name), year(y)).expect("write");
    }
    std::fs::write(dir.join("nianbao.toml"), "[rules]\nNB402 = \"error\"\n").expect("write");
    let out = run_in(&dir, &["check", "--format", "json", "."], None);
    assert_eq!(out.status.code(), Some(1), "NB402 is an error here");
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("valid JSON");
    let findings = doc["findings"].as_array().expect("findings");
    let cross: Vec<_> = findings
        .iter()
        .skip_while(|f| !f["code"].as_str().unwrap_or("").starts_with("NB40"))
        .collect();
    assert!(
        cross
            .iter()
            .all(|f| f["code"].as_str().unwrap_or("").starts_with("NB40")),
        "the cross-year findings come last, together"
    );
    let key = |f: &serde_json::Value| {
        let message = f["message"].as_str().unwrap_or("");
        let last = ["1-later", "2-this-a", "3-this-b", "4-earlier"]
            .iter()
            .position(|n| message.contains(n))
            .expect("the message names last year's report");
        (
            f["path"].as_str().unwrap_or("").to_string(),
            f["line"].as_u64(),
            f["column"].as_u64(),
            f["code"].as_str().unwrap_or("").to_string(),
            last,
        )
    };
    let keys: Vec<_> = cross.iter().map(|f| key(f)).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "input order, place, code, last year's order");
    for (this, last) in [
        ("./1-later.nianbao", 1),
        ("./1-later.nianbao", 2),
        ("./2-this-a.nianbao", 3),
        ("./3-this-b.nianbao", 3),
    ] {
        for code in ["NB401", "NB402"] {
            assert!(
                keys.iter()
                    .any(|k| k.0 == this && k.3 == code && k.4 == last),
                "{this} {code} against report {last}: {keys:?}"
            );
        }
    }
    assert!(cross
        .iter()
        .all(|f| (f["code"] == "NB402") == (f["severity"] == "error")));
    assert_eq!(
        keys.iter().filter(|k| k.4 == 0).count(),
        0,
        "no year after 2025"
    );
}
