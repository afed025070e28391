//! The editor features: the core's `ide` results turned into LSP types. Every function here is
//! synchronous and pure over a snapshot, so the server can run it under `catch_unwind`.

use crate::convert::{self, FixData, FixEdits, Lines, SOURCE};
use crate::server::Snapshot;
use nianbao_core::ide::completion::CompletionKind;
use nianbao_core::ide::folding::FoldKind;
use nianbao_core::ide::semantic_tokens::TokenKind;
use nianbao_core::ide::symbols::SymbolKind as CoreSymbolKind;
use nianbao_core::ide::{
    completion, diff, folding, hover, inlay_hints, references, semantic_tokens, symbols,
};
use nianbao_core::{fix, format};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use tower_lsp_server::ls_types::*;

pub fn hover(snap: &Snapshot, lines: &Lines, position: Position) -> Option<Hover> {
    let found = hover::hover(
        &snap.text,
        &snap.analysis,
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

pub fn document_symbols(snap: &Snapshot, lines: &Lines) -> Vec<DocumentSymbol> {
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
    symbols::symbols(&snap.text, &snap.analysis)
        .into_iter()
        .map(|s| convert(s, lines))
        .collect()
}

pub fn folding_ranges(snap: &Snapshot, lines: &Lines) -> Vec<FoldingRange> {
    folding::folds(&snap.text, &snap.analysis)
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

/// Whole-document or range formatting (the CLI's `fmt`), as minimal edits.
pub fn formatting(snap: &Snapshot, lines: &Lines, range: Option<Range>) -> Vec<TextEdit> {
    let text = &*snap.text;
    let edits = format::format_edits(text, range.map(|r| lines.span(&r)));
    let formatted = fix::apply_edits(text, &edits);
    diff::minimal_edits(text, &formatted)
        .iter()
        .map(|e| lines.text_edit(e))
        .collect()
}

pub const TOKEN_TYPES: &[SemanticTokenType] = &[
    SemanticTokenType::NAMESPACE,   // section heading
    SemanticTokenType::CLASS,       // 第二十条第（X）项
    SemanticTokenType::TYPE,        // title and other headings
    SemanticTokenType::PROPERTY,    // front-matter key, column label
    SemanticTokenType::STRING,      // front-matter value, text where a number should be
    SemanticTokenType::ENUM_MEMBER, // row label
    SemanticTokenType::NUMBER,
    SemanticTokenType::KEYWORD,  // 待核
    SemanticTokenType::OPERATOR, // —, /: a blank written as a placeholder
    SemanticTokenType::COMMENT,
];
pub const TOKEN_MODIFIERS: &[SemanticTokenModifier] = &[
    SemanticTokenModifier::READONLY,    // a total the template computes
    SemanticTokenModifier::DEPRECATED,  // a label not spelt as the template spells it
    SemanticTokenModifier::DECLARATION, // the report's title
];

fn token_type(kind: TokenKind) -> (u32, u32) {
    match kind {
        TokenKind::Section => (0, 0),
        TokenKind::Block => (1, 0),
        TokenKind::Title => (2, 0b100),
        TokenKind::Heading => (2, 0),
        TokenKind::FrontMatterKey | TokenKind::ColumnLabel => (3, 0),
        TokenKind::FrontMatterValue | TokenKind::Invalid => (4, 0),
        TokenKind::RowLabel => (5, 0),
        TokenKind::Number => (6, 0),
        TokenKind::Review => (7, 0),
        TokenKind::Placeholder => (8, 0),
        TokenKind::Comment => (9, 0),
    }
}

/// Semantic tokens, split at line ends (clients need not support multi-line tokens) and
/// delta-encoded.
pub fn semantic_tokens(snap: &Snapshot, lines: &Lines, range: Option<Range>) -> Vec<SemanticToken> {
    let tokens = semantic_tokens::tokens(&snap.text, &snap.analysis, range.map(|r| lines.span(&r)));
    let mut out = Vec::with_capacity(tokens.len());
    let (mut last_line, mut last_start) = (0u32, 0u32);
    for token in tokens {
        let (token_type, mut modifiers) = token_type(token.kind);
        if token.computed {
            modifiers |= 0b001;
        }
        if token.variant {
            modifiers |= 0b010;
        }
        let (start, end) = (
            lines.position(token.range.start),
            lines.position(token.range.end),
        );
        for line in start.line..=end.line {
            let from = if line == start.line {
                start.character
            } else {
                0
            };
            let to = if line == end.line {
                end.character
            } else {
                // The end of this line, in the negotiated units.
                lines
                    .position(lines.index.line_range(lines.text, line as usize).end)
                    .character
            };
            if to <= from {
                continue;
            }
            let delta_line = line - last_line;
            let delta_start = if delta_line == 0 {
                from - last_start
            } else {
                from
            };
            out.push(SemanticToken {
                delta_line,
                delta_start,
                length: to - from,
                token_type,
                token_modifiers_bitset: modifiers,
            });
            (last_line, last_start) = (line, from);
        }
    }
    out
}

pub fn inlay_hints(snap: &Snapshot, lines: &Lines, range: Range) -> Vec<InlayHint> {
    inlay_hints::inlay_hints(&snap.analysis, Some(lines.span(&range)))
        .into_iter()
        .map(|hint| InlayHint {
            position: lines.position(hint.offset),
            label: InlayHintLabel::String(hint.label),
            kind: None,
            text_edits: None,
            tooltip: None,
            padding_left: Some(true),
            padding_right: None,
            data: None,
        })
        .collect()
}

pub fn completion(snap: &Snapshot, lines: &Lines, position: Position) -> Vec<CompletionItem> {
    completion::complete(&snap.text, &snap.analysis, lines.offset(position))
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

pub fn references(
    snap: &Snapshot,
    lines: &Lines,
    uri: &Uri,
    position: Position,
    include_self: bool,
) -> Vec<Location> {
    references::references(&snap.analysis, lines.offset(position), include_self)
        .iter()
        .map(|span| Location::new(uri.clone(), lines.range(span)))
        .collect()
}

/// Where a code action's edits go: versioned when the client accepts it, so an edit computed on
/// an older text is refused rather than applied to the wrong place.
pub fn workspace_edit(
    uri: &Uri,
    version: i32,
    edits: Vec<TextEdit>,
    versioned: bool,
) -> WorkspaceEdit {
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

pub const FIX_ALL: &str = "source.fixAll.nianbao";

/// How code actions are served to this client.
#[derive(Debug, Clone, Copy)]
pub struct ActionOptions {
    /// Edits as `documentChanges` with the document version.
    pub versioned: bool,
    /// Bulky edits left out, to be computed by `codeAction/resolve` (the client resolves `edit`
    /// and keeps `data`).
    pub lazy: bool,
}

/// What a code action served without its edits carries in `data`: enough to compute them from
/// the analysis of the same version, or to know that version is gone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResolveData {
    pub uri: Uri,
    pub version: i32,
    pub target: Target,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Target {
    /// One fix of one finding: the finding by code and range (in that version), the fix by title.
    Fix {
        code: String,
        range: Range,
        title: String,
    },
    FixAll,
}

/// Quick fixes for the diagnostics the client sends back (from their `data`, when it was
/// computed on this version; else from the current findings at the same place), and fix-all.
pub fn code_actions(
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
    // Fix-all reanalyses the text once per total it recomputes: offer it when asked for source
    // actions (then with its edits: the editors' own fix-all commands and fix-on-save apply
    // what they get), or in the general menu when the document has an arithmetic finding —
    // there, with a client that resolves, only computed if chosen.
    let asked = only.is_some_and(|o| {
        o.iter()
            .any(|k| FIX_ALL.starts_with(k.as_str()) && k.as_str().starts_with("source"))
    });
    let useful = only.is_none() && snap.analysis.findings.iter().any(|f| f.is_arithmetic());
    if useful && !asked && options.lazy {
        let title = match snap.config.lang {
            nianbao_core::Lang::Zh => "重新计算全部合计".to_string(),
            nianbao_core::Lang::En => "Recompute every total".to_string(),
        };
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title,
            kind: Some(CodeActionKind::from(FIX_ALL)),
            data: serde_json::to_value(lazy(Target::FixAll)).ok(),
            ..CodeAction::default()
        }));
    } else if asked || useful {
        if let Some((title, edits)) = fix_all(snap, lines) {
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::from(FIX_ALL)),
                edit: Some(workspace_edit(uri, snap.version, edits, options.versioned)),
                ..CodeAction::default()
            }));
        }
    }
    out
}

