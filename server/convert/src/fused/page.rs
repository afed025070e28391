//! The page around a run-together report: the crawler's header, web-page chrome (breadcrumbs,
//! 分享/打印/关闭, 发布时间, attachment lists), the title, and the text with its spaces and line
//! breaks taken out so that labels broken by stray spaces read whole.

use crate::source::Place;
use nianbao_core::model::labels::one_edit;
use nianbao_core::normalize::key;
use regex::Regex;
use std::sync::OnceLock;

/// The decoded text, one entry per character, with each character's place.
pub struct Text {
    pub chars: Vec<char>,
    places: Vec<(usize, usize)>,
}

impl Text {
    pub fn new(s: &str) -> Text {
        let mut places = Vec::new();
        let (mut line, mut column) = (1, 1);
        let chars: Vec<char> = s.chars().collect();
        for &c in &chars {
            places.push((line, column));
            if c == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        Text { chars, places }
    }

    pub fn place(&self, i: usize) -> Place {
        let (line, column) = self.places.get(i).copied().unwrap_or((1, 1));
        Place::Text { line, column }
    }

    pub fn slice(&self, from: usize, to: usize) -> String {
        self.chars[from.min(self.chars.len())..to.min(self.chars.len())]
            .iter()
            .collect()
    }
}

pub fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{a0}' || c == '\u{3000}' || c == '\u{feff}'
}

/// The body's characters without spaces and line breaks, each with its index in [`Text`]; a
/// character removed as chrome is left out too. Full-width digits read as ASCII.
pub struct Compact {
    pub chars: Vec<char>,
    pub at: Vec<usize>,
    /// Per character: a space or line break stood before it in the source (a separator the
    /// page printed between two cells, `13　　8　　49`).
    pub spaced: Vec<bool>,
}

impl Compact {
    pub fn new(text: &Text, from: usize, removed: &[bool]) -> Compact {
        let mut chars = Vec::new();
        let mut at = Vec::new();
        let mut spaced = Vec::new();
        let mut space = false;
        for (i, &c) in text.chars.iter().enumerate().skip(from) {
            if removed[i] {
                continue;
            }
            if is_space(c) {
                space = true;
                continue;
            }
            spaced.push(std::mem::take(&mut space));
            let c = match c {
                '０'..='９' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                '．' => '.',
                _ => c,
            };
            chars.push(c);
            at.push(i);
        }
        Compact { chars, at, spaced }
    }

    pub fn string(&self, from: usize, to: usize) -> String {
        self.chars[from..to].iter().collect()
    }

    /// The index in [`Text`] of compact character `i` (the end of the text past the last).
    pub fn origin(&self, i: usize, text: &Text) -> usize {
        self.at.get(i).copied().unwrap_or(text.chars.len())
    }

    /// The first occurrence at or after `from` of text whose key (`normalize::key`: traditional
    /// characters, full-width forms and punctuation folded) is `needle_key`, as compact indices.
    pub fn find_folded(&self, needle_key: &str, from: usize) -> Option<(usize, usize)> {
        let needle: Vec<char> = needle_key.chars().collect();
        let mut folded = Vec::new();
        for (i, c) in self.chars.iter().enumerate().skip(from) {
            for f in key(c.encode_utf8(&mut [0; 4])).chars() {
                folded.push((f, i));
            }
        }
        if needle.is_empty() || needle.len() > folded.len() {
            return None;
        }
        (0..=folded.len() - needle.len())
            .find(|&i| (0..needle.len()).all(|k| folded[i + k].0 == needle[k]))
            .map(|i| (folded[i].1, folded[i + needle.len() - 1].1 + 1))
    }

    /// Like [`Self::find_folded`], for a heading printed with one character dropped, added or
    /// misread (`四、政府信息公开行政法复议、行政诉讼情况`): its first two characters (the
    /// number and the next) as written, the rest one edit from the needle. Only for needles of
    /// eight characters or more, where one edit cannot turn one heading into another.
    pub fn find_folded_damaged(&self, needle_key: &str, from: usize) -> Option<(usize, usize)> {
        let needle: Vec<char> = needle_key.chars().collect();
        if needle.len() < 8 {
            return None;
        }
        let mut folded = Vec::new();
        for (i, c) in self.chars.iter().enumerate().skip(from) {
            for f in key(c.encode_utf8(&mut [0; 4])).chars() {
                folded.push((f, i));
            }
        }
        let chars: Vec<char> = folded.iter().map(|f| f.0).collect();
        (0..chars.len()).find_map(|i| {
            if chars[i..].len() < 2 || chars[i..i + 2] != needle[..2] {
                return None;
            }
            [needle.len(), needle.len() + 1, needle.len() - 1]
                .into_iter()
                .filter(|&n| i + n <= chars.len())
                .find(|&n| one_edit(&chars[i..i + n], &needle))
                .map(|n| (folded[i].1, folded[i + n - 1].1 + 1))
        })
    }
}

