//! The figures measured by running another program on the corpus: the `nianbao` binary as a
//! reviewer runs it, and bench/floor.py, the Python script a reviewer would write instead. Their
//! CPU time is that of the child process (and its threads).

use super::{children_cpu_time, Timing};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// A command's best timing, and (for `nianbao check`) how much it wrote.
#[derive(Debug, Clone, Copy)]
pub struct External {
    pub timing: Timing,
    pub output_bytes: Option<usize>,
}

impl External {
    pub const NONE: External = External {
        timing: Timing::NONE,
        output_bytes: None,
    };

    pub fn min(self, other: Option<External>) -> External {
        match other {
            Some(other) => External {
                timing: self.timing.min(other.timing),
                output_bytes: other.output_bytes.or(self.output_bytes),
            },
            None => self,
        }
    }
}

/// Builds the release `nianbao` binary (the same sources as this benchmark).
pub fn build_nianbao(root: &Path) -> Option<PathBuf> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let built = Command::new(&cargo)
        .args([
            "build",
            "--quiet",
            "--release",
            "-p",
            "nianbao",
            "--bin",
            "nianbao",
        ])
        .current_dir(root)
        .status();
    if !built.is_ok_and(|s| s.success()) {
        println!("  nianbao check: could not build the release binary; skipped");
        return None;
    }
    Some(root.join("target/release/nianbao"))
}

/// `nianbao check --format json DIR`, its output read as a pipe reader would.
pub fn nianbao_check(bin: &Path, dir: &Path) -> Option<External> {
    let mut command = Command::new(bin);
    command.args(["check", "--format", "json"]).arg(dir);
    // Exit 1: the corpus has injected errors.
    timed(command, |code| code <= 1, "nianbao check")
}

/// bench/floor.py over the same folder.
pub fn python_floor(root: &Path, dir: &Path) -> Option<External> {
    let mut command = Command::new("python3");
    command.arg(root.join("bench/floor.py")).arg(dir);
    timed(command, |code| code == 0, "python3 bench/floor.py")
}

fn timed(mut command: Command, ok: impl Fn(i32) -> bool, name: &str) -> Option<External> {
    let cpu_before = children_cpu_time();
    let started = Instant::now();
    let out = command.stdin(Stdio::null()).output();
    let wall = started.elapsed();
    let cpu = cpu_before
        .zip(children_cpu_time())
        .map(|(a, b)| b.saturating_sub(a));
    match out {
        Ok(out) if out.status.code().is_some_and(&ok) => Some(External {
            timing: Timing { wall, cpu },
            output_bytes: Some(out.stdout.len()),
        }),
        Ok(out) => {
            println!(
                "  {name} exited with {:?}: {}",
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
            );
            None
        }
        Err(e) => {
            println!("  {name} could not run: {e}");
            None
        }
    }
}
