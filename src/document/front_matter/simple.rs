//! The front matter most files have, read without a YAML parser: one
//! `key: value` per line, values plain or double-quoted without escapes,
//! `aliases` as a flow list of plain words. Whatever could mean something
//! else in YAML (comments, quotes inside, numbers, null, booleans, anchors,
//! tags, nesting, duplicate keys, tabs) makes `parse` answer None, and the
//! caller asks the YAML parser.

use super::FrontMatter;

/// The fields of `yaml`, when it is plainly written; None otherwise.
pub fn parse(yaml: &str) -> Option<FrontMatter> {
    let mut fields = FrontMatter::default();
    let mut seen: Vec<&str> = Vec::new();
    for line in yaml.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            if line.contains('\t') {
                return None;
            }
            continue;
        }
        let (key, rest) = line.split_once(':')?;
        if key.is_empty() || !key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') || seen.contains(&key) {
            return None;
        }
        seen.push(key);
        // "key:" alone is null, "key:value" is no mapping at all.
        let value = rest.strip_prefix(' ')?.trim_matches(' ');
        if value.is_empty() || value.contains('\t') {
            return None;
        }
        if key == "aliases" {
            fields.aliases = flow_list(value)?;
            continue;
        }
        let text = scalar(value)?;
        let slot = match key {
            "id" => &mut fields.id,
            "title" => &mut fields.title,
            "date" => &mut fields.date,
            "outlet" => &mut fields.outlet,
            "url" => &mut fields.url,
            "lang" => &mut fields.lang,
            "kind" => &mut fields.kind,
            _ => continue,
        };
        *slot = Some(text);
    }
    Some(fields)
}

/// A double-quoted scalar with no escape, or a plain scalar that can only
/// be text.
fn scalar(value: &str) -> Option<String> {
    if let Some(inner) = value.strip_prefix('"') {
        let inner = inner.strip_suffix('"')?;
        return (!inner.contains(['"', '\\'])).then(|| inner.to_string());
    }
    plain(value).then(|| value.to_string())
}

/// Plain text in YAML whatever the schema: no indicator first, no comment,
/// no `: `, no flow brackets, not null or a boolean, and no number (a
/// digit or sign first), but for an ISO date.
fn plain(value: &str) -> bool {
    let Some(first) = value.chars().next() else { return false };
    if "-?:,[]{}#&*!|>'\"%@`+.~".contains(first) || value.contains(['#', '[', ']', '{', '}']) || value.contains(": ") || value.ends_with(':') {
        return false;
    }
    let lowered = value.to_ascii_lowercase();
    if matches!(lowered.as_str(), "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n") {
        return false;
    }
    !first.is_ascii_digit() || is_iso_date(value)
}

fn is_iso_date(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() == 10 && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
}

/// `[a, b]`: plain items separated by commas.
fn flow_list(value: &str) -> Option<Vec<String>> {
    let inner = value.strip_prefix('[')?.strip_suffix(']')?;
    if inner.trim().is_empty() {
        return (!inner.contains('\t')).then(Vec::new);
    }
    inner
        .split(',')
        .map(|item| {
            let item = item.trim_matches(' ');
            (plain(item) && !item.contains(',')).then(|| item.to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn yaml_parser(yaml: &str) -> Option<FrontMatter> {
        serde_saphyr::from_str::<Option<FrontMatter>>(yaml).ok().map(Option::unwrap_or_default)
    }

    #[test]
    fn the_usual_front_matter_is_read_without_the_yaml_parser() {
        let yaml = "id: art000000\ntitle: \"Google et Tencent : ce que l'on sait\"\ndate: 2021-07-08\nlang: fr\naliases: [a-1, b]\nkind: note\n";
        let fields = parse(yaml).expect("plainly written");
        assert_eq!(Some(&fields), yaml_parser(yaml).as_ref());
        assert_eq!(fields.title.as_deref(), Some("Google et Tencent : ce que l'on sait"));
    }

    #[test]
    fn what_yaml_may_read_otherwise_goes_to_the_yaml_parser() {
        for yaml in [
            "title: a #c",
            "date: 007",
            "date: 0x1F",
            "title: null",
            "title:",
            "title: 'x'",
            "title: \"a\\tb\"",
            "id: x\nid: y",
            "aliases: a",
            "title: True",
            "  id: x",
            "id:x",
        ] {
            assert_eq!(parse(yaml), None, "{yaml:?}");
        }
    }

    fn line() -> impl Strategy<Value = String> {
        let keys = prop::sample::select(vec!["id", "title", "date", "lang", "kind", "outlet", "url", "aliases", "other", "Title", "a b"]);
        let values = prop::sample::select(vec![
            "x",
            "art000000",
            "Une note",
            "Été 2024",
            "l'accord",
            "2021-07-08",
            "2021-7-8",
            "2024",
            "1.5",
            "-x",
            "x-",
            ".inf",
            "~",
            "null",
            "NULL",
            "yes",
            "on",
            "True",
            "a: b",
            "a:b",
            "a #c",
            "a#c",
            "https://x.org/a?b=c",
            "\"quoted : x\"",
            "\"a\\\"b\"",
            "'single'",
            "[a, b]",
            "[]",
            "[a, [b]]",
            "[a,b ]",
            "{a: b}",
            "&anchor x",
            "*alias",
            "!tag x",
            "|",
            ">",
            "x,y",
            "",
            " ",
            "\t",
            "\"\"",
            "@x",
            "`x`",
            "%x",
            "?x",
        ]);
        let seps = prop::sample::select(vec![": ", ":", ":  ", " : ", ":\t"]);
        prop_oneof![
            8 => (keys, seps, values).prop_map(|(k, s, v)| format!("{k}{s}{v}")),
            1 => Just(String::new()),
            1 => Just("# comment".to_string()),
            1 => Just("  - nested".to_string()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// Whatever this parser reads, the YAML parser reads the same.
        #[test]
        fn what_both_read_they_read_alike(lines in prop::collection::vec(line(), 0..8), crlf in any::<bool>()) {
            let yaml = lines.join(if crlf { "\r\n" } else { "\n" });
            if let Some(fields) = parse(&yaml) {
                prop_assert_eq!(Some(fields), yaml_parser(&yaml), "{:?}", yaml);
            }
        }
    }
}
