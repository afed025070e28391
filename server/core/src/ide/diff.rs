//! Minimal edits between two versions of a text, so that an editor applying a fix-all or a
//! format moves only the characters that changed (cursors, marks and undo stay put).

use crate::finding::Edit;

/// Edits turning `old` into `new`: one per changed line, trimmed to the changed characters,
/// when both have the same number of lines (fixes and formatting never add or drop lines);
/// otherwise one edit over the changed middle.
pub fn minimal_edits(old: &str, new: &str) -> Vec<Edit> {
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    if old_lines.len() != new_lines.len() {
        return trimmed(old, new, 0).into_iter().collect();
    }
    let mut out = Vec::new();
    let mut at = 0;
    for (a, b) in old_lines.iter().zip(&new_lines) {
        if a != b {
            out.extend(trimmed(a, b, at));
        }
        at += a.len();
    }
    out
}

/// The one edit replacing what differs between `old` and `new` (which starts at `base`).
fn trimmed(old: &str, new: &str, base: usize) -> Option<Edit> {
    if old == new {
        return None;
    }
    let prefix = old
        .char_indices()
        .zip(new.chars())
        .take_while(|((_, a), b)| a == b)
        .last()
        .map_or(0, |((i, a), _)| i + a.len_utf8());
    let (old_rest, new_rest) = (&old[prefix..], &new[prefix..]);
    let suffix = old_rest
        .chars()
        .rev()
        .zip(new_rest.chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum::<usize>();
    Some(Edit {
        range: base + prefix..base + old.len() - suffix,
        new_text: new_rest[..new_rest.len() - suffix].to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::apply_edits;

    #[test]
    fn edits_are_small_and_exact() {
        let old = "| 规章 |  4 |\n| 总计 | 57 |\n";
        let new = "| 规章 |  4 |\n| 总计 | 58 |\n";
        let edits = minimal_edits(old, new);
        assert_eq!(
            edits,
            vec![Edit {
                range: old.find("57").unwrap() + 1..old.find("57").unwrap() + 2,
                new_text: "8".into()
            }]
        );
        for (a, b) in [
            ("a\nb\n", "a\nc\nd\n"),
            ("一二三", "一三"),
            ("", "x"),
            ("x\r\n", "y\r\n"),
            ("😀a", "😀b😀"),
        ] {
            assert_eq!(apply_edits(a, &minimal_edits(a, b)), b, "{a:?} → {b:?}");
        }
        assert!(minimal_edits("same", "same").is_empty());
    }
}
