//! Finding and reading documents on disk: `*.md`, `*.markdown`, `*.txt`
//! below the given paths, skipping hidden folders, `target/`,
//! `node_modules/` and what `.gitignore` excludes. Reading is bounded:
//! large, binary and non-UTF-8 files, FIFOs, sockets and devices are refused
//! with one clear message, and a file that grows while it is read is cut at
//! the limit, never read past it. Symbolic links that lead out of the
//! workspace folders are not followed.

use rayon::slice::ParallelSliceMut;
use std::path::{Path, PathBuf};

use crate::document::Format;
use crate::index::path_order;

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
        let mut walked = Vec::new();
        for entry in walker {
            match visit(entry, root, &canonical_root) {
                Some(Ok(path)) => walked.push(path),
                Some(Err(problem)) => problems.push(problem),
                None => {}
            }
        }
        walked.par_sort_unstable_by(|a, b| path_order(a, b));
        files.append(&mut walked);
    }
    problems.sort_by(|a, b| a.path.cmp(&b.path).then_with(|| a.message.cmp(&b.message)));
    // One folder's files are in order already; several are merged.
    if paths.len() > 1 {
        files.sort();
        files.dedup();
    }
    (files, problems)
}

/// What one walked entry adds: a document, a problem, or nothing.
fn visit(entry: Result<ignore::DirEntry, ignore::Error>, root: &Path, canonical_root: &Path) -> Option<Result<PathBuf, FileProblem>> {
    let entry = match entry {
        Ok(entry) => entry,
        Err(e) => return Some(Err(FileProblem { path: root.to_path_buf(), message: format!("cannot walk: {e}") })),
    };
    let path = entry.path();
    let file_type = entry.file_type()?;
    if !is_document(path) || file_type.is_dir() {
        return None;
    }
    let problem = |message: String| Some(Err(FileProblem { path: path.to_path_buf(), message }));
    if file_type.is_symlink() {
        return match std::fs::canonicalize(path) {
            Ok(target) if target.starts_with(canonical_root) && target.is_file() => Some(Ok(path.to_path_buf())),
            Ok(_) => problem("symbolic link points outside the workspace folder: not read".to_string()),
            Err(e) => problem(format!("broken symbolic link: {e}")),
        };
    }
    if file_type.is_file() {
        Some(Ok(path.to_path_buf()))
    } else {
        // Reading a FIFO would block until something writes to it.
        problem("not a regular file (a FIFO, socket or device): skipped".to_string())
    }
}

/// Reads a document's text, refusing what is not readable prose.
pub fn read_document(path: &Path) -> Result<String, FileProblem> {
    // Opened first and asked for its metadata after (one path lookup, not
    // two); without blocking, so opening a FIFO does not wait for a writer.
    let file = open_nonblocking(path).map_err(|e| FileProblem { path: path.to_path_buf(), message: format!("cannot read: {e}") })?;
    read_opened(path, file)
}

/// The folder of the last document read, held open while many documents
/// are read in path order (one `Folder` per worker of a load): each is
/// opened by its name in the folder (`openat`), so the kernel does not walk
/// every folder of its path again; the folder's handle goes when the next
/// document is elsewhere, or with the `Folder`.
#[derive(Debug, Default)]
pub struct Folder {
    #[cfg(unix)]
    held: Option<(PathBuf, std::fs::File)>,
}

impl Folder {
    /// `files::read_document`, opening `path` in the folder held.
    pub fn read_document(&mut self, path: &Path) -> Result<String, FileProblem> {
        let file = self.open(path).map_err(|e| FileProblem { path: path.to_path_buf(), message: format!("cannot read: {e}") })?;
        read_opened(path, file)
    }

    #[cfg(unix)]
    fn open(&mut self, path: &Path) -> std::io::Result<std::fs::File> {
        use std::os::fd::{AsRawFd, FromRawFd};
        use std::os::unix::ffi::OsStrExt;
        use std::os::unix::fs::OpenOptionsExt;
        let (Some(folder), Some(name)) = (path.parent().filter(|p| !p.as_os_str().is_empty()), path.file_name()) else {
            return open_nonblocking(path);
        };
        let Ok(name) = std::ffi::CString::new(name.as_bytes()) else { return open_nonblocking(path) };
        if self.held.as_ref().is_none_or(|(held, _)| held.as_os_str() != folder.as_os_str()) {
            self.held = None;
            // A folder that cannot be opened: the path's own error.
            let Ok(handle) = std::fs::OpenOptions::new().read(true).custom_flags(libc::O_DIRECTORY).open(folder) else {
                return open_nonblocking(path);
            };
            self.held = Some((folder.to_path_buf(), handle));
        }
        let Some((_, handle)) = &self.held else { return open_nonblocking(path) };
        // Without blocking, as `open_nonblocking`.
        // SAFETY: `name` is a NUL-terminated string and `handle` an open
        // folder.
        let fd = unsafe { libc::openat(handle.as_raw_fd(), name.as_ptr(), libc::O_RDONLY | libc::O_NONBLOCK | libc::O_CLOEXEC) };
        if fd < 0 {
            return Err(std::io::Error::last_os_error());
        }
        // SAFETY: `fd` was just opened and nothing else holds it: the
        // `File` owns it and closes it.
        Ok(unsafe { std::fs::File::from_raw_fd(fd) })
    }

