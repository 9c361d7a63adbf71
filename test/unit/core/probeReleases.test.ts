// The release-list probe: GOPROXY walked as the go command walks it, the day-long cache, and every bad answer falling back at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  matchesPrefixPatterns,
  proxySteps,
  releaseCacheFile,
  startReleaseProbe,
  type ProxySettings,
} from '../../../src/core/probe/releases';
import {
  latestPatch,
  missedPatches,
  newestRelease,
  parseToolchainList,
  releaseFor,
  toolchainVerdict,
  builtinReleases,
} from '../../../src/core/releases';
import type { HttpGetResult } from '../../../src/core/host';
import { fakeHost, type FakeHost } from '../support/fakeHost';
import { toolchainListBody, WORLD_VERSIONS } from '../support/releaseWorld';

const LIST = 'golang.org/toolchain/@v/list';
const settings = (goproxy: string, gonoproxy = ''): Promise<ProxySettings> => Promise.resolve({ goproxy, gonoproxy });

function host(http: (url: string) => HttpGetResult | Promise<HttpGetResult>, extra: Parameters<typeof fakeHost>[0] = {}): FakeHost {
  return fakeHost({ dirs: ['/home/dev'], ...extra, http });
}

const ok = (): HttpGetResult => ({ status: 200, body: toolchainListBody() });

void test('the go command reads each list line as v0.0.1-go<version>.<goos>-<goarch>; garbage is no list at all', () => {
  const parsed = parseToolchainList('v0.0.1-go1.26.8.linux-amd64\nv0.0.1-go1.26.8.darwin-arm64\nv0.0.1-go1.27rc1.linux-amd64\n\n');
  assert.deepEqual(parsed, { '1.26.8': ['linux-amd64', 'darwin-arm64'], '1.27rc1': ['linux-amd64'] });
  assert.equal(parseToolchainList('<html>502 Bad Gateway</html>'), undefined);
  assert.equal(parseToolchainList(''), undefined);
});

void test('GOPROXY steps: comma and pipe, off and direct end the list, bare hosts get https, GONOPROXY can send the toolchain direct', () => {
  assert.deepEqual(proxySteps({ goproxy: 'https://a.example,b.example|direct', gonoproxy: '' }), {
    steps: [
      { kind: 'url', url: 'https://a.example', fallBackOnError: false },
      { kind: 'url', url: 'https://b.example', fallBackOnError: true },
      { kind: 'direct' },
    ],
  });
  assert.deepEqual(proxySteps({ goproxy: 'off,https://a.example', gonoproxy: '' }), { steps: [{ kind: 'off' }] });
  assert.deepEqual(proxySteps({ goproxy: 'https://a.example', gonoproxy: 'golang.org' }), { steps: [{ kind: 'noproxy' }] });
  assert.ok('steps' in proxySteps({ goproxy: 'https://a.example', gonoproxy: 'github.com/corp' }));
  assert.ok('error' in proxySteps({ goproxy: 'ftp://mirror.example', gonoproxy: '' }));
  assert.ok(matchesPrefixPatterns('*.corp.example,golang.org/*', 'golang.org/toolchain'));
  assert.ok(matchesPrefixPatterns('*', 'golang.org/toolchain'));
  assert.ok(!matchesPrefixPatterns('golang.org/x', 'golang.org/toolchain'));
});

void test('a fresh answer from the proxy is used at once, and cached in the user cache directory for the next check', async () => {
  const h = host(ok);
  const probe = startReleaseProbe(h, settings('https://proxy.golang.org,direct'), { timeoutMs: 10_000 });
  const r = await probe.settle();
  assert.equal(r.source, 'proxy');
  assert.equal(r.origin, 'https://proxy.golang.org');
  assert.equal(r.fallbackReason, undefined);
  await probe.background;
  const file = releaseCacheFile(h)!;
  assert.equal(file, '/home/dev/.cache/gohealth/go-releases.json');
  const written = await h.fs.readFile(file, 1024 * 1024);
  assert.ok(written && 'text' in written && written.text.includes('"1.26.8"'));
  // The next check reads the cache and asks nobody.
  h.httpCalls.length = 0;
  const again = await startReleaseProbe(h, settings('https://proxy.golang.org,direct'), { timeoutMs: 10_000 }).settle();
  assert.equal(again.source, 'cache');
  assert.deepEqual(h.httpCalls, []);
  // Another GOPROXY is another list.
  await startReleaseProbe(h, settings('https://mirror.example'), { timeoutMs: 10_000 }).settle();
  assert.deepEqual(h.httpCalls, [`https://mirror.example/${LIST}`]);
});

void test('a comma falls through only on 404/410, a pipe on any error, as the go command does', async () => {
  const answers: Record<string, HttpGetResult> = {
    [`https://gone.example/${LIST}`]: { status: 404, body: 'not found' },
    [`https://broken.example/${LIST}`]: { status: 500, body: 'oops' },
    [`https://good.example/${LIST}`]: ok(),
  };
  const answer = (url: string) => answers[url] ?? { error: 'refused' };
  const h = host(answer);
  const comma404 = await startReleaseProbe(h, settings('https://gone.example,https://good.example'), { timeoutMs: 1000 }).settle();
  assert.equal(comma404.origin, 'https://good.example');
  const comma500 = await startReleaseProbe(host(answer), settings('https://broken.example,https://good.example'), {
    timeoutMs: 1000,
  }).settle();
  assert.equal(comma500.source, 'builtin');
  assert.match(comma500.fallbackReason!, /HTTP 500/);
  const pipe500 = await startReleaseProbe(host(answer), settings('https://broken.example|https://good.example'), {
    timeoutMs: 1000,
  }).settle();
  assert.equal(pipe500.origin, 'https://good.example');
});

