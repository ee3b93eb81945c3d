//! The fact cache: every document's facts from the last load, in one pack
//! file per workspace in the user's cache folder (never inside the
//! workspace), reused when a file's size and mtime, or else its content
//! hash, are unchanged. Invariant: a pack is trusted only when its magic,
//! format version, knowledge fingerprint, length and checksum all match;
//! anything else is ignored (and rebuilt by the next store). Entries are
//! stored sorted by path, so that a load matches them to the discovered
//! files in one merge (`match_entries`), without a map of every path.
//! The payload is a table of chunks, each with its own checksum, read and
//! decoded chunk by chunk on every core and written chunk by chunk: the
//! pack is never held whole in memory beside the facts it holds.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::UNIX_EPOCH;

use crate::extract::{content_hash, DocFacts};
use crate::index::{normalize, path_order};
use crate::knowledge::config::CacheConfig;

const MAGIC: &[u8; 8] = b"CRBPACK\0";
/// Bump when `DocFacts` or extraction changes in a way the knowledge
/// fingerprint does not show.
pub const FORMAT_VERSION: u32 = 6;
/// Entries per independently encoded chunk of the payload: chunks are
/// encoded and decoded on every core.
const CHUNK_ENTRIES: usize = 2048;
/// magic, version, fingerprint, payload length, checksum of the chunk
/// table.
const HEADER_LEN: usize = 8 + 4 + 8 + 8 + 8;
/// Per chunk in the table: its length and its checksum.
const CHUNK_ROW: usize = 8 + 8;

/// What is known of a file when its facts were extracted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStamp {
    pub size: u64,
    pub mtime_ns: u64,
}

impl FileStamp {
    pub fn of(path: &Path) -> Option<FileStamp> {
        let meta = std::fs::metadata(path).ok()?;
        let mtime_ns = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?.as_nanos() as u64;
        Some(FileStamp { size: meta.len(), mtime_ns })
    }
}

/// One document's facts as loaded: shared from the start, as the index
/// will hold them.
#[derive(Debug)]
pub struct Entry {
    pub stamp: FileStamp,
    pub facts: Arc<DocFacts>,
}

/// An entry as stored.
#[derive(Deserialize)]
struct StoredEntry {
    stamp: FileStamp,
    facts: DocFacts,
}

#[derive(Serialize)]
struct EntryRef<'a> {
    stamp: FileStamp,
    facts: &'a DocFacts,
}

/// Why a pack was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheError {
    Missing,
    Corrupt(&'static str),
    OtherVersion(u32),
    OtherKnowledge,
}

impl std::fmt::Display for CacheError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CacheError::Missing => write!(f, "no cache yet"),
            CacheError::Corrupt(why) => write!(f, "corrupt cache ({why})"),
            CacheError::OtherVersion(v) => write!(f, "cache format {v}, expected {FORMAT_VERSION}"),
            CacheError::OtherKnowledge => write!(f, "cache made with other knowledge"),
        }
    }
}

/// The pack file of one workspace.
#[derive(Debug, Clone)]
pub struct FactCache {
    pub file: PathBuf,
    fingerprint: u64,
}

impl FactCache {
    /// The pack for the workspace at `root`, or None when the cache is
    /// disabled, no cache folder is known, or the folder would be inside
    /// the workspace.
    pub fn locate(root: &Path, config: &CacheConfig, fingerprint: u64) -> Option<FactCache> {
        if config.enabled == Some(false) {
            return None;
        }
        let root = absolute(root);
        let dir = match &config.dir {
            Some(dir) => absolute(&root.join(dir)),
            None => user_cache_dir()?.join("corroborate"),
        };
        let canonical_root = std::fs::canonicalize(&root).unwrap_or_else(|_| root.clone());
        let canonical_dir = canonical_existing_prefix(&dir);
        if dir.starts_with(&root) || canonical_dir.starts_with(&canonical_root) {
            return None;
        }
        let name = format!("{:016x}.pack", content_hash(&canonical_root.to_string_lossy()));
        Some(FactCache { file: dir.join(name), fingerprint })
    }

