//! Files changing on disk: through the client's `didChangeWatchedFiles`
//! (registered dynamically when the client can) or, failing that, a
//! `notify` watcher on the roots (debounced 200 ms in a thread of its own).
//! A changed document is re-read unless open (the buffer wins); a deleted
//! one is removed; corroborate.toml or a bibliography changing rebuilds the
//! workspace and re-indexes.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tower_lsp::lsp_types as lsp;

use super::indexing;
use super::state::{guarded, Shared, State};
use crate::index::normalize;
use crate::knowledge::config::CONFIG_FILE;
use crate::workspace::{files, FileProblem};

const NATIVE_DEBOUNCE: Duration = Duration::from_millis(200);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileChange {
    /// Created or changed.
    Changed,
    Deleted,
}

impl FileChange {
    pub fn of(kind: lsp::FileChangeType) -> FileChange {
        if kind == lsp::FileChangeType::DELETED {
            FileChange::Deleted
        } else {
            FileChange::Changed
        }
    }
}

/// Registers watchers with the client when it supports it; otherwise
/// watches the roots natively.
pub async fn start(shared: Arc<Shared>) {
    let (dynamic, roots) = {
        let st = shared.lock();
        (st.features.dynamic_watched_files, st.roots.clone())
    };
    if dynamic && register(&shared).await {
        return;
    }
    if !roots.is_empty() {
        spawn_native(shared, roots);
    }
}

async fn register(shared: &Shared) -> bool {
    let watchers = ["**/*.{md,markdown,txt}", "**/corroborate.toml", "**/*.{bib,json}"]
        .iter()
        .map(|glob| lsp::FileSystemWatcher { glob_pattern: lsp::GlobPattern::String(glob.to_string()), kind: None })
        .collect();
    let options = lsp::DidChangeWatchedFilesRegistrationOptions { watchers };
    let registration = lsp::Registration {
        id: "corroborate-watched-files".to_string(),
        method: "workspace/didChangeWatchedFiles".to_string(),
        register_options: serde_json::to_value(options).ok(),
    };
    match tokio::time::timeout(indexing::CLIENT_TIMEOUT, shared.client.register_capability(vec![registration])).await {
        Ok(Ok(())) => true,
        Ok(Err(e)) => {
            tracing::warn!("the client refused to watch files ({e}); watching the folders natively");
            false
        }
        Err(_) => {
            tracing::warn!("the client did not answer client/registerCapability; watching the folders natively");
            false
        }
    }
}

enum Outcome {
    Rebuild,
    Updated(Vec<FileProblem>),
}

/// Applies a batch of file changes, then schedules diagnostics.
pub async fn apply(shared: Arc<Shared>, changes: Vec<(PathBuf, FileChange)>) {
    let worker = shared.clone();
    let outcome = tokio::task::spawn_blocking(move || guarded("watched files", || apply_blocking(&worker, changes))).await;
    match outcome {
        Ok(Ok(Outcome::Rebuild)) => rebuild(shared).await,
        Ok(Ok(Outcome::Updated(problems))) => {
            indexing::report_problems(&shared, &problems).await;
            shared.publisher.soon();
        }
        _ => shared.publisher.soon(),
    }
}

fn apply_blocking(shared: &Shared, changes: Vec<(PathBuf, FileChange)>) -> Outcome {
    let mut st = shared.lock();
    let config_files = config_files(&st);
    let roots = st.roots.clone();
    let mut problems = Vec::new();
    let mut done = BTreeSet::new();
    // Each file is read under the lock, as the disk is now, whatever the
    // event said: tower-lsp handles several notifications at once, so a
    // batch can run after a newer one, and must then not undo it.
    for (path, _change) in changes {
        let path = normalize(&path);
        if config_files.contains(&path) {
            return Outcome::Rebuild;
        }
        if !files::is_document(&path) || !in_workspace(&roots, &path) || st.docs.is_open(&path) || !done.insert(path.clone()) {
            continue;
        }
        if !path.exists() {
            st.remove(&path);
            continue;
        }
        // Confined: a link in the workspace that leads out is not read.
        match files::read_confined(&path, &roots) {
            Ok(text) => st.set_text(&path, &text),
            Err(problem) => {
                st.remove(&path);
                problems.push(problem);
            }
        }
    }
    Outcome::Updated(problems)
}

