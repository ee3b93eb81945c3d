//! Phrases matched where words start. A table keyed by a word's first bytes
//! gives the few phrases that can start with that word, each then compared
//! byte for byte. The lexicons hold thousands of phrases: an automaton over
//! them outgrows a core's cache and is stepped on every byte, while prose
//! has one word start every six bytes and most words select no phrase.
//!
//! A phrase matches at a word start (no word char before it) and ends at a
//! word end, or anywhere inside a word for a prefix phrase, whose match then
//! runs to the end of that word ("négoci" + "ations"). Texts and phrases are
//! compared as bytes: callers hand in lowercased text and phrases.

use std::ops::Range;

use super::is_word_char;

/// Leading bytes of a word that select the prefix phrases it may start:
/// stems of three bytes ("gpu*") are keyed by three, longer ones by four
/// (fewer candidates per key than three would give: "par" starts many).
const STEM_KEY_BYTES: usize = 4;
const SHORT_STEM_KEY_BYTES: usize = 3;

#[derive(Debug, Clone)]
struct Phrase {
    bytes: Box<[u8]>,
    /// The first eight bytes (fewer for a short phrase) as an integer: most
    /// candidates differ there and are turned away without a comparison.
    head: u64,
    prefix: bool,
}

/// Where a phrase is filed, from its words (maximal runs of word chars).
enum Filing {
    /// One whole word: by that word.
    OneWord(u64),
    /// Two or more whole words: by the first two (the first word's hash,
    /// the pair's hash).
    TwoWords(u64, u64),
    /// A first word that is a stem ("partenariat*"): by its first bytes
    /// (the key, how many bytes it holds).
    Stem(u64, usize),
    /// A stem shorter than the short stem key ("ia*"): tried at every word.
    ShortStem,
    /// A second word that is a stem ("data center*"): by the first word.
    FirstWordOnly(u64),
    /// Starts with a non-word char ("$", "@"): searched for on its own.
    Unanchored,
}

#[derive(Debug, Clone, Default)]
pub struct PhraseIndex {
    phrases: Vec<Phrase>,
    /// Every filed phrase under its key: a word's hash (one-word phrases,
    /// and phrases ending in a stem after their first word), a pair of
    /// words' hash, or a stem's hash.
    by_key: Table,
    short_stems: Vec<u32>,
    unanchored: Vec<u32>,
    /// Which keys a word may hold, one bit each: most words of a text start
    /// no phrase and are turned away by these bits.
    word_keys: BitFilter,
    pair_starts: BitFilter,
    stem_keys: BitFilter,
    /// The first `SHORT_STEM_KEY_BYTES` bytes of every stem, whatever its
    /// key: one look-up turns away the words that start no stem.
    stem_starts: BitFilter,
    /// Whether some stem is keyed by `SHORT_STEM_KEY_BYTES` bytes.
    short_stem_keys: bool,
}

/// A word of a text: a maximal run of word chars, with the hash of its
/// bytes and its first eight bytes (fewer for a short word) as an integer.
#[derive(Debug, Clone, Copy)]
pub struct Word {
    pub start: usize,
    pub end: usize,
    hash: u64,
    head: u64,
}

impl Word {
    fn at(text: &[u8], start: usize, end: usize) -> Word {
        let head = lane_at(text, start, end);
        Word { start, end, hash: word_hash(text, start, end, head), head }
    }

    /// The key of its first `key_bytes` bytes (it has that many).
    fn stem_key(&self, key_bytes: usize) -> u64 {
        stem_hash_of_lane(self.head & low_bytes(key_bytes))
    }
}

/// The words of a range of a lowercased text, found once and shared by the
/// phrase indexes run over it.
#[derive(Debug, Clone)]
pub struct WordList {
    range: Range<usize>,
    words: Vec<Word>,
}

impl WordList {
    pub fn new(lowered: &str, range: Range<usize>) -> WordList {
        let limit = range.end.min(lowered.len());
        let bytes = lowered.as_bytes();
        // About one word every six bytes in prose.
        let mut words = Vec::with_capacity(limit.saturating_sub(range.start) / 5);
        super::words::for_each_word(lowered, range.start..limit, |start, end| words.push(Word::at(bytes, start, end)));
        WordList { range: range.start..limit, words }
    }

    pub fn words(&self) -> &[Word] {
        &self.words
    }
}

