//! Markdown shaped like a PDF converter's output, generated from the examples: `check` must give
//! the same findings on it as on the example, plus notes (NB230) for what it placed by order.
//!
//! The generator turns an example into what converters write: section titles as plain lines or
//! bold paragraphs, table 三 cut at invented page breaks (a `— N —` footer, an inserted
//! `## 表三：…` caption, each piece with its own delimiter row), its header garbled (column
//! labels cut short), a row label lost, and a merged label cell spilled into the first column.
//!
//! `printed_forms` goes further, to the tables' printed forms as converters keep them: the
//! one-column tables of 第二十条 as loose lines under their block heading (the header's cells run
//! together, each row its label and figure), table (一) cut at a page break with a cell taken out
//! of its row and written above the table, table 四 as the one row of fifteen figures under a
//! header garbled over several lines, and section 五's heading lost, its text opening with a
//! sub-heading.

use nianbao_core::{analyze, Config, Finding};

fn examples() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .expect("the examples folder")
        .filter_map(|e| {
            let path = e.ok()?.path();
            (path.extension()? == "nianbao").then(|| {
                let text = std::fs::read_to_string(&path).expect("an example");
                (path.display().to_string(), text)
            })
        })
        .collect();
    out.sort();
    out
}

const SECTION_NUMBERS: [&str; 6] = ["一、", "二、", "三、", "四、", "五、", "六、"];

fn cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    inner.split('|').map(|c| c.trim().to_string()).collect()
}

fn row(cells: &[String]) -> String {
    format!("| {} |", cells.join(" | "))
}

fn delimiter(n: usize) -> String {
    format!("|{}", "---|".repeat(n))
}

/// What to damage in table 三.
struct Damage {
    /// Drop the label of the row whose label contains this.
    lose_label: Option<&'static str>,
    /// Spill a fragment of the group's label into a first column before this row.
    spill_before: Option<&'static str>,
    /// Drop this row entirely (to make a lost label's place ambiguous).
    drop_row: Option<&'static str>,
}

/// The example `text` as a PDF converter would have written it.
fn converter_shaped(text: &str, damage: &Damage) -> String {
    let mut out = Vec::new();
    let mut lines = text.lines().peekable();
    let mut sections = 0;
    let mut page = 1;
    while let Some(line) = lines.next() {
        let title = line.trim_start_matches('#').trim();
        if line.starts_with("## ") && SECTION_NUMBERS.iter().any(|n| title.starts_with(n)) {
            sections += 1;
            if sections % 2 == 0 {
                out.push(format!("**{title}**"));
            } else {
                // A plain line, run into the paragraph after it as converters do.
                out.push(title.to_string());
                if lines.peek().is_some_and(|l| l.trim().is_empty()) {
                    lines.next();
                }
            }
            continue;
        }
        let is_table_three =
            line.starts_with('|') && (line.contains("自然人") || line.contains("申请人情况"));
        if !is_table_three {
            out.push(line.to_string());
            continue;
        }
        // Table 三: its header garbled, then its rows, cut every six rows at a page break.
        // Garbled only when the example has all seven columns: with one missing, the order no
        // longer says which column a value is in (and the checker rightly does not guess).
        let header = cells(line);
        let garbled: Vec<String> = if header.len() == 8 {
            header
                .iter()
                .map(|c| c.chars().take(2).collect())
                .take(5)
                .collect()
        } else {
            header
        };
        out.push(row(&garbled));
        lines.next(); // the delimiter row
        out.push(delimiter(garbled.len()));
        let mut body = Vec::new();
        while let Some(l) = lines.next_if(|l| l.starts_with('|')) {
            body.push(cells(l));
        }
        let mut written = 0;
        for mut r in body {
            let label = r[0].clone();
            if damage.drop_row.is_some_and(|d| label.contains(d)) {
                continue;
            }
            if damage.lose_label.is_some_and(|d| label.contains(d)) {
                r.remove(0);
            } else if damage.spill_before.is_some_and(|d| label.contains(d)) {
                r.insert(0, "（三）不".to_string());
            } else if written % 3 == 0 {
                // A blank cell a converter left after the values.
                r.push(String::new());
            }
            if written > 0 && written % 6 == 0 {
                page += 1;
                out.push(String::new());
                out.push(format!("— {page} —"));
                out.push("## 表三：收到和处理政府信息公开申请情况".to_string());
                out.push(row(&r));
                out.push(delimiter(r.len()));
            } else {
                out.push(row(&r));
            }
            written += 1;
        }
    }
    out.join("\n") + "\n"
}

