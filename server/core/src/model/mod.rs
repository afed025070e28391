//! The report model: the blocks of a document bound to the template — which heading is which
//! section, which table is which template table, which row and column each cell belongs to.

mod bound;
pub(crate) mod converted;
mod cues;
mod heading;
mod index;
pub mod labels;
mod loose;
mod one_row;

pub use bound::{BoundCell, BoundColumn, BoundRow, BoundTable, CellAt, SectionHit};
pub use converted::organ_and_year;
pub use cues::{detect_template, Cues};
pub use heading::section_heading;
pub(crate) use heading::{heading_role, HeadingRole};
pub use index::{index, TableIndex, TemplateIndex};

use crate::knowledge::template::{TableSpec, Template};
use crate::knowledge::{Knowledge, DEFAULT_TEMPLATE};
use crate::normalize::key;
use crate::syntax::{Block, FrontMatter, Span, TableSyntax};
use crate::value::{self, Value};
use labels::Spelling;
use std::sync::Arc;

/// How the template in force was chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateChoice {
    /// `模板:` in the front matter (its value's range).
    FrontMatter(Span),
    /// Recognised from labels only that template has.
    Detected,
    /// The configuration's `template`.
    Config,
    Default,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    pub organization: Option<(String, Span)>,
    pub year: Option<(String, Span)>,
    pub template: Option<(String, Span)>,
    /// Who signs the published report (落款), when it is not the organ itself.
    pub signature: Option<(String, Span)>,
    /// The date the report is issued, printed under the signature.
    pub date: Option<(String, Span)>,
}

/// Every front matter key the markup knows (docs/markup.md), in each spelling.
pub const FRONT_MATTER_KEYS: &[&str] = &[
    "机关",
    "機關",
    "organization",
    "org",
    "年度",
    "year",
    "模板",
    "template",
    "落款",
    "signature",
    "日期",
    "date",
];

#[derive(Debug, Clone)]
pub struct Report {
    pub template: &'static Template,
    pub template_choice: TemplateChoice,
    pub blocks: Vec<Block>,
    pub front_matter: Option<FrontMatter>,
    pub meta: Meta,
    /// The first level-1 heading's text.
    pub title: Option<Span>,
    pub sections: Vec<SectionHit>,
    /// Shared: the language server's next analysis takes a table that neither changed nor moved
    /// as it is (see `incremental`).
    pub tables: Vec<Arc<BoundTable>>,
    /// Paragraph and sub-head text ranges with the index into `sections` they stand in.
    pub prose: Vec<(Option<usize>, Span)>,
    /// A label of the pre-2019 statistics format, if the report uses it.
    pub legacy_format: Option<Span>,
}

/// Labels of the pre-2019 statistics tables (report years 2008–2018), which nianbao declines.
const LEGACY_CUES: &[&str] = &[
    "主动公开信息数",
    "受理依申请公开信息总数",
    "指标名称",
    "计量单位",
    "同意公开答复数",
];

impl Report {
    pub fn build(text: &str, blocks: Vec<Block>, config_template: Option<&str>) -> Report {
        Report::build_with(text, blocks, config_template, &mut Fresh)
    }

