//! The server's one shared state: the workspace, the open buffers, the
//! negotiated encoding and the settings, behind one `std::sync::Mutex`
//! held for short synchronous sections and never across an `.await`.
//! Invariants: facts of an open document come from its buffer; a full
//! analysis never runs under the lock (`ensure_analyzed` only does
//! incremental work; the indexing task and the publishing worker run full
//! analyses off the lock with `Workspace::analysis_job`).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use tower_lsp::lsp_types as lsp;
use tower_lsp::Client;

use super::convert::{self, from_lsp_position, to_lsp_position};
use super::diagnostics::Publisher;
use super::documents::Documents;
use super::pack_writer::PackWriter;
use super::settings::LspSettings;
use crate::analysis::Code;
use crate::extract::DocFacts;
use crate::index::normalize;
use crate::knowledge::Config;
use crate::text::Encoding;
use crate::workspace::{files, queries, Workspace};

/// What the client said it can do, as far as the server cares.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClientFeatures {
    pub markdown_hover: bool,
    pub work_done_progress: bool,
    pub dynamic_watched_files: bool,
    pub document_changes: bool,
    pub create_files: bool,
    pub configuration: bool,
}

impl ClientFeatures {
    pub fn from_capabilities(caps: &lsp::ClientCapabilities) -> ClientFeatures {
        let text = caps.text_document.as_ref();
        let workspace = caps.workspace.as_ref();
        let edit = workspace.and_then(|w| w.workspace_edit.as_ref());
        ClientFeatures {
            markdown_hover: text
                .and_then(|t| t.hover.as_ref())
                .and_then(|h| h.content_format.as_ref())
                .is_some_and(|formats| formats.contains(&lsp::MarkupKind::Markdown)),
            work_done_progress: caps.window.as_ref().and_then(|w| w.work_done_progress).unwrap_or(false),
            dynamic_watched_files: workspace.and_then(|w| w.did_change_watched_files.as_ref()).and_then(|d| d.dynamic_registration).unwrap_or(false),
            document_changes: edit.and_then(|e| e.document_changes).unwrap_or(false),
            create_files: edit.and_then(|e| e.resource_operations.as_ref()).is_some_and(|ops| ops.contains(&lsp::ResourceOperationKind::Create)),
            configuration: workspace.and_then(|w| w.configuration).unwrap_or(false),
        }
    }
}

/// UTF-8 when the client offers it, else UTF-16 (the LSP default).
pub fn negotiate_encoding(caps: &lsp::ClientCapabilities) -> Encoding {
    let offered = caps.general.as_ref().and_then(|g| g.position_encodings.as_ref());
    if offered.is_some_and(|encodings| encodings.contains(&lsp::PositionEncodingKind::UTF8)) {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    }
}

pub fn encoding_kind(encoding: Encoding) -> lsp::PositionEncodingKind {
    match encoding {
        Encoding::Utf8 => lsp::PositionEncodingKind::UTF8,
        Encoding::Utf16 => lsp::PositionEncodingKind::UTF16,
    }
}

#[derive(Debug, Clone, Default)]
pub struct Indexing {
    pub running: bool,
    /// Bumped by every (re)start; a task of an older generation stops.
    pub generation: u64,
    pub indexed: usize,
    pub total: usize,
    /// Documents whose facts came from the fact cache so far.
    pub cached: usize,
}

/// Params of the `corroborate/status` notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusParams {
    pub state: String,
    pub indexed: usize,
    pub total: usize,
    pub conflicts: usize,
    /// Documents of the last (or current) indexing run whose facts came
    /// from the fact cache rather than from extraction.
    pub cached: usize,
}

pub enum StatusNotification {}

impl lsp::notification::Notification for StatusNotification {
    type Params = StatusParams;
    const METHOD: &'static str = "corroborate/status";
}

pub struct State {
    pub ws: Workspace,
    pub docs: Documents,
    pub encoding: Encoding,
    pub features: ClientFeatures,
    pub settings: LspSettings,
    /// Workspace folders; the first holds corroborate.toml.
    pub roots: Vec<PathBuf>,
    pub indexing: Indexing,
    /// The index changed since the last `reanalyze`.
    pub analysis_stale: bool,
    /// What was last published per document, with the buffer version (to
    /// skip repeats and to clear).
    pub published: HashMap<PathBuf, (Option<i32>, Vec<lsp::Diagnostic>)>,
    /// Documents to publish for even when nothing changed (just opened).
    pub force_publish: HashSet<PathBuf>,
    /// `ws.problems` already sent to the client.
    pub problems_reported: usize,
    pub last_status: Option<StatusParams>,
}

