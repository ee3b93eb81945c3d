//! The workspace: the documents of one or more folders, read from disk,
//! extracted in parallel, indexed and analysed; plus the queries the CLI
//! and the language server share. This is the only layer that touches the
//! file system.

pub mod files;
pub mod queries;

use rayon::prelude::*;
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::analysis::{analyze, Analysis, Settings};
use crate::extract::{DocFacts, Extractor};
use crate::index::{bibliography, normalize, Index};
use crate::knowledge::{Config, ConfigError, Knowledge};

pub use files::FileProblem;

pub struct Workspace {
    root: PathBuf,
    config: Config,
    extractor: Arc<Extractor>,
    index: Index,
    analysis: Analysis,
    settings: Settings,
    notes_folders: Vec<PathBuf>,
    /// Files that could not be read, and bibliography problems.
    pub problems: Vec<FileProblem>,
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
            index: Index::new(if folders.is_empty() { vec![root.to_path_buf()] } else { folders }),
            analysis: Analysis::default(),
            settings: Settings { tolerance },
            notes_folders,
            problems: Vec::new(),
            config,
        };
        workspace.load_bibliographies();
        Ok(workspace)
    }

    /// Reads `root/corroborate.toml`, then every document below `paths`
    /// (the root itself when empty), and analyses them.
    pub fn load(root: &Path, paths: &[PathBuf]) -> Result<Workspace, ConfigError> {
        let config = Config::load(root)?;
        let folders: Vec<PathBuf> = if paths.is_empty() { vec![root.to_path_buf()] } else { paths.to_vec() };
        let mut workspace = Workspace::new(root, config, folders.iter().map(|f| folder_of(f)).collect())?;
        let (found, problems) = files::discover(&folders);
        workspace.problems.extend(problems);
        workspace.index_files(&found);
        workspace.reanalyze();
        Ok(workspace)
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
            if !self.index.roots().iter().any(|r| path.starts_with(r)) && !path.starts_with(normalize(&self.root)) {
                self.problems.push(FileProblem { path, message: "bibliography is outside the workspace: not read".to_string() });
                continue;
            }
            let parsed = files::read_document(&path).map_err(|p| p.message).and_then(|text| bibliography::parse(&path, &text));
            match parsed {
                Ok(map) => entries.extend(map),
                Err(message) => self.problems.push(FileProblem { path, message }),
            }
        }
        self.index.set_bibliography(entries);
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

    pub fn analysis(&self) -> &Analysis {
        &self.analysis
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn set_tolerance(&mut self, tolerance: Decimal) {
        self.settings.tolerance = tolerance;
    }

    /// Whether the configuration puts `path` in a notes folder.
    pub fn in_notes_folder(&self, path: &Path) -> bool {
        let path = normalize(path);
        self.notes_folders.iter().any(|n| path.starts_with(n))
    }

    /// Reads and extracts `paths` on every core; unreadable files become
    /// problems and the rest is indexed.
    pub fn index_files(&mut self, paths: &[PathBuf]) {
        let results: Vec<Result<DocFacts, FileProblem>> = paths
            .par_iter()
            .map(|path| {
                let text = files::read_document(path)?;
                Ok(self.extractor.extract(path, &text, self.in_notes_folder(path)))
            })
            .collect();
        for result in results {
            match result {
                Ok(facts) => self.index.insert(Arc::new(facts)),
                Err(problem) => self.problems.push(problem),
            }
        }
    }

    /// Extracts `text` as the content of `path` (an open buffer, or a file
    /// that changed) and indexes it. Call `reanalyze` afterwards.
    pub fn set_text(&mut self, path: &Path, text: &str) -> Arc<DocFacts> {
        let facts = Arc::new(self.extractor.extract(path, text, self.in_notes_folder(path)));
        self.index.insert(facts.clone());
        facts
    }

    /// Inserts facts extracted elsewhere (by a background task).
    pub fn insert_facts(&mut self, facts: Arc<DocFacts>) {
        self.index.insert(facts);
    }

    pub fn remove(&mut self, path: &Path) -> bool {
        self.index.remove(path).is_some()
    }

    pub fn reanalyze(&mut self) {
        self.analysis = analyze(&self.index, self.extractor.knowledge(), &self.settings);
    }
}

/// The folder a path argument stands for: itself, or a file's parent.
fn folder_of(path: &Path) -> PathBuf {
    if path.is_file() {
        path.parent().map(Path::to_path_buf).unwrap_or_default()
    } else {
        path.to_path_buf()
    }
}
