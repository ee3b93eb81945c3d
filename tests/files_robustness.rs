//! Files that are not prose, too big, odd or hostile: each is skipped or
//! bounded with one clear problem, everything else is still indexed; and
//! nothing a workspace contains makes corroborate read or show a file
//! outside its folders. Through `Workspace::load` and the CLI's JSON.
//!
//! Unreadable files: the tests run as root here, and root reads a file whose
//! mode is 000, so "unreadable" is made of what even root cannot read as a
//! document: a FIFO (reading it would block), a dangling symbolic link, a
//! symbolic link loop, and a file that vanishes between discovery and
//! reading.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use corroborate::extract::Extractor;
use corroborate::knowledge::{Config, Knowledge};
use corroborate::workspace::{files, Workspace};
use serde_json::Value;

const SOURCE: &str = "---\nid: src-apple\ntitle: Apple et Baidu\ndate: 2026-01-10\nkind: source\nlang: fr\n---\n\nApple a conclu un partenariat avec Baidu en Chine. Le chiffre d'affaires d'Apple a atteint 391 milliards de dollars en 2024.\n";
const NOTE: &str = "---\nid: note-apple\ntitle: Notes\nkind: note\nlang: fr\n---\n\nApple a conclu un partenariat avec Baidu [@src-apple].\n";

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("a folder");
    }
    std::fs::write(path, bytes).expect("a file");
}

/// Runs `f` on a thread and fails if it takes longer than `limit` (a FIFO
/// read would otherwise hang the test run).
fn within<T: Send + 'static>(limit: Duration, what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(limit).unwrap_or_else(|_| panic!("{what} did not finish within {limit:?}"))
}

fn problems_by_name(ws: &Workspace) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for p in &ws.problems {
        let name = p.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        out.entry(name).or_default().push(p.message.clone());
    }
    out
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

#[test]
fn bad_files_are_skipped_with_one_clear_problem_each_and_the_rest_is_indexed() {
    let dir = tempfile::tempdir().unwrap();
    let ws_dir = dir.path().join("ws");
    write(&ws_dir.join("sources/apple.md"), SOURCE);
    write(&ws_dir.join("notes/apple.md"), NOTE);
    write(&ws_dir.join("sources/latin1.txt"), b"Apple a vendu 3 millions d'unit\xe9s.\n");
    write(&ws_dir.join("sources/binary.md"), b"PK\x03\x04\x00\x00binary\x00zip");
    // 50 MB, sparse: refused from its size, never read.
    let big = std::fs::File::create(ws_dir.join("sources/big.txt")).unwrap();
    big.set_len(50 * 1024 * 1024).unwrap();
    drop(big);
    mkfifo(&ws_dir.join("sources/pipe.md"));
    std::os::unix::fs::symlink(ws_dir.join("sources/nothing-here.md"), ws_dir.join("sources/dangling.md")).unwrap();
    std::os::unix::fs::symlink(ws_dir.join("sources/loop-b.md"), ws_dir.join("sources/loop-a.md")).unwrap();
    std::os::unix::fs::symlink(ws_dir.join("sources/loop-a.md"), ws_dir.join("sources/loop-b.md")).unwrap();
    // A folder that links to itself: not followed.
    std::os::unix::fs::symlink(&ws_dir, ws_dir.join("sources/again")).unwrap();
    write(&dir.path().join("outside/secret.md"), "TOPSECRET-MARKER Apple a conclu un partenariat avec Huawei.\n");
    std::os::unix::fs::symlink(dir.path().join("outside/secret.md"), ws_dir.join("sources/escape.md")).unwrap();

    let root = ws_dir.clone();
    let ws = within(Duration::from_secs(60), "loading the workspace", move || Workspace::load(&root, &[]).expect("loads"));
    let problems = problems_by_name(&ws);
    let expect = [
        ("latin1.txt", "not valid UTF-8 (at byte 31): skipped"),
        ("binary.md", "binary file (contains NUL bytes): skipped"),
        ("big.txt", "52 MB is over the 16 MB limit for a document: skipped"),
        ("pipe.md", "not a regular file (a FIFO, socket or device): skipped"),
        ("escape.md", "symbolic link points outside the workspace folder: not read"),
    ];
    for (name, message) in expect {
        assert_eq!(problems.get(name).map(Vec::as_slice), Some(&[message.to_string()][..]), "{name}: {problems:#?}");
    }
    for name in ["dangling.md", "loop-a.md", "loop-b.md"] {
        let messages = problems.get(name).unwrap_or_else(|| panic!("a problem for {name}: {problems:#?}"));
        assert_eq!(messages.len(), 1, "one problem for {name}: {messages:?}");
        assert!(messages[0].starts_with("broken symbolic link: "), "{name}: {messages:?}");
    }
    assert_eq!(problems.len(), expect.len() + 3, "nothing else is a problem: {problems:#?}");
    let indexed: Vec<String> = ws.index().docs().map(|d| d.meta.id.to_string()).collect();
    assert_eq!(indexed, ["note-apple", "src-apple"], "the good documents are indexed");
    assert!(ws.index().docs().all(|d| !d.snippet.contains("TOPSECRET")), "the linked-out file was not read");

    // The CLI says the same in its JSON summary, and still checks the rest.
    let out = common::run_cli(&ws_dir, &["check", "--format", "json"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("TOPSECRET"), "{stdout}");
    let report: Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(report["summary"]["documents"], 2);
    assert_eq!(report["summary"]["skipped"].as_array().map(Vec::len), Some(expect.len() + 3), "{}", report["summary"]);
    assert_ne!(out.status.code(), Some(2), "bad files are not a usage error");
}

#[test]
fn a_file_that_vanishes_or_turns_into_a_fifo_while_indexing_is_one_problem() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["a", "b", "c"] {
        write(&dir.path().join(format!("{name}.md")), SOURCE.replace("src-apple", &format!("src-{name}")));
    }
    let (found, problems) = files::discover(&[dir.path().to_path_buf()]);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(found.len(), 3);
    std::fs::remove_file(dir.path().join("b.md")).unwrap();
    std::fs::remove_file(dir.path().join("c.md")).unwrap();
    mkfifo(&dir.path().join("c.md"));
    let root = dir.path().to_path_buf();
    let ws = within(Duration::from_secs(60), "indexing", move || {
        let mut ws = Workspace::new(&root, Config::default(), vec![root.clone()]).unwrap();
        ws.index_files(&found);
        ws.reanalyze();
        ws
    });
    let problems = problems_by_name(&ws);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(problems["b.md"][0].starts_with("cannot read: "), "{problems:#?}");
    assert_eq!(problems["c.md"], ["not a regular file (a FIFO, socket or device): skipped"]);
    assert_eq!(ws.index().len(), 1);
}

