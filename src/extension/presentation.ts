// Pure mapping from the health state to what the status bar, trees and context keys show (no 'vscode' import: unit-tested).
import type { Finding, Severity } from '../core/report';
import { AREAS, AREA_TITLES, sortFindings } from '../core/report';
import { findingKey } from '../shared/protocol';
import { COMMANDS } from '../shared/commands';

export { COMMANDS };
import type { HealthState } from './state';

/** Commands the tooltip's links may run (MarkdownString.isTrusted.enabledCommands). */
export const TOOLTIP_COMMANDS = [
  COMMANDS.rerun,
  COMMANDS.fixProblem,
  COMMANDS.explain,
  COMMANDS.showReport,
  COMMANDS.applyFix,
  COMMANDS.focus,
];

interface StatusBarModel {
  text: string;
  /** Markdown with command links to our commands only. */
  tooltip: string;
  background?: 'error' | 'warning';
  accessibilityLabel: string;
  command: string;
}

interface Counts {
  error: number;
  warning: number;
  info: number;
}

function countFindings(findings: readonly Finding[]): Counts {
  const c: Counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) c[f.severity]++;
  return c;
}

/** `1.26.8` from `go1.26.8`. */
export function shortGoVersion(version: string | undefined): string | undefined {
  return version?.replace(/^go/, '');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function commandLink(command: string, args?: unknown[]): string {
  return args ? `command:${command}?${encodeURIComponent(JSON.stringify(args))}` : `command:${command}`;
}

/** Escapes text for Markdown so a path or value cannot inject links or formatting. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>$]/g, (c) => `\\${c}`);
}

const SEVERITY_ICON: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'info' };

export function statusBarModel(state: HealthState, maxListed = 5): StatusBarModel {
  const command = COMMANDS.focus;
  const snapshot = state.snapshot;
  if (state.phase === 'starting' || state.phase === 'restarting' || (state.phase === 'checking' && !snapshot)) {
    const what =
      state.phase === 'restarting'
        ? 'The Go Health server stopped and is restarting.'
        : state.phase === 'starting'
          ? 'Go Health is starting.'
          : 'Checking the Go environment…';
    // Before the first answer, the go on PATH is already known from its VERSION file (later, only a check says).
    const known = snapshot ? undefined : shortGoVersion(state.goBeforeTheServer?.version);
    return {
      text: known ? `$(sync~spin) Go ${known}` : '$(sync~spin) Go',
      tooltip: `**Go Health**\n\n${what}`,
      accessibilityLabel: `Go Health: ${state.phase === 'restarting' ? 'restarting' : 'checking'}`,
      command,
    };
  }
  if (state.phase === 'checking') {
    return {
      text: '$(sync~spin) Go',
      tooltip: '**Go Health**\n\nChecking the Go environment…',
      accessibilityLabel: 'Go Health: checking',
      command,
    };
  }
  if (!snapshot || state.phase === 'failed' || state.phase === 'stopped') {
    const why = state.message ? `\n\n${escapeMarkdown(state.message)}` : '';
    return {
      text: '$(error) Go',
      tooltip: `**Go Health**\n\n${state.phase === 'stopped' ? 'The Go Health server stopped.' : 'The check failed.'}${why}\n\n[Re-run Checks](${commandLink(COMMANDS.rerun)})`,
      background: 'error',
      accessibilityLabel: `Go Health: ${state.phase === 'stopped' ? 'stopped' : 'check failed'}`,
      command,
    };
  }
  const findings = sortFindings(snapshot.report.findings);
  const counts = countFindings(findings);
  const version = shortGoVersion(snapshot.environment.activeGo?.version);
  const goLabel = version ? `Go ${version}` : 'Go';
  let text: string;
  let background: StatusBarModel['background'];
  let a11y: string;
  if (counts.error) {
    text = `$(error) Go · ${counts.error}`;
    background = 'error';
    a11y = `Go Health: ${plural(counts.error, 'error')}${counts.warning ? `, ${plural(counts.warning, 'warning')}` : ''}`;
  } else if (counts.warning) {
    text = `$(warning) ${goLabel} · ${counts.warning}`;
    background = 'warning';
    a11y = `Go Health: ${goLabel}, ${plural(counts.warning, 'warning')}`;
  } else {
    text = `$(pass) ${goLabel}`;
    a11y = `Go Health: ${goLabel}, no problems`;
  }
  const lines: string[] = [];
  const active = snapshot.environment.activeGo;
  lines.push(`**Go Health** — ${active ? `${escapeMarkdown(goLabel)} at \`${active.path}\`` : 'no go found'}`);
  if (!snapshot.trusted) lines.push('', '$(shield) Restricted mode: workspace settings that point at programs are ignored.');
  const worst = findings.filter((f) => f.severity !== 'info').slice(0, maxListed);
  if (worst.length) {
    lines.push('');
    for (const f of worst) {
      const key = findingKey(f);
      const links = [
        ...(f.fixes.length ? [`[Fix](${commandLink(COMMANDS.fixProblem, [key])})`] : []),
        `[Explain](${commandLink(COMMANDS.explain, [key])})`,
      ].join(' · ');
      lines.push(`- $(${SEVERITY_ICON[f.severity]}) ${escapeMarkdown(f.title)} — ${links}`);
    }
    const more = counts.error + counts.warning - worst.length;
    if (more > 0) lines.push(`- …and ${more} more in the [Health view](${commandLink(COMMANDS.focus)})`);
  } else {
    lines.push('', counts.info ? `No problems; ${plural(counts.info, 'note')}.` : 'No problems found.');
  }
  lines.push('', `[Re-run Checks](${commandLink(COMMANDS.rerun)}) · [Show Report](${commandLink(COMMANDS.showReport)})`);
  return { text, tooltip: lines.join('\n'), background, accessibilityLabel: a11y, command };
}

export interface TreeNodeModel {
  id: string;
  label: string;
  description?: string;
  /** Markdown. */
  tooltip?: string;
  /** Codicon id, with an optional theme colour id. */
  icon?: { id: string; color?: string };
  contextValue?: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
  children?: TreeNodeModel[];
  command?: { command: string; title: string; arguments?: unknown[] };
  /** For finding and fix nodes: what the inline actions act on. */
  findingKey?: string;
  fixId?: string;
}

