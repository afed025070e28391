//! nianbao-convert: published reports to `.nianbao` markup, and markup to a page in the official
//! layout. Pure: bytes in, text out — the command line does the reading and writing.
//!
//! Import runs in three steps: [`decode`] (UTF-8 or GB18030/GBK, strictly), a reader per form
//! that turns the source into [`source::Item`]s (the three text layouts and PDF text in
//! [`source`], HTML in [`html`], Word in [`docx`]), and one template-driven table reader that
//! places every number at its row and column or fails naming the place.

mod blocks;
mod build;
pub mod decode;
pub mod doc;
pub mod docx;
mod fused;
pub mod html;
mod index;
mod layout;
mod raw;
pub mod render;
pub mod source;
mod title;
mod vertical;
mod write;

use index::Index;
use nianbao_core::knowledge::{Knowledge, DEFAULT_TEMPLATE};
use nianbao_core::normalize::key;
pub use nianbao_core::Lang;
pub use source::{Format, Place};

#[derive(Debug, Clone, Default)]
pub struct Options<'a> {
    /// The source's name, recorded in the output's comment.
    pub source_name: &'a str,
    /// Force a form instead of detecting it.
    pub from: Option<Format>,
    /// The organ and year for the front matter where the title does not give them.
    pub organization: Option<&'a str>,
    pub year: Option<&'a str>,
    /// Force a template (`2021`, `2019`) instead of detecting it.
    pub template: Option<&'a str>,
    /// The language of the notes, the refusals and the markup's own comments (Chinese unless
    /// asked otherwise, as every message of nianbao).
    pub lang: Lang,
    /// The title the file's own properties give (a PDF's `Title`, as `pdfinfo` prints it),
    /// used where the text prints none. A Word file's is read from the file itself.
    pub document_title: Option<&'a str>,
    /// How the text was taken from the user's file, where the import's notes must say so (a
    /// PDF read in reading order after its `-layout` text was refused): the first of the notes,
    /// so the markup's comment keeps it too.
    pub extraction_note: Option<&'a str>,
}

#[derive(Debug, Clone)]
pub struct Imported {
    pub markup: String,
    pub format: Format,
    pub encoding: &'static str,
    pub template: String,
    /// What the import restored, dropped, reordered or found missing.
    pub notes: Vec<Note>,
    /// How many numbers went into the tables.
    pub numbers: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub at: Option<Place>,
    pub message: String,
    /// Set when the import decided something the source does not say outright (a label placed
    /// by order, a split chosen by the relations, a template chosen by the tables). The markup
    /// carries such a note as an `<!-- 导入推断：… -->` comment at its place, which `check`
    /// shows as information (NB230), so the decision stays visible after the import.
    pub inferred: Option<Inference>,
}

/// Where an inference's comment goes in the markup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inference {
    /// Before the report's body, after the import's comment.
    Report,
    /// Just before the template table with this index (`Template::tables`).
    Table(usize),
}

impl Note {
    pub fn new(at: Option<Place>, message: impl Into<String>) -> Note {
        Note {
            at,
            message: message.into(),
            inferred: None,
        }
    }

    /// A decision of the import about the report as a whole (its template, organ, year).
    pub fn inferred(at: Option<Place>, message: impl Into<String>) -> Note {
        Note {
            inferred: Some(Inference::Report),
            ..Note::new(at, message)
        }
    }

    /// A decision of the import about template table `spec` (a row placed, a split chosen).
    pub fn inferred_in_table(at: Option<Place>, spec: usize, message: impl Into<String>) -> Note {
        Note {
            inferred: Some(Inference::Table(spec)),
            ..Note::new(at, message)
        }
    }
}

/// Why a source could not be imported, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub at: Option<Place>,
    pub message: String,
}

impl ImportError {
    fn new(message: impl Into<String>) -> ImportError {
        ImportError {
            at: None,
            message: message.into(),
        }
    }

    /// `PLACE: message`, the place in words of `lang` (the language the message was made in).
    pub fn show(&self, lang: Lang) -> String {
        match &self.at {
            Some(at) => format!("{}{}{}", at.show(lang), say(lang, "：", ": "), self.message),
            None => self.message.clone(),
        }
    }
}

/// Picks the text in the message language. Every note and refusal is written in both where it
/// is made, so each stays next to the decision it explains.
pub(crate) fn say(lang: Lang, zh: impl Into<String>, en: impl Into<String>) -> String {
    match lang {
        Lang::Zh => zh.into(),
        Lang::En => en.into(),
    }
}

