// The `corroborate/status` notification and what the status bar shows for it. No `vscode` import.

export const STATUS_NOTIFICATION = 'corroborate/status';

const OPEN_PROBLEMS_COMMAND = 'workbench.actions.view.problems';
const OPEN_SERVER_LOG_COMMAND = 'corroborate.openServerLog';

export interface ServerStatus {
  readonly state: 'indexing' | 'ready';
  readonly indexed: number;
  readonly total: number;
  readonly conflicts: number;
}

export interface StatusBarPresentation {
  readonly text: string;
  readonly tooltip: string;
  /** Command run when the item is clicked. */
  readonly command: string;
}

/** The notification's params, or undefined when they do not follow the contract. */
export function parseServerStatus(params: unknown): ServerStatus | undefined {
  if (typeof params !== 'object' || params === null) {
    return undefined;
  }
  const { state, indexed, total, conflicts } = params as Record<string, unknown>;
  if ((state !== 'indexing' && state !== 'ready') || !isCount(indexed) || !isCount(total) || !isCount(conflicts)) {
    return undefined;
  }
  return { state, indexed, total, conflicts };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

export function presentServerStatus(status: ServerStatus): StatusBarPresentation {
  if (status.state === 'indexing') {
    return {
      text: `$(sync~spin) corroborate ${status.indexed}/${status.total}`,
      tooltip: `corroborate: indexing, ${status.indexed} of ${status.total} documents done`,
      command: OPEN_PROBLEMS_COMMAND,
    };
  }
  if (status.conflicts === 0) {
    return {
      text: '$(check) corroborate',
      tooltip: `corroborate: ${documents(status.total)} indexed, no conflicts`,
      command: OPEN_PROBLEMS_COMMAND,
    };
  }
  const conflicts = status.conflicts === 1 ? '1 conflict' : `${status.conflicts} conflicts`;
  return {
    text: `$(warning) corroborate: ${conflicts}`,
    tooltip: `corroborate: ${documents(status.total)} indexed, ${conflicts} - click to open the Problems view`,
    command: OPEN_PROBLEMS_COMMAND,
  };
}

function documents(count: number): string {
  return count === 1 ? '1 document' : `${count} documents`;
}

export const STARTING_PRESENTATION: StatusBarPresentation = {
  text: '$(sync~spin) corroborate',
  tooltip: 'corroborate: starting the language server',
  command: OPEN_SERVER_LOG_COMMAND,
};

export const STOPPED_PRESENTATION: StatusBarPresentation = {
  text: '$(error) corroborate',
  tooltip: 'corroborate: the language server is not running - click to open the server log',
  command: OPEN_SERVER_LOG_COMMAND,
};
