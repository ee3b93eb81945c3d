//! Finds registered entities in text: names, aliases and periphrases, in any
//! case ("Openai"), after elisions ("d'OpenAI"), never inside other words,
//! and names that are also common words only when written as names.

use crate::facts::Mention;
use crate::knowledge::{EntityId, Registry};
use crate::text::phrases::{PhraseIndex, WordList};

#[derive(Debug)]
struct Pattern {
    entity: EntityId,
    /// For names that are also common words: the only casing accepted
    /// (besides all capitals).
    exact: Option<String>,
}

#[derive(Debug)]
pub struct EntityMatcher {
    phrases: PhraseIndex,
    /// The names `phrases` was built from, by id.
    texts: Vec<String>,
    patterns: Vec<Pattern>,
    not_entities: Vec<String>,
}

impl EntityMatcher {
    pub fn new(registry: &Registry) -> EntityMatcher {
        let mut texts = Vec::new();
        let mut patterns = Vec::new();
        for entity in registry.entities() {
            let names = std::iter::once(&entity.name).chain(&entity.aliases);
            for name in names {
                let exact = entity.exact_case.then(|| name.clone());
                push_variants(&mut texts, &mut patterns, name, entity.id, exact);
            }
            for periphrasis in &entity.periphrases {
                push_variants(&mut texts, &mut patterns, periphrasis, entity.id, None);
            }
        }
        let phrases = PhraseIndex::new(texts.iter().map(|t| (t, false)));
        EntityMatcher { phrases, texts, patterns, not_entities: registry.not_entities.clone() }
    }

    /// Mentions in `text[range]`, given `lowered`, its lowercase shadow:
    /// at each place, the longest name written as a name, then on after it.
    pub fn find(&self, text: &str, lowered: &str, range: std::ops::Range<usize>) -> Vec<Mention> {
        self.find_in(text, lowered, &WordList::new(lowered, range))
    }

    /// As `find`, over the words of `lowered` already found.
    pub fn find_in(&self, text: &str, lowered: &str, words: &WordList) -> Vec<Mention> {
        let mut found: Vec<Mention> = Vec::new();
        self.phrases.for_each_match_in(lowered, words, |id, range| found.extend(self.accept(text, lowered, id, range)));
        leftmost_longest(found)
    }

    /// Every name as `(phrase, is_prefix)`, by id: for a phrase index
    /// shared with other lexicons, whose matches go to `accept`.
    pub fn phrases(&self) -> impl Iterator<Item = (&str, bool)> {
        self.texts.iter().map(|text| (text.as_str(), false))
    }

    /// The mention a match of name `id` makes, unless the name is also a
    /// common word not written as a name, or marked as not an entity.
    pub fn accept(&self, text: &str, lowered: &str, id: u32, range: std::ops::Range<usize>) -> Option<Mention> {
        let pattern = self.patterns.get(id as usize)?;
        if pattern.exact.as_ref().is_some_and(|exact| !same_name(&text[range.clone()], exact)) {
            return None;
        }
        if !self.not_entities.is_empty() && self.not_entities.iter().any(|n| *n == lowered[range.clone()]) {
            return None;
        }
        Some(Mention { entity: pattern.entity, range })
    }
}

/// At each place the longest mention, then on after it.
pub(crate) fn leftmost_longest(mut found: Vec<Mention>) -> Vec<Mention> {
    found.sort_by(|a, b| a.range.start.cmp(&b.range.start).then(b.range.end.cmp(&a.range.end)));
    let mut next_free = 0;
    found.retain(|m| {
        let keep = m.range.start >= next_free;
        if keep {
            next_free = m.range.end;
        }
        keep
    });
    found
}

fn push_variants(texts: &mut Vec<String>, patterns: &mut Vec<Pattern>, form: &str, entity: EntityId, exact: Option<String>) {
    let lowered = form.to_lowercase();
    let mut variants = vec![lowered.clone()];
    if lowered.contains('\'') {
        variants.push(lowered.replace('\'', "’"));
    }
    for variant in variants {
        texts.push(variant);
        patterns.push(Pattern { entity, exact: exact.clone() });
    }
}

/// `written` is the name as registered, or the name in capitals, with either
/// apostrophe.
fn same_name(written: &str, exact: &str) -> bool {
    let normalized = written.replace('’', "'");
    normalized == exact || normalized == exact.to_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::lowercase_same_offsets;

    fn names(text: &str) -> Vec<(String, String)> {
        let registry = Registry::builtin();
        let matcher = EntityMatcher::new(registry);
        let lowered = lowercase_same_offsets(text);
        matcher.find(text, &lowered, 0..text.len()).into_iter().map(|m| (text[m.range].to_string(), registry.get(m.entity).name.clone())).collect()
    }

    #[test]
    fn real_text_forms() {
        let found = names("La maison mère de ChatGPT, d'OpenAI et d’Openai ; Coreweave, la firme de Tim Cook, Cupertino, l'iPhone SE 4 et Qwen2.5-Max.");
        let expected = [
            ("La maison mère de ChatGPT", "OpenAI"),
            ("OpenAI", "OpenAI"),
            ("Openai", "OpenAI"),
            ("Coreweave", "CoreWeave"),
            ("la firme de Tim Cook", "Apple"),
            ("Cupertino", "Apple"),
            ("iPhone SE 4", "iPhone"),
            ("Qwen2.5-Max", "Qwen"),
        ];
        let expected: Vec<(String, String)> = expected.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn common_words_and_inner_matches_are_not_names() {
        assert!(names("an honor, a vivo performance, an apple pie, the meta question, Googleplex").is_empty());
        assert_eq!(names("Oppo et Honor, Vivo (17%)").len(), 3);
    }
}
