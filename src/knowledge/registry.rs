//! The entity registry: companies, products with their owner, people with
//! their affiliation, outlets; with every form real text uses for them.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::OnceLock;

use super::config::{Config, ConfigError};

const BUILTIN: &str = include_str!("../../data/entities.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EntityId(pub u32);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Company,
    Product,
    Person,
    Outlet,
}

impl EntityKind {
    pub fn label(self) -> &'static str {
        match self {
            EntityKind::Company => "company",
            EntityKind::Product => "product",
            EntityKind::Person => "person",
            EntityKind::Outlet => "outlet",
        }
    }
}

/// One entry as written in `data/entities.toml` or `corroborate.toml`.
#[derive(Debug, Clone, Deserialize)]
pub struct EntitySpec {
    pub id: String,
    pub name: String,
    pub kind: EntityKind,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub periphrases: Vec<String>,
    #[serde(default)]
    pub exact_case: bool,
    pub owner: Option<String>,
    pub affiliation: Option<String>,
    /// The partnership kind a product stands for (Gemini → model).
    pub topic: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Entity {
    pub id: EntityId,
    pub key: String,
    pub name: String,
    pub kind: EntityKind,
    pub aliases: Vec<String>,
    pub periphrases: Vec<String>,
    pub exact_case: bool,
    pub owner: Option<EntityId>,
    pub affiliation: Option<EntityId>,
    pub topic: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Registry {
    entities: Vec<Entity>,
    by_key: HashMap<String, EntityId>,
    /// Lowercased names that are never entities in this workspace.
    pub not_entities: Vec<String>,
}

#[derive(Deserialize)]
struct RegistryFile {
    #[serde(default)]
    entity: Vec<EntitySpec>,
}

impl Registry {
    pub fn builtin() -> &'static Registry {
        static REGISTRY: OnceLock<Registry> = OnceLock::new();
        REGISTRY.get_or_init(|| {
            let file: RegistryFile = toml::from_str(BUILTIN).expect("data/entities.toml is valid (checked by tests)");
            let mut registry = Registry::default();
            registry.add_specs(file.entity).expect("data/entities.toml links resolve (checked by tests)");
            registry
        })
    }

    /// The built-in registry plus the entities, aliases and exclusions of a
    /// workspace's configuration.
    pub fn builtin_extended(config: &Config) -> Result<Registry, ConfigError> {
        let mut registry = Registry::builtin().clone();
        registry.add_specs(config.entity.clone())?;
        for (key, aliases) in &config.aliases {
            let id = registry.lookup_key(key).ok_or_else(|| ConfigError::UnknownEntity(key.clone()))?;
            registry.entities[id.0 as usize].aliases.extend(aliases.iter().cloned());
        }
        registry.not_entities = config.not_entities.iter().map(|n| n.to_lowercase()).collect();
        Ok(registry)
    }

    fn add_specs(&mut self, specs: Vec<EntitySpec>) -> Result<(), ConfigError> {
        // First give every new entity an id, then resolve owners, so an
        // owner may be declared after its products.
        let mut pending = Vec::new();
        for spec in specs {
            if let Some(&existing) = self.by_key.get(&spec.id) {
                let entity = &mut self.entities[existing.0 as usize];
                entity.aliases.extend(spec.aliases.iter().cloned());
                entity.periphrases.extend(spec.periphrases.iter().cloned());
                continue;
            }
            let id = EntityId(self.entities.len() as u32);
            self.by_key.insert(spec.id.clone(), id);
            self.entities.push(Entity {
                id,
                key: spec.id.clone(),
                name: spec.name.clone(),
                kind: spec.kind,
                aliases: spec.aliases.clone(),
                periphrases: spec.periphrases.clone(),
                exact_case: spec.exact_case,
                owner: None,
                affiliation: None,
                topic: spec.topic.clone(),
            });
            pending.push((id, spec));
        }
        for (id, spec) in pending {
            let owner = spec.owner.as_deref().map(|k| self.resolve_link(k)).transpose()?;
            let affiliation = spec.affiliation.as_deref().map(|k| self.resolve_link(k)).transpose()?;
            let entity = &mut self.entities[id.0 as usize];
            entity.owner = owner;
            entity.affiliation = affiliation;
        }
        Ok(())
    }

    fn resolve_link(&self, key: &str) -> Result<EntityId, ConfigError> {
        self.lookup_key(key).ok_or_else(|| ConfigError::UnknownEntity(key.to_string()))
    }

    pub fn lookup_key(&self, key: &str) -> Option<EntityId> {
        self.by_key.get(key).copied()
    }

    /// Finds an entity by id, name or alias, ignoring case.
    pub fn lookup_name(&self, name: &str) -> Option<EntityId> {
        let wanted = name.trim().to_lowercase();
        if let Some(id) = self.lookup_key(&wanted) {
            return Some(id);
        }
        self.entities.iter().find(|e| e.name.to_lowercase() == wanted || e.aliases.iter().any(|a| a.to_lowercase() == wanted)).map(|e| e.id)
    }

    pub fn get(&self, id: EntityId) -> &Entity {
        &self.entities[id.0 as usize]
    }

    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// The company a product belongs to or a person works for, else itself.
    pub fn principal(&self, id: EntityId) -> EntityId {
        let entity = self.get(id);
        entity.owner.or(entity.affiliation).unwrap_or(id)
    }

    /// Products owned by `id`.
    pub fn products_of(&self, id: EntityId) -> impl Iterator<Item = &Entity> {
        self.entities.iter().filter(move |e| e.owner == Some(id))
    }

    /// A fingerprint of the registry's content, for cache keys.
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        for e in &self.entities {
            (&e.key, &e.name, &e.aliases, &e.periphrases, e.exact_case, e.owner, e.affiliation).hash(&mut hasher);
        }
        self.not_entities.hash(&mut hasher);
        hasher.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_registry_loads_and_links_owners() {
        let registry = Registry::builtin();
        let gemini = registry.lookup_name("gemini").unwrap();
        assert_eq!(registry.get(registry.principal(gemini)).name, "Google");
        let altman = registry.lookup_name("Sam Altman").unwrap();
        assert_eq!(registry.get(registry.principal(altman)).name, "OpenAI");
        assert!(registry.entities().len() > 60);
    }
}
