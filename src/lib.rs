//! corroborate: turns a folder of French and English articles and the
//! Markdown notes that cite them into facts with their sources, and finds
//! where they disagree.
//!
//! Layers, each depending only on the ones above it:
//! - `text`, `lang`: byte ranges, positions, sentences, cue matching;
//! - `knowledge`: entity registry and lexicons (from `data/`);
//! - `document`: front matter, headers, citations;
//! - `extract`: entities, quantities, figures, partnerships per document;
//! - `index`: all documents' facts and how keys resolve;
//! - `analysis`: conflicts, citation support, cards;
//! - `workspace`: files on disk, loading, shared queries;
//! - `cli`, `lsp`: the two front ends.

pub mod analysis;
pub mod cli;
pub mod document;
pub mod extract;
pub mod facts;
pub mod format;
pub mod generate;
pub mod index;
pub mod knowledge;
pub mod lang;
pub mod lsp;
pub mod text;
pub mod workspace;
