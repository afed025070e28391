//! What the narrative of a report states and which table cells it must equal, as data
//! (`knowledge/prose.toml`).

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProseRules {
    pub claims: Vec<Claim>,
    pub documents: DocumentFigures,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    pub code: String,
    /// A regular expression over simplified prose; group 1 is the figure.
    pub pattern: String,
    pub what_zh: String,
    pub what_en: String,
    /// Alternatives, each a sum of cells `TABLE.ROW.COLUMN`; the figure must equal one.
    pub readings: Vec<Vec<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentFigures {
    pub code: String,
    pub table: String,
    /// A clause with this word summarises the table.
    pub summary_word: String,
    /// So does a clause that names both verbs of one of these pairs (`制发…1件、废止1件`,
    /// `保留…181件，废止25件`): the year's counts, not a campaign's.
    #[serde(default)]
    pub summary_pairs: Vec<(String, String)>,
    /// `(word in the prose, row id)`.
    pub kinds: Vec<(String, String)>,
    /// `(word in the prose, column id)`.
    pub verbs: Vec<(String, String)>,
}
