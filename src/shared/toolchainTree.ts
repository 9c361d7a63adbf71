// The Environment view's toolchains as tree rows: modules grouped by the toolchain they get and why, readable at any workspace size.
import type { ToolchainGroup } from '../core/environment';
import { COMMANDS } from './commands';

/** One row of a tree view, as the VS Code views take it: codicon ids, Markdown tooltips, a command to open a file. */
export interface ToolchainTreeNode {
  id: string;
  label: string;
  description?: string;
  /** Markdown. */
  tooltip?: string;
  icon?: { id: string; color?: string };
  collapsible: 'none' | 'collapsed' | 'expanded';
  children?: ToolchainTreeNode[];
  command?: { command: string; title: string; arguments?: unknown[] };
}

/** Escapes text for Markdown so a path or a reason cannot inject links or formatting. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>$]/g, (c) => `\\${c}`);
}

function count(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

/** `svc/app/go.mod` from a long path: the last two parts name a module well enough in a row. */
function shortFile(file: string): string {
  return file.replace(/^.*[\\/]([^\\/]+[\\/][^\\/]+)$/, '$1');
}

/**
 * Toolchains by module, readable at any size: one node per group of modules that get the same toolchain for the
 * same reason, the usual one first, then the exceptions, each listing the files that decide.
 */
export function toolchainTree(groups: readonly ToolchainGroup[]): ToolchainTreeNode {
  const total = groups.reduce((n, g) => n + g.modules, 0);
  const exceptions = groups.slice(1).reduce((n, g) => n + g.modules, 0);
  return {
    id: 'env/toolchains',
    label: 'Toolchain per module',
    description: `${count(total, 'module')}${exceptions ? ` · ${count(exceptions, 'exception')}` : ''}`,
    icon: { id: 'versions' },
    collapsible: 'expanded',
    children: groups.map((g, i) => {
      const id = `env/toolchains/${i}/${g.selected ?? 'unknown'}`;
      const files: ToolchainTreeNode[] = g.files.map((t) => ({
        id: `${id}/${t.file}`,
        label: shortFile(t.file),
        description: t.kind === 'workspace' ? `go.work · ${count(t.modules, 'module')}` : t.goLine ? `go ${t.goLine}` : undefined,
        tooltip: `\`${t.file}\`${t.goLine ? `\n\ngo ${t.goLine}` : ''}${t.toolchainLine ? `\n\ntoolchain ${t.toolchainLine}` : ''}`,
        icon: { id: t.kind === 'workspace' ? 'folder-library' : 'file-code' },
        collapsible: 'none',
        command: { command: COMMANDS.openLocation, title: 'Open', arguments: [{ file: t.file, line: 1, column: 1 }] },
      }));
      if (g.moreFiles) files.push({ id: `${id}/more`, label: `…and ${count(g.moreFiles, 'more file')}`, collapsible: 'none' });
      return {
        id,
        label: g.selected ?? 'unknown',
        description: `${i === 0 ? '' : g.blocked ? 'blocked · ' : 'exception · '}${count(g.modules, 'module')}`,
        tooltip: escapeMarkdown(g.why),
        icon: g.blocked ? { id: 'error', color: 'problemsErrorIcon.foreground' } : { id: i === 0 ? 'pass' : 'info' },
        // The exceptions are what a reader looks for; the usual group opens on demand.
        collapsible: i > 0 && g.files.length <= 10 ? 'expanded' : 'collapsed',
        children: [{ id: `${id}/why`, label: g.why, icon: { id: 'question' }, collapsible: 'none' }, ...files],
      };
    }),
  };
}
