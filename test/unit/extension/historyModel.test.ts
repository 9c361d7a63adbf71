// The Environment view's Changes section, from a snapshot whose environment carries the history's changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { historyTreeModel } from '../../../src/extension/historyModel';
import type { HealthState } from '../../../src/extension/state';
import type { EnvironmentSummary } from '../../../src/core/environment';

function stateWith(changes: EnvironmentSummary['changes']): HealthState {
  const environment: EnvironmentSummary = {
    installations: [],
    toolchainGroups: [],
    variables: [],
    tools: [],
    ...(changes ? { changes } : {}),
  };
  return { phase: 'ready', trusted: true, snapshot: { environment } } as unknown as HealthState;
}

void test('the Environment view lists each change with when it was first seen; nothing without a history', () => {
  const [section] = historyTreeModel(
    stateWith([{ at: '2026-03-02T09:15:00.000Z', text: 'GOPROXY changed yesterday from a to b, set in the go env file' }]),
  );
  assert.equal(section?.label, 'Changes since earlier checks');
  assert.deepEqual(
    section?.children?.map((c) => [c.label, c.description]),
    [['GOPROXY changed yesterday from a to b, set in the go env file', '2026-03-02 09:15']],
  );
  assert.equal(historyTreeModel(stateWith([]))[0]?.description, 'none');
  assert.deepEqual(historyTreeModel(stateWith(undefined)), []);
});
