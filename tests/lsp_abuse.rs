//! The language server under abuse, against the real binary: malformed
//! frames and messages, protocol errors, positions and ranges that make no
//! sense, requests in the wrong lifecycle state, cancellation, 10,000 rapid
//! edits, file churn, and links that try to leave the workspace. After each
//! abuse the server must still answer.

mod common;

use common::*;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A hover on "Apple" in the opened note answers with a card: the server is
/// alive and well.
fn assert_alive(server: &Server, uri: &str, text: &str, after: &str) {
    let hover = server.hover(uri, server.position_of(text, "Apple a conclu", 0, 1));
    assert!(hover["contents"]["value"].as_str().is_some_and(|v| v.contains("Apple")), "after {after}, a hover still answers: {hover}");
}

/// The next error response without an id (`"id": null`) after `since`.
fn null_id_error(server: &Server, since: usize, what: &str) -> Value {
    server.wait_for(since, what, |m| m.get("id") == Some(&Value::Null) && m.get("error").is_some())
}

fn started() -> (tempfile::TempDir, Server, String, String) {
    let ws = workspace();
    let server = Server::start(ws.path(), Options::default());
    server.wait_ready();
    let (uri, text) = server.open(NOTE_APPLE);
    (ws, server, uri, text)
}

#[test]
fn malformed_frames_get_a_parse_error_and_the_session_goes_on() {
    let (_ws, mut server, uri, text) = started();
    let hover = |id: i64| {
        json!({ "jsonrpc": "2.0", "id": id, "method": "textDocument/hover", "params": {
            "textDocument": { "uri": uri }, "position": server.position_of(&text, "Apple a conclu", 0, 1) } })
        .to_string()
    };
    let frame = |body: &str| format!("Content-Length: {}\r\n\r\n{body}", body.len());
    let cases: Vec<(&str, String, i64)> = vec![
        ("invalid JSON", frame("{\"jsonrpc\": \"2.0\", \"id\": 1, "), -32700),
        ("an empty batch", frame("[]"), -32600),
        ("a batch", frame(&format!("[{}]", hover(900))), -32600),
        ("a string", frame("\"hello\""), -32600),
        ("no Content-Length", format!("Content-Type: application/json\r\n\r\n{}", hover(901)), -32700),
        ("a Content-Length that is not a number", format!("Content-Length: many\r\n\r\n{}", hover(902)), -32700),
        ("a Content-Length too short", format!("Content-Length: 10\r\n\r\n{}", hover(903)), -32700),
        ("a Content-Length too long, then junk", format!("Content-Length: {}\r\n\r\n{}{}", hover(904).len() + 8, hover(904), "garbage!"), -32700),
        ("a header line without a colon", format!("Content-Length 12\r\n\r\n{}", hover(905)), -32700),
        ("garbage without any header", "\u{0}\u{1}binary garbage 😀 {".to_string(), -32700),
        ("a huge Content-Length", "Content-Length: 99999999999999999999999\r\n\r\n{}".to_string(), -32700),
    ];
    for (what, bytes, code) in cases {
        let since = server.mark();
        server.send_raw(bytes.as_bytes());
        let error = null_id_error(&server, since, what);
        assert_eq!(error["error"]["code"], code, "{what}: {error}");
        assert_alive(&server, &uri, &text, what);
    }

    // A truncated frame followed at once by a valid request: the request is
    // still read and answered.
    let since = server.mark();
    let id = server.fresh_id();
    server.send_raw(format!("Content-Length: 200\r\n\r\n{{\"jsonrpc\": \"2.0\", \"id\"{}", frame(&hover(id))).as_bytes());
    assert_eq!(null_id_error(&server, since, "the truncated frame")["error"]["code"], -32700);
    let answer = server.response(id, "the request after a truncated frame");
    assert!(answer["result"]["contents"]["value"].as_str().is_some_and(|v| v.contains("Apple")), "{answer}");
    assert!(server.exit_status(Duration::from_millis(10)).is_none(), "still running");
}

