//! The language server: LSP over stdio on top of the workspace core. Handlers
//! only convert positions, URIs and types and call the core; the core owns
//! every answer the CLI could also give.
//!
//! - `server`: the `LanguageServer` impl, one thin method per request;
//! - `state`: the one shared state (workspace, open buffers, settings);
//! - `convert`: byte offsets ↔ LSP positions, URIs ↔ paths, diagnostics;
//! - `documents`: open buffers and incremental edits;
//! - `indexing`, `diagnostics`, `watch`: background work; `pack_writer`:
//!   the fact cache written after indexing, off the requests' path;
//! - `features`: what each request answers;
//! - `framing`: the guard in front of tower-lsp (malformed frames, `exit`).

pub mod convert;
pub mod diagnostics;
pub mod documents;
pub mod features;
pub mod framing;
pub mod indexing;
pub mod pack_writer;
pub mod server;
pub mod settings;
pub mod state;
pub mod watch;

use tower_lsp::LspService;

/// Serves LSP on stdin/stdout until the client exits, behind the framing
/// guard. Logs go to stderr (`RUST_LOG` filters them; default `info`), never
/// to stdout. Returns the exit status: 0 after `shutdown` then `exit`, 1
/// when `exit` (or the end of the input) comes without `shutdown`.
pub fn run_stdio() -> anyhow::Result<i32> {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_ansi(false).try_init();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let pack_writer = pack_writer::PackWriter::default();
    let status = runtime.block_on(async {
        let writer = pack_writer.clone();
        let (service, socket) = LspService::new(move |client| server::Backend::new(client, writer));
        framing::run(tokio::io::stdin(), tokio::io::stdout(), service, socket).await
    });
    // The fact cache of the last indexing, if still being written: the
    // next start reads it (`exit` may come without waiting for `shutdown`).
    pack_writer.wait();
    // Work still running on blocking threads (a long request, the stdin
    // reader) must not keep the process alive after `exit`.
    runtime.shutdown_timeout(std::time::Duration::from_millis(500));
    tracing::info!("corroborate language server stopped (exit status {status})");
    Ok(status)
}
