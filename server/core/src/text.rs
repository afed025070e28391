//! Positions in text. The core speaks byte offsets; this converts them to the line/column forms
//! that terminals (display width) and editors (UTF-8 or UTF-16 code units) need. Lines end at
//! `\n`, `\r\n` or a lone `\r`, as the Language Server Protocol and the grammar end them; the
//! line ending is never part of a column.

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
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        // One vectorised scan for both bytes of a line ending, found in order: a line starts
        // after each `\n` and after each `\r` not followed by one (a `\r\n` ends its line at the
        // `\n`). Both are ASCII, so never part of a longer character.
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                continue;
            }
            starts.push(i + 1);
        }
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The byte range of line `line`, without its line ending (`\n`, `\r\n` or `\r`).
    pub fn line_range(&self, text: &str, line: usize) -> Range<usize> {
        let start = self.starts[line.min(self.starts.len() - 1)];
        let Some(&next) = self.starts.get(line + 1) else {
            return start..self.len;
        };
        let bytes = text.as_bytes();
        // `next` follows a `\n` or a lone `\r`; a `\n` may have a `\r` before it.
        let mut end = next - 1;
        if bytes[end] == b'\n' && end > start && bytes[end - 1] == b'\r' {
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

/// Whether a text, given in pieces (a rope's chunks, say), has a lone `\r`: a line ending for
/// LSP, the grammar and [`LineIndex`], not for a count of `\n`.
pub fn has_lone_cr<'a>(pieces: impl IntoIterator<Item = &'a str>) -> bool {
    // Whether the last byte seen was a `\r`, whose `\n` may open the next piece.
    let mut cr_before = false;
    for piece in pieces {
        let bytes = piece.as_bytes();
        let Some(&first) = bytes.first() else {
            continue;
        };
        if cr_before && first != b'\n' {
            return true;
        }
        if piece
            .match_indices('\r')
            .any(|(i, _)| bytes.get(i + 1).is_some_and(|&b| b != b'\n'))
        {
            return true;
        }
        cr_before = bytes.last() == Some(&b'\r');
    }
    cr_before
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

    /// `\n`, `\r\n` and a lone `\r` each end a line, as LSP says; a `\r\n` is one ending.
    #[test]
    fn every_lsp_line_ending_ends_a_line() {
        let text = "规章\r😀b\r\n\r\rc\nd\r";
        let index = LineIndex::new(text);
        let lines: Vec<&str> = (0..index.line_count())
            .map(|l| &text[index.line_range(text, l)])
            .collect();
        assert_eq!(lines, ["规章", "😀b", "", "", "c", "d", ""]);
        let b = text.find('b').unwrap();
        let at = |enc| index.line_col(text, b, enc);
        assert_eq!(at(Encoding::Utf16), LineCol { line: 1, col: 2 });
        assert_eq!(at(Encoding::Utf8), LineCol { line: 1, col: 4 });
        assert_eq!(at(Encoding::Chars), LineCol { line: 1, col: 1 });
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Chars] {
            assert_eq!(index.offset(text, at(enc), enc), b);
            // Past the end of line 0: before its lone `\r`; of line 1: before its `\r\n`.
            let end = |line| index.offset(text, LineCol { line, col: 99 }, enc);
            assert_eq!(end(0), text.find('\r').unwrap());
            assert_eq!(end(1), b + 1);
            assert_eq!(end(6), text.len());
        }
        // An offset inside a `\r\n` belongs to the line it ends.
        let crlf = b + 1;
        assert_eq!(index.line_col(text, crlf + 1, Encoding::Utf16).line, 1);
        assert_eq!(index.line_col(text, crlf + 2, Encoding::Utf16).line, 2);
        assert!(has_lone_cr([text]));
        // Split between a `\r` and its `\n`, or before a lone one.
        assert!(!has_lone_cr(["a\r", "", "\nb\r\n"]));
        assert!(has_lone_cr(["a\r", "b"]));
        assert!(has_lone_cr(["a\r\n", "\r"]));
        // A text without lone `\r`: the same lines as before.
        let plain = "a\r\nb\nc";
        assert!(!has_lone_cr([plain]));
        let index = LineIndex::new(plain);
        assert_eq!(index.line_count(), 3);
        assert_eq!(&plain[index.line_range(plain, 0)], "a");
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
