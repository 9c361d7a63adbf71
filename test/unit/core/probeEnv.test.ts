// go env probing: value sources in the go command's precedence, env files, failures of a broken go, tools, dirs and dist list.
import { test } from 'node:test';
import { GO_TOOLS } from '../../../src/core/data/tools';
import assert from 'node:assert/strict';
import { gatherFacts } from '../../../src/core/probe';
import { parseEnvFile } from '../../../src/core/probe/goEnv';
import { parseVersionM } from '../../../src/core/probe/versionM';
import { fakeHost } from '../support/fakeHost';

const opts = { workspaceFolders: [] as string[], timeoutMs: 5000 };

function linuxGo(env: Record<string, string> = {}) {
  const host = fakeHost({ env: { PATH: '/usr/local/go/bin', HOME: '/home/dev', ...env } });
  host.installGo('/usr/local/go', '1.26.8');
  return host;
}

void test('sources: OS env beats the go env file, which beats $GOROOT/go.env, which beats the default', async () => {
  const host = linuxGo({ GOPROXY: 'https://corp.example/proxy', GOFLAGS: '' });
  host.writeFile('/home/dev/.config/go/env', 'GOPROXY=https://file.example\nGOSUMDB=off\nGOFLAGS=-mod=mod\n');
  const facts = await gatherFacts(host, opts);
  assert.deepEqual(facts.env.GOPROXY, {
    name: 'GOPROXY',
    value: 'https://corp.example/proxy',
    source: 'os',
    osValue: 'https://corp.example/proxy',
    fileValue: 'https://file.example',
    gorootFileValue: 'https://proxy.golang.org,direct',
  });
  assert.equal(facts.env.GOSUMDB.source, 'goenv-file');
  assert.equal(facts.env.GOSUMDB.value, 'off');
  // An empty OS value does not count: the file's value is used, as the go command does.
  assert.equal(facts.env.GOFLAGS.source, 'goenv-file');
  assert.equal(facts.env.GOFLAGS.value, '-mod=mod');
  assert.equal(facts.env.GOPATH.source, 'default');
  assert.equal(facts.env.GOPATH.value, '/home/dev/go');
  assert.equal(facts.goenvFile?.path, '/home/dev/.config/go/env');
  assert.deepEqual(facts.goenvFile?.lines, { GOPROXY: 1, GOSUMDB: 2, GOFLAGS: 3 });
  assert.equal(facts.gorootEnvFile?.path, '/usr/local/go/go.env');
  assert.equal(facts.gorootEnvFile?.lines.GOTOOLCHAIN, 6);
});

void test('GOTOOLCHAIN comes from the sources, not from the probe run (which forces local)', async () => {
  const host = linuxGo();
  let facts = await gatherFacts(host, opts);
  assert.deepEqual([facts.env.GOTOOLCHAIN.value, facts.env.GOTOOLCHAIN.source], ['auto', 'goroot-go.env']);
  assert.equal(facts.goEnv.vars.GOTOOLCHAIN, undefined);
  assert.equal(host.calls[0].env?.GOTOOLCHAIN, 'local');

  host.writeFile('/home/dev/.config/go/env', 'GOTOOLCHAIN=go1.25.0+auto\n');
  facts = await gatherFacts(host, opts);
  assert.deepEqual([facts.env.GOTOOLCHAIN.value, facts.env.GOTOOLCHAIN.source], ['go1.25.0+auto', 'goenv-file']);

  host.setEnv('GOTOOLCHAIN', 'path');
  facts = await gatherFacts(host, opts);
  assert.deepEqual([facts.env.GOTOOLCHAIN.value, facts.env.GOTOOLCHAIN.source], ['path', 'os']);
});

void test('GOTOOLCHAIN set nowhere (a go.env without it) behaves as local', async () => {
  const host = fakeHost({ env: { PATH: '/usr/local/go/bin', HOME: '/home/dev' } });
  host.installGo('/usr/local/go', { version: '1.26.8', goEnv: 'GOPROXY=https://proxy.golang.org,direct\n' });
  const facts = await gatherFacts(host, opts);
  assert.deepEqual([facts.env.GOTOOLCHAIN.value, facts.env.GOTOOLCHAIN.source], ['local', 'default']);
});

void test('an empty line in the go env file hides the go.env value (go falls back to its default)', async () => {
  const host = linuxGo();
  host.writeFile('/home/dev/.config/go/env', 'GOPROXY=\n');
  const facts = await gatherFacts(host, opts);
  assert.equal(facts.env.GOPROXY.source, 'default');
  assert.equal(facts.env.GOPROXY.fileValue, '');
});

