// A re-render keeps the shown tree's nodes (what a menu action is handed) and refreshes only the rows that changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TreeNodeModel } from '../../../src/extension/presentation';
import { updateTreeInPlace } from '../../../src/extension/treeUpdate';

function tree(goprivate: string, extra: TreeNodeModel[] = []): TreeNodeModel[] {
  return [
    {
      id: 'env/variables',
      label: 'Variables',
      collapsible: 'expanded',
      children: [
        {
          id: 'env/variable/GOPRIVATE',
          label: 'GOPRIVATE',
          description: `${goprivate} · go env -w`,
          collapsible: 'none',
          value: goprivate,
        },
        {
          id: 'env/variable/GOAMD64',
          label: 'GOAMD64',
          description: 'v1 · go env -w',
          collapsible: 'none',
          value: 'v1',
          path: '/e',
          line: 1,
        },
        ...extra,
      ],
    },
  ];
}

void test('a re-render with the same rows and values changes nothing', () => {
  assert.deepEqual(updateTreeInPlace(tree('example.com/a'), tree('example.com/a')), { kind: 'unchanged' });
});

void test('a changed value updates the shown node itself, and only that row is refreshed', () => {
  const shown = tree('example.com/a');
  const handedToAMenu = shown[0]!.children![0]!;
  const update = updateTreeInPlace(shown, tree('example.com/b'));
  assert.equal(update.kind, 'changed');
  assert.deepEqual(update.kind === 'changed' && update.nodes, [handedToAMenu]);
  assert.equal(handedToAMenu.value, 'example.com/b');
  assert.equal(handedToAMenu.description, 'example.com/b · go env -w');
  assert.equal(shown[0]!.children![0], handedToAMenu);
});

void test('a field the new model no longer has is removed from the shown node', () => {
  const shown = tree('x');
  const next = tree('x');
  delete next[0]!.children![1]!.path;
  delete next[0]!.children![1]!.line;
  const update = updateTreeInPlace(shown, next);
  assert.equal(update.kind, 'changed');
  assert.equal('path' in shown[0]!.children![1]!, false);
  assert.equal('line' in shown[0]!.children![1]!, false);
});

void test('a row that came, went or moved rebuilds the tree', () => {
  const added = tree('x', [{ id: 'env/variable/GOFLAGS', label: 'GOFLAGS', collapsible: 'none' }]);
  assert.deepEqual(updateTreeInPlace(tree('x'), added), { kind: 'rebuilt' });
  assert.deepEqual(updateTreeInPlace(added, tree('x')), { kind: 'rebuilt' });
  const moved = tree('x');
  moved[0]!.children!.reverse();
  assert.deepEqual(updateTreeInPlace(tree('x'), moved), { kind: 'rebuilt' });
  assert.deepEqual(updateTreeInPlace([], tree('x')), { kind: 'rebuilt' });
});