#[test]
fn invalid_requests_unknown_methods_and_bad_params_get_the_spec_errors() {
    let (_ws, server, uri, text) = started();
    let cases: Vec<(&str, Value, i64)> = vec![
        ("jsonrpc 1.0", json!({ "jsonrpc": "1.0", "id": 1001, "method": "textDocument/hover" }), -32600),
        ("a numeric method", json!({ "jsonrpc": "2.0", "id": 1002, "method": 42 }), -32600),
        ("scalar params", json!({ "jsonrpc": "2.0", "id": 1003, "method": "textDocument/hover", "params": 3 }), -32600),
        ("a method and a result", json!({ "jsonrpc": "2.0", "id": 1004, "method": "x", "result": 1 }), -32600),
        ("an unknown request", json!({ "jsonrpc": "2.0", "id": 1005, "method": "corroborate/noSuchThing", "params": {} }), -32601),
        (
            "a position of the wrong type",
            json!({ "jsonrpc": "2.0", "id": 1006, "method": "textDocument/hover", "params": { "textDocument": { "uri": uri }, "position": "here" } }),
            -32602,
        ),
        ("missing params", json!({ "jsonrpc": "2.0", "id": 1007, "method": "textDocument/definition" }), -32602),
        (
            "a negative line",
            json!({ "jsonrpc": "2.0", "id": 1008, "method": "textDocument/hover", "params": { "textDocument": { "uri": uri }, "position": { "line": -1, "character": 0 } } }),
            -32602,
        ),
        (
            "an unknown command",
            json!({ "jsonrpc": "2.0", "id": 1009, "method": "workspace/executeCommand", "params": { "command": "rm -rf /", "arguments": [] } }),
            -32602,
        ),
    ];
    for (what, message, code) in cases {
        server.send(&message);
        let id = message["id"].as_i64().unwrap();
        let response = server.response(id, what);
        assert_eq!(response["error"]["code"], code, "{what}: {response}");
        assert_eq!(response["id"], id, "{what}: the error names the request");
        assert_alive(&server, &uri, &text, what);
    }
    // A float id cannot be echoed: the error has id null.
    let since = server.mark();
    server.send(&json!({ "jsonrpc": "2.0", "id": 1.5, "method": "textDocument/hover" }));
    assert_eq!(null_id_error(&server, since, "a float id")["error"]["code"], -32600);

    // Notifications are never answered, even unknown or malformed ones.
    let since = server.mark();
    for message in [
        json!({ "jsonrpc": "2.0", "method": "corroborate/noSuchNotification", "params": {} }),
        json!({ "jsonrpc": "2.0", "method": "$/noSuchNotification", "params": {} }),
        json!({ "jsonrpc": "2.0", "method": "textDocument/didChange", "params": { "textDocument": 7 } }),
        json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {} }),
        json!({ "jsonrpc": "2.0", "method": "$/cancelRequest", "params": { "id": 123456 } }),
    ] {
        server.notify(message["method"].as_str().unwrap(), message["params"].clone());
    }
    assert_alive(&server, &uri, &text, "bad notifications");
    assert!(server.notifications().iter().skip(since).all(|n| n.get("error").is_none()), "no error answers a notification");
}

