//! Properties, checked against plain reference implementations: `LineMap`
//! positions ↔ offsets (UTF-8 and UTF-16, `\n`, `\r\n`, lone `\r`), and the
//! language server's incremental edits (`documents::apply_change`) against
//! a plain `String` edited with byte offsets.

mod common;

use proptest::prelude::*;
use ropey::Rope;
use tower_lsp::lsp_types as lsp;

use corroborate::lsp::documents::apply_change;
use corroborate::text::{Encoding, LineMap, Position};

/// Texts made of the pieces that matter: ASCII, two-byte and four-byte
/// chars (a surrogate pair in UTF-16), every line ending.
fn text_strategy() -> impl Strategy<Value = String> {
    let pieces = vec!["a", "b", " ", "é", "ç", "€", "😀", "\u{1F1EB}\u{1F1F7}", "\n", "\r\n", "\r", "\n\n", "x\r\ny"];
    prop_oneof![
        4 => proptest::collection::vec(proptest::sample::select(pieces), 0..60).prop_map(|p| p.concat()),
        1 => any::<String>(),
    ]
}

fn encoding_strategy() -> impl Strategy<Value = Encoding> {
    prop_oneof![Just(Encoding::Utf8), Just(Encoding::Utf16)]
}

/// The position of a byte offset, counted char by char (the same reference
/// the protocol tests use).
fn reference_position(text: &str, offset: usize, encoding: Encoding) -> Position {
    let counted = common::position_at(text, offset, encoding == Encoding::Utf8);
    let field = |name: &str| counted[name].as_u64().and_then(|n| u32::try_from(n).ok()).unwrap_or(u32::MAX);
    Position { line: field("line"), character: field("character") }
}

/// Char boundaries a client can name: not between the `\r` and `\n` of a
/// CRLF.
fn nameable_offsets(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    (0..=text.len()).filter(|&o| text.is_char_boundary(o) && !(o > 0 && bytes[o - 1] == b'\r' && bytes.get(o) == Some(&b'\n'))).collect()
}

fn lsp_position(p: Position) -> lsp::Position {
    lsp::Position { line: p.line, character: p.character }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// `position` agrees with counting by hand, and `offset` takes it back,
    /// at every char boundary a client can name.
    #[test]
    fn positions_round_trip_at_every_char_boundary(text in text_strategy(), encoding in encoding_strategy()) {
        let map = LineMap::new(&text);
        let mut last = Position { line: 0, character: 0 };
        for offset in nameable_offsets(&text) {
            let position = map.position(offset, encoding);
            prop_assert_eq!(position, reference_position(&text, offset, encoding), "offset {} of {:?}", offset, text);
            prop_assert_eq!(map.offset(&text, position, encoding), offset, "round trip of {:?} in {:?}", position, text);
            prop_assert!(position >= last, "positions increase with offsets");
            last = position;
        }
    }

    /// Any position, even past the end of a line or of the text, maps to a
    /// char boundary of the text, and never panics.
    #[test]
    fn any_position_maps_to_a_char_boundary(text in text_strategy(), line in 0u32..80, character in 0u32..200, encoding in encoding_strategy()) {
        let map = LineMap::new(&text);
        let offset = map.offset(&text, Position { line, character }, encoding);
        prop_assert!(offset <= text.len() && text.is_char_boundary(offset));
        let back = map.position(offset, encoding);
        prop_assert!(back.line <= line.max(map.line_count() as u32));
    }

    /// A sequence of incremental edits applied by the server's logic to a
    /// rope gives what a plain String edited at the same byte ranges gives;
    /// ranges may come reversed (start after end), and some edits replace
    /// the whole text.
    #[test]
    fn incremental_edits_match_a_plain_string(
        initial in text_strategy(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>(), text_strategy(), 0u8..20), 1..30),
        encoding in encoding_strategy(),
    ) {
        let mut expected = initial.clone();
        let mut rope = Rope::from_str(&initial);
        for (a, b, insert, kind) in edits {
            let change = if kind == 0 {
                expected = insert.clone();
                lsp::TextDocumentContentChangeEvent { range: None, range_length: None, text: insert }
            } else {
                let offsets = nameable_offsets(&expected);
                let (a, b) = (offsets[a.index(offsets.len())], offsets[b.index(offsets.len())]);
                let range = lsp::Range {
                    start: lsp_position(reference_position(&expected, a, encoding)),
                    end: lsp_position(reference_position(&expected, b, encoding)),
                };
                expected.replace_range(a.min(b)..a.max(b), &insert);
                lsp::TextDocumentContentChangeEvent { range: Some(range), range_length: None, text: insert }
            };
            apply_change(&mut rope, &change, encoding);
            prop_assert_eq!(rope.to_string(), expected.clone());
        }
    }
}

#[test]
fn positions_past_the_end_clamp() {
    let text = "é\r\n😀";
    let map = LineMap::new(text);
    assert_eq!(map.offset(text, Position { line: 0, character: 99 }, Encoding::Utf16), 2, "past the end of a line: its end, before \\r\\n");
    assert_eq!(map.offset(text, Position { line: 9, character: 0 }, Encoding::Utf16), text.len(), "past the last line: the end");
    assert_eq!(map.position(999, Encoding::Utf16), Position { line: 1, character: 2 }, "past the end of the text: its last position");
}
