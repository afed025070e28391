//! NB230: what an import inferred, shown where it stands. `nianbao import` writes each decision
//! the source does not state outright — a row label placed by order, a split of digits run
//! together chosen by the relations, a template chosen by the tables — as a comment that starts
//! with [`MARK`], just before the table it concerns. Reporting it as information keeps the
//! decision in front of whoever reviews the report, in the editor and in CI alike.

use super::Ctx;
use crate::finding::Finding;
use crate::syntax::Block;

/// How an inference comment starts, after `<!--` and blanks.
pub const MARK: &str = "导入推断：";

/// How an inference that is an error of the report starts, after [`MARK`] (Chinese, English).
pub const ERROR_MARKS: [&str; 2] = ["错误：", "error:"];

/// How an inference that is the report's text against its table starts (NB238).
pub const MISMATCH_MARKS: [&str; 2] = ["不符：", "mismatch:"];

pub fn inferences(ctx: &Ctx, out: &mut Vec<Finding>) {
    for block in &ctx.report.blocks {
        let Block::Comment(range) = block else {
            continue;
        };
        let Some(text) = inference(&ctx.text[range.clone()]) else {
            continue;
        };
        // An error the import found under cells it had to write 待核: the table can no longer
        // show it, so the comment is the error (NB236).
        if let Some(error) = ERROR_MARKS.iter().find_map(|m| text.strip_prefix(m)) {
            let error = error.trim();
            let message = ctx.say(
                format!("导入时发现的错误：{error}"),
                format!("an error found by the import: {error}"),
            );
            out.push(Finding::new("NB236", range.clone(), message));
            continue;
        }
        // The text states a figure no split of the cells gives: a warning, as check's own
        // comparisons of text and tables are (NB3xx), that the 待核 cells would hide (NB238).
        if let Some(mismatch) = MISMATCH_MARKS.iter().find_map(|m| text.strip_prefix(m)) {
            let mismatch = mismatch.trim();
            let message = ctx.say(
                format!("导入时发现正文与表格不符：{mismatch}"),
                format!("a mismatch of text and table found by the import: {mismatch}"),
            );
            out.push(Finding::new("NB238", range.clone(), message));
            continue;
        }
        let message = ctx.say(
            format!("导入时推断：{text}（请核对原件）"),
            format!("inferred by the import: {text} (check it against the source)"),
        );
        out.push(Finding::new("NB230", range.clone(), message));
    }
}

/// The inference a comment carries, if it is one.
fn inference(comment: &str) -> Option<&str> {
    let inner = comment.strip_prefix("<!--")?;
    let inner = inner.strip_suffix("-->").unwrap_or(inner);
    let text = inner.trim().strip_prefix(MARK)?.trim();
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::inference;

    #[test]
    fn only_marked_comments_are_inferences() {
        assert_eq!(
            inference("<!-- 导入推断：按模板顺序补出行标签 -->"),
            Some("按模板顺序补出行标签")
        );
        assert_eq!(inference("<!--\n导入推断：x\n-->"), Some("x"));
        assert_eq!(inference("<!-- the table's printed note: … -->"), None);
        assert_eq!(inference("<!-- 导入推断： -->"), None);
    }
}
