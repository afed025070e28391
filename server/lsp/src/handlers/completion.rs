//! Completion: row labels, sections, blocks and the skeleton, from the core's `ide`.

use super::request::on_snapshot;
use crate::backend::Backend;
use crate::convert::Lines;
use crate::snapshot::Snapshot;
use nianbao_core::ide::completion::{self, CompletionKind};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

pub async fn completion(
    server: &Backend,
    params: CompletionParams,
) -> Result<Option<CompletionResponse>> {
    let at = params.text_document_position;
    on_snapshot(
        server,
        &at.text_document.uri,
        "completion",
        |snap, lines| Some(CompletionResponse::Array(items(snap, lines, at.position))),
    )
    .await
}

fn items(snap: &Snapshot, lines: &Lines, position: Position) -> Vec<CompletionItem> {
    completion::complete(&snap.text, &snap.report, lines.offset(position))
        .into_iter()
        .enumerate()
        .map(|(i, item)| CompletionItem {
            kind: Some(match item.kind {
                CompletionKind::RowLabel => CompletionItemKind::ENUM_MEMBER,
                CompletionKind::Section => CompletionItemKind::MODULE,
                CompletionKind::Block => CompletionItemKind::CLASS,
                CompletionKind::Skeleton => CompletionItemKind::SNIPPET,
            }),
            detail: item.detail,
            // What the report still lacks first, then the template's order.
            sort_text: Some(format!("{}{i:04}", if item.missing { 0 } else { 1 })),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                range: lines.range(&item.replace),
                new_text: item.insert,
            })),
            label: item.label,
            ..CompletionItem::default()
        })
        .collect()
}
