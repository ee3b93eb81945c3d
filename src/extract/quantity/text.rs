//! Character classes, the word tokenizer and phrase matching shared by the
//! lexicon and the grammar. Every position handed out is a char boundary.

/// Longest phrase, in tokens, that the lexicon may hold.
pub(super) const MAX_PHRASE_TOKENS: usize = 6;

/// A token of the text: a word (letters, possibly ending in an elision
/// apostrophe: "d'", "jusqu'"), a run of ASCII digits, or one other character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Tok {
    pub start: usize,
    pub end: usize,
    /// No white space (nor word hyphen) between this token and its neighbour
    /// towards the position the scan started from.
    pub glued: bool,
    /// The token's text folded and hashed (`fold_hash`): phrase sets look
    /// it up several times at one position.
    key: u64,
}

impl Tok {
    fn new(text: &str, start: usize, end: usize, glued: bool) -> Tok {
        Tok { start, end, glued, key: fold_hash(text.get(start..end).unwrap_or("")) }
    }
}

pub(super) fn char_at(text: &str, pos: usize) -> Option<char> {
    text.get(pos..)?.chars().next()
}

pub(super) fn char_before(text: &str, pos: usize) -> Option<char> {
    text.get(..pos)?.chars().next_back()
}

pub(super) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

fn is_word_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

fn is_alpha_at(text: &str, pos: usize) -> bool {
    char_at(text, pos).is_some_and(char::is_alphabetic)
}

fn is_alpha_before(text: &str, pos: usize) -> bool {
    char_before(text, pos).is_some_and(char::is_alphabetic)
}

fn is_alnum_at(text: &str, pos: usize) -> bool {
    char_at(text, pos).is_some_and(char::is_alphanumeric)
}

/// End of the run of letters starting at `pos`.
pub(super) fn letters_end(text: &str, pos: usize) -> usize {
    let bytes = text.as_bytes();
    let mut p = pos;
    // ASCII fast path; decode only from the first non-ASCII byte on.
    while bytes.get(p).is_some_and(u8::is_ascii_alphabetic) {
        p += 1;
    }
    if bytes.get(p).is_some_and(|b| !b.is_ascii()) {
        let rest = text.get(p..).unwrap_or("");
        let len = rest.char_indices().find(|&(_, c)| !c.is_alphabetic()).map_or(rest.len(), |(i, _)| i);
        p += len;
    }
    p
}

/// Start of the run of letters ending at `pos`.
fn letters_start(text: &str, pos: usize) -> usize {
    let head = text.get(..pos).unwrap_or("");
    head.char_indices().rev().take_while(|&(_, c)| c.is_alphabetic()).last().map_or(pos, |(i, _)| i)
}

fn digits_end(text: &str, pos: usize) -> usize {
    let bytes = text.as_bytes();
    let mut p = pos;
    while bytes.get(p).is_some_and(u8::is_ascii_digit) {
        p += 1;
    }
    p
}

fn digits_start(text: &str, pos: usize) -> usize {
    let bytes = text.as_bytes();
    let mut p = pos;
    while p > 0 && bytes.get(p - 1).is_some_and(u8::is_ascii_digit) {
        p -= 1;
    }
    p
}

/// An apostrophe at `pos` elides the word before it when a letter or digit
/// follows, or when the text ends there (a lexicon phrase such as "d'").
fn elides(text: &str, pos: usize) -> bool {
    let after = pos + char_at(text, pos).map_or(0, char::len_utf8);
    after == text.len() || is_alnum_at(text, after)
}

/// End of a word starting at `pos`, elision apostrophe included
/// ("d'euros" → "d'").
fn word_end(text: &str, pos: usize) -> usize {
    let end = letters_end(text, pos);
    match char_at(text, end) {
        Some(c) if is_apostrophe(c) && elides(text, end) => end + c.len_utf8(),
        _ => end,
    }
}

