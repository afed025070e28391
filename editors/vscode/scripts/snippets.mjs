// Generates snippets/nianbao.code-snippets from the skeleton `nianbao new` writes, so that the
// snippets always carry the template's rows and columns exactly.
//   node scripts/snippets.mjs NIANBAO_BINARY          write the file
//   node scripts/snippets.mjs NIANBAO_BINARY --check  fail if the file is not what it would write
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const [binary, flag] = process.argv.slice(2);
if (!binary) {
  console.error("usage: node scripts/snippets.mjs NIANBAO_BINARY [--check]");
  process.exit(2);
}
const out = fileURLToPath(new URL("../snippets/nianbao.code-snippets", import.meta.url));
const skeleton = execFileSync(binary, ["new", "--org", "ORG", "--year", "9999"], { encoding: "utf8" });
const lines = skeleton.split("\n");
const esc = (s) => s.replace(/\\/g, "\\\\").replace(/\$/g, "\\$").replace(/\}/g, "\\}");

/** The table (header, delimiter and rows) that starts at the first line after `after`. */
function tableAfter(after) {
  const at = lines.findIndex((l) => l === after);
  if (at < 0) throw new Error(`skeleton has no line ${JSON.stringify(after)}`);
  let i = at + 1;
  while (i < lines.length && !lines[i].startsWith("|")) i++;
  const table = [];
  while (i < lines.length && lines[i].startsWith("|")) table.push(esc(lines[i++]));
  if (table.length < 3) throw new Error(`no table after ${JSON.stringify(after)}`);
  // The first zero cell becomes the first tab stop, so the author starts typing figures.
  table[2] = table[2].replace(/(\|\s*)0(\s*\|)/, "$1${1:0}$2");
  return table;
}

const snippets = {};
const body = skeleton
  .replace(/\n$/, "")
  .split("\n")
  .map(esc)
  .map((l) =>
    l
      .replace(/^机关: ORG$/, "机关: ${1:某某区人民政府办公室}")
      .replace(/^年度: 9999$/, "年度: ${2:2024}")
      .replace(/^# ORG9999年/, "# ${1}${2}年"),
  );
if (!body.includes("机关: ${1:某某区人民政府办公室}") || !body.some((l) => l.startsWith("# ${1}${2}年"))) {
  throw new Error("the skeleton's front matter or title changed: update scripts/snippets.mjs");
}
snippets["report skeleton (2021 template)"] = {
  prefix: ["nianbao-report", "年报"],
  description: "A whole report: front matter, the six sections, every table with every row and column (as `nianbao new` writes it).",
  body,
};
const blocks = [
  ["（一）", "规章 · 行政规范性文件：制发、废止、现行有效"],
  ["（五）", "行政许可：本年处理决定数量"],
  ["（六）", "行政处罚 · 行政强制：本年处理决定数量"],
  ["（八）", "行政事业性收费：本年收费金额（万元）"],
];
for (const [item, what] of blocks) {
  const heading = `### 第二十条第${item}项`;
  const key = item.replace(/[（）]/g, "");
  snippets[`table 二 block 第二十条第${item}项`] = {
    prefix: [`nianbao-table-20-${key}`, `第二十条第${item}项`],
    description: `Table 二, block 第二十条第${item}项 (${what}), with its heading.`,
    body: [heading, "", ...tableAfter(heading)],
  };
}
snippets["table 三 收到和处理政府信息公开申请"] = {
  prefix: ["nianbao-table-3", "表三"],
  description: "Table 三: every row and the seven value columns.",
  body: tableAfter("## 三、收到和处理政府信息公开申请情况"),
};
snippets["table 四 行政复议、行政诉讼"] = {
  prefix: ["nianbao-table-4", "表四"],
  description: "Table 四: 行政复议 and the two 行政诉讼 rows, five columns each.",
  body: tableAfter("## 四、政府信息公开行政复议、行政诉讼情况"),
};
snippets["front matter"] = {
  prefix: ["nianbao-front-matter", "---"],
  description: "The report's metadata: 机关, 年度, 模板.",
  body: ["---", "机关: ${1:某某区人民政府办公室}", "年度: ${2:2024}", "模板: ${3|2021,2019|}", "---", "$0"],
};
snippets["comment"] = {
  prefix: ["nianbao-comment", "<!--"],
  description: "A comment the checker ignores (not inside a table).",
  body: ["<!-- $0 -->"],
};

const text = JSON.stringify(snippets, null, 2) + "\n";
if (flag === "--check") {
  const current = readFileSync(out, "utf8");
  if (current !== text) {
    console.error(`${out} is not what 'nianbao new' gives: run node scripts/snippets.mjs ${binary}`);
    process.exit(1);
  }
  console.log("snippets match the skeleton of nianbao new");
} else {
  writeFileSync(out, text);
  console.log(`wrote ${out}`);
}
