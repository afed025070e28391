//! Crawler text whose table cells run together (`一、本年新收政府信息公开申请数量170000017`),
//! often a whole page on one line with the site's chrome around it.
//!
//! The labels are the anchors: the section titles, the `第二十条第（X）项` headings and the row
//! labels are found in the text with its spaces taken out ([`page`]), and the digits after a
//! row's label are that row's cells ([`cells`]). A run of digits splits into cells in more than
//! one way; the template's relations, evaluated by the core, choose the split where exactly one
//! is consistent ([`split`]). Where several remain, the cells they disagree on are written
//! `待核` and a comment above the table lists the source's digits and every candidate; a
//! relation broken under every split is reported as the report's own error. Every split the
//! relations chose is an inference note at its table.

mod cells;
mod dropped;
mod page;
mod prose;
mod split;

use crate::build::{Block, Row, Table};
use crate::index::Index;
use crate::source::{Format, Place};
use crate::{say, write, ImportError, Imported, Lang, Note, Options};
use cells::{Found, Unit};
use nianbao_core::check::relations::{self, Cell, Instance};
use nianbao_core::knowledge::template::{RowRole, Template, ValueKind};
use nianbao_core::knowledge::{Knowledge, DEFAULT_TEMPLATE};
use nianbao_core::model::{detect_template, Report};
use nianbao_core::normalize::{key, strip_ordinal};
use nianbao_core::value::REVIEW_MARK;
use page::{Compact, Text};
use std::collections::HashMap;

/// Whether `text` runs table cells together: three or more of the templates' row labels are
/// followed directly by digits that no unit follows (`…申请数量170000017`). Text layouts with cells on lines of
/// their own, or separated by spaces, tabs or pipes, never have that. Compared folded as the
/// checker folds labels (traditional characters, full-width forms), spaces kept as separators.
pub fn looks_fused(text: &str) -> bool {
    let folded: String = text
        .chars()
        .flat_map(|c| {
            if page::is_space(c) {
                " ".to_string()
            } else {
                key(c.encode_utf8(&mut [0; 4]))
            }
            .chars()
            .collect::<Vec<_>>()
        })
        .collect();
    let mut labels: Vec<String> = Knowledge::get()
        .templates
        .iter()
        .flat_map(|t| &t.tables)
        .flat_map(|t| &t.rows)
        .flat_map(|r| std::iter::once(&r.label).chain(&r.variants))
        .map(|l| strip_ordinal(&key(l)).to_string())
        .filter(|l| l.chars().count() >= 4)
        .collect();
    labels.sort();
    labels.dedup();
    // Digits after a label and before a unit are a sentence's count (`予以公开117件`).
    let glued = |label: &String| {
        folded.match_indices(label.as_str()).any(|(i, m)| {
            let rest = &folded[i + m.len()..];
            let digits = rest.chars().take_while(char::is_ascii_digit).count();
            digits > 0
                && !rest
                    .chars()
                    .nth(digits)
                    .is_some_and(|c| cells::UNITS.contains(c))
        })
    };
    labels.iter().filter(|l| glued(l)).count() >= 3
}

/// Whether `text` is a report that prints none of the template's tables: four or more of the
/// template's section headings stand in it in order (`三、收到和处理政府信息公开申请情况`), and
/// none of the long row labels that only a table carries (`本年新收政府信息公开申请数量`). A
/// real provincial department's page says `未收到政府信息公开申请` under 三 and prints no table
/// at all; its text is the report, and the tables it left out are `check`'s to report.
pub fn looks_tableless(text: &str) -> bool {
    let folded: String = text
        .chars()
        .filter(|c| !page::is_space(*c))
        .map(|c| key(c.encode_utf8(&mut [0; 4])))
        .collect();
    let knowledge = Knowledge::get();
    let table_only = knowledge
        .templates
        .iter()
        .flat_map(|t| &t.tables)
        .flat_map(|t| &t.rows)
        .map(|r| strip_ordinal(&key(&r.label)).to_string())
        .filter(|l| l.chars().count() >= 10);
    if table_only.into_iter().any(|l| folded.contains(&l)) {
        return false;
    }
    let Some(template) = knowledge
        .template(DEFAULT_TEMPLATE)
        .or(knowledge.templates.first())
    else {
        return false;
    };
    let mut from = 0;
    let mut found = 0;
    for s in &template.sections {
        let at = std::iter::once(&s.title)
            .chain(&s.variants)
            .filter_map(|t| {
                let heading = key(&format!("{}、{t}", s.number));
                folded[from..]
                    .find(&heading)
                    .map(|i| from + i + heading.len())
            })
            .min();
        if let Some(end) = at {
            from = end;
            found += 1;
        }
    }
    found >= TABLELESS_HEADINGS
}

