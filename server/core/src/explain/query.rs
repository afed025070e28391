//! What `nianbao explain QUERY` names: a finding code (`NB103`), a relation of the template
//! (`B3`), or any label the templates print — a section, a block heading, a row or a column,
//! written in full, as a variant, or as part of it (`三安全一稳定`). A query that names
//! several labels gets the list to choose from; one that names none, the closest labels.

use super::docs::{category, heading, rule};
use crate::check::{column_name, row_name};
use crate::config::Lang;
use crate::knowledge::template::{Over, Relation, TableSpec, Template};
use crate::knowledge::Knowledge;
use crate::model::labels::{self, LabelKeys};
use crate::normalize::key;

/// The answer to a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// The explanation, as Markdown.
    Found(String),
    /// The query is part of several labels: these.
    Ambiguous(Vec<String>),
    /// Nothing by that name; the closest labels, if any is close.
    Unknown(Vec<String>),
}

/// Looks `query` up as a code, a relation id, then a label.
pub fn answer(query: &str, lang: Lang) -> Answer {
    let query = query.trim();
    if let Some(md) = rule(query, lang) {
        return Answer::Found(md);
    }
    if let Some(md) = relation(query, lang) {
        return Answer::Found(md);
    }
    let entries = entries();
    let matched = matching(query, &entries);
    match distinct_labels(&matched).as_slice() {
        [] => Answer::Unknown(closest(query, &entries)),
        [_] => Answer::Found(label(&matched, lang)),
        several => Answer::Ambiguous(several.iter().map(|s| s.to_string()).collect()),
    }
}

/// One label one template prints, and what it is.
struct Entry<'k> {
    template: &'k Template,
    table: Option<&'k TableSpec>,
    place: Place,
    keys: LabelKeys,
    statute: Option<&'k str>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Section,
    Block,
    Row(usize),
    Column(usize),
}

fn entries() -> Vec<Entry<'static>> {
    let mut out = Vec::new();
    for template in &Knowledge::get().templates {
        for s in &template.sections {
            out.push(Entry {
                template,
                table: None,
                place: Place::Section,
                keys: LabelKeys::new(&format!("{}、{}", s.number, s.title), &s.variants),
                statute: s.statute.as_deref(),
            });
        }
        for t in &template.tables {
            if let Some(block) = &t.block {
                out.push(Entry {
                    template,
                    table: Some(t),
                    place: Place::Block,
                    keys: LabelKeys::new(block, &[]),
                    statute: t.statute.as_deref(),
                });
            }
            for (i, r) in t.rows.iter().enumerate() {
                out.push(Entry {
                    template,
                    table: Some(t),
                    place: Place::Row(i),
                    keys: LabelKeys::new(&r.label, &r.variants),
                    statute: r.statute.as_deref(),
                });
            }
            for (i, c) in t.columns.iter().enumerate() {
                out.push(Entry {
                    template,
                    table: Some(t),
                    place: Place::Column(i),
                    keys: LabelKeys::new(&c.label, &c.variants),
                    statute: c.statute.as_deref(),
                });
            }
        }
    }
    out
}

/// The entries `query` names: as written or a variant (the checker's matcher, label by label),
/// else those whose folded label contains it.
fn matching<'e, 'k>(query: &str, entries: &'e [Entry<'k>]) -> Vec<&'e Entry<'k>> {
    let k = key(query);
    // `总计` is a label of its own before it is `（七）总计` without its ordinal.
    let same: Vec<&Entry> = entries
        .iter()
        .filter(|e| key(&e.keys.canonical) == k)
        .collect();
    if !same.is_empty() {
        return same;
    }
    let named: Vec<&Entry> = entries
        .iter()
        .filter(|e| {
            matches!(
                labels::find(query, std::slice::from_ref(&e.keys)),
                Some((_, labels::Spelling::Canonical | labels::Spelling::Variant))
            )
        })
        .collect();
    if !named.is_empty() {
        return named;
    }
    if k.chars().count() < 2 {
        return Vec::new();
    }
    entries
        .iter()
        .filter(|e| key(&e.keys.canonical).contains(&k))
        .collect()
}

fn distinct_labels<'a>(entries: &[&'a Entry]) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for e in entries {
        if !out.contains(&e.keys.canonical.as_str()) {
            out.push(&e.keys.canonical);
        }
    }
    out
}