void test('the go env file location: GOENV, XDG_CONFIG_HOME, macOS and Windows config dirs, GOENV=off', async () => {
  const cases: [Parameters<typeof fakeHost>[0], string | undefined][] = [
    [{ env: { GOENV: '/etc/goenv' } }, '/etc/goenv'],
    [{ env: { XDG_CONFIG_HOME: '/xdg', HOME: '/home/dev' } }, '/xdg/go/env'],
    [{ platform: 'darwin', env: { HOME: '/Users/dev' } }, '/Users/dev/Library/Application Support/go/env'],
    [{ platform: 'win32', env: { APPDATA: 'C:\\Users\\dev\\AppData\\Roaming' } }, 'C:\\Users\\dev\\AppData\\Roaming\\go\\env'],
    [{ env: { GOENV: 'off' } }, undefined],
  ];
  for (const [spec, expected] of cases) {
    const facts = await gatherFacts(fakeHost(spec), opts);
    assert.equal(facts.goenvFile?.path, expected, JSON.stringify(spec));
  }
});

void test('env files are parsed like the go command: A-Z start, first "=", no trimming, comments ignored', () => {
  const f = parseEnvFile('/x', '# comment\nGOPROXY=a=b\n lower=1\ngoflags=x\nGOFLAGS= -v \nnovalue\nGOPROXY=last\r\n');
  assert.deepEqual(f.vars, { GOPROXY: 'last\r', GOFLAGS: ' -v ' });
  assert.deepEqual(f.lines, { GOPROXY: 7, GOFLAGS: 5 });
  assert.equal(parseEnvFile('/missing', undefined).exists, false);
});

void test('a hanging go becomes a timeout failure, not a hang', async () => {
  const host = fakeHost({ env: { PATH: '/usr/local/go/bin', HOME: '/home/dev' } });
  host.installGo('/usr/local/go', { version: '1.26.8', hang: true });
  const facts = await gatherFacts(host, { ...opts, timeoutMs: 1234 });
  assert.equal(facts.goEnv.failure?.kind, 'timeout');
  assert.match(facts.goEnv.failure!.message, /1234 ms/);
  assert.match(facts.goEnv.failure!.command, /go env -json GOROOT/);
  assert.match(facts.activeGo?.versionError ?? '', /did not answer/);
  assert.ok(host.calls.every((c) => c.timeoutMs === 1234));
  // The sources still give values even though go did not answer.
  assert.equal(facts.env.GOTOOLCHAIN.value, 'auto');
});

void test('garbage from go env is a garbage failure; a non-zero exit is an exit failure with stderr', async () => {
  for (const [garbage, kind] of [
    ['not json at all', 'garbage'],
    ['["a"]', 'garbage'],
    ['{"GOROOT": 3}', 'garbage'],
    ['', 'garbage'],
  ] as const) {
    const host = fakeHost({ env: { PATH: '/usr/local/go/bin', HOME: '/home/dev' } });
    host.installGo('/usr/local/go', { version: '1.26.8', envGarbage: garbage });
    const facts = await gatherFacts(host, opts);
    assert.equal(facts.goEnv.failure?.kind, kind, garbage);
    assert.deepEqual(facts.goEnv.vars, {});
  }
  const host = fakeHost({ env: { PATH: '/usr/local/go/bin', HOME: '/home/dev' } });
  host.installGo('/usr/local/go', {
    version: '1.26.8',
    envExit: { code: 1, stderr: 'go: GOPATH entry is relative; must be absolute path: "x".\n' },
  });
  const facts = await gatherFacts(host, opts);
  assert.equal(facts.goEnv.failure?.kind, 'exit');
  assert.equal(facts.goEnv.failure?.exitCode, 1);
  assert.match(facts.goEnv.failure!.message, /GOPATH entry is relative/);
});

void test('a go that cannot start is a spawn failure', async () => {
  const host = fakeHost({
    env: { PATH: '/usr/local/go/bin', HOME: '/home/dev' },
    exec: (call) => (call.args[0] === 'env' ? { code: null, spawnError: 'spawn /usr/local/go/bin/go EACCES' } : undefined),
  });
  host.installGo('/usr/local/go', '1.26.8');
  const facts = await gatherFacts(host, opts);
  assert.equal(facts.goEnv.failure?.kind, 'spawn');
});

