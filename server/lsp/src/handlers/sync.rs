//! Text synchronisation: `didOpen`, `didChange` (the edit applied to the text and the tree, then
//! an analysis scheduled; documents left alone longest rest) and `didClose` (the report becomes its file on disk, or nothing).

use crate::backend::Backend;
use crate::document::{Change, Document, Pos};
use crate::guard::{guard, lock};
use crate::publish;
use crate::state::{file_path, rest_idle, Open};
use crate::workspace;
use tower_lsp_server::ls_types::*;

pub async fn did_open(server: &Backend, params: DidOpenTextDocumentParams) {
    let item = params.text_document;
    let config = workspace::config_for(&server.state, &item.uri);
    let doc = match guard("didOpen", || Document::new(item.version, &item.text)) {
        Ok(doc) => doc,
        Err(_) => return,
    };
    // Documents put to rest are freed after the lock is released.
    let _rested = {
        let mut docs = lock(&server.state.docs);
        docs.insert(
            item.uri.clone(),
            Open {
                doc,
                config,
                snapshot: None,
            },
        );
        rest_idle(&mut docs)
    };
    publish::schedule(server, &item.uri);
    publish::publish_config_errors(server).await;
}

pub fn did_change(server: &Backend, params: DidChangeTextDocumentParams) {
    let uri = params.text_document.uri;
    let encoding = server.state.encoding();
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
    let incremental = server.state.session().incremental;
    // The analysis of the version before (if this is its last reference) and documents put to
    // rest, freed after the lock is released.
    let _stale = {
        let mut docs = lock(&server.state.docs);
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
            // The text may be half-edited; the client's next full sync or reopen repairs it.
            tracing::error!(
                "{}: could not apply the change of version {version}",
                uri.as_str()
            );
        }
        let stale = open.snapshot.take();
        (stale, rest_idle(&mut docs))
    };
    publish::schedule(server, &uri);
}

pub async fn did_close(server: &Backend, params: DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    lock(&server.state.docs).remove(&uri);
    lock(&server.state.latest).remove(&uri);
    // A workspace report is now the file on disk (for its diagnostics and as another year's
    // last year); others are gone.
    let path = file_path(&uri).filter(|p| workspace::contains(&server.state, p));
    let on_disk = match path {
        Some(path) => workspace::analyze_file(&server.state, path)
            .await
            .map(|(_, disk)| disk),
        None => None,
    };
    if server.state.session().push {
        publish::publish_closed(server, &uri, on_disk).await;
    }
}
