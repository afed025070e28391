//! Converter Markdown with tables in pieces, generated from an example (the shapes of
//! `converted_pieces.rs`).
//!
//! `row_groups` prints table 三 as one small table per group of rows, each under a heading
//! naming the group, under a generic header (the example's own, repeated, when it lacks a
//! column: the order then no longer says which column a value is in), its labels without their
//! ordinal, the applicant header cells as tables of their own over placeholder rows, and its
//! last rows under a header garbled from row labels; table 四 as three tables, one per row, each
//! under a heading (or a bold line) with the row's label and a header of the five column labels
//! alone.
//!
//! `shredded` prints table 三 under a header cut to fragments (more cells than its rows), the
//! rest of the header as loose lines above; each row whose label would wrap in a PDF's cell as
//! its figures alone, a piece of its own, its label wrapped into loose lines before the next
//! piece; the group rows as loose fragments; `三、` spilled before `（一）`'s label; and table 四
//! as one row of fifteen under a header of twelve fragments.

use super::{cells, delimiter, is_row, row, without_front_matter};

/// A label longer than this (in characters) wraps in a PDF's cell.
const WRAPS: usize = 10;

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// `一、`…`四、`
    Top,
    /// `（一）`…`（七）`
    Group,
    /// `1.`…
    Sub,
}

fn kind(label: &str) -> Kind {
    match label.trim().chars().next() {
        Some(c) if c.is_ascii_digit() => Kind::Sub,
        Some('（' | '(') => Kind::Group,
        _ => Kind::Top,
    }
}

/// `label` without its ordinal: `予以公开` for `（一）予以公开`, `属于国家秘密` for `1.属于国家秘密`.
fn without_ordinal(label: &str) -> String {
    label
        .trim()
        .trim_start_matches(['（', '('])
        .trim_start_matches(|c: char| "一二三四五六七八九十".contains(c) || c.is_ascii_digit())
        .trim_start_matches(['）', ')', '、', '.', '．'])
        .trim()
        .to_string()
}

fn blank(values: &[String]) -> bool {
    values.iter().all(|v| v.is_empty())
}

fn chars(s: &str, from: usize, n: usize) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .skip(from)
        .take(n)
        .collect()
}

/// `label` cut into lines of `width` characters, as a PDF's cell wraps it.
fn wrapped(label: &str, width: usize) -> Vec<String> {
    let all: Vec<char> = label.chars().collect();
    all.chunks(width).map(|c| c.iter().collect()).collect()
}

/// The example's table that `is_header` picks: the lines before its header, its header's cells,
/// its rows' cells, and the lines after it.
struct Split<'t> {
    before: Vec<&'t str>,
    header: Vec<String>,
    body: Vec<Vec<String>>,
    after: Vec<&'t str>,
}

fn split<'t>(text: &'t str, is_header: impl Fn(&[String]) -> bool) -> Option<Split<'t>> {
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| is_row(l) && is_header(&cells(l)))?;
    let end = (at + 2..lines.len())
        .find(|i| !is_row(lines[*i]))
        .unwrap_or(lines.len());
    Some(Split {
        before: lines[..at].to_vec(),
        header: cells(lines[at]),
        body: lines[at + 2..end].iter().map(|l| cells(l)).collect(),
        after: lines[end..].to_vec(),
    })
}

fn table_three(header: &[String]) -> bool {
    header.iter().any(|c| c == "自然人")
}

fn table_four(header: &[String]) -> bool {
    header.len() == 6 && {
        let all = header.concat();
        all.contains("维持") || all.contains("維持")
    }
}

/// Replaces the table `is_header` picks with `write(header, body)`.
fn rewrite(
    text: &str,
    is_header: impl Fn(&[String]) -> bool,
    write: impl Fn(&[String], &[Vec<String>]) -> Vec<String>,
) -> String {
    let Some(s) = split(text, is_header) else {
        return text.to_string();
    };
    let mut out: Vec<String> = s.before.iter().map(|l| l.to_string()).collect();
    out.extend(write(&s.header, &s.body));
    out.extend(s.after.iter().map(|l| l.to_string()));
    out.join("\n") + "\n"
}

/// The example as a converter prints its tables one per group of rows (module docs).
pub fn row_groups(text: &str) -> String {
    let text = without_front_matter(text);
    let text = rewrite(&text, table_three, three_in_groups);
    rewrite(&text, table_four, four_in_rows)
}

