//! Word 97–2003 (.doc) attachments, which portals still publish as often as .docx: the text of
//! the main document from the `WordDocument` stream's piece table, with the paragraph
//! properties that tell a table's cell ends from its row ends (both are the character 0x07; a
//! row end is the paragraph whose properties set `fTtp`, and its `sprmTDefTable` says which
//! cells continue a vertical merge). What comes out is what the .docx reader gives: paragraphs
//! outside tables as lines, each table row as a row of cells, a cell's paragraphs joined, a
//! cell continued by a vertical merge left out.
//!
//! The layout of the binary format is Microsoft's [MS-DOC] specification; only what the text
//! and the tables need is read (no styles, fields' results only, no headers or footnotes).

use crate::source::{trim, Item, Piece, Place};
use crate::{say, ImportError, Lang};
use std::io::Read;

/// Whether `bytes` are an OLE compound file (Word 97–2003, WPS, old Excel).
pub fn is_ole(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

/// The items of a Word 97–2003 file; what makes it unreadable is said in `lang`.
pub fn items(bytes: &[u8], lang: Lang) -> Result<Vec<Item>, ImportError> {
    let unreadable = |zh: &str, en: String| {
        ImportError::new(say(
            lang,
            format!("旧版 Word（.doc）文件读不出来：{zh}；请用 Word 或 WPS 另存为 .docx 再导入"),
            format!("an old Word (.doc) file that cannot be read: {en}; save it as .docx and import that"),
        ))
    };
    let mut file = cfb::CompoundFile::open(std::io::Cursor::new(bytes))
        .map_err(|e| unreadable("复合文档结构损坏", e.to_string()))?;
    let mut stream = |name: &str| -> Option<Vec<u8>> {
        let mut out = Vec::new();
        file.open_stream(name).ok()?.read_to_end(&mut out).ok()?;
        Some(out)
    };
    let Some(word) = stream("WordDocument") else {
        return Err(ImportError::new(say(
            lang,
            "这是旧版 Office 文件（OLE 复合文档），但不是 Word 文档（可能是 .xls 或 .ppt）：报告要以 Word、PDF、网页或文字导入",
            "an old Office (OLE) file that is no Word document (an .xls or .ppt?)",
        )));
    };
    let fib = Fib::read(&word).map_err(|e| unreadable(e, e.into()))?;
    if fib.encrypted {
        return Err(unreadable("文件加了密码", "it is encrypted".into()));
    }
    let table = stream(if fib.table_1 { "1Table" } else { "0Table" })
        .ok_or_else(|| unreadable("缺少表流（Table stream）", "no table stream".into()))?;
    let data = stream("Data").unwrap_or_default();
    let pieces = pieces(&table, &fib).map_err(|e| unreadable(e, e.into()))?;
    let runs = paragraph_runs(&word, &table, &data, &fib);
    Ok(assemble(&word, &pieces, &runs, fib.text_length))
}

/// The title in the file's summary information (`\x05SummaryInformation`, property 2), if
/// any: Word fills it from the first line on the first save; where the text prints no title
/// (it sits in the page header), it may still name the report.
pub fn document_title(bytes: &[u8]) -> Option<String> {
    let mut file = cfb::CompoundFile::open(std::io::Cursor::new(bytes)).ok()?;
    let mut stream = Vec::new();
    file.open_stream("\u{5}SummaryInformation")
        .ok()?
        .read_to_end(&mut stream)
        .ok()?;
    // The stream's header (28 bytes), then the first property set's format id and offset.
    let set = u32_at(&stream, 44)? as usize;
    let count = u32_at(&stream, set + 4)? as usize;
    let property = |id: u32| -> Option<usize> {
        (0..count.min(1024)).find_map(|k| {
            let at = set + 8 + k * 8;
            if u32_at(&stream, at)? != id {
                return None;
            }
            u32_at(&stream, at + 4).map(|o| set + o as usize)
        })
    };
    // Property 1, the code page (a VT_I2): 65001 UTF-8, 1200 UTF-16, else an ANSI page.
    let code_page = property(1).and_then(|at| u16_at(&stream, at + 4));
    let at = property(2)?;
    // VT_LPSTR (0x1E): a length in bytes, then the bytes, NUL-terminated.
    if u16_at(&stream, at)? != 0x1E {
        return None;
    }
    let len = u32_at(&stream, at + 4)? as usize;
    let raw = stream.get(at + 8..at + 8 + len)?;
    let text = match code_page {
        Some(1200) => {
            let units: Vec<u16> = raw
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        Some(65001) => String::from_utf8_lossy(raw).into_owned(),
        // 936 (GBK) on a Chinese Windows; other ANSI pages hold no Chinese title.
        _ => encoding_rs::GBK.decode(raw).0.into_owned(),
    };
    let title = trim(text.trim_end_matches('\0'));
    (!title.is_empty()).then(|| title.to_string())
}

/// What the File Information Block says about where things are.
struct Fib {
    encrypted: bool,
    /// The table stream is `1Table` (else `0Table`).
    table_1: bool,
    /// Characters of the main document (CP 0 to this).
    text_length: u32,
    clx: (u32, u32),
    paragraph_bins: (u32, u32),
}

impl Fib {
    fn read(word: &[u8]) -> Result<Fib, &'static str> {
        if u16_at(word, 0) != Some(0xA5EC) {
            return Err("不是 Word 97–2003 的文件头");
        }
        let flags = u16_at(word, 0x0A).ok_or("文件头不完整")?;
        // FibBase (32 bytes), then three arrays each led by its length.
        let words = usize::from(u16_at(word, 32).ok_or("文件头不完整")?);
        let longs_at = 34 + words * 2;
        let longs = usize::from(u16_at(word, longs_at).ok_or("文件头不完整")?);
        let text_length = u32_at(word, longs_at + 2 + 3 * 4).ok_or("文件头不完整")?;
        let pairs_at = longs_at + 2 + longs * 4 + 2;
        let pair = |i: usize| -> Result<(u32, u32), &'static str> {
            let at = pairs_at + i * 8;
            Ok((
                u32_at(word, at).ok_or("文件头不完整")?,
                u32_at(word, at + 4).ok_or("文件头不完整")?,
            ))
        };
        Ok(Fib {
            encrypted: flags & 0x0100 != 0,
            table_1: flags & 0x0200 != 0,
            text_length,
            clx: pair(33)?,
            paragraph_bins: pair(13)?,
        })
    }
}

