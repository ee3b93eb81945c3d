//! Incremental analysis equals a full one: over a generated corpus, random
//! edits (a figure's value, a deleted source, a new note, a citation, a
//! duplicated id, a new conflicting source) are applied one by one, and
//! after each `reanalyze` the diagnostics and stats must equal those of
//! `analyze` run from scratch on the same index — while recomputing only a
//! few documents and groups. Also: one group of 5,000 conflicting figures
//! stays linear in diagnostics and capped in related locations.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use corroborate::analysis::{analyze, Code, MAX_RELATED};
use corroborate::generate::{generate, CorpusSpec};
use corroborate::knowledge::Config;
use corroborate::workspace::Workspace;

/// SplitMix64, as the generator uses.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9e3779b97f4a7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d049bb133111eb);
        ((z ^ (z >> 31)) % n.max(1) as u64) as usize
    }
}

fn assert_same_as_full(ws: &Workspace, step: &str) {
    let full = analyze(ws.index(), ws.knowledge(), ws.settings());
    let incremental = ws.analysis();
    if incremental.diagnostics != full.diagnostics {
        let paths: Vec<&PathBuf> = incremental.diagnostics.keys().chain(full.diagnostics.keys()).collect();
        for p in paths {
            let (a, b) = (incremental.for_path(p), full.for_path(p));
            assert_eq!(a, b, "{step}: diagnostics of {} differ (left incremental, right full)", p.display());
        }
    }
    assert_eq!(incremental.stats, full.stats, "{step}: stats differ");
}

/// The text of `path` with the first figure's digits changed.
fn with_changed_figure(ws: &Workspace, path: &Path, text: &str) -> Option<String> {
    let facts = ws.index().get(path)?;
    let figure = facts.figures.first()?;
    let stated = text.get(figure.range.clone())?;
    let digits: String = stated.chars().filter(|c| c.is_ascii_digit()).collect();
    let value: u64 = digits.parse().ok()?;
    let changed = stated.replacen(&digits, &(value * 3 + 11).to_string(), 1);
    Some(format!("{}{}{}", &text[..figure.range.start], changed, &text[figure.range.end..]))
}

