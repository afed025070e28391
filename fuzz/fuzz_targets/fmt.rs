//! fmt on any text: idempotent, and every label, number and other block comes out as it went in.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let once = nianbao_core::format::format(&text);
    assert_eq!(nianbao_core::format::format(&once), once, "not idempotent");
    assert_eq!(
        nianbao_fuzz::content(&once),
        nianbao_fuzz::content(&text),
        "a label, number or block changed"
    );
});
