//! Background indexing: discover the workspace folders' documents and stat
//! their files while the fact cache's pack is read (blocking threads, on
//! every core), then take each document's facts from the pack when its
//! file is unchanged (`Pending::reuse`: no I/O) and read the others, in
//! chunks on blocking threads outside the lock, rehashing or extracting
//! them (`Pending::load`, the CLI's decision too), inserting each chunk
//! under the lock while the next one is read, so requests answer from what
//! is indexed so far, with work-done progress and `corroborate/status`. At
//! the end, the full analysis runs off the lock on a job
//! (`Workspace::analysis_job_with`) while the pack is written again if
//! anything changed (`PackWriter`: "ready" does not wait for it); its
//! index and analysis are then installed under the lock, with the edits
//! made meanwhile replayed incrementally.
//!
//! A warm start (few documents to read) hands the reused facts to that job
//! instead of inserting them: they are indexed in bulk, off the lock, and
//! reach the workspace with their analysis in one install, as in the CLI's
//! load. Otherwise (most documents to extract, which takes a while) they
//! are inserted first, a few milliseconds of inserts per hold of the lock,
//! so that requests see them during the extraction.
//!
//! Invariants: open buffers are never overwritten by what is on disk (the
//! pack still gets the disk's facts; a job's added documents never replace
//! what the workspace holds); the lock is never held across an `.await`,
//! nor for a full analysis, nor for more than one chunk's or one slice's
//! inserts, nor to read or write the pack or the documents; a newer run
//! (the configuration changed) makes an older one stop at its next step,
//! and an older run installs nothing.

use rayon::prelude::*;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower_lsp::lsp_types as lsp;

use super::state::{guarded, Shared, State, StatusNotification};
use crate::extract::{DocFacts, Extractor};
use crate::workspace::cache::{Entry, FactCache, FileStamp};
use crate::workspace::{files, read_in_parallel, FileProblem, LoadStats, Loaded, NotesFolders, Pending};

/// Documents read (and mostly extracted) between two inserts (and two
/// progress reports).
pub const CHUNK: usize = 256;

/// At most this many documents to read keep a start warm: the reused
/// documents then wait for them and the analysis, and are indexed in bulk.
const WARM_MAX_TO_READ: usize = 1024;

/// How long the lock is held at most to insert reused documents one by one
/// (a few microseconds each), when they do not wait for the analysis.
const INSERT_SLICE: Duration = Duration::from_millis(4);

/// How long to wait for the client to answer a request of ours.
pub const CLIENT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Problems listed one by one in the log before summarizing.
const MAX_LOGGED_PROBLEMS: usize = 50;

/// Starts indexing in a task of its own.
pub fn start(shared: Arc<Shared>) {
    tokio::spawn(run(shared));
}

/// Seconds spent in each step, for the log.
#[derive(Default)]
struct Steps(Vec<(&'static str, f64)>);

impl Steps {
    fn lap(&mut self, step: &'static str, clock: &mut Instant) {
        self.0.push((step, clock.elapsed().as_secs_f64()));
        *clock = Instant::now();
    }
}

impl std::fmt::Display for Steps {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, (step, secs)) in self.0.iter().enumerate() {
            write!(f, "{}{step} {secs:.3} s", if i == 0 { "" } else { ", " })?;
        }
        Ok(())
    }
}

