// Real-editor test of the VS Code extension: code-server with the built .vsix installed, driven
// by Playwright in Debian's Chromium, talking to the real `nianbao lsp` bundled in the .vsix.
//
//   node tests/editors/vscode-e2e.mjs --code-server BIN --vsix FILE --nianbao BIN --artifacts DIR
//
// It asserts, in the editor a person would see:
//   1. the TextMate grammar colours the report (numbers, row labels and pipes differ);
//   2. the Problems panel lists the seed-002 findings (NB103, NB104, NB210);
//   3. hovering the row label （二）部分公开 shows 第三十七条 of the regulation;
//   4. the quick fix on a wrong total rewrites the file on disk so it adds up, and the problem goes;
//   5. "nianbao: Recompute all totals" leaves seed-002 with no arithmetic finding on disk;
//   6. "nianbao: Show a rule's documentation" opens NB103's documentation;
//   7. "nianbao: Import a published report…" (file picker) opens `nianbao import`'s markup;
//   8. "nianbao: New report from the template" opens `nianbao new`'s skeleton;
//   9. with nianbao.server.path pointing nowhere, an error notification says so.
// Screenshots go to the artifacts folder. Exit 0 only if every check passed.

import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync, copyFileSync, rmSync, existsSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0 && i + 1 < process.argv.length) return process.argv[i + 1];
  if (fallback !== undefined) return fallback;
  throw new Error(`missing --${name}`);
}

const codeServer = arg("code-server");
const vsix = path.resolve(arg("vsix"));
const nianbao = path.resolve(arg("nianbao"));
const artifacts = path.resolve(arg("artifacts", path.join(root, "tests/artifacts/vscode")));
const chromiumPath = arg("chromium", "/usr/bin/chromium");
const keep = process.argv.includes("--keep");
const trace = process.argv.includes("--trace");
// --only 2,4: run only these checks (numbered as in the header), for debugging.
const only = process.argv.includes("--only") ? arg("only").split(",").map(Number) : undefined;
mkdirSync(artifacts, { recursive: true });
for (const f of readdirSync(artifacts)) if (/^failure-|\.log$/.test(f)) rmSync(path.join(artifacts, f));

const t0 = Date.now();
const secs = () => ((Date.now() - t0) / 1000).toFixed(1);
const log = (msg) => console.log(`[vscode ${secs()}s] ${msg}`);

const results = [];
let page;
let failedOnce = false;

/** One check: passes, or fails with a screenshot and the reason (the next checks still run). */
let checkNo = 0;
async function check(name, needs, fn) {
  checkNo += 1;
  if (only && !only.includes(checkNo)) return;
  const start = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    log(`PASS ${name} (${((Date.now() - start) / 1000).toFixed(1)}s)`);
  } catch (err) {
    failedOnce = true;
    results.push({ name, ok: false, needs, error: String(err && err.message ? err.message : err) });
    log(`FAIL ${name}: ${err && err.message ? err.message : err}`);
    if (needs) log(`     needs from the language server: ${needs}`);
    if (page) {
      const file = path.join(artifacts, `failure-${results.length}.png`);
      await page.screenshot({ path: file }).catch(() => {});
      log(`     screenshot: ${file}`);
    }
  }
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

async function waitFor(what, fn, timeoutMs = 30000, everyMs = 250) {
  const until = Date.now() + timeoutMs;
  let last;
  while (Date.now() < until) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}${last ? ` (${last.message})` : ""}`);
}

/** Findings of `nianbao check --format json` on a file on disk. */
function findingsOnDisk(file) {
  const r = spawnSync(nianbao, ["check", "--format", "json", file], { encoding: "utf8" });
  if (r.status !== 0 && r.status !== 1) throw new Error(`nianbao check failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout).findings;
}

