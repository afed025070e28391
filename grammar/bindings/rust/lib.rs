//! This crate provides the `.nianbao` report markup for the [tree-sitter] parsing library.
//!
//! Use the [`LANGUAGE`] constant to add the language to a tree-sitter [`Parser`]:
//!
//! ```
//! let code = "## 二、主动公开政府信息情况\n\n| 信息内容 | 本年制发件数 |\n| --- | ---: |\n| 规章 | 0 |\n";
//! let mut parser = tree_sitter::Parser::new();
//! let language = tree_sitter_nianbao::LANGUAGE;
//! parser
//!     .set_language(&language.into())
//!     .expect("Error loading Nianbao parser");
//! let tree = parser.parse(code, None).unwrap();
//! assert!(!tree.root_node().has_error());
//! ```
//!
//! The node kinds and field names are listed in `README.md` and in [`NODE_TYPES`].
//!
//! [`Parser`]: https://docs.rs/tree-sitter/0.27.1/tree_sitter/struct.Parser.html
//! [tree-sitter]: https://tree-sitter.github.io/

use tree_sitter_language::LanguageFn;

unsafe extern "C" {
    fn tree_sitter_nianbao() -> *const ();
}

/// The tree-sitter [`LanguageFn`] for this grammar.
pub const LANGUAGE: LanguageFn = unsafe { LanguageFn::from_raw(tree_sitter_nianbao) };

/// The content of the [`node-types.json`] file for this grammar.
///
/// [`node-types.json`]: https://tree-sitter.github.io/tree-sitter/using-parsers/6-static-node-types
pub const NODE_TYPES: &str = include_str!("../../src/node-types.json");

/// The syntax highlighting query for this grammar.
pub const HIGHLIGHTS_QUERY: &str = include_str!("../../queries/highlights.scm");

/// The folding query for this grammar (`@fold` captures).
pub const FOLDS_QUERY: &str = include_str!("../../queries/folds.scm");

/// The symbol tagging query for this grammar (headings and row labels).
pub const TAGS_QUERY: &str = include_str!("../../queries/tags.scm");

#[cfg(test)]
mod tests;
