import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { entityCardFileName, normalizeEntityName, parseEntityCardResult } from '../entityCard';

describe('parseEntityCardResult', () => {
  it('accepts { name, markdown }', () => {
    assert.deepEqual(parseEntityCardResult({ name: 'Airbus', markdown: '# Airbus\n' }), {
      kind: 'card',
      card: { name: 'Airbus', markdown: '# Airbus\n' },
    });
  });

  it('reads null as an unknown entity and anything else as malformed', () => {
    assert.deepEqual(parseEntityCardResult(null), { kind: 'unknownEntity' });
    assert.deepEqual(parseEntityCardResult({ name: 'Airbus' }), { kind: 'malformed' });
    assert.deepEqual(parseEntityCardResult('# Airbus'), { kind: 'malformed' });
  });
});

describe('normalizeEntityName', () => {
  it('trims and collapses whitespace, and rejects blank names', () => {
    assert.equal(normalizeEntityName('  Banque   de\tFrance '), 'Banque de France');
    assert.equal(normalizeEntityName(' \n '), undefined);
  });
});

describe('entityCardFileName', () => {
  it('keeps accents and removes path separators', () => {
    assert.equal(entityCardFileName('Société Générale'), 'Société Générale.md');
    assert.equal(entityCardFileName('AT&T/BellSouth\\US'), 'AT&T-BellSouth-US.md');
  });
});
