//! A small LSP client for the language-server tests: spawns the real
//! `corroborate lsp --stdio`, frames JSON-RPC with `Content-Length`, reads on
//! a thread, answers the server's requests (progress tokens, registrations,
//! configuration), collects notifications, and never waits more than
//! `TIMEOUT`. Each server gets its own `XDG_CACHE_HOME` (a temporary folder
//! unless `Options::cache_home` names one), so the fact cache of one test
//! never reaches another, nor the user's. Plus a workspace of the
//! repository's seeds and example notes, client-side position arithmetic
//! (independent of the server's), and `run_cli` for the command line.

#![allow(dead_code)]

use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

pub const TIMEOUT: Duration = Duration::from_secs(20);

pub const NOTE_APPLE: &str = "notes/partenariats-apple.md";
pub const NOTE_OPENAI: &str = "notes/openai-compute.md";
pub const SEED_IDS: [&str; 5] = ["000_e60ae45b298aeda3", "001_33e21df4586525e2", "002_485b32cbb9294941", "003_d6d9d0df0311f841", "004_1332d41e4d87d38b"];

/// The benches' corpus: the folder `CORROBORATE_BENCH_CORPUS` names, else
/// `documents` generated documents in a temporary folder (kept alive by the
/// returned guard).
pub fn bench_corpus(documents: usize) -> (PathBuf, Option<tempfile::TempDir>) {
    match std::env::var_os("CORROBORATE_BENCH_CORPUS") {
        Some(dir) => (PathBuf::from(dir), None),
        None => {
            let dir = tempfile::tempdir().expect("tempdir");
            corroborate::generate::write(&corroborate::generate::CorpusSpec::new(documents, 1), dir.path()).expect("corpus");
            (dir.path().to_path_buf(), Some(dir))
        }
    }
}

/// A temporary workspace: `seeds/*.txt` and `notes/*.md` from the repository.
pub fn workspace() -> tempfile::TempDir {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (from, to) in [("seeds", "seeds"), ("examples/notes", "notes")] {
        std::fs::create_dir_all(dir.path().join(to)).unwrap();
        for entry in std::fs::read_dir(repo.join(from)).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), dir.path().join(to).join(entry.file_name())).unwrap();
        }
    }
    dir
}

pub fn uri(path: &Path) -> String {
    url_of(path)
}

/// `file://` URI with the characters LSP clients escape escaped.
fn url_of(path: &Path) -> String {
    let mut out = String::from("file://");
    for b in path.to_str().expect("UTF-8 path").bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The LSP position of a byte offset, counted by hand: `\n`, `\r\n` and `\r`
/// end lines; characters in UTF-8 bytes or UTF-16 units.
pub fn position_at(text: &str, offset: usize, utf8: bool) -> Value {
    let (mut line, mut character) = (0u32, 0u32);
    let mut chars = text[..offset].chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                line += 1;
                character = 0;
            }
            c => character += if utf8 { c.len_utf8() } else { c.len_utf16() } as u32,
        }
    }
    json!({ "line": line, "character": character })
}

/// Position of the `nth` (0-based) occurrence of `needle`, plus `delta` bytes.
pub fn position_of(text: &str, needle: &str, nth: usize, delta: usize, utf8: bool) -> Value {
    let offset = text.match_indices(needle).nth(nth).unwrap_or_else(|| panic!("no occurrence {nth} of {needle:?}")).0;
    position_at(text, offset + delta, utf8)
}

pub fn range_of(text: &str, needle: &str, nth: usize, utf8: bool) -> Value {
    let offset = text.match_indices(needle).nth(nth).unwrap_or_else(|| panic!("no occurrence {nth} of {needle:?}")).0;
    json!({ "start": position_at(text, offset, utf8), "end": position_at(text, offset + needle.len(), utf8) })
}

#[derive(Clone)]
pub struct Options {
    pub utf8: bool,
    pub markdown: bool,
    pub progress: bool,
    pub dynamic_watch: bool,
    pub document_changes: bool,
    pub initialization_options: Value,
    /// `XDG_CACHE_HOME` for the server (where the fact cache goes); None: a
    /// fresh temporary folder, removed with the server.
    pub cache_home: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            utf8: false,
            markdown: true,
            progress: true,
            dynamic_watch: true,
            document_changes: true,
            initialization_options: json!({}),
            cache_home: None,
        }
    }
}

