// Benchmarks of the health engine and the CLI against the floor set by the go command itself.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { execFile } from '../src/platform/exec';
import { nodeHost } from '../src/core/nodeHost';
import { runHealthCheck } from '../src/core/engine';
import { ProbeCache } from '../src/core/probe/cache';
import { fmt, timeMedian, timeSideBySide, verdict } from './util';

const GO = process.env.GOHEALTH_BENCH_GO ?? '/usr/local/go/bin/go';
const CLI = path.resolve(__dirname, '../../dist/cli.js');

function makeWorkspace(modules: number): string {
  const root = mkdtempSync(path.join(tmpdir(), `gohealth-bench-${modules}-`));
  for (let i = 0; i < modules; i++) {
    const dir = modules === 1 ? root : path.join(root, `svc${Math.floor(i / 50)}`, `mod${i}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'go.mod'),
      `module example.com/bench/mod${i}\n\ngo 1.22\n\nrequire (\n\tgithub.com/google/uuid v1.6.0\n\tgolang.org/x/text v0.14.0 // indirect\n)\n`,
    );
    writeFileSync(path.join(dir, 'go.sum'), '');
    writeFileSync(path.join(dir, 'main.go'), 'package main\n\nfunc main() {}\n');
  }
  return root;
}

function runProcess(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? -1));
  });
}

export async function run(): Promise<Record<string, number>> {
  const env = { ...process.env, GOTOOLCHAIN: 'local' };
  const one = makeWorkspace(1);
  const figures: Record<string, number> = {};
  try {
    const host = nodeHost({ env, cwd: one });
    // Warm the page cache and the go command's own files before measuring anything.
    await runHealthCheck(host, { workspaceFolders: [one] });

    // Side by side, one of each per round, so that both see the same moments of a busy machine.
    const { spawnOnce, coldCheck } = await timeSideBySide(
      {
        spawnOnce: () => execFile(GO, ['version'], { env, timeoutMs: 10_000 }),
        coldCheck: () => runHealthCheck(host, { workspaceFolders: [one], cache: new ProbeCache() }),
      },
      41,
      10,
    );
    figures['go version spawn (ms)'] = spawnOnce;
    figures['full check, cold caches (ms)'] = coldCheck;
    figures['check / spawn ratio'] = coldCheck / spawnOnce;
    console.log(
      `in-process: full check ${fmt(coldCheck)} vs one 'go version' ${fmt(spawnOnce)} -> ratio ${(coldCheck / spawnOnce).toFixed(2)} (target <= 2.0) ${verdict(coldCheck / spawnOnce <= 2)}`,
    );

    const warmCache = new ProbeCache();
    await runHealthCheck(host, { workspaceFolders: [one], cache: warmCache });
    const spawnsBefore = warmCache.spawnCount;
    const cached = await timeMedian(() => runHealthCheck(host, { workspaceFolders: [one], cache: warmCache }), 50, 5);
    figures['engine with cached spawns (ms)'] = cached;
    figures['spawns on cached runs'] = warmCache.spawnCount - spawnsBefore;
    console.log(
      `cached: engine's own time ${fmt(cached)} (target <= 5 ms) ${verdict(cached <= 5)}; spawns during 55 cached runs: ${warmCache.spawnCount - spawnsBefore}`,
    );

    const node = process.execPath;
    const floorScript = `require('child_process').spawnSync(${JSON.stringify(GO)}, ['version'], { stdio: 'ignore' })`;
    const { floor, cli } = await timeSideBySide(
      {
        floor: () => runProcess(node, ['-e', floorScript], env),
        cli: () => runProcess(node, [CLI, 'check', '--cwd', one, '--format', 'json'], env),
      },
      15,
      2,
    );
    figures['node + go version process (ms)'] = floor;
    figures['gohealth check process (ms)'] = cli;
    figures['cli / floor ratio'] = cli / floor;
    console.log(
      `end to end: 'gohealth check' ${fmt(cli)} vs node spawning 'go version' ${fmt(floor)} -> ratio ${(cli / floor).toFixed(2)} (target <= 1.5) ${verdict(cli / floor <= 1.5)}`,
    );

    const sizes = [1, 10, 100, 1000];
    const bySize: Record<number, number> = {};
    for (const n of sizes) {
      const ws = n === 1 ? one : makeWorkspace(n);
      try {
        const h = nodeHost({ env, cwd: ws });
        bySize[n] = await timeMedian(() => runHealthCheck(h, { workspaceFolders: [ws], cache: new ProbeCache() }), n >= 1000 ? 5 : 9, 1);
      } finally {
        if (ws !== one) rmSync(ws, { recursive: true, force: true });
      }
      figures[`check of ${n} modules (ms)`] = bySize[n]!;
    }
    const extra = bySize[1000]! - bySize[1]!;
    figures['1000 modules minus 1 module (ms)'] = extra;
    console.log(
      `scaling: ${sizes.map((n) => `${n}: ${fmt(bySize[n]!)}`).join(', ')}; 1,000 modules cost ${fmt(extra)} more than 1 (target <= 300 ms) ${verdict(extra <= 300)}; per module ${(extra / 999).toFixed(3)} ms at 1,000 vs ${((bySize[100]! - bySize[1]!) / 99).toFixed(3)} ms at 100`,
    );
  } finally {
    rmSync(one, { recursive: true, force: true });
  }
  return figures;
}
