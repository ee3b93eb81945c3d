// The `corroborate` settings section as the server receives it: in
// `initializationOptions` and in answers to `workspace/configuration`.
// Values VS Code lets through despite the schema are replaced by defaults. No `vscode` import.

export const SETTINGS_SECTION = 'corroborate';

export type DiagnosticsScope = 'openFiles' | 'workspace';
export type ServerTrace = 'off' | 'messages' | 'verbose';

export interface CorroborateSettings {
  readonly server: { readonly path: string };
  readonly diagnostics: { readonly scope: DiagnosticsScope };
  /** Relative tolerance for figure conflicts: 0.05 means figures within 5% agree. Null: corroborate.toml decides. */
  readonly tolerance: number | null;
  /** Empty: the server uses the folders listed in corroborate.toml. */
  readonly notesFolders: readonly string[];
  readonly cache: { readonly enabled: boolean };
  readonly trace: { readonly server: ServerTrace };
}

export const DEFAULT_SETTINGS: CorroborateSettings = {
  server: { path: '' },
  diagnostics: { scope: 'openFiles' },
  tolerance: null,
  notesFolders: [],
  cache: { enabled: true },
  trace: { server: 'off' },
};

/** Reads one key of the section, e.g. `diagnostics.scope`; `vscode.WorkspaceConfiguration` fits. */
export interface SettingsSource {
  get(key: string): unknown;
}

export function readSettings(source: SettingsSource): CorroborateSettings {
  return {
    server: { path: stringOr(source.get('server.path'), DEFAULT_SETTINGS.server.path) },
    diagnostics: { scope: oneOf(source.get('diagnostics.scope'), ['openFiles', 'workspace'], DEFAULT_SETTINGS.diagnostics.scope) },
    tolerance: toleranceOr(source.get('tolerance'), DEFAULT_SETTINGS.tolerance),
    notesFolders: folderList(source.get('notesFolders')),
    cache: { enabled: booleanOr(source.get('cache.enabled'), DEFAULT_SETTINGS.cache.enabled) },
    trace: { server: oneOf(source.get('trace.server'), ['off', 'messages', 'verbose'], DEFAULT_SETTINGS.trace.server) },
  };
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

function booleanOr(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.find((candidate) => candidate === value) ?? fallback;
}

function toleranceOr(value: unknown, fallback: number | null): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1 ? value : fallback;
}

/** Trimmed, non-empty, duplicate-free folder names, in the order given. */
function folderList(value: unknown): string[] {
  if (!Array.isArray(value)) {
    return [];
  }
  const folders = value.filter((entry): entry is string => typeof entry === 'string').map((entry) => entry.trim());
  return [...new Set(folders.filter((entry) => entry !== ''))];
}
