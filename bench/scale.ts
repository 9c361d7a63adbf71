// Benchmarks large workspaces: `gohealth check` beside `go list -m` on the same generated modules, peak memory, and the language server's save path.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { writeOutsideGoWork, writeWorkspace } from '../test/support/generatedWorkspace';
import { startLspSession } from '../test/support/lspSession';
import { fmt, median, verdict } from './util';

const GO = process.env.GOHEALTH_BENCH_GO ?? '/usr/local/go/bin/go';
const CLI = path.resolve(__dirname, '../../dist/cli.js');
const PEAK_RSS = path.resolve(__dirname, 'peakRss.js');

/** Runs a process to its end; resolves with its wall time in ms. */
function timed(file: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(file, args, { env, cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      // gohealth exits 1 when it finds an error; both exits are a finished run. Anything else is a failure.
      if (code !== 0 && code !== 1) reject(new Error(`${path.basename(file)} ${args.join(' ')} exited ${code}: ${stderr.slice(0, 400)}`));
      else resolve(performance.now() - t);
    });
  });
}

/** Peak RSS of one `gohealth check` in KB, from the process itself at exit (getrusage through a preload). */
async function peakRssKb(env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gohealth-rss-'));
  const out = path.join(dir, 'rss');
  try {
    // The code cache is off for these runs: the preload changes Node's flags, which name the cache.
    await timed(
      process.execPath,
      ['--require', PEAK_RSS, CLI, 'check', '--format', 'json'],
      { ...env, GOHEALTH_PEAK_RSS_FILE: out, GOHEALTH_CODE_CACHE: 'off' },
      cwd,
    );
    return Number(readFileSync(out, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Side {
  gohealth: number;
  goList: number;
}

/** Runs each command once per round, in turn, after a warm-up round; the median of each. */
async function alternating(commands: (() => Promise<number>)[], rounds: number): Promise<number[]> {
  const times: number[][] = commands.map(() => []);
  for (let i = 0; i <= rounds; i++) {
    for (const [k, run] of commands.entries()) {
      const ms = await run();
      if (i > 0) times[k]!.push(ms);
    }
  }
  return times.map(median);
}

/** Alternates one `gohealth check` and one `go list -m` per round after a warm-up round; medians of each. */
async function sideBySide(ws: string, env: NodeJS.ProcessEnv, goListEnv: NodeJS.ProcessEnv, rounds: number): Promise<Side> {
  const [gohealth, goList] = await alternating(
    [() => timed(process.execPath, [CLI, 'check', '--format', 'json'], env, ws), () => timed(GO, ['list', '-m'], goListEnv, ws)],
    rounds,
  );
  return { gohealth: gohealth!, goList: goList! };
}

/**
 * What any Node CLI pays before it reads a file, beside go list -m on 1,000 modules: Node starting and exiting,
 * gohealth starting (its bundle loaded from the code cache) and a check of one module. The 1.5x target at 1,000
 * modules is measured against these.
 */
async function measureFloor(
  figures: Record<string, number>,
  env: NodeJS.ProcessEnv,
  ws: string,
  oneModule: string,
  goList: number,
): Promise<void> {
  const [node, cli, one] = (await alternating(
    [
      () => timed(process.execPath, ['-e', '0'], env, ws),
      () => timed(process.execPath, [CLI, '--version'], env, ws),
      () => timed(process.execPath, [CLI, 'check', '--format', 'json'], env, oneModule),
    ],
    7,
  )) as [number, number, number];
  figures['floor: node -e 0 (ms)'] = node;
  figures['floor: gohealth --version (ms)'] = cli;
  figures['floor: gohealth check, 1 module (ms)'] = one;
  const x = (ms: number) => `${(ms / goList).toFixed(2)}x`;
  console.log(
    `  before any file is read, beside go list -m on 1,000 modules (${fmt(goList)}): node -e 0 ${fmt(node)} (${x(node)}), ` +
      `gohealth --version ${fmt(cli)} (${x(cli)}), gohealth check of 1 module ${fmt(one)} (${x(one)})`,
  );
}

async function measureCli(figures: Record<string, number>, env: NodeJS.ProcessEnv): Promise<void> {
  const base = mkdtempSync(path.join(tmpdir(), 'gohealth-scale-'));
  try {
    const one = writeWorkspace(path.join(base, 'one'), 1, { goWork: false });
    const rss1 = median([await peakRssKb(env, one.root), await peakRssKb(env, one.root), await peakRssKb(env, one.root)]);
    figures['peak RSS, 1 module (MB)'] = rss1 / 1024;
    console.log(`peak RSS of 'gohealth check' on 1 module: ${(rss1 / 1024).toFixed(1)} MB`);
    const perModule: Record<string, number> = {};
    for (const goWork of [true, false]) {
      for (const n of [1000, 10000]) {
        const ws = writeWorkspace(path.join(base, `${goWork ? 'work' : 'nowork'}-${n}`), n, { goWork });
        const goListEnv = { ...env };
        if (!goWork) {
          // No go.work in the tree: the go command reads the same go.mod files through one outside it.
          const outside = path.join(base, `outside-${n}`, 'go.work');
          writeOutsideGoWork(outside, ws.goMods);
          goListEnv.GOWORK = outside;
        }
        const side = await sideBySide(ws.root, env, goListEnv, n >= 10000 ? 5 : 9);
        const rss = await peakRssKb(env, ws.root);
        const label = `${n} modules${goWork ? ' in a go.work' : ', no go.work'}`;
        const ratio = side.gohealth / side.goList;
        const rssLimit = 2 * rss1 + ws.textBytes / 1024;
        figures[`${label}: gohealth check (ms)`] = side.gohealth;
        figures[`${label}: go list -m (ms)`] = side.goList;
        figures[`${label}: ratio`] = ratio;
        figures[`${label}: peak RSS (MB)`] = rss / 1024;
        perModule[`${goWork}-${n}`] = side.gohealth;
        console.log(
          `${label}: gohealth check ${fmt(side.gohealth)} vs go list -m ${fmt(side.goList)} -> ratio ${ratio.toFixed(2)} (target <= 1.5) ${verdict(ratio <= 1.5)}; ` +
            `peak RSS ${(rss / 1024).toFixed(1)} MB (target <= 2 x ${(rss1 / 1024).toFixed(1)} MB + ${(ws.textBytes / 1024 / 1024).toFixed(2)} MB of go.mod text = ${(rssLimit / 1024).toFixed(1)} MB) ${verdict(rss <= rssLimit)}`,
        );
        if (n === 1000 && goWork) await measureFloor(figures, env, ws.root, one.root, side.goList);
        if (n === 10000) {
          const growth = perModule[`${goWork}-10000`]! / perModule[`${goWork}-1000`]!;
          const goGrowth =
            figures[`${label}: go list -m (ms)`]! / figures[`1000 modules${goWork ? ' in a go.work' : ', no go.work'}: go list -m (ms)`]!;
          figures[`${goWork ? 'go.work' : 'no go.work'}: growth 1,000 -> 10,000`] = growth;
          console.log(
            `  growth from 1,000 to 10,000 modules: gohealth x${growth.toFixed(1)}, go list -m x${goGrowth.toFixed(1)} (linear: x10)`,
          );
        }
        rmSync(ws.root, { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

/** The real server over stdio on 10,000 modules: first state, then saves of one go.mod until diagnostics arrive. */
async function measureLsp(figures: Record<string, number>, env: NodeJS.ProcessEnv, saves: number): Promise<void> {
  const base = mkdtempSync(path.join(tmpdir(), 'gohealth-scale-lsp-'));
  const ws = writeWorkspace(base, 10000, { goWork: true });
  // GOHEALTH_BENCH_SERVER_ARGS: Node flags for the server, e.g. --cpu-prof to see where a save goes.
  const session = await startLspSession(ws.root, env, process.env.GOHEALTH_BENCH_SERVER_ARGS?.split(' ').filter(Boolean));
  try {
    const started = performance.now();
    const done = await session.nextHealth((p) => p.phase === 'done');
    const first = session.health.find((h) => (h.params.phase === 'checking' && h.params.partial) || h.params.phase === 'done')!;
    figures['LSP open: first badge state (ms)'] = first.at - started;
    figures['LSP open: full result (ms)'] = done.at - started;
    console.log(
      `language server, 10,000 modules: first badge state after ${fmt(first.at - started)} (${first.params.phase === 'checking' ? 'the environment, while the walk goes on' : 'the full result'}), full result after ${fmt(done.at - started)}`,
    );
    // Save one go.mod, alternately adding and removing a toolchain line that is not newer than its go line
    // (toolchain-redundant): each save changes that file's diagnostics and nothing else.
    const file = ws.goMods[4321]!;
    const plain = readFileSync(file, 'utf8');
    const redundant = `${plain}\ntoolchain go1.21.0\n`;
    session.open(file, 'go.mod');
    const times: number[] = [];
    let before = await session.stats();
    const heap: number[] = [];
    const rss: number[] = [];
    let perSave = { fileReads: 0, dirReads: 0, stats: 0, spawns: 0, cpuMs: 0, checksRun: 0, modulesChecked: 0, incrementalRuns: 0 };
    for (let i = 1; i <= saves; i++) {
      const diagnostics = session.nextDiagnostics(file);
      const t = performance.now();
      session.save(file, i % 2 ? redundant : plain);
      const list = await diagnostics;
      times.push(performance.now() - t);
      if ((i % 2 === 1) !== list.some((d) => d.code === 'toolchain-redundant'))
        throw new Error(`save ${i}: unexpected diagnostics ${JSON.stringify(list)}`);
      if (i === 100 || i % 250 === 0) {
        const s = await session.stats();
        heap.push(s.heapUsed);
        rss.push(s.rss);
        if (i === 100) {
          perSave = {
            fileReads: (s.fileReads - before.fileReads) / 100,
            dirReads: (s.dirReads - before.dirReads) / 100,
            stats: (s.stats - before.stats) / 100,
            spawns: (s.spawns - before.spawns) / 100,
            cpuMs: (s.cpuMs - before.cpuMs) / 100,
            checksRun: ((s.checksRun ?? 0) - (before.checksRun ?? 0)) / 100,
            modulesChecked: ((s.modulesChecked ?? 0) - (before.modulesChecked ?? 0)) / 100,
            incrementalRuns: ((s.incrementalRuns ?? 0) - (before.incrementalRuns ?? 0)) / 100,
          };
          before = s;
        }
      }
    }
    const m = median(times);
    // The go command's own read of the same workspace, beside it: a save re-checks one module of it.
    const goList: number[] = [];
    for (let i = 0; i < 3; i++) goList.push(await timed(GO, ['list', '-m'], env, ws.root));
    const goListMs = median(goList);
    figures['LSP save -> diagnostics, median (ms)'] = m;
    figures['LSP workspace: go list -m (ms)'] = goListMs;
    figures['LSP per save: checks run over all facts'] = perSave.checksRun;
    figures['LSP per save: modules checked'] = perSave.modulesChecked;
    figures['LSP per save: incremental runs'] = perSave.incrementalRuns;
    figures['LSP RSS after 100 saves (MB)'] = rss[0]! / 1e6;
    figures[`LSP RSS after ${saves} saves (MB)`] = rss[rss.length - 1]! / 1e6;
    figures['LSP per save: file reads'] = perSave.fileReads;
    figures['LSP per save: directory listings'] = perSave.dirReads;
    figures['LSP per save: stats'] = perSave.stats;
    figures['LSP per save: server CPU (ms)'] = perSave.cpuMs;
    figures['LSP heap after 100 saves (MB)'] = heap[0]! / 1e6;
    figures[`LSP heap after ${saves} saves (MB)`] = heap[heap.length - 1]! / 1e6;
    console.log(
      `  save go.mod -> diagnostics, median of ${saves}: ${fmt(m)} vs go list -m on the same workspace ${fmt(goListMs)} (target <= 50 ms) ${verdict(m <= 50)}; per save: ${perSave.cpuMs.toFixed(1)} ms of server CPU, ${perSave.fileReads} file read, ${perSave.dirReads} listings, ${perSave.stats} stats, ${perSave.spawns} spawns, ${perSave.incrementalRuns} incremental runs, ${perSave.checksRun} checks run over all facts, ${perSave.modulesChecked} modules checked`,
    );
    console.log(`  heap after a full GC at saves 100, 250, … ${saves}: ${heap.map((h) => (h / 1e6).toFixed(1)).join(', ')} MB`);
    console.log(`  RSS at saves 100, 250, … ${saves}: ${rss.map((h) => (h / 1e6).toFixed(1)).join(', ')} MB`);
  } finally {
    await session.close();
    rmSync(base, { recursive: true, force: true });
  }
}

/** Both parts, or one: `node out/bench/scale.js cli|lsp` (GOHEALTH_BENCH_SAVES sets the number of saves). */
export async function run(only?: string): Promise<Record<string, number>> {
  const env: NodeJS.ProcessEnv = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '' };
  delete env.GOWORK;
  const figures: Record<string, number> = {};
  if (only !== 'lsp') await measureCli(figures, env);
  if (only !== 'cli') await measureLsp(figures, env, Number(process.env.GOHEALTH_BENCH_SAVES ?? 1000));
  return figures;
}

if (require.main === module) void run(process.argv[2]).then((f) => console.log(JSON.stringify(f, null, 2)));
