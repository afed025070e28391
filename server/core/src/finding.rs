//! What the checker reports: findings with a code, a severity, the range of the offending cell,
//! the cells that take part, and the fixes as plain text edits (so the CLI's `fix` and the
//! editor's quick fix apply the very same edits).

use crate::knowledge::Knowledge;
use serde::{Deserialize, Serialize};
use std::ops::Range;

// Below both findings and the rule book (which gives each code its default), so that neither
// imports the other for it.
pub use crate::knowledge::severity::Severity;

/// A replacement of the bytes `range` of the text the finding was computed on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    pub range: Range<usize>,
    pub new_text: String,
}

/// Applies non-overlapping edits (in any order) to `text`. Overlapping edits after the first
/// are skipped, so the result is always well-formed.
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in sorted {
        if edit.range.start < at || edit.range.end > text.len() || edit.range.start > edit.range.end
        {
            continue;
        }
        out.push_str(&text[at..edit.range.start]);
        out.push_str(&edit.new_text);
        at = edit.range.end;
    }
    out.push_str(&text[at..]);
    out
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
    /// Whether `nianbao fix` and fix-all apply it without asking. Recomputing a total is safe;
    /// filling a blank with 0 is not (a blank does not always mean 0), and neither is
    /// overwriting a non-zero subtotal whose sub-rows are all zero.
    pub safe: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Related {
    pub range: Range<usize>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// `NB103`.
    pub code: &'static str,
    pub severity: Severity,
    pub range: Range<usize>,
    pub message: String,
    pub related: Vec<Related>,
    pub fixes: Vec<Fix>,
}

impl Finding {
    pub fn new(code: &'static str, range: Range<usize>, message: String) -> Self {
        Finding {
            code,
            severity: Knowledge::get().default_severity(code),
            range,
            message,
            related: Vec::new(),
            fixes: Vec::new(),
        }
    }

    pub fn related(mut self, range: Range<usize>, message: impl Into<String>) -> Self {
        self.related.push(Related {
            range,
            message: message.into(),
        });
        self
    }

    pub fn fix(mut self, fix: Fix) -> Self {
        self.fixes.push(fix);
        self
    }

    /// Arithmetic findings (`NB1xx`): the ones fix-all must clear.
    pub fn is_arithmetic(&self) -> bool {
        self.code.starts_with("NB1")
    }
}
