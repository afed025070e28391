//! The regulation (国令第711号) as data: the provisions behind each category, quoted exactly,
//! with counting guidance and sources. `knowledge/statute.toml`.

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statute {
    /// 中华人民共和国政府信息公开条例
    pub name: String,
    /// 国务院令第711号, revised 2019-04-03, in force 2019-05-15.
    pub citation: String,
    #[serde(default)]
    pub sources: Vec<Source>,
    /// Quoted provisions, by key (e.g. `a14`, `a20.1`, `a16.2`).
    pub provisions: Vec<Provision>,
    /// Template categories and what rests on them, by key (referenced from the template data).
    pub categories: Vec<Category>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub key: String,
    pub description: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provision {
    pub key: String,
    /// How it is cited in Chinese: 第三十六条第（七）项, 第十六条第二款.
    pub cite: String,
    /// The exact text of the article, paragraph or item.
    pub text: String,
    /// Keys of `Statute::sources` that confirm the text.
    #[serde(default)]
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub key: String,
    /// The label as the template spells it.
    pub label: String,
    /// Keys of the provisions it rests on; empty when no article defines it.
    #[serde(default)]
    pub rests_on: Vec<String>,
    /// When `rests_on` is empty or uncertain: what is known about its basis (said plainly in hover).
    #[serde(default)]
    pub basis_note: Option<String>,
    /// How to count it (中文).
    #[serde(default)]
    pub counting: Option<String>,
}
