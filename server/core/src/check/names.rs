//! What the checker calls a row, a column and a cell in its messages: the template's labels,
//! shortened where they carry an explanation in parentheses and the rest tells them apart.

use crate::knowledge::template::TableSpec;
use crate::knowledge::Knowledge;
use crate::normalize::key;
use std::sync::OnceLock;

/// A row's name for messages: the label without its trailing parenthetical note, and for a
/// sub-row its group's ordinal in front: `（三）1.属于国家秘密`.
pub fn row_name(spec: &TableSpec, row: usize) -> String {
    match names(spec) {
        Some(names) => names.rows[row].clone(),
        None => name_row(spec, row),
    }
}

/// The names of a template table's rows and columns.
struct TableNames {
    rows: Vec<String>,
    columns: Vec<String>,
}

/// The names of `spec`'s rows and columns when it is a table of a template of the knowledge
/// base, worked out once: a row's name compares its short label with every other row's.
fn names(spec: &TableSpec) -> Option<&'static TableNames> {
    static NAMES: OnceLock<Vec<Vec<TableNames>>> = OnceLock::new();
    let templates = &Knowledge::get().templates;
    let (t, n) = templates.iter().enumerate().find_map(|(t, template)| {
        let n = template.tables.iter().position(|s| std::ptr::eq(s, spec))?;
        Some((t, n))
    })?;
    let all = NAMES.get_or_init(|| {
        let table = |spec: &TableSpec| TableNames {
            rows: (0..spec.rows.len()).map(|r| name_row(spec, r)).collect(),
            columns: (0..spec.columns.len())
                .map(|c| name_column(spec, c))
                .collect(),
        };
        templates
            .iter()
            .map(|template| template.tables.iter().map(table).collect())
            .collect()
    });
    Some(&all[t][n])
}

fn name_row(spec: &TableSpec, row: usize) -> String {
    let label = distinct(spec, row);
    match spec.rows[row]
        .parent
        .as_ref()
        .and_then(|p| spec.rows.iter().find(|r| &r.id == p))
    {
        Some(parent)
            if spec.rows[row]
                .label
                .starts_with(|c: char| c.is_ascii_digit()) =>
        {
            let group = short(&parent.label);
            let ordinal = group.split_inclusive('）').next().unwrap_or("");
            format!("{ordinal}{label}")
        }
        _ => label.to_string(),
    }
}

/// The short label of a row, unless another row of the table shortens to the same: then the
/// whole label (`行政诉讼（未经复议直接起诉）` and `行政诉讼（复议后起诉）` are both `行政诉讼`).
fn distinct(spec: &TableSpec, row: usize) -> &str {
    let own = short(&spec.rows[row].label);
    let shared = spec
        .rows
        .iter()
        .enumerate()
        .any(|(r, other)| r != row && short(&other.label) == own);
    if shared {
        &spec.rows[row].label
    } else {
        own
    }
}

pub fn column_name(spec: &TableSpec, col: usize) -> String {
    match names(spec) {
        Some(names) => names.columns[col].clone(),
        None => name_column(spec, col),
    }
}

fn name_column(spec: &TableSpec, col: usize) -> String {
    short(&spec.columns[col].label).to_string()
}

/// `（二）部分公开（区分处理的，…）` → `（二）部分公开`.
fn short(label: &str) -> &str {
    match label.char_indices().skip(1).find(|(_, c)| *c == '（') {
        Some((i, _)) if i > 3 && !label[..i].ends_with('第') => &label[..i],
        _ => label,
    }
}

/// `（三）不予公开·自然人`, or the row alone for single-column tables.
pub fn cell_name(spec: &TableSpec, row: usize, col: usize) -> String {
    match (spec.columns.len(), names(spec)) {
        (1, _) => row_name(spec, row),
        (_, Some(names)) => format!("{}·{}", names.rows[row], names.columns[col]),
        _ => format!("{}·{}", name_row(spec, row), name_column(spec, col)),
    }
}

/// Whether two labels are the same once folded (for comparisons in prose).
pub fn same_label(a: &str, b: &str) -> bool {
    key(a) == key(b)
}
