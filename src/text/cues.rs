//! Cues: lexicon words and phrases matched on whole words of a lowercased
//! text. All families of a lexicon share one Aho-Corasick DFA stepped once
//! through each document (`CueIndex::scan`); each family then keeps its own
//! leftmost-longest, non-overlapping matches. A cue ending in `*` matches
//! any word starting with it; an apostrophe matches both `'` and `’`.

use aho_corasick::automaton::Automaton;
use aho_corasick::{dfa::DFA, Anchored, MatchKind};
use std::ops::Range;

use super::{char_at, char_before, is_word_char};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CueMatch<T> {
    pub range: Range<usize>,
    pub value: T,
}

/// One family of cues (say, hedges) inside a `CueIndex`.
#[derive(Debug, Clone)]
pub struct Family<T> {
    id: usize,
    values: Vec<T>,
}

#[derive(Debug, Clone, Copy)]
struct Pattern {
    family: u32,
    value: u32,
    prefix: bool,
}

/// Collects families, then builds the shared automaton.
#[derive(Default)]
pub struct CueIndexBuilder {
    texts: Vec<String>,
    patterns: Vec<Pattern>,
    families: usize,
}

impl CueIndexBuilder {
    /// Adds a family of `(cue, value)` pairs. Cues are lowercased here.
    pub fn family<'a, T>(&mut self, cues: impl IntoIterator<Item = (&'a str, T)>) -> Family<T> {
        let id = self.families;
        self.families += 1;
        let mut values = Vec::new();
        for (cue, value) in cues {
            let cue = cue.trim().to_lowercase();
            let (stem, prefix) = match cue.strip_suffix('*') {
                Some(stem) => (stem.to_string(), true),
                None => (cue, false),
            };
            if stem.is_empty() {
                continue;
            }
            let value_index = values.len() as u32;
            values.push(value);
            for variant in apostrophe_variants(&stem) {
                self.texts.push(variant);
                self.patterns.push(Pattern { family: id as u32, value: value_index, prefix });
            }
        }
        Family { id, values }
    }

    pub fn build(self) -> CueIndex {
        let automaton = if self.texts.is_empty() { None } else { DFA::builder().match_kind(MatchKind::Standard).build(&self.texts).ok() };
        CueIndex { automaton, patterns: self.patterns, families: self.families }
    }
}

#[derive(Debug, Clone)]
pub struct CueIndex {
    automaton: Option<DFA>,
    patterns: Vec<Pattern>,
    families: usize,
}

/// Every family's matches in one text: (range, value index), sorted.
#[derive(Debug, Clone, Default)]
pub struct CueHits {
    by_family: Vec<Vec<(Range<usize>, u32)>>,
}

impl CueIndex {
    /// Scans `lowered` (a lowercased text) once for every family.
    pub fn scan(&self, lowered: &str) -> CueHits {
        let mut by_family: Vec<Vec<(Range<usize>, u32)>> = vec![Vec::new(); self.families];
        let Some(dfa) = &self.automaton else {
            return CueHits { by_family };
        };
        let Ok(mut state) = dfa.start_state(Anchored::No) else {
            return CueHits { by_family };
        };
        // Stepping the DFA by hand rather than through its overlapping
        // iterator: most matches end inside a word ("la" in "relation")
        // and are dropped here at the cost of a few instructions each.
        for (at, &byte) in lowered.as_bytes().iter().enumerate() {
            state = dfa.next_state(Anchored::No, state, byte);
            if !dfa.is_special(state) || !dfa.is_match(state) {
                continue;
            }
            let end = at + 1;
            let glued_after = char_at(lowered, end).is_some_and(is_word_char);
            for i in 0..dfa.match_len(state) {
                let id = dfa.match_pattern(state, i);
                let pattern = self.patterns[id.as_usize()];
                if glued_after && !pattern.prefix {
                    continue;
                }
                let start = end - dfa.pattern_len(id);
                if char_before(lowered, start).is_some_and(is_word_char) {
                    continue;
                }
                let end = if pattern.prefix { word_end(lowered, end) } else { end };
                by_family[pattern.family as usize].push((start..end, pattern.value));
            }
        }
        for hits in &mut by_family {
            keep_leftmost_longest(hits);
        }
        CueHits { by_family }
    }
}

/// Greedy left to right: at each start the longest match, then resume
/// after its end.
fn keep_leftmost_longest(hits: &mut Vec<(Range<usize>, u32)>) {
    hits.sort_by(|a, b| a.0.start.cmp(&b.0.start).then(b.0.end.cmp(&a.0.end)));
    let mut next_free = 0;
    hits.retain(|(range, _)| {
        let keep = range.start >= next_free;
        if keep {
            next_free = range.end;
        }
        keep
    });
}

impl<T: Clone> Family<T> {
    /// This family's matches among `hits`, shifted by `offset`.
    pub fn matches(&self, hits: &CueHits, offset: usize) -> Vec<CueMatch<T>> {
        hits.by_family
            .get(self.id)
            .into_iter()
            .flatten()
            .map(|(range, value)| CueMatch { range: range.start + offset..range.end + offset, value: self.values[*value as usize].clone() })
            .collect()
    }

    /// Scans `lowered` for this family alone.
    pub fn find_all(&self, index: &CueIndex, lowered: &str) -> Vec<CueMatch<T>> {
        self.matches(&index.scan(lowered), 0)
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

/// A standalone set of cues (one family with its own automaton).
#[derive(Debug, Clone)]
pub struct CueSet<T> {
    index: CueIndex,
    family: Family<T>,
}

impl<T: Clone> CueSet<T> {
    pub fn new<'a>(cues: impl IntoIterator<Item = (&'a str, T)>) -> CueSet<T> {
        let mut builder = CueIndexBuilder::default();
        let family = builder.family(cues);
        CueSet { index: builder.build(), family }
    }

    pub fn find_all(&self, lowered: &str) -> Vec<CueMatch<T>> {
        self.family.find_all(&self.index, lowered)
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

    #[test]
    fn families_share_one_scan_and_keep_their_own_longest_matches() {
        let mut builder = CueIndexBuilder::default();
        let hedges = builder.family([("selon une source", ())]);
        let attribution = builder.family([("selon", ())]);
        let index = builder.build();
        let text = "selon une source proche";
        let hits = index.scan(text);
        assert_eq!(hedges.matches(&hits, 0).len(), 1);
        assert_eq!(attribution.matches(&hits, 0)[0].range, 0..5);
    }

    #[test]
    fn a_longer_cue_glued_to_a_word_does_not_hide_a_shorter_one() {
        let set = CueSet::new([("accord", 1), ("accords", 2)]);
        assert_eq!(set.find_all("accordsx accord").len(), 1);
        assert_eq!(set.find_all("un accord").len(), 1);
    }
}
