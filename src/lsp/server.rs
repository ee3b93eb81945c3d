//! The `LanguageServer` impl: each method converts the request, calls a
//! feature function on the locked state inside `spawn_blocking` (so
//! cancellation can drop it) behind `guarded` (so a panic becomes a
//! JSON-RPC error), and converts back. Notifications that edit buffers
//! apply their edit synchronously, before any `.await`.

use serde_json::Value;
use std::path::PathBuf;
use std::sync::Arc;
use tower_lsp::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp::lsp_types as lsp;
use tower_lsp::{Client, LanguageServer};

use super::convert::path_of;
use super::diagnostics::{self, Publisher};
use super::documents::ChangeOutcome;
use super::features::{code_actions, code_lens, commands, completion, definition, hover, inlay_hints, references, symbols};
use super::indexing;
use super::pack_writer::PackWriter;
use super::settings::LspSettings;
use super::state::{encoding_kind, guarded, negotiate_encoding, ClientFeatures, Shared, State};
use super::watch::{self, FileChange};
use crate::workspace::files;

pub struct Backend {
    shared: Arc<Shared>,
    /// Messages for the user found during `initialize`, sent in `initialized`.
    startup_messages: std::sync::Mutex<Vec<(lsp::MessageType, String)>>,
}

fn internal(message: String) -> Error {
    Error { code: ErrorCode::InternalError, message: message.into(), data: None }
}

/// The workspace folders, else the root URI, else the root path.
#[allow(deprecated)]
fn roots_of(params: &lsp::InitializeParams) -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = params.workspace_folders.iter().flatten().filter_map(|f| path_of(&f.uri)).collect();
    if roots.is_empty() {
        roots.extend(params.root_uri.as_ref().and_then(path_of));
    }
    if roots.is_empty() {
        roots.extend(params.root_path.as_ref().map(|p| crate::index::normalize(&PathBuf::from(p))));
    }
    roots.dedup();
    roots
}

impl Backend {
    pub fn new(client: Client, pack_writer: PackWriter) -> Backend {
        let (publisher, rx) = Publisher::channel();
        let shared = Arc::new(Shared::new(client, publisher, pack_writer));
        tokio::spawn(diagnostics::run(shared.clone(), rx));
        Backend { shared, startup_messages: std::sync::Mutex::new(Vec::new()) }
    }

    /// Runs `f` on the state (edited buffers re-extracted first) on a
    /// blocking thread; a panic becomes an internal error.
    async fn query<T, F>(&self, what: &'static str, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut State) -> T + Send + 'static,
    {
        let shared = self.shared.clone();
        let outcome = tokio::task::spawn_blocking(move || {
            guarded(what, || {
                let mut st = shared.lock();
                st.refresh();
                f(&mut st)
            })
        })
        .await;
        match outcome {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(message)) => Err(internal(message)),
            Err(e) => Err(internal(format!("corroborate: {what} failed: {e}"))),
        }
    }

    /// Runs `f` on the state right away, on this thread (buffer edits).
    fn update(&self, what: &'static str, f: impl FnOnce(&mut State)) {
        let _ = guarded(what, || f(&mut self.shared.lock()));
    }

    async fn apply_settings(&self, settings: LspSettings, warnings: Vec<String>) {
        for warning in warnings {
            tracing::warn!("{warning}");
            self.shared.client.log_message(lsp::MessageType::WARNING, format!("corroborate: {warning}")).await;
        }
        let rebuild = {
            let mut st = self.shared.lock();
            let old = std::mem::replace(&mut st.settings, settings.clone());
            if old.needs_rebuild(&settings) {
                true
            } else {
                if old.tolerance != settings.tolerance {
                    st.set_tolerance(settings.tolerance);
                }
                false
            }
        };
        if rebuild {
            watch::rebuild(self.shared.clone()).await;
        } else {
            self.shared.publisher.now();
        }
    }
}

fn capabilities(encoding: crate::text::Encoding) -> lsp::ServerCapabilities {
    lsp::ServerCapabilities {
        position_encoding: Some(encoding_kind(encoding)),
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(lsp::TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
            will_save: None,
            will_save_wait_until: None,
            save: Some(lsp::TextDocumentSyncSaveOptions::Supported(true)),
        })),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        definition_provider: Some(lsp::OneOf::Left(true)),
        references_provider: Some(lsp::OneOf::Left(true)),
        completion_provider: Some(lsp::CompletionOptions { trigger_characters: Some(vec!["@".to_string(), "[".to_string()]), ..Default::default() }),
        document_symbol_provider: Some(lsp::OneOf::Left(true)),
        workspace_symbol_provider: Some(lsp::OneOf::Left(true)),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Options(lsp::CodeActionOptions {
            code_action_kinds: Some(vec![lsp::CodeActionKind::QUICKFIX, lsp::CodeActionKind::REFACTOR_REWRITE]),
            ..Default::default()
        })),
        code_lens_provider: Some(lsp::CodeLensOptions { resolve_provider: Some(false) }),
        inlay_hint_provider: Some(lsp::OneOf::Left(true)),
        execute_command_provider: Some(lsp::ExecuteCommandOptions { commands: commands::advertised(), ..Default::default() }),
        ..Default::default()
    }
}

