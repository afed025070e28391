//! `pdf-numbers`: does `nianbao import FILE.pdf` keep its promise on the examples printed to PDF
//! (`bench/pdf-text/make_pdfs.sh DIR`)? Every number of the example's tables must land at its
//! row and column, or the import must refuse (exit 1, saying FILE:line:col and why); an import
//! that succeeds with a number missing, moved or added is **lost**, and must never happen.
//!
//! ```text
//! bash bench/pdf-text/make_pdfs.sh target/pdf-text
//! cargo build --release -p nianbao
//! cargo run --release -p nianbao-bench --bin pdf-numbers -- target/pdf-text [target/release/nianbao]
//! ```
//!
//! Prints one line per PDF (in place / refused / lost, with the differing cells of a lost one
//! and how the text was read) and the counts; exits 1 when any PDF is lost, so a script can
//! rerun it after a change to the reader.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Every value cell of the report's template tables, keyed by place (`"B/new/natural"` →
/// `"121"`), blank cells left out (an import may write a blank cell or leave it out).
fn cells(text: &str) -> BTreeMap<String, String> {
    let mut cells = nianbao_bench::cells(text);
    cells.retain(|_, value| !value.is_empty());
    cells
}

/// The cells that differ: expected `(place, printed, imported)`, `-` for absent.
fn differences(
    expected: &BTreeMap<String, String>,
    got: &BTreeMap<String, String>,
) -> Vec<(String, String, String)> {
    let absent = || "-".to_string();
    let mut out = Vec::new();
    for (place, value) in expected {
        if got.get(place) != Some(value) {
            out.push((
                place.clone(),
                value.clone(),
                got.get(place).cloned().unwrap_or_else(absent),
            ));
        }
    }
    for (place, value) in got {
        if !expected.contains_key(place) {
            out.push((place.clone(), absent(), value.clone()));
        }
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first().map(PathBuf::from) else {
        eprintln!("usage: pdf-numbers DIR [NIANBAO]   (DIR from bench/pdf-text/make_pdfs.sh)");
        std::process::exit(2);
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let binary = args
        .get(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/release/nianbao"));
    let sources = match std::fs::read_to_string(dir.join("sources.tsv")) {
        Ok(s) => s,
        Err(e) => {
            eprintln!(
                "{}: {e} (run bench/pdf-text/make_pdfs.sh first)",
                dir.join("sources.tsv").display()
            );
            std::process::exit(2);
        }
    };
    let (mut in_place, mut refused, mut lost, mut reading_order) = (0, 0, 0, 0);
    for line in sources.lines() {
        let Some((pdf, example)) = line.split_once('\t') else {
            continue;
        };
        let Ok(markup) = std::fs::read_to_string(root.join(example)) else {
            eprintln!("{example}: cannot read it");
            std::process::exit(2);
        };
        let expected = cells(&markup);
        let output = match Command::new(&binary)
            .args(["import", "--lang", "en"])
            .arg(dir.join(pdf))
            .output()
        {
            Ok(o) => o,
            Err(e) => {
                eprintln!(
                    "{}: {e} (cargo build --release -p nianbao)",
                    binary.display()
                );
                std::process::exit(2);
            }
        };
        let stderr = String::from_utf8_lossy(&output.stderr);
        match output.status.code() {
            Some(0) => {
                let imported = String::from_utf8_lossy(&output.stdout);
                let read_in_order =
                    imported.contains("reading order") || imported.contains("阅读顺序");
                let how = if read_in_order {
                    "reading order"
                } else {
                    "-layout"
                };
                let diff = differences(&expected, &cells(&imported));
                if diff.is_empty() {
                    in_place += 1;
                    reading_order += usize::from(read_in_order);
                    println!(
                        "{pdf:<56} in place  {}/{} ({how})",
                        expected.len(),
                        expected.len()
                    );
                } else {
                    lost += 1;
                    println!(
                        "{pdf:<56} LOST      {}/{} ({how})",
                        expected.len() - diff.iter().filter(|d| d.1 != "-").count(),
                        expected.len()
                    );
                    for (place, printed, got) in diff.iter().take(12) {
                        println!("    {place}: printed {printed}, imported {got}");
                    }
                }
            }
            Some(1) => {
                refused += 1;
                let why = stderr
                    .lines()
                    .find(|l| l.contains("error"))
                    .unwrap_or("")
                    .chars()
                    .take(150)
                    .collect::<String>();
                println!("{pdf:<56} refused   {why}");
            }
            _ => {
                eprintln!("{pdf}: nianbao failed: {stderr}");
                std::process::exit(2);
            }
        }
    }
    println!(
        "\n{} PDFs: {in_place} with every number in place ({reading_order} of them read in reading order), {refused} refused, {lost} lost",
        in_place + refused + lost
    );
    if lost > 0 {
        std::process::exit(1);
    }
}
