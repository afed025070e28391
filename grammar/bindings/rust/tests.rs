//! Tests of the grammar through the Rust binding: the language, the queries, the node-kind
//! contract, the example reports, incremental reparsing, and the corpus (`tree-sitter test`).

use std::path::{Path, PathBuf};
use std::process::Command;

use tree_sitter::{
    InputEdit, Language, Node, Parser, Point, Query, QueryCursor, StreamingIterator, Tree,
};

fn language() -> Language {
    super::LANGUAGE.into()
}

fn parse(text: &str) -> Tree {
    let mut parser = Parser::new();
    parser.set_language(&language()).expect("the grammar loads");
    parser.parse(text, None).expect("parsing yields a tree")
}

/// Every node, depth first.
fn nodes(tree: &Tree) -> Vec<Node<'_>> {
    let mut out = Vec::new();
    let mut cursor = tree.walk();
    'walk: loop {
        out.push(cursor.node());
        if cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                break 'walk;
            }
        }
    }
    out
}

/// A description of every ERROR or MISSING node, for assertion messages.
fn problems(tree: &Tree, text: &str) -> Vec<String> {
    nodes(tree)
        .into_iter()
        .filter(|n| n.is_error() || n.is_missing())
        .map(|n| {
            let p = n.start_position();
            let snippet: String = text[n.byte_range()].chars().take(40).collect();
            let what = if n.is_missing() {
                format!("MISSING {}", n.kind())
            } else {
                "ERROR".to_string()
            };
            format!("{what} at {}:{}: {snippet:?}", p.row + 1, p.column + 1)
        })
        .collect()
}

fn assert_clean(text: &str, name: &str) -> Tree {
    let tree = parse(text);
    let found = problems(&tree, text);
    assert!(
        found.is_empty(),
        "{name} does not parse cleanly:\n{}",
        found.join("\n")
    );
    assert!(!tree.root_node().has_error(), "{name}: has_error");
    tree
}

fn named_children<'t>(node: Node<'t>) -> Vec<Node<'t>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).collect()
}

fn text_of<'a>(node: Node<'_>, text: &'a str) -> &'a str {
    &text[node.byte_range()]
}

const SAMPLE: &str = "---
机关: 凤泉区人民政府办公室
年度: 2024
模板: 2021
---

<!-- 样例：中文内容 -->
# 凤泉区人民政府办公室2024年政府信息公开工作年度报告

## 一、总体情况

2024年，凤泉区认真贯彻落实《中华人民共和国政府信息公开条例》，
坚持以公开为常态、不公开为例外。

## 二、主动公开政府信息情况

### 第二十条第（一）项

| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
| -------------- | -----------: | -----------: | -----------: |
| 规章 | 0 | 0 | 0 |
| 行政规范性文件 | 1,601,769 |  | — |
| （二）部分公开（区分处理的，只计这一情形，不计其他情形） | 3664.4476 | 待核 | / |
| 3.危及“三安全一稳定” || 商业 企业 | 0
";

#[test]
fn language_loads() {
    let language = language();
    let mut parser = Parser::new();
    parser
        .set_language(&language)
        .expect("Error loading Nianbao parser");
    assert!(
        language.abi_version() >= 14,
        "ABI {}",
        language.abi_version()
    );
    assert!(language.node_kind_count() > 0);
}

#[test]
fn node_types_list_the_contract() {
    for kind in [
        "document",
        "front_matter",
        "front_matter_field",
        "field_key",
        "field_value",
        "heading",
        "heading_marker",
        "heading_content",
        "paragraph",
        "text",
        "table",
        "table_row",
        "table_delimiter_row",
        "table_cell",
        "number",
        "cell_text",
        "html_comment",
    ] {
        assert!(
            super::NODE_TYPES.contains(&format!("\"type\": \"{kind}\"")),
            "node-types.json lacks {kind}"
        );
        assert!(
            language().id_for_node_kind(kind, true) != 0,
            "the language lacks the named kind {kind}"
        );
    }
    for field in ["key", "value", "marker", "content", "header"] {
        assert!(
            language().field_id_for_name(field).is_some(),
            "the language lacks the field {field}"
        );
    }
}

