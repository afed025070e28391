//! Incremental analysis: each analysis of a document reuses the work of the one before it, and
//! equals a fresh [`crate::analyze`] of the same text.
//!
//! A keystroke changes one table of a report that may have a thousand, while lifting tables
//! out of the tree, binding them to the template and checking them is nearly all of an
//! analysis. So a [`Memo`] remembers, per table, what depends on that table alone:
//!
//! - its lifted syntax, by tree-sitter node id. A node that an incremental parse reuses keeps
//!   its id, and the memo keeps the tree it remembers alive while it looks ids up, so no new
//!   node can have the address of a remembered one: an id found is that very node, with the
//!   text and shape (every span, measured from the table's start) it had.
//! - its template cues, its binding and its findings, found through its first node, and taken
//!   only if the table is the same: the lifting of that very node again, or, for a table joined
//!   from several nodes (a row that lost its pipe), the same text and shape. And so must be all
//!   else they read: for the binding, the template and the block heading's table; for the
//!   findings, also where the table stands (its placement: first of its kind or not, section,
//!   block heading, language).
//!
//! And per stretch of prose, its findings, by its text, while the tables prose is compared with
//! are unchanged or only moved; and what each heading is, by its text. Remembered work is moved
//! to where its table or stretch now starts. The rest (sections, the report's own structure) is
//! computed afresh each time: it is small.
//!
//! The memo does not copy what it remembers of a table: it shares it (`Arc`) with the report of
//! the last analysis, so a table that neither changed nor moved is in both reports at no cost,
//! and one that moved is copied once, at its new offset (see `shift`).

mod prose;
mod shift;
mod tables;

use crate::check::{self, CheckWork, Ctx};
use crate::config::Config;
use crate::finding::Finding;
use crate::model::Report;
use crate::syntax;
use crate::Analysis;
use tree_sitter::Tree;

/// What an analysis of a document leaves for the next one. One per document.
#[derive(Default)]
pub struct Memo {
    /// The tree the remembered node ids belong to.
    tree: Option<Tree>,
    tables: tables::Memo,
    prose: prose::Memo,
    reused: Reused,
}

/// How much of the last analysis was reused (for logs and tests).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reused {
    pub tables: usize,
    /// Tables whose lifted syntax was remembered.
    pub lifted: usize,
    /// Tables whose binding was remembered.
    pub bound: usize,
    /// Tables whose findings were remembered.
    pub checked: usize,
    pub prose: usize,
    /// Stretches of prose whose findings were remembered.
    pub prose_checked: usize,
}

impl Memo {
    pub fn new() -> Memo {
        Memo::default()
    }

    pub fn reused(&self) -> Reused {
        self.reused
    }

    /// Analyses `text`, whose tree is `tree` (parsed incrementally or not), reusing what this
    /// memo remembers of earlier analyses of the document.
    pub fn analyze(&mut self, text: &str, tree: Tree, config: &Config) -> Analysis {
        let mut tables = self.tables.start();
        let expected = tables.blocks;
        let blocks = syntax::blocks_with(&tree, expected, &mut |node| tables.lift(node, text));
        let report = Report::build_with(text, blocks, config.template.as_deref(), &mut tables);
        let ctx = Ctx {
            text,
            report: &report,
            lang: config.lang,
        };
        let mut work = Work {
            tables,
            prose: self.prose.start(&ctx),
        };
        let findings = config.apply(check::check_with(&ctx, &mut work));
        self.reused = Reused {
            tables: report.tables.len(),
            lifted: work.tables.lifted,
            bound: work.tables.bound,
            checked: work.tables.checked,
            prose: report.prose.len(),
            prose_checked: work.prose.reused,
        };
        self.tables = work.tables.finish(&report);
        self.prose = work.prose.finish();
        // Only now: the old tree kept the remembered ids from being any new node's.
        self.tree = Some(tree.clone());
        Analysis {
            tree,
            report,
            findings,
        }
    }
}

/// The checks' remembered work during one analysis.
struct Work {
    tables: tables::Reuse,
    prose: prose::Reuse,
}

impl CheckWork for Work {
    fn table(&mut self, ctx: &Ctx, table_no: usize, first: bool) -> Vec<Finding> {
        self.tables.findings(ctx, table_no, first)
    }

    fn prose(&mut self, ctx: &Ctx, prose_no: usize) -> Vec<Finding> {
        self.prose.findings(ctx, prose_no)
    }
}
