//! `nianbao check`: every input read and checked on every core, its output written as soon as
//! it and the inputs before it are done (input order, so the output is the same on any number
//! of cores), then the cross-year warnings, which need every report (compared on the workers as
//! the pairs are checked: see `years`), and the closing part.
//! A file's text and model are dropped once its output is rendered; line positions are
//! computed only for files with something to print.

use super::years::{self, Pair, Pairing, Year};
use super::OutputFormat;
use crate::files::{self, Found, Input};
use crate::progress::Progress;
use crate::render::{End, Excerpt, Locator, Style, Totals};
use nianbao_core::cross_year::YearFacts;
use nianbao_core::{Config, Severity};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// What checking one input leaves once its output is rendered.
struct Checked {
    path: String,
    template: Option<String>,
    /// Why it could not be checked.
    failure: Option<String>,
    output: String,
    totals: Totals,
    /// The cross-year pairs this report completed.
    pairs: Vec<Pair>,
}

pub fn check(
    paths: &[PathBuf],
    config: &Config,
    format: OutputFormat,
    deny_warnings: bool,
    show_info: bool,
) -> u8 {
    let found = files::find_reports(paths, config.lang);
    let style = match format {
        OutputFormat::Human => Style::Human(crate::render::human::Options {
            show_info,
            color: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
            lang: config.lang,
        }),
        OutputFormat::Json => Style::Json,
        OutputFormat::Sarif => Style::Sarif,
        OutputFormat::Github => Style::Github(config.lang),
    };
    // Spelling notes would annotate every other line of a pull request.
    let drop_info = !show_info && matches!(format, OutputFormat::Sarif | OutputFormat::Github);
    let mut out = Output::new(&style);
    let mut progress = Progress::new(found.len(), config.lang);
    let mut totals = Totals::default();
    let mut files = Vec::with_capacity(found.len());
    let mut failures = Vec::new();
    let mut pairs = Vec::new();
    let pairing = Pairing::new(config, &style, drop_info);
    crate::parallel::for_each_ordered(
        &found,
        crate::parallel::threads(),
        |i, found| check_one(i, found, config, &style, drop_info, &pairing),
        |checked| {
            progress.step();
            out.file(&checked.output);
            totals.merge(checked.totals);
            if let Some(message) = checked.failure {
                failures.push((checked.path.clone(), message));
            }
            pairs.extend(checked.pairs);
            files.push((checked.path, checked.template));
        },
    );
    years::in_order(pairs, |severity, text| {
        totals.count(severity);
        out.file(text);
    });
    progress.finish();
    out.end(&style.tail(&End {
        files: &files,
        failures: &failures,
        totals,
    }));
    if totals.unreadable > 0 || found.is_empty() {
        if found.is_empty() {
            match config.lang {
                nianbao_core::Lang::Zh => eprintln!("nianbao: 错误：没有找到 .nianbao 文件"),
                nianbao_core::Lang::En => eprintln!("nianbao: error: no .nianbao files found"),
            }
        }
        2
    } else if totals.errors > 0 || (deny_warnings && totals.warnings > 0) {
        1
    } else {
        0
    }
}

/// Reads, checks and renders input `index` (on a worker thread), and compares it with the
/// reports of its organ's neighbouring years checked before it.
fn check_one(
    index: usize,
    found: &Found,
    config: &Config,
    style: &Style,
    drop_info: bool,
    pairing: &Pairing,
) -> Checked {
    let input = files::open(found.clone(), config.lang);
    let path = input.display();
    let text = match (import_first(&input, config), &input.text) {
        (Some(message), _) => return unchecked(path, message, style),
        (None, Err(message)) => return unchecked(path, message.clone(), style),
        (None, Ok(text)) => text,
    };
    let analysis = nianbao_core::analyze(text, config);
    let template = Some(analysis.report.template.id.clone());
    let facts = YearFacts::of(&analysis.report);
    let mut findings = analysis.findings;
    if drop_info {
        findings.retain(|f| f.severity != Severity::Info);
    }
    let mut totals = Totals {
        files: 1,
        ..Totals::default()
    };
    totals.add(&findings);
    let printed = findings.iter().any(|f| style.shows(f.severity));
    let locator = (printed || facts.is_some()).then(|| Locator::new(text));
    let output = match &locator {
        Some(locator) if printed => style.findings(&path, &findings, locator),
        _ => String::new(),
    };
    let year = facts.zip(locator).map(|(facts, locator)| Year {
        excerpt: Excerpt::new(&locator, facts.ranges()),
        path: path.clone(),
        facts,
    });
    let pairs = year.map_or_else(Vec::new, |year| pairing.add(index, year));
    Checked {
        path,
        template,
        failure: None,
        output,
        totals,
        pairs,
    }
}

/// An input that could not be checked, and why.
fn unchecked(path: String, message: String, style: &Style) -> Checked {
    Checked {
        output: style.failure(&path, &message),
        path,
        template: None,
        failure: Some(message),
        totals: Totals {
            files: 1,
            unreadable: 1,
            ..Totals::default()
        },
        pairs: Vec::new(),
    }
}

/// A report as published (a Word file, a PDF, a web page, scraped text) is imported first:
/// checked as it is it would only be "not a report". The import command to run, if `input` is
/// one; a `.md` file is read as it is (Markdown from a converter is a report).
fn import_first(input: &Input, config: &Config) -> Option<String> {
    const PUBLISHED: [&str; 7] = ["txt", "html", "htm", "docx", "doc", "pdf", "wps"];
    let extension = input.path.extension()?.to_str()?.to_ascii_lowercase();
    if !PUBLISHED.contains(&extension.as_str()) {
        return None;
    }
    if let Ok(text) = &input.text {
        if nianbao_convert::looks_like_markup(text) {
            return None;
        }
    }
    let path = input.display();
    let out = input.path.with_extension(files::EXTENSION);
    let command = format!("nianbao import {path} -o {}", files::display(&out));
    Some(match config.lang {
        nianbao_core::Lang::Zh => format!(
            "这是发布的报告原件（.{extension}），不是 .nianbao 标记：先转换再检查：`{command}`"
        ),
        nianbao_core::Lang::En => format!(
            "a report as published (.{extension}), not .nianbao markup: import it first: `{command}`"
        ),
    })
}

/// Standard output, written file by file. A closed pipe (`nianbao check | head`) ends the
/// writing, not the run: the exit code still tells whether the reports are clean.
struct Output<'s> {
    out: std::io::BufWriter<std::io::StdoutLock<'static>>,
    separator: &'s str,
    any: bool,
    closed: bool,
    /// Asked once: asking the system for every file's output was a system call per file.
    terminal: bool,
}

impl<'s> Output<'s> {
    fn new(style: &'s Style) -> Self {
        let mut output = Output {
            out: std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock()),
            separator: style.separator(),
            any: false,
            closed: false,
            terminal: std::io::stdout().is_terminal(),
        };
        output.write(&style.head());
        output
    }

    /// One file's output, after the separator if it is not the first.
    fn file(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if self.any {
            self.write(self.separator);
        }
        self.any = true;
        self.write(text);
        // A person at a terminal sees each file's findings as they come.
        if self.terminal {
            self.flush();
        }
    }

    fn end(mut self, text: &str) {
        self.write(text);
        self.flush();
    }

    fn write(&mut self, text: &str) {
        if !self.closed && self.out.write_all(text.as_bytes()).is_err() {
            self.closed = true;
        }
    }

    fn flush(&mut self) {
        if !self.closed && self.out.flush().is_err() {
            self.closed = true;
        }
    }
}
