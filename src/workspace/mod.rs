//! The workspace: the documents of one or more folders, read from disk,
//! extracted in parallel, indexed and analysed; plus the queries the CLI
//! and the language server share. This is the only layer that touches the
//! file system.

pub mod cache;
pub mod files;
pub mod queries;
mod snapshot;

use rayon::prelude::*;
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::analysis::{Analysis, Settings};
use crate::extract::{DocFacts, Extractor};
use crate::index::{bibliography, normalize, path_order, within, Index};
use crate::knowledge::{Config, ConfigError, Knowledge};

pub use files::FileProblem;
pub use snapshot::{AnalysisJob, AnalysisRun, Installed};

pub struct Workspace {
    root: PathBuf,
    config: Config,
    extractor: Arc<Extractor>,
    /// Shared with an outstanding analysis job (which then analyses it as
    /// it is, without a copy); changed through `index_mut`, which copies it
    /// only if a job still holds it.
    index: Arc<Index>,
    analysis: Analysis,
    settings: Settings,
    notes_folders: Vec<PathBuf>,
    /// Files that could not be read, and bibliography problems.
    pub problems: Vec<FileProblem>,
    /// How the last `load` went (cache use, documents extracted).
    pub load_stats: LoadStats,
    /// Paths changed since the outstanding `analysis_job` was taken.
    journal: Option<snapshot::Journal>,
}

/// How a load went.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LoadStats {
    pub documents: usize,
    /// Facts reused from the cache: unchanged size and mtime…
    pub reused: usize,
    /// …or a changed stamp but the same content hash.
    pub rehashed: usize,
    /// Read and extracted.
    pub extracted: usize,
    /// Bytes read from documents.
    pub bytes_read: usize,
    /// The pack file, when the cache is on.
    pub cache_file: Option<PathBuf>,
    /// Why the pack was not used, if it was not.
    pub cache_miss: Option<String>,
    pub cache_written: bool,
    /// Seconds spent in each step of the load, in order.
    pub timings: Vec<(&'static str, f64)>,
}

impl LoadStats {
    /// Counts one document `Pending::load` returned.
    pub fn count(&mut self, loaded: &Loaded) {
        match loaded.origin {
            Origin::Reused => self.reused += 1,
            Origin::Rehashed => self.rehashed += 1,
            Origin::Extracted => self.extracted += 1,
        }
        self.bytes_read += loaded.bytes_read;
    }

    /// Whether the pack, which held `cached` entries, must be stored again
    /// to match what was counted: a document was not reused as it was, or
    /// the pack held other documents.
    pub fn pack_outdated(&self, cached: usize) -> bool {
        let documents = self.reused + self.rehashed + self.extracted;
        self.reused != documents || cached != documents
    }
}

/// Where `Pending::load` took a document's facts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The cache, as the file's size and mtime are unchanged.
    Reused,
    /// The cache, as the file's content hash is unchanged (read, not extracted).
    Rehashed,
    /// Read and extracted.
    Extracted,
}

/// Documents per unit of parallel extraction. Rayon's adaptive split
/// leaves a worker with an unsplittable run of thousands of documents; at
/// 100k documents the other core idled for the last 0.13 s of extraction.
/// Runs this short end within a millisecond of each other.
const EXTRACTION_BATCH: usize = 64;

/// `read(folder, item)` for every item on every core, in the items' order:
/// how every bulk load reads and extracts documents. Each worker holds a
/// folder open (`files::Folder`); the work goes in runs of
/// `EXTRACTION_BATCH`.
pub fn read_in_parallel<I, R>(items: I, read: impl Fn(&mut files::Folder, I::Item) -> R + Sync + Send) -> Vec<R>
where
    I: IndexedParallelIterator,
    R: Send,
{
    items.with_max_len(EXTRACTION_BATCH).map_init(files::Folder::default, read).collect()
}

/// One document's facts, with what the cache must remember of its file.
#[derive(Debug)]
pub struct Loaded {
    pub facts: Arc<DocFacts>,
    pub stamp: cache::FileStamp,
    pub origin: Origin,
    pub bytes_read: usize,
}

