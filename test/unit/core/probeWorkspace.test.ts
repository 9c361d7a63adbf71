// Workspace probing with the fake host: module discovery, walking up, go.work uses, replace targets, go's own messages, unreadable files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gatherFacts } from '../../../src/core/probe';
import { fakeHost } from '../support/fakeHost';

function hostWithGo() {
  const host = fakeHost({ env: { PATH: '/usr/local/go/bin', HOME: '/home/dev' } });
  host.installGo('/usr/local/go', '1.26.8');
  return host;
}

void test('go.mod files below a folder are found; vendor, testdata, node_modules, .hidden and _underscore are skipped', async () => {
  const host = hostWithGo();
  for (const dir of ['', 'svc/a', 'svc/b', 'vendor/x', 'testdata/m', 'node_modules/y', '.git/z', '.cache/w', '_old/v'])
    host.writeFile(`/repo/${dir}${dir ? '/' : ''}go.mod`, `module example.com/${dir || 'root'}\n\ngo 1.22\n`);
  host.writeFile('/repo/go.sum', '');
  host.writeFile('/repo/svc/a/vendor/modules.txt', '# vendored\n');
  const facts = await gatherFacts(host, { workspaceFolders: ['/repo'], timeoutMs: 5000 });
  assert.deepEqual(
    facts.modules.map((m) => m.file),
    ['/repo/go.mod', '/repo/svc/a/go.mod', '/repo/svc/b/go.mod'],
  );
  assert.deepEqual(
    facts.modules.map((m) => [m.hasGoSum, m.hasVendorModulesTxt]),
    [
      [true, false],
      [false, true],
      [false, false],
    ],
  );
  assert.equal(facts.modules[1].module?.value, 'example.com/svc/a');
  assert.equal(facts.modules[0].dir, '/repo');
  // No spawn per module: go.mod files that parse cleanly are never handed to the go command.
  assert.ok(!host.calls.some((c) => c.args[0] === 'mod'));
});

void test('the go.mod and go.work the go command finds walking up from a folder are included', async () => {
  const host = hostWithGo();
  host.writeFile('/src/go.work', 'go 1.23\n\nuse ./mod\n');
  host.writeFile('/src/mod/go.mod', 'module m\n\ngo 1.23\n');
  host.mkdir('/src/mod/pkg/inner');
  const facts = await gatherFacts(host, { workspaceFolders: ['/src/mod/pkg/inner'], timeoutMs: 5000 });
  assert.deepEqual(
    facts.modules.map((m) => m.file),
    ['/src/mod/go.mod'],
  );
  assert.deepEqual(
    facts.works.map((w) => w.file),
    ['/src/go.work'],
  );
  assert.deepEqual(facts.folders, [{ folder: '/src/mod/pkg/inner', goMod: '/src/mod/go.mod', goWork: '/src/go.work' }]);
  assert.deepEqual(
    facts.works[0].uses.map((u) => [u.path, u.absPath, u.hasGoMod]),
    [['./mod', '/src/mod', true]],
  );

  host.setEnv('GOWORK', 'off');
  const off = await gatherFacts(host, { workspaceFolders: ['/src/mod/pkg/inner'], timeoutMs: 5000 });
  assert.equal(off.folders?.[0].goWork, undefined);
});

void test('go.work uses without go.mod and replace targets are checked on disk', async () => {
  const host = hostWithGo();
  host.writeFile('/w/go.work', 'go 1.22\nuse (\n\t./a\n\t./missing\n)\n');
  host.writeFile('/w/a/go.mod', 'module a\ngo 1.22\nreplace (\n\tb => ../b\n\tc => ../c\n\td => /abs/d\n\te => example.com/e v1.0.0\n)\n');
  host.writeFile('/w/b/go.mod', 'module b\n');
  host.mkdir('/w/c');
  const facts = await gatherFacts(host, { workspaceFolders: ['/w'], timeoutMs: 5000 });
  assert.deepEqual(
    facts.works[0].uses.map((u) => [u.path, u.hasGoMod, u.line, u.column]),
    [
      ['./a', true, 3, 2],
      ['./missing', false, 4, 2],
    ],
  );
  const a = facts.modules.find((m) => m.file === '/w/a/go.mod')!;
  assert.deepEqual(
    a.replaces.map((r) => [r.newPath, r.isLocal, r.absTarget, r.targetExists, r.targetHasGoMod]),
    [
      ['../b', true, '/w/b', true, true],
      ['../c', true, '/w/c', true, false],
      ['/abs/d', true, '/abs/d', false, false],
      ['example.com/e', false, undefined, undefined, undefined],
    ],
  );
});

void test("a go.mod with an error is handed to go mod edit -json (GOTOOLCHAIN=local, in the module's dir) and its message wins", async () => {
  const host = fakeHost({
    env: { PATH: '/usr/local/go/bin', HOME: '/home/dev' },
    exec: (call) =>
      call.args[0] === 'mod' ? { code: 1, stderr: 'go: errors parsing go.mod:\n/p/go.mod:3: unknown directive: requir\n' } : undefined,
  });
  host.installGo('/usr/local/go', '1.26.8');
  host.writeFile('/p/go.mod', 'module p\ngo 1.22\n  requir x v1.0.0\n');
  const facts = await gatherFacts(host, { workspaceFolders: ['/p'], timeoutMs: 5000 });
  assert.deepEqual(facts.modules[0].errors, [{ line: 3, column: 3, message: 'go.mod:3: unknown directive: requir' }]);
  const call = host.calls.find((c) => c.args[0] === 'mod')!;
  assert.deepEqual(call.args, ['mod', 'edit', '-json', '/p/go.mod']);
  assert.equal(call.cwd, '/p');
  assert.equal(call.env?.GOTOOLCHAIN, 'local');
  assert.equal(facts.modules[0].go?.value, '1.22');
});

