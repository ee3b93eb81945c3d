//! Completion: citation keys after `[@`, a word-initial `@` and `[[`;
//! entity names and aliases on a capitalized word of two letters or more.

use std::path::Path;
use tower_lsp::lsp_types as lsp;

use crate::facts::EntityKind;
use crate::lsp::state::State;

/// Characters a citation key may hold.
fn is_key_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | ':' | '.' | '/' | '#')
}

/// Where the partial key starts in `line` (the line up to the cursor), when
/// the cursor is in a citation key.
pub fn citation_key_start(line: &str) -> Option<usize> {
    let start = line.char_indices().rev().take_while(|(_, c)| is_key_char(*c)).last().map_or(line.len(), |(i, _)| i);
    let before = &line[..start];
    if before.ends_with("[[") {
        return Some(start);
    }
    let at = before.strip_suffix('@')?;
    match at.chars().next_back() {
        None => Some(start),
        Some(c) if c == '[' || c == ';' || c == '(' || c.is_whitespace() => Some(start),
        _ => None,
    }
}

/// Where a capitalized word prefix of two letters or more starts.
pub fn entity_prefix_start(line: &str) -> Option<usize> {
    let start = line.char_indices().rev().take_while(|(_, c)| c.is_alphanumeric()).last()?.0;
    let word = &line[start..];
    (word.chars().count() >= 2 && word.chars().next().is_some_and(char::is_uppercase)).then_some(start)
}

pub fn symbol_kind(kind: EntityKind) -> lsp::SymbolKind {
    match kind {
        EntityKind::Company => lsp::SymbolKind::CLASS,
        EntityKind::Product => lsp::SymbolKind::MODULE,
        EntityKind::Person => lsp::SymbolKind::CONSTANT,
        EntityKind::Outlet => lsp::SymbolKind::NAMESPACE,
    }
}

fn completion_kind(kind: EntityKind) -> lsp::CompletionItemKind {
    match kind {
        EntityKind::Company => lsp::CompletionItemKind::CLASS,
        EntityKind::Product => lsp::CompletionItemKind::MODULE,
        EntityKind::Person => lsp::CompletionItemKind::CONSTANT,
        EntityKind::Outlet => lsp::CompletionItemKind::REFERENCE,
    }
}

pub fn completion(st: &State, path: &Path, position: lsp::Position) -> Option<lsp::CompletionResponse> {
    let facts = st.facts(path)?;
    let text = st.text(path)?;
    let offset = facts.line_map.offset(&text, crate::lsp::convert::from_lsp_position(position), st.encoding);
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line = &text[line_start..offset];
    let ws = &st.ws;
    let edit_range = |start: usize| st.range(path, &(line_start + start..offset));

    if let Some(start) = citation_key_start(line) {
        let range = edit_range(start)?;
        let items = ws
            .citation_keys()
            .into_iter()
            .map(|k| {
                let detail = match &k.date {
                    Some(date) => format!("{} · {date}", k.title),
                    None => k.title.clone(),
                };
                lsp::CompletionItem {
                    label: k.key.clone(),
                    kind: Some(lsp::CompletionItemKind::REFERENCE),
                    detail: Some(detail),
                    filter_text: Some(k.key.clone()),
                    text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit { range, new_text: k.key })),
                    ..lsp::CompletionItem::default()
                }
            })
            .collect();
        return Some(lsp::CompletionResponse::Array(items));
    }

    let start = entity_prefix_start(line)?;
    let prefix = line[start..].to_lowercase();
    let range = edit_range(start)?;
    let mut seen = std::collections::HashSet::new();
    let items: Vec<lsp::CompletionItem> = ws
        .entity_names()
        .into_iter()
        .filter(|(name, _, _)| name.to_lowercase().starts_with(&prefix) && seen.insert(name.clone()))
        .map(|(name, kind, canonical)| lsp::CompletionItem {
            label: name.clone(),
            kind: Some(completion_kind(kind)),
            detail: Some(format!("{} · {canonical}", kind.label())),
            filter_text: Some(name.clone()),
            text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit { range, new_text: name })),
            ..lsp::CompletionItem::default()
        })
        .collect();
    (!items.is_empty()).then_some(lsp::CompletionResponse::Array(items))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_citation_contexts() {
        assert_eq!(citation_key_start("voir [@00"), Some(7));
        assert_eq!(citation_key_start("voir [@"), Some(7));
        assert_eq!(citation_key_start("[@a; @00"), Some(6));
        assert_eq!(citation_key_start("comme @00"), Some(7));
        assert_eq!(citation_key_start("@"), Some(1));
        assert_eq!(citation_key_start("lien [[002"), Some(7));
        assert_eq!(citation_key_start("mail a@b"), None);
        assert_eq!(citation_key_start("rien"), None);
    }

    #[test]
    fn finds_capitalized_prefixes() {
        assert_eq!(entity_prefix_start("selon Al"), Some(6));
        assert_eq!(entity_prefix_start("Éc"), Some(0));
        assert_eq!(entity_prefix_start("selon A"), None);
        assert_eq!(entity_prefix_start("selon al"), None);
        assert_eq!(entity_prefix_start("selon "), None);
    }
}
