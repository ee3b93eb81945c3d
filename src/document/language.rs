//! Guesses a document's language from its most common function words.

use crate::knowledge::Lexicon;
use crate::lang::Lang;

/// Reads at most this much text: the opening (some 300 words) is enough to
/// tell; reading a whole article cost 4 % of extraction time.
const SAMPLE: usize = 2048;

/// The language of a body, given its lowercase shadow; French on a tie.
pub fn detect(lowered_body: &str, lexicon: &Lexicon) -> Lang {
    let mut end = lowered_body.len().min(SAMPLE);
    while !lowered_body.is_char_boundary(end) {
        end -= 1;
    }
    lexicon.stopwords.majority(&lowered_body[..end]).unwrap_or(Lang::Fr)
}
