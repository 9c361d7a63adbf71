// The path rewriter: every path-bearing DAP field in both directions, real WSL translation, and hostile values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PATH_FIELDS, PathRewriter, type PathFieldRule, type PathTranslator } from '../../../src/debug/pathRewriter';
import { localTranslator, mapPrefix, wslTranslator } from '../../../src/debug/pathTranslators';
import type { DapMessage } from '../../../src/debug/dapFraming';

const tagging: PathTranslator = { toDebugger: (p) => `dbg:${p}`, toClient: (p) => `cli:${p}` };

/** A message holding `value` at the rule's field (arrays get two elements). */
function messageFor(rule: PathFieldRule, value: (i: number) => unknown): DapMessage {
  const segments = rule.field.split('.').flatMap((s) => (s.endsWith('[]') ? [s.slice(0, -2), '[]'] : [s]));
  const build = (i: number, index: number): unknown => {
    if (i === segments.length) return value(index);
    if (segments[i] === '[]') return [build(i + 1, 0), build(i + 1, 1)];
    return { [segments[i]]: build(i + 1, index) };
  };
  const head =
    rule.type === 'request'
      ? { type: 'request', command: rule.name }
      : rule.type === 'response'
        ? { type: 'response', command: rule.name, success: true }
        : { type: 'event', event: rule.name };
  return { seq: 1, ...head, ...(build(0, 0) as object) } as DapMessage;
}

function valueAt(message: unknown, field: string): unknown[] {
  let current: unknown[] = [message];
  for (const part of field.split('.')) {
    const array = part.endsWith('[]');
    const key = array ? part.slice(0, -2) : part;
    current = current.map((c) => (c as Record<string, unknown>)[key]);
    if (array) current = current.flatMap((c) => c as unknown[]);
  }
  return current;
}

for (const rule of PATH_FIELDS) {
  void test(`${rule.type} ${rule.name}: ${rule.field} is translated ${rule.type === 'request' ? 'to the debugger' : 'to the client'}`, () => {
    const original = (i: number) => `/src/file${i}.go`;
    const leaf = (i: number) =>
      rule.kind === 'source' ? { name: `file${i}.go`, path: original(i), sources: [{ path: original(i) }] } : original(i);
    const message = messageFor(rule, leaf);
    const snapshot = JSON.stringify(message);
    const rewriter = new PathRewriter(tagging);
    const out = rule.type === 'request' ? (rewriter.toDebugger(message) as { message: DapMessage }).message : rewriter.toClient(message);
    const prefix = rule.type === 'request' ? 'dbg:' : 'cli:';
    const values = valueAt(out, rule.field);
    values.forEach((v, i) => {
      if (rule.kind === 'source') {
        const src = v as { path: string; name: string; sources: { path: string }[] };
        assert.equal(src.path, `${prefix}${original(i)}`);
        assert.equal(src.name, `file${i}.go`, 'the name is not a path');
        assert.equal(src.sources[0].path, `${prefix}${original(i)}`, 'related sources too');
      } else assert.equal(v, `${prefix}${original(i)}`);
    });
    assert.equal(JSON.stringify(message), snapshot, 'the input message is not modified');
  });
}

void test('the opposite direction leaves a field alone: a response is never rewritten as a request', () => {
  const rewriter = new PathRewriter(tagging);
  const response = { seq: 1, type: 'response', command: 'setBreakpoints', arguments: { source: { path: '/x' } } };
  assert.equal(rewriter.toClient(response), response);
  const request = { seq: 1, type: 'request', command: 'stackTrace', body: { stackFrames: [{ source: { path: '/x' } }] } };
  assert.deepEqual(rewriter.toDebugger(request), { message: request });
});

void test('messages without path fields come back as the same object', () => {
  const rewriter = new PathRewriter(tagging);
  const next = { seq: 3, type: 'request', command: 'next', arguments: { threadId: 1 } };
  assert.equal((rewriter.toDebugger(next) as { message: DapMessage }).message, next);
  const stopped = { seq: 4, type: 'event', event: 'stopped', body: { reason: 'step' } };
  assert.equal(rewriter.toClient(stopped), stopped);
});

void test('args, env, evaluate expressions and buildFlags are not paths', () => {
  const rewriter = new PathRewriter(tagging);
  const launch = {
    seq: 1,
    type: 'request',
    command: 'launch',
    arguments: { program: 'C:\\p', args: ['C:\\data'], env: { GOPATH: 'C:\\go' }, buildFlags: '-o C:\\x' },
  };
  const out = (rewriter.toDebugger(launch) as { message: DapMessage }).message.arguments as Record<string, unknown>;
  assert.equal(out.program, 'dbg:C:\\p');
  assert.deepEqual(out.args, ['C:\\data']);
  assert.deepEqual(out.env, { GOPATH: 'C:\\go' });
  assert.equal(out.buildFlags, '-o C:\\x');
  const evaluate = { seq: 2, type: 'request', command: 'evaluate', arguments: { expression: '"C:\\\\x"' } };
  assert.equal((rewriter.toDebugger(evaluate) as { message: DapMessage }).message, evaluate);
});

