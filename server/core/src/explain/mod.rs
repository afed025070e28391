//! Explanations from the knowledge base, as Markdown: a rule's documentation (`nianbao explain
//! NB103`) and a category's legal basis (`nianbao explain 部分公开`, and hover in editors).
//!
//! `docs` writes the explanations; `query` answers a question (a code, a label, a row) with
//! them. This file only names what the two offer.

mod docs;
mod query;

pub use docs::{category, find_category, rule, rules_markdown};
pub use query::{answer, Answer};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Lang;

    #[test]
    fn explains_codes_and_labels() {
        let found = |q: &str| match answer(q, Lang::Zh) {
            Answer::Found(md) => md,
            other => panic!("{q}: {other:?}"),
        };
        assert!(found("NB103").contains("NB103"));
        let md = found("(二)部分公開");
        assert!(md.contains("第三十七条"), "{md}");
        let none = found("5.要求行政机关确认或重新出具已获取信息");
        assert!(!none.contains("》第"), "no invented citation: {none}");
        assert!(matches!(answer("NB999", Lang::Zh), Answer::Unknown(_)));
    }
}
