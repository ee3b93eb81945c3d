//! The index: every document's facts by path, the keys citations resolve
//! to, and which documents mention which entity. Pure data, no I/O.
//! Invariant: `keys` and `by_entity` always agree with `docs`.

pub mod bibliography;
mod hashing;
mod path_order;

use rayon::prelude::*;
use std::borrow::Borrow;
use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

pub use hashing::{FastMap, FastSet};
pub use path_order::path_order;

use crate::document::{Citation, CitationKind, DocKind};
use crate::extract::DocFacts;
use crate::facts::EntityId;

/// Where a citation leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    Doc(PathBuf),
    Unresolved,
    /// The link points outside every workspace folder: refused.
    OutsideWorkspace,
}

/// Extensions a link written without one may stand for.
const LINK_EXTENSIONS: [&str; 3] = ["md", "markdown", "txt"];

/// The path a relative link written in `from` names, normalized; None for
/// absolute paths, URIs and home-relative paths (never followed).
fn joined_link(from: &Path, target: &str) -> Option<PathBuf> {
    let decoded = target.replace("%20", " ");
    let target_path = Path::new(&decoded);
    if target_path.is_absolute() || decoded.contains("://") || decoded.starts_with("file:") || decoded.starts_with('~') {
        return None;
    }
    let base = from.parent().unwrap_or(Path::new(""));
    Some(normalize(&base.join(target_path)))
}

/// `Resolution`, borrowing the document found.
enum Target<'a> {
    Doc(&'a Arc<DocFacts>),
    Unresolved,
    OutsideWorkspace,
}

/// A document of the index, ordered by its path, so the set of them is
/// looked up by `&Path` without a second copy of every path as a key (and
/// by a `ByPath` where one is at hand: `path_order` is faster than
/// `Path::cmp`, and orders the same).
#[derive(Debug, Clone)]
struct ByPath(Arc<DocFacts>);

impl Borrow<Path> for ByPath {
    fn borrow(&self) -> &Path {
        &self.0.path
    }
}

impl PartialEq for ByPath {
    fn eq(&self, other: &ByPath) -> bool {
        self.0.path == other.0.path
    }
}

impl Eq for ByPath {}

impl PartialOrd for ByPath {
    fn partial_cmp(&self, other: &ByPath) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ByPath {
    fn cmp(&self, other: &ByPath) -> Ordering {
        path_order(&self.0.path, &other.0.path)
    }
}

/// The documents of the index refer to their facts (`Arc`s, a pointer
/// each), never to copies of their paths: at 100,000 documents the copies
/// cost more than the index's own structure.
#[derive(Debug, Default, Clone)]
pub struct Index {
    docs: BTreeSet<ByPath>,
    /// Document ids and front-matter aliases → documents (several when an
    /// id is duplicated), in insertion order.
    keys: FastMap<Box<str>, Box<[Arc<DocFacts>]>>,
    /// Documents per entity, sorted by path (a Vec: documents arrive in
    /// path order on load, so most inserts are pushes).
    by_entity: FastMap<EntityId, Vec<Arc<DocFacts>>>,
    /// Keys from bibliographies → paths (shared by the copies `empty_like`
    /// makes: it only changes with the configuration).
    bibliography: Arc<HashMap<String, PathBuf>>,
    roots: Vec<PathBuf>,
}

impl Index {
    pub fn new(roots: Vec<PathBuf>) -> Index {
        Index { roots: roots.iter().map(|r| normalize(r)).collect(), ..Index::default() }
    }

    pub fn roots(&self) -> &[PathBuf] {
        &self.roots
    }

    pub fn set_bibliography(&mut self, entries: HashMap<String, PathBuf>) {
        self.bibliography = Arc::new(entries);
    }

