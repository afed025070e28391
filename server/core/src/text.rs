//! Positions in text. The core speaks byte offsets; this converts them to the line/column forms
//! that terminals (display width) and editors (UTF-8 or UTF-16 code units) need. Lines end at
//! `\n`; a preceding `\r` belongs to the line ending, never to a column.

use std::ops::Range;
use unicode_width::UnicodeWidthChar;

/// How a column is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    /// Unicode scalar values (what a person counts as characters).
    Chars,
}

/// A zero-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// Line starts of a text, for converting between byte offsets and line/column.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The byte range of line `line`, without its line ending.
    pub fn line_range(&self, text: &str, line: usize) -> Range<usize> {
        let start = self.starts[line.min(self.starts.len() - 1)];
        let mut end = self.starts.get(line + 1).map_or(self.len, |next| next - 1);
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    /// The zero-based line containing `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    pub fn line_col(&self, text: &str, offset: usize, encoding: Encoding) -> LineCol {
        let offset = clamp_to_char_boundary(text, offset.min(self.len));
        let line = self.line_of(offset);
        let line_range = self.line_range(text, line);
        let upto = &text[line_range.start..offset.min(line_range.end).max(line_range.start)];
        LineCol {
            line: line as u32,
            col: measure(upto, encoding) as u32,
        }
    }

    /// The byte offset of a line/column; positions past the end of a line or of the text are
    /// clamped (editors may send them), and a column inside a character snaps to its start.
    pub fn offset(&self, text: &str, pos: LineCol, encoding: Encoding) -> usize {
        let line = pos.line as usize;
        if line >= self.starts.len() {
            return self.len;
        }
        let range = self.line_range(text, line);
        let mut units = 0usize;
        for (i, ch) in text[range.clone()].char_indices() {
            let width = unit_len(ch, encoding);
            if units + width > pos.col as usize {
                return range.start + i;
            }
            units += width;
        }
        range.end
    }
}

fn unit_len(ch: char, encoding: Encoding) -> usize {
    match encoding {
        Encoding::Utf8 => ch.len_utf8(),
        Encoding::Utf16 => ch.len_utf16(),
        Encoding::Chars => 1,
    }
}

fn measure(s: &str, encoding: Encoding) -> usize {
    match encoding {
        Encoding::Utf8 => s.len(),
        Encoding::Utf16 => s.chars().map(char::len_utf16).sum(),
        Encoding::Chars => s.chars().count(),
    }
}

/// The largest char boundary at or before `offset`.
pub fn clamp_to_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Terminal columns a string occupies: CJK characters count two.
pub fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| if c == '\t' { 4 } else { c.width().unwrap_or(0) })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_emoji_and_crlf_round_trip() {
        let text = "一、总体情况\r\n| 规章 | 0 |\r\n😀a\n";
        let index = LineIndex::new(text);
        // Line endings map to the end of their line, so only characters inside lines round-trip.
        for (offset, _) in text
            .char_indices()
            .filter(|(_, c)| *c != '\r' && *c != '\n')
        {
            for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Chars] {
                let lc = index.line_col(text, offset, enc);
                let back = index.offset(text, lc, enc);
                // `\r` is part of the line ending and maps to the end of the line.
                assert_eq!(back, offset, "offset {offset} enc {enc:?} lc {lc:?}");
            }
        }
        assert_eq!(
            index
                .line_col(text, text.find('a').unwrap(), Encoding::Utf16)
                .col,
            2
        );
        assert_eq!(
            index
                .line_col(text, text.find('a').unwrap(), Encoding::Chars)
                .col,
            1
        );
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let text = "ab\ncd";
        let index = LineIndex::new(text);
        assert_eq!(
            index.offset(text, LineCol { line: 0, col: 99 }, Encoding::Utf16),
            2
        );
        assert_eq!(
            index.offset(text, LineCol { line: 9, col: 0 }, Encoding::Utf16),
            5
        );
    }

    #[test]
    fn widths() {
        assert_eq!(display_width("规章"), 4);
        assert_eq!(display_width("(一)"), 4);
    }
}
