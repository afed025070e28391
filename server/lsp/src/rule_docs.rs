//! Where a diagnostic's code links to (`codeDescription.href`).
//!
//! A client may name the published rules page in `initializationOptions.rulesDocumentation`
//! (e.g. the repository's `docs/rules.md`); each code then links to its anchor, `…#nb103`.
//! Otherwise the server writes the documentation it carries (the same text as
//! `nianbao explain NB103`) to one Markdown file per code under the system's temporary folder
//! and links to that `file://` URI: it works offline and always matches the server's version.

use nianbao_core::explain;
use nianbao_core::knowledge::Knowledge;
use nianbao_core::Lang;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use tower_lsp_server::ls_types::Uri;

#[derive(Debug, Clone)]
pub enum RuleDocs {
    /// `…/rules.md`, linked as `…/rules.md#nb103`.
    Page(String),
    /// A folder holding `NB103.md` and the rest.
    Folder(PathBuf),
    None,
}

impl RuleDocs {
    pub fn href(&self, code: &str) -> Option<Uri> {
        match self {
            RuleDocs::Page(base) => {
                Uri::from_str(&format!("{base}#{}", code.to_ascii_lowercase())).ok()
            }
            RuleDocs::Folder(dir) => Uri::from_file_path(dir.join(format!("{code}.md"))),
            RuleDocs::None => None,
        }
    }

    /// Writes the bundled documentation once per server version and language.
    pub fn bundled(lang: Lang) -> RuleDocs {
        let dir = std::env::temp_dir().join(format!(
            "nianbao-{}-rules-{}",
            env!("CARGO_PKG_VERSION"),
            lang_name(lang)
        ));
        match write_all(&dir, lang) {
            Ok(()) => RuleDocs::Folder(dir),
            Err(e) => {
                tracing::warn!("cannot write the rule documentation to {}: {e}; diagnostics will carry no link", dir.display());
                RuleDocs::None
            }
        }
    }
}

fn lang_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    }
}

fn write_all(dir: &Path, lang: Lang) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for rule in &Knowledge::get().rules {
        let path = dir.join(format!("{}.md", rule.code));
        let Some(text) = explain::rule(&rule.code, lang) else {
            continue;
        };
        if std::fs::read_to_string(&path).is_ok_and(|existing| existing == text) {
            continue;
        }
        // Write then rename, so a second server starting at the same time never sees half a file.
        let partial = dir.join(format!(".{}.{}.tmp", rule.code, std::process::id()));
        std::fs::write(&partial, &text)?;
        std::fs::rename(&partial, &path)?;
    }
    Ok(())
}
