//! The language server, spoken to over JSON-RPC as an editor speaks to it: `nianbao lsp` is
//! the built binary, and every assertion is on what it sends back.

use nianbao_core::text::{Encoding, LineCol, LineIndex};
use nianbao_core::{Config, Finding, Severity};
use nianbao_tests::lsp_client::{file_uri, LspClient};
use nianbao_tests::{examples, nianbao, root, scratch};
use serde_json::{json, Value};
use std::path::Path;
use std::time::Duration;

fn start(encodings: &[&str]) -> LspClient {
    let mut client = LspClient::spawn(&nianbao(), &root(), &[("NIANBAO_LOG", "error")]);
    client.initialize(None, encodings, json!({}));
    client
}

fn encoding_of(name: &str) -> Encoding {
    if name == "utf-8" {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    }
}

fn position(text: &str, offset: usize, encoding: Encoding) -> Value {
    let lc = LineIndex::new(text).line_col(text, offset, encoding);
    json!({"line": lc.line, "character": lc.col})
}

fn range(text: &str, span: &std::ops::Range<usize>, encoding: Encoding) -> Value {
    json!({"start": position(text, span.start, encoding), "end": position(text, span.end, encoding)})
}

fn offset(text: &str, position: &Value, encoding: Encoding) -> usize {
    let lc = LineCol {
        line: position["line"].as_u64().unwrap_or(0) as u32,
        col: position["character"].as_u64().unwrap_or(0) as u32,
    };
    LineIndex::new(text).offset(text, lc, encoding)
}

/// Applies LSP text edits (non-overlapping, any order) as a client does.
fn apply(text: &str, edits: &[Value], encoding: Encoding) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(text, &e["range"]["start"], encoding),
                offset(text, &e["range"]["end"], encoding),
                e["newText"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (a, b, new) in spans {
        out.replace_range(a..b, &new);
    }
    out
}

fn severity(s: Severity) -> u64 {
    match s {
        Severity::Error => 1,
        Severity::Warning => 2,
        Severity::Info => 4,
    }
}

/// What a diagnostic must be for a finding: code, severity, range in the encoding, message.
fn expected(text: &str, findings: &[Finding], encoding: Encoding) -> Vec<Value> {
    findings
        .iter()
        .map(|f| json!({"code": f.code, "severity": severity(f.severity), "range": range(text, &f.range, encoding), "message": f.message}))
        .collect()
}

fn essentials(diagnostics: &Value) -> Vec<Value> {
    diagnostics
        .as_array()
        .expect("diagnostics array")
        .iter()
        .map(|d| json!({"code": d["code"], "severity": d["severity"], "range": d["range"], "message": d["message"]}))
        .collect()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A line per diagnostic, for snapshots a person can review.
fn render(diagnostics: &Value) -> String {
    let at = |p: &Value| {
        format!(
            "{}:{}",
            p["line"].as_u64().unwrap_or(0) + 1,
            p["character"].as_u64().unwrap_or(0) + 1
        )
    };
    let mut out = String::new();
    for d in diagnostics.as_array().into_iter().flatten() {
        let sev =
            ["", "error", "warning", "info", "hint"][d["severity"].as_u64().unwrap_or(0) as usize];
        out.push_str(&format!(
            "{}-{} {sev} {} {}\n",
            at(&d["range"]["start"]),
            at(&d["range"]["end"]),
            d["code"].as_str().unwrap_or(""),
            d["message"].as_str().unwrap_or("")
        ));
        for r in d["relatedInformation"].as_array().into_iter().flatten() {
            out.push_str(&format!(
                "    {} {}\n",
                at(&r["location"]["range"]["start"]),
                r["message"].as_str().unwrap_or("")
            ));
        }
        for fix in d["data"]["fixes"].as_array().into_iter().flatten() {
            out.push_str(&format!(
                "    fix{}: {}\n",
                if fix["safe"] == true { " (safe)" } else { "" },
                fix["title"].as_str().unwrap_or("")
            ));
        }
    }
    out
}

#[test]
fn negotiates_the_position_encoding() {
    for (offered, chosen) in [
        (vec!["utf-16", "utf-8"], "utf-8"),
        (vec!["utf-16"], "utf-16"),
        (vec![], "utf-16"),
        (vec!["utf-32"], "utf-16"),
    ] {
        let mut client = LspClient::spawn(&nianbao(), &root(), &[("NIANBAO_LOG", "error")]);
        let result = client.initialize(None, &offered, json!({}));
        assert_eq!(
            result["capabilities"]["positionEncoding"], chosen,
            "offered {offered:?}"
        );
        assert_eq!(
            result["capabilities"]["textDocumentSync"]["change"], 2,
            "incremental sync"
        );
        assert!(client.shutdown().success());
    }
}

/// CJK text, a character outside the BMP and CRLF line ends: the diagnostics' ranges are the
/// core's byte ranges converted exactly, in either encoding.
#[test]
fn positions_are_exact_for_cjk_emoji_and_crlf() {
    let clean = read(&root().join("examples/clean-2024.nianbao"));
    let title = clean.find("\n# ").expect("a title") + 3;
    let mut text = clean.clone();
    text.insert_str(title, "😀𠀀");
    // Break a total so there is an arithmetic finding after the emoji, on a CRLF line.
    let total = text.find("| （七）总计").expect("total row");
    let digit = total
        + text[total..]
            .find(|c: char| c.is_ascii_digit())
            .expect("a number");
    text.replace_range(digit..digit + 1, "9");
    let text = text.replace('\n', "\r\n");
    let findings = nianbao_core::analyze(&text, &Config::default()).findings;
    assert!(
        findings.iter().any(|f| f.is_arithmetic()),
        "the edit broke a relation"
    );
    for name in ["utf-8", "utf-16"] {
        let mut client = start(&[name]);
        let uri = file_uri(&scratch("lsp-positions").join("report.nianbao"));
        client.open(&uri, 1, &text);
        let published = client.diagnostics(&uri, Some(1));
        assert_eq!(
            essentials(&published["diagnostics"]),
            expected(&text, &findings, encoding_of(name)),
            "{name}"
        );
        assert!(client.shutdown().success());
    }
}

#[test]
fn every_example_gets_exactly_the_core_findings() {
    let mut client = start(&["utf-16"]);
    for path in examples() {
        let text = read(&path);
        let uri = file_uri(&path);
        client.open(&uri, 7, &text);
        let published = client.diagnostics(&uri, Some(7));
        let findings = nianbao_core::analyze(&text, &Config::default()).findings;
        assert_eq!(
            essentials(&published["diagnostics"]),
            expected(&text, &findings, Encoding::Utf16),
            "{}",
            path.display()
        );
        let name = path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        insta::assert_snapshot!(
            format!("lsp-diagnostics-{name}"),
            render(&published["diagnostics"])
        );
        // Pull gives the same as push.
        let pulled = client.call(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}}),
        );
        assert_eq!(pulled["kind"], "full");
        assert_eq!(pulled["items"], published["diagnostics"]);
        let again = client.call(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}, "previousResultId": pulled["resultId"]}),
        );
        assert_eq!(again["kind"], "unchanged");
    }
    // Related cells and rule links ride along.
    let seed = root().join("examples/seed-002-fengquan.nianbao");
    let pulled = client.call(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": file_uri(&seed)}}),
    );
    let nb104 = pulled["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "NB104")
        .expect("an NB104")
        .clone();
    assert!(
        nb104["relatedInformation"]
            .as_array()
            .is_some_and(|r| !r.is_empty()),
        "{nb104}"
    );
    let href = nb104["codeDescription"]["href"]
        .as_str()
        .expect("a rule link");
    assert!(
        href.starts_with("file://") && href.ends_with("NB104.md"),
        "{href}"
    );
    assert!(client.shutdown().success());
}

