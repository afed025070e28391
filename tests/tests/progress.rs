//! `check`'s progress bar: drawn on standard error when it is a terminal, never when it is a
//! pipe or a file, nor in CI. The bar's delay is set to nothing so that a short run would draw
//! it; a pseudo-terminal (util-linux `script`) shows that it does, so that the silent cases are
//! silent for the right reason.

use nianbao_tests::{nianbao, root, scratch};
use std::process::{Command, Output, Stdio};

/// A folder of a few dozen copies of an example.
fn folder() -> std::path::PathBuf {
    let dir = scratch("progress");
    let clean = std::fs::read_to_string(root().join("examples/clean-2024.nianbao")).expect("clean");
    for i in 0..40 {
        std::fs::write(dir.join(format!("r{i:02}.nianbao")), &clean).expect("write");
    }
    dir
}

fn check(dir: &std::path::Path, ci: Option<&str>, terminal: bool) -> Output {
    let bin = nianbao();
    let mut command = if terminal {
        // `script` runs the command on a pseudo-terminal and copies what it writes to stdout.
        let line = format!("{} check --format json . > /dev/null", bin.display());
        let mut c = Command::new("script");
        c.args(["-qec", &line, "/dev/null"]);
        c
    } else {
        let mut c = Command::new(&bin);
        c.args(["check", "--format", "json", "."]);
        c
    };
    command
        .current_dir(dir)
        .env("NIANBAO_PROGRESS_DELAY_MS", "0")
        .env_remove("CI")
        .stdin(Stdio::null());
    if let Some(ci) = ci {
        command.env("CI", ci);
    }
    command.output().expect("run")
}

fn has_script() -> bool {
    Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn no_bar_when_standard_error_is_not_a_terminal() {
    let dir = folder();
    let out = check(&dir, None, false);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.stdout.is_empty());
}

#[test]
fn a_bar_on_a_terminal_but_not_in_ci() {
    if !has_script() {
        eprintln!("util-linux `script` is missing: the terminal case is not tested here");
        return;
    }
    let dir = folder();
    let shown = check(&dir, None, true);
    let seen = String::from_utf8_lossy(&shown.stdout);
    assert!(seen.contains("/40"), "a bar over 40 files: {seen:?}");
    let ci = check(&dir, Some("true"), true);
    let seen = String::from_utf8_lossy(&ci.stdout);
    assert!(!seen.contains("/40"), "no bar in CI: {seen:?}");
}
