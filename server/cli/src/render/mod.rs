//! One set of output renderers for every command that reports findings: `human` (rustc style)
//! and `json` (documented in docs/cli.md). Positions are 1-based lines and columns in
//! characters; the caret line accounts for CJK display width.

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use nianbao_core::text::{Encoding, LineIndex};
use nianbao_core::{Finding, Lang, Severity};
use std::ops::Range;

/// What checking one input gave.
pub struct FileResult {
    pub path: String,
    /// The text, when it could be read.
    pub text: Option<String>,
    /// The findings, or why the input could not be checked.
    pub outcome: Result<Vec<Finding>, String>,
    pub template: Option<String>,
}

/// A 1-based position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

pub struct Locator<'t> {
    text: &'t str,
    index: LineIndex,
}

impl<'t> Locator<'t> {
    pub fn new(text: &'t str) -> Self {
        Locator {
            text,
            index: LineIndex::new(text),
        }
    }

    pub fn pos(&self, offset: usize) -> Pos {
        let lc = self.index.line_col(self.text, offset, Encoding::Chars);
        Pos {
            line: lc.line as usize + 1,
            column: lc.col as usize + 1,
        }
    }

    pub fn span(&self, range: &Range<usize>) -> (Pos, Pos) {
        (self.pos(range.start), self.pos(range.end))
    }

    /// The text of line `line` (1-based), without its line ending.
    pub fn line_text(&self, line: usize) -> &'t str {
        &self.text[self.index.line_range(self.text, line - 1)]
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.index.line_range(self.text, line - 1).start
    }
}

#[derive(Debug, Default, Clone, Copy)]
pub struct Totals {
    pub files: usize,
    pub unreadable: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Totals {
    pub fn of(results: &[FileResult]) -> Totals {
        let mut t = Totals {
            files: results.len(),
            ..Totals::default()
        };
        for r in results {
            match &r.outcome {
                Ok(findings) => {
                    for f in findings {
                        match f.severity {
                            Severity::Error => t.errors += 1,
                            Severity::Warning => t.warnings += 1,
                            Severity::Info => t.infos += 1,
                        }
                    }
                }
                Err(_) => t.unreadable += 1,
            }
        }
        t
    }

    /// The closing line: how many files, and what was found. `hint_info` mentions that notes
    /// are hidden (the human format shows them only with --show-info).
    pub fn summary(&self, lang: Lang, hint_info: bool) -> String {
        let mut line = match lang {
            Lang::Zh => format!(
                "检查了 {} 个文件：{} 个错误，{} 个警告",
                self.files, self.errors, self.warnings
            ),
            Lang::En => format!(
                "{} file(s) checked: {} error(s), {} warning(s)",
                self.files, self.errors, self.warnings
            ),
        };
        if self.infos > 0 {
            line.push_str(&match (lang, hint_info) {
                (Lang::Zh, true) => format!("，{} 条提示（加 --show-info 显示）", self.infos),
                (Lang::Zh, false) => format!("，{} 条提示", self.infos),
                (Lang::En, true) => format!(", {} note(s) (shown with --show-info)", self.infos),
                (Lang::En, false) => format!(", {} note(s)", self.infos),
            });
        }
        if self.unreadable > 0 {
            line.push_str(&match lang {
                Lang::Zh => format!("；{} 个文件无法检查", self.unreadable),
                Lang::En => format!("; {} file(s) could not be checked", self.unreadable),
            });
        }
        line
    }
}
