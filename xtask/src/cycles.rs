//! The import-cycle check of `cargo xtask test`: no two files of a crate may
//! depend on each other, directly or around a loop, through their `use`
//! lines (`crate::`, `super::`, `self::` paths). A module and the modules
//! inside it are one unit of meaning (a `mod.rs` re-exports its children,
//! a child names its parent's types), so edges between a module and its own
//! descendants do not count; two siblings that need each other do — one of
//! them holds what both need, or a third module does. Test modules
//! (`#[cfg(test)] mod tests`) are left out: a test may reach anywhere.

use crate::files::files_under;
use crate::process::Result;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The crates checked, by their source directories under the workspace root.
const SOURCES: [&str; 5] = ["core/src", "app/src", "server/src", "frontend/src", "xtask/src"];

/// A module: its crate's source directory and its path inside the crate.
type Module = (String, Vec<String>);

/// Fails, naming the files of every cycle, when any crate has one.
pub fn check(root: &Path) -> Result {
    let mut modules = BTreeMap::new();
    for source in SOURCES {
        let dir = root.join(source);
        for file in files_under(&dir, "rs")? {
            let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            let relative = file.strip_prefix(&dir).map_err(|e| e.to_string())?;
            modules.insert((source.to_owned(), module_path(relative)), text);
        }
    }
    let cycles = cycles(&modules);
    if cycles.is_empty() {
        return Ok(());
    }
    let named: Vec<String> = cycles
        .iter()
        .map(|cycle| {
            let files: Vec<String> =
                cycle.iter().map(|(source, path)| format!("{source}/{}", path.join("/"))).collect();
            files.join(" ⇄ ")
        })
        .collect();
    Err(format!("import cycles between files:\n  {}", named.join("\n  ")))
}

/// `a/b.rs` and `a/b/mod.rs` are module `a::b`; `lib.rs` and `main.rs` the crate root.
fn module_path(relative: &Path) -> Vec<String> {
    let mut path: Vec<String> =
        relative.with_extension("").iter().map(|part| part.to_string_lossy().into_owned()).collect();
    if matches!(path.last().map(String::as_str), Some("mod" | "lib" | "main")) {
        path.pop();
    }
    path
}

/// The groups of modules that depend on each other around a loop.
fn cycles(modules: &BTreeMap<Module, String>) -> Vec<Vec<Module>> {
    let graph: BTreeMap<&Module, BTreeSet<&Module>> = modules
        .iter()
        .map(|(module, text)| {
            let targets = imports(text)
                .iter()
                .filter_map(|path| absolute(module, path))
                .filter_map(|path| owner(modules, &module.0, &path))
                .filter(|target| !related(module, target))
                .collect();
            (module, targets)
        })
        .collect();
    strongly_connected(&graph).into_iter().filter(|group| group.len() > 1).collect()
}

/// Whether one module lies inside the other (or they are the same).
fn related(a: &Module, b: &Module) -> bool {
    a.0 == b.0 && (a.1.starts_with(&b.1) || b.1.starts_with(&a.1))
}

/// The module file that defines `path`: the longest prefix of it that is a module.
fn owner<'a>(modules: &'a BTreeMap<Module, String>, source: &str, path: &[String]) -> Option<&'a Module> {
    (0..=path.len())
        .rev()
        .find_map(|n| modules.get_key_value(&(source.to_owned(), path[..n].to_vec())).map(|(k, _)| k))
}

/// A `use` path as a path from the crate root, if it is one of this crate's.
fn absolute(module: &Module, path: &[String]) -> Option<Vec<String>> {
    let mut base = module.1.clone();
    let mut rest = path;
    match path.first()?.as_str() {
        "crate" => {
            base.clear();
            rest = &path[1..];
        }
        "self" => rest = &path[1..],
        "super" => {
            while rest.first().is_some_and(|part| part == "super") {
                base.pop()?;
                rest = &rest[1..];
            }
        }
        _ => return None,
    }
    base.extend(rest.iter().cloned());
    Some(base)
}

/// The paths the file's `use` declarations name, outside its test module,
/// with groups (`a::{b, c::d}`) expanded.
fn imports(text: &str) -> Vec<Vec<String>> {
    let code = match test_module_start(text) {
        Some(start) => &text[..start],
        None => text,
    };
    let code: String =
        code.lines().map(|line| line.split("//").next().unwrap_or_default()).collect::<Vec<_>>().join("\n");
    let mut paths = Vec::new();
    for statement in code.split(';') {
        let statement: String = statement.split_whitespace().collect::<Vec<_>>().join(" ");
        let Some(at) = statement.find("use ").filter(|&at| {
            let before = statement[..at].trim_end();
            before.is_empty() || before.ends_with(['{', '}', ']', ')']) || before.ends_with("pub")
        }) else {
            continue;
        };
        let tree = statement[at + 4..].replace(" as ", "#").replace(' ', "");
        for path in expand(&tree) {
            let path = path.split('#').next().unwrap_or_default().to_owned();
            paths.push(path.split("::").map(str::to_owned).filter(|part| !part.is_empty()).collect());
        }
    }
    paths
}

