//! The `corroborate` settings section a client sends (initializationOptions,
//! didChangeConfiguration): read leniently, a wrong value falls back to its
//! default with a warning, never an error.

use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    /// Diagnostics for open documents only.
    #[default]
    OpenFiles,
    /// Diagnostics for every document of the workspace.
    Workspace,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct LspSettings {
    pub scope: Scope,
    /// Overrides corroborate.toml's tolerance when set.
    pub tolerance: Option<f64>,
    /// Overrides corroborate.toml's `notes` when not empty.
    pub notes_folders: Vec<String>,
    /// `Some(false)` turns the fact cache off for the next indexing runs
    /// (as `[cache] enabled = false` in corroborate.toml does): the pack is
    /// neither read nor written.
    pub cache_enabled: Option<bool>,
}

impl LspSettings {
    /// Reads a settings object: either the section itself or an object
    /// holding it under `corroborate`. Returns the settings and warnings.
    pub fn from_json(value: &Value) -> (LspSettings, Vec<String>) {
        let section = match value.get("corroborate") {
            Some(inner) if inner.is_object() => inner,
            _ => value,
        };
        let mut settings = LspSettings::default();
        let mut warnings = Vec::new();
        if !section.is_object() {
            if !section.is_null() {
                warnings.push(format!("settings: expected an object, got {section}"));
            }
            return (settings, warnings);
        }
        match section.pointer("/diagnostics/scope") {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) if s == "openFiles" => settings.scope = Scope::OpenFiles,
            Some(Value::String(s)) if s == "workspace" => settings.scope = Scope::Workspace,
            Some(other) => warnings.push(format!("settings: diagnostics.scope must be \"openFiles\" or \"workspace\", not {other}")),
        }
        match section.get("tolerance") {
            None | Some(Value::Null) => {}
            Some(Value::Number(n)) if n.as_f64().is_some_and(|t| (0.0..=1.0).contains(&t)) => settings.tolerance = n.as_f64(),
            Some(other) => warnings.push(format!("settings: tolerance must be a number between 0 and 1, not {other}")),
        }
        match section.get("notesFolders") {
            None | Some(Value::Null) => {}
            Some(Value::Array(items)) => {
                for item in items {
                    match item.as_str().map(str::trim) {
                        Some(folder) if !folder.is_empty() => {
                            if !settings.notes_folders.iter().any(|f| f == folder) {
                                settings.notes_folders.push(folder.to_string());
                            }
                        }
                        _ => warnings.push(format!("settings: notesFolders entries must be folder names, not {item}")),
                    }
                }
            }
            Some(other) => warnings.push(format!("settings: notesFolders must be a list of folders, not {other}")),
        }
        match section.pointer("/cache/enabled") {
            None | Some(Value::Null) => {}
            Some(Value::Bool(b)) => settings.cache_enabled = Some(*b),
            Some(other) => warnings.push(format!("settings: cache.enabled must be true or false, not {other}")),
        }
        (settings, warnings)
    }

    /// Whether going from `self` to `other` needs the workspace rebuilt
    /// (documents change kind when the notes folders change).
    pub fn needs_rebuild(&self, other: &LspSettings) -> bool {
        self.notes_folders != other.notes_folders
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_the_section_directly_or_nested() {
        let direct = json!({ "diagnostics": { "scope": "workspace" }, "tolerance": 0.1, "notesFolders": ["notes", " notes ", "research"], "cache": { "enabled": false } });
        let (s, warnings) = LspSettings::from_json(&direct);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(s.scope, Scope::Workspace);
        assert_eq!(s.tolerance, Some(0.1));
        assert_eq!(s.notes_folders, vec!["notes", "research"]);
        assert_eq!(s.cache_enabled, Some(false));
        let (nested, _) = LspSettings::from_json(&json!({ "corroborate": direct }));
        assert_eq!(nested, s);
    }

    #[test]
    fn bad_values_fall_back_with_warnings() {
        let (s, warnings) = LspSettings::from_json(&json!({ "diagnostics": { "scope": "all" }, "tolerance": "big", "notesFolders": 3 }));
        assert_eq!(s, LspSettings::default());
        assert_eq!(warnings.len(), 3, "{warnings:?}");
    }
}
