//! Which anchors of a text the grammar must read. Most sentences of news
//! prose hold no quantity at all, and most that do hold only digits, while
//! the scanner stops at every word that may start a spelled number ("un",
//! "a", "des": articles). A text holding none of the lexicon's gate words
//! (`QuantityLexicon::gate_words`) can only hold quantities that start at a
//! digit; one holding no digit either holds none.
//!
//! Gate words are found by the caller as whole words of the lowercased
//! text (runs of `is_word_char`), while the grammar reads runs of letters.
//! The two agree unless a letter touches a word char that is no letter: an
//! ASCII digit glued to a letter ("12milliards"), a `_`, or a numeric char
//! beyond ASCII ("milliards²"). Those texts are read from every anchor.
//!
//! Where they agree, a word runs as far as a token of the grammar, and
//! a quantity that starts at a word holds a gate word among its first
//! words: a non-article number word is one, and an article, a half or a
//! vague phrase is followed by a scale or a number word, which are gate
//! words. So a text with gate words is read at the words that stand no
//! further than the lexicon's longest such phrase before a gate word
//! (`LangLexicon::gate_reach`), not at every word.

/// Where the scanner stops in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchors {
    /// The text holds no quantity: nothing to read.
    None,
    /// At ASCII digits only: no quantity of the text starts at a word.
    Digits,
    /// At digits, and at the words that may start a spelled number or a
    /// vague amount when a gate word starts no more than the lexicon's
    /// reach of words after them: a quantity that starts at a word holds a
    /// gate word within its first words ("un milliard", "une dizaine de
    /// milliards", "deux"), so the articles and vague words far from any
    /// gate word start none. The gate words' starts (byte offsets in the
    /// text, ascending).
    NearGates(Vec<usize>),
    /// At digits and at every word that may start a spelled number or a
    /// vague amount (the gate words do not tell where: see the module doc).
    All,
}

/// The anchors `text` needs, given where its gate words start (byte
/// offsets, ascending; empty when it has none).
pub fn anchors(text: &str, gates: Vec<usize>) -> Anchors {
    let ByteFlags { digit, underscore, beyond_latin_letters } = ByteFlags::of(text.as_bytes());
    if underscore || (beyond_latin_letters && has_numeric_beyond_ascii(text)) {
        return Anchors::All;
    }
    if gates.is_empty() && !digit {
        return Anchors::None;
    }
    if digit && digit_glued_to_letter(text) {
        Anchors::All
    } else if gates.is_empty() {
        Anchors::Digits
    } else {
        Anchors::NearGates(gates)
    }
}

/// What a text's bytes hold, for the anchors it needs.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct ByteFlags {
    digit: bool,
    underscore: bool,
    /// A lead byte other than 0xC3, which leads only Latin-1 letters (é,
    /// à, ç): French prose has little else beyond ASCII.
    beyond_latin_letters: bool,
}

impl ByteFlags {
    /// One fold over every byte, without a branch: sixteen bytes a step by
    /// vector compares on x86-64 (SSE2, its baseline). The last step reads
    /// the last sixteen bytes, again in part (a fold minds no repeats), so
    /// only a text shorter than that is read byte by byte.
    #[cfg(target_arch = "x86_64")]
    fn of(bytes: &[u8]) -> ByteFlags {
        use std::arch::x86_64::{
            __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_max_epu8, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8, _mm_setzero_si128,
            _mm_sub_epi8,
        };
        let Some(last) = bytes.len().checked_sub(16) else { return ByteFlags::of_each(bytes) };
        let chunks = bytes.chunks_exact(16).chain(bytes.get(last..).filter(|_| last % 16 != 0));
        // SAFETY: SSE2 is enabled on every x86-64 target, and each load
        // reads the 16 bytes of one chunk.
        unsafe {
            let (mut digit, mut underscore, mut beyond) = (_mm_setzero_si128(), _mm_setzero_si128(), _mm_setzero_si128());
            for chunk in chunks {
                let v = _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>());
                // b - '0' < 10, unsigned, as min(x, 9) == x.
                let from_zero = _mm_sub_epi8(v, _mm_set1_epi8(b'0' as i8));
                digit = _mm_or_si128(digit, _mm_cmpeq_epi8(_mm_min_epu8(from_zero, _mm_set1_epi8(9)), from_zero));
                underscore = _mm_or_si128(underscore, _mm_cmpeq_epi8(v, _mm_set1_epi8(b'_' as i8)));
                // b >= 0xC4, unsigned, as max(b, 0xC4) == b; or b == 0xC2.
                let high = _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0xC4u8 as i8)), v);
                beyond = _mm_or_si128(beyond, _mm_or_si128(high, _mm_cmpeq_epi8(v, _mm_set1_epi8(0xC2u8 as i8))));
            }
            ByteFlags {
                digit: _mm_movemask_epi8(digit) != 0,
                underscore: _mm_movemask_epi8(underscore) != 0,
                beyond_latin_letters: _mm_movemask_epi8(beyond) != 0,
            }
        }
    }

    #[cfg(not(target_arch = "x86_64"))]
    fn of(bytes: &[u8]) -> ByteFlags {
        ByteFlags::of_each(bytes)
    }

    /// Byte by byte: the tail of `of`, and its reference.
    fn of_each(bytes: &[u8]) -> ByteFlags {
        let mut flags = ByteFlags::default();
        for &b in bytes {
            flags.digit |= b.is_ascii_digit();
            flags.underscore |= b == b'_';
            flags.beyond_latin_letters |= b == 0xC2 || b >= 0xC4;
        }
        flags
    }
}

