// Nothing outlives its owner: the CLI, the language server and the debug adapter end every process they started, however they end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI, Sandbox } from './cliHarness';
import { BridgeSession } from '../../src/debug/bridgeSession';
import { bridgeDependencies } from '../../src/debug/inlineAdapter';
import type { DapMessage } from '../../src/debug/dapFraming';
import { encodeDapMessage, DapReader } from '../../src/debug/dapFraming';
import {
  ADAPTER,
  driveWorkspace,
  findDlv,
  killUnder,
  leftoverProcesses,
  processesUnder,
  type Workspace,
} from '../support/wsl-standin-harness';

const SERVER = path.resolve(__dirname, '../../../dist/server.js');

/** Alive and not a zombie. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

function pidsIn(file: string): number[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number) : [];
}

async function until<T>(what: string, probe: () => T | undefined | false, waitMs = 20_000): Promise<T> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits (bounded) until every pid is gone, and returns those still alive. */
async function survivors(pids: number[], waitMs = 10_000): Promise<number[]> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const left = pids.filter(alive);
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((r) => setTimeout(r, 50));
  }
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/**
 * A go that hangs the way a real one can (a stuck network file system, a wrapper waiting on a lock): it records its
 * own pid and its child's, which inherits nothing but sits in the same process group.
 */
function hangingGo(sb: Sandbox, pidFile: string): NodeJS.ProcessEnv {
  const go = sb.script('hang/bin/go', `echo $$ >> ${pidFile}\nsleep 600 &\necho $! >> ${pidFile}\nwait`);
  const env = sb.env();
  env.PATH = `${path.dirname(go)}:${env.PATH}`;
  return env;
}

/**
 * The pids of the first go spawn, once the second has started too. A child can run before `spawn()` returns to
 * its parent, so a SIGKILL in that instant would hit a parent that has not yet taken note of it; the second
 * spawn starting proves the first was taken note of.
 */
function firstSpawnOnceSecondStarted(pidFile: string): Promise<number[]> {
  return until('both go spawns', () => (pidsIn(pidFile).length >= 4 ? pidsIn(pidFile).slice(0, 2) : undefined));
}

for (const ending of ['SIGINT', 'SIGTERM', 'SIGKILL'] as const) {
  void test(`the CLI ended by ${ending} while go hangs leaves no process behind`, async () => {
    const sb = new Sandbox();
    try {
      const pidFile = path.join(sb.root, 'pids');
      const ws = sb.module('ws', 'module example.com/ws\n\ngo 1.22\n');
      const cli = spawn(process.execPath, [CLI, 'check', '--cwd', ws, '--timeout-ms', '600000'], {
        env: hangingGo(sb, pidFile),
        stdio: 'ignore',
      });
      const pids = await firstSpawnOnceSecondStarted(pidFile);
      cli.kill(ending);
      const end = await exited(cli);
      if (ending === 'SIGKILL') assert.equal(end.signal, 'SIGKILL');
      else assert.equal(end.code, ending === 'SIGINT' ? 130 : 143, 'exits with the status of a death by that signal');
      assert.deepEqual(await survivors(pids), [], 'every go process and what it started is gone');
    } finally {
      killUnder(sb.root);
      sb.cleanup();
    }
  });
}

/** A language server on stdio, with the probes of its first check hanging. */
class ServerUnderTest {
  readonly child: ChildProcess;
  private readonly reader: DapReader;
  private readonly replies = new Map<number, (m: DapMessage) => void>();

  constructor(env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, [SERVER, '--stdio'], { env, stdio: ['pipe', 'pipe', 'ignore'] });
    // LSP frames like DAP: Content-Length headers and a JSON body.
    this.reader = new DapReader(
      (m) => {
        if (typeof m.id === 'number' && m.method === undefined) this.replies.get(m.id)?.(m);
      },
      () => undefined,
    );
    this.child.stdout!.on('data', (b: Buffer) => this.reader.push(b));
    this.child.stdin!.on('error', () => undefined);
  }

  send(message: object): void {
    this.child.stdin!.write(encodeDapMessage({ jsonrpc: '2.0', ...message }));
  }

  request(id: number, method: string, params: unknown): Promise<DapMessage> {
    return new Promise((resolve) => {
      this.replies.set(id, resolve);
      this.send({ id, method, params });
    });
  }

  async initialize(folder: string): Promise<void> {
    const uri = pathToFileURL(folder).href;
    await this.request(1, 'initialize', { processId: null, rootUri: uri, workspaceFolders: [{ uri, name: 'ws' }], capabilities: {} });
    this.send({ method: 'initialized', params: {} });
  }
}

const serverEndings: { name: string; end: (s: ServerUnderTest) => Promise<void> }[] = [
  {
    name: 'shutdown then exit',
    end: async (s) => {
      await s.request(2, 'shutdown', null);
      s.send({ method: 'exit' });
    },
  },
  { name: 'shutdown alone', end: async (s) => void (await s.request(2, 'shutdown', null)) },
  { name: 'its stdin closed', end: async (s) => void s.child.stdin!.end() },
  { name: 'SIGTERM', end: async (s) => void s.child.kill('SIGTERM') },
  { name: 'SIGKILL', end: async (s) => void s.child.kill('SIGKILL') },
];

for (const ending of serverEndings) {
  void test(`the language server ended by ${ending.name} while a check hangs leaves no probe behind`, async () => {
    const sb = new Sandbox();
    let server: ServerUnderTest | undefined;
    try {
      const pidFile = path.join(sb.root, 'pids');
      const ws = sb.module('ws', 'module example.com/ws\n\ngo 1.22\n');
      const env = hangingGo(sb, pidFile);
      server = new ServerUnderTest(env);
      await server.initialize(ws);
      const pids = await firstSpawnOnceSecondStarted(pidFile);
      await ending.end(server);
      assert.deepEqual(await survivors(pids), [], 'every probe and what it started is gone');
    } finally {
      server?.child.kill('SIGKILL');
      killUnder(sb.root);
      sb.cleanup();
    }
  });
}

