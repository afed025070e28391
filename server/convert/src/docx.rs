//! Word (.docx) attachments: `word/document.xml` read as a stream. Paragraphs outside tables are
//! lines; each table row is a row of cells, a cell's paragraphs and runs joined (Word splits a
//! label into runs at will: `商业` `企业`). A cell continued by a vertical merge is left out,
//! as a rowspan is in HTML; `gridSpan` marks a merged (padding) cell.

use crate::source::{trim, Item, Piece, Place};
use crate::{say, ImportError, Lang};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::io::Read;

/// The items of a Word file; what makes it unreadable is said in `lang`.
pub fn items(bytes: &[u8], lang: Lang) -> Result<Vec<Item>, ImportError> {
    let xml = document_xml(bytes, lang)?;
    parse(&xml, lang)
}

/// The title Word keeps in the file's properties (`docProps/core.xml`, `<dc:title>`), if any:
/// where the text prints none, it may still name the report.
pub fn document_title(bytes: &[u8]) -> Option<String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let mut xml = String::new();
    archive
        .by_name("docProps/core.xml")
        .ok()?
        .read_to_string(&mut xml)
        .ok()?;
    let mut reader = Reader::from_str(&xml);
    let mut in_title = false;
    let mut title = String::new();
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) if e.local_name().as_ref() == b"title" => in_title = true,
            Event::End(e) if e.local_name().as_ref() == b"title" => break,
            Event::Text(t) if in_title => title.push_str(&t.unescape().ok()?),
            Event::Eof => break,
            _ => {}
        }
    }
    let title = trim(&title);
    (!title.is_empty()).then(|| title.to_string())
}

fn document_xml(bytes: &[u8], lang: Lang) -> Result<String, ImportError> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        ImportError::new(say(
            lang,
            "不是能打开的 .docx 文件（zip 压缩包读不开）：文件可能已损坏或不完整，请重新下载，或用 Word 另存一份",
            format!("not a readable .docx (zip) file: {e}"),
        ))
    })?;
    let mut file = archive.by_name("word/document.xml").map_err(|e| {
        ImportError::new(say(
            lang,
            "不是 Word 文档：压缩包里没有正文 word/document.xml",
            format!("not a Word document: word/document.xml: {e}"),
        ))
    })?;
    let mut xml = String::new();
    file.read_to_string(&mut xml).map_err(|e| {
        ImportError::new(say(
            lang,
            "Word 正文 word/document.xml 读不出来（不是有效的文字）：文件可能已损坏，请用 Word 另存一份",
            format!("word/document.xml: {e}"),
        ))
    })?;
    Ok(xml)
}

/// What a body or a table cell holds, in document order.
enum Node {
    Paragraph(String),
    Table(Vec<Vec<Cell>>),
}

#[derive(Default)]
struct Cell {
    content: Vec<Node>,
    span: usize,
    /// `<w:vMerge/>` without `restart`: the cell above continues here.
    continued: bool,
    merged: bool,
}

/// A table being read.
#[derive(Default)]
struct Open {
    rows: Vec<Vec<Cell>>,
    row: Vec<Cell>,
    cell: Option<Cell>,
}

struct Parser {
    body: Vec<Node>,
    tables: Vec<Open>,
    paragraph: String,
    in_text: bool,
}