    /// A pack at an explicit place (tests, tools).
    pub fn at(file: PathBuf, fingerprint: u64) -> FactCache {
        FactCache { file, fingerprint }
    }

    /// Reads and checks the pack; its entries in the order stored (by
    /// path, for packs `store` wrote: see `match_entries`).
    pub fn load(&self) -> Result<Vec<Entry>, CacheError> {
        let mut file = File::open(&self.file).map_err(|_| CacheError::Missing)?;
        let file_len = file.metadata().map_err(|_| CacheError::Missing)?.len();
        let mut header = [0u8; HEADER_LEN];
        file.read_exact(&mut header).map_err(|_| CacheError::Corrupt("bad header"))?;
        let (payload_len, table_sum) = self.check(&header)?;
        if payload_len.checked_add(HEADER_LEN as u64) != Some(file_len) {
            return Err(CacheError::Corrupt("truncated"));
        }
        let mut count = [0u8; 4];
        file.read_exact(&mut count).map_err(|_| CacheError::Corrupt("truncated"))?;
        let count = u32::from_le_bytes(count) as usize;
        let table_len = count.checked_mul(CHUNK_ROW).filter(|&n| (4 + n) as u64 <= payload_len).ok_or(CacheError::Corrupt("bad chunk table"))?;
        let mut table = (count as u32).to_le_bytes().to_vec();
        table.resize(4 + table_len, 0);
        file.read_exact(&mut table[4..]).map_err(|_| CacheError::Corrupt("truncated"))?;
        if checksum(&table) != table_sum {
            return Err(CacheError::Corrupt("checksum"));
        }
        let chunks = chunk_places(&table[4..], (HEADER_LEN + table.len()) as u64, file_len).ok_or(CacheError::Corrupt("bad chunk table"))?;
        let decoded: Vec<Vec<Entry>> = chunks.par_iter().map(|chunk| self.read_chunk(chunk)).collect::<Result<_, _>>()?;
        let mut entries = Vec::with_capacity(decoded.iter().map(Vec::len).sum());
        for chunk in decoded {
            entries.extend(chunk);
        }
        Ok(entries)
    }

    /// One chunk, read from its own handle (chunks are read side by side),
    /// checked and decoded.
    fn read_chunk(&self, chunk: &ChunkPlace) -> Result<Vec<Entry>, CacheError> {
        let mut bytes = vec![0u8; usize::try_from(chunk.len).map_err(|_| CacheError::Corrupt("bad chunk table"))?];
        let read = File::open(&self.file).and_then(|mut f| f.seek(SeekFrom::Start(chunk.offset)).and_then(|_| f.read_exact(&mut bytes)));
        read.map_err(|_| CacheError::Corrupt("truncated"))?;
        if checksum(&bytes) != chunk.checksum {
            return Err(CacheError::Corrupt("checksum"));
        }
        let stored: Vec<StoredEntry> = postcard::from_bytes(&bytes).map_err(|_| CacheError::Corrupt("undecodable"))?;
        // Into a vector of its own: `collect` would reuse the stored
        // entries' sixteen times larger buffer (40 MB held at 100,000
        // documents until the chunks are joined).
        let mut entries = Vec::with_capacity(stored.len());
        entries.extend(stored.into_iter().map(|e| Entry { stamp: e.stamp, facts: Arc::new(e.facts) }));
        Ok(entries)
    }

    /// The payload's length and the chunk table's checksum, from a header
    /// of this format and knowledge.
    fn check(&self, header: &[u8; HEADER_LEN]) -> Result<(u64, u64), CacheError> {
        if &header[..8] != MAGIC {
            return Err(CacheError::Corrupt("bad header"));
        }
        let u32_at = |i: usize| header.get(i..i + 4).and_then(|b| b.try_into().ok()).map(u32::from_le_bytes).unwrap_or(0);
        let u64_at = |i: usize| header.get(i..i + 8).and_then(|b| b.try_into().ok()).map(u64::from_le_bytes).unwrap_or(0);
        let version = u32_at(8);
        if version != FORMAT_VERSION {
            return Err(CacheError::OtherVersion(version));
        }
        if u64_at(12) != self.fingerprint {
            return Err(CacheError::OtherKnowledge);
        }
        Ok((u64_at(20), u64_at(28)))
    }

