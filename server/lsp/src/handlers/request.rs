//! What every request on a document shares: its analysis at the current version, the feature
//! computed on it under the panic guard, and the answer — or ContentModified (`-32801`) when
//! the document changed (or the configuration did) while it was computed: a stale hover, token
//! set or edit would be shown on, or applied to, another text.

use crate::analysis;
use crate::backend::Backend;
use crate::convert::Lines;
use crate::guard::guard;
use crate::snapshot::Snapshot;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::Uri;

/// Computes `feature` on the document's current analysis, or answers `None` when the document
/// is not open. `what` names the request in the log if it panics.
pub async fn on_snapshot<T>(
    server: &Backend,
    uri: &Uri,
    what: &str,
    feature: impl FnOnce(&Snapshot, &Lines) -> Option<T>,
) -> Result<Option<T>> {
    let Some(snapshot) = analysis::snapshot(&server.state, uri).await? else {
        return Ok(None);
    };
    let encoding = server.state.encoding();
    let result = guard(what, || feature(&snapshot, &snapshot.lines(encoding)));
    answer(server, uri, &snapshot, result).await
}

/// The answer to a request computed on `snapshot`, if the document is still at its version.
pub async fn answer<T>(
    server: &Backend,
    uri: &Uri,
    snapshot: &Snapshot,
    result: Result<T>,
) -> Result<T> {
    // Tests stretch the computation so that an edit surely lands inside it. Debug builds only.
    #[cfg(debug_assertions)]
    if let Some(ms) = std::env::var("NIANBAO_LSP_TEST_DELAY_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        let pause = std::time::Duration::from_millis(ms);
        let _ = tokio::task::spawn_blocking(move || std::thread::sleep(pause)).await;
    }
    if server
        .state
        .is_current(uri, snapshot.version, snapshot.generation)
    {
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
