//! nianbao-bench: a deterministic corpus of synthetic reports and the scoring of the checker's
//! findings against the errors injected into it. The `nianbao-bench` binary uses both to print
//! throughput beside its floors (reading, parsing) and recall/precision; the property tests
//! use the generator for realistic inputs.

pub mod generate;
pub mod prose;
pub mod rng;
pub mod score;
pub mod values;

use nianbao_core::{analyze, Config};
use std::collections::BTreeMap;

pub use generate::{generate, Expected, Generated, Kind, Options};

/// Every value cell of the report's template tables, as written (blank ones too):
/// `"B/new/natural"` → `"121"`. How the benches and the tests compare a report's figures with
/// another's (an import with the example it was made from).
pub fn cells(text: &str) -> BTreeMap<String, String> {
    let analysis = analyze(text, &Config::default());
    let report = &analysis.report;
    let mut out = BTreeMap::new();
    for table in &report.tables {
        let Some(spec) = report.table_spec(table) else {
            continue;
        };
        for row in table.rows.iter().filter(|r| !r.duplicate) {
            let Some(r) = row.spec else { continue };
            for cell in &row.cells {
                let Some(c) = table.columns[cell.column].spec else {
                    continue;
                };
                out.insert(
                    format!("{}/{}/{}", spec.id, spec.rows[r].id, spec.columns[c].id),
                    text[cell.range.clone()].trim().to_string(),
                );
            }
        }
    }
    out
}
