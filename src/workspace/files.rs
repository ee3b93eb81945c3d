//! Finding and reading documents on disk: `*.md`, `*.markdown`, `*.txt`
//! below the given paths, skipping hidden folders, `target/`,
//! `node_modules/` and what `.gitignore` excludes. Reading is bounded:
//! large, binary and non-UTF-8 files, FIFOs, sockets and devices are refused
//! with one clear message, and a file that grows while it is read is cut at
//! the limit, never read past it. Symbolic links that lead out of the
//! workspace folders are not followed.

use std::path::{Path, PathBuf};

use crate::document::Format;

/// Files larger than this are skipped: research articles are kilobytes.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for FileProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

pub fn is_document(path: &Path) -> bool {
    Format::of_path(path).is_some()
}

/// Every document below `paths` (files given directly are taken as they
/// are, if they are documents), sorted, without duplicates.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<FileProblem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for root in paths {
        match std::fs::metadata(root) {
            Ok(meta) if meta.is_file() => {
                if is_document(root) {
                    files.push(root.clone());
                } else {
                    problems.push(FileProblem { path: root.clone(), message: "not a document (.md, .markdown or .txt): skipped".to_string() });
                }
                continue;
            }
            Ok(_) => {}
            Err(e) => {
                problems.push(FileProblem { path: root.clone(), message: format!("cannot read: {e}") });
                continue;
            }
        }
        let canonical_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.clone());
        let walker = ignore::WalkBuilder::new(root)
            .hidden(true)
            .git_ignore(true)
            .git_exclude(true)
            .require_git(false)
            .follow_links(false)
            .filter_entry(|e| !matches!(e.file_name().to_str(), Some("target" | "node_modules")))
            .build();
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    problems.push(FileProblem { path: root.clone(), message: format!("cannot walk: {e}") });
                    continue;
                }
            };
            let path = entry.path();
            let Some(file_type) = entry.file_type() else { continue };
            if file_type.is_symlink() {
                if is_document(path) {
                    match std::fs::canonicalize(path) {
                        Ok(target) if target.starts_with(&canonical_root) && target.is_file() => files.push(path.to_path_buf()),
                        Ok(_) => problems
                            .push(FileProblem { path: path.to_path_buf(), message: "symbolic link points outside the workspace folder: not read".to_string() }),
                        Err(e) => problems.push(FileProblem { path: path.to_path_buf(), message: format!("broken symbolic link: {e}") }),
                    }
                }
                continue;
            }
            if file_type.is_file() && is_document(path) {
                files.push(path.to_path_buf());
            } else if !file_type.is_dir() && is_document(path) {
                // Reading a FIFO would block until something writes to it.
                problems.push(FileProblem { path: path.to_path_buf(), message: "not a regular file (a FIFO, socket or device): skipped".to_string() });
            }
        }
    }
    files.sort();
    files.dedup();
    (files, problems)
}

/// Reads a document's text, refusing what is not readable prose.
pub fn read_document(path: &Path) -> Result<String, FileProblem> {
    use std::io::Read;
    let problem = |message: String| FileProblem { path: path.to_path_buf(), message };
    let meta = std::fs::metadata(path).map_err(|e| problem(format!("cannot read: {e}")))?;
    if !meta.is_file() {
        let what = if meta.is_dir() { "a folder" } else { "not a regular file (a FIFO, socket or device)" };
        return Err(problem(format!("{what}: skipped")));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(problem(format!("{} MB is over the {} MB limit for a document: skipped", meta.len() / 1_000_000, MAX_FILE_BYTES / 1024 / 1024)));
    }
    let file = std::fs::File::open(path).map_err(|e| problem(format!("cannot read: {e}")))?;
    // The file may grow between `metadata` and here: read one byte past the
    // limit at most, so `text_of` refuses it.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(|e| problem(format!("cannot read: {e}")))?;
    text_of(bytes).map_err(problem)
}

/// Whether `path`, with every symbolic link along it followed, is inside
/// one of `roots` (themselves resolved). A path that cannot be resolved is
/// not.
pub fn resolves_inside(path: &Path, roots: &[PathBuf]) -> bool {
    let Ok(real) = std::fs::canonicalize(path) else { return false };
    roots.iter().any(|root| std::fs::canonicalize(root).is_ok_and(|r| real.starts_with(r)))
}

/// `read_document`, for a path named by something else (a watcher event, a
/// configuration): refused unless it resolves inside `roots`, so a link
/// cannot make corroborate read a file outside the workspace folders.
pub fn read_confined(path: &Path, roots: &[PathBuf]) -> Result<String, FileProblem> {
    if !resolves_inside(path, roots) {
        let message = if path.exists() { "leads outside the workspace folders: not read" } else { "cannot read: no such file" };
        return Err(FileProblem { path: path.to_path_buf(), message: message.to_string() });
    }
    read_document(path)
}

/// Checks that bytes are UTF-8 prose (no NUL bytes).
pub fn text_of(bytes: Vec<u8>) -> Result<String, String> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!("over the {} MB limit for a document: skipped", MAX_FILE_BYTES / 1024 / 1024));
    }
    if memchr::memchr(0, &bytes).is_some() {
        return Err("binary file (contains NUL bytes): skipped".to_string());
    }
    String::from_utf8(bytes).map_err(|e| format!("not valid UTF-8 (at byte {}): skipped", e.utf8_error().valid_up_to()))
}
