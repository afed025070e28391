//! Cross-year warnings in the editor (NB401/NB402): a report is compared with every report the
//! server knows of the same organ for the year before — open documents as the editor holds
//! them, other workspace files as they are on disk — with the core's `cross_year::check`, the
//! function `nianbao check DIR` and `nianbao audit` use. The warnings sit on this year's cells;
//! `relatedInformation` points at the compared cell of last year's file.

use crate::convert::{Lines, SOURCE};
use crate::reports::{Checked, Key};
use crate::rule_docs::RuleDocs;
use nianbao_core::cross_year::{self, YearReport};
use nianbao_core::text::Encoding;
use nianbao_core::Lang;
use std::hash::{Hash, Hasher};
use std::sync::Arc;
use tower_lsp_server::ls_types::*;

/// A report another may be compared with.
#[derive(Clone)]
pub struct Source {
    pub uri: Uri,
    /// How messages name it: its path in the workspace folder, or its file name.
    pub name: String,
    pub checked: Arc<dyn Checked>,
    /// The version of an open document; `None` for a file on disk.
    pub version: Option<i32>,
}

/// The key of the report a report with `key` is compared with.
pub fn last_year(key: &Key) -> Key {
    (key.0.clone(), key.1 - 1)
}

pub fn next_year(key: &Key) -> Key {
    (key.0.clone(), key.1 + 1)
}

/// The cross-year diagnostics of `this` against every source of its previous year (the caller
/// passes those), with the severities of `this`'s configuration.
pub fn diagnostics(
    uri: &Uri,
    this: &dyn Checked,
    last_years: &[Source],
    encoding: Encoding,
    docs: &RuleDocs,
) -> Vec<Diagnostic> {
    let config = this.config();
    let lines = Lines {
        text: this.text(),
        index: this.index(),
        encoding,
    };
    let this_year = YearReport {
        name: "",
        text: this.text(),
        report: this.report(),
    };
    let mut out = Vec::new();
    for last in last_years.iter().filter(|s| &s.uri != uri) {
        let last_year = YearReport {
            name: &last.name,
            text: last.checked.text(),
            report: last.checked.report(),
        };
        let last_lines = Lines {
            text: last.checked.text(),
            index: last.checked.index(),
            encoding,
        };
        for found in cross_year::check(last_year, this_year, config.lang) {
            // The configuration may turn a code off or change its severity, as for any finding.
            let Some(finding) = config.apply(vec![found.finding]).pop() else {
                continue;
            };
            let figure = last
                .checked
                .text()
                .get(found.last_range.clone())
                .unwrap_or_default()
                .trim();
            let message = match config.lang {
                Lang::Zh => format!("上年报告（{}）中的对应数字：{figure}", last.name),
                Lang::En => format!("the figure in last year's report ({}): {figure}", last.name),
            };
            out.push(Diagnostic {
                range: lines.range(&finding.range),
                severity: Some(crate::convert::severity(finding.severity)),
                code: Some(NumberOrString::String(finding.code.to_string())),
                code_description: docs.href(finding.code).map(|href| CodeDescription { href }),
                source: Some(SOURCE.to_string()),
                message: finding.message,
                related_information: Some(vec![DiagnosticRelatedInformation {
                    location: Location::new(last.uri.clone(), last_lines.range(&found.last_range)),
                    message,
                }]),
                tags: None,
                data: None,
            });
        }
    }
    out
}

/// A digest of cross-year diagnostics, so that a report is published (or reported to a pulling
/// client) again only when they change.
pub fn digest(diagnostics: &[Diagnostic]) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    serde_json::to_string(diagnostics)
        .unwrap_or_default()
        .hash(&mut hasher);
    hasher.finish()
}