void test('broken go.mod and go.work are confirmed by go mod edit / go work edit; with no go at all the hand parser message stands', async () => {
  const host = hostWithGo();
  host.writeFile('/p/go.mod', 'module p\ngo 1.x\n');
  host.writeFile('/p/go.work', 'go 1.22\nuse ./p\nbogus\n');
  const facts = await gatherFacts(host, { workspaceFolders: ['/p'], timeoutMs: 5000 });
  assert.deepEqual(
    facts.modules[0].errors.map((e) => e.message),
    ["go.mod:2: invalid go version '1.x': must match format 1.23.0"],
  );
  assert.deepEqual(
    facts.works[0].errors.map((e) => e.message),
    ['go.work:3: unknown directive: bogus'],
  );
  const workCall = host.calls.find((c) => c.args[0] === 'work')!;
  assert.deepEqual(workCall.args, ['work', 'edit', '-json', '/p/go.work']);

  const noGo = fakeHost({ env: { PATH: '', HOME: '/home/dev' }, files: { '/p/go.mod': 'module p\ngo 1.x\n' } });
  const without = await gatherFacts(noGo, { workspaceFolders: ['/p'], timeoutMs: 5000 });
  assert.equal(without.modules[0].errors[0].line, 2);
  assert.equal(noGo.calls.length, 0);
});

void test('if the go command accepts a file the hand parser rejected, the file has no errors', async () => {
  const host = fakeHost({
    env: { PATH: '/usr/local/go/bin', HOME: '/home/dev' },
    exec: (call) => (call.args[0] === 'mod' ? { code: 0, stdout: '{"Module":{"Path":"p"}}' } : undefined),
  });
  host.installGo('/usr/local/go', '1.26.8');
  host.writeFile('/p/go.mod', 'module p\nfuturedirective x\n');
  const facts = await gatherFacts(host, { workspaceFolders: ['/p'], timeoutMs: 5000 });
  assert.deepEqual(facts.modules[0].errors, []);
});

void test('an unreadable go.mod is a readError, not a throw', async () => {
  const host = hostWithGo();
  host.writeFile('/p/go.mod', { content: 'module p\n', unreadable: true });
  const facts = await gatherFacts(host, { workspaceFolders: ['/p'], timeoutMs: 5000 });
  assert.match(facts.modules[0].readError ?? '', /could not be read/);
  assert.equal(facts.probeErrors, undefined);
});

void test('Windows workspace: go.mod found, relative replace resolved with backslashes', async () => {
  const host = fakeHost({ platform: 'win32', env: { Path: 'C:\\Go\\bin', USERPROFILE: 'C:\\Users\\dev' } });
  host.installGo('C:\\Go', '1.26.8');
  host.writeFile('C:\\src\\app\\go.mod', 'module app\r\ngo 1.22\r\nreplace lib => ..\\lib\r\n');
  host.writeFile('C:\\src\\lib\\go.mod', 'module lib\r\n');
  const facts = await gatherFacts(host, { workspaceFolders: ['C:\\src\\app'], timeoutMs: 5000 });
  assert.deepEqual(facts.modules[0].errors, []);
  assert.equal(facts.modules[0].replaces[0].absTarget, 'C:\\src\\lib');
  assert.equal(facts.modules[0].replaces[0].targetHasGoMod, true);
});

void test('a thousand modules are read without a spawn per module', async () => {
  const host = hostWithGo();
  for (let i = 0; i < 1000; i++) host.writeFile(`/mono/svc${Math.floor(i / 50)}/m${i}/go.mod`, `module example.com/m${i}\n\ngo 1.22\n`);
  const facts = await gatherFacts(host, { workspaceFolders: ['/mono'], timeoutMs: 5000 });
  assert.equal(facts.modules.length, 1000);
  assert.equal(host.calls.length, 2);
});

void test('gatherFacts never throws, whatever the workspace holds', async () => {
  const host = hostWithGo();
  host.writeFile('/x/go.mod', '\0\0\0(((');
  host.writeFile('/x/go.work', ')))\n"');
  host.writeFile('/x/.github/workflows/ci.yml', ':\n  - [unclosed');
  host.writeFile('/x/.gitlab-ci.yml', '{{{{');
  host.writeFile('/x/Dockerfile', 'FROM');
  host.symlink('/x/loop', '/x/loop');
  host.symlink('/x/sub/up', '/x');
  const facts = await gatherFacts(host, { workspaceFolders: ['/x', '/does/not/exist'], timeoutMs: 5000 });
  assert.equal(facts.modules.length, 1);
  assert.ok(facts.modules[0].errors.length > 0);
  assert.equal(facts.probeErrors, undefined);
});
