//! Documents as files present them: front matter or ` date` header, title,
//! kind (note or source), language, and citations. Invariant: parsing never
//! fails; problems with the file's own metadata become `problems`.

pub mod citations;
pub mod front_matter;
pub mod header;
pub mod language;

pub use citations::{parse_citations, Citation, CitationKind};

use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::path::Path;

use crate::facts::Date;
use crate::lang::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    Source,
    Note,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Format {
    Markdown,
    PlainText,
}

impl Format {
    pub fn of_path(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "txt" => Some(Format::PlainText),
            _ => None,
        }
    }
}

/// What a document says about itself. (Kept for every document: boxed
/// strings and slices, which have no spare room.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocMeta {
    pub id: Box<str>,
    pub kind: DocKind,
    pub format: Format,
    pub lang: Lang,
    pub title: Box<str>,
    pub date: Option<Date>,
    pub outlet: Option<Box<str>>,
    pub url: Option<Box<str>>,
    pub aliases: Box<[Box<str>]>,
}

impl DocMeta {
    /// The keys citations name the document by: its id, then its aliases.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        std::iter::once(&*self.id).chain(self.aliases.iter().map(|a| &**a))
    }

    pub fn kind_label(&self) -> &'static str {
        match self.kind {
            DocKind::Source => "source",
            DocKind::Note => "note",
        }
    }
}

/// A problem with the document's own metadata, at a range of its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetaProblem {
    pub range: Range<usize>,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct ParsedDocument {
    pub meta: DocMeta,
    /// The prose: after front matter and header lines.
    pub body: Range<usize>,
    pub citations: Vec<Citation>,
    pub problems: Vec<MetaProblem>,
}

/// Parses one document. `in_notes_folder` says whether the workspace's
/// configuration puts this path among the notes. `detect_lang` tells the
/// language of the body (its byte range) when the front matter does not.
pub fn parse_document(path: &Path, text: &str, in_notes_folder: bool, detect_lang: impl FnOnce(Range<usize>) -> Lang) -> ParsedDocument {
    let format = Format::of_path(path).unwrap_or(Format::PlainText);
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("document").to_string();
    let mut problems = Vec::new();

    let front = match format {
        Format::Markdown => front_matter::parse(text),
        Format::PlainText => front_matter::FrontMatterResult::default(),
    };
    if let Some(problem) = front.problem {
        problems.push(problem);
    }
    let fm = front.fields;
    let header = header::parse(text, front.body_start);
    let body = header.body_start..text.len();

    let lang = match fm.lang.as_deref().map(|l| (l, Lang::parse(l))) {
        Some((_, Some(lang))) => lang,
        Some((given, None)) => {
            problems.push(MetaProblem {
                range: 0..front.body_start.min(text.len()),
                message: format!("unknown language `{given}` in front matter (use fr or en)"),
            });
            detect_lang(body.clone())
        }
        None => detect_lang(body.clone()),
    };
    let date = match fm.date.as_deref() {
        Some(d) => Date::parse_iso(d).or_else(|| {
            problems.push(MetaProblem { range: 0..front.body_start.min(text.len()), message: format!("front matter date `{d}` is not YYYY-MM-DD") });
            header.date
        }),
        None => header.date,
    };
    let kind = match fm.kind.as_deref() {
        Some("note") => DocKind::Note,
        Some("source") => DocKind::Source,
        Some(other) => {
            problems
                .push(MetaProblem { range: 0..front.body_start.min(text.len()), message: format!("front matter kind `{other}` is neither note nor source") });
            if in_notes_folder {
                DocKind::Note
            } else {
                DocKind::Source
            }
        }
        None if in_notes_folder => DocKind::Note,
        None => DocKind::Source,
    };
    let title = fm.title.clone().unwrap_or_else(|| header::guess_title(text, body.clone(), format));
    let citations = if kind == DocKind::Note || format == Format::Markdown { parse_citations(text, body.clone()) } else { Vec::new() };

    ParsedDocument {
        meta: DocMeta {
            id: fm.id.unwrap_or(stem).into(),
            kind,
            format,
            lang,
            title: title.into(),
            date,
            outlet: fm.outlet.map(Into::into),
            url: fm.url.map(Into::into),
            aliases: fm.aliases.into_iter().map(Into::into).collect(),
        },
        body,
        citations,
        problems,
    }
}
