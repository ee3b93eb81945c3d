//! YAML front matter between `---` lines at the top of a Markdown file.
//! The usual front matter (one `key: value` per line, plain or
//! double-quoted scalars, a flow list of aliases) is read by a small parser
//! of its own; anything else goes to the YAML parser, and the two agree on
//! what both read (a property test holds them to it).

use serde::Deserialize;

use super::MetaProblem;

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct FrontMatter {
    pub id: Option<String>,
    pub title: Option<String>,
    #[serde(default, deserialize_with = "scalar_as_string")]
    pub date: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub lang: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub kind: Option<String>,
}

/// Dates may come as YAML scalars of any type; keep their text.
fn scalar_as_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Scalar {
        Text(String),
        Int(i64),
    }
    Ok(Option::<Scalar>::deserialize(d)?.map(|s| match s {
        Scalar::Text(t) => t,
        Scalar::Int(i) => i.to_string(),
    }))
}

#[derive(Debug, Default)]
pub struct FrontMatterResult {
    pub fields: FrontMatter,
    /// Where the text after the front matter starts (0 when there is none).
    pub body_start: usize,
    pub problem: Option<MetaProblem>,
}

pub fn parse(text: &str) -> FrontMatterResult {
    let text_no_bom = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bom = text.len() - text_no_bom.len();
    let Some(after_open) = strip_fence_line(text_no_bom) else {
        return FrontMatterResult { body_start: 0, ..Default::default() };
    };
    let yaml_start = bom + (text_no_bom.len() - after_open.len());
    let mut offset = yaml_start;
    for line in after_open.split_inclusive('\n') {
        let trimmed = line.trim_end_matches(['\n', '\r']);
        if trimmed == "---" || trimmed == "..." {
            let yaml = &text[yaml_start..offset];
            let body_start = offset + line.len();
            let parsed = match simple::parse(yaml) {
                Some(fields) => Ok(Some(fields)),
                None => serde_saphyr::from_str::<Option<FrontMatter>>(yaml),
            };
            return match parsed {
                Ok(fields) => FrontMatterResult { fields: fields.unwrap_or_default(), body_start, problem: None },
                Err(e) => FrontMatterResult {
                    fields: FrontMatter::default(),
                    body_start,
                    problem: Some(MetaProblem { range: 0..body_start, message: format!("invalid front matter: {}", first_line(&e.to_string())) }),
                },
            };
        }
        offset += line.len();
    }
    FrontMatterResult {
        fields: FrontMatter::default(),
        body_start: 0,
        problem: Some(MetaProblem { range: 0..yaml_start, message: "front matter is not closed by a `---` line".to_string() }),
    }
}

mod simple;

fn strip_fence_line(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("---")?;
    rest.strip_prefix("\r\n").or_else(|| rest.strip_prefix('\n'))
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields_and_body_start() {
        let text = "---\nid: n1\ntitle: Une note\ndate: 2026-01-20\naliases: [a, b]\nkind: note\n---\nBody";
        let r = parse(text);
        assert_eq!(r.fields.id.as_deref(), Some("n1"));
        assert_eq!(r.fields.date.as_deref(), Some("2026-01-20"));
        assert_eq!(r.fields.aliases, vec!["a", "b"]);
        assert_eq!(&text[r.body_start..], "Body");
        assert!(r.problem.is_none());
    }

    #[test]
    fn bad_yaml_is_one_problem_and_the_body_still_reads() {
        let text = "---\nid: [unclosed\n---\nBody";
        let r = parse(text);
        assert!(r.problem.is_some());
        assert_eq!(&text[r.body_start..], "Body");
    }

    #[test]
    fn no_front_matter() {
        assert_eq!(parse("Hello\n---\n").body_start, 0);
    }
}
