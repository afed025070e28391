//! Analysis jobs: what an analysis of an open document needs, taken under the store's lock; the
//! analysis itself on the blocking pool through the document's `Memo` (a keystroke re-analyses
//! only what it touched); and staleness. Each result carries the version (and configuration
//! generation) it was computed from, and is kept as the document's snapshot only if that is
//! still the current one. When a result is *published* is `publish`'s business.

use crate::document::Editing;
use crate::guard::{guard, lock};
use crate::snapshot::Snapshot;
use crate::state::State;
use nianbao_core::incremental::Memo;
use nianbao_core::text::LineIndex;
use nianbao_core::{Analysis, Config};
use std::sync::Arc;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::Uri;

/// What an analysis needs, taken from the store under its lock.
pub struct Job {
    pub uri: Uri,
    pub version: i32,
    pub generation: u64,
    text: Arc<str>,
    config: Arc<Config>,
    /// The tree and memo of a document being edited, so that a keystroke re-analyses only what
    /// it touched; `None` for a document at rest, analysed from scratch.
    editing: Option<Editing>,
}

impl Job {
    /// The job for an open document's current version (`None` if it is not open).
    pub fn of(state: &State, uri: &Uri) -> Option<Job> {
        let docs = lock(&state.docs);
        let open = docs.get(uri)?;
        Some(Job {
            uri: uri.clone(),
            version: open.doc.version,
            generation: state.generation(),
            text: open.doc.text().clone(),
            config: open.config.clone(),
            editing: open.doc.editing(),
        })
    }

    fn run(self) -> Snapshot {
        let started = std::time::Instant::now();
        let (analysis, reused) = match self.editing {
            Some(Editing { tree, memo }) => {
                // After a panic inside an analysis, start afresh rather than trust what it left.
                let mut memo = memo.lock().unwrap_or_else(|poisoned| {
                    let mut memo = poisoned.into_inner();
                    *memo = Memo::new();
                    memo
                });
                let analysis = memo.analyze(&self.text, tree, &self.config);
                (analysis, Some(memo.reused()))
            }
            None => (nianbao_core::analyze(&self.text, &self.config), None),
        };
        tracing::debug!(
            "analysed {} v{} in {:.1?} ({reused:?})",
            self.uri.as_str(),
            self.version,
            started.elapsed()
        );
        // The tree is dropped here (the document and its memo keep theirs while it is edited).
        let Analysis {
            report, findings, ..
        } = analysis;
        Snapshot {
            version: self.version,
            generation: self.generation,
            index: LineIndex::new(&self.text),
            text: self.text,
            report,
            findings,
            config: self.config,
        }
    }
}

/// Analyses on the blocking pool, and keeps the result if it is still current.
pub async fn analyze(state: &State, job: Job) -> Result<Arc<Snapshot>> {
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
    let _replaced = match lock(&state.docs).get_mut(&uri) {
        Some(open)
            if open.doc.version == snapshot.version
                && snapshot.generation == state.generation() =>
        {
            open.snapshot.replace(snapshot.clone())
        }
        _ => None,
    };
    Ok(snapshot)
}

/// The analysis of an open document's current text (`None` if the document is not open).
pub async fn snapshot(state: &State, uri: &Uri) -> Result<Option<Arc<Snapshot>>> {
    let generation = state.generation();
    {
        let docs = lock(&state.docs);
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
    let Some(job) = Job::of(state, uri) else {
        return Ok(None);
    };
    analyze(state, job).await.map(Some)
}

/// Brings every open document's analysis to its current version, so that a pulled report is
/// compared with what the other years are now.
pub async fn analyse_open(state: &State) -> Result<()> {
    let uris: Vec<Uri> = lock(&state.docs).keys().cloned().collect();
    for uri in uris {
        snapshot(state, &uri).await?;
    }
    Ok(())
}
