// What the server logs of a check run: one line per spawn with its arguments, exit status and time, and a summary with the cache's share.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HealthService } from '../../../src/server/service';
import { SpawnCounter, runSummaryLine, spawnLine, withSpawnLog, type LogLevel } from '../../../src/server/runLog';
import { runHealthCheck } from '../../../src/core/engine';
import { ProbeCache } from '../../../src/core/probe/cache';
import { healthy } from '../support/engineScenarios';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings';

void test('spawn lines name the program, its arguments, how it ended and how long it took', () => {
  assert.equal(
    spawnLine('/usr/local/go/bin/go', ['env', '-json', 'GOROOT'], { code: 0, stdout: '', stderr: '', timedOut: false, durationMs: 12.4 }),
    'spawn /usr/local/go/bin/go env -json GOROOT → exit 0 in 12 ms',
  );
  assert.equal(
    spawnLine('/x/go', ['version', 'a b'], { code: null, stdout: '', stderr: '', timedOut: true, durationMs: 10_000 }),
    'spawn /x/go version "a b" → timed out and was killed in 10000 ms',
  );
});

void test('a check run logs every spawn once, a re-run with nothing changed answers from the cache, each with a summary', async () => {
  const machine = healthy('linux');
  const lines: [LogLevel, string][] = [];
  const log = (level: LogLevel, m: string) => lines.push([level, m]);
  const counter = new SpawnCounter();
  const cache = new ProbeCache();
  cache.onHit = () => counter.hits++;
  let spawnsSeen = 0;
  const host = withSpawnLog(
    {
      ...machine.host,
      exec: (file, args, options) => {
        spawnsSeen++;
        return machine.host.exec(file, args, options);
      },
    },
    log,
    counter,
  );
  const summaries: string[] = [];
  const service = new HealthService({
    host,
    runCheck: runHealthCheck,
    cache,
    sendHealth: () => undefined,
    publishDiagnostics: () => undefined,
    runStarted: () => counter.reset(),
    runFinished: (runId, report) => summaries.push(runSummaryLine(runId, report, counter)),
  });
  service.setSettings({ ...DEFAULT_SETTINGS, compareLoginShell: false });
  service.setWorkspaceFolders([machine.host.cwd]);
  await service.rerun(true);
  const spawnLines = lines.filter(([, m]) => m.startsWith('spawn '));
  assert.ok(spawnsSeen > 0);
  assert.equal(spawnLines.length, spawnsSeen, 'one line per spawn');
  assert.ok(
    spawnLines.every(([level, m]) => level === 'info' && / → exit \d+ in \d+ ms$/.test(m)),
    JSON.stringify(spawnLines),
  );
  assert.match(summaries[0]!, new RegExp(`^Check run 1: .+ · ${spawnsSeen} spawns?, 0 answers from the cache$`));
  await service.rerun(false);
  assert.equal(lines.filter(([, m]) => m.startsWith('spawn ')).length, spawnsSeen, 'nothing changed: no new spawn');
  assert.match(summaries[1]!, /^Check run 2: .+ · 0 spawns, [1-9]\d* answers? from the cache$/);
  service.dispose();
});