    /// An index with the same roots and bibliography and no documents, in
    /// O(roots): `extend` it with `docs()` to copy this index without
    /// holding on to it while the copy is built.
    pub fn empty_like(&self) -> Index {
        Index { roots: self.roots.clone(), bibliography: self.bibliography.clone(), ..Index::default() }
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Makes room for `additional` more documents' keys, so that inserting
    /// them one by one never rehashes the whole key map at once.
    pub fn reserve(&mut self, additional: usize) {
        self.keys.reserve(additional);
    }

    /// Indexes many documents at once. Into an empty index, documents
    /// sorted by path (as `discover` lists them) are bulk-loaded without a
    /// search per document.
    pub fn extend(&mut self, docs: Vec<Arc<DocFacts>>) {
        let sorted = docs.par_windows(2).all(|w| path_order(&w[0].path, &w[1].path).is_lt());
        if !self.docs.is_empty() || !sorted {
            for facts in docs {
                self.insert(facts);
            }
            return;
        }
        // The three maps are independent: built side by side on the cores.
        let Index { docs: set, keys, by_entity, .. } = self;
        rayon::join(
            || {
                for facts in &docs {
                    for key in facts.meta.keys() {
                        add_key(keys, key, facts);
                    }
                }
            },
            || {
                rayon::join(
                    || {
                        let mut entities = Vec::new();
                        for facts in &docs {
                            entities_into(facts, &mut entities);
                            for &e in &entities {
                                by_entity.entry(e).or_default().push(facts.clone());
                            }
                        }
                        // Vectors grown by pushes keep up to half their room spare.
                        by_entity.values_mut().for_each(Vec::shrink_to_fit);
                    },
                    || *set = docs.iter().cloned().map(ByPath).collect(),
                )
            },
        );
    }

    /// Indexes `facts`, replacing and returning the document's previous facts.
    pub fn insert(&mut self, facts: Arc<DocFacts>) -> Option<Arc<DocFacts>> {
        // One search of the set, by `ByPath`'s faster order.
        let old = self.docs.replace(ByPath(facts.clone())).map(|ByPath(old)| old);
        if let Some(old) = &old {
            self.unlink(old);
        }
        for key in facts.meta.keys() {
            add_key(&mut self.keys, key, &facts);
        }
        for e in entities_of(&facts) {
            let docs = self.by_entity.entry(e).or_default();
            if docs.last().is_none_or(|last| path_order(&last.path, &facts.path).is_lt()) {
                docs.push(facts.clone());
            } else {
                match docs.binary_search_by(|d| path_order(&d.path, &facts.path)) {
                    Ok(i) => docs[i] = facts.clone(),
                    Err(i) => docs.insert(i, facts.clone()),
                }
            }
        }
        old
    }

    pub fn remove(&mut self, path: &Path) -> Option<Arc<DocFacts>> {
        let ByPath(old) = self.docs.take(path)?;
        self.unlink(&old);
        Some(old)
    }

    /// Forgets a document's keys and entities (its path leaves the set
    /// elsewhere).
    fn unlink(&mut self, old: &Arc<DocFacts>) {
        let path = old.path.as_path();
        for key in old.meta.keys() {
            if let Some(docs) = self.keys.get_mut(key) {
                let mut kept = std::mem::take(docs).into_vec();
                kept.retain(|d| d.path != path);
                *docs = kept.into_boxed_slice();
                if docs.is_empty() {
                    self.keys.remove(key);
                }
            }
        }
        for e in entities_of(old) {
            if let Some(docs) = self.by_entity.get_mut(&e) {
                if let Ok(i) = docs.binary_search_by(|d| path_order(&d.path, path)) {
                    docs.remove(i);
                }
            }
        }
    }

    pub fn get(&self, path: &Path) -> Option<&Arc<DocFacts>> {
        self.docs.get(path).map(|d| &d.0)
    }

    pub fn docs(&self) -> impl Iterator<Item = &Arc<DocFacts>> {
        self.docs.iter().map(|d| &d.0)
    }

    pub fn sources(&self) -> impl Iterator<Item = &Arc<DocFacts>> {
        self.docs().filter(|d| d.meta.kind == DocKind::Source)
    }

    pub fn notes(&self) -> impl Iterator<Item = &Arc<DocFacts>> {
        self.docs().filter(|d| d.meta.kind == DocKind::Note)
    }

    /// Documents that mention `entity` or state a figure about it.
    pub fn docs_about(&self, entity: EntityId) -> impl Iterator<Item = &Arc<DocFacts>> {
        self.by_entity.get(&entity).into_iter().flatten()
    }

    /// The document a key names: an id, an alias, or a bibliography entry.
    fn doc_with_key(&self, key: &str) -> Option<&Arc<DocFacts>> {
        match self.keys.get(key) {
            Some(docs) => docs.first(),
            None => self.bibliography.get(key).and_then(|p| self.get(p)),
        }
    }

    /// The documents whose id or alias is `key`, first the one citations
    /// take; empty when none has it.
    pub fn docs_with_key(&self, key: &str) -> &[Arc<DocFacts>] {
        self.keys.get(key).map_or(&[], |docs| docs)
    }

    /// Bibliography keys that name `path`.
    pub fn bibliography_keys_for<'a>(&'a self, path: &'a Path) -> impl Iterator<Item = &'a String> + 'a {
        self.bibliography.iter().filter(move |(_, p)| p.as_path() == path).map(|(k, _)| k)
    }