/// Where `#[cfg(test)] mod tests` begins, if the file has one.
fn test_module_start(text: &str) -> Option<usize> {
    text.match_indices("#[cfg(test)]").map(|(at, _)| at).find(|&at| {
        let after = text[at + "#[cfg(test)]".len()..].trim_start();
        let after = after.strip_prefix("pub(crate) ").unwrap_or(after);
        after.starts_with("mod tests")
    })
}

/// `a::{b,c::{d,e}}` as `a::b`, `a::c::d`, `a::c::e`.
fn expand(tree: &str) -> Vec<String> {
    let Some(open) = tree.find('{') else { return vec![tree.to_owned()] };
    let prefix = &tree[..open];
    let inner = tree[open + 1..].strip_suffix('}').unwrap_or(&tree[open + 1..]);
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|part| !part.is_empty())
        .flat_map(|part| {
            if part == "self" {
                vec![prefix.trim_end_matches("::").to_owned()]
            } else {
                expand(&format!("{prefix}{part}"))
            }
        })
        .collect()
}

/// Tarjan's strongly connected components.
fn strongly_connected<'a>(graph: &BTreeMap<&'a Module, BTreeSet<&'a Module>>) -> Vec<Vec<Module>> {
    struct Walk<'a, 'g> {
        graph: &'g BTreeMap<&'a Module, BTreeSet<&'a Module>>,
        index: BTreeMap<&'a Module, usize>,
        low: BTreeMap<&'a Module, usize>,
        stack: Vec<&'a Module>,
        groups: Vec<Vec<Module>>,
    }
    impl<'a> Walk<'a, '_> {
        fn visit(&mut self, node: &'a Module) {
            let number = self.index.len();
            self.index.insert(node, number);
            self.low.insert(node, number);
            self.stack.push(node);
            for &next in &self.graph[node] {
                if !self.index.contains_key(next) {
                    self.visit(next);
                    let low = self.low[node].min(self.low[next]);
                    self.low.insert(node, low);
                } else if self.stack.contains(&next) {
                    let low = self.low[node].min(self.index[next]);
                    self.low.insert(node, low);
                }
            }
            if self.low[node] == self.index[node] {
                let mut group = Vec::new();
                while let Some(member) = self.stack.pop() {
                    group.push(member.clone());
                    if member == node {
                        break;
                    }
                }
                group.sort();
                self.groups.push(group);
            }
        }
    }
    let mut walk =
        Walk { graph, index: BTreeMap::new(), low: BTreeMap::new(), stack: Vec::new(), groups: Vec::new() };
    for &node in graph.keys() {
        if !walk.index.contains_key(node) {
            walk.visit(node);
        }
    }
    walk.groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[(&str, &str)]) -> BTreeMap<Module, String> {
        files
            .iter()
            .map(|(path, text)| (("src".to_owned(), module_path(Path::new(path))), (*text).to_owned()))
            .collect()
    }

    fn names(cycles: Vec<Vec<Module>>) -> Vec<Vec<String>> {
        cycles.into_iter().map(|group| group.into_iter().map(|(_, path)| path.join("::")).collect()).collect()
    }

    #[test]
    fn groups_expand_and_aliases_and_self_resolve() {
        let paths = imports("use crate::a::{b, c::{d as e, self}};\npub(crate) use super::f;\nuse std::fmt;");
        let text: Vec<String> = paths.iter().map(|p| p.join("::")).collect();
        assert_eq!(text, ["crate::a::b", "crate::a::c::d", "crate::a::c", "super::f", "std::fmt"]);
    }

    #[test]
    fn siblings_that_need_each_other_are_a_cycle_and_a_parent_and_its_child_are_not() {
        let files = tree(&[
            ("lib.rs", "mod a; mod b;"),
            ("a/mod.rs", "pub use self::x::Thing; use super::b::B;"),
            ("a/x.rs", "use super::Parent;"),
            ("b.rs", "use crate::a::Thing;"),
        ]);
        assert_eq!(names(cycles(&files)), [vec!["a", "b"]]);
        let fixed = tree(&[
            ("lib.rs", ""),
            ("a/mod.rs", "pub use self::x::Thing;"),
            ("a/x.rs", "use super::Parent;"),
            ("b.rs", "use crate::a::x::Thing;"),
        ]);
        assert!(cycles(&fixed).is_empty());
    }

    #[test]
    fn a_loop_through_three_files_is_found_and_test_modules_do_not_count() {
        let files = tree(&[
            ("lib.rs", ""),
            ("a.rs", "use crate::b::B;"),
            ("b.rs", "use crate::c::C;"),
            ("c.rs", "use crate::a::A;"),
            ("d.rs", "pub fn f() {}\n#[cfg(test)]\nmod tests { use crate::a::A; }"),
            ("e.rs", "use crate::d::f;"),
        ]);
        assert_eq!(names(cycles(&files)), [vec!["a", "b", "c"]]);
    }
}