#[test]
fn positions_and_ranges_that_make_no_sense_are_answered_without_error() {
    let (ws, server, uri, text) = started();
    let lines = text.lines().count() as u64;
    let unknown = uri_of_path(&ws.path().join("notes/never-opened-nor-existing.md"));
    let position = |line: u64, character: u64| json!({ "line": line, "character": character });
    let at = |u: &str, p: Value| json!({ "textDocument": { "uri": u }, "position": p });
    let requests: Vec<(&str, &str, Value)> = vec![
        ("hover past the last line", "textDocument/hover", at(&uri, position(lines + 100, 0))),
        ("hover past the end of a line", "textDocument/hover", at(&uri, position(0, 100_000))),
        ("hover at u32::MAX", "textDocument/hover", at(&uri, position(u32::MAX as u64, u32::MAX as u64))),
        ("definition past the end", "textDocument/definition", at(&uri, position(lines + 1, 5))),
        ("hover on an unknown document", "textDocument/hover", at(&unknown, position(0, 0))),
        ("hover on a URI that is not a file", "textDocument/hover", at("untitled:Untitled-1", position(0, 0))),
        ("completion past the end", "textDocument/completion", at(&uri, position(lines + 3, 9))),
        (
            "references on an unknown document",
            "textDocument/references",
            json!({ "textDocument": { "uri": unknown }, "position": position(0, 0), "context": { "includeDeclaration": true } }),
        ),
        (
            "inlay hints with start after end",
            "textDocument/inlayHint",
            json!({ "textDocument": { "uri": uri }, "range": { "start": position(lines, 0), "end": position(0, 0) } }),
        ),
        (
            "code actions with start after end",
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri }, "range": { "start": position(9, 9), "end": position(2, 0) }, "context": { "diagnostics": [] } }),
        ),
        ("symbols of an unknown document", "textDocument/documentSymbol", json!({ "textDocument": { "uri": unknown } })),
    ];
    for (what, method, params) in requests {
        let response = server.request_raw(method, params);
        assert!(response.get("error").is_none(), "{what}: {response}");
        assert_alive(&server, &uri, &text, what);
    }

    // An edit whose range runs backwards is applied as its forward range;
    // edits on a closed or unknown document are ignored.
    let reversed = json!({ "start": server.position_of(&text, "Apple a conclu", 0, 5), "end": server.position_of(&text, "Apple a conclu", 0, 0) });
    server
        .notify("textDocument/didChange", json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [{ "range": reversed, "text": "Pomme" }] }));
    let now = server.command("corroborate.documentText", json!([uri]));
    assert_eq!(now.as_str(), Some(text.replacen("Apple a conclu", "Pomme a conclu", 1).as_str()));
    server.notify("textDocument/didChange", json!({ "textDocument": { "uri": unknown, "version": 2 }, "contentChanges": [{ "text": "x" }] }));
    server.notify("textDocument/didClose", json!({ "textDocument": { "uri": uri } }));
    server.notify("textDocument/didChange", json!({ "textDocument": { "uri": uri, "version": 3 }, "contentChanges": [{ "text": "x" }] }));
    assert_eq!(server.command("corroborate.documentText", json!([uri])), Value::Null, "a closed document has no buffer");
    assert_eq!(server.command("corroborate.documentText", json!([unknown])), Value::Null);
    let hover = server.hover(&uri, server.position_of(&text, "Apple a conclu", 0, 1));
    assert!(hover["contents"]["value"].as_str().is_some_and(|v| v.contains("Apple")), "the closed note is served from disk again: {hover}");
}

fn uri_of_path(path: &Path) -> String {
    uri(path)
}

#[test]
fn requests_before_initialize_and_after_shutdown_get_the_spec_errors_then_exit_is_0() {
    let ws = workspace();
    let mut server = Server::spawn(ws.path(), Options::default());
    let hover = json!({ "textDocument": { "uri": uri(&ws.path().join(NOTE_APPLE)) }, "position": { "line": 0, "character": 0 } });
    let early = server.request_raw("textDocument/hover", hover.clone());
    assert_eq!(early["error"]["code"], -32002, "server not initialized: {early}");
    server.notify("textDocument/didOpen", json!({ "textDocument": { "uri": "file:///x.md", "languageId": "markdown", "version": 1, "text": "x" } }));
    server.initialize(Options::default());
    server.wait_ready();
    assert!(server.request_raw("textDocument/hover", hover.clone()).get("error").is_none(), "answers once initialized");
    assert_eq!(server.request_raw("shutdown", Value::Null), json!({ "jsonrpc": "2.0", "id": server.fresh_id() - 1, "result": null }));
    let late = server.request_raw("textDocument/hover", hover);
    assert_eq!(late["error"]["code"], -32600, "invalid request after shutdown: {late}");
    server.notify("exit", Value::Null);
    assert_eq!(server.exit_status(Duration::from_secs(5)), Some(0), "exit after shutdown: status 0");
}

#[test]
fn exit_without_shutdown_is_status_1() {
    let ws = workspace();
    let mut server = Server::start(ws.path(), Options::default());
    server.wait_ready();
    server.notify("exit", Value::Null);
    assert_eq!(server.exit_status(Duration::from_secs(5)), Some(1));

    // Also when the client just goes away, and before initialize.
    let mut early = Server::spawn(ws.path(), Options::default());
    early.notify("exit", Value::Null);
    assert_eq!(early.exit_status(Duration::from_secs(5)), Some(1));
}

