//! Markdown shaped like a PDF converter's output, generated from the examples: `check` must give
//! the same findings on it as on the example, plus notes (NB230) for what it placed by order.
//!
//! The generator turns an example into what converters write: section titles as plain lines or
//! bold paragraphs, table 三 cut at invented page breaks (a `— N —` footer, an inserted
//! `## 表三：…` caption, each piece with its own delimiter row), its header garbled (column
//! labels cut short), a row label lost, and a merged label cell spilled into the first column.

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
        .filter(|f| f.code != "NB230" && !garbled(f))
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
