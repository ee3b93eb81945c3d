//! Positions over accents, emoji and CRLF, for a client that offers UTF-8
//! (and gets it) and one that does not (UTF-16): hovers resolve on the
//! right entity, and diagnostic ranges cover the right characters.

mod common;

use common::*;
use serde_json::json;

const NOTE: &str = "---\r\nkind: note\r\n---\r\n\r\nRésumé é😀 Alibaba fournit l'IA d'Apple en Chine.\r\n\r\né😀 👩‍👩‍👧 Les ventes d'iPhone en Chine ont chuté de 20 % [@001_33e21df4586525e2].\r\n";

fn check(utf8: bool) {
    let ws = workspace();
    let path = ws.path().join("notes/emoji.md");
    std::fs::write(&path, NOTE).unwrap();
    let server = Server::start(ws.path(), Options { utf8, ..Options::default() });
    assert_eq!(server.initialize_result["capabilities"]["positionEncoding"], if utf8 { "utf-8" } else { "utf-16" });
    server.wait_ready();
    let mark = server.mark();
    let (uri, text) = server.open("notes/emoji.md");
    assert_eq!(text, NOTE);

    // The entity after "é😀" on the same line, at its first and last char.
    for delta in [0, 6] {
        let hover = server.hover(&uri, server.position_of(&text, "Alibaba", 0, delta));
        let value = hover["contents"]["value"].as_str().unwrap_or_else(|| panic!("a hover at Alibaba+{delta}: {hover}"));
        assert!(value.starts_with("### Alibaba"), "{value}");
        assert_eq!(hover["range"], server.range_of(&text, "Alibaba", 0));
    }
    // Apple, later on that line.
    let hover = server.hover(&uri, server.position_of(&text, "Apple", 0, 2));
    assert!(hover["contents"]["value"].as_str().unwrap().starts_with("### Apple"), "{hover}");

    // The unsupported figure after emoji (one a ZWJ sequence) on its line.
    let diagnostics = server.diagnostics(mark, &uri, |d| d.iter().any(|d| d["code"] == "unsupported-by-citation"));
    let figure = diagnostics.iter().find(|d| d["code"] == "unsupported-by-citation").unwrap();
    assert_eq!(figure["range"], server.range_of(&text, "20 %", 0), "covers exactly «20 %»");
    let expected_start = if utf8 {
        "é😀 👩‍👩‍👧 Les ventes d'iPhone en Chine ont chuté de ".len()
    } else {
        "é😀 👩‍👩‍👧 Les ventes d'iPhone en Chine ont chuté de ".encode_utf16().count()
    };
    assert_eq!(figure["range"]["start"], json!({ "line": 6, "character": expected_start }));

    // A position inside the emoji (UTF-16: between its surrogates; UTF-8:
    // inside its bytes) or past the end of a line does not break anything.
    let inside = server.position_of(&text, "😀", 0, 0);
    let inside = json!({ "line": inside["line"], "character": inside["character"].as_u64().unwrap() + 1 });
    assert_eq!(server.hover(&uri, inside.clone()), serde_json::Value::Null);
    assert_eq!(server.hover(&uri, json!({ "line": 4, "character": 10_000 })), serde_json::Value::Null);

    // An edit right after the emoji lands there.
    let after_emoji = server.position_of(&text, "😀 Alibaba", 0, "😀".len());
    server.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [{ "range": { "start": after_emoji, "end": after_emoji }, "text": "ü" }] }),
    );
    let served = server.command("corroborate.documentText", json!([uri]));
    assert_eq!(served.as_str().unwrap(), NOTE.replacen("😀 Alibaba", "😀ü Alibaba", 1));
    let hover = server.hover(&uri, server.position_of(served.as_str().unwrap(), "Alibaba", 0, 1));
    assert!(hover["contents"]["value"].as_str().unwrap().starts_with("### Alibaba"));
}

#[test]
fn utf16_positions_over_accents_emoji_and_crlf() {
    check(false);
}

#[test]
fn utf8_positions_over_accents_emoji_and_crlf() {
    check(true);
}
