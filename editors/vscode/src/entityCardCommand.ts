// The "Show Entity Card" command: asks for a name, fetches the card from the
// server and shows it as a read-only Markdown preview beside the editor.
import * as vscode from 'vscode';
import { ENTITY_CARD_COMMAND, EntityCard, entityCardFileName, EntityCardResult, normalizeEntityName, parseEntityCardResult } from './entityCard';
import { LanguageServer } from './languageServer';

const CARD_SCHEME = 'corroborate-entity';

/** Read-only documents holding the cards fetched so far, keyed by their URI. */
class EntityCardDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly markdownByUri = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.markdownByUri.get(uri.toString()) ?? '';
  }

  store(card: EntityCard): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: CARD_SCHEME, path: `/${entityCardFileName(card.name)}` });
    this.markdownByUri.set(uri.toString(), card.markdown);
    this.changed.fire(uri);
    return uri;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function registerShowEntityCard(server: LanguageServer): vscode.Disposable {
  const documents = new EntityCardDocuments();
  return vscode.Disposable.from(
    documents,
    vscode.workspace.registerTextDocumentContentProvider(CARD_SCHEME, documents),
    vscode.commands.registerCommand('corroborate.showEntityCard', () => showEntityCard(server, documents)),
  );
}

async function showEntityCard(server: LanguageServer, documents: EntityCardDocuments): Promise<void> {
  const typed = await vscode.window.showInputBox({
    title: 'corroborate: Show Entity Card',
    prompt: 'Name of the entity (person, organisation, place)',
    value: textUnderCursor() ?? '',
  });
  const name = typed === undefined ? undefined : normalizeEntityName(typed);
  if (name === undefined) {
    return;
  }

  let result: EntityCardResult;
  try {
    result = parseEntityCardResult(await server.executeCommand(ENTITY_CARD_COMMAND, [name]));
  } catch (error) {
    void vscode.window.showErrorMessage(`corroborate: could not fetch the card for "${name}": ${error instanceof Error ? error.message : String(error)}`);
    return;
  }

  switch (result.kind) {
    case 'unknownEntity':
      void vscode.window.showInformationMessage(`corroborate: no entity named "${name}" in the notes or articles.`);
      return;
    case 'malformed':
      void vscode.window.showErrorMessage(`corroborate: the server sent an entity card for "${name}" that is not { name, markdown }.`);
      return;
    case 'card':
      await showReadOnlyMarkdown(documents.store(result.card));
  }
}

/** The selection when it is on one line, otherwise the word under the cursor. */
function textUnderCursor(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined) {
    return undefined;
  }
  const { document, selection } = editor;
  if (!selection.isEmpty && selection.isSingleLine) {
    return document.getText(selection);
  }
  const wordRange = document.getWordRangeAtPosition(selection.active);
  return wordRange === undefined ? undefined : document.getText(wordRange);
}

/** A locked preview stays on the card when the user goes back to a note; the source is the fallback. */
async function showReadOnlyMarkdown(uri: vscode.Uri): Promise<void> {
  try {
    await vscode.commands.executeCommand('markdown.showLockedPreviewToSide', uri);
  } catch {
    await vscode.window.showTextDocument(uri, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  }
}
