// Neovim's real terminal UI, checked and photographed: Neovim runs in tmux (a real terminal),
// opens seed 002 with the plugin, shows the diagnostics and the hover on （二）部分公开; the screen
// is read back with `tmux capture-pane -e` and must show the hover's 第三十七条 and the
// diagnostics' virtual text; it is then drawn as HTML in Chromium for a PNG.
//
//   node tests/editors/neovim-screen.mjs --nvim BIN --nianbao BIN --artifacts DIR [--chromium BIN]
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  if (fallback !== undefined) return fallback;
  throw new Error(`missing --${name}`);
};
const nvim = path.resolve(arg("nvim"));
const nianbao = path.resolve(arg("nianbao"));
const artifacts = path.resolve(arg("artifacts"));
const chromiumPath = arg("chromium", "/usr/bin/chromium");
mkdirSync(artifacts, { recursive: true });

const COLS = 150;
const ROWS = 42;
const tmp = mkdtempSync(path.join(tmpdir(), "nianbao-nvim-screen-"));
const socket = `nianbao-screen-${process.pid}`;
const ready = path.join(tmp, "ready");
const file = path.join(tmp, "seed-002-fengquan.nianbao");
copyFileSync(path.join(root, "examples/seed-002-fengquan.nianbao"), file);
const tmux = (...a) => execFileSync("tmux", ["-L", socket, ...a], { encoding: "utf8" });

let ok = false;
try {
  const env = [
    `NIANBAO_REPO=${root}`,
    `NIANBAO_BIN=${nianbao}`,
    `NIANBAO_SCREEN_READY=${ready}`,
    `NIANBAO_SCREEN_FILE=${file}`,
    "TERM=tmux-256color",
    "COLORTERM=truecolor",
  ];
  tmux("-f", "/dev/null", "new-session", "-d", "-x", String(COLS), "-y", String(ROWS),
    "env", ...env, nvim, "--clean", "-u", path.join(here, "neovim/screen.lua"));
  const until = Date.now() + 30000;
  while (!existsSync(ready) && Date.now() < until) spawnSync("sleep", ["0.2"]);
  if (!existsSync(ready)) throw new Error("Neovim did not show the hover within 30s");
  spawnSync("sleep", ["0.5"]);
  const ansi = tmux("capture-pane", "-e", "-p", "-t", "0");
  const plain = tmux("capture-pane", "-p", "-t", "0");
  writeFileSync(path.join(artifacts, "neovim-screen.txt"), plain);
  const failures = [];
  if (!plain.includes("第三十七条")) failures.push("the hover with 第三十七条 is not on the screen");
  if (!/●/.test(plain)) failures.push("no diagnostic virtual text on the screen");
  const html = toHtml(ansi);
  writeFileSync(path.join(artifacts, "neovim-screen.html"), html);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await page.setContent(html);
  const pre = page.locator("pre");
  await pre.screenshot({ path: path.join(artifacts, "neovim.png") });
  await browser.close();
  for (const f of failures) console.log(`FAIL neovim screen: ${f}`);
  if (failures.length === 0) console.log(`PASS neovim screen: the terminal shows the diagnostics and the hover (${path.join(artifacts, "neovim.png")})`);
  ok = failures.length === 0;
} catch (err) {
  console.log(`FAIL neovim screen: ${err.message}`);
} finally {
  spawnSync("tmux", ["-L", socket, "kill-server"]);
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(ok ? 0 : 1);

/** tmux's ANSI (SGR) output as an HTML page of spans. */
function toHtml(text) {
  const palette = [
    "#000000", "#cd0000", "#00cd00", "#cdcd00", "#0000ee", "#cd00cd", "#00cdcd", "#e5e5e5",
    "#7f7f7f", "#ff0000", "#00ff00", "#ffff00", "#5c5cff", "#ff00ff", "#00ffff", "#ffffff",
  ];
  const c256 = (n) => {
    if (n < 16) return palette[n];
    if (n < 232) {
      const v = [0, 95, 135, 175, 215, 255];
      n -= 16;
      return `rgb(${v[Math.floor(n / 36)]},${v[Math.floor(n / 6) % 6]},${v[n % 6]})`;
    }
    const g = 8 + (n - 232) * 10;
    return `rgb(${g},${g},${g})`;
  };
  const defFg = "#e0e2ea";
  const defBg = "#14161b";
  let st = { fg: null, bg: null, bold: false, italic: false, underline: false, reverse: false };
  // A wide character takes two terminal cells: draw it in a box exactly two cells wide, so
  // that the columns line up whatever the font's own CJK advance is.
  const wide = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/g;
  const esc = (s) =>
    s
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(wide, (c) => `<span class="w">${c}</span>`);
  let out = "";
  const re = /\x1b\[([0-9;:]*)m|([^\x1b]+)|\x1b[^m]*?[A-Za-z]/g;
  let m;
  while ((m = re.exec(text))) {
    if (m[2] !== undefined) {
      let fg = st.fg ?? defFg;
      let bg = st.bg ?? defBg;
      if (st.reverse) [fg, bg] = [bg, fg];
      const style = [`color:${fg}`, `background:${bg}`];
      if (st.bold) style.push("font-weight:bold");
      if (st.italic) style.push("font-style:italic");
      if (st.underline) style.push("text-decoration:underline");
      out += `<span style="${style.join(";")}">${esc(m[2])}</span>`;
      continue;
    }
    if (m[1] === undefined) continue;
    const p = m[1] === "" ? [0] : m[1].split(/[;:]/).map(Number);
    for (let i = 0; i < p.length; i++) {
      const n = p[i];
      if (n === 0) st = { fg: null, bg: null, bold: false, italic: false, underline: false, reverse: false };
      else if (n === 1) st.bold = true;
      else if (n === 3) st.italic = true;
      else if (n === 4) st.underline = true;
      else if (n === 7) st.reverse = true;
      else if (n === 22) st.bold = false;
      else if (n === 23) st.italic = false;
      else if (n === 24) st.underline = false;
      else if (n === 27) st.reverse = false;
      else if (n === 39) st.fg = null;
      else if (n === 49) st.bg = null;
      else if (n >= 30 && n <= 37) st.fg = palette[n - 30];
      else if (n >= 90 && n <= 97) st.fg = palette[n - 90 + 8];
      else if (n >= 40 && n <= 47) st.bg = palette[n - 40];
      else if (n >= 100 && n <= 107) st.bg = palette[n - 100 + 8];
      else if ((n === 38 || n === 48) && p[i + 1] === 2) {
        const col = `rgb(${p[i + 2]},${p[i + 3]},${p[i + 4]})`;
        if (n === 38) st.fg = col;
        else st.bg = col;
        i += 4;
      } else if ((n === 38 || n === 48) && p[i + 1] === 5) {
        if (n === 38) st.fg = c256(p[i + 2]);
        else st.bg = c256(p[i + 2]);
        i += 2;
      }
    }
  }
  return `<!doctype html><meta charset="utf-8"><style>
body{margin:0;background:${defBg}}
pre{margin:0;padding:8px;display:inline-block;background:${defBg};color:${defFg};
font:13px/1.25 'WenQuanYi Micro Hei Mono',monospace;white-space:pre}
.w{display:inline-block;width:2ch;text-align:center;overflow:hidden;vertical-align:top}
</style><pre>${out}</pre>`;
}
