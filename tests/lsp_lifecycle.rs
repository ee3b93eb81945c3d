//! The language server's lifecycle against the real binary: initialize,
//! background indexing with progress and status, diagnostics of an opened
//! note, the check command, shutdown.

mod common;

use common::*;
use serde_json::{json, Value};

#[test]
fn indexing_progress_then_the_planted_problems_of_a_note() {
    let ws = workspace();
    let server = Server::start(ws.path(), Options::default());
    let caps = &server.initialize_result["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16", "a client without utf-8 gets utf-16");
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
    assert_eq!(server.initialize_result["serverInfo"]["name"], "corroborate");

    // Progress: a token is created, then begin … end.
    let begin = server.wait_for(0, "progress begin", |n| n["method"] == "$/progress" && n["params"]["value"]["kind"] == "begin");
    assert_eq!(begin["params"]["value"]["title"], "Indexing");
    assert_eq!(begin["params"]["value"]["message"], "0/7 documents");
    let token = begin["params"]["token"].clone();
    assert!(
        server.server_requests().iter().any(|r| r["method"] == "window/workDoneProgress/create" && r["params"]["token"] == token),
        "the token was created with window/workDoneProgress/create first"
    );
    let end = server.wait_for(0, "progress end", |n| n["method"] == "$/progress" && n["params"]["value"]["kind"] == "end" && n["params"]["token"] == token);
    assert_eq!(end["params"]["value"]["message"], "7/7 documents");
    let report = server.wait_for(0, "a progress report", |n| n["method"] == "$/progress" && n["params"]["value"]["kind"] == "report");
    assert_eq!(report["params"]["value"]["message"], "7/7 documents");
    assert_eq!(report["params"]["value"]["percentage"], 100);

    let status = server.wait_ready();
    assert_eq!(
        status,
        json!({ "state": "ready", "indexed": 7, "total": 7, "conflicts": 2, "cached": 0 }),
        "the OpenAI note holds one figure and one partnership conflict"
    );
    assert!(server.notifications().iter().any(|n| n["method"] == "corroborate/status" && n["params"]["state"] == "indexing"), "an indexing status came first");
    assert!(
        server
            .server_requests()
            .iter()
            .any(|r| r["method"] == "client/registerCapability" && r["params"]["registrations"][0]["method"] == "workspace/didChangeWatchedFiles"),
        "file watchers are registered with a client that supports it"
    );

    let mark = server.mark();
    let (uri, text) = server.open(NOTE_APPLE);
    let diagnostics = server.diagnostics(mark, &uri, |d| !d.is_empty());
    let found = codes(&diagnostics);
    let expected = [
        ("partnership-unsupported", line_of(&text, "Apple a conclu un partenariat avec Baidu")),
        ("unsupported-by-citation", line_of(&text, "chuté de 20 %")),
        ("unresolved-citation", line_of(&text, "[@bloomberg-2026-ia]")),
    ];
    for (code, line) in expected {
        assert!(found.contains(&(code.to_string(), line)), "expected {code} on line {line}, got {found:?}");
    }
    assert_eq!(found.len(), 3, "nothing else: {found:#?}");
    for clean in ["choisi Alibaba", "Avec 15 % du marché", "Gemini compte 650 millions", "Apple paie plusieurs milliards"] {
        let line = line_of(&text, clean);
        assert!(found.iter().all(|(_, l)| *l != line), "no diagnostic on the correct line {line} ({clean}): {found:?}");
    }

    // The exact range and payload of the figure problem.
    let figure = diagnostics.iter().find(|d| d["code"] == "unsupported-by-citation").unwrap();
    assert_eq!(figure["range"], server.range_of(&text, "20 %", 0));
    assert_eq!(figure["source"], "corroborate");
    assert_eq!(figure["severity"], 1);
    assert_eq!(
        figure["data"]["fix"],
        json!({ "fix": "replace_figure", "range": { "start": text.find("20 %").unwrap(), "end": text.find("20 %").unwrap() + 4 }, "text": "11 %" })
    );
    let related = &figure["relatedInformation"][0];
    assert!(related["location"]["uri"].as_str().unwrap().ends_with("/seeds/001_33e21df4586525e2.txt"), "{related}");
    let unresolved = diagnostics.iter().find(|d| d["code"] == "unresolved-citation").unwrap();
    assert_eq!(unresolved["range"], server.range_of(&text, "bloomberg-2026-ia", 0));

    // The quick fix from the diagnostic's data replaces "20 %" by "11 %".
    let actions =
        server.request("textDocument/codeAction", json!({ "textDocument": { "uri": uri }, "range": figure["range"], "context": { "diagnostics": [figure] } }));
    let fix = actions.as_array().unwrap().iter().find(|a| a["kind"] == "quickfix").unwrap_or_else(|| panic!("a quickfix in {actions:#}"));
    let edit = &fix["edit"]["documentChanges"][0];
    assert_eq!(edit["textDocument"], json!({ "uri": uri, "version": 1 }));
    assert_eq!(edit["edits"][0], json!({ "range": figure["range"], "newText": "11 %" }));

    // checkWorkspace lists every document's problems (the Neovim quickfix).
    let all = server.command("corroborate.checkWorkspace", json!([]));
    let all = all.as_array().unwrap();
    let openai = common::uri(&ws.path().join(NOTE_OPENAI));
    assert!(all.iter().any(|d| d["uri"] == openai && d["code"] == "figure-conflict" && d["severity"] == 2), "{all:#?}");
    assert!(all.iter().any(|d| d["uri"] == uri && d["code"] == "unresolved-citation" && d["severity"] == 1 && d["range"] == unresolved["range"]));
    assert!(all.iter().all(|d| d["message"].as_str().is_some_and(|m| !m.is_empty())));
}

