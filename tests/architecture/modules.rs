//! A crate's modules, found from its root file by following `mod name;` declarations (not the
//! `#[cfg(test)]` ones, whose code is skipped too), and the module paths each module names:
//! `use` trees and `crate::…`, `super::…`, `self::…` paths, resolved from the crate root.
//! A name a module imports or re-exports (`pub use platforms::VendorName;` in `lib.rs`) is
//! followed to where it comes from, so `crate::VendorName` names `crate::platforms`.

use std::collections::{BTreeMap, BTreeSet};

use super::lex::{Token, tokens};

/// A module path from the crate root (`[]` is the root, `["contracts", "derive"]`).
pub(crate) type ModulePath = Vec<String>;

#[derive(Debug, Default)]
pub(crate) struct Scan {
    /// Every module of the crate, files and inline `mod name { … }` alike.
    pub(crate) modules: BTreeSet<ModulePath>,
    /// (the module that names it, the absolute path named).
    pub(crate) references: Vec<(ModulePath, ModulePath)>,
}

/// What the scan collects before it resolves: paths as written, and the names `use` brings in.
#[derive(Debug, Default)]
struct Raw {
    modules: BTreeSet<ModulePath>,
    /// (the module, the segments as written).
    named: Vec<(ModulePath, Vec<String>)>,
    /// (module, name) → the segments it imports, as written in that module.
    aliases: BTreeMap<(ModulePath, String), Vec<String>>,
}

/// Scans the crate whose root file is `root` (e.g. `lib.rs`); `read` gives a file's text by its
/// path relative to the crate's `src/`, `None` when it does not exist.
pub(crate) fn scan(read: &dyn Fn(&str) -> Option<String>, root: &str) -> Scan {
    let mut raw = Raw::default();
    raw.modules.insert(Vec::new());
    scan_file(read, root, Vec::new(), &mut raw);
    let references = raw
        .named
        .iter()
        .filter_map(|(from, segments)| Some((from.clone(), raw.resolve(from, segments, 0)?)))
        .collect();
    Scan {
        modules: raw.modules,
        references,
    }
}

fn scan_file(read: &dyn Fn(&str) -> Option<String>, file: &str, module: ModulePath, out: &mut Raw) {
    let Some(text) = read(file) else {
        panic!("{file} is declared as a module but cannot be read");
    };
    let dir = child_dir(file);
    let toks = tokens(&text);
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut cfg_test = false;
    let mut i = 0;
    let current = |inline: &[(String, usize)]| {
        let mut m = module.clone();
        m.extend(inline.iter().map(|(n, _)| n.clone()));
        m
    };
    while i < toks.len() {
        if toks[i] == Token::Punct('#')
            && let Some((end, is_test)) = attribute(&toks, i)
        {
            cfg_test |= is_test;
            i = end;
            continue;
        }
        if cfg_test {
            i = skip_item(&toks, i);
            cfg_test = false;
            continue;
        }
        match &toks[i] {
            Token::Ident(w) if w == "mod" => {
                if let (Some(Token::Ident(name)), Some(next)) = (toks.get(i + 1), toks.get(i + 2)) {
                    let mut path = current(&inline);
                    path.push(name.clone());
                    out.modules.insert(path.clone());
                    if *next == Token::Punct(';') {
                        let mut base = dir.clone();
                        for (n, _) in &inline {
                            base.push_str(n);
                            base.push('/');
                        }
                        let flat = format!("{base}{name}.rs");
                        let nested = format!("{base}{name}/mod.rs");
                        let child = if read(&flat).is_some() { flat } else { nested };
                        scan_file(read, &child, path, out);
                        i += 3;
                        continue;
                    }
                    if *next == Token::Punct('{') {
                        depth += 1;
                        inline.push((name.clone(), depth));
                        i += 3;
                        continue;
                    }
                }
                i += 1;
            }
            Token::Ident(w) if w == "use" => {
                let from = current(&inline);
                let mut named = Vec::new();
                i += 1;
                use_tree(&toks, &mut i, Vec::new(), &mut named);
                for (segments, alias) in named {
                    if let Some(alias) = alias {
                        out.aliases.insert((from.clone(), alias), segments.clone());
                    }
                    out.named.push((from.clone(), segments));
                }
            }
            Token::Ident(w)
                if matches!(w.as_str(), "crate" | "super" | "self")
                    && toks.get(i + 1) == Some(&Token::PathSep) =>
            {
                let mut segments = Vec::new();
                while let Some(Token::Ident(s)) = toks.get(i) {
                    segments.push(s.clone());
                    i += 1;
                    if toks.get(i) != Some(&Token::PathSep) {
                        break;
                    }
                    i += 1;
                }
                out.named.push((current(&inline), segments));
            }
            Token::Punct('{') => {
                depth += 1;
                i += 1;
            }
            Token::Punct('}') => {
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
                depth = depth.saturating_sub(1);
                i += 1;
            }
            _ => i += 1,
        }
    }
}

/// Where the files of `file`'s child modules live, with a trailing `/` (or empty).
fn child_dir(file: &str) -> String {
    let (dir, name) = file.rsplit_once('/').unwrap_or(("", file));
    let dir = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    match name {
        "lib.rs" | "main.rs" | "mod.rs" => dir,
        _ => format!("{dir}{}/", name.trim_end_matches(".rs")),
    }
}

