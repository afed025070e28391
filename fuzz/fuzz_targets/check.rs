//! Parse and check any text: no panic, and every finding points into the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let analysis = nianbao_core::analyze(&text, &nianbao_core::Config::default());
    nianbao_fuzz::findings_are_well_formed(&text, &analysis.findings);
});
