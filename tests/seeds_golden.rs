//! The bundled seeds and example notes, end to end through the library:
//! the facts read from each article (a reviewed snapshot), and the exact
//! set of diagnostics on the example notes: every planted problem found,
//! nothing on the correct claims.

use std::path::{Path, PathBuf};

use corroborate::workspace::Workspace;

fn load(paths: &[&str]) -> Workspace {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let paths: Vec<PathBuf> = paths.iter().map(|p| root.join(p)).collect();
    let ws = Workspace::load(root, &paths).expect("bundled workspace loads");
    assert!(ws.problems.is_empty(), "bundled files are all readable: {:?}", ws.problems);
    ws
}

/// Paths in listings relative to the repository, so snapshots are portable.
fn relative(text: String) -> String {
    text.replace(&format!("{}/", env!("CARGO_MANIFEST_DIR")), "")
}

#[test]
fn facts_of_every_seed_article() {
    let ws = load(&["seeds"]);
    insta::assert_snapshot!("seed_facts", relative(corroborate::cli::facts::render_text(&ws)));
}

#[test]
fn diagnostics_on_the_example_notes_are_exactly_the_planted_problems() {
    let ws = load(&["seeds", "examples/notes"]);
    let mut found: Vec<String> = ws
        .analysis()
        .all()
        .map(|d| {
            let doc = ws.index().get(&d.path).expect("indexed");
            let file = d.path.file_name().and_then(|f| f.to_str()).unwrap_or("?");
            format!("{file}:{} {} {}", doc.line_map.line_of(d.range.start) + 1, d.severity.label(), d.code.as_str())
        })
        .collect();
    found.sort();
    expect_test::expect![[r#"
        openai-compute.md:20 warning figure-conflict
        openai-compute.md:23 warning partnership-conflict
        partenariats-apple.md:16 error partnership-unsupported
        partenariats-apple.md:19 error unsupported-by-citation
        partenariats-apple.md:26 error unresolved-citation"#]]
    .assert_eq(&found.join("\n"));
}

#[test]
fn the_contradicted_figure_names_what_the_source_says() {
    let ws = load(&["seeds", "examples/notes"]);
    let d = ws.analysis().all().find(|d| d.code.as_str() == "unsupported-by-citation").expect("planted figure problem");
    assert_eq!(d.message, "not supported by [@001_33e21df4586525e2]: the source says 11 % (iPhone sales change: -11%)");
    let related = &d.related[0];
    assert!(related.path.ends_with("seeds/001_33e21df4586525e2.txt"));
    let source = std::fs::read_to_string(&related.path).expect("seed readable");
    assert!(source[related.range.clone()].contains("de 11 %"), "related range points at the source sentence");
}

#[test]
fn the_seeds_alone_agree_with_each_other() {
    let ws = load(&["seeds"]);
    let conflicts: Vec<_> = ws.analysis().all().map(|d| format!("{}: {}", d.code.as_str(), d.message)).collect();
    assert_eq!(conflicts, Vec::<String>::new());
}

#[test]
fn the_entity_card_lists_partners_with_sources() {
    let ws = load(&["seeds"]);
    let alibaba = ws.find_entity("Alibaba").expect("registered");
    let card = ws.entity_card(alibaba);
    let apple: Vec<_> = card.partnerships.iter().filter(|p| p.partner == "Apple").collect();
    let sources: Vec<String> = apple.iter().map(|p| format!("{} {}", p.source.id, p.status.label())).collect();
    assert_eq!(sources, vec!["001_33e21df4586525e2 reported", "003_d6d9d0df0311f841 confirmed"]);
}
