//! Changing a report: formatting (whole or a range), quick fixes and fix-all as code actions,
//! and `codeAction/resolve` for the actions served without their edits. The edits are the
//! core's (`fix`, `format`), turned into LSP edits of the version they were computed on.

use super::request::{answer, on_snapshot};
use crate::analysis;
use crate::backend::Backend;
use crate::convert::{self, FixData, FixEdits, Lines, SOURCE};
use crate::guard::guard;
use crate::snapshot::Snapshot;
use nianbao_core::ide::diff;
use nianbao_core::{fix, format};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

pub async fn formatting(
    server: &Backend,
    params: DocumentFormattingParams,
) -> Result<Option<Vec<TextEdit>>> {
    on_snapshot(
        server,
        &params.text_document.uri,
        "formatting",
        |snap, lines| Some(format_edits(snap, lines, None)),
    )
    .await
}

pub async fn range_formatting(
    server: &Backend,
    params: DocumentRangeFormattingParams,
) -> Result<Option<Vec<TextEdit>>> {
    on_snapshot(
        server,
        &params.text_document.uri,
        "rangeFormatting",
        |snap, lines| Some(format_edits(snap, lines, Some(params.range))),
    )
    .await
}

pub async fn code_action(
    server: &Backend,
    params: CodeActionParams,
) -> Result<Option<CodeActionResponse>> {
    let uri = params.text_document.uri.clone();
    let Some(snapshot) = analysis::snapshot(&server.state, &uri).await? else {
        return Ok(None);
    };
    let (encoding, options) = {
        let session = server.state.session();
        let options = ActionOptions {
            versioned: session.versioned_edits,
            lazy: session.lazy_actions,
        };
        (session.encoding, options)
    };
    // Fix-all reanalyses repeatedly: off the async threads.
    let (snap, at) = (snapshot.clone(), uri.clone());
    let actions = tokio::task::spawn_blocking(move || {
        guard("codeAction", || {
            code_actions(&snap, &snap.lines(encoding), &at, &params, options)
        })
    })
    .await
    .map_err(|_| Error::internal_error())?;
    answer(server, &uri, &snapshot, actions.map(Some)).await
}

pub async fn code_action_resolve(server: &Backend, action: CodeAction) -> Result<CodeAction> {
    let Some(data) = action
        .data
        .clone()
        .and_then(|d| serde_json::from_value::<ResolveData>(d).ok())
    else {
        // Not one of ours to resolve (or already complete): as it is.
        return Ok(action);
    };
    let snapshot = match analysis::snapshot(&server.state, &data.uri).await? {
        Some(snapshot) if snapshot.version == data.version => snapshot,
        // Edits for another version would land in the wrong place.
        _ => return Err(Error::content_modified()),
    };
    let (encoding, versioned) = {
        let session = server.state.session();
        (session.encoding, session.versioned_edits)
    };
    let (snap, uri) = (snapshot.clone(), data.uri.clone());
    let resolved = tokio::task::spawn_blocking(move || {
        guard("codeAction/resolve", || {
            resolve(&snap, &snap.lines(encoding), action, &data, versioned)
        })
    })
    .await
    .map_err(|_| Error::internal_error())??;
    // The finding is gone from this very version only if the configuration changed.
    let resolved = resolved.ok_or_else(Error::content_modified);
    answer(server, &uri, &snapshot, resolved).await
}

/// Whole-document or range formatting (the CLI's `fmt`), as minimal edits.
fn format_edits(snap: &Snapshot, lines: &Lines, range: Option<Range>) -> Vec<TextEdit> {
    let text = &*snap.text;
    let edits = format::format_edits(text, range.map(|r| lines.span(&r)));
    let formatted = fix::apply_edits(text, &edits);
    diff::minimal_edits(text, &formatted)
        .iter()
        .map(|e| lines.text_edit(e))
        .collect()
}

