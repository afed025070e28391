//! Synthetic reports: a whole `.nianbao` document of realistic size and shape (front matter,
//! title, six sections of prose with sub-heads, every template table), its figures balanced, and
//! optionally errors injected on purpose, each with the finding it must raise.
//!
//! The document is kept as sections of items (lines and tables) until it is written out, so an
//! injection can delete, duplicate or reorder parts and still know on which line its finding
//! belongs: items carry keys, and keys become line numbers only when the text is rendered.

use crate::prose;
use crate::rng::Rng;
use crate::values::{self, Grid};
use nianbao_core::knowledge::template::{RowRole, Template, ValueKind};
use nianbao_core::knowledge::Knowledge;
use nianbao_core::text::display_width;
use nianbao_core::value::{format_scaled, SCALE};

/// What was injected. Each kind raises exactly one finding of its code where the generator put it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    // Arithmetic (NB1xx): one wrong cell of table 三 or 四.
    Balance,
    RowTotal,
    GrandTotal,
    Subtotal,
    ReviewTotal,
    // Values (NB214–218).
    Blank,
    NotNumber,
    Negative,
    Fraction,
    ToVerify,
    // Structure (NB2xx).
    MissingSection,
    DuplicateSection,
    SectionOrder,
    MissingTable,
    DuplicateTable,
    MissingRow,
    UnknownRow,
    DuplicateRow,
    MissingColumn,
    ExtraCell,
    FrontMatter,
    NoTitle,
    LabelSpelling,
    // Prose (NB3xx): a figure in the text that the tables contradict.
    Received,
    Finished,
    CarriedOut,
    Reviews,
    Suits,
    Documents,
    Outcome,
}

/// The part of the report an injection touches; two injections in one report never share one,
/// so each keeps its single, known finding. Prose figures read tables 三 and 四, so they share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Region {
    Front,
    Title,
    Sections,
    TableA,
    TablesBC,
}

impl Kind {
    pub const ALL: &'static [Kind] = &[
        Kind::Balance,
        Kind::RowTotal,
        Kind::GrandTotal,
        Kind::Subtotal,
        Kind::ReviewTotal,
        Kind::Blank,
        Kind::NotNumber,
        Kind::Negative,
        Kind::Fraction,
        Kind::ToVerify,
        Kind::MissingSection,
        Kind::DuplicateSection,
        Kind::SectionOrder,
        Kind::MissingTable,
        Kind::DuplicateTable,
        Kind::MissingRow,
        Kind::UnknownRow,
        Kind::DuplicateRow,
        Kind::MissingColumn,
        Kind::ExtraCell,
        Kind::FrontMatter,
        Kind::NoTitle,
        Kind::LabelSpelling,
        Kind::Received,
        Kind::Finished,
        Kind::CarriedOut,
        Kind::Reviews,
        Kind::Suits,
        Kind::Documents,
        Kind::Outcome,
    ];

    /// The finding code the injection must raise.
    pub fn code(self) -> &'static str {
        match self {
            Kind::Balance => "NB101",
            Kind::RowTotal => "NB102",
            Kind::GrandTotal => "NB103",
            Kind::Subtotal => "NB104",
            Kind::ReviewTotal => "NB105",
            Kind::Blank => "NB214",
            Kind::NotNumber => "NB215",
            Kind::Negative => "NB216",
            Kind::Fraction => "NB217",
            Kind::ToVerify => "NB218",
            Kind::MissingSection => "NB201",
            Kind::DuplicateSection => "NB202",
            Kind::SectionOrder => "NB203",
            Kind::MissingTable => "NB204",
            Kind::DuplicateTable => "NB206",
            Kind::MissingRow => "NB207",
            Kind::UnknownRow => "NB208",
            Kind::DuplicateRow => "NB209",
            Kind::MissingColumn => "NB210",
            Kind::ExtraCell => "NB213",
            Kind::FrontMatter => "NB221",
            Kind::NoTitle => "NB222",
            Kind::LabelSpelling => "NB219",
            Kind::Received => "NB301",
            Kind::Finished => "NB302",
            Kind::CarriedOut => "NB303",
            Kind::Reviews => "NB304",
            Kind::Suits => "NB305",
            Kind::Documents => "NB306",
            Kind::Outcome => "NB307",
        }
    }

    /// The rule family, as the codes group them.
    pub fn family(self) -> &'static str {
        match self.code().as_bytes()[2] {
            b'1' => "arithmetic",
            b'3' => "prose",
            _ if (214..=218).contains(&self.number()) => "values",
            _ => "structure",
        }
    }

    fn number(self) -> u32 {
        self.code()[2..].parse().unwrap_or(0)
    }

    fn region(self) -> Region {
        match self {
            Kind::FrontMatter => Region::Front,
            Kind::NoTitle => Region::Title,
            Kind::MissingSection | Kind::DuplicateSection | Kind::SectionOrder => Region::Sections,
            Kind::Negative | Kind::Fraction | Kind::DuplicateTable => Region::TableA,
            _ => Region::TablesBC,
        }
    }
}