fn hover_at(client: &mut LspClient, uri: &str, text: &str, offset: usize) -> String {
    let result = client.call(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": position(text, offset, Encoding::Utf16)}),
    );
    result["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn hover_explains_labels_in_both_scripts_and_numbers_with_their_relations() {
    let mut client = start(&["utf-16"]);
    let clean_path = root().join("examples/clean-2024.nianbao");
    let (clean, clean_uri) = (read(&clean_path), file_uri(&clean_path));
    client.open(&clean_uri, 1, &clean);

    let md = hover_at(
        &mut client,
        &clean_uri,
        &clean,
        clean.find("| （二）部分公开").unwrap() + 5,
    );
    assert!(md.contains("第三十七条") && md.contains("如何统计"), "{md}");
    let md = hover_at(
        &mut client,
        &clean_uri,
        &clean,
        clean.find("第二十条第（一）项").unwrap() + 3,
    );
    assert!(md.contains("第二十条"), "{md}");
    let md = hover_at(
        &mut client,
        &clean_uri,
        &clean,
        clean.find("三、收到和处理").unwrap() + 3,
    );
    assert!(md.contains("条例"), "{md}");
    let md = hover_at(
        &mut client,
        &clean_uri,
        &clean,
        clean.find("| 自然人").unwrap() + 3,
    );
    assert!(md.contains("自然人"), "{md}");

    // A number: its name and its relations with the values filled in.
    let total = clean.find("| （七）总计").unwrap();
    let number = total + clean[total..].find(|c: char| c.is_ascii_digit()).unwrap();
    let md = hover_at(&mut client, &clean_uri, &clean, number);
    assert!(md.contains("（七）总计·自然人"), "{md}");
    assert!(md.contains("✓") && !md.contains("✗"), "{md}");

    // Traditional characters: the same help.
    let trad_path = root().join("examples/seed-000-luquan.nianbao");
    let (trad, trad_uri) = (read(&trad_path), file_uri(&trad_path));
    client.open(&trad_uri, 1, &trad);
    let md = hover_at(
        &mut client,
        &trad_uri,
        &trad,
        trad.find("部分公開").expect("traditional label") + 3,
    );
    assert!(md.contains("第三十七条"), "{md}");

    // A broken relation shows ✗ and the table's figure.
    let seed_path = root().join("examples/seed-002-fengquan.nianbao");
    let (seed, seed_uri) = (read(&seed_path), file_uri(&seed_path));
    client.open(&seed_uri, 1, &seed);
    let row = seed.find("| (三) 不予公开").unwrap();
    let md = hover_at(
        &mut client,
        &seed_uri,
        &seed,
        row + seed[row..].find('4').unwrap(),
    );
    assert!(md.contains("✗") && md.contains("表中为 4"), "{md}");
    assert!(client.shutdown().success());
}

fn code_actions(
    client: &mut LspClient,
    uri: &str,
    diagnostic: &Value,
    only: Option<&[&str]>,
) -> Vec<Value> {
    let mut context = json!({"diagnostics": [diagnostic]});
    if let Some(only) = only {
        context["only"] = json!(only);
    }
    let result = client.call(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": diagnostic["range"], "context": context}),
    );
    result.as_array().cloned().unwrap_or_default()
}

fn action_edits(action: &Value, uri: &str) -> Vec<Value> {
    action["edit"]["changes"][uri]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// Every quick fix of every fixable diagnostic of the seeds, applied: the finding is gone.
/// Fix-all leaves no arithmetic finding.
#[test]
fn code_actions_apply_the_core_edits_and_clear_their_finding() {
    let mut client = start(&["utf-8"]);
    let mut checked = 0;
    for path in examples() {
        let text = read(&path);
        let uri = file_uri(&path);
        client.open(&uri, 1, &text);
        let diagnostics = client.diagnostics(&uri, Some(1))["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for diagnostic in diagnostics.iter().filter(|d| d["data"]["fixes"].is_array()) {
            let actions = code_actions(&mut client, &uri, diagnostic, Some(&["quickfix"]));
            assert_eq!(
                actions.len(),
                diagnostic["data"]["fixes"].as_array().map_or(0, Vec::len),
                "{diagnostic}"
            );
            for action in &actions {
                assert_eq!(action["kind"], "quickfix");
                let fixed = apply(&text, &action_edits(action, &uri), Encoding::Utf8);
                assert_ne!(fixed, text, "{action}");
                let after = nianbao_core::analyze(&fixed, &Config::default());
                // Another relation may still fail at the same cell; this finding may not.
                let still = after.findings.iter().any(|f| {
                    f.code == diagnostic["code"]
                        && range(&fixed, &f.range, Encoding::Utf8) == diagnostic["range"]
                        && f.message == diagnostic["message"]
                });
                assert!(
                    !still,
                    "{} still there after {}",
                    diagnostic["code"], action["title"]
                );
                checked += 1;
            }
            // Exactly one preferred action, and only if a safe fix exists.
            let preferred = actions.iter().filter(|a| a["isPreferred"] == true).count();
            let safe = diagnostic["data"]["fixes"]
                .as_array()
                .is_some_and(|f| f.iter().any(|f| f["safe"] == true));
            assert_eq!(preferred, usize::from(safe));
        }
    }
    assert!(checked >= 10, "only {checked} fixes checked");

    // Seed 002: NB104 on a non-zero subtotal offers both directions.
    let seed = root().join("examples/seed-002-fengquan.nianbao");
    let (text, uri) = (read(&seed), file_uri(&seed));
    client.change(&uri, 2, json!([{"text": text}]));
    let diagnostics = client.diagnostics(&uri, Some(2))["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    // (四)无法提供 is 4 while its sub-rows are all 0: the subtotal likely holds the figure.
    let nb104 = diagnostics
        .iter()
        .find(|d| {
            d["code"] == "NB104"
                && d["message"]
                    .as_str()
                    .is_some_and(|m| m.starts_with("（四）无法提供·自然人"))
        })
        .expect("NB104 on （四）无法提供·自然人");
    let titles: Vec<String> = code_actions(&mut client, &uri, nb104, None)
        .iter()
        .map(|a| a["title"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(
        titles.iter().any(|t| t.contains("待核")) && titles.iter().any(|t| t.contains("重新计算")),
        "{titles:?}"
    );

    // Fix-all (what fix-on-save asks for) is `nianbao fix`: no figure changes, the relations
    // stay broken and their cells are marked 待核 for the author to judge.
    let origin = json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}});
    let mut whole = |kind: &str| {
        let actions = client.call(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": origin, "context": {"diagnostics": [], "only": [kind]}}),
        );
        let actions = actions.as_array().cloned().unwrap_or_default();
        assert!(actions.len() == 1, "{kind}: {actions:?}");
        actions[0].clone()
    };
    let fix_all = whole("source.fixAll");
    assert_eq!(fix_all["kind"], "source.fixAll.nianbao");
    let safe = apply(&text, &action_edits(&fix_all, &uri), Encoding::Utf8);
    assert_eq!(figures(&safe), figures(&text), "fix-all changed a figure");
    assert_eq!(
        safe,
        nianbao_core::fix::fix_all(&text, &Config::default()).text
    );
    assert!(safe.contains("待核"), "{safe}");

    // Recomputing every total is asked for by its own kind: minimal edits, then no arithmetic
    // finding; the server agrees.
    let recompute = whole("source.recomputeTotals");
    assert_eq!(recompute["kind"], "source.recomputeTotals.nianbao");
    let edits = action_edits(&recompute, &uri);
    assert!(
        edits
            .iter()
            .all(|e| e["range"]["start"]["line"] == e["range"]["end"]["line"]),
        "line-sized edits: {edits:?}"
    );
    let fixed = apply(&text, &edits, Encoding::Utf8);
    assert!(nianbao_core::analyze(&fixed, &Config::default())
        .findings
        .iter()
        .all(|f| !f.is_arithmetic()));
    client.change(&uri, 3, json!([{"text": fixed}]));
    let after = client.diagnostics(&uri, Some(3));
    assert!(
        after["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| !d["code"].as_str().unwrap_or("").starts_with("NB1")),
        "{after}"
    );
    assert!(client.shutdown().success());
}

/// The figures of `text`'s tables, in order.
fn figures(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.trim_start().starts_with('|'))
        .flat_map(|l| l.split('|').map(str::trim))
        .filter(|c| !c.is_empty() && c.chars().all(|ch| ch.is_ascii_digit() || ch == '.'))
        .map(String::from)
        .collect()
}

/// A tiny deterministic generator (xorshift), so a failure reproduces from its seed.
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

const PIECES: &[&str] = &[
    "0",
    "1",
    "17",
    "|",
    " | ",
    "\n",
    "（三）不予公开",
    "公開",
    "😀",
    "## 四、",
    "| 规章 | 1 | 2 | 3 |\n",
    "",
    "待核",
];

/// One random change of `text` (applied to it), as an LSP content change.
fn random_change(rng: &mut Rng, text: &mut String, encoding: Encoding) -> Value {
    let mut a = nianbao_core::text::clamp_to_char_boundary(text, rng.below(text.len() + 1));
    let mut b =
        nianbao_core::text::clamp_to_char_boundary(text, (a + rng.below(10)).min(text.len()));
    // Positions never fall between `\r` and `\n`.
    if a > 0 && text.as_bytes()[a - 1] == b'\r' {
        a -= 1;
    }
    if b > 0 && text.as_bytes()[b - 1] == b'\r' {
        b -= 1;
    }
    let b = b.max(a);
    let piece = PIECES[rng.below(PIECES.len())];
    let change = json!({"range": range(text, &(a..b), encoding), "text": piece});
    text.replace_range(a..b, piece);
    change
}

/// Random incremental edits, in bursts: the final diagnostics equal a fresh open of the final
/// text, and every diagnostic published on the way belongs to the text of its version.
#[test]
fn random_edits_end_where_a_fresh_open_does_and_nothing_stale_is_published() {
    let config = Config::default();
    for (seed, name, example) in [
        (11u64, "utf-16", "seed-002-fengquan.nianbao"),
        (23, "utf-8", "seed-000-luquan.nianbao"),
        (5, "utf-16", "clean-2024.nianbao"),
    ] {
        let encoding = encoding_of(name);
        let mut rng = Rng(seed);
        let mut client = start(&[name]);
        let mut text = read(&root().join("examples").join(example));
        if seed == 5 {
            text = text.replace('\n', "\r\n");
        }
        let uri = file_uri(&scratch("lsp-random").join(example));
        client.open(&uri, 0, &text);
        let mut texts = vec![text.clone()];
        for version in 1..=150i64 {
            let changes: Vec<Value> = (0..1 + rng.below(3))
                .map(|_| random_change(&mut rng, &mut text, encoding))
                .collect();
            client.change(&uri, version, json!(changes));
            texts.push(text.clone());
        }
        let last = client.diagnostics(&uri, Some(150));
        let published: Vec<Value> = client
            .drain(Duration::from_millis(200))
            .into_iter()
            .filter(|m| {
                m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
            })
            .map(|m| m["params"].clone())
            .chain(std::iter::once(last.clone()))
            .collect();
        let mut previous = -1;
        for p in &published {
            let version = p["version"].as_i64().expect("a version");
            assert!(
                version > previous || version == 150,
                "{example}: v{version} after v{previous}"
            );
            previous = version;
            let at = &texts[version as usize];
            let findings = nianbao_core::analyze(at, &config).findings;
            assert_eq!(
                essentials(&p["diagnostics"]),
                expected(at, &findings, encoding),
                "{example} v{version}"
            );
        }
        // A fresh open of the final text gives the same.
        let fresh = file_uri(&scratch("lsp-random-fresh").join(example));
        client.open(&fresh, 1, &text);
        let reopened = client.diagnostics(&fresh, Some(1));
        assert_eq!(
            essentials(&last["diagnostics"]),
            essentials(&reopened["diagnostics"]),
            "{example}"
        );
        assert!(client.shutdown().success());
    }
}

#[test]
fn malformed_input_unknown_documents_and_bad_positions_do_not_crash_it() {
    let mut client = start(&["utf-16"]);
    // Not JSON at all: a parse error for id null.
    client.send_body(b"{ this is not json");
    let error = client.wait_for(|m| m["id"].is_null() && m.get("error").is_some());
    assert_eq!(error["error"]["code"], -32700);
    // Unknown method; invalid params.
    assert_eq!(
        client.request("nianbao/noSuchMethod", json!({}))["error"]["code"],
        -32601
    );
    assert_eq!(
        client.request("textDocument/hover", json!({"nonsense": true}))["error"]["code"],
        -32602
    );
    // Unknown document.
    let unknown = json!({"textDocument": {"uri": "file:///nowhere/x.nianbao"}, "position": {"line": 0, "character": 0}});
    assert_eq!(
        client.call("textDocument/hover", unknown.clone()),
        Value::Null
    );
    client.change("file:///nowhere/x.nianbao", 2, json!([{"text": "x"}]));
    // Positions far out of range, on an open document, including a change.
    let path = root().join("examples/seed-003-panzhihua.nianbao");
    let (text, uri) = (read(&path), file_uri(&path));
    client.open(&uri, 1, &text);
    for (line, character) in [
        (99_999, 0),
        (0, 99_999),
        (4_000_000_000u64, 4_000_000_000u64),
    ] {
        let at = json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}});
        assert!(client
            .request("textDocument/hover", at.clone())
            .get("error")
            .is_none());
        assert!(client
            .request("textDocument/completion", at.clone())
            .get("error")
            .is_none());
        let refs = json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}, "context": {"includeDeclaration": true}});
        assert!(client
            .request("textDocument/references", refs)
            .get("error")
            .is_none());
    }
    client.change(&uri, 2, json!([{"range": {"start": {"line": 99_999, "character": 5}, "end": {"line": 0, "character": 0}}, "text": "尾"}]));
    let published = client.diagnostics(&uri, Some(2));
    assert!(published["diagnostics"].is_array());
    // A panic inside a handler is an error answer, and the server keeps serving.
    let panic = client.request("nianbao/testPanic", json!({}));
    assert_eq!(panic["error"]["code"], -32603, "{panic}");
    let symbols = client.call(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    assert!(symbols.as_array().is_some_and(|s| !s.is_empty()));
    assert!(client.shutdown().success());
}