    /// Writes the pack atomically: a temporary file beside it, renamed.
    /// The entries are stored sorted by path; at most a chunk per core is
    /// held encoded at a time.
    pub fn store<'a>(&self, docs: impl Iterator<Item = (&'a DocFacts, FileStamp)>) -> std::io::Result<()> {
        let mut entries: Vec<EntryRef> = docs.map(|(facts, stamp)| EntryRef { stamp, facts }).collect();
        if !entries.par_windows(2).all(|w| path_order(&w[0].facts.path, &w[1].facts.path).is_lt()) {
            entries.par_sort_by(|a, b| path_order(&a.facts.path, &b.facts.path));
        }
        let table_len = 4 + entries.len().div_ceil(CHUNK_ENTRIES) * CHUNK_ROW;
        let dir = self.file.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        // Unique per store, so two stores of one process (a language
        // server re-indexing) never write the same temporary file.
        static STORES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = STORES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tmp = self.file.with_extension(format!("tmp{}-{n}", std::process::id()));
        let written = File::create(&tmp).and_then(|mut file| {
            // The chunks first, after room for the header and the table
            // (which need their lengths and checksums), encoded a few at a
            // time on every core and written as they come.
            file.seek(SeekFrom::Start((HEADER_LEN + table_len) as u64))?;
            let mut out = std::io::BufWriter::new(file);
            let mut rows = Vec::with_capacity(table_len / CHUNK_ROW);
            for batch in entries.chunks(CHUNK_ENTRIES * rayon::current_num_threads().max(1)) {
                let encoded: Vec<Vec<u8>> =
                    batch.par_chunks(CHUNK_ENTRIES).map(postcard::to_stdvec).collect::<Result<_, _>>().map_err(std::io::Error::other)?;
                for chunk in &encoded {
                    out.write_all(chunk)?;
                    rows.push((chunk.len() as u64, checksum(chunk)));
                }
            }
            let table = chunk_table(&rows);
            let payload_len = (table.len() as u64) + rows.iter().map(|(len, _)| len).sum::<u64>();
            let mut head = Vec::with_capacity(HEADER_LEN + table.len());
            head.extend_from_slice(MAGIC);
            head.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
            head.extend_from_slice(&self.fingerprint.to_le_bytes());
            head.extend_from_slice(&payload_len.to_le_bytes());
            head.extend_from_slice(&checksum(&table).to_le_bytes());
            head.extend_from_slice(&table);
            let mut file = out.into_inner().map_err(|e| e.into_error())?;
            file.seek(SeekFrom::Start(0))?;
            file.write_all(&head)?;
            file.sync_data()
        });
        if let Err(e) = written.and_then(|_| std::fs::rename(&tmp, &self.file)) {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        Ok(())
    }
}

/// The entries of `paths` (sorted by path, as `files::discover` lists
/// them), one for each (None: not in the pack), found by one merge with
/// `entries` (sorted first if they are not). Entries of other paths are
/// dropped. Unsorted `paths` are matched too, through a map.
pub fn match_entries<'a>(paths: impl IntoIterator<Item = &'a Path>, mut entries: Vec<Entry>) -> Vec<Option<Entry>> {
    let paths: Vec<&Path> = paths.into_iter().collect();
    // The usual case, a warm start of an unchanged workspace: the pack
    // holds exactly these paths, in this order (compared as bytes, which is
    // much cheaper than comparing paths component by component).
    if paths.len() == entries.len() && paths.par_iter().zip(&entries).all(|(p, e)| p.as_os_str() == e.facts.path.as_os_str()) {
        return entries.into_iter().map(Some).collect();
    }
    if !paths.par_windows(2).all(|w| path_order(w[0], w[1]).is_lt()) {
        let mut by_path: HashMap<PathBuf, Entry> = entries.into_iter().map(|e| (e.facts.path.clone(), e)).collect();
        return paths.into_iter().map(|p| by_path.remove(p)).collect();
    }
    if !entries.par_windows(2).all(|w| path_order(&w[0].facts.path, &w[1].facts.path).is_lt()) {
        entries.par_sort_by(|a, b| path_order(&a.facts.path, &b.facts.path));
    }
    let mut entries = entries.into_iter().peekable();
    let mut out = Vec::with_capacity(paths.len());
    for path in paths {
        while entries.next_if(|e| path_order(&e.facts.path, path).is_lt()).is_some() {}
        out.push(entries.next_if(|e| e.facts.path == path));
    }
    out
}

