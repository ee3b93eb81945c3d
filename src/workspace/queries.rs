//! Questions the CLI and the language server both ask, answered once here:
//! entity cards, mentions, statements, citation targets, backlinks,
//! completion candidates.

use std::ops::Range;
use std::path::{Path, PathBuf};

use super::Workspace;
use crate::analysis::card::{entity_card, EntityCard};
use crate::analysis::compare::{values_agree, FigureKey};
use crate::document::Citation;
use crate::extract::DocFacts;
use crate::facts::{EntityId, EntityKind};
use crate::index::Resolution;

/// A range in a document of the workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    pub range: Range<usize>,
}

impl Location {
    fn sort_key(&self) -> (&Path, usize, usize) {
        (&self.path, self.range.start, self.range.end)
    }
}

fn sort_locations(locations: &mut Vec<Location>) {
    locations.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    locations.dedup();
}

/// A citable key with what completion shows beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyInfo {
    pub key: String,
    pub title: String,
    pub date: Option<String>,
    pub path: PathBuf,
}

impl Workspace {
    /// An entity by id, name or alias, ignoring case.
    pub fn find_entity(&self, name: &str) -> Option<EntityId> {
        self.knowledge().registry.lookup_name(name)
    }

    pub fn entity_card(&self, entity: EntityId) -> EntityCard {
        entity_card(self.index(), self.knowledge(), self.analysis(), entity)
    }

    /// Every mention of the entity, in every document, in path order.
    pub fn mentions_of(&self, entity: EntityId) -> Vec<Location> {
        let mut out: Vec<Location> = self
            .index()
            .docs_about(entity)
            .flat_map(|d| d.mentions.iter().filter(|m| m.entity == entity).map(|m| Location { path: d.path.clone(), range: m.range.range() }))
            .collect();
        sort_locations(&mut out);
        out
    }

    /// The sentences that state a partnership or a figure about the entity
    /// (or its products).
    pub fn statements_about(&self, entity: EntityId) -> Vec<Location> {
        let registry = &self.knowledge().registry;
        let about = |id: EntityId| id == entity || registry.get(id).owner == Some(entity);
        let mut out = Vec::new();
        let mut docs: Vec<&std::sync::Arc<DocFacts>> = self.index().docs_about(entity).collect();
        for product in registry.products_of(entity) {
            docs.extend(self.index().docs_about(product.id));
        }
        for doc in docs {
            for p in doc.partnerships.iter().filter(|p| about(p.a) || about(p.b) || p.via.is_some_and(about)) {
                out.push(Location { path: doc.path.clone(), range: p.sentence.range() });
            }
            for f in doc.figures.iter().filter(|f| about(f.subject) || f.counterparty.is_some_and(about)) {
                out.push(Location { path: doc.path.clone(), range: f.sentence.range() });
            }
        }
        sort_locations(&mut out);
        out
    }

    /// Documents an outlet published (byline or front matter) or is cited
    /// in as the attribution.
    pub fn documents_of_outlet(&self, outlet: EntityId) -> Vec<Location> {
        let name = &self.knowledge().registry.get(outlet).name;
        self.index()
            .docs()
            .filter(|d| d.outlets().contains(&outlet) || d.meta.outlet.as_deref().is_some_and(|o| o.eq_ignore_ascii_case(name)))
            .map(|d| Location { path: d.path.clone(), range: d.body.range().start..d.body.range().start })
            .collect()
    }

    /// Where a citation leads: the cited document, at the sentence that
    /// supports the citing sentence's claim when one is found, else at the
    /// start of its prose.
    pub fn citation_target(&self, from: &DocFacts, citation: &Citation) -> Option<Location> {
        let Resolution::Doc(path) = self.index().resolve(&from.path, citation) else {
            return None;
        };
        let target = self.index().get(&path)?;
        let sentence = from.sentence_at(citation.range.start).unwrap_or(citation.range.clone());
        let tolerance = self.settings().tolerance;
        for f in from.figures.iter().filter(|f| f.sentence.range() == sentence) {
            let key = FigureKey::of(f);
            let same = target.figures.iter().filter(|g| key.as_ref().is_some_and(|key| key.matches(g)));
            let best = same.clone().find(|g| values_agree(f, g, tolerance)).or_else(|| same.clone().next());
            if let Some(g) = best {
                return Some(Location { path, range: g.sentence.range() });
            }
        }
        for p in from.partnerships.iter().filter(|p| p.sentence.range() == sentence) {
            if let Some(q) = target.partnerships.iter().find(|q| q.pair() == p.pair()) {
                return Some(Location { path, range: q.sentence.range() });
            }
        }
        let start = target.body.range().start;
        Some(Location { path, range: start..start })
    }

    /// Documents citing `target`, at each citation.
    pub fn backlinks(&self, target: &Path) -> Vec<Location> {
        let mut out: Vec<Location> =
            self.index().backlinks(target).into_iter().map(|(d, c)| Location { path: d.path.clone(), range: c.range.clone() }).collect();
        sort_locations(&mut out);
        out
    }

    /// Every citable key: document ids, aliases and bibliography keys.
    pub fn citation_keys(&self) -> Vec<KeyInfo> {
        self.index()
            .keys()
            .into_iter()
            .map(|(key, doc)| KeyInfo {
                key: key.to_string(),
                title: doc.meta.title.to_string(),
                date: doc.meta.date.map(|d| d.to_string()),
                path: doc.path.clone(),
            })
            .collect()
    }

    /// Names and aliases of every entity, with its kind.
    pub fn entity_names(&self) -> Vec<(String, EntityKind, String)> {
        let mut out = Vec::new();
        for e in self.knowledge().registry.entities() {
            out.push((e.name.clone(), e.kind, e.name.clone()));
            for a in &e.aliases {
                out.push((a.clone(), e.kind, e.name.clone()));
            }
        }
        out
    }

    /// Sources whose figures agree with the note's figure at `offset`, as
    /// (key, path): what a "cite the source" action proposes.
    pub fn supporting_sources(&self, doc: &DocFacts, offset: usize) -> Vec<(String, PathBuf)> {
        let Some(f) = doc.figure_at(offset) else { return Vec::new() };
        let Some(key) = FigureKey::of(f) else { return Vec::new() };
        let tolerance = self.settings().tolerance;
        let mut out: Vec<(String, PathBuf)> = self
            .index()
            .sources()
            .filter(|d| d.figures.iter().any(|g| key.matches(g) && values_agree(f, g, tolerance)))
            .map(|d| (d.meta.id.to_string(), d.path.clone()))
            .collect();
        out.sort();
        out
    }
}
