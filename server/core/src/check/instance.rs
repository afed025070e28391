//! What a relation instance is: a target cell and its signed terms, by template row and column.
//! Its own module so that the code that builds instances (`instantiate`) and the code that
//! evaluates them (`relations`) both depend on it and not on each other.

use crate::knowledge::template::Relation;
use crate::model::Report;

/// A cell by template row and column (indices into the table spec).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cell {
    /// Index into `Report::tables`.
    pub table: usize,
    pub row: usize,
    pub col: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instance {
    /// Index into `Template::relations`.
    pub relation: usize,
    pub target: Cell,
    /// `(cell, +1 or −1)`.
    pub terms: Vec<(Cell, i64)>,
}

impl Instance {
    pub fn relation<'r>(&self, report: &'r Report) -> &'r Relation {
        &report.template.relations[self.relation]
    }

    pub fn cells(&self) -> impl Iterator<Item = Cell> + '_ {
        std::iter::once(self.target).chain(self.terms.iter().map(|(c, _)| *c))
    }

    pub fn contains(&self, cell: Cell) -> bool {
        self.cells().any(|c| c == cell)
    }
}
