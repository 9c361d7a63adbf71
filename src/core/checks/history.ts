// The check against this machine's own past: env-changed says what in the Go environment changed since an earlier check, and where the new value is set.
import { describeChange, diffSnapshots, snapshotOf, type EnvChange } from '../history';
import type { Finding } from '../report';
import { finding, type CheckDefinition } from './types';
import { envLocation } from './util';

/** A change first seen longer ago than this is old news: the finding goes once the new state has lasted a week. */
const RECENT_DAYS = 7;

export const envChanged: CheckDefinition = {
  id: 'env-changed',
  area: 'consistency',
  severity: 'info',
  where: 'all',
  fixKinds: [],
  summary: 'The Go environment changed since an earlier check on this machine',
  help: 'Each check keeps a small snapshot of the Go environment (the active go and the key go env variables, with where each is set) in Go Health\'s state directory. When a value differs from the last state, this says what changed, when, from which value to which, and where the new value comes from, so a change nobody meant ("GOPROXY changed yesterday") is visible next to the problems it causes. `gohealth history` lists every change kept.',
  run(facts) {
    const history = facts.history;
    if (!history || history.readError) return [];
    const current = snapshotOf(facts, history.now);
    const states = history.states;
    const last = states[states.length - 1];
    if (!last) return [];
    let changes = diffSnapshots(last, current);
    let at = history.now;
    let since = last.lastSeen;
    if (!changes.length) {
      // The same state as last time: the latest change is still news while it is recent.
      const before = states[states.length - 2];
      if (!before) return [];
      at = last.firstSeen;
      since = before.lastSeen;
      if (Date.parse(history.now) - Date.parse(at) > RECENT_DAYS * 86_400_000) return [];
      changes = diffSnapshots(before, last);
    }
    if (!changes.length) return [];
    const lines = changes.map((c) => describeChange(c, at, history.now));
    const first = changes[0]!;
    const title =
      changes.length === 1
        ? lines[0]!
        : `${changes.length} Go environment values changed since the check of ${since.slice(0, 10)}: ${changes.map((c) => c.name).join(', ')}`;
    const out: Finding[] = [
      finding(this, {
        title,
        detail: `${lines.join('.\n')}.\nThe earlier state was last seen ${since}; this comes from ${history.file}. If the change was not meant, put the old value back where the new one is set.`,
        evidence: {
          changes: changes.map(evidenceOf),
          since,
          changedAt: at,
          historyFile: history.file,
        },
        location: locate(facts, first),
      }),
    ];
    return out;
  },
};

function evidenceOf(c: EnvChange): Record<string, unknown> {
  return {
    name: c.name,
    ...(c.before ? { before: c.before.value, beforeSource: c.before.source } : { before: null }),
    ...(c.after
      ? { after: c.after.value, afterSource: c.after.source, ...(c.after.file ? { afterFile: c.after.file } : {}) }
      : { after: null }),
  };
}

/** The go env file line that sets the new value, when a file does. */
function locate(facts: Parameters<CheckDefinition['run']>[0], change: EnvChange) {
  if (change.name === 'go') return undefined;
  return envLocation(facts, facts.env[change.name]);
}

export const HISTORY_CHECKS: readonly CheckDefinition[] = [envChanged];
