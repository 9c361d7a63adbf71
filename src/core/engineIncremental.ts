// Re-checks after a change without redoing what does not depend on it: each check's findings kept with the facts it read, a module's own findings with that module.
import type { Facts, GoModFile } from './facts';
import type { CheckDefinition } from './checks/types';
import { judgedEnvironments, runCheckOn } from './checks/index';
import type { JudgedEnvironment } from './checks/declared';
import { sortFindings, type Finding, type Report } from './report';
import { checkWork, noteReplacedModules, type CheckWork } from './checks/moduleIndex';
import type { Host } from './host';
import type { ProbeCache } from './probe/cache';
import { rereadGoMod } from './probe/workspace';
import { reportOf, type CheckRunner } from './engine';
import { toolchainNamesWanted } from './toolchainSelection';

/**
 * Checks whose findings about a module depend on facts other than the modules and on that module alone, each
 * located in (or naming) its go.mod; their other findings (about go.work files, GOTOOLCHAIN) do not depend on the
 * modules. The value says whether a full run lists the module findings before (`first`) or after the others.
 * A split that does not give back the full run's list is not used (see {@link splitByModule}), so a wrong entry
 * here costs speed, never a finding.
 */
const PER_MODULE: ReadonlyMap<string, 'first' | 'last'> = new Map([
  ['gomod-go-newer', 'last'],
  ['toolchain-switch', 'last'],
  ['toolchain-download-blocked', 'last'],
  ['toolchain-unavailable', 'first'],
  ['toolchain-redundant', 'first'],
  ['gomod-invalid', 'first'],
  ['gomod-go-missing', 'first'],
  ['replace-path-missing', 'first'],
  ['gosum-missing', 'first'],
  ['vendor-missing', 'first'],
]);

/**
 * Checks that ask across the modules only through their go-line index (checks/moduleIndex), which counts the
 * modules it looks at itself.
 */
const INDEXED = new Set(['tool-stale', 'gowork-go-older', 'go-pins-disagree']);

export { checkWork, type CheckWork } from './checks/moduleIndex';

interface CheckState {
  check: CheckDefinition;
  /** The facts' top-level properties the check read, on the facts and on each declared environment's. */
  reads: ReadonlySet<PropertyKey>;
  findings: Finding[];
  /** For a check of {@link PER_MODULE}: its findings by module index, and the others. */
  split?: { modules: Map<number, Finding[]>; rest: Finding[] };
}

/** The checks' findings on some facts, with what each check depended on. */
export interface CheckEvaluation {
  facts: Facts;
  checks: readonly CheckDefinition[];
  states: CheckState[];
  declaredCount: number;
  /** All findings, sorted as {@link runSelectedChecks} sorts them. */
  findings: Finding[];
}

/** Facts that record which top-level properties are read (spreading them reads them all). */
function tracked<T extends object>(facts: T, reads: Set<PropertyKey>): T {
  return new Proxy(facts, {
    get(target, key) {
      reads.add(key);
      return Reflect.get(target, key) as unknown;
    },
    has(target, key) {
      reads.add(key);
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      const keys = Reflect.ownKeys(target);
      for (const k of keys) reads.add(k);
      return keys;
    },
    getOwnPropertyDescriptor(target, key) {
      reads.add(key);
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
  });
}

/** Each modules list's index of go.mod paths; a list with the same paths in the same order shares it. */
const moduleIndexes = new WeakMap<readonly GoModFile[], Map<string, number>>();

function moduleIndex(modules: readonly GoModFile[]): Map<string, number> {
  let index = moduleIndexes.get(modules);
  if (!index) {
    index = new Map();
    for (let i = 0; i < modules.length; i++) if (!index.has(modules[i]!.file)) index.set(modules[i]!.file, i);
    moduleIndexes.set(modules, index);
  }
  return index;
}

/** The go.mod a finding is about: where it is located, else the file its evidence names. */
function fileOf(f: Finding): string | undefined {
  if (f.location) return f.location.file;
  const file = f.evidence.file;
  return typeof file === 'string' ? file : undefined;
}

function joined(split: NonNullable<CheckState['split']>, order: 'first' | 'last'): Finding[] {
  const indexes = [...split.modules.keys()].sort((a, b) => a - b);
  const modules = indexes.flatMap((i) => split.modules.get(i)!);
  return order === 'first' ? [...modules, ...split.rest] : [...split.rest, ...modules];
}

/** A per-module check's findings split by module, when joining the parts gives back exactly the list. */
function splitByModule(check: CheckDefinition, facts: Facts, findings: Finding[]): CheckState['split'] {
  const order = PER_MODULE.get(check.id);
  if (!order) return undefined;
  const index = moduleIndex(facts.modules);
  const modules = new Map<number, Finding[]>();
  const rest: Finding[] = [];
  for (const f of findings) {
    const file = fileOf(f);
    const i = file === undefined ? undefined : index.get(file);
    if (i === undefined) rest.push(f);
    else modules.set(i, [...(modules.get(i) ?? []), f]);
  }
  const split = { modules, rest };
  const back = joined(split, order);
  return back.length === findings.length && back.every((f, i) => f === findings[i]) ? split : undefined;
}

function runTracked(facts: Facts, check: CheckDefinition, declared: readonly JudgedEnvironment[], work: CheckWork): CheckState {
  const reads = new Set<PropertyKey>();
  const findings = runCheckOn(
    tracked(facts, reads),
    check,
    declared.map((j) => ({ env: j.env, facts: tracked(j.facts, reads) })),
  );
  work.checksRun++;
  if (reads.has('modules') && !INDEXED.has(check.id)) work.modulesChecked += facts.modules.length;
  const split = declared.length ? undefined : splitByModule(check, facts, findings);
  return { check, reads, findings, ...(split ? { split } : {}) };
}

/** Runs every check on the facts, noting what each read. */
export function evaluateChecks(facts: Facts, checks: readonly CheckDefinition[], work: CheckWork = checkWork): CheckEvaluation {
  const declared = judgedEnvironments(facts);
  const states = checks.map((check) => runTracked(facts, check, declared, work));
  return { facts, checks, states, declaredCount: declared.length, findings: sortFindings(states.flatMap((s) => s.findings)) };
}

/** Structural equality of small values (a budget of nodes; beyond it, not equal). */
function sameValue(a: unknown, b: unknown, budget = { left: 20_000 }): boolean {
  if (a === b) return true;
  if (--budget.left < 0 || typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (a instanceof Map || b instanceof Map || a instanceof Set || b instanceof Set) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], budget)) return false;
  }
  return true;
}

