//! A lowercase copy of a text with exactly the same byte offsets, so cue
//! matches found in it are valid ranges of the original.

/// Lowercases every char whose lowercase form has the same UTF-8 length and
/// is a single char; leaves the others as they are.
///
/// ASCII is lowered in one pass over the whole copy; then only the chars
/// beyond ASCII are visited. The usual ones of French prose are told by
/// their bytes: Latin-1 capitals (0xC3 0x80..0x9E but ×) lower by adding
/// 0x20 to their second byte, other Latin-1 chars (0xC3 …, 0xC2 …) and
/// general punctuation (0xE2 0x80 …: ’, –, narrow no-break space) have no
/// other lowercase; the rest are decoded.
pub fn lowercase_same_offsets(text: &str) -> String {
    let mut bytes = text.as_bytes().to_ascii_lowercase();
    let mut i = 0;
    while let Some(at) = super::next_lead_byte(&bytes, i) {
        i = at;
        let second = bytes.get(i + 1).copied().unwrap_or(0);
        match bytes[i] {
            0xC3 if (0x80..=0x9E).contains(&second) && second != 0x97 => bytes[i + 1] = second + 0x20,
            0xC2 | 0xC3 => {}
            0xE2 if second == 0x80 => {}
            _ => lower_char_at(text, &mut bytes, i),
        }
        i += 1;
    }
    // Whole chars were replaced by whole chars of the same length: still
    // UTF-8. (Were it not, the text is kept as it is rather than panicking.)
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_owned())
}

/// Lowers the char of `text` starting at byte `at` into `out`, when its
/// lowercase is one char of the same length.
fn lower_char_at(text: &str, out: &mut [u8], at: usize) {
    let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else { return };
    let mut lower = c.to_lowercase();
    if let (Some(l), None) = (lower.next(), lower.next()) {
        if l != c && l.len_utf8() == c.len_utf8() {
            if let Some(slot) = out.get_mut(at..at + c.len_utf8()) {
                l.encode_utf8(slot);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition, char by char.
    fn reference(text: &str) -> String {
        text.chars()
            .map(|c| {
                let mut lower = c.to_lowercase();
                match (lower.next(), lower.next()) {
                    (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
                    _ => c,
                }
            })
            .collect()
    }

    #[test]
    fn keeps_offsets_for_accents_and_odd_chars() {
        let text = "Négociations À İstanbul 😀 OpenAI";
        let lowered = lowercase_same_offsets(text);
        assert_eq!(lowered.len(), text.len());
        assert!(lowered.starts_with("négociations à "));
        assert!(lowered.ends_with("openai"));
    }

    #[test]
    fn every_char_lowers_as_the_definition_says() {
        let all: String = ('\0'..=char::MAX).filter(|c| (*c as u32) < 0x3_0000).collect();
        assert_eq!(lowercase_same_offsets(&all), reference(&all));
    }

    proptest::proptest! {
        #[test]
        fn any_text_lowers_as_the_definition_says(text in "(.|[ÀÉÈÇ×ÖØÞßàéç’–\u{a0}\u{202f}İΣẞ]){0,40}") {
            proptest::prop_assert_eq!(lowercase_same_offsets(&text), reference(&text));
        }
    }
}