/// A document to load: its path, its file's stamp (taken before anything
/// is read from it, so a pack never pairs facts with a newer stamp than
/// the text they came from) and its pack entry, if any.
#[derive(Debug)]
pub struct Pending {
    pub path: PathBuf,
    pub stamp: Option<cache::FileStamp>,
    pub cached: Option<cache::Entry>,
}

impl Pending {
    /// The paths with their stamps, taken on every core; no entries yet.
    pub fn stat_all(paths: Vec<PathBuf>) -> Vec<Pending> {
        paths.into_par_iter().map(|path| Pending { stamp: cache::FileStamp::of(&path), path, cached: None }).collect()
    }

    /// The cached facts, as they are, when the stamp is the entry's: no
    /// I/O. Else None, and the document is left to `load`.
    pub fn reuse(&mut self) -> Option<Loaded> {
        match self.cached.take() {
            Some(entry) if Some(entry.stamp) == self.stamp => Some(Loaded { facts: entry.facts, stamp: entry.stamp, origin: Origin::Reused, bytes_read: 0 }),
            cached => {
                self.cached = cached;
                None
            }
        }
    }

    /// Gives each document its entry from the pack (`cache::match_entries`:
    /// `pending` is best in path order, as `stat_all` keeps
    /// `files::discover`'s), then splits them: the facts of those whose
    /// files are unchanged, as they are, in the order given, and the others,
    /// to `load`.
    pub fn reuse_unchanged(pending: Vec<Pending>, entries: Vec<cache::Entry>) -> (Vec<Loaded>, Vec<Pending>) {
        if entries.is_empty() {
            return (Vec::new(), pending);
        }
        let matched = cache::match_entries(pending.iter().map(|doc| doc.path.as_path()), entries);
        pending.into_par_iter().zip(matched).partition_map(|(doc, cached)| {
            let mut doc = Pending { cached, ..doc };
            match doc.reuse() {
                Some(loaded) => rayon::iter::Either::Left(loaded),
                None => rayon::iter::Either::Right(doc),
            }
        })
    }

    /// The facts of this document: its cache entry when the file's size and
    /// mtime are those the entry was stored with (the file is not read) or,
    /// once read, its content hash is the entry's; else extracted from what
    /// was read. The one per-file decision of the CLI's cached load and of
    /// the language server's background indexing. Unreadable files (see
    /// `files::read_document`) are problems. Read in `folder` (see
    /// `files::Folder`).
    pub fn load(mut self, folder: &mut files::Folder, extractor: &Extractor, in_notes: bool) -> Result<Loaded, FileProblem> {
        if let Some(loaded) = self.reuse() {
            return Ok(loaded);
        }
        let Pending { path, stamp, cached } = self;
        let text = folder.read_document(&path)?;
        let stamp = stamp.unwrap_or(cache::FileStamp { size: text.len() as u64, mtime_ns: 0 });
        let bytes_read = text.len();
        match cached {
            Some(entry) if entry.facts.content_hash == crate::extract::content_hash(&text) => {
                Ok(Loaded { facts: entry.facts, stamp, origin: Origin::Rehashed, bytes_read })
            }
            _ => Ok(Loaded { facts: Arc::new(extractor.extract(&path, &text, in_notes)), stamp, origin: Origin::Extracted, bytes_read }),
        }
    }
}

/// How `load_with` reads the workspace.
#[derive(Debug, Clone, Copy)]
pub struct LoadOptions {
    /// Use the fact cache (unless `[cache] enabled = false`).
    pub cache: bool,
}

impl Default for LoadOptions {
    fn default() -> LoadOptions {
        LoadOptions { cache: true }
    }
}

