//! The template's relations on a candidate grid, evaluated by the core: the grid is written as
//! the markup the import would write, bound by the checker, and each relation instance the
//! checker makes of it is evaluated as `check` evaluates it. What breaks is returned, so two
//! readings of one table can be compared by the relations each keeps.

use crate::build::{Block, Row, Table};
use crate::index::Index;
use crate::write;
use nianbao_core::check::relations::{self, Outcome};
use nianbao_core::model::Report;
use std::collections::BTreeSet;

/// A broken relation instance: the relation (index into the template's relations) and the
/// template row and column of its target.
pub type Broken = (usize, usize, usize);

/// The relation instances broken when template table `spec` holds `grid` (one line per row of
/// `rows`, one cell per column of `columns`); rows not in `rows` are written empty, columns not
/// in `columns` left out.
pub fn broken(
    index: &Index,
    spec: usize,
    rows: &[usize],
    columns: &[usize],
    grid: &[Vec<String>],
) -> BTreeSet<Broken> {
    let table = index.spec(spec);
    let written = Table {
        spec,
        block: None,
        label_header: None,
        note: None,
        columns: columns
            .iter()
            .map(|&c| (c, table.columns[c].label.clone()))
            .collect(),
        rows: table
            .rows
            .iter()
            .enumerate()
            .map(|(r, row)| Row {
                spec: r,
                label: row.label.clone(),
                cells: rows
                    .iter()
                    .position(|&x| x == r)
                    .map(|i| grid[i].clone())
                    .unwrap_or_default(),
            })
            .collect(),
    };
    let meta = write::Meta::default();
    let markup = write::markup(&[Block::Table(written)], &[], index, &meta);
    let tree = nianbao_core::syntax::parse(&markup, None);
    let report = Report::build(
        &markup,
        nianbao_core::syntax::blocks(&tree, &markup),
        Some(&index.template.id),
    );
    relations::instances(&report)
        .iter()
        .filter(|i| matches!(relations::evaluate(&report, i), Outcome::Broken { .. }))
        .map(|i| (i.relation, i.target.row, i.target.col))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use nianbao_core::knowledge::template::RowRole;
    use nianbao_core::knowledge::Knowledge;

    #[test]
    fn a_row_total_that_does_not_add_up_is_broken() {
        let template = Knowledge::get()
            .template("2021")
            .expect("the 2021 template");
        let index = Index::new(template, nianbao_core::Lang::Zh);
        let c = (0..index.table_count())
            .find(|&t| index.spec(t).id == "C")
            .expect("table C");
        let rows: Vec<usize> = index
            .spec(c)
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.role == RowRole::Data)
            .map(|(i, _)| i)
            .collect();
        let line = |v: [&str; 5]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let good = [
            line(["2", "1", "0", "1", "4"]),
            line(["1", "0", "0", "1", "2"]),
            line(["1", "0", "1", "0", "2"]),
        ];
        let columns: Vec<usize> = (0..5).collect();
        assert!(broken(&index, c, &rows, &columns, &good).is_empty());
        let mut bad = good.clone();
        bad[1][4] = "3".into();
        let found = broken(&index, c, &rows, &columns, &bad);
        assert_eq!(found.len(), 1);
        assert_eq!(
            template.relations[found.iter().next().expect("one").0].id,
            "C1"
        );
    }
}