/// Fix-all's title and edits (one per changed line, trimmed), or `None` when it changes nothing.
fn fix_all(snap: &Snapshot, lines: &Lines) -> Option<(String, Vec<TextEdit>)> {
    // The editors' command asks for it by name; see `fix::recompute_all`.
    let fixed = fix::recompute_all(&snap.text, &snap.config);
    if *fixed.text == *snap.text {
        return None;
    }
    let edits: Vec<TextEdit> = diff::minimal_edits(&snap.text, &fixed.text)
        .iter()
        .map(|e| lines.text_edit(e))
        .collect();
    let title = match snap.config.lang {
        nianbao_core::Lang::Zh => format!("重新计算全部合计（{} 处）", fixed.applied.len()),
        nianbao_core::Lang::En => {
            format!("Recompute every total ({} changes)", fixed.applied.len())
        }
    };
    Some((title, edits))
}

/// The edits of a lazily served action, from the analysis of the version it was offered on
/// (the caller checks the version): `None` when that finding or fix is not there.
pub fn resolve_edits(snap: &Snapshot, lines: &Lines, target: &Target) -> Option<Vec<TextEdit>> {
    match target {
        Target::FixAll => Some(
            fix_all(snap, lines)
                .map(|(_, edits)| edits)
                .unwrap_or_default(),
        ),
        Target::Fix { code, range, title } => {
            let span = lines.span(range);
            snap.analysis
                .findings
                .iter()
                .filter(|f| f.code == code && f.range == span)
                .flat_map(|f| &f.fixes)
                .find(|fix| &fix.title == title)
                .map(|fix| fix.edits.iter().map(|e| lines.text_edit(e)).collect())
        }
    }
}

/// `codeAction/resolve`: the action with its edits filled in.
pub fn resolve(
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
    snap.analysis
        .findings
        .iter()
        .filter(|f| f.code == code && f.range == span)
        .flat_map(|f| convert::fix_data(&f.fixes, lines))
        .collect()
}