/// corroborate.toml and the bibliographies it names.
fn config_files(st: &State) -> BTreeSet<PathBuf> {
    let root = st.root();
    let mut out: BTreeSet<PathBuf> = st.ws.config().bibliography.iter().map(|b| normalize(&root.join(b))).collect();
    out.insert(normalize(&root.join(CONFIG_FILE)));
    out
}

/// Below a root, and not in a hidden folder, `target/` or `node_modules/`
/// (what discovery skips).
fn in_workspace(roots: &[PathBuf], path: &Path) -> bool {
    roots.iter().any(|root| {
        path.strip_prefix(root).is_ok_and(|rest| {
            let parts: Vec<Component> = rest.components().collect();
            parts.iter().take(parts.len().saturating_sub(1)).all(|c| match c {
                Component::Normal(name) => {
                    let name = name.to_string_lossy();
                    !name.starts_with('.') && name != "target" && name != "node_modules"
                }
                _ => false,
            })
        })
    })
}

/// A new workspace from the configuration, then indexing again.
pub async fn rebuild(shared: Arc<Shared>) {
    let worker = shared.clone();
    let error = tokio::task::spawn_blocking(move || guarded("rebuilding the workspace", || worker.lock().rebuild())).await;
    match error {
        Ok(Ok(Some(message))) => {
            tracing::error!("{message}");
            shared.client.show_message(lsp::MessageType::ERROR, format!("corroborate: {message}; using the default configuration")).await;
        }
        Ok(Ok(None)) => tracing::info!("configuration reloaded"),
        _ => {}
    }
    indexing::start(shared);
}

fn spawn_native(shared: Arc<Shared>, roots: Vec<PathBuf>) {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Vec<PathBuf>>();
    let spawned = std::thread::Builder::new().name("corroborate-watch".to_string()).spawn(move || watch_thread(roots, tx));
    if let Err(e) = spawned {
        tracing::warn!("cannot start the file watcher: {e}");
        return;
    }
    tokio::spawn(async move {
        while let Some(paths) = rx.recv().await {
            let changes = paths.into_iter().map(|p| (p.clone(), if p.exists() { FileChange::Changed } else { FileChange::Deleted })).collect();
            apply(shared.clone(), changes).await;
        }
    });
}

fn watch_thread(roots: Vec<PathBuf>, tx: tokio::sync::mpsc::UnboundedSender<Vec<PathBuf>>) {
    use notify::{EventKind, RecursiveMode, Watcher};
    let (events_tx, events) = std::sync::mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = match notify::recommended_watcher(move |event| {
        let _ = events_tx.send(event);
    }) {
        Ok(watcher) => watcher,
        Err(e) => {
            tracing::warn!("cannot watch files: {e}");
            return;
        }
    };
    for root in &roots {
        if let Err(e) = watcher.watch(root, RecursiveMode::Recursive) {
            tracing::warn!("cannot watch {}: {e}", root.display());
        }
    }
    tracing::info!("watching {} folder(s) for changes", roots.len());
    let collect = |event: notify::Result<notify::Event>, paths: &mut BTreeSet<PathBuf>| match event {
        Ok(event) if !matches!(event.kind, EventKind::Access(_)) => paths.extend(event.paths),
        Ok(_) => {}
        Err(e) => tracing::warn!("file watcher: {e}"),
    };
    loop {
        let Ok(first) = events.recv() else { return };
        let mut paths = BTreeSet::new();
        collect(first, &mut paths);
        loop {
            match events.recv_timeout(NATIVE_DEBOUNCE) {
                Ok(event) => collect(event, &mut paths),
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => break,
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
            }
        }
        if !paths.is_empty() && tx.send(paths.into_iter().collect()).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_what_discovery_skips() {
        let roots = vec![PathBuf::from("/w")];
        assert!(in_workspace(&roots, Path::new("/w/notes/a.md")));
        assert!(in_workspace(&roots, Path::new("/w/a.txt")));
        assert!(!in_workspace(&roots, Path::new("/w/.git/a.md")));
        assert!(!in_workspace(&roots, Path::new("/w/target/debug/a.md")));
        assert!(!in_workspace(&roots, Path::new("/w/x/node_modules/a.md")));
        assert!(!in_workspace(&roots, Path::new("/elsewhere/a.md")));
    }
}
