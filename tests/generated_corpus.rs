//! A generated corpus is consistent except where contradictions are
//! planted: the analysis must find exactly those, and nothing else.

use std::path::Path;

use corroborate::generate::{generate, CorpusSpec};
use corroborate::knowledge::Config;
use corroborate::workspace::Workspace;

#[test]
fn exactly_the_planted_contradictions_are_found() {
    let spec = CorpusSpec { documents: 400, note_every: 8, planted: 12, seed: 11 };
    let (docs, manifest) = generate(&spec);
    assert_eq!(manifest.planted_contradictions, 12);
    let root = Path::new("/corpus");
    let files: Vec<_> = docs.into_iter().map(|(p, t)| (root.join(p), t)).collect();
    let ws = Workspace::from_texts(root, Config::default(), &files).expect("workspace");
    let mut codes: Vec<&str> = ws.analysis().all().map(|d| d.code.as_str()).collect();
    codes.dedup();
    assert_eq!(codes, vec!["unsupported-by-citation"], "only the planted kind of problem");
    assert_eq!(ws.analysis().all().count(), manifest.planted_contradictions);
}
