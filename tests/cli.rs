//! The `corroborate` binary as a user or CI runs it: exit statuses, the
//! rustc-style text, the JSON schemas, and `show`.

mod common;

use std::process::Output;

fn corroborate(args: &[&str]) -> Output {
    common::run_cli(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn check_prints_rustc_style_diagnostics_and_exits_1_on_errors() {
    let out = corroborate(&["check", "seeds", "examples/notes"]);
    assert_eq!(out.status.code(), Some(1), "errors were planted in the notes");
    let text = stdout(&out);
    assert!(text.contains("error[unsupported-by-citation]: not supported by [@001_33e21df4586525e2]: the source says 11 %"), "{text}");
    assert!(text.contains("  --> examples/notes/partenariats-apple.md:19:43"), "{text}");
    assert!(text.contains("19 | Les ventes d'iPhone en Chine ont chuté de 20 % [@001_33e21df4586525e2]."), "{text}");
    assert!(text.contains("   |                                           ^^^^"), "the span is underlined under «20 %»:\n{text}");
    assert!(text.contains("::: seeds/001_33e21df4586525e2.txt:20:"), "related location in the source:\n{text}");
    assert!(text.trim_end().ends_with("corroborate: 3 error(s), 2 warning(s), 0 info, 0 hint(s) in 7 document(s)"), "{text}");
}

#[test]
fn check_exits_0_when_only_sources_are_read() {
    let out = corroborate(&["check", "seeds"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("0 error(s), 0 warning(s)"));
}

#[test]
fn check_json_follows_the_documented_schema() {
    let out = corroborate(&["check", "seeds", "examples/notes", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(report["version"], 1);
    let d =
        report["diagnostics"].as_array().expect("diagnostics array").iter().find(|d| d["code"] == "unsupported-by-citation").expect("planted figure problem");
    assert_eq!(d["path"], "examples/notes/partenariats-apple.md");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["range"]["start"], serde_json::json!({"line": 18, "character": 42}));
    assert_eq!(d["range"]["end"], serde_json::json!({"line": 18, "character": 46}));
    assert_eq!(d["related"][0]["path"], "seeds/001_33e21df4586525e2.txt");
    assert_eq!(report["summary"]["errors"], 3);
    assert_eq!(report["summary"]["documents"], 7);
}

#[test]
fn usage_and_io_errors_exit_2() {
    assert_eq!(corroborate(&["check", "no/such/folder"]).status.code(), Some(2));
    assert_eq!(corroborate(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn facts_json_lists_documents_entities_partnerships_and_figures() {
    let out = corroborate(&["facts", "seeds"]);
    assert!(out.status.success());
    let facts: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(facts["documents"].as_array().map(Vec::len), Some(5));
    let doc = &facts["documents"][0];
    assert_eq!(doc["id"], "000_e60ae45b298aeda3");
    assert_eq!(doc["date"], "2026-01-16");
    assert_eq!(doc["lang"], "fr");
    let figure = facts["figures"].as_array().unwrap().iter().find(|f| f["entity"] == "Gemini").expect("Gemini users");
    assert_eq!(figure["metric"], "users");
    assert_eq!(figure["cadence"], "monthly");
    assert_eq!(figure["value"], 650_000_000.0);
    assert_eq!(figure["unit"], "count");
    let vague = facts["figures"].as_array().unwrap().iter().find(|f| f["text"] == "plusieurs milliards").expect("vague amount");
    assert!(vague["value"]["low"].as_f64().unwrap() < vague["value"]["high"].as_f64().unwrap(), "an interval: {vague}");
    let coreweave = facts["partnerships"].as_array().unwrap().iter().find(|p| p["b"] == "CoreWeave").expect("deal");
    assert_eq!(coreweave["a"], "OpenAI");
    assert_eq!(coreweave["status"], "confirmed");
    let openai = facts["entities"].as_array().unwrap().iter().find(|e| e["name"] == "OpenAI").expect("entity");
    assert_eq!(openai["kind"], "company");
    assert!(openai["mentions"].as_array().unwrap().len() >= 10);
}

#[test]
fn show_prints_the_entity_card() {
    let out = corroborate(&["show", "alibaba", "seeds"]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.starts_with("Alibaba — company · products: Qwen"), "{text}");
    assert!(text.contains("Apple"), "{text}");
    assert!(text.contains("seeds/003_d6d9d0df0311f841.txt:"), "{text}");
    let unknown = corroborate(&["show", "Nobody Inc", "seeds"]);
    assert_eq!(unknown.status.code(), Some(2));
}
