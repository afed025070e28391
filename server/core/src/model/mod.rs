//! The report model: the blocks of a document bound to the template — which heading is which
//! section, which table is which template table, which row and column each cell belongs to.

mod all_tables;
mod bind;
mod bound;
pub(crate) mod converted;
mod cues;
pub(crate) mod displaced;
mod folded;
mod heading;
mod index;
mod label_set;
pub mod labels;
mod loose;
mod one_row;
mod pieces;
mod recognised;

pub(crate) use bind::{bind, table_cues, Binding, TableHint};
pub use bound::{BoundCell, BoundColumn, BoundRow, BoundTable, CellAt, SectionHit};
pub use converted::organ_and_year;
pub use cues::{detect_template, Cues};
pub use heading::section_heading;
pub(crate) use heading::{heading_role, HeadingRole};
pub use index::{index, TableIndex, TemplateIndex};
pub use label_set::LabelSet;

use crate::knowledge::template::{TableSpec, Template};
use crate::knowledge::{Knowledge, DEFAULT_TEMPLATE};
use crate::normalize::key;
use crate::syntax::{Block, FrontMatter, Span, TableSyntax};
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

impl Report {
    /// Whether the text is an annual report at all: it has front matter, a section heading of
    /// the template or one of its tables. A README beside the reports has none of them.
    pub fn is_a_report(&self) -> bool {
        !self.sections.is_empty()
            || self.tables.iter().any(|t| t.spec.is_some())
            || self.front_matter.is_some()
    }

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
        // A converter's Markdown (no front matter) may print one table as several.
        let blocks = match front_matter {
            None => pieces::join(text, blocks, template_no),
            Some(_) => blocks,
        };

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

/// The template table of section `section`, if the section has exactly one.
fn sole_table(template: &Template, section: usize) -> Option<usize> {
    let id = &template.sections.get(section)?.id;
    let mut tables = (0..template.tables.len()).filter(|t| &template.tables[*t].section == id);
    let only = tables.next()?;
    tables.next().is_none().then_some(only)
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
