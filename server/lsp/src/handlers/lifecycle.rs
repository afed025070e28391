//! The session's start and end: `initialize` (negotiating the position encoding, push or pull
//! diagnostics and the client's capabilities, and announcing ours), `initialized` (watching
//! files, the first workspace publication), `shutdown`, and the two custom methods (a message
//! the transport could not pass on; a deliberate panic in debug builds, for the tests).

use super::configuration::set_settings;
use super::editing::{FIX_ALL, RECOMPUTE};
use super::highlighting::{TOKEN_MODIFIERS, TOKEN_TYPES};
use crate::backend::Backend;
use crate::convert;
use crate::publish;
use crate::rule_docs::RuleDocs;
use crate::state::file_path;
use serde_json::Value;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

pub async fn initialize(server: &Backend, params: InitializeParams) -> Result<InitializeResult> {
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
        set_settings(server, &options);
    }
    let page = options
        .get("rulesDocumentation")
        .and_then(Value::as_str)
        .map(str::to_string);
    {
        let mut session = server.state.session_mut();
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
    Ok(InitializeResult {
        capabilities: capabilities(encoding_kind),
        server_info: Some(ServerInfo {
            name: "nianbao".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
        offset_encoding: None,
    })
}

/// What this server can do; a new request is announced here.
fn capabilities(encoding_kind: PositionEncodingKind) -> ServerCapabilities {
    let legend = SemanticTokensLegend {
        token_types: TOKEN_TYPES.to_vec(),
        token_modifiers: TOKEN_MODIFIERS.to_vec(),
    };
    ServerCapabilities {
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
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::from(FIX_ALL),
                CodeActionKind::from(RECOMPUTE),
            ]),
            resolve_provider: Some(true),
            ..CodeActionOptions::default()
        })),
        document_formatting_provider: Some(OneOf::Left(true)),
        document_range_formatting_provider: Some(OneOf::Left(true)),
        folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
            SemanticTokensOptions {
                legend,
                full: Some(SemanticTokensFullOptions::Bool(true)),
                range: Some(true),
                ..SemanticTokensOptions::default()
            },
        )),
        inlay_hint_provider: Some(OneOf::Left(true)),
        diagnostic_provider: Some(DiagnosticServerCapabilities::Options(DiagnosticOptions {
            identifier: Some("nianbao".into()),
            // Cross-year warnings: a report's diagnostics depend on last year's.
            inter_file_dependencies: true,
            workspace_diagnostics: true,
            ..DiagnosticOptions::default()
        })),
        ..ServerCapabilities::default()
    }
}

fn client_pulls(capabilities: &ClientCapabilities) -> bool {
    capabilities
        .text_document
        .as_ref()
        .is_some_and(|t| t.diagnostic.is_some())
}

pub async fn initialized(server: &Backend) {
    if server.state.session().watch_registration {
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
        if let Err(e) = server.client.register_capability(vec![registration]).await {
            tracing::warn!("cannot watch nianbao.toml: {}", e.message);
        }
    }
    publish::publish_workspace(server);
}

pub fn shutdown(server: &Backend) {
    server.state.shutdown.store(true, Ordering::SeqCst);
}

/// The answer to a message the transport guard could not pass on (see `transport`).
pub fn invalid_message(params: &Value) -> Error {
    let code = params["code"].as_i64().unwrap_or(-32600);
    let message = params["message"]
        .as_str()
        .unwrap_or("invalid message")
        .to_string();
    Error {
        code: code.into(),
        message: message.into(),
        data: None,
    }
}
