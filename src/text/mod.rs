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
