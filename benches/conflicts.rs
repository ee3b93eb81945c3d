//! Conflict-group scaling: one figure group of N sources that disagree
//! (ten clusters of values), analysed from scratch, and one source of the
//! group edited then reanalysed incrementally. Time should grow about
//! linearly with N. Run: `cargo bench --bench conflicts`.

use std::path::{Path, PathBuf};

use corroborate::analysis::analyze;
use corroborate::knowledge::Config;
use corroborate::workspace::Workspace;
use divan::Bencher;

fn main() {
    divan::main();
}

fn source(i: usize) -> (PathBuf, String) {
    let value = if i % 3 == 0 { 100 } else { 100 + 50 * (1 + i % 9) };
    let text = format!("---\nid: s{i}\ndate: 2024-06-01\n---\n\nApple reported revenue of ${value} billion in 2024.\n");
    (Path::new("/big").join(format!("sources/s{i:06}.md")), text)
}

fn workspace(n: usize) -> Workspace {
    let files: Vec<(PathBuf, String)> = (0..n).map(source).collect();
    Workspace::from_texts(Path::new("/big"), Config::default(), &files).expect("workspace")
}

#[divan::bench(args = [1_000, 5_000, 20_000], sample_count = 5)]
fn full_analysis_of_one_group(bencher: Bencher, n: usize) {
    let ws = workspace(n);
    bencher.bench(|| analyze(ws.index(), ws.knowledge(), ws.settings()).diagnostics.len());
}

#[divan::bench(args = [1_000, 5_000, 20_000], sample_count = 5)]
fn edit_one_source_of_the_group(bencher: Bencher, n: usize) {
    let mut ws = workspace(n);
    let (path, text) = source(1);
    let edited = text.replace("$200", "$900");
    let mut flip = false;
    bencher.bench_local(|| {
        flip = !flip;
        ws.set_text(&path, if flip { &edited } else { &text });
        ws.reanalyze();
        ws.analysis().diagnostics.len()
    });
}
