//! Finds the words of a text: maximal runs of word chars (`is_word_char`).
//! Blocks of 64 bytes are classified by vector compares (SSE2 on x86-64,
//! portable comparisons elsewhere); only chars beyond ASCII are decoded,
//! one per lead byte.
//! This runs over every byte of every document, ahead of the phrase tables.

use std::ops::Range;

use super::is_word_char;

const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Calls `found(start, end)` for each word inside `text[range]`, in order.
/// A word cut by the start of the range (a word char just before it) is
/// skipped; a word cut by its end ends there.
pub fn for_each_word(text: &str, range: Range<usize>, mut found: impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    let limit = range.end.min(bytes.len());
    // Where the word running into the current block started; None while
    // in the word cut by the range's start, which is skipped.
    let mut open: Option<usize> = None;
    // Whether the byte before the block is a word char.
    let mut carry = super::char_before(text, range.start).is_some_and(is_word_char);
    let mut last_class = false;
    let mut base = range.start;
    while base < limit {
        let mask = block_mask(text, base, limit, &mut last_class);
        // A word starts at a word char after a non-word one, and ends
        // (exclusive) at a non-word char after a word char: the k-th end
        // closes the k-th start, but for the word open before the block.
        let before = (mask << 1) | u64::from(carry);
        let mut starts = mask & !before;
        let mut ends = !mask & before;
        if carry {
            if ends == 0 {
                // Word chars through the block: the word runs on.
                base += 64;
                continue;
            }
            if let Some(start) = open.take() {
                found(start, base + ends.trailing_zeros() as usize);
            }
            ends &= ends - 1;
        }
        while starts != 0 {
            let start = base + starts.trailing_zeros() as usize;
            starts &= starts - 1;
            if ends == 0 {
                // The last word of the block runs into the next.
                open = Some(start);
                break;
            }
            found(start, base + ends.trailing_zeros() as usize);
            ends &= ends - 1;
        }
        carry = mask >> 63 == 1;
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
    let end = limit.min(bytes.len()).min(base + 64);
    let valid = low_bits(end.saturating_sub(base) as u32);
    let Classes { ascii_words, highs, leads } = match bytes.get(base..base + 64).and_then(|block| block.first_chunk::<64>()) {
        Some(block) if end == base + 64 => classify(block),
        _ => {
            // The last, short block: zeros past its end are no word and
            // not beyond ASCII.
            let mut block = [0u8; 64];
            let tail = bytes.get(base..end).unwrap_or(&[]);
            block[..tail.len()].copy_from_slice(tail);
            classify(&block)
        }
    };
    let mut mask = ascii_words;
    if highs == 0 {
        return mask;
    }
    // Continuation bytes before the block's first other byte end the
    // char decoded in the block before.
    if *last_class {
        mask |= highs & low_bits((!highs | leads).trailing_zeros());
    }
    // Chars beyond ASCII: each lead byte is decoded (by its first two bytes
    // for the Latin-1 letters of French), and its class covers its bytes.
    let mut pending = leads;
    while pending != 0 {
        let i = pending.trailing_zeros() as usize;
        pending &= pending - 1;
        let at = base + i;
        let lead = bytes[at];
        *last_class = match (lead, bytes.get(at + 1)) {
            // U+00C0..U+00FF: French accented letters, but for × and ÷.
            (0xC3, Some(&next)) => next != 0x97 && next != 0xB7,
            _ => super::char_at(text, at).is_some_and(is_word_char),
        };
        if *last_class {
            mask |= low_bits(super::char_len_of_lead(lead) as u32) << i;
        }
    }
    mask & valid
}

/// For a block of 64 bytes, one bit per byte in each of three masks: the
/// ASCII letters, digits and `_`; the bytes beyond ASCII; their lead bytes
/// (0xC0 and above). SSE2, x86-64's baseline: `pmovmskb` gathers sixteen
/// flags in one instruction, where the portable packing takes some fifty
/// (a tenth of the word split's instructions).
#[cfg(target_arch = "x86_64")]
fn classify(block: &[u8; 64]) -> Classes {
    use std::arch::x86_64::{
        __m128i, _mm_add_epi8, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_max_epu8, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };
    let (mut words, mut highs, mut leads) = (0u64, 0u64, 0u64);
    for (k, chunk) in block.chunks_exact(16).enumerate() {
        // SAFETY: SSE2 is enabled on every x86-64 target, and `chunk` holds
        // the 16 bytes the unaligned load reads.
        let (w, h, l) = unsafe {
            let v = _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>());
            // x < n, unsigned, as min(x, n - 1) == x.
            let below = |x: __m128i, n: i8| _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(n - 1)), x);
            let digit = below(_mm_add_epi8(v, _mm_set1_epi8(-(b'0' as i8))), 10);
            // `| 0x20` maps the capitals onto the small letters, and no
            // other byte into them.
            let letter = below(_mm_add_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8(-(b'a' as i8))), 26);
            let underscore = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'_' as i8));
            let lead = _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0xC0u8 as i8)), v);
            let word = _mm_or_si128(_mm_or_si128(digit, letter), underscore);
            (_mm_movemask_epi8(word), _mm_movemask_epi8(v), _mm_movemask_epi8(lead))
        };
        // Each mask holds 16 bits.
        let shift = 16 * k;
        words |= u64::from(w as u16) << shift;
        highs |= u64::from(h as u16) << shift;
        leads |= u64::from(l as u16) << shift;
    }
    Classes { ascii_words: words, highs, leads }
}

#[cfg(not(target_arch = "x86_64"))]
fn classify(block: &[u8; 64]) -> Classes {
    classify_portable(block)
}

/// `classify` by comparisons of each byte into blocks of flags, packed
/// eight flags at a time: what other targets run, and the reference the
/// SSE2 version is tested against.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn classify_portable(block: &[u8; 64]) -> Classes {
    let mut words = [0u8; 64];
    let mut leads = [0u8; 64];
    for ((word, lead), &b) in words.iter_mut().zip(leads.iter_mut()).zip(block) {
        let is_word = (b.wrapping_sub(b'0') < 10) | ((b | 0x20).wrapping_sub(b'a') < 26) | (b == b'_');
        *word = u8::from(is_word) << 7;
        *lead = u8::from(b >= 0xC0) << 7;
    }
    Classes { ascii_words: pack(&words), highs: pack(block), leads: pack(&leads) }
}

#[derive(Debug, PartialEq, Eq)]
struct Classes {
    ascii_words: u64,
    highs: u64,
    leads: u64,
}

/// Bit `i` set when byte `i` of `flags` has its high bit set.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn pack(flags: &[u8; 64]) -> u64 {
    let mut bits = 0u64;
    for (lane, chunk) in flags.chunks_exact(8).enumerate() {
        let lane_bits = chunk.first_chunk::<8>().map_or(0, |c| u64::from_le_bytes(*c)) & HIGHS;
        bits |= u64::from(bits_of_highs(lane_bits)) << (8 * lane);
    }
    bits
}

/// Gathers the high bit of each byte into bit `i` for byte `i`.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
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

    /// Every byte value at every position of a block, against the portable
    /// classes (one byte value per position, rotating).
    #[test]
    fn vector_classes_agree_with_the_portable_ones() {
        for shift in 0..=255u8 {
            let mut block = [0u8; 64];
            for (i, b) in block.iter_mut().enumerate() {
                *b = (i as u8).wrapping_mul(4).wrapping_add(shift);
            }
            assert_eq!(classify(&block), classify_portable(&block), "bytes from {shift}");
        }
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
