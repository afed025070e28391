//! The prose part of the memo: the findings of each stretch of prose, by its text, kept while
//! what prose is compared with is unchanged.

use super::shift::{moved_table, Moved};
use crate::check::{prose, relations, Ctx};
use crate::config::Lang;
use crate::fast_hash::FastMap;
use crate::finding::Finding;
use crate::model::BoundTable;
use crate::syntax::Span;
use std::sync::Arc;

#[derive(Default)]
pub(super) struct Memo {
    context: Option<Context>,
    /// By the stretch's text; ranges counted from its start (related ones are in tables).
    entries: FastMap<Box<str>, Vec<Finding>>,
}

/// What prose findings read beyond their stretch: the first table bound to each template table
/// (figures are compared with its cells, and point at them), the template and the language.
#[derive(Debug)]
struct Context {
    template: &'static str,
    lang: Lang,
    tables: Vec<Arc<BoundTable>>,
}

impl Context {
    fn of(ctx: &Ctx) -> Context {
        let report = ctx.report;
        Context {
            template: &report.template.id,
            lang: ctx.lang,
            tables: report
                .tables
                .iter()
                .zip(relations::first_of_spec(report))
                .filter(|(t, first)| *first && t.spec.is_some())
                .map(|(t, _)| t.clone())
                .collect(),
        }
    }

    /// How far each of `self`'s tables has moved to be `now`'s (`(where it was, by)`), if that is
    /// all that changed.
    fn moves(&self, now: &Context) -> Option<Vec<(Span, isize)>> {
        if self.template != now.template
            || self.lang != now.lang
            || self.tables.len() != now.tables.len()
        {
            return None;
        }
        self.tables
            .iter()
            .zip(&now.tables)
            .map(|(was, is)| {
                let by = is.syntax.range.start as isize - was.syntax.range.start as isize;
                let moved = || {
                    let syntax = Arc::new(was.syntax.moved(by));
                    moved_table(was, syntax, by) == **is
                };
                (Arc::ptr_eq(was, is) || moved()).then(|| (was.syntax.range.clone(), by))
            })
            .collect()
    }
}

impl Memo {
    pub(super) fn start(&mut self, ctx: &Ctx) -> Reuse {
        let context = Context::of(ctx);
        let moves = self.context.as_ref().and_then(|was| was.moves(&context));
        let mut old = std::mem::take(&mut self.entries);
        match moves {
            // The cells findings point at moved with their tables.
            Some(moves) => old.retain(|_, findings| {
                findings.iter_mut().all(|f| {
                    f.related.iter_mut().all(|r| {
                        let table = moves
                            .iter()
                            .find(|(was, _)| was.start <= r.range.start && r.range.end <= was.end);
                        table.map(|(_, by)| r.range = r.range.moved(*by)).is_some()
                    })
                })
            }),
            None => old.clear(),
        }
        Reuse {
            old,
            new: FastMap::default(),
            context,
            reused: 0,
        }
    }
}

/// One analysis's use of the memo: what still applies moves from `old` to `new`.
pub(super) struct Reuse {
    old: FastMap<Box<str>, Vec<Finding>>,
    new: FastMap<Box<str>, Vec<Finding>>,
    context: Context,
    pub reused: usize,
}

impl Reuse {
    pub(super) fn finish(self) -> Memo {
        Memo {
            context: Some(self.context),
            entries: self.new,
        }
    }

    /// The findings of `Report::prose[prose_no]`, remembered.
    pub(super) fn findings(&mut self, ctx: &Ctx, prose_no: usize) -> Vec<Finding> {
        let span = ctx.report.prose[prose_no].1.clone();
        let written = &ctx.text[span.clone()];
        let from = span.start as isize;
        let remembered = match self.new.get(written) {
            // The same text twice (a heading every department repeats).
            Some(relative) => Some(moved(relative, from)),
            None => self.old.remove_entry(written).map(|(key, relative)| {
                let found = moved(&relative, from);
                self.new.insert(key, relative);
                found
            }),
        };
        if let Some(found) = remembered {
            self.reused += 1;
            return found;
        }
        let mut found = Vec::new();
        prose::stretches(ctx, prose_no..prose_no + 1, &mut found);
        if found.iter().all(|f| movable(f, &span)) {
            self.new.insert(written.into(), moved(&found, -from));
        }
        found
    }
}

/// Whether a finding moves with its stretch alone: its range is in the stretch, what it relates
/// to is not (a table's cell), and it has no fix.
fn movable(finding: &Finding, stretch: &Span) -> bool {
    let inside = |r: &Span| stretch.start <= r.start && r.end <= stretch.end;
    let outside = |r: &Span| r.end <= stretch.start || stretch.end <= r.start;
    inside(&finding.range)
        && finding.related.iter().all(|r| outside(&r.range))
        && finding.fixes.is_empty()
}

/// Copies of `findings` with their own ranges moved by `by` (what they relate to is in tables,
/// and moves with them: `Memo::start`).
fn moved(findings: &[Finding], by: isize) -> Vec<Finding> {
    findings
        .iter()
        .map(|f| {
            let mut f = f.clone();
            f.range = f.range.moved(by);
            f
        })
        .collect()
}
