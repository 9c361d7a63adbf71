// Toolchain-area checks: missing, broken and shadowed go, unsafe PATH entries, tools and Delve compatibility.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GO_PATH, HOME, findingsOf, fixOf, healthyFacts, moduleFile, one, quiet, setEnv, windowsFacts } from '../support/factsBuilder';

void test('go-missing fires when no go is on PATH and offers the install found off PATH', () => {
  const f = healthyFacts();
  f.activeGo = undefined;
  f.goInstallations = [];
  f.goCandidates = ['/usr/local/go/bin/go'];
  f.path = f.path.filter((p) => p.raw !== '/usr/local/go/bin');
  const x = one(f, 'go-missing');
  assert.equal(x.severity, 'error');
  assert.deepEqual(x.evidence.installationsNotOnPath, ['/usr/local/go/bin/go']);
  const prepend = fixOf(x, 'terminal-env');
  assert.equal(prepend.op, 'prepend');
  assert.equal(prepend.value, '/usr/local/go/bin');
  // The installation off PATH only needs its directory on PATH: an install would unpack over it.
  assert.ok(!x.fixes.some((fix) => fix.id === 'install-go'));
  f.goCandidates = [];
  const fresh = one(f, 'go-missing');
  const install = fresh.fixes.find((fix) => fix.id === 'install-go');
  assert.ok(
    install?.kind === 'instructions' && install.commands?.some((c) => c.elevated && c.text.includes('go1.27.4.linux-amd64.tar.gz')),
  );
  assert.ok(!JSON.stringify(install).includes('rm -rf'));
  quiet(healthyFacts(), 'go-missing');
});

void test('go-missing names a configured go that does not exist; Windows gets PowerShell instructions', () => {
  const f = windowsFacts();
  f.activeGo = undefined;
  f.goInstallations = [];
  f.context.configuredGoPath = 'D:\\tools\\go\\bin\\go.exe';
  f.context.configuredGoExists = false;
  const x = one(f, 'go-missing');
  assert.equal(x.evidence.configuredGoPath, 'D:\\tools\\go\\bin\\go.exe');
  assert.match(x.detail, /does not exist/);
  assert.equal(fixOf(x, 'instructions').commands?.[0].shell, 'powershell');
});

void test('go-broken fires when go env times out, showing stderr and the binary', () => {
  const f = healthyFacts();
  f.goEnv.failure = { kind: 'timeout', message: 'timed out after 5000 ms', command: `${GO_PATH} env -json GOROOT`, stderr: 'stuck' };
  const x = one(f, 'go-broken');
  assert.equal(x.severity, 'error');
  assert.match(x.detail, /did not answer within the timeout/);
  assert.match(x.detail, /stuck/);
  assert.equal((x.evidence.failure as { kind: string }).kind, 'timeout');
  assert.ok(fixOf(x, 'instructions').commands?.some((c) => c.text.includes(GO_PATH)));
  quiet(healthyFacts(), 'go-broken');
});

void test('go-broken fires when go version cannot read the binary', () => {
  const f = healthyFacts();
  f.activeGo!.goVersion = undefined;
  f.activeGo!.versionError = 'could not read Go build info';
  const x = one(f, 'go-broken');
  assert.equal(x.evidence.versionError, 'could not read Go build info');
});

void test('go-shadowed warns about two versions on PATH and offers to prefer the other', () => {
  const f = healthyFacts();
  f.goInstallations.push({
    path: '/usr/lib/go-1.22/bin/go',
    realPath: '/usr/lib/go-1.22/bin/go',
    pathIndex: 5,
    goVersion: 'go1.22.2',
    goroot: '/usr/lib/go-1.22',
    gorootLooksValid: true,
  });
  const x = one(f, 'go-shadowed');
  assert.equal(x.severity, 'warning');
  assert.equal(x.evidence.winner, GO_PATH);
  assert.equal((x.evidence.installations as unknown[]).length, 2);
  assert.equal(fixOf(x, 'terminal-env').value, '/usr/lib/go-1.22/bin');
  fixOf(x, 'instructions');
  quiet(healthyFacts(), 'go-shadowed');
});

