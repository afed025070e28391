//! The template's relations instantiated on one table (`relations::table_instances`). The
//! relations name their table, rows and columns by id: the ids are resolved to indices once per
//! template, and the table's rows and columns are laid out by template index once per table
//! (`Places`), instead of a search by string per id and a search of the table per row.

use super::instance::{Cell, Instance};
use super::places::Places;
use crate::knowledge::template::{Over, Relation, RowRole, TableSpec, Template};
use crate::knowledge::Knowledge;
use crate::model::BoundTable;
use std::borrow::Cow;
use std::sync::OnceLock;

/// The instances of the template's relations on `table` (number `table_no`), bound to the
/// template table `spec` (number `spec_no`), in the template's order.
pub(super) fn instances(
    template: &Template,
    table_no: usize,
    table: &BoundTable,
    spec_no: usize,
    spec: &TableSpec,
) -> Vec<Instance> {
    let resolved = resolved(template);
    let Some(relations) = resolved.tables.get(spec_no) else {
        return Vec::new();
    };
    let places = Places::of(table);
    let mut out = Vec::new();
    for relation in &relations.relations {
        instantiate(
            table_no, table, spec, relations, &places, relation, &mut out,
        );
    }
    out
}

/// A relation with its ids resolved against its template table.
#[derive(Clone)]
struct Resolved {
    /// Index into `Template::relations`.
    number: usize,
    over: Over,
    /// The target row (over columns) or column (over rows), if the table has the id.
    target: Option<usize>,
    plus: Vec<Option<usize>>,
    minus: Vec<Option<usize>>,
    /// Whether each column (over columns) or row (over rows) takes part: all unless the
    /// relation lists some (`only`).
    only: Vec<bool>,
}

/// One template table's relations and the shape of its rows.
#[derive(Clone)]
struct TableRelations {
    relations: Vec<Resolved>,
    /// The row each row is a sub-row of.
    parent: Vec<Option<usize>>,
    /// The sub-rows of each row.
    children: Vec<Vec<usize>>,
}

#[derive(Clone)]
struct TemplateRelations {
    /// One per `Template::tables`.
    tables: Vec<TableRelations>,
}

/// The template's relations resolved: once for a template of the knowledge base, else now.
fn resolved(template: &Template) -> Cow<'static, TemplateRelations> {
    static RESOLVED: OnceLock<Vec<TemplateRelations>> = OnceLock::new();
    let known = &Knowledge::get().templates;
    match known.iter().position(|t| std::ptr::eq(t, template)) {
        Some(n) => Cow::Borrowed(
            &RESOLVED.get_or_init(|| known.iter().map(resolve).collect::<Vec<_>>())[n],
        ),
        None => Cow::Owned(resolve(template)),
    }
}

fn resolve(template: &Template) -> TemplateRelations {
    let tables = template
        .tables
        .iter()
        .map(|spec| {
            let relations = (template.relations.iter().enumerate())
                .filter(|(_, relation)| relation.table == spec.id)
                .map(|(number, relation)| resolve_relation(spec, number, relation))
                .collect();
            let parent = spec
                .rows
                .iter()
                .map(|row| {
                    let parent = row.parent.as_deref()?;
                    spec.rows.iter().position(|x| x.id == parent)
                })
                .collect();
            let children = spec
                .rows
                .iter()
                .map(|row| {
                    (spec.rows.iter().enumerate())
                        .filter(|(_, x)| x.parent.as_deref() == Some(&row.id))
                        .map(|(c, _)| c)
                        .collect()
                })
                .collect();
            TableRelations {
                relations,
                parent,
                children,
            }
        })
        .collect();
    TemplateRelations { tables }
}

/// Relation `number` of the template, `relation`, resolved against `spec`.
fn resolve_relation(spec: &TableSpec, number: usize, relation: &Relation) -> Resolved {
    let rows: Vec<&str> = spec.rows.iter().map(|r| r.id.as_str()).collect();
    let columns: Vec<&str> = spec.columns.iter().map(|c| c.id.as_str()).collect();
    // Over columns the ids are rows, and `only` names columns; over rows, the other way round.
    let (ids, others) = match relation.over {
        Over::Columns => (rows, columns),
        Over::Rows => (columns, rows),
    };
    let id = |name: &String| ids.iter().position(|id| id == name);
    Resolved {
        number,
        over: relation.over,
        target: id(&relation.target),
        plus: relation.plus.iter().map(id).collect(),
        minus: relation.minus.iter().map(id).collect(),
        only: others
            .iter()
            .map(|other| relation.only.is_empty() || relation.only.iter().any(|o| o == other))
            .collect(),
    }
}