    /// [`Report::build`] with each table's cues and binding taken from `work`.
    pub(crate) fn build_with(
        text: &str,
        blocks: Vec<Block>,
        config_template: Option<&str>,
        work: &mut dyn TableWork,
    ) -> Report {
        let knowledge = Knowledge::get();
        let blocks = converted::rejoin(text, loose::read(text, blocks));
        let front_matter = blocks.iter().find_map(|b| match b {
            Block::FrontMatter(fm) => Some(fm.clone()),
            _ => None,
        });
        let meta = read_meta(text, front_matter.as_ref());
        let (template_no, template_choice) =
            choose_template(text, &blocks, &meta, config_template, work);
        let template = &knowledge.templates[template_no];

        let mut report = Report {
            template,
            template_choice,
            blocks: Vec::new(),
            front_matter,
            meta,
            title: None,
            sections: Vec::new(),
            tables: Vec::new(),
            prose: Vec::new(),
            legacy_format: None,
        };
        let mut block_heading: Option<(usize, Span)> = None;
        for block in &blocks {
            match block {
                Block::Heading(h) => {
                    let Some(content) = h.content.clone() else {
                        continue;
                    };
                    let written = &text[content.clone()];
                    if h.level == 1 && report.title.is_none() && report.sections.is_empty() {
                        report.title = Some(content);
                        continue;
                    }
                    block_heading = None;
                    match work.heading(written, template_no) {
                        HeadingRole::Section(spec, spelling) => report.sections.push(SectionHit {
                            spec,
                            heading: h.range.clone(),
                            label: content,
                            spelling,
                        }),
                        HeadingRole::Block(table) => block_heading = Some((table, content)),
                        HeadingRole::Prose => report
                            .prose
                            .push((report.sections.len().checked_sub(1), content)),
                    }
                }
                Block::Paragraph(p) => {
                    // A converter writes a section title or block heading as a line of its own.
                    let mut prose = p.range.clone();
                    if report.title.is_none() && report.sections.is_empty() {
                        if let Some((title, rest)) = converted::leading_title(text, p) {
                            report.title = Some(title);
                            match (rest.first(), rest.last()) {
                                (Some(first), Some(last)) => prose = first.start..last.end,
                                _ => continue,
                            }
                        }
                    }
                    if let Some((title, rest)) = converted::leading_heading(text, p) {
                        match work.heading(&text[title.clone()], template_no) {
                            HeadingRole::Section(spec, spelling) => {
                                block_heading = None;
                                report.sections.push(SectionHit {
                                    spec,
                                    heading: p.lines[0].clone(),
                                    label: title,
                                    spelling,
                                });
                            }
                            HeadingRole::Block(table) => block_heading = Some((table, title)),
                            HeadingRole::Prose => {}
                        }
                        match (rest.first(), rest.last()) {
                            (Some(first), Some(last)) => prose = first.start..last.end,
                            _ => continue,
                        }
                    } else if let Some(current) = report.sections.last().map(|s| s.spec) {
                        let here = report.sections.len() - 1;
                        let tables_seen = report
                            .tables
                            .last()
                            .is_some_and(|t| t.section == Some(here));
                        let found = |s: usize| report.sections.iter().any(|h| h.spec == s);
                        if let Some(lost) =
                            converted::lost_section(text, p, template, current, tables_seen)
                                .filter(|s| !found(*s))
                        {
                            block_heading = None;
                            report.sections.push(SectionHit {
                                spec: lost,
                                heading: p.lines[0].clone(),
                                label: converted::bare(text, &p.lines[0]),
                                spelling: Spelling::Inferred,
                            });
                        }
                    }
                    report
                        .prose
                        .push((report.sections.len().checked_sub(1), prose));
                }
                Block::Table(t) => {
                    let heading = block_heading.take();
                    let hint = TableHint {
                        block: heading.as_ref().map(|(table, _)| *table),
                        section: report
                            .sections
                            .last()
                            .and_then(|s| sole_table(template, s.spec)),
                    };
                    let binding = work.bind(text, t, template_no, hint);
                    if report.legacy_format.is_none() {
                        report.legacy_format = binding.legacy;
                    }
                    let mut table = binding.table;
                    let section = report.sections.len().checked_sub(1);
                    let block_heading = heading.map(|(_, span)| span);
                    // A remembered table that stands where it stood is already placed so, and
                    // stays shared; any other is placed here (a copy, if it is shared).
                    if table.section != section || table.block_heading != block_heading {
                        let placed = Arc::make_mut(&mut table);
                        placed.section = section;
                        placed.block_heading = block_heading;
                    }
                    report.tables.push(table);
                }
                _ => {}
            }
        }
        if report.front_matter.is_none() {
            if let Some(title) = &report.title {
                let (organization, year) = converted::meta_from_title(text, title);
                report.meta.organization = organization;
                report.meta.year = year;
            }
        }
        report.blocks = blocks;
        report
    }

    pub fn table_spec(&self, table: &BoundTable) -> Option<&'static TableSpec> {
        table.spec.map(|i| &self.template.tables[i])
    }

    /// The first table bound to template table `id`.
    pub fn table(&self, id: &str) -> Option<(&BoundTable, &'static TableSpec)> {
        self.tables.iter().find_map(|t| {
            let spec = self.table_spec(t)?;
            (spec.id == id).then_some((&**t, spec))
        })
    }

    /// The index into `sections` of the section `offset` falls in.
    pub fn section_at(&self, offset: usize) -> Option<usize> {
        self.sections
            .iter()
            .rposition(|s| s.heading.start <= offset)
    }
}

