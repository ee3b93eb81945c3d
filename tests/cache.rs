//! The fact cache: a second load reuses every document's facts; a changed
//! file is re-extracted alone; a corrupt, truncated, old-version or
//! other-knowledge pack is detected, ignored and rebuilt, never trusted;
//! the pack is never written inside the workspace; `enabled = false` and
//! `--no-cache` (`LoadOptions { cache: false }`) leave it alone.

use std::path::{Path, PathBuf};

use corroborate::generate::{write, CorpusSpec};
use corroborate::workspace::{LoadOptions, Workspace};

fn corpus(dir: &Path, cache_dir: &Path) {
    write(&CorpusSpec { documents: 60, note_every: 6, planted: 3, seed: 9 }, dir).expect("corpus written");
    std::fs::write(dir.join("corroborate.toml"), format!("[cache]\ndir = {:?}\n", cache_dir.display().to_string())).expect("config");
}

fn load(root: &Path) -> Workspace {
    Workspace::load(root, &[]).expect("workspace")
}

fn diagnostics(ws: &Workspace) -> Vec<String> {
    ws.analysis().all().map(|d| format!("{} {:?} {} {}", d.path.display(), d.range, d.code.as_str(), d.message)).collect()
}

fn pack(root: &Path) -> PathBuf {
    load(root).load_stats.cache_file.expect("cache on")
}

#[test]
fn warm_loads_reuse_facts_and_damaged_packs_are_rebuilt() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (root, cache_dir) = (tmp.path().join("ws"), tmp.path().join("cache"));
    corpus(&root, &cache_dir);

    let cold = load(&root);
    assert_eq!(cold.load_stats.extracted, 60);
    assert!(cold.load_stats.cache_written);
    let file = cold.load_stats.cache_file.clone().expect("cache on");
    assert!(file.starts_with(&cache_dir), "{}", file.display());
    let expected = diagnostics(&cold);
    assert!(!expected.is_empty());

    let warm = load(&root);
    assert_eq!((warm.load_stats.reused, warm.load_stats.extracted), (60, 0));
    assert!(!warm.load_stats.cache_written);
    assert_eq!(diagnostics(&warm), expected);

    // One changed file: only it is extracted; its new facts are used.
    let source = root.join("sources/art000000.md");
    let text = std::fs::read_to_string(&source).expect("source");
    std::fs::write(&source, text.replace("id: art000000", "id: renamed")).expect("edit");
    let edited = load(&root);
    assert_eq!(edited.load_stats.extracted, 1);
    assert_eq!(edited.index().get(&source).map(|d| &*d.meta.id), Some("renamed"));
    std::fs::write(&source, &text).expect("restore");
    // Same content, new mtime: the hash shows it is unchanged.
    let restored = load(&root);
    assert_eq!(restored.load_stats.extracted, 1, "content differs from the pack's, so re-extracted");
    let touched = {
        let now = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
        std::fs::File::options().write(true).open(&source).and_then(|f| f.set_modified(now)).expect("touch");
        load(&root)
    };
    assert_eq!((touched.load_stats.rehashed, touched.load_stats.extracted), (1, 0));
    assert_eq!(diagnostics(&touched), expected);

    // Damaged packs: flipped byte, truncation, other version, other magic.
    let good = std::fs::read(&file).expect("pack");
    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x40;
    let mut old_version = good.clone();
    old_version[8] = old_version[8].wrapping_add(1);
    let mut bad_magic = good.clone();
    bad_magic[0] = b'X';
    let damaged: [(&str, Vec<u8>); 5] = [
        ("flipped byte", flipped),
        ("truncated", good[..good.len() - 100].to_vec()),
        ("header only", good[..20].to_vec()),
        ("old version", old_version),
        ("bad magic", bad_magic),
    ];
    for (what, bytes) in damaged {
        std::fs::write(&file, bytes).expect("damage");
        let ws = load(&root);
        assert_eq!(ws.load_stats.reused, 0, "{what}: damaged pack trusted");
        assert!(ws.load_stats.cache_miss.is_some(), "{what}");
        assert!(ws.load_stats.cache_written, "{what}: not rebuilt");
        assert_eq!(diagnostics(&ws), expected, "{what}");
        assert_eq!(load(&root).load_stats.reused, 60, "{what}: rebuilt pack not used");
    }
}

#[test]
fn the_pack_is_never_inside_the_workspace_and_can_be_turned_off() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("ws");
    corpus(&root, &root.join(".cache"));
    let ws = load(&root);
    assert!(ws.load_stats.cache_file.is_none(), "a cache folder inside the workspace is refused");
    assert!(!root.join(".cache").exists());

    let cache_dir = tmp.path().join("cache");
    std::fs::write(root.join("corroborate.toml"), format!("[cache]\nenabled = false\ndir = {:?}\n", cache_dir.display().to_string())).expect("config");
    assert!(load(&root).load_stats.cache_file.is_none());
    assert!(!cache_dir.exists());

    std::fs::write(root.join("corroborate.toml"), format!("[cache]\ndir = {:?}\n", cache_dir.display().to_string())).expect("config");
    let off = Workspace::load_with(&root, &[], LoadOptions { cache: false }).expect("workspace");
    assert!(off.load_stats.cache_file.is_none());
    assert!(!cache_dir.exists());
    assert!(pack(&root).starts_with(&cache_dir));
}
