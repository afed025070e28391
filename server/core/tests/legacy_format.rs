//! Where the report says it is in the pre-2019 statistics format (NB223): the cell of the first
//! of the format's labels, whichever of a table's cells holds it. Here and not beside `bind`,
//! which reads the cells but does not build the report.

/// The first cell, row by row, whose key holds a cue, whatever cell a cue stands in.
#[test]
fn legacy_label_is_the_first_cell_with_a_cue() {
    let legacy = |table: &str| {
        let text = format!("# 报告\n\n{table}");
        let tree = nianbao_core::syntax::parse(&text, None);
        let blocks = nianbao_core::syntax::blocks(&tree, &text);
        let report = nianbao_core::Report::build(&text, blocks, None);
        report.legacy_format.map(|span| text[span].to_string())
    };
    let table = "| 指标 | 单位 | 数 |\n|---|---|---|\n| 甲 | 件 | 1 |\n| 乙(主动公开信息数) | 条 | 2 |\n| 计量单位 | 条 | 3 |\n";
    assert_eq!(legacy(table).as_deref(), Some("乙(主动公开信息数)"));
    let inside =
        "| 指标 | 单位 | 数 |\n|---|---|---|\n| 甲 | 件 | 1 |\n| 乙 | 同意公开答复数 | 2 |\n";
    assert_eq!(legacy(inside).as_deref(), Some("同意公开答复数"));
    let header = "| 指标名称 | 计量单位 |\n|---|---|\n| 受理依申请公开信息总数 | 1 |\n";
    assert_eq!(legacy(header).as_deref(), Some("指标名称"));
    let figures = "| 指标 | 数 |\n|---|---|\n| 甲 | 1 |\n";
    assert_eq!(legacy(figures), None);
}
