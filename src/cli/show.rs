//! `corroborate show NAME`: the entity card in the terminal, the same
//! content the editor hover shows.

use crate::analysis::card::render_text;
use crate::workspace::Workspace;

pub fn render(ws: &Workspace, name: &str) -> Result<String, String> {
    let entity = ws.find_entity(name).ok_or_else(|| format!("no entity named `{name}` (try a company, product, person or outlet name)"))?;
    Ok(render_text(&ws.entity_card(entity)))
}
