//! The language server: LSP over stdio on top of the workspace core. Handlers
//! only convert positions, URIs and types and call the core; the core owns
//! every answer the CLI could also give.
//!
//! - `server`: the `LanguageServer` impl, one thin method per request;
//! - `state`: the one shared state (workspace, open buffers, settings);
//! - `convert`: byte offsets ↔ LSP positions, URIs ↔ paths, diagnostics;
//! - `documents`: open buffers and incremental edits;
//! - `indexing`, `diagnostics`, `watch`: background work;
//! - `features`: what each request answers.

pub mod convert;
pub mod diagnostics;
pub mod documents;
pub mod features;
pub mod indexing;
pub mod server;
pub mod settings;
pub mod state;
pub mod watch;

use tower_lsp::{LspService, Server};

/// Serves LSP on stdin/stdout until the client exits. Logs go to stderr
/// (`RUST_LOG` filters them; default `info`), never to stdout.
pub fn run_stdio() -> anyhow::Result<()> {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_ansi(false).try_init();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let (service, socket) = LspService::new(server::Backend::new);
        Server::new(tokio::io::stdin(), tokio::io::stdout(), socket).serve(service).await;
    });
    tracing::info!("corroborate language server stopped");
    Ok(())
}
