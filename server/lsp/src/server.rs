//! The server: documents, configuration, the order of mutations and of published diagnostics,
//! and the LSP handlers.
//!
//! Ordering. tower-lsp-server polls handlers concurrently, so each handler that mutates state
//! does all of it synchronously, under a std mutex, before its first `.await`: handlers are
//! started in arrival order, so mutations apply in arrival order. Analyses run on the blocking
//! pool; each carries the document version (and configuration generation) it was computed
//! from, and diagnostics are published under one async lock and only if that version is still
//! the document's current one — a stale result is dropped, never published over a newer one.

use crate::convert::{self, Lines};
use crate::document::{Change, Document, Pos};
use crate::features;
use crate::reports::{Checked, DiskReport, Key, Stamp};
use crate::rule_docs::RuleDocs;
use crate::settings::{self, FileError, Settings};
use crate::transport::{self, Outbox};
use crate::years::{self, Source};
use nianbao_core::incremental::Memo;
use nianbao_core::text::{Encoding, LineIndex};
use nianbao_core::{Analysis, Config, Tree};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock};
use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

/// Serves until `exit`; returns whether `shutdown` came first.
pub async fn serve(
    stdin: impl AsyncRead + Unpin + Send + 'static,
    stdout: impl AsyncWrite + Unpin + Send + 'static,
) -> bool {
    let shutdown = Arc::new(AtomicBool::new(false));
    let flag = shutdown.clone();
    // tower-lsp-server writes into a pipe; one writer owns stdout (see `transport`).
    let (framework_out, outbox, writer) = transport::output(stdout);
    let builder = LspService::build(move |client| Backend::new(client, outbox, flag))
        .custom_method(transport::INVALID_MESSAGE, Backend::invalid_message);
    // A request that panics on purpose, so the tests can prove a panic is answered as an error
    // and the server keeps serving. Debug builds only.
    #[cfg(debug_assertions)]
    let builder = builder.custom_method("nianbao/testPanic", Backend::test_panic);
    let (service, socket) = builder.finish();
    Server::new(transport::guarded(stdin), framework_out, socket)
        .serve(service)
        .await;
    // The framework's output has ended; what is queued is written before the process exits.
    if let Err(e) = writer.await {
        tracing::error!("the output writer failed: {e}");
    }
    shutdown.load(Ordering::SeqCst)
}

/// A document analysed at one version: everything a request needs, immutable.
pub struct Snapshot {
    pub version: i32,
    generation: u64,
    pub text: Arc<str>,
    pub index: LineIndex,
    pub analysis: Analysis,
    pub config: Arc<Config>,
}

impl Snapshot {
    pub fn lines(&self, encoding: Encoding) -> Lines<'_> {
        Lines {
            text: &self.text,
            index: &self.index,
            encoding,
        }
    }
}

/// What an analysis needs, taken from the store under its lock.
struct Job {
    uri: Uri,
    version: i32,
    generation: u64,
    text: Arc<str>,
    tree: Tree,
    config: Arc<Config>,
    /// The document's memo, so that a keystroke re-analyses only what it touched.
    memo: Arc<Mutex<Memo>>,
}

impl Job {
    fn run(self) -> Snapshot {
        let started = std::time::Instant::now();
        // After a panic inside an analysis, start afresh rather than trust what it left.
        let mut memo = self.memo.lock().unwrap_or_else(|poisoned| {
            let mut memo = poisoned.into_inner();
            *memo = Memo::new();
            memo
        });
        let analysis = memo.analyze(&self.text, self.tree, &self.config);
        let reused = memo.reused();
        drop(memo);
        tracing::debug!(
            "analysed {} v{} in {:.1?} ({reused:?})",
            self.uri.as_str(),
            self.version,
            started.elapsed()
        );
        Snapshot {
            version: self.version,
            generation: self.generation,
            index: LineIndex::new(&self.text),
            text: self.text,
            analysis,
            config: self.config,
        }
    }
}

struct Open {
    doc: Document,
    config: Arc<Config>,
    snapshot: Option<Arc<Snapshot>>,
}

struct Session {
    encoding: Encoding,
    /// Push diagnostics (`publishDiagnostics`); off when the client pulls them itself.
    push: bool,
    folders: Vec<PathBuf>,
    settings: Settings,
    rule_docs: RuleDocs,
    /// Off only for the benchmark's baseline (`NIANBAO_LSP_REPARSE=full`).
    incremental: bool,
    pull_configuration: bool,
    watch_registration: bool,
    refresh_diagnostics: bool,
    versioned_edits: bool,
    /// The client resolves code actions' `edit` (and keeps their `data`): bulky edits are
    /// computed only for the action chosen.
    lazy_actions: bool,
}

struct State {
    docs: Mutex<HashMap<Uri, Open>>,
    session: RwLock<Session>,
    /// Parsed `nianbao.toml` files, by path, until one changes.
    configs: Mutex<HashMap<PathBuf, std::result::Result<Arc<Config>, FileError>>>,
    /// Set when a `nianbao.toml` is read, so its problems are published once.
    configs_loaded: AtomicBool,
    /// Bumped whenever the configuration changes; part of every result's identity.
    generation: AtomicU64,
    /// Held while publishing, so publications of one document never overtake each other.
    publish: tokio::sync::Mutex<()>,
    /// Workspace files as they are on disk, checked once per content (see `reports`).
    disk: Mutex<HashMap<PathBuf, Arc<DiskReport>>>,
    /// The latest analysis of each open document, kept while the next one runs, so the report
    /// of the next year compared with it keeps its warnings meanwhile.
    latest: Mutex<HashMap<Uri, Arc<Snapshot>>>,
    /// What was last published for each report: its year and the digest of its cross-year
    /// warnings, to republish the reports of the next year only when those change.
    published: Mutex<HashMap<Uri, Published>>,
    shutdown: Arc<AtomicBool>,
}