impl PhraseIndex {
    /// Indexes `(phrase, is_prefix)` pairs; a phrase's id is its position.
    /// Empty phrases never match.
    pub fn new<S: AsRef<str>>(phrases: impl IntoIterator<Item = (S, bool)>) -> PhraseIndex {
        let mut index = PhraseIndex::default();
        let mut by_key = Vec::new();
        for (id, (text, prefix)) in (0u32..).zip(phrases) {
            let text = text.as_ref();
            let head = lane_at(text.as_bytes(), 0, text.len());
            index.phrases.push(Phrase { bytes: text.as_bytes().into(), head, prefix });
            if text.is_empty() {
                continue;
            }
            match filing(text, prefix) {
                Filing::OneWord(key) | Filing::FirstWordOnly(key) => {
                    index.word_keys.insert(key);
                    by_key.push((key, id));
                }
                Filing::TwoWords(first, key) => {
                    index.pair_starts.insert(first);
                    by_key.push((key, id));
                }
                Filing::Stem(key, key_bytes) => {
                    index.short_stem_keys |= key_bytes == SHORT_STEM_KEY_BYTES;
                    index.stem_keys.insert(key);
                    index.stem_starts.insert(stem_hash(text.as_bytes(), 0, SHORT_STEM_KEY_BYTES));
                    by_key.push((key, id));
                }
                Filing::ShortStem => index.short_stems.push(id),
                Filing::Unanchored => index.unanchored.push(id),
            }
        }
        index.by_key = Table::new(by_key);
        index
    }

    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// Calls `found(phrase id, range)` for every occurrence of every phrase
    /// inside `lowered[range]`, word-anchored phrases in order of start.
    pub fn for_each_match(&self, lowered: &str, range: Range<usize>, found: impl FnMut(u32, Range<usize>)) {
        self.for_each_match_in(lowered, &WordList::new(lowered, range), found);
    }

    /// As `for_each_match`, over words already found.
    pub fn for_each_match_in(&self, lowered: &str, words: &WordList, found: impl FnMut(u32, Range<usize>)) {
        self.for_each_match_within(lowered, words, words.range.clone(), found);
    }

    /// As `for_each_match_in`, for the phrases that start and end inside
    /// `range` (within the words' range): one binary search finds its
    /// first word, so that a short range of a long text costs its words.
    pub fn for_each_match_within(&self, lowered: &str, words: &WordList, range: Range<usize>, mut found: impl FnMut(u32, Range<usize>)) {
        let limit = range.end.min(words.range.end);
        let start = range.start.max(words.range.start);
        let mut i = words.words.partition_point(|w| w.start < start);
        while let Some(&word) = words.words.get(i).filter(|w| w.start < limit) {
            i += 1;
            self.try_word(lowered, word, words.words.get(i), limit, &mut found);
        }
        for &id in &self.unanchored {
            let bytes = &self.phrases[id as usize].bytes;
            let Some(haystack) = lowered.as_bytes().get(start..limit) else { continue };
            for offset in memchr::memmem::find_iter(haystack, bytes) {
                let at = start + offset;
                if super::char_before(lowered, at).is_some_and(is_word_char) {
                    continue;
                }
                if let Some(matched) = self.ends(lowered, id, at, limit) {
                    found(id, matched);
                }
            }
        }
    }

