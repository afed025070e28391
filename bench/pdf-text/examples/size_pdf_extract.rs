//! pdf-extract's text extraction alone, for its binary size (bench/pdf-text/sizes.sh).
fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let bytes = std::fs::read(&path).unwrap_or_default();
    let text = pdf_extract::extract_text_from_mem(&bytes).unwrap_or_default();
    println!("{}", text.len());
}
