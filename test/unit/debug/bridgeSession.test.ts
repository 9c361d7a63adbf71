// The bridge session against a scripted in-memory Delve: routing, seq numbers, translated launch, terminate, and Delve dying.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BridgeSession } from '../../../src/debug/bridgeSession';
import { DapReader, encodeDapMessage, type DapMessage } from '../../../src/debug/dapFraming';
import type { DelveChannel, DelveStartSpec } from '../../../src/debug/dlvProcess';

/** A Delve that answers from a script and records what it was sent. */
class FakeDelve implements DelveChannel {
  readonly description = 'fake Delve';
  readonly pid = undefined;
  readonly received: DapMessage[] = [];
  stopped = false;
  private data: ((b: Buffer) => void) | undefined;
  private ended: ((reason: string) => void) | undefined;
  private seq = 100;
  private readonly reader = new DapReader(
    (m) => this.handle(m),
    () => assert.fail('bridge sent a broken frame'),
  );

  write(bytes: Buffer): void {
    this.reader.push(bytes);
  }
  onData(listener: (b: Buffer) => void): void {
    this.data = listener;
  }
  onEnd(listener: (reason: string) => void): void {
    this.ended = listener;
  }
  async stop(): Promise<void> {
    this.stopped = true;
  }

  send(message: Record<string, unknown>): void {
    this.data?.(encodeDapMessage({ ...message, seq: ++this.seq }));
  }
  die(reason: string): void {
    this.ended?.(reason);
  }

  private handle(m: DapMessage): void {
    this.received.push(m);
    const reply = (body: unknown = {}) => this.send({ type: 'response', request_seq: m.seq, command: m.command, success: true, body });
    switch (m.command) {
      case 'initialize':
        reply({ supportsConfigurationDoneRequest: true, supportsTerminateRequest: false });
        break;
      case 'launch':
        reply();
        this.send({ type: 'event', event: 'initialized' });
        break;
      case 'stackTrace':
        reply({ stackFrames: [{ id: 1, name: 'main.main', line: 3, source: { path: '/mnt/c/proj/main.go' } }] });
        break;
      case 'disconnect':
        reply();
        break;
      case 'threads':
        break; // never answered: Delve dies first in one test
      default:
        reply();
    }
  }
}

function harness() {
  const toClient: DapMessage[] = [];
  const reader = new DapReader(
    (m) => toClient.push(m),
    () => assert.fail('bridge sent the client a broken frame'),
  );
  const delve = new FakeDelve();
  const specs: DelveStartSpec[] = [];
  let done = false;
  const session = new BridgeSession((b) => reader.push(b), {
    startDelve: async (spec) => {
      specs.push(spec);
      return delve;
    },
    defaultDistro: async () => 'Ubuntu',
    platform: 'linux',
    env: {},
  });
  session.onDone(() => {
    done = true;
  });
  let seq = 0;
  const request = (command: string, args?: unknown) => {
    const s = ++seq;
    session.handleClientBytes(encodeDapMessage({ seq: s, type: 'request', command, arguments: args }));
    return s;
  };
  const settle = () => new Promise((r) => setTimeout(r, 10));
  const responseTo = (s: number) => toClient.find((m) => m.type === 'response' && m.request_seq === s);
  return { toClient, delve, specs, request, settle, responseTo, isDone: () => done };
}

const wslLaunch = { target: 'wsl', distro: 'Ubuntu', wslExecutable: '/fake/wsl.exe', program: 'C:\\proj', automountRoot: '/mnt/' };

void test("launch starts Delve in the translated folder, passes Delve Linux paths and answers the client's seq", async () => {
  const h = harness();
  h.request('initialize', { adapterID: 'delve-bridge', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true });
  const queuedEarly = h.request('launch', wslLaunch);
  await h.settle();
  assert.equal(h.specs[0].cwd, '/mnt/c/proj');
  assert.equal(h.specs[0].target, 'wsl');
  const launch = h.delve.received.find((m) => m.command === 'launch');
  assert.deepEqual(launch?.arguments, { program: '/mnt/c/proj', cwd: '/mnt/c/proj', mode: 'debug' });
  assert.equal(h.responseTo(queuedEarly)?.success, true);
  const capabilities = h.toClient.find((m) => m.event === 'capabilities');
  assert.equal((capabilities?.body as { capabilities: Record<string, unknown> }).capabilities.supportsTerminateRequest, true);
  const seqs = h.toClient.map((m) => m.seq);
  assert.deepEqual(
    seqs,
    seqs.map((_, i) => i + 1),
    'the client sees one gap-free sequence',
  );
});

void test("stackTrace paths come back as the client's paths; requests sent while Delve starts are answered in order", async () => {
  const h = harness();
  h.request('launch', wslLaunch);
  const early = h.request('stackTrace', { threadId: 1 });
  await h.settle();
  const frames = (h.responseTo(early)?.body as { stackFrames: { source: { path: string } }[] }).stackFrames;
  assert.equal(frames[0].source.path, 'C:\\proj\\main.go');
  const commands = h.delve.received.map((m) => m.command);
  assert.deepEqual(commands, ['initialize', 'launch', 'stackTrace']);
});

void test('terminate, which Delve lacks, becomes a disconnect that ends the program, then a terminated event', async () => {
  const h = harness();
  h.request('launch', wslLaunch);
  await h.settle();
  const t = h.request('terminate');
  await h.settle();
  const sent = h.delve.received.at(-1);
  assert.equal(sent?.command, 'disconnect');
  assert.deepEqual(sent?.arguments, { terminateDebuggee: true });
  assert.equal(h.responseTo(t)?.command, 'terminate');
  assert.equal(h.responseTo(t)?.success, true);
  assert.ok(h.toClient.some((m) => m.event === 'terminated'));
  assert.equal(h.delve.stopped, true);
  const d = h.request('disconnect');
  await h.settle();
  assert.equal(h.responseTo(d)?.success, true);
  assert.equal(h.isDone(), true);
});

void test('Delve dying answers the waiting request with an error, says why, and terminates the session once', async () => {
  const h = harness();
  h.request('launch', wslLaunch);
  await h.settle();
  const waiting = h.request('threads');
  await h.settle();
  h.delve.die('Delve in WSL distro "Ubuntu" was killed (SIGKILL)');
  await h.settle();
  assert.equal(h.responseTo(waiting)?.success, false);
  assert.match(String(h.responseTo(waiting)?.message), /Delve stopped before answering/);
  const important = h.toClient.filter((m) => m.event === 'output' && (m.body as { category: string }).category === 'important');
  assert.match(String((important[0].body as { output: string }).output), /Delve stopped unexpectedly: .*SIGKILL/);
  assert.equal(h.toClient.filter((m) => m.event === 'terminated').length, 1);
  const after = h.request('next', { threadId: 1 });
  assert.match(String(h.responseTo(after)?.message), /session has ended/);
});

void test('a launch whose working directory has no Linux equivalent fails without starting Delve', async () => {
  const h = harness();
  const l = h.request('launch', { ...wslLaunch, cwd: '\\\\fileserver\\share\\proj' });
  await h.settle();
  assert.equal(h.specs.length, 0);
  assert.equal(h.responseTo(l)?.success, false);
  assert.match(String(h.responseTo(l)?.message), /working directory/);
});
