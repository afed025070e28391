//! The lines of a block, read from its text. A table's rows and a paragraph's lines each run
//! from the first character of a line that is not a blank to the line's end, so a scan of the
//! bytes finds them: walking the tree to them steps through a hidden node of the block's
//! `repeat`, a line-ending token and an indent token for each one.

use super::blocks::Span;

/// The lines of `text[range]`, each from its first byte that is not a blank (a space or a
/// tab) to its end, before its line ending (`\r\n`, `\n` or a lone `\r`, as the grammar ends
/// lines). A line of blanks only comes out empty.
pub(super) fn lines(text: &str, range: Span) -> impl Iterator<Item = Span> + '_ {
    let bytes = text.as_bytes();
    let end = range.end;
    let mut at = range.start;
    std::iter::from_fn(move || {
        if at >= end {
            return None;
        }
        let start = bytes[at..end]
            .iter()
            .position(|b| !matches!(b, b' ' | b'\t'))
            .map_or(end, |blanks| at + blanks);
        let stop = memchr::memchr2(b'\n', b'\r', &bytes[start..end]).map_or(end, |n| start + n);
        at = stop + 1 + usize::from(bytes[stop..end].starts_with(b"\r\n"));
        Some(start..stop)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_run_from_their_first_character_to_their_line_ending() {
        let text = "a\n  b c \r\n\tc\rd\n   \ne";
        let got: Vec<&str> = lines(text, 0..text.len()).map(|l| &text[l]).collect();
        assert_eq!(got, ["a", "b c ", "c", "d", "", "e"]);
        // Within a range: the lines of `b c` and `c` only.
        let got: Vec<&str> = lines(text, 2..12).map(|l| &text[l]).collect();
        assert_eq!(got, ["b c ", "c"]);
    }
}
