//! A guard between stdin and tower-lsp: reads `Content-Length` frames itself, answers malformed ones, forwards only well-formed JSON-RPC.
//!
//! tower-lsp 0.20 ends the whole session on the first frame it cannot
//! decode (a bad header, invalid JSON, `[]`) and exits with status 0 on
//! `exit` without `shutdown`. So the server reads stdin here:
//!
//! - [`Framer`] splits bytes into frames with limits ([`MAX_HEADER_BYTES`],
//!   [`MAX_BODY_BYTES`]). A bad header is answered with -32700 (parse
//!   error, id null) and the reader resynchronises on the next
//!   `Content-Length`; a body that is not JSON is answered with -32700, and
//!   when it swallowed the start of the next frame (a truncated frame), that
//!   frame is read again from its header.
//! - [`check`] validates a body: a JSON object with `"jsonrpc": "2.0"` that
//!   is a request or notification (string `method`, optional integer,
//!   string or null `id`, object or array `params`) or a response (`id`
//!   and one of `result`, `error`). Anything else gets -32600 (invalid
//!   request, with the id when there is a usable one). Valid messages are
//!   re-serialized with only the fields tower-lsp reads (duplicate keys
//!   resolved, `params: null` dropped) so tower-lsp never fails to decode.
//! - [`run`] wires it: stdin → guard → an in-memory pipe → tower-lsp →
//!   another pipe → one writer task that owns stdout, fed by a channel, so
//!   the guard's answers and tower-lsp's never interleave mid-frame. It
//!   handles `exit` itself: status 0 after `shutdown`, else 1 (as the spec
//!   says); the end of stdin counts as an `exit`.

use serde_json::{json, Map, Value};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;

/// Headers longer than this are refused: real ones are about 30 bytes.
pub const MAX_HEADER_BYTES: usize = 8 * 1024;
/// Bodies longer than this are skipped (and answered with a parse error).
pub const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

pub const PARSE_ERROR: i64 = -32700;
pub const INVALID_REQUEST: i64 = -32600;

const CONTENT_LENGTH: &[u8] = b"content-length";

/// One thing read from the client.
#[derive(Debug, Clone, PartialEq)]
pub enum Incoming {
    /// A well-formed message, re-serialized for tower-lsp.
    Forward(Forward),
    /// A malformed frame or message: this error response goes back to the
    /// client, nothing goes to tower-lsp.
    Reply(Value),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Forward {
    /// The JSON body to hand on.
    pub body: Vec<u8>,
    /// The method of a request or notification; `None` for a response.
    pub method: Option<String>,
    /// Whether it carries an id (a request or a response).
    pub has_id: bool,
}

/// An error response: `id` null unless given.
pub fn error_response(id: Option<Value>, code: i64, message: &str) -> Value {
    json!({ "jsonrpc": "2.0", "id": id.unwrap_or(Value::Null), "error": { "code": code, "message": message } })
}

/// Frames `body` with a `Content-Length` header.
pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// Splits a byte stream into frames; sans I/O: `push` bytes, then drain
/// `next_message` (checked client messages) or `next_body` (raw bodies, for a
/// trusted stream).
#[derive(Debug, Default)]
pub struct Framer {
    buf: Vec<u8>,
    /// Bytes of an oversized body still to drop as they arrive.
    skipping: usize,
}

enum Raw {
    Body { header_len: usize, body_len: usize },
    Bad(String),
}

impl Framer {
    pub fn new() -> Framer {
        Framer::default()
    }

    pub fn push(&mut self, bytes: &[u8]) {
        let skipped = self.skipping.min(bytes.len());
        self.skipping -= skipped;
        self.buf.extend_from_slice(&bytes[skipped..]);
    }

    /// Bytes buffered and not yet framed.
    pub fn pending(&self) -> usize {
        self.buf.len()
    }

