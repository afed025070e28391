//! Import any bytes, the form detected (text scrapes, PDF text, HTML, a zip as .docx): no
//! panic, and what it makes is markup the checker reads.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(imported) = nianbao_convert::import(data, &Default::default()) {
        let config = nianbao_core::Config::default();
        let analysis = nianbao_core::analyze(&imported.markup, &config);
        nianbao_fuzz::findings_are_well_formed(&imported.markup, &analysis.findings);
    }
});
