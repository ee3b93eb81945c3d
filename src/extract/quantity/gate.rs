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
    let bytes = text.as_bytes();
    // One fold over every byte, without a branch (vector compares).
    let (mut digit, mut underscore, mut beyond_latin_letters) = (false, false, false);
    for &b in bytes {
        digit |= b.is_ascii_digit();
        underscore |= b == b'_';
        // A lead byte other than 0xC3, which leads only Latin-1 letters
        // (é, à, ç): French prose has little else beyond ASCII.
        beyond_latin_letters |= b == 0xC2 || b >= 0xC4;
    }
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
