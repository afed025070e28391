//! Shapes met in real published reports that nobody here wrote (issue 11), each rebuilt here
//! from made-up text of the same shape — never the real page — and run through the built
//! binary as a user runs it: `nianbao import FILE -o X.nianbao`, then `nianbao check`.

use nianbao_tests::{root, run_in, scratch, stderr, stdout};
use std::path::Path;

/// `nianbao import NAME -o NAME.nianbao` on `text` in a fresh folder; the folder, the import's
/// output, and whether it succeeded.
fn import(name: &str, text: &str) -> (std::path::PathBuf, String, bool) {
    let dir = scratch("realworld-shapes");
    std::fs::write(dir.join(name), text).expect("input written");
    let out_name = format!("{name}.nianbao");
    let out = run_in(&dir, &["import", name, "-o", &out_name], None);
    let said = format!("{}{}", stdout(&out), stderr(&out));
    (dir, said, out.status.success())
}

fn check(dir: &Path, name: &str) -> String {
    let out = run_in(dir, &["check", &format!("{name}.nianbao")], None);
    format!("{}{}", stdout(&out), stderr(&out))
}

/// A provincial department's page (crawler CSV cell: ideographic spaces between paragraphs,
/// headings run into the text) that prints no table at all: 二 has its heading and nothing
/// under it, 三 and 四 one sentence each. The text is the report: it imports, and `check`
/// reports the tables the report left out, at their sections — it is never refused as "not a
/// report" (it was: the whole page was lost to a user auditing the department's years).
#[test]
fn a_report_that_prints_no_table_imports_and_check_names_the_missing_tables() {
    let page = "\n\u{3000}\u{3000}一、总体情况\u{3000}\u{3000}2023年以来，示例县审计局认真落实《中华人民共和国政府信息公开条例》要求，推动信息公开制度化规范化。\u{3000}\u{3000}（一）积极推进政府信息公开。2023年，在局网站主动公开各类文件信息120余条。\u{3000}\u{3000}二、主动公开政府信息情况三、收到和处理政府信息公开申请情况\u{3000}\u{3000}2023年未收到政府信息公开申请。\u{3000}\u{3000}四、政府信息公开行政复议、行政诉讼情况\u{3000}\u{3000}2023年未发生涉及政府信息公开的行政复议、行政诉讼案件。\u{3000}\u{3000}五、存在的主要问题及改进情况\u{3000}\u{3000}信息公开范围需进一步优化，我们将在今后的工作中加以改进。\n";
    let (dir, said, ok) = import("tableless.txt", page);
    assert!(ok, "the import must not be refused: {said}");
    let markup = std::fs::read_to_string(dir.join("tableless.txt.nianbao")).expect("written");
    for heading in [
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
    ] {
        assert!(markup.contains(heading), "{heading}: {markup}");
    }
    assert!(
        markup.contains("2023年未收到政府信息公开申请。"),
        "{markup}"
    );
    let found = check(&dir, "tableless.txt");
    // Every missing table is an error of the report, named at its section.
    assert!(found.contains("NB204"), "{found}");
    for table in [
        "第二十条第（一）项",
        "收到和处理政府信息公开申请情况",
        "行政复议",
    ] {
        assert!(
            found
                .lines()
                .any(|l| l.contains("NB204") && l.contains(table)),
            "{table}: {found}"
        );
    }
}

/// A page that is no report at all (a news item naming one section) is still refused.
#[test]
fn a_page_with_a_heading_or_two_is_still_no_report() {
    let page = "首页>新闻\u{3000}\u{3000}示例县召开会议，部署三、收到和处理政府信息公开申请情况的统计工作。分享到：";
    let (_, said, ok) = import("news.txt", page);
    assert!(!ok, "{said}");
}

