// The bridge as VS Code's inline adapter runs it (message objects in and out, no adapter process), with a real dlv: locally and "in WSL" via the stand-in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { chmodSync } from 'node:fs';
import { InlineBridgeAdapter, bridgeDependencies } from '../../src/debug/inlineAdapter';
import type { DapMessage } from '../../src/debug/dapFraming';
import {
  adapterEnv,
  driveWorkspace,
  findDlv,
  killUnder,
  leftoverProcesses,
  waitForProcess,
  STANDIN,
  DISTRO,
  type Workspace,
} from '../support/wsl-standin-harness';

const dlv = findDlv();
const ADD_LINE = 7; // `sum := a + b` inside add()
const TIMEOUT_MS = 90_000;

/** Talks to the adapter the way VS Code's debug service does with an inline implementation: objects, by seq. */
class ObjectClient {
  private seq = 0;
  readonly received: DapMessage[] = [];
  private readonly waiters: { match: (m: DapMessage) => boolean; resolve: (m: DapMessage) => void }[] = [];

  constructor(readonly adapter: InlineBridgeAdapter) {
    adapter.onDidSendMessage((m) => {
      this.received.push(m);
      const i = this.waiters.findIndex((w) => w.match(m));
      if (i >= 0) this.waiters.splice(i, 1)[0]!.resolve(m);
    });
  }