/// What separates tokens: white space, or a hyphen between two letters.
/// Returns the next token position and whether anything was skipped, or
/// None at a paragraph break (two line feeds) or the end of the text.
fn skip_gap_forward(text: &str, pos: usize) -> Option<(usize, bool)> {
    let mut p = pos;
    let mut line_feeds = 0;
    loop {
        let c = char_at(text, p)?;
        let is_gap = c.is_whitespace() || (is_word_hyphen(c) && is_alpha_before(text, p) && is_alpha_at(text, p + c.len_utf8()));
        if !is_gap {
            return Some((p, p != pos));
        }
        if c == '\n' {
            line_feeds += 1;
            if line_feeds >= 2 {
                return None;
            }
        }
        p += c.len_utf8();
    }
}

fn skip_gap_backward(text: &str, pos: usize, floor: usize) -> Option<(usize, bool)> {
    let mut p = pos;
    let mut line_feeds = 0;
    loop {
        if p <= floor {
            return None;
        }
        let c = char_before(text, p)?;
        let before = p - c.len_utf8();
        let is_gap = c.is_whitespace() || (is_word_hyphen(c) && is_alpha_before(text, before) && is_alpha_at(text, p));
        if !is_gap {
            return Some((p, p != pos));
        }
        if c == '\n' {
            line_feeds += 1;
            if line_feeds >= 2 {
                return None;
            }
        }
        p = before;
    }
}

/// The token after `pos` (white space skipped).
pub(super) fn next_tok(text: &str, pos: usize) -> Option<Tok> {
    let (start, gap) = skip_gap_forward(text, pos)?;
    let c = char_at(text, start)?;
    let end = if c.is_alphabetic() {
        word_end(text, start)
    } else if c.is_ascii_digit() {
        digits_end(text, start)
    } else {
        start + c.len_utf8()
    };
    Some(Tok::new(text, start, end, !gap))
}

/// The token before `pos` (white space skipped), not reaching below `floor`.
pub(super) fn prev_tok(text: &str, pos: usize, floor: usize) -> Option<Tok> {
    let (end, gap) = skip_gap_backward(text, pos, floor)?;
    let c = char_before(text, end)?;
    let before = end - c.len_utf8();
    let start = if is_apostrophe(c) && is_alpha_before(text, before) && elides(text, before) {
        letters_start(text, before)
    } else if c.is_alphabetic() {
        letters_start(text, end)
    } else if c.is_ascii_digit() {
        digits_start(text, end)
    } else {
        before
    };
    (start >= floor).then(|| Tok::new(text, start, end, !gap))
}

/// One token of a lexicon phrase, normalised for comparison.
#[derive(Debug, Clone)]
pub(super) struct PhraseTok {
    norm: String,
    /// Compared exactly (the lexicon wrote an upper-case letter, or the
    /// entry kind demands it); otherwise compared case-insensitively.
    exact: bool,
    glued: bool,
    /// `fold_hash` of `norm`: a text token can only match when its key is
    /// this one.
    key: u64,
}

/// Apostrophes are folded to ASCII so that ' and ’ match each other.
fn fold_apostrophe(c: char) -> char {
    if is_apostrophe(c) {
        '\''
    } else {
        c
    }
}

pub(super) fn tokenize_phrase(phrase: &str, force_exact: bool) -> Vec<PhraseTok> {
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(tok) = next_tok(phrase, pos) {
        let raw = phrase.get(tok.start..tok.end).unwrap_or("");
        let exact = force_exact || raw.chars().any(char::is_uppercase);
        let norm: String = raw
            .chars()
            .map(fold_apostrophe)
            .flat_map(|c| {
                let lower: Vec<char> = if exact { vec![c] } else { c.to_lowercase().collect() };
                lower
            })
            .collect();
        let key = fold_hash(&norm);
        out.push(PhraseTok { norm, exact, glued: tok.glued, key });
        pos = tok.end;
    }
    out
}

/// Does the text token equal the phrase token? Keys first: most tokens
/// differ there.
fn tok_is(text: &str, tok: &Tok, pt: &PhraseTok) -> bool {
    tok.key == pt.key && tok_matches(text.get(tok.start..tok.end).unwrap_or(""), pt)
}

