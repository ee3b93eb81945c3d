// Finds the corroborate binary before the client spawns it, so that a missing
// binary produces a clear message instead of a spawn error. No `vscode` import.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const DEFAULT_SERVER_COMMAND = 'corroborate';

/** Extensions Windows tries when PATHEXT is unset. */
const DEFAULT_WINDOWS_PATHEXT = '.COM;.EXE;.BAT;.CMD';

export interface ServerPathLookup {
  /** Value of `corroborate.server.path`; empty means "look up `corroborate` on PATH". */
  readonly configuredPath: string;
  readonly platform: NodeJS.Platform;
  readonly env: { readonly PATH?: string | undefined; readonly PATHEXT?: string | undefined };
  /** Folder a relative configured path is resolved against. */
  readonly workspaceFolder: string | undefined;
  readonly isExecutableFile: (candidate: string) => boolean;
}

export type ServerPathResolution =
  | { readonly found: true; readonly path: string }
  | { readonly found: false; readonly problem: string };

export function resolveServerPath(lookup: ServerPathLookup): ServerPathResolution {
  const paths = pathApi(lookup.platform);
  const configured = lookup.configuredPath.trim();

  if (configured === '') {
    return searchPath(DEFAULT_SERVER_COMMAND, lookup, `The corroborate server ('${DEFAULT_SERVER_COMMAND}') was not found on PATH.`);
  }
  if (paths.basename(configured) === configured) {
    return searchPath(configured, lookup, `corroborate.server.path is '${configured}', which was not found on PATH.`);
  }

  let absolute = configured;
  if (!paths.isAbsolute(configured)) {
    if (lookup.workspaceFolder === undefined) {
      return {
        found: false,
        problem: `corroborate.server.path is the relative path '${configured}', but no workspace folder is open to resolve it against.`,
      };
    }
    absolute = paths.resolve(lookup.workspaceFolder, configured);
  }
  const match = executableCandidates(absolute, lookup).find(lookup.isExecutableFile);
  return match !== undefined
    ? { found: true, path: match }
    : { found: false, problem: `corroborate.server.path is '${configured}', but there is no executable file at '${absolute}'.` };
}

function searchPath(command: string, lookup: ServerPathLookup, problem: string): ServerPathResolution {
  const paths = pathApi(lookup.platform);
  for (const directory of pathDirectories(lookup)) {
    const match = executableCandidates(paths.join(directory, command), lookup).find(lookup.isExecutableFile);
    if (match !== undefined) {
      return { found: true, path: match };
    }
  }
  return { found: false, problem };
}

/** Path syntax of the target platform, so Windows lookups can be tested anywhere. */
function pathApi(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** PATH entries in order; empty entries (meaning the current directory) are skipped on purpose. */
export function pathDirectories(lookup: Pick<ServerPathLookup, 'platform' | 'env'>): string[] {
  const separator = lookup.platform === 'win32' ? ';' : ':';
  return (lookup.env.PATH ?? '')
    .split(separator)
    .map((entry) => (lookup.platform === 'win32' ? entry.trim().replace(/^"(.*)"$/, '$1') : entry))
    .filter((entry) => entry !== '');
}

/**
 * Files that running `file` may refer to. On Windows a name without an extension
 * only runs with one of PATHEXT appended; a name with an extension is tried as is first.
 */
export function executableCandidates(file: string, lookup: Pick<ServerPathLookup, 'platform' | 'env'>): string[] {
  if (lookup.platform !== 'win32') {
    return [file];
  }
  const extensions = (lookup.env.PATHEXT ?? DEFAULT_WINDOWS_PATHEXT).split(';').map((ext) => ext.trim()).filter((ext) => ext !== '');
  const withExtensions = extensions.map((ext) => file + ext);
  return path.win32.extname(file) === '' ? withExtensions : [file, ...withExtensions];
}

/** The real file-system check: a regular file that this process may execute. */
export function isExecutableFile(candidate: string): boolean {
  try {
    if (!fs.statSync(candidate).isFile()) {
      return false;
    }
    if (process.platform !== 'win32') {
      fs.accessSync(candidate, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}
