//! Bytes to text. Government files come as UTF-8 or as GB18030/GBK (GB2312 is a subset of both);
//! both are decoded strictly, so a file in any other encoding is an error, never mojibake.

use crate::{say, Lang};
use encoding_rs::{Encoding, GB18030, UTF_8};

/// Decoded text and the name of the encoding it was in.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Decodes `bytes`: a byte-order mark wins, then a charset an HTML page declares, then strict
/// UTF-8, then strict GB18030. The error is said in `lang`.
pub fn decode(bytes: &[u8], lang: Lang) -> Result<Decoded, String> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let name = encoding.name();
        return strict(encoding, &bytes[bom..]).ok_or_else(|| {
            say(
                lang,
                format!("文件开头标明是 {name} 编码（字节顺序标记），内容却不是有效的 {name} 文字：请用原件重新保存后再导入"),
                format!("the file starts with a {name} byte-order mark but is not valid {name}"),
            )
        });
    }
    if let Some(declared) = declared_charset(bytes) {
        // GB2312 and GBK pages routinely use characters outside their declared set, so they
        // are read as their superset GB18030.
        let encoding = if declared == encoding_rs::GBK {
            GB18030
        } else {
            declared
        };
        if let Some(decoded) = strict(encoding, bytes) {
            return Ok(decoded);
        }
    }
    if let Some(decoded) = strict(UTF_8, bytes) {
        return Ok(decoded);
    }
    if let Some(decoded) = strict(GB18030, bytes) {
        return Ok(decoded);
    }
    let at = std::str::from_utf8(bytes)
        .err()
        .map_or(0, |e| e.valid_up_to());
    let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    Err(say(
        lang,
        format!("既不是 UTF-8 也不是 GB18030/GBK 编码的文字（第一个无法识别的字节在偏移 {at} 处，第 {line} 行）：请先转成 UTF-8 再导入"),
        format!("neither UTF-8 nor GB18030/GBK text (first bad byte at offset {at}, line {line}); convert it to UTF-8 first"),
    ))
}

fn strict(encoding: &'static Encoding, bytes: &[u8]) -> Option<Decoded> {
    let text = encoding.decode_without_bom_handling_and_without_replacement(bytes)?;
    Some(Decoded {
        text: text.into_owned(),
        encoding: encoding.name(),
    })
}

/// The charset an HTML page declares in its first kilobytes (`<meta charset="gbk">` or
/// `content="text/html; charset=gb2312"`).
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let at = head.find("charset=")? + "charset=".len();
    let label: String = head[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    Encoding::for_label(label.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_and_gbk_and_refuses_the_rest() {
        assert_eq!(
            decode("申请人情况".as_bytes(), Lang::Zh).unwrap().encoding,
            "UTF-8"
        );
        let (gbk, _, _) = encoding_rs::GBK.encode("收到和处理政府信息公开申请情况");
        let d = decode(&gbk, Lang::Zh).unwrap();
        assert_eq!(d.encoding, "gb18030");
        assert_eq!(d.text, "收到和处理政府信息公开申请情况");
        let page = b"<html><head><meta charset=\"gb2312\"></head><body>\xd6\xd0</body></html>";
        assert!(decode(page, Lang::Zh).unwrap().text.contains('中'));
        assert!(decode(&[0x81, 0x20, 0xff, 0xff], Lang::Zh).is_err());
    }
}
