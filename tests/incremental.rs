//! Incremental analysis equals a full one: over a generated corpus, random
//! edits (a figure's value, a deleted source, a new note, a citation, a
//! duplicated id, a new conflicting source) are applied one by one, and
//! after each `reanalyze` the diagnostics and stats must equal those of
//! `analyze` run from scratch on the same index — while recomputing only a
//! few documents and groups. The same edits made while a full analysis
//! runs on a job taken from the workspace (the language server's indexing)
//! are replayed when it is installed; so are those made while a job adds
//! documents in bulk (a warm start), where what the workspace holds wins.
//! Also: one group of 5,000 conflicting figures stays linear in diagnostics
//! and capped in related locations.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use corroborate::analysis::{analyze, Code, MAX_RELATED};
use corroborate::extract::{content_hash, DocFacts};
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
    let range = figure.range.range();
    let stated = text.get(range.clone())?;
    let digits: String = stated.chars().filter(|c| c.is_ascii_digit()).collect();
    let value: u64 = digits.parse().ok()?;
    let changed = stated.replacen(&digits, &(value * 3 + 11).to_string(), 1);
    Some(format!("{}{}{}", &text[..range.start], changed, &text[range.end..]))
}

/// A generated corpus and the random edits the tests apply to it.
struct Edits {
    root: PathBuf,
    texts: BTreeMap<PathBuf, String>,
    rng: Rng,
    next_id: usize,
}

impl Edits {
    fn new(root: &Path, documents: usize, seed: u64) -> Edits {
        let spec = CorpusSpec { documents, note_every: 6, planted: 8, seed };
        let (docs, _) = generate(&spec);
        let texts: BTreeMap<PathBuf, String> = docs.into_iter().map(|(p, t)| (root.join(p), t)).collect();
        Edits { root: root.to_path_buf(), texts, rng: Rng(42), next_id: 0 }
    }

    fn files(&self) -> Vec<(PathBuf, String)> {
        self.texts.iter().map(|(p, t)| (p.clone(), t.clone())).collect()
    }

