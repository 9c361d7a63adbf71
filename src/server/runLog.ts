// What the language server logs about each check run: every spawn with its arguments, exit status and time, cache hits, and a closing summary.
import type { Host } from '../core/host';
import type { ExecResult } from '../platform/exec';
import type { Report } from '../core/report';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
export type Log = (level: LogLevel, message: string) => void;

const MAX_ARGS_SHOWN = 400;

/** `/usr/local/go/bin/go env -json GOROOT GOPATH` with long argument lists cut, arguments with spaces quoted. */
export function commandText(file: string, args: readonly string[]): string {
  const text = [file, ...args].map((a) => (/[\s"']/.test(a) || a === '' ? JSON.stringify(a) : a)).join(' ');
  return text.length > MAX_ARGS_SHOWN ? `${text.slice(0, MAX_ARGS_SHOWN - 1)}…` : text;
}

/** How a spawn ended, in words: `exit 0`, `timed out`, `could not start: ENOENT`. */
export function outcomeText(r: ExecResult): string {
  if (r.spawnError) return `could not start: ${r.spawnError}`;
  if (r.timedOut) return 'timed out and was killed';
  return `${r.code === null ? 'killed' : `exit ${r.code}`}${r.truncated ? ', output cut' : ''}`;
}

export function spawnLine(file: string, args: readonly string[], r: ExecResult): string {
  return `spawn ${commandText(file, args)} → ${outcomeText(r)} in ${Math.round(r.durationMs)} ms`;
}

/** Counts a run's spawns; the host it wraps logs each one as it ends. */
export class SpawnCounter {
  spawns = 0;
  failed = 0;
  hits = 0;

  reset(): void {
    this.spawns = 0;
    this.failed = 0;
    this.hits = 0;
  }
}

/** The host with every exec logged (info; a failed start or timeout as a warning) and counted. */
export function withSpawnLog(host: Host, log: Log, counter: SpawnCounter): Host {
  return {
    ...host,
    exec: async (file, args, options) => {
      const r = await host.exec(file, args, options);
      counter.spawns++;
      const bad = !!r.spawnError || r.timedOut;
      if (bad) counter.failed++;
      log(bad ? 'warn' : 'info', spawnLine(file, args, r));
      return r;
    },
  };
}

/** `Check run 3: 1 error, 1 warning, 1 note in 398 ms · 4 spawns, 6 answers from the cache`. */
export function runSummaryLine(runId: number, report: Pick<Report, 'findings' | 'timingsMs'>, counter: SpawnCounter): string {
  const n = { error: 0, warning: 0, info: 0 };
  for (const f of report.findings) n[f.severity]++;
  const plural = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`;
  const found = report.findings.length
    ? [n.error && plural(n.error, 'error'), n.warning && plural(n.warning, 'warning'), n.info && plural(n.info, 'note')]
        .filter(Boolean)
        .join(', ')
    : 'no findings';
  const total = report.timingsMs.total;
  return `Check run ${runId}: ${found}${total !== undefined ? ` in ${Math.round(total)} ms` : ''} · ${plural(counter.spawns, 'spawn')}${counter.failed ? ` (${counter.failed} failed)` : ''}, ${plural(counter.hits, 'answer')} from the cache`;
}