/// An attribute at `i` (`#[…]` or `#![…]`): the index after it, and whether it is a
/// `cfg` that needs `test`.
fn attribute(toks: &[Token], i: usize) -> Option<(usize, bool)> {
    let mut j = i + 1;
    if toks.get(j) == Some(&Token::Punct('!')) {
        j += 1;
    }
    if toks.get(j) != Some(&Token::Punct('[')) {
        return None;
    }
    let start = j + 1;
    let mut level = 0usize;
    while j < toks.len() {
        match toks[j] {
            Token::Punct('[') => level += 1,
            Token::Punct(']') => {
                level -= 1;
                if level == 0 {
                    break;
                }
            }
            _ => {}
        }
        j += 1;
    }
    let inner = &toks[start..j.min(toks.len())];
    let has = |w: &str| inner.contains(&Token::Ident(w.to_owned()));
    let is_test = inner.first() == Some(&Token::Ident("cfg".into())) && has("test") && !has("not");
    Some((j + 1, is_test))
}

/// The index after the item starting at `i`: its `;`, or the `}` closing its first block.
fn skip_item(toks: &[Token], mut i: usize) -> usize {
    let mut level = 0usize;
    while i < toks.len() {
        match toks[i] {
            Token::Punct('(' | '[') => level += 1,
            Token::Punct(')' | ']') => level = level.saturating_sub(1),
            Token::Punct('{') => level += 1,
            Token::Punct('}') => {
                level = level.saturating_sub(1);
                if level == 0 {
                    return i + 1;
                }
            }
            Token::Punct(';') if level == 0 => return i + 1,
            _ => {}
        }
        i += 1;
    }
    i
}

/// A leaf of a use tree: its path, and the name it brings in (none for a glob).
type Leaf = (Vec<String>, Option<String>);

/// One use tree from `*i`, each leaf appended to `out` (prefix included); leaves `*i` after
/// the tree (at its `,`, `}` or `;`).
fn use_tree(toks: &[Token], i: &mut usize, prefix: Vec<String>, out: &mut Vec<Leaf>) {
    let mut path = prefix;
    let mut alias = None;
    let mut glob = false;
    while let Some(tok) = toks.get(*i) {
        match tok {
            Token::Ident(w) if w == "as" => {
                if let Some(Token::Ident(name)) = toks.get(*i + 1) {
                    alias = Some(name.clone());
                }
                *i += 2;
                break;
            }
            Token::Ident(w) => {
                path.push(w.clone());
                *i += 1;
            }
            Token::PathSep => *i += 1,
            Token::Punct('*') => {
                glob = true;
                *i += 1;
                break;
            }
            Token::Punct('{') => {
                *i += 1;
                loop {
                    use_tree(toks, i, path.clone(), out);
                    match toks.get(*i) {
                        Some(Token::Punct(',')) => *i += 1,
                        Some(Token::Punct('}')) => {
                            *i += 1;
                            return;
                        }
                        _ => return,
                    }
                }
            }
            _ => break,
        }
    }
    let name = match path.last().map(String::as_str) {
        _ if glob => None,
        Some("self") => path.iter().rev().nth(1).cloned(),
        last => last.map(str::to_owned),
    };
    out.push((path, alias.or(name).filter(|n| n != "_")));
}

impl Raw {
    /// `segments`, named in module `from`, as a path from the crate root with every imported
    /// name followed to its source; `None` for other crates' paths.
    fn resolve(&self, from: &[String], segments: &[String], depth: usize) -> Option<ModulePath> {
        if depth > 16 {
            return None;
        }
        let (first, rest) = segments.split_first()?;
        let mut out = match first.as_str() {
            "crate" => Vec::new(),
            "self" => from.to_vec(),
            "super" => {
                let mut up = from.to_vec();
                up.pop()?;
                up
            }
            _ => {
                let mut child = from.to_vec();
                child.push(first.clone());
                if self.modules.contains(&child) {
                    child.pop();
                    child
                } else {
                    let imported = self.aliases.get(&(from.to_vec(), first.clone()))?;
                    if imported.as_slice() == segments {
                        return None;
                    }
                    let mut out = self.resolve(from, imported, depth + 1)?;
                    out.extend(rest.iter().filter(|s| *s != "self").cloned());
                    return self.follow(out, depth);
                }
            }
        };
        let mut rest = rest;
        if first == "super" {
            while rest.first().is_some_and(|s| s == "super") {
                out.pop()?;
                rest = &rest[1..];
            }
        }
        if first != "crate" && first != "self" && first != "super" {
            out.push(first.clone());
        }
        out.extend(rest.iter().filter(|s| *s != "self").cloned());
        self.follow(out, depth)
    }

    /// `path` with its first segment that names an import (not a module) replaced by the
    /// import's source.
    fn follow(&self, path: ModulePath, depth: usize) -> Option<ModulePath> {
        for k in 1..=path.len() {
            if self.modules.contains(&path[..k]) {
                continue;
            }
            let key = (path[..k - 1].to_vec(), path[k - 1].clone());
            return match self.aliases.get(&key) {
                Some(imported) if depth < 16 => {
                    let mut out = self.resolve(&path[..k - 1], imported, depth + 1)?;
                    out.extend(path[k..].iter().cloned());
                    Some(out)
                }
                _ => Some(path),
            };
        }
        Some(path)
    }
}

#[test]
fn use_trees_and_paths_resolve_from_the_crate_root() {
    let src = "use super::{a::{self, B}, c as d};\nuse crate::x::*;\nfn f() { super::super::y::g(); self::z::h(); }";
    let from = vec!["p".to_owned(), "q".to_owned()];
    let read = |f: &str| (f == "lib.rs").then(|| format!("mod p {{ mod q {{ {src} }} }}"));
    let found = scan(&read, "lib.rs");
    let named: Vec<String> = found
        .references
        .iter()
        .filter(|(m, _)| *m == from)
        .map(|(_, p)| p.join("::"))
        .collect();
    assert_eq!(
        named,
        ["p::a", "p::a::B", "p::c", "x", "y::g", "p::q::z::h"]
    );
    assert!(found.modules.contains(&from));
}