/** The top-level properties whose values differ. The modules list is compared by its elements (see the caller). */
function changedKeys(before: Facts, after: Facts): Set<string> {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changed = new Set<string>();
  for (const k of keys) {
    const a = (before as unknown as Record<string, unknown>)[k];
    const b = (after as unknown as Record<string, unknown>)[k];
    if (a === b) continue;
    if (k === 'modules' || k === 'works' || !sameValue(a, b)) changed.add(k);
  }
  return changed;
}

/**
 * Which modules differ (same paths in the same order, other objects at these positions), or undefined when the
 * list itself changed. `hint` names them when the caller knows (a save).
 */
function changedModules(before: readonly GoModFile[], after: readonly GoModFile[], hint?: readonly number[]): number[] | undefined {
  if (before.length !== after.length) return undefined;
  const changed = hint ? [...hint] : [];
  if (!hint) for (let i = 0; i < after.length; i++) if (before[i] !== after[i]) changed.push(i);
  for (const i of changed) if (before[i]?.file !== after[i]?.file) return undefined;
  const index = moduleIndexes.get(before);
  if (index && !moduleIndexes.has(after)) moduleIndexes.set(after, index);
  noteReplacedModules(before, after, changed);
  return changed;
}

/**
 * The checks' findings on `next`, from an evaluation of facts that differ from it in a few places: a check none
 * of whose reads changed keeps its findings; a per-module check re-checks the changed modules alone when only
 * modules changed; any other check runs again. Equal to {@link evaluateChecks} on `next`.
 */
export function reevaluateChecks(
  prev: CheckEvaluation,
  next: Facts,
  options: { changedModules?: readonly number[]; work?: CheckWork } = {},
): CheckEvaluation {
  const work = options.work ?? checkWork;
  const checks = prev.checks;
  const changed = changedKeys(prev.facts, next);
  if (!changed.size) return { ...prev, facts: next };
  if (changed.has('declaredEnvs') || changed.has('policies')) return evaluateChecks(next, checks, work);
  const declared = judgedEnvironments(next);
  if (declared.length !== prev.declaredCount) return evaluateChecks(next, checks, work);
  const modulesOnly = changed.size === 1 && changed.has('modules') && !declared.length;
  const mods = modulesOnly ? changedModules(prev.facts.modules, next.modules, options.changedModules) : undefined;
  const states = prev.states.map((state): CheckState => {
    if (![...state.reads].some((k) => typeof k === 'string' && changed.has(k))) return state;
    const order = PER_MODULE.get(state.check.id);
    if (!mods || !state.split || !order) return runTracked(next, state.check, declared, work);
    const modules = new Map(state.split.modules);
    const reads = new Set(state.reads);
    for (const i of mods) {
      const mod = next.modules[i]!;
      work.modulesChecked++;
      // The module alone, beside everything else: what the check says of it does not depend on the others.
      const found = runCheckOn(tracked({ ...next, modules: [mod] }, reads), state.check, []);
      // A check that failed says so once for the whole run, which a module alone cannot place.
      if (found.some((f) => f.id === 'internal-error')) return runTracked(next, state.check, declared, work);
      const own = found.filter((f) => fileOf(f) === mod.file);
      if (own.length) modules.set(i, own);
      else modules.delete(i);
    }
    const split = { modules, rest: state.split.rest };
    return { check: state.check, reads, findings: joined(split, order), split };
  });
  return { facts: next, checks, states, declaredCount: declared.length, findings: sortFindings(states.flatMap((s) => s.findings)) };
}

/**
 * The engine's check runs for a face that re-checks (the language server): the run's checks from the last run's
 * evaluation, and each fix's trial from the same trial of the run before.
 */