#[test]
fn shutdown_then_exit_is_success_and_exit_alone_is_not() {
    let mut client = start(&["utf-16"]);
    assert_eq!(
        client.request("shutdown", Value::Null)["result"],
        Value::Null
    );
    // After shutdown, requests are refused.
    assert_eq!(
        client.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": "file:///x"}, "position": {"line": 0, "character": 0}})
        )["error"]["code"],
        -32600
    );
    client.notify("exit", Value::Null);
    assert_eq!(client.wait().code(), Some(0));

    let mut client = start(&["utf-16"]);
    client.notify("exit", Value::Null);
    assert_eq!(client.wait().code(), Some(1));

    // The client going away without a word ends the server too.
    let client = start(&["utf-16"]);
    assert_eq!(client.wait().code(), Some(1));
}

/// Start-up checks the workspace; `nianbao.toml` is honoured and reloaded; settings override it.
#[test]
fn workspace_configuration_and_settings() {
    let dir = scratch("lsp-workspace");
    let seed = read(&root().join("examples/seed-002-fengquan.nianbao"));
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("sub/a.nianbao"), &seed).unwrap();
    std::fs::write(
        dir.join("clean.nianbao"),
        read(&root().join("examples/clean-2024.nianbao")),
    )
    .unwrap();
    std::fs::write(dir.join("nianbao.toml"), "lang = \"en\"\n").unwrap();
    let (a, clean) = (
        file_uri(&dir.join("sub/a.nianbao")),
        file_uri(&dir.join("clean.nianbao")),
    );

    let mut client = LspClient::spawn(&nianbao(), &dir, &[("NIANBAO_LOG", "error")]);
    client.configuration = json!({"rules": {"NB219": "off"}});
    client.initialize(Some(&dir), &["utf-16"], json!({"workspace": {"configuration": true, "didChangeWatchedFiles": {"dynamicRegistration": true}}}));
    let first = client.diagnostics(&a, None);
    let messages: Vec<&str> = first["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert!(
        messages.iter().any(|m| m.contains(" is ")),
        "English from nianbao.toml: {messages:?}"
    );
    assert_eq!(client.diagnostics(&clean, None)["diagnostics"], json!([]));
    let pulled = client.call("workspace/diagnostic", json!({"previousResultIds": []}));
    assert_eq!(pulled["items"].as_array().map(Vec::len), Some(2));

    // The file changes: Chinese again, after the watcher's notification.
    std::fs::write(
        dir.join("nianbao.toml"),
        "lang = \"zh\"\n[rules]\nNB104 = \"off\"\n",
    )
    .unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&dir.join("nianbao.toml")), "type": 2}]}),
    );
    let second = client.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == a
            && m["params"]["diagnostics"].as_array().is_some_and(|d| {
                !d.is_empty()
                    && d.iter().all(|d| {
                        d["code"] != "NB104"
                            && !d["message"].as_str().unwrap_or("").contains(" is ")
                    })
            })
    });
    assert!(
        second["params"]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "NB103"),
        "{second}"
    );

    // Editor settings (pulled with workspace/configuration) lay over the file.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": null}),
    );
    client.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == a
            && m["params"]["diagnostics"]
                .as_array()
                .is_some_and(|d| !d.is_empty() && d.iter().all(|d| d["code"] != "NB219"))
    });
    // Or pushed with the notification; a bad one is refused with a message.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"nianbao": {"rules": {"NB999": "off"}}}}),
    );
    client.wait_for(|m| m["method"] == "window/showMessage");

    // An open document uses the same configuration; a broken nianbao.toml is reported on itself.
    client.open(&a, 1, &seed);
    assert!(client.diagnostics(&a, Some(1))["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["code"] != "NB104"));
    std::fs::write(dir.join("nianbao.toml"), "lang = 3\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&dir.join("nianbao.toml")), "type": 2}]}),
    );
    let toml = file_uri(&dir.join("nianbao.toml"));
    client.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == toml
            && m["params"]["diagnostics"]
                .as_array()
                .is_some_and(|d| !d.is_empty())
    });
    assert!(client.shutdown().success());
}

