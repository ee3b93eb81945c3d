//! Inlay hints: after a figure, its normalized value ("= 12 billion USD")
//! when it reads differently from the text.

use std::path::Path;
use tower_lsp::lsp_types as lsp;

use crate::format::figure_value;
use crate::lsp::state::State;

pub fn inlay_hints(st: &State, path: &Path, range: lsp::Range) -> Vec<lsp::InlayHint> {
    let Some(facts) = st.facts(path) else { return Vec::new() };
    let (Some(start), Some(end)) = (st.offset(path, range.start), st.offset(path, range.end)) else { return Vec::new() };
    facts
        .figures
        .iter()
        .filter(|f| f.range.range().end >= start && f.range.range().start <= end)
        .filter_map(|f| {
            let value = figure_value(f);
            if value.replace(' ', "") == f.text.replace([' ', '\u{a0}', '\u{202f}'], "") {
                return None;
            }
            Some(lsp::InlayHint {
                position: st.position(path, f.range.range().end)?,
                label: lsp::InlayHintLabel::String(format!("= {value}")),
                kind: None,
                text_edits: None,
                tooltip: None,
                padding_left: Some(true),
                padding_right: Some(false),
                data: None,
            })
        })
        .collect()
}
