// Owns the language client: finds the binary, starts, stops and restarts it,
// and routes the server's status and progress to the status bar.
import * as vscode from 'vscode';
import {
  CancellationToken,
  ConfigurationParams,
  ConfigurationRequest,
  DocumentSelector,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ResponseError,
  State,
} from 'vscode-languageclient/node';
import { IndexingProgressTracker } from './indexingProgress';
import { isExecutableFile, resolveServerPath } from './serverPath';
import { parseServerStatus, STATUS_NOTIFICATION } from './serverStatus';
import { CorroborateSettings, readSettings, SETTINGS_SECTION } from './settings';
import { StatusBar } from './statusBar';

const INSTALL_INSTRUCTIONS_URL = 'https://github.com/corroborate/corroborate#install';

const INSTALL_INSTRUCTIONS_ACTION = 'Install instructions';

const DOCUMENT_SELECTOR: DocumentSelector = [
  { scheme: 'file', language: 'markdown' },
  { scheme: 'file', language: 'plaintext', pattern: '**/*.txt' },
];

export class LanguageServer {
  private client: LanguageClient | undefined;
  /** Start, stop and restart run one after another, never interleaved. */
  private pendingTransition: Promise<void> = Promise.resolve();

  constructor(
    private readonly log: vscode.OutputChannel,
    private readonly statusBar: StatusBar,
  ) {}

  start(): Promise<void> {
    return this.transition(() => this.startClient());
  }

  stop(): Promise<void> {
    return this.transition(() => this.stopClient());
  }

  restart(): Promise<void> {
    return this.transition(async () => {
      await this.stopClient();
      await this.startClient();
    });
  }

  /** Sends `workspace/executeCommand`; rejects when the server is not running. */
  async executeCommand(command: string, args: unknown[]): Promise<unknown> {
    if (this.client === undefined || this.client.state !== State.Running) {
      throw new Error('the corroborate server is not running');
    }
    return this.client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
  }

  private transition(step: () => Promise<void>): Promise<void> {
    const done = this.pendingTransition.then(step);
    this.pendingTransition = done.catch(() => undefined);
    return done;
  }

  private async startClient(): Promise<void> {
    this.statusBar.showStarting();
    const resolution = resolveServerPath({
      configuredPath: currentSettings().server.path,
      platform: process.platform,
      env: process.env,
      workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
      isExecutableFile,
    });
    if (!resolution.found) {
      this.log.appendLine(resolution.problem);
      this.statusBar.showStopped();
      void showMissingServerError(resolution.problem);
      return;
    }

    this.log.appendLine(`Starting ${resolution.path} lsp --stdio`);
    const client = new LanguageClient(
      SETTINGS_SECTION,
      'corroborate',
      { command: resolution.path, args: ['lsp', '--stdio'] },
      this.clientOptions(),
    );
    client.onNotification(STATUS_NOTIFICATION, (params: unknown) => {
      const status = parseServerStatus(params);
      if (status === undefined) {
        this.log.appendLine(`Ignoring malformed ${STATUS_NOTIFICATION} notification: ${JSON.stringify(params)}`);
        return;
      }
      this.statusBar.showServerStatus(status);
    });
    client.onDidChangeState(({ newState }) => {
      // Also covers the client restarting a crashed server on its own.
      if (newState === State.Starting) {
        this.statusBar.showStarting();
      } else if (newState === State.Stopped) {
        this.statusBar.showStopped();
      }
    });
    this.client = client;
    try {
      await client.start();
    } catch {
      // The client has already reported the failure in a notification and in the log.
      this.statusBar.showStopped();
    }
  }

  private async stopClient(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client === undefined) {
      return;
    }
    try {
      await client.dispose();
    } catch (error) {
      this.log.appendLine(`Stopping the server failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.statusBar.showStopped();
  }

  private clientOptions(): LanguageClientOptions {
    const indexingProgress = new IndexingProgressTracker();
    return {
      documentSelector: DOCUMENT_SELECTOR,
      synchronize: { configurationSection: SETTINGS_SECTION },
      initializationOptions: () => currentSettings(),
      outputChannel: this.log,
      middleware: {
        workspace: { configuration: answerConfiguration },
        handleWorkDoneProgress: (token, params, next) => {
          const counts = indexingProgress.observe(token, params);
          if (counts !== undefined) {
            this.statusBar.showIndexingCounts(counts);
          }
          next(token, params);
        },
      },
    };
  }
}

function currentSettings(scope?: vscode.Uri): CorroborateSettings {
  return readSettings(vscode.workspace.getConfiguration(SETTINGS_SECTION, scope));
}

/** Answers items for the `corroborate` section with the same cleaned-up settings as `initializationOptions`. */
async function answerConfiguration(
  params: ConfigurationParams,
  token: CancellationToken,
  next: ConfigurationRequest.HandlerSignature,
): Promise<unknown[] | ResponseError<void>> {
  const defaultAnswers = await next(params, token);
  if (defaultAnswers instanceof ResponseError) {
    return defaultAnswers;
  }
  return params.items.map((item, index) =>
    item.section === SETTINGS_SECTION
      ? currentSettings(item.scopeUri === undefined ? undefined : vscode.Uri.parse(item.scopeUri))
      : defaultAnswers[index],
  );
}

async function showMissingServerError(problem: string): Promise<void> {
  const choice = await vscode.window.showErrorMessage(
    `${problem} Install corroborate, or set corroborate.server.path to the binary.`,
    INSTALL_INSTRUCTIONS_ACTION,
  );
  if (choice === INSTALL_INSTRUCTIONS_ACTION) {
    await vscode.env.openExternal(vscode.Uri.parse(INSTALL_INSTRUCTIONS_URL));
  }
}
