import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS, readSettings, SettingsSource } from '../settings';

function source(values: Record<string, unknown>): SettingsSource {
  return { get: (key) => values[key] };
}

describe('readSettings', () => {
  it('gives the defaults when nothing is set', () => {
    assert.deepEqual(readSettings(source({})), DEFAULT_SETTINGS);
    assert.deepEqual(DEFAULT_SETTINGS, {
      server: { path: '' },
      diagnostics: { scope: 'openFiles' },
      tolerance: null,
      notesFolders: [],
      cache: { enabled: true },
      trace: { server: 'off' },
    });
  });

  it('nests dotted keys the way the corroborate section is shaped', () => {
    const settings = readSettings(
      source({
        'server.path': '/opt/corroborate',
        'diagnostics.scope': 'workspace',
        tolerance: 0.1,
        notesFolders: ['notes', 'drafts'],
        'cache.enabled': false,
        'trace.server': 'verbose',
      }),
    );
    assert.deepEqual(settings, {
      server: { path: '/opt/corroborate' },
      diagnostics: { scope: 'workspace' },
      tolerance: 0.1,
      notesFolders: ['notes', 'drafts'],
      cache: { enabled: false },
      trace: { server: 'verbose' },
    });
  });

  it('replaces values outside the schema with defaults', () => {
    const settings = readSettings(source({ 'diagnostics.scope': 'everything', 'cache.enabled': 'yes', 'trace.server': 2, 'server.path': null }));
    assert.equal(settings.diagnostics.scope, 'openFiles');
    assert.equal(settings.cache.enabled, true);
    assert.equal(settings.trace.server, 'off');
    assert.equal(settings.server.path, '');
  });

  it('accepts a zero tolerance but not a negative, infinite, too large or textual one', () => {
    assert.equal(readSettings(source({ tolerance: 0 })).tolerance, 0);
    assert.equal(readSettings(source({ tolerance: -0.2 })).tolerance, null);
    assert.equal(readSettings(source({ tolerance: Number.POSITIVE_INFINITY })).tolerance, null);
    assert.equal(readSettings(source({ tolerance: 1.5 })).tolerance, null);
    assert.equal(readSettings(source({ tolerance: '5%' })).tolerance, null);
  });

  it('keeps notes folders trimmed, non-empty and unique, in order', () => {
    assert.deepEqual(readSettings(source({ notesFolders: [' notes ', '', 'articles/fr', 42, 'notes'] })).notesFolders, ['notes', 'articles/fr']);
    assert.deepEqual(readSettings(source({ notesFolders: 'notes' })).notesFolders, []);
  });
});
