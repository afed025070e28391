//! `.pdf` input: the text of a PDF, from poppler's `pdftotext -layout`, for the importers.
//!
//! Why an external program and not a crate: measured on PDFs of the examples printed with the
//! CJK fonts government offices use (docs/import.md, "PDF files"), `pdftotext` gives every
//! label and number in place, with the columns the layout reader needs. `-layout` keeps each
//! printed line a line and its cells apart by spaces; the importer reads that form.

use nianbao_core::Lang;
use std::path::Path;
use std::process::{Command, Stdio};

/// The program run, unless `NIANBAO_PDFTOTEXT` names another (a test names one that is absent).
const PROGRAM: &str = "pdftotext";

/// Whether `bytes` are a PDF file.
pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes.starts_with(b"%PDF-")
}

/// The UTF-8 text of the PDF at `path`, laid out as printed; why not, in `lang`.
pub fn text(path: &Path, lang: Lang) -> Result<Vec<u8>, String> {
    let say = |zh: String, en: String| match lang {
        Lang::Zh => zh,
        Lang::En => en,
    };
    let program = std::env::var("NIANBAO_PDFTOTEXT").unwrap_or_else(|_| PROGRAM.to_string());
    let output = Command::new(&program)
        .args(["-layout", "-enc", "UTF-8", "-eol", "unix"])
        .arg(path)
        .arg("-")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => say(
                format!("这是 PDF 文件，要用 `{program}`（poppler）取出文字，但它没有安装：请安装 poppler-utils（Debian/Ubuntu：`apt-get install poppler-utils`），或者导入您自己取出的文字"),
                format!("a PDF file: its text is read with `{program}` (poppler), which is not installed — install poppler-utils (Debian/Ubuntu: `apt-get install poppler-utils`), or import the text you extracted"),
            ),
            std::io::ErrorKind::PermissionDenied => say(
                format!("这是 PDF 文件，要用 `{program}` 取出文字，但没有运行它的权限：请检查它的安装"),
                format!("a PDF file: cannot run `{program}`: {e}"),
            ),
            // Anything else is rare: the system's own words, quoted.
            _ => say(
                format!("这是 PDF 文件，但无法运行 `{program}`（系统的报错：“{e}”）"),
                format!("a PDF file: cannot run `{program}`: {e}"),
            ),
        })?;
    if !output.status.success() {
        let why = String::from_utf8_lossy(&output.stderr);
        let why = why.trim();
        return Err(say(
            format!("`{program}` 读不了这个 PDF 文件（可能已损坏或加了密码），它的报错：“{why}”"),
            format!("a PDF file that `{program}` cannot read: {why}"),
        ));
    }
    if output
        .stdout
        .iter()
        .all(|b| b.is_ascii_whitespace() || *b == 0x0c)
    {
        return Err(say(
            "这个 PDF 文件里没有文字（可能是扫描件）：nianbao 只读文字，不做文字识别（OCR）；请找有文字的原件，或先用 OCR 软件转成文字".into(),
            "a PDF file with no text in it (a scan?): nianbao reads text, it does no OCR".into(),
        ));
    }
    Ok(output.stdout)
}