/// Whether `bytes` look like a Word (.docx) file: a zip archive.
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Converts a published report into markup.
pub fn import(bytes: &[u8], options: &Options) -> Result<Imported, ImportError> {
    let lang = options.lang;
    let preface: Vec<Note> = options
        .extraction_note
        .map(|note| Note::new(None, note))
        .into_iter()
        .collect();
    let mut furniture: Vec<Note> = preface.clone();
    let mut outside_title = options
        .document_title
        .map(|t| title::Outside::DocumentProperties(t.to_string()));
    let (items, format, encoding) = if options.from == Some(Format::Docx)
        || (options.from.is_none() && is_zip(bytes))
    {
        outside_title = docx::document_title(bytes).map(title::Outside::DocumentProperties);
        (docx::items(bytes, lang)?, Format::Docx, "UTF-8")
    } else if options.from == Some(Format::Doc) || (options.from.is_none() && doc::is_ole(bytes)) {
        outside_title = doc::document_title(bytes).map(title::Outside::DocumentProperties);
        (doc::items(bytes, lang)?, Format::Doc, "UTF-16")
    } else {
        if bytes.starts_with(b"%PDF-") {
            return Err(ImportError::new(say(
                lang,
                "这是 PDF 文件，要先取出其中的文字：请用 `nianbao import 文件.pdf` 导入（它调用 `pdftotext -layout` 取文字）",
                "a PDF file: its text must be extracted first (`nianbao import FILE.pdf` runs `pdftotext -layout`)",
            )));
        }
        if bytes.contains(&0) {
            return Err(ImportError::new(say(
                lang,
                "这是二进制文件（含 NUL 字节），又不是 Word 的 .docx 文件，读不出报告",
                "a binary file (it contains NUL bytes) that is not a .docx",
            )));
        }
        let decoded = decode::decode(bytes, lang).map_err(ImportError::new)?;
        // Crawler text with CR-only line ends (old Mac style) is one line otherwise; a lone CR
        // ends a line as editors count lines, so places stay where a user looks.
        let text = if decoded.text.contains('\r') {
            decoded.text.replace("\r\n", "\n").replace('\r', "\n")
        } else {
            decoded.text
        };
        if options.from == Some(Format::Fused)
            || (options.from.is_none()
                && !html::looks_like_html(&text)
                && !looks_like_markup(&text)
                && (fused::looks_fused(&text) || fused::looks_tableless(&text)))
        {
            return fused::import(&text, decoded.encoding, options).map(|mut imported| {
                imported.notes.splice(0..0, preface);
                imported
            });
        }
        let format = match options.from {
            Some(f) => f,
            None if html::looks_like_html(&text) => Format::Html,
            None if looks_like_markup(&text) => Format::Markup,
            None => source::detect_text(&text),
        };
        if format == Format::Markup {
            let mut imported = as_it_is(text, decoded.encoding, lang);
            imported.notes.splice(0..0, preface);
            return Ok(imported);
        }
        let items = match format {
            Format::Html => {
                outside_title = html::page_title(&text).map(title::Outside::Page);
                html::items(&text)
            }
            Format::Docx => {
                return Err(ImportError::new(say(
                    lang,
                    "--from docx 要求 Word 的 .docx 文件（zip 压缩包），这个文件不是",
                    "--from docx needs a .docx file (a zip archive)",
                )))
            }
            _ => {
                let (items, dropped) = source::text_items(&text, format);
                let note = |(at, t): (Place, String)| {
                    let message = say(
                        lang,
                        format!("删去了页码或页眉“{t}”（不是报告内容）"),
                        format!("dropped page furniture “{t}”"),
                    );
                    Note::new(Some(at), message)
                };
                furniture.extend(dropped.into_iter().map(note));
                items
            }
        };
        (items, format, decoded.encoding)
    };
    let template = choose_template(&items, options.template, lang)?;
    if options.template.is_none() && template.id != DEFAULT_TEMPLATE {
        // The template in force is what the tables follow, not the year: 2023 and 2024 reports
        // printed in the 2019 format exist, so the choice is the tables' and is said so.
        let id = &template.id;
        furniture.push(Note::inferred(
            None,
            say(
                lang,
                format!("模板按表格的标签选定为“{id}”（表格按此格式印制，与报告年度无关）"),
                format!("template “{id}” chosen by the tables' labels (the tables are printed in this format, whatever the report's year)"),
            ),
        ));
    }
    let index = Index::new(template, lang);
    let laid_out = format == Format::Pdf && layout::looks_like_layout(&items);
    let mut items = if matches!(format, Format::Html | Format::Docx | Format::Doc) {
        let (items, skipped) = build::skip_unrelated(items, &index);
        furniture.extend(skipped);
        let (items, bound) = blocks::bind_by_label(items, &index);
        furniture.extend(bound);
        items
    } else if laid_out {
        let (items, read) = layout::rows(items, &index)?;
        furniture.extend(read);
        items
    } else if format == Format::Pdf {
        raw::join_wrapped(items, &index).0
    } else {
        items
    };
    let mut built = match build::build(&items, format, &index) {
        Ok(built) => built,
        // PDF text in reading order gives some tables' numbers apart from their labels: those
        // the reader cannot read are rebuilt by the template's order where it is provable, and
        // refused where it is not. Tried only after the reader failed, so that a table in a
        // clean order is read as it always was.
        Err(refused) if format == Format::Pdf && !laid_out => {
            let reads = |part: &[source::Item]| build::build(part, format, &index).is_ok();
            let Some(rebuilt) = raw::rebuild(&items, &index, reads)? else {
                return Err(refused);
            };
            furniture.extend(rebuilt.notes);
            items = rebuilt.items;
            build::build(&items, format, &index)?
        }
        Err(refused) => return Err(refused),
    };
    built.notes.splice(0..0, furniture);
    title::find_elsewhere(&mut built, &items, outside_title, options.source_name, lang);
    let title = built.blocks.iter().find_map(|b| match b {
        build::Block::Title(t) => Some(t.as_str()),
        _ => None,
    });
    let (title_org, mut title_year) = title.map(write::from_title).unwrap_or_default();
    if title_year.is_none() && options.year.is_none() {
        title_year = title::year_of_the_period(&built.blocks, &mut built.notes, lang);
    }
    let organization = match (options.organization, title_org) {
        (Some(given), _) => Some(given.to_string()),
        (None, Some(titled)) => Some(titled),
        (None, None) => title::organ_of_the_signature(&built.blocks, &mut built.notes, lang),
    };
    let meta = write::Meta {
        source: options.source_name,
        layout: format.name(),
        encoding,
        organization,
        year: options.year.map(str::to_string).or(title_year),
    };
    let markup = write::markup(&built.blocks, &built.notes, &index, &meta);
    Ok(Imported {
        markup,
        format,
        encoding,
        template: template.id.clone(),
        notes: built.notes,
        numbers: built.numbers,
    })
}

