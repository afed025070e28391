//! Diagnostics out: *when* they are published and what goes in them. Change this file to change
//! when diagnostics are published.
//!
//! - Push (`publishDiagnostics`): every edit or open schedules an analysis of the document's
//!   current version; its diagnostics are published under one async lock and only if that
//!   version is still the document's current one — a stale result is dropped, never published
//!   over a newer one. A report's diagnostics are its own findings and its cross-year warnings
//!   against last year's report; when a report changes, the reports of the next year are
//!   published again if their cross-year warnings changed. Workspace files that are not open
//!   are published at start-up, after a configuration change and when they change on disk.
//! - Pull (`textDocument/diagnostic`, `workspace/diagnostic`): `pull` gives a report its result
//!   id, which changes whenever its diagnostics may; the handlers answer `unchanged` when the
//!   client already has that id.

use crate::analysis::{self, Job};
use crate::backend::Backend;
use crate::convert::{self, Lines};
use crate::guard::lock;
use crate::reports::{Checked, DiskReport, Key};
use crate::snapshot::Snapshot;
use crate::state::{file_path, Published, State};
use crate::workspace;
use crate::years::{self, Source};
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

/// Sends `textDocument/publishDiagnostics` through our own writer, serialised straight from the
/// typed params (tower-lsp-server's `Client::publish_diagnostics` would build a
/// `serde_json::Value` of them first). Every publication goes through here, into one queue, so
/// publications keep the order they are made in. This returns once the publication is queued,
/// so it also stays after any request to the client awaited before it (the watcher
/// registration, `workspace/diagnostic/refresh`) and before any sent after it. Like the
/// `Client`, this never publishes before `initialize` has been answered: tower-lsp-server
/// dispatches no notification before that, and every publication follows one (`initialized`,
/// `didOpen`, `didChange`, …); after `exit` the writer has stopped and the publication is
/// dropped.
pub async fn publish_diagnostics(
    server: &Backend,
    uri: Uri,
    diagnostics: Vec<Diagnostic>,
    version: Option<i32>,
) {
    // A diagnostic of the city report is ~270 bytes of JSON; those with related cells more.
    let size = 256 + 320 * diagnostics.len();
    let params = PublishDiagnosticsParams::new(uri, diagnostics, version);
    server
        .outbox
        .notify::<notification::PublishDiagnostics>(&params, size)
        .await;
}

/// Asks a pulling client to pull again (when it supports it).
pub async fn refresh(server: &Backend) {
    if server.state.session().refresh_diagnostics {
        if let Err(e) = server.client.workspace_diagnostic_refresh().await {
            tracing::debug!("workspace/diagnostic/refresh: {}", e.message);
        }
    }
}

/// Publishes the problems of the configuration files in use (and clears fixed ones), when one
/// has been (re)read since the last time.
pub async fn publish_config_errors(server: &Backend) {
    if !server.state.configs_loaded.swap(false, Ordering::SeqCst) {
        return;
    }
    let files: Vec<(PathBuf, Option<crate::settings::FileError>)> = lock(&server.state.configs)
        .iter()
        .map(|(path, result)| (path.clone(), result.as_ref().err().cloned()))
        .collect();
    for (path, error) in files {
        let Some(uri) = Uri::from_file_path(&path) else {
            continue;
        };
        let diagnostics = error
            .into_iter()
            .map(|e| {
                tracing::warn!(
                    "{}:{}:{}: {}",
                    e.path.display(),
                    e.line + 1,
                    e.column + 1,
                    e.message
                );
                let at = Position::new(e.line, e.column);
                Diagnostic {
                    range: Range::new(at, Position::new(e.line, e.column + 1)),
                    severity: Some(DiagnosticSeverity::ERROR),
                    source: Some(convert::SOURCE.into()),
                    message: e.message,
                    ..Diagnostic::default()
                }
            })
            .collect();
        publish_diagnostics(server, uri, diagnostics, None).await;
    }
}

