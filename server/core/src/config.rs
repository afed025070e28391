//! Settings shared by the CLI and the language server, read from `nianbao.toml` (the caller
//! reads the file; this parses its text).
//!
//! ```toml
//! lang = "en"            # message language: "zh" (default) or "en"
//! template = "2019"      # template when a report names none and the tables do not tell
//! [rules]
//! NB219 = "off"          # or "error", "warning", "info"
//! ```

use crate::finding::{Finding, Severity};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    pub lang: Lang,
    /// The template to assume when the front matter names none and the tables do not tell.
    pub template: Option<String>,
    /// Per-code severity; `None` turns the rule off.
    pub severities: BTreeMap<String, Option<Severity>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    lang: Option<Lang>,
    template: Option<String>,
    #[serde(default)]
    rules: BTreeMap<String, String>,
}

/// A problem in a configuration file, with the 1-based line and column it is at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl Config {
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        let file: ConfigFile = toml::from_str(text).map_err(|e| {
            let (line, column) = e
                .span()
                .map(|span| {
                    let before = &text[..span.start.min(text.len())];
                    let line = before.matches('\n').count() + 1;
                    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                    (line, column)
                })
                .unwrap_or((1, 1));
            ConfigError {
                line,
                column,
                message: e.message().to_string(),
            }
        })?;
        let knowledge = crate::knowledge::Knowledge::get();
        if let Some(template) = &file.template {
            if knowledge.template(template).is_none() {
                return Err(error_at(
                    text,
                    "template",
                    format!(
                        "unknown template `{template}` (known: {})",
                        knowledge.template_ids().join(", ")
                    ),
                ));
            }
        }
        let mut severities = BTreeMap::new();
        for (code, level) in file.rules {
            if knowledge.rule(&code).is_none() {
                return Err(error_at(text, &code, format!("unknown rule code `{code}`")));
            }
            let severity = match level.as_str() {
                "off" | "allow" | "none" => None,
                other => Some(Severity::parse(other).ok_or_else(|| {
                    error_at(
                        text,
                        &code,
                        format!("`{other}` is not a severity (error, warning, info, off)"),
                    )
                })?),
            };
            severities.insert(code, severity);
        }
        Ok(Config {
            lang: file.lang.unwrap_or_default(),
            template: file.template,
            severities,
        })
    }

    /// Applies the configured severities: drops findings whose rule is off.
    pub fn apply(&self, findings: Vec<Finding>) -> Vec<Finding> {
        findings
            .into_iter()
            .filter_map(|mut f| match self.severities.get(f.code) {
                Some(None) => None,
                Some(Some(severity)) => {
                    f.severity = *severity;
                    Some(f)
                }
                None => Some(f),
            })
            .collect()
    }
}

fn error_at(text: &str, needle: &str, message: String) -> ConfigError {
    let (line, column) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.find(needle).map(|c| (i + 1, l[..c].chars().count() + 1)))
        .unwrap_or((1, 1));
    ConfigError {
        line,
        column,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_reports_errors_with_positions() {
        let config =
            Config::parse("lang = \"en\"\n[rules]\nNB219 = \"off\"\nNB301 = \"error\"\n").unwrap();
        assert_eq!(config.lang, Lang::En);
        assert_eq!(config.severities["NB219"], None);
        assert_eq!(config.severities["NB301"], Some(Severity::Error));
        let err = Config::parse("[rules]\nNB999 = \"off\"\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 1));
        let err = Config::parse("lang = 3\n").unwrap_err();
        assert_eq!(err.line, 1);
    }
}
