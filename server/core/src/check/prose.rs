//! `NB3xx`: figures the narrative states, compared with the tables. Heuristic by nature, so
//! only phrasings seen in real reports are read, every finding is a warning, and a figure that
//! matches any reasonable reading of the tables (e.g. 收到 = 一, or 一 + 二) raises nothing.

use super::Ctx;
use crate::check::relations;
use crate::finding::Finding;
use crate::model::Report;
use crate::syntax::Span;
use crate::value::SCALE;
use regex::Regex;
use std::sync::OnceLock;

/// A prose pattern: its finding code, what the figure is, and the table values it may equal.
struct Claim {
    code: &'static str,
    pattern: &'static str,
    what_zh: &'static str,
    what_en: &'static str,
    /// Each alternative is a sum of (table, row, column) cells; the figure must equal one of them.
    readings: &'static [&'static [(&'static str, &'static str, &'static str)]],
}

const B: &str = "B";
const CLAIMS: &[Claim] = &[
    Claim {
        code: "NB301",
        pattern: r"(?:共收到|收到|共处理|处理|受理|共受理)[^。；;，,、]{0,16}?申请[^0-9。；;，,]{0,8}?(\d[\d,]*)\s*件",
        what_zh: "收到（处理）的申请数",
        what_en: "the applications received (handled)",
        readings: &[
            &[(B, "new", "total"), (B, "carried_in", "total")],
            &[(B, "new", "total")],
        ],
    },
    Claim {
        code: "NB301",
        pattern: r"新收[^。；;，,、]{0,16}?申请[^0-9。；;，,]{0,6}?(\d[\d,]*)\s*件",
        what_zh: "本年新收申请数",
        what_en: "the new applications",
        readings: &[&[(B, "new", "total")]],
    },
    Claim {
        code: "NB301",
        pattern: r"(?:上年|上一年度?|\d{4}年)结转(?:的申请)?(\d[\d,]*)\s*件",
        what_zh: "上年结转申请数",
        what_en: "the applications carried over from last year",
        readings: &[&[(B, "carried_in", "total")]],
    },
    Claim {
        code: "NB302",
        pattern: r"办结(?:申请)?(\d[\d,]*)\s*件",
        what_zh: "办结数",
        what_en: "the applications concluded",
        readings: &[&[(B, "total", "total")]],
    },
    Claim {
        code: "NB303",
        pattern: r"(?:结转下年度|结转至?下一?年度?|转\d{4}年)(?:继续办理)?[^0-9。；;，,]{0,4}?(\d[\d,]*)\s*件",
        what_zh: "结转下年度继续办理数",
        what_en: "the applications carried over to next year",
        readings: &[&[(B, "carried_out", "total")]],
    },
    Claim {
        code: "NB304",
        pattern: r"行政复议[^0-9。；;，,、]{0,4}?(\d[\d,]*)\s*件",
        what_zh: "行政复议数",
        what_en: "the administrative reviews",
        readings: &[&[("C", "review", "total")]],
    },
    Claim {
        code: "NB305",
        pattern: r"行政诉讼[^0-9。；;，,、]{0,4}?(\d[\d,]*)\s*件",
        what_zh: "行政诉讼数",
        what_en: "the lawsuits",
        readings: &[&[("C", "suit_direct", "total"), ("C", "suit_after", "total")]],
    },
    Claim {
        code: "NB307",
        pattern: r"予以公开(\d[\d,]*)\s*件",
        what_zh: "予以公开数",
        what_en: "the applications disclosed in full",
        readings: &[&[(B, "r1", "total")]],
    },
    Claim {
        code: "NB307",
        pattern: r"部分公开(\d[\d,]*)\s*件",
        what_zh: "部分公开数",
        what_en: "the applications disclosed in part",
        readings: &[&[(B, "r2", "total")]],
    },
    Claim {
        code: "NB307",
        pattern: r"不予公开(\d[\d,]*)\s*件",
        what_zh: "不予公开数",
        what_en: "the applications refused",
        readings: &[&[(B, "r3_*", "total")]],
    },
    Claim {
        code: "NB307",
        pattern: r"无法提供(\d[\d,]*)\s*件",
        what_zh: "无法提供数",
        what_en: "the applications that could not be answered",
        readings: &[&[(B, "r4_*", "total")]],
    },
    Claim {
        code: "NB307",
        pattern: r"不予处理和其他处理(\d[\d,]*)\s*件",
        what_zh: "不予处理和其他处理数",
        what_en: "the applications not processed or otherwise handled",
        readings: &[&[(B, "r5_*", "total"), (B, "r6*", "total")]],
    },
];

/// The 规章 / 规范性文件 figures of table 二, read only from a clause that also states 现行有效
/// (a summary of the table, not of a clean-up campaign).
const DOCUMENT_FIGURES: &[(&str, &str)] = &[
    ("制发", "issued"),
    ("印发", "issued"),
    ("废止", "repealed"),
    ("现行有效", "in_force"),
];

fn compiled() -> &'static Vec<Regex> {
    static RES: OnceLock<Vec<Regex>> = OnceLock::new();
    RES.get_or_init(|| {
        CLAIMS
            .iter()
            .map(|c| Regex::new(c.pattern).expect("prose patterns are valid"))
            .collect()
    })
}

pub fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    let report = ctx.report;
    for (_, span) in &report.prose {
        let prose = Simplified::new(&ctx.text[span.clone()], span.start);
        for (claim, re) in CLAIMS.iter().zip(compiled()) {
            for caps in re.captures_iter(&prose.text) {
                let Some(m) = caps.get(1) else { continue };
                let Some(stated) = parse_int(m.as_str()) else {
                    continue;
                };
                let values: Vec<i64> = claim
                    .readings
                    .iter()
                    .filter_map(|r| reading(report, r))
                    .collect();
                if values.is_empty() || values.contains(&stated) {
                    continue;
                }
                let shown = values
                    .iter()
                    .map(|v| v.to_string())
                    .collect::<Vec<_>>()
                    .join(" / ");
                out.push(Finding::new(
                    claim.code,
                    prose.original(m.start()..m.end()),
                    ctx.say(
                        format!("正文所述{}为 {stated} 件，表格为 {shown} 件", claim.what_zh),
                        format!(
                            "the text states {} as {stated}, the tables give {shown}",
                            claim.what_en
                        ),
                    ),
                ));
            }
        }
        documents(ctx, &prose, out);
    }
}

