//! Text primitives over byte ranges: line maps, position encodings, a
//! lowercase shadow with identical offsets, cue matching and sentences,
//! compact stored spans.
//! Invariant: every range handed out lies on char boundaries of its text.

pub mod cues;
pub mod line_map;
pub mod lowered;
pub mod offsets;
pub mod phrases;
pub mod sentences;
pub mod span;
pub mod words;

pub use line_map::{Encoding, LineMap, Position};
pub use lowered::lowercase_same_offsets;
pub use sentences::{split_sentences, Sentence};
pub use span::{Span, Spans};

/// True for characters that can be part of a word (names, numbers).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The char that ends right before `offset`, if any.
pub fn char_before(text: &str, offset: usize) -> Option<char> {
    text.get(..offset)?.chars().next_back()
}

/// The char that starts at `offset`, if any.
pub fn char_at(text: &str, offset: usize) -> Option<char> {
    text.get(offset..)?.chars().next()
}

/// True when `range` is not glued to letters or digits on either side.
pub fn at_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    !char_before(text, start).is_some_and(is_word_char) && !char_at(text, end).is_some_and(is_word_char)
}

/// The length in bytes of the char whose UTF-8 lead byte is `lead` (0xC0
/// and up; a `str` is valid UTF-8, so the lead byte says it).
pub fn char_len_of_lead(lead: u8) -> usize {
    match lead {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// The position of the first byte at or after `from` that starts a char
/// beyond ASCII (0xC0 and up), eight bytes at a time: news prose is mostly
/// ASCII, and the passes over every char beyond it (lowercasing, UTF-16
/// columns) skip the rest this way.
pub fn next_lead_byte(bytes: &[u8], from: usize) -> Option<usize> {
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let mut i = from;
    while let Some(x) = lane(bytes, i) {
        // Bit 7 of a byte with bits 7 and 6 both set; the shift's carry
        // into the next byte lands on bit 0 and is masked off.
        let leads = x & (x << 1) & HIGHS;
        if leads != 0 {
            return Some(i + (leads.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    bytes.get(i..)?.iter().position(|&b| b >= 0xC0).map(|p| i + p)
}

/// The eight bytes from `at` as an integer, byte `at + k` in bits
/// `8k..8k + 8`; None when fewer than eight are left.
pub fn lane(bytes: &[u8], at: usize) -> Option<u64> {
    bytes.get(at..)?.first_chunk::<8>().map(|lane| u64::from_le_bytes(*lane))
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn lead_bytes_are_found_as_a_byte_by_byte_search_finds_them(text in "(.|[éà’😀]){0,40}", from in 0usize..48) {
            let bytes = text.as_bytes();
            let expected = bytes.iter().enumerate().skip(from).find(|(_, &b)| b >= 0xC0).map(|(i, _)| i);
            proptest::prop_assert_eq!(next_lead_byte(bytes, from), expected);
        }
    }
}
