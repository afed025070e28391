//! Helpers for the end-to-end tests in `tests/tests/`: they run the built `nianbao` binary as a
//! user or an editor does.

pub mod lsp_client;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the repository")
        .to_path_buf()
}

/// The `nianbao` binary of this workspace, built once per test run so it is never stale.
pub fn nianbao() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .args(["build", "--quiet", "-p", "nianbao", "--bin", "nianbao"])
            .current_dir(root())
            .status()
            .expect("cargo runs");
        assert!(status.success(), "building nianbao failed");
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| root().join("target"));
        target
            .join("debug")
            .join(format!("nianbao{}", std::env::consts::EXE_SUFFIX))
    })
    .clone()
}

/// Runs `nianbao ARGS` in `dir` with `stdin`, and returns its output.
pub fn run_in(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    run_piped(dir, args, stdin.map(str::as_bytes).unwrap_or_default(), &[])
}

/// Runs `nianbao ARGS` in `dir` with `stdin` (any bytes: a PDF, a .docx) and the environment
/// variables `env`, and returns its output.
pub fn run_piped(dir: &Path, args: &[&str], stdin: &[u8], env: &[(&str, &str)]) -> Output {
    use std::io::Write;
    let mut child = Command::new(nianbao())
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("nianbao starts");
    let mut pipe = child.stdin.take().expect("stdin is piped");
    // Written from a thread: input larger than the pipe's buffer would otherwise wait for a
    // reader that is itself waiting for its output to be read.
    let input = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let output = child.wait_with_output().expect("nianbao finishes");
    let _ = writer.join();
    output
}

pub fn run(args: &[&str]) -> Output {
    run_in(&root(), args, None)
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The example reports, sorted.
pub fn examples() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .expect("examples/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "nianbao"))
        .collect();
    v.sort();
    v
}

/// A fresh scratch folder under the target directory, of its own for every call.
pub fn scratch(name: &str) -> PathBuf {
    // Per process and per call: two test runs at once, or two tests of one binary running in
    // parallel threads with the same helper (audit.rs), never share a folder.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = root()
        .join("target")
        .join("test-scratch")
        .join(format!("{name}-{}-{call}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}
