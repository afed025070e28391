//! Edits that give table cells new content and keep the table aligned: in place when the new
//! content fits the cell, else by rewriting the table as `fmt` would. Every fix that changes a
//! cell (a quick fix, fix-all, `nianbao fix --at`) goes through here.

use crate::check::relations::{self, Cell};
use crate::finding::Edit;
use crate::model::Report;
use crate::syntax::{Span, TableSyntax};
use crate::text::{display_width, LineIndex};
use std::collections::HashMap;

/// Edits that give cells new content, keeping their table aligned: in place when the new
/// content fits the cell's width, else by rewriting the whole table.
pub fn cell_edits(
    text: &str,
    report: &Report,
    table: usize,
    changes: &[(Cell, String)],
) -> Vec<Edit> {
    let cells: Vec<(Span, Span, String)> = changes
        .iter()
        .filter_map(|(cell, content)| {
            let bound = relations::bound(report, *cell)?;
            Some((bound.cell.clone(), bound.range.clone(), content.clone()))
        })
        .collect();
    rewrite_cells(text, &report.tables[table].syntax, &cells)
}

/// Gives cells of `table` new content: `(whole cell, content or gap, new content)`. In place
/// when everything fits, else one edit that rewrites the table aligned.
pub fn rewrite_cells(text: &str, table: &TableSyntax, cells: &[(Span, Span, String)]) -> Vec<Edit> {
    let in_place: Vec<Option<Edit>> = cells
        .iter()
        .map(|(cell, content, new)| fit(text, cell, content, new))
        .collect();
    if in_place.iter().all(Option::is_some) {
        return in_place.into_iter().flatten().collect();
    }
    let replace: HashMap<Span, String> = cells
        .iter()
        .map(|(cell, _, new)| (cell.clone(), new.clone()))
        .collect();
    let index = LineIndex::new(text);
    match crate::format::table_edit(text, &index, table, &replace) {
        Some(edit) => vec![edit],
        // The table cannot be rewritten safely: change the content alone, alignment aside.
        None => cells
            .iter()
            .map(|(_, content, new)| Edit {
                range: content.clone(),
                new_text: new.clone(),
            })
            .collect(),
    }
}

/// Rewrites one cell in place keeping its display width, or `None` if the content is too wide.
fn fit(
    text: &str,
    cell: &std::ops::Range<usize>,
    content_range: &std::ops::Range<usize>,
    content: &str,
) -> Option<Edit> {
    let whole = &text[cell.clone()];
    let width = display_width(whole);
    let (lead, trail) = if content_range.start >= cell.start
        && content_range.end <= cell.end
        && content_range != cell
    {
        (
            display_width(&text[cell.start..content_range.start]),
            display_width(&text[content_range.end..cell.end]),
        )
    } else {
        (1, width.saturating_sub(1))
    };
    let room = width.checked_sub(display_width(content))?;
    let (left, right) = if lead > trail {
        (room.checked_sub(trail.max(1))?, trail.max(1))
    } else {
        (lead.max(1), room.checked_sub(lead.max(1))?)
    };
    if left == 0 || right == 0 {
        return None;
    }
    Some(Edit {
        range: cell.clone(),
        new_text: format!("{}{content}{}", " ".repeat(left), " ".repeat(right)),
    })
}
