// `gohealth history`: what changed in this machine's Go environment between checks, newest first, from the states the checks stored.
import { parseArgs } from 'node:util';
import { nodeHost } from '../core/nodeHost';
import { describeChange, historyChanges, probeHistory } from '../core/history';
import { UsageError } from './args';
import type { CliIo } from './main';

export async function historyCommand(argv: string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: { format: { type: 'string', short: 'f' }, limit: { type: 'string' } },
    }));
  } catch (e) {
    throw new UsageError(String((e as Error).message).split('\n')[0]!);
  }
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json (got '${format}')`);
  const limit = values.limit === undefined ? 20 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1)
    throw new UsageError(`--limit must be a whole number of changes, 1 or more (got '${values.limit}')`);
  const host = nodeHost({ env: io.env, cwd: io.cwd });
  const now = new Date().toISOString();
  const history = await probeHistory(host, now);
  if (!history) throw new UsageError('no state directory: neither XDG_STATE_HOME nor HOME (LOCALAPPDATA on Windows) is set');
  if (history.readError) io.stderr(`gohealth: ${history.readError}\n`);
  const changes = historyChanges(history.states).slice(0, limit);
  if (format === 'json') {
    io.stdout(`${JSON.stringify({ file: history.file, states: history.states.length, changes }, null, 2)}\n`);
    return 0;
  }
  if (!history.states.length) {
    io.stdout(`No history yet: each 'gohealth check' stores a snapshot in ${history.file}.\n`);
    return 0;
  }
  const first = history.states[0]!;
  const last = history.states[history.states.length - 1]!;
  if (!changes.length) {
    io.stdout(`No change in the Go environment since ${first.firstSeen} (last checked ${last.lastSeen}).\n`);
    return 0;
  }
  for (const c of changes) {
    io.stdout(`${c.at}\n`);
    for (const change of c.changes) io.stdout(`  ${describeChange(change, c.at, now)}\n`);
  }
  io.stdout(`${history.states.length} states kept in ${history.file}, since ${first.firstSeen}.\n`);
  return 0;
}