fn closest(query: &str, entries: &[Entry]) -> Vec<String> {
    let candidates: Vec<LabelKeys> = entries.iter().map(|e| e.keys.clone()).collect();
    labels::closest(query, &candidates)
        .map(|i| vec![candidates[i].canonical.clone()])
        .unwrap_or_default()
}

/// A label's explanation: where the templates print it, the relations it is in, and the
/// article of the regulation behind it.
fn label(entries: &[&Entry], lang: Lang) -> String {
    let mut places = ByTemplate::default();
    let mut relations = ByTemplate::default();
    for e in entries {
        places.add(where_printed(e, lang), &e.template.id);
        for line in relations_of(e) {
            relations.add(line, &e.template.id);
        }
    }
    let mut md = format!("## {}\n\n{}", entries[0].keys.canonical, places.list(lang));
    if !relations.0.is_empty() {
        md.push_str(&format!(
            "\n**{}**\n\n{}",
            heading(lang, "所在的勾稽关系", "Relations it is in"),
            relations.list(lang)
        ));
    }
    let knowledge = Knowledge::get();
    let mut cited: Vec<&str> = Vec::new();
    for key in entries.iter().filter_map(|e| e.statute) {
        if cited.contains(&key) {
            continue;
        }
        cited.push(key);
        if let Some(c) = knowledge.category(key) {
            md.push('\n');
            md.push_str(&category(c));
            md.push('\n');
        }
    }
    md
}

/// Lines, each with the templates it holds for: most hold for every template alike.
#[derive(Default)]
struct ByTemplate(Vec<(String, Vec<String>)>);

impl ByTemplate {
    fn add(&mut self, line: String, template: &str) {
        match self.0.iter_mut().find(|(l, _)| *l == line) {
            Some((_, templates)) if templates.iter().any(|t| t == template) => {}
            Some((_, templates)) => templates.push(template.to_string()),
            None => self.0.push((line, vec![template.to_string()])),
        }
    }

    fn list(&self, lang: Lang) -> String {
        let all = Knowledge::get().templates.len();
        let mut out = String::new();
        for (line, templates) in &self.0 {
            let which = match (templates.len() == all, lang) {
                (true, _) => String::new(),
                (false, Lang::Zh) => format!("（{} 模板）", templates.join("、")),
                (false, Lang::En) => format!(" (template {})", templates.join(", ")),
            };
            out.push_str(&format!("- {line}{which}\n"));
        }
        out
    }
}

