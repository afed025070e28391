//! HTML pages as government sites publish them: the article's paragraphs become lines, each data
//! table's rows become rows of cells. The page's furniture (navigation, footer, scripts) is
//! skipped, and a table that holds other tables is page layout, read as containers.
//!
//! Parsing is html5ever's (through scraper): the HTML standard's tree building, so unclosed
//! `<td>` and `<p>` — common in CMS output — come out as a browser shows them.

use crate::source::{trim, Item, Piece, Place};
use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node};

pub fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n'])
        .chars()
        .take(1024)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with('<')
        && [
            "<html",
            "<!doctype",
            "<table",
            "<body",
            "<div",
            "<meta",
            "<p",
        ]
        .iter()
        .any(|t| head.contains(t))
}

pub fn items(text: &str) -> Vec<Item> {
    let doc = Html::parse_document(text);
    let mut w = Walker {
        items: Vec::new(),
        line: String::new(),
        paragraphs: 0,
        tables: 0,
    };
    w.walk(*doc.root_element());
    w.flush();
    w.items
}

/// The page's `<title>` (`某局2024年政府信息公开工作年度报告_某某网`), its site name cut off: the
/// report's title when the body has none.
pub fn page_title(text: &str) -> Option<String> {
    let doc = Html::parse_document(text);
    let selector = scraper::Selector::parse("title").ok()?;
    let title: String = doc.select(&selector).next()?.text().collect();
    let first = title.split(['_', '|', '｜', '—']).next()?.trim();
    (!first.is_empty()).then(|| first.to_string())
}

/// Elements that are never the report.
const SKIP: &[&str] = &[
    "head", "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "select", "button", "iframe", "svg", "object",
];
/// Class or id words that mark page furniture.
const SKIP_WORDS: &[&str] = &[
    "nav",
    "navbar",
    "menu",
    "footer",
    "foot",
    "breadcrumb",
    "crumb",
    "share",
    "sidebar",
    "copyright",
    "toolbar",
];
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "section",
    "article",
    "main",
    "td",
    "th",
    "tr",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "caption",
    "blockquote",
    "pre",
    "center",
    "dl",
    "dt",
    "dd",
    "body",
    "hr",
];

struct Walker {
    items: Vec<Item>,
    line: String,
    paragraphs: usize,
    tables: usize,
}

impl Walker {
    fn flush(&mut self) {
        let text = collapse(&self.line);
        self.line.clear();
        if !text.is_empty() {
            self.paragraphs += 1;
            self.items.push(Item::Line(Piece::new(
                text,
                Place::Paragraph(self.paragraphs),
            )));
        }
    }

    fn walk(&mut self, node: NodeRef<Node>) {
        match node.value() {
            Node::Text(t) => self.line.push_str(t),
            Node::Element(e) => {
                let name = e.name();
                if SKIP.contains(&name) || furniture(e.attr("class")) || furniture(e.attr("id")) {
                    return;
                }
                if name == "br" {
                    self.flush();
                    return;
                }
                if name == "table" && !has_table_inside(node) {
                    self.flush();
                    if let Some(el) = ElementRef::wrap(node) {
                        self.table(el);
                    }
                    return;
                }
                let block = BLOCKS.contains(&name);
                if block {
                    self.flush();
                }
                for child in node.children() {
                    self.walk(child);
                }
                if block {
                    self.flush();
                }
            }
            Node::Document | Node::Fragment => {
                for child in node.children() {
                    self.walk(child);
                }
            }
            _ => {}
        }
    }

    /// A data table: its rows, each cell's text with its spans. A cell continued by a rowspan
    /// is not repeated in the rows below, as in the pipe scrapes.
    fn table(&mut self, table: ElementRef) {
        self.tables += 1;
        let rows = table
            .descendants()
            .filter_map(ElementRef::wrap)
            .filter(|e| e.value().name() == "tr");
        for (row_no, tr) in rows.enumerate().map(|(i, tr)| (i + 1, tr)) {
            let cells: Vec<Piece> = tr
                .children()
                .filter_map(ElementRef::wrap)
                .filter(|c| matches!(c.value().name(), "td" | "th"))
                .enumerate()
                .map(|(i, cell)| {
                    let text = cell_text(cell);
                    let span = |a: &str| {
                        cell.value()
                            .attr(a)
                            .and_then(|v| v.trim().parse::<usize>().ok())
                            .unwrap_or(1)
                    };
                    let mut piece = Piece::new(
                        text,
                        Place::Cell {
                            table: self.tables,
                            row: row_no,
                            cell: i + 1,
                        },
                    );
                    piece.real_empty =
                        piece.text.is_empty() && span("colspan") == 1 && span("rowspan") == 1;
                    piece
                })
                .collect();
            if !cells.is_empty() {
                self.items.push(Item::Row(cells));
            }
        }
    }
}

fn has_table_inside(node: NodeRef<Node>) -> bool {
    node.descendants()
        .skip(1)
        .any(|d| matches!(d.value(), Node::Element(e) if e.name() == "table"))
}

fn furniture(attr: Option<&str>) -> bool {
    attr.is_some_and(|a| {
        a.split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| SKIP_WORDS.contains(&w.to_ascii_lowercase().as_str()))
    })
}

/// A cell's text: a label wrapped with `<br>` or split into paragraphs is one label.
fn cell_text(cell: ElementRef) -> String {
    collapse(&cell.text().collect::<String>())
}

/// HTML whitespace rules: runs of white space are one space; `&nbsp;` is a space.
fn collapse(s: &str) -> String {
    let mut out = String::new();
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() || c == '\u{a0}' {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    trim(&out).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_tables_and_furniture() {
        let page = r#"<html><body><div class="top-nav">首页</div>
            <table><tr><td><h1>标题</h1><table><tr><td rowspan="2">自然人</td><td>5<td></td></tr></table></td></tr></table>
            <div id="footer">ICP备</div></body></html>"#;
        let items = items(page);
        assert_eq!(items.len(), 2, "{items:?}");
        assert!(matches!(&items[0], Item::Line(p) if p.text == "标题"));
        let Item::Row(cells) = &items[1] else {
            panic!()
        };
        assert_eq!(
            cells.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(),
            ["自然人", "5", ""]
        );
        assert!(!cells[0].real_empty && cells[2].real_empty);
    }
}