/// How many of the six section headings a report without tables must show to be read as one.
const TABLELESS_HEADINGS: usize = 4;

/// Imports run-together text (already decoded).
pub fn import(
    text: &str,
    encoding: &'static str,
    options: &Options,
) -> Result<Imported, ImportError> {
    let lang = options.lang;
    let source = Text::new(text);
    let mut notes = Vec::new();
    let (body, header_title, header) = page::header(&source);
    for (at, line) in header {
        let message = say(
            lang,
            format!("删去了抓取工具加在开头的信息行“{line}”"),
            format!("dropped the crawler's header line “{line}”"),
        );
        notes.push(Note::new(Some(source.place(at)), message));
    }
    let mut removed = vec![false; source.chars.len()];
    let raw = Compact::new(&source, body, &removed);
    let mut attachments = Vec::new();
    for (a, b) in page::chrome(&raw) {
        let what = raw.string(a, b);
        let message = say(
            lang,
            format!("删去了网页上的无关文字“{what}”"),
            format!("dropped page chrome “{what}”"),
        );
        notes.push(Note::new(
            Some(source.place(raw.origin(a, &source))),
            message,
        ));
        for i in a..b {
            removed[raw.at[i]] = true;
        }
        if what.starts_with("附件") {
            attachments.push((raw.origin(a, &source), what));
        }
    }
    let compact = Compact::new(&source, body, &removed);
    let template = choose_template(&compact, options.template, lang)?;
    let index = Index::new(template, lang);
    let headings = headings(&compact, template);

    // The title: the crawler's header, else the text before the report, else an attachment.
    let first_heading = headings.iter().flatten().map(|h| h.0).min();
    let before = compact.string(0, first_heading.unwrap_or(compact.chars.len()));
    let mut body_from = 0;
    let title = match (&header_title, page::title_in(&before)) {
        (Some(t), _) => Some(t.clone()),
        (None, Some(found)) if found.in_sentence => {
            // The page prints no title; its preamble names the report. The sentence stays as
            // the report's text; the title is what it names.
            let named = compact.string(found.from, found.to);
            notes.push(Note::inferred(
                Some(source.place(compact.origin(found.from, &source))),
                say(
                    lang,
                    format!("页面没有标题：标题取自导语中提到的“{named}”"),
                    format!("the page prints no title: the title is the report its preamble names, “{named}”"),
                ),
            ));
            Some(named)
        }
        (None, Some(page::Title { from: a, to: b, .. })) => {
            if a > 0 {
                let what = compact.string(0, a);
                let message = say(
                    lang,
                    format!("删去了标题前的网页文字“{what}”"),
                    format!("dropped page chrome before the title “{what}”"),
                );
                notes.push(Note::new(
                    Some(source.place(compact.origin(0, &source))),
                    message,
                ));
            }
            body_from = b;
            Some(compact.string(a, b))
        }
        (None, None) => attachments.iter().find_map(|(at, name)| {
            let page::Title { from: a, to: b, .. } = page::title_in(name)?;
            let t: String = name.chars().skip(a).take(b - a).collect();
            notes.push(Note::inferred(
                Some(source.place(*at)),
                say(
                    lang,
                    format!("标题取自页面所附文件的文件名“{t}”"),
                    format!(
                        "the title is taken from the file name of the page's attachment, “{t}”"
                    ),
                ),
            ));
            Some(t)
        }),
    };
    let title = title.or_else(|| {
        let t = crate::title::of_file_name(options.source_name)?;
        notes.push(Note::inferred(
            None,
            say(
                lang,
                format!("页面没有标题；标题、机关和年度取自文件名“{}”", options.source_name),
                format!(
                    "the page has no title; the title, organ and year are taken from the file name “{}”",
                    options.source_name
                ),
            ),
        ));
        Some(t)
    });

    // The tables stand from the first table section's heading to the next prose section's.
    let table_section = |s: usize| {
        template
            .tables
            .iter()
            .any(|t| t.section == template.sections[s].id)
    };
    let tables_from = (0..headings.len())
        .filter(|&s| table_section(s))
        .find_map(|s| headings[s].map(|h| h.1))
        .unwrap_or(body_from);
    let tables_to = (0..headings.len())
        .filter(|&s| !table_section(s))
        .filter_map(|s| headings[s].map(|h| h.0))
        .filter(|&a| a >= tables_from)
        .min()
        .unwrap_or(compact.chars.len());
    let found = cells::read(&compact, tables_from, tables_to, &index).map_err(|(a, message)| {
        ImportError {
            at: Some(source.place(compact.origin(a, &source))),
            message,
        }
    })?;
    if found.units.is_empty() {
        if headings.iter().flatten().count() < TABLELESS_HEADINGS {
            return Err(ImportError::new(say(
                lang,
                "文字里数字和标签连在一起，但模板表格的行标签后面都没有数字：这不像按模板格式编写的年报",
                "the text runs numbers into labels, but no row of the template's tables is followed by numbers: not a report in the template's format",
            )));
        }
        // The sections are there and the tables are not: the text is imported as it is and
        // the missing tables are check's findings, never an import refused for want of them.
        notes.push(Note::new(
            None,
            say(
                lang,
                "报告没有印出模板的任何表格：只导入了文字（各部分标题齐全），缺少的表格由 check 报告",
                "the report prints none of the template's tables: its text is imported (its section headings are there) and check reports the missing tables",
            ),
        ));
    }
    for (a, digits) in &found.prose_numbers {
        let message = say(
            lang,
            format!("表格之间的数字“{digits}”后面带单位，是句子里的数，不是表格的格，没有放进表格"),
            format!("the number “{digits}” among the tables is in a sentence, not a cell: left out of the tables"),
        );
        notes.push(Note::new(
            Some(source.place(compact.origin(*a, &source))),
            message,
        ));
    }

    let at = |u: &Unit| source.place(compact.origin(u.at, &source));
    let vars = variables(&found, &index, &at)?;
    let instances = template_instances(&found, &index, template);
    let mut decision = split::decide(&vars, &instances);
    let written = |values: &[Vec<String>]| {
        let tables = tables(&found, &index, values);
        let blocks = blocks(
            &source,
            &compact,
            template,
            &headings,
            title.clone(),
            body_from,
            tables,
            &removed,
        );
        let meta = write::Meta::default();
        write::markup(&blocks, &[], &index, &meta)
    };
    let (open, _) = outcome(&found, &vars, &decision, &instances, &index, &at);
    let contradicted = prose::narrow(&vars, &mut decision, &open, &written);
    let (values, split_notes) = outcome(&found, &vars, &decision, &instances, &index, &at);
    notes.extend(split_notes);
    for c in contradicted {
        let unit = &found.units[c.var];
        let (label, digits, code) = (unit_label(&index, unit), &unit.digits, c.code);
        let statement = &c.statement;
        // `不符：` marks the note as a mismatch check reports (NB238), like `错误：` (NB236).
        let message = index.say(
            format!("不符：{statement}（{code}），而“{label}”的数字“{digits}”的每一种拆分都与之不符：正文与表格不一致；涉及的格写作待核，表中无法再核对"),
            format!("mismatch: {statement} ({code}), and no split of the digits “{digits}” of “{label}” agrees with it: the text and the table disagree; the cells are written 待核, so the table cannot show it"),
        );
        notes.push(Note::inferred_in_table(Some(at(unit)), unit.table, message));
    }

    let tables = tables(&found, &index, &values);
    let numbers = values
        .iter()
        .flatten()
        .filter(|v| v.as_str() != REVIEW_MARK)
        .count();
    let blocks = blocks(
        &source, &compact, template, &headings, title, body_from, tables, &removed,
    );
    let (title_org, mut title_year) = blocks
        .iter()
        .find_map(|b| match b {
            Block::Title(t) => Some(write::from_title(t)),
            _ => None,
        })
        .unwrap_or_default();
    if title_year.is_none() && options.year.is_none() {
        title_year = crate::title::year_of_the_period(&blocks, &mut notes, lang);
    }
    let organization = match (options.organization, title_org) {
        (Some(given), _) => Some(given.to_string()),
        (None, Some(titled)) => Some(titled),
        (None, None) => crate::title::organ_of_the_signature(&blocks, &mut notes, lang),
    };
    let meta = write::Meta {
        source: options.source_name,
        layout: Format::Fused.name(),
        encoding,
        organization,
        year: options.year.map(str::to_string).or(title_year),
    };
    let markup = write::markup(&blocks, &notes, &index, &meta);
    Ok(Imported {
        markup,
        format: Format::Fused,
        encoding,
        template: template.id.clone(),
        notes,
        numbers,
    })
}

