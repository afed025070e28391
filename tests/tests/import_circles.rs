//! No two files of `server/core` or `server/lsp` import each other, directly or around a circle
//! (issue 12): data flows one way, so each file can be read knowing only those below it.
//!
//! A file *imports* another when it names an item of it: in a `use` (groups, `self`, globs and
//! `as` included) or in a path in code (`crate::…`, `super::…`, `self::…`, or a child module's
//! name). A path through a `use` binding (`pub use finding::Severity` in `lib.rs`, or a parent's
//! import that a child reaches with `super::`) leads to the file that defines the item, not to
//! the file that binds the name; a `mod` declaration is not an import. Inline modules (`mod tests { use super::*; }`) belong to their file. Comments,
//! strings and character literals are skipped. This is a reader of paths, not a compiler: it
//! errs towards seeing an import (a name it cannot place is charged to the module it names).

use nianbao_tests::root;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// The crates whose files must have no circle, as their source folders.
const CRATES: &[&str] = &["server/core/src", "server/lsp/src"];

/// Imports known to close a circle and being removed elsewhere: (importer, imported). The test
/// leaves them out, and fails once one is gone, so the list only shrinks. Empty: the last
/// circle (check ⇄ fix ⇄ format) was broken with issue 14.
const KNOWN: &[(&str, &str)] = &[];

