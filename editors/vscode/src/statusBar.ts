// The status bar item: server starting, indexing, ready (with conflicts) or stopped.
import * as vscode from 'vscode';
import { DocumentCounts, indexingStatus } from './indexingProgress';
import { presentServerStatus, ServerStatus, StatusBarPresentation, STARTING_PRESENTATION, STOPPED_PRESENTATION } from './serverStatus';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('corroborate.status', vscode.StatusBarAlignment.Left);
  private lastStatus: ServerStatus | undefined;

  constructor() {
    this.item.name = 'corroborate';
    this.showStarting();
    this.item.show();
  }

  showStarting(): void {
    this.lastStatus = undefined;
    this.present(STARTING_PRESENTATION);
  }

  showStopped(): void {
    this.lastStatus = undefined;
    this.present(STOPPED_PRESENTATION);
  }

  showServerStatus(status: ServerStatus): void {
    this.lastStatus = status;
    this.present(presentServerStatus(status));
  }

  showIndexingCounts(counts: DocumentCounts): void {
    this.showServerStatus(indexingStatus(counts, this.lastStatus));
  }

  dispose(): void {
    this.item.dispose();
  }

  private present(presentation: StatusBarPresentation): void {
    this.item.text = presentation.text;
    this.item.tooltip = presentation.tooltip;
    this.item.command = presentation.command;
  }
}