/// A finding the report must produce.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    pub kind: Kind,
    /// The zero-based line the finding starts on, or `None` when the finding is about the whole
    /// report (a missing part has no line of its own).
    pub line: Option<usize>,
}

/// A generated report.
#[derive(Debug, Clone)]
pub struct Generated {
    pub text: String,
    pub template: &'static str,
    pub expected: Vec<Expected>,
}

/// How a corpus is made.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The share of reports that get injected errors (each such report gets one to three).
    pub error_share: f64,
    /// The share written in the 2019 format.
    pub share_2019: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            error_share: 0.3,
            share_2019: 0.1,
        }
    }
}

/// Report number `index` of the corpus `seed`: the same text and expectations every time.
pub fn generate(seed: u64, index: u64, options: &Options) -> Generated {
    let mut rng = Rng::new(seed ^ index.wrapping_mul(0x2545_F491_4F6C_DD1D));
    let knowledge = Knowledge::get();
    let template_id = if rng.chance(options.share_2019) {
        "2019"
    } else {
        "2021"
    };
    let template = knowledge
        .template(template_id)
        .expect("the bundled templates include 2019 and 2021");
    let mut kinds: Vec<Kind> = Vec::new();
    if rng.chance(options.error_share) {
        let want = 1 + rng.below(3) as usize;
        for _ in 0..want * 4 {
            let kind = *rng.pick(Kind::ALL);
            if kinds.len() < want
                && applicable(kind, template)
                && kinds.iter().all(|k| k.region() != kind.region())
            {
                kinds.push(kind);
            }
        }
    }
    Builder::new(template, &mut rng, &kinds).build(&kinds)
}

/// Whether an injection makes sense in a template (the 2019 table 二 has no 规范性文件 figures
/// the prose rule reads).
fn applicable(kind: Kind, template: &Template) -> bool {
    kind != Kind::Documents || template.id == "2021"
}

const PLACES: &[&str] = &[
    "清河", "临江", "白石", "青山", "长宁", "安平", "永和", "新丰", "云溪", "东湖", "南屏", "北川",
];
const LEVELS: &[&str] = &["市", "县", "区"];
const ORGANS: &[&str] = &[
    "人民政府办公室",
    "发展和改革委员会",
    "教育局",
    "民政局",
    "司法局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源和规划局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文化广电和旅游局",
    "卫生健康委员会",
    "应急管理局",
    "审计局",
    "市场监督管理局",
    "医疗保障局",
    "人民政府",
];

/// A line of the document, or a table, with the key an injection finds it by.
#[derive(Debug, Clone)]
enum Item {
    Line { key: String, text: String },
    Table(Table),
}

#[derive(Debug, Clone)]
struct Table {
    /// The template table id (`B`), prefixed `dup:` on a copy.
    id: String,
    header: Vec<String>,
    rows: Vec<Row>,
    /// Padded to display width, or written compactly as many authors do.
    aligned: bool,
}

#[derive(Debug, Clone)]
struct Row {
    key: String,
    cells: Vec<String>,
}

#[derive(Debug, Clone)]
struct Section {
    id: String,
    items: Vec<Item>,
}

/// The figures the prose states; an injection changes one so the tables contradict it.
#[derive(Debug, Clone, Default)]
struct Stated {
    received: Option<i64>,
    carried_in: Option<i64>,
    finished: Option<i64>,
    carried_out: Option<i64>,
    outcomes: [Option<i64>; 4],
    reviews: Option<i64>,
    suits: Option<i64>,
    normative: Option<[i64; 3]>,
}

struct Builder<'r> {
    template: &'static Template,
    rng: &'r mut Rng,
    org: String,
    year: String,
    grids: Vec<Grid>,
    thousands: bool,
}

