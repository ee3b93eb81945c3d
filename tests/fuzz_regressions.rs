//! Inputs kept from fuzzing (`fuzz/regressions/<target>/`), run through the
//! same functions and invariants as the fuzz targets in `fuzz/fuzz_targets/`,
//! so a crash once found stays fixed without cargo-fuzz or a nightly
//! compiler.

use std::path::Path;

use corroborate::extract::Extractor;
use corroborate::knowledge::Knowledge;
use corroborate::lsp::framing::{check, Framer, Incoming, INVALID_REQUEST, PARSE_ERROR};
use corroborate::text::{Encoding, LineMap};
use tower_lsp::jsonrpc::{Request, Response};

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions").join(target);
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries.filter_map(Result::ok).map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap_or_default())).collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// The body of `fuzz_targets/extract.rs`.
fn extract_one(extractor: &Extractor, data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let path = match data.first().map(|b| b % 3) {
        Some(0) => Path::new("/ws/notes/n.md"),
        Some(1) => Path::new("/ws/sources/s.md"),
        _ => Path::new("/ws/sources/s.txt"),
    };
    let facts = extractor.extract(path, &text, data.len() % 2 == 0);
    let map = LineMap::new(&text);
    for m in &facts.mentions {
        let range = m.range.range();
        assert!(text.get(range.clone()).is_some(), "mention range {range:?}");
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            let p = map.position(range.start, encoding);
            assert_eq!(map.offset(&text, p, encoding), range.start);
        }
    }
    for c in facts.citations() {
        assert!(text.get(c.range.clone()).is_some(), "citation range {:?}", c.range);
    }
    for f in &facts.figures {
        assert!(text.get(f.range.range()).is_some(), "figure range {:?}", f.range);
    }
}

fn assert_decodes(incoming: &Incoming) {
    match incoming {
        Incoming::Forward(f) => {
            let as_response = serde_json::from_slice::<Response>(&f.body).is_ok();
            let as_request = serde_json::from_slice::<Request>(&f.body).is_ok();
            match &f.method {
                Some(_) => assert!(as_request && !as_response, "{}", String::from_utf8_lossy(&f.body)),
                None => assert!(as_response, "{}", String::from_utf8_lossy(&f.body)),
            }
        }
        Incoming::Reply(reply) => {
            let code = reply["error"]["code"].as_i64();
            assert!(code == Some(PARSE_ERROR) || code == Some(INVALID_REQUEST), "{reply}");
        }
    }
}

/// The body of `fuzz_targets/framing.rs`.
fn framing_one(data: &[u8]) {
    assert_decodes(&check(data));
    let Some((&size, rest)) = data.split_first() else { return };
    let size = usize::from(size).max(1);
    let mut framer = Framer::new();
    let mut events = 0usize;
    for chunk in rest.chunks(size) {
        framer.push(chunk);
        while let Some(incoming) = framer.next_message() {
            assert_decodes(&incoming);
            events += 1;
            assert!(events <= rest.len() + 1, "the framer makes progress");
        }
    }
}

#[test]
fn kept_extraction_inputs_still_pass() {
    let extractor = Extractor::new(Knowledge::builtin());
    let inputs = inputs("extract");
    assert!(!inputs.is_empty(), "fuzz/regressions/extract holds inputs");
    for (name, data) in inputs {
        let outcome = std::panic::catch_unwind(|| extract_one(&extractor, &data));
        assert!(outcome.is_ok(), "fuzz/regressions/extract/{name}");
    }
}

#[test]
fn kept_framing_inputs_still_pass() {
    let inputs = inputs("framing");
    assert!(!inputs.is_empty(), "fuzz/regressions/framing holds inputs");
    for (name, data) in inputs {
        let outcome = std::panic::catch_unwind(|| framing_one(&data));
        assert!(outcome.is_ok(), "fuzz/regressions/framing/{name}");
    }
}
