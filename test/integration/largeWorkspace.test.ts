// Large workspaces end to end: the real CLI's walk on disk with --verbose, and the real language server's incremental re-check over LSP.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { runCli, Sandbox, UNDER_WINE } from './cliHarness';
import { writeWorkspace } from '../support/generatedWorkspace';
import { startLspSession, type LspSession } from '../support/lspSession';
import { pathToUri } from '../../src/server/uris';
import { RerunRequest } from '../../src/shared/protocol';
import { withoutReleaseProvenance } from '../support/findingsCompare';

const sb = new Sandbox();
after(() => sb.cleanup());

void test('gohealth check --verbose names the directories the walk did not enter and why; their go.mod files are not checked', async () => {
  const ws = writeWorkspace(path.join(sb.root, 'walk'), 120, { goWork: false });
  const env = sb.env({ GOTOOLCHAIN: 'local' });
  const verbose = await runCli(['check', '--cwd', ws.root, '--verbose'], { env, cwd: sb.root });
  assert.ok(verbose.code === 0 || verbose.code === 1, verbose.stderr);
  assert.match(verbose.stdout, /^Workspace walk: [\d,]+ directories listed; not entered:$/m);
  for (const [what, dir] of [
    ['testdata \\(ignored by the go command\\)', 'testdata'],
    ["starting with '\\.' \\(ignored by the go command\\)", '.cache'],
    ["starting with '_' \\(ignored by the go command\\)", '_attic'],
    ['node_modules \\(never a Go module of the workspace\\)', 'node_modules'],
    ['vendor \\(copies of dependencies, not modules of the workspace\\)', 'vendor'],
  ])
    assert.match(verbose.stdout, new RegExp(`^  1 ${what}: ${path.join(ws.root, dir).replace(/[.\\/]/g, '\\$&')}$`, 'm'));
  const plain = await runCli(['check', '--cwd', ws.root], { env, cwd: sb.root });
  assert.doesNotMatch(plain.stdout, /Workspace walk|not entered/);
  // The JSON names the modules checked: the 120 generated ones, none of the skipped trees' go.mod files.
  const json = await runCli(['check', '--cwd', ws.root, '--format', 'json', '--verbose'], { env, cwd: sb.root });
  const report = JSON.parse(json.stdout) as { findings: { location?: { file: string } }[] };
  assert.ok(!report.findings.some((f) => /[\\/](testdata|node_modules|vendor|\.cache|_attic)[\\/]/.test(f.location?.file ?? '')));
});

const noStdioPipes = UNDER_WINE && 'Node under Wine fails with EBADF writing to a pipe, and the language server speaks over stdio';

/** Saves `text` to `file` and resolves with the check ids of the diagnostics then published for it. */
async function saveAndWait(session: LspSession, file: string, text: string): Promise<string[]> {
  const next = session.nextDiagnostics(file);
  session.save(file, text);
  return (await next).map((d) => String(d.code));
}

