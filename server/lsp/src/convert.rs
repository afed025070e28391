//! Byte offsets ↔ LSP positions in the negotiated encoding, and findings → diagnostics.

use nianbao_core::finding::{Edit, Finding, Fix, Severity};
use nianbao_core::syntax::Span;
use nianbao_core::text::{Encoding, LineCol, LineIndex};
use serde::{Deserialize, Serialize};
use tower_lsp_server::ls_types::{
    ClientCapabilities, CodeDescription, Diagnostic, DiagnosticRelatedInformation,
    DiagnosticSeverity, Location, NumberOrString, Position, PositionEncodingKind, Range, TextEdit,
    Uri,
};

/// UTF-8 when the client offers it (no conversion at all), else UTF-16, which every client
/// must support.
pub fn negotiate(capabilities: &ClientCapabilities) -> (Encoding, PositionEncodingKind) {
    let offered = capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    if offered.is_some_and(|kinds| kinds.contains(&PositionEncodingKind::UTF8)) {
        (Encoding::Utf8, PositionEncodingKind::UTF8)
    } else {
        (Encoding::Utf16, PositionEncodingKind::UTF16)
    }
}

/// A text with its line index, for converting in both directions.
pub struct Lines<'a> {
    pub text: &'a str,
    pub index: &'a LineIndex,
    pub encoding: Encoding,
}

impl Lines<'_> {
    pub fn position(&self, offset: usize) -> Position {
        let lc = self.index.line_col(self.text, offset, self.encoding);
        Position::new(lc.line, lc.col)
    }

    pub fn range(&self, span: &Span) -> Range {
        Range::new(self.position(span.start), self.position(span.end))
    }

    /// Clamped: a position past a line's end or the text's end is taken as that end.
    pub fn offset(&self, position: Position) -> usize {
        self.index.offset(
            self.text,
            LineCol {
                line: position.line,
                col: position.character,
            },
            self.encoding,
        )
    }

    pub fn span(&self, range: &Range) -> Span {
        let (a, b) = (self.offset(range.start), self.offset(range.end));
        a.min(b)..a.max(b)
    }

    pub fn text_edit(&self, edit: &Edit) -> TextEdit {
        TextEdit {
            range: self.range(&edit.range),
            new_text: edit.new_text.clone(),
        }
    }
}

/// What a diagnostic carries in `data`: the core's fixes, in LSP ranges of the document version
/// they were computed on, so a code action applies exactly those edits. A fix whose edits are
/// bulky (a whole table recomputed or rewritten aligned) carries no edits here: the code action
/// computes them from the analysis of that version (`codeAction/resolve`, or at once for
/// clients that cannot resolve), so every diagnostic stays small on the wire.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FixData {
    pub version: i32,
    pub fixes: Vec<FixEdits>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FixEdits {
    pub title: String,
    pub safe: bool,
    /// `None`: too bulky to carry; computed when the action is chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edits: Option<Vec<TextEdit>>,
}

/// The most a fix may weigh, roughly in JSON bytes, to ride along in `data`: enough for the
/// fix of the finding's own cell, a label spelt canonically or a few sub-rows marked 待核; a
/// table-wide recomputation (seed 002: 23 edits, ~2 KB, repeated on every arithmetic finding)
/// is left out.
pub const INLINE_FIX_BYTES: usize = 512;

/// Roughly what an edit weighs as JSON: its range (~70 bytes) and its text.
fn weight(edits: &[Edit]) -> usize {
    edits.iter().map(|e| 80 + e.new_text.len()).sum()
}

/// A finding's fixes for `data`: small ones with their edits, bulky ones by title only.
pub fn fix_data(fixes: &[Fix], lines: &Lines) -> Vec<FixEdits> {
    fixes
        .iter()
        .map(|fix| FixEdits {
            title: fix.title.clone(),
            safe: fix.safe,
            edits: (weight(&fix.edits) <= INLINE_FIX_BYTES)
                .then(|| fix.edits.iter().map(|e| lines.text_edit(e)).collect()),
        })
        .collect()
}

pub const SOURCE: &str = "nianbao";

/// Notes (label spellings and the like) are hints: the CLI hides them unless asked, and an
/// editor should not underline sixty canonical-spelling suggestions in a seed report.
pub fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::HINT,
    }
}

pub fn diagnostic(
    finding: &Finding,
    lines: &Lines,
    uri: &Uri,
    version: Option<i32>,
    docs: Option<Uri>,
) -> Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = finding
        .related
        .iter()
        .map(|r| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), lines.range(&r.range)),
            message: r.message.clone(),
        })
        .collect();
    let data = version
        .filter(|_| !finding.fixes.is_empty())
        .map(|version| FixData {
            version,
            fixes: fix_data(&finding.fixes, lines),
        });
    Diagnostic {
        range: lines.range(&finding.range),
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.code.to_string())),
        code_description: docs.map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_string()),
        message: finding.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: data.and_then(|d| serde_json::to_value(d).ok()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_round_trip_in_both_encodings() {
        let text = "一、总体情况\r\n| 规章 | 😀 |\r\nend";
        let index = LineIndex::new(text);
        let emoji = text.find('😀').unwrap_or_default();
        for (encoding, col) in [
            (Encoding::Utf8, 1 + 1 + 6 + 1 + 1 + 1),
            (Encoding::Utf16, 1 + 1 + 2 + 1 + 1 + 1),
        ] {
            let lines = Lines {
                text,
                index: &index,
                encoding,
            };
            let range = lines.range(&(emoji..emoji + 4));
            assert_eq!(range.start, Position::new(1, col), "{encoding:?}");
            assert_eq!(lines.span(&range), emoji..emoji + 4);
        }
        let lines = Lines {
            text,
            index: &index,
            encoding: Encoding::Utf16,
        };
        // Past the end of a line (into its CRLF) and past the end of the text: clamped.
        assert_eq!(
            lines.offset(Position::new(0, 99)),
            text.find('\r').unwrap_or_default()
        );
        assert_eq!(lines.offset(Position::new(99, 0)), text.len());
    }
}