void test('tools: the install-dir copy and every PATH copy, all read by the one go version -m', async () => {
  const host = linuxGo({ PATH: '/usr/local/go/bin:/usr/bin:/home/dev/go/bin' });
  host.installTool('/home/dev/go/bin', 'gopls', {
    goVersion: 'go1.26.8',
    path: 'golang.org/x/tools/gopls',
    mod: { path: 'golang.org/x/tools/gopls', version: 'v0.20.0' },
  });
  host.installTool('/usr/bin', 'gopls', {
    goVersion: 'go1.19.2',
    path: 'golang.org/x/tools/gopls',
    mod: { path: 'golang.org/x/tools/gopls', version: 'v0.9.0' },
  });
  host.installTool('/home/dev/go/bin', 'dlv', {
    goVersion: 'go1.25.1',
    path: 'github.com/go-delve/delve/cmd/dlv',
    mod: { path: 'github.com/go-delve/delve', version: 'v1.25.2' },
  });
  host.writeFile('/usr/bin/staticcheck', { content: '#!/bin/sh\n', mode: 0o755 });
  const facts = await gatherFacts(host, opts);
  const tool = (n: string) => facts.tools.find((t) => t.name === n)!;
  assert.equal(facts.dirs.installDir?.path, '/home/dev/go/bin');
  assert.deepEqual(
    tool('gopls').pathCopies.map((c) => [c.path, c.goVersion, c.moduleVersion, c.pathIndex]),
    [
      ['/usr/bin/gopls', 'go1.19.2', 'v0.9.0', 1],
      ['/home/dev/go/bin/gopls', 'go1.26.8', 'v0.20.0', 2],
    ],
  );
  assert.equal(tool('gopls').installDirCopy?.moduleVersion, 'v0.20.0');
  assert.deepEqual(
    [tool('dlv').installDirCopy?.modulePath, tool('dlv').installDirCopy?.packagePath, tool('dlv').installDirCopy?.goVersion],
    ['github.com/go-delve/delve', 'github.com/go-delve/delve/cmd/dlv', 'go1.25.1'],
  );
  assert.match(tool('staticcheck').pathCopies[0].versionError ?? '', /unrecognized file format/);
  assert.deepEqual(tool('goimports').pathCopies, []);
  assert.equal(host.calls.filter((c) => c.args[0] === 'version').length, 1);
  // Every tool of the one table is looked for, the ones fixes install included.
  assert.deepEqual(
    facts.tools.map((t) => t.name),
    GO_TOOLS.map((t) => t.name),
  );
});

void test('GOBIN from the go env file moves the install dir', async () => {
  const host = linuxGo();
  host.writeFile('/home/dev/.config/go/env', 'GOBIN=/opt/gobin\n');
  host.installTool('/opt/gobin', 'dlv', { goVersion: 'go1.26.0', mod: { path: 'github.com/go-delve/delve', version: 'v1.26.0' } });
  const facts = await gatherFacts(host, opts);
  assert.equal(facts.dirs.installDir?.path, '/opt/gobin');
  assert.equal(facts.tools.find((t) => t.name === 'dlv')?.installDirCopy?.goVersion, 'go1.26.0');
});

void test('dirs: existing writable, missing but creatable, unwritable', async () => {
  const host = linuxGo({ GOCACHE: '/home/dev/.cache/go-build', GOMODCACHE: '/ro/mod' });
  host.mkdir('/home/dev/.cache/go-build');
  host.mkdir('/ro', { writable: false });
  const facts = await gatherFacts(host, opts);
  assert.deepEqual(facts.dirs.GOCACHE, { path: '/home/dev/.cache/go-build', exists: true, writable: true });
  assert.deepEqual(facts.dirs.GOMODCACHE, { path: '/ro/mod', exists: false, writable: false });
  assert.deepEqual(facts.dirs.installDir, { path: '/home/dev/go/bin', exists: false, writable: true });
});

void test('go tool dist list runs only when GOOS or GOARCH is set explicitly', async () => {
  const plain = linuxGo();
  assert.equal((await gatherFacts(plain, opts)).distList, undefined);
  assert.ok(!plain.calls.some((c) => c.args[0] === 'tool'));

  const cross = linuxGo({ GOOS: 'windows' });
  const facts = await gatherFacts(cross, opts);
  assert.ok(facts.distList?.includes('windows/amd64'));
  assert.equal(facts.env.GOOS.value, 'windows');

  const fromFile = linuxGo();
  fromFile.writeFile('/home/dev/.config/go/env', 'GOARCH=arm64\n');
  assert.ok((await gatherFacts(fromFile, opts)).distList?.includes('linux/arm64'));
});

