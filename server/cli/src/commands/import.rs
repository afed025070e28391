//! `nianbao import`: a published report (text scrape, PDF text, HTML, .docx) to markup.

use nianbao_convert::{Format, Options};
use std::path::Path;

pub struct Args<'a> {
    pub path: &'a Path,
    pub output: Option<&'a Path>,
    pub from: Option<&'a str>,
    pub organization: Option<&'a str>,
    pub year: Option<&'a str>,
    pub template: Option<&'a str>,
}

/// Exit codes: 0 imported, 1 the source cannot be imported faithfully, 2 usage or I/O.
pub fn run(args: &Args) -> u8 {
    let from = match args.from.map(|f| Format::parse(f).ok_or(f)) {
        Some(Err(f)) => {
            let known: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
            eprintln!(
                "nianbao: error: unknown --from `{f}` (known: {})",
                known.join(", ")
            );
            return 2;
        }
        Some(Ok(f)) => Some(f),
        None => None,
    };
    let bytes = match crate::files::read_bytes(args.path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("nianbao: error: {}: {e}", args.path.display());
            return 2;
        }
    };
    let bytes = if crate::pdf::is_pdf(&bytes) {
        match crate::pdf::text(args.path) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("{}: error: {e}", args.path.display());
                return 1;
            }
        }
    } else {
        bytes
    };
    let name = args
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let options = Options {
        source_name: &name,
        from,
        organization: args.organization,
        year: args.year,
        template: args.template,
    };
    let imported = match nianbao_convert::import(&bytes, &options) {
        Ok(i) => i,
        Err(e) => {
            match &e.at {
                Some(at) => eprintln!("{}:{at}: error: {}", args.path.display(), e.message),
                None => eprintln!("{}: error: {}", args.path.display(), e.message),
            }
            eprintln!("nianbao: {} was not imported: nothing is written rather than a report with numbers out of place", args.path.display());
            return 1;
        }
    };
    for note in &imported.notes {
        match &note.at {
            Some(at) => eprintln!("{}:{at}: note: {}", args.path.display(), note.message),
            None => eprintln!("{}: note: {}", args.path.display(), note.message),
        }
    }
    eprintln!(
        "imported {} ({} layout, {}, template {}): {} numbers placed",
        args.path.display(),
        imported.format.name(),
        imported.encoding,
        imported.template,
        imported.numbers
    );
    match args.output {
        Some(out) if out.exists() => {
            eprintln!(
                "nianbao: error: {} exists; not overwriting it",
                out.display()
            );
            2
        }
        Some(out) => match std::fs::write(out, &imported.markup) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("nianbao: error: {}: cannot write: {e}", out.display());
                2
            }
        },
        None => {
            super::print(&imported.markup);
            0
        }
    }
}
