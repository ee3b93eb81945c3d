//! Requests against the real server on the seeds and example notes: hover,
//! go to definition, references, completion, symbols, code actions, code
//! lenses and inlay hints.

mod common;

use common::*;
use serde_json::{json, Value};

fn start() -> (tempfile::TempDir, Server) {
    let ws = workspace();
    let server = Server::start(ws.path(), Options::default());
    server.wait_ready();
    (ws, server)
}

fn files_of(locations: &Value) -> Vec<String> {
    let mut files: Vec<String> = locations
        .as_array()
        .unwrap_or_else(|| panic!("locations, not {locations}"))
        .iter()
        .map(|l| l["uri"].as_str().unwrap().rsplit('/').next().unwrap().to_string())
        .collect();
    files.sort();
    files.dedup();
    files
}

#[test]
fn hover_on_alibaba_in_a_source_lists_apple_with_links_to_both_articles() {
    let (ws, server) = start();
    let (uri, text) = server.open("seeds/003_d6d9d0df0311f841.txt");
    let hover = server.hover(&uri, server.position_of(&text, "Alibaba", 0, 3));
    let markdown = hover["contents"]["value"].as_str().unwrap_or_else(|| panic!("markdown contents: {hover}"));
    assert_eq!(hover["contents"]["kind"], "markdown");
    assert!(markdown.starts_with("### Alibaba"), "{markdown}");
    let partners: Vec<&str> = markdown.lines().filter(|l| l.starts_with("| Apple |")).collect();
    assert_eq!(partners.len(), 2, "Apple is a partner, per two articles:\n{markdown}");
    for seed in ["001_33e21df4586525e2.txt", "003_d6d9d0df0311f841.txt"] {
        let link = format!("({}#L", common::uri(&ws.path().join("seeds").join(seed)));
        assert!(partners.iter().any(|l| l.contains(&link)), "a link to {seed} in\n{}", partners.join("\n"));
    }
    assert_eq!(hover["range"], server.range_of(&text, "Alibaba", 0), "the hovered mention");

    // A citation shows the cited document; a figure its card.
    let (note, note_text) = server.open(NOTE_APPLE);
    let on_key = server.hover(&note, server.position_of(&note_text, "[@003_d6d9d0df0311f841]", 0, 5));
    let card = on_key["contents"]["value"].as_str().unwrap();
    assert!(card.contains("`003_d6d9d0df0311f841`") && card.contains("Alibaba"), "{card}");
    let on_figure = server.hover(&note, server.position_of(&note_text, "20 %", 0, 1));
    let figure = on_figure["contents"]["value"].as_str().unwrap();
    assert!(figure.contains("Disagree") && figure.contains("001_33e21df4586525e2"), "{figure}");
    // Nowhere in particular, and far past the end: no hover, no error.
    assert_eq!(server.hover(&note, json!({ "line": 0, "character": 1 })), Value::Null);
    assert_eq!(server.hover(&note, json!({ "line": 9999, "character": 9999 })), Value::Null);
}

#[test]
fn plain_text_hover_for_clients_without_markdown() {
    let ws = workspace();
    let server = Server::start(ws.path(), Options { markdown: false, ..Options::default() });
    server.wait_ready();
    let (uri, text) = server.open("seeds/003_d6d9d0df0311f841.txt");
    let hover = server.hover(&uri, server.position_of(&text, "Alibaba", 0, 0));
    assert_eq!(hover["contents"]["kind"], "plaintext");
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(value.starts_with("Alibaba — company") && value.contains("Apple") && !value.contains("| Partner |"), "{value}");
}

#[test]
fn definition_of_a_citation_lands_in_the_cited_article() {
    let (_ws, server) = start();
    let (uri, text) = server.open(NOTE_APPLE);
    let result = server
        .request("textDocument/definition", json!({ "textDocument": { "uri": uri }, "position": server.position_of(&text, "[@003_d6d9d0df0311f841]", 0, 4) }));
    let location = if result.is_array() { result[0].clone() } else { result };
    assert!(location["uri"].as_str().unwrap().ends_with("/seeds/003_d6d9d0df0311f841.txt"), "{location}");
    let seed = std::fs::read_to_string(_ws.path().join("seeds/003_d6d9d0df0311f841.txt")).unwrap();
    let line = location["range"]["start"]["line"].as_u64().unwrap() as usize;
    let target_line = seed.lines().nth(line).unwrap_or_else(|| panic!("line {line} exists in the seed"));
    assert!(target_line.contains("Alibaba"), "lands on a sentence about the Apple–Alibaba deal: {target_line}");

    // An entity: the statements about it, in several documents.
    let statements = server.request("textDocument/definition", json!({ "textDocument": { "uri": uri }, "position": server.position_of(&text, "Baidu", 0, 1) }));
    assert!(files_of(&statements).contains(&"001_33e21df4586525e2.txt".to_string()), "{statements}");
}

