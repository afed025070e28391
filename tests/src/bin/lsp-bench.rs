//! `lsp-bench`: the language server's keystroke latency and memory, measured from a client
//! process as an editor sees them. Prints figures; asserts nothing.
//!
//! ```text
//! cargo run --release -p nianbao-tests --bin lsp-bench [-- --edits 1000] [--server PATH]
//!     [--typical-only | --large-only | --memory-only] [--departments 200] [--no-baseline]
//! ```
//!
//! For each document — a seed example (a typical report) and a generated consolidated report of
//! 200 departments (~1 MB) — it times `didChange` → `publishDiagnostics` of that version over
//! N edits (typing a digit into a number cell, then deleting it), with the server reparsing and
//! re-analysing incrementally and, for comparison, from scratch (`NIANBAO_LSP_REPARSE=full`).
//! Then it opens 100 documents and reads the server's resident memory (VmRSS) from /proc.

use nianbao_tests::lsp_client::LspClient;
use nianbao_tests::root;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let edits: usize = flag("--edits").and_then(|n| n.parse().ok()).unwrap_or(1000);
    let server = flag("--server")
        .map(PathBuf::from)
        .unwrap_or_else(release_server);
    println!("server: {}", server.display());
    println!("edits per run: {edits}\n");

    let seed = std::fs::read_to_string(root().join("examples/seed-002-fengquan.nianbao"))
        .expect("the seed example");
    // `--departments N`: a consolidated report of another size (200 make 1.3 MB).
    let departments: usize = flag("--departments")
        .and_then(|n| n.parse().ok())
        .unwrap_or(200);
    let city = consolidated(departments);
    let city_name = format!("city, {departments} departments");
    println!(
        "{:<34} {:>9} {:>9} {:>9} {:>9}",
        "document / reparse", "size", "p50 ms", "p99 ms", "max ms"
    );
    let has = |name: &str| args.iter().any(|a| a == name);
    let mut documents: Vec<(&str, &String)> = Vec::new();
    // `--typical-only`: a quick run without the 1 MB document; `--large-only`: only that one.
    if !has("--large-only") {
        documents.push(("seed-002 (typical report)", &seed));
    }
    if !has("--typical-only") {
        documents.push((&city_name, &city));
    }
    if has("--memory-only") {
        documents.clear();
    }
    for (name, text) in documents {
        let (incremental, published) = latencies(&server, text, edits, false);
        row(name, "incremental", text.len(), &incremental);
        println!("{:<34} {published}", "  each publication");
        // `--no-baseline`: without the (slow) run that reparses and re-analyses from scratch.
        if has("--no-baseline") {
            println!();
            continue;
        }
        let (full, _) = latencies(&server, text, edits, true);
        row(name, "full reparse", text.len(), &full);
        println!(
            "{:<34} {:>9} {:>9.2}x {:>8.2}x\n",
            "  full / incremental",
            "",
            percentile(&full, 50.0) / percentile(&incremental, 50.0),
            percentile(&full, 99.0) / percentile(&incremental, 99.0)
        );
    }
    if !has("--large-only") {
        memory(&server, &seed);
    }
}

/// Builds (if needed) and returns the release `nianbao`.
fn release_server() -> PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args([
            "build",
            "--release",
            "--quiet",
            "-p",
            "nianbao",
            "--bin",
            "nianbao",
        ])
        .current_dir(root())
        .status();
    assert!(
        status.is_ok_and(|s| s.success()),
        "building the release nianbao failed"
    );
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"));
    target
        .join("release")
        .join(format!("nianbao{}", std::env::consts::EXE_SUFFIX))
}

fn row(name: &str, mode: &str, size: usize, samples: &[f64]) {
    println!(
        "{:<34} {:>8}K {:>9.2} {:>9.2} {:>9.2}",
        format!("{name}, {mode}"),
        size / 1024,
        percentile(samples, 50.0),
        percentile(samples, 99.0),
        samples.iter().copied().fold(0.0, f64::max)
    );
}

fn percentile(samples: &[f64], p: f64) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted
        .get(rank.saturating_sub(1).min(sorted.len().saturating_sub(1)))
        .copied()
        .unwrap_or(f64::NAN)
}

fn start(server: &Path, full: bool) -> LspClient {
    let env: &[(&str, &str)] = if full {
        &[("NIANBAO_LSP_REPARSE", "full"), ("NIANBAO_LOG", "error")]
    } else {
        &[("NIANBAO_LOG", "error")]
    };
    let mut client = LspClient::spawn(server, &std::env::temp_dir(), env);
    client.initialize(None, &["utf-16"], json!({}));
    client
}

