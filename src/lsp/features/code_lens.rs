//! Code lenses: at each entity's first mention in a document, how many
//! documents mention it and how many claims about it agree or conflict.

use std::collections::HashSet;
use std::path::Path;
use tower_lsp::lsp_types as lsp;

use crate::lsp::state::State;

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn code_lenses(st: &State, path: &Path) -> Vec<lsp::CodeLens> {
    let Some(facts) = st.facts(path) else { return Vec::new() };
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for m in &facts.mentions {
        if !seen.insert(m.entity) {
            continue;
        }
        let Some(range) = st.range(path, &m.range.range()) else { continue };
        let card = st.ws.entity_card(m.entity);
        let title = format!(
            "{}: {} · {} agreed · {}",
            card.name,
            plural(card.documents, "document", "documents"),
            card.stats.agreements,
            plural(card.stats.conflicts, "conflict", "conflicts")
        );
        // No command id: an informational lens, not clickable.
        out.push(lsp::CodeLens { range, command: Some(lsp::Command { title, command: String::new(), arguments: None }), data: None });
    }
    out
}