#[test]
fn references_of_an_entity_span_several_files_and_citations_give_backlinks() {
    let (_ws, server) = start();
    let (uri, text) = server.open(NOTE_OPENAI);
    let refs = server.request(
        "textDocument/references",
        json!({ "textDocument": { "uri": uri }, "position": server.position_of(&text, "OpenAI signed", 0, 2), "context": { "includeDeclaration": true } }),
    );
    let files = files_of(&refs);
    assert!(files.len() >= 3, "OpenAI is mentioned in at least 3 files: {files:?}");
    assert!(files.contains(&"openai-compute.md".to_string()) && files.contains(&"004_1332d41e4d87d38b.txt".to_string()), "{files:?}");

    // On a citation: who else cites that article.
    let backlinks = server.request(
        "textDocument/references",
        json!({ "textDocument": { "uri": uri }, "position": server.position_of(&text, "[@002_485b32cbb9294941]", 0, 3), "context": { "includeDeclaration": true } }),
    );
    assert_eq!(files_of(&backlinks), vec!["openai-compute.md", "partenariats-apple.md"]);
    // In an article's header: the notes citing it.
    let (seed, _) = server.open("seeds/001_33e21df4586525e2.txt");
    let cited_by = server.request(
        "textDocument/references",
        json!({ "textDocument": { "uri": seed }, "position": { "line": 0, "character": 0 }, "context": { "includeDeclaration": true } }),
    );
    assert_eq!(files_of(&cited_by), vec!["partenariats-apple.md"]);
    assert_eq!(cited_by.as_array().unwrap().len(), 2, "two citations of 001 in the note: {cited_by}");
}

#[test]
fn completion_of_citation_keys_and_entity_names() {
    let (_ws, server) = start();
    let uri = common::uri(&server.root.join("notes/draft.md"));
    let text = "---\nkind: note\n---\n\nÇa monte [@00\nSelon Alib";
    server.open_text(&uri, text);
    let completion = server.request("textDocument/completion", json!({ "textDocument": { "uri": uri }, "position": server.position_of(text, "[@00", 0, 4) }));
    let items = completion.as_array().unwrap_or_else(|| completion["items"].as_array().unwrap());
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    for id in SEED_IDS {
        assert!(labels.contains(&id), "{id} in {labels:?}");
    }
    let item = items.iter().find(|i| i["label"] == SEED_IDS[3]).unwrap();
    assert_eq!(item["textEdit"]["range"]["start"], server.position_of(text, "00", 0, 0), "replaces the partial key");
    assert_eq!(item["textEdit"]["range"]["end"], server.position_of(text, "[@00", 0, 4));
    assert!(item["detail"].as_str().unwrap().contains("Alibaba"), "the title as detail: {item}");

    let names = server.request("textDocument/completion", json!({ "textDocument": { "uri": uri }, "position": server.position_of(text, "Alib", 0, 4) }));
    let alibaba = names.as_array().unwrap().iter().find(|i| i["label"] == "Alibaba").unwrap_or_else(|| panic!("Alibaba in {names}"));
    assert_eq!(alibaba["detail"], "company · Alibaba");
}

#[test]
fn document_and_workspace_symbols() {
    let (_ws, server) = start();
    let (uri, _) = server.open("seeds/002_485b32cbb9294941.txt");
    let symbols = server.request("textDocument/documentSymbol", json!({ "textDocument": { "uri": uri } }));
    let symbols = symbols.as_array().unwrap();
    let gemini = symbols.iter().find(|s| s["name"] == "Gemini").unwrap_or_else(|| panic!("Gemini in {symbols:#?}"));
    assert_eq!(gemini["kind"], 2, "a product is a MODULE");
    let children: Vec<&str> = gemini["children"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert!(children.iter().any(|c| c.starts_with("Gemini monthly users: 650 million")), "{children:?}");
    let openai = symbols.iter().find(|s| s["name"] == "OpenAI").unwrap();
    assert_eq!(openai["kind"], 5, "a company is a CLASS");

    let found = server.request("workspace/symbol", json!({ "query": "alibaba" }));
    let names: Vec<&str> = found.as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"Alibaba"), "{names:?}");
    let docs = server.request("workspace/symbol", json!({ "query": "openai-compute" }));
    assert_eq!(docs[0]["location"]["uri"], common::uri(&server.root.join(NOTE_OPENAI)));
}