/// A stretch of the text: characters `cp..cp_end` stored from byte `fc`, one byte each
/// (Windows-1252) or two (UTF-16).
struct TextPiece {
    cp: u32,
    cp_end: u32,
    fc: u32,
    narrow: bool,
}

/// The piece table, from the CLX of the table stream.
fn pieces(table: &[u8], fib: &Fib) -> Result<Vec<TextPiece>, &'static str> {
    let (at, len) = (fib.clx.0 as usize, fib.clx.1 as usize);
    let clx = table.get(at..at + len).ok_or("文字索引（CLX）超出文件")?;
    let mut i = 0;
    // Property modifiers come first; the piece table follows.
    while clx.get(i) == Some(&1) {
        i += 3 + usize::from(u16_at(clx, i + 1).ok_or("文字索引不完整")?);
    }
    if clx.get(i) != Some(&2) {
        return Err("没有文字索引（piece table）");
    }
    let size = u32_at(clx, i + 1).ok_or("文字索引不完整")? as usize;
    let plc = clx.get(i + 5..i + 5 + size).ok_or("文字索引不完整")?;
    let n = size.saturating_sub(4) / 12;
    (0..n)
        .map(|k| {
            let cp = u32_at(plc, k * 4).ok_or("文字索引不完整")?;
            let cp_end = u32_at(plc, (k + 1) * 4).ok_or("文字索引不完整")?;
            let raw = u32_at(plc, (n + 1) * 4 + k * 8 + 2).ok_or("文字索引不完整")?;
            let narrow = raw & 0x4000_0000 != 0;
            let fc = if narrow { (raw & 0x3FFF_FFFF) / 2 } else { raw };
            Ok(TextPiece {
                cp,
                cp_end,
                fc,
                narrow,
            })
        })
        .collect()
}

/// The properties of the paragraph that ends at byte `fc_end` of the text, as far as tables go.
#[derive(Clone, Copy, Default)]
struct Paragraph {
    fc_end: u32,
    in_table: bool,
    /// The row-end mark of a table row.
    row_end: bool,
    /// For a row end: which of the row's cells (bit per cell, up to 64) continue a merge, to
    /// be left out as a rowspan or colspan is.
    continued: u64,
}

/// Every paragraph's table properties, from the paragraph property pages (PAPX FKPs) the bin
/// table lists; a paragraph whose properties overflow into the `Data` stream (a wide row's
/// table definition) is read from there. Unreadable pages are skipped: their paragraphs read
/// as plain text, and the importer's checks of the tables catch what that loses.
fn paragraph_runs(word: &[u8], table: &[u8], data: &[u8], fib: &Fib) -> Vec<Paragraph> {
    let (at, len) = (fib.paragraph_bins.0 as usize, fib.paragraph_bins.1 as usize);
    let Some(bins) = table.get(at..at + len) else {
        return Vec::new();
    };
    let n = len.saturating_sub(4) / 8;
    let mut out = Vec::new();
    for k in 0..n {
        let Some(page_no) = u32_at(bins, (n + 1) * 4 + k * 4) else {
            continue;
        };
        let start = page_no as usize * 512;
        let Some(page) = word.get(start..start + 512) else {
            continue;
        };
        let runs = usize::from(page[511]);
        for r in 0..runs {
            let Some(fc_end) = u32_at(page, (r + 1) * 4) else {
                break;
            };
            let mut paragraph = Paragraph {
                fc_end,
                ..Paragraph::default()
            };
            let offset = usize::from(page.get((runs + 1) * 4 + r * 13).copied().unwrap_or(0)) * 2;
            if offset > 0 {
                if let Some(grpprl) = papx_grpprl(page, offset) {
                    apply(&mut paragraph, grpprl, data);
                }
            }
            out.push(paragraph);
        }
    }
    out.sort_by_key(|p| p.fc_end);
    out
}

