//! The dependency graph between sibling modules, at every level of a crate, and its cycles.
//!
//! Module `a` depends on its sibling `b` when code in `a` (or below it) names a path through `b`
//! (`crate::…::b::…`, `super::b::…`, `use super::{b, …}`). Names of items that are not modules
//! (re-exports included) make no edge.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::modules::{ModulePath, Scan};

/// parent module → (child → the siblings it depends on).
type Levels = BTreeMap<ModulePath, BTreeMap<String, BTreeSet<String>>>;

fn levels(scan: &Scan) -> Levels {
    let mut out = Levels::new();
    for (from, named) in &scan.references {
        let common = from.iter().zip(named).take_while(|(a, b)| a == b).count();
        if common >= from.len() || common >= named.len() {
            continue;
        }
        let target = named[..=common].to_vec();
        if !scan.modules.contains(&target) {
            continue;
        }
        out.entry(from[..common].to_vec())
            .or_default()
            .entry(from[common].clone())
            .or_default()
            .insert(named[common].clone());
    }
    out
}

/// One line per group of mutually dependent siblings: its shortest cycle from its first member
/// (`crate::contracts: derive -> document -> derive`), then every member when there are more.
pub(crate) fn cycles(scan: &Scan) -> Vec<String> {
    let mut out = Vec::new();
    for (parent, edges) in levels(scan) {
        let place = std::iter::once("crate")
            .chain(parent.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join("::");
        for component in components(&edges) {
            let Some(start) = component.iter().next() else {
                continue;
            };
            let cycle = shortest_cycle(&edges, &component, start);
            let mut line = format!("{place}: {}", cycle.join(" -> "));
            if component.len() + 1 > cycle.len() {
                let members: Vec<&str> = component.iter().map(String::as_str).collect();
                line.push_str(&format!(" (one loop of: {})", members.join(", ")));
            }
            out.push(line);
        }
    }
    out
}

/// The strongly connected components with more than one member (Kosaraju).
fn components(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<BTreeSet<String>> {
    let nodes: BTreeSet<&String> = edges.keys().chain(edges.values().flatten()).collect();
    let mut order = Vec::new();
    let mut seen = BTreeSet::new();
    for &node in &nodes {
        post_order(edges, node, &mut seen, &mut order);
    }
    let mut reverse: BTreeMap<&String, Vec<&String>> = BTreeMap::new();
    for (from, tos) in edges {
        for to in tos {
            reverse.entry(to).or_default().push(from);
        }
    }
    let mut assigned = BTreeSet::new();
    let mut out = Vec::new();
    for node in order.into_iter().rev() {
        if assigned.contains(node) {
            continue;
        }
        let mut component = BTreeSet::new();
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            if assigned.insert(n) {
                component.insert(n.clone());
                stack.extend(reverse.get(n).into_iter().flatten().copied());
            }
        }
        if component.len() > 1 {
            out.push(component);
        }
    }
    out
}

fn post_order<'a>(
    edges: &'a BTreeMap<String, BTreeSet<String>>,
    node: &'a String,
    seen: &mut BTreeSet<&'a String>,
    order: &mut Vec<&'a String>,
) {
    if !seen.insert(node) {
        return;
    }
    for next in edges.get(node).into_iter().flatten() {
        post_order(edges, next, seen, order);
    }
    order.push(node);
}

/// The shortest path from `start` back to itself inside `component`, `start` at both ends.
fn shortest_cycle(
    edges: &BTreeMap<String, BTreeSet<String>>,
    component: &BTreeSet<String>,
    start: &String,
) -> Vec<String> {
    let mut previous: BTreeMap<&String, &String> = BTreeMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for next in edges.get(node).into_iter().flatten() {
            if !component.contains(next) {
                continue;
            }
            if next == start {
                let mut path = vec![node.clone()];
                let mut at = node;
                while at != start {
                    let Some(&p) = previous.get(at) else { break };
                    path.push(p.clone());
                    at = p;
                }
                path.reverse();
                path.push(start.clone());
                return path;
            }
            if !previous.contains_key(next) && next != start {
                previous.insert(next, node);
                queue.push_back(next);
            }
        }
    }
    vec![start.clone()]
}