#[test]
fn code_actions_cite_a_supporting_source_and_add_an_unknown_name() {
    let (ws, server) = start();
    let uri = common::uri(&ws.path().join("notes/draft.md"));
    let text = "---\nkind: note\n---\n\nLes ventes d'iPhone en Chine ont chuté de 11 %.\n\nOn en parle chez Zorglub depuis hier.\n";
    server.open_text(&uri, text);
    let at = |needle: &str| {
        let p = server.position_of(text, needle, 0, 1);
        server
            .request("textDocument/codeAction", json!({ "textDocument": { "uri": uri }, "range": { "start": p, "end": p }, "context": { "diagnostics": [] } }))
    };
    let cite = at("11 %");
    let action = cite.as_array().unwrap().iter().find(|a| a["title"] == "Cite [@001_33e21df4586525e2]").unwrap_or_else(|| panic!("{cite:#}"));
    let edit = &action["edit"]["documentChanges"][0]["edits"][0];
    assert_eq!(edit["newText"], " [@001_33e21df4586525e2]");
    assert_eq!(edit["range"]["start"], server.position_of(text, "11 %.", 0, 4), "before the final period");

    let add = at("Zorglub");
    let action = add.as_array().unwrap().iter().find(|a| a["title"] == "Add `Zorglub` to corroborate.toml as an entity").unwrap_or_else(|| panic!("{add:#}"));
    let changes = action["edit"]["documentChanges"].as_array().unwrap();
    let config = common::uri(&ws.path().join("corroborate.toml"));
    assert_eq!(changes[0], json!({ "kind": "create", "uri": config, "options": { "overwrite": false, "ignoreIfExists": true } }));
    assert_eq!(changes[1]["edits"][0]["newText"], "[[entity]]\nid = \"zorglub\"\nname = \"Zorglub\"\nkind = \"company\"\n");
    assert_eq!(changes[1]["edits"][0]["range"]["start"], json!({ "line": 0, "character": 0 }));
    // Not on a known entity, nor on a sentence's first word.
    let none = at("On en parle");
    assert!(none.as_array().unwrap().iter().all(|a| !a["title"].as_str().unwrap().starts_with("Add")), "{none:#}");

    // With an existing file, the block goes at its end.
    std::fs::write(ws.path().join("corroborate.toml"), "tolerance = 0.05").unwrap();
    let add = at("Zorglub");
    let edit = &add.as_array().unwrap().iter().find(|a| a["title"].as_str().unwrap().starts_with("Add")).unwrap()["edit"]["documentChanges"][1]["edits"][0];
    assert_eq!(edit["range"]["start"], json!({ "line": 0, "character": 16 }));
    assert!(edit["newText"].as_str().unwrap().starts_with("\n\n[[entity]]"), "{edit}");
}

#[test]
fn code_lenses_and_inlay_hints() {
    let (_ws, server) = start();
    let (uri, text) = server.open("seeds/004_1332d41e4d87d38b.txt");
    let lenses = server.request("textDocument/codeLens", json!({ "textDocument": { "uri": uri } }));
    let titles: Vec<&str> = lenses.as_array().unwrap().iter().map(|l| l["command"]["title"].as_str().unwrap()).collect();
    let openai = titles.iter().find(|t| t.starts_with("OpenAI: ")).unwrap_or_else(|| panic!("{titles:?}"));
    assert!(openai.contains(" documents · ") && openai.contains(" agreed · ") && openai.contains("conflict"), "{openai}");
    assert_eq!(titles.iter().filter(|t| t.starts_with("OpenAI: ")).count(), 1, "one lens per entity");

    let end = position_at(&text, text.len(), false);
    let hints =
        server.request("textDocument/inlayHint", json!({ "textDocument": { "uri": uri }, "range": { "start": { "line": 0, "character": 0 }, "end": end } }));
    let labels: Vec<&str> = hints.as_array().unwrap().iter().map(|h| h["label"].as_str().unwrap()).collect();
    assert!(labels.iter().any(|l| l.contains("12 billion")), "the deal's normalized value: {labels:?}");
}