    /// Tries the phrases that can start with `word`, followed by `next`.
    fn try_word(&self, lowered: &str, word: Word, next: Option<&Word>, limit: usize, found: &mut impl FnMut(u32, Range<usize>)) {
        if self.word_keys.contains(word.hash) {
            // Most phrases filed under a word are that word: its bytes are
            // compared and nothing else (a word is a maximal run, glued to
            // nothing, unless the range cut it).
            let len = word.end - word.start;
            let whole = word.end < limit;
            for &id in self.by_key.get(word.hash) {
                let phrase = &self.phrases[id as usize];
                if whole && phrase.bytes.len() == len && !phrase.prefix {
                    let same = phrase.head == word.head && (len <= 8 || lowered.as_bytes().get(word.start..word.end) == Some(&phrase.bytes[..]));
                    if same {
                        found(id, word.start..word.end);
                    }
                } else if let Some(matched) = self.ends(lowered, id, word.start, limit) {
                    found(id, matched);
                }
            }
        }
        let mut try_all = |ids: &[u32]| {
            for &id in ids {
                if let Some(matched) = self.ends(lowered, id, word.start, limit) {
                    found(id, matched);
                }
            }
        };
        if let Some(next) = next.filter(|_| self.pair_starts.contains(word.hash)) {
            try_all(self.by_key.get(pair_hash(word.hash, next.hash)));
        }
        let len = word.end - word.start;
        if len >= SHORT_STEM_KEY_BYTES && self.stem_starts.contains(word.stem_key(SHORT_STEM_KEY_BYTES)) {
            for key_bytes in [STEM_KEY_BYTES, SHORT_STEM_KEY_BYTES] {
                if len < key_bytes || (key_bytes == SHORT_STEM_KEY_BYTES && !self.short_stem_keys) {
                    continue;
                }
                let stem = word.stem_key(key_bytes);
                if self.stem_keys.contains(stem) {
                    try_all(self.by_key.get(stem));
                }
            }
        }
        if !self.short_stems.is_empty() {
            try_all(&self.short_stems);
        }
    }

    /// The range phrase `id` covers when it starts at `start`, if it does
    /// and ends where a phrase may end, before `limit`.
    fn ends(&self, lowered: &str, id: u32, start: usize, limit: usize) -> Option<Range<usize>> {
        let phrase = &self.phrases[id as usize];
        let end = start + phrase.bytes.len();
        if end > limit || lane_at(lowered.as_bytes(), start, end) != phrase.head {
            return None;
        }
        if phrase.bytes.len() > 8 && lowered.as_bytes().get(start..end) != Some(&phrase.bytes[..]) {
            return None;
        }
        if phrase.prefix {
            return Some(start..prefix_word_end(lowered, end, limit));
        }
        let glued = super::char_at(lowered, end).is_some_and(is_word_char);
        (!glued).then_some(start..end)
    }
}

/// Single words, each with a value, found among the words of a `WordList`
/// with one probe each. For a small set (it is built in quadratic time)
/// looked up in a range on demand, such as the function words that tell a
/// language, where a `PhraseIndex`'s tries of pairs and stems would be
/// wasted.
#[derive(Debug, Clone)]
pub struct WordTable<T> {
    /// (bytes, first eight bytes as an integer, value).
    entries: Vec<(Box<[u8]>, u64, T)>,
    keys: BitFilter,
    by_hash: Table,
}

impl<T> Default for WordTable<T> {
    fn default() -> WordTable<T> {
        WordTable { entries: Vec::new(), keys: BitFilter::default(), by_hash: Table::default() }
    }
}

impl<T> WordTable<T> {
    /// The words and their values; an entry that is not one whole word
    /// (a run of word chars) is returned as the error. A repeated word
    /// keeps its first value.
    pub fn new<S: AsRef<str>>(words: impl IntoIterator<Item = (S, T)>) -> Result<WordTable<T>, String> {
        let mut entries: Vec<(Box<[u8]>, u64, T)> = Vec::new();
        let mut by_hash = Vec::new();
        let mut keys = BitFilter::default();
        for (word, value) in words {
            let word = word.as_ref();
            if word.is_empty() || !word.chars().all(is_word_char) {
                return Err(word.to_string());
            }
            if entries.iter().any(|(bytes, ..)| **bytes == *word.as_bytes()) {
                continue;
            }
            let key = Word::at(word.as_bytes(), 0, word.len());
            keys.insert(key.hash);
            by_hash.push((key.hash, entries.len() as u32));
            entries.push((word.as_bytes().into(), key.head, value));
        }
        Ok(WordTable { entries, keys, by_hash: Table::new(by_hash) })
    }

    /// Calls `found(value)` for each word of `words` inside `range` (of
    /// `lowered`, their text) that the table holds, in text order.
    pub fn for_each_in(&self, lowered: &str, words: &WordList, range: Range<usize>, mut found: impl FnMut(&T)) {
        let first = words.words.partition_point(|w| w.start < range.start);
        for word in words.words[first..].iter().take_while(|w| w.end <= range.end) {
            if !self.keys.contains(word.hash) {
                continue;
            }
            let len = word.end - word.start;
            for &id in self.by_hash.get(word.hash) {
                let (bytes, head, value) = &self.entries[id as usize];
                if bytes.len() == len && *head == word.head && (len <= 8 || lowered.as_bytes().get(word.start..word.end) == Some(&bytes[..])) {
                    found(value);
                }
            }
        }
    }
}