fn where_printed(e: &Entry, lang: Lang) -> String {
    let (zh, en) = match (e.table, e.place) {
        (Some(t), Place::Block) => (
            format!("{}的分项标题", table_name(t)),
            format!("the block heading of {}", table_name(t)),
        ),
        (Some(t), Place::Row(i)) => (
            format!("{}的行：{}", table_name(t), row_name(t, i)),
            format!("a row of {}: {}", table_name(t), row_name(t, i)),
        ),
        (Some(t), Place::Column(i)) => (
            format!("{}的列：{}", table_name(t), column_name(t, i)),
            format!("a column of {}: {}", table_name(t), column_name(t, i)),
        ),
        _ => ("报告的一个部分".into(), "a section of the report".into()),
    };
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

fn table_name(t: &TableSpec) -> String {
    match &t.block {
        Some(block) => format!("“{}”", block),
        None => format!("表“{}”", t.title),
    }
}

/// The relations of `e`'s table that name it, one line each.
fn relations_of(e: &Entry) -> Vec<String> {
    let (Some(t), Place::Row(_) | Place::Column(_)) = (e.table, e.place) else {
        return Vec::new();
    };
    let (id, over) = match e.place {
        Place::Row(i) => (&t.rows[i].id, Over::Columns),
        Place::Column(i) => (&t.columns[i].id, Over::Rows),
        _ => return Vec::new(),
    };
    e.template
        .relations
        .iter()
        .filter(|r| r.table == t.id && r.over == over)
        .filter(|r| &r.target == id || r.plus.contains(id) || r.minus.contains(id))
        .map(|r| format!("{}（{}）：{}", r.id, r.code, r.statement))
        .collect()
}

/// A relation of the template (`B3`), every instance, with its terms named.
fn relation(query: &str, lang: Lang) -> Option<String> {
    let id = query.to_ascii_uppercase();
    let mut code = None;
    let mut instances: Vec<String> = Vec::new();
    for template in &Knowledge::get().templates {
        for r in template.relations.iter().filter(|r| r.id == id) {
            let Some(t) = template.tables.iter().find(|t| t.id == r.table) else {
                continue;
            };
            code = Some(r.code.as_str());
            // The templates share most relations word for word: say each once.
            let text = instance(r, t, lang);
            if !instances.contains(&text) {
                instances.push(text);
            }
        }
    }
    let code = code?;
    let tail = match lang {
        Lang::Zh => format!("不成立时报告为 {code}，详见 `nianbao explain {code}`。"),
        Lang::En => format!("When it does not hold: {code}; see `nianbao explain {code}`."),
    };
    Some(format!("## {id}\n\n{}\n{tail}\n", instances.join("\n")))
}

/// One instance of a relation: what it says and every term by name.
fn instance(r: &Relation, t: &TableSpec, lang: Lang) -> String {
    let name = |id: &str| match r.over {
        Over::Columns => t
            .rows
            .iter()
            .position(|row| row.id == id)
            .map(|i| row_name(t, i)),
        Over::Rows => t
            .columns
            .iter()
            .position(|c| c.id == id)
            .map(|i| column_name(t, i)),
    };
    let named = |ids: &[String]| -> Vec<String> {
        ids.iter()
            .map(|id| name(id).unwrap_or_else(|| id.clone()))
            .collect()
    };
    let target = name(&r.target).unwrap_or_else(|| r.target.clone());
    let plus = named(&r.plus);
    let minus = named(&r.minus);
    let table = table_name(t);
    let mut md = format!("**{}**\n\n", r.statement);
    match lang {
        Lang::Zh => {
            let scope = match r.over {
                Over::Columns => "每一列都须成立",
                Over::Rows => "每一行都须成立",
            };
            md.push_str(&format!(
                "{table}，{scope}：{target} 应等于下列 {} 项之和",
                plus.len()
            ));
            if !minus.is_empty() {
                md.push_str(&format!("，再减去 {}", minus.join("、")));
            }
            md.push_str("：\n\n");
        }
        Lang::En => {
            let scope = match r.over {
                Over::Columns => "in every column",
                Over::Rows => "in every row",
            };
            md.push_str(&format!(
                "{table}, {scope}: {target} must equal the sum of these {}",
                plus.len()
            ));
            if !minus.is_empty() {
                md.push_str(&format!(", less {}", minus.join(", ")));
            }
            md.push_str(":\n\n");
        }
    }
    for p in &plus {
        md.push_str(&format!("- {p}\n"));
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(query: &str) -> String {
        match answer(query, Lang::Zh) {
            Answer::Found(md) => md,
            other => panic!("{query}: {other:?}"),
        }
    }

    #[test]
    fn relation_ids_name_every_term() {
        let md = found("B3");
        assert!(md.contains("（七）总计"), "{md}");
        assert!(md.contains("- （三）1.属于国家秘密"), "{md}");
        assert!(md.contains("NB103"), "{md}");
        assert_eq!(found("b3"), md, "ids are case-insensitive");
        let b1 = found("B1");
        assert!(b1.contains("再减去 （七）总计"), "{b1}");
    }

    #[test]
    fn any_label_and_parts_of_labels() {
        // 总计 is a column of two tables: both are shown, with their relations.
        let md = found("总计");
        assert!(
            md.contains("B2（NB102）") && md.contains("C1（NB105）"),
            "{md}"
        );
        let md = found("三安全一稳定");
        assert!(md.contains("3.危及“三安全一稳定”"), "{md}");
        assert!(md.contains("第十四条"), "{md}");
        // Traditional characters and half-width brackets, as in the checker.
        assert!(found("(二)部分公開").contains("第三十七条"));
    }

    #[test]
    fn ambiguous_and_unknown_queries_offer_labels() {
        match answer("申请", Lang::Zh) {
            Answer::Ambiguous(labels) => assert!(labels.len() > 2, "{labels:?}"),
            other => panic!("{other:?}"),
        }
        match answer("予以公凯", Lang::Zh) {
            Answer::Unknown(close) => assert_eq!(close, ["（一）予以公开"]),
            other => panic!("{other:?}"),
        }
        assert_eq!(answer("NB999", Lang::Zh), Answer::Unknown(Vec::new()));
    }
}
