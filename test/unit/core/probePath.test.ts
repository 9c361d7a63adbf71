// PATH probing: entry classification, safe executable resolution, go installations and the active go (Linux, Windows, WSL).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gatherFacts } from '../../../src/core/probe';
import { fakeHost, fakeHostWithGo } from '../support/fakeHost';

const opts = { workspaceFolders: [] as string[], timeoutMs: 5000 };

void test('PATH entries are classified: empty, relative, missing, world-writable (sticky or not)', async () => {
  const host = fakeHost({
    env: { PATH: '/usr/local/go/bin::bin:/nope:/tmp:/opt/shared:.', HOME: '/home/dev' },
    dirs: ['/usr/local/go/bin', { path: '/tmp', mode: 0o1777 }, { path: '/opt/shared', mode: 0o777 }],
  });
  const facts = await gatherFacts(host, opts);
  assert.deepEqual(
    facts.path.map((e) => [e.raw, e.kind, e.exists, e.worldWritable]),
    [
      ['/usr/local/go/bin', 'absolute', true, false],
      ['', 'empty', false, false],
      ['bin', 'relative', false, false],
      ['/nope', 'absolute', false, false],
      ['/tmp', 'absolute', true, true],
      ['/opt/shared', 'absolute', true, true],
      ['.', 'relative', false, false],
    ],
  );
});

void test('a go in a relative PATH entry is noted but never executed, and never becomes the active go', async () => {
  const host = fakeHost({ env: { PATH: '.:/usr/local/go/bin', HOME: '/home/dev' }, cwd: '/home/dev/project' });
  const planted = host.installTool('/home/dev/project', 'go', { goVersion: 'go1.0' });
  const real = host.installGo('/usr/local/go', '1.26.8');
  const facts = await gatherFacts(host, opts);
  assert.equal(facts.path[0].hasGo, true);
  assert.equal(facts.activeGo?.path, real);
  assert.deepEqual(
    facts.goInstallations.map((g) => g.path),
    [real],
  );
  assert.equal(host.executed(planted), false);
  assert.ok(
    host.calls.every((c) => c.file === real),
    'only the real go ran',
  );
  assert.ok(
    host.calls.every((c) => !c.args.includes(planted)),
    'the planted go is not even read by go version -m',
  );
});

void test('every go on PATH is found in order with its version, real path and GOROOT; the first is active', async () => {
  const host = fakeHost({ env: { PATH: '/usr/bin:/usr/local/go/bin:/opt/go1.22/bin', HOME: '/home/dev' } });
  const first = host.installGo('/usr/lib/go-1.21', '1.21.5');
  host.symlink('/usr/bin/go', first);
  host.installGo('/usr/local/go', '1.26.8');
  host.installGo('/opt/go1.22', { version: '1.22.1', noRuntime: true });
  const facts = await gatherFacts(host, opts);
  assert.deepEqual(
    facts.goInstallations.map((g) => [g.path, g.realPath, g.goroot, g.goVersion, g.gorootLooksValid, g.pathIndex]),
    [
      ['/usr/bin/go', '/usr/lib/go-1.21/bin/go', '/usr/lib/go-1.21', 'go1.21.5', true, 0],
      ['/usr/local/go/bin/go', '/usr/local/go/bin/go', '/usr/local/go', 'go1.26.8', true, 1],
      ['/opt/go1.22/bin/go', '/opt/go1.22/bin/go', '/opt/go1.22', 'go1.22.1', false, 2],
    ],
  );
  assert.equal(facts.activeGo?.path, '/usr/bin/go');
  // One go version -m for all binaries, one go env: nothing else.
  assert.equal(host.calls.length, 2);
  assert.equal(host.calls.filter((c) => c.args[0] === 'version').length, 1);
});

void test('a non-executable go file is skipped', async () => {
  const host = fakeHost({ env: { PATH: '/a:/usr/local/go/bin', HOME: '/home/dev' }, files: { '/a/go': { content: 'x', mode: 0o644 } } });
  host.installGo('/usr/local/go', '1.26.8');
  const facts = await gatherFacts(host, opts);
  assert.equal(facts.activeGo?.path, '/usr/local/go/bin/go');
});

