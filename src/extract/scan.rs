//! One pass over a document's words for every lexicon: the cue families,
//! the entity names and the quantity grammar's gate words share one phrase
//! index, so each word is looked up once.

use std::ops::Range;

use crate::facts::Mention;
use crate::knowledge::Lexicon;
use crate::text::cues::CueHits;
use crate::text::phrases::{PhraseIndex, WordList};

use super::entities::{leftmost_longest, EntityMatcher};
use super::quantity::QuantityLexicon;

#[derive(Debug)]
pub(crate) struct DocScanner {
    /// The lexicon's cues first (ids below `cue_count`), then the names
    /// (below `gate_start`), then the quantity gate words.
    phrases: PhraseIndex,
    cue_count: u32,
    gate_start: u32,
    /// False when the quantity lexicon offers no gate: every sentence is
    /// then scanned for quantities.
    gated: bool,
}

/// What one pass over a document finds.
pub(crate) struct DocScan {
    pub hits: CueHits,
    pub mentions: Vec<Mention>,
    /// Where the quantity grammar's gate words are, in order; None when
    /// there is no gate.
    pub quantity_words: Option<Vec<Range<usize>>>,
}

impl DocScanner {
    pub fn new(lexicon: &Lexicon, names: &EntityMatcher) -> DocScanner {
        let cue_count = lexicon.cues.phrases().count() as u32;
        let gate_start = cue_count + names.phrases().count() as u32;
        let gate = QuantityLexicon::builtin().gate_words();
        let gate_phrases = gate.iter().flatten().map(|w| (w.as_str(), false));
        let phrases = PhraseIndex::new(lexicon.cues.phrases().chain(names.phrases()).chain(gate_phrases));
        DocScanner { phrases, cue_count, gate_start, gated: gate.is_some() }
    }

    /// The cues, entity mentions and quantity words among `words` of
    /// `lowered`, the lowercase shadow of `text`.
    pub fn scan(&self, lexicon: &Lexicon, names: &EntityMatcher, text: &str, lowered: &str, words: &WordList) -> DocScan {
        let mut hits = lexicon.cues.no_hits();
        let mut mentions = Vec::new();
        let mut quantity_words = Vec::new();
        self.phrases.for_each_match_in(lowered, words, |id, range| {
            if id < self.cue_count {
                hits.record(&lexicon.cues, id, range);
            } else if id < self.gate_start {
                mentions.extend(names.accept(text, lowered, id - self.cue_count, range));
            } else {
                quantity_words.push(range);
            }
        });
        hits.finish();
        DocScan { hits, mentions: leftmost_longest(mentions), quantity_words: self.gated.then_some(quantity_words) }
    }
}
