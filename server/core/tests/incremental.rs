//! An incremental analysis equals a fresh one: random edits (digits, CJK, pipes, line breaks,
//! headings, block headings respelt, labels of the pre-2019 format, whole rows and tables
//! deleted or copied) to every example, to a consolidated report and to converter Markdown with
//! tables in pieces, each followed by an incremental and a fresh analysis that must agree in every part
//! the language server uses: findings, report model and tree.

mod common;

use nianbao_core::incremental::Memo;
use nianbao_core::{analyze, syntax, Config, InputEdit, Lang, Point, Tree};

// With `--features mimalloc`, the `nianbao` binary's allocator (for Rust's allocations; tree-sitter
// keeps its own), so that `keystrokes_in_a_city_report` measures what the server spends.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: nianbao_core::allocator::MiMalloc = nianbao_core::allocator::MiMalloc;

/// A tiny deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn examples() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("the examples folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "nianbao"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("an example");
            (p.display().to_string(), text)
        })
        .collect();
    out.sort();
    assert!(out.len() >= 6, "the examples are there");
    out
}

/// A consolidated report: every department's tables under each section, after an overview
/// paragraph (lsp-bench's report of a city).
fn consolidated(departments: usize, overview: &str) -> String {
    let clean = examples()
        .into_iter()
        .find(|(name, _)| name.ends_with("clean-2024.nianbao"))
        .map(|(_, text)| text)
        .expect("the clean example");
    let tables_of = |section: &str, next: &str| -> String {
        let start = clean.find(section).expect("section") + section.len();
        let end = clean.find(next).expect("next section");
        let mut out = String::new();
        for chunk in clean[start..end].split("\n\n") {
            let chunk = chunk.trim();
            if chunk.starts_with('|') || chunk.starts_with("### 第二十条") {
                out.push_str(chunk);
                out.push_str("\n\n");
            }
        }
        out
    };
    let mut out = String::from("---\n机关: 某市人民政府办公室\n年度: 2024\n模板: 2021\n---\n\n# 某市2024年政府信息公开工作年度报告（汇总）\n\n## 一、总体情况\n\n");
    out.push_str(overview);
    out.push_str("\n\n");
    for (heading, next) in [
        ("## 二、主动公开政府信息情况", "## 三、"),
        ("## 三、收到和处理政府信息公开申请情况", "## 四、"),
        ("## 四、政府信息公开行政复议、行政诉讼情况", "## 五、"),
    ] {
        let tables = tables_of(heading, next);
        out.push_str(heading);
        out.push_str("\n\n");
        for d in 0..departments {
            out.push_str(&format!("### 第{}部门（某市某局{d}）\n\n", d + 1));
            out.push_str(&tables);
        }
    }
    out.push_str("## 五、存在的主要问题及改进情况\n\n无。\n\n## 六、其他需要报告的事项\n\n无。\n");
    out
}

const PIECES: &[&str] = &[
    "0",
    "17",
    "3.5",
    "-2",
    "待核",
    "|",
    " | ",
    "\n",
    "\r\n",
    "\n\n",
    "（三）不予公开",
    "不予公開",
    "😀",
    "## 二、",
    "### 第二十条第（一）项\n\n",
    "## 三、收到和处理政府信息公开申请情况\n\n",
    "| 规章 | 1 | 2 | 3 |\n",
    // A label of the pre-2019 format, which the report points at wherever its table moves.
    "| 主动公开信息数 | 4 |\n",
    "| --- | --- |\n",
    "<!-- ",
    "---\n模板: 2019\n---\n",
    "本年度共收到申请 5 件，办结 3 件。",
    "本年制发规章 99 件，现行有效规章 98 件。",
    "",
];

/// The tree-sitter point of a byte offset.
fn point(text: &str, byte: usize) -> Point {
    let before = &text[..byte];
    let row = before.matches('\n').count();
    let column = byte - before.rfind('\n').map_or(0, |i| i + 1);
    Point { row, column }
}

fn boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The range of a whole line, or of a whole block (up to a blank line), around `at`.
fn around(text: &str, at: usize, block: bool) -> (usize, usize) {
    let sep = if block { "\n\n" } else { "\n" };
    let start = text[..at].rfind(sep).map_or(0, |i| i + sep.len());
    let end = text[at..]
        .find(sep)
        .map_or(text.len(), |i| at + i + sep.len());
    (start, end.max(start))
}