fn filing(text: &str, prefix: bool) -> Filing {
    let words = WordList::new(text, 0..text.len()).words;
    let bytes = text.as_bytes();
    let ends_in_word = words.last().is_some_and(|w| w.end == text.len());
    let is_stem = |i: usize| prefix && ends_in_word && i + 1 == words.len();
    match words.as_slice() {
        [first, ..] if first.start > 0 => Filing::Unanchored,
        [] => Filing::Unanchored,
        [first] if is_stem(0) && first.end < SHORT_STEM_KEY_BYTES => Filing::ShortStem,
        [first] if is_stem(0) => {
            let key_bytes = first.end.min(STEM_KEY_BYTES);
            Filing::Stem(stem_hash(bytes, 0, key_bytes), key_bytes)
        }
        [first] => Filing::OneWord(first.hash),
        [first, _] if is_stem(1) => Filing::FirstWordOnly(first.hash),
        [first, second, ..] => Filing::TwoWords(first.hash, pair_hash(first.hash, second.hash)),
    }
}

/// End of the word a prefix phrase ends in: word chars and hyphens.
fn prefix_word_end(text: &str, from: usize, limit: usize) -> usize {
    let rest = text.get(from..limit).unwrap_or("");
    from + rest.find(|c: char| !is_word_char(c) && c != '-').unwrap_or(rest.len())
}

/// Up to eight bytes of `text[at..end]` as a little-endian integer, zero
/// above the end.
fn lane_at(text: &[u8], at: usize, end: usize) -> u64 {
    let len = end.saturating_sub(at).min(8);
    match text.get(at..at + 8).and_then(|lane| <[u8; 8]>::try_from(lane).ok()) {
        Some(lane) if len == 8 => u64::from_le_bytes(lane),
        Some(lane) => u64::from_le_bytes(lane) & ((1u64 << (8 * len)) - 1),
        None => text.get(at..at + len).unwrap_or(&[]).iter().rev().fold(0u64, |lane, &b| lane << 8 | u64::from(b)),
    }
}

const SPREAD: u64 = 0x9E37_79B9_7F4A_7C15;

/// The hash of the word `text[start..end]` whose first lane is `head`,
/// eight bytes at a time, never 0 (an empty slot).
fn word_hash(text: &[u8], start: usize, end: usize, head: u64) -> u64 {
    let mut hash = (((end - start) as u64) ^ head).wrapping_mul(SPREAD);
    hash ^= hash >> 32;
    let mut at = start + 8;
    while at < end {
        hash = (hash ^ lane_at(text, at, end)).wrapping_mul(SPREAD);
        hash ^= hash >> 32;
        at += 8;
    }
    hash | 1
}

fn pair_hash(first: u64, second: u64) -> u64 {
    let hash = (first.rotate_left(23) ^ second).wrapping_mul(SPREAD);
    (hash ^ hash >> 29) | 1
}

/// The key of the first `key_bytes` bytes of the word at `start` (it has
/// that many), unlike any word's or pair's key but by chance.
fn stem_hash(text: &[u8], start: usize, key_bytes: usize) -> u64 {
    stem_hash_of_lane(lane_at(text, start, start + key_bytes))
}

fn stem_hash_of_lane(lane: u64) -> u64 {
    let hash = (lane ^ 0x5157_0000_0000_0000).wrapping_mul(SPREAD);
    (hash ^ hash >> 31) | 1
}

/// A mask of the `n` low bytes (n ≤ 8).
fn low_bytes(n: usize) -> u64 {
    if n >= 8 {
        u64::MAX
    } else {
        (1u64 << (8 * n)) - 1
    }
}

/// A set of hashes that may answer "maybe" for a hash not in it, never
/// "no" for one in it: 2^14 bits, two kilobytes, so that the filters stay
/// in the first-level cache. A fixed-size array, so that a hash's word is
/// found without a bounds check.
#[derive(Debug, Clone)]
struct BitFilter(Box<[u64; BitFilter::WORDS]>);

impl Default for BitFilter {
    fn default() -> BitFilter {
        BitFilter(Box::new([0; BitFilter::WORDS]))
    }
}

impl BitFilter {
    const WORDS: usize = 1 << 8;

