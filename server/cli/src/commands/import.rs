//! `nianbao import`: a published report (text scrape, PDF text, HTML, .docx) to markup.

use crate::say::say;
use nianbao_convert::{Format, Options};
use nianbao_core::Lang;
use std::path::Path;

pub struct Args<'a> {
    pub path: &'a Path,
    pub output: Option<&'a Path>,
    pub from: Option<&'a str>,
    pub organization: Option<&'a str>,
    pub year: Option<&'a str>,
    pub template: Option<&'a str>,
    pub lang: Lang,
}

/// Exit codes: 0 imported, 1 the source cannot be imported faithfully, 2 usage or I/O.
pub fn run(args: &Args) -> u8 {
    let zh = args.lang == Lang::Zh;
    // Tags as rustc prints them (scripts grep them); the messages are in the message language.
    let (error, note) = ("error", "note");
    let from = match args.from.map(|f| Format::parse(f).ok_or(f)) {
        Some(Err(f)) => {
            let known: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
            let known = known.join(", ");
            if zh {
                eprintln!("nianbao: 错误: 未知的 --from `{f}`（可选：{known}）");
            } else {
                eprintln!("nianbao: error: unknown --from `{f}` (known: {known})");
            }
            return 2;
        }
        Some(Ok(f)) => Some(f),
        None => None,
    };
    // `-` is standard input: named `<stdin>` (标准输入) in every message and in the markup.
    let stdin = crate::files::is_stdin(args.path);
    let shown = if stdin {
        say(args.lang, "标准输入", "<stdin>")
    } else {
        args.path.display().to_string()
    };
    let read = if stdin {
        crate::files::read_stdin_bytes(args.lang)
    } else {
        crate::files::read_bytes(args.path, args.lang)
    };
    let bytes = match read {
        Ok(b) => b,
        Err(e) => {
            eprintln!("nianbao: {error}: {shown}: {e}");
            return 2;
        }
    };
    let name = if stdin {
        shown.clone()
    } else {
        args.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let options = Options {
        source_name: &name,
        from,
        organization: args.organization,
        year: args.year,
        template: args.template,
        lang: args.lang,
        document_title: None,
        extraction_note: None,
    };
    // A PDF's text is taken by `pdftotext`: laid out, or where that is refused in reading order.
    let outcome = if crate::pdf::is_pdf(&bytes) {
        let pdf = if stdin {
            crate::pdf::Pdf::Bytes(&bytes)
        } else {
            crate::pdf::Pdf::File(args.path)
        };
        match crate::pdf::import(pdf, &options) {
            Ok(outcome) => outcome.map(|read| read.imported),
            Err(e) => {
                eprintln!("{}: {error}: {e}", shown);
                return 1;
            }
        }
    } else {
        nianbao_convert::import(&bytes, &options).map_err(|layout| crate::pdf::Refused {
            layout,
            reading_order: None,
        })
    };
    let imported = match outcome {
        Ok(i) => i,
        Err(refused) => {
            let e = &refused.layout;
            match &e.at {
                Some(at) => eprintln!("{}:{}: {error}: {}", shown, at.show(args.lang), e.message),
                None => eprintln!("{}: {error}: {}", shown, e.message),
            }
            if let Some(second) = &refused.reading_order {
                let why = second.show(args.lang);
                if zh {
                    eprintln!(
                        "{}: {note}: 不带 -layout 的文字（阅读顺序）也未能导入：{why}",
                        shown
                    );
                } else {
                    eprintln!("{}: {note}: the text in reading order (without -layout) was refused too: {why}", shown);
                }
            }
            if zh {
                eprintln!(
                    "nianbao: 未导入 {}：宁可不写，也不写出数字错位的报告",
                    shown
                );
            } else {
                eprintln!("nianbao: {} was not imported: nothing is written rather than a report with numbers out of place", shown);
            }
            return 1;
        }
    };
    for n in &imported.notes {
        match &n.at {
            Some(at) => eprintln!("{}:{}: {note}: {}", shown, at.show(args.lang), n.message),
            None => eprintln!("{}: {note}: {}", shown, n.message),
        }
    }
    let (path, layout) = (shown, imported.format.name());
    let (encoding, template, numbers) = (imported.encoding, &imported.template, imported.numbers);
    if zh {
        eprintln!(
            "已导入 {path}（{layout} 版式，{encoding}，{template} 年模板）：放入 {numbers} 个数字"
        );
    } else {
        eprintln!("imported {path} ({layout} layout, {encoding}, template {template}): {numbers} numbers placed");
    }
    match args.output {
        Some(out) if out.exists() => {
            if zh {
                eprintln!("nianbao: 错误: {} 已存在，不覆盖", out.display());
            } else {
                eprintln!(
                    "nianbao: error: {} exists; not overwriting it",
                    out.display()
                );
            }
            2
        }
        Some(out) => match std::fs::write(out, &imported.markup) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!(
                    "nianbao: {error}: {}: {}: {e}",
                    out.display(),
                    if zh { "无法写入" } else { "cannot write" }
                );
                2
            }
        },
        None => {
            super::print(&imported.markup);
            0
        }
    }
}
