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
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use tower_lsp_server::ls_types::Uri;

/// Where the codes link to, with the link of every known code made once: a `Uri` is parsed and
/// validated when made, which cost more than the rest of a diagnostic's conversion.
#[derive(Debug, Clone, Default)]
pub struct RuleDocs {
    place: Place,
    links: HashMap<String, Uri>,
}

#[derive(Debug, Clone, Default)]
enum Place {
    /// `…/rules.md`, linked as `…/rules.md#nb103`.
    Page(String),
    /// A folder holding `NB103.md` and the rest.
    Folder(PathBuf),
    #[default]
    None,
}

impl Place {
    fn href(&self, code: &str) -> Option<Uri> {
        match self {
            Place::Page(base) => {
                Uri::from_str(&format!("{base}#{}", code.to_ascii_lowercase())).ok()
            }
            Place::Folder(dir) => Uri::from_file_path(dir.join(format!("{code}.md"))),
            Place::None => None,
        }
    }
}

impl RuleDocs {
    /// No links.
    pub fn none() -> RuleDocs {
        RuleDocs::default()
    }

    /// `…/rules.md`, linked as `…/rules.md#nb103`.
    pub fn page(base: String) -> RuleDocs {
        RuleDocs::at(Place::Page(base))
    }

    fn at(place: Place) -> RuleDocs {
        let links = Knowledge::get()
            .rules
            .iter()
            .filter_map(|rule| Some((rule.code.clone(), place.href(&rule.code)?)))
            .collect();
        RuleDocs { place, links }
    }

    pub fn href(&self, code: &str) -> Option<Uri> {
        match self.links.get(code) {
            Some(uri) => Some(uri.clone()),
            // A code the rules do not list (none should): made as it is asked for.
            None => self.place.href(code),
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
            Ok(()) => RuleDocs::at(Place::Folder(dir)),
            Err(e) => {
                tracing::warn!("cannot write the rule documentation to {}: {e}; diagnostics will carry no link", dir.display());
                RuleDocs::none()
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The links made once are those made on demand, for every code and both kinds of place.
    #[test]
    fn links_made_once_are_the_links_asked_for() {
        let places = [
            Place::Page("https://example.org/docs/rules.md".into()),
            Place::Folder(std::env::temp_dir().join("nianbao-rules")),
        ];
        for place in places {
            let docs = RuleDocs::at(place.clone());
            assert!(!docs.links.is_empty());
            for rule in &Knowledge::get().rules {
                let made = place.href(&rule.code);
                assert!(made.is_some(), "{}", rule.code);
                assert_eq!(docs.href(&rule.code), made, "{}", rule.code);
            }
            assert_eq!(docs.href("NB999"), place.href("NB999"));
        }
        assert_eq!(RuleDocs::none().href("NB103"), None);
    }
}
