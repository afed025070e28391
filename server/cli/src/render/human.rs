//! Findings as rustc prints diagnostics: the header, `--> path:line:col`, the source line and
//! a caret under the cell, then notes on the cells that take part and the fixes on offer.

use super::Place;
use nianbao_core::text::display_width;
use nianbao_core::{Finding, Lang, Severity};
use std::fmt::Write;

pub struct Options {
    pub show_info: bool,
    pub color: bool,
    pub lang: Lang,
}

/// An input that could not be checked, in its place among the files.
pub fn failure(path: &str, message: &str, options: &Options) -> String {
    format!(
        "{}: {path}: {message}\n\n",
        severity_label(options, Severity::Error)
    )
}

fn say(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

fn severity_label(options: &Options, severity: Severity) -> String {
    match severity {
        // Tags as rustc prints them, in every language: scripts, CI problem matchers and
        // editors grep `^error`; the message after the tag is in the message language.
        Severity::Error => paint(options, "1;31", "error"),
        Severity::Warning => paint(options, "1;33", "warning"),
        Severity::Info => paint(options, "1;36", "note"),
    }
}

fn paint(options: &Options, code: &str, text: &str) -> String {
    if options.color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// The block of one finding.
pub fn finding(
    out: &mut String,
    path: &str,
    finding: &Finding,
    locator: &dyn Place,
    options: &Options,
) {
    let (start, end) = locator.span(&finding.range);
    let _ = writeln!(
        out,
        "{}[{}]: {}",
        severity_label(options, finding.severity),
        finding.code,
        finding.message
    );
    let gutter = start.line.to_string().len();
    let pad = " ".repeat(gutter);
    let _ = writeln!(out, "{pad}--> {path}:{}:{}", start.line, start.column);
    let _ = writeln!(out, "{pad} |");
    let line = locator.line_text(start.line);
    let _ = writeln!(out, "{} | {line}", start.line);
    let line_start = locator.line_start(start.line);
    let before = &line[..(finding.range.start - line_start).min(line.len())];
    let marked_end = if end.line == start.line {
        (finding.range.end - line_start).min(line.len())
    } else {
        line.len()
    };
    let marked = &line[before.len()..marked_end.max(before.len())];
    let carets = "^".repeat(display_width(marked).max(1));
    let _ = writeln!(
        out,
        "{pad} | {}{}",
        " ".repeat(display_width(before)),
        paint(options, "1;31", &carets)
    );
    for related in finding.related.iter().take(8) {
        let p = locator.pos(related.range.start);
        let _ = writeln!(
            out,
            "{pad} = {}{} ({}:{})",
            say(options.lang, "注：", "note: "),
            related.message,
            p.line,
            p.column
        );
    }
    if finding.related.len() > 8 {
        let more = finding.related.len() - 8;
        let _ = match options.lang {
            Lang::Zh => writeln!(out, "{pad} = 注：……另有 {more} 个单元格"),
            Lang::En => writeln!(out, "{pad} = note: … and {more} more cells"),
        };
    }
    for fix in &finding.fixes {
        let how = match (fix.safe, options.lang) {
            (true, Lang::Zh) => "修复：",
            (false, Lang::Zh) => "建议：",
            (true, Lang::En) => "fix: ",
            (false, Lang::En) => "suggestion: ",
        };
        let _ = writeln!(out, "{pad} = {how}{}", fix.title);
    }
    out.push('\n');
}