/// One random edit: `(start, end, replacement)` on `text`.
fn random_edit(rng: &mut Rng, text: &str) -> (usize, usize, String) {
    let at = boundary(text, rng.below(text.len() + 1));
    match rng.below(12) {
        0 => {
            let (a, b) = around(text, at, false);
            (a, b, String::new())
        }
        1 => {
            let (a, b) = around(text, at, true);
            (a, b, String::new())
        }
        2 => {
            // Copy a whole block (often a table) somewhere else.
            let (a, b) = around(text, at, true);
            let to = boundary(text, rng.below(text.len() + 1));
            (to, to, text[a..b].to_string())
        }
        10 | 11 => {
            // A row that loses its leading pipe splits its table in two (joined again, with a
            // stray line, by the syntax layer).
            let (a, _) = around(text, at, false);
            match text[a..].find("\n|") {
                Some(i) => (a + i + 1, a + i + 2, String::new()),
                None => (at, at, "\n漏了竖线 | 1 |".into()),
            }
        }
        4 => {
            // Respell a block heading in traditional characters: the same heading, which its
            // table's findings report as spelt otherwise.
            let found = text[at..].find("第二十条").map(|i| at + i);
            match found.or_else(|| text.find("第二十条")) {
                Some(i) => (i + "第二十".len(), i + "第二十条".len(), "條".into()),
                None => (at, at, "### 第二十條第（一）項\n\n".into()),
            }
        }
        3 => {
            // Retype a digit.
            match text[at..].find(|c: char| c.is_ascii_digit()) {
                Some(i) => (at + i, at + i + 1, rng.below(10).to_string()),
                None => (at, at, "7".into()),
            }
        }
        _ => {
            let end = boundary(text, at + rng.below(12));
            (at, end, PIECES[rng.below(PIECES.len())].to_string())
        }
    }
}

fn apply(text: &mut String, tree: &mut Tree, (start, end, new): &(usize, usize, String)) {
    let (start_position, old_end_position) = (point(text, *start), point(text, *end));
    text.replace_range(*start..*end, new);
    let new_end = start + new.len();
    tree.edit(&InputEdit {
        start_byte: *start,
        old_end_byte: *end,
        new_end_byte: new_end,
        start_position,
        old_end_position,
        new_end_position: point(text, new_end),
    });
}

/// Runs `steps` rounds of edits; returns how many stretches of prose there were and how many
/// had their findings reused.
fn run(name: &str, mut text: String, steps: usize, seed: u64, config: &Config) -> (usize, usize) {
    let mut rng = Rng(seed);
    let mut memo = Memo::new();
    let mut tree = syntax::parse(&text, None);
    memo.analyze(&text, tree.clone(), config);
    let (mut tables, mut bound, mut checked) = (0, 0, 0);
    let (mut prose, mut prose_checked) = (0, 0);
    for step in 1..=steps {
        for _ in 0..1 + rng.below(3) {
            let edit = random_edit(&mut rng, &text);
            apply(&mut text, &mut tree, &edit);
        }
        // Now and then a tree parsed from scratch, whose nodes the memo has never seen.
        let reparsed = step % 9 == 0;
        tree = syntax::parse(&text, (!reparsed).then_some(&tree));
        let incremental = memo.analyze(&text, tree.clone(), config);
        if !reparsed {
            let reused = memo.reused();
            tables += reused.tables;
            bound += reused.bound;
            checked += reused.checked;
            prose += reused.prose;
            prose_checked += reused.prose_checked;
        }
        let fresh = analyze(&text, config);
        let at = format!("{name} (seed {seed}) step {step}");
        assert_eq!(incremental.findings, fresh.findings, "{at}");
        if let Some(difference) = first_difference(
            &format!("{:#?}", incremental.report),
            &format!("{:#?}", fresh.report),
        ) {
            panic!("{at}: the report models differ:\n{difference}");
        }
        assert_eq!(
            incremental.tree.root_node().to_sexp(),
            fresh.tree.root_node().to_sexp(),
            "{at}"
        );
    }
    // Otherwise the comparisons above would prove little about reuse.
    assert!(
        bound * 3 > tables * 2 && checked * 2 > tables,
        "{name}: of {tables} tables, {bound} bindings and {checked} tables' findings reused"
    );
    (prose, prose_checked)
}

/// The first line where two long texts differ, with a few lines of context.
fn first_difference(a: &str, b: &str) -> Option<String> {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let at = (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i))?;
    let context = |lines: &[&str]| {
        lines[at.saturating_sub(8).min(lines.len())..(at + 3).min(lines.len())].join("\n")
    };
    Some(format!(
        "incremental:\n{}\nfresh:\n{}",
        context(&a),
        context(&b)
    ))
}

#[test]
fn incremental_analysis_of_the_examples_equals_a_fresh_one() {
    let english = Config {
        lang: Lang::En,
        template: Some("2019".into()),
        ..Config::default()
    };
    for (i, (name, text)) in examples().into_iter().enumerate() {
        let config = if i % 2 == 0 {
            Config::default()
        } else {
            english.clone()
        };
        run(&name, text, 80, 1 + i as u64, &config);
    }
}

