//! Code actions: the core's fixes carried in diagnostics' `data` (replace a
//! figure with the source's), "Cite [@id]" for a note's figure that sources
//! support, and "Add `Word` to corroborate.toml" on an unknown capitalized
//! word. A fix computed on an older buffer version is not offered.

use serde::Deserialize;
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use tower_lsp::lsp_types as lsp;

use crate::document::DocKind;
use crate::extract::DocFacts;
use crate::knowledge::config::CONFIG_FILE;
use crate::lsp::convert::{self, uri_of};
use crate::lsp::state::State;
use crate::text::LineMap;

/// The core's `analysis::Fix` as serialized into a diagnostic's `data`.
#[derive(Debug, Deserialize)]
#[serde(tag = "fix", rename_all = "snake_case")]
enum FixData {
    ReplaceFigure { range: Range<usize>, text: String },
}

#[derive(Debug, Deserialize)]
struct DiagnosticData {
    fix: FixData,
    version: Option<i32>,
}

fn wanted(only: Option<&Vec<lsp::CodeActionKind>>, kind: &lsp::CodeActionKind) -> bool {
    only.is_none_or(|kinds| kinds.iter().any(|k| kind.as_str() == k.as_str() || kind.as_str().starts_with(&format!("{}.", k.as_str()))))
}

pub fn code_actions(st: &State, path: &Path, params: &lsp::CodeActionParams) -> Vec<lsp::CodeActionOrCommand> {
    let Some(facts) = st.facts(path) else { return Vec::new() };
    let only = params.context.only.as_ref();
    let mut out = Vec::new();
    if wanted(only, &lsp::CodeActionKind::QUICKFIX) {
        for d in &params.context.diagnostics {
            if let Some(action) = fix_action(st, path, d) {
                out.push(lsp::CodeActionOrCommand::CodeAction(action));
            }
        }
    }
    if !wanted(only, &lsp::CodeActionKind::REFACTOR_REWRITE) {
        return out;
    }
    let Some(offset) = st.offset(path, params.range.start) else { return out };
    out.extend(cite_actions(st, facts, offset).into_iter().map(lsp::CodeActionOrCommand::CodeAction));
    if let Some(action) = add_entity_action(st, facts, offset) {
        out.push(lsp::CodeActionOrCommand::CodeAction(action));
    }
    out
}

/// A text edit in one document, versioned when the client supports it.
fn edit_document(st: &State, path: &Path, edits: Vec<lsp::TextEdit>) -> Option<lsp::WorkspaceEdit> {
    let uri = uri_of(path)?;
    if st.features.document_changes {
        let document = lsp::TextDocumentEdit {
            text_document: lsp::OptionalVersionedTextDocumentIdentifier { uri, version: st.version(path) },
            edits: edits.into_iter().map(lsp::OneOf::Left).collect(),
        };
        return Some(lsp::WorkspaceEdit { document_changes: Some(lsp::DocumentChanges::Edits(vec![document])), ..Default::default() });
    }
    Some(lsp::WorkspaceEdit { changes: Some(HashMap::from([(uri, edits)])), ..Default::default() })
}

fn fix_action(st: &State, path: &Path, d: &lsp::Diagnostic) -> Option<lsp::CodeAction> {
    if d.source.as_deref() != Some(convert::SOURCE) {
        return None;
    }
    let data: DiagnosticData = serde_json::from_value(d.data.clone()?).ok()?;
    if data.version != st.version(path) {
        tracing::debug!("fix computed on version {:?}, buffer at {:?}: not offered", data.version, st.version(path));
        return None;
    }
    let FixData::ReplaceFigure { range, text } = data.fix;
    let edit = lsp::TextEdit { range: st.range(path, &range)?, new_text: text.clone() };
    Some(lsp::CodeAction {
        title: format!("Replace with the source's figure: {text}"),
        kind: Some(lsp::CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![d.clone()]),
        edit: Some(edit_document(st, path, vec![edit])?),
        is_preferred: Some(true),
        ..Default::default()
    })
}

/// Where ` [@id]` goes: before the sentence's final punctuation.
fn citation_insertion(text: &str, sentence: &Range<usize>) -> usize {
    let s = text.get(sentence.clone()).unwrap_or("");
    let trimmed = s.trim_end();
    let end = sentence.start + trimmed.len();
    match trimmed.chars().next_back() {
        Some(c @ ('.' | '!' | '?' | '…')) => end - c.len_utf8(),
        _ => end,
    }
}

fn cite_actions(st: &State, facts: &DocFacts, offset: usize) -> Vec<lsp::CodeAction> {
    if facts.meta.kind != DocKind::Note || facts.figure_at(offset).is_none() {
        return Vec::new();
    }
    let (Some(sentence), Some(text)) = (facts.sentence_at(offset), st.text(&facts.path)) else { return Vec::new() };
    let cited: Vec<&str> = crate::analysis::citations_of_sentence(facts, &sentence).iter().map(|c| c.key.as_str()).collect();
    let at = citation_insertion(&text, &sentence);
    let Some(position) = st.position(&facts.path, at) else { return Vec::new() };
    st.ws
        .supporting_sources(facts, offset)
        .into_iter()
        .filter(|(key, _)| !cited.contains(&key.as_str()))
        .filter_map(|(key, _)| {
            let edit = lsp::TextEdit { range: lsp::Range { start: position, end: position }, new_text: format!(" [@{key}]") };
            Some(lsp::CodeAction {
                title: format!("Cite [@{key}]"),
                kind: Some(lsp::CodeActionKind::REFACTOR_REWRITE),
                edit: Some(edit_document(st, &facts.path, vec![edit])?),
                ..Default::default()
            })
        })
        .collect()
}

