// The list of Go releases through a real GOPROXY: a loopback HTTP proxy, a file:// proxy, one that hangs and one that answers garbage.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { checkJson, REAL_GO, runCli, Sandbox } from './cliHarness';

const sb = new Sandbox();
const realVersion = execFileSync(REAL_GO, ['env', 'GOVERSION'], { env: { ...process.env, GOTOOLCHAIN: 'local' } })
  .toString()
  .trim()
  .replace(/^go/, '');
const [major, minor, patch] = realVersion.split('.').map(Number);
const next = `${major}.${minor}.${patch + 1}`;
const platform = `${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch === 'x64' ? 'amd64' : process.arch}`;
/** What the proxies serve: the real go's release and the patch after it, so go-patch-behind has one release to name. */
const LIST = [realVersion, next].map((v) => `v0.0.1-go${v}.${platform}\n`).join('');

type Mode = 'ok' | 'hang' | 'garbage';
let mode: Mode = 'ok';
let requests = 0;
let server: Server;
let proxyUrl = '';

before(async () => {
  server = createServer((req, res) => {
    requests++;
    if (req.url !== '/golang.org/toolchain/@v/list') return void res.writeHead(404).end('not found');
    if (mode === 'hang') return; // never answers
    if (mode === 'garbage') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login required</html>');
    res.writeHead(200, { 'content-type': 'text/plain' }).end(LIST);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  proxyUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
  sb.cleanup();
});

const mod = sb.module('rel', 'module example.com/rel\n\ngo 1.22\n');

function envWith(cacheHome: string, goproxy: string) {
  return sb.env({ GOPROXY: goproxy, XDG_CACHE_HOME: path.join(sb.root, cacheHome), GOHEALTH_CODE_CACHE: 'off' });
}

void test('a loopback proxy: its list is cached for the next check, which asks nobody and names the patch the go misses', async () => {
  mode = 'ok';
  const env = envWith('cache-ok', proxyUrl);
  await checkJson(sb, mod, env);
  const cacheFile = path.join(sb.root, 'cache-ok', 'gohealth', 'go-releases.json');
  assert.ok(existsSync(cacheFile), 'the list is cached in the user cache directory');
  assert.ok(readFileSync(cacheFile, 'utf8').includes(next));
  const before = requests;
  const { report } = await checkJson(sb, mod, env);
  const r = (report as unknown as { releases: { source: string; origin: string } }).releases;
  assert.equal(r.source, 'cache');
  assert.equal(r.origin, proxyUrl);
  assert.equal(requests, before, 'a fresh cache asks the proxy nothing');
  const behind = report.findings.find((f) => f.id === 'go-patch-behind');
  assert.ok(behind, 'go-patch-behind from the served list');
  assert.deepEqual(behind.evidence.missed, [next]);
});

void test('a file:// proxy is read as the go command reads it', async () => {
  sb.write({ 'fileproxy/golang.org/toolchain/@v/list': LIST });
  const env = envWith('cache-file', `file://${path.join(sb.root, 'fileproxy')}`);
  await checkJson(sb, mod, env);
  const { report } = await checkJson(sb, mod, env);
  const r = (report as unknown as { releases: { source: string } }).releases;
  assert.ok(['proxy', 'cache'].includes(r.source), r.source);
  assert.ok(report.findings.some((f) => f.id === 'go-patch-behind'));
});

void test('a proxy that hangs: the check finishes with the built-in table and says so once', async () => {
  mode = 'hang';
  const { run, report } = await checkJson(sb, mod, envWith('cache-hang', proxyUrl));
  assert.notEqual(run.code, 2, run.stderr);
  const r = (report as unknown as { releases: { source: string; fallbackReason: string } }).releases;
  assert.equal(r.source, 'builtin');
  assert.match(r.fallbackReason, /had not answered yet|no answer/);
  const text = await runCli(['check', '--cwd', mod], { env: envWith('cache-hang', proxyUrl), cwd: sb.root });
  assert.equal(text.stdout.split('Go releases judged with the built-in list').length - 1, 1, text.stdout);
});

void test('a proxy answering garbage: the built-in table, the reason in the report, and no finding blames the proxy list', async () => {
  mode = 'garbage';
  const env = envWith('cache-garbage', proxyUrl);
  await checkJson(sb, mod, env);
  const { report } = await checkJson(sb, mod, env);
  const r = (report as unknown as { releases: { source: string; fallbackReason: string } }).releases;
  assert.equal(r.source, 'builtin');
  assert.match(r.fallbackReason, /not a list of toolchain versions/);
  mode = 'ok';
});

void test('go 1.99.0 is toolchain-unavailable at its line, with the go command message, under local and auto alike', async () => {
  mode = 'ok';
  const dir = sb.module('future', 'module example.com/future\n\ngo 1.99.0\n');
  for (const gotoolchain of ['local', 'auto']) {
    const env = { ...envWith(`cache-future-${gotoolchain}`, proxyUrl), GOTOOLCHAIN: gotoolchain };
    const { report } = await checkJson(sb, dir, env);
    const ids = report.findings.map((f) => f.id);
    assert.ok(!ids.includes('gomod-go-newer') && !ids.includes('toolchain-switch'), ids.join(', '));
    const f = report.findings.find((x) => x.id === 'toolchain-unavailable');
    assert.ok(f, ids.join(', '));
    assert.equal(f.location?.line, 3);
    assert.match(f.detail, /toolchain not available/);
  }
});