/// The property modifiers of the PAPX at `offset` of a page, after its style index.
fn papx_grpprl(page: &[u8], offset: usize) -> Option<&[u8]> {
    let cb = usize::from(*page.get(offset)?);
    let (from, len) = if cb == 0 {
        (offset + 2, usize::from(*page.get(offset + 1)?) * 2)
    } else {
        (offset + 1, cb * 2 - 1)
    };
    page.get(from + 2..from + len)
}

/// Reads the table properties among a paragraph's property modifiers.
fn apply(paragraph: &mut Paragraph, grpprl: &[u8], data: &[u8]) {
    for (sprm, operand) in modifiers(grpprl) {
        match sprm {
            0x2416 => paragraph.in_table = operand.first() == Some(&1),
            0x2417 => paragraph.row_end = operand.first() == Some(&1),
            // sprmPHugePapx: the modifiers live in the Data stream, behind a length.
            0x6646 => {
                let Some(at) = u32_at(operand, 0).map(|a| a as usize) else {
                    continue;
                };
                let Some(len) = u16_at(data, at).map(usize::from) else {
                    continue;
                };
                if let Some(more) = data.get(at + 2..at + 2 + len) {
                    apply(paragraph, more, &[]);
                }
            }
            // sprmTDefTable: cb, the cell count, the cells' edges, then a TC80 per cell.
            0xD608 => {
                let Some(&cells) = operand.get(2) else {
                    continue;
                };
                let tcs = 3 + (usize::from(cells) + 1) * 2;
                for cell in 0..usize::from(cells).min(64) {
                    let Some(flags) = u16_at(operand, tcs + cell * 20) else {
                        break;
                    };
                    let horizontal = flags & 0x0002 != 0;
                    let vertical = flags & 0x0020 != 0 && flags & 0x0040 == 0;
                    if horizontal || vertical {
                        paragraph.continued |= 1 << cell;
                    }
                }
            }
            _ => {}
        }
    }
}

/// The modifiers (`sprm`, operand) of a grpprl; the operand's size is in the sprm's top bits.
fn modifiers(grpprl: &[u8]) -> Vec<(u16, &[u8])> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(sprm) = u16_at(grpprl, i) {
        i += 2;
        let size = match sprm >> 13 {
            0 | 1 => 1,
            2 | 4 | 5 => 2,
            3 => 4,
            7 => 3,
            // Variable: a length byte first — two for a table definition.
            _ if sprm == 0xD608 => u16_at(grpprl, i).map_or(0, |n| usize::from(n) + 1),
            _ => grpprl.get(i).map_or(0, |n| usize::from(*n) + 1),
        };
        let Some(operand) = grpprl.get(i..i + size) else {
            break;
        };
        out.push((sprm, operand));
        i += size;
    }
    out
}

/// The main document's characters, with the byte after each, read into lines and rows.
fn assemble(word: &[u8], pieces: &[TextPiece], runs: &[Paragraph], length: u32) -> Vec<Item> {
    let mut out = Assembler::default();
    for piece in pieces {
        let width = if piece.narrow { 1 } else { 2 };
        for k in 0..piece.cp_end.saturating_sub(piece.cp) {
            if piece.cp + k >= length {
                return out.finish();
            }
            let fc = piece.fc as usize + k as usize * width as usize;
            let c = if piece.narrow {
                word.get(fc).map(|b| windows_1252(*b))
            } else {
                u16_at(word, fc).map(|u| char::from_u32(u32::from(u)).unwrap_or('\u{fffd}'))
            };
            let Some(c) = c else {
                return out.finish();
            };
            // The paragraph a mark ends is the run of properties that ends after it.
            let after = u32::try_from(fc + width as usize).unwrap_or(u32::MAX);
            let paragraph = || {
                let i = runs.partition_point(|p| p.fc_end < after);
                runs.get(i).copied().unwrap_or_default()
            };
            out.push(c, paragraph);
        }
    }
    out.finish()
}