export class IncrementalChecks implements CheckRunner {
  private main?: CheckEvaluation;
  private trials = new Map<string, CheckEvaluation>();
  private previousTrials = new Map<string, CheckEvaluation>();

  constructor(private readonly work: CheckWork = checkWork) {}

  /** The checks on a run's facts; `changedModules` names the modules that differ from the last run's, when known. */
  run(facts: Facts, checks: readonly CheckDefinition[], changedModules?: readonly number[]): Finding[] {
    const prev = this.main;
    const same = prev && prev.checks.length === checks.length && prev.checks.every((c, i) => c === checks[i]);
    this.main = same ? reevaluateChecks(prev, facts, { changedModules, work: this.work }) : evaluateChecks(facts, checks, this.work);
    if (!same) this.trials.clear();
    this.previousTrials = this.trials;
    this.trials = new Map();
    return this.main.findings;
  }

  /** The checks on a fix's trial facts (`key` names the change), after {@link run} on the facts it changes. */
  trial(facts: Facts, _checks: readonly CheckDefinition[], key: string): Finding[] {
    const base = this.previousTrials.get(key) ?? this.main!;
    const evaluation = reevaluateChecks(base, facts, { work: this.work });
    this.trials.set(key, evaluation);
    return evaluation.findings;
  }

  /** Forgets everything (the next run is a whole one). */
  reset(): void {
    this.main = undefined;
    this.trials = new Map();
    this.previousTrials = new Map();
  }
}

/** How many of the workspace's go and toolchain lines name each goX.Y.Z (the probes look those up on PATH). */
const wantedCounts = new WeakMap<Facts, Map<string, number>>();

function linesOf(f: { go?: { value: string }; toolchain?: { value: string } }): { go?: string; toolchain?: string } {
  return { go: f.go?.value, toolchain: f.toolchain?.value };
}

function countWanted(facts: Facts): Map<string, number> {
  let counts = wantedCounts.get(facts);
  if (!counts) {
    counts = new Map();
    const byLines = new Map<string, string[]>();
    for (const f of [...facts.modules, ...facts.works]) {
      const lines = linesOf(f);
      const key = `${lines.go ?? ''}\0${lines.toolchain ?? ''}`;
      let names = byLines.get(key);
      if (!names) byLines.set(key, (names = toolchainNamesWanted(undefined, [lines])));
      for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    wantedCounts.set(facts, counts);
  }
  return counts;
}

/**
 * The counts after the modules at `changed` took their new lines, or undefined when the set of names wanted
 * changed (then the probes must look on PATH again).
 */
function wantedAfter(facts: Facts, modules: readonly GoModFile[], changed: readonly number[]): Map<string, number> | undefined {
  const counts = new Map(countWanted(facts));
  for (const i of changed) {
    for (const n of toolchainNamesWanted(undefined, [linesOf(facts.modules[i]!)])) counts.set(n, counts.get(n)! - 1);
    for (const n of toolchainNamesWanted(undefined, [linesOf(modules[i]!)])) counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  const before = countWanted(facts);
  for (const [n, c] of counts) if (c > 0 !== (before.get(n) ?? 0) > 0) return undefined;
  return counts;
}

/** A re-check of the last run's facts with some go.mod files read again. */
export interface ModuleRecheck {
  report: Report;
  facts: Facts;
  /** Positions of the modules read again. */
  changed: number[];
}

/**
 * After saves of module go.mod files (their text alone changed, under file watchers): reads those files again,
 * puts them in the last run's facts and re-checks what depends on them. Undefined when that is not enough (a file
 * that is not a module of the last run, a walk not kept, a go or toolchain line that names a new Go release).
 */
export async function recheckModules(
  host: Host,
  cache: ProbeCache,
  last: Facts,
  files: readonly string[],
  options: { checks: readonly CheckDefinition[]; runner: IncrementalChecks; timeoutMs: number; previousFindings?: readonly Finding[] },
): Promise<ModuleRecheck | undefined> {
  const started = performance.now();
  const index = moduleIndex(last.modules);
  const modules = [...last.modules];
  const changed: number[] = [];
  for (const file of new Set(files)) {
    const i = index.get(file);
    if (i === undefined) return undefined;
    const mod = await rereadGoMod(host, cache, last, { file, timeoutMs: options.timeoutMs });
    if (!mod) return undefined;
    modules[i] = mod;
    changed.push(i);
  }
  const wanted = wantedAfter(last, modules, changed);
  if (!wanted) return undefined;
  moduleIndexes.set(modules, index);
  noteReplacedModules(last.modules, modules, changed);
  const facts: Facts = { ...last, modules };
  wantedCounts.set(facts, wanted);
  const runner = options.runner;
  const report = reportOf(facts, options.checks, started, options.previousFindings, {
    run: (f, checks) => runner.run(f, checks, changed),
    trial: (f, checks, key) => runner.trial(f, checks, key),
  });
  return { report, facts, changed };
}

/** A go.mod's position among the facts' modules. */
export function modulePosition(facts: Facts, file: string): number | undefined {
  return moduleIndex(facts.modules).get(file);
}
