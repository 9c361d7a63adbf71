// Network-area checks: GOPROXY off/insecure/invalid, checksum database off, GOINSECURE, GOFLAGS entries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyseGoflags, splitGoflags } from '../../../src/core/data/goflags';
import { analyseGoproxy } from '../../../src/core/checks/network';
import { GOENV_FILE, assertFixIdsUnique, findingsOf, fixOf, healthyFacts, one, quiet, setEnv } from '../support/factsBuilder';

void test('goproxy-off warns and restores the default proxy', () => {
  const f = healthyFacts();
  setEnv(f, 'GOPROXY', 'off', 'goenv-file', 2);
  const x = one(f, 'goproxy-off');
  assert.equal(x.severity, 'warning');
  assert.match(x.detail, /module lookup disabled by GOPROXY=off/);
  assert.deepEqual(x.location, { file: GOENV_FILE, line: 2, column: 1, endColumn: 12 });
  assert.equal(fixOf(x, 'go-env-write').value, 'https://proxy.golang.org,direct');
  quiet(healthyFacts(), 'goproxy-off');
});

void test('goproxy-off from the OS environment is fixed in terminals (go env -w cannot override it)', () => {
  const f = healthyFacts();
  setEnv(f, 'GOPROXY', 'off', 'os');
  const x = one(f, 'goproxy-off');
  assert.equal(
    x.fixes.some((fx) => fx.kind === 'go-env-write'),
    false,
  );
  assert.equal(fixOf(x, 'terminal-env').value, 'https://proxy.golang.org,direct');
  assert.match(fixOf(x, 'instructions').commands![0].text, /export GOPROXY=/);
});

void test('goproxy-insecure flags plain http to a remote host, not to localhost', () => {
  const f = healthyFacts();
  setEnv(f, 'GOPROXY', 'http://goproxy.corp.example,direct', 'os');
  const x = one(f, 'goproxy-insecure');
  assert.equal(x.severity, 'warning');
  assert.deepEqual(x.evidence.insecureEntries, ['http://goproxy.corp.example']);
  assert.equal(fixOf(x, 'terminal-env').value, 'https://goproxy.corp.example,direct');
  setEnv(f, 'GOPROXY', 'http://localhost:3000|http://127.0.0.1:8081,direct', 'os');
  quiet(f, 'goproxy-insecure');
  quiet(healthyFacts(), 'goproxy-insecure');
});

void test('goproxy-invalid fires for entries that are not URLs, direct or off', () => {
  const f = healthyFacts();
  setEnv(f, 'GOPROXY', 'https://proxy.golang.org,dirct', 'goenv-file', 1);
  const x = one(f, 'goproxy-invalid');
  assert.equal(x.severity, 'error');
  assert.deepEqual(x.evidence.invalidEntries, ['dirct']);
  assert.match(x.detail, /invalid proxy URL missing scheme: dirct/);
  assert.equal(fixOf(x, 'go-env-write').value, 'https://proxy.golang.org');
  setEnv(f, 'GOPROXY', 'goproxy.io|direct', 'goenv-file', 1);
  quiet(f, 'goproxy-invalid');
  setEnv(f, 'GOPROXY', 'ftp://mirror.example', 'goenv-file', 1);
  assert.match(one(f, 'goproxy-invalid').detail, /invalid proxy URL scheme \(must be https, http, file\): ftp:\/\/mirror\.example/);
  quiet(healthyFacts(), 'goproxy-invalid');
});

void test('GOPROXY grammar: separators, bare hosts get https, file URLs allowed', () => {
  assert.deepEqual(
    analyseGoproxy('goproxy.cn|https://p.example,file:///srv/mods,direct,off').map((e) => e.kind),
    ['url', 'url', 'url', 'direct', 'off'],
  );
  assert.equal(analyseGoproxy('goproxy.cn')[0].url, 'https://goproxy.cn');
});

void test('gosumdb-off fires for GOSUMDB=off and for GONOSUMDB/GOPRIVATE matching everything', () => {
  const f = healthyFacts();
  setEnv(f, 'GOSUMDB', 'off', 'goenv-file', 3);
  let x = one(f, 'gosumdb-off');
  assert.equal(x.severity, 'warning');
  assert.equal(x.location?.line, 3);
  assert.equal(fixOf(x, 'go-env-write').variable, 'GOSUMDB');
  assert.ok(x.fixes.some((fx) => fx.id === 'use-goprivate'));
  const g = healthyFacts();
  setEnv(g, 'GOPRIVATE', 'git.corp.example,*', 'os');
  x = one(g, 'gosumdb-off');
  assert.ok('GOPRIVATE' in x.evidence);
  assert.equal(fixOf(x, 'terminal-env').variable, 'GOPRIVATE');
  assertFixIdsUnique(x);
  setEnv(g, 'GOPRIVATE', 'git.corp.example,github.com/acme/*', 'os');
  quiet(g, 'gosumdb-off');
  quiet(healthyFacts(), 'gosumdb-off');
});

