//! `.pdf` input: the text of a PDF, from poppler's `pdftotext`, for the importers.
//!
//! Why an external program and not a crate: measured on 48 PDFs of the examples (Chromium and
//! LibreOffice, four CJK faces; bench/pdf-text, docs/import.md "PDF: how the text is taken"),
//! `pdftotext` gets every character and figure and its text imports with every cell in place
//! in 38; the best crate for characters (pdf_oxide) runs cells together and imports 4, and
//! pdf-extract and lopdf lose characters of Type 3 fonts.
//!
//! The `-layout` text is read first: it keeps each printed line a line and its cells apart by
//! spaces. Where the importer refuses it (a header `-layout` interleaves, columns it cannot
//! tell apart), the text in reading order (`pdftotext` without `-layout`, the order the PDF's
//! producer drew it) is tried, which the importer rebuilds where the template proves the order;
//! the import's notes say so, and which text their line numbers refer to.

use nianbao_convert::{ImportError, Imported, Options};
use nianbao_core::Lang;
use std::path::Path;
use std::process::{Command, Stdio};

/// The program run, unless `NIANBAO_PDFTOTEXT` names another (a test names one that is absent).
const PROGRAM: &str = "pdftotext";

/// Whether `bytes` are a PDF file.
pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes.starts_with(b"%PDF-")
}

/// An import of a PDF that the importer refused in both readings: the `-layout` text's refusal
/// (the reading users can look at with `pdftotext -layout`), and the reading order's.
pub struct Refused {
    pub layout: ImportError,
    pub reading_order: Option<ImportError>,
}

/// A PDF imported, and which of its texts was read.
pub struct Read {
    pub imported: Imported,
    /// The text in reading order, the `-layout` text having been refused.
    pub reading_order: bool,
}

impl Read {
    /// How the file was read, for `audit`'s source column: `pdf`, or `pdf (reading order)`.
    pub fn source(&self) -> String {
        let name = self.imported.format.name();
        if self.reading_order {
            format!("{name} (reading order)")
        } else {
            name.to_string()
        }
    }
}

/// Where the PDF is: a file `pdftotext` opens itself, or bytes already read (standard input),
/// which it reads from its own standard input (`pdftotext -layout - -`).
#[derive(Clone, Copy)]
pub enum Pdf<'a> {
    File(&'a Path),
    Bytes(&'a [u8]),
}

/// Imports the PDF: its `-layout` text, or where that is refused its text in reading order.
/// `Err` when no text can be taken from it at all (the message names the program).
pub fn import(pdf: Pdf, options: &Options) -> Result<Result<Read, Refused>, String> {
    let layout = text(pdf, true, options.lang)?;
    let title = match pdf {
        Pdf::File(path) => document_title(path),
        Pdf::Bytes(_) => None,
    };
    let options = &Options {
        document_title: options.document_title.or(title.as_deref()),
        ..options.clone()
    };
    let refused = match nianbao_convert::import(&layout, options) {
        Ok(imported) => {
            return Ok(Ok(Read {
                imported,
                reading_order: false,
            }))
        }
        Err(refused) => refused,
    };
    // The layout text had text (checked above), so the reading order has it too; a failure to
    // run the program a second time leaves the first refusal standing.
    let Ok(raw) = text(pdf, false, options.lang) else {
        return Ok(Err(Refused {
            layout: refused,
            reading_order: None,
        }));
    };
    let program = program();
    let why = refused.show(options.lang);
    let note = match options.lang {
        Lang::Zh => format!("`{program} -layout` 取出的文字未能导入（{why}），改读不带 -layout 的文字（PDF 的阅读顺序）；以下行号指 `{program} 文件.pdf -` 输出的行"),
        Lang::En => format!("the `{program} -layout` text was refused ({why}); read the text in reading order instead (`{program}` without -layout); the line numbers below are those of `{program} FILE.pdf -`"),
    };
    let options = Options {
        extraction_note: Some(&note),
        ..options.clone()
    };
    Ok(match nianbao_convert::import(&raw, &options) {
        Ok(imported) => Ok(Read {
            imported,
            reading_order: true,
        }),
        Err(second) => Err(Refused {
            layout: refused,
            reading_order: Some(second),
        }),
    })
}

/// The `Title` of the PDF's document information, as poppler's `pdfinfo` prints it; `None`
/// when the PDF has none or `pdfinfo` cannot be run (it only helps where the text has no title).
fn document_title(path: &Path) -> Option<String> {
    let output = Command::new("pdfinfo")
        .args(["-enc", "UTF-8"])
        .arg(path)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    let info = String::from_utf8_lossy(&output.stdout);
    let title = info.lines().find_map(|l| l.strip_prefix("Title:"))?.trim();
    (!title.is_empty()).then(|| title.to_string())
}

/// Runs `pdftotext` on the file, or with the bytes on its standard input, fed from a thread of
/// their own: a PDF larger than the pipe's buffer would otherwise block the writer while
/// `pdftotext` blocks on its full output pipe.
fn run(mut command: Command, pdf: Pdf) -> std::io::Result<std::process::Output> {
    let bytes = match pdf {
        Pdf::File(path) => {
            return command.arg(path).arg("-").stdin(Stdio::null()).output();
        }
        Pdf::Bytes(bytes) => bytes,
    };
    let mut child = command
        .args(["-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let mut input = child
        .stdin
        .take()
        .ok_or_else(|| std::io::Error::other("stdin"))?;
    std::thread::scope(|scope| {
        // A write that fails (pdftotext stopped reading a damaged file) leaves its own error
        // on its standard error, which the caller reports.
        scope.spawn(move || {
            use std::io::Write;
            let _ = input.write_all(bytes);
        });
        child.wait_with_output()
    })
}

fn program() -> String {
    std::env::var("NIANBAO_PDFTOTEXT").unwrap_or_else(|_| PROGRAM.to_string())
}

/// The UTF-8 text of the PDF — laid out as printed, or in reading order; why not, in `lang`.
fn text(pdf: Pdf, layout: bool, lang: Lang) -> Result<Vec<u8>, String> {
    let say = |zh: String, en: String| match lang {
        Lang::Zh => zh,
        Lang::En => en,
    };
    let program = program();
    let mut command = Command::new(&program);
    if layout {
        command.arg("-layout");
    }
    command.args(["-enc", "UTF-8", "-eol", "unix"]);
    let output = run(command, pdf).map_err(|e| match e.kind() {
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