#[derive(Default)]
struct Inbox {
    responses: HashMap<i64, Value>,
    notifications: Vec<Value>,
    server_requests: Vec<Value>,
    closed: bool,
}

type Shared = Arc<(Mutex<Inbox>, Condvar)>;

pub struct Server {
    child: Child,
    stdin: Arc<Mutex<ChildStdin>>,
    inbox: Shared,
    stderr: Arc<Mutex<String>>,
    next_id: AtomicI64,
    pub root: PathBuf,
    pub initialize_result: Value,
    utf8: bool,
    /// The temporary `XDG_CACHE_HOME`, when `Options::cache_home` is None.
    _cache_home: Option<tempfile::TempDir>,
}

fn write_message(stdin: &Mutex<ChildStdin>, message: &Value) {
    let body = serde_json::to_string(message).unwrap();
    let mut stdin = stdin.lock().unwrap();
    let _ = write!(stdin, "Content-Length: {}\r\n\r\n{}", body.len(), body);
    let _ = stdin.flush();
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length:") {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Server {
    /// The server process's resident memory and its peak, in MB (Linux;
    /// None where /proc is missing): for benchmarks.
    pub fn memory_mb(&self) -> Option<(u64, u64)> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let field = |name: &str| status.lines().find_map(|l| l.strip_prefix(name)).and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
        Some((field("VmRSS:")? / 1024, field("VmHWM:")? / 1024))
    }

    /// Spawns the server and runs `initialize` + `initialized` on `root`.
    pub fn start(root: &Path, options: Options) -> Server {
        let mut server = Server::spawn(root, options.clone());
        server.initialize(options);
        server
    }

    /// Spawns the server without initializing it.
    pub fn spawn(root: &Path, options: Options) -> Server {
        let (temporary_cache, cache_home) = match options.cache_home.clone() {
            Some(dir) => (None, dir),
            None => {
                let dir = tempfile::tempdir().expect("a temporary cache folder");
                let path = dir.path().to_path_buf();
                (Some(dir), path)
            }
        };
        let mut child = Command::new(env!("CARGO_BIN_EXE_corroborate"))
            .args(["lsp", "--stdio"])
            .env("RUST_LOG", "corroborate=debug,warn")
            .env("CORROBORATE_TEST_COMMANDS", "1")
            .env("XDG_CACHE_HOME", cache_home)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the corroborate binary starts");
        let stdin = Arc::new(Mutex::new(child.stdin.take().unwrap()));
        let inbox: Shared = Arc::new((Mutex::new(Inbox::default()), Condvar::new()));
        let stderr = Arc::new(Mutex::new(String::new()));

        let mut err = BufReader::new(child.stderr.take().unwrap());
        let err_sink = stderr.clone();
        std::thread::spawn(move || {
            let mut line = String::new();
            while err.read_line(&mut line).map(|n| n > 0).unwrap_or(false) {
                err_sink.lock().unwrap().push_str(&line);
                line.clear();
            }
        });

        let mut out = BufReader::new(child.stdout.take().unwrap());
        let (reader_inbox, reader_stdin) = (inbox.clone(), stdin.clone());
        let settings = options.initialization_options.clone();
        std::thread::spawn(move || {
            while let Some(message) = read_message(&mut out) {
                let (lock, ready) = &*reader_inbox;
                match (message.get("id"), message.get("method")) {
                    (Some(id), Some(method)) => {
                        let result = match method.as_str() {
                            Some("workspace/configuration") => {
                                let items = message.pointer("/params/items").and_then(Value::as_array).map_or(0, Vec::len);
                                Value::Array(vec![settings.clone(); items])
                            }
                            _ => Value::Null,
                        };
                        write_message(&reader_stdin, &json!({ "jsonrpc": "2.0", "id": id, "result": result }));
                        lock.lock().unwrap().server_requests.push(message);
                    }
                    (Some(id), None) => match id.as_i64() {
                        Some(id) => {
                            lock.lock().unwrap().responses.insert(id, message);
                        }
                        // Errors about a message without a usable id
                        // (`"id": null`): kept with the notifications.
                        None => lock.lock().unwrap().notifications.push(message),
                    },
                    _ => lock.lock().unwrap().notifications.push(message),
                }
                ready.notify_all();
            }
            let (lock, ready) = &*reader_inbox;
            lock.lock().unwrap().closed = true;
            ready.notify_all();
        });

        Server {
            child,
            stdin,
            inbox,
            stderr,
            next_id: AtomicI64::new(1),
            root: root.to_path_buf(),
            initialize_result: Value::Null,
            utf8: options.utf8,
            _cache_home: temporary_cache,
        }
    }

    /// `initialize` + `initialized`.
    pub fn initialize(&mut self, options: Options) {
        let server = self;
        let root = server.root.clone();
        let root = root.as_path();
        let encodings = if options.utf8 { json!(["utf-8", "utf-16"]) } else { json!(["utf-16"]) };
        let formats = if options.markdown { json!(["markdown", "plaintext"]) } else { json!(["plaintext"]) };
        let capabilities = json!({
            "general": { "positionEncodings": encodings },
            "window": { "workDoneProgress": options.progress },
            "workspace": {
                "didChangeWatchedFiles": { "dynamicRegistration": options.dynamic_watch },
                "workspaceEdit": { "documentChanges": options.document_changes, "resourceOperations": ["create"] },
                "configuration": true
            },
            "textDocument": {
                "hover": { "contentFormat": formats },
                "publishDiagnostics": { "relatedInformation": true }
            }
        });
        let result = server.request(
            "initialize",
            json!({
                "processId": std::process::id(),
                "rootUri": uri(root),
                "workspaceFolders": [{ "uri": uri(root), "name": "ws" }],
                "capabilities": capabilities,
                "initializationOptions": options.initialization_options,
            }),
        );
        server.initialize_result = result;
        server.notify("initialized", json!({}));
    }

    /// Writes bytes to the server's stdin as they are (no framing).
    pub fn send_raw(&self, bytes: &[u8]) {
        let mut stdin = self.stdin.lock().unwrap();
        let _ = stdin.write_all(bytes);
        let _ = stdin.flush();
    }

    /// Frames and sends any JSON value (valid JSON-RPC or not).
    pub fn send(&self, message: &Value) {
        write_message(&self.stdin, message);
    }

    /// A fresh request id, for requests sent with `send`.
    pub fn fresh_id(&self) -> i64 {
        self.next_id.fetch_add(1, Ordering::SeqCst)
    }

    /// Waits for the response to request `id`.
    pub fn response(&self, id: i64, what: &str) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        let (lock, ready) = &*self.inbox;
        let mut inbox = lock.lock().unwrap();
        loop {
            if let Some(response) = inbox.responses.remove(&id) {
                return response;
            }
            let now = Instant::now();
            if now >= deadline || inbox.closed {
                drop(inbox);
                self.fail(format!("no answer to {what} (id {id}) within {TIMEOUT:?}"));
            }
            inbox = ready.wait_timeout(inbox, deadline - now).unwrap().0;
        }
    }

    /// The server's exit status, waiting up to `limit` for it to exit.
    pub fn exit_status(&mut self, limit: Duration) -> Option<i32> {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    fn fail(&self, why: String) -> ! {
        let log = self.stderr();
        let tail: Vec<&str> = log.lines().rev().take(40).collect::<Vec<_>>().into_iter().rev().collect();
        panic!("{why}\n--- last lines of the server's stderr ---\n{}", tail.join("\n"));
    }

    pub fn notify(&self, method: &str, params: Value) {
        write_message(&self.stdin, &json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns its whole response (result or error).
    pub fn request_raw(&self, method: &str, params: Value) -> Value {
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        write_message(&self.stdin, &json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.response(id, method)
    }

    /// Sends a request and returns its result; an error response fails.
    pub fn request(&self, method: &str, params: Value) -> Value {
        let response = self.request_raw(method, params);
        if let Some(error) = response.get("error") {
            self.fail(format!("{method} answered an error: {error}"));
        }
        response.get("result").cloned().unwrap_or(Value::Null)
    }

    pub fn command(&self, command: &str, arguments: Value) -> Value {
        self.request("workspace/executeCommand", json!({ "command": command, "arguments": arguments }))
    }

    /// How many notifications have arrived so far (for `wait_for`).
    pub fn mark(&self) -> usize {
        self.inbox.0.lock().unwrap().notifications.len()
    }

    pub fn notifications(&self) -> Vec<Value> {
        self.inbox.0.lock().unwrap().notifications.clone()
    }

    pub fn server_requests(&self) -> Vec<Value> {
        self.inbox.0.lock().unwrap().server_requests.clone()
    }

    /// The first notification from index `since` on that satisfies `pred`.
    pub fn wait_for(&self, since: usize, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        let (lock, ready) = &*self.inbox;
        let mut inbox = lock.lock().unwrap();
        loop {
            if let Some(found) = inbox.notifications.iter().skip(since).find(|n| pred(n)) {
                return found.clone();
            }
            let now = Instant::now();
            if now >= deadline || inbox.closed {
                let seen: Vec<String> = inbox.notifications.iter().skip(since).map(|n| n.to_string().chars().take(300).collect()).collect();
                drop(inbox);
                self.fail(format!("waited {TIMEOUT:?} for {what}; notifications seen:\n{}", seen.join("\n")));
            }
            inbox = ready.wait_timeout(inbox, deadline - now).unwrap().0;
        }
    }

    /// Waits for `corroborate/status` with state "ready"; returns its params.
    pub fn wait_ready(&self) -> Value {
        self.wait_for(0, "corroborate/status ready", |n| n["method"] == "corroborate/status" && n["params"]["state"] == "ready")["params"].clone()
    }

    /// The first publishDiagnostics for `uri` after `since` that satisfies `pred`.
    pub fn diagnostics(&self, since: usize, uri: &str, pred: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let found = self.wait_for(since, &format!("diagnostics for {uri}"), |n| {
            n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri && n["params"]["diagnostics"].as_array().is_some_and(|d| pred(d))
        });
        found["params"]["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    /// Opens a workspace file (relative to the root); returns its URI and text.
    pub fn open(&self, relative: &str) -> (String, String) {
        let path = self.root.join(relative);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let uri = uri(&path);
        self.open_text(&uri, &text);
        (uri, text)
    }

    pub fn open_text(&self, uri: &str, text: &str) {
        let language = if uri.ends_with(".md") { "markdown" } else { "plaintext" };
        self.notify("textDocument/didOpen", json!({ "textDocument": { "uri": uri, "languageId": language, "version": 1, "text": text } }));
    }

    pub fn position_of(&self, text: &str, needle: &str, nth: usize, delta: usize) -> Value {
        position_of(text, needle, nth, delta, self.utf8)
    }

    pub fn range_of(&self, text: &str, needle: &str, nth: usize) -> Value {
        range_of(text, needle, nth, self.utf8)
    }

    pub fn hover(&self, uri: &str, position: Value) -> Value {
        self.request("textDocument/hover", json!({ "textDocument": { "uri": uri }, "position": position }))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Polite first, then firm: never leave a server behind.
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        write_message(&self.stdin, &json!({ "jsonrpc": "2.0", "id": id, "method": "shutdown" }));
        write_message(&self.stdin, &json!({ "jsonrpc": "2.0", "method": "exit" }));
        let deadline = Instant::now() + Duration::from_secs(2);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Codes of diagnostics, with their 0-based start lines.
pub fn codes(diagnostics: &[Value]) -> Vec<(String, u64)> {
    diagnostics.iter().map(|d| (d["code"].as_str().unwrap_or("").to_string(), d["range"]["start"]["line"].as_u64().unwrap_or(u64::MAX))).collect()
}

/// 0-based line of the first line of `text` containing `needle`.
pub fn line_of(text: &str, needle: &str) -> u64 {
    let offset = text.find(needle).unwrap_or_else(|| panic!("no {needle:?} in the text"));
    position_at(text, offset, true)["line"].as_u64().unwrap()
}

/// Runs the `corroborate` command line in `dir` with `args`, its fact cache
/// in a folder of the tests' (never the user's `~/.cache`).
pub fn run_cli(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_corroborate"))
        .args(args)
        .current_dir(dir)
        .env("XDG_CACHE_HOME", std::env::temp_dir().join("corroborate-tests-cache"))
        .output()
        .expect("the corroborate binary runs")
}
