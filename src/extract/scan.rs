//! One pass over a document's prose for every lexicon: the cue families,
//! the entity names and the quantity grammar's gate words share one phrase
//! index, so each word is looked up once. (The function words that tell a
//! language are counted apart, only where a language is needed:
//! `document::language::FunctionWords`.)

use std::ops::Range;

use crate::facts::Mention;
use crate::knowledge::Lexicon;
use crate::text::cues::CueHits;
use crate::text::phrases::{PhraseIndex, WordList};

use super::entities::{leftmost_longest, EntityMatcher};
use super::quantity::QuantityLexicon;

#[derive(Debug)]
pub(crate) struct DocScanner {
    /// Phrase ids in groups: the lexicon's cues from 0, the names from
    /// `names_start`, the quantity gate words from `gate_start`.
    phrases: PhraseIndex,
    names_start: u32,
    gate_start: u32,
    /// False when the quantity lexicon offers no gate: every sentence is
    /// then read for quantities.
    gated: bool,
}

/// What one pass over a document finds, in text order.
pub(crate) struct DocScan {
    pub hits: CueHits,
    pub mentions: Vec<Mention>,
    /// Where the quantity grammar's gate words are; None when there is no
    /// gate.
    pub quantity_words: Option<Vec<Range<usize>>>,
    /// Where every match starts, sorted: cues, names and gate words alike
    /// (a sentence with none of them may state nothing: `QuietSentences`).
    pub starts: Vec<usize>,
}

impl DocScanner {
    pub fn new(lexicon: &Lexicon, names: &EntityMatcher) -> DocScanner {
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let names_start = count(lexicon.cues.phrases().count());
        let gate_start = names_start.saturating_add(count(names.phrases().count()));
        let gate = QuantityLexicon::builtin().gate_words();
        let phrases = PhraseIndex::new(lexicon.cues.phrases().chain(names.phrases()).chain(gate.iter().flatten().map(|w| (w.as_str(), false))));
        DocScanner { phrases, names_start, gate_start, gated: gate.is_some() }
    }

    /// Everything the lexicons find in `range` (the prose) among `words`
    /// of `lowered`, the lowercase shadow of `text`.
    pub fn scan(&self, lexicon: &Lexicon, names: &EntityMatcher, text: &str, lowered: &str, words: &WordList, range: Range<usize>) -> DocScan {
        let mut hits = lexicon.cues.no_hits();
        // Room for a name every 128 bytes and a gate word every 512.
        let mut mentions = Vec::with_capacity(lowered.len() / 128);
        let mut quantity_words = Vec::with_capacity(lowered.len() / 512);
        let mut starts = Vec::with_capacity(lowered.len() / 64);
        self.phrases.for_each_match_within(lowered, words, range, |id, range| {
            starts.push(range.start);
            if id < self.names_start {
                hits.record(&lexicon.cues, id, range);
            } else if id < self.gate_start {
                mentions.extend(names.accept(text, lowered, id - self.names_start, range));
            } else {
                quantity_words.push(range);
            }
        });
        hits.finish();
        // In order but for the phrases that start with a non-word char,
        // found after the rest.
        starts.sort_unstable();
        DocScan { hits, mentions: leftmost_longest(mentions), quantity_words: self.gated.then_some(quantity_words), starts }
    }
}
