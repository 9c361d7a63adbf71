// Pure mapping from the health state to what the status bar, trees and context keys show (no 'vscode' import: unit-tested).
import { AREA_TITLES, type Finding, type Fix, type Severity } from '../core/report';
import { triage, type TriageNode } from '../core/triage';
import { evidenceDetails, evidenceSentences } from '../core/render/evidence';
import { variableDocUrl } from '../core/data/goDocs';
import type { EnvironmentSummary } from '../core/environment';
import { findingKey } from '../shared/protocol';
import { COMMANDS } from '../shared/commands';

export { COMMANDS };
import type { HealthState } from './state';
import { toolchainTree } from '../shared/toolchainTree';

/** Commands the tooltip's links may run (MarkdownString.isTrusted.enabledCommands). */
export const TOOLTIP_COMMANDS = [
  COMMANDS.rerun,
  COMMANDS.fixProblem,
  COMMANDS.explain,
  COMMANDS.showReport,
  COMMANDS.applyFix,
  COMMANDS.focus,
  COMMANDS.showLogs,
];

interface StatusBarModel {
  text: string;
  /** Markdown with command links to our commands only. */
  tooltip: string;
  background?: 'error' | 'warning';
  accessibilityLabel: string;
  command: string;
}

export interface Counts {
  error: number;
  warning: number;
  info: number;
}

