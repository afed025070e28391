//! Import a Word file. Mutated zip bytes rarely survive the checksums, so the input is the
//! document part (word/document.xml) and the target wraps it in a zip; an input starting with
//! `PK` is taken as the whole file instead, to reach the zip reader too.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao_convert::{Format, Options};
use std::io::Write;

fn docx(document: &[u8]) -> Option<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("word/document.xml", stored).ok()?;
    zip.write_all(document).ok()?;
    Some(zip.finish().ok()?.into_inner())
}

fuzz_target!(|data: &[u8]| {
    let bytes = if data.starts_with(b"PK") {
        data.to_vec()
    } else {
        match docx(data) {
            Some(bytes) => bytes,
            None => return,
        }
    };
    let options = Options {
        from: Some(Format::Docx),
        ..Default::default()
    };
    if let Ok(imported) = nianbao_convert::import(&bytes, &options) {
        let config = nianbao_core::Config::default();
        let analysis = nianbao_core::analyze(&imported.markup, &config);
        nianbao_fuzz::findings_are_well_formed(&imported.markup, &analysis.findings);
    }
});