void test('the configured go wins over PATH; a missing configured go is reported and PATH is used', async () => {
  const host = fakeHost({ env: { PATH: '/usr/local/go/bin', HOME: '/home/dev' } });
  host.installGo('/usr/local/go', '1.26.8');
  const other = host.installGo('/opt/go', '1.25.4');
  const chosen = await gatherFacts(host, { ...opts, configuredGoPath: other });
  assert.equal(chosen.activeGo?.path, other);
  assert.equal(chosen.activeGo?.goVersion, 'go1.25.4');
  assert.equal(chosen.context.configuredGoExists, true);
  assert.equal(chosen.activeGo?.pathIndex, undefined);
  // The go on PATH that is not chosen still shows its release (the Environment view lists it to switch to).
  assert.deepEqual(
    chosen.goInstallations.map((g) => [g.path, g.goVersion]),
    [['/usr/local/go/bin/go', 'go1.26.8']],
  );

  const missing = await gatherFacts(host, { ...opts, configuredGoPath: '/nowhere/go' });
  assert.equal(missing.context.configuredGoExists, false);
  assert.equal(missing.activeGo?.path, '/usr/local/go/bin/go');
  assert.equal(missing.activeGo?.goVersion, 'go1.26.8');
});

void test('no go anywhere: no active go, nothing spawned, go env empty without failure', async () => {
  const host = fakeHost({ env: { PATH: '/usr/bin', HOME: '/home/dev' }, dirs: ['/usr/bin'] });
  const facts = await gatherFacts(host, opts);
  assert.equal(facts.activeGo, undefined);
  assert.equal(facts.goInstallations.length, 0);
  assert.equal(host.calls.length, 0);
  assert.equal(facts.goEnv.failure, undefined);
  assert.equal(facts.dirs.installDir?.path, '/home/dev/go/bin');
});

void test('Windows host: ";" separator, go.exe found case-insensitively, .bat/.cmd never considered', async () => {
  const host = fakeHost({
    platform: 'win32',
    env: {
      Path: 'C:\\Tools;;"C:\\Program Files\\Go\\bin";tools',
      PATHEXT: '.COM;.EXE;.BAT;.CMD',
      USERPROFILE: 'C:\\Users\\dev',
      AppData: 'C:\\Users\\dev\\AppData\\Roaming',
      LocalAppData: 'C:\\Users\\dev\\AppData\\Local',
    },
    files: { 'C:\\Tools\\go.bat': { content: '@echo off\r\necho pwned' }, 'C:\\Tools\\go.cmd': '@echo off' },
  });
  host.installGo('C:\\Program Files\\Go', '1.26.8');
  const facts = await gatherFacts(host, opts);
  assert.deepEqual(
    facts.path.map((e) => e.kind),
    ['absolute', 'empty', 'absolute', 'relative'],
  );
  assert.equal(facts.path[2].raw, '"C:\\Program Files\\Go\\bin"');
  assert.equal(facts.goInstallations.length, 1);
  assert.equal(facts.activeGo?.path, 'C:\\Program Files\\Go\\bin\\go.exe');
  assert.equal(facts.activeGo?.goroot, 'C:\\Program Files\\Go');
  assert.equal(facts.activeGo?.goVersion, 'go1.26.8');
  assert.equal(host.executed('C:\\Tools\\go.bat'), false);
  assert.equal(host.executed('C:\\Tools\\go.cmd'), false);
  assert.equal(facts.env.GOPATH.value, 'C:\\Users\\dev\\go');
  assert.equal(facts.dirs.installDir?.path, 'C:\\Users\\dev\\go\\bin');
  assert.equal(facts.host.userProfile, 'C:\\Users\\dev');
  // The go command got GOTOOLCHAIN=local even though Windows env names are case-insensitive.
  const env = host.calls[0].env!;
  assert.deepEqual(
    Object.keys(env).filter((k) => k.toUpperCase() === 'GOTOOLCHAIN'),
    ['GOTOOLCHAIN'],
  );
});