/// Where a code action's edits go: versioned when the client accepts it, so an edit computed on
/// an older text is refused rather than applied to the wrong place.
fn workspace_edit(uri: &Uri, version: i32, edits: Vec<TextEdit>, versioned: bool) -> WorkspaceEdit {
    if versioned {
        WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: uri.clone(),
                    version: Some(version),
                },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            }])),
            ..WorkspaceEdit::default()
        }
    } else {
        WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }
    }
}

/// Every safe fix, as `nianbao fix` applies them: never a figure of a broken relation (the
/// editors' fix-all, and fix-on-save).
pub const FIX_ALL: &str = "source.fixAll.nianbao";
/// Every broken total set from its parts: asked for by name only, never on save — over a
/// mistyped part it would make the table consistent around the typo.
pub const RECOMPUTE: &str = "source.recomputeTotals.nianbao";

/// How code actions are served to this client.
#[derive(Debug, Clone, Copy)]
struct ActionOptions {
    /// Edits as `documentChanges` with the document version.
    pub versioned: bool,
    /// Bulky edits left out, to be computed by `codeAction/resolve` (the client resolves `edit`
    /// and keeps `data`).
    pub lazy: bool,
}

/// What a code action served without its edits carries in `data`: enough to compute them from
/// the analysis of the same version, or to know that version is gone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct ResolveData {
    pub uri: Uri,
    pub version: i32,
    pub target: Target,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
enum Target {
    /// One fix of one finding: the finding by code and range (in that version), the fix by title.
    Fix {
        code: String,
        range: Range,
        title: String,
    },
    FixAll,
    Recompute,
}

/// Quick fixes for the diagnostics the client sends back (from their `data`, when it was
/// computed on this version; else from the current findings at the same place), and fix-all.
fn code_actions(
    snap: &Snapshot,
    lines: &Lines,
    uri: &Uri,
    params: &CodeActionParams,
    options: ActionOptions,
) -> Vec<CodeActionOrCommand> {
    let only = params.context.only.as_ref();
    let wants = |kind: &CodeActionKind| {
        only.is_none_or(|o| o.iter().any(|k| kind.as_str().starts_with(k.as_str())))
    };
    let lazy = |target: Target| ResolveData {
        uri: uri.clone(),
        version: snap.version,
        target,
    };
    let mut out = Vec::new();
    if wants(&CodeActionKind::QUICKFIX) {
        for diagnostic in params
            .context
            .diagnostics
            .iter()
            .filter(|d| d.source.as_deref() == Some(SOURCE))
        {
            let Some(NumberOrString::String(code)) = &diagnostic.code else {
                continue;
            };
            let fixes = diagnostic
                .data
                .clone()
                .and_then(|d| serde_json::from_value::<FixData>(d).ok())
                .filter(|d| d.version == snap.version)
                .map(|d| d.fixes)
                .unwrap_or_else(|| current_fixes(snap, lines, code, &diagnostic.range));
            let mut preferred_given = false;
            for fix in fixes {
                let preferred = fix.safe && !preferred_given;
                preferred_given |= preferred;
                let target = Target::Fix {
                    code: code.clone(),
                    range: diagnostic.range,
                    title: fix.title.clone(),
                };
                let (edit, data) = match fix.edits {
                    Some(edits) => (Some(edits), None),
                    None if options.lazy => (None, Some(lazy(target))),
                    None => (
                        Some(resolve_edits(snap, lines, &target).unwrap_or_default()),
                        None,
                    ),
                };
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic.clone()]),
                    edit: edit.map(|e| workspace_edit(uri, snap.version, e, options.versioned)),
                    is_preferred: Some(preferred),
                    data: data.and_then(|d| serde_json::to_value(d).ok()),
                    ..CodeAction::default()
                }));
            }
        }
    }
    // Both whole-document actions reanalyse the text several times: served with their edits
    // when asked for by kind (the editors' commands, fix-on-save), or — in the general menu,
    // when the document has an arithmetic finding — computed only if chosen by a client that
    // resolves.
    let in_menu = only.is_none() && snap.findings.iter().any(|f| f.is_arithmetic());
    for (kind, target) in [(FIX_ALL, Target::FixAll), (RECOMPUTE, Target::Recompute)] {
        let asked = only.is_some_and(|o| {
            o.iter()
                .any(|k| kind.starts_with(k.as_str()) && k.as_str().starts_with("source"))
        });
        if in_menu && !asked && options.lazy {
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: whole_title(snap, &target, None),
                kind: Some(CodeActionKind::from(kind)),
                data: serde_json::to_value(lazy(target)).ok(),
                ..CodeAction::default()
            }));
        } else if asked || in_menu {
            if let Some((title, edits)) = whole_document(snap, lines, &target) {
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title,
                    kind: Some(CodeActionKind::from(kind)),
                    edit: Some(workspace_edit(uri, snap.version, edits, options.versioned)),
                    ..CodeAction::default()
                }));
            }
        }
    }
    out
}

