// The `corroborate.entityCard` server command: its request, its result, and the
// name of the read-only document that shows a card. No `vscode` import.

export const ENTITY_CARD_COMMAND = 'corroborate.entityCard';

export interface EntityCard {
  readonly name: string;
  readonly markdown: string;
}

export type EntityCardResult =
  | { readonly kind: 'card'; readonly card: EntityCard }
  | { readonly kind: 'unknownEntity' }
  | { readonly kind: 'malformed' };

/** The server answers `{ name, markdown }`, or null when it knows no such entity. */
export function parseEntityCardResult(result: unknown): EntityCardResult {
  if (result === null || result === undefined) {
    return { kind: 'unknownEntity' };
  }
  if (typeof result !== 'object') {
    return { kind: 'malformed' };
  }
  const { name, markdown } = result as Record<string, unknown>;
  if (typeof name !== 'string' || typeof markdown !== 'string') {
    return { kind: 'malformed' };
  }
  return { kind: 'card', card: { name, markdown } };
}

/** The name as typed, trimmed and with inner whitespace collapsed; undefined when blank. */
export function normalizeEntityName(input: string): string | undefined {
  const name = input.trim().replace(/\s+/g, ' ');
  return name === '' ? undefined : name;
}

/** A file name for the card document: the entity name without path separators, ending in `.md`. */
export function entityCardFileName(entityName: string): string {
  return `${entityName.replace(/[/\\]/g, '-')}.md`;
}
