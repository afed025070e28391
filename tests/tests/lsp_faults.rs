//! The language server under hostile conditions, spoken to over JSON-RPC like any editor: a
//! 10 MB document, bursts of edits with cancellations, and a client that vanishes in the middle
//! of its requests. (Malformed messages, unknown methods and documents, and out-of-range
//! positions are in `lsp.rs`.) The server must stay up, answer correctly, and exit cleanly.

use nianbao_core::text::{Encoding, LineCol, LineIndex};
use nianbao_core::Config;
use nianbao_tests::lsp_client::{file_uri, LspClient, TIMEOUT};
use nianbao_tests::{nianbao, root, scratch};
use serde_json::{json, Value};
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn start() -> LspClient {
    let mut client = LspClient::spawn(&nianbao(), &root(), &[("NIANBAO_LOG", "error")]);
    client.initialize(None, &["utf-16"], json!({}));
    client
}

fn clean_report() -> String {
    std::fs::read_to_string(root().join("examples/clean-2024.nianbao")).expect("the clean example")
}

/// `(code, start line)` of each diagnostic, sorted: what must agree with the core.
fn codes_and_lines(diagnostics: &Value) -> Vec<(String, u64)> {
    let mut out: Vec<(String, u64)> = diagnostics["diagnostics"]
        .as_array()
        .expect("diagnostics is an array")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap_or(u64::MAX),
            )
        })
        .collect();
    out.sort();
    out
}

fn core_codes_and_lines(text: &str) -> Vec<(String, u64)> {
    let index = LineIndex::new(text);
    let mut out: Vec<(String, u64)> = nianbao_core::analyze(text, &Config::default())
        .findings
        .iter()
        .map(|f| {
            let at = index.line_col(text, f.range.start, Encoding::Utf16);
            (f.code.to_string(), u64::from(at.line))
        })
        .collect();
    out.sort();
    out
}

/// A 10 MB report: the clean example with ~10 MB of narrative at the end of section 二 (prose is
/// what makes a real report long), so that tables 三 and 四 come after it.
fn ten_megabytes() -> String {
    let clean = clean_report();
    let at = clean
        .find("## 六、")
        .expect("the clean example has section 六");
    let line = "本机关持续加强政府信息公开工作机制建设，规范依申请公开办理流程，做到件件有回复、事事有着落。\n\n";
    let mut text = String::with_capacity(10_500_000);
    text.push_str(&clean[..at]);
    while text.len() < 10 * 1024 * 1024 {
        text.push_str(line);
    }
    text.push_str(&clean[at..]);
    text
}

#[test]
fn a_ten_megabyte_document_is_checked_edited_and_answered() {
    let text = ten_megabytes();
    assert!(text.len() >= 10 * 1024 * 1024);
    let mut client = start();
    let uri = file_uri(&scratch("lsp-faults-10mb").join("big.nianbao"));
    client.open(&uri, 1, &text);
    let published = client.diagnostics(&uri, Some(1));
    assert_eq!(codes_and_lines(&published), core_codes_and_lines(&text));

    // Hover on the last number of the last table (table 四, after the 10 MB of prose): the cell
    // and its relations.
    let tables_end = text.find("## 五、").expect("section 五");
    let last = text[..tables_end]
        .rfind(|c: char| c.is_ascii_digit())
        .expect("table 四 has numbers");
    let lc = LineIndex::new(&text).line_col(&text, last, Encoding::Utf16);
    let hover = client.call(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": lc.line, "character": lc.col}}),
    );
    assert!(
        hover["contents"]["value"]
            .as_str()
            .is_some_and(|v| !v.is_empty()),
        "{hover}"
    );

    // An edit at the very end: diagnostics for that version, equal to the core's on the new text.
    let end = LineIndex::new(&text).line_col(&text, text.len(), Encoding::Utf16);
    let mut edited = text.clone();
    edited.push_str("\n附：本报告统计数据截至2024年12月31日。\n");
    client.change(
        &uri,
        2,
        json!([{"range": {"start": {"line": end.line, "character": end.col}, "end": {"line": end.line, "character": end.col}}, "text": "\n附：本报告统计数据截至2024年12月31日。\n"}]),
    );
    let published = client.diagnostics(&uri, Some(2));
    assert_eq!(codes_and_lines(&published), core_codes_and_lines(&edited));
    // Whole-document formatting of 10 MB answers (with edits or none).
    let formatting = client.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    assert!(formatting.get("error").is_none(), "{formatting}");
    assert!(client.shutdown().success());
}