/// A whole-document action's title, with the count of its changes when known.
fn whole_title(snap: &Snapshot, target: &Target, changes: Option<usize>) -> String {
    let zh = matches!(snap.config.lang, nianbao_core::Lang::Zh);
    let (zh_title, en_title) = match target {
        Target::Recompute => ("重新计算全部合计", "Recompute every total"),
        _ => (
            "应用全部安全修正（不改动数字）",
            "Apply every safe fix (no figure changes)",
        ),
    };
    match (changes, zh) {
        (None, true) => zh_title.to_string(),
        (None, false) => en_title.to_string(),
        (Some(n), true) => format!("{zh_title}：{n} 处"),
        (Some(n), false) => format!("{en_title}: {n}"),
    }
}

/// A whole-document action's title and edits (one per changed line, trimmed), or `None` when it
/// changes nothing: the CLI's `nianbao fix` (fix-all), or every total recomputed.
fn whole_document(
    snap: &Snapshot,
    lines: &Lines,
    target: &Target,
) -> Option<(String, Vec<TextEdit>)> {
    let fixed = match target {
        Target::Recompute => fix::recompute_all(&snap.text, &snap.config),
        _ => fix::fix_all(&snap.text, &snap.config),
    };
    if *fixed.text == *snap.text {
        return None;
    }
    let edits: Vec<TextEdit> = diff::minimal_edits(&snap.text, &fixed.text)
        .iter()
        .map(|e| lines.text_edit(e))
        .collect();
    Some((whole_title(snap, target, Some(fixed.applied.len())), edits))
}

/// The edits of a lazily served action, from the analysis of the version it was offered on
/// (the caller checks the version): `None` when that finding or fix is not there.
fn resolve_edits(snap: &Snapshot, lines: &Lines, target: &Target) -> Option<Vec<TextEdit>> {
    match target {
        Target::FixAll | Target::Recompute => Some(
            whole_document(snap, lines, target)
                .map(|(_, edits)| edits)
                .unwrap_or_default(),
        ),
        Target::Fix { code, range, title } => {
            let span = lines.span(range);
            snap.findings
                .iter()
                .filter(|f| f.code == code && f.range == span)
                .flat_map(|f| &f.fixes)
                .find(|fix| &fix.title == title)
                .map(|fix| fix.edits.iter().map(|e| lines.text_edit(e)).collect())
        }
    }
}

/// `codeAction/resolve`: the action with its edits filled in.
fn resolve(
    snap: &Snapshot,
    lines: &Lines,
    mut action: CodeAction,
    data: &ResolveData,
    versioned: bool,
) -> Option<CodeAction> {
    let edits = resolve_edits(snap, lines, &data.target)?;
    action.edit = Some(workspace_edit(&data.uri, snap.version, edits, versioned));
    Some(action)
}

/// The fixes of the current finding a (stale) diagnostic stands for: same code, same place.
fn current_fixes(snap: &Snapshot, lines: &Lines, code: &str, range: &Range) -> Vec<FixEdits> {
    let span = lines.span(range);
    snap.findings
        .iter()
        .filter(|f| f.code == code && f.range == span)
        .flat_map(|f| convert::fix_data(&f.fixes, lines))
        .collect()
}
