// Finding the `nianbao` binary, shared by the language client and the commands that run the CLI.
//
// Order: the `nianbao.server.path` setting; a `nianbao` on PATH; the binary bundled in this
// platform-specific extension (server/nianbao). The first that exists wins; the setting, when
// set, is used even if it does not exist (so that a typo is reported, not silently skipped).

import * as fs from "node:fs";
import * as path from "node:path";
import { execFile } from "node:child_process";
import * as vscode from "vscode";

export interface ServerBinary {
  path: string;
  source: "setting" | "PATH" | "bundled";
}

const EXE = process.platform === "win32" ? "nianbao.exe" : "nianbao";

function isExecutable(file: string): boolean {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return false;
    if (process.platform === "win32") return true;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(): string | undefined {
  const dirs = (process.env.PATH ?? "").split(path.delimiter).filter((d) => d.length > 0);
  for (const dir of dirs) {
    const candidate = path.join(dir, EXE);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function expandHome(p: string): string {
  if (p === "~" || p.startsWith("~/")) {
    return path.join(process.env.HOME ?? process.env.USERPROFILE ?? "", p.slice(1));
  }
  return p;
}

export function resolveServer(context: vscode.ExtensionContext): ServerBinary | { error: string } {
  const configured = vscode.workspace.getConfiguration("nianbao").get<string>("server.path", "").trim();
  if (configured.length > 0) {
    let p = expandHome(configured);
    if (!path.isAbsolute(p)) {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      p = folder ? path.join(folder, p) : path.resolve(p);
    }
    if (!isExecutable(p)) {
      return { error: `the setting nianbao.server.path is "${configured}", but no executable file is there` };
    }
    return { path: p, source: "setting" };
  }
  const fromPath = onPath();
  if (fromPath) return { path: fromPath, source: "PATH" };
  const bundled = context.asAbsolutePath(path.join("server", EXE));
  if (!isExecutable(bundled) && fs.existsSync(bundled) && process.platform !== "win32") {
    // An installer that dropped the executable bit: restore it.
    try {
      fs.chmodSync(bundled, 0o755);
    } catch {
      // reported below
    }
  }
  if (isExecutable(bundled)) return { path: bundled, source: "bundled" };
  return {
    error:
      "no nianbao binary: this copy of the extension has none bundled for " +
      `${process.platform}-${process.arch}, there is no nianbao on PATH, and nianbao.server.path is not set`,
  };
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI (`nianbao ARGS…`) and collects its output; never rejects. */
export function runCli(binary: string, args: string[], cwd?: string): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      binary,
      args,
      { cwd, maxBuffer: 64 * 1024 * 1024, encoding: "utf8", timeout: 60_000 },
      (error, stdout, stderr) => {
        let code = 0;
        if (error) {
          const e = error as NodeJS.ErrnoException & { code?: number | string };
          code = typeof e.code === "number" ? e.code : 2;
          if (typeof e.code === "string") stderr = `${stderr}${stderr ? "\n" : ""}${e.message}`;
        }
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}
