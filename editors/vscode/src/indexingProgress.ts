// Reads document counts out of the server's "Indexing" work-done progress
// ("1200/5000 documents"), so the status bar moves even between two
// `corroborate/status` notifications. No `vscode` import.
import type { ServerStatus } from './serverStatus';

export const INDEXING_PROGRESS_TITLE = 'Indexing';

export interface DocumentCounts {
  readonly indexed: number;
  readonly total: number;
}

/** The LSP `$/progress` value for work-done progress, as far as it matters here. */
export type WorkDoneProgressValue =
  | { readonly kind: 'begin'; readonly title: string; readonly message?: string | undefined }
  | { readonly kind: 'report'; readonly message?: string | undefined }
  | { readonly kind: 'end'; readonly message?: string | undefined };

export type ProgressToken = string | number;

/** "1200/5000 documents" (spaces around the slash allowed) to counts; anything else to undefined. */
export function parseDocumentCounts(message: string | undefined): DocumentCounts | undefined {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s+documents?\b/.exec(message ?? '');
  if (match === null) {
    return undefined;
  }
  return { indexed: Number(match[1]), total: Number(match[2]) };
}

/** The status to show for indexing counts, keeping the conflict count last reported. */
export function indexingStatus(counts: DocumentCounts, previous: ServerStatus | undefined): ServerStatus {
  return { state: 'indexing', indexed: counts.indexed, total: counts.total, conflicts: previous?.conflicts ?? 0 };
}

/** Remembers which progress tokens belong to indexing, from their begin to their end. */
export class IndexingProgressTracker {
  private readonly indexingTokens = new Set<ProgressToken>();

  /** Document counts carried by this progress value, when it belongs to an indexing progress. */
  observe(token: ProgressToken, value: WorkDoneProgressValue): DocumentCounts | undefined {
    if (value.kind === 'begin') {
      if (value.title !== INDEXING_PROGRESS_TITLE) {
        return undefined;
      }
      this.indexingTokens.add(token);
      return parseDocumentCounts(value.message);
    }
    if (!this.indexingTokens.has(token)) {
      return undefined;
    }
    if (value.kind === 'end') {
      this.indexingTokens.delete(token);
      return undefined;
    }
    return parseDocumentCounts(value.message);
  }
}