#[test]
fn scope_workspace_publishes_for_closed_notes_and_a_bad_config_is_shown() {
    let ws = workspace();
    std::fs::write(ws.path().join("corroborate.toml"), "tolerance = \"lots\"\n").unwrap();
    let options = Options { initialization_options: json!({ "diagnostics": { "scope": "workspace" } }), ..Options::default() };
    let server = Server::start(ws.path(), options);
    let shown = server.wait_for(0, "showMessage about the config", |n| n["method"] == "window/showMessage");
    assert_eq!(shown["params"]["type"], 1, "an error: {shown}");
    assert!(shown["params"]["message"].as_str().unwrap().contains("corroborate.toml"), "{shown}");
    // Nothing opened, yet the OpenAI note gets its conflicts.
    let openai = uri(&ws.path().join(NOTE_OPENAI));
    let diagnostics = server.diagnostics(0, &openai, |d| !d.is_empty());
    let found: Vec<String> = codes(&diagnostics).into_iter().map(|(c, _)| c).collect();
    assert!(found.contains(&"figure-conflict".to_string()) && found.contains(&"partnership-conflict".to_string()), "{found:?}");
}

#[test]
fn a_panic_in_a_handler_is_an_error_not_a_crash() {
    let ws = workspace();
    let server = Server::start(ws.path(), Options::default());
    server.wait_ready();
    let response = server.request_raw("workspace/executeCommand", json!({ "command": "corroborate.debugPanic", "arguments": [] }));
    assert_eq!(response["error"]["code"], -32603, "an internal error: {response}");
    // Still alive and answering, with its state usable.
    let card = server.command("corroborate.entityCard", json!(["apple"]));
    assert_eq!(card["name"], "Apple");
    assert!(card["markdown"].as_str().unwrap().contains("Alibaba"));
    assert_eq!(server.command("corroborate.entityCard", json!(["Zzyzx Unheard Of"])), Value::Null);
    let unknown = server.request_raw("workspace/executeCommand", json!({ "command": "corroborate.nope", "arguments": [] }));
    assert_eq!(unknown["error"]["code"], -32602, "{unknown}");
}
