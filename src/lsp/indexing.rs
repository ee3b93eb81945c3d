//! Background indexing: discover the workspace folders' documents, read
//! the fact cache's pack (on a blocking thread), then, in chunks on
//! blocking threads outside the lock, reuse each document's cached facts
//! when its file is unchanged or extract it (`workspace::load_document`,
//! the CLI's decision too), inserting each chunk under the lock so requests
//! answer from what is indexed so far, with work-done progress and
//! `corroborate/status`. At the end, the full analysis runs off the lock on
//! a snapshot (`Workspace::analysis_job`) while the pack is stored again if
//! anything changed; the analysis is then installed under the lock, with
//! the edits made meanwhile replayed incrementally.
//!
//! Invariants: open buffers are never overwritten by what is on disk (the
//! pack still gets the disk's facts); the lock is never held across an
//! `.await`, nor for a full analysis, nor to read or write the pack or the
//! documents; a newer run (the configuration changed) makes an older one
//! stop at its next step, and an older run installs nothing.

use rayon::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;
use tower_lsp::lsp_types as lsp;

use super::state::{guarded, Shared, StatusNotification};
use crate::extract::{DocFacts, Extractor};
use crate::workspace::cache::{Entry, FactCache, FileStamp};
use crate::workspace::{files, load_document, FileProblem, LoadStats, Loaded, NotesFolders};

/// Documents loaded between two inserts (and two progress reports).
pub const CHUNK: usize = 256;

/// How long to wait for the client to answer a request of ours.
pub const CLIENT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Problems listed one by one in the log before summarizing.
const MAX_LOGGED_PROBLEMS: usize = 50;

/// One document to load, with its entry from the pack if it has one.
struct Job {
    path: PathBuf,
    cached: Option<Entry>,
}

/// Starts indexing in a task of its own.
pub fn start(shared: Arc<Shared>) {
    tokio::spawn(run(shared));
}