#[tower_lsp::async_trait]
impl LanguageServer for Backend {
    async fn initialize(&self, params: lsp::InitializeParams) -> Result<lsp::InitializeResult> {
        let features = ClientFeatures::from_capabilities(&params.capabilities);
        let encoding = negotiate_encoding(&params.capabilities);
        let roots = roots_of(&params);
        let (settings, warnings) = params.initialization_options.as_ref().map(LspSettings::from_json).unwrap_or_default();
        tracing::info!("initialize: roots {roots:?}, encoding {encoding:?}, {features:?}, {settings:?}");
        let config_error = guarded("initialize", || {
            let mut st = self.shared.lock();
            st.features = features;
            st.encoding = encoding;
            st.roots = roots;
            st.settings = settings;
            st.rebuild()
        })
        .map_err(internal)?;
        let mut messages = self.startup_messages.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(error) = config_error {
            messages.push((lsp::MessageType::ERROR, format!("corroborate: {error}; using the default configuration")));
        }
        messages.extend(warnings.into_iter().map(|w| (lsp::MessageType::WARNING, format!("corroborate: {w}"))));
        Ok(lsp::InitializeResult {
            capabilities: capabilities(encoding),
            server_info: Some(lsp::ServerInfo { name: "corroborate".to_string(), version: Some(env!("CARGO_PKG_VERSION").to_string()) }),
        })
    }

    async fn initialized(&self, _: lsp::InitializedParams) {
        let messages = std::mem::take(&mut *self.startup_messages.lock().unwrap_or_else(|e| e.into_inner()));
        for (kind, message) in messages {
            tracing::warn!("{message}");
            if kind == lsp::MessageType::ERROR {
                self.shared.client.show_message(kind, &message).await;
            }
            self.shared.client.log_message(kind, message).await;
        }
        let problems: Vec<_> = {
            let mut st = self.shared.lock();
            let problems = st.ws.problems.clone();
            st.problems_reported = problems.len();
            problems
        };
        indexing::report_problems(&self.shared, &problems).await;
        tokio::spawn(watch::start(self.shared.clone()));
        indexing::start(self.shared.clone());
    }

    async fn shutdown(&self) -> Result<()> {
        tracing::info!("shutdown");
        // The fact cache being written is finished before the answer.
        let writer = self.shared.pack_writer.clone();
        let _ = tokio::task::spawn_blocking(move || writer.wait()).await;
        Ok(())
    }

    async fn did_open(&self, params: lsp::DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let Some(path) = path_of(&doc.uri) else { return };
        self.update("didOpen", |st| {
            if files::is_document(&path) {
                st.set_text(&path, &doc.text);
                st.force_publish.insert(path.clone());
            }
            st.docs.open(path, doc.text, doc.version);
        });
        self.shared.publisher.soon();
    }

    async fn did_change(&self, params: lsp::DidChangeTextDocumentParams) {
        let doc = params.text_document;
        let Some(path) = path_of(&doc.uri) else { return };
        self.update("didChange", |st| {
            let encoding = st.encoding;
            match st.docs.apply(&path, doc.version, &params.content_changes, encoding) {
                ChangeOutcome::Applied => {}
                ChangeOutcome::Stale { have } => tracing::warn!("ignored a stale change of {} (version {} ≤ {have})", path.display(), doc.version),
                ChangeOutcome::NotOpen => tracing::warn!("ignored a change of {}, which is not open", path.display()),
            }
        });
        self.shared.publisher.soon();
    }

    async fn did_save(&self, _: lsp::DidSaveTextDocumentParams) {}

    async fn did_close(&self, params: lsp::DidCloseTextDocumentParams) {
        let Some(path) = path_of(&params.text_document.uri) else { return };
        self.update("didClose", |st| {
            st.docs.close(&path);
            if files::is_document(&path) {
                // What is on disk counts again, if it is inside the
                // workspace (a file opened from elsewhere is dropped).
                match files::read_confined(&path, &st.roots) {
                    Ok(text) => st.set_text(&path, &text),
                    Err(_) => st.remove(&path),
                }
            }
        });
        self.shared.publisher.soon();
    }

