//! Finding and reading the inputs: files and folders (recursive, `*.nianbao`), `-` for
//! standard input. Every problem is reported with its path and the walk goes on, so one bad
//! file loses no other file's results.

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

pub const EXTENSION: &str = "nianbao";

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
            out.push(Ok(path));
        }
    }
}

pub fn read(path: &Path) -> Input {
    let text = match std::fs::read(path) {
        Ok(bytes) => decode(bytes),
        Err(e) => Err(format!("cannot read: {e}")),
    };
    Input {
        path: path.to_path_buf(),
        text,
    }
}

fn read_stdin() -> Result<String, String> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read standard input: {e}"))?;
    decode(bytes)
}

fn decode(bytes: Vec<u8>) -> Result<String, String> {
    if bytes.contains(&0) {
        return Err("a binary file, not a report (it contains NUL bytes)".into());
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        format!("not UTF-8 text (invalid byte at offset {at}, line {line}); convert it first, e.g. `iconv -f GB18030 -t UTF-8`")
    })
}
