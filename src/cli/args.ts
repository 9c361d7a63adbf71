// Parses `gohealth check` arguments into options, with one-line messages for bad usage.
import { parseArgs } from 'node:util';

type OutputFormat = 'text' | 'json' | 'sarif' | 'markdown';
type FailOn = 'error' | 'warning' | 'never';

export interface CheckArgs {
  cwd?: string;
  format: OutputFormat;
  failOn: FailOn;
  only?: string[];
  skip?: string[];
  timeoutMs?: number;
  verbose: boolean;
  color?: boolean;
  /** On Windows, also ask wsl.exe about the WSL distros and probe the default one (may take seconds). */
  wsl: boolean;
  /** Replace home directories, the user name and the host name in the output (a report to share). */
  redact: boolean;
  /** Export findings to this OTLP/HTTP endpoint (else OTEL_EXPORTER_OTLP_ENDPOINT, when set). */
  otlp?: string;
  /** false: do not store this run's environment snapshot (`--no-history`). */
  history: boolean;
}

export class UsageError extends Error {}

const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif', 'markdown'];
const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'never'];

function idList(value: string | undefined, flag: string, known: ReadonlySet<string>): string[] | undefined {
  if (value === undefined) return undefined;
  const ids = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids.length === 0) throw new UsageError(`${flag} needs at least one check id`);
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length)
    throw new UsageError(`${flag}: unknown check id ${unknown.map((u) => `'${u}'`).join(', ')} (run 'gohealth checks' to list them)`);
  return ids;
}

export function parseCheckArgs(argv: string[], knownIds: ReadonlySet<string>): CheckArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: false,
      strict: true,
      options: {
        cwd: { type: 'string' },
        format: { type: 'string', short: 'f' },
        'fail-on': { type: 'string' },
        only: { type: 'string' },
        skip: { type: 'string' },
        'timeout-ms': { type: 'string' },
        verbose: { type: 'boolean', short: 'v' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        wsl: { type: 'boolean' },
        redact: { type: 'boolean' },
        otlp: { type: 'string' },
        'no-history': { type: 'boolean' },
      },
    });
  } catch (e) {
    // node's messages are good but long; keep the first sentence.
    throw new UsageError(
      String((e as Error).message)
        .split('\n')[0]!
        .replace(/\. To specify.*$/, ''),
    );
  }
  const v = parsed.values;
  const format = (v.format ?? 'text') as OutputFormat;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got '${v.format}')`);
  const failOn = (v['fail-on'] ?? 'error') as FailOn;
  if (!FAIL_ON.includes(failOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')} (got '${v['fail-on']}')`);
  let timeoutMs: number | undefined;
  if (v['timeout-ms'] !== undefined) {
    timeoutMs = Number(v['timeout-ms']);
    if (!/^\d+$/.test(v['timeout-ms']) || timeoutMs < 1 || timeoutMs > 600_000) {
      throw new UsageError(`--timeout-ms must be a whole number of milliseconds from 1 to 600000 (got '${v['timeout-ms']}')`);
    }
  }
  if (v.cwd !== undefined && v.cwd.trim() === '') throw new UsageError('--cwd needs a directory');
  if (v.otlp !== undefined && !/^https?:\/\/[^/\s]+/.test(v.otlp))
    throw new UsageError(`--otlp needs an http:// or https:// URL of an OTLP/HTTP endpoint (got '${v.otlp}')`);
  return {
    cwd: v.cwd,
    format,
    failOn,
    only: idList(v.only, '--only', knownIds),
    skip: idList(v.skip, '--skip', knownIds),
    timeoutMs,
    verbose: Boolean(v.verbose),
    color: v['no-color'] ? false : v.color ? true : undefined,
    wsl: Boolean(v.wsl),
    redact: Boolean(v.redact),
    otlp: v.otlp,
    history: !v['no-history'],
  };
}
