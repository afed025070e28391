//! The per-node part of the memo: for each block node of the last tree, by node id, its lifted
//! block, and for a table node what was worked out for the report table it begins (template
//! cues, binding, findings).
//!
//! What is remembered is shared with the last analysis's report (`Arc`), not copied: a table
//! that neither changed nor moved goes into the next report as it is, and one that moved is
//! copied once, at its new offset, for the report and the memo alike.

use super::shift::{moved_block, moved_table, same_shape, Moved};
use crate::check::{self, Ctx};
use crate::config::Lang;
use crate::fast_hash::FastMap;
use crate::finding::Finding;
use crate::model::{self, Binding, BoundTable, Cues, HeadingRole, Report, TableHint, TableWork};
use crate::syntax::{self, Block, Span, TableSyntax};
use std::sync::Arc;
use tree_sitter::Node;

#[derive(Default)]
pub(super) struct Memo {
    /// By node id.
    entries: FastMap<usize, Entry>,
    /// Headings by their text, with the template they were read under.
    headings: Headings,
}

type Headings = FastMap<Box<str>, (usize, HeadingRole)>;

/// One block node.
struct Entry {
    /// The node's kind: one subtree can be seen as another kind of node where an alias names
    /// it otherwise.
    kind: u16,
    /// The node lifted, at its offset in the last analysis (a table shared with that report).
    block: Block,
    /// For a table node, what was worked out for the report table it begins.
    work: Option<Box<Work>>,
    /// Whether the node is in the tree of the analysis under way (the others are forgotten
    /// when it ends).
    seen: bool,
}

/// What was worked out for one report table.
struct Work {
    /// The table it was worked out for, at the offsets of the last analysis that used it: the
    /// node's lifting, or that joined with the stray lines and tables after it.
    syntax: Arc<TableSyntax>,
    /// That table's text, when it was joined from several nodes. One node's id pins down its
    /// text and shape (below); the text between several nodes is not theirs.
    joined: Option<Box<str>>,
    cues: Option<Cues>,
    binding: Option<Bound>,
    /// Found with `binding`, standing where `Placement` says; ranges counted from the table's
    /// start, so that they need no moving while they wait.
    findings: Option<(Placement, Vec<Finding>)>,
}

/// A binding, the template and the block heading's table it was made under, and the table as
/// the report placed it. While an analysis is under way the table is the report's (`None`): the
/// memo holding it too would make placing it copy it.
struct Bound {
    template_no: usize,
    hint: TableHint,
    legacy: Option<Span>,
    table: Option<Arc<BoundTable>>,
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

    /// Whether table `table_no` stands here (`of` without its copy of the heading).
    fn holds(&self, ctx: &Ctx, table_no: usize, first: bool) -> bool {
        let table = &ctx.report.tables[table_no];
        let heading = match (&self.heading, &table.block_heading) {
            (Some((from, written)), Some(h)) => {
                *from == h.start as isize - table.syntax.range.start as isize
                    && **written == ctx.text[h.clone()]
            }
            (None, None) => true,
            _ => false,
        };
        self.first == first
            && self.lang == ctx.lang
            && self.section == table.section.map(|s| ctx.report.sections[s].spec)
            && heading
    }
}

impl Work {
    fn new(text: &str, table: &Arc<TableSyntax>) -> Work {
        Work {
            syntax: table.clone(),
            joined: (!table.stray.is_empty() || !table.breaks.is_empty())
                .then(|| text[table.range.clone()].into()),
            cues: None,
            binding: None,
            findings: None,
        }
    }

    /// Moves what was worked out to `table`, the same table, perhaps elsewhere.
    fn move_to(&mut self, table: &Arc<TableSyntax>) {
        let by = table.range.start as isize - self.syntax.range.start as isize;
        if by != 0 {
            if let Some(bound) = &mut self.binding {
                bound.legacy = bound.legacy.moved(by);
                bound.table = bound
                    .table
                    .as_ref()
                    .map(|was| Arc::new(moved_table(was, table.clone(), by)));
            }
        }
        self.syntax = table.clone();
    }
}