    /// The top 14 bits: below `WORDS * 64`.
    fn bit(hash: u64) -> usize {
        (hash >> 50) as usize
    }

    fn insert(&mut self, hash: u64) {
        let bit = Self::bit(hash);
        self.0[bit / 64] |= 1 << (bit % 64);
    }

    fn contains(&self, hash: u64) -> bool {
        let bit = Self::bit(hash);
        self.0[bit / 64] & (1 << (bit % 64)) != 0
    }
}

/// Hash → phrase ids, open addressing: small enough to stay in cache.
#[derive(Debug, Clone, Default)]
struct Table {
    /// (hash, first id, end of ids) in `ids`; hash 0 marks an empty slot.
    slots: Vec<(u64, u32, u32)>,
    ids: Vec<u32>,
}

impl Table {
    fn new(mut entries: Vec<(u64, u32)>) -> Table {
        entries.sort_unstable();
        let groups: Vec<&[(u64, u32)]> = entries.chunk_by(|a, b| a.0 == b.0).collect();
        let size = (groups.len() * 2).next_power_of_two().max(8);
        let mut table = Table { slots: vec![(0, 0, 0); size], ids: Vec::with_capacity(entries.len()) };
        for group in groups {
            let first = table.ids.len() as u32;
            table.ids.extend(group.iter().map(|&(_, id)| id));
            let mut slot = group[0].0 as usize & (size - 1);
            while table.slots[slot].0 != 0 {
                slot = (slot + 1) & (size - 1);
            }
            table.slots[slot] = (group[0].0, first, table.ids.len() as u32);
        }
        table
    }

