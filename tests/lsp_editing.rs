//! Buffers and files changing under the real server: incremental edits
//! re-check a note, deleted sources take their conflicts with them, a
//! changed corroborate.toml rebuilds the workspace, a native watcher serves
//! clients that cannot watch, and 1,000 rapid edits leave the server's
//! text equal to the client's.

mod common;

use common::*;
use serde_json::{json, Value};

fn change(uri: &str, version: i32, range: Value, text: &str) -> Value {
    json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "range": range, "text": text }] })
}

fn has(diagnostics: &[Value], code: &str) -> bool {
    diagnostics.iter().any(|d| d["code"] == code)
}

#[test]
fn editing_a_note_updates_its_diagnostics() {
    let ws = workspace();
    let server = Server::start(ws.path(), Options::default());
    server.wait_ready();
    let mark = server.mark();
    let (uri, text) = server.open(NOTE_APPLE);
    let before = server.diagnostics(mark, &uri, |d| !d.is_empty());
    assert!(has(&before, "unsupported-by-citation"), "{before:#?}");

    // "20 %" → "11 %": the claim now agrees with its source.
    let mark = server.mark();
    server.notify("textDocument/didChange", change(&uri, 2, server.range_of(&text, "20 %", 0), "11 %"));
    let after = server.diagnostics(mark, &uri, |d| !has(d, "unsupported-by-citation"));
    assert_eq!(codes(&after).len(), 2, "the two other problems stay: {after:#?}");
    assert!(has(&after, "partnership-unsupported") && has(&after, "unresolved-citation"));
    let published = server.wait_for(mark, "the published version", |n| n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri);
    assert_eq!(published["params"]["version"], 2);

    // A stale version is ignored, not applied.
    server.notify("textDocument/didChange", change(&uri, 2, json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } }), "STALE"));
    let now = server.command("corroborate.documentText", json!([uri]));
    assert_eq!(now.as_str().unwrap(), text.replacen("20 %", "11 %", 1));

    // Closing the buffer: the file on disk counts again, and with scope
    // openFiles its diagnostics are cleared.
    let mark = server.mark();
    server.notify("textDocument/didClose", json!({ "textDocument": { "uri": uri } }));
    server.diagnostics(mark, &uri, |d| d.is_empty());
    let all = server.command("corroborate.checkWorkspace", json!([]));
    assert!(all.as_array().unwrap().iter().any(|d| d["uri"] == uri && d["code"] == "unsupported-by-citation"), "the file still says 20 %");
}

#[test]
fn deleting_a_source_removes_the_conflicts_it_caused() {
    let ws = workspace();
    let server = Server::start(ws.path(), Options::default());
    assert_eq!(server.wait_ready()["conflicts"], 2);
    let mark = server.mark();
    let (uri, _) = server.open(NOTE_OPENAI);
    let before = server.diagnostics(mark, &uri, |d| !d.is_empty());
    assert!(has(&before, "figure-conflict") && has(&before, "partnership-conflict"), "{before:#?}");

    let source = ws.path().join("seeds/002_485b32cbb9294941.txt");
    std::fs::remove_file(&source).unwrap();
    let mark = server.mark();
    server.notify("workspace/didChangeWatchedFiles", json!({ "changes": [{ "uri": common::uri(&source), "type": 3 }] }));
    let after = server.diagnostics(mark, &uri, |d| !has(d, "figure-conflict"));
    assert!(has(&after, "partnership-conflict"), "the 004 conflict stays: {after:#?}");
    assert!(has(&after, "unresolved-citation"), "the note cites the deleted article: {after:#?}");
    let status = server.wait_for(mark, "a status with one conflict", |n| n["method"] == "corroborate/status" && n["params"]["conflicts"] == 1);
    assert_eq!(status["params"]["total"], 6);

    // Back again (created): the conflict returns.
    std::fs::copy(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/002_485b32cbb9294941.txt"), &source).unwrap();
    let mark = server.mark();
    server.notify("workspace/didChangeWatchedFiles", json!({ "changes": [{ "uri": common::uri(&source), "type": 1 }] }));
    server.diagnostics(mark, &uri, |d| has(d, "figure-conflict"));
}

#[test]
fn a_changed_config_rebuilds_the_workspace() {
    let ws = workspace();
    let server = Server::start(ws.path(), Options::default());
    server.wait_ready();
    let mark = server.mark();
    let (uri, _) = server.open(NOTE_OPENAI);
    server.diagnostics(mark, &uri, |d| has(d, "figure-conflict"));

    // 450 vs 650 million agree within a 50 % tolerance.
    let config = ws.path().join("corroborate.toml");
    std::fs::write(&config, "tolerance = 0.5\n").unwrap();
    let mark = server.mark();
    server.notify("workspace/didChangeWatchedFiles", json!({ "changes": [{ "uri": common::uri(&config), "type": 1 }] }));
    server.wait_for(mark, "indexing again", |n| n["method"] == "$/progress" && n["params"]["value"]["kind"] == "end");
    let after = server.diagnostics(mark, &uri, |d| !has(d, "figure-conflict"));
    assert!(has(&after, "partnership-conflict"), "{after:#?}");

    // The tolerance setting wins over the file.
    let mark = server.mark();
    server.notify("workspace/didChangeConfiguration", json!({ "settings": { "corroborate": { "tolerance": 0.05 } } }));
    server.diagnostics(mark, &uri, |d| has(d, "figure-conflict"));
}

#[test]
fn without_client_watchers_the_server_watches_the_folders() {
    let ws = workspace();
    let server = Server::start(ws.path(), Options { dynamic_watch: false, ..Options::default() });
    server.wait_ready();
    assert!(!server.server_requests().iter().any(|r| r["method"] == "client/registerCapability"), "nothing to register");
    let mark = server.mark();
    let (uri, _) = server.open(NOTE_OPENAI);
    server.diagnostics(mark, &uri, |d| has(d, "figure-conflict"));
    let mark = server.mark();
    std::fs::remove_file(ws.path().join("seeds/002_485b32cbb9294941.txt")).unwrap();
    server.diagnostics(mark, &uri, |d| !has(d, "figure-conflict") && has(d, "partnership-conflict"));
}

/// A deterministic pseudo-random sequence (no extra dependency).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % bound.max(1)
    }
}