async fn run(shared: Arc<Shared>) {
    let started = Instant::now();
    let mut clock = started;
    let mut steps = Steps::default();
    let (generation, roots, use_progress, cache) = {
        let mut st = shared.lock();
        st.indexing.generation += 1;
        st.indexing.running = true;
        st.indexing.indexed = 0;
        st.indexing.total = 0;
        st.indexing.cached = 0;
        // Off when the client's settings or corroborate.toml say so.
        let cache = if st.settings.cache_enabled == Some(false) { None } else { st.ws.fact_cache() };
        (st.indexing.generation, st.roots.clone(), st.features.work_done_progress, cache)
    };
    // The pack is read while the folders are walked and the files stat'ed.
    let pack = cache.clone().map(|cache| tokio::task::spawn_blocking(move || read_pack(&cache)));
    let (pending, problems) = if roots.is_empty() {
        (Vec::new(), Vec::new())
    } else {
        tokio::task::spawn_blocking(move || {
            let clock = Instant::now();
            let (paths, problems) = files::discover(&roots);
            let discovered = clock.elapsed().as_secs_f64();
            let pending = Pending::stat_all(paths);
            tracing::debug!("discovered {} documents in {discovered:.3} s, stat'ed in {:.3} s", pending.len(), clock.elapsed().as_secs_f64() - discovered);
            (pending, problems)
        })
        .await
        .unwrap_or_default()
    };
    steps.lap("discover and stat", &mut clock);
    let (extractor, notes, status) = {
        let mut st = shared.lock();
        if st.indexing.generation != generation {
            return;
        }
        st.ws.problems.extend(problems);
        st.indexing.total = pending.len();
        (st.ws.extractor().clone(), st.ws.notes_folders(), st.status())
    };
    let total = pending.len();
    tracing::info!("indexing {total} documents");
    let progress = if use_progress { Progress::begin(&shared, generation, total).await } else { None };
    shared.client.send_notification::<StatusNotification>(status).await;

    let entries = match pack {
        Some(pack) => pack.await.ok().flatten(),
        None => {
            tracing::info!("fact cache off");
            None
        }
    };
    steps.lap("then the pack", &mut clock);
    let in_pack = entries.as_ref().map_or(0, Vec::len);
    let (reused, to_read) = tokio::task::spawn_blocking(move || reuse_unchanged(pending, entries)).await.unwrap_or_default();
    steps.lap("reuse", &mut clock);

    let mut stats = LoadStats { reused: reused.len(), ..LoadStats::default() };
    // Every document's facts as read from disk (open buffers included), for the pack.
    let mut for_pack: Vec<(Arc<DocFacts>, FileStamp)> = Vec::with_capacity(total);
    for_pack.extend(reused.iter().cloned());
    let warm = to_read.len() <= WARM_MAX_TO_READ.min(reused.len());
    {
        // Room for the documents inserted one by one, so that no insert
        // rehashes the whole key map at once.
        let mut st = shared.lock();
        st.ws.reserve(to_read.len() + if warm { 0 } else { reused.len() });
    }
    let mut done = reused.len();
    let added: Vec<Arc<DocFacts>> = if warm {
        tracing::debug!("warm start: {} document(s) reused, indexed with the analysis; {} to read", reused.len(), to_read.len());
        report(&shared, generation, &progress, done, total, stats.reused).await;
        reused.into_iter().map(|(facts, _)| facts).collect()
    } else {
        if !insert_reused(&shared, generation, &progress, reused, total).await {
            return restarted(&shared, progress).await;
        }
        Vec::new()
    };
    steps.lap("insert", &mut clock);

    // The next chunk is read while the last one is inserted and reported.
    let mut to_read = to_read.into_iter();
    let mut next = start_chunk(&mut to_read, &extractor, &notes);
    // Seconds of inserts under the lock, for the log.
    let mut locked = 0.0;
    while let Some(loading) = next.take() {
        let results = loading.await.unwrap_or_default();
        next = start_chunk(&mut to_read, &extractor, &notes);
        done += results.len();
        let inserting = Instant::now();
        let inserted = {
            let mut st = shared.lock();
            if st.indexing.generation == generation {
                for result in results {
                    match result {
                        Ok(loaded) => {
                            stats.count(&loaded);
                            let facts = loaded.facts;
                            for_pack.push((facts.clone(), loaded.stamp));
                            insert_unless_open(&mut st, facts);
                        }
                        Err(problem) => st.ws.problems.push(problem),
                    }
                }
                true
            } else {
                false
            }
        };
        if !inserted {
            return restarted(&shared, progress).await;
        }
        locked += inserting.elapsed().as_secs_f64();
        report(&shared, generation, &progress, done, total, stats.reused + stats.rehashed).await;
    }
    steps.lap("read and extract", &mut clock);
    steps.0.push(("of which inserts under the lock", locked));

    // The full analysis, on a job taken under the lock and run outside it
    // on a blocking thread, while the pack writer stores the pack.
    let Some(job) = ({
        let mut st = shared.lock();
        (st.indexing.generation == generation).then(|| st.ws.analysis_job_with(added))
    }) else {
        return restarted(&shared, progress).await;
    };
    let snapshot_time = clock.elapsed();
    match cache {
        Some(cache) if stats.pack_outdated(in_pack) => shared.pack_writer.spawn(move || store_pack(&cache, &for_pack)),
        _ => drop(for_pack),
    }
    let run_clock = Instant::now();
    let analysis = tokio::task::spawn_blocking(move || guarded("analysis after indexing", || job.run())).await;
    let run_time = run_clock.elapsed();
    steps.lap("analysis", &mut clock);
    let finished = {
        let mut st = shared.lock();
        if st.indexing.generation != generation {
            None
        } else {
            st.indexing.running = false;
            let installed = match analysis {
                Ok(Ok(run)) => Some(st.ws.install_analysis(run)),
                // The panic was logged: the publishing worker tries again.
                _ => None,
            };
            if installed.as_ref().is_some_and(|i| i.installed) {
                st.analysis_stale = false;
            }
            let status = st.status();
            st.last_status = Some(status.clone());
            let problems: Vec<FileProblem> = st.ws.problems.iter().skip(st.problems_reported).cloned().collect();
            st.problems_reported = st.ws.problems.len();
            Some((status, problems, installed))
        }
    };
    let install_time = clock.elapsed();
    let Some((status, problems, installed)) = finished else {
        return restarted(&shared, progress).await;
    };
    match &installed {
        Some(i) if i.installed => tracing::info!(
            "analysis: snapshot {:.1} ms and install {:.1} ms under the lock ({} document(s) changed meanwhile replayed), run {:.3} s outside it",
            snapshot_time.as_secs_f64() * 1000.0,
            install_time.as_secs_f64() * 1000.0,
            i.replayed,
            run_time.as_secs_f64()
        ),
        Some(_) => tracing::info!("the analysis after indexing is obsolete (the settings changed meanwhile): analysing again"),
        None => {}
    }
    // Freed on a blocking thread, outside the lock (tens of milliseconds
    // for a large workspace, which a runtime worker must not spend), before
    // saying ready.
    let _ = tokio::task::spawn_blocking(move || drop(installed)).await;
    steps.lap("install", &mut clock);
    tracing::info!(
        "indexed {} documents ({} from the fact cache, {} extracted), {} conflict(s), in {:.3} s: {steps}",
        status.total,
        stats.reused + stats.rehashed,
        stats.extracted,
        status.conflicts,
        started.elapsed().as_secs_f64()
    );
    if let Some(p) = progress {
        p.end(&shared, format!("{total}/{total} documents")).await;
    }
    report_problems(&shared, &problems).await;
    shared.client.send_notification::<StatusNotification>(status).await;
    shared.publisher.now();
}

