// The nianbao extension: starts `nianbao lsp` as a language client and adds the commands that
// run the CLI (new, import, explain). All checking is done by the server; the extension only
// wires it into VS Code.

import * as path from "node:path";
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  State,
} from "vscode-languageclient/node";
import { resolveServer, runCli } from "./server";

const LANGUAGE_ID = "nianbao";
/** Every safe fix, as `nianbao fix` makes them: no figure changes (also what fix-on-save runs). */
const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append("nianbao");
/** Every broken total set from its parts: only when asked for, never on save. */
const RECOMPUTE_KIND = vscode.CodeActionKind.Source.append("recomputeTotals").append("nianbao");
const EXPLAIN_SCHEME = "nianbao-explain";

let client: LanguageClient | undefined;
let log: vscode.OutputChannel;
let trace: vscode.OutputChannel;
let status: vscode.StatusBarItem;

/** Markdown shown by `nianbao.explain`, keyed by the virtual document's path. */
const explanations = new Map<string, string>();
const explainChanged = new vscode.EventEmitter<vscode.Uri>();

function config() {
  return vscode.workspace.getConfiguration("nianbao");
}

function serverSettings(): Record<string, unknown> {
  const settings: Record<string, unknown> = { lang: config().get<string>("lang", "zh") };
  const template = config().get<string | null>("template", null);
  if (template) settings.template = template;
  const rules = config().get<Record<string, string>>("rules", {});
  if (rules && Object.keys(rules).length > 0) settings.rules = rules;
  return settings;
}

function setStatus(text: string, tooltip: string, error = false) {
  status.text = text;
  status.tooltip = tooltip;
  status.backgroundColor = error ? new vscode.ThemeColor("statusBarItem.errorBackground") : undefined;
  status.show();
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const found = resolveServer(context);
  if ("error" in found) {
    log.appendLine(`[nianbao] cannot start the language server: ${found.error}`);
    setStatus("$(error) nianbao", `The nianbao language server is not running: ${found.error}`, true);
    void serverFailed(`The nianbao language server cannot start: ${found.error}.`);
    return;
  }
  log.appendLine(`[nianbao] language server: ${found.path} (from ${found.source})`);

  const serverOptions: ServerOptions = {
    command: found.path,
    // No `transport`: with TransportKind.stdio the client would append --stdio to the arguments.
    args: ["lsp"],
    options: {
      env: { ...process.env, NIANBAO_LOG: config().get<string>("server.logLevel", "warn") },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: LANGUAGE_ID },
      { scheme: "untitled", language: LANGUAGE_ID },
    ],
    synchronize: {
      configurationSection: "nianbao",
      fileEvents: vscode.workspace.createFileSystemWatcher("**/nianbao.toml"),
    },
    // The server's settings (docs/lsp.md): nianbao.lang, .template, .rules; later changes reach it
    // through workspace/didChangeConfiguration (synchronize.configurationSection).
    initializationOptions: serverSettings(),
    outputChannel: log,
    traceOutputChannel: trace,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    markdown: { isTrusted: false, supportHtml: false },
  };
  const c = new LanguageClient("nianbao", "nianbao language server", serverOptions, clientOptions);
  c.onDidChangeState((e) => {
    if (e.newState === State.Running) {
      setStatus("$(check) nianbao", `nianbao language server running (${found.path}, from ${found.source})`);
    } else if (e.newState === State.Stopped) {
      setStatus("$(circle-slash) nianbao", "nianbao language server stopped", true);
    }
  });
  client = c;
  try {
    await c.start();
  } catch (err) {
    client = undefined;
    const message = err instanceof Error ? err.message : String(err);
    log.appendLine(`[nianbao] the language server failed to start: ${message}`);
    setStatus("$(error) nianbao", `The nianbao language server failed to start: ${message}`, true);
    void serverFailed(`The nianbao language server (${found.path}, from ${found.source}) failed to start: ${message}.`);
  }
}

async function serverFailed(message: string): Promise<void> {
  const choice = await vscode.window.showErrorMessage(
    `${message} Highlighting still works; checking, hover and quick fixes need the server. ` +
      "Set nianbao.server.path to a nianbao binary, or put nianbao on PATH.",
    "Open Settings",
    "Show Log",
  );
  if (choice === "Open Settings") {
    await vscode.commands.executeCommand("workbench.action.openSettings", "nianbao.server.path");
  } else if (choice === "Show Log") {
    log.show(true);
  }
}