fn extractor() -> Extractor {
    Extractor::new(Knowledge::builtin())
}

/// Time budget for extracting one huge file: generous for debug builds on a
/// slow machine; a pathological (quadratic) pass takes far longer.
const HUGE_BUDGET: Duration = Duration::from_secs(120);

fn extract_timed(name: &str, text: String) -> (usize, usize, Duration) {
    let what = format!("extracting {name} ({} bytes)", text.len());
    let label = what.clone();
    within(HUGE_BUDGET, &label, move || {
        let started = Instant::now();
        let facts = extractor().extract(Path::new("/ws/sources/huge.md"), &text, false);
        let elapsed = started.elapsed();
        eprintln!("{what}: {} mentions, {} figures in {elapsed:?}", facts.mentions.len(), facts.figures.len());
        (facts.mentions.len(), facts.figures.len(), elapsed)
    })
}

#[test]
fn a_ten_megabyte_line_of_prose_is_extracted_in_bounded_time() {
    let sentence = "Apple a conclu un partenariat avec Baidu, et le chiffre d'affaires d'Apple a atteint 391 milliards de dollars en 2024. ";
    let text: String = sentence.repeat(10 * 1024 * 1024 / sentence.len());
    let (mentions, figures, _) = extract_timed("one 10 MB line of sentences", text);
    assert!(mentions > 100_000 && figures > 10_000, "facts are still found: {mentions} mentions, {figures} figures");
}

/// One "sentence" full of names and numbers: the worst case for anything
/// that pairs facts within a sentence. Was quadratic (64 KB took 138 s in a
/// debug build); long sentences are now cut and clauses bounded.
fn dense_line(bytes: usize) -> String {
    let words = "Apple Google Baidu 12 % OpenAI Microsoft 3 milliards de dollars Nvidia et ";
    words.repeat(bytes / words.len())
}

#[test]
fn a_megabyte_line_without_a_sentence_end_is_extracted_in_bounded_time() {
    let (mentions, figures, _) = extract_timed("one 1 MB line without a full stop", dense_line(1024 * 1024));
    assert!(mentions > 80_000 && figures > 60_000, "{mentions} mentions, {figures} figures");
}

#[test]
fn a_million_lines_are_extracted_in_bounded_time() {
    let mut text = String::with_capacity(16 * 1024 * 1024);
    for i in 0..1_000_000 {
        text.push_str(match i % 4 {
            0 => "Apple gagne 3 %.\n",
            1 => "\n",
            2 => "- Baidu\n",
            _ => "# Titre\n",
        });
    }
    assert!(text.len() < files::MAX_FILE_BYTES as usize);
    extract_timed("a million lines", text);
}

