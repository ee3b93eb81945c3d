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

/// Where the scanner stops in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchors {
    /// The text holds no quantity: nothing to read.
    None,
    /// At ASCII digits only: no quantity of the text starts at a word.
    Digits,
    /// At digits and at the words that may start a spelled number or a
    /// vague amount.
    All,
}

/// The anchors `text` needs, given whether a gate word was found in it.
pub fn anchors(text: &str, has_gate_word: bool) -> Anchors {
    if has_gate_word {
        return Anchors::All;
    }
    let bytes = text.as_bytes();
    // One fold over every byte, without a branch (vector compares).
    let (mut digit, mut underscore, mut beyond_ascii) = (false, false, false);
    for &b in bytes {
        digit |= b.is_ascii_digit();
        underscore |= b == b'_';
        beyond_ascii |= b >= 0x80;
    }
    if underscore || (beyond_ascii && has_numeric_beyond_ascii(text)) {
        return Anchors::All;
    }
    if !digit {
        return Anchors::None;
    }
    if digit_glued_to_letter(text) {
        Anchors::All
    } else {
        Anchors::Digits
    }
}

/// Whether a run of ASCII digits touches a letter ("12milliards", "Q4"):
/// the two then make one word char run. Digits are ASCII, so the bytes
/// around a run are char boundaries.
fn digit_glued_to_letter(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(offset) = bytes.get(i..).and_then(|rest| rest.iter().position(u8::is_ascii_digit)) {
        let start = i + offset;
        let end = bytes.get(start..).and_then(|rest| rest.iter().position(|b| !b.is_ascii_digit())).map_or(bytes.len(), |n| start + n);
        let before = text.get(..start).and_then(|head| head.chars().next_back());
        let after = text.get(end..).and_then(|rest| rest.chars().next());
        if before.is_some_and(char::is_alphabetic) || after.is_some_and(char::is_alphabetic) {
            return true;
        }
        i = end;
    }
    false
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

    #[test]
    fn anchors_follow_digits_gate_words_and_glue() {
        assert_eq!(anchors("Apple a un partenaire.", false), Anchors::None);
        assert_eq!(anchors("Apple a un partenaire.", true), Anchors::All);
        assert_eq!(anchors("En 2024, un accord.", false), Anchors::Digits);
        assert_eq!(anchors("12milliards", false), Anchors::All);
        assert_eq!(anchors("12 €", false), Anchors::Digits);
        assert_eq!(anchors("12\u{a0}% et 1\u{202f}000", false), Anchors::Digits);
        assert_eq!(anchors("Q4é2", false), Anchors::All);
        assert_eq!(anchors("x_y", false), Anchors::All);
        assert_eq!(anchors("plusieurs milliards²", false), Anchors::All);
        assert_eq!(anchors("Négociations à Pékin", false), Anchors::None);
        assert_eq!(anchors("½ milliard", false), Anchors::All);
        assert_eq!(anchors("x³", false), Anchors::All);
        assert_eq!(anchors("« l’accord » – ×", false), Anchors::None);
    }

    #[test]
    fn the_byte_shortcuts_miss_no_numeric_char() {
        for c in ('\u{80}'..='\u{3000}').chain(['\u{FF11}', '\u{1D7CE}']) {
            assert_eq!(has_numeric_beyond_ascii(&format!("a{c}b")), c.is_numeric(), "{c:?} U+{:04X}", c as u32);
        }
    }
}
