//! Finding and reading the inputs: files and folders (recursive, `*.nianbao`), `-` for
//! standard input. Every problem is reported with its path and the walk goes on, so one bad
//! file loses no other file's results.

use crate::say::{io_error, say};
use nianbao_core::Lang;
use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

pub const EXTENSION: &str = "nianbao";

/// The largest input read. No report comes near it (a consolidated report of 200 departments is
/// about 1 MB); a larger file is refused before it is read, so a stray dump cannot stall a run.
pub const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// An input that could be read as text, or why not (in the message language).
pub struct Input {
    pub path: PathBuf,
    pub text: Result<String, String>,
}

impl Input {
    pub fn display(&self) -> String {
        display(&self.path)
    }
}

pub fn display(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "<stdin>".into()
    } else {
        path.display().to_string()
    }
}

/// Expands the command-line paths into the files to process (folders recursively).
/// Problems met while walking become inputs whose text is the error.
pub fn collect(paths: &[PathBuf], lang: Lang) -> Vec<Input> {
    find_reports(paths, lang)
        .into_iter()
        .map(|found| open(found, lang))
        .collect()
}

/// The report files named by `paths` (folders searched for `*.nianbao`), not yet read.
pub fn find_reports(paths: &[PathBuf], lang: Lang) -> Vec<Found> {
    find(
        paths,
        &|path| path.extension().is_some_and(|e| e == EXTENSION),
        lang,
    )
}

/// A file to read, or a path met in the walk with why it cannot be read.
pub type Found = Result<PathBuf, (PathBuf, String)>;

/// Reads what [`find`] found (`-` is standard input).
pub fn open(found: Found, lang: Lang) -> Input {
    match found {
        Ok(path) if path.as_os_str() == "-" => Input {
            path,
            text: read_stdin(lang),
        },
        Ok(path) => read(&path, lang),
        Err((path, message)) => Input {
            path,
            text: Err(message),
        },
    }
}

/// The files named by `paths` (`-` and named files as they are; folders searched recursively
/// for files `wanted` accepts, skipping hidden folders, `target` and `node_modules`), in a stable
/// order; a folder that cannot be read comes back as an error with its path.
pub fn find(paths: &[PathBuf], wanted: &dyn Fn(&Path) -> bool, lang: Lang) -> Vec<Found> {
    let mut out = Vec::new();
    let mut seen_dirs = HashSet::new();
    let defaults = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &defaults[..]
    } else {
        paths
    };
    for path in paths {
        if path.as_os_str() != "-" && path.is_dir() {
            walk(path, wanted, lang, &mut seen_dirs, &mut out);
        } else {
            out.push(Ok(path.clone()));
        }
    }
    out
}

fn walk(
    dir: &Path,
    wanted: &dyn Fn(&Path) -> bool,
    lang: Lang,
    seen: &mut HashSet<PathBuf>,
    out: &mut Vec<Found>,
) {
    let unreadable = |e: std::io::Error| {
        let reason = io_error(lang, &e);
        let message = say(
            lang,
            format!("无法读取文件夹：{reason}"),
            format!("cannot read folder: {reason}"),
        );
        Err((dir.to_path_buf(), message))
    };
    // Symbolic links can make a folder contain itself: visit each real folder once.
    match dir.canonicalize() {
        Ok(real) => {
            if !seen.insert(real) {
                return;
            }
        }
        Err(e) => return out.push(unreadable(e)),
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return out.push(unreadable(e)),
    };
    // The entry's type comes with the listing (no `stat` per file); only a symbolic link is
    // followed to learn what it points at.
    let mut paths: Vec<(PathBuf, Option<std::fs::FileType>)> = entries
        .filter_map(|e| e.ok().map(|e| (e.path(), e.file_type().ok())))
        .collect();
    paths.sort_by(|a, b| a.0.cmp(&b.0));
    for (path, kind) in paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') || name == "target" || name == "node_modules" {
            continue;
        }
        let kind = match kind {
            Some(kind) if !kind.is_symlink() => Some(kind),
            _ => std::fs::metadata(&path).ok().map(|m| m.file_type()),
        };
        if kind.is_some_and(|k| k.is_dir()) {
            walk(&path, wanted, lang, seen, out);
        } else if wanted(&path) {
            // Opening a FIFO waits for a writer that never comes; a device may never end.
            match kind {
                Some(kind) if !kind.is_file() => out.push(Err((
                    path,
                    say(
                        lang,
                        "不是普通文件（是管道、套接字或设备），未读取",
                        "not a regular file (a FIFO, socket or device): not read",
                    ),
                ))),
                _ => out.push(Ok(path)),
            }
        }
    }
}

