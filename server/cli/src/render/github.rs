//! `--format github`: GitHub Actions workflow commands, one per finding, which annotate the
//! lines of the pull request (`::error file=…,line=…,col=…::message`).

use super::Place;
use nianbao_core::{Finding, Severity};
use std::fmt::Write;

/// One finding's workflow command.
pub fn finding(out: &mut String, path: &str, f: &Finding, place: &dyn Place) {
    let (s, e) = place.span(&f.range);
    let command = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let _ = writeln!(
        out,
        "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        property(path),
        s.line,
        s.column,
        e.line,
        e.column,
        f.code,
        data(&f.message)
    );
}

/// An input that could not be checked.
pub fn failure(path: &str, message: &str) -> String {
    format!("::error file={}::{}\n", property(path), data(message))
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