    /// Every path a link citation `target` written in `from` could resolve
    /// to, whether or not a document is there (see `link_target`).
    pub fn link_candidates(from: &Path, target: &str) -> Vec<PathBuf> {
        let Some(joined) = joined_link(from, target) else { return Vec::new() };
        let mut out: Vec<PathBuf> = LINK_EXTENSIONS.iter().map(|ext| joined.with_extension(ext)).collect();
        out.push(joined);
        out
    }

    /// All citable keys with their document, sorted.
    pub fn keys(&self) -> Vec<(&str, &Arc<DocFacts>)> {
        let mut keys: Vec<(&str, &Arc<DocFacts>)> = self
            .keys
            .iter()
            .filter_map(|(k, docs)| Some((&**k, docs.first()?)))
            .chain(self.bibliography.iter().filter_map(|(k, p)| Some((k.as_str(), self.get(p)?))))
            .collect();
        keys.sort_by(|a, b| a.0.cmp(b.0));
        keys.dedup_by(|a, b| a.0 == b.0);
        keys
    }

    pub fn resolve(&self, from: &Path, citation: &Citation) -> Resolution {
        match self.target(from, citation) {
            Target::Doc(doc) => Resolution::Doc(doc.path.clone()),
            Target::Unresolved => Resolution::Unresolved,
            Target::OutsideWorkspace => Resolution::OutsideWorkspace,
        }
    }

    /// The document a citation leads to, when `resolve` finds one, without
    /// copying its path.
    pub fn cited_doc(&self, from: &Path, citation: &Citation) -> Option<&Arc<DocFacts>> {
        match self.target(from, citation) {
            Target::Doc(doc) => Some(doc),
            _ => None,
        }
    }

    /// Where a citation leads: by key, by relative path, or (a wiki link)
    /// by key and else by path.
    fn target(&self, from: &Path, citation: &Citation) -> Target<'_> {
        let by_key = || self.doc_with_key(&citation.key).map_or(Target::Unresolved, Target::Doc);
        match citation.kind {
            CitationKind::Link => self.link_target(from, &citation.key),
            CitationKind::Wiki => match by_key() {
                Target::Unresolved if citation.key.contains('/') || citation.key.contains('.') => self.link_target(from, &citation.key),
                found => found,
            },
            _ => by_key(),
        }
    }