fn read_meta(text: &str, fm: Option<&FrontMatter>) -> Meta {
    let mut meta = Meta {
        organization: None,
        year: None,
        template: None,
        signature: None,
        date: None,
    };
    for field in fm.iter().flat_map(|fm| &fm.fields) {
        let Some(value) = field.value.clone() else {
            continue;
        };
        let entry = Some((text[value.clone()].trim().to_string(), value));
        match text[field.key.clone()].trim() {
            "机关" | "機關" | "organization" | "org" => meta.organization = entry,
            "年度" | "year" => meta.year = entry,
            "模板" | "template" => meta.template = entry,
            "落款" | "signature" => meta.signature = entry,
            "日期" | "date" => meta.date = entry,
            _ => {}
        }
    }
    meta
}

fn choose_template(
    text: &str,
    blocks: &[Block],
    meta: &Meta,
    config: Option<&str>,
    work: &mut dyn TableWork,
) -> (usize, TemplateChoice) {
    let knowledge = Knowledge::get();
    let position = |id: &str| knowledge.templates.iter().position(|t| t.id == id);
    if let Some((name, span)) = &meta.template {
        if let Some(i) = position(name) {
            return (i, TemplateChoice::FrontMatter(span.clone()));
        }
    }
    let mut cues = Cues::of([]);
    for block in blocks {
        match block {
            Block::Table(t) => cues.add(&work.cues(text, t)),
            Block::Heading(h) => {
                let keys: Vec<String> = h.content.iter().map(|c| key(&text[c.clone()])).collect();
                cues.add(&Cues::of(keys.iter().map(String::as_str)));
            }
            _ => {}
        }
    }
    if let Some(i) = cues.winner() {
        return (i, TemplateChoice::Detected);
    }
    if let Some(i) = config.and_then(position) {
        return (i, TemplateChoice::Config);
    }
    (
        position(DEFAULT_TEMPLATE).unwrap_or(0),
        TemplateChoice::Default,
    )
}

/// Where [`Report::build_with`] gets the work that depends on one table or heading alone (and
/// the template): computed afresh ([`Fresh`]), or remembered by an incremental analysis.
pub(crate) trait TableWork {
    /// What the heading `written` is under template `template_no`.
    fn heading(&mut self, written: &str, template_no: usize) -> HeadingRole {
        heading_role(written, template_no)
    }
    /// The template cues in `table`.
    fn cues(&mut self, text: &str, table: &Arc<TableSyntax>) -> Cues;
    /// `table` bound to template `template_no`, where `hint` says.
    fn bind(
        &mut self,
        text: &str,
        table: &Arc<TableSyntax>,
        template_no: usize,
        hint: TableHint,
    ) -> Binding;
}

/// Which template table a table's place points to, for deciding between template tables that
/// recognise as many of its labels.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct TableHint {
    /// The template table the block heading above it (`第二十条第（X）项`) opens: it outweighs
    /// a few labels.
    pub block: Option<usize>,
    /// The one template table of the section it stands in: it only breaks ties.
    pub section: Option<usize>,
}

/// The template table of section `section`, if the section has exactly one.
fn sole_table(template: &Template, section: usize) -> Option<usize> {
    let id = &template.sections.get(section)?.id;
    let mut tables = (0..template.tables.len()).filter(|t| &template.tables[*t].section == id);
    let only = tables.next()?;
    tables.next().is_none().then_some(only)
}

/// A table bound to the template, before the report places it (its `section` and
/// `block_heading` are unset, or a remembered table's placement, which the report checks), with
/// its label of the pre-2019 format, if any.
#[derive(Debug, Clone)]
pub(crate) struct Binding {
    pub table: Arc<BoundTable>,
    pub legacy: Option<Span>,
}

pub(crate) struct Fresh;

impl TableWork for Fresh {
    fn cues(&mut self, text: &str, table: &Arc<TableSyntax>) -> Cues {
        table_cues(text, table)
    }

    fn bind(
        &mut self,
        text: &str,
        table: &Arc<TableSyntax>,
        template_no: usize,
        hint: TableHint,
    ) -> Binding {
        bind(text, table, template_no, hint)
    }
}

