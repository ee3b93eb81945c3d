//! Cue sets: lists of lexicon words and phrases compiled into one
//! Aho-Corasick automaton, matched on whole words of a lowercased text.
//! A cue ending in `*` matches any word starting with it; an apostrophe in a
//! cue matches both `'` and `’`.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::ops::Range;

use super::{char_at, char_before, is_word_char};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CueMatch<T> {
    pub range: Range<usize>,
    pub value: T,
}

#[derive(Debug, Clone)]
pub struct CueSet<T> {
    automaton: Option<AhoCorasick>,
    /// One entry per automaton pattern: (is a prefix cue, value).
    patterns: Vec<(bool, T)>,
}

impl<T: Clone> CueSet<T> {
    /// Builds a set from `(cue, value)` pairs. Cues are lowercased here.
    pub fn new<'a>(cues: impl IntoIterator<Item = (&'a str, T)>) -> CueSet<T> {
        let mut texts = Vec::new();
        let mut patterns = Vec::new();
        for (cue, value) in cues {
            let cue = cue.trim().to_lowercase();
            let (stem, prefix) = match cue.strip_suffix('*') {
                Some(stem) => (stem.to_string(), true),
                None => (cue, false),
            };
            if stem.is_empty() {
                continue;
            }
            for variant in apostrophe_variants(&stem) {
                texts.push(variant);
                patterns.push((prefix, value.clone()));
            }
        }
        let automaton = if texts.is_empty() {
            None
        } else {
            AhoCorasickBuilder::new().match_kind(MatchKind::LeftmostLongest).build(&texts).ok()
        };
        CueSet { automaton, patterns }
    }

    pub fn empty() -> CueSet<T> {
        CueSet { automaton: None, patterns: Vec::new() }
    }

    /// All whole-word matches in `lowered` (a lowercased text), in order.
    /// Prefix cues extend to the end of the word they start.
    pub fn find_all(&self, lowered: &str) -> Vec<CueMatch<T>> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let mut found = Vec::new();
        for m in automaton.find_iter(lowered) {
            let (prefix, value) = &self.patterns[m.pattern().as_usize()];
            if char_before(lowered, m.start()).is_some_and(is_word_char) {
                continue;
            }
            let mut end = m.end();
            if *prefix {
                end = word_end(lowered, end);
            } else if char_at(lowered, end).is_some_and(is_word_char) {
                continue;
            }
            found.push(CueMatch { range: m.start()..end, value: value.clone() });
        }
        found
    }

    /// True when any cue matches in `lowered`.
    pub fn matches_any(&self, lowered: &str) -> bool {
        !self.find_all(lowered).is_empty()
    }
}

fn word_end(text: &str, from: usize) -> usize {
    let rest = text.get(from..).unwrap_or("");
    from + rest.find(|c: char| !is_word_char(c) && c != '-').unwrap_or(rest.len())
}

fn apostrophe_variants(cue: &str) -> Vec<String> {
    if cue.contains('\'') {
        vec![cue.to_string(), cue.replace('\'', "’")]
    } else {
        vec![cue.to_string()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_prefixes_and_apostrophes() {
        let set = CueSet::new([("négoci*", 1), ("accord", 2), ("d'après", 3)]);
        let text = "les négociations d’après l'accord, désaccord";
        let found: Vec<_> = set.find_all(text).into_iter().map(|m| (&text[m.range], m.value)).collect();
        assert_eq!(found, vec![("négociations", 1), ("d’après", 3), ("accord", 2)]);
    }
}
