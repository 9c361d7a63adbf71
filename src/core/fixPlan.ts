// The fixes offered for a state, weighed together: each tried on the facts to see what it resolves and what it would leave, least invasive first.
import type { EnvValue, Facts, GoModFile, GoWorkFile } from './facts';
import type { Finding, Fix, FixAssessment, FixReach } from './report';
import { SEVERITY_RANK } from './report';

export interface PlanOptions {
  /** Runs the same checks on changed facts (the engine passes the checks it ran); `key` names the change. */
  judge(facts: Facts, key: string): Finding[];
  /** The findings of the run before this one, as planned then: their fixes may still apply to what is found now. */
  previous?: readonly Finding[];
}

/** A change a fix makes that can be tried on the facts: a variable in one layer, or a go.mod / go.work directive. */
type Change =
  | { kind: 'env'; variable: string; layer: 'os' | 'goenv-file'; value: string | undefined }
  | { kind: 'directive'; file: string; directive: 'go' | 'toolchain'; value: string | undefined };

const REACH_RANK: Record<FixReach, number> = { terminals: 0, file: 1, user: 2, machine: 3 };

export function reachOf(fix: Fix): FixReach {
  switch (fix.kind) {
    case 'terminal-env':
      return 'terminals';
    case 'edit-file':
      return 'file';
    case 'go-env-write':
      return 'user';
    case 'run-command':
    case 'instructions':
      return 'machine';
  }
}

/** Findings are the same problem when they come from the same check at the same place (titles may name new values). */
function identity(f: Pick<Finding, 'id' | 'location'>): string {
  return f.location ? `${f.id}@${f.location.file}:${f.location.line}` : f.id;
}

/**
 * The change a fix makes. Instructions that make a terminal change for good (the shell profile, the Windows user
 * environment: `set-x-profile` beside `set-x-terminal`, as core/fixes builds them) make the same change.
 */