impl Workspace {
    /// An empty workspace rooted at `root` (where `corroborate.toml` lives),
    /// whose documents may come from `folders`.
    pub fn new(root: &Path, config: Config, folders: Vec<PathBuf>) -> Result<Workspace, ConfigError> {
        let knowledge = Knowledge::with_config(&config)?;
        let tolerance = Decimal::try_from(config.tolerance).map_err(|e| ConfigError::Invalid(format!("tolerance: {e}")))?;
        let notes_folders = config.notes.iter().map(|n| normalize(&root.join(n))).collect();
        let mut workspace = Workspace {
            root: root.to_path_buf(),
            extractor: Arc::new(Extractor::new(knowledge)),
            index: Arc::new(Index::new(if folders.is_empty() { vec![root.to_path_buf()] } else { folders })),
            analysis: Analysis::default(),
            settings: Settings { tolerance },
            notes_folders,
            problems: Vec::new(),
            load_stats: LoadStats::default(),
            journal: None,
            config,
        };
        workspace.load_bibliographies();
        Ok(workspace)
    }

    /// Reads `root/corroborate.toml`, then every document below `paths`
    /// (the root itself when empty), and analyses them.
    pub fn load(root: &Path, paths: &[PathBuf]) -> Result<Workspace, ConfigError> {
        Workspace::load_with(root, paths, LoadOptions::default())
    }

    /// `load`, with the fact cache on or off.
    pub fn load_with(root: &Path, paths: &[PathBuf], options: LoadOptions) -> Result<Workspace, ConfigError> {
        let config = Config::load(root)?;
        let folders: Vec<PathBuf> = if paths.is_empty() { vec![root.to_path_buf()] } else { paths.to_vec() };
        let mut workspace = Workspace::new(root, config, folders.iter().map(|f| folder_of(f)).collect())?;
        match workspace.fact_cache().filter(|_| options.cache) {
            Some(cache) => workspace.index_folders_cached(&folders, &cache),
            None => {
                let clock = std::time::Instant::now();
                let (found, problems) = files::discover(&folders);
                let discovered = clock.elapsed().as_secs_f64();
                workspace.problems.extend(problems);
                workspace.index_files(&found);
                workspace.load_stats.timings.insert(0, ("discover", discovered));
            }
        }
        let clock = std::time::Instant::now();
        workspace.reanalyze();
        workspace.load_stats.timings.push(("analyze", clock.elapsed().as_secs_f64()));
        Ok(workspace)
    }

