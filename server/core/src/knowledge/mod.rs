//! The knowledge base: the templates, the statute and the rule documentation, compiled into the
//! binary from `server/core/knowledge/*.toml` and parsed once.

pub mod prose;
pub mod rules;
pub mod severity;
pub mod statute;
pub mod template;

use prose::ProseRules;
use rules::{RuleBook, RuleDoc};
use severity::Severity;
use statute::{Category, Provision, Statute};
use std::sync::OnceLock;
use template::Template;

const TEMPLATE_SOURCES: &[(&str, &str)] = &[
    (
        "template-2021.toml",
        include_str!("../../knowledge/template-2021.toml"),
    ),
    (
        "template-2019.toml",
        include_str!("../../knowledge/template-2019.toml"),
    ),
];
const STATUTE_SOURCE: &str = include_str!("../../knowledge/statute.toml");
const RULES_SOURCE: &str = include_str!("../../knowledge/rules.toml");
const PROSE_SOURCE: &str = include_str!("../../knowledge/prose.toml");

/// The default template when a report names none and its tables do not tell.
pub const DEFAULT_TEMPLATE: &str = "2021";

#[derive(Debug)]
pub struct Knowledge {
    pub templates: Vec<Template>,
    pub statute: Statute,
    pub rules: Vec<RuleDoc>,
    pub prose: ProseRules,
}

impl Knowledge {
    /// The built-in knowledge base. Its files are part of the source; `knowledge_base_loads`
    /// below proves they parse, so a failure here is a build defect, not a user error.
    pub fn get() -> &'static Knowledge {
        static KNOWLEDGE: OnceLock<Knowledge> = OnceLock::new();
        KNOWLEDGE.get_or_init(|| match Knowledge::load() {
            Ok(k) => k,
            Err(e) => panic!("built-in knowledge base is invalid: {e}"),
        })
    }

    fn load() -> Result<Knowledge, String> {
        let templates = TEMPLATE_SOURCES
            .iter()
            .map(|(name, text)| toml::from_str(text).map_err(|e| format!("{name}: {e}")))
            .collect::<Result<Vec<Template>, _>>()?;
        let statute = toml::from_str(STATUTE_SOURCE).map_err(|e| format!("statute.toml: {e}"))?;
        let book: RuleBook =
            toml::from_str(RULES_SOURCE).map_err(|e| format!("rules.toml: {e}"))?;
        let prose = toml::from_str(PROSE_SOURCE).map_err(|e| format!("prose.toml: {e}"))?;
        Ok(Knowledge {
            templates,
            statute,
            rules: book.rules,
            prose,
        })
    }

    pub fn template(&self, id: &str) -> Option<&Template> {
        self.templates.iter().find(|t| t.id == id)
    }

    pub fn template_ids(&self) -> Vec<&str> {
        self.templates.iter().map(|t| t.id.as_str()).collect()
    }

    pub fn rule(&self, code: &str) -> Option<&RuleDoc> {
        self.rules.iter().find(|r| r.code == code)
    }

    pub fn default_severity(&self, code: &str) -> Severity {
        self.rule(code)
            .and_then(|r| Severity::parse(&r.severity))
            .unwrap_or(Severity::Error)
    }

    pub fn category(&self, key: &str) -> Option<&Category> {
        self.statute.categories.iter().find(|c| c.key == key)
    }

    pub fn provision(&self, key: &str) -> Option<&Provision> {
        self.statute.provisions.iter().find(|p| p.key == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knowledge_base_loads_and_is_consistent() {
        let k = Knowledge::load().expect("knowledge base parses");
        for template in &k.templates {
            for table in &template.tables {
                let row_ids: Vec<&str> = table.rows.iter().map(|r| r.id.as_str()).collect();
                let col_ids: Vec<&str> = table.columns.iter().map(|c| c.id.as_str()).collect();
                for row in &table.rows {
                    if let Some(parent) = &row.parent {
                        assert!(
                            row_ids.contains(&parent.as_str()),
                            "{} {}: parent {parent}",
                            template.id,
                            row.id
                        );
                    }
                }
                let keys = table
                    .statute
                    .iter()
                    .chain(table.rows.iter().filter_map(|r| r.statute.as_ref()))
                    .chain(table.columns.iter().filter_map(|c| c.statute.as_ref()));
                for key in keys {
                    assert!(
                        k.category(key).is_some(),
                        "{}: statute category {key} missing",
                        template.id
                    );
                }
                assert!(template.sections.iter().any(|s| s.id == table.section));
                let _ = col_ids;
            }
            for rel in &template.relations {
                let table = template
                    .tables
                    .iter()
                    .find(|t| t.id == rel.table)
                    .expect("relation table exists");
                let (targets, others): (Vec<&str>, Vec<&str>) = match rel.over {
                    template::Over::Columns => (
                        table.rows.iter().map(|r| r.id.as_str()).collect(),
                        table.columns.iter().map(|c| c.id.as_str()).collect(),
                    ),
                    template::Over::Rows => (
                        table.columns.iter().map(|c| c.id.as_str()).collect(),
                        table.rows.iter().map(|r| r.id.as_str()).collect(),
                    ),
                };
                for id in std::iter::once(&rel.target)
                    .chain(&rel.plus)
                    .chain(&rel.minus)
                {
                    assert!(
                        targets.contains(&id.as_str()),
                        "{} {}: unknown id {id}",
                        template.id,
                        rel.id
                    );
                }
                for id in &rel.only {
                    assert!(
                        others.contains(&id.as_str()),
                        "{} {}: unknown id {id}",
                        template.id,
                        rel.id
                    );
                }
                assert!(
                    k.rule(&rel.code).is_some(),
                    "rule {} undocumented",
                    rel.code
                );
            }
        }
        for claim in &k.prose.claims {
            assert!(
                regex::Regex::new(&claim.pattern).is_ok(),
                "prose pattern {} does not compile",
                claim.pattern
            );
            assert!(
                k.rule(&claim.code).is_some(),
                "prose code {} undocumented",
                claim.code
            );
            for cell in claim.readings.iter().flatten() {
                let parts: Vec<&str> = cell.split('.').collect();
                assert_eq!(
                    parts.len(),
                    3,
                    "prose reading {cell} is not TABLE.ROW.COLUMN"
                );
                let known = k.templates.iter().any(|t| {
                    t.tables.iter().any(|tb| {
                        tb.id == parts[0]
                            && tb.columns.iter().any(|c| c.id == parts[2])
                            && tb
                                .rows
                                .iter()
                                .any(|r| r.id == parts[1].trim_end_matches(['*', '_']))
                    })
                });
                assert!(known, "prose reading {cell} names no cell of any template");
            }
        }
        for category in &k.statute.categories {
            for key in &category.rests_on {
                assert!(
                    k.provision(key).is_some(),
                    "category {}: provision {key} missing",
                    category.key
                );
            }
        }
    }
}
