//! Incremental analysis: each analysis of a document reuses the work of the one before it, and
//! equals a fresh [`crate::analyze`] of the same text.
//!
//! A keystroke changes one table of a report that may have a thousand, while lifting tables
//! out of the tree and binding them to the template is nearly all of an analysis. So a [`Memo`]
//! remembers, per table, what depends on that table alone:
//!
//! - its lifted syntax, by tree-sitter node id. A node that an incremental parse reuses keeps
//!   its id, and the memo keeps the tree it remembers alive while it looks ids up, so no new
//!   node can have the address of a remembered one: an id found is that very node.
//! - its template cues and its binding, found through its first node, and taken only if the
//!   table's text and its shape (every span, measured from the table's start) are as they were,
//!   and the binding's template and block heading too — binding reads nothing else.
//!
//! Remembered work is moved to where its table now starts. The rest of the report (headings,
//! sections, prose) and the checks are computed afresh each time.

mod shift;

use crate::check;
use crate::config::Config;
use crate::model::{self, Binding, Cues, Report, TableWork};
use crate::syntax::{self, TableSyntax};
use crate::Analysis;
use shift::{same_shape, Shift};
use std::collections::HashMap;
use tree_sitter::Tree;

/// What an analysis of a document leaves for the next one. One per document.
#[derive(Default)]
pub struct Memo {
    /// The tree the remembered node ids belong to.
    tree: Option<Tree>,
    /// Lifted tables by node id.
    lifted: HashMap<usize, TableSyntax>,
    /// Per-table work by the id of the table's first node.
    tables: HashMap<usize, Table>,
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
}

struct Table {
    /// The table's text and syntax when the work below was done (moved along since).
    text: Box<str>,
    syntax: TableSyntax,
    cues: Option<Cues>,
    /// The template and block heading it was bound under.
    binding: Option<(usize, Option<usize>, Binding)>,
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
        let mut lifted = HashMap::with_capacity(self.lifted.len());
        let mut reused = Reused::default();
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
        let mut work = Reuse {
            nodes: &nodes,
            old: &mut self.tables,
            new: HashMap::new(),
            bound: 0,
        };
        let report = Report::build_with(text, blocks, config.template.as_deref(), &mut work);
        reused.bound = work.bound;
        reused.tables = report.tables.len();
        self.reused = reused;
        self.tables = work.new;
        self.lifted = lifted;
        self.tree = Some(tree.clone());
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
}

/// The [`TableWork`] of one incremental analysis: remembered work moves from `old` to `new`.
struct Reuse<'m> {
    nodes: &'m [(usize, usize)],
    old: &'m mut HashMap<usize, Table>,
    new: HashMap<usize, Table>,
    bound: usize,
}

impl Reuse<'_> {
    /// The remembered work of `table`, emptied if it no longer applies.
    fn table(&mut self, text: &str, table: &TableSyntax) -> Option<&mut Table> {
        let start = table.range.start;
        let at = self.nodes.binary_search_by_key(&start, |(s, _)| *s).ok()?;
        let id = self.nodes[at].1;
        if !self.new.contains_key(&id) {
            let written = &text[table.range.clone()];
            let entry = match self.old.remove(&id) {
                Some(mut old) if &*old.text == written && same_shape(&old.syntax, table) => {
                    let by = start as isize - old.syntax.range.start as isize;
                    if by != 0 {
                        old.syntax.shift(by);
                        if let Some((_, _, binding)) = &mut old.binding {
                            binding.shift(by);
                        }
                    }
                    old
                }
                _ => Table {
                    text: written.into(),
                    syntax: table.clone(),
                    cues: None,
                    binding: None,
                },
            };
            self.new.insert(id, entry);
        }
        self.new.get_mut(&id)
    }
}

impl TableWork for Reuse<'_> {
    fn cues(&mut self, text: &str, table: &TableSyntax) -> Cues {
        let Some(entry) = self.table(text, table) else {
            return model::table_cues(text, table);
        };
        entry
            .cues
            .get_or_insert_with(|| model::table_cues(text, table))
            .clone()
    }

    fn bind(
        &mut self,
        text: &str,
        table: &TableSyntax,
        template_no: usize,
        block_table: Option<usize>,
    ) -> Binding {
        let Some(entry) = self.table(text, table) else {
            return model::bind(text, table, template_no, block_table);
        };
        if let Some((t, b, binding)) = &entry.binding {
            if *t == template_no && *b == block_table {
                let binding = binding.clone();
                self.bound += 1;
                return binding;
            }
        }
        let binding = model::bind(text, table, template_no, block_table);
        entry.binding = Some((template_no, block_table, binding.clone()));
        binding
    }
}