/// Analyses the document's current version and publishes its diagnostics, unless a newer
/// version arrives first. Returns at once; the work runs on its own task.
pub fn schedule(server: &Backend, uri: &Uri) {
    let Some(job) = Job::of(&server.state, uri) else {
        return;
    };
    let server = server.clone();
    tokio::spawn(async move {
        let (uri, version, generation) = (job.uri.clone(), job.version, job.generation);
        // A burst of edits: only the last one is worth analysing.
        if !server.state.is_current(&uri, version, generation) {
            return;
        }
        match analysis::analyze(&server.state, job).await {
            Ok(snapshot) => publish_analysis(&server, &uri, &snapshot).await,
            Err(e) => tracing::error!("{}: {}", uri.as_str(), e.message),
        }
    });
}

/// Publishes a fresh analysis of an open document, if it is still current.
async fn publish_analysis(server: &Backend, uri: &Uri, snapshot: &Arc<Snapshot>) {
    let state = &server.state;
    // The analysis this one replaces, freed (a large document's takes milliseconds) only after
    // the diagnostics are out and the locks are released: declared first, dropped last.
    let _previous = {
        let docs = lock(&state.docs);
        if docs
            .get(uri)
            .is_some_and(|o| o.doc.version == snapshot.version)
        {
            lock(&state.latest).insert(uri.clone(), snapshot.clone())
        } else {
            None
        }
    };
    if !state.session().push {
        return;
    }
    let _order = state.publish.lock().await;
    if state.is_current(uri, snapshot.version, snapshot.generation) {
        let source = workspace::source(state, uri, snapshot.clone(), Some(snapshot.version));
        let before = publish_source(server, &source, true).await;
        publish_next_years(server, uri, &[before, snapshot.key()]).await;
    } else {
        tracing::debug!(
            "dropped diagnostics of {} v{}: superseded",
            uri.as_str(),
            snapshot.version
        );
    }
}

/// A report's own findings as diagnostics (with fixes in `data` when `version` is given).
fn own_diagnostics(
    state: &State,
    uri: &Uri,
    this: &dyn Checked,
    version: Option<i32>,
) -> Vec<Diagnostic> {
    let session = state.session();
    let lines = Lines {
        text: this.text(),
        index: this.index(),
        encoding: session.encoding,
    };
    this.findings()
        .iter()
        .map(|f| convert::diagnostic(f, &lines, uri, version, session.rule_docs.href(f.code)))
        .collect()
}

/// A report's cross-year warnings against the reports of its organ's previous year.
fn cross_year_diagnostics(state: &State, uri: &Uri, this: &dyn Checked) -> Vec<Diagnostic> {
    let Some(key) = this.key() else {
        return Vec::new();
    };
    let last = years::last_year(&key);
    let last_years = workspace::sources(state, |k| k == Some(&last));
    if last_years.is_empty() {
        return Vec::new();
    }
    let session = state.session();
    years::diagnostics(uri, this, &last_years, session.encoding, &session.rule_docs)
}

/// Publishes a report's diagnostics — its findings and its cross-year warnings — unless `force`
/// is off and its cross-year warnings are those last published. The caller holds the publish
/// lock. Returns the report's year key as last published before (if it was).
async fn publish_source(server: &Backend, source: &Source, force: bool) -> Option<Key> {
    let state = &server.state;
    let cross = cross_year_diagnostics(state, &source.uri, &*source.checked);
    let digest = years::digest(&cross);
    let before = lock(&state.published)
        .get(&source.uri)
        .map(|p| (p.key.clone(), p.digest));
    if !force && before.as_ref().is_some_and(|(_, d)| *d == digest) {
        return before.and_then(|(key, _)| key);
    }
    let mut diagnostics = own_diagnostics(state, &source.uri, &*source.checked, source.version);
    diagnostics.extend(cross);
    publish_diagnostics(server, source.uri.clone(), diagnostics, source.version).await;
    lock(&state.published).insert(
        source.uri.clone(),
        Published {
            key: source.checked.key(),
            digest,
        },
    );
    before.and_then(|(key, _)| key)
}