pub(crate) fn table_cues(text: &str, table: &TableSyntax) -> Cues {
    let keys: Vec<String> = std::iter::once(&table.header)
        .chain(&table.rows)
        .flat_map(|r| &r.cells)
        .map(|c| key(c.text(text)))
        .collect();
    Cues::of(keys.iter().map(String::as_str))
}

pub(crate) fn bind(
    text: &str,
    table: &Arc<TableSyntax>,
    template_no: usize,
    hint: TableHint,
) -> Binding {
    let folded = FoldedCells::new(text, table);
    Binding {
        legacy: legacy_label(table, &folded),
        table: Arc::new(bind_table(
            text,
            table,
            &folded,
            &Knowledge::get().templates[template_no],
            index(template_no),
            hint,
        )),
    }
}

/// A table's cells as written and folded, header row first. Folding is most of what binding
/// costs, and binding matches every label against every template table, so each cell is folded
/// once. Cells of ASCII alone that are not labels (numbers) are not folded: they can hold neither
/// a label nor a legacy cue.
struct FoldedCells<'t> {
    rows: Vec<Vec<Option<(&'t str, String)>>>,
}

impl<'t> FoldedCells<'t> {
    fn new(text: &'t str, table: &TableSyntax) -> Self {
        let rows = std::iter::once(&table.header)
            .chain(&table.rows)
            .enumerate()
            .map(|(r, row)| {
                row.cells
                    .iter()
                    .enumerate()
                    .map(|(c, cell)| {
                        let written = cell.text(text);
                        (r == 0 || c == 0 || !written.is_ascii()).then(|| (written, key(written)))
                    })
                    .collect()
            })
            .collect();
        FoldedCells { rows }
    }

    /// The header cell `cell`, or the label of data row `row`.
    fn header(&self, cell: usize) -> Option<&(&'t str, String)> {
        self.rows.first()?.get(cell)?.as_ref()
    }

    fn row_label(&self, row: usize) -> Option<&(&'t str, String)> {
        self.rows.get(row + 1)?.first()?.as_ref()
    }
}

fn legacy_label(table: &TableSyntax, folded: &FoldedCells) -> Option<Span> {
    std::iter::once(&table.header)
        .chain(&table.rows)
        .zip(&folded.rows)
        .flat_map(|(row, keys)| row.cells.iter().zip(keys))
        .find_map(|(cell, folded)| {
            let (_, k) = folded.as_ref()?;
            LEGACY_CUES
                .iter()
                .any(|cue| k.contains(cue))
                .then(|| cell.focus())
        })
}