    /// The next message from the client, checked; `None` when more bytes
    /// are needed.
    pub fn next_message(&mut self) -> Option<Incoming> {
        match self.next_raw()? {
            Raw::Bad(message) => Some(Incoming::Reply(error_response(None, PARSE_ERROR, &message))),
            Raw::Body { header_len, body_len } => {
                let body = &self.buf[header_len..header_len + body_len];
                let checked = check(body);
                let mut consumed = header_len + body_len;
                if let Incoming::Reply(ref reply) = checked {
                    // A truncated frame: its declared length ran into the
                    // next frame's header. Read that frame again.
                    if reply["error"]["code"] == PARSE_ERROR {
                        if let Some(at) = find_content_length(&body[1.min(body.len())..]) {
                            consumed = header_len + 1 + at;
                        }
                    }
                }
                self.buf.drain(..consumed);
                Some(checked)
            }
        }
    }

    /// The next body as is (for tower-lsp's own output); frames with a bad
    /// header are dropped.
    pub fn next_body(&mut self) -> Option<Vec<u8>> {
        loop {
            match self.next_raw()? {
                Raw::Bad(_) => continue,
                Raw::Body { header_len, body_len } => {
                    let body = self.buf[header_len..header_len + body_len].to_vec();
                    self.buf.drain(..header_len + body_len);
                    return Some(body);
                }
            }
        }
    }

    /// Finds the next complete frame at the start of the buffer, or
    /// consumes a bad header (resynchronising) and says why.
    fn next_raw(&mut self) -> Option<Raw> {
        // Blank lines between frames are tolerated.
        let blank = self.buf.iter().take_while(|b| b.is_ascii_whitespace()).count();
        if blank > 0 {
            self.buf.drain(..blank);
        }
        if self.buf.is_empty() {
            return None;
        }
        let window = &self.buf[..self.buf.len().min(MAX_HEADER_BYTES + 4)];
        let Some(end) = memchr::memmem::find(window, b"\r\n\r\n") else {
            if self.buf.len() > MAX_HEADER_BYTES {
                return Some(self.resync(format!("header longer than {MAX_HEADER_BYTES} bytes")));
            }
            // A header line must look like one: fail early on garbage
            // rather than waiting for a blank line that may never come.
            if let Err(message) = parse_headers(&self.buf, true) {
                return Some(self.resync(message));
            }
            return None;
        };
        let header_len = end + 4;
        let length = match parse_headers(&self.buf[..end], false) {
            Ok(Some(length)) => length,
            Ok(None) => return Some(self.resync("missing Content-Length header".to_string())),
            Err(message) => return Some(self.resync(message)),
        };
        if length > MAX_BODY_BYTES {
            self.buf.drain(..header_len);
            let dropped = length.min(self.buf.len());
            self.buf.drain(..dropped);
            self.skipping = length - dropped;
            return Some(Raw::Bad(format!("message of {length} bytes is over the {MAX_BODY_BYTES} byte limit: skipped")));
        }
        if self.buf.len() < header_len + length {
            return None;
        }
        Some(Raw::Body { header_len, body_len: length })
    }

    /// Drops bytes up to the next `Content-Length` after the first byte
    /// (or all but a possible partial match at the end).
    fn resync(&mut self, message: String) -> Raw {
        let drop = match find_content_length(&self.buf[1..]) {
            Some(at) => at + 1,
            None => self.buf.len().saturating_sub(CONTENT_LENGTH.len() - 1).max(1),
        };
        self.buf.drain(..drop.min(self.buf.len()));
        Raw::Bad(format!("malformed message header: {message}"))
    }
}

fn find_content_length(bytes: &[u8]) -> Option<usize> {
    bytes.windows(CONTENT_LENGTH.len()).position(|w| w.eq_ignore_ascii_case(CONTENT_LENGTH))
}

/// The Content-Length of a header block (lines `Name: value`), or why it is
/// malformed. With `partial`, the block may stop mid-line and only its
/// shape is checked.
fn parse_headers(block: &[u8], partial: bool) -> Result<Option<usize>, String> {
    let mut length = None;
    let lines: Vec<&[u8]> = block.split(|&b| b == b'\n').collect();
    for (i, line) in lines.iter().enumerate() {
        let last = i + 1 == lines.len();
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let name_end = line.iter().position(|&b| b == b':');
        let name = &line[..name_end.unwrap_or(line.len())];
        if !name.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-') {
            return Err("a header line is not `Name: value`".to_string());
        }
        if partial && last {
            break;
        }
        let Some(name_end) = name_end else {
            return Err("a header line has no `:`".to_string());
        };
        if name.is_empty() {
            return Err("a header line has no name".to_string());
        }
        if name.eq_ignore_ascii_case(CONTENT_LENGTH) {
            let value = std::str::from_utf8(&line[name_end + 1..]).map_err(|_| "Content-Length is not a number".to_string())?.trim();
            let parsed = value.parse::<usize>().map_err(|_| format!("Content-Length `{}` is not a number", value.chars().take(20).collect::<String>()))?;
            if length.is_some_and(|l| l != parsed) {
                return Err("two different Content-Length headers".to_string());
            }
            length = Some(parsed);
        }
    }
    Ok(length)
}