fn choose_template(
    compact: &Compact,
    forced: Option<&str>,
    lang: Lang,
) -> Result<&'static Template, ImportError> {
    let knowledge = Knowledge::get();
    if let Some(id) = forced {
        return knowledge
            .template(id)
            .ok_or_else(|| ImportError::new(crate::unknown_template(id, lang)));
    }
    // The checker's own detection: its cues are looked for inside the folded text.
    let folded = key(&compact.string(0, compact.chars.len()));
    Ok(match detect_template(&[folded]) {
        Some(i) => &knowledge.templates[i],
        None => knowledge
            .template(DEFAULT_TEMPLATE)
            .unwrap_or(&knowledge.templates[0]),
    })
}

/// Per section of the template, where its heading (`一、总体情况`) stands in the compact text,
/// found in order.
fn headings(compact: &Compact, template: &Template) -> Vec<Option<(usize, usize)>> {
    let mut from = 0;
    template
        .sections
        .iter()
        .map(|s| {
            let spellings = || {
                std::iter::once(&s.title)
                    .chain(&s.variants)
                    .map(|t| key(&format!("{}、{t}", s.number)))
            };
            // A heading printed with a character too many or too few is still the section's
            // heading, kept as printed (check notes the damage); never dropped and replaced.
            let found = spellings()
                .filter_map(|k| compact.find_folded(&k, from))
                .min()
                .or_else(|| {
                    spellings()
                        .filter_map(|k| compact.find_folded_damaged(&k, from))
                        .min()
                });
            if let Some((_, b)) = found {
                from = b;
            }
            found
        })
        .collect()
}

