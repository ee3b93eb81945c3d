//! Open buffers: a rope per document with the client's version. Edits are
//! applied synchronously, in arrival order, under the state lock; a change
//! whose version is not newer than the buffer's is stale and ignored.
//! Invariant: `text` is the buffer as last extracted; `dirty` says the rope
//! has moved on since.

use ropey::Rope;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tower_lsp::lsp_types as lsp;

use super::convert::rope_char_index;
use crate::text::Encoding;

#[derive(Debug)]
pub struct OpenDoc {
    pub rope: Rope,
    pub version: i32,
    /// The text the workspace's facts for this document were extracted from.
    pub text: String,
    /// The rope has changed since `text` was extracted.
    pub dirty: bool,
}

#[derive(Debug, PartialEq, Eq)]
pub enum ChangeOutcome {
    Applied,
    /// The version is not newer than the buffer's: ignored.
    Stale {
        have: i32,
    },
    NotOpen,
}

#[derive(Debug, Default)]
pub struct Documents {
    open: BTreeMap<PathBuf, OpenDoc>,
}

impl Documents {
    pub fn open(&mut self, path: PathBuf, text: String, version: i32) {
        self.open.insert(path, OpenDoc { rope: Rope::from_str(&text), version, text, dirty: false });
    }

    pub fn close(&mut self, path: &Path) -> Option<OpenDoc> {
        self.open.remove(path)
    }

    pub fn get(&self, path: &Path) -> Option<&OpenDoc> {
        self.open.get(path)
    }

    pub fn get_mut(&mut self, path: &Path) -> Option<&mut OpenDoc> {
        self.open.get_mut(path)
    }

    pub fn is_open(&self, path: &Path) -> bool {
        self.open.contains_key(path)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&PathBuf, &OpenDoc)> {
        self.open.iter()
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&PathBuf, &mut OpenDoc)> {
        self.open.iter_mut()
    }

    pub fn paths(&self) -> Vec<PathBuf> {
        self.open.keys().cloned().collect()
    }

    /// Applies a didChange's edits in order.
    pub fn apply(&mut self, path: &Path, version: i32, changes: &[lsp::TextDocumentContentChangeEvent], encoding: Encoding) -> ChangeOutcome {
        let Some(doc) = self.open.get_mut(path) else { return ChangeOutcome::NotOpen };
        if version <= doc.version {
            return ChangeOutcome::Stale { have: doc.version };
        }
        for change in changes {
            apply_change(&mut doc.rope, change, encoding);
        }
        doc.version = version;
        doc.dirty = true;
        ChangeOutcome::Applied
    }
}

pub fn apply_change(rope: &mut Rope, change: &lsp::TextDocumentContentChangeEvent, encoding: Encoding) {
    match change.range {
        None => *rope = Rope::from_str(&change.text),
        Some(range) => {
            let a = rope_char_index(rope, range.start, encoding);
            let b = rope_char_index(rope, range.end, encoding);
            let (start, end) = if a <= b { (a, b) } else { (b, a) };
            rope.remove(start..end);
            rope.insert(start, &change.text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(sl: u32, sc: u32, el: u32, ec: u32, text: &str) -> lsp::TextDocumentContentChangeEvent {
        lsp::TextDocumentContentChangeEvent {
            range: Some(lsp::Range { start: lsp::Position::new(sl, sc), end: lsp::Position::new(el, ec) }),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn edits_apply_in_order_and_stale_versions_are_ignored() {
        let mut docs = Documents::default();
        let path = PathBuf::from("/w/a.md");
        docs.open(path.clone(), "é😀 Apple\r\nsecond".to_string(), 1);
        // After "é😀 " in UTF-16: 1 + 2 + 1 = 4 units.
        assert_eq!(docs.apply(&path, 2, &[change(0, 4, 0, 9, "Google")], Encoding::Utf16), ChangeOutcome::Applied);
        assert_eq!(docs.get(&path).unwrap().rope.to_string(), "é😀 Google\r\nsecond");
        // Past the end of a line clamps to the line end, before \r\n.
        assert_eq!(docs.apply(&path, 3, &[change(0, 99, 0, 120, "!")], Encoding::Utf16), ChangeOutcome::Applied);
        assert_eq!(docs.get(&path).unwrap().rope.to_string(), "é😀 Google!\r\nsecond");
        assert_eq!(docs.apply(&path, 3, &[change(0, 0, 0, 0, "x")], Encoding::Utf16), ChangeOutcome::Stale { have: 3 });
        // UTF-8: "é" is 2 bytes, the emoji 4.
        assert_eq!(docs.apply(&path, 4, &[change(0, 2, 0, 6, "")], Encoding::Utf8), ChangeOutcome::Applied);
        assert_eq!(docs.get(&path).unwrap().rope.to_string(), "é Google!\r\nsecond");
        assert!(docs.get(&path).unwrap().dirty);
        assert_eq!(docs.apply(Path::new("/w/b.md"), 1, &[], Encoding::Utf8), ChangeOutcome::NotOpen);
    }
}
