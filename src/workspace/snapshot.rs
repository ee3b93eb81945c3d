//! The full analysis without holding the workspace. `Workspace::analysis_job`
//! shares what a full analysis reads: the index (an `Arc`: the workspace
//! copies it only if it changes it while the job runs, so at 100,000
//! documents no second index exists in the common case), the knowledge and
//! the settings. `analysis_job_with` adds documents the workspace does not
//! hold yet (a bulk load: the facts of a warm start, which then reach the
//! index with their analysis, in one install); `AnalysisJob::run` then
//! builds an index with them (in bulk, as the CLI does). It analyses the
//! index anywhere (a blocking thread, while the language server
//! keeps answering from the workspace). `Workspace::install_analysis` makes
//! the job's index and analysis the workspace's, replays every document
//! that changed in the workspace since the job was taken (inserted into or
//! removed from the adopted index, through the analysis' incremental
//! `doc_changed`), and brings the analysis up to date incrementally.
//!
//! Invariants: after a successful install, the index is the workspace's
//! index as it is now, plus the job's added documents whose paths the
//! workspace neither held when the job was taken nor changed since (what
//! the workspace holds wins: open buffers, files changed on disk); and the
//! analysis equals a full analysis of that index (the journal holds every
//! path inserted or removed since the job was taken). A job is installed
//! only into the workspace that made it, and only if it is the latest job
//! taken there and neither the settings nor the whole index changed since;
//! else `install_analysis` refuses it and leaves the index and the analysis
//! as they were.

use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::Workspace;
use crate::analysis::{analyze, Analysis, Settings};
use crate::extract::{DocFacts, Extractor};
use crate::index::{path_order, Index};

/// Job ids are unique in the process, so a job can never be installed into
/// a workspace that replaced the one that made it.
static NEXT_JOB: AtomicU64 = AtomicU64::new(1);

/// The paths inserted or removed since job `job` was taken.
#[derive(Debug)]
pub(super) struct Journal {
    job: u64,
    paths: BTreeSet<PathBuf>,
}

impl Journal {
    pub(super) fn record(&mut self, path: &std::path::Path) {
        if !self.paths.contains(path) {
            self.paths.insert(path.to_path_buf());
        }
    }
}

/// What a full analysis reads, detached from the workspace.
pub struct AnalysisJob {
    id: u64,
    /// The workspace's index when the job was taken, shared: analysed as
    /// it is when nothing is added (no copy of it exists meanwhile unless
    /// the workspace changes it), else rebuilt with the added documents.
    index: Arc<Index>,
    /// Documents to add where `docs` has none of the same path (sorted by
    /// `run` if they are not).
    added: Vec<Arc<DocFacts>>,
    extractor: Arc<Extractor>,
    settings: Settings,
}

impl AnalysisJob {
    /// The documents of the workspace when the job was taken, without those added.
    pub fn documents(&self) -> usize {
        self.index.len()
    }

    /// Builds the index and analyses it from scratch: the expensive part,
    /// which needs no access to the workspace.
    pub fn run(self) -> AnalysisRun {
        let AnalysisJob { id, index, added, extractor, settings } = self;
        let base = if added.is_empty() {
            index
        } else {
            let mut base = index.empty_like();
            base.extend(merge_by_path(index.docs().cloned().collect(), added));
            Arc::new(base)
        };
        let analysis = analyze(&base, extractor.knowledge(), &settings);
        AnalysisRun { id, index: base, analysis }
    }
}

/// The documents of `first` (sorted by path), and those of `second` whose
/// path `first` does not hold (the last of each path), sorted by path: what
/// `Index::extend` loads in bulk.
fn merge_by_path(first: Vec<Arc<DocFacts>>, mut second: Vec<Arc<DocFacts>>) -> Vec<Arc<DocFacts>> {
    if !second.par_windows(2).all(|w| path_order(&w[0].path, &w[1].path).is_lt()) {
        // Stable: of two documents of one path, the later is kept.
        second.sort_by(|a, b| path_order(&a.path, &b.path));
        second.reverse();
        second.dedup_by(|a, b| a.path == b.path);
        second.reverse();
    }
    if second.is_empty() {
        return first;
    }
    if first.is_empty() {
        return second;
    }
    let mut out = Vec::with_capacity(first.len() + second.len());
    let mut second = second.into_iter().peekable();
    for doc in first {
        while let Some(before) = second.next_if(|d| path_order(&d.path, &doc.path).is_lt()) {
            out.push(before);
        }
        second.next_if(|d| d.path == doc.path);
        out.push(doc);
    }
    out.extend(second);
    out
}