/// The cells of a unit's position `p`: (template row, column).
fn position(index: &Index, unit: &Unit, p: usize) -> (usize, usize) {
    let columns = index.spec(unit.table).columns.len();
    (unit.rows[p / columns], p % columns)
}

fn unit_label(index: &Index, unit: &Unit) -> String {
    unit.label
        .clone()
        .unwrap_or_else(|| index.spec(unit.table).title.clone())
}

fn variables(
    found: &Found,
    index: &Index,
    at: &dyn Fn(&Unit) -> Place,
) -> Result<Vec<split::Var>, ImportError> {
    let mut seen: HashMap<(usize, usize), usize> = HashMap::new();
    let mut vars = Vec::new();
    for (u, unit) in found.units.iter().enumerate() {
        for &r in &unit.rows {
            if let Some(first) = seen.insert((unit.table, r), u) {
                let label = &index.spec(unit.table).rows[r].label;
                let first = at(&found.units[first]).show(index.lang);
                return Err(ImportError {
                    at: Some(at(unit)),
                    message: index.say(
                        format!(
                            "“{label}”行出现了两次（第一次在 {first}），不知道哪一次的数字是对的"
                        ),
                        format!("the row “{label}” appears twice (first at {first})"),
                    ),
                });
            }
        }
        let n = unit.rows.len() * index.spec(unit.table).columns.len();
        let label = unit_label(index, unit);
        let signed = |p: usize| {
            let (_, col) = position(index, unit, p);
            index.spec(unit.table).columns[col].kind == ValueKind::SignedCount
        };
        let (digits, most) = (&unit.digits, split::MAX_SPLITS);
        let cells: Vec<Cell> = (0..n)
            .map(|p| {
                let (row, col) = position(index, unit, p);
                Cell {
                    table: unit.table,
                    row,
                    col,
                }
            })
            .collect();
        if digits.is_empty() {
            // A row printed with its label and no figures: its cells are blank, as printed.
            vars.push(split::Var {
                candidates: vec![vec![String::new(); n]],
                cells,
                unplaced: false,
            });
            continue;
        }
        // Cells the page separated with spaces are kept apart, unless no split can.
        let candidates = match split::splits(digits, n, &unit.breaks) {
            Some(c) if c.is_empty() && !unit.breaks.is_empty() => split::splits(digits, n, &[]),
            other => other,
        };
        let candidates = candidates.ok_or_else(|| ImportError {
            at: Some(at(unit)),
            message: index.say(
                format!("“{label}”的数字“{digits}”拆成 {n} 格的拆法超过 {most} 种，太多，无法逐一核对：请对照原件手工录入这一行"),
                format!("the digits “{digits}” of “{label}” split into more than {most} ways of {n} cells: too many to search"),
            ),
        })?;
        // Only a column that may change either way (本年增/减) holds a signed number.
        let candidates: Vec<Vec<String>> = candidates
            .into_iter()
            .filter(|c| (0..n).all(|p| !c[p].starts_with(['-', '+']) || signed(p)))
            .collect();
        // No split (a cell the page dropped): the row's cells are 待核 and its digits are
        // quoted in the note at the row; the rest of the report imports.
        let unplaced = candidates.is_empty();
        let candidates = if unplaced {
            vec![vec![REVIEW_MARK.to_string(); n]]
        } else {
            candidates
        };
        vars.push(split::Var {
            candidates,
            cells,
            unplaced,
        });
    }
    Ok(vars)
}

