//! Configuration and files changing under the server: the editor's settings
//! (`didChangeConfiguration`, or pulled with `workspace/configuration`), `nianbao.toml` files and
//! `.nianbao` files changed on disk (`didChangeWatchedFiles`), and the reload that follows a
//! configuration change.

use crate::backend::Backend;
use crate::guard::lock;
use crate::publish;
use crate::settings::{self, Settings};
use crate::state::file_path;
use crate::workspace;
use serde_json::Value;
use std::path::PathBuf;
use tower_lsp_server::ls_types::*;

pub async fn did_change_configuration(server: &Backend, params: DidChangeConfigurationParams) {
    let given = params.settings.get("nianbao").is_some()
        || params.settings.as_object().is_some_and(|o| {
            ["lang", "template", "rules"]
                .iter()
                .any(|k| o.contains_key(*k))
        });
    if given {
        set_settings(server, &params.settings);
    } else if server.state.session().pull_configuration {
        let item = ConfigurationItem {
            scope_uri: None,
            section: Some("nianbao".into()),
        };
        match server.client.configuration(vec![item]).await {
            Ok(values) => set_settings(server, values.first().unwrap_or(&Value::Null)),
            Err(e) => tracing::warn!("workspace/configuration: {}", e.message),
        }
    }
    reload(server).await;
}

pub async fn did_change_watched_files(server: &Backend, params: DidChangeWatchedFilesParams) {
    let state = &server.state;
    let config_changed = params.changes.iter().any(|c| {
        file_path(&c.uri).is_some_and(|p| p.file_name().is_some_and(|n| n == settings::FILE_NAME))
    });
    if config_changed {
        let stale: Vec<PathBuf> = lock(&state.configs).drain().map(|(path, _)| path).collect();
        // Clear the diagnostics of files that may no longer be in use (or exist).
        for path in stale {
            if let Some(uri) = Uri::from_file_path(&path) {
                publish::publish_diagnostics(server, uri, Vec::new(), None).await;
            }
        }
        reload(server).await;
        return;
    }
    let mut reports_changed = false;
    for change in params.changes {
        let Some(path) =
            file_path(&change.uri).filter(|p| p.extension().is_some_and(|e| e == "nianbao"))
        else {
            continue;
        };
        if lock(&state.docs).contains_key(&change.uri) {
            continue; // the editor's text takes precedence
        }
        reports_changed = true;
        let on_disk = if change.typ == FileChangeType::DELETED {
            lock(&state.disk).remove(&path);
            None
        } else {
            workspace::analyze_file(state, path)
                .await
                .map(|(_, disk)| disk)
        };
        if state.session().push {
            publish::publish_closed(server, &change.uri, on_disk).await;
        }
    }
    // A pulling client learns of a change on disk by pulling again.
    if reports_changed && !state.session().push {
        publish::refresh(server).await;
    }
}

/// After a configuration change: new configurations, every document analysed again.
async fn reload(server: &Backend) {
    let state = &server.state;
    state.next_generation();
    let uris: Vec<Uri> = lock(&state.docs).keys().cloned().collect();
    for uri in &uris {
        let config = workspace::config_for(state, uri);
        if let Some(open) = lock(&state.docs).get_mut(uri) {
            open.config = config;
            open.snapshot = None;
        }
        publish::schedule(server, uri);
    }
    publish::publish_config_errors(server).await;
    publish::refresh(server).await;
    publish::publish_workspace(server);
}

/// Takes the editor's settings, or warns (in the log and to the user) and keeps those it had.
pub fn set_settings(server: &Backend, value: &Value) {
    match Settings::from_json(value) {
        Ok(settings) => server.state.session_mut().settings = settings,
        Err(e) => {
            tracing::warn!("ignoring settings: {e}");
            let client = server.client.clone();
            tokio::spawn(async move {
                client
                    .show_message(MessageType::WARNING, format!("nianbao: {e}"))
                    .await
            });
        }
    }
}