#[derive(Default)]
struct Assembler {
    items: Vec<Item>,
    text: String,
    cells: Vec<String>,
    /// Fields: how many are open, and whether each shows its result yet.
    fields: Vec<bool>,
    tables: usize,
    rows: usize,
    paragraphs: usize,
    in_table: bool,
}

impl Assembler {
    fn push(&mut self, c: char, paragraph: impl Fn() -> Paragraph) {
        match c {
            // A field's code is not text; its result (after the separator) is.
            '\u{13}' => return self.fields.push(false),
            '\u{14}' => {
                if let Some(showing) = self.fields.last_mut() {
                    *showing = true;
                }
                return;
            }
            '\u{15}' => {
                self.fields.pop();
                return;
            }
            _ if self.fields.last() == Some(&false) => return,
            _ => {}
        }
        match c {
            '\u{7}' => {
                let p = paragraph();
                if p.row_end {
                    self.end_row(p.continued);
                } else {
                    self.cells.push(std::mem::take(&mut self.text));
                }
            }
            '\r' | '\u{c}' => {
                if paragraph().in_table {
                    // A cell's paragraphs are one label, as in the .docx reader.
                } else {
                    self.end_line();
                }
            }
            // Outside a table a tab or line break parts words; a label broken by one in a
            // cell is one label, as in the .docx reader.
            '\u{b}' | '\t' if !paragraph().in_table => self.text.push(' '),
            '\u{1e}' => self.text.push('-'),
            c if u32::from(c) < 0x20 => {}
            c => self.text.push(c),
        }
    }

    fn end_line(&mut self) {
        self.in_table = false;
        let text = std::mem::take(&mut self.text);
        let text = trim(&text);
        if !text.is_empty() {
            self.paragraphs += 1;
            self.items.push(Item::Line(Piece::new(
                text,
                Place::Paragraph(self.paragraphs),
            )));
        }
    }

    fn end_row(&mut self, continued: u64) {
        if !self.in_table {
            self.in_table = true;
            self.tables += 1;
            self.rows = 0;
        }
        self.rows += 1;
        self.text.clear();
        let cells: Vec<Piece> = std::mem::take(&mut self.cells)
            .into_iter()
            .enumerate()
            .filter(|(i, _)| *i >= 64 || continued & (1 << i) == 0)
            .enumerate()
            .map(|(n, (_, text))| {
                let at = Place::Cell {
                    table: self.tables,
                    row: self.rows,
                    cell: n + 1,
                };
                let mut piece = Piece::new(trim(&text), at);
                piece.real_empty = piece.text.is_empty();
                piece
            })
            .collect();
        if !cells.is_empty() {
            self.items.push(Item::Row(cells));
        }
    }

    fn finish(mut self) -> Vec<Item> {
        self.end_line();
        self.items
    }
}

/// A byte of 8-bit text: Windows-1252, whose 0x80–0x9F are punctuation (curly quotes, dashes).
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &[u8] = include_bytes!("../../../tests/fixtures/doc/clean-2024.doc");

    #[test]
    fn reads_the_lines_and_rows_of_a_word_97_file() {
        let items = items(DOC, Lang::En).expect("readable");
        let rows: Vec<Vec<&str>> = items
            .iter()
            .filter_map(|i| match i {
                Item::Row(cells) => Some(cells.iter().map(|c| c.text.as_str()).collect()),
                Item::Line(_) => None,
            })
            .collect();
        assert!(rows.contains(&vec!["行政规范性文件", "3", "2", "27"]));
        // A row under two merged group labels keeps only its own cells.
        assert!(rows.contains(&vec![
            "2.其他法律行政法规禁止公开",
            "1",
            "0",
            "0",
            "0",
            "0",
            "0",
            "1"
        ]));
        assert!(
            matches!(&items[0], Item::Line(p) if p.text == "某市某某局2024年政府信息公开工作年度报告")
        );
    }

    #[test]
    fn the_title_of_the_summary_information() {
        assert_eq!(
            document_title(DOC).as_deref(),
            Some("某市某某局2024年政府信息公开工作年度报告")
        );
        assert_eq!(document_title(&DOC[..2000]), None);
    }

    /// Damaged files (bytes overwritten anywhere, or cut short) are read or refused, never a
    /// panic: a fine stride through the container's header and the FIB, a coarse one beyond.
    #[test]
    fn damaged_files_never_panic() {
        let offsets = (0..3072).step_by(5).chain((3072..DOC.len()).step_by(211));
        for at in offsets {
            for byte in [0x00, 0xFF, 0x07] {
                let mut bytes = DOC.to_vec();
                bytes[at] = byte;
                let _ = items(&bytes, Lang::Zh);
            }
        }
        for len in (0..DOC.len()).step_by(509) {
            let _ = items(&DOC[..len], Lang::Zh);
        }
    }
}
