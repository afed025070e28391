//! The candidates: each takes a PDF's bytes (and path, for the programs) to its text, pages
//! separated by form feeds as `pdftotext` writes them (the importer drops page furniture there).

use std::path::Path;
use std::process::{Command, Stdio};

pub struct Extractor {
    pub name: &'static str,
    pub run: fn(&Path, &[u8]) -> Result<String, String>,
}

pub fn all() -> Vec<Extractor> {
    let mut list = vec![
        Extractor {
            name: "pdftotext -layout",
            run: |path, _| pdftotext(path, true),
        },
        Extractor {
            name: "pdftotext (raw)",
            run: |path, _| pdftotext(path, false),
        },
        Extractor {
            name: "pdf-extract 0.12",
            run: |_, bytes| guarded(|| pdf_extract(bytes)),
        },
        Extractor {
            name: "lopdf 0.47",
            run: |_, bytes| guarded(|| lopdf(bytes)),
        },
    ];
    #[cfg(feature = "pdf_oxide")]
    list.push(Extractor {
        name: "pdf_oxide 0.3",
        run: |_, bytes| guarded(|| pdf_oxide(bytes)),
    });
    #[cfg(feature = "mupdf")]
    list.push(Extractor {
        name: "mupdf 0.8",
        run: |_, bytes| guarded(|| mupdf(bytes)),
    });
    list
}

fn pdftotext(path: &Path, layout: bool) -> Result<String, String> {
    let mut command = Command::new("pdftotext");
    if layout {
        command.arg("-layout");
    }
    let output = command
        .args(["-enc", "UTF-8", "-eol", "unix"])
        .arg(path)
        .arg("-")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("pdftotext: {e}"))?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).trim().to_string());
    }
    String::from_utf8(output.stdout).map_err(|e| e.to_string())
}

/// A crate that panics on a PDF has failed on it; the run goes on.
fn guarded(
    f: impl FnOnce() -> Result<String, String> + std::panic::UnwindSafe,
) -> Result<String, String> {
    std::panic::catch_unwind(f).unwrap_or_else(|p| {
        let why = p
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        Err(format!("panicked: {why}"))
    })
}

fn pdf_extract(bytes: &[u8]) -> Result<String, String> {
    pdf_extract::extract_text_from_mem_by_pages(bytes)
        .map(|pages| pages.join("\u{c}"))
        .map_err(|e| e.to_string())
}

fn lopdf(bytes: &[u8]) -> Result<String, String> {
    let doc = lopdf::Document::load_mem(bytes).map_err(|e| e.to_string())?;
    let pages: Result<Vec<String>, String> = doc
        .get_pages()
        .keys()
        .map(|n| doc.extract_text(&[*n]).map_err(|e| e.to_string()))
        .collect();
    Ok(pages?.join("\u{c}"))
}

#[cfg(feature = "pdf_oxide")]
fn pdf_oxide(bytes: &[u8]) -> Result<String, String> {
    let doc = pdf_oxide::PdfDocument::from_bytes(bytes.to_vec()).map_err(|e| e.to_string())?;
    let count = doc.page_count().map_err(|e| e.to_string())?;
    let pages: Result<Vec<String>, String> = (0..count)
        .map(|i| doc.extract_text(i).map_err(|e| e.to_string()))
        .collect();
    Ok(pages?.join("\u{c}"))
}

#[cfg(feature = "mupdf")]
fn mupdf(bytes: &[u8]) -> Result<String, String> {
    let doc = mupdf::Document::from_bytes(bytes, "application/pdf").map_err(|e| e.to_string())?;
    let mut pages = Vec::new();
    for page in doc.pages().map_err(|e| e.to_string())? {
        let page = page.map_err(|e| e.to_string())?;
        let text = page
            .to_text_page(mupdf::TextPageFlags::empty())
            .and_then(|t| t.to_text())
            .map_err(|e| e.to_string())?;
        pages.push(text);
    }
    Ok(pages.join("\u{c}"))
}
