// `nianbao render` as a reader sees it: every example (and an untouched `nianbao new`
// skeleton) rendered, opened in headless Chromium at the printable width of an A4 page with the
// print styles applied, measured, photographed and printed to PDF. The measurement is what would
// make the page unfit to publish: a value column's header wrapped over more than two lines (自然人
// one character a line), a number broken over two lines, a bare section heading published, a
// page without its 落款. The browser tooling of the editor tests is reused (playwright-core).
//
//   node tests/editors/render-screens.mjs --nianbao BIN --artifacts DIR [--chromium BIN]
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  if (fallback !== undefined) return fallback;
  throw new Error(`missing --${name}`);
};
const nianbao = path.resolve(arg("nianbao"));
const artifacts = path.resolve(arg("artifacts"));
const chromiumPath = arg("chromium", "/usr/bin/chromium");
mkdirSync(artifacts, { recursive: true });

// 210 mm less the 20 mm margins on each side (the page's @page rule), at 96 px an inch.
const A4_TEXT_WIDTH = Math.round(((210 - 40) / 25.4) * 96);

const tmp = mkdtempSync(path.join(tmpdir(), "nianbao-render-"));
const reports = readdirSync(path.join(root, "examples"))
  .filter((f) => f.endsWith(".nianbao"))
  .map((f) => ({ name: f.replace(/\.nianbao$/, ""), file: path.join(root, "examples", f) }));
const skeleton = path.join(tmp, "skeleton.nianbao");
writeFileSync(skeleton, execFileSync(nianbao, ["new", "--org", "某县交通运输局", "--year", "2025"]));
reports.push({ name: "skeleton", file: skeleton, skeleton: true });

const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let passed = 0;
let failed = 0;
try {
  const page = await browser.newPage({ viewport: { width: A4_TEXT_WIDTH, height: 1000 } });
  await page.emulateMedia({ media: "print" });
  for (const report of reports) {
    const html = path.join(tmp, `${report.name}.html`);
    const rendered = spawn(nianbao, ["render", report.file, "-o", html]);
    await page.goto(pathToFileURL(html).href);
    const m = await page.evaluate(measure);
    const failures = [];
    for (const h of m.headers) if (h.lines > 2) failures.push(`header “${h.text}” wraps over ${h.lines} lines`);
    for (const v of m.numbers) if (v.lines > 1) failures.push(`number “${v.text}” breaks over ${v.lines} lines`);
    if (m.overflow > 0) failures.push(`the page is ${m.overflow}px wider than A4's text width (tables ${m.widest.join(", ")}px)`);
    if (report.skeleton) {
      // The untouched skeleton has empty sections: flagged on the page (hidden in print) and
      // named on standard error, never published as bare headings.
      if (m.emptyFlags === 0) failures.push("the skeleton's empty sections are not flagged");
      if (!/没有正文/.test(rendered.stderr)) failures.push("render did not warn about the empty sections");
    } else if (m.emptyFlags > 0) {
      failures.push(`${m.emptyFlags} section(s) flagged empty in a complete report`);
    }
    if (m.signature === 0) failures.push("no 落款 at the end of the page");
    if (m.headers.length < 20) failures.push(`only ${m.headers.length} value headers found: tables missing?`);
    await page.screenshot({ path: path.join(artifacts, `render-${report.name}.png`), fullPage: true });
    // Table 三 alone, the one whose headers wrapped: what docs/images/render-table3.png shows.
    const tables = await page.$$("table");
    if (tables[1]) await tables[1].screenshot({ path: path.join(artifacts, `render-${report.name}-table3.png`) });
    await page.pdf({ path: path.join(artifacts, `render-${report.name}.pdf`), format: "A4", preferCSSPageSize: true });
    const tallest = Math.max(...m.headers.map((h) => h.lines));
    if (failures.length) {
      failed++;
      console.log(`  FAILED ${report.name}: ${failures.join("; ")}`);
    } else {
      passed++;
      console.log(`  ok ${report.name}: ${m.headers.length} value headers (at most ${tallest} lines), ${m.numbers.length} numbers on one line each, at ${A4_TEXT_WIDTH}px`);
    }
  }
} finally {
  await browser.close();
}
console.log(`render: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

function spawn(bin, args) {
  const run = spawnSync(bin, args, { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`${bin} ${args.join(" ")} failed: ${run.stderr || run.error}`);
  return { stderr: run.stderr };
}

// In the page: how many lines each value header and each number takes.
function measure() {
  const lines = (el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
    return tops.size;
  };
  const cells = (selector) => [...document.querySelectorAll(selector)]
    .filter((el) => el.textContent.trim() !== "")
    .map((el) => ({ text: el.textContent.trim(), lines: lines(el) }));
  return {
    headers: cells("td[style*=min-width]"),
    numbers: cells("td.num"),
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    widest: [...document.querySelectorAll("table")].map((t) => Math.round(t.getBoundingClientRect().width)),
    emptyFlags: document.querySelectorAll("p.empty").length,
    signature: document.querySelectorAll("p.signature").length,
  };
}
