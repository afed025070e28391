//! The rows and columns a printed table may have: the template's, with its subtotal rows
//! printed with numbers, or in the older form; with all the template's columns, or only those
//! the text spells. The binder counts the numbers against each.

use nianbao_core::knowledge::template::{RowRole, TableSpec};
use nianbao_core::Lang;

/// Which rows of the template carry numbers in the printed table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// The template's rows that take numbers.
    Template,
    /// Those and the subtotal rows (（三）不予公开 …), printed with numbers.
    Subtotals,
    /// A subtotal that may stand alone printed in place of its sub-rows (（六）其他处理).
    Older,
}

impl Form {
    /// What the printed table shows besides the template's rows, for the inference note.
    pub fn said(self, lang: Lang) -> Option<&'static str> {
        match (self, lang) {
            (Form::Template, _) => None,
            (Form::Subtotals, Lang::Zh) => Some("小计行（（三）（四）（五）（六）等）也印有数字"),
            (Form::Subtotals, Lang::En) => {
                Some("the subtotal rows (（三）（四）（五）（六） …) are printed with numbers too")
            }
            (Form::Older, Lang::Zh) => Some("可单列的小计行印为一行、不列其下各项（旧格式）"),
            (Form::Older, Lang::En) => Some(
                "a subtotal that may stand alone is printed as one row, without its sub-rows (the older form)",
            ),
        }
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Form::Template, Lang::Zh) => "模板的行",
            (Form::Subtotals, Lang::Zh) => "模板的行连同小计行",
            (Form::Older, Lang::Zh) => "旧格式的行",
            (Form::Template, Lang::En) => "the template's rows",
            (Form::Subtotals, Lang::En) => "the template's rows with their subtotals",
            (Form::Older, Lang::En) => "the template's rows in the older form",
        }
    }
}

/// The rows and columns a printed table has.
#[derive(Debug, Clone)]
pub struct Shape {
    pub form: Form,
    /// Template rows with numbers, in template order.
    pub rows: Vec<usize>,
    /// Template columns printed, in template order.
    pub columns: Vec<usize>,
}

/// The shapes a printed table may have: the template's rows, with subtotals printed, in the
/// older form; each with all the template's columns, and with the columns the text spells
/// where that is fewer (a table that does not print 其他; a header partly lost is told apart by
/// the count).
pub fn shapes(table: &TableSpec, printed: Vec<usize>) -> Vec<Shape> {
    let all: Vec<usize> = (0..table.columns.len()).collect();
    let mut column_sets = vec![all.clone()];
    if !printed.is_empty() && printed != all {
        column_sets.push(printed);
    }
    let data = |r: usize| table.rows[r].role == RowRole::Data;
    let subtotal = |r: usize| table.rows[r].role == RowRole::Subtotal;
    let rows = 0..table.rows.len();
    let template: Vec<usize> = rows.clone().filter(|&r| data(r)).collect();
    let with_subtotals: Vec<usize> = rows.clone().filter(|&r| data(r) || subtotal(r)).collect();
    let alone: Vec<usize> = rows
        .clone()
        .filter(|&r| subtotal(r) && table.rows[r].may_stand_alone)
        .collect();
    let older: Vec<usize> = rows
        .filter(|&r| {
            alone.contains(&r) || data(r) && !alone.iter().any(|&a| is_ancestor(table, a, r))
        })
        .collect();
    let mut forms = vec![(Form::Template, template.clone())];
    if with_subtotals != template {
        forms.push((Form::Subtotals, with_subtotals));
    }
    if !alone.is_empty() {
        forms.push((Form::Older, older));
    }
    column_sets
        .iter()
        .flat_map(|columns| {
            forms.iter().map(|(form, rows)| Shape {
                form: *form,
                rows: rows.clone(),
                columns: columns.clone(),
            })
        })
        .collect()
}

/// Whether template row `ancestor` is a group over `row` (三、本年度办理结果 over （一）予以公开).
pub fn is_ancestor(table: &TableSpec, ancestor: usize, row: usize) -> bool {
    let mut at = row;
    for _ in 0..table.rows.len() {
        let Some(parent) = &table.rows[at].parent else {
            return false;
        };
        let Some(p) = table.rows.iter().position(|r| &r.id == parent) else {
            return false;
        };
        if p == ancestor {
            return true;
        }
        at = p;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use nianbao_core::knowledge::Knowledge;

    #[test]
    fn subtotals_printed_and_a_column_not_printed_are_a_shape_of_their_own() {
        let template = Knowledge::get()
            .template("2021")
            .expect("the 2021 template");
        let b = template.tables.iter().position(|t| t.id == "B").expect("B");
        let columns: Vec<usize> = (0..6).collect();
        let found = shapes(&template.tables[b], columns);
        let sizes: Vec<(Form, usize, usize)> = found
            .iter()
            .map(|s| (s.form, s.rows.len(), s.columns.len()))
            .collect();
        assert_eq!(
            sizes,
            [
                (Form::Template, 25, 7),
                (Form::Subtotals, 29, 7),
                (Form::Older, 23, 7),
                (Form::Template, 25, 6),
                (Form::Subtotals, 29, 6),
                (Form::Older, 23, 6)
            ]
        );
    }
}
