// Benchmarks `gohealth report merge` over 10,000 generated machine reports: wall time and peak memory of the real CLI bundle.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fmt, verdict } from './util';

const MACHINES = 10_000;
/** Target: a platform team's whole fleet merges in the time of a CI step's set-up, and in a few hundred MB. */
const TARGET_MS = 5_000;
const TARGET_RSS_MB = 400;

const IDS: [string, 'error' | 'warning' | 'info'][] = [
  ['go-outdated', 'info'],
  ['go-patch-behind', 'warning'],
  ['gobin-not-on-path', 'warning'],
  ['tool-missing', 'info'],
  ['goroot-mismatch', 'error'],
  ['goproxy-off', 'warning'],
  ['env-changed', 'info'],
  ['tool-stale', 'warning'],
];
const GOS = ['go1.26.8', 'go1.26.7', 'go1.25.4', 'go1.24.11'];

/** A report shaped like `gohealth check --format json` prints, varied by machine (findings with details and evidence). */
function report(i: number): string {
  const findings = IDS.filter((_, k) => (i * 7 + k * 13) % 5 < 2).map(([id, severity]) => ({
    id,
    severity,
    area: 'toolchain',
    title: `${id} on machine ${i}`,
    detail: `What is wrong on machine ${i}, why it matters and what to do. `.repeat(4),
    evidence: { path: `/home/dev${i}/go/bin`, versions: GOS },
    fixes: [{ id: `fix-${id}`, title: 'Fix it', kind: 'instructions', steps: ['one', 'two'] }],
  }));
  const go = GOS[i % GOS.length];
  return JSON.stringify({
    schemaVersion: 1,
    tool: { name: 'gohealth', version: '0.1.0' },
    host: { platform: 'linux', arch: 'x64', isWsl: false, cwd: `/home/dev${i}/src/app` },
    toolchains: [{ path: '/usr/local/go/bin/go', realPath: '/usr/local/go/bin/go', version: go, goroot: '/usr/local/go', active: true }],
    findings,
    ...(i % 3 === 0 ? {} : { policy: { compliant: i % 4 !== 1 } }),
    timingsMs: { total: 400 + (i % 100) },
  });
}

export async function run(): Promise<Record<string, number>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gohealth-merge-bench-'));
  try {
    let bytes = 0;
    for (let i = 0; i < MACHINES; i++) {
      const sub = path.join(dir, `team-${i % 20}`);
      if (i < 20) mkdirSync(sub);
      const text = report(i);
      bytes += text.length;
      writeFileSync(path.join(sub, `machine-${i}.json`), text);
    }
    const cliMain = path.resolve(__dirname, '../../dist/cliMain.js');
    // The CLI's own entry, in a process of its own, so its time and peak memory are the command's alone.
    const driver = `
      const started = performance.now();
      let out = '';
      require(${JSON.stringify(cliMain)}).main(['report', 'merge', '--format', 'json', ${JSON.stringify(dir)}], {
        stdout: (t) => (out += t), stderr: (t) => process.stderr.write(t), env: process.env, cwd: ${JSON.stringify(dir)}, isTTY: false,
      }).then((code) => {
        const s = JSON.parse(out);
        const cpu = process.cpuUsage();
        console.log(JSON.stringify({ code, ms: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000, maxRssKb: process.resourceUsage().maxRSS, machines: s.machines }));
      });`;
    const runs: { ms: number; cpuMs: number; maxRssKb: number; machines: number; code: number }[] = [];
    for (let r = 0; r < 3; r++) runs.push(JSON.parse(execFileSync(process.execPath, ['-e', driver], { encoding: 'utf8' })));
    runs.sort((a, b) => a.ms - b.ms);
    const median = runs[1]!;
    if (median.code !== 0 || median.machines !== MACHINES) throw new Error(`merge saw ${median.machines} machines (exit ${median.code})`);
    const rssMb = median.maxRssKb / 1024;
    console.log(
      `report merge of ${MACHINES} reports (${(bytes / 1024 / 1024).toFixed(1)} MB of JSON): ${fmt(median.ms)} (median of 3; target < ${TARGET_MS} ms) ${verdict(median.ms < TARGET_MS)}`,
    );
    // On a shared machine the wall time waits for the cores; the CPU time is what the merge itself costs.
    console.log(`  CPU time (user + system, whole process): ${fmt(median.cpuMs)}`);
    console.log(`  peak memory (max RSS): ${rssMb.toFixed(0)} MB (target < ${TARGET_RSS_MB} MB) ${verdict(rssMb < TARGET_RSS_MB)}`);
    return { mergeMs: median.ms, mergeCpuMs: median.cpuMs, mergeMaxRssMb: rssMb, mergeReports: MACHINES };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