/// A finished job: the analysis of its index (the workspace's as it was
/// when the job was taken, plus the documents added).
pub struct AnalysisRun {
    id: u64,
    index: Arc<Index>,
    analysis: Analysis,
}

impl AnalysisRun {
    pub fn analysis(&self) -> &Analysis {
        &self.analysis
    }
}

/// What `install_analysis` did. It holds the analysis and the index it
/// replaced (or the refused ones): drop it outside any lock,
/// as freeing 100,000 documents' worth takes tens of milliseconds.
#[must_use = "drop it where freeing memory blocks nobody"]
pub struct Installed {
    /// False when the job was refused: the analysis is unchanged.
    pub installed: bool,
    /// Documents that changed while the job ran, replayed incrementally.
    pub replayed: usize,
    _leftover: (Analysis, Arc<Index>),
}

impl Workspace {
    /// Whether the next `reanalyze` would check everything (after a load,
    /// a settings change or a bulk insert) rather than only what changed.
    pub fn needs_full_analysis(&self) -> bool {
        !self.analysis.is_complete()
    }

    /// Takes a job that analyses the current index from scratch, and starts
    /// recording changes for its install. Costs a pointer copy (the index
    /// is shared). A job taken earlier can no longer be installed.
    pub fn analysis_job(&mut self) -> AnalysisJob {
        self.analysis_job_with(Vec::new())
    }

    /// `analysis_job`, with `added` joining the index at the install,
    /// except where the workspace holds a document of the same path: a bulk
    /// load indexed and analysed off the workspace, at the cost of one full
    /// analysis. In path order (as `files::discover` lists them), `added`
    /// is loaded without a search per document; it is not looked at here
    /// (under the language server's lock), only moved.
    pub fn analysis_job_with(&mut self, added: Vec<Arc<DocFacts>>) -> AnalysisJob {
        let id = NEXT_JOB.fetch_add(1, Ordering::Relaxed);
        self.journal = Some(Journal { job: id, paths: BTreeSet::new() });
        AnalysisJob { id, index: self.index.clone(), added, extractor: self.extractor.clone(), settings: self.settings.clone() }
    }

    /// Installs a finished job's index and analysis, replays the documents
    /// inserted or removed since the job was taken, and brings the analysis
    /// up to date (incremental work, in proportion to those changes).
    /// Refuses a job that is not this workspace's latest, or that a
    /// settings change or a bulk load made obsolete.
    pub fn install_analysis(&mut self, run: AnalysisRun) -> Installed {
        let AnalysisRun { id, index, analysis } = run;
        let journal = match self.journal.take() {
            Some(journal) if journal.job == id => journal,
            other => {
                self.journal = other;
                return Installed { installed: false, replayed: 0, _leftover: (analysis, index) };
            }
        };
        let replaced = std::mem::replace(&mut self.analysis, analysis);
        let previous = std::mem::replace(&mut self.index, index);
        let mut replayed = 0;
        for path in &journal.paths {
            let now = previous.get(path);
            let same = match (self.index.get(path), now) {
                (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                (None, None) => true,
                _ => false,
            };
            if same {
                continue;
            }
            let then = match now {
                Some(facts) => self.index_mut().insert(facts.clone()),
                None => self.index_mut().remove(path),
            };
            self.analysis.doc_changed(&self.index, then.as_ref(), now);
            replayed += 1;
        }
        self.reanalyze();
        Installed { installed: true, replayed, _leftover: (replaced, previous) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::Knowledge;

    #[test]
    fn merge_by_path_keeps_the_first_and_sorts_the_second() {
        let extractor = Extractor::new(Knowledge::builtin());
        let doc = |path: &str, text: &str| Arc::new(extractor.extract(std::path::Path::new(path), text, false));
        let first = vec![doc("/w/b.md", "first b"), doc("/w/d.md", "first d")];
        // Unsorted, with one path twice (the later kept) and one of `first`'s.
        let second = vec![doc("/w/e.md", "e"), doc("/w/a.md", "old a"), doc("/w/d.md", "second d"), doc("/w/a.md", "new a"), doc("/w/c-x.md", "c")];
        let merged = merge_by_path(first, second);
        let seen: Vec<(String, u64)> = merged.iter().map(|d| (d.path.display().to_string(), d.content_hash)).collect();
        let hash = crate::extract::content_hash;
        assert_eq!(
            seen,
            vec![
                ("/w/a.md".to_string(), hash("new a")),
                ("/w/b.md".to_string(), hash("first b")),
                ("/w/c-x.md".to_string(), hash("c")),
                ("/w/d.md".to_string(), hash("first d")),
                ("/w/e.md".to_string(), hash("e")),
            ]
        );
    }
}
