//! The outline: the title, then sections → tables → rows.

use super::trim_end;
use crate::model::Report;
use crate::syntax::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolKind {
    Title,
    Section,
    Table,
    Row,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    /// The canonical label when it differs from what is written, or a table's title.
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// The whole extent (a section runs to the next one).
    pub range: Span,
    /// What to select when the symbol is picked: its label.
    pub selection: Span,
    pub children: Vec<Symbol>,
}

pub fn symbols(text: &str, report: &Report) -> Vec<Symbol> {
    let mut out = Vec::new();
    if let Some(title) = &report.title {
        out.push(Symbol {
            name: text[title.clone()].to_string(),
            detail: None,
            kind: SymbolKind::Title,
            range: title.clone(),
            selection: title.clone(),
            children: Vec::new(),
        });
    }
    let mut sections: Vec<Symbol> = report
        .sections
        .iter()
        .enumerate()
        .map(|(i, hit)| {
            let end = report
                .sections
                .get(i + 1)
                .map_or(text.len(), |next| next.heading.start);
            let spec = &report.template.sections[hit.spec];
            let canonical = format!("{}、{}", spec.number, spec.title);
            let name = text[hit.label.clone()].trim().to_string();
            Symbol {
                detail: (name != canonical).then_some(canonical),
                name,
                kind: SymbolKind::Section,
                range: trim_end(text, hit.heading.start..end),
                selection: hit.label.clone(),
                children: Vec::new(),
            }
        })
        .collect();
    for (t, table) in report.tables.iter().enumerate() {
        let symbol = table_symbol(text, report, t);
        match table.section.and_then(|s| sections.get_mut(s)) {
            Some(section) => section.children.push(symbol),
            None => out.push(symbol),
        }
    }
    out.append(&mut sections);
    out.sort_by_key(|s| s.range.start);
    out
}

fn table_symbol(text: &str, report: &Report, t: usize) -> Symbol {
    let table = &report.tables[t];
    let spec = report.table_spec(table);
    let title = spec.map(|s| s.title.clone());
    let (name, selection) = match &table.block_heading {
        Some(block) => (text[block.clone()].trim().to_string(), block.clone()),
        None => (
            title.clone().unwrap_or_else(|| "表格".into()),
            table.syntax.header.range.clone(),
        ),
    };
    let start = table
        .block_heading
        .as_ref()
        .map_or(table.syntax.range.start, |b| {
            b.start.min(table.syntax.range.start)
        });
    let children = table
        .rows
        .iter()
        .map(|row| {
            let name = text[row.label.clone()].trim().to_string();
            let canonical = row.spec.and_then(|r| spec.map(|s| s.rows[r].label.clone()));
            Symbol {
                detail: canonical.filter(|c| *c != name),
                name: if name.is_empty() {
                    "（空）".into()
                } else {
                    name
                },
                kind: SymbolKind::Row,
                range: trim_end(text, table.syntax.rows[row.syntax].range.clone()),
                selection: row.label.clone(),
                children: Vec::new(),
            }
        })
        .collect();
    Symbol {
        detail: title.filter(|t| *t != name),
        name,
        kind: SymbolKind::Table,
        range: trim_end(text, start..table.syntax.range.end),
        selection,
        children,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::test_support::example;
    use crate::Config;

    #[test]
    fn sections_hold_tables_hold_rows() {
        let text = example("clean-2024.nianbao");
        let symbols = symbols(&text, &crate::analyze(&text, &Config::default()).report);
        let sections: Vec<&Symbol> = symbols
            .iter()
            .filter(|s| s.kind == SymbolKind::Section)
            .collect();
        assert_eq!(sections.len(), 6);
        assert_eq!(sections[1].children.len(), 4, "four blocks in section 二");
        assert_eq!(sections[1].children[0].name, "第二十条第（一）项");
        assert_eq!(sections[1].children[0].children.len(), 2);
        let b = &sections[2].children[0];
        assert!(b.children.iter().any(|r| r.name.contains("（七）总计")));
        for s in &symbols {
            for child in &s.children {
                assert!(
                    s.range.start <= child.range.start && child.range.end <= s.range.end,
                    "{} in {}",
                    child.name,
                    s.name
                );
            }
        }
    }
}
