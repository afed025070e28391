//! The syntax layer: parses text with the tree-sitter grammar (the one parser shared with
//! editors) and lifts the concrete tree into a flat list of blocks with byte ranges.

mod blocks;
mod kinds;
mod lines;
mod table;

pub use blocks::{
    Block, CellSyntax, Field, FrontMatter, Heading, Paragraph, RowSyntax, Span, TableSyntax,
};

use kinds::{kinds, named_children};
use std::sync::Arc;
use tree_sitter::{Node, Parser, Tree};

pub fn parse(text: &str, old: Option<&Tree>) -> Tree {
    let mut parser = Parser::new();
    // The grammar is compiled into this crate, so its ABI always matches; failure is a build defect.
    parser
        .set_language(&tree_sitter_nianbao::LANGUAGE.into())
        .expect("the bundled grammar matches the tree-sitter ABI");
    parser
        .parse(text, old)
        .expect("parsing without a timeout or cancellation flag always yields a tree")
}

/// The blocks of `text`, parsed as `tree`, in order.
pub fn blocks(tree: &Tree, text: &str) -> Vec<Block> {
    blocks_with(tree, 0, &mut |node| block(node, text))
}

/// [`blocks`] with each node but an error lifted by `block_of` ([`block`], or an incremental
/// analysis's memory of the nodes it lifted before), into a list with room for `expected`.
pub(crate) fn blocks_with(
    tree: &Tree,
    expected: usize,
    block_of: &mut dyn FnMut(Node) -> Option<Block>,
) -> Vec<Block> {
    let root = tree.root_node();
    let mut out = Vec::with_capacity(expected);
    let mut cursor = root.walk();
    for node in root.children(&mut cursor) {
        lift(node, &mut out, block_of);
    }
    rejoin_split_tables(out)
}

/// A line that is not a row (a row missing its leading pipe, a stray word) ends a GFM table, and
/// the rows after it form a new table whose "header" is a data row. Such a line is a typo inside
/// one table, so the two parts are joined again and the line kept as a `StrayLine` for the checker.
fn rejoin_split_tables(blocks: Vec<Block>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    let mut iter = blocks.into_iter().peekable();
    while let Some(block) = iter.next() {
        let continues = matches!((&block, iter.peek()), (Block::Paragraph(p), Some(Block::Table(t)))
            if p.lines.len() == 1 && t.delimiter.is_none() && matches!(out.last(), Some(Block::Table(_))));
        if continues {
            let Block::Paragraph(stray) = block else {
                unreachable!("matched as a paragraph above")
            };
            let Some(Block::Table(rest)) = iter.next() else {
                unreachable!("peeked as a table above")
            };
            if let Some(Block::Table(first)) = out.last_mut() {
                // Copies of the two lifted tables when something else (a memo) shares them.
                let first = Arc::make_mut(first);
                let rest = Arc::unwrap_or_clone(rest);
                first.stray.push(stray.range.clone());
                first.rows.push(rest.header);
                first.rows.extend(rest.rows);
                first.stray.extend(rest.stray);
                first.breaks.extend(rest.breaks);
                first.range.end = rest.range.end;
            }
            continue;
        }
        out.push(block);
    }
    out
}

fn lift(node: Node, out: &mut Vec<Block>, block_of: &mut dyn FnMut(Node) -> Option<Block>) {
    if node.is_error() {
        // Keep whatever the grammar did recognise inside the error, report the rest.
        let kinds = kinds();
        let inner: Vec<Node> = named_children(node).collect();
        if inner.iter().any(|n| {
            let kind = n.kind_id();
            kind == kinds.heading
                || kind == kinds.paragraph
                || kind == kinds.table
                || kind == kinds.html_comment
        }) {
            for child in inner {
                lift(child, out, block_of);
            }
        } else {
            out.push(Block::Error(node.byte_range()));
        }
    } else if let Some(block) = block_of(node) {
        out.push(block);
    }
}

/// The block `node` of `text` is, if it is one. (An error node is not: [`blocks`] looks inside
/// it.)
pub(crate) fn block(node: Node, text: &str) -> Option<Block> {
    let kinds = kinds();
    let kind = node.kind_id();
    Some(if kind == kinds.table {
        Block::Table(Arc::new(table::table(node, text)))
    } else if kind == kinds.paragraph {
        Block::Paragraph(paragraph(node, text))
    } else if kind == kinds.heading {
        Block::Heading(Heading {
            range: node.byte_range(),
            level: node
                .child_by_field_id(kinds.marker)
                .map_or(1, |m| m.byte_range().len()),
            content: node
                .child_by_field_id(kinds.content)
                .map(|c| c.byte_range()),
        })
    } else if kind == kinds.html_comment {
        Block::Comment(node.byte_range())
    } else if kind == kinds.front_matter {
        Block::FrontMatter(front_matter(node))
    } else {
        return None;
    })
}

