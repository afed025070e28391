//! Where the rows of an open document start — tree-sitter's rows, which end at `\n` only —
//! kept through its edits, so that turning a position into an offset, or an offset into a
//! tree-sitter point, is a binary search rather than a scan of the text. (A rope did this
//! before, with a second copy of the text in its chunks.)

use nianbao_core::Point;

pub struct Rows {
    /// The offset at which each row starts: 0, then one past each `\n`.
    starts: Vec<usize>,
}

impl Rows {
    pub fn new(text: &str) -> Rows {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(at, _)| at + 1));
        Rows { starts }
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Where row `row` starts (`row < len()`).
    pub fn start(&self, row: usize) -> usize {
        self.starts[row]
    }

    /// The row the byte at `offset` is on.
    pub fn row_of(&self, offset: usize) -> usize {
        // `starts[0]` is 0, so at least one start is `<= offset`.
        self.starts.partition_point(|&start| start <= offset) - 1
    }

    /// The tree-sitter point of a byte offset: columns count bytes.
    pub fn point(&self, offset: usize) -> Point {
        let row = self.row_of(offset);
        Point {
            row,
            column: offset - self.starts[row],
        }
    }

    /// Follows the replacement of the bytes `start..end` of the text by `new`.
    pub fn splice(&mut self, start: usize, end: usize, new: &str) {
        // The rows that started inside the replaced bytes followed a `\n` that is gone.
        let first = self.starts.partition_point(|&s| s <= start);
        let after = self.starts.partition_point(|&s| s <= end);
        for s in &mut self.starts[after..] {
            *s = *s - end + start + new.len();
        }
        let added = new.match_indices('\n').map(|(at, _)| start + at + 1);
        self.starts.splice(first..after, added);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_follow_splices_as_a_fresh_count_does() {
        const PIECES: &[&str] = &["", "a", "\n", "\n\n", "x\ny", "新\r\n", "\r"];
        let mut text = String::from("ab\ncd\n\nef");
        let mut rows = Rows::new(&text);
        // xorshift: deterministic, so a failure reproduces.
        let mut state = 0x9e37_79b9_u64;
        let mut below = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for step in 0..2000 {
            let boundaries: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            let start = boundaries[below(boundaries.len())];
            let end = boundaries[below(boundaries.len())].max(start);
            let new = PIECES[below(PIECES.len())];
            text.replace_range(start..end, new);
            rows.splice(start, end, new);
            assert_eq!(
                rows.starts,
                Rows::new(&text).starts,
                "step {step}: {text:?}"
            );
        }
    }

    #[test]
    fn points_count_rows_at_newlines_only() {
        let rows = Rows::new("a\r\nb\rc\nd");
        assert_eq!(rows.len(), 3);
        assert_eq!(rows.point(0), Point { row: 0, column: 0 });
        assert_eq!(rows.point(2), Point { row: 0, column: 2 });
        assert_eq!(rows.point(3), Point { row: 1, column: 0 });
        assert_eq!(rows.point(5), Point { row: 1, column: 2 });
        assert_eq!(rows.point(8), Point { row: 2, column: 1 });
    }
}
