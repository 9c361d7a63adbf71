// The Environment view's "Changes" section: what changed in this machine's Go environment between checks, from the snapshot's history.
import type { HealthState } from './state';
import type { TreeNodeModel } from './presentation';

export function historyTreeModel(state: HealthState): TreeNodeModel[] {
  const changes = state.snapshot?.environment.changes;
  if (!changes) return [];
  return [
    {
      id: 'env/changes',
      label: 'Changes since earlier checks',
      description: changes.length ? undefined : 'none',
      tooltip: "Kept in env-history.json in Go Health's state directory; `gohealth history` lists them too.",
      icon: { id: 'history' },
      collapsible: changes.length ? 'collapsed' : 'none',
      children: changes.map((c, i) => ({
        id: `env/change/${i}/${c.at}`,
        label: c.text,
        description: c.at.slice(0, 16).replace('T', ' '),
        tooltip: `${c.text}\n\nFirst seen ${c.at}.`,
        icon: { id: 'diff' },
        collapsible: 'none',
      })),
    },
  ];
}
