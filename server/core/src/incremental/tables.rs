//! The per-table part of the memo: each table's template cues, binding and findings, found by
//! the id of the table's first node and checked against the table as it is now.

use super::shift::{same_shape, Shift};
use crate::check::{self, Ctx};
use crate::config::Lang;
use crate::finding::Finding;
use crate::model::{self, Binding, Cues, HeadingRole, TableWork};
use crate::syntax::TableSyntax;
use std::collections::HashMap;

#[derive(Default)]
pub(super) struct Memo {
    /// By the id of the table's first node.
    entries: HashMap<usize, Table>,
    /// Headings by their text, with the template they were read under.
    headings: Headings,
}

type Headings = HashMap<Box<str>, (usize, HeadingRole)>;

struct Table {
    /// The table's text and syntax; everything below is at the offsets of this syntax.
    text: Box<str>,
    syntax: TableSyntax,
    cues: Option<Cues>,
    /// The template and the block heading's table it was bound under.
    binding: Option<(usize, Option<usize>, Binding)>,
    /// Found with `binding`, standing where `Placement` says.
    findings: Option<(Placement, Vec<Finding>)>,
}

/// What a table's findings read beyond the table and its binding.
#[derive(Debug, PartialEq, Eq)]
struct Placement {
    /// Whether it is the first table bound to its template table (a later one is a duplicate).
    first: bool,
    /// The template section it stands in (an unrecognised table is allowed in some).
    section: Option<usize>,
    /// Its block heading, whose spelling is checked: where it starts, from the table's start,
    /// and its text.
    heading: Option<(isize, Box<str>)>,
    lang: Lang,
}

impl Placement {
    fn of(ctx: &Ctx, table_no: usize, first: bool) -> Placement {
        let table = &ctx.report.tables[table_no];
        Placement {
            first,
            section: table.section.map(|s| ctx.report.sections[s].spec),
            heading: table.block_heading.as_ref().map(|h| {
                let from = h.start as isize - table.syntax.range.start as isize;
                (from, ctx.text[h.clone()].into())
            }),
            lang: ctx.lang,
        }
    }
}

impl Memo {
    /// Starts an analysis whose tree has table nodes `nodes` (`(start, id)`, in order).
    pub(super) fn start<'n>(&mut self, nodes: &'n [(usize, usize)]) -> Reuse<'n> {
        Reuse {
            nodes,
            old: std::mem::take(&mut self.entries),
            new: HashMap::new(),
            old_headings: std::mem::take(&mut self.headings),
            headings: HashMap::new(),
            order: Vec::new(),
            bound: 0,
            checked: 0,
        }
    }
}

/// One analysis's use of the memo: what still applies moves from `old` to `new`.
pub(super) struct Reuse<'n> {
    nodes: &'n [(usize, usize)],
    old: HashMap<usize, Table>,
    new: HashMap<usize, Table>,
    old_headings: Headings,
    headings: Headings,
    /// The entry of each bound table, in report order.
    order: Vec<Option<usize>>,
    /// How many bindings and tables' findings were remembered.
    pub bound: usize,
    pub checked: usize,
}

impl Reuse<'_> {
    pub(super) fn finish(self) -> Memo {
        Memo {
            entries: self.new,
            headings: self.headings,
        }
    }

    /// `table`'s entry and its id; emptied first if it no longer applies.
    fn entry(&mut self, text: &str, table: &TableSyntax) -> Option<(usize, &mut Table)> {
        let start = table.range.start;
        let at = self.nodes.binary_search_by_key(&start, |(s, _)| *s).ok()?;
        let id = self.nodes[at].1;
        if self.new.contains_key(&id) {
            return self.new.get_mut(&id).map(|entry| (id, entry));
        }
        let written = &text[table.range.clone()];
        let entry = match self.old.remove(&id) {
            Some(mut old) if &*old.text == written && same_shape(&old.syntax, table) => {
                let by = start as isize - old.syntax.range.start as isize;
                if by != 0 {
                    old.syntax.shift(by);
                    if let Some((_, _, binding)) = &mut old.binding {
                        binding.shift(by);
                    }
                    if let Some((_, findings)) = &mut old.findings {
                        findings.shift(by);
                    }
                }
                old
            }
            _ => Table {
                text: written.into(),
                syntax: table.clone(),
                cues: None,
                binding: None,
                findings: None,
            },
        };
        Some((id, self.new.entry(id).or_insert(entry)))
    }

    /// [`check::table`], remembered.
    pub(super) fn findings(&mut self, ctx: &Ctx, table_no: usize, first: bool) -> Vec<Finding> {
        let entry = self.order.get(table_no).copied().flatten();
        let Some(entry) = entry.and_then(|id| self.new.get_mut(&id)) else {
            return check::table(ctx, table_no, first);
        };
        let placement = Placement::of(ctx, table_no, first);
        if let Some((p, findings)) = &entry.findings {
            if *p == placement {
                self.checked += 1;
                return findings.clone();
            }
        }
        let findings = check::table(ctx, table_no, first);
        entry.findings = Some((placement, findings.clone()));
        findings
    }
}

impl TableWork for Reuse<'_> {
    fn heading(&mut self, written: &str, template_no: usize) -> HeadingRole {
        if let Some((t, role)) = self.headings.get(written) {
            if *t == template_no {
                return *role;
            }
        }
        let role = match self.old_headings.remove(written) {
            Some((t, role)) if t == template_no => role,
            _ => model::heading_role(written, template_no),
        };
        self.headings.insert(written.into(), (template_no, role));
        role
    }

    fn cues(&mut self, text: &str, table: &TableSyntax) -> Cues {
        let Some((_, entry)) = self.entry(text, table) else {
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
        let Some((id, entry)) = self.entry(text, table) else {
            self.order.push(None);
            return model::bind(text, table, template_no, block_table);
        };
        let remembered = match &entry.binding {
            Some((t, b, binding)) if *t == template_no && *b == block_table => {
                Some(binding.clone())
            }
            _ => None,
        };
        let binding = match remembered {
            Some(binding) => {
                self.bound += 1;
                binding
            }
            None => {
                let binding = model::bind(text, table, template_no, block_table);
                entry.binding = Some((template_no, block_table, binding.clone()));
                entry.findings = None;
                binding
            }
        };
        self.order.push(Some(id));
        binding
    }
}
