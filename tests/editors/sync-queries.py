#!/usr/bin/env python3
"""The editors' copies of the grammar's tree-sitter queries, checked (default) or rewritten (--write).

- editors/neovim/queries/nianbao/*.scm: byte-for-byte copies of grammar/queries/*.scm
  (Neovim's capture names are the grammar's own).
- editors/helix/runtime/queries/nianbao/highlights.scm: grammar/queries/highlights.scm with the
  capture names Helix themes use (@number -> @constant.numeric, @property -> @variable.other.member).
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
GRAMMAR = ROOT / "grammar" / "queries"
NEOVIM = ROOT / "editors" / "neovim" / "queries" / "nianbao"
HELIX = ROOT / "editors" / "helix" / "runtime" / "queries" / "nianbao"

HELIX_NAMES = {"number": "constant.numeric", "property": "variable.other.member"}
HELIX_HEADER = (
    "; Generated from grammar/queries/{name} by tests/editors/sync-queries.py --write: do not edit.\n"
    "; Capture names as Helix themes know them: "
    + ", ".join(f"@{a} -> @{b}" for a, b in HELIX_NAMES.items())
    + ".\n\n"
)


def helix(name: str, text: str) -> str:
    def rename(m: re.Match) -> str:
        return "@" + HELIX_NAMES.get(m.group(1), m.group(1))

    return HELIX_HEADER.format(name=name) + re.sub(r"@([A-Za-z_][\w.]*)", rename, text)


def expected() -> dict:
    files = {}
    for src in sorted(GRAMMAR.glob("*.scm")):
        text = src.read_text(encoding="utf-8")
        files[NEOVIM / src.name] = text
        if src.name == "highlights.scm":
            files[HELIX / src.name] = helix(src.name, text)
    return files


def main() -> int:
    write = "--write" in sys.argv[1:]
    want = expected()
    if not want:
        print(f"no queries in {GRAMMAR}", file=sys.stderr)
        return 1
    stale = []
    for path, text in want.items():
        have = path.read_text(encoding="utf-8") if path.exists() else None
        if have != text:
            stale.append(path)
            if write:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    extra = [p for d in (NEOVIM, HELIX) if d.exists() for p in d.glob("*.scm") if p not in want]
    for p in extra:
        if write:
            p.unlink()
    rel = lambda p: p.relative_to(ROOT)
    if write:
        for p in stale + extra:
            print(f"updated {rel(p)}")
        return 0
    if stale or extra:
        for p in stale:
            print(f"stale: {rel(p)} differs from grammar/queries", file=sys.stderr)
        for p in extra:
            print(f"extra: {rel(p)} has no counterpart in grammar/queries", file=sys.stderr)
        print("run: python3 tests/editors/sync-queries.py --write", file=sys.stderr)
        return 1
    print(f"queries: {len(want)} editor copies match grammar/queries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
