//! Incremental analysis: results kept per part (a document's own checks, a
//! note's checks, a figure group, a partnership pair) with reverse maps, so
//! a change recomputes only the parts it touches, before and after.
//! Invariant: after `update`, the diagnostics and stats equal those of a
//! full analysis of the same index.

use rayon::prelude::*;
use std::collections::BTreeSet;
use std::hash::Hash;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::compare::FigureKey;
use super::{document_checks, figure_conflicts, notes, partnership_conflicts};
use super::{Analysis, Context, Diagnostic, EntityStats, Pair, Settings, UpdateWork};
use crate::document::{CitationKind, DocKind};
use crate::extract::DocFacts;
use crate::facts::EntityId;
use crate::index::{path_order, FastMap, FastSet, Index};
use crate::knowledge::Knowledge;

/// The diagnostics one figure group or pair puts on each path, and what it
/// adds to each entity's stats.
#[derive(Debug, Default, Clone)]
pub(crate) struct GroupResult {
    pub diagnostics: FastMap<PathBuf, Vec<Diagnostic>>,
    pub stats: Vec<(EntityId, EntityStats)>,
}

impl GroupResult {
    pub fn push(&mut self, d: Diagnostic) {
        self.diagnostics.entry(d.path.clone()).or_default().push(d);
    }
}

#[derive(Debug, Default, Clone)]
pub(crate) struct Parts {
    /// False until the first full run, and after `invalidate`.
    complete: bool,
    doc_checks: FastMap<PathBuf, Vec<Diagnostic>>,
    note_checks: FastMap<PathBuf, Vec<Diagnostic>>,
    figure_results: FastMap<FigureKey, GroupResult>,
    pair_results: FastMap<Pair, GroupResult>,
    /// Sources stating a figure of each key / a partnership of each pair,
    /// sorted by path. (The reverse, a source's keys and pairs, is read off
    /// its facts in the index: a map of them cost a tree node per source.)
    figure_groups: FastMap<FigureKey, Vec<Arc<DocFacts>>>,
    pair_groups: FastMap<Pair, Vec<Arc<DocFacts>>>,
    /// Notes stating a figure of a key / a partnership of a pair (their
    /// uncited claims are checked against the whole group).
    notes_by_key: FastMap<FigureKey, Paths>,
    notes_by_pair: FastMap<Pair, Paths>,
    /// Documents citing a key, and documents whose link citations could
    /// land on a path.
    citers_by_key: FastMap<String, Paths>,
    citers_by_target: FastMap<PathBuf, Paths>,
    /// How many group results contribute to each entity's stats.
    stat_refs: FastMap<EntityId, usize>,
    dirty_docs: BTreeSet<PathBuf>,
    dirty_keys: BTreeSet<FigureKey>,
    dirty_pairs: BTreeSet<Pair>,
    pub last_work: UpdateWork,
}

/// A sorted set of paths: most hold one or two, and a `BTreeSet`
/// allocates a node for eleven.
type Paths = Vec<PathBuf>;

/// How a document's claims change the membership maps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Edit {
    /// Added by a full run, which visits the documents in path order: each
    /// goes to the end of its lists, with no comparison but for equality
    /// (a document citing one key twice is listed once).
    Append,
    Add,
    Remove,
}

fn edit_set<K: Hash + Eq>(map: &mut FastMap<K, Paths>, key: K, path: &Path, edit: Edit) {
    match edit {
        Edit::Append => {
            let set = map.entry(key).or_default();
            if set.last().is_none_or(|last| last.as_os_str() != path.as_os_str()) {
                set.push(path.to_path_buf());
            }
        }
        Edit::Add => {
            let set = map.entry(key).or_default();
            if set.last().is_none_or(|last| last.as_path() < path) {
                set.push(path.to_path_buf());
            } else if let Err(i) = set.binary_search_by(|p| p.as_path().cmp(path)) {
                set.insert(i, path.to_path_buf());
            }
        }
        Edit::Remove => {
            if let Some(set) = map.get_mut(&key) {
                if let Ok(i) = set.binary_search_by(|p| p.as_path().cmp(path)) {
                    set.remove(i);
                }
                if set.is_empty() {
                    map.remove(&key);
                }
            }
        }
    }
}

/// Drops the room pushes left in a map's lists (kept as long as the
/// analysis).
fn shrink_lists<K, T>(map: &mut FastMap<K, Vec<T>>) {
    map.values_mut().for_each(Vec::shrink_to_fit);
}

