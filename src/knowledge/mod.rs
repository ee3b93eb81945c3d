//! What corroborate knows before reading a word: the entity registry and the
//! lexicons, loaded from `data/` at build time and extended by a workspace's
//! `corroborate.toml`. Invariant: everything here is immutable once built
//! and shared by every document's analysis.

pub mod config;
pub mod lexicon;
pub mod registry;

pub use config::{Config, ConfigError};
pub use lexicon::Lexicon;
pub use registry::{Entity, EntityId, EntityKind, Registry};

use std::sync::Arc;

/// The registry and lexicon one workspace analyses with.
#[derive(Debug, Clone)]
pub struct Knowledge {
    pub registry: Arc<Registry>,
    pub lexicon: Arc<Lexicon>,
}

impl Knowledge {
    /// The built-in knowledge extended by `config`'s entities and aliases.
    pub fn with_config(config: &Config) -> Result<Knowledge, ConfigError> {
        let registry = Registry::builtin_extended(config)?;
        Ok(Knowledge { registry: Arc::new(registry), lexicon: Lexicon::builtin() })
    }

    pub fn builtin() -> Knowledge {
        Knowledge { registry: Arc::new(Registry::builtin().clone()), lexicon: Lexicon::builtin() }
    }
}
