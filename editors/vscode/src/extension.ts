// Entry point: wires the output channel, status bar, language server and commands.
import * as vscode from 'vscode';
import { registerShowEntityCard } from './entityCardCommand';
import { LanguageServer } from './languageServer';
import { StatusBar } from './statusBar';

let server: LanguageServer | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('corroborate');
  const statusBar = new StatusBar();
  const languageServer = new LanguageServer(log, statusBar);
  server = languageServer;

  context.subscriptions.push(
    log,
    statusBar,
    vscode.commands.registerCommand('corroborate.restartServer', () => languageServer.restart()),
    vscode.commands.registerCommand('corroborate.openServerLog', () => log.show(true)),
    registerShowEntityCard(languageServer),
    vscode.workspace.onDidChangeConfiguration((event) => {
      // Other settings reach the running server through workspace/didChangeConfiguration.
      if (event.affectsConfiguration('corroborate.server.path')) {
        void languageServer.restart();
      }
    }),
  );

  void languageServer.start();
}

export function deactivate(): Promise<void> | undefined {
  return server?.stop();
}
