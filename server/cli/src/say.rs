//! The command line's own messages in the message language (Chinese by default, English with
//! `--lang en`): what it prints about files and arguments, beside the core's findings, which
//! carry their own.

use nianbao_core::Lang;

/// The message in `lang`.
pub fn say(lang: Lang, zh: impl Into<String>, en: impl Into<String>) -> String {
    match lang {
        Lang::Zh => zh.into(),
        Lang::En => en.into(),
    }
}

/// A usage or I/O error on standard error, tagged as `nianbao: 错误：` or `nianbao: error:`.
pub fn fail(lang: Lang, message: &str) {
    match lang {
        Lang::Zh => eprintln!("nianbao: 错误：{message}"),
        Lang::En => eprintln!("nianbao: error: {message}"),
    }
}

/// What went wrong reading or writing a file, in words a report's author follows: the
/// operating system's own text is English (“No such file or directory (os error 2)”).
pub fn io_error(lang: Lang, error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    if lang == Lang::En {
        return error.to_string();
    }
    let what = match error.kind() {
        ErrorKind::NotFound => "没有这个文件或文件夹",
        ErrorKind::PermissionDenied => "没有访问权限",
        ErrorKind::IsADirectory => "这是文件夹，不是文件",
        ErrorKind::NotADirectory => "路径中有一段不是文件夹",
        ErrorKind::AlreadyExists => "已存在",
        ErrorKind::StorageFull => "磁盘已满",
        ErrorKind::ReadOnlyFilesystem => "文件系统只读",
        ErrorKind::InvalidData => "数据无效",
        ErrorKind::Interrupted => "读写被中断",
        // The rest are rare; the system's own text would be English, its number is not.
        _ => {
            return match error.raw_os_error() {
                Some(code) => format!("系统错误（错误号 {code}）"),
                None => "系统错误".into(),
            }
        }
    };
    what.to_string()
}

/// “cannot write FILE: why”.
pub fn cannot_write(lang: Lang, path: &std::path::Path, error: &std::io::Error) -> String {
    let why = io_error(lang, error);
    say(
        lang,
        format!("无法写入 {}：{why}", path.display()),
        format!("{}: cannot write: {why}", path.display()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_are_said_in_chinese_without_the_systems_english() {
        let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(io_error(Lang::Zh, &missing), "没有这个文件或文件夹");
        let odd = std::io::Error::other("boom");
        assert_eq!(io_error(Lang::Zh, &odd), "系统错误");
        let numbered = std::io::Error::from_raw_os_error(5);
        assert_eq!(io_error(Lang::Zh, &numbered), "系统错误（错误号 5）");
        assert_eq!(io_error(Lang::En, &missing), missing.to_string());
    }
}
