//! The command line: `check`, `facts`, `show`, `lsp`. Each command loads
//! the workspace through the same core the language server uses and only
//! formats its answers.

pub mod check;
pub mod facts;
pub mod show;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::text::{Encoding, LineMap, Position};
use crate::workspace::Workspace;

/// Exit status for usage and I/O errors.
pub const EXIT_TROUBLE: i32 = 2;

/// Loads the workspace for a command: the config from `root`, documents
/// from `paths`. Missing paths are a usage error.
pub fn load_workspace(root: &Path, paths: &[PathBuf]) -> Result<Workspace, String> {
    load_workspace_with(root, paths, crate::workspace::LoadOptions::default())
}

/// `load_workspace`, with the fact cache on or off (`--no-cache`).
pub fn load_workspace_with(root: &Path, paths: &[PathBuf], options: crate::workspace::LoadOptions) -> Result<Workspace, String> {
    for p in paths {
        if !p.exists() {
            return Err(format!("{}: no such file or folder", p.display()));
        }
    }
    Workspace::load_with(root, paths, options).map_err(|e| e.to_string())
}

/// Texts of the files a command renders excerpts from, read once each.
#[derive(Default)]
pub struct Texts {
    cache: HashMap<PathBuf, Option<String>>,
}

impl Texts {
    pub fn get(&mut self, path: &Path) -> Option<&str> {
        self.cache.entry(path.to_path_buf()).or_insert_with(|| crate::workspace::files::read_document(path).ok()).as_deref()
    }
}

/// 1-based line and 1-based column in chars, as rustc prints them.
pub fn human_position(text: &str, map: &LineMap, offset: usize) -> (usize, usize) {
    let Position { line, .. } = map.position(offset, Encoding::Utf8);
    let start = map.line_range(line as usize).map(|r| r.start).unwrap_or(0);
    let col = text.get(start..offset.min(text.len())).map(|s| s.chars().count()).unwrap_or(0);
    (line as usize + 1, col + 1)
}