#[test]
fn every_query_compiles() {
    let language = language();
    for (name, source) in [
        ("highlights.scm", super::HIGHLIGHTS_QUERY),
        ("folds.scm", super::FOLDS_QUERY),
        ("tags.scm", super::TAGS_QUERY),
    ] {
        let query = Query::new(&language, source).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(query.pattern_count() > 0, "{name} has no patterns");
    }
    // And so does every other query file that may be added later.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("queries");
    for entry in std::fs::read_dir(&dir).expect("queries/ exists") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_some_and(|e| e == "scm") {
            let source = std::fs::read_to_string(&path).expect("readable query");
            Query::new(&language, &source).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
    }
}

#[test]
fn sample_with_cjk_parses_into_the_contract_shape() {
    let tree = assert_clean(SAMPLE, "the sample");
    let root = tree.root_node();
    assert_eq!(root.kind(), "document");
    let kinds: Vec<&str> = named_children(root).iter().map(|n| n.kind()).collect();
    assert_eq!(
        kinds,
        [
            "front_matter",
            "html_comment",
            "heading",
            "heading",
            "paragraph",
            "heading",
            "heading",
            "table"
        ]
    );
    let blocks = named_children(root);

    // Front matter: keys and values, trimmed.
    let fields = named_children(blocks[0]);
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|f| {
            assert_eq!(f.kind(), "front_matter_field");
            let key = f.child_by_field_name("key").expect("a key");
            let value = f.child_by_field_name("value").expect("a value");
            (text_of(key, SAMPLE), text_of(value, SAMPLE))
        })
        .collect();
    assert_eq!(
        pairs,
        [
            ("机关", "凤泉区人民政府办公室"),
            ("年度", "2024"),
            ("模板", "2021")
        ]
    );

    // Headings: the marker is the run of `#`, the content is trimmed.
    let headings: Vec<(usize, &str)> = blocks
        .iter()
        .filter(|n| n.kind() == "heading")
        .map(|h| {
            let marker = h.child_by_field_name("marker").expect("a marker");
            assert_eq!(marker.kind(), "heading_marker");
            let content = h.child_by_field_name("content").expect("content");
            (marker.byte_range().len(), text_of(content, SAMPLE))
        })
        .collect();
    assert_eq!(
        headings,
        [
            (1, "凤泉区人民政府办公室2024年政府信息公开工作年度报告"),
            (2, "一、总体情况"),
            (2, "二、主动公开政府信息情况"),
            (3, "第二十条第（一）项"),
        ]
    );

    // A paragraph: one text node per line, without the line ending.
    let lines: Vec<&str> = named_children(blocks[4])
        .iter()
        .map(|t| text_of(*t, SAMPLE))
        .collect();
    assert_eq!(
        lines,
        [
            "2024年，凤泉区认真贯彻落实《中华人民共和国政府信息公开条例》，",
            "坚持以公开为常态、不公开为例外。"
        ]
    );

    // The table.
    let table = blocks[7];
    let header = table.child_by_field_name("header").expect("a header row");
    assert_eq!(header.kind(), "table_row");
    let children = named_children(table);
    assert_eq!(children[0].id(), header.id());
    assert_eq!(children[1].kind(), "table_delimiter_row");
    assert_eq!(
        text_of(children[1], SAMPLE),
        "| -------------- | -----------: | -----------: | -----------: |"
    );
    let rows: Vec<Vec<(String, &str, &str)>> = children
        .iter()
        .filter(|n| n.kind() == "table_row")
        .map(|row| {
            named_children(*row)
                .into_iter()
                .map(|cell| {
                    assert_eq!(cell.kind(), "table_cell");
                    let content = named_children(cell);
                    assert!(content.len() <= 1);
                    let (kind, value) = content
                        .first()
                        .map_or(("", ""), |c| (c.kind(), text_of(*c, SAMPLE)));
                    // A cell spans its content and the pipe token after it, whose blanks
                    // (trailing ones included) are trimmed here for readability.
                    (text_of(cell, SAMPLE).trim_end().to_string(), kind, value)
                })
                .collect()
        })
        .collect();
    let cell = |raw: &str, kind: &'static str, value: &'static str| (raw.to_string(), kind, value);
    assert_eq!(
        rows,
        vec![
            vec![
                cell("信息内容 |", "cell_text", "信息内容"),
                cell("本年制发件数 |", "cell_text", "本年制发件数"),
                cell("本年废止件数 |", "cell_text", "本年废止件数"),
                cell("现行有效件数 |", "cell_text", "现行有效件数"),
            ],
            vec![
                cell("规章 |", "cell_text", "规章"),
                cell("0 |", "number", "0"),
                cell("0 |", "number", "0"),
                cell("0 |", "number", "0"),
            ],
            vec![
                cell("行政规范性文件 |", "cell_text", "行政规范性文件"),
                cell("1,601,769 |", "number", "1,601,769"),
                cell("|", "", ""),
                cell("— |", "cell_text", "—"),
            ],
            vec![
                cell(
                    "（二）部分公开（区分处理的，只计这一情形，不计其他情形） |",
                    "cell_text",
                    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                ),
                cell("3664.4476 |", "number", "3664.4476"),
                cell("待核 |", "cell_text", "待核"),
                cell("/ |", "cell_text", "/"),
            ],
            vec![
                cell(
                    "3.危及“三安全一稳定” |",
                    "cell_text",
                    "3.危及“三安全一稳定”"
                ),
                cell("|", "", ""),
                cell("商业 企业 |", "cell_text", "商业 企业"),
                // The trailing pipe is missing: the cell is its content alone.
                cell("0", "number", "0"),
            ],
        ]
    );
}