/// A report about to be answered to a pulling client.
struct Pulled {
    uri: Uri,
    id: String,
    checked: Arc<dyn Checked>,
    version: Option<i32>,
    cross: Vec<Diagnostic>,
}

struct Published {
    key: Option<Key>,
    digest: u64,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock is caught and logged elsewhere; the data stays usable.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Runs a pure computation, turning a panic into an error response (the panic hook has logged
/// it with its location): one bad request must not take the server down.
fn guard<T>(what: &str, f: impl FnOnce() -> T) -> Result<T> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|_| {
        tracing::error!("{what} panicked; answered with an internal error");
        let mut error = Error::internal_error();
        error.message = format!("nianbao: internal error in {what} (see the server log)").into();
        error
    })
}

#[derive(Clone)]
pub struct Backend {
    client: Client,
    /// Where diagnostics are published: our own writer, not `client` (see `publish_diagnostics`).
    outbox: Outbox,
    state: Arc<State>,
}

impl Backend {
    fn new(client: Client, outbox: Outbox, shutdown: Arc<AtomicBool>) -> Backend {
        let incremental = std::env::var("NIANBAO_LSP_REPARSE").map_or(true, |v| v != "full");
        let session = Session {
            encoding: Encoding::Utf16,
            push: true,
            folders: Vec::new(),
            settings: Settings::default(),
            rule_docs: RuleDocs::none(),
            incremental,
            pull_configuration: false,
            watch_registration: false,
            refresh_diagnostics: false,
            versioned_edits: false,
            lazy_actions: false,
        };
        let state = State {
            docs: Mutex::new(HashMap::new()),
            session: RwLock::new(session),
            configs: Mutex::new(HashMap::new()),
            configs_loaded: AtomicBool::new(false),
            generation: AtomicU64::new(0),
            publish: tokio::sync::Mutex::new(()),
            disk: Mutex::new(HashMap::new()),
            latest: Mutex::new(HashMap::new()),
            published: Mutex::new(HashMap::new()),
            shutdown,
        };
        Backend {
            client,
            outbox,
            state: Arc::new(state),
        }
    }

    /// Sends `textDocument/publishDiagnostics` through our own writer, serialised straight
    /// from the typed params (tower-lsp-server's `Client::publish_diagnostics` would build a
    /// `serde_json::Value` of them first). Every publication goes through here, into one queue,
    /// so publications keep the order they are made in. This returns once the publication is
    /// queued, so it also stays after any request to the client awaited before it (the
    /// watcher registration, `workspace/diagnostic/refresh`) and before any sent after it.
    /// Like the `Client`, this never publishes before `initialize` has been answered:
    /// tower-lsp-server dispatches no notification before that, and every publication follows
    /// one (`initialized`, `didOpen`, `didChange`, …); after `exit` the writer has stopped and
    /// the publication is dropped.
    async fn publish_diagnostics(
        &self,
        uri: Uri,
        diagnostics: Vec<Diagnostic>,
        version: Option<i32>,
    ) {
        // A diagnostic of the city report is ~270 bytes of JSON; those with related cells more.
        let size = 256 + 320 * diagnostics.len();
        let params = PublishDiagnosticsParams::new(uri, diagnostics, version);
        self.outbox
            .notify::<notification::PublishDiagnostics>(&params, size)
            .await;
    }

    /// The answer to a message the transport guard could not pass on (see `transport`).
    async fn invalid_message(&self, params: Value) -> Result<Value> {
        let code = params["code"].as_i64().unwrap_or(-32600);
        let message = params["message"]
            .as_str()
            .unwrap_or("invalid message")
            .to_string();
        Err(Error {
            code: code.into(),
            message: message.into(),
            data: None,
        })
    }

    #[cfg(debug_assertions)]
    async fn test_panic(&self, _: Value) -> Result<Value> {
        guard("nianbao/testPanic", || {
            panic!("a panic asked for by nianbao/testPanic")
        })
    }

    fn session(&self) -> std::sync::RwLockReadGuard<'_, Session> {
        self.state
            .session
            .read()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn encoding(&self) -> Encoding {
        self.session().encoding
    }