fn instantiate(
    table_no: usize,
    table: &BoundTable,
    spec: &TableSpec,
    shape: &TableRelations,
    places: &Places,
    relation: &Resolved,
    out: &mut Vec<Instance>,
) {
    let cell = |row, col| Cell {
        table: table_no,
        row,
        col,
    };
    match relation.over {
        Over::Columns => {
            let (Some(target), Some(plus), Some(minus)) = (
                relation.target,
                relation.plus.iter().copied().collect::<Option<Vec<_>>>(),
                relation.minus.iter().copied().collect::<Option<Vec<_>>>(),
            ) else {
                return;
            };
            let (plus, minus) = (
                standing_for_parts(spec, shape, places, &plus),
                standing_for_parts(spec, shape, places, &minus),
            );
            if plus.contains(&target) {
                return; // a subtotal standing alone has no parts to add up
            }
            // An optional subtotal row takes part only when the report gives it numbers.
            let Some(target_row) = places.row(target) else {
                return;
            };
            if spec.rows[target].role != RowRole::Data && !target_row.has_values() {
                return;
            }
            if plus.iter().chain(&minus).any(|&r| places.row(r).is_none()) {
                return; // a missing row is reported as such
            }
            for col in 0..spec.columns.len() {
                if !places.has_column(col) || !relation.only[col] {
                    continue;
                }
                out.push(signed_sum(
                    relation.number,
                    cell(target, col),
                    (&plus, &minus),
                    |r| cell(r, col),
                ));
            }
        }
        Over::Rows => {
            let Some(target) = relation.target.filter(|&c| places.has_column(c)) else {
                return;
            };
            // Columns the report lacks (seed 002 has no 其他) drop out of the sum.
            let present = |ids: &[Option<usize>]| -> Vec<usize> {
                ids.iter()
                    .flatten()
                    .copied()
                    .filter(|&c| places.has_column(c))
                    .collect()
            };
            let (plus, minus) = (present(&relation.plus), present(&relation.minus));
            for row in table.rows.iter().filter(|r| !r.duplicate) {
                let Some(r) = row.spec else { continue };
                let role = spec.rows[r].role;
                if role == RowRole::Group || (role == RowRole::Subtotal && !row.has_values()) {
                    continue;
                }
                if !relation.only[r] {
                    continue;
                }
                out.push(signed_sum(
                    relation.number,
                    cell(r, target),
                    (&plus, &minus),
                    |c| cell(r, c),
                ));
            }
        }
    }
}

/// `relations::stands_alone`, over the resolved rows.
fn stands_alone(spec: &TableSpec, shape: &TableRelations, places: &Places, r: usize) -> bool {
    spec.rows[r].may_stand_alone
        && places.row(r).is_some_and(|x| x.has_values())
        && !shape.children[r].iter().any(|&c| places.row(c).is_some())
}

/// `rows` with the sub-rows of a subtotal that stands alone replaced by that subtotal, once.
fn standing_for_parts(
    spec: &TableSpec,
    shape: &TableRelations,
    places: &Places,
    rows: &[usize],
) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::with_capacity(rows.len());
    for &r in rows {
        let standing = match places.row(r) {
            Some(_) => None,
            None => shape.parent[r].filter(|&p| stands_alone(spec, shape, places, p)),
        };
        match standing {
            Some(p) if out.contains(&p) => {}
            Some(p) => out.push(p),
            None => out.push(r),
        }
    }
    out
}

/// The instance of relation `number` whose target is `target` and whose terms are the cells
/// `at` gives for the `plus` and `minus` rows (or columns) — down a column and along a row alike.
fn signed_sum(
    number: usize,
    target: Cell,
    (plus, minus): (&[usize], &[usize]),
    at: impl Fn(usize) -> Cell,
) -> Instance {
    let terms = plus
        .iter()
        .map(|&i| (at(i), 1))
        .chain(minus.iter().map(|&i| (at(i), -1)))
        .collect();
    Instance {
        relation: number,
        target,
        terms,
    }
}