/// After a report changed (its text, or whether it is open): the reports of the next year after
/// what it was and what it is are compared with it, so they are published again if their
/// cross-year warnings changed. The caller holds the publish lock.
async fn publish_next_years(server: &Backend, changed: &Uri, keys: &[Option<Key>]) {
    let next: Vec<Key> = keys.iter().flatten().map(years::next_year).collect();
    if next.is_empty() {
        return;
    }
    for source in workspace::sources(&server.state, |k| k.is_some_and(|k| next.contains(k))) {
        if &source.uri != changed && workspace::still_current(&server.state, &source) {
            publish_source(server, &source, false).await;
        }
    }
}

/// Publishes what a report that is not open now is: the file on disk, or nothing.
pub async fn publish_closed(server: &Backend, uri: &Uri, on_disk: Option<Arc<DiskReport>>) {
    let state = &server.state;
    let _order = state.publish.lock().await;
    if lock(&state.docs).contains_key(uri) {
        return;
    }
    let (before, now) = match on_disk {
        Some(disk) => {
            let key = disk.key.clone();
            let source = workspace::source(state, uri, disk, None);
            (publish_source(server, &source, true).await, key)
        }
        None => {
            publish_diagnostics(server, uri.clone(), Vec::new(), None).await;
            let before = lock(&state.published).remove(uri);
            (before.and_then(|p| p.key), None)
        }
    };
    publish_next_years(server, uri, &[before, now]).await;
}

/// Checks every workspace report that is not open and publishes its diagnostics (start-up, and
/// after a configuration change), on a task of its own: a large workspace must not hold up the
/// handler that asked for it.
pub fn publish_workspace(server: &Backend) {
    let server = server.clone();
    tokio::spawn(async move { publish_workspace_now(&server).await });
}

async fn publish_workspace_now(server: &Backend) {
    let state = &server.state;
    // Every file is checked first, pull or push: each is last year's report of another one,
    // possibly open, and a report is published complete with its cross-year warnings.
    let files = workspace::files(state);
    for path in &files {
        workspace::analyze_file(state, path.clone()).await;
    }
    lock(&state.disk).retain(|path, _| files.binary_search(path).is_ok());
    if !state.session().push {
        refresh(server).await;
        return;
    }
    for source in workspace::sources(state, |_| true) {
        let _order = state.publish.lock().await;
        if workspace::still_current(state, &source) {
            // Files on disk always (the configuration may have changed); open documents only
            // if their cross-year warnings did, now the files are known.
            publish_source(server, &source, source.version.is_none()).await;
        }
    }
}

/// A report for a pulling client.
pub struct Pulled {
    uri: Uri,
    /// Changes whenever its diagnostics may: configuration, version or file stamp, cross-year
    /// warnings.
    pub id: String,
    checked: Arc<dyn Checked>,
    version: Option<i32>,
    cross: Vec<Diagnostic>,
}

/// A report for a pulling client: its result id and its cross-year warnings; its own
/// diagnostics are converted (`items`) only if the client lacks them.
pub async fn pull(
    state: &State,
    uri: &Uri,
    checked: Arc<dyn Checked>,
    version: Option<i32>,
) -> Result<Pulled> {
    // Last year's report may be open and edited: compare with its current text.
    if checked.key().is_some() {
        analysis::analyse_open(state).await?;
    }
    let cross = cross_year_diagnostics(state, uri, &*checked);
    let generation = state.generation();
    let at = match version {
        Some(version) => format!("v{version}"),
        None => {
            let stamp = file_path(uri).and_then(|p| lock(&state.disk).get(&p).map(|d| d.stamp));
            format!("d{}", stamp.map_or_else(String::new, |s| s.id()))
        }
    };
    let id = format!("{generation}:{at}:{:x}", years::digest(&cross));
    Ok(Pulled {
        uri: uri.clone(),
        id,
        checked,
        version,
        cross,
    })
}

impl Pulled {
    /// All its diagnostics: its own findings and its cross-year warnings.
    pub fn items(&self, state: &State) -> Vec<Diagnostic> {
        let mut items = own_diagnostics(state, &self.uri, &*self.checked, self.version);
        items.extend(self.cross.iter().cloned());
        items
    }
}
