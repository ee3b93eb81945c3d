//! Background indexing: discover the workspace folders' documents, extract
//! them in chunks on blocking threads outside the lock, insert each chunk
//! under the lock (so requests answer from what is indexed so far), with
//! work-done progress and `corroborate/status`. Open buffers are never
//! overwritten by what is on disk. A newer run (the configuration changed)
//! makes an older one stop at its next chunk.

use rayon::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;
use tower_lsp::lsp_types as lsp;

use super::state::{guarded, Shared, StatusNotification};
use crate::extract::{DocFacts, Extractor};
use crate::workspace::{files, FileProblem};

/// Documents extracted between two inserts (and two progress reports).
pub const CHUNK: usize = 256;

/// How long to wait for the client to answer a request of ours.
pub const CLIENT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Problems listed one by one in the log before summarizing.
const MAX_LOGGED_PROBLEMS: usize = 50;

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
        (st.indexing.generation, st.roots.clone(), st.features.work_done_progress)
    };
    let (paths, problems) =
        if roots.is_empty() { (Vec::new(), Vec::new()) } else { tokio::task::spawn_blocking(move || files::discover(&roots)).await.unwrap_or_default() };
    let (extractor, jobs, status) = {
        let mut st = shared.lock();
        if st.indexing.generation != generation {
            return;
        }
        st.ws.problems.extend(problems);
        st.indexing.total = paths.len();
        let jobs: Vec<(PathBuf, bool)> = paths.into_iter().map(|p| (p.clone(), st.ws.in_notes_folder(&p))).collect();
        (st.ws.extractor().clone(), jobs, st.status())
    };
    let total = jobs.len();
    tracing::info!("indexing {total} documents");
    let progress = if use_progress { Progress::begin(&shared, generation, total).await } else { None };
    shared.client.send_notification::<StatusNotification>(status).await;

    let mut done = 0;
    for chunk in jobs.chunks(CHUNK) {
        let chunk = chunk.to_vec();
        let ex = extractor.clone();
        let results = tokio::task::spawn_blocking(move || extract_chunk(&ex, &chunk)).await.unwrap_or_default();
        done += results.len();
        let status = {
            let mut st = shared.lock();
            if st.indexing.generation == generation {
                for result in results {
                    match result {
                        Ok(facts) if !st.docs.is_open(&facts.path) => {
                            st.ws.insert_facts(Arc::new(facts));
                            st.analysis_stale = true;
                        }
                        Ok(_) => {}
                        Err(problem) => st.ws.problems.push(problem),
                    }
                }
                st.indexing.indexed = done;
                Some(st.status())
            } else {
                None
            }
        };
        let Some(status) = status else {
            // A newer run took over.
            if let Some(p) = progress {
                p.end(&shared, "restarted".to_string()).await;
            }
            return;
        };
        if let Some(p) = &progress {
            p.report(&shared, done, total).await;
        }
        shared.client.send_notification::<StatusNotification>(status).await;
    }

    let analysed = {
        let worker = shared.clone();
        tokio::task::spawn_blocking(move || {
            guarded("analysis after indexing", || {
                let mut st = worker.lock();
                if st.indexing.generation != generation {
                    return None;
                }
                st.indexing.running = false;
                st.ensure_analyzed();
                let status = st.status();
                st.last_status = Some(status.clone());
                let problems: Vec<FileProblem> = st.ws.problems.iter().skip(st.problems_reported).cloned().collect();
                st.problems_reported = st.ws.problems.len();
                Some((status, problems))
            })
        })
        .await
    };
    let (status, problems) = match analysed {
        Ok(Ok(Some(found))) => found,
        Ok(Ok(None)) => {
            // A newer run took over.
            if let Some(p) = progress {
                p.end(&shared, "restarted".to_string()).await;
            }
            return;
        }
        _ => {
            // The analysis panicked: indexing is over anyway.
            {
                let mut st = shared.lock();
                if st.indexing.generation == generation {
                    st.indexing.running = false;
                }
            }
            if let Some(p) = progress {
                p.end(&shared, "failed: see the server log".to_string()).await;
            }
            shared.publisher.now();
            return;
        }
    };
    tracing::info!("indexed {} documents, {} conflict(s)", status.total, status.conflicts);
    if let Some(p) = progress {
        p.end(&shared, format!("{total}/{total} documents")).await;
    }
    report_problems(&shared, &problems).await;
    shared.client.send_notification::<StatusNotification>(status).await;
    shared.publisher.now();
}

/// Reads and extracts documents on every core. A panic in the extraction of
/// one document makes it a problem, not a crash.
fn extract_chunk(extractor: &Extractor, jobs: &[(PathBuf, bool)]) -> Vec<Result<DocFacts, FileProblem>> {
    jobs.par_iter()
        .map(|(path, in_notes)| {
            let text = files::read_document(path)?;
            guarded("extraction", || extractor.extract(path, &text, *in_notes)).map_err(|message| FileProblem { path: path.clone(), message })
        })
        .collect()
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