  private waitFor(what: string, match: (m: DapMessage) => boolean): Promise<DapMessage> {
    const already = this.received.find(match);
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`no ${what} within ${TIMEOUT_MS} ms; received ${JSON.stringify(this.received.map((m) => m.command ?? m.event))}`),
          ),
        TIMEOUT_MS,
      );
      this.waiters.push({
        match,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  async request(command: string, args?: unknown): Promise<DapMessage> {
    const seq = ++this.seq;
    const message = { seq, type: 'request', command, arguments: args };
    const sent = JSON.stringify(message);
    const response = this.waitFor(`response to ${command}`, (m) => m.type === 'response' && m.request_seq === seq);
    this.adapter.handleMessage(message);
    assert.equal(JSON.stringify(message), sent, "the adapter never modifies the client's message");
    const r = await response;
    if (r.success !== true) throw new Error(`${command} failed: ${String(r.message)}`);
    return r;
  }

  /** The next event of this name after `after` messages were received. */
  event(name: string, after = this.received.length): Promise<DapMessage> {
    let index = 0;
    return this.waitFor(`${name} event`, (m) => index++ >= after && m.type === 'event' && m.event === name);
  }
}

interface Scenario {
  name: string;
  launchArgs: (ws: Workspace) => Record<string, unknown>;
  mainGo: (ws: Workspace) => string;
}

const scenarios: Scenario[] = [
  {
    name: 'target local',
    launchArgs: (ws) => ({ type: 'delve-bridge', request: 'launch', target: 'local', mode: 'debug', program: ws.linuxDir, dlvPath: dlv }),
    mainGo: (ws) => path.join(ws.linuxDir, 'main.go'),
  },
  {
    name: 'target wsl through the stdio relay, C:\\ paths only',
    launchArgs: (ws) => ({
      type: 'delve-bridge',
      request: 'launch',
      target: 'wsl',
      distro: DISTRO,
      mode: 'debug',
      program: ws.windowsDir,
      wslExecutable: STANDIN,
      automountRoot: ws.automountRoot,
      dlvPath: dlv,
    }),
    mainGo: (ws) => `${ws.windowsDir}\\main.go`,
  },
];

function body<T>(m: DapMessage): T {
  return m.body as T;
}

for (const scenario of scenarios) {
  void test(`inline, ${scenario.name}: breakpoint, stack in the client's paths, variables, next, continue to exit, nothing left running`, async () => {
    chmodSync(STANDIN, 0o755);
    const ws = driveWorkspace();
    const adapter = new InlineBridgeAdapter(bridgeDependencies(adapterEnv(ws), process.platform));
    const client = new ObjectClient(adapter);
    try {
      const mainGo = scenario.mainGo(ws);
      const init = await client.request('initialize', {
        adapterID: 'delve-bridge',
        pathFormat: 'path',
        linesStartAt1: true,
        columnsStartAt1: true,
      });
      assert.equal(body<{ supportsConfigurationDoneRequest: boolean }>(init).supportsConfigurationDoneRequest, true);
      const initialized = client.event('initialized');
      await client.request('launch', scenario.launchArgs(ws));
      await initialized;
      const bp = await client.request('setBreakpoints', { source: { path: mainGo }, breakpoints: [{ line: ADD_LINE }] });
      const [verified] = body<{ breakpoints: { verified: boolean; source?: { path?: string } }[] }>(bp).breakpoints;
      assert.equal(verified!.verified, true);
      const stopped = client.event('stopped');
      await client.request('configurationDone');
      const stop = body<{ reason: string; threadId: number }>(await stopped);
      assert.equal(stop.reason, 'breakpoint');

      const stack = body<{ stackFrames: { id: number; name: string; line: number; source?: { path?: string } }[] }>(
        await client.request('stackTrace', { threadId: stop.threadId, levels: 20 }),
      );
      assert.equal(stack.stackFrames[0]!.name, 'main.add');
      assert.equal(stack.stackFrames[0]!.source?.path, mainGo, 'the top frame is in main.go as the client names it');
      assert.equal(stack.stackFrames[1]!.line, 14);

      const scopes = body<{ scopes: { variablesReference: number }[] }>(
        await client.request('scopes', { frameId: stack.stackFrames[0]!.id }),
      );
      const vars = body<{ variables: { name: string; value: string }[] }>(
        await client.request('variables', { variablesReference: scopes.scopes[0]!.variablesReference }),
      );
      assert.deepEqual(
        vars.variables.filter((v) => v.name === 'a' || v.name === 'b').map((v) => v.value),
        ['0', '0'],
      );

      const stepped = client.event('stopped');
      await client.request('next', { threadId: stop.threadId });
      assert.equal(body<{ reason: string }>(await stepped).reason, 'step');

      await client.request('setBreakpoints', { source: { path: mainGo }, breakpoints: [] });
      const terminated = client.event('terminated');
      await client.request('continue', { threadId: stop.threadId });
      await terminated;
      // Delve may send the program's last output just after `terminated` (its stdout reader races the exit).
      const outputText = () =>
        client.received
          .filter((m) => m.event === 'output')
          .map((m) => String(body<{ output: string }>(m).output))
          .join('');
      for (let waited = 0; !/done 3/.test(outputText()) && waited < 5_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      const output = outputText();
      assert.match(output, /done 3/, 'the program ran to its end');
      await client.request('disconnect', {});
      adapter.dispose();
      assert.deepEqual(await leftoverProcesses(ws.root), [], 'no dlv, relay or program left');
    } finally {
      adapter.dispose();
      await adapter.stop();
      killUnder(ws.root);
      ws.cleanup();
    }
  });
}

void test('inline: VS Code disposing the adapter mid-session (window closed) ends Delve and the program', async () => {
  chmodSync(STANDIN, 0o755);
  const ws = driveWorkspace();
  const adapter = new InlineBridgeAdapter(bridgeDependencies(adapterEnv(ws), process.platform));
  const client = new ObjectClient(adapter);
  try {
    const mainGo = `${ws.windowsDir}\\main.go`;
    await client.request('initialize', { adapterID: 'delve-bridge', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true });
    const initialized = client.event('initialized');
    await client.request('launch', {
      type: 'delve-bridge',
      request: 'launch',
      target: 'wsl',
      distro: DISTRO,
      mode: 'debug',
      program: ws.windowsDir,
      wslExecutable: STANDIN,
      automountRoot: ws.automountRoot,
      dlvPath: dlv,
    });
    await initialized;
    await client.request('setBreakpoints', { source: { path: mainGo }, breakpoints: [{ line: ADD_LINE }] });
    const stopped = client.event('stopped');
    await client.request('configurationDone');
    await stopped;
    await waitForProcess(ws.root, /dlv/);
    const before = client.received.length;
    adapter.dispose();
    await adapter.stop();
    assert.deepEqual(await leftoverProcesses(ws.root), [], 'no dlv, relay or program left');
    assert.equal(client.received.length, before, 'nothing is sent to a client that has gone');
    // A disposed adapter ignores what it is still handed.
    adapter.handleMessage({ seq: 99, type: 'request', command: 'threads' });
    assert.equal(client.received.length, before);
  } finally {
    adapter.dispose();
    killUnder(ws.root);
    ws.cleanup();
  }
});

void test('inline: malformed messages are answered with errors, and the session still works afterwards', async () => {
  const ws = driveWorkspace();
  const adapter = new InlineBridgeAdapter(bridgeDependencies(adapterEnv(ws), process.platform));
  const client = new ObjectClient(adapter);
  try {
    for (const bad of [null, 'launch', [1, 2], { seq: 'x', type: 'request', command: 'launch' }, { seq: 500, type: 'request' }])
      adapter.handleMessage(bad);
    const errors = client.received.filter((m) => m.type === 'response' && m.success === false);
    assert.equal(errors.length, 5);
    for (const e of errors) assert.match(String(e.message), /DAP|request/);
    const bad = await client.request('launch', { target: 'mars' }).catch((e: Error) => e);
    assert.match(String(bad), /"target" must be "local" or "wsl"/);
    const init = await client.request('initialize', { adapterID: 'delve-bridge' });
    assert.equal(init.success, true);
  } finally {
    adapter.dispose();
    await adapter.stop();
    ws.cleanup();
  }
});