impl<'r> Builder<'r> {
    fn new(template: &'static Template, rng: &'r mut Rng, kinds: &[Kind]) -> Builder<'r> {
        let org = format!(
            "{}{}{}",
            rng.pick(PLACES),
            rng.pick(LEVELS),
            rng.pick(ORGANS)
        );
        let year = if template.id == "2019" {
            rng.range(2019, 2020)
        } else {
            rng.range(2021, 2025)
        }
        .to_string();
        let requests = rng.log_uniform(3, 3000);
        // A subtotal injection needs subtotal rows with numbers.
        let subtotals = kinds.contains(&Kind::Subtotal) || rng.chance(0.3);
        let grids = template
            .tables
            .iter()
            .map(|spec| {
                let scale = match spec.id.as_str() {
                    "B" => requests,
                    "C" => (requests / 25).clamp(2, 40),
                    "A1" => 30,
                    _ => rng.log_uniform(1, 5000),
                };
                values::fill(template, spec, rng, scale, subtotals)
            })
            .collect();
        let thousands = rng.chance(0.3);
        Builder {
            template,
            rng,
            org,
            year,
            grids,
            thousands,
        }
    }

    fn grid(&self, table: &str) -> Option<&Grid> {
        self.grids.iter().find(|g| g.spec.id == table)
    }

    fn number(&self, scaled: i64, kind: ValueKind) -> String {
        if kind == ValueKind::Amount || scaled % SCALE != 0 {
            return format_scaled(scaled);
        }
        let n = scaled / SCALE;
        if !(self.thousands && n >= 1000) {
            return n.to_string();
        }
        let digits = n.to_string();
        let mut out = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(ch);
        }
        out
    }

    fn build(mut self, kinds: &[Kind]) -> Generated {
        let mut stated = self.stated();
        for &kind in kinds {
            self.misstate(kind, &mut stated);
        }
        let mut front = vec![
            line("fm:open", "---"),
            line("fm:org", &format!("机关: {}", self.org)),
            line("fm:year", &format!("年度: {}", self.year)),
            line("fm:template", &format!("模板: {}", self.template.id)),
            line("fm:close", "---"),
            blank(),
        ];
        if self.rng.chance(0.3) {
            front.push(line(
                "note",
                "<!--\n本报告为基准测试生成的虚构报告，机关名称与全部数字均为虚构。\n-->",
            ));
            front.push(blank());
        }
        front.push(line(
            "title",
            &format!("# {}{}年政府信息公开工作年度报告", self.org, self.year),
        ));
        front.push(blank());
        front.push(line("intro", &format!(
            "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》要求编制，由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项等六部分组成。本报告中所列数据的统计期限自{0}年1月1日起至{0}年12月31日止。",
            self.year
        )));
        front.push(blank());
        let sections: Vec<Section> = self
            .template
            .sections
            .iter()
            .map(|s| self.section(&s.id, &format!("{}、{}", s.number, s.title), &stated))
            .collect();
        let mut doc = Doc { front, sections };
        let mut expected = Vec::new();
        for &kind in kinds {
            let key = self.inject(kind, &mut doc);
            expected.push((kind, key));
        }
        let crlf = self.rng.chance(0.1);
        let (text, lines) = doc.render(if crlf { "\r\n" } else { "\n" });
        let expected = expected
            .into_iter()
            .map(|(kind, key)| Expected {
                kind,
                line: key.and_then(|k| lines.iter().position(|l| *l == k)),
            })
            .collect();
        Generated {
            text,
            template: if self.template.id == "2019" {
                "2019"
            } else {
                "2021"
            },
            expected,
        }
    }

    /// The figures the tables give, as the prose would state them.
    fn stated(&self) -> Stated {
        let b = self.grid("B");
        let c = self.grid("C");
        let a1 = self.grid("A1");
        let bw = |row: &str| b.and_then(|g| g.whole(row, "total"));
        Stated {
            received: bw("new"),
            carried_in: bw("carried_in"),
            finished: bw("total"),
            carried_out: bw("carried_out"),
            outcomes: [
                bw("r1"),
                bw("r2"),
                b.and_then(|g| g.family("r3", "total")),
                b.and_then(|g| g.family("r4", "total")),
            ],
            reviews: c.and_then(|g| g.whole("review", "total")),
            suits: c.and_then(|g| {
                Some(g.whole("suit_direct", "total")? + g.whole("suit_after", "total")?)
            }),
            normative: a1.and_then(|g| {
                Some([
                    g.whole("normative", "issued")?,
                    g.whole("normative", "repealed")?,
                    g.whole("normative", "in_force")?,
                ])
            }),
        }
    }

    /// Changes the figure a prose injection misstates to one no reading of the tables gives.
    fn misstate(&mut self, kind: Kind, stated: &mut Stated) {
        let bump = 1 + self.rng.below(9) as i64;
        let received_other = stated.received.zip(stated.carried_in).map(|(a, b)| a + b);
        let slot = match kind {
            Kind::Received => {
                // 收到 may mean 一 or 一 + 二: step past both.
                let top = stated.received.max(received_other);
                stated.received = top.map(|t| t + bump);
                return;
            }
            Kind::Finished => &mut stated.finished,
            Kind::CarriedOut => &mut stated.carried_out,
            Kind::Reviews => &mut stated.reviews,
            Kind::Suits => &mut stated.suits,
            Kind::Outcome => &mut stated.outcomes[0],
            Kind::Documents => {
                if let Some(n) = stated.normative.as_mut() {
                    n[1] += bump;
                }
                return;
            }
            _ => return,
        };
        *slot = slot.map(|v| v + bump);
    }

    fn section(&mut self, id: &str, heading: &str, stated: &Stated) -> Section {
        let org = self.org.clone();
        let year = self.year.clone();
        let mut items = vec![
            line(&format!("sec:{id}"), &format!("## {heading}")),
            blank(),
        ];
        let para = |key: &str, text: String, items: &mut Vec<Item>| {
            items.push(line(key, &text));
            items.push(blank());
        };
        match id {
            "s1" => {
                let p = self.some(prose::OVERVIEW.len());
                para(
                    "p:overview",
                    prose::paragraph(prose::OVERVIEW, p, &org, &year),
                    &mut items,
                );
                let subs = [
                    ("（一）主动公开", prose::ACTIVE),
                    ("（二）依申请公开", &[][..]),
                    ("（三）政府信息管理", prose::MANAGEMENT),
                    ("（四）政府信息公开平台建设", prose::PLATFORM),
                    ("（五）监督保障", prose::OVERSIGHT),
                ];
                for (i, (title, pool)) in subs.iter().enumerate() {
                    para(&format!("sub:{i}"), format!("### {title}"), &mut items);
                    let mut text = prose::paragraph(pool, self.some(pool.len()), &org, &year);
                    match i {
                        0 => text.push_str(&self.active_figures(stated)),
                        1 => text = self.request_figures(stated),
                        _ => {}
                    }
                    para(&format!("p:sub{i}"), text, &mut items);
                }
            }
            "s5" => {
                let p = self.some(prose::PROBLEMS.len());
                para(
                    "p:problems",
                    prose::paragraph(prose::PROBLEMS, p, &org, &year),
                    &mut items,
                );
            }
            "s6" => {
                let p = self.some(prose::OTHER.len());
                para(
                    "p:other",
                    prose::paragraph(prose::OTHER, p, &org, &year),
                    &mut items,
                );
            }
            _ => {}
        }
        let specs: Vec<usize> = (0..self.template.tables.len())
            .filter(|&t| self.template.tables[t].section == id)
            .collect();
        for t in specs {
            let spec = &self.template.tables[t];
            if let Some(block) = &spec.block {
                para(
                    &format!("block:{}", spec.id),
                    format!("### {block}"),
                    &mut items,
                );
            }
            let table = self.table(t);
            items.push(Item::Table(table));
            items.push(blank());
        }
        Section {
            id: id.to_string(),
            items,
        }
    }

    /// Which sentences of a pool of `n` to keep: most, never none.
    fn some(&mut self, n: usize) -> impl FnMut(usize) -> bool {
        let mask = self.rng.next_u64() | 1 | (1 << (n.saturating_sub(1)));
        move |i| mask & (1 << i) != 0 || i == 0
    }

    fn active_figures(&self, stated: &Stated) -> String {
        let mut s = String::new();
        if let Some([issued, repealed, in_force]) = stated.normative {
            s.push_str(&format!("本年制发行政规范性文件{issued}件，废止{repealed}件，截至年底现行有效行政规范性文件{in_force}件，均在“政策文件”栏目集中公开并标注有效性。"));
        }
        let licensing = self
            .grid("A5")
            .and_then(|g| g.whole("licensing", "decisions"));
        let penalty = self
            .grid("A6")
            .and_then(|g| g.whole("penalty", "decisions"));
        if let (Some(l), Some(p)) = (licensing, penalty) {
            s.push_str(&format!("依法公开行政许可决定{l}条、行政处罚决定{p}条。"));
        }
        s
    }

    fn request_figures(&self, stated: &Stated) -> String {
        let mut s = String::from("严格执行政府信息公开申请登记、审核、办理、答复、归档制度。");
        if let Some(n) = stated.received {
            s.push_str(&format!("{}年共收到政府信息公开申请{n}件", self.year));
            if let Some(c) = stated.carried_in {
                s.push_str(&format!("，另有上年结转申请{c}件"));
            }
            s.push('。');
        }
        if let Some(n) = stated.finished {
            s.push_str(&format!("全年办结{n}件"));
            let names = ["予以公开", "部分公开", "不予公开", "无法提供"];
            let parts: Vec<String> = names
                .iter()
                .zip(&stated.outcomes)
                .filter_map(|(name, v)| v.map(|v| format!("{name}{v}件")))
                .collect();
            if !parts.is_empty() {
                s.push_str(&format!("，其中{}", parts.join("、")));
            }
            s.push('；');
        }
        if let Some(n) = stated.carried_out {
            s.push_str(&format!("结转下年度继续办理{n}件。"));
        }
        if let (Some(r), Some(t)) = (stated.reviews, stated.suits) {
            s.push_str(&format!("因政府信息公开引发行政复议{r}件、行政诉讼{t}件。"));
        }
        s
    }

    fn table(&mut self, t: usize) -> Table {
        let grid = &self.grids[t];
        let spec = grid.spec;
        let label_header = spec.label_header.clone().unwrap_or_else(|| {
            if spec.id == "B" {
                "申请人情况".into()
            } else {
                "类别".into()
            }
        });
        let header = std::iter::once(label_header)
            .chain(spec.columns.iter().map(|c| c.label.clone()))
            .collect();
        let rows =
            spec.rows
                .iter()
                .enumerate()
                .map(|(r, row)| Row {
                    key: format!("{}:{}", spec.id, row.id),
                    cells: std::iter::once(row.label.clone())
                        .chain(spec.columns.iter().enumerate().map(
                            |(c, col)| match grid.get((r, c)) {
                                Some(v) if row.role == RowRole::Data || grid.subtotals => {
                                    self.number(v, col.kind)
                                }
                                _ => String::new(),
                            },
                        ))
                        .collect(),
                })
                .collect();
        Table {
            id: spec.id.clone(),
            header,
            rows,
            aligned: self.rng.chance(0.7),
        }
    }

    /// Applies one injection; returns the key of the line its finding starts on.
    fn inject(&mut self, kind: Kind, doc: &mut Doc) -> Option<String> {
        let bump = 1 + self.rng.below(9) as i64;
        match kind {
            Kind::Balance => doc.bump_cell("B", "carried_out", 1, bump),
            Kind::RowTotal => doc.bump_cell("B", "new", 1, bump),
            Kind::GrandTotal => doc.bump_cell("B", "total", 1, bump),
            Kind::Subtotal => doc.bump_cell("B", "r3", 1, bump),
            Kind::ReviewTotal => doc.bump_cell("C", "review", 1, bump),
            Kind::Blank => {
                let placeholder = *self.rng.pick(&["", "—", "/"]);
                doc.set_cell("B", "r1", 1, placeholder)
            }
            Kind::NotNumber => doc.set_cell("B", "r1", 1, "若干"),
            Kind::ToVerify => doc.set_cell("B", "r1", 1, "待核"),
            Kind::Negative => doc.set_cell("A6", "coercion", 1, "-3"),
            Kind::Fraction => doc.set_cell("A5", "licensing", 1, "12.5"),
            Kind::MissingSection => {
                doc.sections.retain(|s| s.id != "s6");
                None
            }
            Kind::DuplicateSection => {
                let copy = doc.sections.iter().find(|s| s.id == "s6").cloned();
                let mut copy = copy?;
                copy.rekey("dup");
                doc.sections.push(copy);
                Some("dup:sec:s6".into())
            }
            Kind::SectionOrder => {
                let five = doc.sections.iter().position(|s| s.id == "s5")?;
                let six = doc.sections.iter().position(|s| s.id == "s6")?;
                doc.sections.swap(five, six);
                Some("sec:s5".into())
            }
            Kind::MissingTable => {
                let s4 = doc.sections.iter_mut().find(|s| s.id == "s4")?;
                s4.items
                    .retain(|i| !matches!(i, Item::Table(t) if t.id == "C"));
                None
            }
            Kind::DuplicateTable => {
                let s2 = doc.sections.iter_mut().find(|s| s.id == "s2")?;
                let at = s2
                    .items
                    .iter()
                    .position(|i| matches!(i, Item::Line { key, .. } if key == "block:A5"))?;
                let mut copy: Vec<Item> = s2.items[at..at + 4].to_vec();
                for item in &mut copy {
                    item.rekey("dup");
                }
                let end = at + 4;
                s2.items.splice(end..end, copy);
                Some("dup:A5:header".into())
            }
            Kind::MissingRow => {
                let table = doc.table_mut("B")?;
                table.rows.retain(|r| r.key != "B:r1");
                None
            }
            Kind::UnknownRow => {
                let table = doc.table_mut("B")?;
                let width = table.header.len();
                let at = table.rows.len();
                let mut cells = vec!["五、其他需要说明的申请".to_string()];
                cells.extend((1..width).map(|_| "0".to_string()));
                table.rows.insert(
                    at,
                    Row {
                        key: "B:unknown".into(),
                        cells,
                    },
                );
                Some("B:unknown".into())
            }
            Kind::DuplicateRow => {
                let table = doc.table_mut("B")?;
                let at = table.rows.iter().position(|r| r.key == "B:r1")?;
                let mut copy = table.rows[at].clone();
                copy.key = "dup:B:r1".into();
                table.rows.insert(at + 1, copy);
                Some("dup:B:r1".into())
            }
            Kind::MissingColumn => {
                // Fold 其他 into 商业企业 first, so every sum still holds without it.
                let table = doc.table_mut("B")?;
                let other = table.header.iter().position(|h| h == "其他")?;
                let business = table.header.iter().position(|h| h == "商业企业")?;
                for row in &mut table.rows {
                    let (a, b) = (parse(&row.cells[business]), parse(&row.cells[other]));
                    if let (Some(a), Some(b)) = (a, b) {
                        row.cells[business] = (a + b).to_string();
                    }
                    row.cells.remove(other);
                }
                table.header.remove(other);
                Some("B:header".into())
            }
            Kind::ExtraCell => {
                let table = doc.table_mut("C")?;
                let row = table.rows.iter_mut().find(|r| r.key == "C:review")?;
                row.cells.push("0".into());
                Some("C:review".into())
            }
            Kind::FrontMatter => {
                doc.front
                    .retain(|i| !matches!(i, Item::Line { key, .. } if key == "fm:year"));
                None
            }
            Kind::NoTitle => {
                let at = doc
                    .front
                    .iter()
                    .position(|i| matches!(i, Item::Line { key, .. } if key == "title"))?;
                doc.front.drain(at..at + 2); // the title and the blank line after it
                None
            }
            Kind::LabelSpelling => {
                let table = doc.table_mut("B")?;
                let row = table.rows.iter_mut().find(|r| r.key == "B:r1")?;
                row.cells[0] = row.cells[0].replace('（', "(").replace('）', ")");
                Some("B:r1".into())
            }
            Kind::Received | Kind::Finished | Kind::CarriedOut | Kind::Outcome => {
                Some("p:sub1".into())
            }
            Kind::Reviews | Kind::Suits => Some("p:sub1".into()),
            Kind::Documents => Some("p:sub0".into()),
        }
    }
}