impl Memo {
    pub(super) fn start(&mut self) -> Reuse {
        let entries = std::mem::take(&mut self.entries);
        Reuse {
            blocks: entries.len(),
            entries,
            nodes: Vec::new(),
            old_headings: std::mem::take(&mut self.headings),
            headings: FastMap::default(),
            order: Vec::new(),
            lifted: 0,
            bound: 0,
            checked: 0,
        }
    }
}

/// One analysis's use of the memo.
pub(super) struct Reuse {
    /// The last tree's nodes, and the nodes of this one's as they are lifted. (No node of this
    /// tree can have the id of one of the last tree that it is not: `lift`.)
    entries: FastMap<usize, Entry>,
    /// Each table node's start and id, in document order.
    nodes: Vec<(usize, usize)>,
    /// How many blocks the last analysis lifted (to size the list).
    pub blocks: usize,
    old_headings: Headings,
    headings: Headings,
    /// For each table of the report, the id of the node it begins and its binding's keys, to
    /// be remembered with the table as the report placed it (`None`: no node begins it, which
    /// does not happen, but is not worth a panic).
    order: Vec<Option<(usize, Bound)>>,
    /// How many tables' lifted syntax, bindings and findings were remembered.
    pub lifted: usize,
    pub bound: usize,
    pub checked: usize,
}

impl Reuse {
    /// The tables of `report`, which this analysis built, are remembered as it placed them.
    pub(super) fn finish(mut self, report: &Report) -> Memo {
        for (table, order) in report.tables.iter().zip(self.order) {
            let Some((id, mut bound)) = order else {
                continue;
            };
            if let Some(work) = self.entries.get_mut(&id).and_then(|e| e.work.as_mut()) {
                bound.table = Some(table.clone());
                work.binding = Some(bound);
            }
        }
        self.entries
            .retain(|_, entry| std::mem::take(&mut entry.seen));
        Memo {
            entries: self.entries,
            headings: self.headings,
        }
    }

    /// The block `node` is ([`syntax::block`]), or its remembered lifting moved to where it
    /// is now.
    pub(super) fn lift(&mut self, node: Node, text: &str) -> Option<Block> {
        let (id, start) = (node.id(), node.start_byte());
        let remembered = self.entries.get_mut(&id).filter(|entry| {
            // The very node lifted last time: the memo keeps the tree it was lifted from alive,
            // so no new node has its address, and a node an incremental parse reuses is not
            // changed. Its text and shape are as they were; it may have moved.
            !entry.seen
                && entry.kind == node.kind_id()
                && entry.block.range().len() == node.byte_range().len()
        });
        let entry = match remembered {
            Some(entry) => {
                entry.block = moved_block(&entry.block, start);
                self.lifted += usize::from(matches!(entry.block, Block::Table(_)));
                entry
            }
            None => {
                let block = syntax::block(node, text)?;
                let fresh = Entry {
                    kind: node.kind_id(),
                    block,
                    work: None,
                    seen: false,
                };
                self.entries.entry(id).insert_entry(fresh).into_mut()
            }
        };
        entry.seen = true;
        if let Block::Table(_) = entry.block {
            self.nodes.push((start, id));
        }
        Some(entry.block.clone())
    }