export function countFindings(findings: readonly Finding[]): Counts {
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

/** Counts in words, worst first: `2 errors, 1 warning, 1 note`. */
export function countsText(c: Counts, withNotes = true): string {
  return [c.error && plural(c.error, 'error'), c.warning && plural(c.warning, 'warning'), withNotes && c.info && plural(c.info, 'note')]
    .filter(Boolean)
    .join(', ');
}

export function statusBarModel(state: HealthState): StatusBarModel {
  const command = COMMANDS.statusMenu;
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
  const version = shortGoVersion(snapshot?.environment.activeGo?.version);
  const goLabel = version ? `Go ${version}` : 'Go';
  if (state.phase === 'checking' && snapshot?.partial) {
    const active = snapshot.environment.activeGo;
    const errors = snapshot.report.findings.filter((f) => f.severity === 'error').length;
    return {
      text: `$(sync~spin) ${version ? `Go ${version}` : 'Go'}${errors ? ` · ${errors}` : ''}`,
      tooltip: `**Go Health** — ${active ? `${escapeMarkdown(version ? `Go ${version}` : 'Go')} at \`${active.path}\`` : 'no go found'}\n\nChecking the workspace's modules…`,
      background: errors ? 'error' : undefined,
      accessibilityLabel: `Go Health: ${version ? `Go ${version}, ` : ''}checking the workspace`,
      command,
    };
  }
  if (state.phase === 'checking') {
    return {
      text: `$(sync~spin) ${goLabel}`,
      tooltip: '**Go Health**\n\nChecking the Go environment…',
      accessibilityLabel: `Go Health: ${goLabel}, checking`,
      command,
    };
  }
  if (!snapshot || state.phase === 'failed' || state.phase === 'stopped') {
    const why = state.message ? `\n\n${escapeMarkdown(state.message)}` : '';
    return {
      text: `$(error) ${goLabel}`,
      tooltip: `**Go Health**\n\n${state.phase === 'stopped' ? 'The Go Health server stopped.' : 'The check failed.'}${why}\n\n[Re-run Checks](${commandLink(COMMANDS.rerun)}) · [Show Logs](${commandLink(COMMANDS.showLogs)})`,
      background: 'error',
      accessibilityLabel: `Go Health: ${goLabel}, ${state.phase === 'stopped' ? 'server stopped' : 'check failed'}`,
      command,
    };
  }
  const findings = snapshot.report.findings;
  const counts = countFindings(findings);
  // The text names the worst severity's count; the label and tooltip count everything, as Problems does.
  const worst: Severity | undefined = counts.error ? 'error' : counts.warning ? 'warning' : undefined;
  const text = worst ? `$(${worst}) ${goLabel} · ${plural(counts[worst], worst)}` : `$(pass) ${goLabel}`;
  const a11y = `Go Health: ${goLabel}, ${counts.error || counts.warning ? countsText(counts) : counts.info ? `no problems, ${plural(counts.info, 'note')}` : 'no problems'}`;
  const lines: string[] = [];
  const active = snapshot.environment.activeGo;
  lines.push(`**Go Health** — ${active ? `${escapeMarkdown(goLabel)} at \`${active.path}\`` : 'no go found'}`);
  if (!snapshot.trusted) lines.push('', '$(shield) Restricted mode: workspace settings that point at programs are ignored.');
  lines.push('', findings.length ? `${countsText(counts)}:` : 'No problems found.');
  // Every finding counted, worst first, each consequence under the root cause it follows from.
  const list = (nodes: TriageNode[], depth: number) => {
    for (const n of nodes) {
      const f = n.finding;
      const key = findingKey(f);
      const links = [
        ...(f.fixes.length ? [`[Fix](${commandLink(COMMANDS.fixProblem, [key])})`] : []),
        `[Explain](${commandLink(COMMANDS.explain, [key])})`,
      ].join(' · ');
      lines.push(`${'  '.repeat(depth)}- $(${SEVERITY_ICON[f.severity]}) ${escapeMarkdown(f.title)} — ${links}`);
      list(n.consequences, depth + 1);
    }
  };
  if (findings.length) {
    lines.push('');
    list(triage(findings), 0);
  }
  lines.push(
    '',
    `[Re-run Checks](${commandLink(COMMANDS.rerun)}) · [Show Report](${commandLink(COMMANDS.showReport)}) · [Show Logs](${commandLink(COMMANDS.showLogs)})`,
  );
  return {
    text,
    tooltip: lines.join('\n'),
    background: worst === 'error' ? 'error' : worst === 'warning' ? 'warning' : undefined,
    accessibilityLabel: a11y,
    command,
  };
}

interface StatusMenuItem {
  label: string;
  description?: string;
  command: string;
  args?: unknown[];
}

/** What the badge's menu offers in this state, as rust-analyzer's status menu does: the useful next step first. */
export function statusMenuItems(state: HealthState, canUndo: { title: string } | undefined): StatusMenuItem[] {
  const findings = state.snapshot?.report.findings ?? [];
  const fixable = findings.filter((f) => f.fixes.length);
  const items: StatusMenuItem[] = [];
  if (fixable.length)
    items.push({
      label: '$(lightbulb) Fix a Problem…',
      description: plural(fixable.length, 'problem') + ' can be fixed',
      command: COMMANDS.fixProblem,
    });
  items.push({ label: '$(list-tree) Open the Health View', command: COMMANDS.focus });
  items.push({ label: '$(refresh) Re-run Checks', command: COMMANDS.rerun });
  if (canUndo) items.push({ label: '$(discard) Undo Last Fix', description: canUndo.title, command: COMMANDS.undoLastFix });
  items.push({ label: '$(output) Show Report', command: COMMANDS.showReport });
  items.push({ label: '$(info) Show Environment Inventory', command: COMMANDS.showInventory });
  items.push({ label: '$(history) Open Audit Log', command: COMMANDS.openAuditLog });
  items.push({ label: '$(debug-console) Show Logs', command: COMMANDS.showLogs });
  return items;
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
  /** For Environment nodes: what their menu actions copy, open or change. */
  variable?: string;
  value?: string;
  path?: string;
  line?: number;
  goroot?: string;
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
  const done = !!state.snapshot && !state.snapshot.partial && state.phase !== 'failed';
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

function basename(file: string): string {
  return file.replace(/^.*[\\/]/, '');
}

/** A path with the home directory as `~`, for labels; tooltips keep the full path. */
function tilde(file: string, home: string | undefined): string {
  if (!home || home.length < 2) return file;
  return file === home || file.startsWith(`${home}/`) || file.startsWith(`${home}\\`) ? `~${file.slice(home.length)}` : file;
}

/** The home directory, as the environment shows it (GOPATH's default lives there); undefined when it cannot tell. */
function homeOf(env: EnvironmentSummary | undefined): string | undefined {
  const gopath = env?.variables.find((v) => v.name === 'GOPATH' && v.source === 'default')?.value;
  return gopath && /[\\/]go$/.test(gopath) ? gopath.replace(/[\\/]go$/, '') : undefined;
}

/** Where a variable is set, as the evidence sentences say it: from the Environment summary. */
function whereSetIn(env: EnvironmentSummary | undefined) {
  return (name: string) => env?.variables.find((v) => v.name === name)?.setAt;
}

/** Who or what a fix changes, in words (never the fix kind's internal name). */
export function fixReachLabel(fix: Fix): string {
  switch (fix.kind) {
    case 'edit-file':
      return `edits ${basename(fix.file)}`;
    case 'go-env-write':
      return 'every go command you run (go env -w)';
    case 'terminal-env':
      return 'integrated terminals only';
    case 'run-command':
      return 'runs in a terminal';
    case 'instructions':
      return 'steps for you to follow';
  }
}

function fixNode(fix: Fix, key: string): TreeNodeModel {
  const defeated = fix.plan?.defeated === true;
  return {
    id: `${key}/fix/${fix.id}`,
    label: fix.title,
    description: defeated ? 'not enough on its own' : fixReachLabel(fix),
    tooltip: [
      `**${escapeMarkdown(fix.title)}**`,
      `Changes: ${escapeMarkdown(fixReachLabel(fix))}.`,
      fix.plan?.note ? escapeMarkdown(fix.plan.note) : '',
    ]
      .filter(Boolean)
      .join('\n\n'),
    icon: defeated ? { id: 'warning', color: SEVERITY_COLOR.warning } : { id: 'lightbulb', color: 'editorLightBulb.foreground' },
    contextValue: 'fix',
    collapsible: 'none',
    command: { command: COMMANDS.applyFix, title: 'Apply Fix', arguments: [key, fix.id] },
    findingKey: key,
    fixId: fix.id,
  };
}

/**
 * A finding: its evidence as sentences, its fixes in plan order, the findings that follow from it, where it is,
 * and the raw values behind a collapsed Details row.
 */
function findingNode(n: TriageNode, env: EnvironmentSummary | undefined, path: string): TreeNodeModel {
  const f = n.finding;
  const key = findingKey(f);
  const id = `${path}/${key}`;
  const home = homeOf(env);
  const children: TreeNodeModel[] = [];
  evidenceSentences(f, { whereSet: whereSetIn(env), homedir: home }).forEach((sentence, i) =>
    children.push({
      id: `${id}/says/${i}`,
      label: sentence,
      tooltip: escapeMarkdown(sentence),
      icon: { id: 'circle-small' },
      collapsible: 'none',
    }),
  );
  for (const fix of f.fixes) children.push(fixNode(fix, key));
  for (const c of n.consequences) children.push(findingNode(c, env, `${id}/then`));
  if (f.location) {
    children.push({
      id: `${id}/location`,
      label: `Open ${basename(f.location.file)} at line ${f.location.line}`,
      description: tilde(f.location.file, home),
      tooltip: `\`${f.location.file}\`:${f.location.line}`,
      icon: { id: 'go-to-file' },
      collapsible: 'none',
      command: { command: COMMANDS.openLocation, title: 'Open', arguments: [f.location] },
    });
  }
  const details = evidenceDetails(f);
  if (details.length)
    children.push({
      id: `${id}/details`,
      label: 'Details',
      description: `${f.id} · raw values`,
      icon: { id: 'json' },
      collapsible: 'collapsed',
      children: details.map((d) => ({
        id: `${id}/details/${d.key}`,
        label: d.key,
        description: d.value,
        tooltip: `\`${d.key}\`: ${escapeMarkdown(d.value)}`,
        icon: { id: 'symbol-field' },
        collapsible: 'none',
      })),
    });
  const follows = n.consequences.length;
  const where = f.location ? `${basename(f.location.file)}:${f.location.line}` : undefined;
  return {
    id,
    label: f.title,
    description: [where, follows ? `causes ${plural(follows, 'more problem')}` : undefined].filter(Boolean).join(' · ') || undefined,
    tooltip: `**${escapeMarkdown(f.title)}**\n\n${escapeMarkdown(f.detail)}`,
    icon: { id: SEVERITY_ICON[f.severity], color: SEVERITY_COLOR[f.severity] },
    contextValue: f.fixes.length ? 'finding.fixable' : 'finding',
    collapsible: children.length ? 'collapsed' : 'none',
    children,
    findingKey: key,
  };
}