#[test]
fn cells_are_their_content_and_the_pipe_after_it() {
    let text = "| a |  | 12 | x\\|y |   \n|  b  ";
    let tree = assert_clean(text, "the row");
    let table = named_children(tree.root_node())[0];
    let rows = named_children(table);
    // A cell starts at its content (or at its closing pipe when empty) and ends with the pipe
    // token after it, which holds the blanks on both sides of that pipe.
    let cells: Vec<&str> = named_children(rows[0])
        .iter()
        .map(|c| text_of(*c, text))
        .collect();
    assert_eq!(cells, ["a |  ", "| ", "12 | ", "x\\|y |   "]);
    let contents: Vec<Option<&str>> = named_children(rows[0])
        .iter()
        .map(|c| named_children(*c).first().map(|n| text_of(*n, text)))
        .collect();
    assert_eq!(contents, [Some("a"), None, Some("12"), Some("x\\|y")]);
    // The row starts at its first pipe and ends at the line end (trailing blanks included).
    assert_eq!(rows[0].start_byte(), 0);
    assert_eq!(
        rows[0].end_position(),
        Point::new(0, text.find('\n').unwrap())
    );
    // A last cell without its closing pipe is its trimmed content; the row still runs to the
    // end of the line.
    let last = named_children(rows[1]);
    assert_eq!(last.len(), 1);
    assert_eq!(text_of(last[0], text), "b");
    assert_eq!(rows[1].end_byte(), text.len());
}

#[test]
fn crlf_line_endings_stay_out_of_every_node() {
    let text = SAMPLE.replace('\n', "\r\n");
    let tree = assert_clean(&text, "the CRLF sample");
    for node in nodes(&tree) {
        if node.kind() == "document" || node.kind() == "html_comment" {
            continue;
        }
        let s = text_of(node, &text);
        assert!(
            !s.ends_with('\r') && !s.ends_with('\n'),
            "{} ends with a line ending: {s:?}",
            node.kind()
        );
        if !matches!(node.kind(), "front_matter" | "paragraph" | "table") {
            assert!(!s.contains('\r'), "{} contains a CR: {s:?}", node.kind());
        }
    }
    // The same tree shape as with LF.
    assert_eq!(
        tree.root_node().to_sexp(),
        parse(SAMPLE).root_node().to_sexp()
    );
}

