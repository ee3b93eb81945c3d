//! Go to definition: a citation leads to the cited document (at the
//! supporting sentence when found); an outlet to the documents it
//! published; another entity to the sentences that state facts about it.

use std::path::Path;
use tower_lsp::lsp_types as lsp;

use crate::facts::EntityKind;
use crate::lsp::state::State;

pub fn definition(st: &State, path: &Path, position: lsp::Position) -> Option<lsp::GotoDefinitionResponse> {
    let facts = st.facts(path)?;
    let offset = st.offset(path, position)?;
    let ws = &st.ws;
    let targets = if let Some(c) = facts.citation_at(offset) {
        vec![ws.citation_target(facts, c)?]
    } else if let Some(m) = facts.mention_at(offset) {
        if ws.knowledge().registry.get(m.entity).kind == EntityKind::Outlet {
            ws.documents_of_outlet(m.entity)
        } else {
            ws.statements_about(m.entity)
        }
    } else {
        return None;
    };
    let mut locations: Vec<lsp::Location> = targets.iter().filter_map(|t| st.location(t)).collect();
    match locations.len() {
        0 => None,
        1 => locations.pop().map(lsp::GotoDefinitionResponse::Scalar),
        _ => Some(lsp::GotoDefinitionResponse::Array(locations)),
    }
}