impl Default for State {
    fn default() -> State {
        State::new()
    }
}

impl State {
    pub fn new() -> State {
        let root = std::env::current_dir().unwrap_or_default();
        State {
            ws: Workspace::new(&root, Config::default(), Vec::new()).expect("the default configuration is valid"),
            docs: Documents::default(),
            encoding: Encoding::Utf16,
            features: ClientFeatures::default(),
            settings: LspSettings::default(),
            roots: Vec::new(),
            indexing: Indexing::default(),
            analysis_stale: true,
            published: HashMap::new(),
            force_publish: HashSet::new(),
            problems_reported: 0,
            last_status: None,
        }
    }

    pub fn root(&self) -> PathBuf {
        self.roots.first().cloned().unwrap_or_else(|| normalize(&std::env::current_dir().unwrap_or_default()))
    }

    /// A fresh workspace from corroborate.toml and the settings, with the
    /// open buffers in it (the rest comes from indexing). Returns the
    /// configuration problem, if any: the defaults are used instead.
    pub fn rebuild(&mut self) -> Option<String> {
        // An indexing run of the old workspace stops at its next chunk.
        self.indexing.generation += 1;
        let root = self.root();
        let (mut config, mut error) = match Config::load(&root) {
            Ok(config) => (config, None),
            Err(e) => (Config::default(), Some(e.to_string())),
        };
        let notes = self.settings.notes_folders.clone();
        if !notes.is_empty() {
            config.notes = notes.clone();
        }
        let mut ws = match Workspace::new(&root, config, self.roots.clone()) {
            Ok(ws) => ws,
            Err(e) => {
                error = Some(e.to_string());
                let mut config = Config::default();
                if !notes.is_empty() {
                    config.notes = notes;
                }
                Workspace::new(&root, config, self.roots.clone()).expect("the default configuration is valid")
            }
        };
        if let Some(tolerance) = self.settings.tolerance.and_then(|t| Decimal::try_from(t).ok()) {
            ws.set_tolerance(tolerance);
        }
        self.ws = ws;
        self.problems_reported = 0;
        for (path, doc) in self.docs.iter_mut() {
            doc.text = doc.rope.to_string();
            doc.dirty = false;
            if files::is_document(path) {
                self.ws.set_text(path, &doc.text);
            }
        }
        self.analysis_stale = true;
        error
    }

    /// Re-extracts the open documents edited since their last extraction,
    /// so facts match the buffers before a request is answered.
    pub fn refresh(&mut self) {
        let dirty: Vec<PathBuf> = self.docs.iter().filter(|(_, d)| d.dirty).map(|(p, _)| p.clone()).collect();
        for path in dirty {
            let Some(doc) = self.docs.get_mut(&path) else { continue };
            doc.text = doc.rope.to_string();
            doc.dirty = false;
            // Other open files (corroborate.toml…) are kept, not indexed.
            if files::is_document(&path) {
                self.ws.set_text(&path, &doc.text);
                self.analysis_stale = true;
            }
        }
    }

    /// Brings the analysis up to date with the index when that is
    /// incremental work (in proportion to the changes). A full analysis
    /// (during and after indexing, after a settings change) never runs
    /// here, under the lock: the indexing task or the publishing worker runs
    /// it off the lock and installs it; until then requests answer from the
    /// analysis as it stands.
    pub fn ensure_analyzed(&mut self) {
        if self.analysis_stale && !self.ws.needs_full_analysis() {
            self.ws.reanalyze();
            self.analysis_stale = false;
        }
    }

    pub fn set_text(&mut self, path: &Path, text: &str) {
        self.ws.set_text(path, text);
        self.analysis_stale = true;
    }

    pub fn remove(&mut self, path: &Path) {
        if self.ws.remove(path) {
            self.analysis_stale = true;
        }
    }

