//! A deterministic corpus generator for benchmarks and scale tests:
//! French and English articles (about 3 KB each, front matter or ` date`
//! header) stating partnerships and figures about registered entities, and
//! notes citing them, with a known number of planted contradictions.
//! Invariant: the same spec gives byte-identical files.

mod templates;

use std::io;
use std::path::{Path, PathBuf};

use serde::Serialize;

use templates::{figure_sentence, filler, headline, partnership_sentence, COMPANIES, PRODUCTS};

#[derive(Debug, Clone)]
pub struct CorpusSpec {
    /// Number of documents in all (sources and notes).
    pub documents: usize,
    /// One note per this many documents.
    pub note_every: usize,
    /// Notes whose figure contradicts the source they cite.
    pub planted: usize,
    pub seed: u64,
}

impl CorpusSpec {
    pub fn new(documents: usize, seed: u64) -> CorpusSpec {
        CorpusSpec { documents, note_every: 10, planted: (documents / 100).max(1), seed }
    }
}

/// What was generated, written beside the corpus as `corpus.json`.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Manifest {
    pub sources: usize,
    pub notes: usize,
    /// Notes stating a figure their cited source contradicts: each must get
    /// one `unsupported-by-citation` error.
    pub planted_contradictions: usize,
    pub bytes: usize,
}

/// SplitMix64: small, fast, deterministic, good enough for test data.
pub(crate) struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e3779b97f4a7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d049bb133111eb);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The figure every source agrees on for a subject, metric and year: the
/// corpus is consistent except where contradictions are planted.
pub(crate) fn canonical_value(subject: usize, metric: usize, year: i32) -> u64 {
    let mut rng = Rng::new((subject as u64) << 32 ^ (metric as u64) << 16 ^ year as u64);
    10 + rng.below(890) as u64
}

/// A generated document: relative path and text.
pub type Document = (PathBuf, String);

/// Generates the corpus in memory.
pub fn generate(spec: &CorpusSpec) -> (Vec<Document>, Manifest) {
    let mut rng = Rng::new(spec.seed);
    let mut docs = Vec::with_capacity(spec.documents);
    let mut manifest = Manifest::default();
    let mut source_facts: Vec<(String, templates::Fact)> = Vec::new();
    for i in 0..spec.documents {
        let is_note = spec.note_every > 0 && i % spec.note_every == spec.note_every - 1 && !source_facts.is_empty();
        if is_note {
            let planted = manifest.planted_contradictions < spec.planted;
            let (path, text) = note(&mut rng, i, &source_facts, planted);
            manifest.notes += 1;
            manifest.planted_contradictions += planted as usize;
            manifest.bytes += text.len();
            docs.push((path, text));
        } else {
            let (path, text, fact) = article(&mut rng, i);
            source_facts.push((id_of(&path), fact));
            manifest.sources += 1;
            manifest.bytes += text.len();
            docs.push((path, text));
        }
    }
    (docs, manifest)
}

/// Writes the corpus below `dir` (sources in `sources/`, notes in
/// `notes/`) with its `corpus.json` manifest.
pub fn write(spec: &CorpusSpec, dir: &Path) -> io::Result<Manifest> {
    let (docs, manifest) = generate(spec);
    std::fs::create_dir_all(dir.join("sources"))?;
    std::fs::create_dir_all(dir.join("notes"))?;
    for (path, text) in &docs {
        std::fs::write(dir.join(path), text)?;
    }
    let json = serde_json::to_string_pretty(&manifest).map_err(io::Error::other)?;
    std::fs::write(dir.join("corpus.json"), json + "\n")?;
    Ok(manifest)
}

fn id_of(path: &Path) -> String {
    path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string()
}

fn article(rng: &mut Rng, i: usize) -> (PathBuf, String, templates::Fact) {
    let french = rng.below(3) != 0;
    let year = 2020 + rng.below(6) as i32;
    let month = 1 + rng.below(12);
    let day = 1 + rng.below(28);
    let id = format!("art{i:06}");
    let a = rng.below(COMPANIES.len());
    let mut b = rng.below(COMPANIES.len());
    if b == a {
        b = (a + 1) % COMPANIES.len();
    }
    let markdown = i % 2 == 0;
    let mut text = if markdown {
        format!("---\nid: {id}\ntitle: \"{}\"\ndate: {year}-{month:02}-{day:02}\nlang: {}\n---\n\n", headline(french, a, b), if french { "fr" } else { "en" })
    } else {
        format!(" date {year}-{month:02}-{day:02}\n{}\n\n", headline(french, a, b))
    };
    let fact = templates::Fact { subject: a, metric: rng.below(templates::METRICS), year, french };
    let (c, product) = (rng.below(COMPANIES.len()), COMPANIES.len() + rng.below(PRODUCTS.len()));
    let mut paragraphs = vec![
        partnership_sentence(rng, french, a, b),
        figure_sentence(&fact, canonical_value(fact.subject, fact.metric, year)),
        format!("{} {}", filler(rng, french), partnership_sentence(rng, french, c, product)),
    ];
    while paragraphs.iter().map(String::len).sum::<usize>() < 2800 {
        paragraphs.push(format!("{} {} {}", filler(rng, french), filler(rng, french), filler(rng, french)));
    }
    text.push_str(&paragraphs.join("\n\n"));
    text.push('\n');
    let ext = if markdown { "md" } else { "txt" };
    (PathBuf::from(format!("sources/{id}.{ext}")), text, fact)
}

fn note(rng: &mut Rng, i: usize, sources: &[(String, templates::Fact)], planted: bool) -> Document {
    let (cited, fact) = &sources[rng.below(sources.len())];
    let value = canonical_value(fact.subject, fact.metric, fact.year);
    // Percentages print as `value % 60 + 1`: +30 moves them 30 points.
    let stated = match (planted, fact.metric) {
        (false, _) => value,
        (true, 3) => value + 30,
        (true, _) => value * 2 + 7,
    };
    let mut text = format!("---\nid: note{i:06}\nkind: note\n---\n\n# Notes {i}\n\n");
    text.push_str(&format!("{} [@{cited}].\n\n", figure_sentence(fact, stated).trim_end_matches('.')));
    text.push_str(&format!("{}\n", filler(rng, fact.french)));
    (PathBuf::from(format!("notes/note{i:06}.md")), text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_is_deterministic_and_sized() {
        let spec = CorpusSpec::new(40, 7);
        let (a, manifest) = generate(&spec);
        let (b, _) = generate(&spec);
        assert_eq!(a, b);
        assert_eq!(manifest.sources + manifest.notes, 40);
        assert_eq!(manifest.notes, 4);
        let average = manifest.bytes / 40;
        assert!(average > 2000, "documents average {average} bytes");
    }
}