void test('goinsecure-set warns and offers to unset it', () => {
  const f = healthyFacts();
  setEnv(f, 'GOINSECURE', 'git.corp.example', 'os');
  const x = one(f, 'goinsecure-set');
  assert.equal(x.severity, 'warning');
  assert.equal(fixOf(x, 'terminal-env').op, 'delete');
  quiet(healthyFacts(), 'goinsecure-set');
});

void test('goflags-invalid quotes the non-flag message and offers to remove the entry', () => {
  const f = healthyFacts();
  setEnv(f, 'GOFLAGS', '-tags=integration x', 'goenv-file', 5);
  const x = one(f, 'goflags-invalid');
  assert.equal(x.severity, 'error');
  assert.match(x.detail, /go: parsing \$GOFLAGS: non-flag "x"/);
  assert.deepEqual(x.location, { file: GOENV_FILE, line: 5, column: 1, endColumn: 1 + 'GOFLAGS=-tags=integration x'.length });
  assert.equal(fixOf(x, 'go-env-write').value, '-tags=integration');
  quiet(healthyFacts(), 'goflags-invalid');
});

void test('goflags-invalid catches a bad value for a known flag and suggests the closest one', () => {
  const f = healthyFacts();
  setEnv(f, 'GOFLAGS', '-mod=vender', 'goenv-file', 1);
  const x = one(f, 'goflags-invalid');
  assert.equal(x.evidence.suggestion, '-mod=vendor');
  assert.match(x.detail, /-mod=vender not supported \(can be '', 'mod', 'readonly', or 'vendor'\)/);
  const writes = x.fixes.filter((fx) => fx.kind === 'go-env-write');
  assert.deepEqual(
    writes.map((w) => (w.kind === 'go-env-write' ? w.value : '')),
    ['-mod=vendor', undefined],
  );
  assertFixIdsUnique(x);
  quiet(f, 'goflags-unknown');
});

void test('goflags-unknown fires for a flag no go command has, quoting the go command', () => {
  const f = healthyFacts();
  setEnv(f, 'GOFLAGS', '-trimpath -modd=mod', 'os');
  const x = one(f, 'goflags-unknown');
  assert.equal(x.severity, 'warning');
  assert.match(x.detail, /go: parsing \$GOFLAGS: unknown flag -modd/);
  assert.equal(x.evidence.suggestion, '-mod=mod');
  assert.equal(fixOf(x, 'terminal-env').value, '-trimpath -mod=mod');
  assert.deepEqual(findingsOf(f, 'goflags-invalid'), []);
  quiet(healthyFacts(), 'goflags-unknown');
});

void test('GOFLAGS parsing: quoting, double dashes, booleans, values', () => {
  // Quotes only group a whole entry, as in the go command: a quote inside an entry is literal,
  // which is why GOFLAGS=-ldflags='-s -w' fails with "unknown flag -w'".
  assert.deepEqual(splitGoflags(`-ldflags='-s -w' -trimpath`), [`-ldflags='-s`, `-w'`, '-trimpath']);
  assert.equal(analyseGoflags(`-ldflags='-s -w'`)[1].problem, 'unknown');
  assert.deepEqual(splitGoflags(`'-ldflags=-s -w'   -trimpath`), ['-ldflags=-s -w', '-trimpath']);
  const ok = analyseGoflags('--mod=readonly -race=true -count=1 -timeout=10m -buildvcs=auto -tags=a,b -v');
  assert.deepEqual(
    ok.filter((e) => e.problem),
    [],
  );
  // Messages as go1.26 prints them.
  const bad = analyseGoflags('-race=maybe -count=x -timeout=ten -tags -mod - -buildvcs=maybe');
  assert.deepEqual(
    bad.map((e) => [e.problem, e.message]),
    [
      ['bad-value', 'go: invalid boolean value "maybe" for flag -race (from $GOFLAGS): parse error'],
      ['bad-value', 'go: invalid value "x" for flag -count (from $GOFLAGS): parse error'],
      ['bad-value', 'go: invalid value "ten" for flag -timeout (from $GOFLAGS): parse error'],
      ['missing-value', 'go: flag needs an argument: -tags (from $GOFLAGS)'],
      ['missing-value', 'go: flag needs an argument: -mod (from $GOFLAGS)'],
      ['non-flag', 'go: parsing $GOFLAGS: non-flag "-"'],
      ['bad-value', `go: invalid boolean value "maybe" for flag -buildvcs (from $GOFLAGS): value is neither 'auto' nor a valid bool`],
    ],
  );
});