function changeOf(fix: Fix, facts: Facts, siblings: readonly Fix[] = []): Change | undefined {
  if (fix.kind === 'instructions') {
    const base = /^(.*)-(?:profile|user-env)$/.exec(fix.id)?.[1];
    const terminal = base ? siblings.find((s) => s.id === `${base}-terminal` && s.kind === 'terminal-env') : undefined;
    return terminal ? changeOf(terminal, facts) : undefined;
  }
  switch (fix.kind) {
    case 'go-env-write':
      return { kind: 'env', variable: fix.variable, layer: 'goenv-file', value: fix.value };
    case 'terminal-env':
      if (fix.op === 'replace') return { kind: 'env', variable: fix.variable, layer: 'os', value: fix.value ?? '' };
      if (fix.op === 'delete') return { kind: 'env', variable: fix.variable, layer: 'os', value: undefined };
      // PATH entries decide which programs were found, which only the probes know.
      return undefined;
    case 'edit-file': {
      if (fix.edits.length !== 1) return undefined;
      const e = fix.edits[0]!;
      const file: GoModFile | GoWorkFile | undefined = [...facts.modules, ...facts.works].find((m) => m.file === fix.file);
      if (!file) return undefined;
      for (const directive of ['go', 'toolchain'] as const) {
        const d = file[directive];
        if (!d || d.line !== e.line) continue;
        if (e.endLine === e.line && e.column === d.column && e.endColumn === d.endColumn && e.newText.trim())
          return { kind: 'directive', file: fix.file, directive, value: e.newText.trim() };
        if (e.column === 1 && e.endLine === e.line + 1 && e.endColumn === 1 && e.newText === '')
          return { kind: 'directive', file: fix.file, directive, value: undefined };
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function changeKey(c: Change): string {
  return JSON.stringify(c);
}

/** The variable with one layer changed, its effective value and source settled as the go command settles them. */
function withLayer(old: EnvValue, layer: 'os' | 'goenv-file', value: string | undefined): EnvValue {
  const next: EnvValue = { ...old };
  if (layer === 'os') {
    if (value === undefined) delete next.osValue;
    else next.osValue = value;
  } else if (value === undefined) delete next.fileValue;
  else next.fileValue = value;
  if (next.osValue !== undefined && next.osValue !== '') return { ...next, value: next.osValue, source: 'os' };
  if (next.fileValue !== undefined) return { ...next, value: next.fileValue, source: 'goenv-file' };
  if (next.gorootFileValue !== undefined) return { ...next, value: next.gorootFileValue, source: 'goroot-go.env' };
  return { ...next, value: old.source === 'default' ? old.value : '', source: 'default' };
}

function applyChange(facts: Facts, c: Change): Facts {
  if (c.kind === 'env') {
    const old: EnvValue = facts.env[c.variable] ?? { name: c.variable, value: facts.goEnv.vars[c.variable] ?? '', source: 'default' };
    const next = withLayer(old, c.layer, c.value);
    return {
      ...facts,
      env: { ...facts.env, [c.variable]: next },
      goEnv: { ...facts.goEnv, vars: { ...facts.goEnv.vars, [c.variable]: next.value } },
    };
  }
  const edit = <T extends GoModFile | GoWorkFile>(f: T): T => {
    if (f.file !== c.file) return f;
    const d = f[c.directive];
    if (c.value === undefined) return { ...f, [c.directive]: undefined };
    return d ? { ...f, [c.directive]: { ...d, value: c.value } } : f;
  };
  return { ...facts, modules: facts.modules.map(edit), works: facts.works.map(edit) };
}

/** True when the fix takes something away (unsets, deletes, keeps only part of a list) rather than setting something new. */
function narrows(fix: Fix, facts: Facts): boolean {
  const subset = (variable: string, value: string | undefined) => {
    if (value === undefined || value === '') return true;
    const current = facts.env[variable]?.value ?? '';
    const tokens = (s: string) => s.split(/[\s,]+/).filter(Boolean);
    const have = new Set(tokens(current));
    const next = tokens(value);
    return next.length < have.size && next.every((t) => have.has(t));
  };
  switch (fix.kind) {
    case 'go-env-write':
      return subset(fix.variable, fix.value);
    case 'terminal-env':
      return fix.op === 'delete' || (fix.op === 'replace' && subset(fix.variable, fix.value));
    case 'edit-file':
      return fix.edits.every((e) => e.newText === '');
    default:
      return false;
  }
}

function lowerFirst(s: string): string {
  return /^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s;
}

function noteFor(a: FixAssessment, target: Finding): string | undefined {
  const parts: string[] = [];
  if (a.defeated) parts.push(`Not enough on its own: afterwards ${lowerFirst(a.leaves[0]!.title)}.`);
  else if (a.leaves.length) parts.push(`Afterwards: ${a.leaves.map((l) => lowerFirst(l.title)).join('; ')}.`);
  const others = a.resolves.filter((t) => t !== target.title);
  if (others.length) parts.push(`Also fixes: ${others.join('; ')}.`);
  return parts.length ? parts.join(' ') : undefined;
}

interface Trial {
  /** Identities of the findings still there after the change. */
  after: Set<string>;
  findings: Finding[];
}

/**
 * Weighs every fix of every finding against the whole state and orders each finding's fixes: those another
 * finding defeats last, then those that leave fewer problems, those that take something away before those
 * that set something new, and the narrowest reach first (integrated terminals, one file, every go command
 * of the user, the machine). Fixes of the run before that still apply to a finding at the same place are
 * offered again. Returns new findings; the input is not changed.
 */
export function planFixes(facts: Facts, findings: readonly Finding[], options: PlanOptions): Finding[] {
  const before = new Set(findings.map(identity));
  const trials = new Map<string, Trial | undefined>();
  const trial = (c: Change): Trial | undefined => {
    const key = changeKey(c);
    if (!trials.has(key)) {
      let result: Trial | undefined;
      try {
        const judged = options.judge(applyChange(facts, c), key);
        result = { after: new Set(judged.map(identity)), findings: judged };
      } catch {
        // A check that cannot judge the changed facts makes the trial say nothing, not the plan fail.
        result = undefined;
      }
      trials.set(key, result);
    }
    return trials.get(key);
  };

  /** What trying the fix on the facts tells; undefined when it tells nothing beyond the fix's kind. */
  const assess = (target: Finding, fix: Fix, carried: boolean): FixAssessment | undefined => {
    const reach = reachOf(fix);
    const carriedOnly = carried ? { reach, resolves: [], leaves: [], defeated: false, carried, note: carriedNote(target) } : undefined;
    const change = target.severity === 'info' ? undefined : changeOf(fix, facts, target.fixes);
    const t = change && trial(change);
    // A trial only speaks when it resolves the finding the fix is for: otherwise the change is one the probes,
    // not the checks, would notice (a new PATH, a reinstalled tool) and the trial knows nothing of its effect.
    if (!t || t.after.has(identity(target))) return carriedOnly;
    const resolves = findings.filter((f) => f.severity !== 'info' && !t.after.has(identity(f))).map((f) => f.title);
    if (!resolves.includes(target.title)) resolves.unshift(target.title);
    const leaves = t.findings
      .filter((f) => f.severity !== 'info' && !before.has(identity(f)))
      .map((f) => ({ id: f.id, severity: f.severity, title: f.title }));
    const defeated = leaves.some((l) => SEVERITY_RANK[l.severity] >= SEVERITY_RANK[target.severity]);
    const a: FixAssessment = { reach, resolves, leaves, defeated, ...(carried ? { carried } : {}) };
    const note = [noteFor(a, target), carried ? carriedNote(target) : undefined].filter(Boolean).join(' ');
    return note ? { ...a, note } : a;
  };

  const carriedFixes = carryOver(findings, options.previous ?? [], (target, fix) => {
    if (fix.kind === 'edit-file') return true;
    const change = changeOf(fix, facts);
    const t = change && trial(change);
    return !!t && !t.after.has(identity(target));
  });

  return findings.map((f) => {
    const own = f.fixes.map((fix) => ({ fix, carried: false }));
    const extra = (carriedFixes.get(f) ?? []).map((fix) => ({ fix, carried: true }));
    const weighed = [...own, ...extra].map(({ fix, carried }, index) => {
      const plan = assess(f, fix, carried);
      return { fix: (plan ? { ...fix, plan } : fix) as Fix, plan, narrow: narrows(fix, facts), index };
    });
    const defeated = (p?: FixAssessment) => Number(p?.defeated ?? false);
    const leftOver = (p?: FixAssessment) => (p?.leaves ?? []).reduce((n, l) => n + SEVERITY_RANK[l.severity], 0);
    weighed.sort(
      (a, b) =>
        defeated(a.plan) - defeated(b.plan) ||
        leftOver(a.plan) - leftOver(b.plan) ||
        Number(b.narrow) - Number(a.narrow) ||
        REACH_RANK[reachOf(a.fix)] - REACH_RANK[reachOf(b.fix)] ||
        a.index - b.index,
    );
    return { ...f, fixes: weighed.map((w) => w.fix) };
  });
}

function carriedNote(target: Finding): string {
  return `Still applies to ${target.location ? `line ${target.location.line}` : 'this problem'}: it was offered for the problem reported here before.`;
}

/**
 * Fixes of findings from the run before that are gone now, moved to a finding now at the very same place
 * (file, line and column) when they still apply to it: an edit that replaces exactly what is there, or a change
 * that, tried on the facts, resolves it. So setting GOTOOLCHAIN=auto, which turns "go.mod needs a newer Go" into
 * "that Go cannot be downloaded", leaves "lower the go line" on offer.
 */
function carryOver(
  findings: readonly Finding[],
  previous: readonly Finding[],
  stillApplies: (target: Finding, fix: Fix) => boolean,
): Map<Finding, Fix[]> {
  const out = new Map<Finding, Fix[]>();
  const now = new Set(findings.map(identity));
  for (const p of previous) {
    if (!p.location || now.has(identity(p))) continue;
    for (const c of findings) {
      const l = c.location;
      if (!l || l.file !== p.location.file || l.line !== p.location.line || l.column !== p.location.column) continue;
      const have = new Set([...c.fixes, ...(out.get(c) ?? [])].map((x) => x.id));
      for (const fix of p.fixes) {
        if (have.has(fix.id) || (fix.kind !== 'edit-file' && fix.kind !== 'go-env-write' && fix.kind !== 'terminal-env')) continue;
        if (fix.kind === 'edit-file' && !editsExactly(fix, l)) continue;
        if (!stillApplies(c, fix)) continue;
        const bare = { ...fix };
        delete bare.plan;
        out.set(c, [...(out.get(c) ?? []), bare]);
        have.add(fix.id);
      }
    }
  }
  return out;
}

/** The edit replaces the located token (or deletes its whole line). */
function editsExactly(fix: Extract<Fix, { kind: 'edit-file' }>, l: NonNullable<Finding['location']>): boolean {
  if (fix.edits.length !== 1) return false;
  const e = fix.edits[0]!;
  if (e.line !== l.line) return false;
  if (e.column === 1 && e.endLine === e.line + 1 && e.endColumn === 1) return true;
  return e.endLine === e.line && e.column === l.column && (l.endColumn === undefined || e.endColumn === l.endColumn);
}
