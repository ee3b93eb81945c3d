//! When facts disagree: each rule of the analysis as a small workspace and
//! the exact diagnostics it gets (`file:line severity code: message`).

mod fixture;

use expect_test::{expect, Expect};

fn check(workspace: &str, expected: Expect) {
    let ws = fixture::workspace(workspace);
    expected.assert_eq(&fixture::diagnostics(&ws));
    assert_cited_doc_is_resolve(&ws);
}

/// `Index::cited_doc`, which the analysis uses, leads where `resolve`
/// then `get` lead, for every citation of the workspace.
fn assert_cited_doc_is_resolve(ws: &corroborate::workspace::Workspace) {
    use corroborate::index::Resolution;
    let index = ws.index();
    for doc in index.docs() {
        for c in doc.citations() {
            let expected = match index.resolve(&doc.path, c) {
                Resolution::Doc(path) => index.get(&path).map(|d| d.path.clone()),
                _ => None,
            };
            assert_eq!(index.cited_doc(&doc.path, c).map(|d| d.path.clone()), expected, "{} in {}", c.key, doc.path.display());
        }
    }
}

#[test]
fn sources_disagreeing_on_a_figure_are_both_flagged() {
    check(
        "//- seeds/a.txt
 date 2025-12-02
Gemini compte 650 millions d'utilisateurs mensuels.
//- seeds/b.txt
 date 2025-11-20
Gemini has 400 million monthly users.
",
        expect![[r#"
            seeds/a.txt:2 warning figure-conflict: Gemini monthly users: 650 million here (2025), but [b] (2025-11-20) says 400 million (2025)
            seeds/b.txt:2 warning figure-conflict: Gemini monthly users: 400 million here (2025), but [a] (2025-12-02) says 650 million (2025)
        "#]],
    );
}

#[test]
fn different_metrics_and_cadences_never_conflict() {
    check(
        "//- seeds/a.txt
 date 2025-12-02
OpenAI revendique 800 millions d'utilisateurs actifs mensuels.
OpenAI a levé 40 milliards de dollars.
//- seeds/b.txt
 date 2025-12-05
OpenAI has 300 million weekly users.
OpenAI is seeking to raise $100 billion.
",
        expect![""],
    );
}

#[test]
fn precision_and_tolerance_absorb_rounding() {
    check(
        "//- seeds/a.txt
 date 2025-01-10
Google Cloud a gagné 43 milliards de dollars en 2024.
//- seeds/b.txt
 date 2025-02-01
Google Cloud earned $43.2 billion in revenue in 2024.
",
        expect![""],
    );
}

#[test]
fn unknown_periods_conflict_at_lower_severity() {
    check(
        "//- seeds/a.txt
Avec 15% du marché, Apple domine.
//- seeds/b.txt
Apple holds a market share of 25%.
",
        expect![[r#"
            seeds/a.txt:1 info figure-conflict: Apple market share: 15% here (unknown period), but [b] says 25% (unknown period)
            seeds/b.txt:1 info figure-conflict: Apple market share: 25% here (unknown period), but [a] says 15% (unknown period)
        "#]],
    );
}

#[test]
fn non_overlapping_periods_do_not_conflict() {
    check(
        "//- seeds/a.txt
Nvidia a réalisé un chiffre d'affaires de 30 milliards de dollars en 2023.
//- seeds/b.txt
Nvidia reported revenue of $60 billion in 2024.
",
        expect![""],
    );
}

#[test]
fn a_newer_source_saying_now_revises_rather_than_contradicts() {
    check(
        "//- seeds/old.txt
 date 2025-03-01
ChatGPT compte 400 millions d'utilisateurs hebdomadaires.
//- seeds/new.txt
 date 2025-10-01
ChatGPT now has 800 million weekly users.
",
        expect![[r#"
            seeds/old.txt:2 hint figure-revised: ChatGPT weekly users: revised by [new] (2025-10-01), which now says 800 million
        "#]],
    );
}

#[test]
fn partnership_confirmed_against_rejected_says_which_source_is_newer() {
    check(
        "//- seeds/a.txt
 date 2025-02-01
Apple a choisi Baidu pour ses modèles en Chine.
//- seeds/b.txt
 date 2025-03-15
Apple rejected a partnership with Baidu.
",
        expect![[r#"
            seeds/a.txt:2 warning partnership-conflict: Apple–Baidu: confirmed here, but [b] (2025-03-15) says rejected; [b] (2025-03-15) is newer
            seeds/b.txt:2 warning partnership-conflict: Apple–Baidu: rejected here, but [a] (2025-02-01) says confirmed; this source is newer
        "#]],
    );
}

#[test]
fn note_claims_against_their_citations() {
    check(
        "//- seeds/s.txt
 date 2025-12-02
Gemini compte 650 millions d'utilisateurs mensuels.
Apple a rejeté un partenariat avec DeepSeek.
//- notes/n.md
---
kind: note
---
Gemini compte 650 millions d'utilisateurs mensuels [@s].

Gemini compte 500 millions d'utilisateurs mensuels [@s].

Gemini a levé 2 milliards de dollars [@s].

Apple a signé un accord avec DeepSeek [@s].

Apple a choisi Baidu [@s].

Voir [@nowhere] et [[s]] et [la source](../seeds/s.txt) et [[../../etc/passwd]].
",
        expect![[r#"
            notes/n.md:10 error partnership-unsupported: not supported by [@s]: the source says Apple–DeepSeek is rejected
            notes/n.md:12 warning not-in-source: [@s] says nothing of Apple–Baidu
            notes/n.md:14 error citation-outside-workspace: `../../etc/passwd` is outside the workspace folders: not read
            notes/n.md:14 error unresolved-citation: unresolved citation key `nowhere`: no document has this id or alias
            notes/n.md:6 error unsupported-by-citation: not supported by [@s]: the source says 650 millions (Gemini users: 650 million)
            notes/n.md:8 warning not-in-source: [@s] states no Gemini funding raised figure
        "#]],
    );
}

#[test]
fn bibliography_keys_and_aliases_resolve() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let write = |name: &str, text: &str| {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    };
    write("corroborate.toml", "bibliography = [\"refs.json\", \"refs.bib\", \"../outside.bib\"]\n");
    write("refs.json", r#"[{"id": "ft2026", "file": "seeds/s.txt"}]"#);
    write("refs.bib", "@article{reuters2025,\n  file = {seeds/s.txt}\n}\n");
    write("seeds/s.txt", "Apple a choisi Alibaba.\n");
    write("notes/n.md", "---\nkind: note\naliases: [mynote]\n---\nApple a choisi Alibaba [@ft2026] [@reuters2025] [@mynote] [@unknown].\n");
    let ws = corroborate::workspace::Workspace::load(root, &[]).expect("loads");
    assert_cited_doc_is_resolve(&ws);
    let codes: Vec<String> = ws.analysis().all().map(|d| format!("{}: {}", d.code.as_str(), d.message)).collect();
    assert_eq!(codes, vec!["unresolved-citation: unresolved citation key `unknown`: no document has this id or alias"]);
    let problems: Vec<String> = ws.problems.iter().map(|p| p.message.clone()).collect();
    assert_eq!(problems, vec!["bibliography is outside the workspace: not read"]);
}

#[test]
fn tolerance_is_configurable() {
    check(
        "//- corroborate.toml
tolerance = 0.3
//- seeds/a.txt
Gemini compte 650 millions d'utilisateurs mensuels.
//- seeds/b.txt
Gemini has 500 million monthly users.
",
        expect![""],
    );
}