/// The crawler's header: the lines before a `==== 正文 ====` line, with the page's title in a
/// `标题:` line. Returns where the body starts, the title, and the header lines dropped.
pub fn header(text: &Text) -> (usize, Option<String>, Vec<(usize, String)>) {
    static BODY: OnceLock<Regex> = OnceLock::new();
    let body =
        BODY.get_or_init(|| Regex::new(r"^\s*[=＝]{3,}\s*正文\s*[=＝]{3,}\s*$").expect("valid"));
    let mut lines = Vec::new();
    let mut start = 0;
    for (i, &c) in text.chars.iter().enumerate() {
        if c == '\n' {
            lines.push((start, i));
            start = i + 1;
        }
    }
    lines.push((start, text.chars.len()));
    let Some(mark) = lines
        .iter()
        .position(|&(a, b)| body.is_match(&text.slice(a, b)))
    else {
        return (0, None, Vec::new());
    };
    let mut title = None;
    let mut dropped = Vec::new();
    for &(a, b) in &lines[..=mark] {
        let line = text.slice(a, b);
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let value = line
            .strip_prefix("标题")
            .map(|r| r.trim_start().trim_start_matches([':', '：']).trim());
        match value {
            Some(t) if title.is_none() && !t.is_empty() => title = Some(t.to_string()),
            _ => dropped.push((a, line.to_string())),
        }
    }
    (lines[mark].1 + 1, title, dropped)
}

/// Chrome that a page's text carries, as it reads once spaces are taken out.
const CHROME: &[&str] = &[
    r"(?:发布|更新)(?:时间|日期)[:：]\d{4}[-/年.]\d{1,2}[-/月.]\d{1,2}日?(?:\d{1,2}:\d{2}(?::\d{2})?)?",
    r"来源[:：][^。，,；;:：]{0,20}?(?:浏览|阅读|访问|点击)(?:次数|量)?[:：]\d+次?",
    r"来源[:：]本[网站]",
    r"(?:浏览|阅读|访问|点击)(?:次数|量)?[:：]\d+次?",
    r"【?字[号体][:：]?[大中小]{2,3}】?",
    r"分享到[:：]?(?:微信|微博|QQ空间|QQ|朋友圈|新浪微博|腾讯微博)*",
    r"(?:【?(?:分享|打印|关闭)】?[/|｜]?){2,}",
    r"【打印(?:本页)?】|【关闭(?:窗口)?】|打印本页|关闭窗口|扫一扫在手机打开当前页",
    r"附件[:：](?:\d*[、.]?[^。；：:]*?\.(?:docx?|pdf|xlsx?|wps|ofd))+",
    // An attachment link whose text is the report's title alone, with no file extension, as
    // the last thing on the page (`…无。附件：河北省教育厅2022年政府信息公开工作年度报告`).
    r"附件[:：]\d*[、.]?[^。；：:，,]{0,40}?(?:19|20)\d{2}年度?政府信息公[开開](?:工作)?(?:年度)?[报報]告$",
];

/// The spans of `compact` (as compact indices) that are page chrome.
pub fn chrome(compact: &Compact) -> Vec<(usize, usize)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re =
        RE.get_or_init(|| Regex::new(&CHROME.join("|")).expect("the chrome patterns are valid"));
    let s = compact.string(0, compact.chars.len());
    let char_at = |byte: usize| s[..byte].chars().count();
    re.find_iter(&s)
        .map(|m| (char_at(m.start()), char_at(m.end())))
        .collect()
}

/// A report's title found in page text, as char indices of the text searched.
#[derive(Debug, PartialEq, Eq)]
pub struct Title {
    pub from: usize,
    pub to: usize,
    /// The title is named in a sentence of the preamble (`…要求，发布某局2023年政府信息公开工作
    /// 年度报告。`, `我厅编写了2019年…报告`), not printed as the page's title: the sentence is
    /// the report's text and stays; `from` is after the verb and a pronoun (我厅) is no organ.
    pub in_sentence: bool,
}

/// A report's title in `s`: the organ, the year and 政府信息公开工作年度报告, without what a
/// breadcrumb or an attachment's number puts before it.
pub fn title_in(s: &str) -> Option<Title> {
    static RE: OnceLock<Regex> = OnceLock::new();
    // What a sentence says before it names the report it introduces.
    static SAID: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(
            r"[^。；：:，,>＞»›/、\s]{0,40}?(?:19|20)\d{2}年度?政府信息公[开開](?:工作)?(?:年度)?[报報]告",
        )
        .expect("valid pattern")
    });
    let said = SAID.get_or_init(|| {
        Regex::new(r"^(?:[我本][厅局委办院府部室署会司处]|本机关|本单位)?(?:特|现|特此|现将|依法)?(?:发布|公布|编写|编制|印发|形成|制作|撰写|向社会公布)(?:了|如下|本|此)?")
            .expect("valid pattern")
    });
    let m = re.find(s)?;
    let chars = |byte: usize| s[..byte].chars().count();
    let (mut from, to) = (m.start(), m.end());
    let verb = said.find(&s[from..]).filter(|v| !v.is_empty());
    if let Some(v) = &verb {
        from += v.end();
        // `发布我局2023年…`: a pronoun before the year is no organ's name either.
        for pronoun in [
            "本机关",
            "本单位",
            "我局",
            "本局",
            "我厅",
            "本厅",
            "我委",
            "本委",
            "我办",
            "本办",
        ] {
            if s[from..].starts_with(pronoun) && s[from + pronoun.len()..].starts_with(['1', '2']) {
                from += pronoun.len();
            }
        }
    }
    Some(Title {
        from: chars(from),
        to: chars(to),
        in_sentence: verb.is_some(),
    })
}