/// The word around `offset`: letters, digits, inner hyphens.
fn word_at(text: &str, offset: usize) -> Option<Range<usize>> {
    let offset = offset.min(text.len());
    if !text.is_char_boundary(offset) {
        return None;
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '-';
    let start = text[..offset].char_indices().rev().take_while(|(_, c)| is_word(*c)).last().map_or(offset, |(i, _)| i);
    let end = offset + text[offset..].chars().take_while(|c| is_word(*c)).map(char::len_utf8).sum::<usize>();
    let word = text[start..end].trim_matches('-');
    let start = start + text[start..end].find(word)?;
    (!word.is_empty()).then(|| start..start + word.len())
}

fn slug(word: &str) -> String {
    word.chars().map(|c| if c.is_alphanumeric() { c.to_lowercase().next().unwrap_or(c) } else { '-' }).collect()
}

fn add_entity_action(st: &State, facts: &DocFacts, offset: usize) -> Option<lsp::CodeAction> {
    if offset < facts.body.range().start || facts.mention_at(offset).is_some() || facts.citation_at(offset).is_some() {
        return None;
    }
    let text = st.text(&facts.path)?;
    let range = word_at(&text, offset)?;
    let word = &text[range.clone()];
    if !word.chars().next().is_some_and(char::is_uppercase) || word.chars().filter(|c| c.is_alphabetic()).count() < 3 {
        return None;
    }
    let sentence = facts.sentence_at(offset)?;
    let sentence_start = sentence.start + text.get(sentence.clone())?.len() - text.get(sentence.clone())?.trim_start().len();
    if range.start <= sentence_start {
        return None;
    }
    let registry = &st.ws.knowledge().registry;
    if registry.lookup_name(word).is_some() || registry.not_entities.contains(&word.to_lowercase()) {
        return None;
    }
    let config = st.root().join(CONFIG_FILE);
    let uri = uri_of(&config)?;
    let current = match st.docs.get(&config) {
        Some(doc) => Some(doc.rope.to_string()),
        None => std::fs::read_to_string(&config).ok(),
    };
    let exists = current.is_some();
    let current = current.unwrap_or_default();
    let end = convert::to_lsp_position(LineMap::new(&current).position(current.len(), st.encoding));
    let separator = match current.as_str() {
        "" => "",
        c if c.ends_with("\n\n") => "",
        c if c.ends_with('\n') => "\n",
        _ => "\n\n",
    };
    let block = format!("{separator}[[entity]]\nid = \"{}\"\nname = \"{word}\"\nkind = \"company\"\n", slug(word));
    let insert = lsp::TextEdit { range: lsp::Range { start: end, end }, new_text: block };
    let edit = if st.features.document_changes && st.features.create_files {
        let create = lsp::ResourceOp::Create(lsp::CreateFile {
            uri: uri.clone(),
            options: Some(lsp::CreateFileOptions { overwrite: Some(false), ignore_if_exists: Some(true) }),
            annotation_id: None,
        });
        let text_edit =
            lsp::TextDocumentEdit { text_document: lsp::OptionalVersionedTextDocumentIdentifier { uri, version: None }, edits: vec![lsp::OneOf::Left(insert)] };
        lsp::WorkspaceEdit {
            document_changes: Some(lsp::DocumentChanges::Operations(vec![
                lsp::DocumentChangeOperation::Op(create),
                lsp::DocumentChangeOperation::Edit(text_edit),
            ])),
            ..Default::default()
        }
    } else if exists {
        lsp::WorkspaceEdit { changes: Some(HashMap::from([(uri, vec![insert])])), ..Default::default() }
    } else {
        // The client cannot create the file.
        return None;
    };
    Some(lsp::CodeAction {
        title: format!("Add `{word}` to corroborate.toml as an entity"),
        kind: Some(lsp::CodeActionKind::REFACTOR_REWRITE),
        edit: Some(edit),
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_insertion_points() {
        let text = "Selon Zorglub-Tech, ça monte.";
        assert_eq!(&text[word_at(text, 8).unwrap()], "Zorglub-Tech");
        assert_eq!(&text[word_at(text, 6).unwrap()], "Zorglub-Tech");
        assert_eq!(&text[word_at(text, 5).unwrap()], "Selon", "the end of a word is in it");
        assert_eq!(word_at("a  b", 2), None);
        assert_eq!(citation_insertion(text, &(0..text.len())), text.len() - 1);
        assert_eq!(citation_insertion("a b", &(0..3)), 3);
        assert_eq!(slug("Zorglub-Tech"), "zorglub-tech");
    }
}
