//! NB219: a recognised label not spelled as the template spells it, and why it differs.

use super::Ctx;
use crate::finding::{Edit, Finding, Fix};
use crate::model::labels::Spelling;
use crate::normalize::{key, simplified};
use crate::syntax::{Span, TableSyntax};

/// NB219 for a label not spelled as the template spells it. `cell` is the table and the whole
/// cell when the label is a table cell, so the fix keeps the table aligned.
pub(crate) fn spelling(
    ctx: &Ctx,
    out: &mut Vec<Finding>,
    spelling: Spelling,
    at: &Span,
    canonical: &str,
    cell: Option<(&TableSyntax, Span)>,
) {
    if spelling == Spelling::Inferred {
        out.push(Finding::new(
            "NB230",
            at.clone(),
            ctx.say(
                format!("按模板顺序推断此处为“{canonical}”（原文标签缺失或残损，请核对原件）"),
                format!("placed by the template's order as “{canonical}” (the label is lost or damaged; check it against the source)"),
            ),
        ));
        return;
    }
    if spelling == Spelling::Canonical || ctx.text[at.clone()].trim() == canonical {
        return;
    }
    let raw = &ctx.text[at.clone()];
    let written = ctx.text[at.clone()].trim();
    let (zh, en) = match difference(written, canonical, spelling) {
        Difference::Traditional => ("繁体字写法", "traditional characters"),
        Difference::Spaces => ("多了空格", "stray spaces"),
        Difference::Punctuation => (
            "括号、引号或标点写法不同",
            "brackets, quotes or punctuation differ",
        ),
        Difference::Truncated => ("标签不完整", "the label is truncated"),
        Difference::Damaged => (
            "有错字、漏字或多字",
            "a character is wrong, missing or extra",
        ),
        Difference::Wording => ("措辞与模板不同", "the wording differs"),
    };
    let (zh, en) = (
        format!("{zh}；模板为“{canonical}”"),
        format!("{en}; the template has “{canonical}”"),
    );
    let edits = match cell {
        Some((table, whole)) => crate::edit::rewrite_cells(
            ctx.text,
            table,
            &[(whole, at.clone(), canonical.to_string())],
        ),
        None => vec![Edit {
            range: at.clone(),
            new_text: canonical.to_string(),
        }],
    };
    out.push(Finding::new("NB219", at.clone(), ctx.say(zh, en)).fix(Fix {
        title: ctx.say(format!("改为“{canonical}”"), format!("Write “{canonical}”")),
        edits,
        // Recognised by one character or by the opening words and the place: likely, not
        // certain, so the fix is offered, not applied by fix-all.
        safe: raw.trim() != canonical
            && !matches!(spelling, Spelling::Damaged | Spelling::Reworded),
    }));
}

enum Difference {
    Traditional,
    Spaces,
    Punctuation,
    Truncated,
    Damaged,
    Wording,
}

/// Why a recognised label differs from the template's spelling, for the message.
fn difference(written: &str, canonical: &str, spelling: Spelling) -> Difference {
    let no_spaces: String = written.chars().filter(|c| !c.is_whitespace()).collect();
    if spelling == Spelling::Truncated {
        Difference::Truncated
    } else if spelling == Spelling::Damaged {
        Difference::Damaged
    } else if no_spaces == canonical {
        Difference::Spaces
    } else if simplified(&no_spaces) == canonical
        || (simplified(written) != written && key(written) == key(canonical))
    {
        Difference::Traditional
    } else if key(written) == key(canonical) {
        Difference::Punctuation
    } else {
        Difference::Wording
    }
}
