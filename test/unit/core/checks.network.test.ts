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
  // A value left as a word of its own: the whole entry quoted first, then the word removed.
  const writes = x.fixes.filter((fx) => fx.kind === 'go-env-write').map((fx) => fx.value);
  assert.deepEqual(writes, ["'-tags=integration x'", '-tags=integration']);
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
  // Not ignored: every go command but go env and go bug stops.
  assert.equal(x.severity, 'error');
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
  // Quoted from its middle: one mistake, with the whole entry quoted as the way to write it.
  const mid = analyseGoflags(`-ldflags='-s -w'`);
  assert.equal(mid[0].problem, 'misquoted');
  assert.equal(mid[0].suggestion, `'-ldflags=-s -w'`);
  assert.equal(mid[1].partOf, 0);
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

void test('GOFLAGS -gcflags=\'all=-N -l\' is one misquoted entry, fixed by quoting it whole, never "Did you mean -go?"', () => {
  const f = healthyFacts();
  setEnv(f, 'GOFLAGS', `-gcflags='all=-N -l'`, 'goenv-file', 1);
  const x = one(f, 'goflags-invalid');
  quiet(f, 'goflags-unknown');
  assert.equal(x.title, `GOFLAGS entry -gcflags='all=-N -l' is quoted from its middle`);
  assert.match(x.detail, /unknown flag -l'/);
  assert.doesNotMatch(x.detail, /Did you mean/);
  const write = fixOf(x, 'go-env-write');
  assert.equal(write.value, `'-gcflags=all=-N -l'`);
  // The value offered is one the go command reads as intended.
  assert.deepEqual(splitGoflags(write.value!), ['-gcflags=all=-N -l']);
  assert.ok(analyseGoflags(write.value!).every((e) => !e.problem));
});

void test('GOFLAGS: an unterminated quote, the table checked against go1.26, and Windows wording', () => {
  assert.equal(analyseGoflags(`-trimpath '-tags=a`)[0].problem, 'unterminated');
  for (const ok of ['-u', '-u=patch', '-versions', '-dropignore=x', '-modcacherw', '-json']) assert.ok(!analyseGoflags(ok)[0].problem, ok);
  for (const gone of ['-l', '-s', '-all', '-cmd', '-src', '-http=:6060', '-sync', '-debug-deprecated-importcfg'])
    assert.equal(analyseGoflags(gone)[0].problem, 'unknown', gone);
  assert.match(analyseGoflags('-count=x', { windows: true })[0].message!, /\(from %GOFLAGS%\)/);
});