    /// What the fact cache's key must cover besides each file: the format
    /// version, the registry, the lexicons, and which folders hold notes.
    pub fn knowledge_fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (cache::FORMAT_VERSION, env!("CARGO_PKG_VERSION"), self.knowledge().registry.fingerprint(), self.knowledge().lexicon.fingerprint).hash(&mut hasher);
        self.notes_folders.hash(&mut hasher);
        hasher.finish()
    }

    /// This workspace's pack file, unless the cache is off.
    pub fn fact_cache(&self) -> Option<cache::FactCache> {
        cache::FactCache::locate(&self.root, &self.config.cache, self.knowledge_fingerprint())
    }

    /// Discovers the documents below `folders` and stats their files while
    /// the pack is read (on a thread of its own), then indexes them as
    /// `index_files` does, reusing the facts of files the cache knows
    /// unchanged (`Pending::reuse_unchanged`, then `Pending::load`: the
    /// language server's decisions too), and stores the pack again if
    /// anything differed.
    pub fn index_folders_cached(&mut self, folders: &[PathBuf], cache: &cache::FactCache) {
        let mut stats = LoadStats { cache_file: Some(cache.file.clone()), ..LoadStats::default() };
        let mut clock = std::time::Instant::now();
        let mut lap = |stats: &mut LoadStats, step: &'static str| {
            stats.timings.push((step, clock.elapsed().as_secs_f64()));
            clock = std::time::Instant::now();
        };
        let (pack, pending) = std::thread::scope(|scope| {
            let pack = scope.spawn(|| cache.load());
            let (found, problems) = files::discover(folders);
            self.problems.extend(problems);
            lap(&mut stats, "discover");
            let pending = Pending::stat_all(found);
            lap(&mut stats, "stat");
            let pack = pack.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            lap(&mut stats, "read cache (the rest)");
            (pack, pending)
        });
        let known = pack.unwrap_or_else(|e| {
            stats.cache_miss = Some(e.to_string());
            Vec::new()
        });
        let cached_count = known.len();
        let (reused, to_read) = Pending::reuse_unchanged(pending, known);
        let all_reused = to_read.is_empty();
        lap(&mut stats, "reuse");
        let read: Vec<Result<Loaded, FileProblem>> = read_in_parallel(to_read.into_par_iter(), |folder, doc| {
            let in_notes = self.in_notes_folder(&doc.path);
            doc.load(folder, &self.extractor, in_notes)
        });
        lap(&mut stats, "read and extract");
        // The facts with their files' stamps, for the pack.
        let mut stamps: Vec<(Arc<DocFacts>, cache::FileStamp)> = Vec::with_capacity(reused.len() + read.len());
        let mut docs = Vec::with_capacity(reused.len() + read.len());
        for result in reused.into_iter().map(Ok).chain(read) {
            match result {
                Ok(loaded) => {
                    stats.count(&loaded);
                    stamps.push((loaded.facts.clone(), loaded.stamp));
                    docs.push(loaded.facts);
                }
                Err(problem) => self.problems.push(problem),
            }
        }
        // In path order again (for `Index::extend`'s bulk load) when some
        // were read: those reused are in `discover`'s order.
        if !all_reused {
            docs.par_sort_by(|a, b| path_order(&a.path, &b.path));
        }
        self.index_mut().extend(docs);
        stats.documents = stamps.len();
        lap(&mut stats, "index");
        self.changed_in_bulk();
        if stats.pack_outdated(cached_count) {
            let docs = stamps.iter().map(|(facts, stamp)| (facts.as_ref(), *stamp));
            match cache.store(docs) {
                Ok(()) => stats.cache_written = true,
                Err(e) => tracing::warn!("fact cache {}: not written: {e}", cache.file.display()),
            }
            lap(&mut stats, "write cache");
        }
        self.load_stats = stats;
    }

    /// A workspace made of in-memory texts, analysed, without touching the
    /// disk: for tests, benchmarks and tools. Paths are taken as given.
    pub fn from_texts(root: &Path, config: Config, files: &[(PathBuf, String)]) -> Result<Workspace, ConfigError> {
        let mut workspace = Workspace::new(root, config, vec![root.to_path_buf()])?;
        for (path, text) in files {
            workspace.set_text(path, text);
        }
        workspace.reanalyze();
        Ok(workspace)
    }

    fn load_bibliographies(&mut self) {
        let mut entries = std::collections::HashMap::new();
        for name in self.config.bibliography.clone() {
            let path = normalize(&self.root.join(&name));
            if !self.index.roots().iter().any(|r| within(r, &path)) && !within(&normalize(&self.root), &path) {
                self.problems.push(FileProblem { path, message: "bibliography is outside the workspace: not read".to_string() });
                continue;
            }
            // A bibliography that is a link out of the workspace is refused too.
            let allowed: Vec<PathBuf> = self.index.roots().iter().cloned().chain([self.root.clone()]).collect();
            let parsed = files::read_confined(&path, &allowed).map_err(|p| p.message).and_then(|text| bibliography::parse(&path, &text));
            match parsed {
                Ok(map) => entries.extend(map),
                Err(message) => self.problems.push(FileProblem { path, message }),
            }
        }
        self.index_mut().set_bibliography(entries);
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn knowledge(&self) -> &Knowledge {
        self.extractor.knowledge()
    }

    pub fn extractor(&self) -> &Arc<Extractor> {
        &self.extractor
    }

    pub fn index(&self) -> &Index {
        &self.index
    }

    /// The index, to change: copied first if an analysis job shares it.
    fn index_mut(&mut self) -> &mut Index {
        Arc::make_mut(&mut self.index)
    }

    pub fn analysis(&self) -> &Analysis {
        &self.analysis
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn set_tolerance(&mut self, tolerance: Decimal) {
        self.settings.tolerance = tolerance;
        self.changed_in_bulk();
    }

    /// After a bulk load or a settings change: the next analysis is a full
    /// one, and an outstanding `analysis_job` can no longer be installed.
    fn changed_in_bulk(&mut self) {
        self.analysis.invalidate();
        self.journal = None;
    }

    /// Whether the configuration puts `path` in a notes folder.
    pub fn in_notes_folder(&self, path: &Path) -> bool {
        in_folders(&self.notes_folders, path)
    }

    /// The notes folders, to tell notes from sources away from the
    /// workspace (on another thread).
    pub fn notes_folders(&self) -> NotesFolders {
        NotesFolders(self.notes_folders.clone())
    }

    /// Reads and extracts `paths` on every core; unreadable files become
    /// problems and the rest is indexed.
    pub fn index_files(&mut self, paths: &[PathBuf]) {
        let clock = std::time::Instant::now();
        // Shared (`Arc`) as soon as extracted: no second copy of every
        // document's facts while the results are gathered.
        let results: Vec<Result<Arc<DocFacts>, FileProblem>> = read_in_parallel(paths.par_iter(), |folder, path| {
            let text = folder.read_document(path)?;
            Ok(Arc::new(self.extractor.extract(path, &text, self.in_notes_folder(path))))
        });
        let extracted = clock.elapsed().as_secs_f64();
        let mut docs = Vec::with_capacity(results.len());
        for result in results {
            match result {
                Ok(facts) => docs.push(facts),
                Err(problem) => self.problems.push(problem),
            }
        }
        self.index_mut().extend(docs);
        let timings = vec![("read and extract", extracted), ("index", clock.elapsed().as_secs_f64() - extracted)];
        self.load_stats = LoadStats { documents: self.index.len(), extracted: paths.len(), timings, ..LoadStats::default() };
        self.changed_in_bulk();
    }

    /// Extracts `text` as the content of `path` (an open buffer, or a file
    /// that changed) and indexes it. Call `reanalyze` afterwards.
    pub fn set_text(&mut self, path: &Path, text: &str) -> Arc<DocFacts> {
        let facts = Arc::new(self.extractor.extract(path, text, self.in_notes_folder(path)));
        self.insert_facts(facts.clone());
        facts
    }

    /// Makes room for `additional` more documents (before inserting them one
    /// by one, as background indexing does).
    pub fn reserve(&mut self, additional: usize) {
        self.index_mut().reserve(additional);
    }

    /// Inserts facts extracted elsewhere (by a background task). Call
    /// `reanalyze` afterwards.
    pub fn insert_facts(&mut self, facts: Arc<DocFacts>) {
        if let Some(journal) = &mut self.journal {
            journal.record(&facts.path);
        }
        let old = self.index_mut().insert(facts.clone());
        self.analysis.doc_changed(&self.index, old.as_ref(), Some(&facts));
    }

    /// Forgets a document. Call `reanalyze` afterwards. Recorded for the
    /// outstanding `analysis_job` even when the index does not hold it: the
    /// job may be adding it.
    pub fn remove(&mut self, path: &Path) -> bool {
        if let Some(journal) = &mut self.journal {
            journal.record(path);
        }
        // Looked up first: a shared index is not copied to remove nothing.
        if self.index.get(path).is_none() {
            return false;
        }
        let Some(old) = self.index_mut().remove(path) else { return false };
        self.analysis.doc_changed(&self.index, Some(&old), None);
        true
    }

    /// Brings the analysis up to date: in full after a load or a settings
    /// change, else only the parts the changes since the last call touch.
    pub fn reanalyze(&mut self) {
        self.analysis.update(&self.index, self.extractor.knowledge(), &self.settings);
    }

    /// Checks everything from scratch, ignoring partial results.
    pub fn reanalyze_all(&mut self) {
        self.analysis.invalidate();
        self.reanalyze();
    }
}

/// The folders whose documents are notes.
#[derive(Debug, Clone, Default)]
pub struct NotesFolders(Vec<PathBuf>);

impl NotesFolders {
    pub fn contains(&self, path: &Path) -> bool {
        in_folders(&self.0, path)
    }
}

fn in_folders(folders: &[PathBuf], path: &Path) -> bool {
    let path = normalize(path);
    folders.iter().any(|n| path.starts_with(n))
}

/// The folder a path argument stands for: itself, or a file's parent.
fn folder_of(path: &Path) -> PathBuf {
    if path.is_file() {
        path.parent().map(Path::to_path_buf).unwrap_or_default()
    } else {
        path.to_path_buf()
    }
}