fn three_in_groups(header: &[String], body: &[Vec<String>]) -> Vec<String> {
    let whole = header.len() == 8;
    let generic: Vec<String> = if whole {
        std::iter::once("栏目".to_string())
            .chain((1..=6).map(|n| format!("数值{n}")))
            .chain(std::iter::once(header[7].clone()))
            .collect()
    } else {
        header.to_vec()
    };
    let mut out = Vec::new();
    let piece =
        |out: &mut Vec<String>, heading: Option<&str>, rows: &[Vec<String>], top: &[String]| {
            if let Some(h) = heading {
                out.push(format!("### {h}"));
            }
            out.push(row(top));
            out.push(delimiter(top.len()));
            out.extend(rows.iter().map(|r| row(r)));
            out.push(String::new());
        };
    // The applicant header cells, as tables of their own over placeholder rows.
    let names = &header[2..header.len() - 1];
    piece(
        &mut out,
        Some("申请人（自然人）"),
        &[vec!["-".into(), "-".into()]],
        &["项".into(), "数".into()],
    );
    piece(
        &mut out,
        Some("申请人（法人或其他组织）"),
        &[vec!["-".to_string(); names.len()]],
        names,
    );
    let bare = |r: &Vec<String>| {
        let mut r = r.clone();
        r[0] = without_ordinal(&r[0]);
        r
    };
    let has_subs = |i: usize| body.get(i + 1).is_some_and(|n| kind(&n[0]) == Kind::Sub);
    let last_group = (0..body.len())
        .rev()
        .find(|i| has_subs(*i))
        .unwrap_or(body.len().saturating_sub(3));
    let mut i = 0;
    while i < body.len() && i <= last_group {
        let r = &body[i];
        let label = r[0].as_str();
        if blank(&r[1..]) && !has_subs(i) {
            out.push(format!("### {label}"));
            out.push(String::new());
            i += 1;
        } else if has_subs(i) {
            let mut rows = Vec::new();
            if !blank(&r[1..]) {
                rows.push(bare(r));
            }
            // The last group's sub-rows after its first go to the last piece.
            let mut j = i + 1;
            while j < body.len()
                && kind(&body[j][0]) == Kind::Sub
                && (i != last_group || j == i + 1)
            {
                rows.push(bare(&body[j]));
                j += 1;
            }
            piece(&mut out, Some(label), &rows, &generic);
            i = j;
        } else {
            piece(&mut out, Some(label), &[bare(r)], &generic);
            i += 1;
        }
    }
    // The last rows, under a header garbled from row labels.
    let garbled: Vec<String> = if whole {
        std::iter::once("项目".to_string())
            .chain(
                body.iter()
                    .take(6)
                    .map(|r| chars(&without_ordinal(&r[0]), 0, 4)),
            )
            .chain(std::iter::once(header[7].clone()))
            .collect()
    } else {
        header.to_vec()
    };
    piece(&mut out, None, &body[i.min(body.len())..], &garbled);
    out
}

fn four_in_rows(header: &[String], body: &[Vec<String>]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, r) in body.iter().enumerate() {
        // The second row's label a bold line, as converters write headings too.
        if i == 1 {
            out.push(format!("**{}**", r[0]));
            out.push(String::new());
        } else {
            out.push(format!("### {}", r[0]));
        }
        out.push(row(&header[1..]));
        out.push(delimiter(header.len() - 1));
        out.push(row(&r[1..]));
        out.push(String::new());
    }
    out
}