/// Indexes `facts` read from disk, unless the document is open: its buffer wins.
fn insert_unless_open(st: &mut State, facts: Arc<DocFacts>) {
    if !st.docs.is_open(&facts.path) {
        st.ws.insert_facts(facts);
        st.analysis_stale = true;
    }
}

/// Inserts the reused documents a slice of time per hold of the lock, with
/// a status and progress report after each. False when a newer run took over.
async fn insert_reused(shared: &Shared, generation: u64, progress: &Option<Progress>, reused: Vec<(Arc<DocFacts>, FileStamp)>, total: usize) -> bool {
    let count = reused.len();
    let mut reused = reused.into_iter().peekable();
    let mut inserted = 0;
    while reused.peek().is_some() {
        {
            let mut st = shared.lock();
            if st.indexing.generation != generation {
                return false;
            }
            let slice = Instant::now();
            while slice.elapsed() < INSERT_SLICE {
                let Some((facts, _)) = reused.next() else { break };
                insert_unless_open(&mut st, facts);
                inserted += 1;
            }
        }
        report(shared, generation, progress, inserted, total, inserted).await;
    }
    tracing::debug!("{count} reused document(s) inserted");
    true
}

/// Tells the client how far indexing got: `done` documents of `total`,
/// `cached` of them from the pack. Nothing once a newer run took over.
async fn report(shared: &Shared, generation: u64, progress: &Option<Progress>, done: usize, total: usize, cached: usize) {
    let status = {
        let mut st = shared.lock();
        if st.indexing.generation != generation {
            return;
        }
        st.indexing.indexed = done;
        st.indexing.cached = cached;
        st.status()
    };
    if let Some(p) = progress {
        p.report(shared, done, total).await;
    }
    shared.client.send_notification::<StatusNotification>(status).await;
}

/// A newer run took over: ends this run's progress.
async fn restarted(shared: &Shared, progress: Option<Progress>) {
    if let Some(p) = progress {
        p.end(shared, "restarted".to_string()).await;
    }
}

/// Reads the pack; None (logged) when it cannot be used.
fn read_pack(cache: &FactCache) -> Option<Vec<Entry>> {
    let clock = Instant::now();
    match guarded("reading the fact cache", || cache.load()) {
        Ok(Ok(entries)) => {
            tracing::info!("fact cache {}: {} document(s), read in {:.3} s", cache.file.display(), entries.len(), clock.elapsed().as_secs_f64());
            Some(entries)
        }
        Ok(Err(e)) => {
            tracing::info!("fact cache {}: not used: {e}", cache.file.display());
            None
        }
        // Logged by `guarded`: every document is read.
        Err(_) => None,
    }
}

/// The facts of the documents whose files are unchanged (in the order
/// given), shared, and the others, to read.
fn reuse_unchanged(pending: Vec<Pending>, entries: Option<Vec<Entry>>) -> (Vec<(Arc<DocFacts>, FileStamp)>, Vec<Pending>) {
    let (reused, to_read) = Pending::reuse_unchanged(pending, entries.unwrap_or_default());
    (reused.into_iter().map(|loaded| (loaded.facts, loaded.stamp)).collect(), to_read)
}