/// The core's relation instances on the tables as they will be written, with cells keyed by
/// template table (the markup writes each template table once).
fn template_instances(found: &Found, index: &Index, template: &Template) -> Vec<Instance> {
    // Any number stands in for the cells: which instances exist depends only on which rows and
    // columns have values.
    let placeholder: Vec<Vec<String>> = found
        .units
        .iter()
        .map(|u| vec!["0".to_string(); u.rows.len() * index.spec(u.table).columns.len()])
        .collect();
    let blocks: Vec<Block> = tables(found, index, &placeholder)
        .into_iter()
        .map(Block::Table)
        .collect();
    let meta = write::Meta::default();
    let markup = write::markup(&blocks, &[], index, &meta);
    let tree = nianbao_core::syntax::parse(&markup, None);
    let report = Report::build(
        &markup,
        nianbao_core::syntax::blocks(&tree, &markup),
        Some(&template.id),
    );
    let spec_of: Vec<Option<usize>> = report.tables.iter().map(|t| t.spec).collect();
    relations::instances(&report)
        .into_iter()
        .filter_map(|mut i| {
            let to_spec = |c: &mut Cell| -> Option<()> {
                c.table = spec_of.get(c.table).copied().flatten()?;
                Some(())
            };
            to_spec(&mut i.target)?;
            for (c, _) in &mut i.terms {
                to_spec(c)?;
            }
            Some(i)
        })
        .collect()
}

