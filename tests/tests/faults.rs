//! Bad input to the command line: invalid UTF-8, GBK, binary, empty, a 100 MB file, symbolic-link
//! loops, paths that cannot be read. Each must give a clear error and exit 2, without a panic
//! or a hang, and without losing any other file's results.
//!
//! Tests run as root here, so `chmod 000` stops nothing; the unreadable paths are a dangling
//! symbolic link, a link to itself (ELOOP), a path through a file (ENOTDIR), and a FIFO met
//! while walking a folder (opening it would wait for a writer forever).

use nianbao_tests::{nianbao, root, scratch};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs `nianbao ARGS` in `dir`, failing the test if it takes longer than `limit` (a hang).
fn run_within(dir: &Path, args: &[&str], stdin: &[u8], limit: Duration) -> Output {
    use std::io::Write;
    let mut child = Command::new(nianbao())
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("nianbao starts");
    if let Some(mut pipe) = child.stdin.take() {
        // A child that exits before reading all of it closes the pipe; that is its right.
        let _ = pipe.write_all(stdin);
    }
    // Read the output on other threads so a full pipe cannot block the child.
    let mut out = child.stdout.take().expect("stdout is piped");
    let mut err = child.stderr.take().expect("stderr is piped");
    let out = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut v).map(|_| v)
    });
    let err = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut v).map(|_| v)
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for nianbao") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("nianbao {args:?} still running after {limit:?}: it hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: out.join().expect("stdout reader").unwrap_or_default(),
        stderr: err.join().expect("stderr reader").unwrap_or_default(),
    }
}

const LIMIT: Duration = Duration::from_secs(120);

fn clean_report() -> String {
    std::fs::read_to_string(root().join("examples/clean-2024.nianbao")).expect("clean example")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn no_panic(out: &Output) {
    let err = text(&out.stderr);
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "a panic: {err}"
    );
}

/// A folder with one good report and every kind of bad one. Returns the folder and the bad
/// files' names with a fragment their error must contain.
fn bad_folder(name: &str) -> (PathBuf, Vec<(&'static str, &'static str)>) {
    let dir = scratch(name);
    let clean = clean_report();
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).expect("write");
    write("good.nianbao", clean.as_bytes());
    write("invalid.nianbao", b"# \xe5\xb9\xb4\xff\xfe report\n");
    let (gbk, _, _) = encoding_rs::GBK.encode(&clean);
    write("gbk.nianbao", &gbk);
    write("binary.nianbao", b"\x7fELF\x02\x01\x01\x00\x00\x00");
    write("empty.nianbao", b"");
    write("blank.nianbao", b"  \n\r\n\t\n");
    big_file(&dir.join("big.nianbao"));
    let link = |target: &str, name: &str| {
        std::os::unix::fs::symlink(target, dir.join(name)).expect("symlink");
    };
    link("missing.nianbao", "dangling.nianbao");
    link("self.nianbao", "self.nianbao");
    // A folder that contains itself through a link: visited once, not an error.
    std::fs::create_dir_all(dir.join("sub")).expect("sub");
    link("..", "sub/up");
    std::fs::write(dir.join("sub/also-good.nianbao"), clean.as_bytes()).expect("write");
    let mut bad = vec![
        ("invalid.nianbao", "not UTF-8"),
        ("gbk.nianbao", "not UTF-8"),
        ("binary.nianbao", "binary"),
        ("empty.nianbao", "empty"),
        ("blank.nianbao", "empty"),
        ("big.nianbao", "too large"),
        ("dangling.nianbao", "cannot read"),
        ("self.nianbao", "cannot read"),
    ];
    if Command::new("mkfifo")
        .arg(dir.join("fifo.nianbao"))
        .status()
        .is_ok_and(|s| s.success())
    {
        bad.push(("fifo.nianbao", "not a regular file"));
    }
    (dir, bad)
}

/// 100 MB of report text, made at test time (never committed), once per run of the tests.
fn big_file(path: &Path) {
    static BIG: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    let big = BIG.get_or_init(|| {
        let big = root().join("target/test-scratch/big-100mb.nianbao");
        let size = 100 * 1024 * 1024;
        if std::fs::metadata(&big).map(|m| m.len()).ok() != Some(size as u64) {
            let clean = clean_report();
            let mut bytes = clean.repeat(size / clean.len() + 1).into_bytes();
            bytes.truncate(size);
            // Cut at a character boundary and pad, so that only the size is wrong.
            let valid = std::str::from_utf8(&bytes).map_or_else(|e| e.valid_up_to(), str::len);
            bytes.truncate(valid);
            bytes.resize(size, b'\n');
            let part = big.with_extension(format!("part{}", std::process::id()));
            std::fs::create_dir_all(big.parent().expect("a parent")).expect("folder");
            std::fs::write(&part, bytes).expect("write the 100 MB file");
            std::fs::rename(&part, &big).expect("rename the 100 MB file");
        }
        big
    });
    std::fs::hard_link(big, path)
        .or_else(|_| std::fs::copy(big, path).map(|_| ()))
        .expect("link the 100 MB file");
}