async function stopClient(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    try {
      await c.stop(5000);
    } catch (err) {
      log.appendLine(`[nianbao] stopping the language server: ${String(err)}`);
    }
  }
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  await stopClient();
  await startClient(context);
}

/** The binary for the CLI commands, or undefined after telling the user why there is none. */
function cliBinary(context: vscode.ExtensionContext): string | undefined {
  const found = resolveServer(context);
  if ("error" in found) {
    void vscode.window.showErrorMessage(`nianbao: ${found.error}.`, "Open Settings").then((c) => {
      if (c) void vscode.commands.executeCommand("workbench.action.openSettings", "nianbao.server.path");
    });
    return undefined;
  }
  return found.path;
}

function langArgs(): string[] {
  return ["--lang", config().get<string>("lang", "zh")];
}

function activeReport(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== LANGUAGE_ID) {
    void vscode.window.showWarningMessage("nianbao: open a .nianbao report first.");
    return undefined;
  }
  return editor;
}

/** What a whole-document action says when it cannot run or has nothing to do. */
interface WholeAction {
  kind: vscode.CodeActionKind;
  what: string;
  nothing: string;
}

const SAFE_FIXES: WholeAction = {
  kind: FIX_ALL_KIND,
  what: "the safe fixes",
  nothing: "nianbao: no safe fix to apply (figures that do not add up are yours to judge: see the Problems panel).",
};

const RECOMPUTE: WholeAction = {
  kind: RECOMPUTE_KIND,
  what: "the totals",
  nothing: "nianbao: every total already adds up; nothing to recompute.",
};

/** Applies the server's action of `action.kind` to the whole active report. */
async function applyWhole(action: WholeAction): Promise<boolean> {
  const editor = activeReport();
  if (!editor) return false;
  if (!client || !client.isRunning()) {
    void vscode.window.showErrorMessage(`nianbao: the language server is not running, so ${action.what} cannot be applied.`);
    return false;
  }
  const doc = editor.document;
  const whole = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
  const actions =
    (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      "vscode.executeCodeActionProvider",
      doc.uri,
      whole,
      action.kind.value,
    )) ?? [];
  const found = actions.find(
    (a): a is vscode.CodeAction => "kind" in a && a.kind !== undefined && action.kind.contains(a.kind),
  );
  if (!found || (!found.edit && !found.command)) {
    void vscode.window.showInformationMessage(action.nothing);
    return false;
  }
  if (found.edit && !(await vscode.workspace.applyEdit(found.edit))) {
    void vscode.window.showErrorMessage(`nianbao: the edit applying ${action.what} could not be applied.`);
    return false;
  }
  if (found.command) {
    await vscode.commands.executeCommand(found.command.command, ...(found.command.arguments ?? []));
  }
  return true;
}

async function newReport(context: vscode.ExtensionContext): Promise<void> {
  const bin = cliBinary(context);
  if (!bin) return;
  const org = await vscode.window.showInputBox({
    title: "New report (1/3)",
    prompt: "机关 — the reporting organ, as it signs the report",
    placeHolder: "某某区人民政府办公室",
    validateInput: (v) => (v.trim().length === 0 ? "required" : undefined),
  });
  if (org === undefined) return;
  const lastYear = String(new Date().getFullYear() - 1);
  const year = await vscode.window.showInputBox({
    title: "New report (2/3)",
    prompt: "年度 — the reporting year",
    value: lastYear,
    validateInput: (v) => (/^\d{4}$/.test(v.trim()) ? undefined : "four digits"),
  });
  if (year === undefined) return;
  const template = await vscode.window.showQuickPick(
    [
      { label: "2021", description: "国办公开办函〔2021〕30号 (reports for 2021 on)" },
      { label: "2019", description: "国办公开办函〔2019〕60号 试行 (reports for 2019–2020)" },
    ],
    { title: "New report (3/3): template" },
  );
  if (!template) return;
  const r = await runCli(bin, ["new", "--org", org.trim(), "--year", year.trim(), "--template", template.label]);
  if (r.code !== 0) {
    void vscode.window.showErrorMessage(`nianbao new failed: ${r.stderr.trim() || `exit ${r.code}`}`);
    return;
  }
  const doc = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content: r.stdout });
  await vscode.window.showTextDocument(doc);
}