/// Adds `doc` to (or removes its path from) a path-sorted member list.
fn edit_members<K: Hash + Eq>(map: &mut FastMap<K, Vec<Arc<DocFacts>>>, key: K, doc: &Arc<DocFacts>, edit: Edit) {
    let members = map.entry(key).or_default();
    let add = edit != Edit::Remove;
    if edit == Edit::Append || (add && members.last().is_none_or(|last| path_order(&last.path, &doc.path).is_lt())) {
        members.push(doc.clone());
        return;
    }
    match members.binary_search_by(|m| path_order(&m.path, &doc.path)) {
        Ok(i) if add => members[i] = doc.clone(),
        Ok(i) => {
            members.remove(i);
        }
        Err(i) if add => members.insert(i, doc.clone()),
        Err(_) => {}
    }
}

/// Adds (or removes) the citations of `doc` to (from) the citers maps.
fn register_citations(citers_by_key: &mut FastMap<String, Paths>, citers_by_target: &mut FastMap<PathBuf, Paths>, doc: &DocFacts, edit: Edit) {
    let path = doc.path.as_path();
    for c in doc.citations() {
        edit_set(citers_by_key, c.key.clone(), path, edit);
        // Only links, and wiki links that look like paths, resolve by path.
        let by_path = match c.kind {
            CitationKind::Link => true,
            CitationKind::Wiki => c.key.contains('/') || c.key.contains('.'),
            _ => false,
        };
        for target in if by_path { Index::link_candidates(path, &c.key) } else { Vec::new() } {
            edit_set(citers_by_target, target, path, edit);
        }
    }
}

/// The figure keys a document states, sorted.
fn figure_keys(doc: &DocFacts) -> Vec<FigureKey> {
    sorted_unique(doc.figures.iter().filter_map(FigureKey::of).collect())
}

/// The partnership pairs a document states, sorted.
fn pairs_of(doc: &DocFacts) -> Vec<Pair> {
    sorted_unique(doc.partnerships.iter().map(|p| p.pair()).collect())
}

