import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { executableCandidates, isExecutableFile, pathDirectories, resolveServerPath, ServerPathLookup } from '../serverPath';

function posixLookup(overrides: Partial<ServerPathLookup>, executables: string[]): ServerPathLookup {
  return {
    configuredPath: '',
    platform: 'linux',
    env: { PATH: '/usr/local/bin:/usr/bin' },
    workspaceFolder: '/home/ana/notes',
    isExecutableFile: (candidate) => executables.includes(candidate),
    ...overrides,
  };
}

function windowsLookup(overrides: Partial<ServerPathLookup>, executables: string[]): ServerPathLookup {
  return {
    configuredPath: '',
    platform: 'win32',
    env: { PATH: 'C:\\Windows\\System32;"C:\\Program Files\\corroborate\\bin"', PATHEXT: '.COM;.EXE;.BAT;.CMD' },
    workspaceFolder: 'C:\\Users\\ana\\notes',
    isExecutableFile: (candidate) => executables.includes(candidate),
    ...overrides,
  };
}

describe('resolveServerPath on Linux and macOS', () => {
  it('finds corroborate in the first PATH directory that has it', () => {
    const lookup = posixLookup({}, ['/usr/bin/corroborate', '/usr/local/bin/corroborate']);
    assert.deepEqual(resolveServerPath(lookup), { found: true, path: '/usr/local/bin/corroborate' });
  });

  it('explains that corroborate is not on PATH', () => {
    const resolution = resolveServerPath(posixLookup({}, []));
    assert.equal(resolution.found, false);
    assert.match(!resolution.found ? resolution.problem : '', /'corroborate'\) was not found on PATH/);
  });

  it('looks a configured bare name up on PATH', () => {
    const lookup = posixLookup({ configuredPath: 'corroborate-nightly' }, ['/usr/bin/corroborate-nightly']);
    assert.deepEqual(resolveServerPath(lookup), { found: true, path: '/usr/bin/corroborate-nightly' });
  });

  it('uses an absolute configured path without searching PATH', () => {
    const lookup = posixLookup({ configuredPath: '/opt/corroborate/bin/corroborate' }, ['/opt/corroborate/bin/corroborate', '/usr/bin/corroborate']);
    assert.deepEqual(resolveServerPath(lookup), { found: true, path: '/opt/corroborate/bin/corroborate' });
  });

  it('resolves a relative configured path against the workspace folder', () => {
    const lookup = posixLookup({ configuredPath: ' target/release/corroborate ' }, ['/home/ana/notes/target/release/corroborate']);
    assert.deepEqual(resolveServerPath(lookup), { found: true, path: '/home/ana/notes/target/release/corroborate' });
  });

  it('names the missing file when the configured path does not exist', () => {
    const resolution = resolveServerPath(posixLookup({ configuredPath: './bin/corroborate' }, []));
    assert.deepEqual(resolution, {
      found: false,
      problem: "corroborate.server.path is './bin/corroborate', but there is no executable file at '/home/ana/notes/bin/corroborate'.",
    });
  });

  it('refuses a relative configured path when no folder is open', () => {
    const resolution = resolveServerPath(posixLookup({ configuredPath: 'bin/corroborate', workspaceFolder: undefined }, []));
    assert.equal(resolution.found, false);
    assert.match(!resolution.found ? resolution.problem : '', /no workspace folder is open/);
  });

  it('skips empty PATH entries instead of searching the current directory', () => {
    assert.deepEqual(pathDirectories({ platform: 'linux', env: { PATH: ':/usr/bin::/bin:' } }), ['/usr/bin', '/bin']);
  });
});

describe('resolveServerPath on Windows', () => {
  it('appends PATHEXT extensions and strips quotes from PATH entries', () => {
    const lookup = windowsLookup({}, ['C:\\Program Files\\corroborate\\bin\\corroborate.EXE']);
    assert.deepEqual(resolveServerPath(lookup), { found: true, path: 'C:\\Program Files\\corroborate\\bin\\corroborate.EXE' });
  });

  it('does not take an extensionless file for an executable', () => {
    const lookup = windowsLookup({}, ['C:\\Windows\\System32\\corroborate']);
    assert.equal(resolveServerPath(lookup).found, false);
  });

  it('tries a configured name with an extension as is, then with PATHEXT', () => {
    const env = { PATHEXT: '.EXE;.CMD' };
    assert.deepEqual(executableCandidates('C:\\tools\\corroborate.exe', { platform: 'win32', env }), [
      'C:\\tools\\corroborate.exe',
      'C:\\tools\\corroborate.exe.EXE',
      'C:\\tools\\corroborate.exe.CMD',
    ]);
  });

  it('falls back to the standard PATHEXT when it is unset', () => {
    assert.deepEqual(executableCandidates('corroborate', { platform: 'win32', env: {} }), [
      'corroborate.COM',
      'corroborate.EXE',
      'corroborate.BAT',
      'corroborate.CMD',
    ]);
  });

  it('treats a configured path with backslashes as a path, not a name on PATH', () => {
    const lookup = windowsLookup({ configuredPath: 'D:\\bin\\corroborate' }, ['D:\\bin\\corroborate.EXE', 'C:\\Windows\\System32\\corroborate.EXE']);
    assert.deepEqual(resolveServerPath(lookup), { found: true, path: 'D:\\bin\\corroborate.EXE' });
  });
});

describe('isExecutableFile', { skip: process.platform === 'win32' && 'POSIX permission bits' }, () => {
  it('accepts an executable file and rejects a plain file and a directory', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-server-path-'));
    try {
      const executable = path.join(folder, 'corroborate');
      const plain = path.join(folder, 'notes.md');
      fs.writeFileSync(executable, '#!/bin/sh\n', { mode: 0o755 });
      fs.writeFileSync(plain, '# notes\n', { mode: 0o644 });
      assert.equal(isExecutableFile(executable), true);
      assert.equal(isExecutableFile(plain), false);
      assert.equal(isExecutableFile(folder), false);
      assert.equal(isExecutableFile(path.join(folder, 'missing')), false);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
