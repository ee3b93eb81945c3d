//! `workspace/executeCommand`: `corroborate.entityCard [name]` → `{ name,
//! markdown }` or null; `corroborate.checkWorkspace` → every diagnostic as
//! `{ uri, range, severity, code, message }`. Testing aids, not advertised:
//! `corroborate.documentText [uri]` → the server's copy of an open buffer
//! (or null), and `corroborate.debugPanic`, which panics, when the server
//! runs with `CORROBORATE_TEST_COMMANDS=1` (the test client sets it: a
//! release build is tested like a debug one, and users never see it).

use serde_json::{json, Value};
use tower_lsp::lsp_types as lsp;

use crate::analysis::card::{render_markdown, SourceRef};
use crate::lsp::convert::{self, line_link, path_of, uri_of};
use crate::lsp::state::State;

pub const ENTITY_CARD: &str = "corroborate.entityCard";
pub const CHECK_WORKSPACE: &str = "corroborate.checkWorkspace";
pub const DOCUMENT_TEXT: &str = "corroborate.documentText";
pub const DEBUG_PANIC: &str = "corroborate.debugPanic";

/// The commands clients may show to users.
pub fn advertised() -> Vec<String> {
    vec![ENTITY_CARD.to_string(), CHECK_WORKSPACE.to_string()]
}

pub fn execute(st: &mut State, command: &str, arguments: &[Value]) -> Result<Value, String> {
    match command {
        ENTITY_CARD => {
            let Some(name) = arguments.first().and_then(Value::as_str) else {
                return Err(format!("{ENTITY_CARD} takes one argument: an entity name"));
            };
            Ok(entity_card(st, name))
        }
        CHECK_WORKSPACE => {
            st.ensure_analyzed();
            Ok(Value::Array(check_workspace(st)))
        }
        DOCUMENT_TEXT => {
            let uri = arguments.first().and_then(Value::as_str).and_then(|u| lsp::Url::parse(u).ok());
            let Some(path) = uri.as_ref().and_then(path_of) else {
                return Err(format!("{DOCUMENT_TEXT} takes one argument: a file URI"));
            };
            Ok(st.docs.get(&path).map_or(Value::Null, |d| Value::String(d.rope.to_string())))
        }
        DEBUG_PANIC if std::env::var_os("CORROBORATE_TEST_COMMANDS").is_some_and(|v| v == "1") => panic!("corroborate.debugPanic was called"),
        other => Err(format!("unknown command `{other}`")),
    }
}

fn entity_card(st: &State, name: &str) -> Value {
    let Some(id) = st.ws.find_entity(name) else { return Value::Null };
    let card = st.ws.entity_card(id);
    let markdown = render_markdown(&card, &|s: &SourceRef| line_link(&s.path, s.line));
    json!({ "name": card.name, "markdown": markdown })
}

fn check_workspace(st: &State) -> Vec<Value> {
    st.ws
        .analysis()
        .all()
        .filter_map(|d| {
            let uri = uri_of(&d.path)?;
            let range = st.range(&d.path, &d.range)?;
            Some(json!({
                "uri": uri,
                "range": range,
                "severity": convert::severity(d.severity),
                "code": d.code.as_str(),
                "message": d.message,
            }))
        })
        .collect()
}
