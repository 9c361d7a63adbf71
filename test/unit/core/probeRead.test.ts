// The bounded reader: links stay inside the workspace, special files and large files are refused, and what was not read is said.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gatherFacts } from '../../../src/core/probe';
import { readBounded, READ_LIMITS } from '../../../src/core/probe/read';
import { fakeHost } from '../support/fakeHost';

function hostWithGo() {
  const host = fakeHost({ env: { PATH: '/usr/local/go/bin', HOME: '/home/dev' } });
  host.installGo('/usr/local/go', '1.26.8');
  return host;
}

void test('a link inside the workspace is read; a link out of it, or out of the directory of a file above it, is not', async () => {
  const host = fakeHost();
  host.writeFile('/ws/real/go.mod', 'module inside\n');
  host.symlink('/ws/go.mod', 'real/go.mod');
  host.writeFile('/home/dev/.token', 'ghp_secret\n');
  host.symlink('/ws/sub/go.mod', '/home/dev/.token');
  host.symlink('/parent-go.mod-dir/go.mod', '/home/dev/.token');
  const policy = { maxBytes: READ_LIMITS.moduleFile, within: ['/ws'] };
  assert.equal((await readBounded(host, '/ws/go.mod', policy)).content, 'module inside\n');
  const out = await readBounded(host, '/ws/sub/go.mod', policy);
  assert.equal(out.content, undefined);
  assert.equal(out.notRead, '/ws/sub/go.mod is a link to /home/dev/.token, outside /ws, so it was not read');
  assert.match((await readBounded(host, '/parent-go.mod-dir/go.mod', policy)).notRead ?? '', /outside \/parent-go\.mod-dir/);
  // A file the environment names (GOENV) may live anywhere, links and all.
  assert.equal((await readBounded(host, '/ws/sub/go.mod', { maxBytes: 1024 })).content, 'ghp_secret\n');
});

void test('a workspace folder that is itself a link keeps its files readable', async () => {
  const host = fakeHost();
  host.writeFile('/data/projects/app/go.mod', 'module app\n');
  host.symlink('/home/dev/app', '/data/projects/app');
  const read = await readBounded(host, '/home/dev/app/go.mod', { maxBytes: 1024, within: ['/home/dev/app'] });
  assert.equal(read.content, 'module app\n');
});

void test('a FIFO and a file over the limit are refused with a sentence that names them', async () => {
  const host = fakeHost();
  host.writeFile('/ws/Dockerfile', { special: true });
  host.writeFile('/ws/go.mod', `module big\n${'// x\n'.repeat(1000)}`);
  assert.equal(
    (await readBounded(host, '/ws/Dockerfile', { maxBytes: 1024 })).notRead,
    '/ws/Dockerfile is not a regular file (a FIFO, a device or a directory), so it was not read',
  );
  assert.equal(
    (await readBounded(host, '/ws/go.mod', { maxBytes: 1024 })).notRead,
    '/ws/go.mod is 5 KiB, more than the 1 KiB Go Health reads of such a file, so it was not read',
  );
  assert.deepEqual(await readBounded(host, '/ws/missing', { maxBytes: 1024 }), {});
});

void test("a go.mod linked out of the workspace is a readError; its target's text is nowhere in the facts", async () => {
  const host = hostWithGo();
  host.writeFile('/home/dev/.token', 'ghp_secret token\n');
  host.symlink('/ws/go.mod', '/home/dev/.token');
  const facts = await gatherFacts(host, { workspaceFolders: ['/ws'], timeoutMs: 5000 });
  assert.match(facts.modules[0]!.readError ?? '', /is a link to \/home\/dev\/\.token, outside \/ws/);
  assert.ok(!JSON.stringify(facts).includes('ghp_secret'));
  assert.equal(
    host.calls.some((c) => c.args.includes('mod')),
    false,
    'the go command is not asked to parse it either',
  );
});

void test('a walk cut short by depth is said in the facts, with the directories it did not enter', async () => {
  const host = hostWithGo();
  const deep = `/ws/${Array.from({ length: 14 }, (_, i) => `d${i}`).join('/')}`;
  host.writeFile(`${deep}/go.mod`, 'module deep\n\ngo 1.99.0\n');
  const facts = await gatherFacts(host, { workspaceFolders: ['/ws'], timeoutMs: 5000 });
  assert.deepEqual(facts.modules, []);
  assert.equal(facts.unread?.length, 1);
  assert.match(facts.unread![0]!.reason, /\/ws\/d0\/.*\/d12 is more than 12 levels below the workspace folder/);
});

void test('an unreadable GOENV file and a huge $GOROOT/VERSION are listed as not read', async () => {
  const host = hostWithGo();
  host.setEnv('GOENV', '/home/dev/goenv');
  host.writeFile('/home/dev/goenv', { special: true });
  host.writeFile('/usr/local/go/VERSION', `go1.26.8\n${'x'.repeat(10_000)}`);
  const facts = await gatherFacts(host, { workspaceFolders: ['/ws'], timeoutMs: 5000 });
  assert.deepEqual(
    facts.unread?.map((u) => u.path),
    ['/home/dev/goenv', '/usr/local/go/VERSION'],
  );
  assert.equal(facts.goenvFile?.exists, true);
  assert.match(facts.goenvFile?.notRead ?? '', /not a regular file/);
});

void test('a FIFO named like a tool is never handed to go version -m', async () => {
  const host = hostWithGo();
  host.setEnv('PATH', '/usr/local/go/bin:/home/dev/go/bin');
  host.writeFile('/home/dev/go/bin/gopls', { special: true, mode: 0o755 });
  const facts = await gatherFacts(host, { workspaceFolders: ['/ws'], timeoutMs: 5000 });
  const versionM = host.calls.find((c) => c.args[0] === 'version' && c.args[1] === '-m');
  assert.ok(!versionM?.args.includes('/home/dev/go/bin/gopls'), JSON.stringify(versionM?.args));
  assert.equal(facts.tools.find((t) => t.name === 'gopls')?.pathCopies.length, 0);
});

void test('a module the walk reached through real directories is read without resolving links; one a go.work reaches through a link out of the workspace is not read', async () => {
  const host = hostWithGo();
  host.writeFile('/ws/go.work', 'go 1.26.8\n\nuse (\n\t./a\n\t./linked\n)\n');
  host.writeFile('/ws/a/go.mod', 'module example.com/a\n\ngo 1.26.8\n');
  host.writeFile('/outside/go.mod', 'module example.com/ghp_secret\n\ngo 1.26.8\n');
  host.symlink('/ws/linked', '/outside');
  const resolved: string[] = [];
  const realpath = host.fs.realpath.bind(host.fs);
  host.fs.realpath = (file) => {
    resolved.push(file);
    return realpath(file);
  };
  const facts = await gatherFacts(host, { workspaceFolders: ['/ws'], timeoutMs: 5000 });
  assert.deepEqual(
    facts.modules.map((m) => [m.file, m.module?.value ?? m.readError]),
    [
      ['/ws/a/go.mod', 'example.com/a'],
      ['/ws/linked/go.mod', '/ws/linked/go.mod is a link to /outside/go.mod, outside /ws, so it was not read'],
    ],
  );
  assert.ok(!JSON.stringify(facts).includes('ghp_secret'));
  assert.ok(!resolved.includes('/ws/a/go.mod'), `resolved: ${resolved.join(', ')}`);
  assert.ok(resolved.includes('/ws/linked/go.mod'));
});
