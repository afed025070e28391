//! The grammar's node kinds and field names as the numbers tree-sitter compares. Looking a
//! node's kind up as a string (`Node::kind`) reads the language's symbol table and checks the
//! UTF-8 of the name; a field name is looked up by comparing strings. The numbers are read once.

use std::sync::LazyLock;
use tree_sitter::{Language, Node};

pub(crate) struct Kinds {
    pub front_matter: u16,
    pub front_matter_field: u16,
    pub heading: u16,
    pub paragraph: u16,
    pub text: u16,
    pub table: u16,
    pub table_row: u16,
    pub table_delimiter_row: u16,
    pub html_comment: u16,
    pub marker: u16,
    pub content: u16,
    pub key: u16,
    pub value: u16,
}

pub(crate) fn kinds() -> &'static Kinds {
    static KINDS: LazyLock<Kinds> = LazyLock::new(|| {
        let language: Language = tree_sitter_nianbao::LANGUAGE.into();
        // The grammar is compiled into this crate: a name it lacks is a build defect.
        let kind = |name: &str| {
            let id = language.id_for_node_kind(name, true);
            assert_ne!(id, 0, "the bundled grammar has the node kind {name}");
            id
        };
        let field = |name: &str| {
            language
                .field_id_for_name(name)
                .unwrap_or_else(|| panic!("the bundled grammar has the field {name}"))
                .get()
        };
        Kinds {
            front_matter: kind("front_matter"),
            front_matter_field: kind("front_matter_field"),
            heading: kind("heading"),
            paragraph: kind("paragraph"),
            text: kind("text"),
            table: kind("table"),
            table_row: kind("table_row"),
            table_delimiter_row: kind("table_delimiter_row"),
            html_comment: kind("html_comment"),
            marker: field("marker"),
            content: field("content"),
            key: field("key"),
            value: field("value"),
        }
    });
    &KINDS
}

/// The named children of `node`.
pub(super) fn named_children(node: Node) -> impl Iterator<Item = Node> {
    // With a cursor: `named_child(i)` walks from the first child, so indexing is quadratic.
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .collect::<Vec<_>>()
        .into_iter()
}
