//! Cues: lexicon words and phrases matched on whole words of a lowercased
//! text. All families of a lexicon share one phrase index run once through
//! each document (`CueIndex::scan`); each family then keeps its own
//! leftmost-longest, non-overlapping matches. A cue ending in `*` matches
//! any word starting with it; an apostrophe matches both `'` and `’`.

use std::ops::Range;

use super::phrases::{PhraseIndex, WordList};

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
        let phrases = PhraseIndex::new(self.texts.iter().zip(&self.patterns).map(|(text, pattern)| (text, pattern.prefix)));
        CueIndex { phrases, texts: self.texts, patterns: self.patterns, families: self.families }
    }
}

#[derive(Debug, Clone)]
pub struct CueIndex {
    phrases: PhraseIndex,
    /// The phrases `phrases` was built from, by id.
    texts: Vec<String>,
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
        self.scan_words(lowered, &WordList::new(lowered, 0..lowered.len()))
    }

    /// Scans the words of `lowered` already found, once for every family.
    pub fn scan_words(&self, lowered: &str, words: &WordList) -> CueHits {
        let mut hits = self.no_hits();
        self.phrases.for_each_match_in(lowered, words, |id, range| hits.record(self, id, range));
        hits.finish();
        hits
    }

    /// Every cue as `(phrase, is_prefix)`, by id: for a phrase index shared
    /// with other lexicons, whose matches go to `CueHits::record`.
    pub fn phrases(&self) -> impl Iterator<Item = (&str, bool)> {
        self.texts.iter().zip(&self.patterns).map(|(text, pattern)| (text.as_str(), pattern.prefix))
    }

    pub fn no_hits(&self) -> CueHits {
        CueHits { by_family: vec![Vec::new(); self.families] }
    }
}

impl CueHits {
    /// Records a match of phrase `id` of `index`.
    pub fn record(&mut self, index: &CueIndex, id: u32, range: Range<usize>) {
        if let Some(pattern) = index.patterns.get(id as usize) {
            self.by_family[pattern.family as usize].push((range, pattern.value));
        }
    }

    /// Keeps each family's leftmost-longest matches, once all are recorded.
    pub fn finish(&mut self) {
        for hits in &mut self.by_family {
            keep_leftmost_longest(hits);
        }
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