#[test]
fn check_reports_every_bad_file_and_keeps_the_good_ones() {
    let (dir, bad) = bad_folder("faults-check");
    let out = run_within(
        &dir,
        &["--lang", "en", "check", "--format", "json", "."],
        b"",
        LIMIT,
    );
    no_panic(&out);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let failures = doc["failures"].as_array().expect("failures");
    for (name, fragment) in &bad {
        let failure = failures
            .iter()
            .find(|f| f["path"].as_str().is_some_and(|p| p.ends_with(name)))
            .unwrap_or_else(|| panic!("no failure for {name}: {failures:#?}"));
        let message = failure["message"].as_str().unwrap_or("");
        assert!(message.contains(fragment), "{name}: {message}");
    }
    assert_eq!(failures.len(), bad.len(), "{failures:#?}");
    // The good reports (one reached through the loop's folder, once) are all checked.
    let files: Vec<&str> = doc["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|f| f["path"].as_str())
        .collect();
    assert!(
        files.iter().any(|p| p.ends_with("good.nianbao")),
        "{files:?}"
    );
    assert_eq!(
        files
            .iter()
            .filter(|p| p.ends_with("also-good.nianbao"))
            .count(),
        1,
        "{files:?}"
    );
    assert_eq!(doc["summary"]["errors"], 0, "{}", text(&out.stdout));
}

#[test]
fn each_bad_file_named_alone_is_a_clear_error() {
    let (dir, bad) = bad_folder("faults-alone");
    for (name, fragment) in bad.iter().filter(|(n, _)| *n != "fifo.nianbao") {
        let out = run_within(
            &dir,
            &["--lang", "en", "check", name, "good.nianbao"],
            b"",
            LIMIT,
        );
        no_panic(&out);
        assert_eq!(out.status.code(), Some(2), "{name}");
        let shown = format!("{}{}", text(&out.stdout), text(&out.stderr));
        assert!(
            shown.contains(name) && shown.contains(fragment),
            "{name}: {shown}"
        );
        // The good report is still checked and summed up.
        assert!(shown.contains("2 file(s) checked"), "{name}: {shown}");
    }
    // A path through a file, and a folder that does not exist.
    for path in ["good.nianbao/x.nianbao", "nowhere/"] {
        let out = run_within(&dir, &["check", path], b"", LIMIT);
        no_panic(&out);
        assert_eq!(out.status.code(), Some(2), "{path}");
    }
}

#[test]
fn fmt_and_fix_skip_bad_files_and_still_do_the_good_ones() {
    let (dir, _) = bad_folder("faults-fmt");
    // Misalign the good report so that fmt has work to do.
    let misaligned = clean_report().replace("|            0 |", "| 0 |");
    std::fs::write(dir.join("good.nianbao"), &misaligned).expect("write");
    let out = run_within(&dir, &["fmt", "."], b"", LIMIT);
    no_panic(&out);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let formatted = std::fs::read_to_string(dir.join("good.nianbao")).expect("read");
    assert_eq!(formatted, clean_report(), "the good file was not formatted");
    let out = run_within(&dir, &["fix", "."], b"", LIMIT);
    no_panic(&out);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    // Nothing was written into the bad files.
    assert_eq!(std::fs::read(dir.join("empty.nianbao")).expect("read"), b"");
}

#[test]
fn bad_standard_input_is_a_clear_error() {
    let dir = scratch("faults-stdin");
    for (bytes, fragment) in [
        (&b"\x00\x01\x02"[..], "binary"),
        (&b"abc\xff"[..], "not UTF-8"),
        (&b""[..], "empty"),
    ] {
        let out = run_within(&dir, &["--lang", "en", "check", "-"], bytes, LIMIT);
        no_panic(&out);
        assert_eq!(out.status.code(), Some(2));
        let shown = format!("{}{}", text(&out.stdout), text(&out.stderr));
        assert!(shown.contains(fragment), "{shown}");
    }
}

#[test]
fn import_refuses_bad_sources_clearly() {
    let (dir, _) = bad_folder("faults-import");
    // Exit 2 for what cannot be read, 1 for what cannot be imported faithfully (docs/cli.md).
    for (name, codes, fragment) in [
        ("binary.nianbao", &[1, 2][..], "binary"),
        ("empty.nianbao", &[1, 2][..], ""),
        ("big.nianbao", &[2][..], "too large"),
        ("dangling.nianbao", &[2][..], "cannot read"),
        ("invalid.nianbao", &[1, 2][..], ""),
    ] {
        let out_file = dir.join(format!("{name}.out"));
        let out = run_within(
            &dir,
            &[
                "--lang",
                "en",
                "import",
                name,
                "-o",
                &out_file.to_string_lossy(),
            ],
            b"",
            LIMIT,
        );
        no_panic(&out);
        let code = out.status.code().unwrap_or(-1);
        assert!(
            codes.contains(&code),
            "{name}: exit {code}: {}",
            text(&out.stderr)
        );
        assert!(
            text(&out.stderr).contains(fragment),
            "{name}: {}",
            text(&out.stderr)
        );
        assert!(!out_file.exists(), "{name}: something was written");
    }
}
