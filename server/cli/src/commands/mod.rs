//! The subcommands. Each returns its exit code.

pub mod audit;
mod check;
pub mod import;
pub mod publish;
pub mod years;

pub use check::check;

use crate::files;
use crate::say::{self, say};
use clap::ValueEnum;
use nianbao_core::{Config, Lang};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other CI tools.
    Sarif,
    /// GitHub Actions workflow commands that annotate the lines.
    Github,
}

pub(crate) fn print(s: &str) {
    let mut out = std::io::stdout().lock();
    // A closed pipe (`nianbao check | head`) is not an error worth a panic.
    let _ = out.write_all(s.as_bytes());
    let _ = out.flush();
}

fn write_back(path: &Path, text: &str, lang: Lang) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| say::cannot_write(lang, path, &e))
}

fn diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header(path, path)
        .to_string()
}

pub fn fmt(paths: &[PathBuf], check_only: bool, config: &Config) -> u8 {
    let lang = config.lang;
    let mut status = 0;
    let mut unformatted = 0;
    for input in files::collect(paths, lang) {
        let text = match &input.text {
            Ok(text) => text,
            Err(message) => {
                say::fail(lang, &format!("{}: {message}", input.display()));
                status = 2;
                continue;
            }
        };
        let formatted = nianbao_core::format::format(text);
        if &formatted == text {
            continue;
        }
        unformatted += 1;
        if check_only {
            println!(
                "{}",
                say(
                    lang,
                    format!("{}：未按格式排版", input.display()),
                    format!("{}: not formatted", input.display())
                )
            );
            print(&diff(&input.display(), text, &formatted));
        } else if input.path.as_os_str() == "-" {
            print(&formatted);
        } else if let Err(message) = write_back(&input.path, &formatted, lang) {
            say::fail(lang, &message);
            status = 2;
        } else {
            println!(
                "{}",
                say(
                    lang,
                    format!("已排版 {}", input.display()),
                    format!("formatted {}", input.display())
                )
            );
        }
    }
    if status == 0 && check_only && unformatted > 0 {
        1
    } else {
        status
    }
}

pub fn fix(paths: &[PathBuf], config: &Config, show_diff: bool) -> u8 {
    let lang = config.lang;
    let zh = lang == Lang::Zh;
    let mut status = 0;
    for input in files::collect(paths, config.lang) {
        let text = match &input.text {
            Ok(text) => text,
            Err(message) => {
                say::fail(lang, &format!("{}: {message}", input.display()));
                status = 2;
                continue;
            }
        };
        let outcome = nianbao_core::fix::fix_all(text, config);
        let changed = &outcome.text != text;
        if changed && show_diff {
            print(&diff(&input.display(), text, &outcome.text));
        } else if changed && input.path.as_os_str() == "-" {
            print(&outcome.text);
        } else if changed {
            if let Err(message) = write_back(&input.path, &outcome.text, lang) {
                say::fail(lang, &message);
                status = 2;
                continue;
            }
            eprintln!(
                "{} {}:",
                if zh { "已修改" } else { "fixed" },
                input.display()
            );
            for applied in &outcome.applied {
                eprintln!("  {applied}");
            }
        }
        if !outcome.held.is_empty() {
            eprintln!(
                "{}",
                if zh {
                    format!(
                        "{}：以下勾稽关系不成立，数字未改动，需要您判断：",
                        input.display()
                    )
                } else {
                    format!("{}: these relations do not hold; no figure was changed, they need your decision:", input.display())
                }
            );
            for held in &outcome.held {
                eprintln!("  {}:{held}", input.display());
            }
            status = status.max(1);
        }
    }
    status
}

