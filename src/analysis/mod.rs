//! Analysis: checks facts against each other and against the sources notes
//! cite, producing diagnostics and per-entity agreement counts.
//! Invariant: a pure function of the index and the settings, whether
//! computed at once or brought up to date part by part (`incremental`).

pub mod card;
pub mod compare;
mod figure_conflicts;
mod incremental;
mod notes;
mod partnership_conflicts;

use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::extract::DocFacts;
use crate::facts::{EntityId, Figure, Partnership};
use crate::index::{FastMap, Index, Resolution};
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

/// The analysis of a workspace: diagnostics by path and agreement counts
/// by entity, plus the per-part results and reverse maps that let
/// `reanalyze` recompute only what a change touches.
#[derive(Debug, Default, Clone)]
pub struct Analysis {
    pub diagnostics: BTreeMap<PathBuf, Vec<Diagnostic>>,
    pub stats: FastMap<EntityId, EntityStats>,
    parts: incremental::Parts,
}

impl Analysis {
    pub fn for_path(&self, path: &Path) -> &[Diagnostic] {
        self.diagnostics.get(path).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn all(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.values().flatten()
    }

    /// Records that the document at a path changed: `old` are its facts
    /// before (None when it is new), `new` after (None when removed).
    /// `index` is the index after the change. The next `update` recomputes
    /// only the parts this touches.
    pub fn doc_changed(&mut self, index: &Index, old: Option<&Arc<DocFacts>>, new: Option<&Arc<DocFacts>>) {
        self.parts.doc_changed(index, old, new);
    }

    /// Forgets every partial result: the next `update` checks everything
    /// (after a settings change, or a bulk load).
    pub fn invalidate(&mut self) {
        self.parts.invalidate();
    }

    /// Whether the next `update` is incremental: false before the first
    /// full run and after `invalidate`, when `doc_changed` records nothing.
    pub fn is_complete(&self) -> bool {
        self.parts.is_complete()
    }

    /// Brings the analysis up to date with `index`: everything on the
    /// first call or after `invalidate`, else only the dirty parts.
    pub fn update(&mut self, index: &Index, knowledge: &Knowledge, settings: &Settings) {
        incremental::update(self, index, knowledge, settings);
    }

    /// How many documents, figure groups and partnership pairs the last
    /// `update` recomputed (for tests and benchmarks).
    pub fn last_update_work(&self) -> UpdateWork {
        self.parts.last_work
    }
}

/// What one `update` recomputed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UpdateWork {
    pub full: bool,
    pub documents: usize,
    pub notes: usize,
    pub figure_groups: usize,
    pub pairs: usize,
}

/// Checks the whole index.
pub fn analyze(index: &Index, knowledge: &Knowledge, settings: &Settings) -> Analysis {
    let mut analysis = Analysis::default();
    analysis.update(index, knowledge, settings);
    analysis
}

/// A partnership pair, smaller id first.
pub type Pair = (EntityId, EntityId);

/// What every check reads.
pub(crate) struct Context<'a> {
    pub index: &'a Index,
    pub knowledge: &'a Knowledge,
    pub settings: &'a Settings,
    /// Source documents stating a figure of each key, by path.
    pub figure_groups: &'a FastMap<FigureKey, Vec<Arc<DocFacts>>>,
    /// Source documents stating a partnership of each pair, by path.
    pub pair_groups: &'a FastMap<Pair, Vec<Arc<DocFacts>>>,
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

    /// The source figures of a key, in path order then document order.
    pub fn figures_of<'k>(&'k self, key: &'k FigureKey) -> impl Iterator<Item = (&'k Arc<DocFacts>, &'k Figure)> + Clone + 'k {
        self.figure_groups.get(key).into_iter().flatten().flat_map(move |doc| doc.figures.iter().filter(|f| key.matches(f)).map(move |f| (doc, f)))
    }

    /// The source statements of a pair, in path order then document order.
    pub fn statements_of(&self, pair: Pair) -> Vec<(&Arc<DocFacts>, &Partnership)> {
        let mut out = Vec::new();
        for doc in self.pair_groups.get(&pair).into_iter().flatten() {
            out.extend(doc.partnerships.iter().filter(|p| p.pair() == pair).map(|p| (doc, p)));
        }
        out
    }
}

/// Problems with a document on its own: metadata, citations that lead
/// nowhere, ids used twice.
fn document_checks(ctx: &Context, doc: &DocFacts) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for p in doc.problems() {
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
    for c in doc.citations() {
        let (code, message) = match ctx.index.resolve(&doc.path, c) {
            Resolution::Doc(_) => continue,
            Resolution::Unresolved => (Code::UnresolvedCitation, format!("unresolved citation key `{}`: no document has this id or alias", c.key)),
            Resolution::OutsideWorkspace => (Code::CitationOutsideWorkspace, format!("`{}` is outside the workspace folders: not read", c.key)),
        };
        out.push(Diagnostic { path: doc.path.clone(), range: c.key_range.clone(), severity: Severity::Error, code, message, related: Vec::new(), fix: None });
    }
    let same_id = ctx.index.docs_with_key(&doc.meta.id);
    if same_id.len() > 1 {
        let others: Vec<Related> =
            same_id.iter().filter(|d| d.path != doc.path).map(|d| Related { path: d.path.clone(), range: 0..0, message: "same id here".to_string() }).collect();
        out.push(Diagnostic {
            path: doc.path.clone(),
            range: 0..0,
            severity: Severity::Warning,
            code: Code::DuplicateId,
            message: format!("document id `{}` is used by {} documents; citations take the first", doc.meta.id, same_id.len()),
            related: others,
            fix: None,
        });
    }
    out
}

/// Citations bound to a sentence: the ones inside it, else the ones right
/// after it ("… mensuels. [@002]").
pub(crate) fn citations_of_sentence<'a>(doc: &'a DocFacts, sentence: &Range<usize>) -> Vec<&'a crate::document::Citation> {
    let inside: Vec<_> = doc.citations().iter().filter(|c| c.range.start >= sentence.start && c.range.end <= sentence.end).collect();
    if !inside.is_empty() {
        return inside;
    }
    doc.citations().iter().filter(|c| c.range.start >= sentence.end && c.range.start <= sentence.end + 2).collect()
}