async fn run(shared: Arc<Shared>) {
    let (generation, roots, use_progress) = {
        let mut st = shared.lock();
        st.indexing.generation += 1;
        st.indexing.running = true;
        st.indexing.indexed = 0;
        st.indexing.total = 0;
        st.indexing.cached = 0;
        (st.indexing.generation, st.roots.clone(), st.features.work_done_progress)
    };
    let (paths, problems) =
        if roots.is_empty() { (Vec::new(), Vec::new()) } else { tokio::task::spawn_blocking(move || files::discover(&roots)).await.unwrap_or_default() };
    let (extractor, notes, cache, status) = {
        let mut st = shared.lock();
        if st.indexing.generation != generation {
            return;
        }
        st.ws.problems.extend(problems);
        st.indexing.total = paths.len();
        st.ws.reserve(paths.len());
        // Off when the client's settings or corroborate.toml say so.
        let cache = if st.settings.cache_enabled == Some(false) { None } else { st.ws.fact_cache() };
        (st.ws.extractor().clone(), st.ws.notes_folders(), cache, st.status())
    };
    let jobs: Vec<Job> = paths.into_iter().map(|path| Job { path, cached: None }).collect();
    let total = jobs.len();
    tracing::info!("indexing {total} documents");
    let progress = if use_progress { Progress::begin(&shared, generation, total).await } else { None };
    shared.client.send_notification::<StatusNotification>(status).await;

    let (jobs, in_pack) = match &cache {
        Some(cache) => {
            let cache = cache.clone();
            tokio::task::spawn_blocking(move || attach_entries(&cache, jobs)).await.unwrap_or_default()
        }
        None => {
            tracing::info!("fact cache off");
            (jobs, 0)
        }
    };

    let mut stats = LoadStats::default();
    // Every document's facts as read from disk (open buffers included), for the pack.
    let mut for_pack: Vec<(Arc<DocFacts>, FileStamp)> = Vec::with_capacity(total);
    let mut done = 0;
    let mut jobs = jobs.into_iter();
    loop {
        let chunk: Vec<Job> = jobs.by_ref().take(CHUNK).collect();
        if chunk.is_empty() {
            break;
        }
        let (ex, notes) = (extractor.clone(), notes.clone());
        let results = tokio::task::spawn_blocking(move || load_chunk(&ex, &notes, chunk)).await.unwrap_or_default();
        done += results.len();
        let status = {
            let mut st = shared.lock();
            if st.indexing.generation == generation {
                for result in results {
                    match result {
                        Ok(loaded) => {
                            stats.count(&loaded);
                            let facts = Arc::new(loaded.facts);
                            for_pack.push((facts.clone(), loaded.stamp));
                            if !st.docs.is_open(&facts.path) {
                                st.ws.insert_facts(facts);
                                st.analysis_stale = true;
                            }
                        }
                        Err(problem) => st.ws.problems.push(problem),
                    }
                }
                st.indexing.indexed = done;
                st.indexing.cached = stats.reused + stats.rehashed;
                Some(st.status())
            } else {
                None
            }
        };
        let Some(status) = status else {
            return restarted(&shared, progress).await;
        };
        if let Some(p) = &progress {
            p.report(&shared, done, total).await;
        }
        shared.client.send_notification::<StatusNotification>(status).await;
    }

    // The full analysis, on a snapshot taken under the lock and run outside
    // it, while the pack is stored (both on blocking threads).
    let clock = Instant::now();
    let Some(job) = ({
        let mut st = shared.lock();
        (st.indexing.generation == generation).then(|| st.ws.analysis_job())
    }) else {
        return restarted(&shared, progress).await;
    };
    let snapshot_time = clock.elapsed();
    let store = match cache {
        Some(cache) if stats.pack_outdated(in_pack) => Some(tokio::task::spawn_blocking(move || store_pack(&cache, &for_pack))),
        _ => None,
    };
    let clock = Instant::now();
    let analysis = tokio::task::spawn_blocking(move || guarded("analysis after indexing", || job.run())).await;
    let run_time = clock.elapsed();
    if let Some(store) = store {
        let _ = store.await;
    }
    let clock = Instant::now();
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
    tracing::info!(
        "indexed {} documents ({} from the fact cache, {} extracted), {} conflict(s)",
        status.total,
        stats.reused + stats.rehashed,
        stats.extracted,
        status.conflicts
    );
    if let Some(p) = progress {
        p.end(&shared, format!("{total}/{total} documents")).await;
    }
    report_problems(&shared, &problems).await;
    shared.client.send_notification::<StatusNotification>(status).await;
    shared.publisher.now();
}

/// A newer run took over: ends this run's progress.
async fn restarted(shared: &Shared, progress: Option<Progress>) {
    if let Some(p) = progress {
        p.end(shared, "restarted".to_string()).await;
    }
}

/// Reads the pack and gives each job its entry; returns the jobs and how
/// many entries the pack held.
fn attach_entries(cache: &FactCache, mut jobs: Vec<Job>) -> (Vec<Job>, usize) {
    let mut entries = match guarded("reading the fact cache", || cache.load()) {
        Ok(Ok(entries)) => entries,
        Ok(Err(e)) => {
            tracing::info!("fact cache {}: not used: {e}", cache.file.display());
            return (jobs, 0);
        }
        // Logged by `guarded`: every document is extracted.
        Err(_) => return (jobs, 0),
    };
    let held = entries.len();
    for job in &mut jobs {
        job.cached = entries.remove(&job.path);
    }
    tracing::info!("fact cache {}: {held} document(s)", cache.file.display());
    (jobs, held)
}

/// Loads documents on every core: cached facts of unchanged files, else
/// read and extracted. A panic while loading one document makes it a
/// problem, not a crash.
fn load_chunk(extractor: &Extractor, notes: &NotesFolders, jobs: Vec<Job>) -> Vec<Result<Loaded, FileProblem>> {
    jobs.into_par_iter()
        .map(|Job { path, cached }| {
            guarded("extraction", || load_document(extractor, &path, notes.contains(&path), cached))
                .map_err(|message| FileProblem { path: path.clone(), message })
                .and_then(|loaded| loaded)
        })
        .collect()
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
