//! Byte offsets ↔ (line, character) positions, in UTF-8 or UTF-16 code
//! units, for `\n`, `\r\n` and lone `\r` line ends, as LSP counts them.
//! The map is built once per text and needs no text afterwards, so facts of
//! documents that are not open can be located without keeping their text.

use serde::{Deserialize, Serialize};

use super::offsets::Offsets;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// A zero-based line and character, counted in the map's chosen encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Position {
    pub line: u32,
    pub character: u32,
}

/// Kept for every document of a workspace, so stored compactly (`Offsets`:
/// about two bytes a value): each line's end (starts follow from the line
/// breaks) and each non-ASCII char's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineMap {
    /// Byte offset where each line's content ends (before its line break);
    /// the last is the text's length. Never empty once built.
    line_ends: Offsets,
    /// The lines whose line break is `\r\n`, if any: a line starts one
    /// byte after the previous line's end, two after a `\r\n`.
    crlf: Option<Box<Offsets>>,
    wide_chars: WideChars,
}

/// The non-ASCII chars of a text, for UTF-16 columns: the UTF-16 units a
/// text saves over its UTF-8 bytes before an offset, by two binary
/// searches.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct WideChars {
    /// The byte offset just past each char of two UTF-8 bytes (one unit:
    /// saves one)…
    one_unit: Offsets,
    /// …and of three or four (one or two units: saves two).
    two_units: Offsets,
}

impl WideChars {
    fn new(text: &str) -> WideChars {
        if text.is_ascii() {
            return WideChars::default();
        }
        // Chars beyond ASCII, found by their lead byte (a `str` is valid
        // UTF-8: the lead byte gives the char's length).
        let bytes = text.as_bytes();
        // French prose has an accented letter every 30 to 50 bytes.
        let (mut one, mut two) = (Vec::with_capacity(bytes.len() / 32), Vec::new());
        super::for_each_lead_byte(bytes, |at| {
            let len = super::char_len_of_lead(bytes[at]);
            let end = (at + len) as u32;
            if len == 2 {
                one.push(end);
            } else {
                two.push(end);
            }
        });
        WideChars { one_unit: Offsets::new(&one), two_units: Offsets::new(&two) }
    }

    /// The units saved by the chars that end at or before `offset`.
    fn saved_before(&self, offset: u32) -> u32 {
        let ones = self.one_unit.partition_point(|end| end <= offset);
        let twos = self.two_units.partition_point(|end| end <= offset);
        (ones + 2 * twos) as u32
    }

    fn heap_bytes(&self) -> usize {
        self.one_unit.heap_bytes() + self.two_units.heap_bytes()
    }
}