void test('WSL host: a Windows go.exe appended by interop is listed (windowsExe) but the Linux go stays active', async () => {
  const host = fakeHost({
    isWsl: true,
    env: { PATH: '/mnt/c/Program Files/Go/bin:/usr/local/go/bin', HOME: '/home/dev', WSL_DISTRO_NAME: 'Ubuntu' },
    files: { '/etc/wsl.conf': '[automount]\nroot = /win/\n' },
  });
  host.installTool('/win/c/Program Files/Go/bin', 'go.exe', { goVersion: 'go1.24.0' });
  host.setEnv('PATH', '/win/c/Program Files/Go/bin:/usr/local/go/bin');
  host.installGo('/usr/local/go', '1.26.8');
  const facts = await gatherFacts(host, opts);
  assert.deepEqual(facts.wsl, { automountRoot: '/win/', distro: 'Ubuntu' });
  assert.deepEqual(
    facts.goInstallations.map((g) => [g.path, g.windowsExe ?? false, g.goVersion]),
    [
      ['/win/c/Program Files/Go/bin/go.exe', true, 'go1.24.0'],
      ['/usr/local/go/bin/go', false, 'go1.26.8'],
    ],
  );
  assert.equal(facts.activeGo?.path, '/usr/local/go/bin/go');
});

void test('WSL host without wsl.conf uses /mnt/', async () => {
  const host = fakeHost({ isWsl: true, env: { PATH: '', HOME: '/home/dev' } });
  const facts = await gatherFacts(host, opts);
  assert.deepEqual(facts.wsl, { automountRoot: '/mnt/' });
});

void test('the C compiler is resolved on PATH (never in the cwd)', async () => {
  const host = fakeHost({ env: { PATH: '/usr/local/go/bin:/usr/bin', HOME: '/home/dev' }, cwd: '/home/dev/p' });
  host.installGo('/usr/local/go', '1.26.8');
  host.writeFile('/usr/bin/gcc', { content: 'elf', mode: 0o755 });
  host.writeFile('/home/dev/p/clang', { content: 'elf', mode: 0o755 });
  assert.deepEqual((await gatherFacts(host, opts)).cc, { value: 'gcc', resolvedPath: '/usr/bin/gcc' });
  host.setEnv('CC', 'clang');
  assert.deepEqual((await gatherFacts(host, opts)).cc, { value: 'clang' });
});

void test('fakeHostWithGo gives a ready Linux and Windows host whose go answers like a real one', async () => {
  const linux = await gatherFacts(fakeHostWithGo({ goVersion: '1.24.2' }), opts);
  assert.equal(linux.activeGo?.goVersion, 'go1.24.2');
  assert.equal(linux.goEnv.vars.GOROOT, '/usr/local/go');
  assert.equal(linux.goEnv.vars.GOMODCACHE, '/home/dev/go/pkg/mod');
  assert.equal(linux.env.GOTOOLCHAIN.value, 'auto');
  const win = await gatherFacts(fakeHostWithGo({ platform: 'win32' }), opts);
  assert.equal(win.activeGo?.path, 'C:\\Program Files\\Go\\bin\\go.exe');
  assert.equal(win.goEnv.vars.GOEXE, '.exe');
  assert.equal(win.goEnv.vars.GOCACHE, 'C:\\Users\\dev\\AppData\\Local\\go-build');
  assert.equal(win.goenvFile?.path, 'C:\\Users\\dev\\AppData\\Roaming\\go\\env');
});