fn parse(xml: &str, lang: Lang) -> Result<Vec<Item>, ImportError> {
    let mut reader = Reader::from_str(xml);
    let mut p = Parser {
        body: Vec::new(),
        tables: Vec::new(),
        paragraph: String::new(),
        in_text: false,
    };
    loop {
        let event = reader.read_event().map_err(|e| {
            let at = reader.buffer_position();
            ImportError::new(say(
                lang,
                format!("Word 正文 word/document.xml 在第 {at} 字节处格式损坏：文件可能已损坏，请用 Word 另存一份"),
                format!("word/document.xml: malformed XML at byte {at}: {e}"),
            ))
        })?;
        match event {
            Event::Start(e) => p.start(&e, false),
            Event::Empty(e) => p.start(&e, true),
            Event::End(e) => p.end(e.local_name().as_ref()),
            Event::Text(t) if p.in_text => {
                let text = t.unescape().map_err(|e| {
                    let at = reader.buffer_position();
                    ImportError::new(say(
                        lang,
                        format!("Word 正文 word/document.xml 在第 {at} 字节处有无法识别的文字：文件可能已损坏，请用 Word 另存一份"),
                        format!("word/document.xml: bad text at byte {at}: {e}"),
                    ))
                })?;
                p.paragraph.push_str(&text);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    p.end_paragraph();
    // Tables left open by a truncated document still give what they hold.
    while !p.tables.is_empty() {
        p.end(b"tbl");
    }
    let mut out = Out::default();
    out.nodes(&p.body);
    Ok(out.items)
}

fn val(e: &BytesStart) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == b"val")
        .and_then(|a| a.unescape_value().ok())
        .map(|v| v.into_owned())
}

impl Parser {
    fn cell(&mut self) -> Option<&mut Cell> {
        self.tables.last_mut().and_then(|t| t.cell.as_mut())
    }

    /// Where a finished paragraph or table goes: the open cell, else the body.
    fn push(&mut self, node: Node) {
        match self.cell() {
            Some(cell) => cell.content.push(node),
            None => self.body.push(node),
        }
    }

    fn end_paragraph(&mut self) {
        let text = std::mem::take(&mut self.paragraph);
        if !text.is_empty() {
            self.push(Node::Paragraph(text));
        }
    }

    fn start(&mut self, e: &BytesStart, empty: bool) {
        match e.local_name().as_ref() {
            b"tbl" if !empty => {
                self.end_paragraph();
                self.tables.push(Open::default());
            }
            b"tc" if !empty => {
                if let Some(t) = self.tables.last_mut() {
                    t.cell = Some(Cell {
                        span: 1,
                        ..Cell::default()
                    });
                }
            }
            b"gridSpan" => {
                let span = val(e).and_then(|v| v.parse().ok()).unwrap_or(1);
                if let Some(c) = self.cell() {
                    c.span = span;
                }
            }
            b"vMerge" => {
                let restart = val(e).is_some_and(|v| v == "restart");
                if let Some(c) = self.cell() {
                    c.merged = true;
                    c.continued = !restart;
                }
            }
            b"t" if !empty => self.in_text = true,
            // Inside a cell a label broken by a tab or line break is one label.
            b"tab" | b"br" if self.cell().is_none() => self.paragraph.push(' '),
            _ => {}
        }
    }

    fn end(&mut self, name: &[u8]) {
        match name {
            b"t" => self.in_text = false,
            b"p" => self.end_paragraph(),
            b"tc" => {
                self.end_paragraph();
                if let Some(t) = self.tables.last_mut() {
                    if let Some(cell) = t.cell.take() {
                        t.row.push(cell);
                    }
                }
            }
            b"tr" => {
                if let Some(t) = self.tables.last_mut() {
                    let row = std::mem::take(&mut t.row);
                    t.rows.push(row);
                }
            }
            b"tbl" => {
                self.end_paragraph();
                if let Some(mut t) = self.tables.pop() {
                    if let Some(cell) = t.cell.take() {
                        t.row.push(cell);
                    }
                    if !t.row.is_empty() {
                        t.rows.push(std::mem::take(&mut t.row));
                    }
                    self.push(Node::Table(t.rows));
                }
            }
            _ => {}
        }
    }
}

/// The tree as items, in document order. A table that holds another table is page layout, as
/// in HTML: its cells are read as containers, their paragraphs as lines and the innermost
/// tables as data — so a report laid inside a layout table keeps its order.
#[derive(Default)]
struct Out {
    items: Vec<Item>,
    paragraphs: usize,
    tables: usize,
}

impl Out {
    fn nodes(&mut self, nodes: &[Node]) {
        for node in nodes {
            match node {
                Node::Paragraph(text) => {
                    let text = trim(text);
                    if !text.is_empty() {
                        self.paragraphs += 1;
                        self.items.push(Item::Line(Piece::new(
                            text,
                            Place::Paragraph(self.paragraphs),
                        )));
                    }
                }
                Node::Table(rows) if rows.iter().flatten().any(holds_table) => {
                    for cell in rows.iter().flatten() {
                        self.nodes(&cell.content);
                    }
                }
                Node::Table(rows) => self.table(rows),
            }
        }
    }

    /// A data table: each cell's paragraphs joined (Word splits a label at will). A cell
    /// continued by a vertical merge is left out, as a rowspan is in HTML.
    fn table(&mut self, rows: &[Vec<Cell>]) {
        self.tables += 1;
        for (row_no, row) in rows.iter().enumerate().map(|(i, r)| (i + 1, r)) {
            let cells: Vec<Piece> = row
                .iter()
                .filter(|c| !c.continued)
                .enumerate()
                .map(|(i, cell)| {
                    let text: String = cell
                        .content
                        .iter()
                        .filter_map(|n| match n {
                            Node::Paragraph(t) => Some(t.as_str()),
                            Node::Table(_) => None,
                        })
                        .collect();
                    let at = Place::Cell {
                        table: self.tables,
                        row: row_no,
                        cell: i + 1,
                    };
                    let mut piece = Piece::new(trim(&text), at);
                    piece.real_empty = piece.text.is_empty() && cell.span == 1 && !cell.merged;
                    piece
                })
                .collect();
            if !cells.is_empty() {
                self.items.push(Item::Row(cells));
            }
        }
    }
}

fn holds_table(cell: &Cell) -> bool {
    cell.content.iter().any(|n| matches!(n, Node::Table(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_spans_and_merges() {
        let xml = r#"<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>一、总体</w:t></w:r><w:r><w:t>情况</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>自然人</w:t></w:r></w:p></w:tc>
            <w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>商业</w:t></w:r><w:r><w:t>企业</w:t></w:r></w:p></w:tc></w:tr>
            <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>5</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl></w:body></w:document>"#;
        let items = parse(xml, Lang::Zh).expect("parses");
        assert!(matches!(&items[0], Item::Line(p) if p.text == "一、总体情况"));
        let Item::Row(r1) = &items[1] else {
            panic!("{items:?}")
        };
        assert_eq!(
            r1.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(),
            ["自然人", "商业企业"]
        );
        let Item::Row(r2) = &items[2] else { panic!() };
        assert_eq!(
            r2.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(),
            ["5", ""]
        );
        assert!(r2[1].real_empty);
    }
}