#[test]
fn outline_folds_format_tokens_hints_completion_references() {
    let mut client = start(&["utf-16"]);
    let path = root().join("examples/seed-002-fengquan.nianbao");
    let (text, uri) = (read(&path), file_uri(&path));
    client.open(&uri, 1, &text);
    let doc = json!({"textDocument": {"uri": uri}});

    let symbols = client.call("textDocument/documentSymbol", doc.clone());
    let sections: Vec<&Value> = symbols
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["kind"] == 3)
        .collect();
    assert_eq!(sections.len(), 6, "{symbols}");
    let table = &sections[2]["children"][0];
    assert!(
        table["children"]
            .as_array()
            .is_some_and(|rows| rows.len() > 20),
        "{table}"
    );

    let folds = client.call("textDocument/foldingRange", doc.clone());
    assert!(
        folds
            .as_array()
            .is_some_and(|f| f.iter().any(|f| f["kind"] == "comment") && f.len() > 10),
        "{folds}"
    );

    // Formatting gives the CLI's `fmt`; on an unaligned table it returns small edits.
    let unaligned = text.replacen("| 行政许可 |                0 |", "| 行政许可 | 0 |", 1);
    client.change(&uri, 2, json!([{"text": unaligned}]));
    let edits = client.call(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    let formatted = apply(&unaligned, edits.as_array().unwrap(), Encoding::Utf16);
    assert_eq!(formatted, nianbao_core::format::format(&unaligned));
    assert_eq!(edits.as_array().map(Vec::len), Some(1), "{edits}");
    // Range formatting: the same edit for a range inside that table, nothing elsewhere.
    let inside = unaligned.find("| 行政许可").unwrap();
    let within = |at: usize| json!({"start": position(&unaligned, at, Encoding::Utf16), "end": position(&unaligned, at + 3, Encoding::Utf16)});
    let options = json!({"tabSize": 4, "insertSpaces": true});
    let ranged = client.call(
        "textDocument/rangeFormatting",
        json!({"textDocument": {"uri": uri}, "range": within(inside), "options": options}),
    );
    assert_eq!(ranged, edits);
    let elsewhere = client.call(
        "textDocument/rangeFormatting",
        json!({"textDocument": {"uri": uri}, "range": within(0), "options": options}),
    );
    assert_eq!(elsewhere, json!([]));
    client.change(&uri, 3, json!([{"text": text}]));

    let tokens = client.call("textDocument/semanticTokens/full", doc.clone());
    let data = tokens["data"].as_array().unwrap();
    assert!(
        data.len() > 5 * 100,
        "five numbers per token, hundreds of tokens"
    );
    let ranged = client.call("textDocument/semanticTokens/range", json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 3, "character": 0}}}));
    assert!(ranged["data"]
        .as_array()
        .is_some_and(|d| !d.is_empty() && d.len() < data.len()));

    let end = position(&text, text.len(), Encoding::Utf16);
    let hints = client.call("textDocument/inlayHint", json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": end}}));
    let labels: Vec<&str> = hints
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["label"].as_str())
        .collect();
    assert!(
        labels.contains(&"= 5") && labels.contains(&"≠ 0"),
        "{labels:?}"
    );

    let cell = text.find("| 行政处罚").unwrap() + 2;
    let completion = client.call(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": position(&text, cell, Encoding::Utf16)}),
    );
    let items: Vec<&str> = completion
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["label"].as_str())
        .collect();
    assert!(items.contains(&"行政强制"), "{items:?}");

    let total = text.find("| (七) 总计").unwrap();
    let five = total + text[total..].find('5').unwrap();
    let refs = client.call("textDocument/references", json!({"textDocument": {"uri": uri}, "position": position(&text, five, Encoding::Utf16), "context": {"includeDeclaration": false}}));
    assert!(refs.as_array().is_some_and(|r| r.len() >= 6), "{refs}");
    assert!(client.shutdown().success());
}

