//! Cell values. A number is kept as a fixed-point integer of millionths, so that 收费金额 in 万元
//! adds up exactly to the fen (分) that real reports print: `24252.311082`.

/// Millionths: `3664.4476` is `3_664_447_600`.
pub const SCALE: i64 = 1_000_000;
/// The decimals `SCALE` keeps: 万元 to the fen.
pub const MAX_DECIMALS: usize = 6;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    Number(Number),
    /// Empty, `—`, `/`, `无`: not filled in. Never read as zero.
    Missing,
    /// `待核` or `?`: the author marked it as to be verified.
    Review,
    /// Text that is not a number.
    Invalid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Number {
    /// The value in millionths.
    pub scaled: i64,
    /// Digits written after the decimal point.
    pub decimals: u8,
}

impl Number {
    pub fn from_int(n: i64) -> Number {
        Number {
            scaled: n * SCALE,
            decimals: 0,
        }
    }

    pub fn is_whole(self) -> bool {
        self.scaled % SCALE == 0
    }
}

/// Writes a scaled value as the markup writes numbers: no separators, no trailing zeros.
pub fn format_scaled(scaled: i64) -> String {
    let sign = if scaled < 0 { "-" } else { "" };
    let abs = scaled.unsigned_abs();
    let whole = abs / SCALE as u64;
    let frac = abs % SCALE as u64;
    if frac == 0 {
        format!("{sign}{whole}")
    } else {
        let digits = format!("{frac:0width$}", width = MAX_DECIMALS);
        format!("{sign}{whole}.{}", digits.trim_end_matches('0'))
    }
}

const PLACEHOLDERS: &[&str] = &[
    "—", "——", "-", "－", "–", "/", "／", "无", "無", "&nbsp;", "\u{a0}",
];
const REVIEW_MARKS: &[&str] = &["待核", "?", "？"];

/// The marker written into a cell whose figure is to be verified.
pub const REVIEW_MARK: &str = "待核";

pub fn parse(text: &str) -> Value {
    let text = text.trim();
    // Nearly every cell is a plain count: read it without the searches below. Twelve digits at
    // most, so that the millionths fit (`parse_number` refuses what does not).
    if !text.is_empty() && text.len() <= 12 && text.bytes().all(|b| b.is_ascii_digit()) {
        let n = text.bytes().fold(0i64, |n, b| n * 10 + i64::from(b - b'0'));
        return Value::Number(Number::from_int(n));
    }
    if text.is_empty() || PLACEHOLDERS.contains(&text) {
        return Value::Missing;
    }
    if REVIEW_MARKS.contains(&text) {
        return Value::Review;
    }
    // A unit printed in the cell (`251000元` in a 2019 report's 采购总金额) is the column's
    // annotation, not part of the figure.
    let figure = UNITS
        .iter()
        .find_map(|u| text.strip_suffix(u))
        .map_or(text, str::trim_end);
    parse_number(figure).map_or(Value::Invalid, Value::Number)
}

/// Units real reports print after a figure in its cell.
const UNITS: &[&str] = &["万元", "元", "件", "个", "条", "项"];

/// `1,601,769`, `3664.4476`, `-3`, `21，083.44`. Separators must group by three.
fn parse_number(text: &str) -> Option<Number> {
    let (negative, body) = match text.strip_prefix(['-', '－', '+']) {
        Some(rest) => (text.starts_with(['-', '－']), rest),
        None => (false, text),
    };
    let (whole, frac) = match body.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (body, None),
    };
    let groups: Vec<&str> = whole.split([',', '，']).collect();
    let first_ok = !groups[0].is_empty() && groups[0].bytes().all(|b| b.is_ascii_digit());
    let rest_ok = groups[1..]
        .iter()
        .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
    if !first_ok || !rest_ok || (groups.len() > 1 && groups[0].len() > 3) {
        return None;
    }
    let digits: String = groups.concat();
    let whole_value: i64 = digits.parse().ok()?;
    let (frac_value, decimals) = match frac {
        Some(f) if !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()) => {
            let kept = &f[..f.len().min(MAX_DECIMALS)];
            let padded = format!("{kept:0<width$}", width = MAX_DECIMALS);
            // Digits past the sixth are counted in `decimals` so the checker can report them.
            (padded.parse::<i64>().ok()?, f.len().min(255) as u8)
        }
        Some(_) => return None,
        None => (0, 0),
    };
    let scaled = whole_value.checked_mul(SCALE)?.checked_add(frac_value)?;
    Some(Number {
        scaled: if negative { -scaled } else { scaled },
        decimals,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_reports_write() {
        assert_eq!(
            parse("1,601,769"),
            Value::Number(Number::from_int(1_601_769))
        );
        assert_eq!(
            parse("3664.4476"),
            Value::Number(Number {
                scaled: 3_664_447_600,
                decimals: 4
            })
        );
        assert_eq!(parse(" 0 "), Value::Number(Number::from_int(0)));
        assert_eq!(parse("—"), Value::Missing);
        assert_eq!(parse(""), Value::Missing);
        assert_eq!(parse("待核"), Value::Review);
        assert_eq!(parse("251000元"), parse("251000"));
        assert_eq!(parse("6 件"), parse("6"));
        assert_eq!(parse("元"), Value::Invalid);
        assert_eq!(parse("12,34"), Value::Invalid);
        assert_eq!(parse("五"), Value::Invalid);
        assert_eq!(
            parse("-3"),
            Value::Number(Number {
                scaled: -3_000_000,
                decimals: 0
            })
        );
        assert_eq!(
            parse("24252.311082"),
            Value::Number(Number {
                scaled: 24_252_311_082,
                decimals: 6
            })
        );
        assert_eq!(parse("99999999999999999999"), Value::Invalid);
        // Plain counts take a shorter way: the same values as the general one.
        for count in [
            "0",
            "007",
            "42",
            "999999999999",
            "9223372036854",
            "1000000000000",
        ] {
            assert_eq!(
                parse(count),
                parse_number(count).map_or(Value::Invalid, Value::Number)
            );
        }
    }

    #[test]
    fn formats() {
        assert_eq!(format_scaled(3_664_447_600), "3664.4476");
        assert_eq!(format_scaled(21_083_440_000), "21083.44");
        assert_eq!(format_scaled(24_252_311_082), "24252.311082");
        assert_eq!(format_scaled(57_000_000), "57");
        assert_eq!(format_scaled(-1_000_000), "-1");
    }
}