async function importReport(context: vscode.ExtensionContext, file?: vscode.Uri): Promise<void> {
  const bin = cliBinary(context);
  if (!bin) return;
  if (!file) {
    const picked = await vscode.window.showOpenDialog({
      title: "Import a published report",
      openLabel: "Import",
      canSelectMany: false,
      filters: {
        "Published reports": ["html", "htm", "docx", "txt", "text"],
        "All files": ["*"],
      },
    });
    if (!picked || picked.length === 0) return;
    file = picked[0];
  }
  const r = await runCli(bin, [...langArgs(), "import", file.fsPath], path.dirname(file.fsPath));
  if (r.stderr.trim()) log.appendLine(`[nianbao import ${file.fsPath}]\n${r.stderr.trim()}`);
  if (r.code !== 0 || r.stdout.trim().length === 0) {
    const why = r.stderr.trim() || `exit ${r.code}`;
    const choice = await vscode.window.showErrorMessage(
      `nianbao import ${path.basename(file.fsPath)} failed: ${why}`,
      "Show Log",
    );
    if (choice) log.show(true);
    return;
  }
  const doc = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content: r.stdout });
  await vscode.window.showTextDocument(doc);
  const note = r.stderr.trim().split("\n")[0];
  if (note) void vscode.window.showInformationMessage(`nianbao ${note}`);
}

/** The finding code under the cursor, if a nianbao diagnostic covers it. */
function codeAtCursor(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const pos = editor.selection.active;
  for (const d of vscode.languages.getDiagnostics(editor.document.uri)) {
    if (!d.range.contains(pos)) continue;
    const code = typeof d.code === "object" ? d.code.value : d.code;
    if (code !== undefined && /^NB\d{3}$/.test(String(code))) return String(code);
  }
  return undefined;
}

async function explain(context: vscode.ExtensionContext, query?: string): Promise<void> {
  const bin = cliBinary(context);
  if (!bin) return;
  if (typeof query !== "string" || query.trim().length === 0) {
    query = await vscode.window.showInputBox({
      title: "Show a rule's documentation",
      prompt: "A finding code (NB103) or a category label (部分公开)",
      value: codeAtCursor() ?? "",
      validateInput: (v) => (v.trim().length === 0 ? "required" : undefined),
    });
    if (query === undefined) return;
  }
  query = query.trim();
  const r = await runCli(bin, [...langArgs(), "explain", query]);
  if (r.code !== 0) {
    void vscode.window.showErrorMessage(`nianbao explain ${query}: ${r.stderr.trim() || `exit ${r.code}`}`);
    return;
  }
  const uri = vscode.Uri.from({ scheme: EXPLAIN_SCHEME, path: `/${query.replace(/[\\/]/g, "_")}.md` });
  explanations.set(uri.path, r.stdout);
  explainChanged.fire(uri);
  try {
    await vscode.commands.executeCommand("markdown.showPreviewToSide", uri);
  } catch {
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  log = vscode.window.createOutputChannel("nianbao");
  trace = vscode.window.createOutputChannel("nianbao trace");
  status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  status.name = "nianbao";
  status.command = "nianbao.showLog";
  context.subscriptions.push(log, trace, status, explainChanged);

  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(EXPLAIN_SCHEME, {
      onDidChange: explainChanged.event,
      provideTextDocumentContent: (uri) => explanations.get(uri.path) ?? "",
    }),
    vscode.commands.registerCommand("nianbao.fixAll", () => applyWhole(SAFE_FIXES)),
    vscode.commands.registerCommand("nianbao.recomputeTotals", () => applyWhole(RECOMPUTE)),
    vscode.commands.registerCommand("nianbao.format", async () => {
      if (activeReport()) await vscode.commands.executeCommand("editor.action.formatDocument");
    }),
    vscode.commands.registerCommand("nianbao.newReport", () => newReport(context)),
    vscode.commands.registerCommand("nianbao.importReport", (file?: vscode.Uri) =>
      importReport(context, file instanceof vscode.Uri ? file : undefined),
    ),
    vscode.commands.registerCommand("nianbao.explain", (query?: string) => explain(context, query)),
    vscode.commands.registerCommand("nianbao.restartServer", () => restart(context)),
    vscode.commands.registerCommand("nianbao.showLog", () => log.show(true)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("nianbao.server.path") || e.affectsConfiguration("nianbao.server.logLevel")) {
        void restart(context);
      }
    }),
  );

  await startClient(context);
}

export async function deactivate(): Promise<void> {
  await stopClient();
}