    /// The id of the first table node inside `table` and what was worked out for `table`: what
    /// was remembered, moved to `table`, if it was worked out for the same table, else nothing
    /// yet — or, unless `evict`, `None` when what is remembered there is another table's (the
    /// cues of a converter's piece of a table must not drop the binding of the table it is
    /// joined into, `model::pieces`).
    fn work(
        &mut self,
        text: &str,
        table: &Arc<TableSyntax>,
        evict: bool,
    ) -> Option<(usize, &mut Work)> {
        // The first table node inside the table: one a converter printed as several begins
        // with the heading above its first piece (`model::pieces`).
        let at = self.nodes.partition_point(|(s, _)| *s < table.range.start);
        let &(start, id) = self.nodes.get(at)?;
        if start >= table.range.end {
            return None;
        }
        let entry = self.entries.get_mut(&id)?;
        let lifting = match &entry.block {
            Block::Table(lifting) => lifting,
            _ => return None,
        };
        let same = entry.work.as_ref().is_some_and(|work| {
            // Already moved to it in this analysis, or it did not move.
            Arc::ptr_eq(&work.syntax, table)
                || match &work.joined {
                    // Worked out for the node's lifting alone, and `table` is that lifting: the
                    // same node (`lift`), so the same table.
                    None => Arc::ptr_eq(lifting, table),
                    Some(written) => {
                        **written == text[table.range.clone()] && same_shape(&work.syntax, table)
                    }
                }
        });
        match &mut entry.work {
            Some(work) if same => work.move_to(table),
            Some(_) if !evict => return None,
            work => *work = Some(Box::new(Work::new(text, table))),
        }
        entry.work.as_mut().map(|work| (id, &mut **work))
    }

    /// [`check::table`], remembered.
    pub(super) fn findings(&mut self, ctx: &Ctx, table_no: usize, first: bool) -> Vec<Finding> {
        let id = self
            .order
            .get(table_no)
            .and_then(|o| o.as_ref())
            .map(|o| o.0);
        let Some(work) = id
            .and_then(|id| self.entries.get_mut(&id))
            .and_then(|e| e.work.as_mut())
        else {
            return check::table(ctx, table_no, first);
        };
        let start = ctx.report.tables[table_no].syntax.range.start as isize;
        if let Some((placement, findings)) = &work.findings {
            if placement.holds(ctx, table_no, first) {
                self.checked += 1;
                return findings.moved(start);
            }
        }
        let findings = check::table(ctx, table_no, first);
        work.findings = Some((Placement::of(ctx, table_no, first), findings.moved(-start)));
        findings
    }
}

impl TableWork for Reuse {
    fn heading(&mut self, written: &str, template_no: usize) -> HeadingRole {
        if let Some((t, role)) = self.headings.get(written) {
            if *t == template_no {
                return *role;
            }
        }
        let (key, role) = match self.old_headings.remove_entry(written) {
            Some((key, (t, role))) if t == template_no => (key, role),
            _ => (written.into(), model::heading_role(written, template_no)),
        };
        self.headings.insert(key, (template_no, role));
        role
    }

    fn cues(&mut self, text: &str, table: &Arc<TableSyntax>) -> Cues {
        let Some((_, work)) = self.work(text, table, false) else {
            return model::table_cues(text, table);
        };
        work.cues
            .get_or_insert_with(|| model::table_cues(text, table))
            .clone()
    }

    fn bind(
        &mut self,
        text: &str,
        table: &Arc<TableSyntax>,
        template_no: usize,
        hint: TableHint,
    ) -> Binding {
        let Some((id, work)) = self.work(text, table, true) else {
            self.order.push(None);
            return model::bind(text, table, template_no, hint);
        };
        // The remembered table leaves the memo for the report, and comes back, placed, when
        // the analysis ends (`finish`).
        let remembered = match work.binding.take() {
            Some(Bound {
                template_no: t,
                hint: h,
                legacy,
                table: Some(table),
            }) if t == template_no && h == hint => Some(Binding { table, legacy }),
            _ => None,
        };
        let binding = match remembered {
            Some(binding) => {
                self.bound += 1;
                binding
            }
            None => {
                work.findings = None;
                model::bind(text, table, template_no, hint)
            }
        };
        let bound = Bound {
            template_no,
            hint,
            legacy: binding.legacy.clone(),
            table: None,
        };
        self.order.push(Some((id, bound)));
        binding
    }
}