    /// A relative path from a document's folder. Absolute paths, URIs and
    /// paths that climb out of every workspace folder are refused without
    /// touching the disk.
    fn link_target(&self, from: &Path, target: &str) -> Target<'_> {
        let Some(joined) = joined_link(from, target) else { return Target::OutsideWorkspace };
        if !self.roots.is_empty() && !self.roots.iter().any(|r| within(r, &joined)) {
            return Target::OutsideWorkspace;
        }
        // `[[002_485b]]` style links without extension.
        let found = self.get(&joined).or_else(|| LINK_EXTENSIONS.iter().find_map(|ext| self.get(&joined.with_extension(ext))));
        found.map_or(Target::Unresolved, Target::Doc)
    }

    /// Documents citing `target`, with each citation.
    pub fn backlinks(&self, target: &Path) -> Vec<(&Arc<DocFacts>, &Citation)> {
        let mut out = Vec::new();
        for doc in self.docs() {
            for c in doc.citations() {
                if self.resolve(&doc.path, c) == Resolution::Doc(target.to_path_buf()) {
                    out.push((doc, c));
                }
            }
        }
        out
    }
}

/// Adds a document to those with a key. A key is almost always one
/// document's: a boxed slice of one is one pointer, where a vector
/// pushed to would hold room for four.
fn add_key(keys: &mut FastMap<Box<str>, Box<[Arc<DocFacts>]>>, key: &str, facts: &Arc<DocFacts>) {
    let docs = keys.entry(key.into()).or_default();
    let mut grown = std::mem::take(docs).into_vec();
    grown.push(facts.clone());
    *docs = grown.into_boxed_slice();
}

/// The entities a document mentions or states a figure about, sorted,
/// each once.
fn entities_of(facts: &DocFacts) -> Vec<EntityId> {
    let mut entities = Vec::new();
    entities_into(facts, &mut entities);
    entities
}

/// `entities_of`, into a buffer used again for every document of a bulk
/// load (a set per document allocated a node for every eleven entities).
fn entities_into(facts: &DocFacts, entities: &mut Vec<EntityId>) {
    entities.clear();
    entities.extend(facts.mentions.iter().map(|m| m.entity).chain(facts.figures.iter().map(|f| f.subject)));
    entities.sort_unstable();
    entities.dedup();
}

/// Whether the normalized `path` is lexically inside the normalized `root`.
/// Not just `starts_with`: with a relative root (`.` normalizes to an empty
/// path, which every path starts with), `../etc/passwd` climbs out.
pub fn within(root: &Path, path: &Path) -> bool {
    root.is_absolute() == path.is_absolute() && path.strip_prefix(root).is_ok_and(|rest| !rest.components().any(|c| c == Component::ParentDir))
}

/// Lexically resolves `.` and `..`; leading `..` that climb above a
/// relative path stay, so confinement checks see them.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                let climbs_already = out.components().next_back().is_some_and(|c| c == Component::ParentDir);
                if climbs_already || (!out.pop() && !out.has_root()) {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{normalize, within};
    use std::path::{Path, PathBuf};

    #[test]
    fn within_refuses_climbs_out_of_relative_roots() {
        let root = normalize(Path::new("."));
        assert!(within(&root, &normalize(Path::new("./notes/a.md"))));
        assert!(!within(&root, &normalize(Path::new("./notes/../../etc/passwd"))), "`.` is an empty path");
        assert!(within(Path::new(".."), Path::new("../ws/a.md")));
        assert!(!within(Path::new(".."), Path::new("../../etc")));
        assert!(within(Path::new("/ws"), Path::new("/ws/a.md")));
        assert!(!within(Path::new("/ws"), Path::new("/wsx/a.md")));
        assert!(!within(Path::new("/ws"), Path::new("/etc/passwd")));
        assert!(!within(&root, Path::new("/etc/passwd")), "an absolute path is not inside a relative root");
    }

    #[test]
    fn normalize_resolves_dots_and_keeps_climbs() {
        assert_eq!(normalize("refs/../seeds/./a.txt".as_ref()), PathBuf::from("seeds/a.txt"));
        assert_eq!(normalize("notes/../../etc/passwd".as_ref()), PathBuf::from("../etc/passwd"));
        assert_eq!(normalize("../../x".as_ref()), PathBuf::from("../../x"));
        assert_eq!(normalize("/ws/notes/../../../etc".as_ref()), PathBuf::from("/etc"));
    }
}
