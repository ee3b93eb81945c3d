//! Hover: an entity's card, a cited document's card or a figure's card,
//! over the hovered range; Markdown when the client renders it.

use std::path::Path;
use tower_lsp::lsp_types as lsp;

use crate::analysis::card::{document_markdown, figure_markdown, render_markdown, render_text, SourceRef};
use crate::index::Resolution;
use crate::lsp::convert::line_link;
use crate::lsp::state::State;

pub fn hover(st: &State, path: &Path, position: lsp::Position) -> Option<lsp::Hover> {
    let facts = st.facts(path)?;
    let offset = st.offset(path, position)?;
    let ws = &st.ws;
    let markdown = st.features.markdown_hover;
    let (value, range) = if let Some(m) = facts.mention_at(offset) {
        let card = ws.entity_card(m.entity);
        let text = if markdown { render_markdown(&card, &|s: &SourceRef| line_link(&s.path, s.line)) } else { render_text(&card) };
        (text, m.range.range())
    } else if let Some(c) = facts.citation_at(offset) {
        let Resolution::Doc(target) = ws.index().resolve(&facts.path, c) else { return None };
        (document_markdown(ws.index().get(&target)?, ws.knowledge()), c.range.clone())
    } else if let Some(f) = facts.figure_at(offset) {
        (figure_markdown(ws.index(), ws.knowledge(), facts, f, ws.settings().tolerance), f.range.range())
    } else {
        return None;
    };
    let kind = if markdown { lsp::MarkupKind::Markdown } else { lsp::MarkupKind::PlainText };
    Some(lsp::Hover { contents: lsp::HoverContents::Markup(lsp::MarkupContent { kind, value }), range: st.range(path, &range) })
}
