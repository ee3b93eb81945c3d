//! A non-decreasing sequence of byte offsets in about two bytes each, in
//! one allocation: the tables kept for every document of a workspace (line
//! ends, sentence bounds, non-ASCII chars) have small gaps between
//! neighbours. The values come in blocks of `BLOCK`: the first stored whole
//! (two `u16`s), the others as their gap from the one before, so a value is
//! found by one binary search over the blocks and at most `BLOCK - 1`
//! additions. A sequence with a gap over `u16::MAX` (or out of order) is
//! stored as plain `u32`s.

use serde::{Deserialize, Serialize};

/// Values per block.
const BLOCK: usize = 16;
/// `u16`s per full block: the first value's two halves, then the gaps.
const STRIDE: usize = BLOCK + 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Offsets {
    /// Blocks of `STRIDE` `u16`s (the last one shorter): low and high half
    /// of the block's first value, then the gaps to each next value.
    Narrow(Box<[u16]>),
    Wide(Box<[u32]>),
}

impl Default for Offsets {
    fn default() -> Offsets {
        Offsets::Wide(Box::default())
    }
}

impl Offsets {
    pub fn new(values: &[u32]) -> Offsets {
        let narrow = values.windows(2).all(|w| w[0] <= w[1] && w[1] - w[0] <= u16::MAX as u32);
        if !narrow || values.len() <= 1 {
            return Offsets::Wide(values.into());
        }
        let mut words = Vec::with_capacity(values.len() + values.len().div_ceil(BLOCK));
        for block in values.chunks(BLOCK) {
            words.extend([block[0] as u16, (block[0] >> 16) as u16]);
            words.extend(block.windows(2).map(|w| (w[1] - w[0]) as u16));
        }
        Offsets::Narrow(words.into_boxed_slice())
    }

    pub fn len(&self) -> usize {
        match self {
            // Each block holds one `u16` more than it has values.
            Offsets::Narrow(words) => words.len() - words.len().div_ceil(STRIDE),
            Offsets::Wide(values) => values.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The bytes its table takes (for memory accounting).
    pub fn heap_bytes(&self) -> usize {
        match self {
            Offsets::Narrow(words) => words.len() * 2,
            Offsets::Wide(values) => values.len() * 4,
        }
    }

    pub fn get(&self, i: usize) -> Option<u32> {
        self.values(i..i + 1).next()
    }

    pub fn last(&self) -> Option<u32> {
        self.len().checked_sub(1).and_then(|i| self.get(i))
    }

    /// The values at `range` of indices (clamped to the sequence).
    pub fn values(&self, range: std::ops::Range<usize>) -> impl Iterator<Item = u32> + '_ {
        let end = range.end.min(self.len());
        let start = range.start.min(end);
        let (wide, narrow) = match self {
            Offsets::Wide(values) => (Some(values[start..end].iter().copied()), None),
            Offsets::Narrow(words) => {
                // From the first value of `start`'s block, adding gaps.
                let first = start - start % BLOCK;
                let mut value = 0;
                let decoded = (first..end).map(move |i| {
                    let at = i / BLOCK * STRIDE;
                    value = match i % BLOCK {
                        0 => whole(words, at),
                        within => value + words[at + 1 + within] as u32,
                    };
                    value
                });
                (None, Some(decoded.skip(start - first)))
            }
        };
        wide.into_iter().flatten().chain(narrow.into_iter().flatten())
    }

    /// The number of leading values for which `pred` holds (it must hold
    /// for a prefix of the sequence, as `slice::partition_point` asks).
    pub fn partition_point(&self, pred: impl Fn(u32) -> bool) -> usize {
        match self {
            Offsets::Wide(values) => values.partition_point(|&v| pred(v)),
            Offsets::Narrow(words) => {
                // The last block whose first value holds, then within it.
                let (mut low, mut high) = (0, words.len().div_ceil(STRIDE));
                while low < high {
                    let mid = (low + high) / 2;
                    if pred(whole(words, mid * STRIDE)) {
                        low = mid + 1;
                    } else {
                        high = mid;
                    }
                }
                let Some(block) = low.checked_sub(1) else {
                    return 0;
                };
                let start = block * BLOCK;
                start + self.values(start..start + BLOCK).take_while(|&v| pred(v)).count()
            }
        }
    }
}

/// The whole value stored at `words[at..at + 2]`.
fn whole(words: &[u16], at: usize) -> u32 {
    words[at] as u32 | (words[at + 1] as u32) << 16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_and_every_partition_point_is_the_plain_sequence() {
        let mut seed = 1u32;
        for len in [0usize, 1, 2, 15, 16, 17, 31, 32, 33, 200] {
            let mut values = Vec::with_capacity(len);
            // Some sequences start past 65,535: whole values take two halves.
            let mut v = (len as u32 % 3) * 2_000_000;
            for _ in 0..len {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                v += (seed >> 16) % 300;
                values.push(v);
            }
            let offsets = Offsets::new(&values);
            assert_eq!(matches!(offsets, Offsets::Narrow(_)), len > 1, "{len}");
            assert_eq!(offsets.len(), len);
            assert_eq!(offsets.values(0..len).collect::<Vec<_>>(), values);
            for i in 0..=len {
                assert_eq!(offsets.get(i), values.get(i).copied());
                assert_eq!(offsets.values(i..len + 3).collect::<Vec<_>>(), values[i..]);
            }
            let probes = values.iter().flat_map(|&x| [x.saturating_sub(1), x, x + 1]).chain([0, v + 1]);
            for probe in probes {
                assert_eq!(offsets.partition_point(|x| x < probe), values.partition_point(|&x| x < probe), "{len} {probe}");
                assert_eq!(offsets.partition_point(|x| x <= probe), values.partition_point(|&x| x <= probe));
            }
        }
    }

    #[test]
    fn large_gaps_and_disorder_are_stored_whole() {
        for values in [vec![0, 70_000, 70_001], vec![5, 3, 9]] {
            let offsets = Offsets::new(&values);
            assert!(matches!(offsets, Offsets::Wide(_)));
            assert_eq!(offsets.values(0..3).collect::<Vec<_>>(), values);
        }
    }
}