fn documents(ctx: &Ctx, prose: &Simplified, out: &mut Vec<Finding>) {
    static NUMBER: OnceLock<Regex> = OnceLock::new();
    let number = NUMBER.get_or_init(|| Regex::new(r"(\d+)\s*[件部]").expect("valid pattern"));
    let Some((table, spec)) = ctx.report.table("A1") else {
        return;
    };
    let mut offset = 0;
    for clause in prose.text.split_inclusive(['。', '；', ';']) {
        let start = offset;
        offset += clause.len();
        if !clause.contains("现行有效") {
            continue;
        }
        // Each figure belongs to the document kind named last before it in the clause.
        for m in number.find_iter(clause) {
            let before = &clause[..m.start()];
            let kind = match (before.rfind("规章"), before.rfind("规范性文件")) {
                (Some(a), Some(b)) => Some(if a > b { "rules" } else { "normative" }),
                (Some(_), None) => Some("rules"),
                (None, Some(_)) => Some("normative"),
                (None, None) => None,
            };
            let verb = DOCUMENT_FIGURES
                .iter()
                .filter_map(|(w, col)| before.rfind(w).map(|at| (at, *col)))
                .max_by_key(|(at, _)| *at);
            let (Some(kind), Some((_, column))) = (kind, verb) else {
                continue;
            };
            let (Some(r), Some(c)) = (
                spec.rows.iter().position(|x| x.id == kind),
                spec.columns.iter().position(|x| x.id == column),
            ) else {
                continue;
            };
            let Some(at) = table.cell(r, c) else { continue };
            let crate::value::Value::Number(n) = at.cell.value else {
                continue;
            };
            let Some(stated) = parse_int(
                number
                    .captures(m.as_str())
                    .and_then(|c| c.get(1))
                    .map_or("", |g| g.as_str()),
            ) else {
                continue;
            };
            if n.scaled != stated * SCALE {
                let table_value = n.scaled / SCALE;
                let what = format!("{}·{}", spec.rows[r].label, spec.columns[c].label);
                let range = start + m.start()
                    ..start
                        + m.start()
                        + m.as_str().trim_end_matches(['件', '部']).trim_end().len();
                out.push(
                    Finding::new(
                        "NB306",
                        prose.original(range),
                        ctx.say(
                            format!("正文所述{what}为 {stated}，表格为 {table_value}"),
                            format!(
                                "the text states {what} as {stated}, the table gives {table_value}"
                            ),
                        ),
                    )
                    .related(at.cell.range.clone(), what.clone()),
                );
            }
        }
    }
}