const SEVERITY_COLOR: Record<Severity, string> = {
  error: 'problemsErrorIcon.foreground',
  warning: 'problemsWarningIcon.foreground',
  info: 'problemsInfoIcon.foreground',
};

/** Context keys the welcome views and menus read. */
export interface ContextKeys {
  'goHealth.ready': boolean;
  'goHealth.goMissing': boolean;
  'goHealth.allWell': boolean;
  'goHealth.restricted': boolean;
  'goHealth.canUndo': boolean;
}

export function contextKeys(state: HealthState, canUndo: boolean): ContextKeys {
  const findings = state.snapshot?.report.findings ?? [];
  const done = !!state.snapshot && state.phase !== 'failed';
  return {
    'goHealth.ready': done,
    'goHealth.goMissing': done && findings.some((f) => f.id === 'go-missing'),
    'goHealth.allWell': done && findings.length === 0,
    'goHealth.restricted': !state.trusted || state.snapshot?.trusted === false,
    'goHealth.canUndo': canUndo,
  };
}

/** Short enough for the default sidebar width; the description and tooltip say the rest. */
export const RESTRICTED_LABEL = 'Restricted mode';

function restrictedNode(ignoredSettings: readonly string[]): TreeNodeModel {
  return {
    id: 'restricted',
    label: RESTRICTED_LABEL,
    description: ignoredSettings.length ? `ignored: ${ignoredSettings.join(', ')}` : 'program settings ignored',
    tooltip:
      'This workspace is not trusted. Go Health does not run programs named by its settings or files ' +
      `(${ignoredSettings.length ? ignoredSettings.map((s) => `\`${s}\``).join(', ') : 'none set here'}); it checks the go found on PATH instead. ` +
      'Trust the workspace to use them.',
    icon: { id: 'shield', color: 'problemsWarningIcon.foreground' },
    contextValue: 'restricted',
    collapsible: 'none',
    command: { command: COMMANDS.manageTrust, title: 'Manage Workspace Trust' },
  };
}

function evidenceValue(v: unknown): string {
  if (v === null || v === undefined) return 'unset';
  if (typeof v === 'string') return v === '' ? '(empty)' : v;
  const s = JSON.stringify(v);
  return s.length > 200 ? `${s.slice(0, 197)}…` : s;
}

function basename(file: string): string {
  return file.replace(/^.*[\\/]/, '');
}

function findingNode(f: Finding, index: number): TreeNodeModel {
  const key = findingKey(f);
  const children: TreeNodeModel[] = [];
  if (f.location) {
    children.push({
      id: `${key}/location`,
      label: `${basename(f.location.file)}:${f.location.line}`,
      description: f.location.file,
      icon: { id: 'go-to-file' },
      collapsible: 'none',
      command: { command: COMMANDS.openLocation, title: 'Open', arguments: [f.location] },
    });
  }
  for (const [k, v] of Object.entries(f.evidence)) {
    children.push({
      id: `${key}/evidence/${k}`,
      label: k,
      description: evidenceValue(v),
      tooltip: `\`${k}\`: ${escapeMarkdown(evidenceValue(v))}`,
      icon: { id: 'symbol-field' },
      collapsible: 'none',
    });
  }
  for (const fix of f.fixes) {
    children.push({
      id: `${key}/fix/${fix.id}`,
      label: fix.title,
      description: fixKindLabel(fix.kind),
      icon: { id: 'lightbulb', color: 'editorLightBulb.foreground' },
      contextValue: 'fix',
      collapsible: 'none',
      command: { command: COMMANDS.applyFix, title: 'Apply Fix', arguments: [key, fix.id] },
      findingKey: key,
      fixId: fix.id,
    });
  }
  return {
    id: `finding/${index}/${key}`,
    label: f.title,
    description: f.location ? `${basename(f.location.file)}:${f.location.line}` : f.id,
    tooltip: `**${escapeMarkdown(f.title)}**\n\n${escapeMarkdown(f.detail)}\n\n\`${f.id}\` · ${f.severity}`,
    icon: { id: SEVERITY_ICON[f.severity], color: SEVERITY_COLOR[f.severity] },
    contextValue: f.fixes.length ? 'finding.fixable' : 'finding',
    collapsible: children.length ? 'collapsed' : 'none',
    children,
    findingKey: key,
  };
}

