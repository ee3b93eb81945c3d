//! Where the bytes go: loads a folder as `corroborate index --no-cache`
//! does (discover, read and extract, index, analyse: the steps of
//! `Workspace::index_files` and `reanalyze`) under a counting
//! wrapper around mimalloc, and prints the live heap after each step, the
//! facts' heap by field (requested sizes rounded up to mimalloc's size
//! classes) and the resident memory.
//!
//! `cargo run --release --example heap_census -- /tmp/c100000 [--warm]`

use std::alloc::{GlobalAlloc, Layout};
use std::collections::BTreeMap;
use std::mem::size_of;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicIsize, Ordering::Relaxed};

use rayon::prelude::*;
use std::sync::Arc;

use corroborate::analysis::analyze;
use corroborate::extract::DocFacts;
use corroborate::knowledge::Config;
use corroborate::workspace::{files, Workspace};

static LIVE: AtomicIsize = AtomicIsize::new(0);
static BLOCKS: AtomicIsize = AtomicIsize::new(0);
/// The most `LIVE` was since the last `step`.
static PEAK: AtomicIsize = AtomicIsize::new(0);

fn grow(bytes: isize) {
    let live = LIVE.fetch_add(bytes, Relaxed) + bytes;
    PEAK.fetch_max(live, Relaxed);
}

/// mimalloc, counting the live bytes and blocks it hands out (in size
/// classes, as `class` rounds them).
struct Counting;

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grow(class(layout.size()) as isize);
        BLOCKS.fetch_add(1, Relaxed);
        mimalloc::MiMalloc.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(class(layout.size()) as isize, Relaxed);
        BLOCKS.fetch_sub(1, Relaxed);
        mimalloc::MiMalloc.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        grow(class(new_size) as isize - class(layout.size()) as isize);
        mimalloc::MiMalloc.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// mimalloc's size class for a request: words up to 8 words, then four
/// classes per doubling.
fn class(size: usize) -> usize {
    if size == 0 {
        return 0;
    }
    let words = size.div_ceil(8);
    if words <= 8 {
        return words * 8;
    }
    let top = usize::BITS - 1 - words.leading_zeros();
    let step = 1usize << (top - 2);
    words.div_ceil(step) * step * 8
}

fn slice_heap<T>(v: &[T]) -> usize {
    class(std::mem::size_of_val(v))
}

/// A string's block (its length: boxed strings have no spare room).
fn s(s: &str) -> usize {
    class(s.len())
}

fn os(p: &Path) -> usize {
    class(p.as_os_str().len())
}

fn rss_mb() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field =
        |name: &str| status.lines().find_map(|l| l.strip_prefix(name)).and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok()).unwrap_or(0u64);
    (field("VmRSS:") / 1024, field("VmHWM:") / 1024)
}

fn mb(bytes: isize) -> f64 {
    bytes as f64 / 1e6
}

fn step(name: &str, before: &mut isize) {
    let live = LIVE.load(Relaxed);
    let top = PEAK.swap(live, Relaxed);
    let (rss, peak) = rss_mb();
    println!(
        "{name:<28} live heap {:>6.1} MB ({:+6.1}, at most {:>6.1}), blocks {:>8}, RSS {rss} MB, peak {peak} MB",
        mb(live),
        mb(live - *before),
        mb(top),
        BLOCKS.load(Relaxed)
    );
    *before = live;
}

