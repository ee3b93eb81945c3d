//! A workspace's `corroborate.toml`: extra entities and aliases, names that
//! are never entities, notes folders, bibliographies, tolerance and cache.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::registry::EntitySpec;

pub const CONFIG_FILE: &str = "corroborate.toml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Folders (relative to the workspace root) whose documents are notes.
    #[serde(default = "default_notes")]
    pub notes: Vec<String>,
    /// CSL-JSON or BibTeX files mapping citation keys to documents.
    #[serde(default)]
    pub bibliography: Vec<String>,
    /// Relative difference under which two figures agree.
    #[serde(default = "default_tolerance")]
    pub tolerance: f64,
    #[serde(default)]
    pub entity: Vec<EntitySpec>,
    /// Extra aliases for existing entities, by entity id.
    #[serde(default)]
    pub aliases: BTreeMap<String, Vec<String>>,
    /// Names that must never be read as entities.
    #[serde(default)]
    pub not_entities: Vec<String>,
    #[serde(default)]
    pub cache: CacheConfig,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CacheConfig {
    pub enabled: Option<bool>,
    pub dir: Option<PathBuf>,
}

fn default_notes() -> Vec<String> {
    vec!["notes".to_string()]
}

fn default_tolerance() -> f64 {
    0.05
}

impl Default for Config {
    fn default() -> Config {
        Config {
            notes: default_notes(),
            bibliography: Vec::new(),
            tolerance: default_tolerance(),
            entity: Vec::new(),
            aliases: BTreeMap::new(),
            not_entities: Vec::new(),
            cache: CacheConfig::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    Read(PathBuf, String),
    Parse(PathBuf, String),
    UnknownEntity(String),
    Invalid(String),
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConfigError::Read(path, e) => write!(f, "cannot read {}: {e}", path.display()),
            ConfigError::Parse(path, e) => write!(f, "{}: {e}", path.display()),
            ConfigError::UnknownEntity(key) => write!(f, "corroborate.toml names an unknown entity id `{key}`"),
            ConfigError::Invalid(e) => write!(f, "corroborate.toml: {e}"),
        }
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| ConfigError::Parse(path.to_path_buf(), e.to_string()))?;
        if !(0.0..=1.0).contains(&config.tolerance) {
            return Err(ConfigError::Invalid(format!("tolerance must be between 0 and 1, not {}", config.tolerance)));
        }
        Ok(config)
    }

    /// Reads `root/corroborate.toml`; a missing file gives the defaults.
    pub fn load(root: &Path) -> Result<Config, ConfigError> {
        let path = root.join(CONFIG_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => Config::parse(&text, &path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(ConfigError::Read(path, e.to_string())),
        }
    }
}