    #[cfg(not(unix))]
    fn open(&mut self, path: &Path) -> std::io::Result<std::fs::File> {
        open_nonblocking(path)
    }
}

/// The text of a document opened at `path`, refusing what is not readable
/// prose.
fn read_opened(path: &Path, file: std::fs::File) -> Result<String, FileProblem> {
    use std::io::Read;
    let problem = |message: String| FileProblem { path: path.to_path_buf(), message };
    let meta = file.metadata().map_err(|e| problem(format!("cannot read: {e}")))?;
    if !meta.is_file() {
        let what = if meta.is_dir() { "a folder" } else { "not a regular file (a FIFO, socket or device)" };
        return Err(problem(format!("{what}: skipped")));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(problem(format!("{} MB is over the {} MB limit for a document: skipped", meta.len() / 1_000_000, MAX_FILE_BYTES / 1024 / 1024)));
    }
    // The size `metadata` gave, at most: one `read` fills the buffer, and
    // no second one asks for the end (the limit is the end). A file growing
    // meanwhile is read as it was; its new stamp has it read again.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(meta.len()).read_to_end(&mut bytes).map_err(|e| problem(format!("cannot read: {e}")))?;
    text_of(bytes).map_err(problem)
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
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
    // simdutf8 checks 16 to 64 bytes a step, where std's check takes one
    // or two; std's only runs on a file that fails, for the error's offset.
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: just checked to be UTF-8.
        return Ok(unsafe { String::from_utf8_unchecked(bytes) });
    }
    String::from_utf8(bytes).map_err(|e| format!("not valid UTF-8 (at byte {}): skipped", e.utf8_error().valid_up_to()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names that sort differently by bytes and by path components: the
    /// walk must give `Path`'s order, as the index expects.
    #[test]
    fn discover_gives_path_order() -> std::io::Result<()> {
        let dir = std::env::temp_dir().join(format!("corroborate-discover-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for name in ["a.md", "a/b.md", "a-b.md", "a/c/d.md", "a b.md", "B.md", "é.md", "a0.md", "ab/c.md"] {
            let path = dir.join(name);
            std::fs::create_dir_all(path.parent().unwrap_or(&dir))?;
            std::fs::write(&path, "text")?;
        }
        let (found, problems) = discover(std::slice::from_ref(&dir));
        let _ = std::fs::remove_dir_all(&dir);
        let mut sorted = found.clone();
        sorted.sort();
        assert_eq!(found, sorted);
        assert_eq!(found.len(), 9);
        assert!(problems.is_empty(), "{problems:?}");
        Ok(())
    }

    /// Reading through a held folder gives what `read_document` gives, for
    /// documents, missing files, folders and FIFOs alike, whatever folder
    /// was held before.
    #[test]
    fn a_held_folder_reads_as_read_document_does() -> std::io::Result<()> {
        let dir = std::env::temp_dir().join(format!("corroborate-folder-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("a/sub"))?;
        std::fs::create_dir_all(dir.join("b"))?;
        std::fs::write(dir.join("a/x.md"), "x text")?;
        std::fs::write(dir.join("a/y.txt"), "y text")?;
        std::fs::write(dir.join("b/z.md"), "z text")?;
        #[cfg(unix)]
        {
            let fifo = std::ffi::CString::new(dir.join("a/pipe.md").into_os_string().into_encoded_bytes()).map_err(std::io::Error::other)?;
            // SAFETY: a NUL-terminated path.
            assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
        }
        let mut folder = Folder::default();
        let paths = ["a/x.md", "b/z.md", "a/y.txt", "a/missing.md", "a/sub", "a/pipe.md", "b/z.md", "b/missing.md"];
        for name in paths {
            let path = dir.join(name);
            assert_eq!(folder.read_document(&path), read_document(&path), "{name}");
        }
        assert_eq!(folder.read_document(&dir.join("a/x.md")), Ok("x text".to_string()));
        let _ = std::fs::remove_dir_all(&dir);
        Ok(())
    }
}
