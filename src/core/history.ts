// The machine's own memory of its Go environment: a small, bounded list of the distinct states each check saw, and what changed between them.
import { READ_LIMITS } from './probe/read';
import type { EnvValue, Facts, ValueSource } from './facts';
import { pathApi, type Host } from './host';
import { gohealthStateDir } from './probe/goEnv';
import { normPath } from './paths';

export const HISTORY_FILE_NAME = 'env-history.json';
/** How many distinct states are kept: the oldest go first, so the file stays a few tens of kilobytes. */
export const HISTORY_MAX_STATES = 50;
/** A value longer than this is cut in a snapshot (a PATH-sized GOFLAGS must not grow the file without end). */
const MAX_VALUE_CHARS = 512;

/** One variable as a snapshot keeps it: the value the go command uses and where it is set. */
interface SnapshotValue {
  value: string;
  source: ValueSource;
  /** The file that sets it (the go env file, $GOROOT/go.env), when a file does. */
  file?: string;
}

/** One distinct state of the environment, and the first and last check that saw it. */
export interface EnvSnapshot {
  firstSeen: string;
  lastSeen: string;
  go?: { path: string; version?: string };
  vars: Record<string, SnapshotValue>;
}

interface HistoryFile {
  version: 1;
  states: EnvSnapshot[];
}

/** What the checks know of the history: the states stored before this run, and this run's time. */
export interface HistoryFacts {
  file: string;
  states: EnvSnapshot[];
  /** When this check ran (ISO 8601): the checks judge "since when" against it, not against a clock. */
  now: string;
  /** Why the file could not be used (it is then started afresh); the check stays quiet about history. */
  readError?: string;
}

/** One difference between two states. */
export interface EnvChange {
  name: string;
  before?: SnapshotValue;
  after?: SnapshotValue;
}

export function historyFilePath(host: Pick<Host, 'platform' | 'env' | 'homedir'>): string | undefined {
  const dir = gohealthStateDir(host);
  return dir ? pathApi(host).join(dir, HISTORY_FILE_NAME) : undefined;
}

function fileOf(ev: EnvValue, facts: Pick<Facts, 'goenvFile' | 'gorootEnvFile'>): string | undefined {
  if (ev.source === 'goenv-file') return facts.goenvFile?.path;
  if (ev.source === 'goroot-go.env') return facts.gorootEnvFile?.path;
  return undefined;
}

/** This run's state, taken from the facts (nothing is probed for it). */
export function snapshotOf(facts: Pick<Facts, 'env' | 'activeGo' | 'goenvFile' | 'gorootEnvFile'>, now: string): EnvSnapshot {
  const vars: Record<string, SnapshotValue> = {};
  for (const name of Object.keys(facts.env).sort()) {
    const ev = facts.env[name]!;
    const file = fileOf(ev, facts);
    vars[name] = { value: ev.value.slice(0, MAX_VALUE_CHARS), source: ev.source, ...(file ? { file } : {}) };
  }
  return {
    firstSeen: now,
    lastSeen: now,
    ...(facts.activeGo
      ? { go: { path: facts.activeGo.path, ...(facts.activeGo.goVersion ? { version: facts.activeGo.goVersion } : {}) } }
      : {}),
    vars,
  };
}

/** A Windows path (drive, UNC or long-path form): only Windows spells one, and Windows reads it without regard to case. */
const WINDOWS_PATH = /^([A-Za-z]:[\\/]|\\\\)/;

/** Two recorded values that mean the same: equal, or one Windows path in two spellings (`\\?\Z:\go` and `z:\go`). */
function sameValue(a: string, b: string): boolean {
  if (a === b) return true;
  return WINDOWS_PATH.test(a) && WINDOWS_PATH.test(b) && normPath(a, true) === normPath(b, true);
}

/** What differs between two states: Go itself (as `go`), then each variable by name. */
export function diffSnapshots(before: EnvSnapshot, after: EnvSnapshot): EnvChange[] {
  const changes: EnvChange[] = [];
  const sameGo = (a: EnvSnapshot['go'], b: EnvSnapshot['go']) =>
    a === undefined || b === undefined ? a === b : a.version === b.version && sameValue(a.path, b.path);
  if (!sameGo(before.go, after.go)) {
    changes.push({
      name: 'go',
      ...(before.go ? { before: { value: `${before.go.version ?? 'unknown version'} at ${before.go.path}`, source: 'os' as const } } : {}),
      ...(after.go ? { after: { value: `${after.go.version ?? 'unknown version'} at ${after.go.path}`, source: 'os' as const } } : {}),
    });
  }
  // Only names both states recorded: a variable another Go Health version did or did not keep is not a change.
  for (const name of Object.keys(after.vars).sort()) {
    const a = before.vars[name];
    const b = after.vars[name]!;
    if (!a || sameValue(a.value, b.value)) continue;
    changes.push({ name, before: a, after: b });
  }
  return changes;
}