/// A char boundary near `offset` that does not split a `\r\n`.
fn boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    if offset > 0 && text.as_bytes()[offset - 1] == b'\r' && text.as_bytes().get(offset) == Some(&b'\n') {
        offset -= 1;
    }
    offset
}

fn burst(utf8: bool) {
    let ws = workspace();
    let server = Server::start(ws.path(), Options { utf8, ..Options::default() });
    server.wait_ready();
    let uri = common::uri(&ws.path().join("notes/burst.md"));
    let mut text = String::from("---\nkind: note\n---\r\n\r\nÉté 😀 à Genève.\rLes ventes d'iPhone en Chine ont chuté de 20 % [@001_33e21df4586525e2].\n");
    server.open_text(&uri, &text);
    let pieces = ["é", "😀", "Apple ", "\n", "\r\n", "\r", "ça ", "x", "👩‍👩‍👧", "œ", " "];
    let mut rng = Lcg(if utf8 { 8 } else { 16 });
    let mut version = 1;
    for _ in 0..1000 {
        version += 1;
        let start = boundary(&text, rng.next(text.len() + 1));
        let (end, insert) =
            if rng.next(3) == 0 { (boundary(&text, (start + rng.next(6)).min(text.len())).max(start), "") } else { (start, pieces[rng.next(pieces.len())]) };
        let range = json!({ "start": position_at(&text, start, utf8), "end": position_at(&text, end, utf8) });
        server.notify("textDocument/didChange", change(&uri, version, range, insert));
        text.replace_range(start..end, insert);
    }
    // Positions past the end of a line clamp to it; a last edit appends a
    // sentence the facts must now contain.
    version += 1;
    let last_line = position_at(&text, text.len(), utf8)["line"].as_u64().unwrap();
    server.notify(
        "textDocument/didChange",
        change(
            &uri,
            version,
            json!({ "start": { "line": last_line, "character": 999 }, "end": { "line": last_line + 5, "character": 0 } }),
            "\nAlibaba fournit Apple.",
        ),
    );
    text.push_str("\nAlibaba fournit Apple.");

    let served = server.command("corroborate.documentText", json!([uri]));
    assert!(served.as_str() == Some(text.as_str()), "the server's buffer differs from the client's:\nserver: {served:?}\nclient: {text:?}");
    let hover = server.hover(&uri, position_of(&text, "Alibaba fournit", 0, 2, utf8));
    assert!(hover["contents"]["value"].as_str().is_some_and(|v| v.contains("Alibaba")), "facts come from the edited buffer: {hover}");
    assert_eq!(hover["range"], range_of(&text, "Alibaba", text.matches("Alibaba").count() - 1, utf8));
    let published = server.wait_for(0, "diagnostics of the last version", |n| {
        n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri && n["params"]["version"] == version
    });
    assert!(published["params"]["diagnostics"].is_array());
    assert!(!server.stderr().contains("ignored a stale change"), "every change arrived in order");
}

#[test]
fn a_thousand_rapid_edits_in_utf16_keep_the_text_exact() {
    burst(false);
}

#[test]
fn a_thousand_rapid_edits_in_utf8_keep_the_text_exact() {
    burst(true);
}