/** Whether two reports' tables hold the same figures, in the same order. */
function sameFigures(a, b) {
  const figures = (text) =>
    text
      .split("\n")
      .filter((l) => l.trimStart().startsWith("|"))
      .flatMap((l) => l.split("|").map((c) => c.trim()))
      .filter((c) => /^[0-9.]+$/.test(c))
      .join(",");
  return figures(a) === figures(b);
}

function lineOf(text, needle) {
  const i = text.split("\n").findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`no line contains ${needle}`);
  return i + 1;
}

// ---- the workspace: seed 002 as published, and a clean report with one wrong total ----------
const tmp = mkdtempSync(path.join(tmpdir(), "nianbao-vscode-"));
const ws = path.join(tmp, "reports");
const userData = path.join(tmp, "user-data");
const extensions = path.join(tmp, "extensions");
mkdirSync(ws);
mkdirSync(path.join(userData, "User"), { recursive: true });
mkdirSync(extensions);
const seed = path.join(ws, "seed-002-fengquan.nianbao");
copyFileSync(path.join(root, "examples/seed-002-fengquan.nianbao"), seed);
const wrong = path.join(ws, "wrong-total.nianbao");
{
  const clean = readFileSync(path.join(root, "examples/clean-2024.nianbao"), "utf8");
  const row = /^(\| （七）总计 +\| +\d+ \| +)9( \|)/m;
  if (!row.test(clean)) throw new Error("clean-2024.nianbao changed: its （七）总计·商业企业 is no longer 9");
  writeFileSync(wrong, clean.replace(row, "$119$2"));
}
writeFileSync(
  path.join(userData, "User/settings.json"),
  JSON.stringify(
    {
      "workbench.startupEditor": "none",
      "workbench.tips.enabled": false,
      "workbench.enableExperiments": false,
      "workbench.colorTheme": "Default Dark Modern",
      "security.workspace.trust.enabled": false,
      "telemetry.telemetryLevel": "off",
      "update.mode": "none",
      "extensions.autoUpdate": false,
      "extensions.autoCheckUpdates": false,
      "extensions.ignoreRecommendations": true,
      "editor.minimap.enabled": false,
      "editor.fontSize": 13,
      "editor.fontFamily": "'WenQuanYi Micro Hei Mono', 'Droid Sans Mono', monospace",
      "editor.hover.delay": 100,
      "files.autoSave": "off",
      "window.restoreWindows": "none",
      "chat.commandCenter.enabled": false,
      "workbench.secondarySideBar.defaultVisibility": "hidden",
      "git.enabled": false,
      "nianbao.trace.server": trace ? "verbose" : "off",
    },
    null,
    2,
  ),
);

// The server must be the one inside the .vsix: no nianbao on the editor's PATH.
const PATH = (process.env.PATH ?? "")
  .split(path.delimiter)
  .filter((d) => d && !existsSync(path.join(d, "nianbao")))
  .join(path.delimiter);
const env = { ...process.env, PATH, XDG_CONFIG_HOME: path.join(tmp, "config"), XDG_DATA_HOME: path.join(tmp, "data") };