void test('go-shadowed is info when every copy is the same version, and quiet for symlinks to one install', () => {
  const f = healthyFacts();
  f.goInstallations.push({
    path: '/opt/go/bin/go',
    realPath: '/opt/go/bin/go',
    pathIndex: 5,
    goVersion: 'go1.26.8',
    goroot: '/opt/go',
    gorootLooksValid: true,
  });
  assert.equal(one(f, 'go-shadowed').severity, 'info');
  const g = healthyFacts();
  g.goInstallations.unshift({
    path: '/usr/bin/go',
    realPath: GO_PATH,
    pathIndex: 2,
    goVersion: 'go1.26.8',
    goroot: '/usr/local/go',
    gorootLooksValid: true,
  });
  quiet(g, 'go-shadowed');
});

void test('path-unsafe-entry flags a relative and a world-writable entry before go, not after', () => {
  const f = healthyFacts();
  f.path[1] = { index: 1, raw: '.', kind: 'relative', exists: true, worldWritable: false };
  f.path[2] = { index: 2, raw: '/tmp', kind: 'absolute', exists: true, worldWritable: true };
  f.path[5] = { index: 5, raw: '', kind: 'empty', exists: false, worldWritable: false };
  const found = findingsOf(f, 'path-unsafe-entry');
  assert.deepEqual(
    found.map((x) => x.evidence.index),
    [1, 2],
  );
  assert.equal(found[0].severity, 'warning');
  assert.equal(found[0].evidence.kind, 'relative');
  const replace = fixOf(found[0], 'terminal-env');
  assert.equal(replace.op, 'replace');
  // The relative entry goes; the empty one is dropped too since it is just as unsafe.
  assert.equal(replace.value, ['/usr/local/sbin', '/tmp', '/bin', '/usr/local/go/bin'].join(':'));
  fixOf(found[0], 'instructions');
  quiet(healthyFacts(), 'path-unsafe-entry');
});

void test('path-unsafe-entry reports an empty entry as the current directory', () => {
  const f = healthyFacts();
  f.path[0] = { index: 0, raw: '', kind: 'empty', exists: false, worldWritable: false };
  const x = one(f, 'path-unsafe-entry');
  assert.match(x.detail, /current directory/);
});

void test('gobin-not-on-path fires when GOPATH/bin is missing from PATH and offers to prepend it', () => {
  const f = healthyFacts();
  f.path = f.path.filter((p) => p.raw !== `${HOME}/go/bin`);
  const x = one(f, 'gobin-not-on-path');
  assert.equal(x.severity, 'warning');
  assert.equal(x.evidence.installDir, `${HOME}/go/bin`);
  const fix = fixOf(x, 'terminal-env');
  assert.equal(fix.op, 'prepend');
  assert.equal(fix.value, `${HOME}/go/bin`);
  assert.match(fixOf(x, 'instructions').commands![0].text, /export PATH=/);
  quiet(healthyFacts(), 'gobin-not-on-path');
});