#[test]
fn error_recovery_keeps_the_rest_of_the_document() {
    let cases = [
        "| 类别 | 总计 |\n| --- | ---: |\n| 规章 | 0 | 0\n| 行政复议 | 4 |\n\n## 三、收到和处理政府信息公开申请情况\n",
        "| 类别 | 总计 |\n| --- | ---: |\n| 行政复议 | 3  1 |\n\n## 三、收到和处理政府信息公开申请情况\n",
        "| 类别 | 总计 |\n| --- | ---: |\n@@ 垃圾 ###\n| 行政复议 | 4 |\n\n## 三、收到和处理政府信息公开申请情况\n",
        "| 类别 | 总计 |\n| --- | x |\n| - | 0 |\n\n## 三、收到和处理政府信息公开申请情况\n",
        "##\n\n| 类别 | 总计 |\n| --- | ---: |\n\n## 三、收到和处理政府信息公开申请情况\n",
        "---\n机关: 某局\n\n## 三、收到和处理政府信息公开申请情况\n",
    ];
    for case in cases {
        let tree = assert_clean(case, case);
        let last = named_children(tree.root_node()).pop().expect("blocks");
        assert_eq!(last.kind(), "heading", "{case}");
        let content = last.child_by_field_name("content").expect("content");
        assert_eq!(text_of(content, case), "三、收到和处理政府信息公开申请情况");
    }
    let unterminated = "正文\n\n<!-- 未完";
    let tree = assert_clean(unterminated, "an unterminated comment");
    let last = named_children(tree.root_node()).pop().expect("blocks");
    assert_eq!(
        (last.kind(), text_of(last, unterminated)),
        ("html_comment", "<!-- 未完")
    );
}

fn examples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .map(|e| e.expect("a directory entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "nianbao"))
            .collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    files
}

#[test]
fn every_example_parses_without_error_or_missing_nodes() {
    let files = examples();
    if files.is_empty() {
        println!("note: no examples/*.nianbao yet; nothing to check");
    }
    for path in files {
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let tree = assert_clean(&text, &path.display().to_string());
        assert!(
            named_children(tree.root_node())
                .iter()
                .any(|n| n.kind() == "table"),
            "{}",
            path.display()
        );
    }
}

/// A small deterministic pseudo-random generator (no dependency needed).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
    fn below(&mut self, n: usize) -> usize {
        self.next() % n
    }
}

const ATOMS: &[&str] = &[
    "|",
    "||",
    "#",
    "## ",
    "######",
    "#######",
    "-",
    "---",
    "---\n",
    ":",
    "：",
    "<!--",
    "-->",
    "<!-",
    " ",
    "    ",
    "\t",
    "\r",
    "\n",
    "\n",
    "\r\n",
    "规章",
    "0",
    "-1",
    "1,601,769",
    "3.5",
    "\\",
    "\\|",
    "—",
    "\u{feff}",
    "x",
    ":---:",
    " | ",
    " --- ",
    "key: v\n",
    "\u{3000}",
    "| --- | --- |\n",
    "| a | b |\n",
    "\n---\n",
    "---\nk: v\n---\n",
];

fn random_document(rng: &mut Lcg, base: &[String]) -> String {
    if base.is_empty() || rng.below(2) == 0 {
        (0..1 + rng.below(80))
            .map(|_| ATOMS[rng.below(ATOMS.len())])
            .collect()
    } else {
        let mut s = base[rng.below(base.len())].clone();
        for _ in 0..1 + rng.below(8) {
            let mut at = rng.below(s.len() + 1);
            while !s.is_char_boundary(at) {
                at -= 1;
            }
            let mut end = (at + [0, 0, 1, 5][rng.below(4)]).min(s.len());
            while !s.is_char_boundary(end) {
                end += 1;
            }
            s.replace_range(at..end, ATOMS[rng.below(ATOMS.len())]);
        }
        s
    }
}

#[test]
fn random_input_never_produces_error_nodes() {
    // Any text without NUL bytes is a document: the grammar is lenient by design.
    let base: Vec<String> = examples()
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    let mut rng = Lcg(20240101);
    for _ in 0..1500 {
        let doc = random_document(&mut rng, &base);
        let tree = parse(&doc);
        let found = problems(&tree, &doc);
        assert!(found.is_empty(), "{doc:?}:\n{}", found.join("\n"));
    }
}

fn point_at(text: &str, byte: usize) -> Point {
    let before = &text[..byte];
    let row = before.matches('\n').count();
    let column = before.rfind('\n').map_or(byte, |i| byte - i - 1);
    Point::new(row, column)
}

