//! The official template as data: sections, tables, rows, columns and the reconciliation
//! relations. One `knowledge/template-YYYY.toml` file per template year; the checker interprets
//! it, so a new year or a provincial variant is a data change.

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// `"2021"` or `"2019"`: what the front matter's `模板:` names.
    pub id: String,
    /// The format's title, e.g. 中华人民共和国政府信息公开工作年度报告格式.
    pub name: String,
    /// The notice that issued it, e.g. 国办公开办函〔2021〕30号.
    pub issued_by: String,
    /// Column or row labels that only this template has; used to detect the template from the tables.
    #[serde(default)]
    pub cues: Vec<String>,
    /// Where the facts in this file were confirmed.
    #[serde(default)]
    pub sources: Vec<String>,
    pub sections: Vec<SectionSpec>,
    pub tables: Vec<TableSpec>,
    #[serde(default)]
    pub relations: Vec<Relation>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionSpec {
    /// Stable id, `s1` … `s6`.
    pub id: String,
    /// The Chinese ordinal, 一 … 六.
    pub number: String,
    /// The title without its ordinal, as the template spells it.
    pub title: String,
    /// Other titles real reports use (without ordinal).
    #[serde(default)]
    pub variants: Vec<String>,
    /// Key into the statute data for hover and `explain`.
    #[serde(default)]
    pub statute: Option<String>,
    /// What the section must say, for an author facing it empty (NB231).
    pub guidance: String,
    /// Words the sub-headings of the section's own text use (`（一）…存在问题的改进情况`): a
    /// section whose heading a converter lost is recognised by them where it must stand, right
    /// after the tables of the section before it.
    #[serde(default)]
    pub topics: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableSpec {
    /// Stable id, e.g. `A1` (第二十条第（一）项), `B` (收到和处理申请), `C` (复议诉讼).
    pub id: String,
    /// The section it belongs to (a `SectionSpec::id`).
    pub section: String,
    /// A short name for messages, e.g. 收到和处理政府信息公开申请情况.
    pub title: String,
    /// The block heading that opens this table in section 二, e.g. 第二十条第（一）项.
    #[serde(default)]
    pub block: Option<String>,
    #[serde(default)]
    pub statute: Option<String>,
    /// The label of the first header cell when the template fixes one (信息内容), else free text.
    #[serde(default)]
    pub label_header: Option<String>,
    pub columns: Vec<ColumnSpec>,
    pub rows: Vec<RowSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnSpec {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub variants: Vec<String>,
    #[serde(default)]
    pub kind: ValueKind,
    /// Printed unit, e.g. 万元; counts are 件 and not printed.
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub statute: Option<String>,
    /// A group header printed over this column in the official layout (法人或其他组织).
    #[serde(default)]
    pub group: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    /// A non-negative whole number of items (件).
    #[default]
    Count,
    /// A non-negative amount with up to six decimals (万元 to the fen).
    Amount,
    /// A whole number that may be negative (the 2019 format's 本年增/减).
    SignedCount,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowSpec {
    /// Stable id, e.g. `new`, `r3_3_1`.
    pub id: String,
    /// Canonical label as the template spells it.
    pub label: String,
    /// Other spellings real reports use (beyond what normalisation already folds).
    #[serde(default)]
    pub variants: Vec<String>,
    /// The group row this row is a sub-row of.
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub role: RowRole,
    #[serde(default)]
    pub statute: Option<String>,
    /// Set on a subtotal that real reports of this template print as one row with numbers and
    /// none of its sub-rows, as the older format did: such a row then stands for its sub-rows.
    #[serde(default)]
    pub may_stand_alone: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowRole {
    /// A row with numbers that must be present.
    #[default]
    Data,
    /// A heading row with no numbers (三、本年度办理结果); optional.
    Group,
    /// A group row that may be left out, or carry numbers that must equal its sub-rows (（三）不予公开).
    Subtotal,
}

/// A linear relation between cells of one table, instantiated once per column (`over = "columns"`:
/// the ids are row ids) or once per row (`over = "rows"`: the ids are column ids):
/// `target = Σ plus − Σ minus`. The target is the cell a fix recomputes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relation {
    /// The rule id of the reference, e.g. `B3`.
    pub id: String,
    /// The finding code, e.g. `NB103`.
    pub code: String,
    pub table: String,
    pub over: Over,
    pub target: String,
    pub plus: Vec<String>,
    #[serde(default)]
    pub minus: Vec<String>,
    /// Only these columns (for `over = "columns"`) or rows (`over = "rows"`); all value ones if empty.
    #[serde(default)]
    pub only: Vec<String>,
    /// A short statement of the relation in Chinese, e.g. （七）总计 = （一）+（二）+ … .
    pub statement: String,
    /// What the relation requires, said as a sentence: 「（七）总计应等于各项办理结果之和」.
    pub says: String,
    pub says_en: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Over {
    Columns,
    Rows,
}
