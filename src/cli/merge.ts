// `gohealth report merge FILE|DIR…`: reads many machines' JSON reports (a folder's *.json files too) and prints one summary as Markdown or JSON.
import * as fs from 'node:fs';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { ReportMerger, renderMergedMarkdown } from '../core/merge';
import { UsageError } from './args';
import type { CliIo } from './main';

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

/** The file's text, or undefined when it is too large to be one machine's report. */
function readReport(file: string): string | undefined {
  const fd = fs.openSync(file, 'r');
  try {
    if (fs.fstatSync(fd).size > MAX_REPORT_BYTES) return undefined;
    return fs.readFileSync(fd, 'utf8');
  } finally {
    fs.closeSync(fd);
  }
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
  // Read one after another with plain synchronous calls: for many small local files that is several times faster
  // than the thread pool's round trips, and only one report is held in memory at a time.
  for (const file of files) {
    const name = machineName(file, io.cwd);
    try {
      const text = readReport(file);
      if (text === undefined) merger.skip(name, `larger than ${MAX_REPORT_BYTES / 1024 / 1024} MiB`);
      else merger.add(name, JSON.parse(text));
    } catch (e) {
      merger.skip(name, e instanceof SyntaxError ? `not JSON (${e.message})` : (e as Error).message);
    }
  }
  const summary = merger.summary(worst);
  io.stdout(format === 'json' ? `${JSON.stringify(summary, null, 2)}\n` : renderMergedMarkdown(summary));
  if (summary.skipped.length)
    io.stderr(`gohealth: ${summary.skipped.length} file(s) skipped (not Go Health JSON reports); see the summary\n`);
  return summary.machines === 0 ? 2 : 0;
}
