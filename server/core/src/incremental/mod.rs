//! Incremental analysis: each analysis of a document reuses the work of the one before it, and
//! equals a fresh [`crate::analyze`] of the same text.
//!
//! A keystroke changes one table of a report that may have a thousand, while lifting tables
//! out of the tree, binding them to the template and checking them is nearly all of an
//! analysis. So a [`Memo`] remembers, per table, what depends on that table alone:
//!
//! - its lifted syntax, by tree-sitter node id. A node that an incremental parse reuses keeps
//!   its id, and the memo keeps the tree it remembers alive while it looks ids up, so no new
//!   node can have the address of a remembered one: an id found is that very node.
//! - its template cues, its binding and its findings, found through its first node, and taken
//!   only if the table's text and its shape (every span, measured from the table's start) are
//!   as they were, and so is all else they read: for the binding, the template and the block
//!   heading's table; for the findings, also where the table stands (its placement: first of
//!   its kind or not, section, block heading, language).
//!
//! And per stretch of prose, its findings, by its text, while the tables prose is compared with
//! are unchanged or only moved; and what each heading is, by its text. Remembered work is moved
//! to where its table or stretch now starts. The rest (sections, the report's own structure) is
//! computed afresh each time: it is small.

mod prose;
mod shift;
mod tables;

use crate::check::{self, CheckWork, Ctx};
use crate::config::Config;
use crate::finding::Finding;
use crate::model::Report;
use crate::syntax::{self, TableSyntax};
use crate::Analysis;
use shift::Shift;
use std::collections::HashMap;
use tree_sitter::Tree;

/// What an analysis of a document leaves for the next one. One per document.
#[derive(Default)]
pub struct Memo {
    /// The tree the remembered node ids belong to.
    tree: Option<Tree>,
    /// Lifted tables by node id.
    lifted: HashMap<usize, TableSyntax>,
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
        let mut reused = Reused::default();
        let mut lifted = HashMap::with_capacity(self.lifted.len());
        // Each table node's start and id, in document order.
        let mut nodes: Vec<(usize, usize)> = Vec::new();
        let blocks = syntax::blocks_with(&tree, &mut |node| {
            let (id, start) = (node.id(), node.start_byte());
            nodes.push((start, id));
            let mut table = match self.lifted.remove(&id) {
                Some(old) if old.range.len() == node.byte_range().len() => {
                    reused.lifted += 1;
                    old
                }
                _ => syntax::table(node),
            };
            table.shift(start as isize - table.range.start as isize);
            let out = table.clone();
            lifted.insert(id, table);
            out
        });
        let mut tables = self.tables.start(&nodes);
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
        (reused.bound, reused.checked) = (work.tables.bound, work.tables.checked);
        (reused.prose, reused.prose_checked) = (report.prose.len(), work.prose.reused);
        reused.tables = report.tables.len();
        self.tables = work.tables.finish();
        self.prose = work.prose.finish();
        self.lifted = lifted;
        self.tree = Some(tree.clone());
        self.reused = reused;
        Analysis {
            tree,
            report,
            findings,
        }
    }
}

/// The checks' remembered work during one analysis.
struct Work<'m> {
    tables: tables::Reuse<'m>,
    prose: prose::Reuse,
}

impl CheckWork for Work<'_> {
    fn table(&mut self, ctx: &Ctx, table_no: usize, first: bool) -> Vec<Finding> {
        self.tables.findings(ctx, table_no, first)
    }

    fn prose(&mut self, ctx: &Ctx, prose_no: usize) -> Vec<Finding> {
        self.prose.findings(ctx, prose_no)
    }
}