function fixKindLabel(kind: Finding['fixes'][number]['kind']): string {
  switch (kind) {
    case 'edit-file':
      return 'edits a file';
    case 'go-env-write':
      return 'go env -w';
    case 'terminal-env':
      return 'terminals only';
    case 'run-command':
      return 'runs a command';
    case 'instructions':
      return 'instructions';
  }
}

/** The Health view: restricted-mode notice, then findings grouped by area (empty when a welcome view should show). */
export function healthTreeModel(state: HealthState): TreeNodeModel[] {
  const nodes: TreeNodeModel[] = [];
  const snapshot = state.snapshot;
  if (!state.trusted || snapshot?.trusted === false) nodes.push(restrictedNode(snapshot?.ignoredSettings ?? []));
  if (state.phase === 'failed' || state.phase === 'stopped') {
    nodes.push({
      id: 'failed',
      label: state.phase === 'stopped' ? 'The Go Health server stopped' : 'The check failed',
      description: state.message,
      icon: { id: 'error', color: SEVERITY_COLOR.error },
      collapsible: 'none',
      command: { command: COMMANDS.rerun, title: 'Re-run Checks' },
    });
  }
  if (!snapshot) {
    if (state.phase !== 'failed' && state.phase !== 'stopped')
      nodes.push({ id: 'checking', label: 'Checking the Go environment…', icon: { id: 'sync~spin' }, collapsible: 'none' });
    return nodes;
  }
  const keys = contextKeys(state, false);
  if (keys['goHealth.goMissing'] || keys['goHealth.allWell']) return nodes;
  const findings = sortFindings(snapshot.report.findings);
  const counts = countFindings(findings);
  if (!counts.error && !counts.warning) {
    const version = shortGoVersion(snapshot.environment.activeGo?.version);
    nodes.push({
      id: 'summary',
      label: `No problems${version ? ` with Go ${version}` : ''}`,
      description: plural(counts.info, 'note'),
      icon: { id: 'pass', color: 'testing.iconPassed' },
      collapsible: 'none',
    });
  }
  let index = 0;
  for (const area of AREAS) {
    const inArea = findings.filter((f) => f.area === area);
    if (!inArea.length) continue;
    const c = countFindings(inArea);
    const worst: Severity = c.error ? 'error' : c.warning ? 'warning' : 'info';
    const parts = [c.error && plural(c.error, 'error'), c.warning && plural(c.warning, 'warning'), c.info && plural(c.info, 'note')].filter(
      Boolean,
    );
    nodes.push({
      id: `area/${area}`,
      label: AREA_TITLES[area],
      description: parts.join(', '),
      icon: { id: SEVERITY_ICON[worst], color: SEVERITY_COLOR[worst] },
      contextValue: 'area',
      collapsible: 'expanded',
      children: inArea.map((f) => findingNode(f, index++)),
    });
  }
  return nodes;
}

