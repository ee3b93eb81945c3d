//! Bibliographies map citation keys to documents: CSL-JSON (`id` with a
//! `file`, `path` or `URL` field) and BibTeX (`@type{key, file = {…}}`).
//! Paths are relative to the bibliography's folder.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Parses a bibliography's text. Unknown formats give an error message.
pub fn parse(path: &Path, text: &str) -> Result<HashMap<String, PathBuf>, String> {
    let base = path.parent().unwrap_or(Path::new(""));
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let entries = match ext.as_str() {
        "json" => parse_csl_json(text)?,
        "bib" | "bibtex" => parse_bibtex(text),
        other => return Err(format!("unknown bibliography format `.{other}` (use .json or .bib)")),
    };
    Ok(entries.into_iter().map(|(key, file)| (key, super::normalize(&base.join(file)))).collect())
}

fn parse_csl_json(text: &str) -> Result<Vec<(String, String)>, String> {
    let items: Vec<serde_json::Value> = serde_json::from_str(text).map_err(|e| format!("invalid CSL-JSON: {e}"))?;
    Ok(items
        .iter()
        .filter_map(|item| {
            let id = item.get("id")?.as_str()?;
            let file = ["file", "path", "URL"].iter().find_map(|k| item.get(*k)?.as_str())?;
            Some((id.to_string(), file.trim_start_matches("file://").to_string()))
        })
        .collect())
}

fn parse_bibtex(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in text.split('@').skip(1) {
        let Some(open) = entry.find(['{', '(']) else { continue };
        let body = &entry[open + 1..];
        let Some(comma) = body.find(',') else { continue };
        let key = body[..comma].trim();
        let fields = &body[comma + 1..];
        if let Some(file) = bibtex_field(fields, "file") {
            // JabRef style "description:path:type" keeps the middle part.
            let path = file.split(':').find(|p| p.contains('.')).unwrap_or(&file).to_string();
            out.push((key.to_string(), path));
        }
    }
    out
}

fn bibtex_field(fields: &str, name: &str) -> Option<String> {
    let lower = fields.to_ascii_lowercase();
    let mut search = 0;
    while let Some(rel) = lower[search..].find(name) {
        let at = search + rel;
        search = at + name.len();
        let before_ok = lower[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let rest = fields[at + name.len()..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value = rest[1..].trim_start();
        let (open, close) = match value.chars().next()? {
            '{' => ('{', '}'),
            '"' => ('"', '"'),
            _ => return None,
        };
        let inner = &value[open.len_utf8()..];
        let end = inner.find(close)?;
        return Some(inner[..end].trim().to_string());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csl_json_and_bibtex() {
        let csl = r#"[{"id": "ft2026", "file": "../seeds/000.txt"}, {"id": "nofile"}]"#;
        let map = parse(Path::new("refs/refs.json"), csl).unwrap();
        assert_eq!(map.get("ft2026"), Some(&PathBuf::from("seeds/000.txt")));
        assert_eq!(map.len(), 1);
        let bib = "@article{reuters2025,\n  title = {OpenAI},\n  file = {seeds/004.txt}\n}\n@misc{x, note={y}}";
        let map = parse(Path::new("refs.bib"), bib).unwrap();
        assert_eq!(map.get("reuters2025"), Some(&PathBuf::from("seeds/004.txt")));
        assert!(parse(Path::new("refs.xml"), "").is_err());
    }
}
