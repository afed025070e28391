//! `nianbao render`: a report as an HTML page in the official layout (for publishing).

use crate::render::Place;
use nianbao_core::Config;
use std::path::Path;

pub fn run(path: &Path, output: Option<&Path>, config: &Config) -> u8 {
    let input = crate::files::read(path, config.lang);
    let text = match &input.text {
        Ok(t) => t,
        Err(message) => {
            crate::say::fail(config.lang, &format!("{}: {message}", input.display()));
            return 2;
        }
    };
    let rendered = nianbao_convert::render::render(text, config);
    let locator = crate::render::Locator::new(text);
    for (offset, message) in &rendered.warnings {
        let at = locator.pos(*offset);
        let label = match config.lang {
            nianbao_core::Lang::Zh => "警告",
            nianbao_core::Lang::En => "warning",
        };
        eprintln!(
            "{}:{}:{}: {label}: {message}",
            input.display(),
            at.line,
            at.column
        );
    }
    let html = rendered.html;
    match output {
        Some(out) => match std::fs::write(out, html) {
            Ok(()) => 0,
            Err(e) => {
                crate::say::fail(config.lang, &crate::say::cannot_write(config.lang, out, &e));
                2
            }
        },
        None => {
            super::print(&html);
            0
        }
    }
}
