//! One set of output renderers for every command that reports findings: `human` (rustc style),
//! `json` (documented in docs/cli.md), `sarif` and `github`. Each renders one file's findings on
//! the thread that checked it, so that `check` writes a file's output as soon as it and the files
//! before it are done; the document's opening and closing parts come from [`Style::head`] and
//! [`Style::tail`]. Positions are 1-based lines and columns in characters; the caret line
//! accounts for CJK display width.

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use nianbao_core::text::{Encoding, LineIndex};
use nianbao_core::{Finding, Lang, Severity};
use std::ops::Range;

/// A 1-based position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

/// Where the findings of one file are: the positions of their offsets and the source lines
/// that the human format quotes.
pub trait Place {
    fn pos(&self, offset: usize) -> Pos;
    /// The text of line `line` (1-based), without its line ending.
    fn line_text(&self, line: usize) -> &str;
    fn line_start(&self, line: usize) -> usize;

    fn span(&self, range: &Range<usize>) -> (Pos, Pos) {
        (self.pos(range.start), self.pos(range.end))
    }
}

/// Every position of a text, from its line index.
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
}

impl Place for Locator<'_> {
    fn pos(&self, offset: usize) -> Pos {
        let lc = self.index.line_col(self.text, offset, Encoding::Chars);
        Pos {
            line: lc.line as usize + 1,
            column: lc.col as usize + 1,
        }
    }

    fn line_text(&self, line: usize) -> &str {
        &self.text[self.index.line_range(self.text, line - 1)]
    }

    fn line_start(&self, line: usize) -> usize {
        self.index.line_range(self.text, line - 1).start
    }
}

/// The positions of a few ranges of a text and the lines they start on, kept once the text is
/// gone: the cross-year findings of a report are known only when every report is checked, and
/// a folder's texts are not kept that long.
pub struct Excerpt {
    positions: Vec<(usize, Pos)>,
    lines: Vec<(usize, usize, String)>,
}

impl Excerpt {
    pub fn new(locator: &Locator, ranges: impl IntoIterator<Item = Range<usize>>) -> Excerpt {
        let mut excerpt = Excerpt {
            positions: Vec::new(),
            lines: Vec::new(),
        };
        for range in ranges {
            let (start, end) = locator.span(&range);
            excerpt.positions.push((range.start, start));
            excerpt.positions.push((range.end, end));
            if !excerpt.lines.iter().any(|(line, _, _)| *line == start.line) {
                excerpt.lines.push((
                    start.line,
                    locator.line_start(start.line),
                    locator.line_text(start.line).to_string(),
                ));
            }
        }
        excerpt
    }
}

impl Place for Excerpt {
    fn pos(&self, offset: usize) -> Pos {
        // Only the ranges it was made for are asked for; the start of the text otherwise.
        self.positions
            .iter()
            .find(|(at, _)| *at == offset)
            .map_or(Pos { line: 1, column: 1 }, |(_, pos)| *pos)
    }

    fn line_text(&self, line: usize) -> &str {
        self.lines
            .iter()
            .find(|(l, _, _)| *l == line)
            .map_or("", |(_, _, text)| text)
    }

    fn line_start(&self, line: usize) -> usize {
        self.lines
            .iter()
            .find(|(l, _, _)| *l == line)
            .map_or(0, |(_, start, _)| *start)
    }
}

/// The output format of `check`, with what it needs to know.
pub enum Style {
    Human(human::Options),
    Json,
    Sarif,
    Github(Lang),
}

/// What the closing part of the output lists: every file in input order, the inputs that could
/// not be checked, and the counts.
pub struct End<'a> {
    pub files: &'a [(String, Option<String>)],
    pub failures: &'a [(String, String)],
    pub totals: Totals,
}

impl Style {
    /// The output before the first file's.
    pub fn head(&self) -> String {
        match self {
            Style::Human(_) | Style::Github(_) => String::new(),
            Style::Json => json::head(),
            Style::Sarif => sarif::head(),
        }
    }

    /// What goes between two files' non-empty outputs (the list's separator in JSON).
    pub fn separator(&self) -> &'static str {
        match self {
            Style::Human(_) | Style::Github(_) => "",
            Style::Json | Style::Sarif => ",\n",
        }
    }

    /// Whether a finding of this severity is printed (it is counted either way).
    pub fn shows(&self, severity: Severity) -> bool {
        match self {
            Style::Human(options) => options.show_info || severity != Severity::Info,
            _ => true,
        }
    }

    /// The output of one file's findings (those it [`shows`](Self::shows)): each finding's
    /// [`entry`](Self::entry), joined by the [`separator`](Self::separator).
    pub fn findings(&self, path: &str, findings: &[Finding], place: &dyn Place) -> String {
        let mut out = String::with_capacity(if findings.is_empty() { 0 } else { 1024 });
        for f in findings.iter().filter(|f| self.shows(f.severity)) {
            if !out.is_empty() {
                out.push_str(self.separator());
            }
            self.entry(&mut out, path, f, place);
        }
        out
    }

    /// The output of one finding, whether it [`shows`](Self::shows) or not. A file's output is
    /// its findings' entries, in order, joined by the separator, so that findings found apart
    /// (the cross-year ones) are written as if they had been found together.
    pub fn entry(&self, out: &mut String, path: &str, finding: &Finding, place: &dyn Place) {
        match self {
            Style::Human(options) => human::finding(out, path, finding, place, options),
            Style::Json => json::finding(out, path, finding, place),
            Style::Sarif => sarif::finding(out, path, finding, place),
            Style::Github(_) => github::finding(out, path, finding, place),
        }
    }

    /// The output, in the place of a file, that it could not be checked (the JSON formats list
    /// it at the end instead).
    pub fn failure(&self, path: &str, message: &str) -> String {
        match self {
            Style::Human(options) => human::failure(path, message, options),
            Style::Github(_) => github::failure(path, message),
            Style::Json | Style::Sarif => String::new(),
        }
    }

    /// The output after the last file's.
    pub fn tail(&self, end: &End) -> String {
        match self {
            Style::Human(options) => {
                format!("{}\n", end.totals.summary(options.lang, !options.show_info))
            }
            Style::Github(lang) => format!("{}\n", end.totals.summary(*lang, false)),
            Style::Json => json::tail(end),
            Style::Sarif => sarif::tail(end),
        }
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
    /// Counts `findings` in.
    pub fn add(&mut self, findings: &[Finding]) {
        for f in findings {
            self.count(f.severity);
        }
    }

    /// Counts one finding of this severity in.
    pub fn count(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }

    pub fn merge(&mut self, other: Totals) {
        self.files += other.files;
        self.unreadable += other.unreadable;
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
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
