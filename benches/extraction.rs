//! Extraction throughput: one core reading a generated corpus of French
//! and English articles into facts. Divan prints MB/s (bytes counter).
//! Run: `cargo bench --bench extraction`.

use std::path::Path;

use corroborate::extract::Extractor;
use corroborate::generate::{generate, CorpusSpec};
use corroborate::knowledge::Knowledge;
use divan::counter::BytesCount;
use divan::Bencher;

/// The allocator the `corroborate` binary uses.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

#[divan::bench(sample_count = 20)]
fn extract_one_core(bencher: Bencher) {
    let (docs, manifest) = generate(&CorpusSpec::new(500, 42));
    let extractor = Extractor::new(Knowledge::builtin());
    bencher.counter(BytesCount::new(manifest.bytes)).bench(|| {
        let mut facts = 0usize;
        for (path, text) in &docs {
            let doc = extractor.extract(Path::new(path), text, false);
            facts += doc.figures.len() + doc.partnerships.len();
        }
        divan::black_box(facts)
    });
}

#[divan::bench(sample_count = 20)]
fn extract_seeds(bencher: Bencher) {
    let seeds: Vec<(std::path::PathBuf, String)> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds"))
        .expect("seeds folder")
        .filter_map(|e| e.ok())
        .map(|e| (e.path(), std::fs::read_to_string(e.path()).expect("seed readable")))
        .collect();
    let bytes: usize = seeds.iter().map(|(_, t)| t.len()).sum();
    let extractor = Extractor::new(Knowledge::builtin());
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        for (path, text) in &seeds {
            divan::black_box(extractor.extract(path, text, false));
        }
    });
}