/// Client-side mirror of the server's buffer: edits at byte offsets.
struct Mirror {
    text: String,
    rng: u64,
}

impl Mirror {
    fn next(&mut self, bound: usize) -> usize {
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        (self.rng % bound.max(1) as u64) as usize
    }

    fn boundary(&mut self) -> usize {
        let mut at = self.next(self.text.len() + 1);
        while !self.text.is_char_boundary(at) || (at > 0 && self.text.as_bytes()[at - 1] == b'\r' && self.text.as_bytes().get(at) == Some(&b'\n')) {
            at -= 1;
        }
        at
    }

    /// A random small edit, as an LSP change (UTF-16 positions).
    fn edit(&mut self) -> Value {
        let inserts = ["Apple ", "é", "😀", "\n", "\r\n", " 12 % ", "Baidu", "", "[@x]", "Google a conclu un partenariat avec Apple. "];
        let a = self.boundary();
        let b = if self.next(3) == 0 { a } else { self.boundary() };
        let (start, end) = (a.min(b), a.max(b).min(a.min(b) + 40));
        let mut end = end;
        while !self.text.is_char_boundary(end) || (end > 0 && self.text.as_bytes()[end - 1] == b'\r' && self.text.as_bytes().get(end) == Some(&b'\n')) {
            end -= 1;
        }
        let insert = inserts[self.next(inserts.len())];
        let range = json!({ "start": position_at(&self.text, start, false), "end": position_at(&self.text, end, false) });
        self.text.replace_range(start..end, insert);
        json!({ "range": range, "text": insert })
    }
}

#[test]
fn ten_thousand_rapid_edits_with_hovers_end_with_the_clients_text() {
    let (_ws, server, uri, text) = started();
    let mut mirror = Mirror { text, rng: 0x9E37_79B9_7F4A_7C15 };
    let mut hovers = Vec::new();
    let started = Instant::now();
    for version in 2..10_002 {
        let change = mirror.edit();
        server.notify("textDocument/didChange", json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [change] }));
        if version % 100 == 0 {
            let id = server.fresh_id();
            let offset = mirror.boundary();
            server.send(&json!({ "jsonrpc": "2.0", "id": id, "method": "textDocument/hover", "params": {
                "textDocument": { "uri": uri }, "position": position_at(&mirror.text, offset, false) } }));
            hovers.push((id, mirror.text.clone()));
        }
    }
    eprintln!("sent 10,000 changes and {} hovers in {:?}", hovers.len(), started.elapsed());
    for (id, text_then) in &hovers {
        let response = server.response(*id, "a hover between edits");
        assert!(response.get("error").is_none(), "{response}");
        // A hover's range is in the text as it was when the hover was sent.
        if let Some(range) = response["result"].get("range") {
            let lines: Vec<&str> = text_then.split('\n').collect();
            let line = range["start"]["line"].as_u64().unwrap() as usize;
            assert!(line < lines.len(), "hover {id}: range {range} within the text of its time");
        }
    }
    let final_text = server.command("corroborate.documentText", json!([uri]));
    assert_eq!(final_text.as_str(), Some(mirror.text.as_str()), "the server's buffer is the client's");

    // Diagnostics name versions that only go forward, and the last one is
    // the last version.
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let versions: Vec<i64> = server
            .notifications()
            .iter()
            .filter(|n| n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri.as_str())
            .filter_map(|n| n["params"]["version"].as_i64())
            .collect();
        assert!(versions.windows(2).all(|w| w[0] <= w[1]), "versions never go back: {versions:?}");
        if versions.last() == Some(&10_001) {
            break;
        }
        assert!(Instant::now() < deadline, "the last diagnostics name version 10001: {:?}", versions.last());
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_cancelled_slow_request_is_answered_as_cancelled_and_the_server_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    corroborate::generate::write(&corroborate::generate::CorpusSpec::new(1000, 7), dir.path()).expect("a generated corpus");
    let server = Server::start(dir.path(), Options::default());
    server.wait_ready();
    let mut cancelled = 0;
    for _ in 0..5 {
        let id = server.fresh_id();
        server.send(&json!({ "jsonrpc": "2.0", "id": id, "method": "workspace/symbol", "params": { "query": "" } }));
        server.notify("$/cancelRequest", json!({ "id": id }));
        let response = server.response(id, "a cancelled workspace/symbol");
        match response["error"]["code"].as_i64() {
            Some(-32800) => cancelled += 1,
            Some(other) => panic!("unexpected error {other}: {response}"),
            None => assert!(response["result"].is_array(), "{response}"),
        }
    }
    assert!(cancelled > 0, "at least one of five slow requests is cancelled");
    let symbols = server.request("workspace/symbol", json!({ "query": "Apple" }));
    assert!(symbols.as_array().is_some_and(|s| !s.is_empty()), "answers after cancellations");
}