/// The payload starts with the chunk table: the number of chunks (u32),
/// then each chunk's length and checksum (u64 each); the chunks follow.
fn chunk_table(rows: &[(u64, u64)]) -> Vec<u8> {
    let mut table = Vec::with_capacity(4 + rows.len() * CHUNK_ROW);
    table.extend_from_slice(&(rows.len() as u32).to_le_bytes());
    for (len, sum) in rows {
        table.extend_from_slice(&len.to_le_bytes());
        table.extend_from_slice(&sum.to_le_bytes());
    }
    table
}

/// Where a chunk lies in the pack file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ChunkPlace {
    offset: u64,
    len: u64,
    checksum: u64,
}

/// The chunks of a table's rows (without the count), laid one after the
/// other from `start`; None unless they end exactly at `end`.
fn chunk_places(rows: &[u8], start: u64, end: u64) -> Option<Vec<ChunkPlace>> {
    let mut offset = start;
    let mut places = Vec::with_capacity(rows.len() / CHUNK_ROW);
    for row in rows.chunks_exact(CHUNK_ROW) {
        let len = u64::from_le_bytes(row[..8].try_into().ok()?);
        let checksum = u64::from_le_bytes(row[8..].try_into().ok()?);
        places.push(ChunkPlace { offset, len, checksum });
        offset = offset.checked_add(len)?;
    }
    (offset == end).then_some(places)
}

fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        normalize(path)
    } else {
        normalize(&std::env::current_dir().unwrap_or_default().join(path))
    }
}

/// The canonical form of the longest existing ancestor of `path`, with the
/// rest appended (the cache folder may not exist yet).
fn canonical_existing_prefix(path: &Path) -> PathBuf {
    let mut existing = path.to_path_buf();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name().map(|n| n.to_os_string()), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => return path.to_path_buf(),
        }
    }
    let mut out = std::fs::canonicalize(&existing).unwrap_or(existing);
    out.extend(rest.iter().rev());
    out
}

/// `$XDG_CACHE_HOME`, else `~/.cache`.
fn user_cache_dir() -> Option<PathBuf> {
    let xdg = std::env::var_os("XDG_CACHE_HOME").map(PathBuf::from).filter(|p| p.is_absolute());
    xdg.or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
}

