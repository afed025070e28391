//! Finding and reading `nianbao.toml`: the nearest one in the current folder or above, unless
//! `--config` names one.

use nianbao_core::{Config, Lang};
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "nianbao.toml";

/// `lang` is the language of the error, when there is one: the file's own `lang` is not known
/// before it is read.
pub fn load(explicit: Option<&Path>, lang: Lang) -> Result<Config, String> {
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => discover(),
    };
    let Some(path) = path else {
        return Ok(Config::default());
    };
    let text = std::fs::read_to_string(&path).map_err(|e| {
        let why = crate::say::io_error(lang, &e);
        crate::say::say(
            lang,
            format!("无法读取设置文件 {}：{why}", path.display()),
            format!("{}: cannot read: {why}", path.display()),
        )
    })?;
    Config::parse(&text)
        .map_err(|e| format!("{}:{}:{}: {}", path.display(), e.line, e.column, e.message))
}

fn discover() -> Option<PathBuf> {
    let mut dir = std::env::current_dir().ok()?;
    loop {
        let candidate = dir.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        if !dir.pop() {
            return None;
        }
    }
}
