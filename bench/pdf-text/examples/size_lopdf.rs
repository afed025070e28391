//! lopdf's text extraction alone, for its binary size (bench/pdf-text/sizes.sh).
fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let bytes = std::fs::read(&path).unwrap_or_default();
    let text = lopdf::Document::load_mem(&bytes)
        .and_then(|d| d.extract_text(&d.get_pages().keys().copied().collect::<Vec<_>>()))
        .unwrap_or_default();
    println!("{}", text.len());
}