/// A fast checksum over 8-byte words in four lanes (corruption detection,
/// not security).
pub fn checksum(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9e3779b97f4a7c15;
    let mut lanes = [0x243f6a8885a308d3u64, 0x13198a2e03707344, 0xa4093822299f31d0, 0x082efa98ec4e6c89];
    let mut blocks = bytes.chunks_exact(32);
    for block in &mut blocks {
        for (lane, word) in lanes.iter_mut().zip(block.chunks_exact(8)) {
            let w = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
            *lane = (*lane ^ w).wrapping_mul(K).rotate_left(29);
        }
    }
    let mut h = bytes.len() as u64;
    for lane in lanes {
        h = (h ^ lane).wrapping_mul(K).rotate_left(31);
    }
    for &b in blocks.remainder() {
        h = (h ^ b as u64).wrapping_mul(0x100000001b3);
    }
    h ^ (h >> 29)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chunk_table_must_add_up_exactly() {
        let rows: Vec<(u64, u64)> = [&b"abc"[..], b"", b"de"].iter().map(|c| (c.len() as u64, checksum(c))).collect();
        let table = chunk_table(&rows);
        let rows = &table[4..];
        let places = chunk_places(rows, 100, 105).expect("adds up");
        let at: Vec<(u64, u64)> = places.iter().map(|p| (p.offset, p.len)).collect();
        assert_eq!(at, vec![(100, 3), (103, 0), (103, 2)]);
        assert_eq!(places[2].checksum, checksum(b"de"));
        assert_eq!(chunk_places(rows, 100, 104), None, "truncated");
        assert_eq!(chunk_places(rows, 100, 106), None, "trailing bytes");
        let mut huge = table.clone();
        huge[4..12].copy_from_slice(&u64::MAX.to_le_bytes());
        assert_eq!(chunk_places(&huge[4..], 100, 105), None, "a length past the end");
        assert_eq!(chunk_places(&[], 7, 7), Some(Vec::new()));
    }

    #[test]
    fn facts_round_trip_through_the_binary_format() {
        use crate::extract::Extractor;
        use crate::generate::{generate, CorpusSpec};
        let extractor = Extractor::new(crate::knowledge::Knowledge::builtin());
        let (docs, _) = generate(&CorpusSpec::new(30, 3));
        let seeds = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds")).expect("seeds").filter_map(|e| e.ok()).map(|e| e.path());
        let seeds: Vec<(PathBuf, String)> = seeds.map(|p| (p.clone(), std::fs::read_to_string(&p).unwrap_or_default())).collect();
        for (path, text) in docs.iter().chain(&seeds) {
            let facts = extractor.extract(path, text, false);
            let bytes = postcard::to_stdvec(&facts).expect("encodes");
            let back: DocFacts = postcard::from_bytes(&bytes).expect("decodes");
            assert_eq!(serde_json::to_string(&back).ok(), serde_json::to_string(&facts).ok(), "{}", path.display());
        }
    }

    #[test]
    fn entries_match_their_paths_in_any_order() {
        use crate::extract::Extractor;
        let extractor = Extractor::new(crate::knowledge::Knowledge::builtin());
        let entry = |path: &str| Entry { stamp: FileStamp { size: 1, mtime_ns: 2 }, facts: Arc::new(extractor.extract(Path::new(path), path, false)) };
        let found =
            |matched: Vec<Option<Entry>>| -> Vec<Option<String>> { matched.into_iter().map(|e| e.map(|e| e.facts.path.display().to_string())).collect() };
        // "/w/a/z.md" sorts before "/w/a-b.md" as a path, after it as bytes.
        let paths = [Path::new("/w/a/z.md"), Path::new("/w/a-b.md"), Path::new("/w/c.md")];
        let expected = vec![Some("/w/a/z.md".to_string()), None, Some("/w/c.md".to_string())];
        assert_eq!(found(match_entries(paths, vec![entry("/w/a/z.md"), entry("/w/c.md")])), expected, "sorted, one missing");
        assert_eq!(found(match_entries(paths, vec![entry("/w/c.md"), entry("/w/b.md"), entry("/w/a/z.md")])), expected, "unsorted, one gone");
        let reversed = [paths[2], paths[1], paths[0]];
        let expected_reversed: Vec<Option<String>> = expected.iter().rev().cloned().collect();
        assert_eq!(found(match_entries(reversed, vec![entry("/w/a/z.md"), entry("/w/c.md")])), expected_reversed, "paths unsorted");
        let all = vec![entry("/w/a/z.md"), entry("/w/a-b.md"), entry("/w/c.md")];
        assert!(match_entries(paths, all).iter().all(Option::is_some), "the same paths in the same order");
    }

    #[test]
    fn checksum_sees_any_flipped_byte() {
        let data: Vec<u8> = (0..1000u32).map(|i| (i * 7 % 251) as u8).collect();
        let sum = checksum(&data);
        for i in [0, 31, 32, 500, 990, 999] {
            let mut bad = data.clone();
            bad[i] ^= 1;
            assert_ne!(checksum(&bad), sum, "byte {i}");
        }
    }
}