/// A document's few claims, sorted, each once (a vector: a `BTreeSet`
/// allocates a node per document).
fn sorted_unique<K: Ord>(mut keys: Vec<K>) -> Vec<K> {
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Adds (or removes) the claims of `doc` of one kind (figure keys or
/// partnership pairs, as `claims` lists them) to (from) a source's groups,
/// or a note's map.
fn register_claims<K: Hash + Eq + Ord + Clone>(
    groups: &mut FastMap<K, Vec<Arc<DocFacts>>>,
    of_notes: &mut FastMap<K, Paths>,
    doc: &Arc<DocFacts>,
    edit: Edit,
    claims: impl Fn(&DocFacts) -> Vec<K>,
) {
    let path = doc.path.as_path();
    let keys = claims(doc);
    match doc.meta.kind {
        DocKind::Source => {
            for key in keys {
                // Only a removal can leave a group empty: the others skip
                // a second look-up of every key.
                if edit != Edit::Remove {
                    edit_members(groups, key, doc, edit);
                    continue;
                }
                edit_members(groups, key.clone(), doc, edit);
                if groups.get(&key).is_some_and(Vec::is_empty) {
                    groups.remove(&key);
                }
            }
        }
        DocKind::Note => {
            for key in keys {
                edit_set(of_notes, key, path, edit);
            }
        }
    }
}

impl Parts {
    pub fn invalidate(&mut self) {
        self.complete = false;
    }

    pub fn is_complete(&self) -> bool {
        self.complete
    }

    /// Adds (or removes) a document to (from) the membership maps.
    fn register(&mut self, doc: &Arc<DocFacts>, edit: Edit) {
        register_citations(&mut self.citers_by_key, &mut self.citers_by_target, doc, edit);
        register_claims(&mut self.figure_groups, &mut self.notes_by_key, doc, edit, figure_keys);
        register_claims(&mut self.pair_groups, &mut self.notes_by_pair, doc, edit, pairs_of);
    }

    /// Marks dirty every part whose result may depend on `doc`.
    fn touch(&mut self, index: &Index, doc: &DocFacts) {
        let path = doc.path.as_path();
        self.dirty_docs.insert(path.to_path_buf());
        if doc.meta.kind == DocKind::Source {
            self.dirty_keys.extend(doc.figures.iter().filter_map(FigureKey::of));
            self.dirty_pairs.extend(doc.partnerships.iter().map(|p| p.pair()));
        }
        let mut keys: Vec<&str> = doc.meta.keys().collect();
        keys.extend(index.bibliography_keys_for(path).map(String::as_str));
        for key in keys {
            // Citations of the key, and documents sharing it (duplicate ids).
            self.dirty_docs.extend(self.citers_by_key.get(key).into_iter().flatten().cloned());
            self.dirty_docs.extend(index.docs_with_key(key).iter().map(|d| d.path.clone()));
        }
        self.dirty_docs.extend(self.citers_by_target.get(path).into_iter().flatten().cloned());
    }

    pub fn doc_changed(&mut self, index: &Index, old: Option<&Arc<DocFacts>>, new: Option<&Arc<DocFacts>>) {
        if !self.complete {
            return;
        }
        if let Some(old) = old {
            self.register(old, Edit::Remove);
            self.touch(index, old);
        }
        if let Some(new) = new {
            self.register(new, Edit::Add);
            self.touch(index, new);
        }
    }

    /// Starts over: every document, group and pair is dirty. The membership
    /// maps are filled by three passes over the documents, side by side on
    /// the cores (each map, as with `register`, in path order).
    fn reset(&mut self, index: &Index) {
        *self = Parts::default();
        let Parts { citers_by_key, citers_by_target, figure_groups, notes_by_key, pair_groups, notes_by_pair, .. } = self;
        rayon::join(
            || {
                for doc in index.docs() {
                    register_claims(figure_groups, notes_by_key, doc, Edit::Append, figure_keys);
                }
            },
            || {
                rayon::join(
                    || {
                        for doc in index.docs() {
                            register_claims(pair_groups, notes_by_pair, doc, Edit::Append, pairs_of);
                        }
                    },
                    || {
                        for doc in index.docs() {
                            register_citations(citers_by_key, citers_by_target, doc, Edit::Append);
                        }
                    },
                )
            },
        );
        shrink_lists(&mut self.notes_by_key);
        shrink_lists(&mut self.notes_by_pair);
        shrink_lists(&mut self.citers_by_key);
        shrink_lists(&mut self.citers_by_target);
        shrink_lists(&mut self.figure_groups);
        shrink_lists(&mut self.pair_groups);
        self.dirty_keys = self.figure_groups.keys().cloned().collect();
        self.dirty_pairs = self.pair_groups.keys().copied().collect();
        self.complete = true;
    }
}

fn apply_stats(stats: &mut FastMap<EntityId, EntityStats>, refs: &mut FastMap<EntityId, usize>, result: &GroupResult, add: bool) {
    for (entity, s) in &result.stats {
        let entry = stats.entry(*entity).or_default();
        let count = refs.entry(*entity).or_default();
        if add {
            entry.agreements += s.agreements;
            entry.conflicts += s.conflicts;
            *count += 1;
        } else {
            entry.agreements -= s.agreements;
            entry.conflicts -= s.conflicts;
            *count -= 1;
            if *count == 0 {
                stats.remove(entity);
                refs.remove(entity);
            }
        }
    }
}

pub(crate) fn update(analysis: &mut Analysis, index: &Index, knowledge: &Knowledge, settings: &Settings) {
    let full = !analysis.parts.complete;
    if full {
        analysis.parts.reset(index);
        analysis.diagnostics.clear();
        analysis.stats.clear();
    }
    let parts = &mut analysis.parts;
    let dirty_docs = std::mem::take(&mut parts.dirty_docs);
    let dirty_keys = std::mem::take(&mut parts.dirty_keys);
    let dirty_pairs = std::mem::take(&mut parts.dirty_pairs);
    let Parts { doc_checks, note_checks, figure_results, pair_results, figure_groups, pair_groups, notes_by_key, notes_by_pair, stat_refs, last_work, .. } =
        parts;
    let ctx = Context { index, knowledge, settings, figure_groups, pair_groups };
    // A full run walks the index in path order; an incremental one, the
    // dirty sets.
    let mut assemble: BTreeSet<PathBuf> = dirty_docs.clone();
    let mut dirty_notes: BTreeSet<PathBuf> = dirty_docs.clone();
    let keys: Vec<&FigureKey> = dirty_keys.iter().collect();
    let results: Vec<GroupResult> = keys.par_iter().map(|key| figure_conflicts::check_group(&ctx, key)).collect();
    for (key, result) in keys.into_iter().zip(results) {
        if let Some(old) = figure_results.remove(key) {
            apply_stats(&mut analysis.stats, stat_refs, &old, false);
            assemble.extend(old.diagnostics.into_keys());
        }
        if ctx.figure_groups.contains_key(key) {
            apply_stats(&mut analysis.stats, stat_refs, &result, true);
            figure_results.insert(key.clone(), result);
        }
        // A full run assembles every path and checks every note.
        if !full {
            assemble.extend(figure_results.get(key).into_iter().flat_map(|r| r.diagnostics.keys().cloned()));
            dirty_notes.extend(notes_by_key.get(key).into_iter().flatten().cloned());
        }
    }
    let pairs: Vec<Pair> = dirty_pairs.iter().copied().collect();
    let results: Vec<GroupResult> = pairs.par_iter().map(|pair| partnership_conflicts::check_pair(&ctx, *pair)).collect();
    for (pair, result) in pairs.into_iter().zip(results) {
        if let Some(old) = pair_results.remove(&pair) {
            apply_stats(&mut analysis.stats, stat_refs, &old, false);
            assemble.extend(old.diagnostics.into_keys());
        }
        if ctx.pair_groups.contains_key(&pair) {
            apply_stats(&mut analysis.stats, stat_refs, &result, true);
            pair_results.insert(pair, result);
        }
        // A full run assembles every path and checks every note.
        if !full {
            assemble.extend(pair_results.get(&pair).into_iter().flat_map(|r| r.diagnostics.keys().cloned()));
            dirty_notes.extend(notes_by_pair.get(&pair).into_iter().flatten().cloned());
        }
    }

    let docs: Vec<(&Path, Option<&Arc<DocFacts>>)> =
        if full { index.docs().map(|d| (d.path.as_path(), Some(d))).collect() } else { dirty_docs.iter().map(|p| (p.as_path(), index.get(p))).collect() };
    let checked: Vec<Vec<Diagnostic>> = docs.par_iter().map(|(_, doc)| doc.map(|doc| document_checks(&ctx, doc)).unwrap_or_default()).collect();
    for ((path, _), list) in docs.iter().zip(checked) {
        if !list.is_empty() {
            doc_checks.insert(path.to_path_buf(), list);
        } else if !full {
            doc_checks.remove(*path);
        }
    }
    let note_docs: Vec<(&Path, Option<&Arc<DocFacts>>)> = if full {
        index.notes().map(|d| (d.path.as_path(), Some(d))).collect()
    } else {
        dirty_notes.iter().map(|p| (p.as_path(), index.get(p).filter(|d| d.meta.kind == DocKind::Note))).collect()
    };
    let checked: Vec<Vec<Diagnostic>> = note_docs.par_iter().map(|(_, note)| note.map(|note| notes::check(&ctx, note)).unwrap_or_default()).collect();
    for ((path, _), list) in note_docs.iter().zip(checked) {
        if !list.is_empty() {
            note_checks.insert(path.to_path_buf(), list);
        } else if !full {
            note_checks.remove(*path);
        }
        if !full {
            assemble.insert(path.to_path_buf());
        }
    }

    *last_work = if full {
        UpdateWork { full, documents: docs.len(), notes: note_docs.len(), figure_groups: dirty_keys.len(), pairs: dirty_pairs.len() }
    } else {
        UpdateWork { full, documents: dirty_docs.len(), notes: dirty_notes.len(), figure_groups: dirty_keys.len(), pairs: dirty_pairs.len() }
    };

    // Each path's list in the order a single pass would push them: its own
    // checks, figure groups by key, pairs, then note checks.
    // With their facts in the index, whose figure keys and pairs are the
    // source's groups (the membership maps mirror them). A full run looks
    // up groups only for the few paths some group put diagnostics on.
    let targets: Vec<(&Path, Option<&Arc<DocFacts>>)> = if full { docs } else { assemble.iter().map(|p| (p.as_path(), index.get(p))).collect() };
    let in_groups: Option<FastSet<&Path>> =
        full.then(|| figure_results.values().chain(pair_results.values()).flat_map(|r| r.diagnostics.keys()).map(PathBuf::as_path).collect());
    let lists: Vec<Vec<Diagnostic>> = targets
        .par_iter()
        .map(|&(path, doc)| {
            let mut list: Vec<Diagnostic> = doc_checks.get(path).cloned().unwrap_or_default();
            let source = doc.filter(|d| d.meta.kind == DocKind::Source && in_groups.as_ref().is_none_or(|paths| paths.contains(path)));
            if let Some(source) = source {
                for key in figure_keys(source) {
                    list.extend(figure_results.get(&key).and_then(|r| r.diagnostics.get(path)).into_iter().flatten().cloned());
                }
                for pair in pairs_of(source) {
                    list.extend(pair_results.get(&pair).and_then(|r| r.diagnostics.get(path)).into_iter().flatten().cloned());
                }
            }
            list.extend(note_checks.get(path).into_iter().flatten().cloned());
            list.sort_by_key(|d| (d.range.start, d.code));
            list.dedup();
            list
        })
        .collect();
    if full {
        // Sorted input: a bulk build, no comparisons to speak of.
        analysis.diagnostics = targets.into_iter().zip(lists).filter(|(_, l)| !l.is_empty()).map(|((p, _), l)| (p.to_path_buf(), l)).collect();
        return;
    }
    for ((path, _), list) in targets.into_iter().zip(lists) {
        if list.is_empty() {
            analysis.diagnostics.remove(path);
        } else {
            analysis.diagnostics.insert(path.to_path_buf(), list);
        }
    }
}