/**
 * The Health view: restricted-mode notice, a summary row, then the findings worst first with each consequence
 * nested under the root cause it follows from (empty when a welcome view should show).
 */
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
  if (snapshot.partial)
    nodes.push({ id: 'checking', label: "Checking the workspace's modules…", icon: { id: 'sync~spin' }, collapsible: 'none' });
  const findings = snapshot.report.findings;
  const counts = countFindings(findings);
  const version = shortGoVersion(snapshot.environment.activeGo?.version);
  const roots = triage(findings);
  if (!counts.error && !counts.warning) {
    nodes.push({
      id: 'summary',
      label: `No problems${version ? ` with Go ${version}` : ''}`,
      description: plural(counts.info, 'note'),
      icon: { id: 'pass', color: 'testing.iconPassed' },
      collapsible: 'none',
    });
  } else {
    const worst: Severity = counts.error ? 'error' : 'warning';
    const first = roots[0]!.finding;
    nodes.push({
      id: 'summary',
      label: countsText(counts),
      description: `${version ? `Go ${version} · ` : ''}fix the first one first`,
      tooltip: `**${escapeMarkdown(countsText(counts))}**\n\nThe list is worst first; what follows from a problem is under it. Start with: ${escapeMarkdown(first.title)}`,
      icon: { id: SEVERITY_ICON[worst], color: SEVERITY_COLOR[worst] },
      collapsible: 'none',
      ...(first.fixes.length ? { command: { command: COMMANDS.fixProblem, title: 'Fix a Problem', arguments: [findingKey(first)] } } : {}),
    });
  }
  // The team policy's findings are the team lead's rules, not this machine's own problems: under their own heading.
  const policyRoots = roots.filter((r) => r.finding.area === 'policy');
  roots.forEach((r, i) => {
    if (r.finding.area !== 'policy') nodes.push(findingNode(r, snapshot.environment, `finding/${i}`));
  });
  if (policyRoots.length) {
    const policyCounts = countFindings(policyRoots.map((r) => r.finding));
    nodes.push({
      id: 'area/policy',
      label: AREA_TITLES.policy,
      description: countsText(policyCounts),
      tooltip: "What this machine breaks of the repository's team policy (.gohealth.json), at the rules' lines.",
      icon: { id: 'law' },
      collapsible: 'expanded',
      children: policyRoots.map((r, i) => findingNode(r, snapshot.environment, `policy/${i}`)),
    });
  }
  return nodes;
}

