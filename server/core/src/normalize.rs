//! Label normalisation: what lets the checker recognise `(三) 不予公開` as `（三）不予公开`.
//!
//! A label's *key* folds every difference real reports show that does not change the meaning:
//! traditional characters, full-width forms, brackets, quotes, punctuation and spaces. Two
//! labels with the same key are the same label; the canonical spelling is then offered as a fix.

use crate::fast_hash::FastMap;
use std::borrow::Cow;
use std::sync::OnceLock;

/// `text` in simplified characters (fast2s, with its context rules), borrowed when no character
/// of it could change — nearly all prose, which is then not copied.
pub fn simplified(text: &str) -> Cow<'_, str> {
    if may_simplify(text) {
        Cow::Owned(fast2s::convert(text))
    } else {
        Cow::Borrowed(text)
    }
}

/// Whether fast2s may change a character of `text` in some context: it maps characters of
/// three UTF-8 bytes only, through one table, and a few more only next to certain neighbours
/// (fast2s's `special.rs`).
fn may_simplify(text: &str) -> bool {
    // Looked up for every character of every paragraph, so a bit per code point of the
    // three-byte range, filled once by asking fast2s about each character alone.
    static CHANGES: OnceLock<Vec<u64>> = OnceLock::new();
    const FIRST: u32 = 0x800;
    const CONTEXT_ONLY: &str = "藉著苧闔鍾讎畫";
    let bits = CHANGES.get_or_init(|| {
        let mut bits = vec![0u64; ((0x1_0000 - FIRST) as usize).div_ceil(64)];
        let mut buf = [0u8; 4];
        for ch in (FIRST..0x1_0000).filter_map(char::from_u32) {
            let alone: &str = ch.encode_utf8(&mut buf);
            if fast2s::convert(alone) != alone || CONTEXT_ONLY.contains(ch) {
                let i = (ch as u32 - FIRST) as usize;
                bits[i / 64] |= 1 << (i % 64);
            }
        }
        bits
    });
    // Read by lead byte rather than decoded character by character: a character of three bytes
    // has a lead byte of 0xE0..=0xEF, and its code point is in its three bytes' low bits.
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&lead) = bytes.get(at) {
        at += match lead {
            0x00..=0x7F => 1,
            0xE0..=0xEF => {
                let (Some(&b1), Some(&b2)) = (bytes.get(at + 1), bytes.get(at + 2)) else {
                    return false;
                };
                let code = (u32::from(lead & 0x0F) << 12)
                    | (u32::from(b1 & 0x3F) << 6)
                    | u32::from(b2 & 0x3F);
                if code >= FIRST {
                    let i = (code - FIRST) as usize;
                    if bits[i / 64] & (1 << (i % 64)) != 0 {
                        return true;
                    }
                }
                3
            }
            0xF0..=0xFF => 4,
            _ => 2,
        };
    }
    false
}

/// The matching key of a label: simplified characters, letters, digits and CJK only.
pub fn key(label: &str) -> String {
    let mut folded = String::new();
    key_into(label, &mut folded);
    folded
}

/// [`key`] appended to `out`: a caller that folds many labels keeps them in one buffer rather
/// than a string each.
pub fn key_into(label: &str, out: &mut String) {
    // A report repeats a few hundred labels (a consolidated one, thousands of times), and the
    // model keys each against every template table: remember recent keys, per thread.
    thread_local! {
        static KEYS: std::cell::RefCell<FastMap<String, String>> = Default::default();
    }
    let known = KEYS.with(|k| {
        k.borrow()
            .get(label)
            .map(|folded| out.push_str(folded))
            .is_some()
    });
    if known {
        return;
    }
    let start = out.len();
    out.extend(simplified(label).chars().filter_map(fold_char));
    KEYS.with(|k| {
        let mut keys = k.borrow_mut();
        if keys.len() >= 4096 {
            keys.clear(); // bounded: a cache, not a leak
        }
        keys.insert(label.to_string(), out[start..].to_string());
    });
}