/** A machine with several gos, tools, a goX.Y.Z wrapper, a directory named like a tool and /bin linked to /usr/bin. */
function busyMachine(localDisk: boolean | undefined) {
  const host = fakeHost({
    env: { PATH: '/usr/local/go/bin:/home/dev/go/bin:/usr/bin:/bin:/opt/tools', HOME: '/home/dev', GOTOOLCHAIN: 'go1.25.4+path' },
    localDisk,
    symlinks: { '/bin': '/usr/bin' },
    dirs: ['/opt/tools/dlv', '/usr/bin'],
    files: { '/usr/bin/gcc': { content: 'elf', mode: 0o755 }, '/usr/bin/ls': { content: 'elf', mode: 0o755 } },
  });
  host.installGo('/usr/local/go', '1.26.8');
  const old = host.installGo('/usr/lib/go-1.21', '1.21.5');
  host.symlink('/usr/bin/go', old);
  host.installTool('/home/dev/go/bin', 'gopls', {
    goVersion: 'go1.26.8',
    path: 'golang.org/x/tools/gopls',
    mod: { path: 'golang.org/x/tools/gopls', version: 'v0.21.0' },
  });
  host.installTool('/home/dev/go/bin', 'dlv', {
    goVersion: 'go1.22.0',
    path: 'github.com/go-delve/delve/cmd/dlv',
    mod: { path: 'github.com/go-delve/delve', version: 'v1.22.0' },
  });
  host.installTool('/usr/bin', 'staticcheck', { goVersion: 'go1.21.5', path: 'honnef.co/go/tools/cmd/staticcheck' });
  host.installTool('/home/dev/go/bin', 'go1.25.4', { goVersion: 'go1.25.4', path: 'golang.org/dl/go1.25.4' });
  host.installTool('/home/dev/go/bin', 'go1.24.0', { goVersion: 'go1.24.0', path: 'golang.org/dl/go1.24.0' });
  return host;
}

void test('on a local disk PATH directories are looked up by name, not listed, and give the same facts as listings', async () => {
  const listedHost = busyMachine(undefined);
  const lookedUp = busyMachine(true);
  const [byListing, byLookup] = await Promise.all([gatherFacts(listedHost, opts), gatherFacts(lookedUp, opts)]);
  // The release list is read once per run (the second from the cache the first wrote): compared by what it lists.
  const comparable = (f: typeof byListing) => ({ ...f, timingsMs: {}, releases: f.releases?.versions });
  assert.deepEqual(comparable(byLookup), comparable(byListing));
  // The facts are the interesting ones, not empty on both sides.
  assert.deepEqual(
    byLookup.goInstallations.map((g) => g.goVersion),
    ['go1.26.8', 'go1.21.5', 'go1.21.5'],
  );
  assert.deepEqual(
    byLookup.tools.find((t) => t.name === 'dlv')?.pathCopies.map((c) => c.path),
    ['/home/dev/go/bin/dlv'],
  );
  assert.deepEqual(byLookup.pathToolchains, [{ name: 'go1.25.4', path: '/home/dev/go/bin/go1.25.4' }]);
  assert.equal(byLookup.cc?.resolvedPath, '/usr/bin/gcc');
  // Every PATH directory was listed on the share; on the local disk none but the small go-install directory was.
  for (const dir of ['/usr/local/go/bin', '/home/dev/go/bin', '/usr/bin', '/opt/tools']) assert.ok(listedHost.listed.includes(dir), dir);
  assert.deepEqual(
    lookedUp.listed.filter((d) => ['/usr/local/go/bin', '/usr/bin', '/bin', '/opt/tools'].includes(d)),
    [],
  );
  // One go version -m either way, and the directory named dlv is never handed to it (go version would walk it).
  for (const host of [listedHost, lookedUp]) {
    const versionRuns = host.calls.filter((c) => c.args[0] === 'version');
    assert.equal(versionRuns.length, 1);
    assert.ok(!versionRuns[0].args.includes('/opt/tools/dlv'));
  }
});

void test('/bin linked to /usr/bin is looked into once, and both entries still report the go there', async () => {
  const host = busyMachine(true);
  const stats: string[] = [];
  const stat = host.fs.stat.bind(host.fs);
  host.fs.stat = (file) => (stats.push(file), stat(file));
  const facts = await gatherFacts(host, opts);
  assert.deepEqual(
    facts.path.filter((e) => e.raw.endsWith('/bin') && e.raw.length <= 8).map((e) => [e.raw, e.hasGo]),
    [
      ['/usr/bin', true],
      ['/bin', true],
    ],
  );
  assert.equal(stats.filter((f) => f === '/bin/gopls').length, 0, 'the lookups in /usr/bin stand for /bin');
  assert.equal(stats.filter((f) => f === '/usr/bin/gopls').length, 1);
});
