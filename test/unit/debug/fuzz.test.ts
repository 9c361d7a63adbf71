// The debug adapter's parsers against 10,000 generated inputs each: DAP frames and messages, launch attributes, launch.json edits and reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DapReader, encodeDapMessage, type DapMessage } from '../../../src/debug/dapFraming';
import { BridgeSession } from '../../../src/debug/bridgeSession';
import { parseBridgeAttributes } from '../../../src/debug/launchAttributes';
import { PathRewriter } from '../../../src/debug/pathRewriter';
import { wslTranslator } from '../../../src/debug/pathTranslators';
import { launchJsonEdits, dualDebugConfigurations } from '../../../src/debug/launchConfig';
import { debugSetupFrom } from '../../../src/server/debugSetup';
import { FUZZ_RUNS, fuzzParser, HOSTILE_WORDS, textOf } from '../support/fuzz';

const key = fc.oneof(
  fc.constantFrom(
    'seq',
    'type',
    'command',
    'arguments',
    'body',
    'event',
    'request_seq',
    'source',
    'path',
    'program',
    'cwd',
    ...HOSTILE_WORDS,
  ),
  fc.string({ maxLength: 8 }),
);
const leaf = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(
    'C:\\src\\main.go',
    '/mnt/c/x',
    '\\\\wsl.localhost\\Ubuntu\\home',
    'request',
    'response',
    'event',
    'launch',
    'setBreakpoints',
    'stackTrace',
  ),
);
const value = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(key, tie('v'), { maxKeys: 5 }),
  ),
})).v;
const message = fc.record(
  {
    seq: fc.oneof(fc.integer(), fc.constant(Number.MAX_SAFE_INTEGER + 2), fc.string()),
    type: fc.constantFrom('request', 'response', 'event', 'x'),
    command: fc.constantFrom('initialize', 'launch', 'attach', 'setBreakpoints', 'stackTrace', 'disconnect', '__proto__', 'evaluate'),
    event: fc.constantFrom('output', 'stopped', 'terminated', 'constructor'),
    arguments: fc.oneof(
      value,
      fc.record({
        program: fc.constantFrom('/w/app', 'C:\\w\\app'),
        target: fc.constantFrom('local', 'wsl'),
        dlvPath: fc.constant('/nonexistent/dlv'),
      }),
    ),
    body: value,
  },
  { requiredKeys: [] },
);

/** Frames as a hostile peer writes them: good ones, lying lengths, junk headers, cut at any byte. */
const frames = fc
  .array(
    fc.oneof(
      message.map((m) => encodeDapMessage(m)),
      fc
        .tuple(fc.integer({ min: 0, max: 1 << 30 }), fc.string({ maxLength: 40 }))
        .map(([n, body]) => Buffer.from(`Content-Length: ${n}\r\n\r\n${body}`)),
      fc.string({ maxLength: 60 }).map((s) => Buffer.from(s)),
      fc.integer({ min: 1, max: 3000 }).map((n) => Buffer.from(`Content-Length: ${n * 2}\r\n\r\n${'['.repeat(n)}${']'.repeat(n)}`)),
      fc.uint8Array({ maxLength: 80 }).map((b) => Buffer.from(b)),
    ),
    { maxLength: 6 },
  )
  .chain((parts) => {
    const all = Buffer.concat(parts);
    return fc.array(fc.integer({ min: 0, max: all.length }), { maxLength: 5 }).map((cuts) => {
      const at = [...new Set(cuts)].sort((a, b) => a - b);
      return [0, ...at].map((c, i) => all.subarray(c, at[i] ?? all.length));
    });
  });

void test('DAP frames: 10,000 hostile byte streams, cut anywhere, never throw and never end the reader', () => {
  fuzzParser('DAP frames', frames, (chunks) => {
    const reader = new DapReader(
      () => undefined,
      () => undefined,
      { maxMessageBytes: 64 * 1024 },
    );
    for (const c of chunks) reader.push(c);
    // The reader finds its feet again: past what a lying length may swallow (the limit), and a frame or two that a
    // half-written header may eat, good frames are read.
    let read: DapMessage | undefined;
    const after = new DapReader(
      (m) => (read = m.command === 'probe' ? m : read),
      () => undefined,
      { maxMessageBytes: 1024 },
    );
    for (const c of chunks) after.push(c);
    after.push(Buffer.from('x'.repeat(1100)));
    for (let i = 0; i < 3; i++) after.push(encodeDapMessage({ seq: 1, type: 'request', command: 'probe' }));
    if (read === undefined) throw new Error('good frames after hostile bytes were not read');
  });
});

void test('DAP messages: 10,000 hostile objects to a session get answers, not exceptions; launches reach a (failing) Delve start', async () => {
  let starts = 0;
  const deps = {
    startDelve: () => {
      starts++;
      return Promise.reject(new Error('no Delve in this test'));
    },
    defaultDistro: () => Promise.resolve('Ubuntu'),
    platform: 'linux' as const,
    env: {},
  };
  fuzzParser('DAP messages', fc.array(message, { minLength: 1, maxLength: 4 }), (messages) => {
    const session = BridgeSession.forMessages(() => undefined, deps);
    for (const m of messages) session.handleClientMessage(m as DapMessage);
  });
  // Starting Delve is asynchronous (the path translator comes first).
  await new Promise((resolve) => setImmediate(resolve));
  assert.ok(starts > 0, 'launches reached the start of Delve and were answered when it failed');
});

void test('launch attributes and path rewriting: 10,000 hostile launch arguments and messages', () => {
  const rewriter = new PathRewriter(wslTranslator({ distro: 'Ubuntu', automountRoot: '/mnt/' }));
  fuzzParser('launch attributes', fc.tuple(value, message), ([args, m]) => {
    parseBridgeAttributes('launch', args, { platform: 'win32', env: { SystemRoot: 'C:\\Windows' } });
    parseBridgeAttributes('attach', args, { platform: 'linux', env: {} });
    rewriter.toDebugger(m as DapMessage);
    rewriter.toClient(m as DapMessage);
  });
});

void test('launch.json: 10,000 hostile texts are read or refused, and edited only when they parse', () => {
  const words = [
    '{',
    '}',
    '[',
    ']',
    '"configurations"',
    '"compounds"',
    ':',
    ',',
    '"type"',
    '"delve-bridge"',
    '"go"',
    '"target"',
    '"wsl"',
    '"distro"',
    '"name"',
    '//',
    '/*',
    '*/',
    '"version": "0.2.0"',
    'null',
    'true',
  ];
  const { configurations, compound } = (() => {
    const d = dualDebugConfigurations({ workspaceFolder: 'C:\\src', packageDir: 'C:\\src\\cmd\\app', vscodeGoInstalled: false });
    return { configurations: [d.windows, d.wsl], compound: d.compound };
  })();
  fuzzParser(
    'launch.json',
    textOf(words),
    (t) => {
      debugSetupFrom([t]);
      const edit = launchJsonEdits(t, configurations, [compound]);
      if (edit.ok && !debugSetupFrom([edit.text]).debuggingSetUp)
        throw new Error('an edit that succeeded must leave a debug configuration');
    },
    FUZZ_RUNS,
  );
});
