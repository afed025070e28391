//! Import any bytes as an HTML page.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao_convert::{Format, Options};

fuzz_target!(|data: &[u8]| {
    let options = Options {
        from: Some(Format::Html),
        ..Default::default()
    };
    if let Ok(imported) = nianbao_convert::import(data, &options) {
        let config = nianbao_core::Config::default();
        let analysis = nianbao_core::analyze(&imported.markup, &config);
        nianbao_fuzz::findings_are_well_formed(&imported.markup, &analysis.findings);
    }
});
