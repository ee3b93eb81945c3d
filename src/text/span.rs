//! Byte ranges as stored for every document of a workspace: one in eight
//! bytes instead of sixteen (`Span`), a sorted list of them in about four
//! (`Spans`). Texts are bounded far below 4 GiB (see `workspace::files`),
//! so offsets fit a `u32`; code that computes with ranges keeps
//! `Range<usize>` and converts here.

use serde::{Deserialize, Serialize};
use std::ops::Range;

use super::offsets::Offsets;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

/// An offset as stored: saturates rather than wraps (never reached).
pub fn offset32(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

impl Span {
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

impl From<Range<usize>> for Span {
    fn from(range: Range<usize>) -> Span {
        Span { start: offset32(range.start), end: offset32(range.end) }
    }
}

impl From<&Range<usize>> for Span {
    fn from(range: &Range<usize>) -> Span {
        Span::from(range.clone())
    }
}

/// Sorted, disjoint ranges (a document's sentences): their bounds in one
/// sequence, start, end, start, end…
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Spans(Offsets);

impl Spans {
    pub fn new<'a>(ranges: impl IntoIterator<Item = &'a Range<usize>>) -> Spans {
        let bounds: Vec<u32> = ranges.into_iter().flat_map(|r| [offset32(r.start), offset32(r.end)]).collect();
        Spans(Offsets::new(&bounds))
    }

    pub fn len(&self) -> usize {
        self.0.len() / 2
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The bytes its table takes (for memory accounting).
    pub fn heap_bytes(&self) -> usize {
        self.0.heap_bytes()
    }

    fn get(&self, i: usize) -> Option<Range<usize>> {
        Some(self.0.get(2 * i)? as usize..self.0.get(2 * i + 1)? as usize)
    }

    /// The first range ending at or after `offset`, if it starts at or
    /// before it.
    pub fn containing(&self, offset: usize) -> Option<Range<usize>> {
        // A binary search over the ranges' ends, as `partition_point` would
        // do over a slice of them.
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let mid = (low + high) / 2;
            if self.get(mid).is_some_and(|r| r.end < offset) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        self.get(low).filter(|r| r.start <= offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_range_containing_an_offset() {
        let ranges = [0..5, 6..10, 10..10, 10..14, 20..30];
        let spans = Spans::new(&ranges);
        assert_eq!(spans.len(), 5);
        for offset in 0..32 {
            let i = ranges.partition_point(|r| r.end < offset);
            let expected = ranges.get(i).filter(|r| r.start <= offset).cloned();
            assert_eq!(spans.containing(offset), expected, "{offset}");
        }
        assert_eq!(Spans::default().containing(0), None);
    }
}