// ---------------------------------------------------------------------------
// File churn.

fn churn_text(n: usize, v: usize) -> String {
    format!("---\nid: churn-{n:04}\ntitle: churn-{n:04}\nkind: note\nlang: fr\n---\n\nApple a conclu un partenariat avec Baidu [@missing-{n}-v{v}].\n")
}

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Clone)]
struct Seen {
    path: String,
    code: String,
    message: String,
    line: u64,
}

/// Every diagnostic of a fresh load of `root`, as the server reports them.
fn fresh_view(root: &Path) -> BTreeSet<Seen> {
    let ws = corroborate::workspace::Workspace::load(root, &[]).expect("loads");
    ws.analysis()
        .all()
        .map(|d| {
            let line = ws.index().get(&d.path).map_or(0, |f| f.line_map.position(d.range.start, corroborate::text::Encoding::Utf16).line as u64);
            Seen { path: d.path.display().to_string(), code: d.code.as_str().to_string(), message: d.message.clone(), line }
        })
        .collect()
}

fn server_view(server: &Server) -> BTreeSet<Seen> {
    let all = server.command("corroborate.checkWorkspace", json!([]));
    all.as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let path = d["uri"].as_str().unwrap().trim_start_matches("file://").replace("%20", " ");
            Seen {
                path,
                code: d["code"].as_str().unwrap_or("").to_string(),
                message: d["message"].as_str().unwrap_or("").to_string(),
                line: d["range"]["start"]["line"].as_u64().unwrap(),
            }
        })
        .collect()
}

/// 1,000 create / modify / delete / rename events on `root`; calls `events`
/// with each batch of (path, LSP change type) as it happens.
fn churn(root: &Path, mut events: impl FnMut(Vec<(PathBuf, u32)>)) {
    let notes = root.join("notes");
    let mut rng = 0x2545_F491_4F6C_DD1Du64;
    let mut next = |bound: usize| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        (rng % bound as u64) as usize
    };
    let path = |n: usize| notes.join(format!("churn-{n:04}.md"));
    let mut done = 0;
    let mut version = 0;
    while done < 1000 {
        let n = next(150);
        version += 1;
        let p = path(n);
        let batch = match (p.exists(), next(4)) {
            (false, _) => {
                std::fs::write(&p, churn_text(n, version)).unwrap();
                vec![(p, 1)]
            }
            (true, 0) => {
                std::fs::remove_file(&p).unwrap();
                vec![(p, 3)]
            }
            (true, 1) => {
                let m = next(150);
                let q = path(m);
                if q.exists() {
                    std::fs::write(&p, churn_text(n, version)).unwrap();
                    vec![(p, 2)]
                } else {
                    // A rename keeps the old id: duplicate ids are a
                    // diagnostic too, so the views must agree on them.
                    std::fs::rename(&p, &q).unwrap();
                    vec![(p, 3), (q, 1)]
                }
            }
            (true, _) => {
                std::fs::write(&p, churn_text(n, version)).unwrap();
                vec![(p, 2)]
            }
        };
        events(batch);
        done += 1;
    }
}