/// A run-together page with no title line (the crawler kept only the body) signs off with
/// its organ and date run into the last sentence (`…无其他需要报告的事项。某市某某局2025年1月20日`):
/// the organ is read from that signature, noted as inferred, and `check` no longer says the
/// front matter lacks 机关.
#[test]
fn the_organ_comes_from_the_signature_when_no_title_names_it() {
    let clean = std::fs::read_to_string(root().join("tests/fixtures/fused/clean-2024.txt"))
        .expect("fixture");
    // No title naming organ and year anywhere (breadcrumb, body, attachment): cut the page at
    // its attachment line and sign it off as the real page does.
    let body = clean.replace("某市某某局2024年政府信息公开工作年度报告", "");
    let cut = body
        .find("附件：")
        .expect("the page ends with its attachment line");
    let page = format!(
        "{}某市某某局2025年1月20日分享到：微信微博QQ空间【打印】【关闭】",
        &body[..cut]
    );
    assert!(!page.contains("2024年政府信息公开工作年度报告"));
    let (dir, said, ok) = import("signed.txt", &page);
    assert!(ok, "{said}");
    let markup = std::fs::read_to_string(dir.join("signed.txt.nianbao")).expect("written");
    assert!(markup.contains("机关: 某市某某局\n"), "{markup}");
    assert!(markup.contains("落款"), "the inference is noted: {markup}");
    let found = check(&dir, "signed.txt");
    assert!(!found.contains("NB221"), "{found}");
}

/// A section heading printed with one character too many (a real county-level page prints
/// `四、政府信息公开行政法复议、行政诉讼情况`): it is that section's heading, kept as printed
/// (check notes the damage, NB219) — never dropped and replaced by the template's with a note
/// claiming the source has no heading.
#[test]
fn a_heading_with_a_character_too_many_is_kept_as_printed() {
    let clean = std::fs::read_to_string(root().join("tests/fixtures/fused/clean-2024.txt"))
        .expect("fixture");
    let printed = "四、政府信息公开行政法复议、行政诉讼情况";
    let page = clean.replacen("四、政府信息公开行政复议、行政诉讼情况", printed, 1);
    assert!(page.contains(printed));
    let (dir, said, ok) = import("damaged.txt", &page);
    assert!(ok, "{said}");
    let markup = std::fs::read_to_string(dir.join("damaged.txt.nianbao")).expect("written");
    assert!(markup.contains(&format!("## {printed}\n")), "{markup}");
    assert!(!markup.contains("原件缺少此标题"), "{markup}");
    let out = run_in(&dir, &["check", "--show-info", "damaged.txt.nianbao"], None);
    let found = format!("{}{}", stdout(&out), stderr(&out));
    assert!(found.contains("NB219"), "{found}");
    assert!(!found.contains("NB201"), "{found}");
}

/// The page's only title is its last line, an attachment link with no file extension
/// (`…无。附件：河北省教育厅2022年政府信息公开工作年度报告` on a real provincial page): it is
/// the attachment, not prose of section 六; the title, 机关 and 年度 are taken from it, noted.
#[test]
fn an_attachment_named_by_the_title_alone_gives_the_title() {
    let clean = std::fs::read_to_string(root().join("tests/fixtures/fused/clean-2024.txt"))
        .expect("fixture");
    let title = "某市某某局2024年政府信息公开工作年度报告";
    let body = clean.replace(title, "");
    let cut = body
        .find("附件：")
        .expect("the page ends with its attachment line");
    let page = format!("{}附件：{title}", &body[..cut]);
    assert_eq!(page.matches(title).count(), 1);
    let (dir, said, ok) = import("attachment.txt", &page);
    assert!(ok, "{said}");
    let markup = std::fs::read_to_string(dir.join("attachment.txt.nianbao")).expect("written");
    assert!(markup.contains("机关: 某市某某局\n"), "{markup}");
    assert!(markup.contains("年度: 2024\n"), "{markup}");
    assert!(markup.contains(&format!("# {title}\n")), "{markup}");
    let found = check(&dir, "attachment.txt");
    assert!(!found.contains("NB221"), "{found}");
    assert!(!found.contains("NB222"), "{found}");
}
