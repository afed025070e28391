//! Highlighting: semantic tokens (whole document or a range) and inlay hints (the value a total
//! should have), from the core's `ide` over the document's current analysis.

use super::request::on_snapshot;
use crate::backend::Backend;
use crate::convert::Lines;
use crate::snapshot::Snapshot;
use nianbao_core::ide::semantic_tokens::TokenKind;
use nianbao_core::ide::{inlay_hints, semantic_tokens};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

pub async fn semantic_tokens_full(
    server: &Backend,
    params: SemanticTokensParams,
) -> Result<Option<SemanticTokensResult>> {
    on_snapshot(
        server,
        &params.text_document.uri,
        "semanticTokens",
        |snap, lines| {
            Some(SemanticTokensResult::Tokens(SemanticTokens {
                result_id: None,
                data: tokens(snap, lines, None),
            }))
        },
    )
    .await
}

pub async fn semantic_tokens_range(
    server: &Backend,
    params: SemanticTokensRangeParams,
) -> Result<Option<SemanticTokensRangeResult>> {
    on_snapshot(
        server,
        &params.text_document.uri,
        "semanticTokens",
        |snap, lines| {
            Some(SemanticTokensRangeResult::Tokens(SemanticTokens {
                result_id: None,
                data: tokens(snap, lines, Some(params.range)),
            }))
        },
    )
    .await
}

pub async fn inlay_hint(
    server: &Backend,
    params: InlayHintParams,
) -> Result<Option<Vec<InlayHint>>> {
    on_snapshot(
        server,
        &params.text_document.uri,
        "inlayHint",
        |snap, lines| Some(hints(snap, lines, params.range)),
    )
    .await
}

/// The legend announced at `initialize`: the order of these is the index `tokens` sends.
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
fn tokens(snap: &Snapshot, lines: &Lines, range: Option<Range>) -> Vec<SemanticToken> {
    let tokens = semantic_tokens::tokens(&snap.text, &snap.report, range.map(|r| lines.span(&r)));
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

fn hints(snap: &Snapshot, lines: &Lines, range: Range) -> Vec<InlayHint> {
    inlay_hints::inlay_hints(&snap.report, Some(lines.span(&range)))
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