/** The Environment view: installations, toolchain per module, variables with their source, tools — each one acted on from its menu. */
export function environmentTreeModel(state: HealthState): TreeNodeModel[] {
  const env = state.snapshot?.environment;
  if (!env) return [];
  const home = homeOf(env);
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
      description: `${i.active ? 'active · ' : ''}${tilde(i.path, home)}`,
      tooltip: `\`${i.path}\`${i.realPath !== i.path ? ` → \`${i.realPath}\`` : ''}\n\nGOROOT \`${i.goroot}\`${i.configured ? '\n\nChosen by the goHealth.goPath setting.' : ''}${i.active ? '' : '\n\nRight-click: Use this Go for this workspace.'}`,
      icon: { id: i.active ? 'pass-filled' : 'circle-outline', color: i.active ? 'testing.iconPassed' : undefined },
      contextValue: i.active ? 'installation.active' : 'installation',
      collapsible: 'none',
      path: i.path,
      value: i.path,
      goroot: i.goroot,
    })),
  });
  if (env.toolchainGroups.length) sections.push(toolchainTree(env.toolchainGroups));
  sections.push({
    id: 'env/variables',
    label: 'Variables',
    icon: { id: 'symbol-variable' },
    collapsible: 'expanded',
    children: env.variables.map((v) => {
      const where = v.setAt ? `${sourceWords(v.source)} (\`${v.setAt.file}\`, line ${v.setAt.line})` : sourceWords(v.source);
      // What the menu offers: open the file line that sets it, go env -u when the go env file sets it.
      const actions = [
        'variable',
        ...(v.setAt ? ['openable'] : []),
        ...(v.source === 'goenv-file' || v.overridden.some((o) => o.source === 'goenv-file') ? ['unsettable'] : []),
      ];
      return {
        id: `env/variable/${v.name}`,
        label: v.name,
        description: `${v.value === '' ? '(empty)' : v.value} · ${v.sourceShort}`,
        tooltip: [
          `\`${v.name}=${v.value}\``,
          `${where.charAt(0).toUpperCase()}${where.slice(1)}.`,
          ...v.overridden.map(
            (o) =>
              `Also set ${sourceWords(o.source)}${o.setAt ? ` (\`${o.setAt.file}\`, line ${o.setAt.line})` : ''}: \`${o.value}\` — not used.`,
          ),
          `[About ${v.name}](${variableDocUrl(v.name)})`,
        ].join('\n\n'),
        icon: { id: v.source === 'default' ? 'symbol-constant' : 'symbol-variable' },
        contextValue: actions.join(' '),
        collapsible: v.overridden.length ? 'collapsed' : 'none',
        children: v.overridden.map((o) => ({
          id: `env/variable/${v.name}/${o.source}`,
          label: `${o.value === '' ? '(empty)' : o.value}`,
          description: `${SHORT_SOURCE[o.source]} · not used`,
          tooltip: `Set ${sourceWords(o.source)}${o.setAt ? ` (\`${o.setAt.file}\`, line ${o.setAt.line})` : ''}; the ${SHORT_SOURCE[v.source]} value wins.`,
          icon: { id: 'debug-step-over' },
          contextValue: o.setAt ? 'overridden openable' : 'overridden',
          collapsible: 'none',
          variable: v.name,
          value: o.value,
          ...(o.setAt ? { path: o.setAt.file, line: o.setAt.line } : {}),
        })),
        variable: v.name,
        value: v.value,
        ...(v.setAt ? { path: v.setAt.file, line: v.setAt.line } : {}),
      };
    }),
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
            tilde(t.path, home)
          : 'not found',
        tooltip: t.path ? `\`${t.path}\`` : 'Not found on PATH or in the go install directory.',
        icon: { id: t.path ? 'tools' : 'circle-slash' },
        contextValue: t.path ? 'tool' : 'tool.missing',
        collapsible: 'none',
        ...(t.path ? { path: t.path, value: t.path } : {}),
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
      description: tilde(env.goenvFile, home),
      tooltip: `\`${env.goenvFile}\`\n\nWhat \`go env -w\` writes.`,
      icon: { id: 'file' },
      contextValue: 'file',
      collapsible: 'none',
      command: { command: COMMANDS.openLocation, title: 'Open', arguments: [{ file: env.goenvFile, line: 1, column: 1 }] },
      path: env.goenvFile,
    });
  }
  return sections;
}

const SHORT_SOURCE: Record<string, string> = {
  os: 'OS env',
  'goenv-file': 'go env -w',
  'goroot-go.env': 'GOROOT/go.env',
  default: 'default',
};

function sourceWords(source: string): string {
  switch (source) {
    case 'os':
      return 'in the OS environment';
    case 'goenv-file':
      return 'in your go env file';
    case 'goroot-go.env':
      return 'as the default in GOROOT/go.env';
    default:
      return "by the go command's default";
  }
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

/**
 * Every available fix, worst problems first (a root cause before what follows from it), each finding's fixes in
 * plan order: label = fix, description = the finding, detail = what it changes and what the plan says of it.
 */
export function fixPickItems(findings: readonly Finding[], onlyFindingKey?: string): FixPickItem[] {
  const items: FixPickItem[] = [];
  const order: Finding[] = [];
  const walk = (nodes: TriageNode[]) => nodes.forEach((n) => (order.push(n.finding), walk(n.consequences)));
  walk(triage(findings));
  for (const f of order) {
    const key = findingKey(f);
    if (onlyFindingKey && key !== onlyFindingKey) continue;
    for (const fix of f.fixes)
      items.push({
        label: `${fix.plan?.defeated ? '$(warning) ' : ''}${fix.title}`,
        description: f.title,
        detail: [fixReachLabel(fix), fix.plan?.note].filter(Boolean).join(' · '),
        findingKey: key,
        fixId: fix.id,
      });
  }
  return items;
}
