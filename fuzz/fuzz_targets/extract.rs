//! Fuzz target: document parsing and extraction on arbitrary bytes (as UTF-8, lossily), as Markdown and as plain text.
#![no_main]

use corroborate::extract::Extractor;
use corroborate::knowledge::Knowledge;
use corroborate::text::{Encoding, LineMap};
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;

fn extractor() -> &'static Extractor {
    static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();
    EXTRACTOR.get_or_init(|| Extractor::new(Knowledge::builtin()))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // The first byte picks the path: a note, a source, plain text.
    let path = match data.first().map(|b| b % 3) {
        Some(0) => Path::new("/ws/notes/n.md"),
        Some(1) => Path::new("/ws/sources/s.md"),
        _ => Path::new("/ws/sources/s.txt"),
    };
    let facts = extractor().extract(path, &text, data.len() % 2 == 0);
    // Every range the facts hold must lie on char boundaries of the text.
    let map = LineMap::new(&text);
    for m in &facts.mentions {
        assert!(text.get(m.range.clone()).is_some(), "mention range {:?}", m.range);
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            let p = map.position(m.range.start, encoding);
            assert_eq!(map.offset(&text, p, encoding), m.range.start);
        }
    }
    for c in &facts.citations {
        assert!(text.get(c.range.clone()).is_some(), "citation range {:?}", c.range);
    }
    for f in &facts.figures {
        assert!(text.get(f.range.clone()).is_some(), "figure range {:?}", f.range);
    }
});