#[test]
fn random_edits_match_a_full_reanalysis() {
    let spec = CorpusSpec { documents: 240, note_every: 6, planted: 8, seed: 5 };
    let (docs, _) = generate(&spec);
    let root = Path::new("/corpus");
    let mut texts: BTreeMap<PathBuf, String> = docs.into_iter().map(|(p, t)| (root.join(p), t)).collect();
    let files: Vec<(PathBuf, String)> = texts.iter().map(|(p, t)| (p.clone(), t.clone())).collect();
    let mut ws = Workspace::from_texts(root, Config::default(), &files).expect("workspace");
    assert_same_as_full(&ws, "initial load");
    assert!(ws.analysis().last_update_work().full);

    let mut rng = Rng(42);
    let mut next_id = 0;
    for step in 0..120 {
        let paths: Vec<PathBuf> = texts.keys().cloned().collect();
        let path = paths[rng.below(paths.len())].clone();
        let sources: Vec<&PathBuf> = paths.iter().filter(|p| p.to_string_lossy().contains("/sources/")).collect();
        let source = sources[rng.below(sources.len())].clone();
        let source_id = source.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
        let kind = rng.below(7);
        let label = match kind {
            0 => {
                let Some(changed) = with_changed_figure(&ws, &source, &texts[&source]) else { continue };
                ws.set_text(&source, &changed);
                texts.insert(source.clone(), changed);
                format!("change a figure of {}", source.display())
            }
            1 => {
                ws.remove(&source);
                texts.remove(&source);
                format!("delete {}", source.display())
            }
            2 => {
                // A note citing a source, with a figure that may disagree.
                next_id += 1;
                let note = root.join(format!("notes/added{next_id}.md"));
                let figure = ws.index().get(&source).and_then(|d| d.figures.first().map(|f| f.text.clone())).unwrap_or_else(|| "12 %".to_string());
                let text = format!(
                    "---\nid: added{next_id}\nkind: note\n---\n\n# Added\n\nSelon la source, le chiffre est {figure} [@{source_id}].\n\nIn 2024, Apple held a market share of {}%.\n",
                    rng.below(60)
                );
                ws.set_text(&note, &text);
                texts.insert(note.clone(), text);
                format!("add {}", note.display())
            }
            3 => {
                // Point a note's citation elsewhere (or nowhere).
                let notes: Vec<&PathBuf> = paths.iter().filter(|p| p.to_string_lossy().contains("/notes/")).collect();
                let note = notes[rng.below(notes.len())].clone();
                let text = &texts[&note];
                let Some(start) = text.find("[@") else { continue };
                let Some(len) = text[start..].find(']') else { continue };
                let target = if rng.below(3) == 0 { "nowhere".to_string() } else { source_id.clone() };
                let edited = format!("{}[@{target}{}", &text[..start], &text[start + len..]);
                ws.set_text(&note, &edited);
                texts.insert(note.clone(), edited);
                format!("cite {target} in {}", note.display())
            }
            4 => {
                // Give a document the id of a source: a duplicate id.
                let text = &texts[&path];
                let Some(line) = text.lines().find(|l| l.starts_with("id: ")) else { continue };
                let edited = text.replacen(line, &format!("id: {source_id}"), 1);
                ws.set_text(&path, &edited);
                texts.insert(path.clone(), edited);
                format!("duplicate id {source_id} in {}", path.display())
            }
            5 => {
                // A new source contradicting an existing figure.
                let Some(changed) = with_changed_figure(&ws, &source, &texts[&source]) else { continue };
                next_id += 1;
                let copy = root.join(format!("sources/copy{next_id}.md"));
                let changed = changed.replacen(&format!("id: {source_id}"), &format!("id: copy{next_id}"), 1);
                ws.set_text(&copy, &changed);
                texts.insert(copy.clone(), changed);
                format!("add conflicting {}", copy.display())
            }
            _ => {
                // Restore a document exactly as it was generated (or re-set it).
                let text = texts[&path].clone();
                ws.set_text(&path, &text);
                format!("re-set {}", path.display())
            }
        };
        ws.reanalyze();
        let work = ws.analysis().last_update_work();
        assert!(!work.full, "step {step} ({label}) ran a full analysis");
        assert!(work.documents < texts.len() / 4, "step {step} ({label}) rechecked {} documents", work.documents);
        assert_same_as_full(&ws, &format!("step {step} ({label})"));
    }
    // And a full reanalysis from there agrees too.
    let before = ws.analysis().diagnostics.clone();
    ws.reanalyze_all();
    assert_eq!(ws.analysis().diagnostics, before);
}

#[test]
fn one_group_of_5000_conflicting_figures_stays_linear_and_capped() {
    let root = Path::new("/big");
    let n = 5000;
    // 5,000 sources, each with its own value for Apple's 2024 revenue: 10
    // clusters of values, the first the largest.
    let files: Vec<(PathBuf, String)> = (0..n)
        .map(|i| {
            let value = if i % 3 == 0 { 100 } else { 100 + 50 * (1 + i % 9) };
            let text = format!("---\nid: s{i}\ndate: 2024-06-01\n---\n\nApple reported revenue of ${value} billion in 2024.\n");
            (root.join(format!("sources/s{i:05}.md")), text)
        })
        .collect();
    let mut ws = Workspace::from_texts(root, Config::default(), &files).expect("workspace");
    let conflicts: Vec<_> = ws.analysis().all().filter(|d| d.code == Code::FigureConflict).collect();
    // One diagnostic per figure at most, each with capped related locations.
    assert!(conflicts.len() <= n, "{} diagnostics", conflicts.len());
    assert!(conflicts.len() >= n / 2, "{} diagnostics", conflicts.len());
    assert!(conflicts.iter().all(|d| d.related.len() <= MAX_RELATED + 1));
    let summarized = conflicts.iter().filter(|d| d.related.len() == MAX_RELATED + 1).count();
    assert!(summarized > 0);
    assert!(conflicts.iter().all(|d| d.related.last().is_some_and(|r| r.message.starts_with("… and ") || d.related.len() <= MAX_RELATED)));
    // Editing one source rechecks its group, not the other documents.
    let (path, text) = &files[1];
    ws.set_text(path, &text.replace("$200", "$100"));
    ws.reanalyze();
    let work = ws.analysis().last_update_work();
    assert_eq!((work.documents, work.figure_groups), (1, 1));
    assert_same_as_full(&ws, "after an edit in the big group");
}