/// Does the text token equal the phrase token (case folded unless exact)?
fn tok_matches(raw: &str, pt: &PhraseTok) -> bool {
    let mut want = pt.norm.chars();
    for c in raw.chars().map(fold_apostrophe) {
        if pt.exact || c.is_ascii() {
            let c = if pt.exact { c } else { c.to_ascii_lowercase() };
            if want.next() != Some(c) {
                return false;
            }
        } else {
            for lower in c.to_lowercase() {
                if want.next() != Some(lower) {
                    return false;
                }
            }
        }
    }
    want.next().is_none()
}

/// Up to MAX_PHRASE_TOKENS tokens read from a position, forward or backward,
/// starting with one already read; each read only when a phrase asks for
/// it (most phrases fail at their first or second token).
struct Window<'t> {
    text: &'t str,
    /// Reading backward, not below this offset; None: forward.
    floor: Option<usize>,
    toks: [Tok; MAX_PHRASE_TOKENS],
    len: usize,
    /// No token after the last one read.
    ended: bool,
}

impl<'t> Window<'t> {
    fn forward(text: &'t str, first: Tok) -> Window<'t> {
        Window::starting(text, first, None)
    }

    fn backward(text: &'t str, nearest: Tok, floor: usize) -> Window<'t> {
        Window::starting(text, nearest, Some(floor))
    }

    fn starting(text: &'t str, tok: Tok, floor: Option<usize>) -> Window<'t> {
        let mut toks = [Tok::default(); MAX_PHRASE_TOKENS];
        toks[0] = tok;
        Window { text, floor, toks, len: 1, ended: false }
    }

    /// The `k`-th token from the start (0 is the one given), if there is one.
    fn get(&mut self, k: usize) -> Option<Tok> {
        while self.len <= k && !self.ended {
            let last = self.toks[self.len - 1];
            let next = match self.floor {
                None => next_tok(self.text, last.end),
                Some(floor) => prev_tok(self.text, last.start, floor),
            };
            match (next, self.toks.get_mut(self.len)) {
                (Some(tok), Some(slot)) => {
                    *slot = tok;
                    self.len += 1;
                }
                _ => self.ended = true,
            }
        }
        self.toks.get(k).copied().filter(|_| k < self.len)
    }
}

/// A token's text folded as `tok_matches` compares it (apostrophes to
/// ASCII, case lowered), hashed: phrases are filed under the hash of a
/// token, so a look-up only compares the phrases that hold that very token.
/// Exact tokens ("USD") are filed under their folded hash too, and told
/// apart by `tok_matches`.
fn fold_hash(raw: &str) -> u64 {
    const SPREAD: u64 = 0x9E37_79B9_7F4A_7C15;
    const SEED: u64 = 0x243F_6A88_85A3_08D3;
    let mix = |h: u64, c: u32| (h ^ u64::from(c)).wrapping_mul(SPREAD).rotate_left(23);
    // Tokens are short and nearly always ASCII: one byte at a time without
    // decoding; chars beyond ASCII fold through `to_lowercase`.
    if raw.is_ascii() {
        return raw.bytes().fold(SEED, |h, b| mix(h, u32::from(b.to_ascii_lowercase())));
    }
    raw.chars().map(fold_apostrophe).fold(SEED, |h, c| {
        if c.is_ascii() {
            mix(h, u32::from(c.to_ascii_lowercase()))
        } else {
            c.to_lowercase().fold(h, |h, l| mix(h, u32::from(l)))
        }
    })
}

/// Phrase indices per token hash, sorted by hash, behind a filter of 256
/// bits: most tokens the grammar tries start no phrase of a set, and one
/// bit test turns them away before the binary search.
#[derive(Debug, Clone, Default)]
struct Buckets {
    sorted: Vec<(u64, Vec<usize>)>,
    filter: [u64; 4],
}

impl Buckets {
    fn build<'p>(keys: impl Iterator<Item = Option<&'p PhraseTok>>) -> Buckets {
        let mut b: Vec<(u64, Vec<usize>)> = Vec::new();
        for (i, tok) in keys.enumerate() {
            let Some(key) = tok.map(|t| fold_hash(&t.norm)) else {
                continue;
            };
            match b.binary_search_by_key(&key, |(k, _)| *k) {
                Ok(at) => b.get_mut(at).into_iter().for_each(|(_, v)| v.push(i)),
                Err(at) => b.insert(at, (key, vec![i])),
            }
        }
        let mut filter = [0u64; 4];
        for &(key, _) in &b {
            let bit = Self::filter_bit(key);
            filter[bit / 64] |= 1 << (bit % 64);
        }
        Buckets { sorted: b, filter }
    }

    /// The filter bit of a key: its top eight bits (`fold_hash` mixes
    /// every byte into them).
    fn filter_bit(key: u64) -> usize {
        (key >> 56) as usize
    }

    fn get(&self, tok: Tok) -> Option<&[usize]> {
        let bit = Self::filter_bit(tok.key);
        if self.filter[bit / 64] & (1 << (bit % 64)) == 0 {
            return None;
        }
        let at = self.sorted.binary_search_by_key(&tok.key, |(k, _)| *k).ok()?;
        self.sorted.get(at).map(|(_, v)| v.as_slice())
    }
}

/// A phrase found in the text.
#[derive(Debug, Clone, Copy)]
pub(super) struct PhraseMatch<'s, T> {
    pub value: &'s T,
    pub start: usize,
    pub end: usize,
    /// No gap between the phrase and the position the match started from.
    pub glued: bool,
}

/// Phrases with a value each, matched longest first.
#[derive(Debug, Clone)]
pub(super) struct PhraseSet<T> {
    items: Vec<(Vec<PhraseTok>, T)>,
    by_first: Buckets,
    by_last: Buckets,
}

impl<T> Default for PhraseSet<T> {
    fn default() -> Self {
        PhraseSet { items: Vec::new(), by_first: Buckets::default(), by_last: Buckets::default() }
    }
}

impl<T> PhraseSet<T> {
    pub fn add(&mut self, phrase: &str, value: T, force_exact: bool) -> Result<(), String> {
        let toks = tokenize_phrase(phrase, force_exact);
        if toks.is_empty() {
            return Err(format!("empty phrase {phrase:?}"));
        }
        if toks.len() > MAX_PHRASE_TOKENS {
            return Err(format!("phrase {phrase:?} has more than {MAX_PHRASE_TOKENS} tokens"));
        }
        // Keep longest first so that the first match is the longest one.
        let at = self.items.iter().position(|(t, _)| t.len() < toks.len()).unwrap_or(self.items.len());
        self.items.insert(at, (toks, value));
        self.by_first = Buckets::build(self.items.iter().map(|(t, _)| t.first()));
        self.by_last = Buckets::build(self.items.iter().map(|(t, _)| t.last()));
        Ok(())
    }