void test('GOPROXY=off and direct ask nobody and say why; a file:// proxy is read from disk', async () => {
  const h = host(() => {
    throw new Error('no request may be made');
  });
  const off = await startReleaseProbe(h, settings('off'), { timeoutMs: 1000 }).settle();
  assert.equal(off.source, 'builtin');
  assert.match(off.fallbackReason!, /GOPROXY=off/);
  const direct = await startReleaseProbe(h, settings('direct'), { timeoutMs: 1000 }).settle();
  assert.match(direct.fallbackReason!, /direct/);
  const priv = await startReleaseProbe(h, settings('https://proxy.golang.org', '*'), { timeoutMs: 1000 }).settle();
  assert.match(priv.fallbackReason!, /GONOPROXY\/GOPRIVATE/);
  h.writeFile(`/srv/proxy/${LIST}`, toolchainListBody(['1.26.8', '1.26.9']));
  const file = await startReleaseProbe(h, settings('file:///srv/proxy'), { timeoutMs: 1000 }).settle();
  assert.equal(file.source, 'proxy');
  assert.deepEqual(Object.keys(file.versions).sort(), ['1.26.8', '1.26.9']);
});

void test('a proxy that hangs does not hold the check: the built-in table now, the answer cached when it comes', async () => {
  let release!: (r: HttpGetResult) => void;
  const h = host(() => new Promise((r) => (release = r)));
  const probe = startReleaseProbe(h, settings('https://proxy.golang.org,direct'), { timeoutMs: 10_000 });
  const r = await probe.settle();
  assert.equal(r.source, 'builtin');
  assert.match(r.fallbackReason!, /had not answered yet/);
  release(ok());
  await probe.background;
  const next = await startReleaseProbe(h, settings('https://proxy.golang.org,direct'), { timeoutMs: 10_000 }).settle();
  assert.equal(next.source, 'cache');
});

void test('garbage, a corrupt cache and an unwritable cache directory: the built-in table, said once, nothing thrown', async () => {
  const garbage = host(() => ({ status: 200, body: '<html>captive portal</html>' }));
  garbage.writeFile('/home/dev/.cache/gohealth/go-releases.json', '{"schema":1,"goproxy":');
  const probe = startReleaseProbe(garbage, settings('https://proxy.golang.org'), { timeoutMs: 1000 });
  const r = await probe.settle();
  assert.equal(r.source, 'builtin');
  assert.match(r.fallbackReason!, /not a list of toolchain versions/);
  assert.match(r.fallbackReason!, /could not be read/);
  await probe.background;
  // The failure is remembered: the proxy is left alone for an hour.
  garbage.httpCalls.length = 0;
  const later = await startReleaseProbe(garbage, settings('https://proxy.golang.org'), { timeoutMs: 1000 }).settle();
  assert.deepEqual(garbage.httpCalls, []);
  assert.match(later.fallbackReason!, /failed .* ago/);

  const locked = fakeHost({ dirs: [{ path: '/home/dev', writable: false }], http: ok });
  const fromLocked = await startReleaseProbe(locked, settings('https://proxy.golang.org'), { timeoutMs: 1000 }).settle();
  assert.equal(fromLocked.source, 'proxy', 'a fast answer is still used');
  const slow = fakeHost({ dirs: [{ path: '/home/dev', writable: false }], http: () => new Promise(() => undefined) });
  const fromSlow = await startReleaseProbe(slow, settings('https://proxy.golang.org'), { timeoutMs: 1000 }).settle();
  assert.match(fromSlow.fallbackReason!, /cannot be written/);
});

void test('questions asked of the list: newest, latest patch of a minor, missed patches, the release to install, existence', () => {
  const now = Date.parse('2026-12-01T00:00:00Z');
  const world = {
    source: 'proxy' as const,
    asOfMs: now,
    nowMs: now,
    versions: Object.fromEntries(WORLD_VERSIONS.map((v) => [v, ['linux-amd64']])),
  };
  assert.equal(newestRelease(world), '1.27.4');
  assert.equal(latestPatch(world, '1.25'), '1.25.14');
  assert.deepEqual(missedPatches(world, 'go1.25.12'), ['1.25.13', '1.25.14']);
  assert.equal(releaseFor(world, 'go1.27.0'), '1.27.4');
  assert.equal(releaseFor(world, '1.26.12'), '1.27.4');
  assert.deepEqual(toolchainVerdict(world, '1.26.8', 'linux-amd64'), { kind: 'exists' });
  assert.equal(toolchainVerdict(world, '1.26.8', 'windows-arm64').kind, 'other-platforms');
  assert.equal(toolchainVerdict(world, '1.99.0', 'linux-amd64').kind, 'missing');
  assert.equal(toolchainVerdict(world, '1.27', 'linux-amd64').kind, 'language-version');
  // The built-in table claims a release missing only where that cannot have changed since it was made.
  const table = builtinReleases(now);
  assert.equal(toolchainVerdict(table, '1.99.0').kind, 'missing');
  assert.equal(toolchainVerdict(table, '1.24.99').kind, 'missing', 'Go 1.24 gets no more patches');
  assert.equal(toolchainVerdict(table, '1.27.9').kind, 'unknown', 'Go 1.27 may have had more patches since');
  assert.equal(toolchainVerdict(table, '1.28.0').kind, 'unknown');
});