/// A client that resolves code actions: diagnostics carry only small fixes; bulky ones (a
/// table recomputed) are computed on `codeAction/resolve` — the core's very edits — and a
/// resolve for a version that is gone is refused with ContentModified.
#[test]
fn bulky_fixes_are_resolved_lazily_and_only_for_their_version() {
    let mut client = LspClient::spawn(&nianbao(), &root(), &[("NIANBAO_LOG", "error")]);
    let resolving = json!({"textDocument": {"codeAction": {"dataSupport": true, "resolveSupport": {"properties": ["edit"]}}}});
    let init = client.initialize(None, &["utf-8"], resolving);
    assert_eq!(
        init["capabilities"]["codeActionProvider"]["resolveProvider"],
        true
    );
    let path = root().join("examples/seed-002-fengquan.nianbao");
    let (text, uri) = (read(&path), file_uri(&path));
    client.open(&uri, 1, &text);
    let published = client.diagnostics(&uri, Some(1));
    let size = published.to_string().len();
    // 37 KB when every arithmetic finding carried the table-wide fix.
    assert!(size < 30_000, "publishDiagnostics of {size} bytes");
    let diagnostics = published["diagnostics"].as_array().cloned().unwrap();
    let table_wide = "重新计算本表全部合计（按依赖顺序）";
    let core = nianbao_core::analyze(&text, &Config::default());
    let nb103 = diagnostics
        .iter()
        .find(|d| d["code"] == "NB103")
        .expect("an NB103")
        .clone();
    let fixes = nb103["data"]["fixes"].as_array().cloned().unwrap();
    let bulky = fixes
        .iter()
        .find(|f| f["title"] == table_wide)
        .expect("the table-wide fix");
    assert!(bulky.get("edits").is_none(), "{bulky}");
    assert!(
        fixes.iter().any(|f| f["edits"].is_array()),
        "the cell's own fix stays: {fixes:?}"
    );

    let actions = code_actions(&mut client, &uri, &nb103, Some(&["quickfix"]));
    assert_eq!(actions.len(), fixes.len());
    let lazy = actions
        .iter()
        .find(|a| a["title"] == table_wide)
        .expect("the table-wide action")
        .clone();
    assert!(
        lazy.get("edit").is_none() && lazy["data"].is_object(),
        "{lazy}"
    );
    let resolved = client.call("codeAction/resolve", lazy.clone());
    let finding = core
        .findings
        .iter()
        .find(|f| f.code == "NB103" && range(&text, &f.range, Encoding::Utf8) == nb103["range"])
        .expect("the core's NB103");
    let core_fix = finding
        .fixes
        .iter()
        .find(|f| f.title == table_wide)
        .expect("the core's table-wide fix");
    assert_eq!(
        apply(&text, &action_edits(&resolved, &uri), Encoding::Utf8),
        nianbao_core::fix::apply_edits(&text, &core_fix.edits),
        "resolve gives the core's edits"
    );

    // The whole-document actions in the general menu are computed only when resolved.
    let origin = json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}});
    let menu = client.call(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": origin, "context": {"diagnostics": []}}),
    );
    let in_menu = |kind: &str| {
        let action = menu
            .as_array()
            .and_then(|a| a.iter().find(|a| a["kind"] == kind))
            .unwrap_or_else(|| panic!("{kind} in the menu"))
            .clone();
        assert!(action.get("edit").is_none(), "{action}");
        action
    };
    let recompute = client.call(
        "codeAction/resolve",
        in_menu("source.recomputeTotals.nianbao"),
    );
    let fixed = apply(&text, &action_edits(&recompute, &uri), Encoding::Utf8);
    assert!(nianbao_core::analyze(&fixed, &Config::default())
        .findings
        .iter()
        .all(|f| !f.is_arithmetic()));
    let fix_all = client.call("codeAction/resolve", in_menu("source.fixAll.nianbao"));
    let safe = apply(&text, &action_edits(&fix_all, &uri), Encoding::Utf8);
    assert_eq!(figures(&safe), figures(&text), "fix-all changed a figure");

    // The document moves on: the old action's edits would land in the wrong place.
    client.change(&uri, 2, json!([{"text": format!("\n{text}")}]));
    let refused = client.request("codeAction/resolve", lazy);
    assert_eq!(refused["error"]["code"], -32801, "{refused}");
    assert!(client.shutdown().success());
}