    /// First tokens of the phrases whose value passes `keep`.
    pub fn first_tokens_where<'s>(&'s self, keep: impl Fn(&T) -> bool + 's) -> impl Iterator<Item = &'s str> + 's {
        self.items.iter().filter(move |(_, v)| keep(v)).filter_map(|(toks, _)| toks.first().map(|t| t.norm.as_str()))
    }

    /// The most words (runs of word chars, counted token by token) any
    /// phrase of the set holds.
    pub fn most_words(&self) -> usize {
        let words_in = |norm: &str| {
            let mut words = 0;
            crate::text::words::for_each_word(norm, 0..norm.len(), |_, _| words += 1);
            words
        };
        self.items.iter().map(|(toks, _)| toks.iter().map(|t| words_in(&t.norm)).sum()).max().unwrap_or(0)
    }

    /// First tokens of the phrases that `other` does not also hold.
    pub fn first_tokens_not_in<'s, U>(&'s self, other: &'s PhraseSet<U>) -> impl Iterator<Item = &'s str> + 's {
        let same = |a: &[PhraseTok], b: &[PhraseTok]| a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.norm == y.norm);
        self.items.iter().filter(move |(toks, _)| !other.items.iter().any(|(o, _)| same(toks, o))).filter_map(|(toks, _)| toks.first().map(|t| t.norm.as_str()))
    }

    /// Longest phrase starting at the first token after `pos`.
    pub fn match_fwd(&self, text: &str, pos: usize) -> Option<PhraseMatch<'_, T>> {
        self.match_from(text, next_tok(text, pos)?)
    }

    /// Longest phrase starting with `first`, a token already read (several
    /// sets are often tried at the same position).
    pub fn match_from(&self, text: &str, first: Tok) -> Option<PhraseMatch<'_, T>> {
        let candidates = self.by_first.get(first)?;
        let mut window = Window::forward(text, first);
        candidates.iter().find_map(|&i| {
            let (ptoks, value) = self.items.get(i)?;
            let mut last = first;
            for (k, pt) in ptoks.iter().enumerate() {
                let t = window.get(k)?;
                if (k > 0 && t.glued != pt.glued) || !tok_is(text, &t, pt) {
                    return None;
                }
                last = t;
            }
            Some(PhraseMatch { value, start: first.start, end: last.end, glued: first.glued })
        })
    }

    /// Longest phrase ending at the last token before `pos`, not below `floor`.
    pub fn match_bwd(&self, text: &str, pos: usize, floor: usize) -> Option<PhraseMatch<'_, T>> {
        let nearest = prev_tok(text, pos, floor)?;
        let candidates = self.by_last.get(nearest)?;
        let mut window = Window::backward(text, nearest, floor);
        candidates.iter().find_map(|&i| {
            let (ptoks, value) = self.items.get(i)?;
            let mut farthest = nearest;
            // Token j of the window is phrase token n-1-j; its glue towards
            // the right neighbour is the right neighbour's `glued` in the
            // phrase.
            for (j, pt) in ptoks.iter().rev().enumerate() {
                let t = window.get(j)?;
                let glue_ok = j == 0 || ptoks.get(ptoks.len() - j).is_some_and(|r| r.glued == t.glued);
                if !glue_ok || !tok_is(text, &t, pt) {
                    return None;
                }
                farthest = t;
            }
            Some(PhraseMatch { value, start: farthest.start, end: nearest.end, glued: nearest.glued })
        })
    }
}

