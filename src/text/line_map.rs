//! Byte offsets ↔ (line, character) positions, in UTF-8 or UTF-16 code
//! units, for `\n`, `\r\n` and lone `\r` line ends, as LSP counts them.
//! The map is built once per text and needs no text afterwards, so facts of
//! documents that are not open can be located without keeping their text.

use serde::{Deserialize, Serialize};

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

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineMap {
    /// Byte offset where each line starts; `line_starts[0] == 0`.
    line_starts: Vec<u32>,
    /// Byte offset where each line's content ends (before its line break).
    line_ends: Vec<u32>,
    /// For every non-ASCII char: (byte offset just past it, total UTF-8 bytes
    /// minus UTF-16 units saved by all non-ASCII chars up to and including
    /// it). Lets UTF-16 columns be computed by binary search.
    wide_chars: Vec<(u32, u32)>,
    len: u32,
}

impl LineMap {
    pub fn new(text: &str) -> LineMap {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0u32];
        let mut line_ends = Vec::new();
        let mut i = 0usize;
        while let Some(rel) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
            let at = i + rel;
            line_ends.push(at as u32);
            let next = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') { at + 2 } else { at + 1 };
            line_starts.push(next as u32);
            i = next;
        }
        line_ends.push(bytes.len() as u32);

        // Chars beyond ASCII, found by their lead byte (a `str` is valid
        // UTF-8: the lead byte gives the char's length in both encodings).
        let mut wide_chars = Vec::new();
        let mut saved = 0u32;
        let mut i = 0usize;
        while let Some(at) = super::next_lead_byte(bytes, i) {
            let (utf8, utf16) = match bytes[at] {
                0xC0..=0xDF => (2, 1),
                0xE0..=0xEF => (3, 1),
                _ => (4, 2),
            };
            saved += utf8 - utf16;
            wide_chars.push((at as u32 + utf8, saved));
            i = at + utf8 as usize;
        }
        LineMap { line_starts, line_ends, wide_chars, len: bytes.len() as u32 }
    }

    /// Drops the spare capacity of the tables (they are kept for long).
    pub fn shrink_to_fit(&mut self) {
        self.line_starts.shrink_to_fit();
        self.line_ends.shrink_to_fit();
        self.wide_chars.shrink_to_fit();
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The zero-based line holding `offset` (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len as usize) as u32;
        self.line_starts.partition_point(|&start| start <= offset).saturating_sub(1)
    }

    /// Byte range of line `line`'s content, without its line break.
    pub fn line_range(&self, line: usize) -> Option<std::ops::Range<usize>> {
        Some(*self.line_starts.get(line)? as usize..*self.line_ends.get(line)? as usize)
    }

    fn saved_before(&self, offset: u32) -> u32 {
        let idx = self.wide_chars.partition_point(|&(end, _)| end <= offset);
        if idx == 0 {
            0
        } else {
            self.wide_chars[idx - 1].1
        }
    }

    /// The position of a byte offset. Offsets inside a line break or past
    /// the end clamp to the end of that line.
    pub fn position(&self, offset: usize, encoding: Encoding) -> Position {
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        let offset = (offset as u32).clamp(start, self.line_ends[line]);
        let bytes = offset - start;
        let character = match encoding {
            Encoding::Utf8 => bytes,
            Encoding::Utf16 => bytes - (self.saved_before(offset) - self.saved_before(start)),
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
}
