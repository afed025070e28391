//! The documentation of every finding code, as data (`knowledge/rules.toml`): what `nianbao
//! explain NB103` prints, what `docs/rules.md` is generated from, where `codeDescription` links.

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDoc {
    /// `NB103`.
    pub code: String,
    /// A kebab-case name, e.g. `results-total`.
    pub name: String,
    /// `error`, `warning` or `info`: the default severity (nianbao.toml may override it).
    pub severity: String,
    pub title_zh: String,
    pub title_en: String,
    /// What the rule checks, in Chinese and English.
    pub what_zh: String,
    pub what_en: String,
    /// Why it matters (the template's note, the article, what reviewers flag).
    pub why_zh: String,
    pub why_en: String,
    /// A small markup snippet that triggers it.
    pub example: String,
    /// What the quick fix does, if there is one.
    #[serde(default)]
    pub fix_zh: Option<String>,
    #[serde(default)]
    pub fix_en: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleBook {
    pub rules: Vec<RuleDoc>,
}
