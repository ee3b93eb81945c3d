//! The cold index against its floors, in one run: `cat` reading every file
//! of the corpus, ripgrep searching it for every entity name and alias at
//! once (`rg -i -F -f aliases -c`), and `corroborate index --no-cache`
//! (discover, read, extract, index, analyze). Each round runs the three in
//! turn, so a slow minute of a shared host slows all three; the table gives
//! each round and the median, corroborate's wall time as a ratio to each
//! floor, its throughput per core (document bytes per user CPU second) and
//! its peak resident memory.
//!
//! Run: `CORROBORATE_BENCH_CORPUS=/tmp/c100000 cargo bench --bench cold_index`
//! (the corpus from `corroborate gen-corpus 100000 /tmp/c100000`); without
//! it, a 10,000-document corpus is generated in a temporary folder.
//! `CORROBORATE_BENCH_ROUNDS` sets the rounds (default 3). ripgrep is
//! Debian's `ripgrep`; without it the ripgrep floor is left out.

#[path = "../tests/common/mod.rs"]
mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

const CORROBORATE: &str = env!("CARGO_BIN_EXE_corroborate");

/// One command's cost: wall seconds, and the user and system CPU seconds
/// of it and its children.
#[derive(Debug, Clone, Copy)]
struct Cost {
    wall: f64,
    user: f64,
    system: f64,
}

/// CPU seconds used so far by the children this process has waited for.
#[cfg(unix)]
fn children_cpu() -> (f64, f64) {
    // SAFETY: getrusage writes one plain struct we own.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage);
        usage
    };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    (seconds(usage.ru_utime), seconds(usage.ru_stime))
}

#[cfg(not(unix))]
fn children_cpu() -> (f64, f64) {
    (f64::NAN, f64::NAN)
}

/// Runs `command` to its end (output discarded, stderr kept), timed.
fn timed(command: &mut Command) -> (Cost, Vec<u8>) {
    let (user_before, system_before) = children_cpu();
    let started = Instant::now();
    let output = command.stdout(Stdio::null()).stderr(Stdio::piped()).output().expect("the command starts");
    let wall = started.elapsed().as_secs_f64();
    assert!(output.status.success(), "{command:?} failed: {}", String::from_utf8_lossy(&output.stderr));
    let (user, system) = children_cpu();
    (Cost { wall, user: user - user_before, system: system - system_before }, output.stderr)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Bytes of the documents corroborate reads (the corpus manifest is none).
fn document_bytes(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries
        .filter_map(|e| e.ok())
        .map(|e| {
            let path = e.path();
            match e.file_type() {
                Ok(t) if t.is_dir() => document_bytes(&path),
                Ok(_) if path.extension().is_some_and(|x| x == "md" || x == "txt") => e.metadata().map_or(0, |m| m.len()),
                _ => 0,
            }
        })
        .sum()
}

fn has_ripgrep() -> bool {
    Command::new("rg").arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
}

/// The peak resident memory the index reports on stderr (JSON).
fn peak_rss_mb(stderr: &[u8]) -> Option<f64> {
    let text = String::from_utf8_lossy(stderr);
    let stats: serde_json::Value = text.lines().rev().find_map(|line| serde_json::from_str(line).ok())?;
    stats["peak_rss_during_load_mb"].as_f64()
}

fn main() {
    let (root, _generated) = common::bench_corpus(10_000);
    let rounds: usize = std::env::var("CORROBORATE_BENCH_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(3).max(1);
    let bytes = document_bytes(&root);
    let mb = bytes as f64 / 1e6;

    let aliases = tempfile::NamedTempFile::new().expect("aliases file");
    let listed = Command::new(CORROBORATE).args(["aliases", "--root"]).arg(&root).output().expect("corroborate aliases");
    assert!(listed.status.success() && !listed.stdout.is_empty(), "corroborate aliases: {}", String::from_utf8_lossy(&listed.stderr));
    std::fs::write(aliases.path(), &listed.stdout).expect("aliases written");
    let ripgrep = has_ripgrep();
    if !ripgrep {
        println!("ripgrep not found (apt-get install ripgrep): its floor is left out");
    }
    println!(
        "cold_index: {} ({:.1} MB of documents), {} round(s), {} core(s)",
        root.display(),
        mb,
        rounds,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!(
        "{:>5}  {:>8}  {:>8}  {:>10}  {:>8}  {:>8}  {:>9}  {:>8}  {:>8}",
        "round", "cat s", "rg s", "corr s", "user s", "sys s", "MB/s/core", "peak MB", "corr/rg"
    );

    let (mut cats, mut rgs, mut corrs, mut users, mut peaks, mut ratios) = (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for round in 1..=rounds {
        let (cat, _) = timed(Command::new("sh").arg("-c").arg("find \"$0\" -type f -exec cat {} + > /dev/null").arg(&root));
        let rg = ripgrep.then(|| timed(Command::new("rg").args(["-i", "-F", "-c", "-f"]).arg(aliases.path()).arg(&root)).0);
        let (corr, stderr) = timed(Command::new(CORROBORATE).arg("index").arg(&root).arg("--root").arg(&root).arg("--no-cache"));
        let peak = peak_rss_mb(&stderr).unwrap_or(f64::NAN);
        let per_core = mb / corr.user;
        let rg_wall = rg.map_or(f64::NAN, |c| c.wall);
        // Within the round: the two ran a few seconds apart.
        let ratio = corr.wall / rg_wall;
        println!(
            "{round:>5}  {:>8.2}  {rg_wall:>8.2}  {:>10.2}  {:>8.2}  {:>8.2}  {per_core:>9.0}  {peak:>8.0}  {ratio:>8.2}",
            cat.wall, corr.wall, corr.user, corr.system
        );
        ratios.extend(rg.map(|_| ratio));
        cats.push(cat.wall);
        rgs.extend(rg.map(|c| c.wall));
        corrs.push(corr.wall);
        users.push(corr.user);
        peaks.push(peak);
    }

    let (cat, corr) = (median(cats), median(corrs));
    println!(
        "median: cat {cat:.2} s, corroborate {corr:.2} s ({:.0} MB/s wall, {:.0} MB/s per core of user CPU), peak {:.0} MB",
        mb / corr,
        mb / median(users),
        median(peaks)
    );
    println!("ratio to cat: {:.2}x", corr / cat);
    if !rgs.is_empty() {
        let rg = median(rgs);
        let within_3x = ratios.iter().filter(|&&r| r <= 3.0).count();
        let rounds = ratios.len();
        println!(
            "ratio to ripgrep: {:.2}x (ripgrep {rg:.2} s); per round: median {:.2}x, {within_3x} of {rounds} round(s) within 3x",
            corr / rg,
            median(ratios)
        );
    }
    println!("memory budget (0.5 x corpus + 100 MB): {:.0} MB", 0.5 * mb + 100.0);
}