/// The cells to write per unit, and the notes on how each run was split.
fn outcome(
    found: &Found,
    vars: &[split::Var],
    decision: &split::Decision,
    instances: &[Instance],
    index: &Index,
    at: &dyn Fn(&Unit) -> Place,
) -> (Vec<Vec<String>>, Vec<Note>) {
    let mut notes = Vec::new();
    let mut values = Vec::new();
    for (u, (unit, var)) in found.units.iter().zip(vars).enumerate() {
        let remaining = &decision.remaining[u];
        let label = unit_label(index, unit);
        let written = |c: usize| var.candidates[c].join("|");
        let digits = &unit.digits;
        let ways = var.candidates.len();
        let n = var.cells.len();
        if var.unplaced {
            // Read as one cell fewer, the digits place the dropped blank at these cells only.
            let places = dropped::candidates(unit, var, instances);
            let (where_zh, where_en) = if places.is_empty() {
                (String::new(), String::new())
            } else {
                let (k, names) = (places.len(), dropped::named(index, unit, &places));
                (
                    format!("若页面略去的是一个空格，按本行的数字与勾稽关系（空格按 0 计），它可能在以下 {k} 格之一：{names}；"),
                    format!("had the page dropped one blank cell, by the row's digits and relations (a blank counted as 0) it is one of these {k}: {names}; "),
                )
            };
            // The marker `待核：` stays in English too: it names the cells written 待核.
            let message = index.say(
                format!("待核：“{label}”的数字“{digits}”拆不成 {n} 格（数字位数不够，或有数字不该有的前导 0：页面可能略去了空白的格），不知道每个数字属于哪一格；{where_zh}这一行的格都写作待核，原件的数字照录于此，请对照原件填写"),
                format!("待核: the digits “{digits}” of “{label}” cannot be {n} cells (too few digits, or a leading zero no number has: the page may have dropped a blank cell), so which cell each belongs to is unknown; {where_en}the row's cells are written 待核, the printed digits kept here: fill them in from the original"),
            );
            notes.push(Note::inferred_in_table(Some(at(unit)), unit.table, message));
            values.push(var.candidates[0].clone());
            continue;
        }
        if digits.is_empty() {
            values.push(var.candidates[0].clone());
            continue;
        }
        if remaining.len() == 1 {
            let c = remaining[0];
            let split = written(c);
            let message = if decision.by_prose[u] {
                Some(index.say(
                    format!("“{label}”的数字“{digits}”可拆为{ways}种，取与正文所述数字相符的唯一拆分 {split}"),
                    format!("the digits “{digits}” of “{label}” split {ways} ways; taken: {split}, the only split that agrees with the figures the text states"),
                ))
            } else if ways > 1 {
                // Relations broken under every split were set aside: they fail under this
                // one too, and the note must not say otherwise.
                let mut failing: Vec<&str> = decision
                    .broken
                    .iter()
                    .filter(|i| var.cells.iter().any(|c| i.contains(*c)))
                    .map(|i| index.template.relations[i.relation].id.as_str())
                    .collect();
                failing.dedup();
                Some(if failing.is_empty() {
                    index.say(
                        format!("“{label}”的数字“{digits}”可拆为{ways}种，按本表勾稽关系唯一成立的拆分为 {split}"),
                        format!("the digits “{digits}” of “{label}” split {ways} ways; taken: {split}, the only split under which the table's relations hold"),
                    )
                } else {
                    let failing = failing.join("、");
                    index.say(
                        format!("“{label}”的数字“{digits}”可拆为{ways}种，除在任何拆分下都不成立的 {failing} 外，按本表其余勾稽关系唯一成立的拆分为 {split}（{failing} 在此拆分下也不成立）"),
                        format!("the digits “{digits}” of “{label}” split {ways} ways; taken: {split}, the only split under which the table's other relations hold ({failing}, broken under every split, fail under it too)"),
                    )
                })
            } else if var.cells.len() > 1
                && !vars_touched_by_relations(var, instances)
                && split::splits(digits, var.cells.len() - 1, &unit.breaks)
                    .is_some_and(|s| !s.is_empty())
            {
                // The page drops an empty cell without a trace: one cell fewer reads too.
                Some(index.say(
                    format!("“{label}”的数字“{digits}”只有一种拆分 {split}，本表没有勾稽关系可以核对；若页面略去了一个空格，这些数字也能读作少一格"),
                    format!("the digits “{digits}” of “{label}” split one way only, {split}, and no relation of the table checks it; had the page dropped an empty cell, they would also read as one cell fewer"),
                ))
            } else {
                None
            };
            if let Some(message) = message {
                notes.push(Note::inferred_in_table(Some(at(unit)), unit.table, message));
            }
            values.push(var.candidates[c].clone());
            continue;
        }
        let cells: Vec<String> = (0..n)
            .map(|p| {
                let first = &var.candidates[remaining[0]][p];
                if remaining.iter().all(|&c| &var.candidates[c][p] == first) {
                    first.clone()
                } else {
                    REVIEW_MARK.to_string()
                }
            })
            .collect();
        let why = if decision.undecided {
            index.say(
                "拆分组合过多，跨行勾稽关系的搜索超出上限",
                "too many combinations of splits: the search over the relations across rows went past its limit",
            )
        } else if decision.conflict {
            index.say(
                "勾稽关系在任何拆分组合下都不能同时成立",
                "the relations cannot all hold under any combination of splits",
            )
        } else if vars_touched_by_relations(var, instances) {
            index.say("勾稽关系不能判定", "the relations cannot decide")
        } else {
            index.say("本表没有勾稽关系", "the table has no relations")
        };
        let why = match decision.ruled_out_by_prose[u] {
            0 => why,
            out => index.say(
                format!("{why}；正文所述数字排除了其余 {out} 种"),
                format!("{why}; the figures the text states rule out {out} others"),
            ),
        };
        let list: Vec<String> = remaining.iter().map(|&c| written(c)).collect();
        let left = remaining.len();
        // The marker `待核：` stays in English too: it names the cells written 待核.
        let message = index.say(
            format!("待核：“{label}”的数字“{digits}”有{left}种拆分（{why}），不能确定的格写作待核；候选：{}", list.join("；")),
            format!("待核: the digits “{digits}” of “{label}” split {left} ways ({why}); the cells they do not agree on are written 待核; candidates: {}", list.join("; ")),
        );
        notes.push(Note::inferred_in_table(Some(at(unit)), unit.table, message));
        values.push(cells);
    }
    for inst in &decision.broken {
        let owner = found
            .units
            .iter()
            .zip(vars)
            .find(|(_, v)| v.cells.contains(&inst.target))
            .or_else(|| {
                found
                    .units
                    .iter()
                    .zip(vars)
                    .find(|(u, _)| u.table == inst.target.table)
            });
        let Some((unit, _)) = owner else { continue };
        let spec = index.spec(inst.target.table);
        let relation = &index.template.relations[inst.relation];
        let (id, statement) = (&relation.id, &relation.statement);
        let (row, column) = (
            &spec.rows[inst.target.row].label,
            &spec.columns[inst.target.col].label,
        );
        // Where a cell of the relation is 待核, check cannot compute the error from the table:
        // the note is the error (`错误：`, NB236). Otherwise check reports it at the cells, and
        // the note only says where it came from.
        let written = |c: &Cell| -> Option<&str> {
            let (v, p) = vars
                .iter()
                .enumerate()
                .find_map(|(v, var)| var.cells.iter().position(|x| x == c).map(|p| (v, p)))?;
            values.get(v)?.get(p).map(String::as_str)
        };
        let hidden = std::iter::once(&inst.target)
            .chain(inst.terms.iter().map(|(c, _)| c))
            .any(|c| written(c) == Some(REVIEW_MARK));
        let message = if hidden {
            index.say(
                format!("错误：勾稽关系 {id}（{statement}）在“{row}”“{column}”处，于这些数字的每一种拆分下都不成立：这是报告本身的错误；涉及的格写作待核，表中无法再核对"),
                format!("error: relation {id} ({statement}) at “{row}” “{column}” is broken under every split of these digits: the report's own error; cells it concerns are written 待核, so the table cannot show it"),
            )
        } else {
            index.say(
                format!("勾稽关系 {id}（{statement}）在“{row}”“{column}”处，于这些数字的每一种拆分下都不成立：这是报告本身的错误，check 在表中报告"),
                format!("relation {id} ({statement}) at “{row}” “{column}” is broken under every split of these digits: the report's own error, which check reports in the table"),
            )
        };
        notes.push(Note::inferred_in_table(
            Some(at(unit)),
            inst.target.table,
            message,
        ));
    }
    (values, notes)
}