    async fn did_change_configuration(&self, params: lsp::DidChangeConfigurationParams) {
        let mut value = params.settings;
        let has_section = value.get("corroborate").is_some() || ["diagnostics", "tolerance", "notesFolders", "cache"].iter().any(|k| value.get(k).is_some());
        if !has_section && self.shared.lock().features.configuration {
            let item = lsp::ConfigurationItem { scope_uri: None, section: Some("corroborate".to_string()) };
            match self.shared.client.configuration(vec![item]).await {
                Ok(mut answers) if !answers.is_empty() => value = answers.swap_remove(0),
                Ok(_) => {}
                Err(e) => tracing::warn!("workspace/configuration failed: {e}"),
            }
        }
        let (settings, warnings) = LspSettings::from_json(&value);
        tracing::info!("settings changed: {settings:?}");
        self.apply_settings(settings, warnings).await;
    }

    async fn did_change_watched_files(&self, params: lsp::DidChangeWatchedFilesParams) {
        let changes: Vec<(PathBuf, FileChange)> = params.changes.iter().filter_map(|c| Some((path_of(&c.uri)?, FileChange::of(c.typ)))).collect();
        watch::apply(self.shared.clone(), changes).await;
    }

    async fn hover(&self, params: lsp::HoverParams) -> Result<Option<lsp::Hover>> {
        let at = params.text_document_position_params;
        let Some(path) = path_of(&at.text_document.uri) else { return Ok(None) };
        self.query("hover", move |st| hover::hover(st, &path, at.position)).await
    }

    async fn goto_definition(&self, params: lsp::GotoDefinitionParams) -> Result<Option<lsp::GotoDefinitionResponse>> {
        let at = params.text_document_position_params;
        let Some(path) = path_of(&at.text_document.uri) else { return Ok(None) };
        self.query("definition", move |st| definition::definition(st, &path, at.position)).await
    }

    async fn references(&self, params: lsp::ReferenceParams) -> Result<Option<Vec<lsp::Location>>> {
        let at = params.text_document_position;
        let Some(path) = path_of(&at.text_document.uri) else { return Ok(None) };
        let include = params.context.include_declaration;
        self.query("references", move |st| references::references(st, &path, at.position, include)).await
    }

    async fn completion(&self, params: lsp::CompletionParams) -> Result<Option<lsp::CompletionResponse>> {
        let at = params.text_document_position;
        let Some(path) = path_of(&at.text_document.uri) else { return Ok(None) };
        self.query("completion", move |st| completion::completion(st, &path, at.position)).await
    }

    async fn document_symbol(&self, params: lsp::DocumentSymbolParams) -> Result<Option<lsp::DocumentSymbolResponse>> {
        let Some(path) = path_of(&params.text_document.uri) else { return Ok(None) };
        self.query("documentSymbol", move |st| symbols::document_symbols(st, &path).map(lsp::DocumentSymbolResponse::Nested)).await
    }

    async fn symbol(&self, params: lsp::WorkspaceSymbolParams) -> Result<Option<Vec<lsp::SymbolInformation>>> {
        self.query("workspace/symbol", move |st| Some(symbols::workspace_symbols(st, &params.query))).await
    }

    async fn code_action(&self, params: lsp::CodeActionParams) -> Result<Option<lsp::CodeActionResponse>> {
        let Some(path) = path_of(&params.text_document.uri) else { return Ok(None) };
        self.query("codeAction", move |st| Some(code_actions::code_actions(st, &path, &params))).await
    }

    async fn code_lens(&self, params: lsp::CodeLensParams) -> Result<Option<Vec<lsp::CodeLens>>> {
        let Some(path) = path_of(&params.text_document.uri) else { return Ok(None) };
        self.query("codeLens", move |st| {
            st.ensure_analyzed();
            Some(code_lens::code_lenses(st, &path))
        })
        .await
    }

    async fn inlay_hint(&self, params: lsp::InlayHintParams) -> Result<Option<Vec<lsp::InlayHint>>> {
        let Some(path) = path_of(&params.text_document.uri) else { return Ok(None) };
        self.query("inlayHint", move |st| Some(inlay_hints::inlay_hints(st, &path, params.range))).await
    }

    async fn execute_command(&self, params: lsp::ExecuteCommandParams) -> Result<Option<Value>> {
        let command = params.command;
        let outcome = self.query("executeCommand", move |st| commands::execute(st, &command, &params.arguments)).await?;
        match outcome {
            Ok(value) => Ok(Some(value)),
            Err(message) => Err(Error { code: ErrorCode::InvalidParams, message: message.into(), data: None }),
        }
    }
}