/** The Environment view: installations, toolchain per module, variables with their source, tools. */
export function environmentTreeModel(state: HealthState): TreeNodeModel[] {
  const env = state.snapshot?.environment;
  if (!env) return [];
  const sections: TreeNodeModel[] = [];
  sections.push({
    id: 'env/installations',
    label: 'Go installations',
    description: env.installations.length ? undefined : 'none found',
    icon: { id: 'package' },
    collapsible: 'expanded',
    children: env.installations.map((i) => ({
      id: `env/installation/${i.path}`,
      label: i.version ?? 'unknown version',
      description: `${i.active ? 'active · ' : ''}${i.path}`,
      tooltip: `\`${i.path}\`${i.realPath !== i.path ? ` → \`${i.realPath}\`` : ''}\n\nGOROOT \`${i.goroot}\`${i.configured ? '\n\nChosen by the goHealth.goPath setting.' : ''}`,
      icon: { id: i.active ? 'pass-filled' : 'circle-outline', color: i.active ? 'testing.iconPassed' : undefined },
      contextValue: i.active ? 'installation.active' : 'installation',
      collapsible: 'none',
    })),
  });
  if (env.toolchains.length) {
    sections.push({
      id: 'env/toolchains',
      label: 'Toolchain per module',
      icon: { id: 'versions' },
      collapsible: 'expanded',
      children: env.toolchains.map((t) => ({
        id: `env/toolchain/${t.file}`,
        label: t.file.replace(/^.*[\\/]([^\\/]+[\\/][^\\/]+)$/, '$1'),
        description: t.selected ?? 'unknown',
        tooltip: `${escapeMarkdown(t.reason)}\n\n\`${t.file}\`${t.goLine ? `\n\ngo ${t.goLine}` : ''}${t.toolchainLine ? `\n\ntoolchain ${t.toolchainLine}` : ''}`,
        icon: { id: t.kind === 'workspace' ? 'folder-library' : 'file-code' },
        collapsible: 'collapsed',
        children: [{ id: `env/toolchain/${t.file}/why`, label: t.reason, icon: { id: 'question' }, collapsible: 'none' }],
        command: { command: COMMANDS.openLocation, title: 'Open', arguments: [{ file: t.file, line: 1, column: 1 }] },
      })),
    });
  }
  sections.push({
    id: 'env/variables',
    label: 'Variables',
    icon: { id: 'symbol-variable' },
    collapsible: 'expanded',
    children: env.variables.map((v) => ({
      id: `env/variable/${v.name}`,
      label: v.name,
      description: `${v.value === '' ? '(empty)' : v.value} — ${v.sourceLabel}`,
      tooltip: `\`${v.name}=${v.value}\`\n\nFrom: ${escapeMarkdown(v.sourceLabel)}${v.overridden.map((o) => `\n\nAlso set in ${o.source}: \`${o.value}\` (not used)`).join('')}`,
      icon: { id: v.source === 'default' ? 'symbol-constant' : 'symbol-variable' },
      collapsible: v.overridden.length ? 'collapsed' : 'none',
      children: v.overridden.map((o) => ({
        id: `env/variable/${v.name}/${o.source}`,
        label: `${o.source}: ${o.value}`,
        description: 'overridden',
        icon: { id: 'debug-step-over' },
        collapsible: 'none',
      })),
    })),
  });
  if (env.tools.length) {
    sections.push({
      id: 'env/tools',
      label: 'Go tools',
      icon: { id: 'tools' },
      collapsible: 'expanded',
      children: env.tools.map((t) => ({
        id: `env/tool/${t.name}`,
        label: t.name,
        description: t.path
          ? `${t.version ?? ''}${t.goVersion ? ` (built with ${t.goVersion})` : ''}${t.copies > 1 ? ` · ${t.copies} copies` : ''}`.trim() ||
            t.path
          : 'not found',
        tooltip: t.path ? `\`${t.path}\`` : 'Not found on PATH or in the go install directory.',
        icon: { id: t.path ? 'tools' : 'circle-slash' },
        collapsible: 'none',
      })),
    });
  }
  if (env.pins?.length) {
    sections.push({
      id: 'env/pins',
      label: 'Go version pins',
      icon: { id: 'pinned' },
      collapsible: 'collapsed',
      children: env.pins.map((p) => ({
        id: `env/pin/${p.file}:${p.line}`,
        label: `${p.kind}: ${p.value}`,
        description: p.decides,
        tooltip: `\`${p.file}\` line ${p.line}\n\nFollowed by ${escapeMarkdown(p.decides)}`,
        icon: { id: 'pinned' },
        collapsible: 'none',
        command: { command: COMMANDS.openLocation, title: 'Open', arguments: [{ file: p.file, line: p.line, column: 1 }] },
      })),
    });
  }
  if (env.goenvFile) {
    sections.push({
      id: 'env/goenvFile',
      label: 'Go env file',
      description: env.goenvFile,
      icon: { id: 'file' },
      collapsible: 'none',
      command: { command: COMMANDS.openLocation, title: 'Open', arguments: [{ file: env.goenvFile, line: 1, column: 1 }] },
    });
  }
  return sections;
}