fn vars_touched_by_relations(var: &split::Var, instances: &[Instance]) -> bool {
    instances
        .iter()
        .any(|i| var.cells.iter().any(|c| i.contains(*c)))
}

/// The template tables the units fill, in template order, each unit's cells from `values`.
fn tables(found: &Found, index: &Index, values: &[Vec<String>]) -> Vec<Table> {
    let mut out = Vec::new();
    for t in 0..index.table_count() {
        let units: Vec<(usize, &Unit)> = found
            .units
            .iter()
            .enumerate()
            .filter(|(_, u)| u.table == t)
            .collect();
        if units.is_empty() {
            continue;
        }
        let spec = index.spec(t);
        let columns = spec.columns.len();
        let mut rows: Vec<Row> = Vec::new();
        for (r, row) in spec.rows.iter().enumerate() {
            let given = units.iter().find_map(|(u, unit)| {
                let k = unit.rows.iter().position(|&x| x == r)?;
                let label = match (&unit.label, unit.rows.len()) {
                    (Some(l), 1) => l.clone(),
                    _ => row.label.clone(),
                };
                Some((label, values[*u][k * columns..(k + 1) * columns].to_vec()))
            });
            match given {
                Some((label, cells)) => rows.push(Row {
                    spec: r,
                    label,
                    cells,
                }),
                // A heading row, or a subtotal the source leaves blank, over rows it has.
                None if row.role != RowRole::Data
                    && spec.rows.iter().enumerate().any(|(c, child)| {
                        child.parent.as_deref() == Some(row.id.as_str())
                            && units.iter().any(|(_, u)| u.rows.contains(&c))
                    }) =>
                {
                    rows.push(Row {
                        spec: r,
                        label: row.label.clone(),
                        cells: if row.role == RowRole::Group {
                            Vec::new()
                        } else {
                            vec![String::new(); columns]
                        },
                    })
                }
                None => {}
            }
        }
        let first_at = units.iter().map(|(_, u)| u.at).min().unwrap_or(0);
        let previous_at = found
            .units
            .iter()
            .filter(|u| u.table != t && u.at < first_at)
            .map(|u| u.at)
            .max()
            .unwrap_or(0);
        out.push(Table {
            spec: t,
            block: found
                .blocks
                .iter()
                .find(|(b, _)| *b == t)
                .map(|(_, text)| text.clone()),
            label_header: None,
            note: found
                .notes
                .iter()
                .find(|(at, _)| *at >= previous_at && *at < first_at)
                .map(|(_, n)| n.clone()),
            columns: spec
                .columns
                .iter()
                .enumerate()
                .map(|(c, col)| (c, col.label.clone()))
                .collect(),
            rows,
        });
    }
    out
}