fn parse(cell: &str) -> Option<i64> {
    cell.replace(',', "").parse().ok()
}

fn line(key: &str, text: &str) -> Item {
    Item::Line {
        key: key.into(),
        text: text.into(),
    }
}

fn blank() -> Item {
    line("", "")
}

impl Item {
    fn rekey(&mut self, prefix: &str) {
        match self {
            Item::Line { key, .. } if !key.is_empty() => *key = format!("{prefix}:{key}"),
            Item::Line { .. } => {}
            Item::Table(t) => {
                t.id = format!("{prefix}:{}", t.id);
                for row in &mut t.rows {
                    row.key = format!("{prefix}:{}", row.key);
                }
            }
        }
    }
}

impl Section {
    fn rekey(&mut self, prefix: &str) {
        self.id = format!("{prefix}:{}", self.id);
        for item in &mut self.items {
            item.rekey(prefix);
        }
    }
}

struct Doc {
    front: Vec<Item>,
    sections: Vec<Section>,
}

impl Doc {
    fn table_mut(&mut self, id: &str) -> Option<&mut Table> {
        self.sections
            .iter_mut()
            .flat_map(|s| s.items.iter_mut())
            .find_map(|i| match i {
                Item::Table(t) if t.id == id => Some(t),
                _ => None,
            })
    }

