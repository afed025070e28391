//! The workspace on disk: each document's configuration (its nearest `nianbao.toml` under the
//! editor's settings), the `.nianbao` files of the workspace folders and their checks (once per
//! content), and the reports another report is compared with across years — open documents and
//! files on disk, an open document taking precedence over its file.

use crate::guard::{guard, lock};
use crate::reports::{Checked, DiskReport, Key, Stamp};
use crate::settings;
use crate::state::{file_path, State};
use crate::years::Source;
use nianbao_core::Config;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower_lsp_server::ls_types::Uri;

/// The configuration of a document: its nearest `nianbao.toml` under the editor's settings.
pub fn config_for(state: &State, uri: &Uri) -> Arc<Config> {
    let (settings, fallback) = {
        let session = state.session();
        (session.settings.clone(), session.folders.first().cloned())
    };
    let dir = file_path(uri)
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .or(fallback);
    let file = dir.as_deref().and_then(settings::discover).map(|path| {
        lock(&state.configs)
            .entry(path.clone())
            .or_insert_with(|| {
                state
                    .configs_loaded
                    .store(true, std::sync::atomic::Ordering::SeqCst);
                settings::load(&path).map(Arc::new)
            })
            .clone()
    });
    let base = match file {
        Some(Ok(config)) => (*config).clone(),
        // The error is published on the file itself; the document is checked with defaults.
        Some(Err(_)) | None => Config::default(),
    };
    Arc::new(settings.apply(base))
}

/// The `.nianbao` files of the workspace folders.
pub fn files(state: &State) -> Vec<PathBuf> {
    let folders = state.session().folders.clone();
    let mut out = Vec::new();
    for folder in folders {
        collect_reports(&folder, &mut out, 0);
    }
    out.sort();
    out.dedup();
    out
}

/// Whether a path is a file of one of the workspace folders.
pub fn contains(state: &State, path: &Path) -> bool {
    state.session().folders.iter().any(|f| path.starts_with(f)) && path.is_file()
}

/// Checks a file as it is on disk — or not again, when neither its modification time and
/// length nor the configuration changed since it was.
pub async fn analyze_file(state: &State, path: PathBuf) -> Option<(Uri, Arc<DiskReport>)> {
    let uri = Uri::from_file_path(&path)?;
    let generation = state.generation();
    let stamp = match Stamp::of(&path) {
        Ok(stamp) => stamp,
        Err(e) => {
            tracing::warn!("{}: cannot read: {e}", path.display());
            lock(&state.disk).remove(&path);
            return None;
        }
    };
    let cached = lock(&state.disk).get(&path).cloned();
    if let Some(hit) = cached.filter(|d| d.stamp == stamp && d.generation == generation) {
        return Some((uri, hit));
    }
    let config = config_for(state, &uri);
    // Stamped before reading: a write in between is seen as a change next time.
    let result = tokio::task::spawn_blocking(move || {
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) => {
                tracing::warn!("{}: cannot read: {e}", path.display());
                return None;
            }
        };
        guard("analysis", || {
            DiskReport::check(path, stamp, generation, text, config)
        })
        .ok()
    })
    .await;
    let report = Arc::new(result.ok().flatten()?);
    if generation == state.generation() {
        lock(&state.disk).insert(report.path.clone(), report.clone());
    }
    Some((uri, report))
}

/// A report as a source of cross-year comparison.
pub fn source(state: &State, uri: &Uri, checked: Arc<dyn Checked>, version: Option<i32>) -> Source {
    Source {
        uri: uri.clone(),
        name: name_of(state, uri),
        checked,
        version,
    }
}

/// How messages name a report: its path in its workspace folder, else its file name.
fn name_of(state: &State, uri: &Uri) -> String {
    let Some(path) = file_path(uri) else {
        let path = uri.path().as_str();
        return path.rsplit('/').next().unwrap_or(path).to_string();
    };
    let folders = &state.session().folders;
    folders
        .iter()
        .find_map(|f| path.strip_prefix(f).ok())
        .unwrap_or_else(|| Path::new(path.file_name().unwrap_or_default()))
        .to_string_lossy()
        .into_owned()
}

/// Every report the server knows whose year key `wanted` accepts: open documents (their
/// analysis of the current version, else their latest) and workspace files on disk that are
/// not open — an open document takes precedence over its file.
pub fn sources(state: &State, wanted: impl Fn(Option<&Key>) -> bool) -> Vec<Source> {
    let mut open_paths = HashSet::new();
    let mut found: Vec<(Uri, Arc<dyn Checked>, Option<i32>)> = Vec::new();
    {
        let docs = lock(&state.docs);
        let latest = lock(&state.latest);
        for (uri, open) in docs.iter() {
            open_paths.extend(file_path(uri));
            let Some(snapshot) = open.snapshot.as_ref().or_else(|| latest.get(uri)) else {
                continue;
            };
            if wanted(snapshot.key().as_ref()) {
                found.push((uri.clone(), snapshot.clone(), Some(snapshot.version)));
            }
        }
    }
    for (path, disk) in lock(&state.disk).iter() {
        if open_paths.contains(path) || !wanted(disk.key.as_ref()) {
            continue;
        }
        if let Some(uri) = Uri::from_file_path(path) {
            found.push((uri, disk.clone(), None));
        }
    }
    found
        .into_iter()
        .map(|(uri, checked, version)| source(state, &uri, checked, version))
        .collect()
}

/// Whether a source is still what its report is: an open document's analysis of its current
/// version, or a file on disk that is not open.
pub fn still_current(state: &State, source: &Source) -> bool {
    let docs = lock(&state.docs);
    match source.version {
        Some(version) => docs
            .get(&source.uri)
            .is_some_and(|o| o.doc.version == version),
        None => !docs.contains_key(&source.uri),
    }
}

/// Folders never worth walking for reports.
const SKIP: &[&str] = &["target", "node_modules", ".git"];

fn collect_reports(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) {
    // A bound on depth guards against symlink loops.
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    if depth > 16 {
        return;
    }
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let hidden = name.to_string_lossy().starts_with('.');
        if path.is_dir() && !hidden && !SKIP.contains(&&*name.to_string_lossy()) {
            collect_reports(&path, out, depth + 1);
        } else if path.extension().is_some_and(|e| e == "nianbao") {
            out.push(path);
        }
    }
}
