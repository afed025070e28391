//! What the tests of converter-shaped Markdown share: the examples they start from, pipe-table
//! lines taken apart and written back, and the findings of a text.

// Each test file uses a part of these.
#![allow(dead_code)]

pub mod shapes;

use nianbao_core::{analyze, Config, Finding};

/// The bundled examples, `(path, text)`, in name order.
pub fn examples() -> Vec<(String, String)> {
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

/// The cells of a pipe-table line, trimmed.
pub fn cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    inner.split('|').map(|c| c.trim().to_string()).collect()
}

pub fn row(cells: &[String]) -> String {
    format!("| {} |", cells.join(" | "))
}

pub fn delimiter(n: usize) -> String {
    format!("|{}", "---|".repeat(n))
}

pub fn findings(text: &str) -> Vec<Finding> {
    analyze(text, &Config::default()).findings
}

/// `text` without its front matter: a converter writes none.
pub fn without_front_matter(text: &str) -> String {
    let Some(rest) = text.strip_prefix("---\n") else {
        return text.to_string();
    };
    match rest.find("\n---\n") {
        Some(end) => rest[end + "\n---\n".len()..].to_string(),
        None => text.to_string(),
    }
}

/// Whether `line` is a pipe-table line.
pub fn is_row(line: &str) -> bool {
    line.trim_start().starts_with('|')
}