pub fn read(path: &Path, lang: Lang) -> Input {
    Input {
        path: path.to_path_buf(),
        text: read_bytes(path, lang).and_then(|bytes| decode(bytes, lang)),
    }
}

/// The bytes of a file, at most [`MAX_BYTES`] of them.
pub fn read_bytes(path: &Path, lang: Lang) -> Result<Vec<u8>, String> {
    let cannot = |e: std::io::Error| {
        let reason = io_error(lang, &e);
        say(
            lang,
            format!("无法读取：{reason}"),
            format!("cannot read: {reason}"),
        )
    };
    let file = std::fs::File::open(path).map_err(cannot)?;
    let expected = match file.metadata() {
        Ok(m) if m.len() > MAX_BYTES => return Err(too_large(m.len(), lang)),
        Ok(m) => m.len() as usize,
        Err(_) => 0,
    };
    read_limited(file, expected, lang).map_err(cannot)?
}

/// Reads to the end, or one byte past the limit (a pipe's length is not known in advance).
/// `expected` is the length the file says it has: the buffer is that long and one byte more,
/// so a file is two `read` calls (its bytes, then the end), where a growing buffer took a dozen.
fn read_limited(
    mut from: impl Read,
    expected: usize,
    lang: Lang,
) -> std::io::Result<Result<Vec<u8>, String>> {
    const LIMIT: usize = MAX_BYTES as usize + 1;
    let mut bytes = vec![0; expected.clamp(8 * 1024, LIMIT - 1) + 1];
    let mut filled = 0;
    loop {
        if filled == bytes.len() {
            if bytes.len() == LIMIT {
                break;
            }
            bytes.resize((bytes.len() * 2).min(LIMIT), 0);
        }
        match from.read(&mut bytes[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    bytes.truncate(filled);
    Ok(if filled > MAX_BYTES as usize {
        Err(too_large(filled as u64, lang))
    } else {
        Ok(bytes)
    })
}

fn too_large(len: u64, lang: Lang) -> String {
    let (size, limit) = (mb(len), mb(MAX_BYTES));
    say(
        lang,
        format!("文件过大，不像一份报告（{size:.0} MB，上限 {limit:.0} MB），未读取"),
        format!("too large for a report ({size:.0} MB; the limit is {limit:.0} MB): not read"),
    )
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn read_stdin(lang: Lang) -> Result<String, String> {
    read_stdin_bytes(lang).and_then(|bytes| decode(bytes, lang))
}

/// The bytes on standard input, at most [`MAX_BYTES`] of them.
pub fn read_stdin_bytes(lang: Lang) -> Result<Vec<u8>, String> {
    read_limited(std::io::stdin().lock(), 0, lang).map_err(|e| {
        let reason = io_error(lang, &e);
        say(
            lang,
            format!("无法读取标准输入：{reason}"),
            format!("cannot read standard input: {reason}"),
        )
    })?
}

/// Whether `path` names standard input (`-`).
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

fn decode(bytes: Vec<u8>, lang: Lang) -> Result<String, String> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(say(
            lang,
            "空文件，其中没有报告",
            "an empty file: there is no report in it",
        ));
    }
    // memchr's SIMD search: the slice's own `contains` costs ~2 instructions a byte.
    if memchr::memchr(0, &bytes).is_some() {
        return Err(say(
            lang,
            "二进制文件，不是报告（含有 NUL 字节）",
            "a binary file, not a report (it contains NUL bytes)",
        ));
    }
    // Validated with SIMD first (std's check takes ~8 instructions a byte of Chinese text,
    // 90 K a report, ~3% of its parse); std's, which says where the text goes wrong, only on failure.
    if let Ok(text) = simdutf8::basic::from_utf8(&bytes) {
        return Ok(text.to_owned());
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        say(
            lang,
            format!("不是 UTF-8 文本（第 {line} 行、第 {at} 字节处的编码无效），请先转换编码，例如 `iconv -f GB18030 -t UTF-8`"),
            format!("not UTF-8 text (invalid byte at offset {at}, line {line}); convert it first, e.g. `iconv -f GB18030 -t UTF-8`"),
        )
    })
}