#[test]
fn incremental_reparse_matches_a_fresh_parse() {
    let mut base: Vec<String> = examples()
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    base.push(SAMPLE.to_string());
    let mut rng = Lcg(7);
    let mut parser = Parser::new();
    parser.set_language(&language()).expect("the grammar loads");
    for round in 0..80 {
        let mut text = base[round % base.len()].clone();
        let mut tree = parser.parse(&text, None).expect("a tree");
        for _ in 0..5 {
            let mut start = rng.below(text.len() + 1);
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let mut old_end = (start + [0, 0, 1, 3, 12][rng.below(5)]).min(text.len());
            while !text.is_char_boundary(old_end) {
                old_end += 1;
            }
            let insert = ATOMS[rng.below(ATOMS.len())];
            let edit = InputEdit {
                start_byte: start,
                old_end_byte: old_end,
                new_end_byte: start + insert.len(),
                start_position: point_at(&text, start),
                old_end_position: point_at(&text, old_end),
                new_end_position: Point::default(),
            };
            text.replace_range(start..old_end, insert);
            let edit = InputEdit {
                new_end_position: point_at(&text, edit.new_end_byte),
                ..edit
            };
            tree.edit(&edit);
            let incremental = parser.parse(&text, Some(&tree)).expect("a tree");
            let fresh = parser.parse(&text, None).expect("a tree");
            assert_eq!(
                incremental.root_node().to_sexp(),
                fresh.root_node().to_sexp(),
                "incremental and fresh parses differ for {text:?}"
            );
            let ranges = |t: &Tree| {
                nodes(t)
                    .iter()
                    .map(|n| (n.kind_id(), n.byte_range()))
                    .collect::<Vec<_>>()
            };
            assert_eq!(
                ranges(&incremental),
                ranges(&fresh),
                "node ranges differ for {text:?}"
            );
            tree = incremental;
        }
    }
}

#[test]
fn a_keystroke_reparses_only_its_own_section() {
    // Six `##` sections of 100 tables each, as a consolidated report has. Tree-sitter cannot
    // reuse the nodes of a long `repeat` (see `document` in grammar.js), so in a flat document
    // a keystroke would shift all ~2,400 top-level items again; with sections, only the items
    // of the edited section and one node per other section.
    let mut text = String::from("# 报告\n\n");
    for s in 0..6 {
        text.push_str(&format!("## 第{s}部分\n\n"));
        for t in 0..100 {
            text.push_str(&format!(
                "### 表{t}\n\n| 项目 | 数量 |\n| --- | --- |\n| 甲 | {t} |\n\n"
            ));
        }
    }
    let items_per_section = 100 * 4;
    let mut parser = Parser::new();
    parser.set_language(&language()).expect("the grammar loads");
    let mut tree = parser.parse(&text, None).expect("a tree");
    // Type a digit into the cell `50` of section 3.
    let section = text.find("## 第3部分").expect("section 3");
    let at = section + text[section..].find("| 甲 | 50 |").expect("a cell") + "| 甲 | ".len();
    text.insert(at, '1');
    tree.edit(&InputEdit {
        start_byte: at,
        old_end_byte: at,
        new_end_byte: at + 1,
        start_position: point_at(&text, at),
        old_end_position: point_at(&text, at),
        new_end_position: point_at(&text, at + 1),
    });
    let shifts = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = shifts.clone();
    parser.set_logger(Some(Box::new(move |_, message| {
        if message.starts_with("shift") {
            counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
    })));
    let reparsed = parser.parse(&text, Some(&tree)).expect("a tree");
    parser.set_logger(None);
    assert_eq!(
        reparsed.root_node().to_sexp(),
        parse(&text).root_node().to_sexp()
    );
    let shifts = shifts.load(std::sync::atomic::Ordering::Relaxed);
    assert!(
        shifts < items_per_section + 100,
        "a one-character edit shifted {shifts} nodes (a section holds {items_per_section} items)"
    );
}

/// `(capture name, captured text)` for every capture of `query_source` in `text`.
fn captures(query_source: &str, text: &str) -> Vec<(String, String)> {
    let query = Query::new(&language(), query_source).expect("the query compiles");
    let tree = parse(text);
    let mut cursor = QueryCursor::new();
    let mut out = Vec::new();
    let mut matches = cursor.matches(&query, tree.root_node(), text.as_bytes());
    while let Some(m) = matches.next() {
        for c in m.captures() {
            out.push((
                query.capture_names()[c.index as usize].to_string(),
                text_of(c.node, text).to_string(),
            ));
        }
    }
    out
}

#[test]
fn highlights_label_rows_and_columns() {
    let caps = captures(super::HIGHLIGHTS_QUERY, SAMPLE);
    let has = |name: &str, text: &str| caps.iter().any(|(n, t)| n == name && t == text);
    assert!(has("property", "机关"));
    assert!(has("string", "凤泉区人民政府办公室"));
    assert!(has("punctuation.special", "###"));
    assert!(has("markup.heading", "第二十条第（一）项"));
    assert!(has("label.column", "本年制发件数"));
    assert!(has("label.row", "行政规范性文件"));
    assert!(has("label.row", "3.危及“三安全一稳定”"));
    assert!(has("number", "1,601,769"));
    assert!(has("string", "待核"));
    assert!(has("comment", "<!-- 样例：中文内容 -->"));
    assert!(
        !has("label.row", "信息内容"),
        "a header cell is not a row label"
    );
    assert!(
        !has("label.column", "规章"),
        "a data cell is not a column label"
    );
    assert!(!has("string", "规章"), "a row label is not a value");
    // No node is captured twice (editors differ in which pattern would win).
    let query = Query::new(&language(), super::HIGHLIGHTS_QUERY).expect("compiles");
    let tree = parse(SAMPLE);
    let mut cursor = QueryCursor::new();
    let mut seen = std::collections::HashMap::new();
    let mut matches = cursor.matches(&query, tree.root_node(), SAMPLE.as_bytes());
    while let Some(m) = matches.next() {
        for c in m.captures() {
            let name = query.capture_names()[c.index as usize];
            if let Some(previous) = seen.insert(c.node.id(), name) {
                assert_eq!(
                    previous,
                    name,
                    "{:?} captured as {previous} and {name}",
                    text_of(c.node, SAMPLE)
                );
            }
        }
    }
}

#[test]
fn tags_outline_headings_and_row_labels() {
    let caps = captures(super::TAGS_QUERY, SAMPLE);
    let names: Vec<&str> = caps
        .iter()
        .filter(|(n, _)| n == "name")
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "凤泉区人民政府办公室2024年政府信息公开工作年度报告",
            "一、总体情况",
            "二、主动公开政府信息情况",
            "第二十条第（一）项",
            "规章",
            "行政规范性文件",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            "3.危及“三安全一稳定”",
        ]
    );
}

