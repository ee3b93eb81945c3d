//! Guesses a document's language from its most common function words.

use std::ops::Range;

use crate::lang::Lang;
use crate::text::cues::CueMatch;

/// Reads at most this much text: the opening is enough to tell.
const SAMPLE: usize = 4096;

/// The language of `body`, from the document's stop word matches (sorted).
pub fn detect(stopwords: &[CueMatch<Lang>], body: Range<usize>) -> Lang {
    let sample = body.start..body.end.min(body.start + SAMPLE);
    let first = stopwords.partition_point(|m| m.range.start < sample.start);
    let in_sample = stopwords[first..].iter().take_while(|m| m.range.end <= sample.end);
    majority(in_sample.map(|m| m.value)).unwrap_or(Lang::Fr)
}

/// The language most of `votes` are in; `None` on a tie.
pub fn majority(votes: impl Iterator<Item = Lang>) -> Option<Lang> {
    let (mut fr, mut en) = (0usize, 0usize);
    for vote in votes {
        match vote {
            Lang::Fr => fr += 1,
            Lang::En => en += 1,
        }
    }
    match en.cmp(&fr) {
        std::cmp::Ordering::Greater => Some(Lang::En),
        std::cmp::Ordering::Less => Some(Lang::Fr),
        std::cmp::Ordering::Equal => None,
    }
}
