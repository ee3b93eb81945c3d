//! Analysis: checks facts against each other and against the sources notes
//! cite, producing diagnostics and per-entity agreement counts.
//! Invariant: a pure function of the index and the settings.

pub mod card;
pub mod compare;
mod figure_conflicts;
mod notes;
mod partnership_conflicts;

use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::extract::DocFacts;
use crate::facts::{EntityId, Partnership};
use crate::index::{Index, Resolution};
use crate::knowledge::Knowledge;

pub use compare::FigureKey;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "info",
            Severity::Hint => "hint",
        }
    }
}

/// What a diagnostic is about; its `as_str` is the stable `code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Code {
    UnresolvedCitation,
    CitationOutsideWorkspace,
    UnsupportedByCitation,
    NotInSource,
    FigureConflict,
    FigureRevised,
    PartnershipConflict,
    PartnershipUnsupported,
    BadMetadata,
    DuplicateId,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::UnresolvedCitation => "unresolved-citation",
            Code::CitationOutsideWorkspace => "citation-outside-workspace",
            Code::UnsupportedByCitation => "unsupported-by-citation",
            Code::NotInSource => "not-in-source",
            Code::FigureConflict => "figure-conflict",
            Code::FigureRevised => "figure-revised",
            Code::PartnershipConflict => "partnership-conflict",
            Code::PartnershipUnsupported => "partnership-unsupported",
            Code::BadMetadata => "bad-metadata",
            Code::DuplicateId => "duplicate-id",
        }
    }
}

/// Another place a diagnostic points at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    pub path: PathBuf,
    pub range: Range<usize>,
    pub message: String,
}

/// An edit a code action can offer for a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "fix", rename_all = "snake_case")]
pub enum Fix {
    /// Replace the figure's text with the source's.
    ReplaceFigure { range: Range<usize>, text: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub path: PathBuf,
    pub range: Range<usize>,
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    pub related: Vec<Related>,
    pub fix: Option<Fix>,
}

/// Agreement counts behind an entity's card.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct EntityStats {
    /// Claims (figures and partnerships) stated alike by two sources or more.
    pub agreements: usize,
    /// Pairs of sources that disagree.
    pub conflicts: usize,
}

/// Related locations listed per diagnostic before summarizing the rest.
pub const MAX_RELATED: usize = 8;

#[derive(Debug, Clone)]
pub struct Settings {
    pub tolerance: Decimal,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings { tolerance: Decimal::new(5, 2) }
    }
}

#[derive(Debug, Default, Clone)]
pub struct Analysis {
    pub diagnostics: BTreeMap<PathBuf, Vec<Diagnostic>>,
    pub stats: HashMap<EntityId, EntityStats>,
}

impl Analysis {
    pub fn for_path(&self, path: &Path) -> &[Diagnostic] {
        self.diagnostics.get(path).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn all(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.values().flatten()
    }

    fn push(&mut self, d: Diagnostic) {
        self.diagnostics.entry(d.path.clone()).or_default().push(d);
    }

    fn stat(&mut self, entity: EntityId) -> &mut EntityStats {
        self.stats.entry(entity).or_default()
    }
}

/// Checks the whole index.
pub fn analyze(index: &Index, knowledge: &Knowledge, settings: &Settings) -> Analysis {
    let mut analysis = Analysis::default();
    let ctx = Context { index, knowledge, settings };
    for doc in index.docs() {
        for d in document_checks(&ctx, doc) {
            analysis.push(d);
        }
    }
    figure_conflicts::check(&ctx, &mut analysis);
    partnership_conflicts::check(&ctx, &mut analysis);
    for note in index.notes() {
        for d in notes::check(&ctx, note) {
            analysis.push(d);
        }
    }
    for list in analysis.diagnostics.values_mut() {
        list.sort_by(|a, b| (a.range.start, a.code).cmp(&(b.range.start, b.code)));
        list.dedup();
    }
    analysis
}

/// What every check reads.
pub(crate) struct Context<'a> {
    pub index: &'a Index,
    pub knowledge: &'a Knowledge,
    pub settings: &'a Settings,
}

impl Context<'_> {
    pub fn name(&self, id: EntityId) -> &str {
        &self.knowledge.registry.get(id).name
    }

    /// "Apple–Baidu"
    pub fn pair_name(&self, p: &Partnership) -> String {
        format!("{}–{}", self.name(p.a), self.name(p.b))
    }

    /// How a document is named in messages: its id, and its date if known.
    pub fn doc_label(&self, doc: &DocFacts) -> String {
        match doc.meta.date {
            Some(date) => format!("[{}] ({date})", doc.meta.id),
            None => format!("[{}]", doc.meta.id),
        }
    }
}

/// Problems with a document on its own: metadata, citations that lead
/// nowhere, ids used twice.
fn document_checks(ctx: &Context, doc: &DocFacts) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for p in &doc.problems {
        out.push(Diagnostic {
            path: doc.path.clone(),
            range: p.range.clone(),
            severity: Severity::Warning,
            code: Code::BadMetadata,
            message: p.message.clone(),
            related: Vec::new(),
            fix: None,
        });
    }
    for c in &doc.citations {
        let (code, message) = match ctx.index.resolve(&doc.path, c) {
            Resolution::Doc(_) => continue,
            Resolution::Unresolved => (Code::UnresolvedCitation, format!("unresolved citation key `{}`: no document has this id or alias", c.key)),
            Resolution::OutsideWorkspace => (Code::CitationOutsideWorkspace, format!("`{}` is outside the workspace folders: not read", c.key)),
        };
        out.push(Diagnostic { path: doc.path.clone(), range: c.key_range.clone(), severity: Severity::Error, code, message, related: Vec::new(), fix: None });
    }
    if let Some(paths) = ctx.index.duplicate_ids().find(|(id, _)| **id == doc.meta.id).map(|(_, p)| p) {
        let others: Vec<Related> =
            paths.iter().filter(|p| **p != doc.path).map(|p| Related { path: p.clone(), range: 0..0, message: "same id here".to_string() }).collect();
        out.push(Diagnostic {
            path: doc.path.clone(),
            range: 0..0,
            severity: Severity::Warning,
            code: Code::DuplicateId,
            message: format!("document id `{}` is used by {} documents; citations take the first", doc.meta.id, paths.len()),
            related: others,
            fix: None,
        });
    }
    out
}

/// Citations bound to a sentence: the ones inside it, else the ones right
/// after it ("… mensuels. [@002]").
pub(crate) fn citations_of_sentence<'a>(doc: &'a DocFacts, sentence: &Range<usize>) -> Vec<&'a crate::document::Citation> {
    let inside: Vec<_> = doc.citations.iter().filter(|c| c.range.start >= sentence.start && c.range.end <= sentence.end).collect();
    if !inside.is_empty() {
        return inside;
    }
    doc.citations.iter().filter(|c| c.range.start >= sentence.end && c.range.start <= sentence.end + 2).collect()
}