/// The facts' heap by field, in bytes, summed over documents.
fn census(docs: &[&DocFacts]) -> BTreeMap<&'static str, usize> {
    let mut m: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut add = |k: &'static str, n: usize| *m.entry(k).or_default() += n;
    for d in docs {
        add("arc DocFacts block", class(size_of::<DocFacts>() + 16));
        add("path", os(&d.path));
        let meta = &d.meta;
        add("meta strings", s(&meta.id) + s(&meta.title) + meta.outlet.as_deref().map_or(0, s) + meta.url.as_deref().map_or(0, s));
        add("meta aliases", slice_heap(&meta.aliases) + meta.aliases.iter().map(|a| s(a)).sum::<usize>());
        // Tables of several allocations: requested sizes, not rounded.
        add("line_map", d.line_map.heap_bytes());
        add("sentences", d.sentences.heap_bytes());
        add("mentions", slice_heap(&d.mentions));
        add("figures (vec)", slice_heap(&d.figures));
        for f in &d.figures {
            add("figure metric", s(&f.metric));
            add("figure scope", f.scope.as_deref().map_or(0, s));
            add("figure text", s(&f.text));
            if let corroborate::facts::Unit::Currency(c) = &f.unit {
                add("figure unit", s(c));
            }
            if let corroborate::facts::Period::Span { label, .. } = &f.period {
                add("figure period label", s(label));
            }
            add("figure attribution", f.attribution.as_ref().map_or(0, |a| s(&a.text)));
        }
        add("partnerships (vec)", slice_heap(&d.partnerships));
        for p in &d.partnerships {
            if let corroborate::facts::Period::Span { label, .. } = &p.period {
                add("partnership period label", s(label));
            }
        }
        add("citations (vec)", slice_heap(d.citations()));
        add("citation strings", d.citations().iter().map(|c| s(&c.key) + c.locator.as_deref().map_or(0, s) + c.fragment.as_deref().map_or(0, s)).sum());
        add("attributions", slice_heap(d.attributions()) + d.attributions().iter().map(|a| s(&a.text)).sum::<usize>());
        add("outlets", slice_heap(d.outlets()));
        add("problems", slice_heap(d.problems()) + d.problems().iter().map(|p| s(&p.message)).sum::<usize>());
        add("snippet", s(&d.snippet));
    }
    m
}

fn main() {
    let root = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".to_string()));
    let mut before = 0;
    step("start", &mut before);
    let config = Config::load(&root).expect("config");
    let ws = Workspace::new(&root, config, vec![root.clone()]).expect("workspace");
    let (found, _) = files::discover(std::slice::from_ref(&root));
    step("knowledge + discover", &mut before);
    // As `Workspace::index_files` does, step by step; with `--warm`, the
    // facts from the workspace's pack instead (`XDG_CACHE_HOME` says where).
    let extracted: Vec<Arc<DocFacts>> = if std::env::args().any(|a| a == "--warm") {
        let entries = ws.fact_cache().expect("a cache folder").load().expect("a pack");
        step("read the pack", &mut before);
        entries.into_iter().map(|e| e.facts).collect()
    } else {
        found
            .par_iter()
            .filter_map(|path| {
                let text = files::read_document(path).ok()?;
                Some(Arc::new(ws.extractor().extract(path, &text, ws.in_notes_folder(path))))
            })
            .collect()
    };
    step("read and extract", &mut before);
    let mut index = ws.index().empty_like();
    index.extend(extracted);
    step("index", &mut before);
    let analysis = analyze(&index, ws.knowledge(), ws.settings());
    step("analysis", &mut before);
    drop(found);
    step("(discovered paths dropped)", &mut before);

    let docs: Vec<&DocFacts> = index.docs().map(|d| d.as_ref()).collect();
    let n = docs.len().max(1);
    let counts = [
        ("sentences", docs.iter().map(|d| d.sentences.len()).sum::<usize>()),
        ("lines", docs.iter().map(|d| d.line_map.line_count()).sum()),
        ("mentions", docs.iter().map(|d| d.mentions.len()).sum()),
        ("figures", docs.iter().map(|d| d.figures.len()).sum()),
        ("partnerships", docs.iter().map(|d| d.partnerships.len()).sum()),
        ("citations", docs.iter().map(|d| d.citations().len()).sum()),
        ("attributions", docs.iter().map(|d| d.attributions().len()).sum()),
        ("diagnostics", analysis.all().count()),
    ];
    println!("\n{} documents; per document:", docs.len());
    for (name, count) in counts {
        println!("  {name:<14} {:>8.2}", count as f64 / n as f64);
    }
    println!(
        "\nsizes: DocFacts {} B, Figure {} B, Partnership {} B, Mention {} B, Citation {} B, Attribution {} B",
        size_of::<DocFacts>(),
        size_of::<corroborate::facts::Figure>(),
        size_of::<corroborate::facts::Partnership>(),
        size_of::<corroborate::facts::Mention>(),
        size_of::<corroborate::document::Citation>(),
        size_of::<corroborate::facts::Attribution>()
    );
    let fields = census(&docs);
    let total: usize = fields.values().sum();
    println!("\nfacts' heap by field (total {:.1} MB, {:.0} B per document):", total as f64 / 1e6, total as f64 / n as f64);
    let mut sorted: Vec<_> = fields.into_iter().collect();
    sorted.sort_by_key(|b| std::cmp::Reverse(b.1));
    for (name, bytes) in sorted {
        println!("  {name:<26} {:>8.1} MB {:>6.0} B/doc", bytes as f64 / 1e6, bytes as f64 / n as f64);
    }
    std::mem::forget((ws, index, analysis));
}
