//! Symbols: a document's entities (at their first mention) with the figures
//! and partnerships stated about them as children; workspace symbols for
//! entities (at their first mention anywhere) and documents.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use tower_lsp::lsp_types as lsp;

use super::completion::symbol_kind;
use crate::extract::DocFacts;
use crate::facts::{EntityId, Figure, Partnership};
use crate::format::figure_value;
use crate::lsp::convert::uri_of;
use crate::lsp::state::State;

/// Workspace symbols answered at most.
const MAX_WORKSPACE_SYMBOLS: usize = 256;

/// "Gemini monthly users: 650 million"
pub fn figure_name(st: &State, f: &Figure) -> String {
    let knowledge = st.ws.knowledge();
    let cadence = f.cadence.map(|c| format!("{} ", c.label())).unwrap_or_default();
    format!("{} {cadence}{}: {}", knowledge.registry.get(f.subject).name, knowledge.lexicon.metric_label(&f.metric), figure_value(f))
}

/// "Apple–Alibaba: reported"
pub fn partnership_name(st: &State, p: &Partnership) -> String {
    let registry = &st.ws.knowledge().registry;
    format!("{}–{}: {}", registry.get(p.a).name, registry.get(p.b).name, p.status.label())
}

struct Entry {
    selection: Range<usize>,
    span: Range<usize>,
    children: Vec<lsp::DocumentSymbol>,
}

#[allow(deprecated)]
fn symbol(
    name: String,
    detail: Option<String>,
    kind: lsp::SymbolKind,
    range: lsp::Range,
    selection: lsp::Range,
    children: Option<Vec<lsp::DocumentSymbol>>,
) -> lsp::DocumentSymbol {
    lsp::DocumentSymbol { name, detail, kind, tags: None, deprecated: None, range, selection_range: selection, children }
}

pub fn document_symbols(st: &State, path: &Path) -> Option<Vec<lsp::DocumentSymbol>> {
    let facts: &DocFacts = st.facts(path)?;
    let registry = &st.ws.knowledge().registry;
    let mut entries: BTreeMap<EntityId, Entry> = BTreeMap::new();
    for m in &facts.mentions {
        entries.entry(m.entity).or_insert_with(|| Entry { selection: m.range.range(), span: m.range.range(), children: Vec::new() });
    }
    let mut add_child = |entity: EntityId, child: lsp::DocumentSymbol, selection: &Range<usize>, sentence: &Range<usize>| {
        let entry = entries.entry(entity).or_insert_with(|| Entry { selection: selection.clone(), span: selection.clone(), children: Vec::new() });
        entry.span = entry.span.start.min(sentence.start)..entry.span.end.max(sentence.end);
        entry.children.push(child);
    };
    for f in &facts.figures {
        let (Some(range), Some(selection)) = (st.range(path, &f.sentence.range()), st.range(path, &f.range.range())) else { continue };
        let child = symbol(figure_name(st, f), Some(f.period.label().to_string()), lsp::SymbolKind::FIELD, range, selection, None);
        add_child(f.subject, child, &f.range.range(), &f.sentence.range());
    }
    for p in &facts.partnerships {
        let (Some(range), Some(selection)) = (st.range(path, &p.sentence.range()), st.range(path, &p.range.range())) else { continue };
        let detail = p.kind.map(|k| k.label().to_string());
        add_child(p.a, symbol(partnership_name(st, p), detail, lsp::SymbolKind::EVENT, range, selection, None), &p.range.range(), &p.sentence.range());
    }
    let mut out: Vec<(usize, lsp::DocumentSymbol)> = Vec::new();
    for (entity, entry) in entries {
        let e = registry.get(entity);
        let (Some(range), Some(selection)) = (st.range(path, &entry.span), st.range(path, &entry.selection)) else { continue };
        let children = (!entry.children.is_empty()).then_some(entry.children);
        out.push((entry.selection.start, symbol(e.name.clone(), Some(e.kind.label().to_string()), symbol_kind(e.kind), range, selection, children)));
    }
    out.sort_by_key(|(start, _)| *start);
    Some(out.into_iter().map(|(_, s)| s).collect())
}

#[allow(deprecated)]
pub fn workspace_symbols(st: &State, query: &str) -> Vec<lsp::SymbolInformation> {
    let query = query.trim().to_lowercase();
    let ws = &st.ws;
    let mut out = Vec::new();
    for e in ws.knowledge().registry.entities() {
        if out.len() >= MAX_WORKSPACE_SYMBOLS {
            break;
        }
        let matches = e.name.to_lowercase().contains(&query) || e.aliases.iter().any(|a| a.to_lowercase().contains(&query));
        if !matches {
            continue;
        }
        let Some(location) = ws.mentions_of(e.id).first().and_then(|l| st.location(l)) else { continue };
        out.push(lsp::SymbolInformation {
            name: e.name.clone(),
            kind: symbol_kind(e.kind),
            tags: None,
            deprecated: None,
            location,
            container_name: Some(e.kind.label().to_string()),
        });
    }
    for doc in ws.index().docs() {
        if out.len() >= MAX_WORKSPACE_SYMBOLS {
            break;
        }
        if !(doc.meta.id.to_lowercase().contains(&query) || doc.meta.title.to_lowercase().contains(&query)) {
            continue;
        }
        let Some(uri) = uri_of(&doc.path) else { continue };
        out.push(lsp::SymbolInformation {
            name: format!("{} — {}", doc.meta.id, doc.meta.title),
            kind: lsp::SymbolKind::FILE,
            tags: None,
            deprecated: None,
            location: lsp::Location { uri, range: lsp::Range::default() },
            container_name: Some(doc.meta.kind_label().to_string()),
        });
    }
    out
}