/// Markup already — ours, or a converter's Markdown, which `check` reads as it is: written out
/// unchanged, so that its lines are the source's lines, with a note saying so.
fn as_it_is(text: String, encoding: &'static str, lang: Lang) -> Imported {
    let analysis = nianbao_core::analyze(&text, &Default::default());
    let numbers = analysis
        .report
        .tables
        .iter()
        .flat_map(|t| &t.rows)
        .flat_map(|r| &r.cells)
        .filter(|c| matches!(c.value, nianbao_core::value::Value::Number(_)))
        .count();
    Imported {
        template: analysis.report.template.id.clone(),
        markup: text,
        format: Format::Markup,
        encoding,
        notes: vec![Note::new(
            None,
            say(
                lang,
                "这已是 .nianbao 标记文本（或转换工具写出的 Markdown），原样写出；`nianbao check` 可直接检查原文件",
                "already .nianbao markup (or a converter's Markdown): written out as it is; `nianbao check` reads the file itself",
            ),
        )],
        numbers,
    }
}

/// Whether `text` is `.nianbao` markup already (front matter, or a pipe table's delimiter row)
/// rather than a report as published.
pub fn looks_like_markup(text: &str) -> bool {
    text.starts_with("---\n")
        || text.starts_with("---\r\n")
        || text
            .lines()
            .any(|l| l.trim_start().starts_with("| ---") || l.trim_start().starts_with("|---"))
}

/// The template whose distinctive labels the source uses (as the checker decides), else 2021.
fn choose_template(
    items: &[source::Item],
    forced: Option<&str>,
    lang: Lang,
) -> Result<&'static nianbao_core::knowledge::template::Template, ImportError> {
    let knowledge = Knowledge::get();
    if let Some(id) = forced {
        return knowledge
            .template(id)
            .ok_or_else(|| ImportError::new(unknown_template(id, lang)));
    }
    let keys: Vec<String> = items
        .iter()
        .flat_map(|item| match item {
            source::Item::Line(p) => vec![key(&p.text)],
            source::Item::Row(cells) => cells.iter().map(|c| key(&c.text)).collect(),
        })
        .collect();
    // The checker's own detection, on the source's labels.
    let chosen = match nianbao_core::model::detect_template(&keys) {
        Some(i) => &knowledge.templates[i],
        None => knowledge
            .template(DEFAULT_TEMPLATE)
            .unwrap_or(&knowledge.templates[0]),
    };
    Ok(chosen)
}

/// The refusal of a template nianbao does not have.
pub(crate) fn unknown_template(id: &str, lang: Lang) -> String {
    let known = Knowledge::get().template_ids().join(", ");
    say(
        lang,
        format!("没有模板 `{id}`（可选：{known}）"),
        format!("unknown template `{id}` (known: {known})"),
    )
}