void test('gobin-not-on-path compares normalised paths (trailing slash; case and slashes on Windows)', () => {
  const f = healthyFacts();
  f.path[5].raw = `${HOME}/go/bin/`;
  quiet(f, 'gobin-not-on-path');
  const w = windowsFacts();
  w.dirs.installDir = { path: 'c:/users/DEV/go/bin', exists: true, writable: true };
  quiet(w, 'gobin-not-on-path');
  w.path = w.path.slice(0, 2);
  const x = one(w, 'gobin-not-on-path');
  assert.match(fixOf(x, 'instructions').commands![0].text, /SetEnvironmentVariable\('Path'/);
});

void test('tool-shadowed fires when an older gopls earlier on PATH hides the go install copy', () => {
  const f = healthyFacts();
  const gopls = f.tools.find((t) => t.name === 'gopls')!;
  gopls.pathCopies.unshift({
    path: '/usr/bin/gopls',
    realPath: '/usr/bin/gopls',
    pathIndex: 2,
    goVersion: 'go1.21.0',
    moduleVersion: 'v0.14.2',
  });
  const x = one(f, 'tool-shadowed');
  assert.equal(x.severity, 'warning');
  assert.equal((x.evidence.running as { path: string }).path, '/usr/bin/gopls');
  assert.equal(fixOf(x, 'terminal-env').value, `${HOME}/go/bin`);
  quiet(healthyFacts(), 'tool-shadowed');
});

void test('tool-missing is info for gopls and offers go install', () => {
  const f = healthyFacts();
  f.tools = f.tools.filter((t) => t.name !== 'gopls');
  const x = one(f, 'tool-missing');
  assert.equal(x.severity, 'info');
  assert.equal(x.evidence.tool, 'gopls');
  const run = fixOf(x, 'run-command');
  assert.equal(run.command, GO_PATH);
  // gopls v0.24.0 needs go 1.27.0: the newest that the active go builds, so GOTOOLCHAIN=local works too.
  assert.deepEqual(run.args, ['install', 'golang.org/x/tools/gopls@v0.23.0']);
  assert.match(x.detail, /go install golang\.org\/x\/tools\/gopls@v0\.23\.0/);
  quiet(healthyFacts(), 'tool-missing');
});

void test('tool-missing asks for @latest once the active go builds the newest release, and the newest it builds before that', () => {
  const gopls = (goVersion: string): string[] => {
    const f = healthyFacts();
    f.activeGo!.goVersion = goVersion;
    f.tools = f.tools.filter((t) => t.name !== 'gopls');
    return fixOf(one(f, 'tool-missing'), 'run-command').args;
  };
  assert.deepEqual(gopls('go1.27.3'), ['install', 'golang.org/x/tools/gopls@latest']);
  assert.deepEqual(gopls('go1.25.4'), ['install', 'golang.org/x/tools/gopls@v0.21.1']);
  assert.deepEqual(gopls('go1.26rc1'), ['install', 'golang.org/x/tools/gopls@v0.21.1']);
});

void test('tool-missing is a warning for dlv when debugging is set up', () => {
  const f = healthyFacts();
  f.tools = f.tools.filter((t) => t.name !== 'dlv');
  assert.equal(one(f, 'tool-missing').severity, 'info');
  f.context.debuggingSetUp = true;
  const x = one(f, 'tool-missing');
  assert.equal(x.severity, 'warning');
  assert.deepEqual(fixOf(x, 'run-command').args, ['install', 'github.com/go-delve/delve/cmd/dlv@latest']);
});

void test('tool-stale fires when gopls was built with a Go older than a module needs', () => {
  const f = healthyFacts();
  const gopls = f.tools.find((t) => t.name === 'gopls')!;
  gopls.pathCopies[0].goVersion = 'go1.21.5';
  const x = one(f, 'tool-stale');
  assert.equal(x.severity, 'warning');
  assert.equal(x.evidence.builtWith, 'go1.21.5');
  assert.equal(x.evidence.requiredGo, '1.22');
  const run = fixOf(x, 'run-command');
  assert.deepEqual(run.args, ['install', 'golang.org/x/tools/gopls@v0.23.0']);
  assert.equal(run.env, undefined);
  quiet(healthyFacts(), 'tool-stale');
});

void test('tool-stale asks for the needed toolchain when the active go is older than the module', () => {
  const f = healthyFacts();
  f.modules = [moduleFile(undefined, '1.27.1')];
  const found = findingsOf(f, 'tool-stale');
  assert.equal(found.length, 2);
  // The newest patch of the minor the module needs, not the line's own 1.27.1.
  assert.deepEqual(fixOf(found[0], 'run-command').env, { GOTOOLCHAIN: 'go1.27.4+auto' });
  // Built by go1.27.4, the newest gopls builds.
  assert.deepEqual(fixOf(found[0], 'run-command').args, ['install', 'golang.org/x/tools/gopls@latest']);
});

void test('tool-stale compares language versions: a go1.22.1 tool serves a go 1.22.7 module', () => {
  const f = healthyFacts();
  f.modules = [moduleFile(undefined, '1.22.7')];
  f.tools.forEach((t) => (t.pathCopies[0].goVersion = 'go1.22.1'));
  quiet(f, 'tool-stale');
});

void test('dlv-go-incompatible fires when Delve is too old for the active Go', () => {
  const f = healthyFacts();
  f.tools.find((t) => t.name === 'dlv')!.pathCopies[0].moduleVersion = 'v1.23.1';
  const x = one(f, 'dlv-go-incompatible');
  assert.equal(x.severity, 'warning');
  assert.equal(x.evidence.supportedGo, '1.21-1.23');
  assert.equal(x.evidence.verdict, 'go-too-new');
  assert.match(x.detail, /Version of Delve is too old/);
  assert.deepEqual(fixOf(x, 'run-command').args, ['install', 'github.com/go-delve/delve/cmd/dlv@latest']);
  quiet(healthyFacts(), 'dlv-go-incompatible');
});

void test('dlv-go-incompatible suggests an older Delve for a Go it no longer supports', () => {
  const f = healthyFacts();
  f.activeGo!.goVersion = 'go1.19.13';
  const x = one(f, 'dlv-go-incompatible');
  assert.equal(x.evidence.verdict, 'go-too-old');
  assert.deepEqual(fixOf(x, 'run-command').args, ['install', 'github.com/go-delve/delve/cmd/dlv@v1.21']);
  fixOf(x, 'instructions');
});

void test('dlv-go-incompatible stays quiet for development builds of Delve', () => {
  const f = healthyFacts();
  f.tools.find((t) => t.name === 'dlv')!.pathCopies[0].moduleVersion = '(devel)';
  quiet(f, 'dlv-go-incompatible');
});

void test('go-outdated is info two minors behind the newest known release, quiet one behind', () => {
  const f = healthyFacts();
  f.activeGo!.goVersion = 'go1.25.4';
  const x = one(f, 'go-outdated');
  assert.equal(x.severity, 'info');
  assert.equal(x.evidence.newest, '1.27.4');
  fixOf(x, 'instructions');
  quiet(healthyFacts(), 'go-outdated');
});

void test('go-broken is for a binary that cannot run; a go that runs but refuses a value is go-env-refused or the value own check', () => {
  const refused = (stderr: string, variable: string, value: string) => {
    const f = healthyFacts();
    setEnv(f, variable, value, 'os');
    f.goEnv = { vars: {}, failure: { kind: 'exit', message: stderr, command: 'go env -json', stderr, exitCode: 1 } };
    return f;
  };
  const f = refused('go: unknown environment setting GO111MODULE=bogus\n', 'GO111MODULE', 'bogus');
  quiet(f, 'go-broken');
  const x = one(f, 'go-env-refused');
  assert.equal(x.title, 'The go command refuses GO111MODULE=bogus');
  assert.ok(!JSON.stringify(x.fixes).match(/reinstall|rm -rf/i));
  assert.deepEqual(
    x.fixes.map((fx) => fx.id),
    ['unset-go111module-terminal', 'unset-go111module-profile'],
  );
  // GOROOT and GOPATH are their own checks' to report.
  const root = refused('go: cannot find GOROOT directory: /nonexistent\n', 'GOROOT', '/nonexistent');
  quiet(root, 'go-broken');
  quiet(root, 'go-env-refused');
  // A binary whose version cannot be read either is broken.
  const broken = refused('go: cannot find GOROOT directory: /usr/local/go\n', 'GO111MODULE', 'on');
  broken.activeGo!.goVersion = undefined;
  broken.activeGo!.versionError = 'exit status 2';
  one(broken, 'go-broken');
});