/// Typing fast while the editor cancels what it no longer needs: every request gets exactly one
/// answer (a result, RequestCancelled or ContentModified), no diagnostics of an old version come
/// after a newer one, and the final diagnostics are those of the final text.
#[test]
fn bursts_of_edits_with_cancelled_requests() {
    let mut text = std::fs::read_to_string(root().join("examples/seed-002-fengquan.nianbao"))
        .expect("seed 002");
    let mut client = start();
    let uri = file_uri(&scratch("lsp-faults-burst").join("burst.nianbao"));
    client.open(&uri, 1, &text);
    client.diagnostics(&uri, Some(1));

    // The first digit of the document's first table: typing there changes the sums.
    let cell = text.find("|      ").map(|i| i + 1).unwrap_or(0);
    let mut ids = Vec::new();
    let mut version = 1;
    for round in 0..200 {
        version += 1;
        let digit = char::from(b'0' + (round % 10) as u8).to_string();
        let lc = type_at(&mut client, &uri, version, &mut text, cell, &digit);
        let at = json!({"textDocument": {"uri": uri}, "position": {"line": lc.line, "character": lc.col}});
        let hover = client.start_request("textDocument/hover", at.clone());
        let actions = client.start_request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": {"start": at["position"], "end": at["position"]}, "context": {"diagnostics": []}}),
        );
        // The editor cancels every other request at once; the rest it waits for later.
        if round % 2 == 0 {
            client.notify("$/cancelRequest", json!({"id": hover}));
            client.notify("$/cancelRequest", json!({"id": actions}));
        }
        ids.extend([hover, actions]);
    }
    for id in ids {
        let answer = client.response(id);
        match answer.get("error") {
            None => assert!(answer.get("result").is_some(), "{answer}"),
            Some(error) => assert!(
                [-32800, -32801].contains(&error["code"].as_i64().unwrap_or(0)),
                "request {id}: {answer}"
            ),
        }
    }
    // Every message since, in arrival order, until the final version's diagnostics are in.
    let publishes_for = |messages: &[Value]| -> Vec<Value> {
        messages
            .iter()
            .filter(|m| {
                m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
            })
            .map(|m| m["params"].clone())
            .collect()
    };
    let mut seen = Vec::new();
    let deadline = Instant::now() + TIMEOUT;
    while !publishes_for(&seen)
        .iter()
        .any(|p| p["version"] == json!(version))
    {
        assert!(
            Instant::now() < deadline,
            "no diagnostics for version {version}"
        );
        seen.extend(client.drain(Duration::from_millis(200)));
    }
    seen.extend(client.drain(Duration::from_millis(300)));
    let publishes = publishes_for(&seen);
    let first_final = publishes
        .iter()
        .position(|p| p["version"] == json!(version))
        .expect("seen above");
    // Nothing of an older version is published after the final one.
    for later in &publishes[first_final..] {
        assert_eq!(later["version"], json!(version), "{later}");
    }
    assert_eq!(
        codes_and_lines(&publishes[first_final]),
        core_codes_and_lines(&text)
    );
    assert!(client.shutdown().success());
}