/// A workspace whose note, front matter and configuration all try to reach
/// `outside/secret.md` (or `/etc/passwd`); `TOPSECRET-MARKER` must never be
/// read or shown. Returns the folder, the workspace and the note's text.
fn hostile_workspace() -> (tempfile::TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let secret = dir.path().join("outside/secret.md");
    write(&secret, "---\nid: secret\nkind: source\n---\n\nTOPSECRET-MARKER Apple a conclu un partenariat avec Huawei.\n");
    write(&dir.path().join("outside/refs.json"), r#"[{"id": "leak", "file": "secret.md"}]"#);
    write(&ws.join("sources/apple.md"), SOURCE);
    std::os::unix::fs::symlink(&secret, ws.join("sources/linked.md")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("outside/refs.json"), ws.join("refs-link.json")).unwrap();
    write(&ws.join("refs-in.json"), format!(r#"[{{"id": "abs", "file": "{}"}}, {{"id": "climb", "file": "../outside/secret.md"}}]"#, secret.display()));
    write(&ws.join("corroborate.toml"), "bibliography = [\"../outside/refs.json\", \"refs-link.json\", \"refs-in.json\", \"/etc/passwd\"]\n");
    let note = format!(
        "---\nid: note-hostile\nkind: note\nlang: fr\nurl: file:///etc/passwd\n---\n\n\
         P1 Apple a conclu un partenariat avec Huawei [[../../etc/passwd]].\n\n\
         P2 Apple a conclu un partenariat avec Huawei [[../../outside/secret]].\n\n\
         P3 Apple a conclu un partenariat avec Huawei [secret](../../outside/secret.md).\n\n\
         P4 Apple a conclu un partenariat avec Huawei [abs]({}).\n\n\
         P5 Apple a conclu un partenariat avec Huawei [uri](file://{}).\n\n\
         P6 Apple a conclu un partenariat avec Huawei [[file:///etc/passwd]].\n\n\
         P7 Apple a conclu un partenariat avec Huawei [home](~/secret.md).\n\n\
         P8 Apple a conclu un partenariat avec Huawei [link](../sources/linked.md).\n\n\
         P9 Apple a conclu un partenariat avec Huawei [@leak] [@abs] [@climb].\n",
        secret.display(),
        secret.display()
    );
    write(&ws.join("notes/hostile.md"), &note);
    (dir, ws, note)
}

/// 0-based line of the paragraph starting with `tag`.
fn line_of(text: &str, tag: &str) -> u64 {
    text.lines().position(|l| l.starts_with(tag)).unwrap_or_else(|| panic!("no {tag}")) as u64
}

#[test]
fn links_front_matter_and_configuration_cannot_reach_outside_the_workspace() {
    let (_dir, ws_dir, note) = hostile_workspace();
    let ws = Workspace::load(&ws_dir, &[]).expect("loads");
    let ids: Vec<String> = ws.index().docs().map(|d| d.meta.id.to_string()).collect();
    assert_eq!(ids, ["note-hostile", "src-apple"], "only the workspace's own documents");
    let problems = problems_by_name(&ws);
    assert_eq!(problems["refs.json"], ["bibliography is outside the workspace: not read"]);
    assert_eq!(problems["passwd"], ["bibliography is outside the workspace: not read"]);
    assert_eq!(problems["refs-link.json"], ["leads outside the workspace folders: not read"]);
    assert_eq!(problems["linked.md"], ["symbolic link points outside the workspace folder: not read"]);

    let out = common::run_cli(&ws_dir, &["check", "--format", "json"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("TOPSECRET") && !stdout.contains("root:x:0"), "nothing from outside is shown");
    let report: Value = serde_json::from_str(&stdout).expect("JSON");
    let mut by_line: BTreeMap<u64, Vec<String>> = BTreeMap::new();
    for d in report["diagnostics"].as_array().unwrap().iter().filter(|d| d["path"].as_str().is_some_and(|p| p.ends_with("hostile.md"))) {
        by_line.entry(d["range"]["start"]["line"].as_u64().unwrap()).or_default().push(d["code"].as_str().unwrap().to_string());
    }
    let codes = |tag: &str| by_line.get(&line_of(&note, tag)).cloned().unwrap_or_default();
    for tag in ["P1", "P2", "P3", "P4", "P5", "P6", "P7"] {
        assert!(codes(tag).contains(&"citation-outside-workspace".to_string()), "{tag} refused: {by_line:#?}");
    }
    // A link inside the workspace to a file that is a link out: that file
    // was never indexed, so the citation is simply not found; bibliography
    // entries naming files outside lead nowhere.
    assert!(!codes("P8").contains(&"citation-outside-workspace".to_string()) && codes("P8").contains(&"unresolved-citation".to_string()), "{by_line:#?}");
    assert_eq!(codes("P9").iter().filter(|c| *c == "unresolved-citation").count(), 3, "{by_line:#?}");

    let facts = common::run_cli(&ws_dir, &["facts", "--format", "json"]);
    let facts = String::from_utf8_lossy(&facts.stdout);
    assert!(!facts.contains("TOPSECRET") && !facts.contains("root:x:0"), "facts show nothing from outside");
}

/// `strace` shows every network call: the language server makes none, and
/// writes no file (a session with indexing, hover and shutdown).
#[test]
fn the_server_opens_no_network_connection_and_writes_no_file() {
    if Command::new("strace").arg("-V").output().is_err() {
        eprintln!("strace is not installed: skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("sources/apple.md"), SOURCE);
    write(&dir.path().join("notes/apple.md"), NOTE);
    let root = dir.path().to_str().unwrap().to_string();
    let uri = format!("file://{root}/notes/apple.md");
    let messages = [
        serde_json::json!({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":format!("file://{root}"),"capabilities":{}}}),
        serde_json::json!({"jsonrpc":"2.0","method":"initialized","params":{}}),
        serde_json::json!({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":uri,"languageId":"markdown","version":1,"text":NOTE}}}),
        serde_json::json!({"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":uri},"position":{"line":7,"character":2}}}),
        serde_json::json!({"jsonrpc":"2.0","id":3,"method":"shutdown"}),
        serde_json::json!({"jsonrpc":"2.0","method":"exit"}),
    ];
    let frame = |m: &Value| {
        let body = m.to_string();
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    };
    let trace = dir.path().join("trace.txt");
    let mut child = Command::new("strace")
        .args(["-f", "-qq", "-e", "trace=network,openat,creat,rename,unlink,mkdir", "-o"])
        .arg(&trace)
        .arg(env!("CARGO_BIN_EXE_corroborate"))
        .args(["lsp", "--stdio"])
        .env("HOME", dir.path())
        .env("XDG_CACHE_HOME", dir.path().join("cache"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("strace starts");
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::Read;
        let mut all = Vec::new();
        let mut chunk = [0u8; 4096];
        while let Ok(n) = stdout.read(&mut chunk) {
            if n == 0 {
                break;
            }
            all.extend_from_slice(&chunk[..n]);
            let _ = tx.send(String::from_utf8_lossy(&all).into_owned());
        }
    });
    use std::io::Write;
    let (requests, exit) = messages.split_at(messages.len() - 1);
    for m in requests {
        stdin.write_all(frame(m).as_bytes()).unwrap();
    }
    stdin.flush().unwrap();
    // The client waits for the answers to the hover and to shutdown before
    // it sends exit.
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut output = String::new();
    while !(output.contains("\"id\":2") && output.contains("\"id\":3")) {
        let left = deadline.saturating_duration_since(Instant::now());
        output = rx.recv_timeout(left).unwrap_or_else(|_| panic!("no answer to the hover and shutdown: {output}"));
    }
    stdin.write_all(frame(&exit[0]).as_bytes()).unwrap();
    drop(stdin);
    let status = within(Duration::from_secs(60), "the traced server", move || child.wait().unwrap());
    assert!(status.success(), "exit after shutdown: {status:?}");
    let trace = std::fs::read_to_string(&trace).unwrap_or_default();
    if trace.contains("PTRACE") || trace.is_empty() {
        eprintln!("strace cannot trace here: skipped");
        return;
    }
    eprintln!("strace: {} system calls of interest traced", trace.lines().count());
    let network: Vec<&str> =
        trace.lines().filter(|l| ["socket(", "connect(", "bind(", "sendto(", "listen("].iter().any(|c| l.contains(c)) && !l.contains("AF_UNIX")).collect();
    assert!(network.is_empty(), "network calls: {network:#?}");
    let cache = dir.path().join("cache");
    let writes: Vec<&str> = trace
        .lines()
        .filter(|l| (l.contains("O_WRONLY") || l.contains("O_RDWR") || l.contains("O_CREAT")) && !l.contains("/dev/") && !l.contains("/proc/"))
        .filter(|l| !l.contains(cache.to_str().unwrap()))
        .collect();
    assert!(writes.is_empty(), "files opened for writing outside the cache: {writes:#?}");
}
