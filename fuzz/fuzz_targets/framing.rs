//! Fuzz target: the language server's framing guard (frame splitting and JSON-RPC validation) on arbitrary bytes in arbitrary chunks.
#![no_main]

use corroborate::lsp::framing::{check, Framer, Incoming, INVALID_REQUEST, PARSE_ERROR};
use libfuzzer_sys::fuzz_target;
use tower_lsp::jsonrpc::{Request, Response};

/// What the guard hands on must decode the way tower-lsp decodes it: its
/// untagged message type tries a response first, then a request.
fn assert_decodes(incoming: &Incoming) {
    match incoming {
        Incoming::Forward(f) => {
            let as_response = serde_json::from_slice::<Response>(&f.body).is_ok();
            let as_request = serde_json::from_slice::<Request>(&f.body).is_ok();
            match &f.method {
                Some(_) => assert!(as_request && !as_response, "a forwarded request must decode as one only: {}", String::from_utf8_lossy(&f.body)),
                None => assert!(as_response, "a forwarded response must decode: {}", String::from_utf8_lossy(&f.body)),
            }
        }
        Incoming::Reply(reply) => {
            let code = reply["error"]["code"].as_i64();
            assert!(code == Some(PARSE_ERROR) || code == Some(INVALID_REQUEST), "unexpected reply {reply}");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    assert_decodes(&check(data));
    // The first byte sets the chunk size the rest arrives in.
    let Some((&size, rest)) = data.split_first() else { return };
    let size = usize::from(size).max(1);
    let mut framer = Framer::new();
    let mut events = 0usize;
    for chunk in rest.chunks(size) {
        framer.push(chunk);
        while let Some(incoming) = framer.next_message() {
            assert_decodes(&incoming);
            events += 1;
            assert!(events <= rest.len() + 1, "more events than bytes: the framer does not make progress");
        }
    }
});