/// Sum of the cells of one reading; `r3_*` means every sub-row of `r3`, `r6*` the row or its
/// sub-rows (the 2019 format has （六） as a leaf). `None` if a cell is not a number.
fn reading(report: &Report, cells: &[(&str, &str, &str)]) -> Option<i64> {
    let mut sum = 0;
    for (table_id, row_id, col_id) in cells {
        let (table_no, spec) =
            report.tables.iter().enumerate().find_map(|(i, t)| {
                Some((i, report.table_spec(t).filter(|s| s.id == *table_id)?))
            })?;
        let col = spec.columns.iter().position(|c| c.id == *col_id)?;
        let rows: Vec<usize> = if let Some(prefix) = row_id.strip_suffix("_*") {
            spec.rows
                .iter()
                .enumerate()
                .filter(|(_, r)| r.parent.as_deref() == Some(prefix))
                .map(|(i, _)| i)
                .collect()
        } else if let Some(prefix) = row_id.strip_suffix('*') {
            let kids: Vec<usize> = spec
                .rows
                .iter()
                .enumerate()
                .filter(|(_, r)| r.parent.as_deref() == Some(prefix))
                .map(|(i, _)| i)
                .collect();
            if kids.is_empty() {
                spec.rows
                    .iter()
                    .position(|r| r.id == prefix)
                    .into_iter()
                    .collect()
            } else {
                kids
            }
        } else {
            vec![spec.rows.iter().position(|r| r.id == *row_id)?]
        };
        for row in rows {
            sum += relations::number(
                report,
                relations::Cell {
                    table: table_no,
                    row,
                    col,
                },
            )?;
        }
    }
    Some(sum / SCALE)
}

fn parse_int(s: &str) -> Option<i64> {
    s.replace(',', "").parse().ok()
}

/// Prose in simplified characters, with a map back to the original byte offsets (traditional
/// characters and their simplified forms differ in UTF-8 length only rarely, but they may).
struct Simplified {
    text: String,
    /// For each byte of `text`, the original offset of its character.
    origin: Vec<usize>,
    end: usize,
}

impl Simplified {
    fn new(original: &str, base: usize) -> Simplified {
        let converted = fast2s::convert(original);
        if converted == original {
            return Simplified {
                origin: (0..original.len()).map(|i| base + i).collect(),
                text: converted,
                end: base + original.len(),
            };
        }
        let mut text = String::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len());
        let mut buf = [0u8; 4];
        for (i, ch) in original.char_indices() {
            let single = if ch.is_ascii() {
                ch.to_string()
            } else {
                fast2s::convert(ch.encode_utf8(&mut buf))
            };
            origin.extend(std::iter::repeat_n(base + i, single.len()));
            text.push_str(&single);
        }
        Simplified {
            text,
            origin,
            end: base + original.len(),
        }
    }

    fn original(&self, range: Span) -> Span {
        let start = self.origin.get(range.start).copied().unwrap_or(self.end);
        let end = self.origin.get(range.end).copied().unwrap_or(self.end);
        start..end
    }
}