void test('spawns run by the active go with GOTOOLCHAIN=local and one thread, in a neutral directory, never the workspace', async () => {
  const host = linuxGo();
  host.setEnv('GOMAXPROCS', '64');
  host.writeFile('/work/app/go.mod', 'module app\n\ngo 1.22\n');
  await gatherFacts(host, { ...opts, workspaceFolders: ['/work/app'] });
  assert.ok(host.calls.length >= 2);
  for (const c of host.calls) {
    assert.equal(c.file, '/usr/local/go/bin/go');
    assert.equal(c.cwd, '/usr/local/go/bin');
    assert.equal(c.env?.GOTOOLCHAIN, 'local');
    assert.equal(c.env?.GOMAXPROCS, '1');
  }
});

void test('the effective GOROOT, the goX.Y.Z on PATH a selection could want, and go installs that are not on PATH', async () => {
  const host = fakeHost({
    env: { PATH: '/usr/local/go/bin:/home/dev/go/bin', HOME: '/home/dev', GOROOT: '/opt/old-go', GOTOOLCHAIN: 'go1.25.4+path' },
  });
  host.installGo('/usr/local/go', '1.26.8');
  host.installGo('/opt/old-go', '1.21.0');
  host.installTool('/home/dev/go/bin', 'go1.25.4', { goVersion: 'go1.25.4', path: 'golang.org/dl/go1.25.4' });
  // Nothing names go1.24.0, so nothing looks for it.
  host.installTool('/home/dev/go/bin', 'go1.24.0', { goVersion: 'go1.24.0', path: 'golang.org/dl/go1.24.0' });
  host.installGo('/home/dev/sdk/go1.25.4', '1.25.4');
  const facts = await gatherFacts(host, opts);
  assert.deepEqual(facts.goroot, { path: '/opt/old-go', exists: true, hasGoBinary: true, hasSrcRuntime: true, version: 'go1.21.0' });
  assert.deepEqual(facts.pathToolchains, [{ name: 'go1.25.4', path: '/home/dev/go/bin/go1.25.4' }]);
  // A go runs, so nothing looks for installations off PATH (they only feed go-missing's advice) …
  assert.equal(facts.goCandidates, undefined);
  // … until none does.
  host.setEnv('PATH', '/home/dev/go/bin');
  const noGo = await gatherFacts(host, opts);
  assert.equal(noGo.activeGo, undefined);
  assert.deepEqual(noGo.goCandidates, ['/usr/local/go/bin/go', '/home/dev/sdk/go1.25.4/bin/go']);
});

void test('version -m output parsing: versions, modules, errors, Windows paths with colons', () => {
  const files = ['C:\\Go\\bin\\go.exe', 'C:\\t\\dlv.exe', 'C:\\t\\x.exe', 'C:\\t\\missing.exe'];
  const out =
    'C:\\Go\\bin\\go.exe: go1.22.1\n\tpath\tcmd/go\n\tbuild\tGOOS=windows\n' +
    'C:\\t\\dlv.exe: go1.21.0\n\tpath\tgithub.com/go-delve/delve/cmd/dlv\n\tmod\tgithub.com/go-delve/delve\tv1.22.0\th1:abc=\n\tdep\tgolang.org/x/sys\tv0.1.0\n';
  const err =
    'C:\\t\\x.exe: could not read Go build info from C:\\t\\x.exe: not a Go executable\nstat C:\\t\\missing.exe: no such file or directory\n';
  const m = parseVersionM(out, err, files);
  assert.deepEqual(m.get(files[0]), { goVersion: 'go1.22.1', packagePath: 'cmd/go' });
  assert.deepEqual(m.get(files[1]), {
    goVersion: 'go1.21.0',
    packagePath: 'github.com/go-delve/delve/cmd/dlv',
    modulePath: 'github.com/go-delve/delve',
    moduleVersion: 'v1.22.0',
  });
  assert.equal(m.get(files[2])?.versionError, 'could not read Go build info from C:\\t\\x.exe: not a Go executable');
  assert.match(m.get(files[3])?.versionError ?? '', /no such file/);
  // Garbage never throws and never invents versions.
  assert.equal(parseVersionM('\x00\x01garbage\n\tmod\tx\n', 'zzz', files).size, 0);
});