function sameState(a: EnvSnapshot, b: EnvSnapshot): boolean {
  return diffSnapshots(a, b).length === 0;
}

function parseHistory(text: string): EnvSnapshot[] {
  const parsed = JSON.parse(text) as Partial<HistoryFile>;
  if (parsed?.version !== 1 || !Array.isArray(parsed.states)) throw new Error('not a Go Health history file');
  return parsed.states.filter(
    (s): s is EnvSnapshot =>
      !!s && typeof s.firstSeen === 'string' && typeof s.lastSeen === 'string' && !!s.vars && typeof s.vars === 'object',
  );
}

/** Reads the stored states; a missing file is an empty history, a damaged one is reported and started afresh. */
export async function probeHistory(
  host: Pick<Host, 'platform' | 'env' | 'homedir' | 'fs'>,
  now: string,
): Promise<HistoryFacts | undefined> {
  const file = historyFilePath(host);
  if (!file) return undefined;
  const read = await host.fs.readFile(file, READ_LIMITS.jsonConfig);
  if (read === undefined) return { file, states: [], now };
  if (!('text' in read)) return { file, states: [], now, readError: `${file} could not be read (${read.refused}); it is started afresh` };
  const text = read.text;
  try {
    return { file, states: parseHistory(text), now };
  } catch (e) {
    return { file, states: [], now, readError: `${file} could not be read (${(e as Error).message}); it is started afresh` };
  }
}

/** The states with this run's added: the same state as the last one only moves its lastSeen; bounded to the newest states. */
export function appendState(states: readonly EnvSnapshot[], current: EnvSnapshot): EnvSnapshot[] {
  const out = [...states];
  const last = out[out.length - 1];
  if (last && sameState(last, current)) out[out.length - 1] = { ...last, lastSeen: current.lastSeen };
  else out.push(current);
  return out.slice(-HISTORY_MAX_STATES);
}

/** Stores this run's state beside the earlier ones; false when the host cannot write (nothing is lost then but this run). */
export async function recordHistory(host: Pick<Host, 'fs'>, history: HistoryFacts, current: EnvSnapshot): Promise<boolean> {
  if (!host.fs.writeFile) return false;
  const content: HistoryFile = { version: 1, states: appendState(history.states, current) };
  return host.fs.writeFile(history.file, `${JSON.stringify(content)}\n`);
}

/** Every change between consecutive states, newest first, each with the time it was first seen. */
export function historyChanges(states: readonly EnvSnapshot[]): { at: string; since: string; changes: EnvChange[] }[] {
  const out: { at: string; since: string; changes: EnvChange[] }[] = [];
  for (let i = states.length - 1; i > 0; i--) {
    const changes = diffSnapshots(states[i - 1]!, states[i]!);
    if (changes.length) out.push({ at: states[i]!.firstSeen, since: states[i - 1]!.lastSeen, changes });
  }
  return out;
}

/** "set in the go env file (/home/x/.config/go/env)", "set in the OS environment", … */
export function describeSnapshotSource(v: SnapshotValue | undefined): string {
  if (!v) return 'not set';
  switch (v.source) {
    case 'os':
      return 'set in the OS environment';
    case 'goenv-file':
      return `set in the go env file${v.file ? ` (${v.file})` : ''}`;
    case 'goroot-go.env':
      return `the default from ${v.file ?? '$GOROOT/go.env'}`;
    case 'default':
      return "the go command's default";
    case 'declared':
      return `declared in ${v.file ?? 'a CI or container file'}`;
  }
}

/** "today", "yesterday", "3 days ago", "on 2026-11-02": when `at` was, seen from `now`. */
export function whenSaid(at: string, now: string): string {
  const day = (iso: string) => Math.floor(Date.parse(iso) / 86_400_000);
  const days = day(now) - day(at);
  if (!Number.isFinite(days)) return `at ${at}`;
  if (days <= 0) return 'today';
  if (days === 1) return 'yesterday';
  if (days < 14) return `${days} days ago`;
  return `on ${at.slice(0, 10)}`;
}

/** "GOPROXY changed yesterday from A to B, set in the go env file (…)". */
export function describeChange(change: EnvChange, at: string, now: string): string {
  const show = (v: SnapshotValue | undefined) => (v === undefined ? 'unset' : v.value === '' ? "''" : v.value);
  if (change.name === 'go') return `The active go changed ${whenSaid(at, now)} from ${show(change.before)} to ${show(change.after)}`;
  return `${change.name} changed ${whenSaid(at, now)} from ${show(change.before)} to ${show(change.after)}, ${describeSnapshotSource(change.after)}`;
}
