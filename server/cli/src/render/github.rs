//! `--format github`: GitHub Actions workflow commands, one per finding, which annotate the
//! lines of the pull request (`::error file=…,line=…,col=…::message`).

use super::{FileResult, Locator, Totals};
use nianbao_core::Lang;
use nianbao_core::Severity;
use std::fmt::Write;

pub fn render(results: &[FileResult], lang: Lang) -> String {
    let mut out = String::new();
    for result in results {
        match (&result.outcome, &result.text) {
            (Err(message), _) => {
                let _ = writeln!(
                    out,
                    "::error file={}::{}",
                    property(&result.path),
                    data(message)
                );
            }
            (Ok(findings), Some(text)) => {
                let locator = Locator::new(text);
                for f in findings {
                    let (s, e) = locator.span(&f.range);
                    let command = match f.severity {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                        Severity::Info => "notice",
                    };
                    let _ = writeln!(
                        out,
                        "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                        property(&result.path),
                        s.line,
                        s.column,
                        e.line,
                        e.column,
                        f.code,
                        data(&f.message)
                    );
                }
            }
            (Ok(_), None) => {}
        }
    }
    let _ = writeln!(out, "{}", Totals::of(results).summary(lang, false));
    out
}

/// The escaping GitHub's runner applies to a command's message.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// And to a property value, where `:` and `,` separate. Paths are repository-relative, so a
/// leading `./` goes.
fn property(s: &str) -> String {
    data(s.strip_prefix("./").unwrap_or(s))
        .replace(':', "%3A")
        .replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes() {
        assert_eq!(super::data("50%\nx"), "50%25%0Ax");
        assert_eq!(super::property("a:b,c"), "a%3Ab%2Cc");
    }
}