/// A JSON-RPC id tower-lsp accepts: an i64, a string or null.
fn valid_id(id: &Value) -> bool {
    id.is_i64() || id.is_string() || id.is_null()
}

/// Checks one message body (see the module docs).
pub fn check(body: &[u8]) -> Incoming {
    let value: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(e) => return Incoming::Reply(error_response(None, PARSE_ERROR, &format!("parse error: {e}"))),
    };
    let invalid = |id: Option<&Value>, why: &str| Incoming::Reply(error_response(id.filter(|i| valid_id(i)).cloned(), INVALID_REQUEST, why));
    let Value::Object(object) = value else {
        let why = if value.is_array() { "invalid request: batches are not supported" } else { "invalid request: not a JSON object" };
        return invalid(None, why);
    };
    let id = object.get("id");
    if object.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return invalid(id, "invalid request: `jsonrpc` must be \"2.0\"");
    }
    if id.is_some_and(|i| !valid_id(i)) {
        return invalid(None, "invalid request: `id` must be an integer, a string or null");
    }
    let mut out = Map::new();
    out.insert("jsonrpc".to_string(), Value::from("2.0"));
    if let Some(id) = id {
        out.insert("id".to_string(), id.clone());
    }
    match object.get("method") {
        Some(Value::String(method)) => {
            if object.contains_key("result") || object.contains_key("error") {
                return invalid(id, "invalid request: both a method and a result or error");
            }
            match object.get("params") {
                None | Some(Value::Null) => {}
                Some(params @ (Value::Object(_) | Value::Array(_))) => {
                    out.insert("params".to_string(), params.clone());
                }
                Some(_) => return invalid(id, "invalid request: `params` must be an object or an array"),
            }
            out.insert("method".to_string(), Value::from(method.as_str()));
            Incoming::Forward(Forward { body: to_bytes(out), method: Some(method.clone()), has_id: id.is_some() })
        }
        Some(_) => invalid(id, "invalid request: `method` must be a string"),
        None => {
            if id.is_none() {
                return invalid(None, "invalid request: neither a method nor an id");
            }
            match (object.get("result"), object.get("error")) {
                (Some(result), None) => {
                    out.insert("result".to_string(), result.clone());
                }
                (None, Some(error)) => {
                    let code_ok = error.get("code").is_some_and(Value::is_i64);
                    let message_ok = error.get("message").is_some_and(Value::is_string);
                    if !code_ok || !message_ok {
                        return invalid(id, "invalid response: `error` needs an integer `code` and a string `message`");
                    }
                    let mut e = Map::new();
                    for key in ["code", "message", "data"] {
                        if let Some(v) = error.get(key) {
                            e.insert(key.to_string(), v.clone());
                        }
                    }
                    out.insert("error".to_string(), Value::Object(e));
                }
                _ => return invalid(id, "invalid request: no method, and not a response with one of `result` or `error`"),
            }
            Incoming::Forward(Forward { body: to_bytes(out), method: None, has_id: true })
        }
    }
}

fn to_bytes(object: Map<String, Value>) -> Vec<u8> {
    // Serializing a `Value` cannot fail (string keys only).
    serde_json::to_vec(&Value::Object(object)).unwrap_or_default()
}

/// What the writer task writes to stdout.
enum Out {
    Frame(Vec<u8>),
    Stop,
}

