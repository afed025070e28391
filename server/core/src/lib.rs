//! nianbao-core: the pure checking library of nianbao. Text in, findings and edits out — no
//! I/O, no async, no editor types (the compiler enforces it: none are dependencies).
//!
//! The pipeline: [`syntax`] (the tree-sitter grammar) → [`model`] (blocks bound to the
//! [`knowledge`] base's template) → [`check`] (findings with [`fix`] edits). See ARCHITECTURE.md.

#[cfg(feature = "mimalloc")]
pub mod allocator;
pub mod check;
pub mod config;
pub mod cross_year;
pub mod edit;
pub mod explain;
mod fast_hash;
pub mod finding;
pub mod fix;
pub mod format;
pub mod ide;
pub mod incremental;
pub mod knowledge;
pub mod model;
pub mod normalize;
pub mod skeleton;
pub mod syntax;
#[cfg(test)]
mod test_rng;
pub mod text;
pub mod value;

pub use config::{Config, Lang};
pub use finding::{Edit, Finding, Fix, Severity};
pub use model::Report;
pub use tree_sitter::{InputEdit, Point, Tree};

/// A checked document: its tree, its model and its findings.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub tree: Tree,
    pub report: Report,
    pub findings: Vec<Finding>,
}

/// Parses and checks `text`.
pub fn analyze(text: &str, config: &Config) -> Analysis {
    analyze_tree(text, syntax::parse(text, None), config)
}

/// Checks `text` whose tree the caller already has (the language server reparses incrementally).
pub fn analyze_tree(text: &str, tree: Tree, config: &Config) -> Analysis {
    let report = Report::build(
        text,
        syntax::blocks(&tree, text),
        config.template.as_deref(),
    );
    let ctx = check::Ctx {
        text,
        report: &report,
        lang: config.lang,
    };
    let findings = config.apply(check::check(&ctx));
    Analysis {
        tree,
        report,
        findings,
    }
}