/// The cross-year diagnostics (NB401/NB402) of a `publishDiagnostics` or pull report, rendered
/// with their related cell.
fn cross_year(diagnostics: &Value) -> Vec<String> {
    let at = |r: &Value| {
        format!(
            "{}:{}",
            r["start"]["line"].as_u64().unwrap_or(0) + 1,
            r["start"]["character"].as_u64().unwrap_or(0) + 1
        )
    };
    diagnostics
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["code"] == "NB401" || d["code"] == "NB402")
        .map(|d| {
            let related = &d["relatedInformation"][0];
            let file = related["location"]["uri"]
                .as_str()
                .and_then(|u| u.rsplit('/').next())
                .unwrap_or("");
            format!(
                "{} {} sev{} {} | {file} {} {}",
                at(&d["range"]),
                d["code"].as_str().unwrap_or(""),
                d["severity"],
                d["message"].as_str().unwrap_or(""),
                at(&related["location"]["range"]),
                related["message"].as_str().unwrap_or("")
            )
        })
        .collect()
}

/// Waits for the next `publishDiagnostics` of `uri` whose cross-year warnings are `expected`.
fn wait_cross_year(client: &mut LspClient, uri: &str, expected: &[&str]) -> Value {
    let expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    client.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri
            && cross_year(&m["params"]["diagnostics"]) == expected
    })["params"]
        .clone()
}

const NB402: &str = "51:53 NB402 sev2 行政规范性文件·现行有效件数 为 27；按上年报告（2023.nianbao）的 27 + 本年制发 3 − 本年废止 2 应为 28（失效、修改也会使其不符，请核对） | 2023.nianbao 51:53 上年报告（2023.nianbao）中的对应数字：27";
const NB401_PERSONS: &str = "77:67 NB401 sev2 “二、上年结转”·自然人 为 5，而上年报告（2023.nianbao）“四、结转下年度继续办理”·自然人 为 4 | 2023.nianbao 105:72 上年报告（2023.nianbao）中的对应数字：4";
const NB401_TOTAL: &str = "77:133 NB401 sev2 “二、上年结转”·总计 为 6，而上年报告（2023.nianbao）“四、结转下年度继续办理”·总计 为 5 | 2023.nianbao 105:138 上年报告（2023.nianbao）中的对应数字：5";

/// Two years of one organ in a workspace: this year's report warns where last year's carried
/// over another figure, with the cell of last year's file related; editing, closing or
/// changing last year's file on disk updates (and clears) the warnings.
#[test]
fn cross_year_warnings_follow_last_years_report() {
    let dir = scratch("lsp-cross-year");
    let clean = read(&root().join("examples/clean-2024.nianbao"));
    let last_text = clean.replacen("年度: 2024", "年度: 2023", 1);
    std::fs::write(dir.join("2023.nianbao"), &last_text).unwrap();
    std::fs::write(dir.join("2024.nianbao"), &clean).unwrap();
    let (last, this) = (
        file_uri(&dir.join("2023.nianbao")),
        file_uri(&dir.join("2024.nianbao")),
    );
    let mut client = LspClient::spawn(&nianbao(), &dir, &[("NIANBAO_LOG", "error")]);
    client.initialize(Some(&dir), &["utf-16"], json!({}));
    // On disk, at start-up: this year's cells, last year's cell related.
    let all = [NB401_PERSONS, NB401_TOTAL, NB402];
    wait_cross_year(&mut client, &this, &all);
    // Last year's report has none.
    let published = client.diagnostics(&last, None);
    assert!(cross_year(&published["diagnostics"]).is_empty());

    // Open both; the warnings ride with this year's version.
    client.open(&this, 1, &clean);
    assert_eq!(
        cross_year(&client.diagnostics(&this, Some(1))["diagnostics"]),
        all
    );
    client.open(&last, 1, &last_text);
    client.diagnostics(&last, Some(1));

    // Last year carried over 5 自然人 after all (typed in the editor, not saved): that warning
    // goes, in this year's diagnostics of the same version.
    let row = last_text.find("| 四、结转下年度继续办理").unwrap();
    let four = row + last_text[row..].find("|      4 |").unwrap() + 7;
    let edit = |digit: &str| json!([{"range": range(&last_text, &(four..four + 1), Encoding::Utf16), "text": digit}]);
    client.change(&last, 2, edit("5"));
    let after = wait_cross_year(&mut client, &this, &[NB401_TOTAL, NB402]);
    assert_eq!(after["version"], 1);
    // And back.
    client.change(&last, 3, edit("4"));
    wait_cross_year(&mut client, &this, &all);

    // Closed with the edit unsaved: the file on disk (4) counts again.
    client.change(&last, 4, edit("5"));
    wait_cross_year(&mut client, &this, &[NB401_TOTAL, NB402]);
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": last}}),
    );
    wait_cross_year(&mut client, &this, &all);

    // The file on disk changes to another year: no pair, no warnings.
    std::fs::write(
        dir.join("2023.nianbao"),
        clean.replacen("年度: 2024", "年度: 2020", 1),
    )
    .unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": last, "type": 2}]}),
    );
    wait_cross_year(&mut client, &this, &[]);
    // Back, then deleted.
    std::fs::write(dir.join("2023.nianbao"), &last_text).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": last, "type": 2}]}),
    );
    wait_cross_year(&mut client, &this, &all);
    std::fs::remove_file(dir.join("2023.nianbao")).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": last, "type": 3}]}),
    );
    wait_cross_year(&mut client, &this, &[]);
    assert!(client.shutdown().success());
}

