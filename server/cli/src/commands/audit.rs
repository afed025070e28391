//! `nianbao audit`: a folder of published reports in any importable form (and .nianbao files),
//! imported and checked on every core, one line per report — imported or why not, findings by
//! rule — as a table, CSV or JSON, then the cross-year warnings and the totals.

use nianbao_core::cross_year::{self, YearReport};
use nianbao_core::{analyze, Analysis, Config, Severity};
use serde_json::json;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum AuditFormat {
    Table,
    Csv,
    Json,
}

/// What a folder walk picks up; other files are not reports.
const EXTENSIONS: &[&str] = &[
    "nianbao", "txt", "md", "html", "htm", "shtml", "xhtml", "docx", "doc", "pdf",
];

pub struct Args<'a> {
    pub paths: &'a [PathBuf],
    pub format: AuditFormat,
    pub jobs: Option<usize>,
    pub deny_warnings: bool,
}

/// One report's outcome.
struct Entry {
    path: String,
    /// `markup`, or the layout it was imported from.
    layout: String,
    outcome: Result<Checked, Unread>,
}

/// Why a file was not checked.
struct Unread {
    reason: String,
    /// Markup that is no report at all (a README among the reports): listed, not a failure.
    not_a_report: bool,
}

impl Unread {
    fn failed(reason: String) -> Unread {
        Unread {
            reason,
            not_a_report: false,
        }
    }
}

struct Checked {
    text: String,
    analysis: Analysis,
}

impl Checked {
    fn count(&self, severity: Severity) -> usize {
        self.analysis
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// Findings per rule, notes left out.
    fn rules(&self) -> BTreeMap<&'static str, usize> {
        let mut m = BTreeMap::new();
        for f in self
            .analysis
            .findings
            .iter()
            .filter(|f| f.severity != Severity::Info)
        {
            *m.entry(f.code).or_insert(0) += 1;
        }
        m
    }

    fn organization(&self) -> String {
        self.analysis
            .report
            .meta
            .organization
            .as_ref()
            .map(|(v, _)| v.clone())
            .unwrap_or_default()
    }

    fn year(&self) -> String {
        self.analysis
            .report
            .meta
            .year
            .as_ref()
            .map(|(v, _)| v.clone())
            .unwrap_or_default()
    }
}

impl Entry {
    fn status(&self) -> &'static str {
        match &self.outcome {
            Err(u) if u.not_a_report => "not-a-report",
            Err(_) => "failed",
            Ok(c) if c.count(Severity::Error) > 0 => "errors",
            Ok(c) if c.count(Severity::Warning) > 0 => "warnings",
            Ok(_) => "clean",
        }
    }
}

struct CrossYear {
    path: String,
    last: String,
    code: &'static str,
    line: usize,
    column: usize,
    message: String,
}

pub fn run(args: &Args, config: &Config) -> u8 {
    let zh = config.lang == nianbao_core::Lang::Zh;
    let files = collect(args.paths, config.lang);
    if files.is_empty() {
        let kinds = EXTENSIONS
            .iter()
            .map(|e| format!("*.{e}"))
            .collect::<Vec<_>>()
            .join(", ");
        if zh {
            eprintln!("nianbao: 错误: 没有找到报告（查找的是 {kinds}）");
        } else {
            eprintln!("nianbao: error: no reports found (looked for {kinds})");
        }
        return 2;
    }
    let started = Instant::now();
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1)
        .min(files.len());
    let entries = audit_all(&files, config, jobs);
    let cross = cross_years(&entries, config);
    let elapsed = started.elapsed();
    let output = match args.format {
        AuditFormat::Table => table(&entries, &cross, zh),
        AuditFormat::Csv => csv(&entries),
        AuditFormat::Json => json_doc(&entries, &cross),
    };
    super::print(&output);
    let seconds = elapsed.as_secs_f64();
    let rate = entries.len() as f64 / seconds.max(1e-9);
    if zh {
        eprintln!(
            "审核了 {} 个文件，用时 {seconds:.2} 秒，{jobs} 个线程（每秒 {rate:.0} 个）",
            entries.len()
        );
    } else {
        eprintln!(
            "audited {} file(s) in {seconds:.2} s on {jobs} thread(s) ({rate:.0} files/s)",
            entries.len()
        );
    }
    let failed = entries.iter().any(|e| e.status() == "failed");
    let errors = entries.iter().any(|e| e.status() == "errors");
    let warnings = entries.iter().any(|e| e.status() == "warnings") || !cross.is_empty();
    u8::from(failed || errors || (args.deny_warnings && warnings))
}

