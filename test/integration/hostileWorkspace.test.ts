// The CLI against hostile environments and workspaces: what a repository or a broken machine controls never stalls a check, leaks a file, or reaches the terminal raw.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { REAL_GO, Sandbox, checkJson, type JsonFinding } from './cliHarness';

const sb = new Sandbox();
after(() => sb.cleanup());

function find(findings: JsonFinding[], id: string): JsonFinding {
  const f = findings.find((x) => x.id === id);
  assert.ok(f, `expected a ${id} finding, got ${findings.map((x) => x.id).join(', ') || 'none'}`);
  return f;
}

void test('a go whose child keeps stdout open answers within the timeout and is not reported broken', async () => {
  const go = sb.script('holder/bin/go', `sleep 30 &\nexec ${REAL_GO} "$@"`);
  const env = sb.env();
  env.PATH = `${path.dirname(go)}:${env.PATH}`;
  const ws = sb.module('holder-ws', 'module example.com/holder\n\ngo 1.22\n');
  const { report, ids } = await checkJson(sb, ws, env, ['--timeout-ms', '3000']);
  assert.ok(!ids.includes('go-broken'), `go-broken: ${JSON.stringify(report.findings.find((f) => f.id === 'go-broken'))}`);
  assert.match(report.toolchains.find((t) => t.active)?.version ?? '', /^go1\./);
});

void test('a go that prints 100 MB before failing gives a go-broken finding of a few kilobytes', async () => {
  const go = sb.script('loud/bin/go', 'head -c 100000000 /dev/zero | tr "\\0" x >&2\nexit 1');
  const env = sb.env();
  env.PATH = `${path.dirname(go)}:${env.PATH}`;
  const ws = sb.module('loud-ws', 'module example.com/loud\n\ngo 1.22\n');
  const { run, report } = await checkJson(sb, ws, env, ['--timeout-ms', '20000']);
  const f = find(report.findings, 'go-broken');
  assert.ok(JSON.stringify(f).length < 16 * 1024, `the finding is ${JSON.stringify(f).length} bytes`);
  assert.ok(run.stdout.length < 256 * 1024, `the whole report is ${run.stdout.length} bytes`);
});