fn bind_table(
    text: &str,
    syntax: &Arc<TableSyntax>,
    folded: &FoldedCells,
    template: &Template,
    idx: &TemplateIndex,
    hint: TableHint,
) -> BoundTable {
    let header_labels = || (1..syntax.header.cells.len()).filter_map(|c| folded.header(c));
    let row_labels = || (0..syntax.rows.len()).filter_map(|r| folded.row_label(r));
    // Score every template table by the labels it recognises; a block heading outweighs a few,
    // the section's one table breaks ties.
    let score = |t: usize| {
        let ti = &idx.tables[t];
        let cols = header_labels()
            .filter(|(w, k)| labels::find_keyed(w, k, &ti.columns).is_some())
            .count();
        let rows = row_labels()
            .filter(|(w, k)| labels::find_keyed(w, k, &ti.rows).is_some())
            .count();
        let block = usize::from(hint.block == Some(t));
        (cols + rows, block)
    };
    let spec = (0..template.tables.len())
        .map(|t| (t, score(t)))
        .filter(|(_, (n, block))| *n > 0 || *block > 0)
        .max_by_key(|(t, (n, block))| {
            let section = hint.section == Some(*t) && *n > 0;
            (*n + 3 * block, section, std::cmp::Reverse(*t))
        })
        .map(|(t, _)| t);

    let mut table = BoundTable {
        spec,
        syntax: syntax.clone(),
        section: None,
        block_heading: None,
        columns: Vec::new(),
        rows: Vec::new(),
        blanks_are_zero: false,
        one_row: false,
    };
    let Some(spec) = spec else { return table };
    let ti = &idx.tables[spec];

    table.columns = syntax
        .header
        .cells
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, cell)| {
            let found = folded.header(i).and_then(|(written, k)| {
                labels::find_keyed(written, k, &ti.columns).or_else(|| {
                    labels::find_damaged(written, &ti.columns).map(|c| (c, Spelling::Damaged))
                })
            });
            BoundColumn {
                cell: i,
                spec: found.map(|(c, _)| c),
                spelling: found.map_or(Spelling::Variant, |(_, s)| s),
                label: cell.focus(),
            }
        })
        .collect();
    // Only the first of duplicated columns counts.
    let mut seen_columns = Vec::new();
    for column in &mut table.columns {
        if let Some(c) = column.spec {
            if seen_columns.contains(&c) {
                column.spec = None;
            } else {
                seen_columns.push(c);
            }
        }
    }

    let width = table.columns.len() + 1;
    let template_spec = &template.tables[spec];
    if let Some(columns) = converted::columns_by_order(syntax, &table.columns, template_spec) {
        table.columns = columns;
    }
    let width = width.max(table.columns.len() + 1);

    let mut seen_rows = Vec::new();
    for (i, row) in syntax.rows.iter().enumerate() {
        // Where the label stands: a converter may have lost it (the values start the row) or
        // spilled a merged label cell into the first column (the label is the second cell).
        let shift = converted::label_shift(text, row, width);
        let label_cell = usize::try_from(shift).ok().and_then(|c| row.cells.get(c));
        let folded_label = if shift == 0 {
            folded.row_label(i).cloned()
        } else {
            label_cell.map(|c| (c.text(text), key(c.text(text))))
        };
        let found = folded_label.as_ref().and_then(|(written, k)| {
            labels::find_keyed(written, k, &ti.rows)
                .or_else(|| labels::find_damaged(written, &ti.rows).map(|r| (r, Spelling::Damaged)))
        });
        if label_cell.is_none() && found.is_none() && shift == 0 {
            continue;
        }
        let row_spec = found.map(|(r, _)| r);
        let duplicate = row_spec.is_some_and(|r| seen_rows.contains(&r));
        if let Some(r) = row_spec {
            seen_rows.push(r);
        }
        let cells_lost = converted::cells_lost(syntax, row, shift, table.columns.len());
        let placed = if cells_lost { &[][..] } else { &row.cells[..] };
        let cells = placed
            .iter()
            .enumerate()
            .filter_map(|(ci, cell)| {
                let at = ci as isize - shift;
                let column = table
                    .columns
                    .iter()
                    .position(|c| at >= 1 && c.cell as isize == at)?;
                Some(BoundCell {
                    column,
                    range: cell.focus(),
                    cell: cell.range.clone(),
                    value: value::parse(cell.text(text)),
                })
            })
            .collect();
        table.rows.push(BoundRow {
            syntax: i,
            spec: row_spec,
            spelling: found.map_or(Spelling::Variant, |(_, s)| s),
            label: label_cell.map_or(row.range.start..row.range.start, |c| c.focus()),
            cells,
            duplicate,
            cells_lost,
        });
    }
    converted::rows_by_order(&mut table.rows, template_spec);
    if let Some((columns, rows)) = one_row::read(text, syntax, &table, template_spec) {
        table.columns = columns;
        table.rows = rows;
        table.one_row = true;
    }
    table.blanks_are_zero = blanks_are_zero(&table, &template.tables[spec]);
    table
}

/// Whether the table writes its zeros as blanks: no 0 anywhere, a number somewhere, and a blank
/// in a data row (group rows are blank in every table).
fn blanks_are_zero(table: &BoundTable, spec: &crate::knowledge::template::TableSpec) -> bool {
    use crate::knowledge::template::RowRole;
    let data = |r: &BoundRow| r.spec.is_some_and(|s| spec.rows[s].role == RowRole::Data);
    let values = || table.rows.iter().flat_map(|r| &r.cells).map(|c| &c.value);
    let zero = values().any(|v| matches!(v, Value::Number(n) if n.scaled == 0));
    let number = values().any(|v| matches!(v, Value::Number(_)));
    let blank = table
        .rows
        .iter()
        .filter(|r| data(r))
        .flat_map(|r| &r.cells)
        .any(|c| c.value == Value::Missing);
    !zero && number && blank
}