/// The report in order: title, each section's heading, its prose or its tables.
#[allow(clippy::too_many_arguments)]
fn blocks(
    source: &Text,
    compact: &Compact,
    template: &Template,
    headings: &[Option<(usize, usize)>],
    title: Option<String>,
    body_from: usize,
    mut tables: Vec<Table>,
    removed: &[bool],
) -> Vec<Block> {
    let mut out: Vec<Block> = title.into_iter().map(Block::Title).collect();
    let first = headings.iter().flatten().map(|h| h.0).min();
    if let Some(first) = first {
        paragraphs(source, compact, body_from, first, removed, &mut out);
    }
    for (s, section) in template.sections.iter().enumerate() {
        let own: Vec<Table> = {
            let (own, rest): (Vec<Table>, Vec<Table>) = tables
                .into_iter()
                .partition(|t| template.tables[t.spec].section == section.id);
            tables = rest;
            own
        };
        match headings[s] {
            Some((a, b)) => out.push(Block::Heading {
                text: compact.string(a, b),
                restored: false,
            }),
            None if !own.is_empty() => out.push(Block::Heading {
                text: format!("{}、{}", section.number, section.title),
                restored: true,
            }),
            None => continue,
        }
        if own.is_empty() {
            if let Some((_, b)) = headings[s] {
                let next = headings[s + 1..]
                    .iter()
                    .flatten()
                    .map(|h| h.0)
                    .next()
                    .unwrap_or(compact.chars.len());
                paragraphs(source, compact, b, next, removed, &mut out);
            }
        }
        out.extend(own.into_iter().map(Block::Table));
    }
    out
}

/// The prose between compact positions `from` and `to`, as written (with its spaces), in
/// paragraphs at line breaks and at the ideographic spaces that indent a paragraph.
fn paragraphs(
    source: &Text,
    compact: &Compact,
    from: usize,
    to: usize,
    removed: &[bool],
    out: &mut Vec<Block>,
) {
    if from >= to {
        return;
    }
    let (a, b) = (compact.origin(from, source), compact.origin(to, source));
    let text: String = (a..b)
        .filter(|&i| !removed[i])
        .map(|i| source.chars[i])
        .collect();
    for p in text
        .split(['\n', '\r'])
        .flat_map(|l| l.split("\u{3000}\u{3000}"))
    {
        let p = crate::source::trim(p);
        if !p.is_empty() {
            out.push(Block::Paragraph(p.to_string()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::looks_fused;

    #[test]
    fn cells_run_together_are_told_from_the_other_layouts() {
        let fused = "一、本年新收政府信息公开申请数量170000017二、上年结转政府信息公开申请数量0000000（一）予以公开170000017";
        assert!(looks_fused(fused));
        // Spaces, tabs, pipes or line breaks between label and value: another layout.
        assert!(!looks_fused(
            &fused
                .replace("量1", "量 1")
                .replace("开1", "开\t1")
                .replace("量0", "量|0")
        ));
        // A sentence's counts after labels are not cells.
        assert!(!looks_fused(
            "予以公开117件,部分公开132件,不予公开31件,无法提供152件"
        ));
        // Traditional characters fold as the checker folds them.
        assert!(looks_fused("一、本年新收政府信息公開申請數量170000017二、上年結轉政府信息公開申請數量0000000（一）予以公開170000017"));
    }
}
