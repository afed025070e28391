//! A progress bar on standard error for long `check` runs, on a terminal only: never when
//! standard error is a pipe or a file (scripts, editors, logs) nor in CI (`CI` set), where
//! redrawn bars are noise in the log. It appears only once a run has taken a second
//! (`NIANBAO_PROGRESS_DELAY_MS` changes that), so that short runs print nothing extra.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use nianbao_core::Lang;
use std::io::IsTerminal;
use std::time::{Duration, Instant};

pub struct Progress {
    bar: Option<ProgressBar>,
    show_at: Instant,
    shown: bool,
}

impl Progress {
    /// A bar over `total` files, drawn only where [`wanted`] says so.
    pub fn new(total: usize, lang: Lang) -> Progress {
        let delay = std::env::var("NIANBAO_PROGRESS_DELAY_MS")
            .ok()
            .and_then(|ms| ms.parse().ok())
            .map_or(Duration::from_secs(1), Duration::from_millis);
        let bar = wanted().then(|| {
            // Hidden until the delay has passed: a bar that flashes for a short run is noise.
            let bar =
                ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::hidden());
            let template = match lang {
                Lang::Zh => "{wide_bar} {pos}/{len} 个文件，约剩 {eta}",
                Lang::En => "{wide_bar} {pos}/{len} files, {eta} left",
            };
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style);
            }
            bar
        });
        Progress {
            bar,
            show_at: Instant::now() + delay,
            shown: false,
        }
    }

    /// One more file done.
    pub fn step(&mut self) {
        let Some(bar) = &self.bar else { return };
        if !self.shown && Instant::now() >= self.show_at {
            bar.set_draw_target(ProgressDrawTarget::stderr());
            self.shown = true;
        }
        bar.inc(1);
    }

    /// Clears the bar before the closing output.
    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}

/// A terminal that a person watches: standard error is one, it is not CI's log, and it can
/// redraw a line.
fn wanted() -> bool {
    let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false" && v != "0");
    let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
    std::io::stderr().is_terminal() && !ci && !dumb
}
