//! Publishing diagnostics: triggers are coalesced (150 ms of quiet, at most
//! 1 s of delay), then one round re-extracts edited buffers, re-analyses and
//! publishes what changed, for open documents (or every document with scope
//! = workspace), and clears documents that left the set. One worker task
//! publishes, so rounds never interleave. When the workspace needs a full
//! analysis (a settings change), the round runs it off the lock first.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;
use tower_lsp::lsp_types as lsp;

use super::convert::uri_of;
use super::settings::Scope;
use super::state::{guarded, Shared, State, StatusNotification, StatusParams};

pub const DEBOUNCE: Duration = Duration::from_millis(150);
const MAX_DELAY: Duration = Duration::from_secs(1);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// After the debounce delay.
    Soon,
    /// Right away (indexing finished, a command asked).
    Now,
}

#[derive(Clone)]
pub struct Publisher {
    tx: mpsc::UnboundedSender<Trigger>,
}

impl Publisher {
    pub fn channel() -> (Publisher, mpsc::UnboundedReceiver<Trigger>) {
        let (tx, rx) = mpsc::unbounded_channel();
        (Publisher { tx }, rx)
    }

    pub fn soon(&self) {
        let _ = self.tx.send(Trigger::Soon);
    }

    pub fn now(&self) {
        let _ = self.tx.send(Trigger::Now);
    }
}

/// The publishing worker: runs until the channel closes.
pub async fn run(shared: Arc<Shared>, mut rx: mpsc::UnboundedReceiver<Trigger>) {
    while let Some(trigger) = rx.recv().await {
        if trigger == Trigger::Soon {
            let first = Instant::now();
            loop {
                match tokio::time::timeout(DEBOUNCE, rx.recv()).await {
                    Ok(Some(Trigger::Now)) | Err(_) => break,
                    Ok(Some(Trigger::Soon)) if first.elapsed() >= MAX_DELAY => break,
                    Ok(Some(Trigger::Soon)) => continue,
                    Ok(None) => return,
                }
            }
        }
        publish_round(&shared).await;
    }
}

/// What one round sends.
#[derive(Default)]
pub struct Batch {
    pub publish: Vec<(lsp::Url, Vec<lsp::Diagnostic>, Option<i32>)>,
    pub status: Option<StatusParams>,
}

pub async fn publish_round(shared: &Arc<Shared>) {
    complete_analysis(shared).await;
    let worker = shared.clone();
    let batch = tokio::task::spawn_blocking(move || {
        guarded("publishing diagnostics", || {
            let mut st = worker.lock();
            if st.indexing.running {
                // Indexing publishes everything when it ends.
                return Batch::default();
            }
            st.refresh();
            st.ensure_analyzed();
            collect(&mut st)
        })
    })
    .await;
    let Ok(Ok(batch)) = batch else { return };
    for (uri, diagnostics, version) in batch.publish {
        shared.client.publish_diagnostics(uri, diagnostics, version).await;
    }
    if let Some(status) = batch.status {
        shared.client.send_notification::<StatusNotification>(status).await;
    }
}

/// Runs the full analysis the workspace needs, if it needs one and is not
/// indexing (indexing runs its own): a job taken under the lock, run on a
/// blocking thread without it, installed under the lock with the changes
/// made meanwhile replayed.
async fn complete_analysis(shared: &Arc<Shared>) {
    let job = {
        let mut st = shared.lock();
        (!st.indexing.running && st.ws.needs_full_analysis()).then(|| st.ws.analysis_job())
    };
    let Some(job) = job else { return };
    let documents = job.documents();
    let started = Instant::now();
    let Ok(Ok(run)) = tokio::task::spawn_blocking(move || guarded("analysis", || job.run())).await else { return };
    let installed = {
        let mut st = shared.lock();
        // Indexing started meanwhile (it installs its own): replaying all
        // it inserted would be a full analysis under the lock.
        if st.indexing.running {
            None
        } else {
            let installed = st.ws.install_analysis(run);
            if installed.installed {
                st.analysis_stale = false;
            }
            Some(installed)
        }
    };
    let Some(installed) = installed else { return };
    tracing::info!("analysed {documents} documents in {:.3} s (installed: {})", started.elapsed().as_secs_f64(), installed.installed);
    // Freed on a blocking thread, outside the lock: tens of milliseconds
    // for a large workspace, which a runtime worker must not spend.
    tokio::task::spawn_blocking(move || drop(installed));
}

/// The documents whose diagnostics changed (or must be sent anyway), with
/// their diagnostics; updates what the state remembers as published.
pub fn collect(st: &mut State) -> Batch {
    let mut targets: BTreeSet<PathBuf> = st.docs.paths().into_iter().collect();
    if st.settings.scope == Scope::Workspace {
        targets.extend(st.ws.index().docs().map(|d| d.path.clone()));
    }
    let mut batch = Batch::default();
    for path in &targets {
        if st.facts(path).is_none() {
            continue;
        }
        let diagnostics: Vec<lsp::Diagnostic> = st.ws.analysis().for_path(path).iter().map(|d| st.lsp_diagnostic(d)).collect();
        let version = st.version(path);
        let forced = st.force_publish.contains(path);
        // A new buffer version is published even with the same diagnostics,
        // so the client sees them as current.
        let changed = match st.published.get(path) {
            Some((previous_version, previous)) => *previous_version != version || *previous != diagnostics,
            None => !diagnostics.is_empty(),
        };
        if !(forced || changed) {
            continue;
        }
        let Some(uri) = uri_of(path) else { continue };
        batch.publish.push((uri, diagnostics.clone(), version));
        st.published.insert(path.clone(), (version, diagnostics));
    }
    let gone: Vec<PathBuf> = st.published.keys().filter(|p| !targets.contains(*p) || st.facts(p).is_none()).cloned().collect();
    for path in gone {
        st.published.remove(&path);
        if let Some(uri) = uri_of(&path) {
            batch.publish.push((uri, Vec::new(), None));
        }
    }
    st.force_publish.clear();
    let status = st.status();
    if st.last_status.as_ref() != Some(&status) {
        st.last_status = Some(status.clone());
        batch.status = Some(status);
    }
    batch
}
