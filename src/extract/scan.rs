//! One pass over a document's words for every lexicon: the cue families and
//! the entity names share one phrase index, so each word is looked up once.

use crate::facts::Mention;
use crate::knowledge::Lexicon;
use crate::text::cues::CueHits;
use crate::text::phrases::{PhraseIndex, WordList};

use super::entities::{leftmost_longest, EntityMatcher};

#[derive(Debug)]
pub(crate) struct DocScanner {
    /// The lexicon's cues first (ids below `cue_count`), then the names.
    phrases: PhraseIndex,
    cue_count: u32,
}

impl DocScanner {
    pub fn new(lexicon: &Lexicon, names: &EntityMatcher) -> DocScanner {
        let cue_count = lexicon.cues.phrases().count() as u32;
        DocScanner { phrases: PhraseIndex::new(lexicon.cues.phrases().chain(names.phrases())), cue_count }
    }

    /// The cues and the entity mentions among `words` of `lowered`, the
    /// lowercase shadow of `text`.
    pub fn scan(&self, lexicon: &Lexicon, names: &EntityMatcher, text: &str, lowered: &str, words: &WordList) -> (CueHits, Vec<Mention>) {
        let mut hits = lexicon.cues.no_hits();
        let mut mentions = Vec::new();
        self.phrases.for_each_match_in(lowered, words, |id, range| match id.checked_sub(self.cue_count) {
            None => hits.record(&lexicon.cues, id, range),
            Some(name) => mentions.extend(names.accept(text, lowered, name, range)),
        });
        hits.finish();
        (hits, leftmost_longest(mentions))
    }
}
