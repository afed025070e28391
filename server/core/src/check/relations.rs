//! The template's relations instantiated on a report: one instance per column (or row) that the
//! report has, each evaluated to holds / broken / cannot be evaluated. Shared by the checker,
//! fix-all and hover.

use super::names::{cell_name, column_name, row_name};
use crate::config::Lang;
use crate::knowledge::template::TableSpec;
use crate::model::{BoundCell, BoundTable, Report};
use crate::value::{format_scaled, Value};

// Defined beside the module that builds them, which this one calls.
pub use super::instance::{Cell, Instance};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Holds {
        value: i64,
    },
    /// Values in millionths (`value::SCALE`).
    Broken {
        actual: i64,
        expected: i64,
    },
    /// A cell is blank, marked 待核, not a number, or missing from its row.
    Unevaluable,
}

/// The bound cell of `cell`, if the report has it.
pub fn bound(report: &Report, cell: Cell) -> Option<&BoundCell> {
    report.tables[cell.table]
        .cell(cell.row, cell.col)
        .map(|at| at.cell)
}

/// The cell's figure: its number, or 0 for a blank in a table whose blanks are its zeros.
pub fn number(report: &Report, cell: Cell) -> Option<i64> {
    let table = &report.tables[cell.table];
    match table.cell(cell.row, cell.col)?.cell.value {
        Value::Number(n) => Some(n.scaled),
        Value::Missing if table.blanks_are_zero => Some(0),
        _ => None,
    }
}

/// Whether the cell is left blank.
pub fn is_blank(report: &Report, cell: Cell) -> bool {
    bound(report, cell).is_some_and(|b| b.value == Value::Missing)
}

/// Every instance of every relation of the report's template, on the tables the report has.
pub fn instances(report: &Report) -> Vec<Instance> {
    let mut out = Vec::new();
    for (table_no, first) in first_of_spec(report).into_iter().enumerate() {
        out.extend(table_instances(report, table_no, first));
    }
    out
}

/// For each table, whether it is the first bound to its template table (a duplicated table is
/// reported, not checked twice).
pub fn first_of_spec(report: &Report) -> Vec<bool> {
    let mut seen = Vec::new();
    report
        .tables
        .iter()
        .map(|t| match t.spec {
            Some(spec) if seen.contains(&spec) => false,
            Some(spec) => {
                seen.push(spec);
                true
            }
            None => true,
        })
        .collect()
}

/// The instances on table `table_no`; none unless it is `first` of its template table.
pub fn table_instances(report: &Report, table_no: usize, first: bool) -> Vec<Instance> {
    let table = &report.tables[table_no];
    match (table.spec, report.table_spec(table)) {
        (Some(spec_no), Some(spec)) if first => {
            super::instantiate::instances(report.template, table_no, table, spec_no, spec)
        }
        _ => Vec::new(),
    }
}

/// Whether row `r` is a subtotal printed alone, as the older format printed it: it may
/// (`may_stand_alone`), it has numbers, and none of its sub-rows is in the table.
pub fn stands_alone(spec: &TableSpec, table: &BoundTable, r: usize) -> bool {
    let row = &spec.rows[r];
    row.may_stand_alone
        && table.row(r).is_some_and(|x| x.has_values())
        && !spec
            .rows
            .iter()
            .enumerate()
            .any(|(c, x)| x.parent.as_deref() == Some(&row.id) && table.row(c).is_some())
}

/// The parent of row `r`, when that parent stands alone (`stands_alone`).
pub fn standing_parent(spec: &TableSpec, table: &BoundTable, r: usize) -> Option<usize> {
    let parent = spec.rows[r].parent.as_deref()?;
    let p = spec.rows.iter().position(|x| x.id == parent)?;
    stands_alone(spec, table, p).then_some(p)
}

pub fn evaluate(report: &Report, instance: &Instance) -> Outcome {
    evaluate_reading(report, instance, |cell| number(report, cell))
}

/// [`evaluate`] reading the figures with `number`, which gives what [`number`] gives
/// (`Figures::number`, when a table's relations are evaluated together).
pub fn evaluate_reading(
    report: &Report,
    instance: &Instance,
    number: impl Fn(Cell) -> Option<i64>,
) -> Outcome {
    match evaluate_with(instance, &number) {
        // A blank total over parts of which one is not 0 is wrong whatever the other blanks
        // hold (counts are never negative): it is broken, against the parts it has. Not in a
        // converter's table holding a figure it did not place: the blank may be that figure.
        Outcome::Unevaluable
            if is_blank(report, instance.target)
                && !report.tables[instance.target.table].figures_unread
                && instance.terms.iter().all(|(_, sign)| *sign == 1) =>
        {
            let known: i64 = instance.terms.iter().filter_map(|(c, _)| number(*c)).sum();
            if known > 0 {
                Outcome::Broken {
                    actual: 0,
                    expected: known,
                }
            } else {
                Outcome::Unevaluable
            }
        }
        outcome => outcome,
    }
}