/// The markup's block `### 第二十条…` headings, table 四 and section 五 in the printed forms a
/// converter keeps (module docs). The heading lines are left for `converter_shaped`.
fn printed_forms(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut lines = text.lines().peekable();
    let mut page = 10;
    while let Some(line) = lines.next() {
        let title = line.trim_start_matches('#').trim();
        if line.starts_with("### ") && (title.contains("第二十条") || title.contains("第二十條"))
        {
            // The blank line before the heading goes: the blocks run together in one paragraph.
            while out.last().is_some_and(|l| l.trim().is_empty()) {
                out.pop();
            }
            out.push(title.to_string());
            while lines.next_if(|l| !l.starts_with('|')).is_some() {}
            let header = lines.next().map(cells).unwrap_or_default();
            lines.next(); // the delimiter row
            let mut body = Vec::new();
            while let Some(l) = lines.next_if(|l| l.starts_with('|')) {
                body.push(cells(l));
            }
            if header.len() == 2 {
                out.push(header.concat());
                out.extend(body.iter().map(|r| r.join(" ")));
            } else {
                // Table (一): the first row's middle cell, over two lines in the PDF, is taken out
                // of the table and written above it; the table is cut after its header.
                let taken = body
                    .first()
                    .and_then(|r| r.get(2))
                    .cloned()
                    .unwrap_or_default();
                out.push(taken);
                out.push("（其中修订 0 件）".to_string());
                out.push(String::new());
                out.push(row(&header));
                out.push(delimiter(header.len()));
                page += 1;
                out.push(format!("— {page} —"));
                for (i, mut r) in body.into_iter().enumerate() {
                    if i == 0 && r.len() > 2 {
                        r.remove(2);
                        out.push(row(&r));
                        out.push(delimiter(r.len()));
                    } else {
                        out.push(row(&r));
                    }
                }
            }
            continue;
        }
        let is_table_four = line.starts_with('|') && cells(line).len() == 6 && {
            let header = cells(line).concat();
            (header.contains("维持") || header.contains("維持"))
                && header.contains('总') | header.contains('總')
        };
        if is_table_four {
            lines.next(); // the delimiter row
            let mut figures = Vec::new();
            while let Some(l) = lines.next_if(|l| l.starts_with('|')) {
                figures.extend(cells(l).into_iter().skip(1));
            }
            out.extend(
                [
                    "行政复议行政诉讼",
                    "未经复议直接起诉复议后起诉",
                    "结果结果其他尚未",
                    "总计结果结果其他尚未结果结果其他尚未",
                    "维持纠正结果审结维持纠正结果审结",
                ]
                .map(String::from),
            );
            let garbled = ["维持", "纠正", "结果", "审结", "总计", "总计"].map(String::from);
            out.push(row(&garbled));
            out.push(delimiter(garbled.len()));
            out.push(row(&figures));
            out.push(delimiter(figures.len()));
            continue;
        }
        if line.starts_with("## 五、") {
            // The heading is lost; the section's text opens with a sub-heading of its own.
            while lines
                .next_if(|l| l.trim().is_empty() || l.starts_with("<!--"))
                .is_some()
            {}
            out.push("（一）存在的主要问题".to_string());
            continue;
        }
        out.push(line.to_string());
    }
    out.join("\n") + "\n"
}

fn findings(text: &str) -> Vec<Finding> {
    analyze(text, &Config::default()).findings
}

/// Table 三's columns: the generator garbles their labels, so how the example spells them is
/// no longer there to be reported.
const GARBLED_COLUMNS: [&str; 7] = [
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
];

/// The findings as (code, message), notes of inference and the spelling of the labels the
/// generator garbled or dropped (`lost`) aside, sorted.
fn comparable(found: &[Finding], lost: Option<&str>) -> Vec<(String, String)> {
    let garbled = |f: &Finding| {
        f.code == "NB219"
            && (GARBLED_COLUMNS
                .iter()
                .any(|c| f.message.ends_with(&format!("模板为“{c}”")))
                || lost.is_some_and(|l| f.message.contains(l)))
    };
    let mut out: Vec<(String, String)> = found
        .iter()
        .filter(|f| !matches!(f.code, "NB230" | "NB235") && !garbled(f))
        .map(|f| (f.code.to_string(), f.message.clone()))
        .collect();
    out.sort();
    out
}

