//! Reading a report: hover, the outline (document symbols), folding, references. Each request is
//! the core's `ide` result at the position turned into LSP types, on the document's current
//! analysis (see `request`).

use super::request::on_snapshot;
use crate::backend::Backend;
use crate::convert::Lines;
use crate::snapshot::Snapshot;
use nianbao_core::ide::folding::FoldKind;
use nianbao_core::ide::symbols::SymbolKind as CoreSymbolKind;
use nianbao_core::ide::{folding, hover, references, symbols};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

pub async fn hover(server: &Backend, params: HoverParams) -> Result<Option<Hover>> {
    let at = params.text_document_position_params;
    on_snapshot(server, &at.text_document.uri, "hover", |snap, lines| {
        hover_at(snap, lines, at.position)
    })
    .await
}

pub async fn document_symbol(
    server: &Backend,
    params: DocumentSymbolParams,
) -> Result<Option<DocumentSymbolResponse>> {
    on_snapshot(
        server,
        &params.text_document.uri,
        "documentSymbol",
        |snap, lines| {
            Some(DocumentSymbolResponse::Nested(document_symbols(
                snap, lines,
            )))
        },
    )
    .await
}

pub async fn folding_range(
    server: &Backend,
    params: FoldingRangeParams,
) -> Result<Option<Vec<FoldingRange>>> {
    on_snapshot(
        server,
        &params.text_document.uri,
        "foldingRange",
        |snap, lines| Some(folding_ranges(snap, lines)),
    )
    .await
}

pub async fn references(
    server: &Backend,
    params: ReferenceParams,
) -> Result<Option<Vec<Location>>> {
    let at = params.text_document_position;
    let uri = at.text_document.uri;
    let include = params.context.include_declaration;
    on_snapshot(server, &uri, "references", |snap, lines| {
        Some(locations(snap, lines, &uri, at.position, include))
    })
    .await
}

fn hover_at(snap: &Snapshot, lines: &Lines, position: Position) -> Option<Hover> {
    let found = hover::hover(
        &snap.text,
        &snap.report,
        lines.offset(position),
        snap.config.lang,
    )?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: found.markdown,
        }),
        range: Some(lines.range(&found.range)),
    })
}

fn document_symbols(snap: &Snapshot, lines: &Lines) -> Vec<DocumentSymbol> {
    fn convert(symbol: symbols::Symbol, lines: &Lines) -> DocumentSymbol {
        let kind = match symbol.kind {
            CoreSymbolKind::Title => SymbolKind::FILE,
            CoreSymbolKind::Section => SymbolKind::NAMESPACE,
            CoreSymbolKind::Table => SymbolKind::STRUCT,
            CoreSymbolKind::Row => SymbolKind::FIELD,
        };
        let children: Vec<DocumentSymbol> = symbol
            .children
            .into_iter()
            .map(|c| convert(c, lines))
            .collect();
        #[allow(deprecated)]
        // `deprecated` is a required field of the struct, superseded by `tags`.
        DocumentSymbol {
            name: symbol.name,
            detail: symbol.detail,
            kind,
            tags: None,
            deprecated: None,
            range: lines.range(&symbol.range),
            selection_range: lines.range(&symbol.selection),
            children: (!children.is_empty()).then_some(children),
        }
    }
    symbols::symbols(&snap.text, &snap.report)
        .into_iter()
        .map(|s| convert(s, lines))
        .collect()
}

fn folding_ranges(snap: &Snapshot, lines: &Lines) -> Vec<FoldingRange> {
    folding::folds(&snap.text, &snap.report)
        .into_iter()
        .filter_map(|fold| {
            let range = lines.range(&fold.range);
            (range.end.line > range.start.line).then(|| FoldingRange {
                start_line: range.start.line,
                end_line: range.end.line,
                kind: Some(match fold.kind {
                    FoldKind::Region => FoldingRangeKind::Region,
                    FoldKind::Comment => FoldingRangeKind::Comment,
                    FoldKind::FrontMatter => FoldingRangeKind::Imports,
                }),
                ..FoldingRange::default()
            })
        })
        .collect()
}

fn locations(
    snap: &Snapshot,
    lines: &Lines,
    uri: &Uri,
    position: Position,
    include_self: bool,
) -> Vec<Location> {
    references::references(&snap.report, lines.offset(position), include_self)
        .iter()
        .map(|span| Location::new(uri.clone(), lines.range(span)))
        .collect()
}
