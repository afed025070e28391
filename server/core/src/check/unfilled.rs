//! `NB214` and `NB218` said once per row: the blank cells and the 待核 cells of one table row,
//! gathered while the row is read. A page that dropped its blank cells, or an import that marked
//! a row's cells 待核, gives one finding per row naming the cells, at the first of them, rather
//! than one per cell (a real 2019-format report got 140–173 warnings, seven to a row).

use super::relations;
use super::{cell_name, column_name, row_name, Ctx};
use crate::edit;
use crate::finding::{Finding, Fix};
use crate::knowledge::template::TableSpec;
use std::ops::Range;

/// What a message of the row names.
enum Named {
    Cell(String),
    Row {
        row: String,
        n: usize,
        columns: String,
    },
}

/// A cell of the row that is blank or 待核: its template column and its place in the text.
struct Mark {
    col: usize,
    range: Range<usize>,
}

/// The blank and 待核 cells of one data row of template table `spec`.
pub(crate) struct RowMarks<'a> {
    spec: &'a TableSpec,
    table: usize,
    row: usize,
    /// Blank cells, each with the value its relations compute for it where they do.
    blank: Vec<(Mark, Option<String>)>,
    review: Vec<Mark>,
}

impl<'a> RowMarks<'a> {
    pub fn new(spec: &'a TableSpec, table: usize, row: usize) -> Self {
        RowMarks {
            spec,
            table,
            row,
            blank: Vec::new(),
            review: Vec::new(),
        }
    }

    pub fn blank(&mut self, col: usize, range: Range<usize>, computed: Option<String>) {
        self.blank.push((Mark { col, range }, computed));
    }

    pub fn review(&mut self, col: usize, range: Range<usize>) {
        self.review.push(Mark { col, range });
    }

    /// The row's findings: one NB214 for its blank cells, one NB218 for its 待核 cells.
    pub fn report(self, ctx: &Ctx, out: &mut Vec<Finding>) {
        if !self.blank.is_empty() {
            out.push(self.blank_finding(ctx));
        }
        if !self.review.is_empty() {
            out.push(self.review_finding(ctx));
        }
    }

    fn cell(&self, col: usize) -> relations::Cell {
        relations::Cell {
            table: self.table,
            row: self.row,
            col,
        }
    }

    /// What a message names: the one cell, or the row with its count and columns.
    fn named(&self, marks: &[&Mark]) -> Named {
        match marks {
            [one] => Named::Cell(cell_name(self.spec, self.row, one.col)),
            _ => {
                let columns: Vec<String> = marks
                    .iter()
                    .map(|m| column_name(self.spec, m.col))
                    .collect();
                Named::Row {
                    row: row_name(self.spec, self.row),
                    n: marks.len(),
                    columns: columns.join("、"),
                }
            }
        }
    }

    /// The finding at the first of `marks`, every other one a related place named by its cell.
    fn grouped(&self, code: &'static str, message: String, marks: &[&Mark]) -> Finding {
        let first = Finding::new(code, marks[0].range.clone(), message);
        marks.iter().skip(1).fold(first, |f, m| {
            f.related(m.range.clone(), cell_name(self.spec, self.row, m.col))
        })
    }

    fn blank_finding(&self, ctx: &Ctx) -> Finding {
        let marks: Vec<&Mark> = self.blank.iter().map(|(m, _)| m).collect();
        let message = match self.named(&marks) {
            Named::Cell(name) => ctx.say(
                format!("{name} 未填写：空白或占位符不视为 0"),
                format!("{name} is not filled in: a blank or placeholder is not read as 0"),
            ),
            Named::Row { row, n, columns } => ctx.say(
                format!("“{row}”行 {n} 格未填写：{columns}：空白或占位符不视为 0"),
                format!("the row “{row}” has {n} cells not filled in: {columns}: a blank or placeholder is not read as 0"),
            ),
        };
        let mut finding = self.grouped("NB214", message, &marks);
        // A blank total can be computed from its parts; any other blank can only be 0 if the
        // author says so.
        let computed: Vec<(relations::Cell, String)> = self
            .blank
            .iter()
            .filter_map(|(m, v)| v.clone().map(|v| (self.cell(m.col), v)))
            .collect();
        if !computed.is_empty() {
            let values: Vec<&str> = computed.iter().map(|(_, v)| v.as_str()).collect();
            let values = values.join("、");
            finding = finding.fix(Fix {
                title: ctx.say(
                    format!("填入计算值 {values}"),
                    format!("Fill in the computed value {values}"),
                ),
                edits: edit::cell_edits(ctx.text, ctx.report, self.table, &computed),
                safe: true,
            });
        }
        let zeros: Vec<(relations::Cell, String)> = marks
            .iter()
            .map(|m| (self.cell(m.col), "0".to_string()))
            .collect();
        let title = if zeros.len() == 1 {
            ctx.say("填入 0".into(), "Fill in 0".into())
        } else {
            let n = zeros.len();
            ctx.say(
                format!("这 {n} 格填入 0"),
                format!("Fill these {n} cells with 0"),
            )
        };
        finding.fix(Fix {
            title,
            edits: edit::cell_edits(ctx.text, ctx.report, self.table, &zeros),
            safe: false,
        })
    }

    fn review_finding(&self, ctx: &Ctx) -> Finding {
        let marks: Vec<&Mark> = self.review.iter().collect();
        let message = match self.named(&marks) {
            Named::Cell(name) => ctx.say(
                format!("{name} 标为待核：涉及此格的勾稽关系暂不核对"),
                format!("{name} is marked for review: relations through it are not checked"),
            ),
            Named::Row { row, n, columns } => ctx.say(
                format!("“{row}”行 {n} 格标为待核：{columns}：涉及这些格的勾稽关系暂不核对"),
                format!("the row “{row}” has {n} cells marked for review: {columns}: relations through them are not checked"),
            ),
        };
        self.grouped("NB218", message, &marks)
    }
}
