//! `nianbao render`: a report as an HTML page in the official layout (for publishing).

use nianbao_core::Config;
use std::path::Path;

pub fn run(path: &Path, output: Option<&Path>, config: &Config) -> u8 {
    let input = crate::files::read(path);
    let text = match &input.text {
        Ok(t) => t,
        Err(message) => {
            eprintln!("nianbao: error: {}: {message}", input.display());
            return 2;
        }
    };
    let html = nianbao_convert::render::render_html(text, config);
    match output {
        Some(out) => match std::fs::write(out, html) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("nianbao: error: {}: cannot write: {e}", out.display());
                2
            }
        },
        None => {
            super::print(&html);
            0
        }
    }
}
