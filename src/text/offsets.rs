//! A non-decreasing sequence of byte offsets in about two bytes each, in
//! one allocation behind one pointer: the tables kept for every document of
//! a workspace (line ends, sentence bounds, non-ASCII chars) have small
//! gaps between neighbours. The values come in blocks of `BLOCK`: the first
//! stored whole (two `u16`s), the others as their gap from the one before,
//! so a value is found by one binary search over the blocks and at most
//! `BLOCK - 1` additions. A sequence with a gap over `u16::MAX` (or out of
//! order) is stored whole, two `u16`s a value.

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

/// Values per block.
const BLOCK: usize = 16;
/// `u16`s per full block: the first value's two halves, then the gaps.
const STRIDE: usize = BLOCK + 1;
/// The first `u16` of a non-empty table: how the values follow.
const NARROW: u16 = 0;
const WIDE: u16 = 1;

/// Empty, or a format word (`NARROW`: blocks of `STRIDE` `u16`s, the last
/// one shorter: low and high half of the block's first value, then the
/// gaps to each next value; `WIDE`: each value's low and high half).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Offsets(Box<[u16]>);

/// In binary formats (the fact cache), the words as one run of
/// little-endian bytes: read back in one pass, where a sequence of `u16`s
/// is decoded one variable-length integer at a time (a fifth of reading
/// the pack). Text formats get the sequence.
impl Serialize for Offsets {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            return self.0.serialize(serializer);
        }
        let bytes: Vec<u8> = self.0.iter().flat_map(|word| word.to_le_bytes()).collect();
        serializer.serialize_bytes(&bytes)
    }
}

impl<'de> Deserialize<'de> for Offsets {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Offsets, D::Error> {
        if deserializer.is_human_readable() {
            return Box::<[u16]>::deserialize(deserializer).map(Offsets);
        }
        deserializer.deserialize_bytes(WordBytes).map(Offsets)
    }
}

struct WordBytes;

impl de::Visitor<'_> for WordBytes {
    type Value = Box<[u16]>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an even number of bytes (little-endian u16 words)")
    }

    fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<Box<[u16]>, E> {
        if bytes.len() % 2 != 0 {
            return Err(E::invalid_length(bytes.len(), &self));
        }
        Ok(bytes.chunks_exact(2).map(|pair| u16::from_le_bytes([pair[0], pair[1]])).collect())
    }

    fn visit_byte_buf<E: de::Error>(self, bytes: Vec<u8>) -> Result<Box<[u16]>, E> {
        self.visit_bytes(&bytes)
    }
}

/// The whole value stored at `words[at..at + 2]`.
fn whole(words: &[u16], at: usize) -> u32 {
    words[at] as u32 | (words[at + 1] as u32) << 16
}

impl Offsets {
    pub fn new(values: &[u32]) -> Offsets {
        if values.is_empty() {
            return Offsets::default();
        }
        let narrow = values.windows(2).all(|w| w[0] <= w[1] && w[1] - w[0] <= u16::MAX as u32);
        let mut words = Vec::with_capacity(1 + values.len() + values.len().div_ceil(BLOCK));
        if narrow && values.len() > 1 {
            words.push(NARROW);
            for block in values.chunks(BLOCK) {
                words.extend([block[0] as u16, (block[0] >> 16) as u16]);
                words.extend(block.windows(2).map(|w| (w[1] - w[0]) as u16));
            }
        } else {
            words.push(WIDE);
            words.extend(values.iter().flat_map(|&v| [v as u16, (v >> 16) as u16]));
        }
        Offsets(words.into_boxed_slice())
    }

    /// Whether gaps are stored (else whole values), and the words after the
    /// format word.
    fn words(&self) -> (bool, &[u16]) {
        match self.0.split_first() {
            Some((&format, words)) => (format == NARROW, words),
            None => (false, &[]),
        }
    }

    pub fn len(&self) -> usize {
        match self.words() {
            // Each block holds one `u16` more than it has values.
            (true, words) => words.len() - words.len().div_ceil(STRIDE),
            (false, words) => words.len() / 2,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The bytes its table takes (for memory accounting).
    pub fn heap_bytes(&self) -> usize {
        self.0.len() * 2
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
        let (narrow, words) = self.words();
        // From the first value of `start`'s block (narrow), adding gaps.
        let first = if narrow { start - start % BLOCK } else { start };
        let mut value = 0;
        let decoded = (first..end).map(move |i| {
            let at = i / BLOCK * STRIDE;
            value = match (narrow, i % BLOCK) {
                (false, _) => whole(words, 2 * i),
                (true, 0) => whole(words, at),
                (true, within) => value + words[at + 1 + within] as u32,
            };
            value
        });
        decoded.skip(start - first)
    }

    /// The number of leading values for which `pred` holds (it must hold
    /// for a prefix of the sequence, as `slice::partition_point` asks).
    pub fn partition_point(&self, pred: impl Fn(u32) -> bool) -> usize {
        let (narrow, words) = self.words();
        // The last block (narrow) or value (wide) whose first value holds.
        let (step, count) = if narrow { (STRIDE, words.len().div_ceil(STRIDE)) } else { (2, words.len() / 2) };
        let (mut low, mut high) = (0, count);
        while low < high {
            let mid = (low + high) / 2;
            if pred(whole(words, mid * step)) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        match low.checked_sub(1) {
            Some(block) if narrow => {
                let start = block * BLOCK;
                start + self.values(start..start + BLOCK).take_while(|&v| pred(v)).count()
            }
            _ => low,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_as_bytes_in_the_cache_and_as_numbers_in_json() {
        for values in [vec![], vec![7], (0..100).map(|v| v * 3).collect(), vec![5, 70_000, 200_000]] {
            let offsets = Offsets::new(&values);
            let packed = postcard::to_stdvec(&offsets).expect("encodes");
            assert_eq!(packed.len(), postcard::to_stdvec(&(2 * offsets.0.len())).expect("a length").len() + 2 * offsets.0.len(), "one byte run");
            assert_eq!(postcard::from_bytes::<Offsets>(&packed).expect("decodes"), offsets);
            let json = serde_json::to_string(&offsets).expect("json");
            assert_eq!(serde_json::from_str::<Offsets>(&json).expect("json back"), offsets);
        }
        // A truncated run is an error, not a table of garbage.
        assert!(postcard::from_bytes::<Offsets>(&[3, 1, 0, 2]).is_err());
    }

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
            assert_eq!(offsets.words().0, len > 1, "{len}");
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
            assert!(!offsets.words().0);
            assert_eq!(offsets.values(0..3).collect::<Vec<_>>(), values);
        }
    }
}