/// How the session ended: the process exit status.
#[derive(Debug, Default)]
struct Lifecycle {
    initialize: bool,
    shutdown: bool,
}

impl Lifecycle {
    fn exit_status(&self) -> i32 {
        if self.shutdown {
            0
        } else {
            1
        }
    }
}

/// Reads client frames from `input`, answers the malformed ones on `out`,
/// forwards the rest to `to_server`; returns the exit status when `exit`
/// arrives or the input ends.
async fn guard_input(mut input: impl AsyncRead + Unpin, mut to_server: impl AsyncWrite + Unpin, out: mpsc::UnboundedSender<Out>) -> i32 {
    let mut framer = Framer::new();
    let mut life = Lifecycle::default();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        while let Some(incoming) = framer.next_message() {
            match incoming {
                Incoming::Reply(reply) => {
                    tracing::warn!("malformed message from the client: {}", reply["error"]["message"]);
                    let _ = out.send(Out::Frame(frame(reply.to_string().as_bytes())));
                }
                Incoming::Forward(message) => {
                    match message.method.as_deref() {
                        Some("exit") => return life.exit_status(),
                        Some("initialize") if message.has_id => life.initialize = true,
                        Some("shutdown") if message.has_id && life.initialize => life.shutdown = true,
                        _ => {}
                    }
                    if to_server.write_all(&frame(&message.body)).await.is_err() || to_server.flush().await.is_err() {
                        tracing::warn!("the language server stopped reading");
                        return 1;
                    }
                }
            }
        }
        match input.read(&mut chunk).await {
            Ok(0) | Err(_) => {
                if framer.pending() > 0 {
                    tracing::warn!("the input ended inside a message ({} bytes)", framer.pending());
                }
                return life.exit_status();
            }
            Ok(n) => framer.push(&chunk[..n]),
        }
    }
}

/// Copies tower-lsp's frames to the writer, whole.
async fn forward_output(mut from_server: impl AsyncRead + Unpin, out: mpsc::UnboundedSender<Out>) {
    let mut framer = Framer::new();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        match from_server.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => framer.push(&chunk[..n]),
        }
        while let Some(body) = framer.next_body() {
            if out.send(Out::Frame(frame(&body))).is_err() {
                return;
            }
        }
    }
}

/// The only writer of `output`.
async fn write_output(mut output: impl AsyncWrite + Unpin, mut rx: mpsc::UnboundedReceiver<Out>) {
    while let Some(Out::Frame(bytes)) = rx.recv().await {
        if output.write_all(&bytes).await.is_err() || output.flush().await.is_err() {
            return;
        }
    }
}