const dlv = findDlv();

function launchRequest(ws: Workspace, seq: number): DapMessage {
  return {
    type: 'request',
    seq,
    command: 'launch',
    arguments: { type: 'delve-bridge', request: 'launch', target: 'local', program: ws.linuxDir, dlvPath: dlv },
  };
}

/** The dlv dap processes running in the workspace now. */
function delveProcesses(ws: Workspace): number[] {
  return processesUnder(ws.root)
    .filter((p) => /dlv dap/.test(p.cmdline))
    .map((p) => p.pid);
}

void test('the debug client going away while Delve starts (5-30 ms after launch) never leaves a dlv dap running, 10 of 10', async () => {
  const ws = driveWorkspace();
  try {
    for (let i = 0; i < 10; i++) {
      const adapter = spawn(process.execPath, [ADAPTER], { stdio: ['pipe', 'pipe', 'ignore'] });
      adapter.stdin!.on('error', () => undefined);
      adapter.stdin!.write(encodeDapMessage({ type: 'request', seq: 1, command: 'initialize', arguments: { adapterID: 'delve-bridge' } }));
      adapter.stdin!.write(encodeDapMessage(launchRequest(ws, 2)));
      const delay = 5 + ((i * 25) % 26);
      await new Promise((r) => setTimeout(r, delay));
      // The client goes away: half the time by closing the pipe, half the time by SIGTERM (an editor window closed).
      if (i % 2 === 0) adapter.stdin!.end();
      else adapter.kill('SIGTERM');
      await exited(adapter);
      const left = await leftoverProcesses(ws.root, 10_000);
      assert.deepEqual(left, [], `round ${i} (${delay} ms): nothing is left running`);
    }
  } finally {
    killUnder(ws.root);
    ws.cleanup();
  }
});

void test('the debug adapter killed with SIGKILL while Delve starts leaves no dlv dap behind', async () => {
  const ws = driveWorkspace();
  try {
    const adapter = spawn(process.execPath, [ADAPTER], { stdio: ['pipe', 'pipe', 'ignore'] });
    adapter.stdin!.on('error', () => undefined);
    adapter.stdin!.write(encodeDapMessage({ type: 'request', seq: 1, command: 'initialize', arguments: { adapterID: 'delve-bridge' } }));
    adapter.stdin!.write(encodeDapMessage(launchRequest(ws, 2)));
    await until('dlv dap to start', () => delveProcesses(ws).length > 0);
    adapter.kill('SIGKILL');
    await exited(adapter);
    assert.deepEqual(await leftoverProcesses(ws.root, 10_000), [], 'the watchdog ended Delve');
  } finally {
    killUnder(ws.root);
    ws.cleanup();
  }
});

void test('a Delve that accepts the connection and never answers fails the launch after the start-up limit, and is ended', async () => {
  const ws = driveWorkspace();
  const fake = path.join(ws.root, 'silent-dlv.mjs');
  // Listens, says so the way Delve does, takes connections and never writes a byte.
  writeFileSync(
    fake,
    `#!${process.execPath}\nimport * as net from 'node:net';\nconst s = net.createServer(() => {});\ns.listen(0, '127.0.0.1', () => console.log('DAP server listening at: 127.0.0.1:' + s.address().port));\n`,
  );
  chmodSync(fake, 0o755);
  const received: DapMessage[] = [];
  const session = BridgeSession.forMessages((m) => received.push(m), { ...bridgeDependencies(), startTimeoutMs: 1_500 });
  try {
    session.handleClientMessage({ type: 'request', seq: 1, command: 'initialize', arguments: {} });
    session.handleClientMessage({
      type: 'request',
      seq: 2,
      command: 'launch',
      arguments: { type: 'delve-bridge', request: 'launch', target: 'local', program: ws.linuxDir, dlvPath: fake },
    });
    const answer = await until('the launch answer', () => received.find((m) => m.type === 'response' && m.command === 'launch'), 30_000);
    assert.equal(answer.success, false);
    assert.match(String(answer.message), /did not answer within 2 s/);
    await until('terminated', () => received.some((m) => m.event === 'terminated'), 30_000);
    assert.deepEqual(await leftoverProcesses(ws.root, 10_000), [], 'the silent Delve was ended');
  } finally {
    await session.clientGone();
    killUnder(ws.root);
    ws.cleanup();
  }
});

void test('a program in a missing directory names the directory, not "spawn dlv ENOENT"', async () => {
  const ws = driveWorkspace();
  const received: DapMessage[] = [];
  const session = BridgeSession.forMessages((m) => received.push(m), bridgeDependencies());
  try {
    const missing = path.join(ws.root, 'no', 'such', 'dir');
    session.handleClientMessage({ type: 'request', seq: 1, command: 'initialize', arguments: {} });
    session.handleClientMessage({
      type: 'request',
      seq: 2,
      command: 'launch',
      arguments: { type: 'delve-bridge', request: 'launch', target: 'local', program: missing, dlvPath: dlv },
    });
    const answer = await until('the launch answer', () => received.find((m) => m.type === 'response' && m.command === 'launch'), 30_000);
    assert.equal(answer.success, false);
    assert.ok(String(answer.message).includes(missing), String(answer.message));
    assert.doesNotMatch(String(answer.message), /ENOENT/);
  } finally {
    await session.clientGone();
    ws.cleanup();
  }
});