/// Evaluates with the values `number` gives (fix-all evaluates over values it has changed).
pub fn evaluate_with(instance: &Instance, number: impl Fn(Cell) -> Option<i64>) -> Outcome {
    let Some(actual) = number(instance.target) else {
        return Outcome::Unevaluable;
    };
    let mut expected = 0i64;
    for (cell, sign) in &instance.terms {
        let Some(n) = number(*cell) else {
            return Outcome::Unevaluable;
        };
        expected = expected.saturating_add(sign * n);
    }
    if actual == expected {
        Outcome::Holds { value: actual }
    } else {
        Outcome::Broken { actual, expected }
    }
}

/// The value `cell` would need for `instance` to hold, the other cells as they are.
pub fn solve_for(report: &Report, instance: &Instance, cell: Cell) -> Option<i64> {
    let target = number(report, instance.target)?;
    let mut rest = 0i64;
    let mut coefficient = 0i64;
    for (c, sign) in &instance.terms {
        if *c == cell {
            coefficient += sign;
        } else {
            rest = rest.saturating_add(sign * number(report, *c)?);
        }
    }
    if instance.target == cell {
        return (coefficient == 0).then_some(rest);
    }
    // target = rest + coefficient · x
    match coefficient {
        1 => Some(target - rest),
        -1 => Some(rest - target),
        _ => None,
    }
}

/// `（七）总计·自然人`.
pub fn target_name(report: &Report, instance: &Instance) -> String {
    name(report, instance.target)
}

pub fn name(report: &Report, cell: Cell) -> String {
    match report.table_spec(&report.tables[cell.table]) {
        Some(spec) => cell_name(spec, cell.row, cell.col),
        None => String::new(),
    }
}

/// The relation with the numbers filled in: `5 = 0 + 1 + 4`.
pub fn equation(report: &Report, instance: &Instance) -> String {
    let value = |c: Cell| number(report, c).map_or("?".to_string(), format_scaled);
    let mut s = value(instance.target);
    s.push_str(" = ");
    for (i, (cell, sign)) in instance.terms.iter().enumerate() {
        match (i, sign) {
            (0, -1) => s.push('-'),
            (0, _) => {}
            (_, -1) => s.push_str(" − "),
            _ => s.push_str(" + "),
        }
        s.push_str(&value(*cell));
    }
    s
}

/// The relation's terms named, with their values, and what they add up to: `（一）予以公开 30 +
/// （二）部分公开 12 + …，其余 14 项为 0，合计 88`. A term shares the target's row or column, so
/// it is named by the other one alone.
pub fn named_sum(report: &Report, instance: &Instance, lang: Lang) -> String {
    let Some(spec) = report.table_spec(&report.tables[instance.target.table]) else {
        return equation(report, instance);
    };
    let target = instance.target;
    let term_name = |c: Cell| {
        if c.col == target.col {
            row_name(spec, c.row)
        } else if c.row == target.row {
            column_name(spec, c.col)
        } else {
            cell_name(spec, c.row, c.col)
        }
    };
    let mut out = String::new();
    let mut zeros = 0;
    let mut total = 0i64;
    let mut complete = true;
    for (cell, sign) in &instance.terms {
        let value = number(report, *cell);
        match value {
            Some(n) => total = total.saturating_add(sign * n),
            None => complete = false,
        }
        if value == Some(0) && *sign == 1 {
            zeros += 1;
            continue;
        }
        let shown = value.map_or("?".to_string(), format_scaled);
        match (out.is_empty(), *sign) {
            (true, -1) => out.push_str("− "),
            (true, _) => {}
            (false, -1) => out.push_str(" − "),
            _ => out.push_str(" + "),
        }
        out.push_str(&format!("{} {shown}", term_name(*cell)));
    }
    let sum = if complete {
        format_scaled(total)
    } else {
        "?".into()
    };
    match (lang, zeros, out.is_empty()) {
        (Lang::Zh, 0, _) => format!("{out}，合计 {sum}"),
        (Lang::Zh, n, true) => format!("各项均为 0（{n} 项），合计 {sum}"),
        (Lang::Zh, n, false) => format!("{out}，其余 {n} 项为 0，合计 {sum}"),
        (Lang::En, 0, _) => format!("{out}, in all {sum}"),
        (Lang::En, n, true) => format!("all {n} terms 0, in all {sum}"),
        (Lang::En, n, false) => format!("{out}, the other {n} terms 0, in all {sum}"),
    }
}

/// What the relation requires, in the message language.
pub fn says(relation: &crate::knowledge::template::Relation, lang: Lang) -> &str {
    match lang {
        Lang::Zh => &relation.says,
        Lang::En => &relation.says_en,
    }
}