/// Pull diagnostics, as VS Code polls them: files the client already has are reported
/// `unchanged`, an unchanged file (modification time and length) is not read again, and
/// cross-year warnings follow last year's report as the editor holds it.
#[test]
fn workspace_diagnostics_report_unchanged_files_and_do_not_reread_them() {
    let dir = scratch("lsp-workspace-pull");
    let clean = read(&root().join("examples/clean-2024.nianbao"));
    let seed = read(&root().join("examples/seed-002-fengquan.nianbao"));
    let last_text = clean.replacen("年度: 2024", "年度: 2023", 1);
    std::fs::write(dir.join("2023.nianbao"), &last_text).unwrap();
    std::fs::write(dir.join("2024.nianbao"), &clean).unwrap();
    std::fs::write(dir.join("seed.nianbao"), &seed).unwrap();
    let (last, this, other) = (
        file_uri(&dir.join("2023.nianbao")),
        file_uri(&dir.join("2024.nianbao")),
        file_uri(&dir.join("seed.nianbao")),
    );
    let mut client = LspClient::spawn(&nianbao(), &dir, &[("NIANBAO_LOG", "error")]);
    let pulling = json!({"textDocument": {"diagnostic": {}}, "workspace": {"diagnostics": {"refreshSupport": true}}});
    let init = client.initialize(Some(&dir), &["utf-16"], pulling);
    assert_eq!(
        init["capabilities"]["diagnosticProvider"]["interFileDependencies"],
        true
    );
    let poll = |client: &mut LspClient, previous: &Value| -> Vec<Value> {
        let result = client.call(
            "workspace/diagnostic",
            json!({"previousResultIds": previous}),
        );
        let mut items = result["items"].as_array().cloned().unwrap_or_default();
        items.sort_by_key(|i| i["uri"].as_str().unwrap_or("").to_string());
        items
    };
    let ids = |items: &[Value]| -> Value {
        json!(items
            .iter()
            .filter(|i| i["resultId"].is_string())
            .map(|i| json!({"uri": i["uri"], "value": i["resultId"]}))
            .collect::<Vec<_>>())
    };
    let kinds = |items: &[Value]| -> Vec<(String, String)> {
        items
            .iter()
            .map(|i| {
                let uri = i["uri"].as_str().unwrap_or("");
                let name = uri.rsplit('/').next().unwrap_or("").to_string();
                (name, i["kind"].as_str().unwrap_or("").to_string())
            })
            .collect()
    };
    let of = |items: &[Value], uri: &str| -> Value {
        items
            .iter()
            .find(|i| i["uri"] == uri)
            .cloned()
            .unwrap_or(Value::Null)
    };
    let kind = |k: &str| {
        ["2023.nianbao", "2024.nianbao", "seed.nianbao"]
            .iter()
            .map(|n| (n.to_string(), k.to_string()))
            .collect::<Vec<_>>()
    };

    let first = poll(&mut client, &json!([]));
    assert_eq!(kinds(&first), kind("full"));
    assert_eq!(
        cross_year(&of(&first, &this)["items"]),
        [NB401_PERSONS, NB401_TOTAL, NB402]
    );
    let seed_count = of(&first, &other)["items"].as_array().map_or(0, Vec::len);
    assert!(seed_count > 5);
    let second = poll(&mut client, &ids(&first));
    assert_eq!(kinds(&second), kind("unchanged"));
    assert_eq!(ids(&second), ids(&first));

    // Same length, same modification time: the file is not read again (so the change of a
    // digit is not seen — what the stamp promises).
    let path = dir.join("seed.nianbao");
    let stamp = std::fs::metadata(&path).unwrap().modified().unwrap();
    let nb103 = seed.find("| (七) 总计").unwrap();
    let digit = nb103 + seed[nb103..].find('5').unwrap();
    let mut same_length = seed.clone();
    same_length.replace_range(digit..digit + 1, "6");
    std::fs::write(&path, &same_length).unwrap();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .and_then(|f| f.set_modified(stamp))
        .unwrap();
    assert_eq!(kinds(&poll(&mut client, &ids(&first))), kind("unchanged"));
    assert_ne!(
        nianbao_core::analyze(&same_length, &Config::default()).findings,
        nianbao_core::analyze(&seed, &Config::default()).findings,
        "the digit matters"
    );
    let cached = client.call(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": other}}),
    );
    assert_eq!(cached["items"], of(&first, &other)["items"]);
    // A real change: that file alone is reported, checked afresh.
    std::fs::write(&path, format!("{seed}\n<!-- 备注 -->\n")).unwrap();
    let third = poll(&mut client, &ids(&first));
    assert_eq!(
        kinds(&third),
        [
            ("2023.nianbao".to_string(), "unchanged".to_string()),
            ("2024.nianbao".to_string(), "unchanged".to_string()),
            ("seed.nianbao".to_string(), "full".to_string())
        ]
    );
    assert_eq!(
        of(&third, &other)["items"].as_array().map(Vec::len),
        Some(seed_count)
    );

    // Last year's report edited in the editor: this year's report (on disk) changes, and
    // the open one is reported with its version.
    client.open(&last, 1, &last_text);
    let row = last_text.find("| 四、结转下年度继续办理").unwrap();
    let four = row + last_text[row..].find("|      4 |").unwrap() + 7;
    client.change(
        &last,
        2,
        json!([{"range": range(&last_text, &(four..four + 1), Encoding::Utf16), "text": "5"}]),
    );
    let fourth = poll(&mut client, &ids(&third));
    assert_eq!(
        kinds(&fourth),
        [
            ("2023.nianbao".to_string(), "full".to_string()),
            ("2024.nianbao".to_string(), "full".to_string()),
            ("seed.nianbao".to_string(), "unchanged".to_string())
        ]
    );
    assert_eq!(of(&fourth, &last)["version"], 2);
    assert_eq!(
        cross_year(&of(&fourth, &this)["items"]),
        [NB401_TOTAL, NB402]
    );
    // The document pull of this year's report agrees, and is unchanged the second time.
    let pulled = client.call(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": this}}),
    );
    assert_eq!(cross_year(&pulled["items"]), [NB401_TOTAL, NB402]);
    let again = client.call(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": this}, "previousResultId": pulled["resultId"]}),
    );
    assert_eq!(again["kind"], "unchanged", "{again}");

    // A deleted file is reported once more, empty.
    std::fs::remove_file(&path).unwrap();
    let fifth = poll(&mut client, &ids(&fourth));
    assert_eq!(of(&fifth, &other)["kind"], "full");
    assert_eq!(of(&fifth, &other)["items"], json!([]));
    assert!(client.shutdown().success());
}

