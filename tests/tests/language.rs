//! Chinese is the default message language: no line that the commands print in it is an
//! English sentence (three English words in a row), from every example, every seed and every
//! fixture the importer reads — its notes, its refusals, the comments it writes into the markup,
//! and audit's reasons for a file it could not import. Lines that quote the report itself (the
//! source line under a finding, a table row, text in “ ”) and command lines in backticks are the
//! user's text and the tool's syntax, not messages. With `--lang en` the same messages are
//! English sentences, each of them (issue 14).

use nianbao_tests::{examples, nianbao, root, run_in, scratch, stderr, stdout};
use std::path::{Path, PathBuf};

/// Three English words in a row, separated by spaces or ASCII punctuation only: a Chinese
/// character between two words (`note: 表头… pdftotext`) ends the row.
fn english_sentence(line: &str) -> bool {
    let mut run = 0;
    let mut word = String::new();
    for c in line.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_alphabetic() || c == '\'' {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            // A word has a small letter: codes (NB103) and tags are not words.
            if word.len() >= 2 && word.chars().any(|c| c.is_ascii_lowercase()) {
                run += 1;
                if run >= 3 {
                    return true;
                }
            } else {
                run = 0;
            }
            word.clear();
        }
        if !c.is_ascii() {
            run = 0;
        }
    }
    false
}

/// The line without what is quoted: the report's own text (`79 | …`, a table row, text in “ ”),
/// code in backticks, paths and file names.
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
    const NAMES: [&str; 6] = [".nianbao", ".html", ".txt", ".pdf", ".docx", ".md"];
    without_quotes(&unquoted)
        .split(|c: char| c.is_whitespace() || c == '（' || c == '）')
        .filter(|t| !(t.contains('/') || NAMES.iter().any(|n| t.contains(n))))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text outside “ ”, which quote the source (nested: “3.危及“三安全一稳定””).