void test('hostile shapes: wrong types, nulls, arrays for objects, deep nesting and huge arrays do not throw', () => {
  const rewriter = new PathRewriter(tagging);
  const shapes: unknown[] = [
    { type: 'response', command: 'stackTrace', body: null },
    { type: 'response', command: 'stackTrace', body: { stackFrames: 'not an array' } },
    {
      type: 'response',
      command: 'stackTrace',
      body: { stackFrames: [null, 7, 'x', { source: 5 }, { source: { path: 12 } }, { source: [] }] },
    },
    { type: 'response', command: 'loadedSources', body: { sources: [{ path: '' }] } },
    { type: 'event', event: 'output', body: { source: { path: { nested: true } } } },
    { type: 'event', event: 42 },
    { type: 'response', command: ['stackTrace'] },
  ];
  for (const shape of shapes) assert.doesNotThrow(() => rewriter.toClient(shape as DapMessage));
  let deep: Record<string, unknown> = { path: '/leaf' };
  for (let i = 0; i < 10_000; i++) deep = { path: `/level${i}`, sources: [deep] };
  const out = rewriter.toClient({ type: 'event', event: 'loadedSource', body: { source: deep } } as DapMessage);
  assert.equal(((out.body as Record<string, unknown>).source as Record<string, unknown>).path, 'cli:/level9999');
  const many = {
    type: 'response',
    command: 'loadedSources',
    body: { sources: Array.from({ length: 50_000 }, (_, i) => ({ path: `/f${i}` })) },
  };
  const translated = rewriter.toClient(many as DapMessage).body as { sources: { path: string }[] };
  assert.equal(translated.sources[49_999].path, 'cli:/f49999');
  const badRequest = { type: 'request', command: 'setBreakpoints', arguments: { source: { path: 42 }, lines: 'x' } };
  assert.deepEqual(rewriter.toDebugger(badRequest as DapMessage), { message: badRequest });
});

const wsl = wslTranslator({ distro: 'Ubuntu', automountRoot: '/mnt/' });

void test('WSL: setBreakpoints with C:\\ and \\\\wsl.localhost paths reach Delve as Linux paths', () => {
  const rewriter = new PathRewriter(wsl);
  const drive = rewriter.toDebugger({
    seq: 1,
    type: 'request',
    command: 'setBreakpoints',
    arguments: { source: { path: 'C:\\Users\\Dev\\proj\\main.go' }, breakpoints: [{ line: 7 }] },
  });
  assert.equal(
    ((drive as { message: DapMessage }).message.arguments as { source: { path: string } }).source.path,
    '/mnt/c/Users/Dev/proj/main.go',
  );
  const unc = rewriter.toDebugger({
    seq: 2,
    type: 'request',
    command: 'setBreakpoints',
    arguments: { source: { path: '\\\\wsl.localhost\\Ubuntu\\home\\dev\\main.go' } },
  });
  assert.equal(((unc as { message: DapMessage }).message.arguments as { source: { path: string } }).source.path, '/home/dev/main.go');
});

void test('WSL: stack frames come back as C:\\ or \\\\wsl.localhost paths; non-file names stay as Delve wrote them', () => {
  const rewriter = new PathRewriter(wsl);
  const out = rewriter.toClient({
    seq: 9,
    type: 'response',
    command: 'stackTrace',
    success: true,
    body: {
      stackFrames: [
        { id: 1, source: { path: '/mnt/c/Users/Dev/proj/main.go' } },
        { id: 2, source: { path: '/usr/local/go/src/runtime/proc.go' } },
        { id: 3, source: { name: '<autogenerated>', path: '<autogenerated>' } },
      ],
    },
  });
  const paths = (out.body as { stackFrames: { source: { path: string } }[] }).stackFrames.map((f) => f.source.path);
  assert.deepEqual(paths, [
    'C:\\Users\\Dev\\proj\\main.go',
    '\\\\wsl.localhost\\Ubuntu\\usr\\local\\go\\src\\runtime\\proc.go',
    '<autogenerated>',
  ]);
});

void test('WSL: a request path with no Linux equivalent is an error naming the path, not a wrong path', () => {
  const rewriter = new PathRewriter(wsl);
  for (const bad of [
    'C:\\bad|name\\main.go',
    '\\\\server\\share\\main.go',
    '\\\\wsl.localhost\\Debian\\x.go',
    'C:relative.go',
    'C:\\nul\u0000.go',
  ]) {
    const result = rewriter.toDebugger({ seq: 1, type: 'request', command: 'setBreakpoints', arguments: { source: { path: bad } } });
    assert.ok('error' in result, bad);
  }
});

void test('extra pathMappings win over the WSL translation, both ways, with Windows prefixes matched case-insensitively', () => {
  const t = wslTranslator({ distro: 'Ubuntu', mappings: [{ from: 'D:\\Shared\\go', to: '/srv/go' }] });
  assert.equal(t.toDebugger('d:/shared/GO/x/y.go'), '/srv/go/x/y.go');
  assert.equal(t.toClient('/srv/go/x/y.go'), 'D:\\Shared\\go\\x\\y.go');
  assert.equal(t.toDebugger('D:\\SharedGo\\x.go'), '/mnt/d/SharedGo/x.go', 'only whole path components match');
  const local = localTranslator([{ from: '/home/me/link', to: '/data/real' }]);
  assert.equal(local.toDebugger('/home/me/link/a.go'), '/data/real/a.go');
  assert.equal(local.toClient('/data/real/a.go'), '/home/me/link/a.go');
  assert.equal(local.toClient('/elsewhere/a.go'), '/elsewhere/a.go');
  assert.equal(mapPrefix('/home/me/linked/a.go', '/home/me/link', '/x'), undefined);
});

void test('a translator that throws on the way back leaves the path as Delve wrote it', () => {
  const throwing: PathTranslator = {
    toDebugger: (p) => p,
    toClient: () => {
      throw new Error('no');
    },
  };
  const out = new PathRewriter(throwing).toClient({ type: 'event', event: 'output', body: { source: { path: '/x.go' } } });
  assert.equal(((out.body as Record<string, unknown>).source as { path: string }).path, '/x.go');
});
