//! Label normalisation: what lets the checker recognise `(三) 不予公開` as `（三）不予公开`.
//!
//! A label's *key* folds every difference real reports show that does not change the meaning:
//! traditional characters, full-width forms, brackets, quotes, punctuation and spaces. Two
//! labels with the same key are the same label; the canonical spelling is then offered as a fix.

/// The matching key of a label: simplified characters, letters, digits and CJK only.
pub fn key(label: &str) -> String {
    // A report repeats a few hundred labels (a consolidated one, thousands of times), and the
    // model keys each against every template table: remember recent keys, per thread.
    thread_local! {
        static KEYS: std::cell::RefCell<std::collections::HashMap<String, String>> = Default::default();
    }
    if let Some(known) = KEYS.with(|k| k.borrow().get(label).cloned()) {
        return known;
    }
    let simplified = fast2s::convert(label);
    let folded: String = simplified.chars().filter_map(fold_char).collect();
    KEYS.with(|k| {
        let mut keys = k.borrow_mut();
        if keys.len() >= 4096 {
            keys.clear(); // bounded: a cache, not a leak
        }
        keys.insert(label.to_string(), folded.clone());
    });
    folded
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
    let numerals = "一二三四五六七八九十";
    let mut chars = key.char_indices();
    match chars.next() {
        Some((_, c)) if numerals.contains(c) => {
            let after = &key[c.len_utf8()..];
            if after.starts_with(|n: char| numerals.contains(n)) || after.starts_with("安全") {
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
