//! The binary-size baseline: reads a file and prints its length, as the size_* examples do
//! with their crate's text. `bench/pdf-text/sizes.sh` compares their stripped sizes.
fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let bytes = std::fs::read(&path).unwrap_or_default();
    println!("{}", bytes.len());
}