    fn get(&self, hash: u64) -> &[u32] {
        if self.slots.is_empty() {
            return &[];
        }
        let mask = self.slots.len() - 1;
        let mut slot = hash as usize & mask;
        loop {
            let (key, first, end) = self.slots[slot];
            if key == hash {
                return &self.ids[first as usize..end as usize];
            }
            if key == 0 {
                return &[];
            }
            slot = (slot + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(phrases: &[(&str, bool)], text: &str) -> Vec<(String, u32)> {
        let index = PhraseIndex::new(phrases.iter().copied());
        let mut found = Vec::new();
        index.for_each_match(text, 0..text.len(), |id, range| found.push((range, id)));
        // At one start, the order of phrases is not specified.
        found.sort_by_key(|(range, _)| (range.start, std::cmp::Reverse(range.end)));
        found.into_iter().map(|(range, id)| (text[range].to_string(), id)).collect()
    }

    #[test]
    fn whole_words_prefixes_and_phrases() {
        let phrases = [("accord", false), ("négoci", true), ("selon une source", false), ("selon", false), ("gp", true)];
        let found = matches(&phrases, "désaccord, accords, négociations, accord; selon une source, gpus");
        let expected = [("négociations", 1), ("accord", 0), ("selon une source", 2), ("selon", 3), ("gpus", 4)];
        assert_eq!(found, expected.map(|(s, id)| (s.to_string(), id)));
    }

    #[test]
    fn short_words_elisions_and_odd_starts() {
        let phrases = [("d'après", false), ("d’après", false), ("de", false), ("$ai", false), ("qwen2.5-max", false)];
        let found = matches(&phrases, "d’après de des qwen2.5-max x$ai $ai");
        let expected = [("d’après", 1), ("de", 2), ("qwen2.5-max", 4), ("$ai", 3)];
        assert_eq!(found, expected.map(|(s, id)| (s.to_string(), id)));
    }

    /// The definition: at every start not glued to a word char, every
    /// phrase the text spells there, ending at a word end (a prefix phrase:
    /// anywhere, then running to its word's end), before the range's end.
    fn reference(phrases: &[(String, bool)], text: &str, range: Range<usize>) -> Vec<(usize, usize, u32)> {
        let mut found = Vec::new();
        for start in (range.start..range.end).filter(|&p| text.is_char_boundary(p)) {
            if super::super::char_before(text, start).is_some_and(is_word_char) {
                continue;
            }
            for (id, (phrase, prefix)) in (0u32..).zip(phrases) {
                let end = start + phrase.len();
                if phrase.is_empty() || end > range.end || !text[start..].starts_with(phrase.as_str()) {
                    continue;
                }
                if *prefix {
                    found.push((start, prefix_word_end(text, end, range.end), id));
                } else if !super::super::char_at(text, end).is_some_and(is_word_char) {
                    found.push((start, end, id));
                }
            }
        }
        found.sort();
        found
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        #[test]
        fn finds_what_the_definition_finds(
            phrases in proptest::collection::vec((proptest::sample::select(vec![
                "apple", "app", "apples", "selon", "selon une source", "une", "d'après", "négoci", "gp", "data center", "x", "inc.", "$ai", "é",
            ]), proptest::bool::weighted(0.3)), 1..8),
            words in proptest::collection::vec(proptest::sample::select(vec![
                "apple", "apples", "xapple", "app", "selon", "une", "source", "d'", "après", "négociations", "gpus", "data", "center", "centers",
                "inc.", "$ai", "x", "é", " ", " ", ", ", "-", "_", "2",
            ]), 0..16),
            cut in 0usize..4,
        ) {
            let phrases: Vec<(String, bool)> = phrases.into_iter().map(|(p, prefix)| (p.to_string(), prefix)).collect();
            let text = words.concat();
            let mut start = cut.min(text.len());
            while !text.is_char_boundary(start) { start -= 1; }
            let mut end = text.len().saturating_sub(cut).max(start);
            while !text.is_char_boundary(end) { end += 1; }
            let index = PhraseIndex::new(phrases.iter().map(|(p, prefix)| (p.as_str(), *prefix)));
            let expected = reference(&phrases, &text, start..end);
            let mut found = Vec::new();
            index.for_each_match(&text, start..end, |id, range| found.push((range.start, range.end, id)));
            found.sort();
            proptest::prop_assert_eq!(&found, &expected, "{:?} in {:?}[{}..{}]", phrases, text, start, end);
            // The same range read among the words of the whole text.
            let mut within = Vec::new();
            index.for_each_match_within(&text, &WordList::new(&text, 0..text.len()), start..end, |id, range| within.push((range.start, range.end, id)));
            within.sort();
            proptest::prop_assert_eq!(within, expected, "within {:?}[{}..{}]", text, start, end);
        }
    }

    proptest::proptest! {
        /// A word table finds the words of the range that it holds, and
        /// nothing glued to more word chars.
        #[test]
        fn a_word_table_finds_its_whole_words(
            words in proptest::collection::vec(proptest::sample::select(vec![
                "le", "les", "de", "the", "thesis", "été", "étés", "l", "a", "aa", "selon", "selonx", " ", " ", "'", ", ", "-", "_", "2", "é",
            ]), 0..24),
            from in 0usize..30,
            len in 0usize..30,
        ) {
            let table = WordTable::new([("le", 1), ("de", 2), ("the", 3), ("été", 4), ("a", 5), ("selon", 6), ("le", 7)]).unwrap_or_else(|w| panic!("{w}"));
            let text = words.concat();
            let mut start = from.min(text.len());
            while !text.is_char_boundary(start) { start -= 1; }
            let mut end = (start + len).min(text.len());
            while !text.is_char_boundary(end) { end += 1; }
            let all = WordList::new(&text, 0..text.len());
            let mut found = Vec::new();
            table.for_each_in(&text, &all, start..end, |&value| found.push(value));
            let value_of = |w: &str| [("le", 1), ("de", 2), ("the", 3), ("été", 4), ("a", 5), ("selon", 6)].iter().find(|(t, _)| *t == w).map(|&(_, v)| v);
            let expected: Vec<i32> = all.words().iter().filter(|w| start <= w.start && w.end <= end).filter_map(|w| value_of(&text[w.start..w.end])).collect();
            proptest::prop_assert_eq!(found, expected, "{:?}[{}..{}]", text, start, end);
        }
    }

    #[test]
    fn a_word_table_takes_single_words_only() {
        assert_eq!(WordTable::new([("selon", ()), ("d'après", ())]).err(), Some("d'après".to_string()));
        assert_eq!(WordTable::new([("", ())]).err(), Some(String::new()));
    }

    #[test]
    fn a_range_bounds_starts_and_ends() {
        let index = PhraseIndex::new([("apple", false)]);
        let text = "xapple apple applex";
        let mut found = Vec::new();
        index.for_each_match(text, 2..18, |_, range| found.push(range));
        assert_eq!(found, vec![7..12], "not glued before 2, nor after 18");
    }
}
