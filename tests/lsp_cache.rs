//! The language server and the fact cache, against the real binary: a
//! second start on the same workspace takes every document's facts from the
//! pack (the `cached` count of `corroborate/status`) and reports the same
//! diagnostics as a cold start; a changed file is extracted again, a
//! touched one only rehashed; open buffers still win over the pack; with
//! the cache turned off (client setting or corroborate.toml) nothing is
//! written to the cache folder. Whether the reused documents wait for the
//! analysis (a warm start) or are inserted first (most files must be read
//! again), the diagnostics are those of a cold start.

mod common;

use common::*;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn options(cache_home: &Path) -> Options {
    Options { cache_home: Some(cache_home.to_path_buf()), ..Options::default() }
}

/// Every file below `dir`.
fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_below(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// The one pack below the cache folder.
fn pack(cache_home: &Path) -> PathBuf {
    let files = files_below(cache_home);
    assert_eq!(files.len(), 1, "one pack, no temporary file left: {files:?}");
    assert!(files[0].starts_with(cache_home.join("corroborate")) && files[0].extension().is_some_and(|e| e == "pack"), "{files:?}");
    files[0].clone()
}

/// Starts a server, waits until it is ready; returns its ready status and
/// every diagnostic of the workspace.
fn session(root: &Path, options: Options, open: Option<(&str, String)>) -> (Value, Value) {
    let server = Server::start(root, options);
    if let Some((relative, text)) = open {
        server.open_text(&uri(&root.join(relative)), &text);
    }
    let status = server.wait_ready();
    let all = server.command("corroborate.checkWorkspace", json!([]));
    assert!(!all.as_array().is_some_and(Vec::is_empty), "the seeds have problems");
    (status, all)
}

#[test]
fn a_second_start_reuses_the_fact_cache_with_the_same_diagnostics() {
    let ws = workspace();
    let cache = tempfile::tempdir().expect("a cache folder");

    let (cold_status, cold) = session(ws.path(), options(cache.path()), None);
    assert_eq!(cold_status, json!({ "state": "ready", "indexed": 7, "total": 7, "conflicts": 2, "cached": 0 }));
    let file = pack(cache.path());
    let written = std::fs::metadata(&file).and_then(|m| m.modified()).expect("pack written");

    let (warm_status, warm) = session(ws.path(), options(cache.path()), None);
    assert_eq!(warm_status, json!({ "state": "ready", "indexed": 7, "total": 7, "conflicts": 2, "cached": 7 }), "every document from the pack");
    assert_eq!(warm, cold, "the same diagnostics as the cold start");
    assert_eq!(std::fs::metadata(&file).and_then(|m| m.modified()).ok(), Some(written), "nothing changed: the pack is not written again");

    // One source changed (extracted again), one only touched (its content
    // hash matches: taken from the pack).
    let changed = ws.path().join("seeds/001_33e21df4586525e2.txt");
    let text = std::fs::read_to_string(&changed).expect("seed");
    assert!(text.contains("11 %"));
    std::fs::write(&changed, text.replace("11 %", "12 %")).expect("edit");
    let touched = ws.path().join("seeds/000_e60ae45b298aeda3.txt");
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
    std::fs::File::options().write(true).open(&touched).and_then(|f| f.set_modified(later)).expect("touch");
    let (status, after_edit) = session(ws.path(), options(cache.path()), None);
    assert_eq!(status["cached"], 6, "{status}");
    let off = Options { initialization_options: json!({ "cache": { "enabled": false } }), ..Options::default() };
    let (cold_status, cold_after_edit) = session(ws.path(), off, None);
    assert_eq!(cold_status["cached"], 0);
    assert_eq!(after_edit, cold_after_edit, "the same diagnostics as a cold start");
    assert!(after_edit.to_string().contains("the source says 12 %"), "the new text was read: {after_edit:#}");
    assert_eq!(pack(cache.path()), file, "the pack was stored again in place");

    // An open buffer wins over the pack.
    let note = std::fs::read_to_string(ws.path().join(NOTE_APPLE)).expect("note");
    let (status, with_buffer) = session(ws.path(), options(cache.path()), Some((NOTE_APPLE, note.replace("20 %", "12 %"))));
    assert_eq!(status["cached"], 7, "{status}");
    let note_uri = uri(&ws.path().join(NOTE_APPLE));
    let codes_of_note: Vec<&str> = with_buffer.as_array().unwrap().iter().filter(|d| d["uri"] == note_uri).filter_map(|d| d["code"].as_str()).collect();
    assert!(codes_of_note.contains(&"partnership-unsupported"), "{codes_of_note:?}");
    assert!(!codes_of_note.contains(&"unsupported-by-citation"), "the buffer agrees with the source: {codes_of_note:?}");
}

/// A server started on `root`, once ready: its status, every diagnostic of
/// the workspace, and its log.
fn session_with_log(root: &Path, options: Options) -> (Value, Value, String) {
    let server = Server::start(root, options);
    let status = server.wait_ready();
    let all = server.command("corroborate.checkWorkspace", json!([]));
    (status, all, server.stderr())
}

#[test]
fn warm_and_mostly_reread_starts_give_the_diagnostics_of_a_cold_start() {
    let ws = workspace();
    let cache = tempfile::tempdir().expect("a cache folder");
    let (_, cold) = session(ws.path(), options(cache.path()), None);

    // Every file unchanged: the reused facts are indexed with the analysis.
    let (status, warm, log) = session_with_log(ws.path(), options(cache.path()));
    assert_eq!(status["cached"], 7, "{status}");
    assert_eq!(warm, cold);
    assert!(log.contains("warm start: 7 document(s) reused"), "{log}");

    // Four of the seven files touched (the same text, a new mtime): they are
    // read again (and only rehashed), the three others inserted first.
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
    for id in &SEED_IDS[..4] {
        let seed = ws.path().join(format!("seeds/{id}.txt"));
        std::fs::File::options().write(true).open(&seed).and_then(|f| f.set_modified(later)).expect("touch");
    }
    let (status, reread, log) = session_with_log(ws.path(), options(cache.path()));
    assert_eq!(status["cached"], 7, "{status}");
    assert_eq!(reread, cold);
    assert!(log.contains("3 reused document(s) inserted"), "{log}");
}

#[test]
fn with_the_cache_off_nothing_is_written() {
    let ws = workspace();

    // Off in the client's settings.
    let cache = tempfile::tempdir().expect("a cache folder");
    let off = Options { initialization_options: json!({ "cache": { "enabled": false } }), ..options(cache.path()) };
    let server = Server::start(ws.path(), off);
    assert_eq!(server.wait_ready()["cached"], 0);
    assert!(server.stderr().contains("fact cache off"), "{}", server.stderr());
    drop(server);
    assert_eq!(files_below(cache.path()), Vec::<PathBuf>::new());
    assert!(!cache.path().join("corroborate").exists());

    // Off in corroborate.toml.
    std::fs::write(ws.path().join("corroborate.toml"), "[cache]\nenabled = false\n").expect("config");
    let server = Server::start(ws.path(), options(cache.path()));
    assert_eq!(server.wait_ready()["total"], 7);
    drop(server);
    assert_eq!(files_below(cache.path()), Vec::<PathBuf>::new());

    // On again: the same session writes the pack there.
    std::fs::write(ws.path().join("corroborate.toml"), "[cache]\nenabled = true\n").expect("config");
    let server = Server::start(ws.path(), options(cache.path()));
    server.wait_ready();
    drop(server);
    pack(cache.path());
}
