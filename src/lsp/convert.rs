//! Conversions between the core and the protocol: byte offsets ↔ LSP
//! positions in the negotiated encoding (clamped, never panicking), rope
//! positions for incoming edits, URIs ↔ paths, core diagnostics → LSP.

use ropey::Rope;
use serde_json::json;
use std::path::{Path, PathBuf};
use tower_lsp::lsp_types as lsp;

use crate::analysis::{Diagnostic, Severity};
use crate::index::normalize;
use crate::text::{Encoding, LineMap, Position};

pub const SOURCE: &str = "corroborate";

pub fn to_lsp_position(p: Position) -> lsp::Position {
    lsp::Position { line: p.line, character: p.character }
}

pub fn from_lsp_position(p: lsp::Position) -> Position {
    Position { line: p.line, character: p.character }
}

pub fn lsp_range(map: &LineMap, range: &std::ops::Range<usize>, encoding: Encoding) -> lsp::Range {
    let start = map.position(range.start, encoding);
    let end = map.position(range.end.max(range.start), encoding);
    lsp::Range { start: to_lsp_position(start), end: to_lsp_position(end) }
}

/// The char index in `rope` of an LSP position: a line past the end gives
/// the end of the text, a character past the end of its line the end of the
/// line, a character inside a multi-unit char that char's start (the same
/// rules as `LineMap::offset`). The rope must count only `\n`, `\r\n` and
/// `\r` as line breaks (ropey's `cr_lines` without `unicode_lines`).
pub fn rope_char_index(rope: &Rope, position: lsp::Position, encoding: Encoding) -> usize {
    let line = position.line as usize;
    if line >= rope.len_lines() {
        return rope.len_chars();
    }
    let start = rope.line_to_char(line);
    let wanted = position.character as usize;
    let mut units = 0usize;
    let mut index = 0usize;
    for c in rope.line(line).chars() {
        if c == '\n' || c == '\r' || units >= wanted {
            break;
        }
        let width = match encoding {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        };
        if units + width > wanted {
            break;
        }
        units += width;
        index += 1;
    }
    start + index
}

/// The path a `file:` URI names, lexically normalized; None for other schemes.
pub fn path_of(uri: &lsp::Url) -> Option<PathBuf> {
    if uri.scheme() != "file" {
        return None;
    }
    uri.to_file_path().ok().map(|p| normalize(&p))
}

pub fn uri_of(path: &Path) -> Option<lsp::Url> {
    lsp::Url::from_file_path(path).ok()
}

/// `file:///abs/path#L12` for a 0-based line: what hover cards link to.
pub fn line_link(path: &Path, line: u32) -> String {
    match uri_of(path) {
        Some(mut uri) => {
            uri.set_fragment(Some(&format!("L{}", line + 1)));
            uri.to_string()
        }
        None => path.display().to_string(),
    }
}

pub fn severity(s: Severity) -> lsp::DiagnosticSeverity {
    match s {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Information => lsp::DiagnosticSeverity::INFORMATION,
        Severity::Hint => lsp::DiagnosticSeverity::HINT,
    }
}

/// A core diagnostic for the client. `locate` converts a byte range of a
/// document to an LSP range (None when the document is gone); `version` is
/// the version of the buffer the diagnostic was computed on, kept in `data`
/// beside the fix so a code action can refuse a stale fix.
pub fn diagnostic(d: &Diagnostic, locate: &dyn Fn(&Path, &std::ops::Range<usize>) -> Option<lsp::Range>, version: Option<i32>) -> lsp::Diagnostic {
    let range = locate(&d.path, &d.range).unwrap_or_default();
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter_map(|r| {
            Some(lsp::DiagnosticRelatedInformation {
                location: lsp::Location { uri: uri_of(&r.path)?, range: locate(&r.path, &r.range)? },
                message: r.message.clone(),
            })
        })
        .collect();
    lsp::Diagnostic {
        range,
        severity: Some(severity(d.severity)),
        code: Some(lsp::NumberOrString::String(d.code.as_str().to_string())),
        code_description: None,
        source: Some(SOURCE.to_string()),
        message: d.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: d.fix.as_ref().map(|fix| json!({ "fix": fix, "version": version })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_positions(text: &str) -> Vec<lsp::Position> {
        let lines = text.split_inclusive(['\n']).count() + 3;
        let mut out = Vec::new();
        for line in 0..lines as u32 {
            for character in 0..12 {
                out.push(lsp::Position { line, character });
            }
        }
        out
    }

    #[test]
    fn rope_positions_agree_with_the_line_map() {
        let texts = ["", "abc", "é😀x\nça\r\nz\rq\n", "\r\n\r\n", "a\u{2028}b\u{85}c\n😀😀", "line\n", "x\r"];
        for text in texts {
            let rope = Rope::from_str(text);
            let map = LineMap::new(text);
            assert_eq!(rope.len_lines(), map.line_count(), "line count of {text:?}");
            for encoding in [Encoding::Utf8, Encoding::Utf16] {
                for pos in all_positions(text) {
                    let from_rope = rope.char_to_byte(rope_char_index(&rope, pos, encoding));
                    let from_map = map.offset(text, from_lsp_position(pos), encoding);
                    assert_eq!(from_rope, from_map, "{text:?} at {pos:?} in {encoding:?}");
                }
            }
        }
    }

    #[test]
    fn uris_round_trip_with_spaces_and_accents() {
        let path = Path::new("/tmp/dossier été/note 1.md");
        let uri = uri_of(path).unwrap();
        assert_eq!(uri.as_str(), "file:///tmp/dossier%20%C3%A9t%C3%A9/note%201.md");
        assert_eq!(path_of(&uri).unwrap(), path);
        assert_eq!(line_link(path, 0), "file:///tmp/dossier%20%C3%A9t%C3%A9/note%201.md#L1");
        assert!(path_of(&lsp::Url::parse("untitled:Untitled-1").unwrap()).is_none());
    }
}
