// Malformed and hostile DAP input to the delve-bridge adapter process: each gets an error response and the session carries on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { DapReader, encodeDapMessage, type DapMessage } from '../../src/debug/dapFraming';
import {
  ADAPTER,
  driveWorkspace,
  findDlv,
  endSession,
  leftoverProcesses,
  startClient,
  stopOnce,
  STANDIN,
  DISTRO,
} from '../support/wsl-standin-harness';

const dlv = findDlv();

/** The adapter as a process, spoken to with raw bytes. */
function rawAdapter() {
  const child = spawn(process.execPath, [ADAPTER], { stdio: ['pipe', 'pipe', 'pipe'], shell: false, timeout: 60_000 });
  const received: DapMessage[] = [];
  const waiters: (() => void)[] = [];
  const reader = new DapReader(
    (m) => {
      received.push(m);
      for (const w of waiters.splice(0)) w();
    },
    (e) => assert.fail(`the adapter wrote a broken frame: ${e.detail}`),
  );
  child.stdout.on('data', (b: Buffer) => reader.push(b));
  return {
    child,
    send: (bytes: string | Buffer) => child.stdin.write(bytes),
    /** The next message (after those already taken) matching `pick`. */
    async take(pick: (m: DapMessage) => boolean): Promise<DapMessage> {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const i = received.findIndex(pick);
        if (i >= 0) return received.splice(i, 1)[0];
        if (Date.now() > deadline) throw new Error(`no matching message; got ${JSON.stringify(received)}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 200);
        });
      }
    },
  };
}

const response = (m: DapMessage) => m.type === 'response';

void test('broken frames, bad JSON, non-objects and incomplete requests each get an error response; the adapter keeps serving', async () => {
  const a = rawAdapter();
  try {
    a.send('Content-Length: 5\r\n\r\n{bad}');
    assert.match(String((await a.take(response)).message), /Malformed DAP message \(bad-json\)/);

    a.send('Garbage-Header: x\r\n\r\n{}');
    assert.match(String((await a.take(response)).message), /bad-header/);

    // The announced gigabytes are not awaited: the next header is read as the next message.
    a.send('Content-Length: 999999999999\r\n\r\nthis body is never sent in full');
    const tooLarge = await a.take(response);
    assert.equal(tooLarge.success, false);
    assert.match(String(tooLarge.message), /too-large/);

    // 100,000 levels of arguments: parsing is fine, but re-encoding it would overflow the stack and kill the adapter.
    const deep = `{"seq":4,"type":"request","command":"evaluate","arguments":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    a.send(`Content-Length: ${Buffer.byteLength(deep)}\r\n\r\n${deep}`);
    assert.match(String((await a.take(response)).message), /too-deep.*more than 128 levels/);

    a.send('Content-Length: 2\r\n\r\n[]');
    assert.match(String((await a.take(response)).message), /not-an-object/);

    a.send(encodeDapMessage({ seq: 5, type: 'request' }));
    const noCommand = await a.take(response);
    assert.equal(noCommand.request_seq, 5);
    assert.match(String(noCommand.message), /needs "type": "request", a numeric "seq" and a "command"/);

    a.send(encodeDapMessage({ seq: 6, type: 'request', command: 'stackTrace', arguments: { threadId: 1 } }));
    const early = await a.take(response);
    assert.equal(early.success, false);
    assert.match(String(early.message), /launch or attach first/);

    a.send(encodeDapMessage({ seq: 7, type: 'request', command: 'launch', arguments: 'not an object' }));
    const badLaunch = await a.take((m) => m.type === 'response' && m.request_seq === 7);
    assert.equal(badLaunch.success, false);
    assert.match(String(badLaunch.message), /launch arguments must be an object/);

    a.send(
      encodeDapMessage({
        seq: 8,
        type: 'request',
        command: 'initialize',
        arguments: { adapterID: 'delve-bridge', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true },
      }),
    );
    const init = await a.take((m) => m.type === 'response' && m.request_seq === 8);
    assert.equal(init.success, true);
    assert.equal((init.body as Record<string, unknown>).supportsTerminateRequest, true);
    assert.equal(a.child.exitCode, null, 'the adapter is still running');
  } finally {
    a.child.kill('SIGKILL');
  }
});

void test('target wsl: breakpoint paths with no Linux equivalent are refused with the reason; good paths still work', async () => {
  const ws = driveWorkspace();
  const dc = await startClient(ws);
  try {
    const mainGo = `${ws.windowsDir}\\main.go`;
    const launched = Promise.all([
      dc.waitForEvent('initialized'),
      dc.launch({
        type: 'delve-bridge',
        request: 'launch',
        target: 'wsl',
        distro: DISTRO,
        program: ws.windowsDir,
        wslExecutable: STANDIN,
        automountRoot: ws.automountRoot,
        dlvPath: dlv,
      }),
    ]);
    await launched;
    for (const bad of [
      'C:\\bad|dir\\main.go',
      '\\\\fileserver\\share\\main.go',
      '\\\\wsl.localhost\\Debian\\home\\main.go',
      'C:\\x\u0000y\\main.go',
    ]) {
      await assert.rejects(dc.setBreakpointsRequest({ source: { path: bad }, breakpoints: [{ line: 7 }] }), /Cannot translate a path/, bad);
    }
    const good = await dc.setBreakpointsRequest({ source: { path: mainGo }, breakpoints: [{ line: 7 }] });
    assert.equal(good.body.breakpoints[0].verified, true);
    assert.equal(good.body.breakpoints[0].source?.path, mainGo);
    await Promise.all([dc.configurationDoneRequest(), dc.assertStoppedLocation('breakpoint', { path: mainGo, line: 7 })]);
    await stopOnce(dc);
    assert.deepEqual(await leftoverProcesses(ws.root), []);
  } finally {
    await endSession(dc, ws);
  }
});
