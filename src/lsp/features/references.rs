//! Find references: every mention of an entity; the documents citing a
//! cited document; elsewhere, the documents citing this one.

use std::path::Path;
use tower_lsp::lsp_types as lsp;

use crate::index::Resolution;
use crate::lsp::state::State;

pub fn references(st: &State, path: &Path, position: lsp::Position, include_declaration: bool) -> Option<Vec<lsp::Location>> {
    let facts = st.facts(path)?;
    let offset = st.offset(path, position)?;
    let ws = &st.ws;
    let found = if let Some(m) = facts.mention_at(offset) {
        // Mentions have no declaration: every one is a reference.
        let _ = include_declaration;
        ws.mentions_of(m.entity)
    } else if let Some(c) = facts.citation_at(offset) {
        match ws.index().resolve(&facts.path, c) {
            Resolution::Doc(target) => ws.backlinks(&target),
            _ => return None,
        }
    } else {
        ws.backlinks(path)
    };
    Some(found.iter().filter_map(|l| st.location(l)).collect())
}