#[test]
fn no_import_circle_among_the_files_of_core_and_lsp() {
    let mut problems = Vec::new();
    let mut known_seen = BTreeSet::new();
    for dir in CRATES {
        let mut graph = Graph::of_crate(&root().join(dir), dir);
        for &(from, to) in KNOWN {
            if graph.edges.get_mut(from).is_some_and(|e| e.remove(to)) {
                known_seen.insert((from, to));
            }
        }
        for circle in graph.circles() {
            problems.push(graph.describe(&circle));
        }
    }
    for known in KNOWN {
        if !known_seen.contains(known) {
            problems.push(format!(
                "  {} no longer imports {}: remove it from KNOWN\n",
                known.0, known.1
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "import circles (each line: a file and what it imports inside the circle):\n\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_reader_sees_a_circle_it_is_shown() {
    // The detector itself, on a small crate written here: a ⇄ b through a re-export and a
    // `super::` path, c only downward, and a test module's `super::*` that stays in its file.
    let files = [
        ("lib.rs", "mod a; mod b; mod c; pub use b::Thing;"),
        ("a.rs", "use crate::Thing; // crate::c::nothing\nfn f() {}"),
        (
            "b.rs",
            "pub struct Thing; fn g() { let s = \"crate::c\"; crate::a::f(); }",
        ),
        (
            "c/mod.rs",
            "mod d; mod e; use d::D; #[cfg(test)] mod tests { use super::*; }",
        ),
        ("c/d.rs", "pub struct D; use crate::b::Thing;"),
        // Through the parent's (private) import, to the file that defines it.
        ("c/e.rs", "use super::D; fn h() -> char { '{' }"),
    ];
    let sources: Vec<(String, String)> = files
        .iter()
        .map(|(p, s)| (p.to_string(), s.to_string()))
        .collect();
    let graph = Graph::build(&sources);
    let circles = graph.circles();
    assert_eq!(
        circles,
        vec![BTreeSet::from(["a.rs".to_string(), "b.rs".to_string()])],
        "{:?}",
        graph.edges
    );
    assert!(graph.edges["c/d.rs"].contains("b.rs"));
    assert_eq!(
        graph.edges["c/e.rs"],
        BTreeSet::from(["c/d.rs".to_string()])
    );
    assert!(
        !graph.edges["a.rs"].contains("c/mod.rs"),
        "a comment is no import"
    );
    assert!(
        !graph.edges["b.rs"].contains("c/mod.rs"),
        "a string is no import"
    );
    assert!(!graph
        .edges
        .get("c/mod.rs")
        .is_some_and(|e| e.contains("lib.rs")));
}

/// The files of one crate and which import which (relative paths, as shown in messages).
struct Graph {
    edges: BTreeMap<String, BTreeSet<String>>,
}

/// What one file says: the paths it names (absolute, from the crate root) and the names it binds.
#[derive(Default)]
struct Said {
    paths: Vec<Vec<String>>,
    /// The names its `use`s bind (in the module they are in) and the paths they stand for: a
    /// path through one (`super::Ctx` where the parent has `pub use ctx::Ctx`) leads on.
    bindings: HashMap<(Vec<String>, String), Vec<String>>,
}

impl Graph {
    fn of_crate(dir: &Path, shown: &str) -> Graph {
        let mut files = Vec::new();
        collect(dir, &mut files);
        let sources = files
            .iter()
            .map(|path| {
                let relative = path.strip_prefix(dir).expect("under the crate");
                let text = std::fs::read_to_string(path).expect("source readable");
                (relative.to_string_lossy().replace('\\', "/"), text)
            })
            .collect::<Vec<_>>();
        let mut graph = Graph::build(&sources);
        graph.edges = graph
            .edges
            .into_iter()
            .map(|(from, to)| {
                let to = to.into_iter().map(|t| format!("{shown}/{t}")).collect();
                (format!("{shown}/{from}"), to)
            })
            .collect();
        graph
    }

    /// From (path relative to the crate's `src`, text) pairs.
    fn build(sources: &[(String, String)]) -> Graph {
        // Module path → the file that holds it (inline modules included).
        let mut modules: HashMap<Vec<String>, String> = HashMap::new();
        let mut said = HashMap::new();
        for (file, _) in sources {
            modules.insert(module_of(file), file.clone());
        }
        let tokens: Vec<Vec<Token>> = sources.iter().map(|(_, text)| tokens(text)).collect();
        for ((file, _), tokens) in sources.iter().zip(&tokens) {
            for inline in inline_modules(&module_of(file), tokens) {
                modules.entry(inline).or_insert_with(|| file.clone());
            }
        }
        // Read once every module is known (a path may name an inline one of another file).
        for ((file, _), tokens) in sources.iter().zip(&tokens) {
            let s = read(&module_of(file), tokens, |m| modules.contains_key(m));
            said.insert(file.clone(), s);
        }
        let bindings: HashMap<(Vec<String>, String), Vec<String>> = said
            .values()
            .flat_map(|s| s.bindings.iter().map(|(k, v)| (k.clone(), v.clone())))
            .collect();
        let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (file, s) in &said {
            let entry = edges.entry(file.clone()).or_default();
            for path in &s.paths {
                if let Some(target) = resolve(path, &modules, &bindings, 0) {
                    if &target != file {
                        entry.insert(target);
                    }
                }
            }
        }
        Graph { edges }
    }

    /// Every set of two or more files that import each other around a circle (Tarjan's
    /// strongly connected components).
    fn circles(&self) -> Vec<BTreeSet<String>> {
        struct Walk<'a> {
            edges: &'a BTreeMap<String, BTreeSet<String>>,
            index: HashMap<&'a str, usize>,
            low: HashMap<&'a str, usize>,
            stack: Vec<&'a str>,
            on_stack: BTreeSet<&'a str>,
            found: Vec<BTreeSet<String>>,
        }
        impl<'a> Walk<'a> {
            fn visit(&mut self, v: &'a str) {
                let i = self.index.len();
                self.index.insert(v, i);
                self.low.insert(v, i);
                self.stack.push(v);
                self.on_stack.insert(v);
                for w in self.edges.get(v).into_iter().flatten() {
                    let w = w.as_str();
                    if !self.index.contains_key(w) {
                        self.visit(w);
                        let low = self.low[v].min(self.low[w]);
                        self.low.insert(v, low);
                    } else if self.on_stack.contains(w) {
                        let low = self.low[v].min(self.index[w]);
                        self.low.insert(v, low);
                    }
                }
                if self.low[v] == self.index[v] {
                    let mut component = BTreeSet::new();
                    while let Some(w) = self.stack.pop() {
                        self.on_stack.remove(w);
                        component.insert(w.to_string());
                        if w == v {
                            break;
                        }
                    }
                    if component.len() > 1 {
                        self.found.push(component);
                    }
                }
            }
        }
        let mut walk = Walk {
            edges: &self.edges,
            index: HashMap::new(),
            low: HashMap::new(),
            stack: Vec::new(),
            on_stack: BTreeSet::new(),
            found: Vec::new(),
        };
        for v in self.edges.keys() {
            if !walk.index.contains_key(v.as_str()) {
                walk.visit(v);
            }
        }
        walk.found.sort();
        walk.found
    }

    fn describe(&self, circle: &BTreeSet<String>) -> String {
        circle
            .iter()
            .map(|file| {
                let inside: Vec<&str> = self.edges[file]
                    .iter()
                    .filter(|t| circle.contains(*t))
                    .map(String::as_str)
                    .collect();
                format!("  {file} → {}\n", inside.join(", "))
            })
            .collect()
    }
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("source folder readable")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `lib.rs` → [], `a.rs` → [a], `a/mod.rs` → [a], `a/b.rs` → [a, b].
fn module_of(file: &str) -> Vec<String> {
    let mut parts: Vec<String> = file
        .trim_end_matches(".rs")
        .split('/')
        .map(str::to_string)
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("lib" | "main" | "mod")
    ) {
        parts.pop();
    }
    parts
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    PathSep,
    Punct(char),
}

/// Identifiers, `::` and punctuation, with comments, strings and characters left out.
fn tokens(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
        } else if c == 'r' && matches!(next, Some('"' | '#')) && raw_string_start(&chars, i) {
            // r"…", r#"…"#: ends at a quote followed by as many hashes.
            let mut hashes = 0;
            i += 1;
            while chars[i] == '#' {
                hashes += 1;
                i += 1;
            }
            i += 1;
            while i < chars.len() {
                if chars[i] == '"' && (0..hashes).all(|h| chars.get(i + 1 + h) == Some(&'#')) {
                    i += 1 + hashes;
                    break;
                }
                i += 1;
            }
        } else if c == '\'' {
            // A character literal ('a', '\n', '\u{..}'), else a lifetime or label.
            if next == Some('\\') {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if chars.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
            }
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(Token::Ident(chars[start..i].iter().collect()));
        } else if c == ':' && next == Some(':') {
            out.push(Token::PathSep);
            i += 2;
        } else {
            if !c.is_whitespace() {
                out.push(Token::Punct(c));
            }
            i += 1;
        }
    }
    out
}

fn raw_string_start(chars: &[char], i: usize) -> bool {
    // `r` must start a token (not the end of an identifier such as `for`).
    let starts = i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
    let mut j = i + 1;
    while chars.get(j) == Some(&'#') {
        j += 1;
    }
    starts && chars.get(j) == Some(&'"')
}

fn ident(tokens: &[Token], i: usize) -> Option<&str> {
    match tokens.get(i) {
        Some(Token::Ident(s)) => Some(s),
        _ => None,
    }
}

/// The inline modules a file declares (`mod name { … }`), as module paths.
fn inline_modules(base: &[String], tokens: &[Token]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    walk_modules(base, tokens, |module, i| {
        if ident(tokens, i) == Some("mod") && module.len() > base.len() {
            out.push(module.to_vec());
        }
    });
    out
}

/// Calls `f(current module, token index)` for each token, tracking inline modules.
fn walk_modules(base: &[String], tokens: &[Token], mut f: impl FnMut(&[String], usize)) {
    let mut module = base.to_vec();
    // For each inline module entered: the brace depth its body is at.
    let mut open: Vec<usize> = Vec::new();
    let mut depth = 0;
    let mut i = 0;
    while i < tokens.len() {
        if ident(tokens, i) == Some("mod") && tokens.get(i + 2) == Some(&Token::Punct('{')) {
            if let Some(name) = ident(tokens, i + 1) {
                module.push(name.to_string());
                depth += 1;
                open.push(depth);
                f(&module, i);
                i += 3;
                continue;
            }
        }
        match tokens[i] {
            Token::Punct('{') => depth += 1,
            Token::Punct('}') => {
                if open.last() == Some(&depth) {
                    open.pop();
                    module.pop();
                }
                depth -= 1;
            }
            _ => {}
        }
        f(&module, i);
        i += 1;
    }
}

/// The paths a file names and the names its `use`s bind.
fn read(base: &[String], tokens: &[Token], is_module: impl Fn(&[String]) -> bool) -> Said {
    let mut said = Said::default();
    // Token indices already consumed by a `use` tree.
    let mut skip_to = 0;
    walk_modules(base, tokens, |module, i| {
        if i < skip_to {
            return;
        }
        let after_sep = i > 0 && tokens[i - 1] == Token::PathSep;
        if ident(tokens, i) == Some("use") && !after_sep {
            let mut j = i + 1;
            let mut items = Vec::new();
            use_tree(tokens, &mut j, Vec::new(), &mut items);
            skip_to = j;
            for (path, name) in items {
                let Some(absolute) = absolute(module, &path, &is_module) else {
                    continue;
                };
                if let Some(name) = name {
                    said.bindings
                        .insert((module.to_vec(), name), absolute.clone());
                }
                said.paths.push(absolute);
            }
            return;
        }
        if after_sep || tokens.get(i + 1) != Some(&Token::PathSep) {
            return;
        }
        let Some(first) = ident(tokens, i) else {
            return;
        };
        let mut path = vec![first.to_string()];
        let mut j = i + 1;
        while tokens.get(j) == Some(&Token::PathSep) {
            match ident(tokens, j + 1) {
                Some(s) => path.push(s.to_string()),
                None => break, // `::<T>` or `::{`: the path ends here.
            }
            j += 2;
        }
        skip_to = j;
        if let Some(absolute) = absolute(module, &path, &is_module) {
            said.paths.push(absolute);
        }
    });
    said
}

/// Reads a use tree from `tokens[*j]` to its end (`;` or the `,`/`}` of its group), pushing
/// each (full path, name it binds) — the name is `None` for a glob.
fn use_tree(
    tokens: &[Token],
    j: &mut usize,
    mut prefix: Vec<String>,
    out: &mut Vec<(Vec<String>, Option<String>)>,
) {
    loop {
        match tokens.get(*j) {
            Some(Token::Ident(s)) => {
                prefix.push(s.clone());
                *j += 1;
                if tokens.get(*j) == Some(&Token::PathSep) {
                    *j += 1;
                    continue;
                }
                // `a::{self}` names `a` itself.
                if prefix.last().map(String::as_str) == Some("self") {
                    prefix.pop();
                }
                let mut name = prefix.last().cloned();
                if ident(tokens, *j) == Some("as") {
                    name = ident(tokens, *j + 1).map(str::to_string);
                    *j += 2;
                }
                out.push((prefix, name));
                return;
            }
            Some(Token::Punct('*')) => {
                *j += 1;
                out.push((prefix, None));
                return;
            }
            Some(Token::Punct('{')) => {
                *j += 1;
                loop {
                    use_tree(tokens, j, prefix.clone(), out);
                    match tokens.get(*j) {
                        Some(Token::Punct(',')) => *j += 1,
                        Some(Token::Punct('}')) => {
                            *j += 1;
                            return;
                        }
                        _ => return,
                    }
                    if tokens.get(*j) == Some(&Token::Punct('}')) {
                        *j += 1;
                        return;
                    }
                }
            }
            _ => return,
        }
    }
}

/// A path as seen from `module`, made absolute from the crate root; `None` when it leads out
/// of the crate (another crate, a prelude or local name).
fn absolute(
    module: &[String],
    path: &[String],
    is_module: &impl Fn(&[String]) -> bool,
) -> Option<Vec<String>> {
    let mut at = module.to_vec();
    let mut rest = path;
    match rest.first().map(String::as_str) {
        Some("crate") => {
            at.clear();
            rest = &rest[1..];
        }
        Some("self") => rest = &rest[1..],
        Some("super") => {
            while rest.first().map(String::as_str) == Some("super") {
                at.pop()?;
                rest = &rest[1..];
            }
        }
        Some(first) => {
            // Relative to the current module: only a child module's name resolves.
            let mut child = at.clone();
            child.push(first.to_string());
            if !is_module(&child) {
                return None;
            }
        }
        None => return None,
    }
    at.extend(rest.iter().cloned());
    Some(at)
}

/// The file that defines what an absolute path names, following `use` bindings.
fn resolve(
    path: &[String],
    modules: &HashMap<Vec<String>, String>,
    bindings: &HashMap<(Vec<String>, String), Vec<String>>,
    depth: usize,
) -> Option<String> {
    let longest = (0..=path.len())
        .rev()
        .find(|&n| modules.contains_key(&path[..n]))?;
    let module = &path[..longest];
    if let Some(name) = path.get(longest) {
        if let Some(target) = bindings.get(&(module.to_vec(), name.clone())) {
            if depth < 8 && target.as_slice() != path {
                let mut through = target.clone();
                through.extend(path[longest + 1..].iter().cloned());
                return resolve(&through, modules, bindings, depth + 1);
            }
        }
    }
    modules.get(module).cloned()
}
