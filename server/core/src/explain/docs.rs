//! The explanations themselves: a rule's documentation, the rules reference (`docs/rules.md`),
//! and a category's legal basis, as Markdown.

use crate::config::Lang;
use crate::knowledge::statute::Category;
use crate::knowledge::Knowledge;
use crate::model::labels::{self, LabelKeys};

/// The documentation of a finding code, or `None` if there is no such code.
pub fn rule(code: &str, lang: Lang) -> Option<String> {
    let r = Knowledge::get().rule(&code.to_ascii_uppercase())?;
    let (title, what, why, fix) = match lang {
        Lang::Zh => (&r.title_zh, &r.what_zh, &r.why_zh, &r.fix_zh),
        Lang::En => (&r.title_en, &r.what_en, &r.why_en, &r.fix_en),
    };
    let severity = match (lang, r.severity.as_str()) {
        (Lang::Zh, "error") => "错误",
        (Lang::Zh, "warning") => "警告",
        (Lang::Zh, "info") => "提示",
        (_, other) => other,
    };
    let mut md = format!(
        "## {} {} (`{}`, {severity})\n\n{what}\n\n",
        r.code, title, r.name
    );
    md.push_str(&format!(
        "**{}** {why}\n\n",
        heading(lang, "为何重要", "Why")
    ));
    md.push_str(&format!(
        "**{}**\n\n```\n{}\n```\n",
        heading(lang, "示例", "Example"),
        r.example.trim_end()
    ));
    if let Some(fix) = fix {
        md.push_str(&format!("\n**{}** {fix}\n", heading(lang, "修复", "Fix")));
    }
    Some(md)
}

pub(super) fn heading<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// docs/rules.md: every rule's documentation, both languages, generated from `rules.toml`.
pub fn rules_markdown() -> String {
    let knowledge = Knowledge::get();
    let mut md = String::from(
        "# Rules\n\n<!-- Generated from server/core/knowledge/rules.toml by `UPDATE_DOCS=1 cargo test -p nianbao-tests --test docs`; edit the data, not this file. -->\n\n\
         Every finding has a stable code: `NB1xx` arithmetic (the template's reconciliation relations), `NB2xx` structure, \
         cells and labels, `NB3xx` prose against the tables. `nianbao explain CODE` prints the same text in the terminal; \
         `nianbao.toml` can change a rule's severity or turn it off (`[rules] NB219 = \"off\"`).\n\n\
         | code | name | severity | what |\n|---|---|---|---|\n",
    );
    for r in &knowledge.rules {
        md.push_str(&format!(
            "| [{}](#{}) | {} | {} | {} |\n",
            r.code,
            r.code.to_lowercase(),
            r.name,
            r.severity,
            r.title_zh
        ));
    }
    for r in &knowledge.rules {
        md.push_str(&format!(
            "\n## {}\n\n**{}** — {}\n\n",
            r.code, r.title_zh, r.title_en
        ));
        md.push_str(&format!(
            "`{}` · default severity: {}\n\n",
            r.name, r.severity
        ));
        md.push_str(&format!("{}\n\n{}\n\n", r.what_zh, r.what_en));
        md.push_str(&format!(
            "**为何重要 / Why.** {}\n\n{}\n\n",
            r.why_zh, r.why_en
        ));
        md.push_str(&format!(
            "**示例 / Example.**\n\n```markdown\n{}\n```\n",
            r.example.trim()
        ));
        if let (Some(zh), Some(en)) = (&r.fix_zh, &r.fix_en) {
            md.push_str(&format!("\n**修复 / Fix.** {zh}\n\n{en}\n"));
        }
    }
    md
}

/// The category a label names, in any template: a section, a block, a row or a column.
pub fn find_category(label: &str) -> Option<&'static Category> {
    let knowledge = Knowledge::get();
    let mut keys: Vec<(LabelKeys, &str)> = Vec::new();
    for template in &knowledge.templates {
        for s in &template.sections {
            if let Some(key) = &s.statute {
                keys.push((
                    LabelKeys::new(
                        &format!("{}、{}", s.number, s.title),
                        std::slice::from_ref(&s.title),
                    ),
                    key,
                ));
            }
        }
        for t in &template.tables {
            if let (Some(block), Some(key)) = (&t.block, &t.statute) {
                keys.push((LabelKeys::new(block, &[]), key));
            }
            for r in &t.rows {
                if let Some(key) = &r.statute {
                    keys.push((LabelKeys::new(&r.label, &r.variants), key));
                }
            }
            for c in &t.columns {
                if let Some(key) = &c.statute {
                    keys.push((LabelKeys::new(&c.label, &c.variants), key));
                }
            }
        }
    }
    // Several templates share a label under the same key; dedupe before asking for uniqueness.
    let mut unique: Vec<(LabelKeys, &str)> = Vec::new();
    for (k, key) in keys {
        if !unique.iter().any(|(_, existing)| *existing == key) {
            unique.push((k, key));
        }
    }
    let candidates: Vec<LabelKeys> = unique.iter().map(|(k, _)| k.clone()).collect();
    let (i, _) = labels::find(label, &candidates)?;
    knowledge.category(unique[i].1)
}

/// A category's legal basis and counting guidance, as Markdown.
pub fn category(category: &Category) -> String {
    let knowledge = Knowledge::get();
    let statute = &knowledge.statute;
    let mut md = format!("**{}**\n\n", category.label);
    for key in &category.rests_on {
        if let Some(p) = knowledge.provision(key) {
            md.push_str(&format!("《{}》{}：\n\n", statute.name, p.cite));
            for line in p.text.lines() {
                md.push_str(&format!("> {line}\n"));
            }
            md.push('\n');
        }
    }
    if category.rests_on.is_empty() && category.basis_note.is_none() {
        md.push_str("条例中没有对应的条款。\n\n");
    }
    if let Some(note) = &category.basis_note {
        md.push_str(&format!("依据说明：{note}\n\n"));
    }
    if let Some(counting) = &category.counting {
        md.push_str(&format!("如何统计：{counting}\n\n"));
    }
    md.push_str(&format!(
        "来源：《{}》（{}）",
        statute.name, statute.citation
    ));
    md
}
