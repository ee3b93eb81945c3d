//! Finds the words of a text: maximal runs of word chars (`is_word_char`).
//! Eight bytes are classified at once with integer arithmetic (no `unsafe`,
//! no platform intrinsics); only chars beyond ASCII are decoded one by one.
//! This runs over every byte of every document, ahead of the phrase tables.

use std::ops::Range;

use super::is_word_char;

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Calls `found(start, end)` for each word inside `text[range]`, in order.
/// A word cut by the start of the range (a word char just before it) is
/// skipped; a word cut by its end ends there.
pub fn for_each_word(text: &str, range: Range<usize>, mut found: impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    let limit = range.end.min(bytes.len());
    let mut open: Option<usize> = None;
    // Inside a word at the start: its rest is not a word of the range.
    let mut skipping = super::char_before(text, range.start).is_some_and(is_word_char);
    let mut last_class = false;
    let mut base = range.start;
    while base < limit {
        let mut mask = block_mask(text, base, limit, &mut last_class);
        if skipping {
            let run = (!mask).trailing_zeros();
            if run == 64 {
                base += 64;
                continue;
            }
            mask &= !low_bits(run);
            skipping = false;
        }
        if let Some(start) = open {
            let run = (!mask).trailing_zeros();
            if run == 64 {
                base += 64;
                continue;
            }
            found(start, base + run as usize);
            mask &= !low_bits(run);
            open = None;
        }
        while mask != 0 {
            let from = mask.trailing_zeros();
            let run = (!(mask >> from)).trailing_zeros();
            if from + run >= 64 {
                open = Some(base + from as usize);
                break;
            }
            found(base + from as usize, base + (from + run) as usize);
            mask &= !(low_bits(run) << from);
        }
        base += 64;
    }
    if let Some(start) = open {
        found(start, limit);
    }
}

/// The `n` lowest bits (n ≤ 64).
fn low_bits(n: u32) -> u64 {
    if n >= 64 {
        u64::MAX
    } else {
        (1u64 << n) - 1
    }
}

/// One bit per byte of `text[base..base + 64]` (before `limit`): set when
/// the byte belongs to a word char. `last_class` carries the class of the
/// last char decoded, for its continuation bytes in the next block.
fn block_mask(text: &str, base: usize, limit: usize, last_class: &mut bool) -> u64 {
    let bytes = text.as_bytes();
    let mut mask = 0u64;
    let mut non_ascii = 0u64;
    for lane in 0..8 {
        let at = base + 8 * lane;
        if at >= limit {
            break;
        }
        let chunk = load(bytes, at, limit);
        mask |= (ascii_word_bytes(chunk) as u64) << (8 * lane);
        non_ascii |= (bits_of_highs(chunk & HIGHS) as u64) << (8 * lane);
    }
    // Chars beyond ASCII: lead bytes are decoded, continuation bytes take
    // the class of their lead.
    while non_ascii != 0 {
        let i = non_ascii.trailing_zeros() as usize;
        non_ascii &= non_ascii - 1;
        let at = base + i;
        if bytes[at] >= 0xC0 {
            *last_class = match (bytes[at], bytes.get(at + 1)) {
                // U+00C0..U+00FF: French accented letters, but for × and ÷.
                (0xC3, Some(&next)) => next != 0x97 && next != 0xB7,
                _ => super::char_at(text, at).is_some_and(is_word_char),
            };
        }
        if *last_class {
            mask |= 1 << i;
        }
    }
    mask
}

/// Up to eight bytes from `at` (not past `limit`) as an integer, byte `i`
/// of the text in bits `8i..8i+8`; zero bytes past the limit.
fn load(bytes: &[u8], at: usize, limit: usize) -> u64 {
    match bytes.get(at..at + 8).and_then(|lane| <[u8; 8]>::try_from(lane).ok()) {
        Some(lane) if at + 8 <= limit => u64::from_le_bytes(lane),
        _ => bytes[at..limit.min(at + 8)].iter().rev().fold(0u64, |lane, &b| lane << 8 | u64::from(b)),
    }
}

/// Bit `i` set when byte `i` of `chunk` is an ASCII letter, digit or `_`.
fn ascii_word_bytes(chunk: u64) -> u8 {
    let low = chunk & !HIGHS; // each byte below 0x80: sums below never carry
    let ascii = !chunk & HIGHS;
    let word = in_range(low, b'0', b'9') | in_range(low, b'A', b'Z') | in_range(low, b'_', b'_') | in_range(low, b'a', b'z');
    bits_of_highs(word & ascii)
}

/// High bit of each byte set when that byte (below 0x80) is in lo..=hi.
fn in_range(low: u64, lo: u8, hi: u8) -> u64 {
    let at_least_lo = low + ONES * u64::from(0x80 - lo);
    let above_hi = low + ONES * u64::from(0x7F - hi);
    at_least_lo & !above_hi & HIGHS
}

/// Gathers the high bit of each byte into bit `i` for byte `i`.
fn bits_of_highs(highs: u64) -> u8 {
    ((highs >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The definition, one char at a time.
    fn reference(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
        let mut words = Vec::new();
        let mut start: Option<usize> = None;
        let mut skipping = super::super::char_before(text, range.start).is_some_and(is_word_char);
        for (i, c) in text[range.clone()].char_indices() {
            let at = range.start + i;
            match (is_word_char(c), start) {
                (true, None) if !skipping => start = Some(at),
                (false, Some(s)) => {
                    words.push(s..at);
                    start = None;
                }
                (false, _) => skipping = false,
                _ => {}
            }
        }
        words.extend(start.map(|s| s..range.end));
        words
    }

    fn words(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
        let mut found = Vec::new();
        for_each_word(text, range, |s, e| found.push(s..e));
        found
    }

    #[test]
    fn words_of_french_and_english_prose() {
        let text = "L’accord d'Apple (12,5 %) — déjà signé à Cupertino; the_deal × 2 ÷ 3 Ωmega 日本 x";
        let found: Vec<&str> = words(text, 0..text.len()).into_iter().map(|r| &text[r]).collect();
        let expected = ["L", "accord", "d", "Apple", "12", "5", "déjà", "signé", "à", "Cupertino", "the_deal", "2", "3", "Ωmega", "日本", "x"];
        assert_eq!(found, expected);
    }

    #[test]
    fn words_across_blocks_and_cut_ranges() {
        let text = format!("{} fin", "a".repeat(130));
        assert_eq!(words(&text, 0..text.len()), vec![0..130, 131..134]);
        assert_eq!(words(&text, 5..132), vec![131..132], "the cut word is skipped, the last one cut");
    }

    proptest! {
        #[test]
        fn agrees_with_the_definition(text in "[a-zA-Z0-9_ ,.’'éÀ×÷«»\u{a0}\u{202f}日😀𝔸-]{0,200}", from in 0usize..200, len in 0usize..200) {
            let mut start = from.min(text.len());
            while !text.is_char_boundary(start) { start -= 1; }
            let mut end = (start + len).min(text.len());
            while !text.is_char_boundary(end) { end -= 1; }
            prop_assert_eq!(words(&text, start..end), reference(&text, start..end));
        }
    }
}