/// The start of the `reach`-th word (run of word chars) before the word
/// at `gate`, or of the first word of `text` when there are fewer: a word
/// at or after it stands within `reach` words of the gate word.
pub(super) fn reach_back(text: &str, gate: usize, reach: usize) -> usize {
    let mut start = gate;
    let mut words = 0;
    let mut in_word = false;
    for (i, c) in text.get(..gate).unwrap_or("").char_indices().rev() {
        if !crate::text::is_word_char(c) {
            in_word = false;
            continue;
        }
        if !in_word {
            words += 1;
            if words > reach {
                break;
            }
            in_word = true;
        }
        start = i;
    }
    start
}

/// Whether a run of ASCII digits touches a letter ("12milliards", "Q4"):
/// the two then make one word char run. Digits are ASCII, so the bytes
/// around a run are char boundaries.
fn digit_glued_to_letter(text: &str) -> bool {
    crate::text::ascii_digit_runs(text.as_bytes()).any(|run| {
        let before = text.get(..run.start).and_then(|head| head.chars().next_back());
        let after = text.get(run.end..).and_then(|rest| rest.chars().next());
        before.is_some_and(char::is_alphabetic) || after.is_some_and(char::is_alphabetic)
    })
}

/// Whether a char beyond ASCII is numeric ("²", "½", "٣"). The common
/// ones of French and English prose are told by their first two bytes:
/// Latin-1 letters (0xC3 …) and general punctuation (0xE2 0x80 …: ’, –,
/// narrow no-break space) are not numeric; other chars are decoded.
fn has_numeric_beyond_ascii(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(at) = crate::text::next_lead_byte(bytes, i) {
        i = at;
        let second = bytes.get(i + 1).copied().unwrap_or(0);
        let surely_not = match bytes[i] {
            0xC3 => true,
            // U+0080..U+00BF: only ² ³ ¹ ¼ ½ ¾ are numeric.
            0xC2 => !matches!(second, 0xB2 | 0xB3 | 0xB9 | 0xBC..=0xBE),
            0xE2 => second == 0x80,
            _ => false,
        };
        if !surely_not && text.get(i..).and_then(|rest| rest.chars().next()).is_some_and(char::is_numeric) {
            return true;
        }
        i += 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The vector fold finds what the byte-by-byte one finds, wherever
        /// the bytes fall in the chunks.
        #[test]
        fn byte_flags_are_those_of_each_byte(text in "([a-z _0-9éâ«’½]|\\PC){0,70}") {
            proptest::prop_assert_eq!(ByteFlags::of(text.as_bytes()), ByteFlags::of_each(text.as_bytes()));
        }
    }

    #[test]
    fn anchors_follow_digits_gate_words_and_glue() {
        assert_eq!(anchors("Apple a un partenaire.", vec![]), Anchors::None);
        assert_eq!(anchors("Apple a deux partenaires.", vec![8]), Anchors::NearGates(vec![8]));
        assert_eq!(anchors("En 2024, un accord.", vec![]), Anchors::Digits);
        assert_eq!(anchors("12milliards", vec![]), Anchors::All);
        assert_eq!(anchors("12 €", vec![]), Anchors::Digits);
        assert_eq!(anchors("12\u{a0}% et 1\u{202f}000", vec![]), Anchors::Digits);
        assert_eq!(anchors("Q4é2", vec![]), Anchors::All);
        assert_eq!(anchors("x_y", vec![]), Anchors::All);
        assert_eq!(anchors("x_y deux", vec![4]), Anchors::All);
        assert_eq!(anchors("12milliards, deux", vec![13]), Anchors::All);
        assert_eq!(anchors("plusieurs milliards²", vec![]), Anchors::All);
        assert_eq!(anchors("Négociations à Pékin", vec![]), Anchors::None);
        assert_eq!(anchors("½ milliard", vec![]), Anchors::All);
        assert_eq!(anchors("x³", vec![]), Anchors::All);
        assert_eq!(anchors("« l’accord » – ×", vec![]), Anchors::None);
    }

    #[test]
    fn the_reach_counts_words_back_from_the_gate() {
        let text = "Selon eux, une dizaine d'milliards";
        let gate = text.find("milliards").unwrap_or(0);
        let from = |reach| &text[reach_back(text, gate, reach)..];
        assert_eq!(from(0), "milliards");
        assert_eq!(from(1), "d'milliards");
        assert_eq!(from(3), "une dizaine d'milliards");
        assert_eq!(from(5), "Selon eux, une dizaine d'milliards");
        assert_eq!(from(9), "Selon eux, une dizaine d'milliards", "no further than the first word");
    }

    #[test]
    fn the_byte_shortcuts_miss_no_numeric_char() {
        for c in ('\u{80}'..='\u{3000}').chain(['\u{FF11}', '\u{1D7CE}']) {
            assert_eq!(has_numeric_beyond_ascii(&format!("a{c}b")), c.is_numeric(), "{c:?} U+{:04X}", c as u32);
        }
    }
}
