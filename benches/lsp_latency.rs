//! Language-server latency through the real server over stdio: hover while
//! the workspace indexes, hover after (p50/p99), and keystroke to
//! diagnostics (didChange → publishDiagnostics, p50/p99; includes the
//! server's 150 ms debounce, which is also reported subtracted).
//! Run: `CORROBORATE_BENCH_CORPUS=/tmp/c100000 cargo bench --bench lsp_latency`
//! (the corpus from `corroborate gen-corpus 100000 /tmp/c100000`); without
//! it, a 2,000-document corpus is generated in a temporary folder.
//! The server's fact cache goes to a fresh temporary `XDG_CACHE_HOME` (a
//! cold start), unless `CORROBORATE_BENCH_CACHE_HOME=DIR` names one: run
//! twice with the same DIR for a warm start (the first run writes the pack).

#[path = "../tests/common/mod.rs"]
mod common;

use serde_json::json;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use common::{Options, Server};

const DEBOUNCE_MS: f64 = 150.0;

fn percentile(samples: &mut [f64], p: f64) -> f64 {
    samples.sort_by(|a, b| a.total_cmp(b));
    let i = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples.get(i).copied().unwrap_or(f64::NAN)
}

fn main() {
    let (root, _generated) = common::bench_corpus(2000);
    let documents =
        std::fs::read_dir(root.join("sources")).map(|d| d.count()).unwrap_or(0) + std::fs::read_dir(root.join("notes")).map(|d| d.count()).unwrap_or(0);
    let note = std::fs::read_dir(root.join("notes")).expect("notes folder").filter_map(|e| e.ok()).map(|e| e.path()).min().expect("a note");
    let relative = note.strip_prefix(&root).expect("inside").to_string_lossy().to_string();

    let started = Instant::now();
    let cache_home = std::env::var_os("CORROBORATE_BENCH_CACHE_HOME").map(PathBuf::from);
    let server = Server::start(&root, Options { progress: false, cache_home, ..Options::default() });
    let (uri, text) = server.open(&relative);
    let key_at = server.position_of(&text, "[@", 0, 3);

    // Hover while indexing: until the server says it is ready.
    let mut during = Vec::new();
    // (ms, seconds since the start, documents indexed at the last status)
    let mut slowest: Vec<(f64, f64, u64)> = Vec::new();
    let (ready_at, cached) = loop {
        let statuses: Vec<_> = server.notifications().into_iter().filter(|n| n["method"] == "corroborate/status").collect();
        if let Some(ready) = statuses.iter().find(|n| n["params"]["state"] == "ready") {
            break (started.elapsed(), ready["params"]["cached"].as_u64().unwrap_or(0));
        }
        let indexed = statuses.last().and_then(|n| n["params"]["indexed"].as_u64()).unwrap_or(0);
        let t = Instant::now();
        server.hover(&uri, key_at.clone());
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        during.push(ms);
        slowest.push((ms, started.elapsed().as_secs_f64(), indexed));
        std::thread::sleep(Duration::from_millis(20));
        if started.elapsed() > Duration::from_secs(900) {
            panic!("not ready after 15 minutes");
        }
    };

    let memory_when_ready = server.memory_mb();

    let mut hovers = Vec::new();
    for _ in 0..500 {
        let t = Instant::now();
        let answer = server.hover(&uri, key_at.clone());
        hovers.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(!answer.is_null(), "hover answered nothing");
    }
    let hovers_in_order = hovers.clone();
    // The same round trip where nothing is to be found (the front matter's
    // first line): stdio, the runtime's threads, the lock, no hover work.
    // What the real hovers cost beyond it is ours; the rest is the host.
    let blank_at = json!({ "line": 0, "character": 0 });
    let mut blanks = Vec::new();
    for _ in 0..500 {
        let t = Instant::now();
        let answer = server.hover(&uri, blank_at.clone());
        blanks.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(answer.is_null(), "nothing to hover at the first line: {answer}");
    }

    // Keystrokes: the figure's leading digit alternates between its value
    // and another one, so every change flips the note's diagnostics.
    let extractor = corroborate::extract::Extractor::new(corroborate::knowledge::Knowledge::builtin());
    let figure = extractor.extract(&note, &text, true).figures.first().map(|f| f.range.range()).expect("the note states a figure");
    let number_at = figure.start + text[figure.clone()].find(|c: char| c.is_ascii_digit()).expect("digits");
    let original = &text[number_at..number_at + 1];
    let replacement = if original == "7" { "3" } else { "7" };
    let position = common::position_at(&text, number_at, false);
    let mut keystrokes = Vec::new();
    let mut version = 1;
    for i in 0..40 {
        let new = if i % 2 == 0 { replacement } else { original };
        version += 1;
        let mark = server.mark();
        let end = json!({ "line": position["line"], "character": position["character"].as_u64().unwrap_or(0) + 1 });
        let t = Instant::now();
        server.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "range": { "start": position, "end": end }, "text": new }] }),
        );
        server.wait_for(mark, "diagnostics after a keystroke", |n| n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri);
        keystrokes.push(t.elapsed().as_secs_f64() * 1000.0);
    }

    let mut after_debounce: Vec<f64> = keystrokes.iter().map(|ms| ms - DEBOUNCE_MS).collect();
    println!("lsp_latency: {documents} documents at {}", root.display());
    println!("  ready after            {:>9.2} s  ({cached} documents from the fact cache)", ready_at.as_secs_f64());
    println!(
        "  hover while indexing   p50 {:>7.2} ms  p99 {:>7.2} ms  max {:>7.2} ms  (n = {})",
        percentile(&mut during, 0.5),
        percentile(&mut during, 0.99),
        percentile(&mut during, 1.0),
        during.len()
    );
    if let (Some((ready_rss, _)), Some((rss, peak))) = (memory_when_ready, server.memory_mb()) {
        println!("  server memory          {ready_rss} MB resident when ready, {rss} MB after the hovers and edits, {peak} MB at most");
    }
    println!("  hover when ready       p50 {:>7.3} ms  p99 {:>7.3} ms  (n = {})", percentile(&mut hovers, 0.5), percentile(&mut hovers, 0.99), hovers.len());
    println!("  … on nothing (floor)   p50 {:>7.3} ms  p99 {:>7.3} ms  (n = {})", percentile(&mut blanks, 0.5), percentile(&mut blanks, 0.99), blanks.len());
    println!(
        "  keystroke→diagnostics  p50 {:>7.1} ms  p99 {:>7.1} ms  (n = {}, with the {DEBOUNCE_MS} ms debounce)",
        percentile(&mut keystrokes, 0.5),
        percentile(&mut keystrokes, 0.99),
        keystrokes.len()
    );
    println!("  … less the debounce    p50 {:>7.1} ms  p99 {:>7.1} ms", percentile(&mut after_debounce, 0.5), percentile(&mut after_debounce, 0.99));
    // Which of the hovers after ready were slow: the first ones share the
    // cores with the publishing of every document's diagnostics.
    let mut slow_ready: Vec<(usize, f64)> = hovers_in_order.iter().copied().enumerate().collect();
    slow_ready.sort_by(|a, b| b.1.total_cmp(&a.1));
    let listed: Vec<String> = slow_ready.iter().take(5).map(|(i, ms)| format!("#{i} {ms:.2} ms")).collect();
    println!("  slowest hovers when ready: {}", listed.join(", "));
    slowest.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (ms, at, indexed) in slowest.iter().take(5) {
        println!("  slow hover while indexing: {ms:>7.2} ms at {at:>6.2} s, {indexed}/{documents} documents indexed");
    }
    // What the server says of its own lock holds and cache use.
    for line in
        server.stderr().lines().filter(|l| l.contains("under the lock") || l.contains("fact cache") || l.contains("indexed ") || l.contains("discovered "))
    {
        println!("  server: {}", line.split_once(" corroborate").map_or(line, |(_, rest)| rest.trim_start_matches(|c: char| c != ' ').trim()));
    }
}
