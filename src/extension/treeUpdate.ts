// Brings a shown tree model up to date in place, so a re-render refreshes only the rows that changed.
import type { TreeNodeModel } from './presentation';

/**
 * What a re-render must tell VS Code. A full refresh makes VS Code forget every row's element until the view asks
 * for its children again; a menu action clicked in that moment (a re-check finishing under an open context menu)
 * would be handed no element at all. So when the new model has the same rows (the same ids, in the same places),
 * the shown nodes keep their identity and take the new fields, and only the rows whose own fields changed are
 * refreshed. `rebuilt` when rows came, went or moved; `unchanged` when nothing differs.
 */
export type TreeUpdate = { kind: 'rebuilt' } | { kind: 'unchanged' } | { kind: 'changed'; nodes: TreeNodeModel[] };

export function updateTreeInPlace(shown: TreeNodeModel[], next: TreeNodeModel[]): TreeUpdate {
  if (!sameRows(shown, next)) return { kind: 'rebuilt' };
  const changed: TreeNodeModel[] = [];
  copyFields(shown, next, changed);
  return changed.length ? { kind: 'changed', nodes: changed } : { kind: 'unchanged' };
}

function sameRows(a: readonly TreeNodeModel[] | undefined, b: readonly TreeNodeModel[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((n, i) => n.id === y[i]!.id && sameRows(n.children, y[i]!.children));
}

function ownFields(n: TreeNodeModel): string {
  return JSON.stringify(n, (key, value: unknown) => (key === 'children' ? undefined : value));
}

function copyFields(shown: TreeNodeModel[], next: TreeNodeModel[], changed: TreeNodeModel[]): void {
  shown.forEach((node, i) => {
    const fresh = next[i]!;
    if (ownFields(node) !== ownFields(fresh)) {
      const target = node as unknown as Record<string, unknown>;
      for (const key of Object.keys(target)) if (key !== 'children' && !(key in fresh)) delete target[key];
      for (const [key, value] of Object.entries(fresh)) if (key !== 'children') target[key] = value;
      changed.push(node);
    }
    if (node.children) copyFields(node.children, fresh.children!, changed);
  });
}
