//! HTML pages.
use crate::source::Item;
pub fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .trim_start()
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with('<')
        && (head.contains("<html")
            || head.contains("<!doctype")
            || head.contains("<table")
            || head.contains("<body")
            || head.contains("<div")
            || head.contains("<meta"))
}
pub fn items(_text: &str) -> Vec<Item> {
    Vec::new()
}