fn assert_converges(server: &Server, root: &Path) {
    let expected = fresh_view(root);
    assert!(expected.iter().any(|s| s.path.contains("churn-")), "the churn left documents behind");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let seen = server_view(server);
        if seen == expected {
            return;
        }
        if Instant::now() > deadline {
            let missing: Vec<&Seen> = expected.difference(&seen).take(10).collect();
            let extra: Vec<&Seen> = seen.difference(&expected).take(10).collect();
            panic!("the server's view differs from a fresh load:\nmissing {missing:#?}\nextra {extra:#?}");
        }
        std::thread::sleep(Duration::from_millis(250));
    }
}

#[test]
fn a_burst_of_file_churn_through_watched_file_notifications_leaves_a_fresh_index() {
    let ws = workspace();
    let server = Server::start(ws.path(), Options::default());
    server.wait_ready();
    churn(ws.path(), |batch| {
        let changes: Vec<Value> = batch.iter().map(|(p, t)| json!({ "uri": uri(p), "type": t })).collect();
        server.notify("workspace/didChangeWatchedFiles", json!({ "changes": changes }));
    });
    assert_converges(&server, ws.path());
}

#[test]
fn a_burst_of_file_churn_seen_by_the_native_watcher_leaves_a_fresh_index() {
    let ws = workspace();
    let server = Server::start(ws.path(), Options { dynamic_watch: false, ..Options::default() });
    server.wait_ready();
    // Give the watcher a moment to be in place.
    std::thread::sleep(Duration::from_millis(300));
    churn(ws.path(), |_| {});
    assert_converges(&server, ws.path());
}

// ---------------------------------------------------------------------------
// Confinement through the server.

#[test]
fn links_out_of_the_workspace_show_and_lead_nowhere() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("ws");
    std::fs::create_dir_all(root.join("notes")).unwrap();
    std::fs::create_dir_all(dir.path().join("outside")).unwrap();
    let secret = dir.path().join("outside/secret.md");
    std::fs::write(&secret, "---\nid: secret\nkind: source\n---\n\nTOPSECRET-MARKER Apple a conclu un partenariat avec Huawei.\n").unwrap();
    std::os::unix::fs::symlink(&secret, root.join("notes/linked.md")).unwrap();
    let note = format!(
        "---\nid: n\nkind: note\nlang: fr\n---\n\nApple a conclu un partenariat avec Huawei [[../../outside/secret]].\n\nApple a conclu un partenariat avec Huawei [x]({}).\n\nApple a conclu un partenariat avec Huawei [y](file://{}).\n\nApple a conclu un partenariat avec Huawei [z](linked.md).\n",
        secret.display(),
        secret.display()
    );
    std::fs::write(root.join("notes/n.md"), &note).unwrap();
    let server = Server::start(&root, Options::default());
    server.wait_ready();
    let mark = server.mark();
    let (uri, text) = server.open("notes/n.md");
    let diagnostics = server.diagnostics(mark, &uri, |d| d.len() >= 3);
    let outside = diagnostics.iter().filter(|d| d["code"] == "citation-outside-workspace").count();
    assert_eq!(outside, 3, "{diagnostics:#?}");
    for (needle, nth) in [("[[../../outside", 0), ("[x](", 0), ("[y](", 0), ("[z](", 0)] {
        let at = server.position_of(&text, needle, nth, 3);
        let params = json!({ "textDocument": { "uri": uri }, "position": at });
        let hover = server.request("textDocument/hover", params.clone());
        let definition = server.request("textDocument/definition", params);
        assert!(!hover.to_string().contains("TOPSECRET") && !hover.to_string().contains("outside/secret"), "{needle}: {hover}");
        assert_eq!(definition, Value::Null, "{needle} leads nowhere");
    }
    // A watched-file event naming the link out is not read either.
    server.notify("workspace/didChangeWatchedFiles", json!({ "changes": [{ "uri": uri_of_path(&root.join("notes/linked.md")), "type": 1 }] }));
    let symbols = server.request("workspace/symbol", json!({ "query": "TOPSECRET" }));
    assert_eq!(symbols, json!([]), "the file behind the link was not indexed");
    let all = server.command("corroborate.checkWorkspace", json!([]));
    assert!(!all.to_string().contains("TOPSECRET"));
}
