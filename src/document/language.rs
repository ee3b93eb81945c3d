//! Guesses a document's language from its most common function words.

use crate::knowledge::Lexicon;
use crate::lang::Lang;
use crate::text::lowercase_same_offsets;

/// Reads at most this much text: the opening is enough to tell.
const SAMPLE: usize = 4096;

pub fn detect(text: &str, lexicon: &Lexicon) -> Lang {
    let mut end = text.len().min(SAMPLE);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let lowered = lowercase_same_offsets(&text[..end]);
    let (mut fr, mut en) = (0usize, 0usize);
    for m in lexicon.stopwords.find_all(&lowered) {
        match m.value {
            Lang::Fr => fr += 1,
            Lang::En => en += 1,
        }
    }
    if en > fr {
        Lang::En
    } else {
        Lang::Fr
    }
}