/// Large publications and large answers at once. The server writes its own
/// `publishDiagnostics` and tower-lsp-server's answers through one writer; under a burst of
/// edits to a report with 1,200 diagnostics (section 二's tables repeated, each copy a
/// duplicate), each edit followed by requests with large answers, every message must arrive
/// whole (the client cannot parse a frame another has cut into), every request be answered once,
/// and the publications come in version order, the last being the final text's.
#[test]
fn large_publications_and_answers_arrive_whole() {
    let clean = clean_report();
    let (two, three) = (
        clean.find("## 二、").expect("section 二"),
        clean.find("## 三、").expect("section 三"),
    );
    let tables: String = clean[two..three]
        .split("\n\n")
        .filter(|chunk| chunk.starts_with('|') || chunk.starts_with("### "))
        .map(|chunk| format!("{chunk}\n\n"))
        .collect();
    let mut text = clean[..three].to_string();
    for _ in 0..300 {
        text.push_str(&tables);
    }
    text.push_str(&clean[three..]);

    let mut client = start();
    let uri = file_uri(&scratch("lsp-faults-interleave").join("many.nianbao"));
    client.open(&uri, 1, &text);
    let published = client.diagnostics(&uri, Some(1));
    let count = published["diagnostics"].as_array().map_or(0, Vec::len);
    assert!(count >= 1000, "{count} diagnostics");

    // Type digits into the first table's first number, asking for tokens and symbols each time.
    let cell = text.find("|            0 |").map_or(0, |i| i + 12);
    let mut ids = Vec::new();
    let mut version = 1;
    for round in 0..40 {
        version += 1;
        let digit = char::from(b'1' + (round % 9) as u8).to_string();
        type_at(&mut client, &uri, version, &mut text, cell, &digit);
        let document = json!({"textDocument": {"uri": uri}});
        ids.push(client.start_request("textDocument/semanticTokens/full", document.clone()));
        ids.push(client.start_request("textDocument/documentSymbol", document));
    }
    for id in ids {
        let answer = client.response(id);
        match answer.get("error") {
            None => assert!(answer.get("result").is_some(), "{answer}"),
            Some(error) => assert_eq!(error["code"], -32801, "request {id}: {answer}"),
        }
    }
    // Every publication since, in arrival order, until the final version's is in.
    let mut publications: Vec<Value> = Vec::new();
    let deadline = Instant::now() + TIMEOUT;
    while !publications.iter().any(|p| p["version"] == json!(version)) {
        assert!(
            Instant::now() < deadline,
            "no diagnostics for version {version}"
        );
        publications.extend(
            client
                .drain(Duration::from_millis(200))
                .into_iter()
                .filter(|m| m["method"] == "textDocument/publishDiagnostics")
                .map(|m| m["params"].clone()),
        );
    }
    let versions: Vec<i64> = publications
        .iter()
        .filter_map(|p| p["version"].as_i64())
        .collect();
    assert!(versions.windows(2).all(|w| w[0] <= w[1]), "{versions:?}");
    let last = publications.last().expect("seen above");
    assert_eq!(last["version"], json!(version));
    assert_eq!(codes_and_lines(last), core_codes_and_lines(&text));
    assert!(client.shutdown().success());
}

/// The client dies with requests in flight: both pipes close while the server is still
/// computing and writing answers. The server must notice and exit (code 1: no `shutdown` came),
/// neither hang nor spin on a broken pipe.
#[test]
fn a_client_vanishing_mid_request_ends_the_server() {
    let mut server = Command::new(nianbao())
        .arg("lsp")
        .current_dir(root())
        .env("NIANBAO_LOG", "error")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("nianbao lsp starts");
    let mut stdin = server.stdin.take().expect("stdin is piped");
    let frame = |value: Value| {
        let body = value.to_string();
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    };
    let uri = file_uri(&scratch("lsp-faults-vanish").join("gone.nianbao"));
    let text = ten_megabytes();
    let mut burst = frame(
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}),
    );
    burst += &frame(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    burst += &frame(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "nianbao", "version": 1, "text": text}}}),
    );
    for id in 2..50 {
        burst += &frame(
            json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/formatting", "params": {"textDocument": {"uri": uri}, "options": {"tabSize": 4, "insertSpaces": true}}}),
        );
        burst += &frame(
            json!({"jsonrpc": "2.0", "id": 1000 + id, "method": "textDocument/semanticTokens/full", "params": {"textDocument": {"uri": uri}}}),
        );
    }
    // The server may already be gone by the end of the burst; a broken pipe here is fine.
    let _ = stdin.write_all(burst.as_bytes());
    drop(stdin);
    drop(server.stdout.take());
    let deadline = Instant::now() + TIMEOUT;
    let status = loop {
        if let Some(status) = server.try_wait().expect("the server can be waited for") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = server.kill();
            panic!("the server did not exit after its client vanished");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(1), "{status:?}");
}

/// Inserts `typed` at byte `at` of `text` and sends the same edit as version `version`; returns
/// where it was typed (UTF-16).
fn type_at(
    client: &mut LspClient,
    uri: &str,
    version: i64,
    text: &mut String,
    at: usize,
    typed: &str,
) -> LineCol {
    let lc = LineIndex::new(text).line_col(text, at, Encoding::Utf16);
    text.insert_str(at, typed);
    client.change(
        uri,
        version,
        json!([{"range": {"start": {"line": lc.line, "character": lc.col}, "end": {"line": lc.line, "character": lc.col}}, "text": typed}]),
    );
    lc
}