/// Loads documents on every core: cached facts of unchanged files, else
/// read and rehashed or extracted. A panic while loading one document
/// makes it a problem, not a crash.
fn load_chunk(extractor: &Extractor, notes: &NotesFolders, docs: Vec<Pending>) -> Vec<Result<Loaded, FileProblem>> {
    read_in_parallel(docs.into_par_iter(), |folder, doc| {
        let path = doc.path.clone();
        let in_notes = notes.contains(&path);
        guarded("extraction", || doc.load(folder, extractor, in_notes)).map_err(|message| FileProblem { path, message }).and_then(|loaded| loaded)
    })
}

/// Starts loading the next `CHUNK` documents of `to_read` on a blocking
/// thread; None when none are left.
fn start_chunk(
    to_read: &mut impl Iterator<Item = Pending>,
    extractor: &Arc<Extractor>,
    notes: &NotesFolders,
) -> Option<tokio::task::JoinHandle<Vec<Result<Loaded, FileProblem>>>> {
    let chunk: Vec<Pending> = to_read.take(CHUNK).collect();
    if chunk.is_empty() {
        return None;
    }
    let (extractor, notes) = (extractor.clone(), notes.clone());
    Some(tokio::task::spawn_blocking(move || load_chunk(&extractor, &notes, chunk)))
}

/// Writes the pack; a failure is logged, not reported: the cache is an
/// optimization.
fn store_pack(cache: &FactCache, docs: &[(Arc<DocFacts>, FileStamp)]) {
    match cache.store(docs.iter().map(|(facts, stamp)| (facts.as_ref(), *stamp))) {
        Ok(()) => tracing::info!("fact cache {}: wrote {} document(s)", cache.file.display(), docs.len()),
        Err(e) => tracing::warn!("fact cache {}: not written: {e}", cache.file.display()),
    }
}

/// Unreadable files and bibliography problems: one line each in the log,
/// one message for the user.
pub async fn report_problems(shared: &Shared, problems: &[FileProblem]) {
    if problems.is_empty() {
        return;
    }
    for problem in problems.iter().take(MAX_LOGGED_PROBLEMS) {
        tracing::warn!("{problem}");
        shared.client.log_message(lsp::MessageType::WARNING, format!("corroborate: {problem}")).await;
    }
    if problems.len() > MAX_LOGGED_PROBLEMS {
        shared.client.log_message(lsp::MessageType::WARNING, format!("corroborate: … and {} more problem(s)", problems.len() - MAX_LOGGED_PROBLEMS)).await;
    }
    let message = match problems {
        [one] => format!("corroborate: {one}"),
        many => format!("corroborate: {} file(s) could not be read or used; see the output log", many.len()),
    };
    shared.client.show_message(lsp::MessageType::WARNING, message).await;
}

/// A work-done progress the client agreed to show.
struct Progress {
    token: lsp::NumberOrString,
}

impl Progress {
    async fn begin(shared: &Shared, generation: u64, total: usize) -> Option<Progress> {
        let token = lsp::NumberOrString::String(format!("corroborate/indexing/{generation}"));
        let create = shared.client.send_request::<lsp::request::WorkDoneProgressCreate>(lsp::WorkDoneProgressCreateParams { token: token.clone() });
        match tokio::time::timeout(CLIENT_TIMEOUT, create).await {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => {
                tracing::warn!("the client refused a progress token: {e}");
                return None;
            }
            Err(_) => {
                tracing::warn!("the client did not answer window/workDoneProgress/create: indexing without progress");
                return None;
            }
        }
        let progress = Progress { token };
        progress
            .send(
                shared,
                lsp::WorkDoneProgress::Begin(lsp::WorkDoneProgressBegin {
                    title: "Indexing".to_string(),
                    cancellable: Some(false),
                    message: Some(format!("0/{total} documents")),
                    percentage: Some(0),
                }),
            )
            .await;
        Some(progress)
    }

    async fn report(&self, shared: &Shared, done: usize, total: usize) {
        let percentage = (done * 100).checked_div(total).unwrap_or(100) as u32;
        self.send(
            shared,
            lsp::WorkDoneProgress::Report(lsp::WorkDoneProgressReport {
                cancellable: Some(false),
                message: Some(format!("{done}/{total} documents")),
                percentage: Some(percentage),
            }),
        )
        .await;
    }

    async fn end(self, shared: &Shared, message: String) {
        self.send(shared, lsp::WorkDoneProgress::End(lsp::WorkDoneProgressEnd { message: Some(message) })).await;
    }

    async fn send(&self, shared: &Shared, value: lsp::WorkDoneProgress) {
        shared
            .client
            .send_notification::<lsp::notification::Progress>(lsp::ProgressParams {
                token: self.token.clone(),
                value: lsp::ProgressParamsValue::WorkDone(value),
            })
            .await;
    }
}