/// `nianbao fix --at LINE:COL [--code NBxxx] FILE`: the first fix of that one finding.
pub fn fix_at(
    paths: &[PathBuf],
    config: &Config,
    code: Option<&str>,
    at: &str,
    show_diff: bool,
) -> u8 {
    let lang = config.lang;
    let zh = lang == Lang::Zh;
    let [path] = paths else {
        say::fail(
            lang,
            &say(lang, "--at 只能用于一个文件", "--at applies to one file"),
        );
        return 2;
    };
    let place = at
        .split_once(':')
        .and_then(|(l, c)| Some((l.trim().parse::<u32>().ok()?, c.trim().parse::<u32>().ok()?)));
    let Some((line, col)) = place else {
        say::fail(
            lang,
            &say(
                lang,
                format!("--at 要写成 `check` 所示的 行:列，例如 --at 98:40（收到的是“{at}”）"),
                format!("--at wants LINE:COL as `check` prints it, e.g. --at 98:40 (got “{at}”)"),
            ),
        );
        return 2;
    };
    let input = files::read(path, config.lang);
    let text = match &input.text {
        Ok(text) => text,
        Err(message) => {
            say::fail(lang, &format!("{}: {message}", input.display()));
            return 2;
        }
    };
    let analysis = nianbao_core::analyze(text, config);
    let Some(finding) = nianbao_core::fix::finding_at(text, &analysis.findings, code, line, col)
    else {
        let what = code.map_or(String::new(), |c| format!(" {c}"));
        if zh {
            eprintln!("{}:{line}:{col}: 错误: 此处没有可修复的{what}发现（`nianbao check {}` 列出各发现及其位置）", input.display(), input.display());
        } else {
            eprintln!("{}:{line}:{col}: error: no{what} finding with a fix here (`nianbao check {}` lists the findings and their places)", input.display(), input.display());
        }
        return 1;
    };
    let fix = &finding.fixes[0];
    let fixed = nianbao_core::fix::apply_edits(text, &fix.edits);
    if show_diff {
        print(&diff(&input.display(), text, &fixed));
        return 0;
    }
    if input.path.as_os_str() == "-" {
        print(&fixed);
        return 0;
    }
    if let Err(message) = write_back(&input.path, &fixed, lang) {
        say::fail(lang, &message);
        return 2;
    }
    eprintln!(
        "{} {}:{line}:{col} [{}]: {}",
        if zh { "已修改" } else { "fixed" },
        input.display(),
        finding.code,
        fix.title
    );
    0
}

pub fn new(org: &str, year: &str, template: &str, output: Option<&Path>, lang: Lang) -> u8 {
    let knowledge = nianbao_core::knowledge::Knowledge::get();
    let Some(template) = knowledge.template(template) else {
        let known = knowledge.template_ids().join(", ");
        say::fail(
            lang,
            &say(
                lang,
                format!("没有 `{template}` 这个模板（有：{known}）"),
                format!("unknown template `{template}` (known: {known})"),
            ),
        );
        return 2;
    };
    if !(year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit())) {
        say::fail(
            lang,
            &say(
                lang,
                "--year 要写四位数字，例如 2024",
                "--year must be four digits, e.g. 2024",
            ),
        );
        return 2;
    }
    let text = nianbao_core::skeleton::new_report(template, org, year);
    match output {
        Some(path) if path.exists() => {
            say::fail(
                lang,
                &say(
                    lang,
                    format!("{} 已存在，不覆盖", path.display()),
                    format!("{} exists; not overwriting it", path.display()),
                ),
            );
            2
        }
        Some(path) => match write_back(path, &text, lang) {
            Ok(()) => 0,
            Err(message) => {
                say::fail(lang, &message);
                2
            }
        },
        None => {
            print(&text);
            0
        }
    }
}

pub fn explain(query: &str, config: &Config) -> u8 {
    use nianbao_core::explain::Answer;
    use nianbao_core::Lang;
    let list = |labels: &[String]| {
        labels
            .iter()
            .map(|l| format!("  nianbao explain '{l}'"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    match nianbao_core::explain::answer(query, config.lang) {
        Answer::Found(text) => {
            print(&text);
            if !text.ends_with('\n') {
                print("\n");
            }
            0
        }
        Answer::Ambiguous(labels) => {
            match config.lang {
                Lang::Zh => eprintln!(
                    "nianbao: 错误：“{query}”是模板中 {} 个标签的一部分，请指明是哪一个：\n{}",
                    labels.len(),
                    list(&labels)
                ),
                Lang::En => eprintln!(
                    "nianbao: error: `{query}` is part of {} labels of the template; which one?\n{}",
                    labels.len(),
                    list(&labels)
                ),
            }
            2
        }
        Answer::Unknown(close) => {
            match config.lang {
                Lang::Zh => eprintln!("nianbao: 错误：“{query}”既不是检查代码（NB101…）、勾稽关系编号（B1…C1），也不是模板中的标签"),
                Lang::En => eprintln!("nianbao: error: `{query}` is neither a finding code (NB101…), a relation id (B1…C1) nor a label of the template"),
            }
            if !close.is_empty() {
                match config.lang {
                    Lang::Zh => eprintln!("是否要查：\n{}", list(&close)),
                    Lang::En => eprintln!("did you mean:\n{}", list(&close)),
                }
            }
            2
        }
    }
}