    /// The configuration of a document: its nearest `nianbao.toml` under the editor's settings.
    fn config_for(&self, uri: &Uri) -> Arc<Config> {
        let (settings, fallback) = {
            let session = self.session();
            (session.settings.clone(), session.folders.first().cloned())
        };
        let dir = file_path(uri)
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .or(fallback);
        let file = dir.as_deref().and_then(settings::discover).map(|path| {
            lock(&self.state.configs)
                .entry(path.clone())
                .or_insert_with(|| {
                    self.state.configs_loaded.store(true, Ordering::SeqCst);
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

    /// Publishes the problems of the configuration files in use (and clears fixed ones), when
    /// one has been (re)read since the last time.
    async fn publish_config_errors(&self) {
        if !self.state.configs_loaded.swap(false, Ordering::SeqCst) {
            return;
        }
        let files: Vec<(PathBuf, Option<FileError>)> = lock(&self.state.configs)
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
            self.publish_diagnostics(uri, diagnostics, None).await;
        }
    }

    fn job(&self, uri: &Uri) -> Option<Job> {
        let docs = lock(&self.state.docs);
        let open = docs.get(uri)?;
        Some(Job {
            uri: uri.clone(),
            version: open.doc.version,
            generation: self.state.generation.load(Ordering::SeqCst),
            text: open.doc.text().clone(),
            tree: open.doc.tree(),
            config: open.config.clone(),
            memo: open.doc.memo(),
        })
    }

    fn is_current(&self, uri: &Uri, version: i32, generation: u64) -> bool {
        generation == self.state.generation.load(Ordering::SeqCst)
            && lock(&self.state.docs)
                .get(uri)
                .is_some_and(|o| o.doc.version == version)
    }

    /// Analyses on the blocking pool, and keeps the result if it is still current.
    async fn analyze(&self, job: Job) -> Result<Arc<Snapshot>> {
        let uri = job.uri.clone();
        let snapshot = tokio::task::spawn_blocking(move || guard("analysis", || job.run()))
            .await
            .map_err(|e| {
                tracing::error!("analysis task failed: {e}");
                Error::internal_error()
            })??;
        let snapshot = Arc::new(snapshot);
        // The snapshot replaced is freed after the lock is released (if this held its last
        // reference; usually `latest` still does, until the new one is published).
        let _replaced = match lock(&self.state.docs).get_mut(&uri) {
            Some(open)
                if open.doc.version == snapshot.version
                    && snapshot.generation == self.state.generation.load(Ordering::SeqCst) =>
            {
                open.snapshot.replace(snapshot.clone())
            }
            _ => None,
        };
        Ok(snapshot)
    }

    /// The analysis of an open document's current text (`None` if the document is not open).
    async fn snapshot(&self, uri: &Uri) -> Result<Option<Arc<Snapshot>>> {
        let generation = self.state.generation.load(Ordering::SeqCst);
        {
            let docs = lock(&self.state.docs);
            let Some(open) = docs.get(uri) else {
                tracing::debug!("request for a document that is not open: {}", uri.as_str());
                return Ok(None);
            };
            if let Some(snapshot) = open
                .snapshot
                .as_ref()
                .filter(|s| s.version == open.doc.version && s.generation == generation)
            {
                return Ok(Some(snapshot.clone()));
            }
        }
        let Some(job) = self.job(uri) else {
            return Ok(None);
        };
        self.analyze(job).await.map(Some)
    }

    /// Analyses the document's current version and publishes its diagnostics, unless a newer
    /// version arrives first. Returns at once; the work runs on its own task.
    fn schedule(&self, uri: &Uri) {
        let Some(job) = self.job(uri) else { return };
        let this = self.clone();
        tokio::spawn(async move {
            let (uri, version, generation) = (job.uri.clone(), job.version, job.generation);
            // A burst of edits: only the last one is worth analysing.
            if !this.is_current(&uri, version, generation) {
                return;
            }
            match this.analyze(job).await {
                Ok(snapshot) => this.publish(&uri, &snapshot).await,
                Err(e) => tracing::error!("{}: {}", uri.as_str(), e.message),
            }
        });
    }

    async fn publish(&self, uri: &Uri, snapshot: &Arc<Snapshot>) {
        // The analysis this one replaces, freed (a large document's takes milliseconds) only
        // after the diagnostics are out and the locks are released: declared first, dropped last.
        let _previous = {
            let docs = lock(&self.state.docs);
            if docs
                .get(uri)
                .is_some_and(|o| o.doc.version == snapshot.version)
            {
                lock(&self.state.latest).insert(uri.clone(), snapshot.clone())
            } else {
                None
            }
        };
        if !self.session().push {
            return;
        }
        let _order = self.state.publish.lock().await;
        if self.is_current(uri, snapshot.version, snapshot.generation) {
            let source = self.source(uri, snapshot.clone(), Some(snapshot.version));
            let before = self.publish_source(&source, true).await;
            self.publish_next_years(uri, &[before, snapshot.key()])
                .await;
        } else {
            tracing::debug!(
                "dropped diagnostics of {} v{}: superseded",
                uri.as_str(),
                snapshot.version
            );
        }
    }

    /// A report as a source of cross-year comparison.
    fn source(&self, uri: &Uri, checked: Arc<dyn Checked>, version: Option<i32>) -> Source {
        Source {
            uri: uri.clone(),
            name: self.name_of(uri),
            checked,
            version,
        }
    }

    /// How messages name a report: its path in its workspace folder, else its file name.
    fn name_of(&self, uri: &Uri) -> String {
        let Some(path) = file_path(uri) else {
            let path = uri.path().as_str();
            return path.rsplit('/').next().unwrap_or(path).to_string();
        };
        let folders = &self.session().folders;
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
    fn sources(&self, wanted: impl Fn(Option<&Key>) -> bool) -> Vec<Source> {
        let mut open_paths = HashSet::new();
        let mut found: Vec<(Uri, Arc<dyn Checked>, Option<i32>)> = Vec::new();
        {
            let docs = lock(&self.state.docs);
            let latest = lock(&self.state.latest);
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
        for (path, disk) in lock(&self.state.disk).iter() {
            if open_paths.contains(path) || !wanted(disk.key.as_ref()) {
                continue;
            }
            if let Some(uri) = Uri::from_file_path(path) {
                found.push((uri, disk.clone(), None));
            }
        }
        found
            .into_iter()
            .map(|(uri, checked, version)| self.source(&uri, checked, version))
            .collect()
    }

    /// A report's own findings as diagnostics (with fixes in `data` when `version` is given).
    fn own_diagnostics(
        &self,
        uri: &Uri,
        this: &dyn Checked,
        version: Option<i32>,
    ) -> Vec<Diagnostic> {
        let session = self.session();
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
    fn cross_year_diagnostics(&self, uri: &Uri, this: &dyn Checked) -> Vec<Diagnostic> {
        let Some(key) = this.key() else {
            return Vec::new();
        };
        let last = years::last_year(&key);
        let last_years = self.sources(|k| k == Some(&last));
        if last_years.is_empty() {
            return Vec::new();
        }
        let session = self.session();
        years::diagnostics(uri, this, &last_years, session.encoding, &session.rule_docs)
    }

    /// Whether a source is still what its report is: an open document's analysis of its current
    /// version, or a file on disk that is not open.
    fn still_current(&self, source: &Source) -> bool {
        let docs = lock(&self.state.docs);
        match source.version {
            Some(version) => docs
                .get(&source.uri)
                .is_some_and(|o| o.doc.version == version),
            None => !docs.contains_key(&source.uri),
        }
    }

    /// Publishes a report's diagnostics — its findings and its cross-year warnings — unless
    /// `force` is off and its cross-year warnings are those last published. The caller holds the
    /// publish lock. Returns the report's year key as last published before (if it was).
    async fn publish_source(&self, source: &Source, force: bool) -> Option<Key> {
        let cross = self.cross_year_diagnostics(&source.uri, &*source.checked);
        let digest = years::digest(&cross);
        let before = lock(&self.state.published)
            .get(&source.uri)
            .map(|p| (p.key.clone(), p.digest));
        if !force && before.as_ref().is_some_and(|(_, d)| *d == digest) {
            return before.and_then(|(key, _)| key);
        }
        let mut diagnostics = self.own_diagnostics(&source.uri, &*source.checked, source.version);
        diagnostics.extend(cross);
        self.publish_diagnostics(source.uri.clone(), diagnostics, source.version)
            .await;
        lock(&self.state.published).insert(
            source.uri.clone(),
            Published {
                key: source.checked.key(),
                digest,
            },
        );
        before.and_then(|(key, _)| key)
    }

    /// After a report changed (its text, or whether it is open): the reports of the next year
    /// after what it was and what it is are compared with it, so they are published again if
    /// their cross-year warnings changed. The caller holds the publish lock.
    async fn publish_next_years(&self, changed: &Uri, keys: &[Option<Key>]) {
        let next: Vec<Key> = keys.iter().flatten().map(years::next_year).collect();
        if next.is_empty() {
            return;
        }
        for source in self.sources(|k| k.is_some_and(|k| next.contains(k))) {
            if &source.uri != changed && self.still_current(&source) {
                self.publish_source(&source, false).await;
            }
        }
    }

    /// Publishes what a report that is not open now is: the file on disk, or nothing.
    async fn publish_closed(&self, uri: &Uri, on_disk: Option<Arc<DiskReport>>) {
        let _order = self.state.publish.lock().await;
        if lock(&self.state.docs).contains_key(uri) {
            return;
        }
        let (before, now) = match on_disk {
            Some(disk) => {
                let key = disk.key.clone();
                let source = self.source(uri, disk, None);
                (self.publish_source(&source, true).await, key)
            }
            None => {
                self.publish_diagnostics(uri.clone(), Vec::new(), None)
                    .await;
                let before = lock(&self.state.published).remove(uri);
                (before.and_then(|p| p.key), None)
            }
        };
        self.publish_next_years(uri, &[before, now]).await;
    }

    /// Brings every open document's analysis to its current version, so that a pulled report is
    /// compared with what the other years are now.
    async fn analyse_open(&self) -> Result<()> {
        let uris: Vec<Uri> = lock(&self.state.docs).keys().cloned().collect();
        for uri in uris {
            self.snapshot(&uri).await?;
        }
        Ok(())
    }

    /// A report for a pulling client: its result id — which changes whenever its diagnostics
    /// may (configuration, version or file stamp, cross-year warnings) — and its cross-year
    /// warnings; its own diagnostics are converted only if the client lacks them.
    async fn pull(
        &self,
        uri: &Uri,
        checked: Arc<dyn Checked>,
        version: Option<i32>,
    ) -> Result<Pulled> {
        // Last year's report may be open and edited: compare with its current text.
        if checked.key().is_some() {
            self.analyse_open().await?;
        }
        let cross = self.cross_year_diagnostics(uri, &*checked);
        let generation = self.state.generation.load(Ordering::SeqCst);
        let at = match version {
            Some(version) => format!("v{version}"),
            None => {
                let stamp =
                    file_path(uri).and_then(|p| lock(&self.state.disk).get(&p).map(|d| d.stamp));
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

    fn pulled_items(&self, pulled: &Pulled) -> Vec<Diagnostic> {
        let mut items = self.own_diagnostics(&pulled.uri, &*pulled.checked, pulled.version);
        items.extend(pulled.cross.iter().cloned());
        items
    }

    /// The answer to a request computed on `snapshot` — or ContentModified (`-32801`) when the
    /// document changed (or the configuration did) while it was computed: a stale hover,
    /// token set or edit would be shown on, or applied to, another text.
    async fn answer<T>(&self, uri: &Uri, snapshot: &Snapshot, result: Result<T>) -> Result<T> {
        // Tests stretch the computation so that an edit surely lands inside it. Debug builds only.
        #[cfg(debug_assertions)]
        if let Some(ms) = std::env::var("NIANBAO_LSP_TEST_DELAY_MS")
            .ok()
            .and_then(|v| v.parse::<u64>().ok())
        {
            let pause = std::time::Duration::from_millis(ms);
            let _ = tokio::task::spawn_blocking(move || std::thread::sleep(pause)).await;
        }
        if self.is_current(uri, snapshot.version, snapshot.generation) {
            result
        } else {
            tracing::debug!(
                "answered ContentModified: {} moved on from v{}",
                uri.as_str(),
                snapshot.version
            );
            Err(Error::content_modified())
        }
    }

    /// The `.nianbao` files of the workspace folders.
    fn workspace_files(&self) -> Vec<PathBuf> {
        let folders = self.session().folders.clone();
        let mut out = Vec::new();
        for folder in folders {
            collect_reports(&folder, &mut out, 0);
        }
        out.sort();
        out.dedup();
        out
    }

    /// Checks a file as it is on disk — or not again, when neither its modification time and
    /// length nor the configuration changed since it was.
    async fn analyze_file(&self, path: PathBuf) -> Option<(Uri, Arc<DiskReport>)> {
        let uri = Uri::from_file_path(&path)?;
        let generation = self.state.generation.load(Ordering::SeqCst);
        let stamp = match Stamp::of(&path) {
            Ok(stamp) => stamp,
            Err(e) => {
                tracing::warn!("{}: cannot read: {e}", path.display());
                lock(&self.state.disk).remove(&path);
                return None;
            }
        };
        let cached = lock(&self.state.disk).get(&path).cloned();
        if let Some(hit) = cached.filter(|d| d.stamp == stamp && d.generation == generation) {
            return Some((uri, hit));
        }
        let config = self.config_for(&uri);
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
        if generation == self.state.generation.load(Ordering::SeqCst) {
            lock(&self.state.disk).insert(report.path.clone(), report.clone());
        }
        Some((uri, report))
    }

    /// Checks every workspace report that is not open and publishes its diagnostics (start-up,
    /// and after a configuration change), on a task of its own: a large workspace must not hold
    /// up the handler that asked for it.
    fn publish_workspace(&self) {
        let this = self.clone();
        tokio::spawn(async move { this.publish_workspace_now().await });
    }

    async fn publish_workspace_now(&self) {
        // Every file is checked first, pull or push: each is last year's report of another
        // one, possibly open, and a report is published complete with its cross-year warnings.
        let files = self.workspace_files();
        for path in &files {
            self.analyze_file(path.clone()).await;
        }
        lock(&self.state.disk).retain(|path, _| files.binary_search(path).is_ok());
        if !self.session().push {
            if self.session().refresh_diagnostics {
                if let Err(e) = self.client.workspace_diagnostic_refresh().await {
                    tracing::debug!("workspace/diagnostic/refresh: {}", e.message);
                }
            }
            return;
        }
        for source in self.sources(|_| true) {
            let _order = self.state.publish.lock().await;
            if self.still_current(&source) {
                // Files on disk always (the configuration may have changed); open documents
                // only if their cross-year warnings did, now the files are known.
                self.publish_source(&source, source.version.is_none()).await;
            }
        }
    }

    /// After a configuration change: new configurations, every document analysed again.
    async fn reload(&self) {
        self.state.generation.fetch_add(1, Ordering::SeqCst);
        let uris: Vec<Uri> = lock(&self.state.docs).keys().cloned().collect();
        for uri in &uris {
            let config = self.config_for(uri);
            if let Some(open) = lock(&self.state.docs).get_mut(uri) {
                open.config = config;
                open.snapshot = None;
            }
            self.schedule(uri);
        }
        self.publish_config_errors().await;
        if self.session().refresh_diagnostics {
            if let Err(e) = self.client.workspace_diagnostic_refresh().await {
                tracing::debug!("workspace/diagnostic/refresh: {}", e.message);
            }
        }
        self.publish_workspace();
    }

    fn set_settings(&self, value: &Value) {
        match Settings::from_json(value) {
            Ok(settings) => {
                let mut session = self
                    .state
                    .session
                    .write()
                    .unwrap_or_else(PoisonError::into_inner);
                session.settings = settings;
            }
            Err(e) => {
                tracing::warn!("ignoring settings: {e}");
                let client = self.client.clone();
                tokio::spawn(async move {
                    client
                        .show_message(MessageType::WARNING, format!("nianbao: {e}"))
                        .await
                });
            }
        }
    }
}

fn file_path(uri: &Uri) -> Option<PathBuf> {
    (uri.scheme().as_str() == "file")
        .then(|| uri.to_file_path().map(|p| p.into_owned()))
        .flatten()
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

fn client_pulls(capabilities: &ClientCapabilities) -> bool {
    capabilities
        .text_document
        .as_ref()
        .is_some_and(|t| t.diagnostic.is_some())
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let caps = &params.capabilities;
        let (encoding, encoding_kind) = convert::negotiate(caps);
        let mut folders: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| file_path(&f.uri))
            .collect();
        #[allow(deprecated)]
        // `rootUri` is superseded by `workspaceFolders`, but older clients send only it.
        if folders.is_empty() {
            folders.extend(params.root_uri.as_ref().and_then(file_path));
        }
        let options = params.initialization_options.clone().unwrap_or(Value::Null);
        if !options.is_null() {
            self.set_settings(&options);
        }
        let page = options
            .get("rulesDocumentation")
            .and_then(Value::as_str)
            .map(str::to_string);
        {
            let mut session = self
                .state
                .session
                .write()
                .unwrap_or_else(PoisonError::into_inner);
            let lang = session.settings.lang.unwrap_or_default();
            session.encoding = encoding;
            session.push = !client_pulls(caps);
            session.folders = folders;
            session.rule_docs = match page {
                Some(page) => RuleDocs::page(page),
                None => RuleDocs::bundled(lang),
            };
            let workspace = caps.workspace.as_ref();
            session.pull_configuration = workspace.and_then(|w| w.configuration).unwrap_or(false);
            session.watch_registration = workspace
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|w| w.dynamic_registration)
                .unwrap_or(false);
            session.refresh_diagnostics = workspace
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false);
            session.versioned_edits = workspace
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.document_changes)
                .unwrap_or(false);
            let code_action = caps
                .text_document
                .as_ref()
                .and_then(|t| t.code_action.as_ref());
            session.lazy_actions = code_action.is_some_and(|c| {
                c.data_support == Some(true)
                    && c.resolve_support
                        .as_ref()
                        .is_some_and(|r| r.properties.iter().any(|p| p == "edit"))
            });
            tracing::info!(
                "initialize: {encoding:?} positions, {} folder(s), push diagnostics: {}",
                session.folders.len(),
                session.push
            );
        }
        let legend = SemanticTokensLegend {
            token_types: features::TOKEN_TYPES.to_vec(),
            token_modifiers: features::TOKEN_MODIFIERS.to_vec(),
        };
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(encoding_kind),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec!["|".into(), "#".into()]),
                    ..CompletionOptions::default()
                }),
                references_provider: Some(OneOf::Left(true)),
                document_symbol_provider: Some(OneOf::Left(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::from(features::FIX_ALL),
                        ]),
                        resolve_provider: Some(true),
                        ..CodeActionOptions::default()
                    },
                )),
                document_formatting_provider: Some(OneOf::Left(true)),
                document_range_formatting_provider: Some(OneOf::Left(true)),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                semantic_tokens_provider: Some(
                    SemanticTokensServerCapabilities::SemanticTokensOptions(
                        SemanticTokensOptions {
                            legend,
                            full: Some(SemanticTokensFullOptions::Bool(true)),
                            range: Some(true),
                            ..SemanticTokensOptions::default()
                        },
                    ),
                ),
                inlay_hint_provider: Some(OneOf::Left(true)),
                diagnostic_provider: Some(DiagnosticServerCapabilities::Options(
                    DiagnosticOptions {
                        identifier: Some("nianbao".into()),
                        // Cross-year warnings: a report's diagnostics depend on last year's.
                        inter_file_dependencies: true,
                        workspace_diagnostics: true,
                        ..DiagnosticOptions::default()
                    },
                )),
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo {
                name: "nianbao".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        if self.session().watch_registration {
            let watchers = ["**/nianbao.toml", "**/*.nianbao"]
                .into_iter()
                .map(|glob| FileSystemWatcher {
                    glob_pattern: GlobPattern::String(glob.into()),
                    kind: None,
                })
                .collect();
            let options = DidChangeWatchedFilesRegistrationOptions { watchers };
            let registration = Registration {
                id: "nianbao-watch".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: serde_json::to_value(options).ok(),
            };
            if let Err(e) = self.client.register_capability(vec![registration]).await {
                tracing::warn!("cannot watch nianbao.toml: {}", e.message);
            }
        }
        self.publish_workspace();
    }

    async fn shutdown(&self) -> Result<()> {
        self.state.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let item = params.text_document;
        let config = self.config_for(&item.uri);
        let doc = match guard("didOpen", || Document::new(item.version, &item.text)) {
            Ok(doc) => doc,
            Err(_) => return,
        };
        lock(&self.state.docs).insert(
            item.uri.clone(),
            Open {
                doc,
                config,
                snapshot: None,
            },
        );
        self.schedule(&item.uri);
        self.publish_config_errors().await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let encoding = self.encoding();
        let changes: Vec<Change> = params
            .content_changes
            .into_iter()
            .map(|c| Change {
                range: c.range.map(|r| {
                    (
                        Pos {
                            line: r.start.line,
                            col: r.start.character,
                        },
                        Pos {
                            line: r.end.line,
                            col: r.end.character,
                        },
                    )
                }),
                text: c.text,
            })
            .collect();
        let incremental = self.session().incremental;
        // The analysis of the version before, freed (if this is its last reference) after the
        // lock is released.
        let _stale = {
            let mut docs = lock(&self.state.docs);
            let Some(open) = docs.get_mut(&uri) else {
                tracing::warn!(
                    "didChange for a document that is not open: {}",
                    uri.as_str()
                );
                return;
            };
            let version = params.text_document.version;
            if version <= open.doc.version {
                tracing::warn!(
                    "{}: version {version} after {}; applying anyway",
                    uri.as_str(),
                    open.doc.version
                );
            }
            let started = std::time::Instant::now();
            let applied = guard("didChange", || {
                open.doc.apply(version, &changes, encoding, incremental)
            });
            tracing::debug!(
                "applied v{version} and reparsed in {:.1?}",
                started.elapsed()
            );
            if applied.is_err() {
                // The rope may be half-edited; the client's next full sync or reopen repairs it.
                tracing::error!(
                    "{}: could not apply the change of version {version}",
                    uri.as_str()
                );
            }
            open.snapshot.take()
        };
        self.schedule(&uri);
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        lock(&self.state.docs).remove(&uri);
        lock(&self.state.latest).remove(&uri);
        // A workspace report is now the file on disk (for its diagnostics and as another year's
        // last year); others are gone.
        let in_workspace = file_path(&uri).is_some_and(|p| {
            self.session().folders.iter().any(|f| p.starts_with(f)) && p.is_file()
        });
        let on_disk = match in_workspace.then(|| file_path(&uri)).flatten() {
            Some(path) => self.analyze_file(path).await.map(|(_, disk)| disk),
            None => None,
        };
        if self.session().push {
            self.publish_closed(&uri, on_disk).await;
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let given = params.settings.get("nianbao").is_some()
            || params.settings.as_object().is_some_and(|o| {
                ["lang", "template", "rules"]
                    .iter()
                    .any(|k| o.contains_key(*k))
            });
        if given {
            self.set_settings(&params.settings);
        } else if self.session().pull_configuration {
            let item = ConfigurationItem {
                scope_uri: None,
                section: Some("nianbao".into()),
            };
            match self.client.configuration(vec![item]).await {
                Ok(values) => self.set_settings(values.first().unwrap_or(&Value::Null)),
                Err(e) => tracing::warn!("workspace/configuration: {}", e.message),
            }
        }
        self.reload().await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let config_changed = params.changes.iter().any(|c| {
            file_path(&c.uri)
                .is_some_and(|p| p.file_name().is_some_and(|n| n == settings::FILE_NAME))
        });
        if config_changed {
            let stale: Vec<PathBuf> = lock(&self.state.configs)
                .drain()
                .map(|(path, _)| path)
                .collect();
            // Clear the diagnostics of files that may no longer be in use (or exist).
            for path in stale {
                if let Some(uri) = Uri::from_file_path(&path) {
                    self.publish_diagnostics(uri, Vec::new(), None).await;
                }
            }
            self.reload().await;
            return;
        }
        let mut reports_changed = false;
        for change in params.changes {
            let Some(path) =
                file_path(&change.uri).filter(|p| p.extension().is_some_and(|e| e == "nianbao"))
            else {
                continue;
            };
            if lock(&self.state.docs).contains_key(&change.uri) {
                continue; // the editor's text takes precedence
            }
            reports_changed = true;
            let on_disk = if change.typ == FileChangeType::DELETED {
                lock(&self.state.disk).remove(&path);
                None
            } else {
                self.analyze_file(path).await.map(|(_, disk)| disk)
            };
            if self.session().push {
                self.publish_closed(&change.uri, on_disk).await;
            }
        }
        // A pulling client learns of a change on disk by pulling again.
        if reports_changed && !self.session().push && self.session().refresh_diagnostics {
            if let Err(e) = self.client.workspace_diagnostic_refresh().await {
                tracing::debug!("workspace/diagnostic/refresh: {}", e.message);
            }
        }
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let uri = params.text_document.uri;
        let pulled = match self.snapshot(&uri).await? {
            Some(snapshot) => Some(
                self.pull(&uri, snapshot.clone(), Some(snapshot.version))
                    .await?,
            ),
            // Not open: the file as it is on disk, if it is one.
            None => match file_path(&uri).filter(|p| p.is_file()) {
                Some(path) => match self.analyze_file(path).await {
                    Some((_, disk)) => Some(self.pull(&uri, disk, None).await?),
                    None => None,
                },
                None => None,
            },
        };
        let Some(pulled) = pulled else {
            let report = RelatedFullDocumentDiagnosticReport::default();
            return Ok(DocumentDiagnosticReportResult::Report(
                DocumentDiagnosticReport::Full(report),
            ));
        };
        let report = if params.previous_result_id.as_deref() == Some(pulled.id.as_str()) {
            DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                related_documents: None,
                unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                    result_id: pulled.id,
                },
            })
        } else {
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    items: self.pulled_items(&pulled),
                    result_id: Some(pulled.id),
                },
            })
        };
        Ok(DocumentDiagnosticReportResult::Report(report))
    }

    /// Answered from what is known: an unchanged file (same modification time and length, same
    /// configuration) is not read or checked again, and a file whose diagnostics are those the
    /// client already has (its `previousResultIds`) is reported `unchanged`.
    async fn workspace_diagnostic(
        &self,
        params: WorkspaceDiagnosticParams,
    ) -> Result<WorkspaceDiagnosticReportResult> {
        let mut previous: HashMap<Uri, String> = params
            .previous_result_ids
            .into_iter()
            .map(|p| (p.uri, p.value))
            .collect();
        let mut reports = Vec::new();
        for path in self.workspace_files() {
            let Some(uri) = Uri::from_file_path(&path) else {
                continue;
            };
            let checked: Option<(Arc<dyn Checked>, Option<i32>)> = match self.snapshot(&uri).await?
            {
                Some(snapshot) => {
                    let version = Some(snapshot.version);
                    Some((snapshot, version))
                }
                None => self
                    .analyze_file(path)
                    .await
                    .map(|(_, disk)| (disk as Arc<dyn Checked>, None)),
            };
            reports.extend(checked.map(|(checked, version)| (uri, checked, version)));
        }
        // Every report is known before any is compared with last year's.
        let mut items = Vec::new();
        for (uri, checked, version) in reports {
            let pulled = self.pull(&uri, checked, version).await?;
            let version = version.map(i64::from);
            if previous.remove(&uri).as_deref() == Some(pulled.id.as_str()) {
                items.push(WorkspaceDocumentDiagnosticReport::Unchanged(
                    WorkspaceUnchangedDocumentDiagnosticReport {
                        uri,
                        version,
                        unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                            result_id: pulled.id,
                        },
                    },
                ));
            } else {
                items.push(WorkspaceDocumentDiagnosticReport::Full(
                    WorkspaceFullDocumentDiagnosticReport {
                        version,
                        full_document_diagnostic_report: FullDocumentDiagnosticReport {
                            items: self.pulled_items(&pulled),
                            result_id: Some(pulled.id),
                        },
                        uri,
                    },
                ));
            }
        }
        // Reports the client knows that are gone (deleted, moved out): nothing any more.
        for uri in previous.into_keys() {
            if !lock(&self.state.docs).contains_key(&uri) {
                items.push(WorkspaceDocumentDiagnosticReport::Full(
                    WorkspaceFullDocumentDiagnosticReport {
                        uri,
                        version: None,
                        full_document_diagnostic_report: FullDocumentDiagnosticReport::default(),
                    },
                ));
            }
        }
        Ok(WorkspaceDiagnosticReportResult::Report(
            WorkspaceDiagnosticReport { items },
        ))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let at = params.text_document_position_params;
        let uri = at.text_document.uri;
        let Some(snapshot) = self.snapshot(&uri).await? else {
            return Ok(None);
        };
        let encoding = self.encoding();
        let result = guard("hover", || {
            features::hover(&snapshot, &snapshot.lines(encoding), at.position)
        });
        self.answer(&uri, &snapshot, result).await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let uri = params.text_document.uri;
        let Some(snapshot) = self.snapshot(&uri).await? else {
            return Ok(None);
        };
        let encoding = self.encoding();
        let result = guard("documentSymbol", || {
            Some(DocumentSymbolResponse::Nested(features::document_symbols(
                &snapshot,
                &snapshot.lines(encoding),
            )))
        });
        self.answer(&uri, &snapshot, result).await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let uri = params.text_document.uri;
        let Some(snapshot) = self.snapshot(&uri).await? else {
            return Ok(None);
        };
        let encoding = self.encoding();
        let result = guard("foldingRange", || {
            Some(features::folding_ranges(
                &snapshot,
                &snapshot.lines(encoding),
            ))
        });
        self.answer(&uri, &snapshot, result).await
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        let uri = params.text_document.uri;
        let Some(snapshot) = self.snapshot(&uri).await? else {
            return Ok(None);
        };
        let encoding = self.encoding();
        let result = guard("formatting", || {
            Some(features::formatting(
                &snapshot,
                &snapshot.lines(encoding),
                None,
            ))
        });
        self.answer(&uri, &snapshot, result).await
    }

    async fn range_formatting(
        &self,
        params: DocumentRangeFormattingParams,
    ) -> Result<Option<Vec<TextEdit>>> {
        let uri = params.text_document.uri;
        let Some(snapshot) = self.snapshot(&uri).await? else {
            return Ok(None);
        };
        let encoding = self.encoding();
        let result = guard("rangeFormatting", || {
            Some(features::formatting(
                &snapshot,
                &snapshot.lines(encoding),
                Some(params.range),
            ))
        });
        self.answer(&uri, &snapshot, result).await
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        let uri = params.text_document.uri;
        let Some(snapshot) = self.snapshot(&uri).await? else {
            return Ok(None);
        };
        let encoding = self.encoding();
        let result = guard("semanticTokens", || {
            let data = features::semantic_tokens(&snapshot, &snapshot.lines(encoding), None);
            Some(SemanticTokensResult::Tokens(SemanticTokens {
                result_id: None,
                data,
            }))
        });
        self.answer(&uri, &snapshot, result).await
    }

    async fn semantic_tokens_range(
        &self,
        params: SemanticTokensRangeParams,
    ) -> Result<Option<SemanticTokensRangeResult>> {
        let uri = params.text_document.uri;
        let Some(snapshot) = self.snapshot(&uri).await? else {
            return Ok(None);
        };
        let encoding = self.encoding();
        let result = guard("semanticTokens", || {
            let data =
                features::semantic_tokens(&snapshot, &snapshot.lines(encoding), Some(params.range));
            Some(SemanticTokensRangeResult::Tokens(SemanticTokens {
                result_id: None,
                data,
            }))
        });
        self.answer(&uri, &snapshot, result).await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let uri = params.text_document.uri;
        let Some(snapshot) = self.snapshot(&uri).await? else {
            return Ok(None);
        };
        let encoding = self.encoding();
        let result = guard("inlayHint", || {
            Some(features::inlay_hints(
                &snapshot,
                &snapshot.lines(encoding),
                params.range,
            ))
        });
        self.answer(&uri, &snapshot, result).await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let at = params.text_document_position;
        let uri = at.text_document.uri;
        let Some(snapshot) = self.snapshot(&uri).await? else {
            return Ok(None);
        };
        let encoding = self.encoding();
        let result = guard("completion", || {
            Some(CompletionResponse::Array(features::completion(
                &snapshot,
                &snapshot.lines(encoding),
                at.position,
            )))
        });
        self.answer(&uri, &snapshot, result).await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let at = params.text_document_position;
        let uri = at.text_document.uri;
        let Some(snapshot) = self.snapshot(&uri).await? else {
            return Ok(None);
        };
        let encoding = self.encoding();
        let include = params.context.include_declaration;
        let result = guard("references", || {
            Some(features::references(
                &snapshot,
                &snapshot.lines(encoding),
                &uri,
                at.position,
                include,
            ))
        });
        self.answer(&uri, &snapshot, result).await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri.clone();
        let Some(snapshot) = self.snapshot(&uri).await? else {
            return Ok(None);
        };
        let (encoding, options) = {
            let session = self.session();
            let options = features::ActionOptions {
                versioned: session.versioned_edits,
                lazy: session.lazy_actions,
            };
            (session.encoding, options)
        };
        // Fix-all reanalyses repeatedly: off the async threads.
        let (snap, at) = (snapshot.clone(), uri.clone());
        let actions = tokio::task::spawn_blocking(move || {
            guard("codeAction", || {
                features::code_actions(&snap, &snap.lines(encoding), &at, &params, options)
            })
        })
        .await
        .map_err(|_| Error::internal_error())?;
        self.answer(&uri, &snapshot, actions.map(Some)).await
    }

    async fn code_action_resolve(&self, action: CodeAction) -> Result<CodeAction> {
        let Some(data) = action
            .data
            .clone()
            .and_then(|d| serde_json::from_value::<features::ResolveData>(d).ok())
        else {
            // Not one of ours to resolve (or already complete): as it is.
            return Ok(action);
        };
        let snapshot = match self.snapshot(&data.uri).await? {
            Some(snapshot) if snapshot.version == data.version => snapshot,
            // Edits for another version would land in the wrong place.
            _ => return Err(Error::content_modified()),
        };
        let (encoding, versioned) = {
            let session = self.session();
            (session.encoding, session.versioned_edits)
        };
        let (snap, uri) = (snapshot.clone(), data.uri.clone());
        let resolved = tokio::task::spawn_blocking(move || {
            guard("codeAction/resolve", || {
                features::resolve(&snap, &snap.lines(encoding), action, &data, versioned)
            })
        })
        .await
        .map_err(|_| Error::internal_error())??;
        // The finding is gone from this very version only if the configuration changed.
        let resolved = resolved.ok_or_else(Error::content_modified);
        self.answer(&uri, &snapshot, resolved).await
    }
}