fn inferred(found: &[Finding]) -> usize {
    found.iter().filter(|f| f.code == "NB230").count()
}

#[test]
fn converter_markdown_gives_the_examples_findings_plus_notes() {
    let damage = Damage {
        lose_label: Some("部分公开"),
        spill_before: Some("保护第三方合法权益"),
        drop_row: None,
    };
    for (name, text) in examples() {
        if !text.contains("自然人") {
            continue;
        }
        let shaped = converter_shaped(&text, &damage);
        let (want, got) = (findings(&text), findings(&shaped));
        let lost = damage.lose_label;
        let (want_c, got_c) = (comparable(&want, lost), comparable(&got, lost));
        let only_want: Vec<_> = want_c.iter().filter(|f| !got_c.contains(f)).collect();
        let only_got: Vec<_> = got_c.iter().filter(|f| !want_c.contains(f)).collect();
        assert_eq!(
            want_c, got_c,
            "{name}: only in the example {only_want:?}; only in the converted {only_got:?}"
        );
        // The garbled column labels placed by order (when garbled), and the lost row label.
        assert!(
            inferred(&got) > inferred(&want),
            "{name}: {} notes",
            inferred(&got)
        );
    }
}

#[test]
fn a_lost_label_with_two_possible_places_is_reported_not_guessed() {
    let damage = Damage {
        lose_label: Some("国家秘密"),
        spill_before: None,
        drop_row: Some("禁止公开"),
    };
    let (_, text) = examples()
        .into_iter()
        .find(|(name, _)| name.ends_with("clean-2024.nianbao"))
        .expect("the clean example");
    let got = findings(&converter_shaped(&text, &damage));
    let codes: Vec<&str> = got.iter().map(|f| f.code).collect();
    // The unplaced row and both rows it could be are reported; neither is taken by order.
    assert!(codes.contains(&"NB208"), "{codes:?}");
    assert_eq!(
        got.iter()
            .filter(|f| f.code == "NB207" && f.message.contains("国家秘密"))
            .count(),
        1,
        "{codes:?}"
    );
    assert!(!got
        .iter()
        .any(|f| f.code == "NB230" && f.message.contains("国家秘密")));
}

#[test]
fn printed_forms_give_the_examples_findings_plus_notes() {
    let damage = Damage {
        lose_label: None,
        spill_before: None,
        drop_row: None,
    };
    for (name, text) in examples() {
        if !text.contains("自然人") {
            continue;
        }
        let shaped = converter_shaped(&printed_forms(&text), &damage);
        let (want, got) = (findings(&text), findings(&shaped));
        // Spellings aside: the printed forms rewrite the labels of table 四 and the headers of
        // the loose tables.
        let spelled = |f: &(String, String)| f.0 != "NB219";
        let (want_c, got_c) = (comparable(&want, None), comparable(&got, None));
        let (want_c, got_c): (Vec<_>, Vec<_>) = (
            want_c.into_iter().filter(spelled).collect(),
            got_c.into_iter().filter(spelled).collect(),
        );
        let only_want: Vec<_> = want_c.iter().filter(|f| !got_c.contains(f)).collect();
        let only_got: Vec<_> = got_c.iter().filter(|f| !want_c.contains(f)).collect();
        assert_eq!(
            want_c, got_c,
            "{name}: only in the example {only_want:?}; only in the converted {only_got:?}\n{shaped}"
        );
        let said = |code: &str, part: &str| {
            got.iter()
                .filter(|f| f.code == code && f.message.contains(part))
                .count()
        };
        // The three loose one-column tables, table 四's one row, the lost section's heading.
        assert_eq!(said("NB230", "未排成表格"), 3, "{name}: {got:#?}");
        assert_eq!(said("NB230", "每行 5 格"), 1, "{name}: {got:#?}");
        assert_eq!(said("NB230", "存在的主要问题"), 1, "{name}: {got:#?}");
        // The row of table (一) that lost a cell: reported, its figures not read.
        assert_eq!(said("NB235", "2 个数、表有 3 列"), 1, "{name}: {got:#?}");
    }
}