/// End of a run glued to letters or digits ("Qwen2.5-Max", "13:37",
/// "000_e60ae45b298aeda3", "2026-01-16"), skipped as a whole when it is not
/// a number.
pub(super) fn glued_run_end(text: &str, pos: usize) -> usize {
    let mut p = pos;
    while let Some(c) = char_at(text, p) {
        let next = p + c.len_utf8();
        let joiner = matches!(c, '.' | ',' | ':' | '/' | '-' | '@' | '#' | '&' | '=' | '?' | '+') || is_apostrophe(c);
        let joins = c.is_alphanumeric() || c == '_' || (joiner && is_alnum_at(text, next));
        if !joins {
            break;
        }
        p = next;
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut p = 0;
        while let Some(t) = next_tok(text, p) {
            out.push(&text[t.start..t.end]);
            p = t.end;
        }
        out
    }

    #[test]
    fn tokenizer_splits_elisions_hyphens_and_symbols() {
        assert_eq!(words("jusqu’à 12 Md$ d'euros quatre-vingt-dix"), ["jusqu’", "à", "12", "Md", "$", "d'", "euros", "quatre", "vingt", "dix"]);
        assert_eq!(words("un\n\ndeux"), ["un"]);
    }

    #[test]
    fn backward_tokens_mirror_forward_ones() {
        let text = "près d'un";
        let t = prev_tok(text, text.len() - 2, 0).unwrap();
        assert_eq!(&text[t.start..t.end], "d'");
        assert!(t.glued);
        let t2 = prev_tok(text, t.start, 0).unwrap();
        assert_eq!(&text[t2.start..t2.end], "près");
        assert!(!t2.glued);
    }

    #[test]
    fn phrases_fold_case_and_apostrophes_but_keep_exact_codes() {
        let mut set = PhraseSet::default();
        set.add("jusqu'à", 1, false).unwrap();
        set.add("USD", 2, false).unwrap();
        assert!(set.match_fwd("Jusqu’à", 0).is_some());
        assert!(set.match_fwd("usd", 0).is_none());
        assert_eq!(set.match_bwd("12 USD", 6, 0).map(|m| *m.value), Some(2));
    }
}