/// The files to audit: folders searched for every importable form. A folder that cannot be
/// read is kept as a path, so reading it reports the error in its row.
fn collect(paths: &[PathBuf], lang: nianbao_core::Lang) -> Vec<PathBuf> {
    let importable = |path: &Path| {
        path.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
    };
    crate::files::find(paths, &importable, lang)
        .into_iter()
        .map(|found| found.unwrap_or_else(|(path, _)| path))
        .collect()
}

/// Imports and checks every file on `jobs` threads, each taking the next file as it finishes.
fn audit_all(files: &[PathBuf], config: &Config, jobs: usize) -> Vec<Entry> {
    crate::parallel::map(files, jobs, |path| audit_one(path, config))
}

fn audit_one(path: &Path, config: &Config) -> Entry {
    let display = path.display().to_string();
    let bytes = match crate::files::read_bytes(path, config.lang) {
        Ok(b) => b,
        Err(e) => {
            return Entry {
                path: display,
                layout: String::new(),
                outcome: Err(Unread::failed(e)),
            }
        }
    };
    // Markup is checked as it is: our own `.nianbao`, and a converter's Markdown (a `.md` with
    // pipe tables) that the checker reads as the converter wrote it.
    let markup = path
        .extension()
        .is_some_and(|e| e == crate::files::EXTENSION)
        || std::str::from_utf8(&bytes).is_ok_and(nianbao_convert::looks_like_markup);
    if markup {
        let outcome = String::from_utf8(bytes)
            .map_err(|_| {
                Unread::failed(match config.lang {
                    nianbao_core::Lang::Zh => "不是 UTF-8 编码的文字：请先转成 UTF-8".to_string(),
                    nianbao_core::Lang::En => "not UTF-8 text".to_string(),
                })
            })
            .and_then(|text| {
                let analysis = analyze(&text, config);
                let ours = path
                    .extension()
                    .is_some_and(|e| e == crate::files::EXTENSION);
                if ours || analysis.report.is_a_report() {
                    Ok(Checked { text, analysis })
                } else {
                    Err(Unread {
                        reason: match config.lang {
                            nianbao_core::Lang::Zh => "不是年报：没有前置信息、部分标题或模板中的表格，未检查".to_string(),
                            nianbao_core::Lang::En => "not an annual report: no front matter, section heading or table of the template; not checked".to_string(),
                        },
                        not_a_report: true,
                    })
                }
            });
        return Entry {
            path: display,
            layout: "markup".into(),
            outcome,
        };
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let options = nianbao_convert::Options {
        source_name: &name,
        lang: config.lang,
        ..Default::default()
    };
    // A PDF's text is taken by `pdftotext`: laid out, or where that is refused in reading order.
    let mut source = None;
    let outcome = if crate::pdf::is_pdf(&bytes) {
        match crate::pdf::import(crate::pdf::Pdf::File(path), &options) {
            Ok(outcome) => outcome
                .map(|read| {
                    source = Some(read.source());
                    read.imported
                })
                .map_err(|refused| refused.layout),
            Err(e) => {
                return Entry {
                    path: display,
                    layout: String::new(),
                    outcome: Err(Unread::failed(e)),
                }
            }
        }
    } else {
        nianbao_convert::import(&bytes, &options)
    };
    match outcome {
        Ok(imported) => {
            let analysis = analyze(&imported.markup, config);
            Entry {
                path: display,
                layout: source.unwrap_or_else(|| imported.format.name().into()),
                outcome: Ok(Checked {
                    text: imported.markup,
                    analysis,
                }),
            }
        }
        Err(e) => Entry {
            path: display,
            layout: String::new(),
            outcome: Err(Unread::failed(e.show(config.lang))),
        },
    }
}

/// NB401/NB402 between consecutive years of one organ found in the folder.
fn cross_years(entries: &[Entry], config: &Config) -> Vec<CrossYear> {
    let checked: Vec<(&Entry, &Checked)> = entries
        .iter()
        .filter_map(|e| e.outcome.as_ref().ok().map(|c| (e, c)))
        .collect();
    // Reports by organ and year, so that each report meets only last year's of its organ.
    let mut by_year: std::collections::HashMap<(String, i32), Vec<usize>> =
        std::collections::HashMap::new();
    for (i, (_, c)) in checked.iter().enumerate() {
        if let (Some(org), Some(year)) = (
            cross_year::organization(&c.analysis.report),
            cross_year::year(&c.analysis.report),
        ) {
            by_year.entry((org, year)).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    for (this_e, this) in &checked {
        let (Some(org), Some(year)) = (
            cross_year::organization(&this.analysis.report),
            cross_year::year(&this.analysis.report),
        ) else {
            continue;
        };
        for &l in by_year.get(&(org, year - 1)).into_iter().flatten() {
            let (last_e, last) = checked[l];
            let last_y = YearReport {
                name: &last_e.path,
                text: &last.text,
                report: &last.analysis.report,
            };
            let this_y = YearReport {
                name: &this_e.path,
                text: &this.text,
                report: &this.analysis.report,
            };
            let index = nianbao_core::text::LineIndex::new(&this.text);
            for f in cross_year::check(last_y, this_y, config.lang) {
                let lc = index.line_col(
                    &this.text,
                    f.finding.range.start,
                    nianbao_core::text::Encoding::Chars,
                );
                out.push(CrossYear {
                    path: this_e.path.clone(),
                    last: last_e.path.clone(),
                    code: f.finding.code,
                    line: lc.line as usize + 1,
                    column: lc.col as usize + 1,
                    message: f.finding.message,
                });
            }
        }
    }
    out
}

fn rules_text(c: &Checked) -> String {
    c.rules()
        .iter()
        .map(|(code, n)| {
            if *n > 1 {
                format!("{code}×{n}")
            } else {
                code.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words of the table, in the message language (CSV and JSON keep the English keys that
/// tools read).
struct Words {
    head: [&'static str; 6],
    across: &'static str,
}

const ZH: Words = Words {
    head: ["状态", "错误", "警告", "报告", "来源", "各规则的发现"],
    across: "跨年度：",
};
const EN: Words = Words {
    head: [
        "status",
        "errors",
        "warnings",
        "report",
        "source",
        "findings by rule",
    ],
    across: "across years:",
};

fn status_word(status: &str, zh: bool) -> &str {
    match (status, zh) {
        ("failed", true) => "无法读取",
        ("errors", true) => "有错误",
        ("warnings", true) => "有警告",
        ("clean", true) => "通过",
        ("not-a-report", true) => "不是年报",
        (other, _) => other,
    }
}

/// `text` padded with spaces to `width` display columns (CJK characters take two).
fn pad(text: &str, width: usize) -> String {
    let shown = unicode_width::UnicodeWidthStr::width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(shown)))
}

/// `text` right-aligned in `width` display columns.
fn pad_left(text: &str, width: usize) -> String {
    let shown = unicode_width::UnicodeWidthStr::width(text);
    format!("{}{text}", " ".repeat(width.saturating_sub(shown)))
}

fn table(entries: &[Entry], cross: &[CrossYear], zh: bool) -> String {
    let words = if zh { &ZH } else { &EN };
    let mut out = String::new();
    let width =
        |texts: &mut dyn Iterator<Item = usize>, min: usize| texts.max().unwrap_or(min).max(min);
    let w = unicode_width::UnicodeWidthStr::width;
    let path_w = width(
        &mut entries.iter().map(|e| w(e.path.as_str())),
        w(words.head[3]),
    );
    let status_w = width(
        &mut entries.iter().map(|e| w(status_word(e.status(), zh))),
        w(words.head[0]),
    );
    // `pdf (reading order)` is wider than the other sources.
    let source_w = width(&mut entries.iter().map(|e| w(e.layout.as_str())), 8);
    let [h_status, h_errors, h_warnings, h_report, h_source, h_rules] = words.head;
    let _ = writeln!(
        out,
        "{} {} {}  {}  {} {h_rules}",
        pad(h_status, status_w),
        pad_left(h_errors, 6),
        pad_left(h_warnings, 8),
        pad(h_report, path_w),
        pad(h_source, source_w)
    );
    for e in entries {
        let status = pad(status_word(e.status(), zh), status_w);
        let path = pad(&e.path, path_w);
        match &e.outcome {
            Ok(c) => {
                let _ = writeln!(
                    out,
                    "{status} {:>6} {:>8}  {path}  {} {}",
                    c.count(Severity::Error),
                    c.count(Severity::Warning),
                    pad(&e.layout, source_w),
                    rules_text(c)
                );
            }
            Err(Unread { reason, .. }) => {
                let _ = writeln!(
                    out,
                    "{status} {:>6} {:>8}  {path}  {} {reason}",
                    "-",
                    "-",
                    pad("-", source_w)
                );
            }
        }
    }
    if !cross.is_empty() {
        let _ = writeln!(out, "\n{}", words.across);
        for c in cross {
            let _ = writeln!(
                out,
                "warning[{}]: {}:{}:{}: {}",
                c.code, c.path, c.line, c.column, c.message
            );
        }
    }
    let _ = writeln!(out, "\n{}", totals_line(entries, cross, zh));
    out
}

fn totals_line(entries: &[Entry], cross: &[CrossYear], zh: bool) -> String {
    let count = |s: &str| entries.iter().filter(|e| e.status() == s).count();
    let imported = entries
        .iter()
        .filter(|e| e.outcome.is_ok() && e.layout != "markup")
        .count();
    let markup = entries
        .iter()
        .filter(|e| e.layout == "markup" && e.outcome.is_ok())
        .count();
    let sum = |sev| {
        entries
            .iter()
            .filter_map(|e| e.outcome.as_ref().ok())
            .map(|c| c.count(sev))
            .sum::<usize>()
    };
    let (n, failed, other) = (entries.len(), count("failed"), count("not-a-report"));
    let (with_errors, with_warnings, clean) = (count("errors"), count("warnings"), count("clean"));
    let (errors, warnings, across) = (sum(Severity::Error), sum(Severity::Warning), cross.len());
    if zh {
        format!(
            "共 {n} 个文件：导入 {imported} 份，标记文本 {markup} 份，无法读取 {failed} 份，不是年报 {other} 个；有错误 {with_errors} 份，仅有警告 {with_warnings} 份，通过 {clean} 份；错误 {errors} 个，警告 {warnings} 个；跨年度警告 {across} 个"
        )
    } else {
        format!(
            "{n} file(s): {imported} imported, {markup} markup, {failed} failed, {other} not a report; {with_errors} with errors, {with_warnings} with warnings only, {clean} clean; {errors} error(s), {warnings} warning(s); {across} cross-year warning(s)"
        )
    }
}

fn csv(entries: &[Entry]) -> String {
    let mut out = String::from(
        "path,status,source,organization,year,template,errors,warnings,notes,rules,reason\n",
    );
    for e in entries {
        let fields: Vec<String> = match &e.outcome {
            Ok(c) => vec![
                e.path.clone(),
                e.status().into(),
                e.layout.clone(),
                c.organization(),
                c.year(),
                c.analysis.report.template.id.clone(),
                c.count(Severity::Error).to_string(),
                c.count(Severity::Warning).to_string(),
                c.count(Severity::Info).to_string(),
                rules_text(c),
                String::new(),
            ],
            Err(Unread { reason, .. }) => vec![
                e.path.clone(),
                e.status().into(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                reason.clone(),
            ],
        };
        out.push_str(
            &fields
                .iter()
                .map(|f| csv_field(f))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push('\n');
    }
    out
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn json_doc(entries: &[Entry], cross: &[CrossYear]) -> String {
    let reports: Vec<serde_json::Value> = entries
        .iter()
        .map(|e| match &e.outcome {
            Ok(c) => json!({
                "path": e.path, "status": e.status(), "source": e.layout,
                "organization": c.organization(), "year": c.year(),
                "template": c.analysis.report.template.id,
                "errors": c.count(Severity::Error), "warnings": c.count(Severity::Warning), "notes": c.count(Severity::Info),
                "rules": c.rules(),
            }),
            Err(u) => json!({ "path": e.path, "status": e.status(), "reason": u.reason }),
        })
        .collect();
    let cross: Vec<serde_json::Value> =
        cross.iter().map(|c| json!({ "path": c.path, "last_year": c.last, "code": c.code, "line": c.line, "column": c.column, "message": c.message })).collect();
    let count = |s: &str| entries.iter().filter(|e| e.status() == s).count();
    let doc = json!({
        "version": 1,
        "reports": reports,
        "cross_year": cross,
        "totals": {
            "reports": entries.len(), "failed": count("failed"), "not_a_report": count("not-a-report"), "errors": count("errors"),
            "warnings": count("warnings"), "clean": count("clean"), "cross_year": cross.len(),
        },
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