/// Serves `service` behind the guard on `input`/`output`; returns the exit
/// status.
pub async fn run<I, O>(input: I, output: O, service: tower_lsp::LspService<super::server::Backend>, socket: tower_lsp::ClientSocket) -> i32
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite + Unpin + Send + 'static,
{
    let (to_server, server_in) = tokio::io::duplex(1 << 20);
    let (server_out, from_server) = tokio::io::duplex(1 << 20);
    let (tx, rx) = mpsc::unbounded_channel();
    let writer = tokio::spawn(write_output(output, rx));
    tokio::spawn(forward_output(from_server, tx.clone()));
    tokio::spawn(tower_lsp::Server::new(server_in, server_out, socket).serve(service));
    let status = guard_input(input, to_server, tx.clone()).await;
    let _ = tx.send(Out::Stop);
    let _ = tokio::time::timeout(std::time::Duration::from_secs(2), writer).await;
    status
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drain(framer: &mut Framer) -> Vec<Incoming> {
        std::iter::from_fn(|| framer.next_message()).collect()
    }

    fn codes(events: &[Incoming]) -> Vec<i64> {
        events
            .iter()
            .map(|e| match e {
                Incoming::Forward(_) => 0,
                Incoming::Reply(r) => r["error"]["code"].as_i64().unwrap_or(1),
            })
            .collect()
    }

    const HOVER: &str = r#"{"jsonrpc":"2.0","id":7,"method":"textDocument/hover","params":{}}"#;

    #[test]
    fn well_formed_frames_are_forwarded_in_pieces() {
        let bytes = [frame(HOVER.as_bytes()), frame(br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#)].concat();
        let mut framer = Framer::new();
        let mut events = Vec::new();
        for b in &bytes {
            framer.push(std::slice::from_ref(b));
            events.extend(drain(&mut framer));
        }
        assert_eq!(codes(&events), [0, 0]);
        assert_eq!(framer.pending(), 0);
    }

    #[test]
    fn malformed_frames_are_answered_and_the_next_frame_is_read() {
        let valid = frame(HOVER.as_bytes());
        let cases: Vec<(&str, Vec<u8>, i64)> = vec![
            ("invalid JSON", frame(b"{not json"), PARSE_ERROR),
            ("an empty batch", frame(b"[]"), INVALID_REQUEST),
            ("a number", frame(b"42"), INVALID_REQUEST),
            ("no jsonrpc", frame(br#"{"id":1,"method":"x"}"#), INVALID_REQUEST),
            ("a float id", frame(br#"{"jsonrpc":"2.0","id":1.5,"method":"x"}"#), INVALID_REQUEST),
            ("a numeric method", frame(br#"{"jsonrpc":"2.0","id":1,"method":3}"#), INVALID_REQUEST),
            ("scalar params", frame(br#"{"jsonrpc":"2.0","id":1,"method":"x","params":3}"#), INVALID_REQUEST),
            ("a bad response", frame(br#"{"jsonrpc":"2.0","id":1,"error":{"code":"x"}}"#), INVALID_REQUEST),
            ("no Content-Length", b"Content-Type: x\r\n\r\n{}".to_vec(), PARSE_ERROR),
            ("a word for a length", b"Content-Length: ten\r\n\r\n{}".to_vec(), PARSE_ERROR),
            ("garbage", b"hello world".to_vec(), PARSE_ERROR),
            ("a truncated frame", [b"Content-Length: 90\r\n\r\n".to_vec(), br#"{"jsonrpc":"2.0","#.to_vec()].concat(), PARSE_ERROR),
            ("a short length", [b"Content-Length: 12\r\n\r\n".to_vec(), HOVER.as_bytes().to_vec()].concat(), PARSE_ERROR),
        ];
        for (what, bad, code) in cases {
            let mut framer = Framer::new();
            framer.push(&[bad, valid.clone(), valid.clone()].concat());
            let events = drain(&mut framer);
            let got = codes(&events);
            assert_eq!(got.first(), Some(&code), "{what}: {events:?}");
            assert_eq!(got.iter().filter(|c| **c == 0).count(), 2, "{what}: both valid frames after it are read: {events:?}");
        }
    }

    #[test]
    fn oversized_bodies_are_skipped_without_buffering() {
        let mut framer = Framer::new();
        framer.push(format!("Content-Length: {}\r\n\r\n", MAX_BODY_BYTES + 10).as_bytes());
        assert_eq!(codes(&drain(&mut framer)), [PARSE_ERROR]);
        framer.push(&vec![b'x'; MAX_BODY_BYTES + 10]);
        assert_eq!(framer.pending(), 0);
        framer.push(&frame(HOVER.as_bytes()));
        assert_eq!(codes(&drain(&mut framer)), [0]);
    }

    #[test]
    fn forwarded_messages_decode_as_tower_lsp_expects() {
        let Incoming::Forward(f) = check(br#"{"jsonrpc":"2.0","id":1,"method":"a","method":"shutdown","params":null,"extra":1}"#) else { panic!("forwarded") };
        assert_eq!(f.method.as_deref(), Some("shutdown"));
        assert_eq!(f.body, br#"{"id":1,"jsonrpc":"2.0","method":"shutdown"}"#);
        assert!(serde_json::from_slice::<tower_lsp::jsonrpc::Request>(&f.body).is_ok());
        let Incoming::Forward(r) = check(br#"{"jsonrpc":"2.0","id":"a","result":null}"#) else { panic!("forwarded") };
        assert!(serde_json::from_slice::<tower_lsp::jsonrpc::Response>(&r.body).is_ok());
        assert_eq!(r.method, None);
    }
}
