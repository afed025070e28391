//! An open document: its text, where its rows start, and — while it is being edited — its
//! syntax tree, edited in place by each change so that a keystroke costs an incremental
//! reparse rather than a full one, with the memo that lets its next analysis reuse the work of
//! the last one.
//!
//! Most open documents are not being edited: an editor opens a folder's reports and the user
//! types in one or two. The tree and the memo are two thirds of what an analysed document
//! holds (docs/lsp.md, *Memory*), so a document at rest (`rest`) drops them, and its next
//! change parses it afresh, as opening it did.

use crate::rows::Rows;
use nianbao_core::incremental::Memo;
use nianbao_core::text::Encoding;
use nianbao_core::{syntax, InputEdit, Tree};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// A zero-based line and a column in the negotiated encoding, as LSP sends them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

/// One content change of `textDocument/didChange`: a range and its replacement, or (no range)
/// the whole new text.
#[derive(Debug, Clone)]
pub struct Change {
    pub range: Option<(Pos, Pos)>,
    pub text: String,
}

pub struct Document {
    pub version: i32,
    /// The text of this version, shared with the analyses of that version.
    text: Arc<str>,
    /// For positions: row starts in O(log n).
    rows: Rows,
    /// How many lone `\r` the text has, kept by each splice: looking for one in the whole text
    /// at each position cost more than the rest of an edit to a large document.
    lone_crs: usize,
    /// While the document is being edited: what makes the next keystroke cheap.
    editing: Option<Editing>,
    /// When it was opened or last changed: the documents changed longest ago rest first.
    pub touched: Instant,
}

/// What a document being edited keeps between keystrokes.
pub struct Editing {
    /// The tree of the current text.
    pub tree: Tree,
    /// Shared by the document's analyses, which may overlap (they take turns).
    pub memo: Arc<Mutex<Memo>>,
}

impl Clone for Editing {
    /// Cheap: trees are reference counted, and the memo is shared.
    fn clone(&self) -> Editing {
        Editing {
            tree: self.tree.clone(),
            memo: self.memo.clone(),
        }
    }
}