    fn cell_mut(&mut self, table: &str, row: &str, col: usize) -> Option<&mut String> {
        let key = format!("{table}:{row}");
        let t = self.table_mut(table)?;
        t.rows.iter_mut().find(|r| r.key == key)?.cells.get_mut(col)
    }

    /// Adds `by` to a number cell; the key of its row.
    fn bump_cell(&mut self, table: &str, row: &str, col: usize, by: i64) -> Option<String> {
        let cell = self.cell_mut(table, row, col)?;
        let n = parse(cell)?;
        *cell = (n + by).to_string();
        Some(format!("{table}:{row}"))
    }

    fn set_cell(&mut self, table: &str, row: &str, col: usize, to: &str) -> Option<String> {
        *self.cell_mut(table, row, col)? = to.to_string();
        Some(format!("{table}:{row}"))
    }

    /// The text, and the key of every line (empty for unkeyed lines).
    fn render(&self, newline: &str) -> (String, Vec<String>) {
        let mut lines: Vec<(String, String)> = Vec::new();
        let items = self
            .front
            .iter()
            .chain(self.sections.iter().flat_map(|s| &s.items));
        for item in items {
            match item {
                Item::Line { key, text } => {
                    for (i, l) in text.split('\n').enumerate() {
                        let k = if i == 0 { key.clone() } else { String::new() };
                        lines.push((k, l.to_string()));
                    }
                }
                Item::Table(t) => lines.extend(t.render()),
            }
        }
        let text = lines
            .iter()
            .map(|(_, l)| l.as_str())
            .collect::<Vec<_>>()
            .join(newline);
        (text, lines.into_iter().map(|(k, _)| k).collect())
    }
}