/// A paragraph: a `text` node per line. Without an error inside, each line is text from its
/// first character that is not a blank (the indentation before it is a token of its own) to
/// its end, so the lines are read from the paragraph's text; with one, from its nodes.
fn paragraph(node: Node, text: &str) -> Paragraph {
    let range = node.byte_range();
    let from_text = || {
        let lines: Vec<Span> = lines::lines(text, range.clone()).collect();
        lines.iter().all(|line| !line.is_empty()).then_some(lines)
    };
    let lines = Some(node)
        .filter(|node| !node.has_error())
        .and_then(|_| from_text())
        .unwrap_or_else(|| lines_from_tree(node));
    Paragraph { range, lines }
}

fn lines_from_tree(node: Node) -> Vec<Span> {
    let text_kind = kinds().text;
    named_children(node)
        .filter(|n| n.kind_id() == text_kind)
        .map(|n| n.byte_range())
        .collect()
}

fn front_matter(node: Node) -> FrontMatter {
    let kinds = kinds();
    let fields = named_children(node)
        .filter(|n| n.kind_id() == kinds.front_matter_field)
        .filter_map(|n| {
            Some(Field {
                range: n.byte_range(),
                key: n.child_by_field_id(kinds.key)?.byte_range(),
                value: n.child_by_field_id(kinds.value).map(|v| v.byte_range()),
            })
        })
        .collect();
    FrontMatter {
        range: node.byte_range(),
        fields,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The content nodes of every row of every table, as the tree has them.
    fn contents_in_tree(tree: &Tree) -> Vec<Vec<Option<Span>>> {
        let mut out: Vec<(usize, Vec<Option<Span>>)> = Vec::new();
        let mut stack = vec![tree.root_node()];
        while let Some(node) = stack.pop() {
            if node.kind() == "table_row" {
                let row = named_children(node)
                    .filter(|c| c.kind() == "table_cell")
                    .map(|c| c.named_child(0).map(|n| n.byte_range()))
                    .collect();
                out.push((node.start_byte(), row));
                continue;
            }
            stack.extend(named_children(node));
        }
        out.sort_by_key(|(start, _)| *start);
        out.into_iter().map(|(_, row)| row).collect()
    }

    #[test]
    fn rows_are_read_from_their_text_as_the_grammar_reads_them() {
        let rows = [
            "| 信息内容 | 本年制发件数 |",
            "|a|b|",
            "|  |   | 12 |",
            "||||",
            "| x\\|y | \\ | a\\\\ |",
            "| 商业 企业 |\t3\t|",
            "| \\中 | 1 | 2",
            "| 未闭合   ",
            "|   ",
            "|",
            "| — | / |   ",
            "| 尾随转义 \\",
            "| x\\\\|y | a\\  | \\\\\\| |",
            "|\\ a|b\\",
        ];
        for row in rows {
            row_is_read_as_the_grammar_reads_it(row);
        }
    }

    /// Rows of pipes, backslashes, blanks and other characters drawn at random, long enough
    /// for runs of each to cross the eight-byte words the row is read in.
    #[test]
    fn random_rows_are_read_as_the_grammar_reads_them() {
        let pieces = [
            " ", "   ", "\t", "|", "\\", "a", "中", "12", "\\|", "\\ ", "        ",
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..3000 {
            let mut row = String::from("|");
            let len = 1 + (state % 24) as usize;
            for _ in 0..len {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                row.push_str(pieces[(state % pieces.len() as u64) as usize]);
            }
            row_is_read_as_the_grammar_reads_it(&row);
        }
    }

    fn row_is_read_as_the_grammar_reads_it(row: &str) {
        {
            let text = format!("{row}\n");
            let tree = parse(&text, None);
            let in_tree = contents_in_tree(&tree);
            let lifted: Vec<Vec<Option<Span>>> = blocks(&tree, &text)
                .iter()
                .filter_map(|b| match b {
                    Block::Table(t) => Some(t),
                    _ => None,
                })
                .flat_map(|t| std::iter::once(&t.header).chain(&t.rows))
                .map(|r| r.cells.iter().map(|c| c.content.clone()).collect())
                .collect();
            assert_eq!(lifted, in_tree, "{row:?}");
            // A cell lies between two pipes (or runs to the line end) and holds its content.
            for table in blocks(&tree, &text) {
                let Block::Table(t) = table else { continue };
                for cell in &t.header.cells {
                    assert_eq!(text.as_bytes()[cell.range.start - 1], b'|', "{row:?}");
                    let end = text.as_bytes()[cell.range.end];
                    assert!(end == b'|' || end == b'\n', "{row:?}");
                    if let Some(c) = &cell.content {
                        assert!(cell.range.start <= c.start && c.end <= cell.range.end);
                    }
                }
            }
        }
    }

    /// Documents made of every kind of line a table or paragraph can hold, with every line
    /// ending and indentation, several lines long.
    fn documents() -> Vec<String> {
        let lines = [
            "| 信息内容 | 本年制发件数 |",
            "| --- | :---: |",
            "|:--|--:",
            "| --- | 本年 |",
            "| - | 0 |",
            "|  |   | 12 |",
            "| x\\|y | \\ |",
            "| 未闭合   ",
            "|",
            "一段文字",
            "文字 | 带竖线",
            "\t缩进的文字",
            "    四格缩进",
            "#没有空格的标题",
            "### 三级标题",
            "<!-- 注释 -->",
            "",
            "   ",
        ];
        let mut out = Vec::new();
        for (n, ending) in ["\n", "\r\n", "\r"].into_iter().enumerate() {
            for indent in ["", " ", "   ", "\t"] {
                for first in 0..lines.len() {
                    let mut doc = String::new();
                    // Runs of lines in an order that differs with `first` and the ending.
                    for step in 0..12 {
                        let line = lines[(first + step * (n + 2) + step * step) % lines.len()];
                        let indent = if step % 3 == 1 { indent } else { "" };
                        doc.push_str(indent);
                        doc.push_str(line);
                        doc.push_str(ending);
                    }
                    out.push(doc);
                }
            }
        }
        out
    }

    #[test]
    fn tables_and_paragraphs_read_from_lines_are_what_their_nodes_hold() {
        let (mut tables, mut paragraphs) = (0, 0);
        for doc in documents() {
            let tree = parse(&doc, None);
            let mut stack = vec![tree.root_node()];
            while let Some(node) = stack.pop() {
                stack.extend(named_children(node));
                if node.has_error() {
                    continue;
                }
                if node.kind() == "table" {
                    tables += 1;
                    let from_lines = table::rows_from_lines(node, &doc);
                    assert_eq!(
                        from_lines,
                        Some(table::rows_from_tree(node, &doc)),
                        "{doc:?}"
                    );
                } else if node.kind() == "paragraph" {
                    paragraphs += 1;
                    let from_lines: Vec<Span> = lines::lines(&doc, node.byte_range()).collect();
                    assert_eq!(from_lines, lines_from_tree(node), "{doc:?}");
                }
            }
        }
        // The documents hold both, many times over.
        assert!(tables > 500 && paragraphs > 500, "{tables} {paragraphs}");
    }

    #[test]
    fn kinds_are_compared_by_number_as_they_would_be_by_name() {
        let kinds = kinds();
        let named = [
            ("front_matter", kinds.front_matter),
            ("front_matter_field", kinds.front_matter_field),
            ("heading", kinds.heading),
            ("paragraph", kinds.paragraph),
            ("text", kinds.text),
            ("table", kinds.table),
            ("table_row", kinds.table_row),
            ("table_delimiter_row", kinds.table_delimiter_row),
            ("html_comment", kinds.html_comment),
        ];
        let mut docs = documents();
        docs.push("---\n年度: 2024\n单位：某局\n---\n# 一、总体情况\n  ## 二\n正文\n".into());
        for doc in docs {
            let tree = parse(&doc, None);
            let mut cursor = tree.walk();
            let mut more = true;
            while more {
                let node = cursor.node();
                for (name, id) in named {
                    assert_eq!(
                        node.kind() == name,
                        node.kind_id() == id,
                        "{name} in {doc:?}"
                    );
                }
                more = cursor.goto_first_child() || cursor.goto_next_sibling() || {
                    // Up until a node has a next sibling, or back at the root.
                    loop {
                        if !cursor.goto_parent() {
                            break false;
                        }
                        if cursor.goto_next_sibling() {
                            break true;
                        }
                    }
                };
            }
        }
    }
}
