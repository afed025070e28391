//! `.pdf` input: the text of a PDF, from poppler's `pdftotext -layout`, for the importers.
//!
//! Why an external program and not a crate: measured on PDFs of the examples printed with the
//! CJK fonts government offices use (docs/import.md, "PDF files"), `pdftotext` gives every
//! label and number in place, with the columns the layout reader needs. `-layout` keeps each
//! printed line a line and its cells apart by spaces; the importer reads that form.

use std::path::Path;
use std::process::{Command, Stdio};

/// The program run, unless `NIANBAO_PDFTOTEXT` names another (a test names one that is absent).
const PROGRAM: &str = "pdftotext";

/// Whether `bytes` are a PDF file.
pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes.starts_with(b"%PDF-")
}

/// The UTF-8 text of the PDF at `path`, laid out as printed.
pub fn text(path: &Path) -> Result<Vec<u8>, String> {
    let program = std::env::var("NIANBAO_PDFTOTEXT").unwrap_or_else(|_| PROGRAM.to_string());
    let output = Command::new(&program)
        .args(["-layout", "-enc", "UTF-8", "-eol", "unix"])
        .arg(path)
        .arg("-")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => format!(
                "a PDF file: its text is read with `{program}` (poppler), which is not installed — install poppler-utils (Debian/Ubuntu: apt-get install poppler-utils), or import the text you extracted"
            ),
            _ => format!("a PDF file: cannot run `{program}`: {e}"),
        })?;
    if !output.status.success() {
        let why = String::from_utf8_lossy(&output.stderr);
        return Err(format!(
            "a PDF file that `{program}` cannot read: {}",
            why.trim()
        ));
    }
    if output
        .stdout
        .iter()
        .all(|b| b.is_ascii_whitespace() || *b == 0x0c)
    {
        return Err(
            "a PDF file with no text in it (a scan?): nianbao reads text, it does no OCR".into(),
        );
    }
    Ok(output.stdout)
}