/// The lone `\r` (not before a `\n`) among the bytes `within` of `text`.
fn lone_crs(text: &str, within: std::ops::Range<usize>) -> usize {
    let bytes = text.as_bytes();
    let within = within.start.min(bytes.len())..within.end.min(bytes.len());
    bytes[within.clone()]
        .iter()
        .zip(within)
        .filter(|(b, i)| **b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
        .count()
}

impl Document {
    /// A document just opened: parsed, as one about to be edited.
    pub fn new(version: i32, text: &str) -> Self {
        Document {
            version,
            text: Arc::from(text),
            rows: Rows::new(text),
            lone_crs: lone_crs(text, 0..text.len()),
            editing: Some(Editing {
                tree: syntax::parse(text, None),
                memo: Arc::default(),
            }),
            touched: Instant::now(),
        }
    }

    pub fn text(&self) -> &Arc<str> {
        &self.text
    }

    pub fn is_editing(&self) -> bool {
        self.editing.is_some()
    }

    /// The tree and memo of a document being edited (`None` at rest: analyse from scratch).
    pub fn editing(&self) -> Option<Editing> {
        self.editing.clone()
    }

    /// Drops the tree and the memo; the next change parses the document afresh. Returns them,
    /// to be freed outside the store's lock.
    pub fn rest(&mut self) -> Option<Editing> {
        self.editing.take()
    }

    /// Applies the changes of one `didChange` in order, then reparses once, reusing the old
    /// tree — or from scratch, when the document was at rest, and (analyses too) when
    /// `incremental` is off: the benchmark's baseline.
    pub fn apply(
        &mut self,
        version: i32,
        changes: &[Change],
        encoding: Encoding,
        incremental: bool,
    ) {
        let mut buffer = String::from(&*self.text);
        let mut whole = false;
        for change in changes {
            match change.range {
                Some((start, end)) => self.splice(&mut buffer, start, end, &change.text, encoding),
                None => {
                    buffer.clone_from(&change.text);
                    self.rows = Rows::new(&buffer);
                    self.lone_crs = lone_crs(&buffer, 0..buffer.len());
                    whole = true;
                }
            }
        }
        self.version = version;
        self.touched = Instant::now();
        self.text = Arc::from(buffer);
        let old = self.editing.as_ref().filter(|_| incremental && !whole);
        let tree = syntax::parse(&self.text, old.map(|e| &e.tree));
        match &mut self.editing {
            Some(editing) if incremental => editing.tree = tree,
            _ => {
                self.editing = Some(Editing {
                    tree,
                    memo: Arc::default(),
                })
            }
        }
    }

    /// Replaces a range of `buffer` (the text being edited, which `self.rows` and
    /// `self.lone_crs` describe) and records the edit in the tree, if the document has one.
    fn splice(
        &mut self,
        buffer: &mut String,
        start: Pos,
        end: Pos,
        new_text: &str,
        encoding: Encoding,
    ) {
        let start_byte = offset(buffer, &self.rows, self.lone_crs, start, encoding);
        // A range given backwards is read as the span between its ends.
        let end_byte = offset(buffer, &self.rows, self.lone_crs, end, encoding).max(start_byte);
        let start_position = self.rows.point(start_byte);
        let old_end_position = self.rows.point(end_byte);
        // Only a `\r` in the replaced bytes or just before them can change whether it is lone.
        let before = start_byte.saturating_sub(1);
        self.lone_crs -= lone_crs(buffer, before..end_byte);
        buffer.replace_range(start_byte..end_byte, new_text);
        let new_end_byte = start_byte + new_text.len();
        self.lone_crs += lone_crs(buffer, before..new_end_byte);
        self.rows.splice(start_byte, end_byte, new_text);
        if let Some(editing) = &mut self.editing {
            editing.tree.edit(&InputEdit {
                start_byte,
                old_end_byte: end_byte,
                new_end_byte,
                start_position,
                old_end_position,
                new_end_position: self.rows.point(new_end_byte),
            });
        }
    }
}

/// The byte offset in `text` (whose rows and lone `\r` are `rows` and `lone_crs`) of an LSP
/// position, with the rules of `nianbao_core::text::LineIndex`: positions past the end of a
/// line or of the text are clamped, a column inside a character snaps to its start, and lines
/// end at `\n`, `\r\n` or a lone `\r`.
fn offset(text: &str, rows: &Rows, lone_crs: usize, pos: Pos, encoding: Encoding) -> usize {
    // The rows end at `\n` only (tree-sitter's rows). A text with a lone `\r` (rare) has more
    // lines for LSP: it is converted through the core's index, whose rules the diagnostics'
    // positions follow.
    if lone_crs > 0 {
        let at = nianbao_core::text::LineCol {
            line: pos.line,
            col: pos.col,
        };
        return nianbao_core::text::LineIndex::new(text).offset(text, at, encoding);
    }
    let line = pos.line as usize;
    if line >= rows.len() {
        return text.len();
    }
    let mut at = rows.start(line);
    let mut units = 0usize;
    let mut chars = text[at..].chars().peekable();
    while let Some(ch) = chars.next() {
        if ch == '\n' || (ch == '\r' && chars.peek() == Some(&'\n')) {
            break;
        }
        let width = match encoding {
            Encoding::Utf8 => ch.len_utf8(),
            Encoding::Utf16 => ch.len_utf16(),
            Encoding::Chars => 1,
        };
        if units + width > pos.col as usize {
            break;
        }
        units += width;
        at += ch.len_utf8();
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use nianbao_core::text::LineIndex;
    use nianbao_core::Config;

    /// A tiny deterministic generator (xorshift), so failures reproduce.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }
    }

    fn example(name: &str) -> String {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../examples")
            .join(name);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// A random position of `text` as an LSP client would send it.
    fn position(text: &str, offset: usize, encoding: Encoding) -> Pos {
        let lc = LineIndex::new(text).line_col(text, offset, encoding);
        Pos {
            line: lc.line,
            col: lc.col,
        }
    }

    const PIECES: &[&str] = &[
        "0",
        "17",
        "|",
        " | ",
        "\n",
        "\r\n",
        "\r",
        "（三）不予公开",
        "公開",
        "😀",
        "## 二、",
        "| 规章 | 1 | 2 | 3 |\n",
        "",
    ];

    #[test]
    fn incremental_edits_equal_a_full_parse() {
        let config = Config::default();
        for (seed, name) in [
            (1u64, "seed-002-fengquan.nianbao"),
            (7, "seed-000-luquan.nianbao"),
            (42, "clean-2024.nianbao"),
        ] {
            let mut rng = Rng(seed);
            let mut text = example(name);
            let mut doc = Document::new(0, &text);
            for step in 1..=120 {
                let encoding = [Encoding::Utf8, Encoding::Utf16][rng.below(2)];
                // Changes of one notification apply in sequence; each is relative to the last.
                let changes: Vec<Change> = (0..1 + rng.below(3))
                    .map(|_| {
                        let mut a = nianbao_core::text::clamp_to_char_boundary(
                            &text,
                            rng.below(text.len() + 1),
                        );
                        let b = nianbao_core::text::clamp_to_char_boundary(
                            &text,
                            (a + rng.below(12)).min(text.len()),
                        );
                        // Never split a CRLF: LSP positions cannot point between `\r` and `\n`.
                        if a > 0 && text.as_bytes()[a - 1] == b'\r' {
                            a -= 1;
                        }
                        let b = if b > 0 && b < text.len() && text.as_bytes()[b - 1] == b'\r' {
                            b - 1
                        } else {
                            b
                        }
                        .max(a);
                        let insert = PIECES[rng.below(PIECES.len())].to_string();
                        let change = Change {
                            range: Some((
                                position(&text, a, encoding),
                                position(&text, b, encoding),
                            )),
                            text: insert.clone(),
                        };
                        text.replace_range(a..b, &insert);
                        change
                    })
                    .collect();
                // Now and then the document rests, as one the user left: the next change
                // parses it afresh.
                let rested = rng.below(10) == 0 && doc.rest().is_some();
                doc.apply(step, &changes, encoding, true);
                assert_eq!(&**doc.text(), text.as_str(), "{name} step {step}");
                assert_eq!(
                    doc.lone_crs,
                    lone_crs(&text, 0..text.len()),
                    "{name} step {step}"
                );
                let full = syntax::parse(&text, None);
                let editing = doc.editing().expect("a changed document is being edited");
                assert_eq!(
                    editing.tree.root_node().to_sexp(),
                    full.root_node().to_sexp(),
                    "{name} step {step} (rested before: {rested})"
                );
                let mut memo = editing.memo.lock().unwrap_or_else(|e| e.into_inner());
                let incremental = memo.analyze(&text, editing.tree.clone(), &config);
                let fresh = nianbao_core::analyze(&text, &config);
                assert_eq!(incremental.findings, fresh.findings, "{name} step {step}");
            }
        }
    }

    #[test]
    fn lone_carriage_returns_are_counted_through_edits() {
        // (from, to, new text, text after), each on the text the one before left; UTF-8 columns.
        type Edit = ((u32, u32), (u32, u32), &'static str, &'static str);
        let edits: &[Edit] = &[
            ((0, 1), (0, 1), "\r", "a\rb\ncd"),     // a lone `\r`
            ((1, 0), (1, 0), "\n", "a\r\nb\ncd"),   // a `\n` after it: not lone
            ((0, 1), (1, 0), "", "ab\ncd"),         // the `\r\n` taken out
            ((0, 0), (0, 0), "\r\r", "\r\rab\ncd"), // two lone ones
            ((1, 0), (2, 0), "", "\rab\ncd"),       // the second taken out
            ((1, 0), (1, 0), "\n", "\r\nab\ncd"),   // the first no longer lone
        ];
        let mut doc = Document::new(0, "ab\ncd");
        for (i, (from, to, new, expected)) in edits.iter().enumerate() {
            let change = Change {
                range: Some((
                    Pos {
                        line: from.0,
                        col: from.1,
                    },
                    Pos {
                        line: to.0,
                        col: to.1,
                    },
                )),
                text: new.to_string(),
            };
            doc.apply(i as i32 + 1, &[change], Encoding::Utf8, true);
            let text = doc.text().to_string();
            assert_eq!(text, *expected, "edit {i}");
            assert_eq!(doc.lone_crs, lone_crs(&text, 0..text.len()), "edit {i}");
        }
    }

    #[test]
    fn positions_follow_the_core_line_index() {
        let text = "一、总体情况\r\n| 规章 | 0 |\r\n😀a\nlast";
        let doc = Document::new(0, text);
        let index = LineIndex::new(text);
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Chars] {
            for line in 0..6u32 {
                for col in 0..40u32 {
                    let lc = nianbao_core::text::LineCol { line, col };
                    assert_eq!(
                        offset(text, &doc.rows, doc.lone_crs, Pos { line, col }, encoding),
                        index.offset(text, lc, encoding),
                        "{encoding:?} {line}:{col}"
                    );
                }
            }
        }
    }
}