/// Milliseconds from each `didChange` to the diagnostics of its version, and what one
/// publication of the opened document holds (how many diagnostics, how many bytes).
fn latencies(server: &Path, text: &str, edits: usize, full: bool) -> (Vec<f64>, String) {
    let mut client = start(server, full);
    let uri = "file:///bench/report.nianbao";
    client.open(uri, 0, text);
    let opened = client.diagnostics(uri, Some(0));
    let published = format!(
        "{} diagnostics, {:.0} KB of params",
        opened["diagnostics"].as_array().map_or(0, Vec::len),
        opened.to_string().len() as f64 / 1024.0
    );
    // A number cell near the middle of the document.
    let cell = number_cell_after(text, text.len() / 2);
    let line = text[..cell].matches('\n').count() as u32;
    let col = text[text[..cell].rfind('\n').map_or(0, |i| i + 1)..cell]
        .encode_utf16()
        .count() as u32;
    let mut samples = Vec::with_capacity(edits);
    for version in 1..=edits as i64 {
        // Odd versions type a digit before the number, even ones delete it again.
        let change = if version % 2 == 1 {
            json!({"range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": col}}, "text": "1"})
        } else {
            json!({"range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": col + 1}}, "text": ""})
        };
        let started = Instant::now();
        client.change(uri, version, json!([change]));
        client.diagnostics(uri, Some(version));
        samples.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    client.shutdown();
    (samples, published)
}

/// The offset of the first number in a table's value cell at or after `from`.
fn number_cell_after(text: &str, from: usize) -> usize {
    let mut at = from + text[from..].find('\n').map_or(0, |i| i + 1);
    for line in text[at..].split_inclusive('\n') {
        if line.starts_with('|') && !line.contains("---") {
            let label_end = line[1..].find('|').map_or(0, |i| i + 1);
            if let Some(digit) = line[label_end..].find(|c: char| c.is_ascii_digit()) {
                return at + label_end + digit;
            }
        }
        at += line.len();
    }
    panic!("no number cell after the middle of the document")
}

/// A consolidated report of a city: one report's sections, and in each a sub-head and the full
/// table set for every department (numbers vary; every department's tables reconcile).
fn consolidated(departments: usize) -> String {
    let clean = std::fs::read_to_string(root().join("examples/clean-2024.nianbao"))
        .expect("the clean example");
    let tables_of = |section: &str, next: Option<&str>| -> String {
        let start = clean.find(section).expect("section") + section.len();
        let end = next.map_or(clean.len(), |n| clean.find(n).expect("next section"));
        let body = &clean[start..end];
        // Keep the block headings and tables; drop prose.
        let mut out = String::new();
        for chunk in body.split("\n\n") {
            let chunk = chunk.trim();
            if chunk.starts_with('|') || chunk.starts_with("### 第二十条") {
                out.push_str(chunk);
                out.push_str("\n\n");
            }
        }
        out
    };
    let a = tables_of("## 二、主动公开政府信息情况", Some("## 三、"));
    let b = tables_of("## 三、收到和处理政府信息公开申请情况", Some("## 四、"));
    let c = tables_of("## 四、政府信息公开行政复议、行政诉讼情况", Some("## 五、"));
    let mut out = String::from("---\n机关: 某市人民政府办公室\n年度: 2024\n模板: 2021\n---\n\n# 某市2024年政府信息公开工作年度报告（汇总）\n\n");
    out.push_str("## 一、总体情况\n\n全市各部门汇总如下。\n\n");
    for (heading, tables) in [
        ("## 二、主动公开政府信息情况", &a),
        ("## 三、收到和处理政府信息公开申请情况", &b),
        ("## 四、政府信息公开行政复议、行政诉讼情况", &c),
    ] {
        out.push_str(heading);
        out.push_str("\n\n");
        for d in 0..departments {
            out.push_str(&format!("### 第{}部门（某市某局{d}）\n\n", d + 1));
            out.push_str(tables);
        }
    }
    out.push_str("## 五、存在的主要问题及改进情况\n\n无。\n\n## 六、其他需要报告的事项\n\n无。\n");
    out
}

/// Resident memory with 100 documents open (and on the way, at 50).
fn memory(server: &Path, text: &str) {
    let mut client = start(server, false);
    let before = rss_kib(client.pid());
    let mut half = 0;
    for i in 0..100 {
        let uri = format!("file:///bench/doc-{i}.nianbao");
        client.open(&uri, 1, text);
        client.diagnostics(&uri, Some(1));
        if i == 49 {
            std::thread::sleep(Duration::from_millis(200));
            half = rss_kib(client.pid());
        }
    }
    // Let the allocator settle after the last analysis.
    std::thread::sleep(Duration::from_millis(200));
    let after = rss_kib(client.pid());
    println!(
        "resident memory (VmRSS): {:.1} MiB after initialize, {:.1} MiB with 50 and {:.1} MiB with 100 documents of {}K open ({:.0} KiB per document from 50 to 100)",
        before as f64 / 1024.0,
        half as f64 / 1024.0,
        after as f64 / 1024.0,
        text.len() / 1024,
        (after as f64 - half as f64) / 50.0
    );
    client.shutdown();
}

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}