fn without_quotes(text: &str) -> String {
    let mut depth = 0usize;
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '“' => depth += 1,
            '”' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
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
    assert!(!english_sentence(
        "note: 表头按列读出（pdftotext -layout 的排法）"
    ));
    assert!(!english_sentence("错误[NB103]: （七）总计·自然人 为 5"));
    assert!(!english_sentence(&message_part(
        "改为 8：`nianbao fix --code NB103 --at 91:24`"
    )));
    assert!(!english_sentence(&message_part(
        "79 | | the report's own words are quoted |"
    )));
    assert!(!english_sentence(&message_part(
        "删去了网页上的无关文字“Powered by some site”"
    )));
    assert!(english_sentence(&message_part(
        "a.txt:3:1: note: dropped web-page text “Powered by”"
    )));
    assert!(!english_sentence(&message_part(
        "由 `nianbao import` 从 clean-2024-columns-unlabelled.txt 导入"
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

/// What the command line says of its arguments and of the files it writes, not only of the
/// reports: a typing slip in an option, a file that exists, a folder it cannot write to.
#[test]
fn usage_and_write_errors_speak_chinese_by_default() {
    let dir = scratch("language-usage");
    let example = examples().into_iter().next().expect("an example");
    std::fs::copy(&example, dir.join("a.nianbao")).expect("copy");
    std::fs::write(dir.join("b.nianbao"), "x").expect("write");
    let cases: Vec<Vec<&str>> = vec![
        vec!["new", "--org", "某局", "--year", "24"],
        vec![
            "new",
            "--org",
            "某局",
            "--year",
            "2024",
            "--template",
            "2030",
        ],
        vec!["new", "--org", "某局", "--year", "2024", "-o", "a.nianbao"],
        vec![
            "new",
            "--org",
            "某局",
            "--year",
            "2024",
            "-o",
            "no/such/folder/x.nianbao",
        ],
        vec!["fix", "--at", "3", "a.nianbao"],
        vec!["fix", "--at", "3:1", "a.nianbao", "b.nianbao"],
        vec!["fix", "--at", "1:1", "a.nianbao"],
        vec!["render", "a.nianbao", "-o", "no/such/folder/x.html"],
        vec!["fmt", "a.nianbao"],
        vec!["fmt", "--check", "a.nianbao"],
        vec!["--config", "设置.toml", "check", "a.nianbao"],
    ];
    for args in cases {
        let out = run_in(&dir, &args, None);
        assert_chinese(&format!("{args:?}"), &stdout(&out));
        assert_chinese(&format!("{args:?} (stderr)"), &stderr(&out));
        assert!(
            !stderr(&out).contains("os error"),
            "{args:?}: the system's English reached the user: {}",
            stderr(&out)
        );
    }
}

/// The sources `nianbao import` is run on: every seed, every fixture it reads (HTML, run-together
/// text, PDF text laid out and in reading order, PDF files), and sources it refuses, written into
/// `dir` — a cell dropped from a row, a page that is no report, a file in neither encoding, a
/// Word file that is no zip, a PDF whose header the importer cannot read.
fn import_sources(dir: &Path) -> Vec<PathBuf> {
    let seeds = root()
        .parent()
        .expect("the repository has a parent")
        .join("shared/seeds");
    let fixtures = root().join("tests/fixtures");
    let mut sources = Vec::new();
    for folder in [
        seeds.clone(),
        fixtures.join("html"),
        fixtures.join("fused"),
        fixtures.join("pdf"),
        fixtures.join("pdf/raw"),
        fixtures.join("pdf/printed"),
        fixtures.join("pdf/printed/raw"),
        fixtures.join("pdf/printed/libreoffice"),
    ] {
        let mut found: Vec<PathBuf> = std::fs::read_dir(&folder)
            .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension()
                    .is_some_and(|e| ["txt", "html", "pdf"].iter().any(|x| e == *x))
            })
            .collect();
        found.sort();
        sources.extend(found);
    }
    let seed = std::fs::read_to_string(seeds.join("001_0786ebd486ce37d5.txt")).expect("seed 001");
    let row = "(一)予以公开\n\n35\n\n1\n";
    let at = seed.find(row).expect("row （一） of seed 001");
    let dropped = format!(
        "{}{}",
        &seed[..at],
        seed[at..].replacen("35\n\n1\n", "35\n", 1)
    );
    let refused: [(&str, &[u8]); 4] = [
        ("dropped-cell.txt", dropped.as_bytes()),
        (
            "news.html",
            "<html><body><p>本局召开2024年工作会议，部署全年工作12项。</p></body></html>"
                .as_bytes(),
        ),
        ("latin1.txt", &[0x81, 0x20, 0xff, 0xfe, 0x41]),
        ("broken.docx", b"PK\x03\x04 not an archive"),
    ];
    for (name, bytes) in refused {
        std::fs::write(dir.join(name), bytes).expect("write a source");
        sources.push(dir.join(name));
    }
    sources
}

/// `nianbao [--lang en] import SOURCE`: exit code, standard output, standard error.
fn import(source: &Path, english: bool) -> (Option<i32>, String, String) {
    let path = source.to_str().expect("a UTF-8 path");
    let args: Vec<&str> = if english {
        vec!["--lang", "en", "import", path]
    } else {
        vec!["import", path]
    };
    let out = run_in(&root(), &args, None);
    (out.status.code(), stdout(&out), stderr(&out))
}

/// The lines of the markup's comments (`<!-- … -->`, over several lines or one), without the
/// comment marks.
fn comment_lines(markup: &str) -> Vec<&str> {
    let mut inside = false;
    let mut out = Vec::new();
    for line in markup.lines() {
        let opens = line.starts_with("<!--");
        if opens || inside {
            let text = line
                .trim_start_matches("<!--")
                .trim_end_matches("-->")
                .trim();
            if !text.is_empty() {
                out.push(text);
            }
            inside = !line.trim_end().ends_with("-->");
        }
    }
    out
}

/// A folder of published reports for `nianbao audit`: a seed it imports and sources it cannot.
fn audit_folder() -> PathBuf {
    let dir = scratch("language-audit");
    let seeds = root()
        .parent()
        .expect("the repository has a parent")
        .join("shared/seeds");
    std::fs::copy(
        seeds.join("002_12ab1709ac73c670.txt"),
        dir.join("002_12ab1709ac73c670.txt"),
    )
    .expect("copy seed 002");
    let sources = scratch("language-audit-sources");
    for source in import_sources(&sources)
        .iter()
        .filter(|p| p.starts_with(&sources))
    {
        let name = source.file_name().expect("a file name");
        std::fs::copy(source, dir.join(name)).expect("copy a refused source");
    }
    // A PDF whose text cannot be taken: `pdftotext` absent (named otherwise, below).
    std::fs::write(dir.join("report.pdf"), b"%PDF-1.4\n%%EOF\n").expect("write");
    dir
}

fn audit(dir: &Path, english: bool) -> (String, String) {
    let mut args = vec!["audit", "."];
    if english {
        args.splice(0..0, ["--lang", "en"]);
    }
    let out = std::process::Command::new(nianbao())
        .args(&args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("NIANBAO_PDFTOTEXT", "nianbao-no-such-pdftotext")
        .output()
        .expect("nianbao runs");
    (stdout(&out), stderr(&out))
}

#[test]
fn the_importer_and_audit_speak_chinese_by_default() {
    let dir = scratch("language-import");
    let (mut imported, mut refused, mut notes) = (0, 0, 0);
    for source in import_sources(&dir) {
        let (code, markup, messages) = import(&source, false);
        let what = source.display();
        // The markup's prose and tables are the report's own text; the comments are the tool's.
        assert_chinese(
            &format!("import {what}"),
            &comment_lines(&markup).join("\n"),
        );
        assert_chinese(&format!("import {what} (stderr)"), &messages);
        match code {
            Some(0) => imported += 1,
            Some(1) => refused += 1,
            other => panic!("import {what}: exit {other:?}\n{messages}"),
        }
        notes += messages.lines().filter(|l| l.contains(": note: ")).count();
    }
    // Every kind of message was met: notes, inferences, refusals.
    assert!(
        imported >= 40 && refused >= 5 && notes >= 100,
        "{imported} imported, {refused} refused, {notes} notes"
    );
    let folder = audit_folder();
    let (table, summary) = audit(&folder, false);
    assert_chinese("audit", &table);
    assert_chinese("audit (stderr)", &summary);
    let failed = table.lines().filter(|l| l.starts_with("无法读取")).count();
    assert_eq!(failed, 5, "the refused sources and the PDF:\n{table}");
}

/// The same sources in English: every line the importer prints and every comment it writes is
/// an English sentence (quoting the report's labels as they are), and audit gives its reasons
/// in English. The inferences keep their marker, so `check` reads them back in either language.
#[test]
fn the_importer_and_audit_speak_english_when_asked() {
    let dir = scratch("language-import-en");
    for source in import_sources(&dir) {
        let (code, markup, messages) = import(&source, true);
        let what = source.display();
        let lines = messages.lines().chain(comment_lines(&markup));
        let chinese: Vec<&str> = lines
            .filter(|l| !english_sentence(&message_part(l)))
            .collect();
        assert!(
            chinese.is_empty(),
            "import --lang en {what} (exit {code:?}): not English:\n{}",
            chinese.join("\n")
        );
    }
    let folder = audit_folder();
    let (table, _) = audit(&folder, true);
    let failed: Vec<&str> = table.lines().filter(|l| l.starts_with("failed")).collect();
    assert_eq!(failed.len(), 5, "{table}");
    for line in failed {
        assert!(english_sentence(&message_part(line)), "{line}");
    }
    let fused = root().join("tests/fixtures/fused/seed-004-qinzhou.txt");
    let (code, markup, _) = import(&fused, true);
    assert_eq!(code, Some(0));
    let written = dir.join("qinzhou.nianbao");
    std::fs::write(&written, &markup).expect("write");
    let path = written.to_str().expect("a UTF-8 path");
    for (lang, said) in [("zh", "导入时推断："), ("en", "inferred by the import:")] {
        let out = run_in(
            &root(),
            &["--lang", lang, "check", "--show-info", path],
            None,
        );
        let inferred = stdout(&out)
            .lines()
            .filter(|l| l.contains("[NB230]") && l.contains(said))
            .count();
        assert!(inferred >= 3, "check --lang {lang}: {}", stdout(&out));
    }
}

/// Files that cannot be read (not UTF-8, binary, empty, missing, over the size limit) are named
/// with why in the message language, from `check`, `fmt` and `import` alike: Chinese by default
/// (the system's own English error text included), English with `--lang en`.
#[test]
fn read_errors_speak_the_message_language() {
    let dir = scratch("language-read-errors");
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).expect("write");
    write("gbk.nianbao", &[0xd5, 0xfe, 0xb8, 0xae, b'\n']);
    write("binary.nianbao", b"\x7fELF\x02\x01\x00\x00");
    write("empty.nianbao", b"  \n");
    let big = std::fs::File::create(dir.join("big.nianbao")).expect("create");
    big.set_len(17 * 1024 * 1024).expect("a sparse 17 MB file");
    let bad = ["gbk", "binary", "empty", "big", "missing"].map(|n| format!("{n}.nianbao"));
    let mut check = vec!["check"];
    check.extend(bad.iter().map(String::as_str));
    for english in [false, true] {
        let lang: &[&str] = if english { &["--lang", "en"] } else { &[] };
        let runs = [
            check.clone(),
            vec!["fmt", "--check", "gbk.nianbao", "missing.nianbao"],
            vec!["import", "missing.nianbao"],
        ];
        for args in runs {
            let args: Vec<&str> = lang.iter().copied().chain(args).collect();
            let out = run_in(&dir, &args, None);
            let shown = format!("{}{}", stdout(&out), stderr(&out));
            let errors: Vec<&str> = shown
                .lines()
                .filter(|l| bad.iter().any(|b| l.contains(b.as_str())))
                .collect();
            assert!(!errors.is_empty(), "{args:?}: {shown}");
            for line in errors {
                assert_eq!(
                    english_sentence(&message_part(line)),
                    english,
                    "{args:?}: {line}"
                );
            }
            if !english {
                assert_chinese(&format!("{args:?}"), &shown);
            }
        }
    }
}