impl Table {
    /// `(key, line)` pairs: header, delimiter, rows; aligned by display width or compact.
    fn render(&self) -> Vec<(String, String)> {
        let all: Vec<&Vec<String>> = std::iter::once(&self.header)
            .chain(self.rows.iter().map(|r| &r.cells))
            .collect();
        let columns = all.iter().map(|r| r.len()).max().unwrap_or(0);
        let widths: Vec<usize> = (0..columns)
            .map(|j| {
                all.iter()
                    .filter_map(|r| r.get(j))
                    .map(|c| display_width(c))
                    .max()
                    .unwrap_or(0)
                    .max(3)
            })
            .collect();
        let render = |cells: &Vec<String>| {
            let mut s = String::from("|");
            for (j, cell) in cells.iter().enumerate() {
                let pad = if self.aligned {
                    widths[j] - display_width(cell)
                } else {
                    0
                };
                if j == 0 {
                    s.push_str(&format!(" {cell}{} |", " ".repeat(pad)));
                } else {
                    s.push_str(&format!(" {}{cell} |", " ".repeat(pad)));
                }
            }
            s
        };
        let mut out = vec![(format!("{}:header", self.id), render(&self.header))];
        let mut delimiter = String::from("|");
        for (j, w) in widths.iter().take(self.header.len()).enumerate() {
            let w = if self.aligned { *w } else { 3 };
            if j == 0 {
                delimiter.push_str(&format!(" {} |", "-".repeat(w)));
            } else {
                delimiter.push_str(&format!(" {}: |", "-".repeat(w - 1)));
            }
        }
        out.push((String::new(), delimiter));
        out.extend(self.rows.iter().map(|r| (r.key.clone(), render(&r.cells))));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic() {
        let o = Options::default();
        for i in 0..20 {
            assert_eq!(generate(1, i, &o).text, generate(1, i, &o).text);
        }
        assert_ne!(generate(1, 0, &o).text, generate(2, 0, &o).text);
    }

    #[test]
    fn every_kind_has_a_code_and_family() {
        for k in Kind::ALL {
            assert!(k.code().starts_with("NB"));
            assert!(["arithmetic", "values", "structure", "prose"].contains(&k.family()));
        }
    }
}