    pub fn set_tolerance(&mut self, tolerance: Option<f64>) {
        let value =
            tolerance.and_then(|t| Decimal::try_from(t).ok()).unwrap_or_else(|| Decimal::try_from(self.ws.config().tolerance).unwrap_or(Decimal::new(5, 2)));
        self.ws.set_tolerance(value);
        self.analysis_stale = true;
    }

    pub fn facts(&self, path: &Path) -> Option<&Arc<DocFacts>> {
        self.ws.index().get(path)
    }

    /// The text facts of `path` were extracted from: the open buffer, else
    /// the file on disk.
    pub fn text(&self, path: &Path) -> Option<Cow<'_, str>> {
        match self.docs.get(path) {
            Some(doc) => Some(Cow::Borrowed(doc.text.as_str())),
            None => files::read_document(path).ok().map(Cow::Owned),
        }
    }

    pub fn version(&self, path: &Path) -> Option<i32> {
        self.docs.get(path).map(|d| d.version)
    }

    /// The byte offset of an incoming position in an indexed document.
    pub fn offset(&self, path: &Path, position: lsp::Position) -> Option<usize> {
        let facts = self.facts(path)?;
        let text = self.text(path)?;
        Some(facts.line_map.offset(&text, from_lsp_position(position), self.encoding))
    }

    pub fn position(&self, path: &Path, offset: usize) -> Option<lsp::Position> {
        Some(to_lsp_position(self.facts(path)?.line_map.position(offset, self.encoding)))
    }

    pub fn range(&self, path: &Path, range: &std::ops::Range<usize>) -> Option<lsp::Range> {
        Some(convert::lsp_range(&self.facts(path)?.line_map, range, self.encoding))
    }

    pub fn location(&self, location: &queries::Location) -> Option<lsp::Location> {
        Some(lsp::Location { uri: convert::uri_of(&location.path)?, range: self.range(&location.path, &location.range)? })
    }

    /// Diagnostics that are conflicts between documents.
    pub fn conflicts(&self) -> usize {
        self.ws.analysis().all().filter(|d| matches!(d.code, Code::FigureConflict | Code::PartnershipConflict)).count()
    }

    pub fn status(&self) -> StatusParams {
        let running = self.indexing.running;
        StatusParams {
            state: if running { "indexing" } else { "ready" }.to_string(),
            indexed: if running { self.indexing.indexed } else { self.ws.index().len() },
            total: if running { self.indexing.total } else { self.ws.index().len() },
            conflicts: self.conflicts(),
            cached: self.indexing.cached,
        }
    }

    /// A core diagnostic of `path` for the client.
    pub fn lsp_diagnostic(&self, d: &crate::analysis::Diagnostic) -> lsp::Diagnostic {
        convert::diagnostic(d, &|path, range| self.range(path, range), self.version(&d.path))
    }
}

/// What the handlers and background tasks share.
pub struct Shared {
    state: Mutex<State>,
    pub client: Client,
    pub publisher: Publisher,
    pub pack_writer: PackWriter,
}

impl Shared {
    pub fn new(client: Client, publisher: Publisher, pack_writer: PackWriter) -> Shared {
        Shared { state: Mutex::new(State::new()), client, publisher, pack_writer }
    }

    /// The state; a panic in an earlier holder does not make it unusable.
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Runs `f`, turning a panic into an error that is logged: no request can
/// bring the server down.
pub fn guarded<T>(what: &str, f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        tracing::error!("internal error in {what}: {message}");
        format!("corroborate: internal error in {what}: {message} (see the server log)")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ensure_analyzed_does_incremental_work_only() {
        let mut st = State::new();
        let source = PathBuf::from("/w/sources/a.md");
        st.set_text(&source, "Apple a conclu un partenariat avec Baidu en 2024.\n");
        st.ensure_analyzed();
        assert!(st.ws.needs_full_analysis(), "the full analysis is left to a background task");
        assert!(st.analysis_stale);

        let job = st.ws.analysis_job();
        let installed = st.ws.install_analysis(job.run());
        assert!(installed.installed);
        st.set_text(&PathBuf::from("/w/sources/b.md"), "Apple a rompu son partenariat avec Baidu en 2024.\n");
        st.ensure_analyzed();
        assert!(!st.analysis_stale);
        assert!(!st.ws.analysis().last_update_work().full, "an edit after the install is analysed incrementally");
        assert_eq!(st.conflicts(), 2, "the two sources disagree, each is told");
    }
}
