// `gohealth report merge FILE|DIR…`: reads many machines' JSON reports (a folder's *.json files too) and prints one summary as Markdown or JSON.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { ReportMerger, renderMergedMarkdown } from '../core/merge';
import { UsageError } from './args';
import type { CliIo } from './main';

/** Files read at once: enough to keep the disk busy, few enough to stay far below the open-file limit. */
const PARALLEL_READS = 32;
/** A report larger than this is not one machine's report; it is skipped rather than read into memory. */
const MAX_REPORT_BYTES = 16 * 1024 * 1024;

async function listInputs(inputs: string[], cwd: string, merger: ReportMerger): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const abs = path.resolve(cwd, input);
    const st = await fsp.stat(abs).catch(() => undefined);
    if (!st) throw new UsageError(`'${input}' does not exist`);
    if (st.isDirectory()) {
      const walk = async (dir: string): Promise<void> => {
        const entries = await fsp.readdir(dir, { withFileTypes: true }).catch((e: Error) => {
          merger.skip(dir, e.message);
          return [];
        });
        for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
          const full = path.join(dir, e.name);
          if (e.isDirectory()) await walk(full);
          else if (e.isFile() && e.name.endsWith('.json')) files.push(full);
        }
      };
      await walk(abs);
    } else files.push(abs);
  }
  return files;
}

/** The machine's name in the summary: the file's path below the folder or as given, without .json. */
function machineName(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return (rel && !rel.startsWith('..') ? rel : file).replace(/\.json$/, '');
}

export async function mergeCommand(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: { format: { type: 'string', short: 'f' }, worst: { type: 'string' } },
    });
  } catch (e) {
    throw new UsageError(String((e as Error).message).split('\n')[0]!);
  }
  const format = parsed.values.format ?? 'markdown';
  if (format !== 'markdown' && format !== 'json') throw new UsageError(`--format must be markdown or json (got '${format}')`);
  const worst = parsed.values.worst === undefined ? 10 : Number(parsed.values.worst);
  if (!Number.isInteger(worst) || worst < 0)
    throw new UsageError(`--worst must be a whole number of machines (got '${parsed.values.worst}')`);
  if (!parsed.positionals.length)
    throw new UsageError('report merge needs JSON reports or folders of them (gohealth check --format json > NAME.json)');
  const merger = new ReportMerger();
  const files = await listInputs(parsed.positionals, io.cwd, merger);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const file = files[next++]!;
      const name = machineName(file, io.cwd);
      try {
        const st = await fsp.stat(file);
        if (st.size > MAX_REPORT_BYTES) {
          merger.skip(name, `larger than ${MAX_REPORT_BYTES / 1024 / 1024} MiB`);
          continue;
        }
        merger.add(name, JSON.parse(await fsp.readFile(file, 'utf8')));
      } catch (e) {
        merger.skip(name, e instanceof SyntaxError ? `not JSON (${e.message})` : (e as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_READS, files.length) }, worker));
  const summary = merger.summary(worst);
  io.stdout(format === 'json' ? `${JSON.stringify(summary, null, 2)}\n` : renderMergedMarkdown(summary));
  if (summary.skipped.length)
    io.stderr(`gohealth: ${summary.skipped.length} file(s) skipped (not Go Health JSON reports); see the summary\n`);
  return summary.machines === 0 ? 2 : 0;
}
