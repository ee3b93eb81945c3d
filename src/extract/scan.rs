//! One pass over a document's words for every lexicon: the cue families,
//! the entity names, the quantity grammar's gate words and the function
//! words that tell the language share one phrase index, so each word is
//! looked up once.

use std::ops::Range;

use crate::document::language;
use crate::facts::Mention;
use crate::knowledge::Lexicon;
use crate::lang::Lang;
use crate::text::cues::CueHits;
use crate::text::phrases::{PhraseIndex, WordList};

use super::entities::{leftmost_longest, EntityMatcher};
use super::quantity::QuantityLexicon;

#[derive(Debug)]
pub(crate) struct DocScanner {
    /// Phrase ids in groups: the lexicon's cues from 0, the names from
    /// `names_start`, the quantity gate words from `gate_start`, the
    /// function words from `function_start` (their languages in
    /// `function_langs`).
    phrases: PhraseIndex,
    names_start: u32,
    gate_start: u32,
    function_start: u32,
    function_langs: Vec<Lang>,
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
    pub function_words: FunctionWords,
}

impl DocScanner {
    pub fn new(lexicon: &Lexicon, names: &EntityMatcher) -> DocScanner {
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let names_start = count(lexicon.cues.phrases().count());
        let gate_start = names_start.saturating_add(count(names.phrases().count()));
        let gate = QuantityLexicon::builtin().gate_words();
        let function_start = gate_start.saturating_add(count(gate.iter().flatten().count()));
        let function_langs = lexicon.stopwords.words().map(|(_, lang)| lang).collect();
        let phrases = PhraseIndex::new(
            lexicon
                .cues
                .phrases()
                .chain(names.phrases())
                .chain(gate.iter().flatten().map(|w| (w.as_str(), false)))
                .chain(lexicon.stopwords.words().map(|(w, _)| (w, false))),
        );
        DocScanner { phrases, names_start, gate_start, function_start, function_langs, gated: gate.is_some() }
    }

    /// Everything the lexicons find among `words` of `lowered`, the
    /// lowercase shadow of `text`.
    pub fn scan(&self, lexicon: &Lexicon, names: &EntityMatcher, text: &str, lowered: &str, words: &WordList) -> DocScan {
        let mut hits = lexicon.cues.no_hits();
        // Room for a name every 128 bytes and a gate word every 512.
        let mut mentions = Vec::with_capacity(lowered.len() / 128);
        let mut quantity_words = Vec::with_capacity(lowered.len() / 512);
        let mut function_words = FunctionWords::for_text(lowered.len());
        self.phrases.for_each_match_in(lowered, words, |id, range| {
            if id < self.names_start {
                hits.record(&lexicon.cues, id, range);
            } else if id < self.gate_start {
                mentions.extend(names.accept(text, lowered, id - self.names_start, range));
            } else if id < self.function_start {
                quantity_words.push(range);
            } else if let Some(&lang) = self.function_langs.get((id - self.function_start) as usize) {
                function_words.push(lang, range);
            }
        });
        hits.finish();
        DocScan { hits, mentions: leftmost_longest(mentions), quantity_words: self.gated.then_some(quantity_words), function_words }
    }
}

impl DocScan {
    /// Drops what was found before `start` (front matter, header lines).
    pub fn from(mut self, start: usize) -> DocScan {
        self.hits.drop_before(start);
        self.mentions.retain(|m| m.range.start >= start);
        if let Some(words) = &mut self.quantity_words {
            words.retain(|w| w.start >= start);
        }
        self.function_words.drop_before(start);
        self
    }
}

/// The function words of a document, each language's in text order, as
/// (start, end): a range's count is two binary searches (words do not
/// overlap, so their ends are sorted too).
#[derive(Debug, Default)]
pub(crate) struct FunctionWords {
    fr: Vec<(u32, u32)>,
    en: Vec<(u32, u32)>,
}

impl FunctionWords {
    /// Room for a text of `len` bytes: prose has a function word every
    /// dozen bytes or so, in its own language (the lists grown push by push
    /// were a tenth of the allocator's work).
    fn for_text(len: usize) -> FunctionWords {
        FunctionWords { fr: Vec::with_capacity(len / 12), en: Vec::with_capacity(len / 12) }
    }

    fn push(&mut self, lang: Lang, word: Range<usize>) {
        let bound = |offset: usize| u32::try_from(offset).unwrap_or(u32::MAX);
        let words = match lang {
            Lang::Fr => &mut self.fr,
            Lang::En => &mut self.en,
        };
        words.push((bound(word.start), bound(word.end)));
    }

    fn drop_before(&mut self, start: usize) {
        for words in [&mut self.fr, &mut self.en] {
            let before = words.partition_point(|&(s, _)| (s as usize) < start);
            words.drain(..before);
        }
    }

    /// How many of `words` lie inside `range`.
    fn count(words: &[(u32, u32)], range: &Range<usize>) -> usize {
        let first = words.partition_point(|&(s, _)| (s as usize) < range.start);
        let past = words.partition_point(|&(_, e)| (e as usize) <= range.end);
        past.saturating_sub(first)
    }

    /// The language most function words inside `range` belong to; None on
    /// a tie.
    pub fn majority(&self, range: &Range<usize>) -> Option<Lang> {
        language::majority(Self::count(&self.fr, range), Self::count(&self.en, range))
    }

    /// The language of a body: its opening's majority, French on a tie.
    pub fn language_of_body(&self, body: &Range<usize>) -> Lang {
        let opening = body.start..body.end.min(body.start.saturating_add(language::SAMPLE));
        self.majority(&opening).unwrap_or(Lang::Fr)
    }
}
