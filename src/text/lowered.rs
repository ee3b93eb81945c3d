//! A lowercase copy of a text with exactly the same byte offsets, so cue
//! matches found in it are valid ranges of the original.

/// Lowercases every char whose lowercase form has the same UTF-8 length and
/// is a single char; leaves the others as they are.
///
/// Only the chars beyond ASCII are visited one by one, and the common ones
/// of French prose are told by their bytes: Latin-1 letters other than
/// capitals (0xC3 0x80..0x9E but ×), other Latin-1 chars (0xC2 …) and
/// general punctuation (0xE2 0x80 …: ’, –, narrow no-break space) have no
/// other lowercase; the rest are decoded. Runs between the chars that
/// change are copied whole, and ASCII is lowered in one pass at the end.
pub fn lowercase_same_offsets(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    // Text up to here is in `out` (but for its ASCII capitals).
    let mut copied = 0;
    super::for_each_lead_byte(bytes, |at| {
        let second = bytes.get(at + 1).copied().unwrap_or(0);
        let unchanged = match bytes[at] {
            0xC3 => !(0x80..=0x9E).contains(&second) || second == 0x97,
            0xC2 => true,
            0xE2 => second == 0x80,
            _ => false,
        };
        let c = text.get(at..).and_then(|rest| rest.chars().next());
        let lower = c.filter(|_| !unchanged).and_then(same_length_lowercase);
        if let (Some(c), Some(lower)) = (c, lower) {
            out.push_str(&text[copied..at]);
            out.push(lower);
            copied = at + c.len_utf8();
        }
    });
    out.push_str(&text[copied..]);
    out.make_ascii_lowercase();
    out
}

/// The lowercase of `c` when it differs and is one char of the same length.
fn same_length_lowercase(c: char) -> Option<char> {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) if l != c && l.len_utf8() == c.len_utf8() => Some(l),
        _ => None,
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