/// Requests computed on a version the document has left answer ContentModified, never a stale
/// result. The server is made to take 1.5 s over each (a debug-build switch), and an edit
/// arrives while each is computed; the same requests with no edit after them succeed.
#[test]
fn requests_outrun_by_an_edit_answer_content_modified() {
    let mut client = LspClient::spawn(
        &nianbao(),
        &root(),
        &[
            ("NIANBAO_LOG", "error"),
            ("NIANBAO_LSP_TEST_DELAY_MS", "1500"),
        ],
    );
    client.initialize(None, &["utf-16"], json!({}));
    let path = root().join("examples/seed-002-fengquan.nianbao");
    let (mut text, uri) = (read(&path), file_uri(&path));
    client.open(&uri, 1, &text);
    client.diagnostics(&uri, Some(1));
    let total = text.find("| (七) 总计").unwrap();
    let five = total + text[total..].find('5').unwrap();
    let doc = json!({"uri": uri});
    let whole = json!({"start": {"line": 0, "character": 0}, "end": {"line": 200, "character": 0}});
    let requests = |text: &str| {
        let at = position(text, five, Encoding::Utf16);
        vec![
            (
                "textDocument/hover",
                json!({"textDocument": doc, "position": at}),
            ),
            ("textDocument/documentSymbol", json!({"textDocument": doc})),
            ("textDocument/foldingRange", json!({"textDocument": doc})),
            (
                "textDocument/semanticTokens/full",
                json!({"textDocument": doc}),
            ),
            (
                "textDocument/semanticTokens/range",
                json!({"textDocument": doc, "range": whole}),
            ),
            (
                "textDocument/inlayHint",
                json!({"textDocument": doc, "range": whole}),
            ),
            (
                "textDocument/completion",
                json!({"textDocument": doc, "position": at}),
            ),
            (
                "textDocument/references",
                json!({"textDocument": doc, "position": at, "context": {"includeDeclaration": true}}),
            ),
            (
                "textDocument/codeAction",
                json!({"textDocument": doc, "range": whole, "context": {"diagnostics": []}}),
            ),
            (
                "textDocument/formatting",
                json!({"textDocument": doc, "options": {"tabSize": 4, "insertSpaces": true}}),
            ),
        ]
    };
    // One request at a time: the request, then — once the server has had time to take its
    // snapshot, well inside the 1.5 s it takes — an edit (a comment line appended), then the
    // answer. (Sending every edit straight after its request let a loaded server apply an edit
    // before it took the request's snapshot, and answer on the new text.)
    for (i, (method, params)) in requests(&text).into_iter().enumerate() {
        let id = client.start_request(method, params);
        std::thread::sleep(std::time::Duration::from_millis(300));
        let end = position(&text, text.len(), Encoding::Utf16);
        let line = format!("<!-- {i} -->\n");
        client.change(
            &uri,
            2 + i as i64,
            json!([{"range": {"start": end, "end": end}, "text": line}]),
        );
        text.push_str(&line);
        let response = client.response(id);
        assert_eq!(response["error"]["code"], -32801, "{method}: {response}");
    }
    // Nothing follows: answers, for the latest text.
    let pending: Vec<(&str, i64)> = requests(&text)
        .into_iter()
        .map(|(method, params)| (method, client.start_request(method, params)))
        .collect();
    for (method, id) in pending {
        let response = client.response(id);
        assert!(response.get("error").is_none(), "{method}: {response}");
    }
    let hover = client.call(
        "textDocument/hover",
        json!({"textDocument": doc, "position": position(&text, five, Encoding::Utf16)}),
    );
    assert!(hover["contents"]["value"]
        .as_str()
        .is_some_and(|md| md.contains("（七）总计")));
    assert!(client.shutdown().success());
}

/// A lone `\r` ends a line for LSP (and the grammar): the server counts lines so both ways —
/// in the positions it sends and in the edits it receives.
#[test]
fn a_lone_cr_ends_a_line_both_ways() {
    let clean = read(&root().join("examples/clean-2024.nianbao"));
    // A lone `\r` in the prose before the tables, and CRLF after it.
    let at = clean.find("\n\n## 二、").expect("section two");
    let mut text = clean.clone();
    text.replace_range(at..at + 1, "\r");
    let text = text.replace('\n', "\r\n");
    for name in ["utf-8", "utf-16"] {
        let encoding = encoding_of(name);
        let mut client = start(&[name]);
        let uri = file_uri(&scratch("lsp-lone-cr").join("report.nianbao"));
        client.open(&uri, 1, &text);
        client.diagnostics(&uri, Some(1));
        // Break a total after the lone `\r`, addressed as LSP counts lines.
        let total = text.find("| （七）总计").expect("total row");
        let digit = total
            + text[total..]
                .find(|c: char| c.is_ascii_digit())
                .expect("a number");
        let mut edited = text.clone();
        edited.replace_range(digit..digit + 1, "9");
        client.change(
            &uri,
            2,
            json!([{"range": range(&text, &(digit..digit + 1), encoding), "text": "9"}]),
        );
        let published = client.diagnostics(&uri, Some(2));
        let findings = nianbao_core::analyze(&edited, &Config::default()).findings;
        assert!(
            findings.iter().any(|f| f.is_arithmetic()),
            "the edit broke a total"
        );
        assert_eq!(
            essentials(&published["diagnostics"]),
            expected(&edited, &findings, encoding),
            "{name}"
        );
        // The total's line, as LSP counts it, is one more than its `\n`s.
        let line = published["diagnostics"]
            .as_array()
            .and_then(|d| d.iter().find(|d| d["code"] == "NB103"))
            .map(|d| d["range"]["start"]["line"].as_u64().unwrap_or(0));
        assert_eq!(
            line,
            Some(edited[..digit].matches('\n').count() as u64 + 1),
            "{name}"
        );
        assert!(client.shutdown().success());
    }
}
