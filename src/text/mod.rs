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

/// Calls `found` with the position of every byte that starts a char
/// beyond ASCII (0xC0 and up), in order: news prose is mostly ASCII, and
/// the passes over every char beyond it (lowercasing, UTF-16 columns) skip
/// the rest sixteen bytes a step (SSE2, x86-64's baseline; eight bytes a
/// step elsewhere).
pub fn for_each_lead_byte(bytes: &[u8], mut found: impl FnMut(usize)) {
    let mut i = 0;
    #[cfg(target_arch = "x86_64")]
    while let Some(chunk) = bytes.get(i..i + 16) {
        use std::arch::x86_64::{__m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_max_epu8, _mm_movemask_epi8, _mm_set1_epi8};
        // SAFETY: SSE2 is enabled on every x86-64 target, and `chunk` holds
        // the 16 bytes the unaligned load reads.
        let mut leads = unsafe {
            let v = _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>());
            // x >= 0xC0, unsigned, as max(x, 0xC0) == x.
            _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0xC0u8 as i8)), v)) as u32
        };
        while leads != 0 {
            found(i + leads.trailing_zeros() as usize);
            leads &= leads - 1;
        }
        i += 16;
    }
    while let Some(x) = lane(bytes, i) {
        let mut leads = lead_bits(x);
        while leads != 0 {
            found(i + (leads.trailing_zeros() / 8) as usize);
            leads &= leads - 1;
        }
        i += 8;
    }
    for (k, &b) in bytes.get(i..).unwrap_or(&[]).iter().enumerate() {
        if b >= 0xC0 {
            found(i + k);
        }
    }
}

/// Bit 7 of each byte of `x` that has bits 7 and 6 both set (a lead byte
/// beyond ASCII); the shift's carry into the next byte lands on bit 0 and
/// is masked off.
fn lead_bits(x: u64) -> u64 {
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    x & (x << 1) & HIGHS
}

/// The position of the first byte at or after `from` that starts a char
/// beyond ASCII (0xC0 and up), eight bytes at a time (for a pass that may
/// stop early; `for_each_lead_byte` visits them all).
pub fn next_lead_byte(bytes: &[u8], from: usize) -> Option<usize> {
    next_flagged(bytes, from, lead_bits, |b| b >= 0xC0)
}

/// The position of the first ASCII digit at or after `from`, eight bytes
/// at a time: prose has few digits, and the searches for years, figures
/// and the quantity gate's glued digits read every sentence holding one.
pub fn next_ascii_digit(bytes: &[u8], from: usize) -> Option<usize> {
    next_flagged(bytes, from, digit_bits, |b| b.is_ascii_digit())
}

/// The runs of ASCII digits of `bytes`, in order, each as long as it goes.
pub fn ascii_digit_runs(bytes: &[u8]) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        let start = next_ascii_digit(bytes, from)?;
        let end = bytes[start..].iter().position(|b| !b.is_ascii_digit()).map_or(bytes.len(), |n| start + n);
        from = end;
        Some(start..end)
    })
}

/// The first byte at or after `from` that `flags` marks (bit 7 of its byte
/// in a lane) or, past the last whole lane, that `is` accepts: the two
/// must agree.
fn next_flagged(bytes: &[u8], from: usize, flags: impl Fn(u64) -> u64, is: impl Fn(u8) -> bool) -> Option<usize> {
    let mut i = from;
    while let Some(x) = lane(bytes, i) {
        let found = flags(x);
        if found != 0 {
            return Some(i + (found.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    bytes.get(i..)?.iter().position(|&b| is(b)).map(|p| i + p)
}

/// Bit 7 of each byte of `x` that is an ASCII digit: a byte below 0x80
/// whose low seven bits lie between '0' - 1 and '9' + 1, each side tested
/// by a sum that sets bit 7 and stays below 256 (no carry into the next
/// byte).
fn digit_bits(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let low = x & (ONES * 0x7F);
    let below_colon = ONES * (127 + b':' as u64) - low;
    let above_slash = low + ONES * (127 - b'/' as u64);
    below_colon & above_slash & !x & (ONES * 0x80)
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

        #[test]
        fn digits_are_found_as_a_byte_by_byte_search_finds_them(text in "(.|[0-9/:éà’😀\\x{b0}-\\x{b9}]){0,40}", from in 0usize..48) {
            let bytes = text.as_bytes();
            let expected = bytes.iter().enumerate().skip(from).find(|(_, b)| b.is_ascii_digit()).map(|(i, _)| i);
            proptest::prop_assert_eq!(next_ascii_digit(bytes, from), expected);
        }

        #[test]
        fn digit_runs_are_the_maximal_runs_of_digits(text in "[0-9a ]{0,30}") {
            let bytes = text.as_bytes();
            let expected: Vec<std::ops::Range<usize>> = (0..bytes.len())
                .filter(|&i| bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_digit()))
                .map(|i| i..bytes[i..].iter().position(|b| !b.is_ascii_digit()).map_or(bytes.len(), |n| i + n))
                .collect();
            proptest::prop_assert_eq!(ascii_digit_runs(bytes).collect::<Vec<_>>(), expected);
        }

        #[test]
        fn every_lead_byte_is_visited_in_order(text in "(.|[éà’😀]){0,80}") {
            let bytes = text.as_bytes();
            let expected: Vec<usize> = bytes.iter().enumerate().filter(|(_, &b)| b >= 0xC0).map(|(i, _)| i).collect();
            let mut visited = Vec::new();
            for_each_lead_byte(bytes, |at| visited.push(at));
            proptest::prop_assert_eq!(visited, expected);
        }
    }
}