/**
 * The finding a command argument names: a finding key (tooltip links, code actions), a tree node, a finding
 * object, or a bare check id (the first finding of that check, preferring one that has `fixId`).
 */
export function resolveFindingArg(findings: readonly Finding[], arg: unknown, fixId?: string): Finding | undefined {
  let key: string | undefined;
  if (typeof arg === 'string') key = arg;
  else if (arg && typeof arg === 'object') {
    const o = arg as { findingKey?: unknown; id?: unknown; title?: unknown; location?: Finding['location'] };
    if (typeof o.findingKey === 'string') key = o.findingKey;
    else if (typeof o.id === 'string' && typeof o.title === 'string') key = findingKey({ id: o.id, title: o.title, location: o.location });
    else if (typeof o.id === 'string') key = o.id;
  }
  if (!key) return undefined;
  const exact = findings.find((f) => findingKey(f) === key);
  if (exact) return exact;
  const byId = findings.filter((f) => f.id === key);
  return (fixId && byId.find((f) => f.fixes.some((x) => x.id === fixId))) || byId[0];
}

interface FixPickItem {
  label: string;
  description: string;
  detail?: string;
  findingKey: string;
  fixId: string;
}

/** Every available fix, worst findings first: label = fix title, description = finding title. */
export function fixPickItems(findings: readonly Finding[], onlyFindingKey?: string): FixPickItem[] {
  const items: FixPickItem[] = [];
  for (const f of sortFindings(findings)) {
    const key = findingKey(f);
    if (onlyFindingKey && key !== onlyFindingKey) continue;
    for (const fix of f.fixes)
      items.push({
        label: fix.title,
        description: f.title,
        detail: `${f.severity} · ${f.id} · ${fixKindLabel(fix.kind)}`,
        findingKey: key,
        fixId: fix.id,
      });
  }
  return items;
}
