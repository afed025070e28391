//! Finding and reading the inputs: files and folders (recursive, `*.nianbao`), `-` for
//! standard input. Every problem is reported with its path and the walk goes on, so one bad
//! file loses no other file's results.

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

pub const EXTENSION: &str = "nianbao";

/// The largest input read. No report comes near it (a consolidated report of 200 departments is
/// about 1 MB); a larger file is refused before it is read, so a stray dump cannot stall a run.
pub const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// An input that could be read as text, or why not.
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
pub fn collect(paths: &[PathBuf]) -> Vec<Input> {
    find(paths, &|path| {
        path.extension().is_some_and(|e| e == EXTENSION)
    })
    .into_iter()
    .map(|found| match found {
        Ok(path) if path.as_os_str() == "-" => Input {
            path,
            text: read_stdin(),
        },
        Ok(path) => read(&path),
        Err((path, message)) => Input {
            path,
            text: Err(message),
        },
    })
    .collect()
}

/// The files named by `paths` (`-` and named files as they are; folders searched recursively
/// for files `wanted` accepts, skipping hidden folders, `target` and `node_modules`), in a stable
/// order; a folder that cannot be read comes back as an error with its path.
pub fn find(
    paths: &[PathBuf],
    wanted: &dyn Fn(&Path) -> bool,
) -> Vec<Result<PathBuf, (PathBuf, String)>> {
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
            walk(path, wanted, &mut seen_dirs, &mut out);
        } else {
            out.push(Ok(path.clone()));
        }
    }
    out
}

fn walk(
    dir: &Path,
    wanted: &dyn Fn(&Path) -> bool,
    seen: &mut HashSet<PathBuf>,
    out: &mut Vec<Result<PathBuf, (PathBuf, String)>>,
) {
    let unreadable =
        |e: std::io::Error| Err((dir.to_path_buf(), format!("cannot read folder: {e}")));
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
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') || name == "target" || name == "node_modules" {
            continue;
        }
        if path.is_dir() {
            walk(&path, wanted, seen, out);
        } else if wanted(&path) {
            // Opening a FIFO waits for a writer that never comes; a device may never end.
            match std::fs::metadata(&path) {
                Ok(m) if !m.is_file() => out.push(Err((
                    path,
                    "not a regular file (a FIFO, socket or device): not read".into(),
                ))),
                _ => out.push(Ok(path)),
            }
        }
    }
}

pub fn read(path: &Path) -> Input {
    Input {
        path: path.to_path_buf(),
        text: read_bytes(path).and_then(decode),
    }
}

/// The bytes of a file, at most [`MAX_BYTES`] of them.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    if let Ok(m) = file.metadata() {
        if m.len() > MAX_BYTES {
            return Err(too_large(m.len()));
        }
    }
    read_limited(file).map_err(|e| format!("cannot read: {e}"))?
}

/// Reads to the end, or one byte past the limit (a pipe's length is not known in advance).
fn read_limited(from: impl Read) -> std::io::Result<Result<Vec<u8>, String>> {
    let mut bytes = Vec::new();
    from.take(MAX_BYTES + 1).read_to_end(&mut bytes)?;
    Ok(if bytes.len() as u64 > MAX_BYTES {
        Err(too_large(bytes.len() as u64))
    } else {
        Ok(bytes)
    })
}

fn too_large(len: u64) -> String {
    let mb = |n: u64| n as f64 / (1024.0 * 1024.0);
    format!(
        "too large for a report ({:.0} MB; the limit is {:.0} MB): not read",
        mb(len),
        mb(MAX_BYTES)
    )
}

fn read_stdin() -> Result<String, String> {
    read_limited(std::io::stdin().lock())
        .map_err(|e| format!("cannot read standard input: {e}"))?
        .and_then(decode)
}

fn decode(bytes: Vec<u8>) -> Result<String, String> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err("an empty file: there is no report in it".into());
    }
    if bytes.contains(&0) {
        return Err("a binary file, not a report (it contains NUL bytes)".into());
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        format!("not UTF-8 text (invalid byte at offset {at}, line {line}); convert it first, e.g. `iconv -f GB18030 -t UTF-8`")
    })
}