    /// Applies one random edit to `ws` (and to `texts`); returns what it
    /// did, or None when the edit did not apply.
    fn random(&mut self, ws: &mut Workspace) -> Option<String> {
        let (root, texts, rng) = (&self.root, &mut self.texts, &mut self.rng);
        let paths: Vec<PathBuf> = texts.keys().cloned().collect();
        let path = paths[rng.below(paths.len())].clone();
        let sources: Vec<&PathBuf> = paths.iter().filter(|p| p.to_string_lossy().contains("/sources/")).collect();
        let source = sources[rng.below(sources.len())].clone();
        let source_id = source.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
        let kind = rng.below(7);
        let label = match kind {
            0 => {
                let changed = with_changed_figure(ws, &source, &texts[&source])?;
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
                self.next_id += 1;
                let next_id = self.next_id;
                let note = root.join(format!("notes/added{next_id}.md"));
                let figure = ws.index().get(&source).and_then(|d| d.figures.first().map(|f| f.text.to_string())).unwrap_or_else(|| "12 %".to_string());
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
                let start = text.find("[@")?;
                let len = text[start..].find(']')?;
                let target = if rng.below(3) == 0 { "nowhere".to_string() } else { source_id.clone() };
                let edited = format!("{}[@{target}{}", &text[..start], &text[start + len..]);
                ws.set_text(&note, &edited);
                texts.insert(note.clone(), edited);
                format!("cite {target} in {}", note.display())
            }
            4 => {
                // Give a document the id of a source: a duplicate id.
                let text = &texts[&path];
                let line = text.lines().find(|l| l.starts_with("id: "))?;
                let edited = text.replacen(line, &format!("id: {source_id}"), 1);
                ws.set_text(&path, &edited);
                texts.insert(path.clone(), edited);
                format!("duplicate id {source_id} in {}", path.display())
            }
            5 => {
                // A new source contradicting an existing figure.
                let changed = with_changed_figure(ws, &source, &texts[&source])?;
                self.next_id += 1;
                let next_id = self.next_id;
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
        Some(label)
    }
}

#[test]
fn random_edits_match_a_full_reanalysis() {
    let root = Path::new("/corpus");
    let mut edits = Edits::new(root, 240, 5);
    let mut ws = Workspace::from_texts(root, Config::default(), &edits.files()).expect("workspace");
    assert_same_as_full(&ws, "initial load");
    assert!(ws.analysis().last_update_work().full);

    for step in 0..120 {
        let Some(label) = edits.random(&mut ws) else { continue };
        ws.reanalyze();
        let work = ws.analysis().last_update_work();
        assert!(!work.full, "step {step} ({label}) ran a full analysis");
        assert!(work.documents < edits.texts.len() / 4, "step {step} ({label}) rechecked {} documents", work.documents);
        assert_same_as_full(&ws, &format!("step {step} ({label})"));
    }
    // And a full reanalysis from there agrees too.
    let before = ws.analysis().diagnostics.clone();
    ws.reanalyze_all();
    assert_eq!(ws.analysis().diagnostics, before);
}

/// The language server's indexing: a full analysis runs on a job taken from
/// the workspace while edits go on; once installed (the edits replayed), the
/// analysis equals a full analysis of the current index, and keeps up with
/// edits incrementally.
#[test]
fn an_analysis_run_while_edits_go_on_installs_equal_to_a_full_one() {
    let root = Path::new("/corpus");
    let mut edits = Edits::new(root, 240, 7);
    // Indexed without analysis, as the language server's indexing leaves it.
    let mut ws = Workspace::new(root, Config::default(), vec![root.to_path_buf()]).expect("workspace");
    for (path, text) in edits.files() {
        ws.set_text(&path, &text);
    }
    assert!(ws.needs_full_analysis());

    for round in 0..3 {
        let job = ws.analysis_job();
        assert_eq!(job.documents(), ws.index().len());
        let mut labels = Vec::new();
        while labels.len() < 25 {
            labels.extend(edits.random(&mut ws));
        }
        // A document added and removed again while the job runs, and one
        // edited twice.
        let passing = root.join(format!("notes/passing{round}.md"));
        ws.set_text(&passing, "---\nid: passing\n---\n\nApple a conclu un partenariat avec Baidu.\n");
        ws.remove(&passing);
        let run = job.run();
        assert!(run.analysis().all().count() > 0, "the job analysed the corpus");
        labels.extend(edits.random(&mut ws));
        let installed = ws.install_analysis(run);
        assert!(installed.installed, "round {round}: the latest job is installed");
        assert!(installed.replayed > 0 && installed.replayed <= labels.len(), "round {round}: {} replayed for {} edits", installed.replayed, labels.len());
        assert!(!ws.needs_full_analysis());
        assert_same_as_full(&ws, &format!("round {round}, after installing over {labels:?}"));
        // From there, incremental updates.
        for step in 0..5 {
            let Some(label) = edits.random(&mut ws) else { continue };
            ws.reanalyze();
            assert!(!ws.analysis().last_update_work().full);
            assert_same_as_full(&ws, &format!("round {round}, step {step} after the install ({label})"));
        }
        // The next round starts over from an incomplete analysis.
        ws.set_tolerance(ws.settings().tolerance);
        assert!(ws.needs_full_analysis());
    }
}

/// A warm start: documents from the fact cache join the index through a
/// job (`analysis_job_with`), indexed and analysed off the workspace. What
/// the workspace holds when the job is taken (an open buffer) wins over
/// them; edits made while the job runs are replayed at the install (a
/// buffer opened over an added document, an added document deleted, a new
/// one); the installed analysis equals a full one and goes on
/// incrementally. A refused job adds nothing.
#[test]
fn a_bulk_load_through_a_job_keeps_the_workspace_and_the_edits_made_meanwhile() {
    let root = Path::new("/corpus");
    let mut edits = Edits::new(root, 240, 11);
    let mut ws = Workspace::new(root, Config::default(), vec![root.to_path_buf()]).expect("workspace");
    let files = edits.files();
    let from_disk: Vec<Arc<DocFacts>> = files.iter().map(|(path, text)| Arc::new(ws.extractor().extract(path, text, ws.in_notes_folder(path)))).collect();
    let of_kind = |kind: &str| -> Vec<PathBuf> { files.iter().map(|(p, _)| p.clone()).filter(|p| p.to_string_lossy().contains(kind)).collect() };
    let (notes, sources) = (of_kind("/notes/"), of_kind("/sources/"));
    let with_figure = |path: &Path, value: u32| format!("{}\nApple reported revenue of ${value} billion in 2024.\n", edits.texts[path]);

    // Open before the job is taken: the buffer wins over the disk's facts.
    let open = notes[0].clone();
    let buffer = with_figure(&open, 901);
    ws.set_text(&open, &buffer);
    let job = ws.analysis_job_with(from_disk.clone());
    assert_eq!(job.documents(), 1, "the workspace held the buffer only");

    // While the job runs.
    let opened_later = sources[0].clone();
    let later_buffer = with_figure(&opened_later, 902);
    ws.set_text(&opened_later, &later_buffer);
    let deleted = sources[1].clone();
    assert!(!ws.remove(&deleted), "not in the workspace's index yet");
    let added = root.join("notes/added-meanwhile.md");
    let added_text = "---\nid: added-meanwhile\nkind: note\n---\n\nApple reported revenue of $903 billion in 2024.\n";
    ws.set_text(&added, added_text);

    let installed = ws.install_analysis(job.run());
    assert!(installed.installed);
    assert_eq!(installed.replayed, 3, "the buffer opened later, the deletion, the new note");
    assert_eq!(ws.index().len(), files.len() - 1 + 1);
    assert!(ws.index().get(&deleted).is_none(), "deleted while the job ran");
    let hash_of = |path: &Path| ws.index().get(path).map(|d| d.content_hash);
    assert_eq!(hash_of(&open), Some(content_hash(&buffer)), "the buffer open before the job wins");
    assert_eq!(hash_of(&opened_later), Some(content_hash(&later_buffer)), "the buffer opened meanwhile wins");
    assert_eq!(hash_of(&added), Some(content_hash(added_text)));
    for (path, text) in &files {
        if ![&open, &opened_later, &deleted].contains(&path) {
            assert_eq!(hash_of(path), Some(content_hash(text)), "{} from disk", path.display());
        }
    }
    assert!(!ws.needs_full_analysis());
    assert_same_as_full(&ws, "after the bulk install");
    for step in 0..8 {
        let Some(label) = edits.random(&mut ws) else { continue };
        ws.reanalyze();
        assert!(!ws.analysis().last_update_work().full);
        assert_same_as_full(&ws, &format!("step {step} after the bulk install ({label})"));
    }

    // A refused bulk job adds nothing.
    let stray = Arc::new(ws.extractor().extract(&root.join("sources/stray.md"), "---\nid: stray\n---\n\nApple.\n", false));
    let job = ws.analysis_job_with(vec![stray.clone()]);
    ws.set_tolerance(ws.settings().tolerance);
    assert!(!ws.install_analysis(job.run()).installed);
    assert!(ws.index().get(&stray.path).is_none());
}

/// A job is installed only into the workspace that made it, if it is the
/// latest one and no settings change or bulk load made it obsolete.
#[test]
fn obsolete_analysis_jobs_are_refused() {
    let root = Path::new("/corpus");
    let edits = Edits::new(root, 60, 3);
    let mut ws = Workspace::new(root, Config::default(), vec![root.to_path_buf()]).expect("workspace");
    for (path, text) in edits.files() {
        ws.set_text(&path, &text);
    }
    let mut other = Workspace::new(root, Config::default(), vec![root.to_path_buf()]).expect("workspace");

    // A newer job supersedes an older one.
    let older = ws.analysis_job();
    let newer = ws.analysis_job();
    assert!(!ws.install_analysis(older.run()).installed);
    assert!(ws.needs_full_analysis(), "a refused job leaves the analysis as it was");
    let newer = newer.run();
    // Another workspace's job, even of the same documents.
    let foreign = other.analysis_job();
    assert!(!ws.install_analysis(foreign.run()).installed);
    assert!(ws.install_analysis(newer).installed);
    assert_same_as_full(&ws, "after the newer job");

    // A settings change makes a job obsolete.
    ws.set_tolerance(rust_decimal::Decimal::new(30, 2));
    let job = ws.analysis_job();
    ws.set_tolerance(rust_decimal::Decimal::new(5, 2));
    assert!(!ws.install_analysis(job.run()).installed);
    assert!(ws.needs_full_analysis());
    // Installed twice: the second time is refused.
    let job = ws.analysis_job().run();
    let again = ws.analysis_job();
    assert!(ws.install_analysis(again.run()).installed);
    assert!(!ws.install_analysis(job).installed);
    assert_same_as_full(&ws, "after the refusals");
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