#[test]
fn incremental_analysis_of_a_consolidated_report_equals_a_fresh_one() {
    let overview = "全市共收到申请 12 件。本年制发规章 99 件，现行有效规章 98 件。";
    run(
        "consolidated",
        consolidated(8, overview),
        40,
        99,
        &Config::default(),
    );
}

#[test]
fn incremental_analysis_of_tables_in_pieces_equals_a_fresh_one() {
    // A converter's Markdown: tables printed as several and joined, rows placed by order.
    let clean = examples()
        .into_iter()
        .find(|(name, _)| name.ends_with("clean-2024.nianbao"))
        .expect("the clean example")
        .1;
    let config = Config::default();
    run(
        "row groups",
        common::shapes::row_groups(&clean),
        40,
        7,
        &config,
    );
    run(
        "shredded",
        common::shapes::shredded(&clean, None),
        40,
        8,
        &config,
    );
}

#[test]
fn remembered_prose_findings_follow_the_table_they_point_at() {
    let clean = examples()
        .into_iter()
        .find(|(name, _)| name.ends_with("clean-2024.nianbao"))
        .map(|(_, text)| text)
        .expect("the clean example");
    // A figure that table 第二十条第（一）项 contradicts: NB306, related to the table's cell.
    let claim = "本年制发规章 99 件，现行有效规章 98 件。\n\n";
    let mut text = clean.replacen("## 二、", &format!("{claim}## 二、"), 1);
    let config = Config::default();
    let mut memo = Memo::new();
    let mut tree = syntax::parse(&text, None);
    let first = memo.analyze(&text, tree.clone(), &config);
    assert!(first.findings.iter().any(|f| f.code == "NB306"));
    let claim_at = text.find(claim).expect("the claim");
    // Above the claim (both move), then between it and the table (only the table moves).
    for at in [
        text.find("\n# ").expect("the title"),
        claim_at + claim.len() - 1,
    ] {
        apply(&mut text, &mut tree, &(at, at, "\n".to_string()));
        tree = syntax::parse(&text, Some(&tree));
        let incremental = memo.analyze(&text, tree.clone(), &config);
        assert_eq!(incremental.findings, analyze(&text, &config).findings);
        assert!(memo.reused().prose_checked > 0);
    }
}

/// Not a test: a harness for measuring what one keystroke costs the analysis of a 1 MB city
/// report (lsp-bench's consolidated report, 157 departments). As lsp-bench does, it types a
/// digit into the first number cell after the middle of the text and deletes it again,
/// `NIANBAO_KEYSTROKES` times (default 20), each followed by an incremental reparse and
/// `Memo::analyze`; `NIANBAO_KEYSTROKE_AT` (default 0.5) puts the cell elsewhere (0.0: above
/// every table, so that every table moves). Measure two counts and take the difference
/// (docs/performance.md):
///
/// ```sh
/// cargo test --release -p nianbao-core --features mimalloc --test incremental --no-run
/// NIANBAO_KEYSTROKES=2 valgrind --tool=callgrind target/release/deps/incremental-… \
///     --ignored --exact keystrokes_in_a_city_report
/// ```
#[test]
#[ignore = "a measuring harness, run under callgrind"]
fn keystrokes_in_a_city_report() {
    let keystrokes: usize = std::env::var("NIANBAO_KEYSTROKES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20);
    let fraction: f64 = std::env::var("NIANBAO_KEYSTROKE_AT")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0.5);
    let mut text = consolidated(157, "全市各部门汇总如下。");
    // The first digit of a table's value cell after that point, as lsp-bench edits.
    let from = boundary(&text, (text.len() as f64 * fraction) as usize);
    let mut at = from + text[from..].find('\n').map_or(0, |i| i + 1);
    let cell = text[at..]
        .split_inclusive('\n')
        .find_map(|line| {
            let found = (line.starts_with('|') && !line.contains("---"))
                .then(|| {
                    let label_end = line[1..].find('|').map_or(0, |i| i + 1);
                    let digit = line[label_end..].find(|c: char| c.is_ascii_digit())?;
                    Some(at + label_end + digit)
                })
                .flatten();
            at += line.len();
            found
        })
        .expect("a number cell after that point");
    let config = Config::default();
    let mut memo = Memo::new();
    let mut tree = syntax::parse(&text, None);
    let first = memo.analyze(&text, tree.clone(), &config);
    let findings = first.findings.len();
    drop(first);
    for k in 0..keystrokes {
        let edit = if k % 2 == 0 {
            (cell, cell, "1".to_string())
        } else {
            (cell, cell + 1, String::new())
        };
        apply(&mut text, &mut tree, &edit);
        tree = syntax::parse(&text, Some(&tree));
        let analysis = memo.analyze(&text, tree.clone(), &config);
        assert!(analysis.findings.len() >= findings);
    }
    assert!(memo.reused().checked + 2 >= memo.reused().tables);
}