let server;
let browser;
let firstDiagnostic;
let tInstall;
let exitCode = 1;
try {
  // ---- install the .vsix -----------------------------------------------------------------
  tInstall = Date.now();
  const inst = spawnSync(
    codeServer,
    ["--user-data-dir", userData, "--extensions-dir", extensions, "--install-extension", vsix],
    { env, encoding: "utf8", timeout: 120000 },
  );
  if (inst.status !== 0 || !/successfully installed/i.test(inst.stdout + inst.stderr)) {
    throw new Error(`code-server --install-extension failed (${inst.status}):\n${inst.stdout}\n${inst.stderr}`);
  }
  log(`installed ${path.basename(vsix)} in ${((Date.now() - tInstall) / 1000).toFixed(1)}s`);

  // ---- start code-server ------------------------------------------------------------------
  const port = await freePort();
  const config = path.join(tmp, "code-server.yaml");
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  server = spawn(
    codeServer,
    [
      "--config", config,
      "--bind-addr", `127.0.0.1:${port}`,
      "--auth", "none",
      "--user-data-dir", userData,
      "--extensions-dir", extensions,
      "--disable-telemetry",
      "--disable-update-check",
      "--disable-workspace-trust",
      "--disable-getting-started-override",
      "--ignore-last-opened",
      ws,
    ],
    // Its own process group, so that stopping it also stops the extension host and nianbao lsp.
    { env, stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  const serverLog = [];
  server.stdout.on("data", (d) => serverLog.push(String(d)));
  server.stderr.on("data", (d) => serverLog.push(String(d)));
  server.on("exit", (code) => serverLog.push(`[code-server exited ${code}]`));
  await waitFor("code-server to answer /healthz", async () => {
    const r = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
    return r && r.ok;
  }, 60000);
  log(`code-server listening on 127.0.0.1:${port}`);

  // ---- the browser ------------------------------------------------------------------------
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1500, height: 900 }, deviceScaleFactor: 1 });
  page = await context.newPage();
  page.setDefaultTimeout(30000);
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}`);
  await page.waitForSelector(".monaco-workbench", { timeout: 90000 });
  await page.waitForSelector(".explorer-folders-view, .explorer-viewlet", { timeout: 60000 }).catch(() => {});
  log("workbench loaded");

  const editorText = () =>
    page.evaluate(() =>
      Array.from(document.querySelectorAll(".editor-instance .view-lines .view-line"))
        .map((l) => l.textContent)
        .join("\n"),
    );

  async function runCommand(title) {
    await page.keyboard.press("F1");
    const input = page.locator(".quick-input-widget input");
    await input.waitFor({ state: "visible" });
    await input.fill(`>${title}`);
    const item = page.locator(".quick-input-widget .monaco-list-row", { hasText: title }).first();
    await item.waitFor({ state: "visible", timeout: 15000 });
    await page.keyboard.press("Enter");
  }

  async function openFile(name) {
    await page.keyboard.press("Escape");
    await page.keyboard.press("Control+P");
    const input = page.locator(".quick-input-widget input");
    await input.waitFor({ state: "visible" });
    await input.fill(name);
    await page.locator(".quick-input-widget .monaco-list-row.focused", { hasText: name }).first().waitFor();
    const pressed = Date.now();
    await page.keyboard.press("Enter");
    await page.locator(`.tab.active[aria-label*="${name}"], .tab.active:has-text("${name}")`).first().waitFor();
    await page.locator(".editor-instance .view-lines").first().waitFor();
    await page.locator(".editor-instance .monaco-editor textarea, .editor-instance .monaco-editor .native-edit-context").first().click({ force: true }).catch(() => {});
    return pressed;
  }

  async function goTo(line, column) {
    await page.keyboard.press("Control+G");
    const input = page.locator(".quick-input-widget input");
    await input.waitFor({ state: "visible" });
    await input.fill(`:${line}:${column}`);
    await page.keyboard.press("Enter");
    await page.waitForTimeout(200);
  }

  /** The Problems panel's rows (its list is virtual: filter it so the rows wanted are drawn). */
  async function problems(filter = "") {
    await showProblems();
    const input = page.locator(".markers-panel-action-filter input, .part.panel .viewpane-filter input").first();
    if ((await input.inputValue()) !== filter) {
      await input.fill(filter);
      await page.waitForTimeout(300);
    }
    return page.evaluate(() =>
      Array.from(document.querySelectorAll(".markers-panel .monaco-list-row")).map(
        (r) => `${r.getAttribute("aria-label") ?? ""} ${r.textContent ?? ""}`,
      ),
    );
  }

  async function showProblems() {
    if (!(await page.locator(".markers-panel").first().isVisible().catch(() => false))) {
      await page.keyboard.press("Control+Shift+M");
      await page.locator(".markers-panel").first().waitFor({ state: "visible" });
    }
  }

  /** Focus back to the editor (the Problems filter keeps the keyboard otherwise). */
  async function focusEditor() {
    await page.keyboard.press("Control+1");
    await page.waitForTimeout(100);
  }

  const seedText = readFileSync(seed, "utf8");
  const tOpen = await openFile("seed-002-fengquan.nianbao");
  log("opened seed-002-fengquan.nianbao");
  // The moment the status bar's error count turns non-zero: the first diagnostic a person sees.
  let lastStatus = "";
  const firstSeen = waitFor("an error count in the status bar", async () => {
    lastStatus = await page.evaluate(() => {
      const el = document.getElementById("status.problems");
      if (!el) return "";
      const inner = el.querySelector("[aria-label]");
      return [el.getAttribute("aria-label"), inner && inner.getAttribute("aria-label"), el.textContent].join(" | ");
    });
    const m = /(\d+)\s*Errors?|Errors?:?\s*(\d+)/i.exec(lastStatus);
    return m && Number(m[1] ?? m[2]) > 0 ? Date.now() : undefined;
  }, 60000, 50).then(
    (t) => {
      firstDiagnostic = (t - tOpen) / 1000;
      log(`first diagnostic in the status bar ${firstDiagnostic.toFixed(2)}s after opening the report, ${((t - tInstall) / 1000).toFixed(1)}s after the .vsix install began`);
    },
    () => log(`the status bar never showed an error count (last: ${lastStatus})`),
  );

  // 1. TextMate highlighting: on a data row, the number, the row label and the pipe get
  //    different token classes (plain text would give one class for the whole line).
  await check("TextMate grammar colours the report", null, async () => {
    await waitFor("the language mode 年报 (nianbao) in the status bar", async () =>
      (await page.locator("#status\\.editor\\.mode").textContent()).includes("nianbao"),
    );
    await goTo(lineOf(seedText, "| 行政规范性文件 |"), 1);
    const classes = await waitFor("tokenized line", () =>
      page.evaluate(() => {
        const line = Array.from(document.querySelectorAll(".view-line")).find((l) =>
          l.textContent.includes("行政规范性文件"),
        );
        if (!line) return undefined;
        const out = {};
        for (const s of line.querySelectorAll("span > span")) {
          const t = s.textContent.trim();
          if (t === "行政规范性文件" || t === "6" || t === "|") out[t] = s.className;
        }
        return out["行政规范性文件"] && out["6"] && out["|"] ? out : undefined;
      }),
    );
    const distinct = new Set(Object.values(classes));
    if (distinct.size < 3) throw new Error(`row label, number and pipe share token classes: ${JSON.stringify(classes)}`);
  });

  // 2. The Problems panel shows the findings of seed 002.
  await check("Problems panel lists NB103, NB104 and NB210 for seed-002", "publishDiagnostics (or pull diagnostics) with codes", async () => {
    let rows = [];
    for (const code of ["NB103", "NB104", "NB210"]) {
      const found = await waitFor(`${code} in the Problems panel`, async () => {
        const r = (await problems(code)).filter((x) => x.includes(code));
        return r.length > 0 ? r : undefined;
      }, 60000);
      rows = rows.concat(found);
    }
    const nb103 = rows.find((r) => r.includes("NB103"));
    if (!/（七）总计/.test(nb103)) throw new Error(`NB103 row does not name （七）总计: ${nb103}`);
    await problems("NB10");
    await focusEditor();
    await page.screenshot({ path: path.join(artifacts, "vscode-problems.png") });
  });

  // 3. Hover on a category label shows the article of the regulation.
  await check("hover on （二）部分公开 shows 第三十七条", "textDocument/hover on row labels", async () => {
    const line = lineOf(seedText, "(二) 部分公开");
    await goTo(line, 8);
    await page.keyboard.press("Control+K");
    await page.keyboard.press("Control+I");
    const hover = await waitFor("a hover with 第三十七条", async () => {
      const t = await page.evaluate(() =>
        Array.from(document.querySelectorAll(".monaco-hover"))
          .filter((h) => h.offsetParent !== null || h.getClientRects().length > 0)
          .map((h) => h.textContent)
          .join("\n"),
      );
      return t.includes("第三十七条") ? t : undefined;
    }, 20000);
    if (!hover.includes("区分处理")) throw new Error(`hover lacks the article's text: ${hover.slice(0, 300)}`);
    await page.screenshot({ path: path.join(artifacts, "vscode-hover.png") });
    // A smaller picture for the docs: the hover and the table rows under it.
    const box = await page.locator(".monaco-hover").filter({ hasText: "第三十七条" }).first().boundingBox();
    const editorBox = await page.locator(".part.editor").first().boundingBox();
    if (box && editorBox) {
      const x = editorBox.x;
      const y = Math.max(editorBox.y, box.y - 30);
      await page.screenshot({
        path: path.join(artifacts, "vscode-docs.png"),
        clip: { x, y, width: Math.min(editorBox.width, 1000), height: Math.min(editorBox.y + editorBox.height - y, box.height + 300) },
      });
    }
    await page.keyboard.press("Escape");
  });

  // 4. The quick fix on a wrong total, applied from the light-bulb menu, then saved.
  await check("quick fix recomputes a wrong total; the file on disk adds up", "textDocument/codeAction quickfix with the fix edits", async () => {
    await openFile("wrong-total.nianbao");
    await waitFor("NB103 for wrong-total.nianbao", async () => (await problems("商业企业")).some((r) => r.includes("NB103")), 60000);
    await focusEditor();
    const text = readFileSync(wrong, "utf8");
    const line = lineOf(text, "| （七）总计");
    const column = text.split("\n")[line - 1].indexOf("19") + 1;
    await goTo(line, column);
    await page.keyboard.press("Control+.");
    const menu = page.locator(".action-widget").first();
    await menu.locator(".monaco-list-row", { hasText: "改为 9" }).first().waitFor({ state: "visible", timeout: 20000 });
    await page.screenshot({ path: path.join(artifacts, "vscode-quickfix.png") });
    // Choose it with the keyboard, as a person would: down to the entry, then Enter.
    const steps = await menu.evaluate((m) => {
      const rows = Array.from(m.querySelectorAll(".monaco-list-row")).filter((r) => !r.classList.contains("group-header"));
      const focused = rows.findIndex((r) => r.classList.contains("focused"));
      const wanted = rows.findIndex((r) => r.textContent.includes("改为 9"));
      return wanted - Math.max(focused, 0);
    });
    for (let i = 0; i < steps; i++) await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await page.locator(".tab.active.dirty").first().waitFor({ timeout: 10000 });
    await page.keyboard.press("Control+S");
    await waitFor("the file on disk to add up", async () => {
      const onDisk = readFileSync(wrong, "utf8");
      if (!/（七）总计 +\| +87 \| +9 \|/.test(onDisk)) return false;
      return findingsOnDisk(wrong).filter((f) => f.code.startsWith("NB1")).length === 0;
    }, 15000);
    await waitFor("NB103 to leave the Problems panel", async () => !(await problems("商业企业")).some((r) => r.includes("NB103")), 20000);
    await focusEditor();
  });

  // 5. "nianbao: Apply every safe fix" on seed 002 changes no figure; "nianbao: Recompute all
  // totals" then makes every sum add up.
  await check("command 'Apply every safe fix' marks seed-002's broken sums 待核 and changes no figure", "source.fixAll.nianbao code action", async () => {
    await openFile("seed-002-fengquan.nianbao");
    await runCommand("nianbao: Apply every safe fix");
    await page.locator(".tab.active.dirty").first().waitFor({ timeout: 15000 });
    await page.keyboard.press("Control+S");
    await waitFor("seed-002 on disk with its figures and 待核 marks", async () => {
      const now = readFileSync(seed, "utf8");
      return now.includes("待核") && sameFigures(now, seedText);
    }, 15000);
  });
  await check("command 'Recompute all totals' leaves seed-002 with no arithmetic finding", "source.recomputeTotals.nianbao code action", async () => {
    await openFile("seed-002-fengquan.nianbao");
    await runCommand("nianbao: Recompute all totals");
    await page.locator(".tab.active.dirty").first().waitFor({ timeout: 15000 });
    await page.keyboard.press("Control+S");
    await waitFor("seed-002 on disk free of NB1xx findings", async () => {
      const f = findingsOnDisk(seed);
      return readFileSync(seed, "utf8") !== seedText && f.filter((x) => x.code.startsWith("NB1")).length === 0;
    }, 15000);
    await waitFor("seed-002's NB103/NB104 to leave the Problems panel", async () =>
      !(await problems("NB10")).some((r) => r.includes("自然人")), 20000);
    await problems("");
    await focusEditor();
    await page.screenshot({ path: path.join(artifacts, "vscode-fixall.png") });
  });

  // 6. "nianbao: Show a rule's documentation" (nianbao explain).
  await check("command 'Show a rule's documentation' opens NB103's text", null, async () => {
    await runCommand("nianbao: Show a rule's documentation");
    const input = page.locator(".quick-input-widget input");
    await input.waitFor({ state: "visible" });
    await input.fill("NB103");
    await page.keyboard.press("Enter");
    await page.locator(".tab", { hasText: "NB103" }).first().waitFor({ timeout: 20000 });
  });

  // 7. "nianbao: Import a published report…": the file picker, then `nianbao import`.
  await check("command 'Import a published report' opens the markup of an HTML report", null, async () => {
    const html = path.join(ws, "published.html");
    const r = spawnSync(nianbao, ["render", path.join(root, "examples/clean-2024.nianbao"), "-o", html], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`nianbao render failed: ${r.stderr}`);
    await page.locator(".tab", { hasText: "seed-002-fengquan.nianbao" }).first().click();
    await runCommand("nianbao: Import a published report");
    // code-server's file picker is VS Code's simple dialog: a path in a quick input.
    const input = page.locator(".quick-input-widget input");
    await input.waitFor({ state: "visible" });
    // The dialog sets its own value (the folder) once it has listed it, which can come after
    // ours on a busy machine: fill until the path stays.
    for (let attempt = 0; ; attempt++) {
      await input.fill(html);
      await page.waitForTimeout(300);
      if ((await input.inputValue()) === html) break;
      if (attempt === 20) throw new Error(`the file dialog keeps replacing the path with ${await input.inputValue()}`);
    }
    await page.keyboard.press("Enter");
    await page.locator(".tab.active", { hasText: "Untitled" }).first().waitFor({ timeout: 20000 });
    await waitFor("the imported report in the editor", async () => (await editorText()).includes("某市某某局2024年政府信息公开工作年度报告"), 10000);
    await waitFor("the language mode nianbao", async () =>
      (await page.locator("#status\\.editor\\.mode").textContent()).includes("nianbao"),
    );
    await page.screenshot({ path: path.join(artifacts, "vscode-import.png") });
  });

  // 8. "nianbao: New report from the template": three prompts, then `nianbao new`'s skeleton.
  await check("command 'New report from the template' opens a skeleton", null, async () => {
    await page.locator(".tab", { hasText: "seed-002-fengquan.nianbao" }).first().click();
    await runCommand("nianbao: New report from the template");
    const input = page.locator(".quick-input-widget input");
    await input.waitFor({ state: "visible" });
    await input.fill("某某区审计局");
    await page.keyboard.press("Enter");
    await page.locator(".quick-input-widget", { hasText: "2/3" }).first().waitFor();
    await input.fill("2024");
    await page.keyboard.press("Enter");
    await page.locator(".quick-input-widget .monaco-list-row", { hasText: "2021" }).first().waitFor();
    await page.keyboard.press("Enter");
    await waitFor("the skeleton in a new editor", async () => (await editorText()).includes("某某区审计局2024年政府信息公开工作年度报告"), 15000);
  });

  // 9. A server that cannot start is reported clearly (and highlighting goes on): set
  //    nianbao.server.path to nowhere in the Settings editor, as a person would.
  async function setServerPath(value) {
    // Focus the workbench, not the Markdown preview's webview (which keeps F1 to itself).
    await page.locator(".tab", { hasText: "seed-002-fengquan.nianbao" }).first().click();
    await runCommand("Preferences: Open Settings (UI)");
    await page.locator(".settings-editor").first().waitFor();
    await page.waitForTimeout(500);
    await page.keyboard.type("nianbao.server.path");
    // The path of a binary is a machine setting: in code-server it lives in the Remote scope.
    const remote = page.locator(".settings-editor .settings-tabs-widget .action-label", { hasText: "Remote" }).first();
    if (await remote.isVisible().catch(() => false)) await remote.click();
    const input = page
      .locator(".settings-editor .monaco-list-row", { hasText: "Server: Path" })
      .locator("input")
      .first();
    await input.waitFor({ state: "visible", timeout: 15000 });
    await input.fill(value);
    await input.press("Tab");
    return input;
  }
  await check("a server that cannot start gets a clear message", null, async () => {
    const input = await setServerPath("/nonexistent/nianbao");
    try {
      const toast = await waitFor("an error notification naming nianbao.server.path", async () => {
        const t = await page.evaluate(() =>
          Array.from(document.querySelectorAll(".notifications-toasts .notification-toast, .notification-list-item"))
            .map((n) => n.textContent)
            .join("\n"),
        );
        return t.includes("nianbao.server.path") && t.includes("/nonexistent/nianbao") ? t : undefined;
      }, 30000);
      if (!/cannot start/.test(toast)) throw new Error(`unclear message: ${toast.slice(0, 300)}`);
      await page.screenshot({ path: path.join(artifacts, "vscode-no-server.png") });
    } finally {
      await input.fill("").catch(() => {});
      await input.press("Tab").catch(() => {});
    }
  });

  await firstSeen;

  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log("");
  console.log(`vscode (code-server): ${passed} passed, ${failed} failed`);
  if (firstDiagnostic !== undefined) console.log(`vscode: first diagnostic ${firstDiagnostic.toFixed(1)}s after opening the report`);
  for (const r of results.filter((x) => !x.ok)) {
    console.log(`  FAILED: ${r.name}: ${r.error}`);
    if (r.needs) console.log(`          (needs from the language server: ${r.needs})`);
  }
  if (failedOnce) {
    writeFileSync(path.join(artifacts, "code-server.log"), serverLog.join(""));
  }
  exitCode = failed === 0 ? 0 : 1;
} catch (err) {
  console.error(`[vscode ${secs()}s] ERROR: ${err && err.stack ? err.stack : err}`);
  if (page) await page.screenshot({ path: path.join(artifacts, "failure-setup.png") }).catch(() => {});
  exitCode = 1;
} finally {
  if (browser) await browser.close().catch(() => {});
  if (server && server.pid) {
    try {
      process.kill(-server.pid, "SIGTERM");
    } catch {}
    await new Promise((r) => setTimeout(r, 1000));
    try {
      process.kill(-server.pid, "SIGKILL");
    } catch {}
  }
  if (!keep) rmSync(tmp, { recursive: true, force: true });
  else log(`kept ${tmp}`);
  log(`done in ${secs()}s`);
  process.exit(exitCode);
}
