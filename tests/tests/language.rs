//! Chinese is the default message language: no line that the commands print in it is an
//! English sentence (three English words in a row), from every example and seed. Lines that
//! quote the report itself (the source line under a finding) and command lines in backticks
//! are the user's text and the tool's syntax, not messages. Not yet covered: the importer's own
//! notes and refusals (`nianbao import`, and audit's reasons for a file it could not import),
//! which are still English (issue 14).

use nianbao_tests::{examples, root, run_in, scratch, stderr, stdout};

fn english_sentence(line: &str) -> bool {
    let mut run = 0;
    for word in line.split(|c: char| !(c.is_ascii_alphabetic() || c == '\'')) {
        // A word has a small letter: codes (NB103) and tags are not words.
        let is_word = word.len() >= 2
            && word.chars().all(|c| c.is_ascii_alphabetic() || c == '\'')
            && word.chars().any(|c| c.is_ascii_lowercase());
        if is_word {
            run += 1;
            if run >= 3 {
                return true;
            }
        } else if !word.is_empty() {
            run = 0;
        }
    }
    false
}

/// The line without what is quoted: the report's own text (`79 | …`), code in backticks, paths.
fn message_part(line: &str) -> String {
    let trimmed = line.trim_start();
    let quoting = trimmed
        .split_once(" | ")
        .is_some_and(|(n, _)| !n.is_empty() && n.trim().chars().all(|c| c.is_ascii_digit()));
    if quoting || trimmed.starts_with('|') {
        return String::new();
    }
    let unquoted = line.split('`').step_by(2).collect::<Vec<_>>().join(" ");
    // File names and paths (`seed-000-luquan.nianbao:18:4`) are the user's too.
    unquoted
        .split(|c: char| c.is_whitespace() || c == '（' || c == '）')
        .filter(|t| !(t.contains('/') || t.contains(".nianbao") || t.contains(".html")))
        .collect::<Vec<_>>()
        .join(" ")
}

fn assert_chinese(what: &str, output: &str) {
    let english: Vec<&str> = output
        .lines()
        .filter(|l| english_sentence(&message_part(l)))
        .collect();
    assert!(
        english.is_empty(),
        "{what}: English in Chinese mode:\n{}",
        english.join("\n")
    );
}

#[test]
fn the_detector_tells_sentences_from_tags_and_commands() {
    assert!(english_sentence("the row is missing"));
    assert!(!english_sentence("错误[NB103]: （七）总计·自然人 为 5"));
    assert!(!english_sentence(&message_part(
        "改为 8：`nianbao fix --code NB103 --at 91:24`"
    )));
    assert!(!english_sentence(&message_part(
        "79 | | the report's own words are quoted |"
    )));
}

#[test]
fn every_command_speaks_chinese_by_default() {
    let dir = scratch("language");
    for example in examples() {
        let name = example
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let path = example.to_str().expect("path");
        for args in [
            vec!["check", "--show-info", path],
            vec!["check", "--format", "github", path],
        ] {
            let out = run_in(&root(), &args, None);
            assert_chinese(&format!("{args:?}"), &stdout(&out));
            assert_chinese(&format!("{args:?} (stderr)"), &stderr(&out));
        }
        let copy = dir.join(&name);
        std::fs::copy(&example, &copy).expect("copy");
        let fixed = run_in(&dir, &["fix", &name], None);
        assert_chinese(&format!("fix {name}"), &stderr(&fixed));
        let rendered = run_in(&dir, &["render", &name, "-o", "out.html"], None);
        assert_chinese(&format!("render {name}"), &stderr(&rendered));
    }
    for query in ["B3", "NB104", "总计", "三安全一稳定", "不存在的东西"] {
        let out = run_in(&root(), &["explain", query], None);
        assert_chinese(&format!("explain {query}"), &stdout(&out));
        assert_chinese(&format!("explain {query} (stderr)"), &stderr(&out));
    }
    let new = run_in(&root(), &["new", "--org", "某某局", "--year", "2024"], None);
    assert_chinese("new", &stderr(&new));
    let audit = run_in(&dir, &["audit", "."], None);
    assert_chinese("audit", &stdout(&audit));
    assert_chinese("audit (stderr)", &stderr(&audit));
}