void test(
  'language server on 250 modules: a save re-reads that file alone and updates only what depends on it',
  { skip: noStdioPipes },
  async () => {
    const ws = writeWorkspace(path.join(sb.root, 'lsp'), 250, { goWork: true });
    const session = await startLspSession(ws.root, sb.env({ GOTOOLCHAIN: 'local' }));
    try {
      const first = await session.nextHealth((p) => p.phase === 'done');
      assert.ok(first.params.phase === 'done');
      const groups = first.params.snapshot.environment.toolchainGroups;
      assert.equal(
        groups.reduce((n, g) => n + g.modules, 0),
        250,
      );

      // One go.mod gains a toolchain line older than its go line: that file, and only it, gets toolchain-redundant.
      const file = ws.goMods[123]!;
      const plain = readFileSync(file, 'utf8');
      session.open(file, 'go.mod');
      const before = await session.stats();
      assert.deepEqual(await saveAndWait(session, file, `${plain}\ntoolchain go1.21.0\n`), ['toolchain-redundant']);
      const after = await session.stats();
      // That file alone was read again and re-checked: no whole run.
      assert.equal(after.incrementalRuns! - before.incrementalRuns!, 1);
      assert.equal(after.runs - before.runs, 1);
      assert.ok(after.fileReads - before.fileReads <= 2, `a save read ${after.fileReads - before.fileReads} files`);
      assert.equal(after.dirReads - before.dirReads, 0);
      assert.equal(after.spawns - before.spawns, 0);
      const firstRun = first.params.snapshot.runId;
      const latest =
        session.health.find((h) => h.params.phase === 'done' && h.params.snapshot.runId > firstRun) ??
        (await session.nextHealth((p) => p.phase === 'done' && p.snapshot.runId > firstRun));
      assert.ok(latest.params.phase === 'done');
      assert.deepEqual(
        latest.params.snapshot.report.findings.filter((f) => f.id === 'toolchain-redundant').map((f) => f.location?.file),
        [file],
      );
      assert.deepEqual(await saveAndWait(session, file, plain), []);

      // A module gains a requirement (without go.sum) and a toolchain line: the save re-checked alone gives what a
      // whole run (every cache dropped) gives, in Problems and in the Environment view (the toolchain line's pin).
      const other = ws.goMods[77]!;
      const otherText = readFileSync(other, 'utf8');
      assert.match(otherText, /^go 1\.22$/m);
      session.open(other, 'go.mod');
      const runsBefore = (await session.stats()).runs;
      const saved = session.nextHealth((p) => p.phase === 'done' && p.snapshot.runId > runsBefore);
      assert.deepEqual(await saveAndWait(session, other, `${otherText}\ntoolchain go1.23.0\n\nrequire golang.org/x/text v0.3.0\n`), [
        'gosum-missing',
      ]);
      const incremental = (await saved).params;
      assert.ok(incremental.phase === 'done');
      assert.equal((await session.stats()).incrementalRuns! - after.incrementalRuns!, 2);
      assert.ok(incremental.snapshot.environment.pins?.some((p) => p.file === other && p.value === 'go1.23.0'));
      const whole = session.nextHealth((p) => p.phase === 'done' && p.snapshot.runId > incremental.snapshot.runId);
      await session.connection.sendRequest(RerunRequest, { invalidate: true });
      const rerun = (await whole).params;
      assert.ok(rerun.phase === 'done');
      assert.deepEqual(
        withoutReleaseProvenance(incremental.snapshot.report.findings),
        withoutReleaseProvenance(rerun.snapshot.report.findings),
      );
      assert.deepEqual(incremental.snapshot.environment, rerun.snapshot.environment);
      assert.deepEqual(await saveAndWait(session, other, otherText), []);

      // The go.work's go line lowered below some modules' lines: gowork-go-older on the go.work; raised back, gone.
      const goWork = ws.goWork!;
      const workText = readFileSync(goWork, 'utf8');
      assert.deepEqual(await saveAndWait(session, goWork, workText.replace('go 1.24', 'go 1.22')), ['gowork-go-older']);
      assert.deepEqual(await saveAndWait(session, goWork, workText), []);

      // A used module's go.mod deleted (the watchers say so): the go.work's use line for it is flagged.
      const gone = ws.goMods[200]!;
      const text = readFileSync(gone, 'utf8');
      rmSync(gone);
      const missing = session.nextDiagnostics(goWork);
      void session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToUri(gone), type: 3 }] });
      const list = await missing;
      assert.deepEqual(
        list.map((d) => [d.code, d.range.start.line]),
        [['gowork-module-missing', 3 + 200]],
      );
      writeFileSync(gone, text);
      const back = session.nextDiagnostics(goWork);
      void session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToUri(gone), type: 1 }] });
      assert.deepEqual(await back, []);
    } finally {
      await session.close();
    }
  },
);

/**
 * The language server's work for each of four saves of one go.mod in a workspace of `modules` modules, over LSP,
 * and the stats its first check of the workspace made (`openStats`).
 */
async function workPerSave(modules: number): Promise<Record<string, number>> {
  const ws = writeWorkspace(path.join(sb.root, `count-${modules}`), modules, { goWork: true });
  const session = await startLspSession(ws.root, sb.env({ GOTOOLCHAIN: 'local' }));
  try {
    await session.nextHealth((p) => p.phase === 'done');
    const openStats = (await session.stats()).stats;
    const file = ws.goMods[Math.floor(modules / 2)]!;
    const plain = readFileSync(file, 'utf8');
    const redundant = `${plain}\ntoolchain go1.21.0\n`;
    session.open(file, 'go.mod');
    // One save first: anything built once (indexes over the modules) is built before counting.
    assert.deepEqual(await saveAndWait(session, file, redundant), ['toolchain-redundant']);
    const before = await session.stats();
    for (let i = 0; i < 4; i++) await saveAndWait(session, file, i % 2 ? redundant : plain);
    const after = await session.stats();
    const per = (k: keyof typeof after) => ((after[k] as number) - (before[k] as number)) / 4;
    return {
      runs: per('runs'),
      incrementalRuns: per('incrementalRuns'),
      fileReads: per('fileReads'),
      dirReads: per('dirReads'),
      stats: per('stats'),
      spawns: per('spawns'),
      checksRun: per('checksRun'),
      modulesChecked: per('modulesChecked'),
      openStats,
    };
  } finally {
    await session.close();
  }
}

void test(
  "language server: a save's work (files read, checks run, modules checked) does not grow with the number of modules",
  { skip: noStdioPipes },
  async () => {
    const small = await workPerSave(60);
    const large = await workPerSave(480);
    // Each save is one run that re-checks the saved module alone, reading that one file.
    assert.equal(small.runs, 1);
    assert.equal(small.incrementalRuns, 1);
    assert.equal(small.fileReads, 1);
    assert.ok(small.modulesChecked < 60, `${small.modulesChecked} modules checked per save`);
    // Opening the workspace: each go.mod is signed by the file it opened and each listing by the watchers, so
    // the stats do not grow with the modules (a stat per file and per directory would add over 800 here).
    assert.ok(
      large.openStats! - small.openStats! <= 10,
      `stats opening the workspace: ${small.openStats} at 60 modules, ${large.openStats} at 480`,
    );
    const saves = (w: Record<string, number>) => Object.fromEntries(Object.entries(w).filter(([k]) => k !== 'openStats'));
    assert.deepEqual(saves(large), saves(small));
  },
);
