//! `nianbao fix` on any text: it ends, and what it writes can be checked again.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let config = nianbao_core::Config::default();
    let fixed = nianbao_core::fix::fix_all(&text, &config);
    let analysis = nianbao_core::analyze(&fixed.text, &config);
    nianbao_fuzz::findings_are_well_formed(&fixed.text, &analysis.findings);
});