#[test]
fn folds_cover_blocks() {
    let caps = captures(super::FOLDS_QUERY, SAMPLE);
    assert!(caps.iter().all(|(n, _)| n == "fold"));
    assert!(caps
        .iter()
        .any(|(_, t)| t.starts_with("---\n") && t.ends_with("\n---")));
    assert!(caps
        .iter()
        .any(|(_, t)| t.starts_with("| 信息内容") && t.ends_with("| 0")));
}

fn tree_sitter_cli() -> Option<PathBuf> {
    let exe = if cfg!(windows) {
        "tree-sitter.exe"
    } else {
        "tree-sitter"
    };
    let on_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
        .map(|dir| dir.join(exe));
    let in_cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .map(|dir| dir.join("bin").join(exe));
    on_path.chain(in_cargo_home).find(|p| p.is_file())
}

#[test]
fn corpus_and_query_tests_pass() {
    if !Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("test/corpus")
        .is_dir()
    {
        println!("note: no test/corpus here (a packaged crate?); skipping `tree-sitter test`");
        return;
    }
    let Some(cli) = tree_sitter_cli() else {
        println!("note: the tree-sitter CLI is not on PATH or in ~/.cargo/bin; skipping `tree-sitter test`");
        return;
    };
    // The CLI caches the compiled grammar by its name in one folder per user: two checkouts
    // of the grammar (worktrees) would test each other's parser. This checkout's own folder.
    let libdir = Path::new(env!("CARGO_MANIFEST_DIR")).join("build/tree-sitter-lib");
    let output = Command::new(&cli)
        .arg("test")
        .env("TREE_SITTER_LIBDIR", &libdir)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap_or_else(|e| panic!("running {}: {e}", cli.display()));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "`tree-sitter test` failed:\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains("successful parses"),
        "no corpus was run:\n{stdout}\n{stderr}"
    );
    assert!(
        !stdout.contains('✗'),
        "`tree-sitter test` reported a failure:\n{stdout}\n{stderr}"
    );
}
