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

/// The passes over every byte, each on its own over the same corpus: where
/// a change to one of them shows without the rest of extraction around it.
mod passes {
    use super::*;
    use corroborate::knowledge::Lexicon;
    use corroborate::text::words::for_each_word;
    use corroborate::text::{lowercase_same_offsets, split_sentences, LineMap};

    fn corpus() -> (Vec<corroborate::generate::Document>, usize) {
        let (docs, manifest) = generate(&CorpusSpec::new(500, 42));
        (docs, manifest.bytes)
    }

    #[divan::bench(sample_count = 20)]
    fn lowercase(bencher: Bencher) {
        let (docs, bytes) = corpus();
        bencher.counter(BytesCount::new(bytes)).bench(|| docs.iter().map(|(_, t)| lowercase_same_offsets(t).len()).sum::<usize>());
    }

    #[divan::bench(sample_count = 20)]
    fn words(bencher: Bencher) {
        let (docs, bytes) = corpus();
        let lowered: Vec<String> = docs.iter().map(|(_, t)| lowercase_same_offsets(t)).collect();
        bencher.counter(BytesCount::new(bytes)).bench(|| {
            let mut count = 0usize;
            for t in &lowered {
                for_each_word(t, 0..t.len(), |_, _| count += 1);
            }
            count
        });
    }

    /// The words again, each looked up in the cue lexicon's phrase index.
    #[divan::bench(sample_count = 20)]
    fn cue_phrases(bencher: Bencher) {
        let (docs, bytes) = corpus();
        let lexicon = Lexicon::builtin();
        let lowered: Vec<String> = docs.iter().map(|(_, t)| lowercase_same_offsets(t)).collect();
        bencher.counter(BytesCount::new(bytes)).bench(|| {
            for t in &lowered {
                divan::black_box(lexicon.cues.scan(t));
            }
        });
    }

    #[divan::bench(sample_count = 20)]
    fn sentences(bencher: Bencher) {
        let (docs, bytes) = corpus();
        let lexicon = Lexicon::builtin();
        bencher.counter(BytesCount::new(bytes)).bench(|| {
            docs.iter()
                .map(|(path, t)| split_sentences(t, 0..t.len(), path.extension().is_some_and(|e| e == "md"), &lexicon.abbreviations).len())
                .sum::<usize>()
        });
    }

    #[divan::bench(sample_count = 20)]
    fn line_map(bencher: Bencher) {
        let (docs, bytes) = corpus();
        bencher.counter(BytesCount::new(bytes)).bench(|| docs.iter().map(|(_, t)| LineMap::new(t).line_count()).sum::<usize>());
    }
}
