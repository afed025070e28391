//! Configuration: `nianbao.toml` (the nearest one above a document, as the CLI finds it from
//! its working folder) with the editor's settings (`nianbao.lang`, `nianbao.template`,
//! `nianbao.rules`) laid over it, as the CLI's flags are.

use nianbao_core::{Config, Lang};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "nianbao.toml";

/// The editor's settings; each one given overrides the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    pub lang: Option<Lang>,
    pub template: Option<String>,
    pub rules: BTreeMap<String, Option<nianbao_core::Severity>>,
}

impl Settings {
    /// Reads `{"nianbao": {…}}` or the inner object itself; `null` means no settings. The values
    /// are checked exactly as `nianbao.toml` is, by `Config::parse`.
    pub fn from_json(value: &Value) -> Result<Settings, String> {
        let value = value.get("nianbao").unwrap_or(value);
        let Some(object) = value.as_object() else {
            return if value.is_null() {
                Ok(Settings::default())
            } else {
                Err(format!("settings must be an object, not {value}"))
            };
        };
        let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
        let mut toml = String::new();
        for key in ["lang", "template"] {
            match object.get(key) {
                Some(Value::String(s)) => toml.push_str(&format!("{key} = {}\n", quote(s))),
                Some(Value::Null) | None => {}
                Some(other) => return Err(format!("nianbao.{key} must be a string, not {other}")),
            }
        }
        match object.get("rules") {
            Some(Value::Object(rules)) => {
                toml.push_str("[rules]\n");
                for (code, level) in rules {
                    let level = level.as_str().ok_or_else(|| {
                        format!("nianbao.rules.{code} must be a string, not {level}")
                    })?;
                    toml.push_str(&format!("{} = {}\n", quote(code), quote(level)));
                }
            }
            Some(Value::Null) | None => {}
            Some(other) => return Err(format!("nianbao.rules must be an object, not {other}")),
        }
        let parsed = Config::parse(&toml).map_err(|e| format!("settings: {}", e.message))?;
        Ok(Settings {
            lang: object
                .get("lang")
                .and_then(Value::as_str)
                .map(|_| parsed.lang),
            template: parsed.template,
            rules: parsed.severities,
        })
    }

    pub fn apply(&self, mut config: Config) -> Config {
        if let Some(lang) = self.lang {
            config.lang = lang;
        }
        if self.template.is_some() {
            config.template = self.template.clone();
        }
        config.severities.extend(self.rules.clone());
        config
    }
}

/// The nearest `nianbao.toml` in `dir` or above.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// A configuration file that could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub path: PathBuf,
    /// Zero-based line and column (in characters) of the problem.
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// Reads and parses one `nianbao.toml`.
pub fn load(path: &Path) -> Result<Config, FileError> {
    let error = |line: usize, column: usize, message: String| FileError {
        path: path.to_path_buf(),
        line: line.saturating_sub(1) as u32,
        column: column.saturating_sub(1) as u32,
        message,
    };
    let text = std::fs::read_to_string(path)
        .map_err(|e| error(1, 1, format!("cannot read {}: {e}", path.display())))?;
    Config::parse(&text).map_err(|e| error(e.line, e.column, e.message))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn settings_override_the_file_and_are_checked() {
        let settings =
            Settings::from_json(&json!({"nianbao": {"lang": "en", "rules": {"NB219": "off"}}}))
                .expect("valid");
        let file =
            Config::parse("template = \"2019\"\n[rules]\nNB301 = \"error\"\n").expect("valid");
        let config = settings.apply(file);
        assert_eq!(config.lang, Lang::En);
        assert_eq!(config.template.as_deref(), Some("2019"));
        assert_eq!(config.severities.get("NB219"), Some(&None));
        assert!(config.severities.contains_key("NB301"));
        assert_eq!(Settings::from_json(&Value::Null), Ok(Settings::default()));
        assert!(Settings::from_json(&json!({"rules": {"NB999": "off"}})).is_err());
        assert!(Settings::from_json(&json!({"lang": 3})).is_err());
        // A file without `lang` does not reset the editor's language, nor the reverse.
        assert_eq!(
            Settings::from_json(&json!({"template": "2021"})).map(|s| s.lang),
            Ok(None)
        );
    }
}
