//! A lowercase copy of a text with exactly the same byte offsets, so cue
//! matches found in it are valid ranges of the original.

/// Lowercases every char whose lowercase form has the same UTF-8 length and
/// is a single char; leaves the others as they are.
pub fn lowercase_same_offsets(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        // ASCII runs, the bulk of news prose, in one go.
        let ascii = rest.bytes().take_while(u8::is_ascii).count();
        out.push_str(&rest[..ascii].to_ascii_lowercase());
        rest = &rest[ascii..];
        let Some(c) = rest.chars().next() else { break };
        let mut lower = c.to_lowercase();
        match (lower.next(), lower.next()) {
            (Some(l), None) if l.len_utf8() == c.len_utf8() => out.push(l),
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_offsets_for_accents_and_odd_chars() {
        let text = "Négociations À İstanbul 😀 OpenAI";
        let lowered = lowercase_same_offsets(text);
        assert_eq!(lowered.len(), text.len());
        assert!(lowered.starts_with("négociations à "));
        assert!(lowered.ends_with("openai"));
    }
}
