import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IndexingProgressTracker, indexingStatus, parseDocumentCounts } from '../indexingProgress';

describe('parseDocumentCounts', () => {
  it('reads "indexed/total documents"', () => {
    assert.deepEqual(parseDocumentCounts('1200/5000 documents'), { indexed: 1200, total: 5000 });
    assert.deepEqual(parseDocumentCounts(' 1 / 1 document'), { indexed: 1, total: 1 });
  });

  it('ignores other messages', () => {
    assert.equal(parseDocumentCounts(undefined), undefined);
    assert.equal(parseDocumentCounts('Loading corroborate.toml'), undefined);
    assert.equal(parseDocumentCounts('1200/5000'), undefined);
    assert.equal(parseDocumentCounts('42% documents'), undefined);
  });
});

describe('indexingStatus', () => {
  it('keeps the conflict count last reported', () => {
    const previous = { state: 'ready', indexed: 10, total: 10, conflicts: 4 } as const;
    assert.deepEqual(indexingStatus({ indexed: 3, total: 12 }, previous), { state: 'indexing', indexed: 3, total: 12, conflicts: 4 });
    assert.deepEqual(indexingStatus({ indexed: 0, total: 12 }, undefined), { state: 'indexing', indexed: 0, total: 12, conflicts: 0 });
  });
});

describe('IndexingProgressTracker', () => {
  it('follows an Indexing progress from begin to end', () => {
    const tracker = new IndexingProgressTracker();
    assert.deepEqual(tracker.observe('t1', { kind: 'begin', title: 'Indexing', message: '0/5000 documents' }), { indexed: 0, total: 5000 });
    assert.deepEqual(tracker.observe('t1', { kind: 'report', message: '1200/5000 documents' }), { indexed: 1200, total: 5000 });
    assert.equal(tracker.observe('t1', { kind: 'end' }), undefined);
    assert.equal(tracker.observe('t1', { kind: 'report', message: '5000/5000 documents' }), undefined, 'reports after the end are stale');
  });

  it('ignores progress with another title', () => {
    const tracker = new IndexingProgressTracker();
    assert.equal(tracker.observe(7, { kind: 'begin', title: 'Exporting', message: '1/2 documents' }), undefined);
    assert.equal(tracker.observe(7, { kind: 'report', message: '2/2 documents' }), undefined);
  });
});