/// Folds one character: full-width ASCII to ASCII, drops punctuation and spaces.
fn fold_char(c: char) -> Option<char> {
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    if c.is_alphanumeric() {
        Some(c)
    } else {
        None
    }
}

/// A key without its leading ordinal (`一`, `（三）`, `1.`), which authors sometimes leave out
/// or write differently. `"三不予公开"` → `"不予公开"`; `"1属于国家秘密"` → `"属于国家秘密"`.
pub fn strip_ordinal(key: &str) -> &str {
    let rest = key.trim_start_matches(|c: char| c.is_ascii_digit());
    if rest.len() != key.len() {
        return rest;
    }
    // A Chinese numeral ordinal: only when it is a template ordinal, i.e. followed by text that
    // is not itself a numeral word (keeps 十 in 第二十条 and the 三 of 三安全一稳定 at the start).
    let numeral = |c: char| {
        matches!(
            c,
            '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
        )
    };
    let mut chars = key.char_indices();
    match chars.next() {
        Some((_, c)) if numeral(c) => {
            let after = &key[c.len_utf8()..];
            if after.starts_with(numeral) || after.starts_with("安全") {
                key
            } else {
                after
            }
        }
        _ => key,
    }
}

/// The leading ordinal of a label's key, e.g. `三` for `（三）不予公开` or `1` for `1.属于…`.
pub fn ordinal(key: &str) -> &str {
    &key[..key.len() - strip_ordinal(key).len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_what_real_reports_vary() {
        let canonical = key("（二）部分公开（区分处理的，只计这一情形，不计其他情形）");
        assert_eq!(
            key("(二部分公开区分处理的,只计这一情形,不计其他情形)"),
            canonical
        );
        assert_eq!(
            key("(二)部分公開(區分處理的,只計這一情形,不計其他情形)"),
            canonical
        );
        assert_eq!(key("商业 企业"), key("商业企业"));
        assert_eq!(key("3.危及\"三安全一稳定\""), key("3.危及“三安全一稳定”"));
        assert_eq!(
            key("本年收費金額(單位:萬元)"),
            key("本年收费金额（单位：万元）")
        );
        assert_eq!(key("１．属于国家秘密"), key("1.属于国家秘密"));
    }

    #[test]
    fn simplified_is_fast2s_whatever_the_text() {
        let mut buf = [0u8; 4];
        for c in (0..0x11_0000).filter_map(char::from_u32) {
            let one = c.encode_utf8(&mut buf);
            assert_eq!(simplified(one), fast2s::convert(one), "U+{:04X}", c as u32);
        }
        // The characters fast2s converts only beside certain neighbours, and whole texts in both
        // scripts (seed 003 is in traditional characters).
        for text in [
            "藉口", "憑藉", "看著", "苧麻", "闔家", "鍾書", "校讎", "計畫", "乾隆", "答覆",
        ] {
            assert_eq!(simplified(text), fast2s::convert(text), "{text}");
        }
        let examples = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");
        for entry in std::fs::read_dir(examples).expect("examples") {
            let text = std::fs::read_to_string(entry.expect("entry").path()).expect("text");
            assert_eq!(simplified(&text), fast2s::convert(&text));
        }
    }

    #[test]
    fn strips_ordinals() {
        assert_eq!(strip_ordinal(&key("（三）不予公开")), "不予公开");
        assert_eq!(strip_ordinal(&key("1.属于国家秘密")), "属于国家秘密");
        assert_eq!(
            strip_ordinal(&key("一、本年新收政府信息公开申请数量")),
            "本年新收政府信息公开申请数量"
        );
        assert_eq!(strip_ordinal("三安全一稳定"), "三安全一稳定");
        assert_eq!(ordinal(&key("（七）总计")), "七");
    }
}
