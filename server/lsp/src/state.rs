//! The server's state: the open documents and their versions, the session negotiated at
//! `initialize`, the configuration generation, and what is remembered of files on disk and of
//! past publications. Everything here is data with its locks; what runs on it lives above
//! (`analysis`, `workspace`, `publish`, `handlers`).
//!
//! Ordering. tower-lsp-server polls handlers concurrently, so each handler that mutates state
//! does all of it synchronously, under these std mutexes, before its first `.await`: handlers are
//! started in arrival order, so mutations apply in arrival order.

use crate::document::{Document, Editing};
use crate::guard::lock;
use crate::reports::{DiskReport, Key};
use crate::rule_docs::RuleDocs;
use crate::settings::{FileError, Settings};
use crate::snapshot::Snapshot;
use nianbao_core::text::Encoding;
use nianbao_core::Config;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};
use tower_lsp_server::ls_types::Uri;

/// An open document: the editor's text, its configuration, and its analysis once made.
pub struct Open {
    pub doc: Document,
    pub config: Arc<Config>,
    /// The analysis of the current version (taken away by the next edit).
    pub snapshot: Option<Arc<Snapshot>>,
}

/// How many documents keep their syntax tree and memo: those opened or changed last. The others
/// rest (see `document`); a change to one costs a full parse and analysis once, as opening it
/// did. An editor's user types in one or two documents at a time; a few more cover switching
/// back and forth between this year's report and last year's.
const EDITING: usize = 4;

/// Documents this large (a consolidated report of a city's departments) cost a keystroke's
/// budget to reparse from scratch; `LARGE_KEPT` more of them keep their trees at rest.
const LARGE: usize = 256 * 1024;
const LARGE_KEPT: usize = 4;

/// Lets every document but the `EDITING` opened or changed last rest. Returns what they
/// dropped, to be freed after the store's lock is released.
pub fn rest_idle(docs: &mut HashMap<Uri, Open>) -> Vec<Editing> {
    let mut editing: Vec<&mut Document> = docs
        .values_mut()
        .map(|open| &mut open.doc)
        .filter(|doc| doc.is_editing())
        .collect();
    if editing.len() <= EDITING {
        return Vec::new();
    }
    editing.sort_unstable_by_key(|doc| std::cmp::Reverse(doc.touched));
    let mut large_kept = 0;
    editing
        .into_iter()
        .skip(EDITING)
        .filter(|doc| {
            // A large document's first keystroke after resting would reparse it whole (~250 ms
            // at 1 MB): the few most recent of them keep their trees a while longer.
            let keep = doc.text().len() >= LARGE && large_kept < LARGE_KEPT;
            large_kept += usize::from(keep);
            !keep
        })
        .filter_map(Document::rest)
        .collect()
}

/// What was negotiated with the client, and its settings.
pub struct Session {
    pub encoding: Encoding,
    /// Push diagnostics (`publishDiagnostics`); off when the client pulls them itself.
    pub push: bool,
    pub folders: Vec<PathBuf>,
    pub settings: Settings,
    pub rule_docs: RuleDocs,
    /// Off only for the benchmark's baseline (`NIANBAO_LSP_REPARSE=full`).
    pub incremental: bool,
    pub pull_configuration: bool,
    pub watch_registration: bool,
    pub refresh_diagnostics: bool,
    pub versioned_edits: bool,
    /// The client resolves code actions' `edit` (and keeps their `data`): bulky edits are
    /// computed only for the action chosen.
    pub lazy_actions: bool,
}

/// What was last published for a report: its year and the digest of its cross-year warnings,
/// to republish the reports of the next year only when those change.
pub struct Published {
    pub key: Option<Key>,
    pub digest: u64,
}

pub struct State {
    pub docs: Mutex<HashMap<Uri, Open>>,
    session: RwLock<Session>,
    /// Parsed `nianbao.toml` files, by path, until one changes.
    pub configs: Mutex<HashMap<PathBuf, std::result::Result<Arc<Config>, FileError>>>,
    /// Set when a `nianbao.toml` is read, so its problems are published once.
    pub configs_loaded: AtomicBool,
    /// Bumped whenever the configuration changes; part of every result's identity.
    generation: AtomicU64,
    /// Held while publishing, so publications of one document never overtake each other.
    pub publish: tokio::sync::Mutex<()>,
    /// Workspace files as they are on disk, checked once per content (see `reports`).
    pub disk: Mutex<HashMap<PathBuf, Arc<DiskReport>>>,
    /// The latest analysis of each open document, kept while the next one runs, so the report
    /// of the next year compared with it keeps its warnings meanwhile.
    pub latest: Mutex<HashMap<Uri, Arc<Snapshot>>>,
    pub published: Mutex<HashMap<Uri, Published>>,
    /// Set by `shutdown`: the exit that follows is a clean one.
    pub shutdown: Arc<AtomicBool>,
}

impl State {
    pub fn new(shutdown: Arc<AtomicBool>) -> State {
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
        State {
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
        }
    }

    pub fn session(&self) -> RwLockReadGuard<'_, Session> {
        self.session.read().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn session_mut(&self) -> RwLockWriteGuard<'_, Session> {
        self.session.write().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn encoding(&self) -> Encoding {
        self.session().encoding
    }

    /// The configuration generation now.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// A new configuration generation: every result of an older one is stale.
    pub fn next_generation(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// Whether a result computed on `version` under `generation` is still the document's own.
    pub fn is_current(&self, uri: &Uri, version: i32, generation: u64) -> bool {
        generation == self.generation()
            && lock(&self.docs)
                .get(uri)
                .is_some_and(|o| o.doc.version == version)
    }
}

/// The path of a `file:` URI.
pub fn file_path(uri: &Uri) -> Option<PathBuf> {
    (uri.scheme().as_str() == "file")
        .then(|| uri.to_file_path().map(|p| p.into_owned()))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn open(text: &str, touched: Instant) -> Open {
        let mut doc = Document::new(1, text);
        doc.touched = touched;
        Open {
            doc,
            config: Arc::default(),
            snapshot: None,
        }
    }

    /// Beyond the `EDITING` most recent documents, small ones rest and the most recent large
    /// ones keep their trees, up to `LARGE_KEPT`.
    #[test]
    fn large_documents_rest_last() {
        let start = Instant::now();
        let small = "# 报告\n".to_string();
        let large = "正文。\n".repeat(LARGE / 10 + 1);
        let mut docs = HashMap::new();
        let name = |i: usize| {
            format!("file:///r/{i}.nianbao")
                .parse::<Uri>()
                .expect("uri")
        };
        // Oldest first: 6 large, then 6 small, the most recent last.
        for i in 0..12 {
            let text = if i < 6 { &large } else { &small };
            let touched = start + Duration::from_millis(i as u64);
            docs.insert(name(i), open(text, touched));
        }
        let rested = rest_idle(&mut docs);
        let editing = |i: usize| docs[&name(i)].doc.is_editing();
        // The 4 most recent (small 8..12) edit; small 6 and 7 rest; of the large ones the 4
        // most recent (2..6) keep their trees, the 2 oldest rest.
        assert_eq!(rested.len(), 4);
        assert!((8..12).all(editing));
        assert!(!editing(6) && !editing(7));
        assert!((2..6).all(editing));
        assert!(!editing(0) && !editing(1));
    }
}
