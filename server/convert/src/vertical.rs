//! Table headers printed one character per line. A PDF table with narrow header columns prints
//! 自然人 or 商业企业 vertically, and `pdftotext` gives each character a line of its own:
//! `自` `然` `人` `法人或其他组织` `商` `业` `企` `业` …. A run of such characters is read back
//! into the labels it spells by cutting it into pieces that are each a whole label of the
//! template — and only when exactly one way to cut it exists. Two readings, or none, leave the
//! characters as they are, and the table reader then refuses the header naming its line.

/// How a run of characters can be cut into labels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    /// Exactly one way: the length (in characters) of each label, in order.
    Unique(Vec<usize>),
    /// No way: some character belongs to no label.
    None,
    /// Two ways (at least): the first two found, as piece lengths.
    Several(Vec<usize>, Vec<usize>),
}

/// The longest label a run is cut into, in characters (the template's longest header or row
/// label is shorter), and the longest run tried: a longer run is not a table header, and
/// trying it would cost time on adversarial input.
const LONGEST_LABEL: usize = 48;
pub const LONGEST_RUN: usize = 240;

/// Cuts `chars` (each one character) into pieces of two characters or more, each of which
/// `is_label` accepts. `may_grow` says whether a piece could still become a label with more
/// characters: where it cannot, longer pieces are not tried.
pub fn read(
    chars: &[&str],
    is_label: impl Fn(&str) -> bool,
    may_grow: impl Fn(&str) -> bool,
) -> Reading {
    let n = chars.len();
    if !(2..=LONGEST_RUN).contains(&n) {
        return Reading::None;
    }
    // ends[i]: the ends j of the labels chars[i..j]; ways[i]: readings of chars[i..], capped at 2.
    let mut ends: Vec<Vec<usize>> = vec![Vec::new(); n + 1];
    let mut ways = vec![0u8; n + 1];
    ways[n] = 1;
    for i in (0..n).rev() {
        let mut text = String::from(chars[i]);
        for j in i + 2..=n.min(i + LONGEST_LABEL) {
            text.push_str(chars[j - 1]);
            if !may_grow(&text) {
                break;
            }
            if ways[j] > 0 && is_label(&text) {
                ends[i].push(j);
                ways[i] = (ways[i] + ways[j]).min(2);
            }
        }
    }
    let first = |from: usize, mut path: Vec<usize>| {
        let mut i = from;
        while i < n {
            let j = ends[i].iter().copied().find(|&j| ways[j] > 0)?;
            path.push(j - i);
            i = j;
        }
        Some(path)
    };
    match ways[0] {
        0 => Reading::None,
        1 => first(0, Vec::new()).map_or(Reading::None, Reading::Unique),
        _ => {
            // The first reading, and the first one that differs from it at its earliest
            // possible point.
            let Some(one) = first(0, Vec::new()) else {
                return Reading::None;
            };
            let mut i = 0;
            for (k, &len) in one.iter().enumerate() {
                let taken = i + len;
                if let Some(&other) = ends[i].iter().find(|&&j| j != taken && ways[j] > 0) {
                    let mut path = one[..k].to_vec();
                    path.push(other - i);
                    if let Some(two) = first(other, path) {
                        return Reading::Several(one, two);
                    }
                }
                i = taken;
            }
            Reading::Unique(one)
        }
    }
}

/// The pieces of `chars` that `lengths` cut, joined.
pub fn pieces(chars: &[&str], lengths: &[usize]) -> Vec<String> {
    let mut at = 0;
    lengths
        .iter()
        .map(|&len| {
            let piece = chars[at..at + len].concat();
            at += len;
            piece
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<String> {
        s.chars().map(String::from).collect()
    }

    fn read_str(s: &str, labels: &[&str]) -> Reading {
        let c = chars(s);
        let refs: Vec<&str> = c.iter().map(String::as_str).collect();
        read(
            &refs,
            |x| labels.contains(&x),
            |x| labels.iter().any(|l| l.starts_with(x)),
        )
    }

    #[test]
    fn unique_cuts_only() {
        let labels = ["自然人", "商业企业", "其他", "总计", "其他结果"];
        assert_eq!(
            read_str("自然人商业企业其他总计", &labels),
            Reading::Unique(vec![3, 4, 2, 2])
        );
        assert_eq!(read_str("自然人商业", &labels), Reading::None);
        // 其他结果 is one label, or 其他 + 结果 were 结果 a label too.
        assert_eq!(read_str("其他结果", &labels), Reading::Unique(vec![4]));
        assert_eq!(
            read_str("其他结果", &["其他", "结果", "其他结果"]),
            Reading::Several(vec![2, 2], vec![4])
        );
        assert_eq!(read_str("总", &labels), Reading::None);
        let c = chars("自然人商业企业");
        let refs: Vec<&str> = c.iter().map(String::as_str).collect();
        assert_eq!(pieces(&refs, &[3, 4]), ["自然人", "商业企业"]);
    }

    #[test]
    fn long_runs_are_not_tried() {
        let s = "总计".repeat(LONGEST_RUN);
        assert_eq!(read_str(&s, &["总计"]), Reading::None);
    }
}
