//! `corroborate check`: diagnostics in the style of rustc, or as JSON.

use serde::Serialize;
use std::fmt::Write;
use std::path::Path;

use super::{human_position, Texts};
use crate::analysis::{Diagnostic, Severity};
use crate::text::{Encoding, LineMap, Position};
use crate::workspace::Workspace;

/// The JSON output of `check --format json` (schema version 1).
#[derive(Serialize)]
pub struct CheckReport {
    pub version: u32,
    pub diagnostics: Vec<JsonDiagnostic>,
    pub summary: Summary,
}

#[derive(Serialize)]
pub struct JsonRange {
    pub start: Position,
    pub end: Position,
}

#[derive(Serialize)]
pub struct JsonRelated {
    pub path: String,
    pub range: JsonRange,
    pub message: String,
}

#[derive(Serialize)]
pub struct JsonDiagnostic {
    pub path: String,
    pub range: JsonRange,
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub related: Vec<JsonRelated>,
}

#[derive(Serialize, Default)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub information: usize,
    pub hints: usize,
    pub documents: usize,
    pub skipped: Vec<Skipped>,
}

#[derive(Serialize)]
pub struct Skipped {
    pub path: String,
    pub message: String,
}

fn sorted_diagnostics(ws: &Workspace) -> Vec<&Diagnostic> {
    let mut all: Vec<&Diagnostic> = ws.analysis().all().collect();
    all.sort_by(|a, b| (&a.path, a.range.start, a.code).cmp(&(&b.path, b.range.start, b.code)));
    all
}

pub fn summary(ws: &Workspace) -> Summary {
    let mut s = Summary { documents: ws.index().len(), ..Summary::default() };
    for d in ws.analysis().all() {
        match d.severity {
            Severity::Error => s.errors += 1,
            Severity::Warning => s.warnings += 1,
            Severity::Information => s.information += 1,
            Severity::Hint => s.hints += 1,
        }
    }
    s.skipped = ws.problems.iter().map(|p| Skipped { path: p.path.display().to_string(), message: p.message.clone() }).collect();
    s
}

fn json_range(map: Option<&LineMap>, range: &std::ops::Range<usize>) -> JsonRange {
    let pos = |offset| map.map(|m| m.position(offset, Encoding::Utf16)).unwrap_or(Position { line: 0, character: 0 });
    JsonRange { start: pos(range.start), end: pos(range.end) }
}

pub fn report(ws: &Workspace) -> CheckReport {
    let map_of = |path: &Path| ws.index().get(path).map(|d| &d.line_map);
    let diagnostics = sorted_diagnostics(ws)
        .into_iter()
        .map(|d| JsonDiagnostic {
            path: d.path.display().to_string(),
            range: json_range(map_of(&d.path), &d.range),
            severity: d.severity,
            code: d.code.as_str(),
            message: d.message.clone(),
            related: d
                .related
                .iter()
                .map(|r| JsonRelated { path: r.path.display().to_string(), range: json_range(map_of(&r.path), &r.range), message: r.message.clone() })
                .collect(),
        })
        .collect();
    CheckReport { version: 1, diagnostics, summary: summary(ws) }
}

/// rustc-style text: header, location, the line with the span underlined,
/// related locations, then a summary line.
pub fn render_text(ws: &Workspace, color: bool) -> String {
    let mut texts = Texts::default();
    let mut out = String::new();
    for p in &ws.problems {
        let _ = writeln!(out, "{}: {}\n", paint("warning", Severity::Warning, color), p);
    }
    for d in sorted_diagnostics(ws) {
        render_one(ws, d, &mut texts, color, &mut out);
    }
    let s = summary(ws);
    let _ = writeln!(
        out,
        "corroborate: {} error(s), {} warning(s), {} info, {} hint(s) in {} document(s){}",
        s.errors,
        s.warnings,
        s.information,
        s.hints,
        s.documents,
        if s.skipped.is_empty() { String::new() } else { format!(", {} file(s) skipped", s.skipped.len()) }
    );
    out
}

fn paint(word: &str, severity: Severity, color: bool) -> String {
    if !color {
        return word.to_string();
    }
    let code = match severity {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        Severity::Information => "1;36",
        Severity::Hint => "1;32",
    };
    format!("\x1b[{code}m{word}\x1b[0m")
}

fn render_one(ws: &Workspace, d: &Diagnostic, texts: &mut Texts, color: bool, out: &mut String) {
    let _ = writeln!(out, "{}[{}]: {}", paint(d.severity.label(), d.severity, color), d.code.as_str(), d.message);
    let Some(doc) = ws.index().get(&d.path) else { return };
    let Some(text) = texts.get(&d.path).map(str::to_string) else {
        let _ = writeln!(out, "  --> {}\n", d.path.display());
        return;
    };
    let (line, col) = human_position(&text, &doc.line_map, d.range.start);
    let gutter = line.to_string().len();
    let pad = " ".repeat(gutter);
    let _ = writeln!(out, "{pad}--> {}:{line}:{col}", d.path.display());
    if let Some(range) = doc.line_map.line_range(line - 1) {
        let content = text.get(range.clone()).unwrap_or("");
        let (shown, underline) = excerpt(content, d.range.start.saturating_sub(range.start), d.range.end.min(range.end).saturating_sub(range.start));
        let _ = writeln!(out, "{pad} |\n{line} | {shown}\n{pad} | {underline}");
    }
    for r in &d.related {
        let location = match (ws.index().get(&r.path), texts.get(&r.path)) {
            (Some(other), Some(t)) => {
                let (l, c) = human_position(t, &other.line_map, r.range.start);
                format!("{}:{l}:{c}", r.path.display())
            }
            _ => r.path.display().to_string(),
        };
        let _ = writeln!(out, "{pad} = note: {}\n{pad}  ::: {location}", r.message);
    }
    out.push('\n');
}

/// The line (shortened around the span when long) and a caret underline.
fn excerpt(line: &str, start: usize, end: usize) -> (String, String) {
    const WIDTH: usize = 110;
    let start = floor_boundary(line, start.min(line.len()));
    let end = floor_boundary(line, end.max(start).min(line.len()));
    let chars_before = line[..start].chars().count();
    let span_chars = line[start..end].chars().count().max(1);
    let total = line.chars().count();
    let skip = if total > WIDTH && chars_before > 30 { chars_before - 30 } else { 0 };
    let shown: String = line.chars().skip(skip).take(WIDTH).collect();
    let prefix = if skip > 0 { "…" } else { "" };
    let suffix = if skip + WIDTH < total { "…" } else { "" };
    let caret_pad = chars_before - skip + prefix.chars().count();
    (format!("{prefix}{shown}{suffix}"), format!("{}{}", " ".repeat(caret_pad), "^".repeat(span_chars.min(WIDTH))))
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Exit status: 1 when any error-severity diagnostic was found.
pub fn exit_status(ws: &Workspace) -> i32 {
    if ws.analysis().all().any(|d| d.severity == Severity::Error) {
        1
    } else {
        0
    }
}