impl LineMap {
    pub fn new(text: &str) -> LineMap {
        let bytes = text.as_bytes();
        // Room for lines of some 40 bytes (prose paragraphs are longer).
        let mut line_ends = Vec::with_capacity(bytes.len() / 40 + 1);
        let mut crlf = Vec::new();
        let mut i = 0usize;
        while let Some(rel) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
            let at = i + rel;
            if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                crlf.push(line_ends.len() as u32);
                i = at + 2;
            } else {
                i = at + 1;
            }
            line_ends.push(at as u32);
        }
        line_ends.push(bytes.len() as u32);
        let crlf = (!crlf.is_empty()).then(|| Box::new(Offsets::new(&crlf)));
        LineMap { line_ends: Offsets::new(&line_ends), crlf, wide_chars: WideChars::new(text) }
    }

    /// The bytes its tables take (for memory accounting).
    pub fn heap_bytes(&self) -> usize {
        let crlf = self.crlf.as_ref().map_or(0, |lines| std::mem::size_of::<Offsets>() + lines.heap_bytes());
        self.line_ends.heap_bytes() + crlf + self.wide_chars.heap_bytes()
    }

    pub fn line_count(&self) -> usize {
        self.line_ends.len()
    }

    pub fn len(&self) -> usize {
        self.line_ends.last().map_or(0, |end| end as usize)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The length of the line break ending line `line` (2 for `\r\n`).
    fn break_len(&self, line: usize) -> u32 {
        let line = line as u32;
        let crlf = self.crlf.as_ref().is_some_and(|lines| {
            let i = lines.partition_point(|l| l < line);
            lines.get(i) == Some(line)
        });
        1 + crlf as u32
    }

    /// Byte offset where line `line` starts (`line` < `line_count`).
    fn line_start(&self, line: usize) -> u32 {
        match line.checked_sub(1) {
            Some(previous) => self.line_ends.get(previous).unwrap_or(0) + self.break_len(previous),
            None => 0,
        }
    }

    /// The zero-based line holding `offset` (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len()) as u32;
        // The first line ending at or after the offset, unless the offset
        // is the `\n` of the previous line's `\r\n`.
        let line = self.line_ends.partition_point(|end| end < offset);
        match line.checked_sub(1) {
            Some(previous) if Some(offset) == self.line_ends.get(previous).map(|end| end + 1) && self.break_len(previous) == 2 => previous,
            _ => line.min(self.line_ends.len().saturating_sub(1)),
        }
    }

    /// Byte range of line `line`'s content, without its line break.
    pub fn line_range(&self, line: usize) -> Option<std::ops::Range<usize>> {
        let end = self.line_ends.get(line)?;
        Some(self.line_start(line) as usize..end as usize)
    }

    /// The position of a byte offset. Offsets inside a line break or past
    /// the end clamp to the end of that line.
    pub fn position(&self, offset: usize, encoding: Encoding) -> Position {
        let line = self.line_of(offset);
        let Some(range) = self.line_range(line) else {
            return Position { line: 0, character: 0 };
        };
        let (start, end) = (range.start as u32, range.end as u32);
        let offset = offset.min(u32::MAX as usize) as u32;
        let offset = offset.clamp(start, end);
        let bytes = offset - start;
        let character = match encoding {
            Encoding::Utf8 => bytes,
            Encoding::Utf16 => bytes - (self.wide_chars.saved_before(offset) - self.wide_chars.saved_before(start)),
        };
        Position { line: line as u32, character }
    }

    /// The byte offset of a position in `text` (which must be the text this
    /// map was built from). A line past the end gives the end of the text; a
    /// character past the end of its line gives the end of the line; a
    /// character inside a multi-unit char gives that char's start.
    pub fn offset(&self, text: &str, position: Position, encoding: Encoding) -> usize {
        let Some(range) = self.line_range(position.line as usize) else {
            return text.len();
        };
        let Some(line) = text.get(range.clone()) else {
            return text.len();
        };
        let wanted = position.character as usize;
        let mut units = 0usize;
        for (i, c) in line.char_indices() {
            if units >= wanted {
                return range.start + i;
            }
            units += match encoding {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
            };
            if units > wanted {
                return range.start + i;
            }
        }
        range.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn ascii_lines_with_every_line_ending() {
        let text = "ab\ncd\r\nef\rgh";
        let map = LineMap::new(text);
        assert_eq!(map.line_count(), 4);
        assert_eq!(map.position(0, Encoding::Utf16), pos(0, 0));
        assert_eq!(map.position(4, Encoding::Utf16), pos(1, 1));
        assert_eq!(map.position(5, Encoding::Utf16), pos(1, 2), "the \\r of \\r\\n clamps to the line end");
        assert_eq!(map.position(7, Encoding::Utf16), pos(2, 0));
        assert_eq!(map.position(10, Encoding::Utf16), pos(3, 0));
        assert_eq!(map.offset(text, pos(3, 1), Encoding::Utf16), 11);
        assert_eq!(map.offset(text, pos(1, 99), Encoding::Utf16), 5, "past the end of a line");
        assert_eq!(map.offset(text, pos(9, 0), Encoding::Utf16), text.len(), "past the last line");
    }

    #[test]
    fn accents_and_emoji_count_differently_in_utf8_and_utf16() {
        let text = "é😀x\nça";
        let map = LineMap::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(map.position(x, Encoding::Utf8), pos(0, 6));
        assert_eq!(map.position(x, Encoding::Utf16), pos(0, 3));
        assert_eq!(map.offset(text, pos(0, 3), Encoding::Utf16), x);
        assert_eq!(map.offset(text, pos(0, 2), Encoding::Utf16), 2, "inside the surrogate pair snaps to the emoji");
        let a = text.rfind('a').unwrap();
        assert_eq!(map.position(a, Encoding::Utf16), pos(1, 1));
        assert_eq!(map.position(a, Encoding::Utf8), pos(1, 2));
    }

    /// Counted by hand: the reference for texts longer than the property
    /// tests' (many blocks of wide chars, mixed line breaks).
    fn by_hand(text: &str, offset: usize) -> Position {
        let bytes = text.as_bytes();
        let (mut line, mut line_start, mut i) = (0, 0, 0);
        while i < offset {
            let crlf = bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n');
            if bytes[i] == b'\n' || bytes[i] == b'\r' {
                i += crlf as usize;
                line += 1;
                line_start = i + 1;
            }
            i += 1;
        }
        pos(line, text[line_start..offset].encode_utf16().count() as u32)
    }

    #[test]
    fn long_texts_with_many_wide_chars_and_mixed_line_breaks() {
        let pieces = ["é", "’", "😀", "a", " ", "\n", "\r\n", "\r", "ça", "x"];
        let mut text = String::new();
        let mut seed = 7u32;
        for _ in 0..2000 {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            text.push_str(pieces[(seed >> 16) as usize % pieces.len()]);
        }
        let map = LineMap::new(&text);
        for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
            let in_crlf = offset > 0 && text.as_bytes()[offset - 1] == b'\r' && text.as_bytes().get(offset) == Some(&b'\n');
            if in_crlf {
                continue;
            }
            assert_eq!(map.position(offset, Encoding::Utf16), by_hand(&text, offset), "offset {offset}");
            assert_eq!(map.offset(&text, map.position(offset, Encoding::Utf16), Encoding::Utf16), offset);
        }
    }
}