/// What to take out of table 三 in `shredded`: the row whose label contains `.0`, its figures
/// and, unless `.1`, its label.
pub type Drop = Option<(&'static str, bool)>;

/// The example as a converter prints table 三 under a shredded header and table 四 as one row
/// (module docs), section titles as plain lines.
pub fn shredded(text: &str, drop: Drop) -> String {
    let text = without_front_matter(text);
    let mut lines = Vec::new();
    let mut iter = text.lines().peekable();
    while let Some(line) = iter.next() {
        match line.strip_prefix("## ") {
            Some(title) => {
                lines.push(title.to_string());
                while iter.next_if(|l| l.trim().is_empty()).is_some() {}
            }
            None => lines.push(line.to_string()),
        }
    }
    let text = lines.join("\n") + "\n";
    let text = rewrite(&text, table_three, |h, b| three_shredded(h, b, drop));
    rewrite(&text, table_four, four_in_one_row)
}

fn three_shredded(header: &[String], body: &[Vec<String>], drop: Drop) -> Vec<String> {
    if header.len() != 8 {
        return std::iter::once(row(header))
            .chain(std::iter::once(delimiter(header.len())))
            .chain(body.iter().map(|r| row(r)))
            .collect();
    }
    let names = &header[2..6];
    let mut out = vec![
        "申请人情况".to_string(),
        format!("{}{}", header[1], header[7]),
        names.iter().map(|n| chars(n, 0, 3)).collect::<String>(),
        header[6].clone(),
    ];
    let mut top: Vec<String> = names
        .iter()
        .map(|n| chars(n, 3, 8))
        .filter(|n| !n.is_empty())
        .collect();
    top.resize(9, String::new());
    out.push(row(&top));
    out.push(delimiter(top.len()));
    let has_subs = |i: usize| body.get(i + 1).is_some_and(|n| kind(&n[0]) == Kind::Sub);
    let mut loose: Vec<String> = Vec::new();
    let mut in_piece = true;
    let mut carry: Option<String> = None;
    for (i, r) in body.iter().enumerate() {
        let label = r[0].as_str();
        if let Some((part, keep_label)) = drop.filter(|(part, _)| label.contains(part)) {
            let _ = part;
            if keep_label {
                loose.extend(wrapped(label, WRAPS));
            }
            continue;
        }
        let values = &r[1..];
        let k = kind(label);
        if blank(values) && k == Kind::Top {
            // 三、本年度办理结果: its ordinal spills into the next row, its words wrap loose.
            carry = Some(
                label
                    .chars()
                    .take_while(|c| *c != '、')
                    .chain(['、'])
                    .collect(),
            );
            loose.extend(wrapped(&without_ordinal(label), 2));
        } else if blank(values) && has_subs(i) {
            loose.extend(wrapped(label, 4));
        } else if k != Kind::Top && label.chars().count() > WRAPS && carry.is_none() {
            // Its figures alone, a piece of their own; its label among the loose lines after.
            flush(&mut out, &mut loose, &mut in_piece);
            out.push(row(values));
            out.push(delimiter(values.len()));
            in_piece = false;
            loose.extend(wrapped(label, WRAPS));
        } else {
            let mut cells = r.clone();
            if let Some(ordinal) = carry.take() {
                cells.insert(0, ordinal);
            } else if i < 2 {
                // A blank cell a converter left after the values.
                cells.push(String::new());
            }
            flush(&mut out, &mut loose, &mut in_piece);
            out.push(row(&cells));
            if !in_piece {
                out.push(delimiter(cells.len()));
                in_piece = true;
            }
        }
    }
    out.extend(loose);
    out
}

/// The loose lines waiting for the next piece, between blank lines, before it.
fn flush(out: &mut Vec<String>, loose: &mut Vec<String>, in_piece: &mut bool) {
    if !loose.is_empty() {
        out.push(String::new());
        out.append(loose);
        out.push(String::new());
        *in_piece = false;
    }
}

fn four_in_one_row(header: &[String], body: &[Vec<String>]) -> Vec<String> {
    let labels: Vec<String> = header[1..5].iter().map(|h| h.replace(' ', "")).collect();
    let mut out = vec![
        body.iter()
            .take(2)
            .map(|r| chars(&r[0], 0, 4))
            .collect::<String>(),
        "未经复议直接起诉复议后起诉".to_string(),
    ];
    // The stacked header's last level, cut: the first group's cells by their last two
    // characters, the others' by their first two (其他 among them).
    let mut fragments: Vec<String> = labels
        .iter()
        .map(|l| {
            l.chars()
                .rev()
                .take(2)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect()
        })
        .collect();
    for _ in 0..2 {
        fragments.extend(labels.iter().map(|l| chars(l, 0, 2)));
    }
    let figures: Vec<String> = body.iter().flat_map(|r| r[1..].to_vec()).collect();
    out.push(row(&fragments));
    out.push(delimiter(fragments.len()));
    out.push(row(&figures));
    out.push(delimiter(figures.len()));
    out
}
