//! The full analysis without holding the workspace. `Workspace::analysis_job`
//! copies what a full analysis reads: the documents' `Arc`s (pointer
//! copies, no facts are cloned), the roots and the shared bibliography, the
//! knowledge and the settings. `AnalysisJob::run` rebuilds the index from
//! them and analyses it anywhere (a blocking thread, while the language
//! server keeps answering from the workspace). `Workspace::install_analysis`
//! puts the result in, replays every document that changed since the job
//! was taken through the analysis' incremental `doc_changed`, and brings
//! the analysis up to date incrementally.
//!
//! Invariants: after a successful install, the analysis equals a full
//! analysis of the workspace's current index (the journal holds every path
//! inserted or removed since the job was taken). A job is installed only
//! into the workspace that made it, and only if it is the latest job taken
//! there and neither the settings nor the whole index changed since; else
//! `install_analysis` refuses it and leaves the analysis as it was.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::Workspace;
use crate::analysis::{analyze, Analysis, Settings};
use crate::extract::{DocFacts, Extractor};
use crate::index::Index;

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
    /// The roots and bibliography, no documents yet.
    base: Index,
    /// Sorted by path.
    docs: Vec<Arc<DocFacts>>,
    extractor: Arc<Extractor>,
    settings: Settings,
}

impl AnalysisJob {
    pub fn documents(&self) -> usize {
        self.docs.len()
    }

    /// Rebuilds the index and analyses it from scratch: the expensive part,
    /// which needs no access to the workspace.
    pub fn run(self) -> AnalysisRun {
        let AnalysisJob { id, mut base, docs, extractor, settings } = self;
        base.extend(docs);
        let analysis = analyze(&base, extractor.knowledge(), &settings);
        AnalysisRun { id, index: base, analysis }
    }
}

/// A finished job: the analysis of the index as it was when the job was taken.
pub struct AnalysisRun {
    id: u64,
    index: Index,
    analysis: Analysis,
}

impl AnalysisRun {
    pub fn analysis(&self) -> &Analysis {
        &self.analysis
    }
}

/// What `install_analysis` did. It holds the analysis it replaced (or the
/// refused one) and the job's copy of the index: drop it outside any lock,
/// as freeing 100,000 documents' worth takes tens of milliseconds.
#[must_use = "drop it where freeing memory blocks nobody"]
pub struct Installed {
    /// False when the job was refused: the analysis is unchanged.
    pub installed: bool,
    /// Documents that changed while the job ran, replayed incrementally.
    pub replayed: usize,
    _leftover: (Analysis, Index),
}

impl Workspace {
    /// Whether the next `reanalyze` would check everything (after a load,
    /// a settings change or a bulk insert) rather than only what changed.
    pub fn needs_full_analysis(&self) -> bool {
        !self.analysis.is_complete()
    }

    /// Takes a job that analyses the current index from scratch, and starts
    /// recording changes for its install. Costs one pointer copy per
    /// document. A job taken earlier can no longer be installed.
    pub fn analysis_job(&mut self) -> AnalysisJob {
        let id = NEXT_JOB.fetch_add(1, Ordering::Relaxed);
        self.journal = Some(Journal { job: id, paths: BTreeSet::new() });
        AnalysisJob {
            id,
            base: self.index.empty_like(),
            docs: self.index.docs().cloned().collect(),
            extractor: self.extractor.clone(),
            settings: self.settings.clone(),
        }
    }

    /// Installs a finished job's analysis, replays the documents inserted or
    /// removed since the job was taken, and brings the analysis up to date
    /// (incremental work, in proportion to those changes). Refuses a job
    /// that is not this workspace's latest, or that a settings change or a
    /// bulk load made obsolete.
    pub fn install_analysis(&mut self, run: AnalysisRun) -> Installed {
        let AnalysisRun { id, index: copy, analysis } = run;
        let journal = match self.journal.take() {
            Some(journal) if journal.job == id => journal,
            other => {
                self.journal = other;
                return Installed { installed: false, replayed: 0, _leftover: (analysis, copy) };
            }
        };
        let replaced = std::mem::replace(&mut self.analysis, analysis);
        let mut replayed = 0;
        for path in &journal.paths {
            let (then, now) = (copy.get(path), self.index.get(path));
            let same = match (then, now) {
                (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                (None, None) => true,
                _ => false,
            };
            if !same {
                self.analysis.doc_changed(&self.index, then, now);
                replayed += 1;
            }
        }
        self.reanalyze();
        Installed { installed: true, replayed, _leftover: (replaced, copy) }
    }
}
