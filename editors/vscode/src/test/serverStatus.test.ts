import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseServerStatus, presentServerStatus } from '../serverStatus';

describe('parseServerStatus', () => {
  it('accepts params that follow the contract', () => {
    assert.deepEqual(parseServerStatus({ state: 'ready', indexed: 5000, total: 5000, conflicts: 3 }), {
      state: 'ready',
      indexed: 5000,
      total: 5000,
      conflicts: 3,
    });
  });

  it('rejects unknown states, missing, negative or fractional counts', () => {
    assert.equal(parseServerStatus({ state: 'paused', indexed: 1, total: 2, conflicts: 0 }), undefined);
    assert.equal(parseServerStatus({ state: 'ready', indexed: 1, total: 2 }), undefined);
    assert.equal(parseServerStatus({ state: 'ready', indexed: -1, total: 2, conflicts: 0 }), undefined);
    assert.equal(parseServerStatus({ state: 'indexing', indexed: 1.5, total: 2, conflicts: 0 }), undefined);
    assert.equal(parseServerStatus(null), undefined);
    assert.equal(parseServerStatus('ready'), undefined);
  });
});

describe('presentServerStatus', () => {
  it('shows a spinner and counts while indexing', () => {
    const presentation = presentServerStatus({ state: 'indexing', indexed: 1200, total: 5000, conflicts: 0 });
    assert.equal(presentation.text, '$(sync~spin) corroborate 1200/5000');
    assert.equal(presentation.command, 'workbench.actions.view.problems');
  });

  it('shows a check mark when ready without conflicts', () => {
    assert.equal(presentServerStatus({ state: 'ready', indexed: 5000, total: 5000, conflicts: 0 }).text, '$(check) corroborate');
  });

  it('shows the conflict count when ready, singular and plural', () => {
    assert.equal(presentServerStatus({ state: 'ready', indexed: 5000, total: 5000, conflicts: 3 }).text, '$(warning) corroborate: 3 conflicts');
    assert.equal(presentServerStatus({ state: 'ready', indexed: 1, total: 1, conflicts: 1 }).text, '$(warning) corroborate: 1 conflict');
  });

  it('opens the Problems view on click once the server reports', () => {
    assert.equal(presentServerStatus({ state: 'ready', indexed: 5000, total: 5000, conflicts: 3 }).command, 'workbench.actions.view.problems');
  });
});
