//! Pulled diagnostics: `textDocument/diagnostic` and `workspace/diagnostic`, answered
//! `unchanged` when the client already has a report's result id (see `publish::pull`).

use crate::analysis;
use crate::backend::Backend;
use crate::guard::lock;
use crate::publish;
use crate::reports::Checked;
use crate::state::file_path;
use crate::workspace;
use std::collections::HashMap;
use std::sync::Arc;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

pub async fn diagnostic(
    server: &Backend,
    params: DocumentDiagnosticParams,
) -> Result<DocumentDiagnosticReportResult> {
    let state = &server.state;
    let uri = params.text_document.uri;
    let pulled = match analysis::snapshot(state, &uri).await? {
        Some(snapshot) => {
            let version = Some(snapshot.version);
            Some(publish::pull(state, &uri, snapshot, version).await?)
        }
        // Not open: the file as it is on disk, if it is one.
        None => match file_path(&uri).filter(|p| p.is_file()) {
            Some(path) => match workspace::analyze_file(state, path).await {
                Some((_, disk)) => Some(publish::pull(state, &uri, disk, None).await?),
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
                items: pulled.items(state),
                result_id: Some(pulled.id),
            },
        })
    };
    Ok(DocumentDiagnosticReportResult::Report(report))
}

/// Answered from what is known: an unchanged file (same modification time and length, same
/// configuration) is not read or checked again, and a file whose diagnostics are those the
/// client already has (its `previousResultIds`) is reported `unchanged`.
pub async fn workspace_diagnostic(
    server: &Backend,
    params: WorkspaceDiagnosticParams,
) -> Result<WorkspaceDiagnosticReportResult> {
    let state = &server.state;
    let mut previous: HashMap<Uri, String> = params
        .previous_result_ids
        .into_iter()
        .map(|p| (p.uri, p.value))
        .collect();
    let mut reports = Vec::new();
    for path in workspace::files(state) {
        let Some(uri) = Uri::from_file_path(&path) else {
            continue;
        };
        let checked: Option<(Arc<dyn Checked>, Option<i32>)> =
            match analysis::snapshot(state, &uri).await? {
                Some(snapshot) => {
                    let version = Some(snapshot.version);
                    Some((snapshot, version))
                }
                None => workspace::analyze_file(state, path)
                    .await
                    .map(|(_, disk)| (disk as Arc<dyn Checked>, None)),
            };
        reports.extend(checked.map(|(checked, version)| (uri, checked, version)));
    }
    // Every report is known before any is compared with last year's.
    let mut items = Vec::new();
    for (uri, checked, version) in reports {
        let pulled = publish::pull(state, &uri, checked, version).await?;
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
                        items: pulled.items(state),
                        result_id: Some(pulled.id),
                    },
                    uri,
                },
            ));
        }
    }
    // Reports the client knows that are gone (deleted, moved out): nothing any more.
    for uri in previous.into_keys() {
        if !lock(&state.docs).contains_key(&uri) {
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
