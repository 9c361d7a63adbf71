// A bare DAP client for the debug benches: drives `next` loops against dlv directly or through the bridge, with nothing else in the way.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DapReader, encodeDapMessage, type DapMessage } from '../src/debug/dapFraming';
import { killProcessTree } from '../src/platform/lifetime';
import { InlineBridgeAdapter, bridgeDependencies } from '../src/debug/inlineAdapter';

export const ROOT = path.resolve(__dirname, '..', '..');
export const ADAPTER = path.join(ROOT, 'dist', 'debugAdapter.js');
export const STANDIN = path.join(ROOT, 'test', 'support', 'wsl-standin.mjs');
/** The line of the loop body the benches stop on and step from. */
export const LOOP_LINE = 6;

const LOOP_PROGRAM = `package main

func main() {
	total := 0
	for i := 0; i < 100000000; i++ {
		total += i
		total ^= 1
	}
	println(total)
}
`;

export function findDlv(): string {
  if (process.env.DLV_PATH) return process.env.DLV_PATH;
  const gopath = execFileSync('go', ['env', 'GOPATH'], { encoding: 'utf8', timeout: 20_000 }).trim().split(path.delimiter)[0];
  return path.join(gopath, 'bin', 'dlv');
}

/** A loop program under `<tmp>/mnt/c/bench/loop` (Windows: `C:\bench\loop`). */
export function loopWorkspace(): { root: string; automountRoot: string; linuxDir: string; windowsDir: string; cleanup: () => void } {
  const root = mkdtempSync(path.join(tmpdir(), 'gohealth-bench-'));
  const linuxDir = path.join(root, 'mnt', 'c', 'bench', 'loop');
  mkdirSync(linuxDir, { recursive: true });
  writeFileSync(path.join(linuxDir, 'go.mod'), 'module example.com/loop\n\ngo 1.22\n');
  writeFileSync(path.join(linuxDir, 'main.go'), LOOP_PROGRAM);
  return {
    root,
    automountRoot: `${root}/mnt/`,
    linuxDir,
    windowsDir: 'C:\\bench\\loop',
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Request/response and event waiting over any byte pipe. */
export class BenchClient {
  private seq = 0;
  private readonly waiting = new Map<number, (m: DapMessage) => void>();
  private readonly eventWaiters: { event: string; resolve: (m: DapMessage) => void }[] = [];
  private readonly reader = new DapReader(
    (m) => this.dispatch(m),
    () => undefined,
  );

  /** `send`, when given, takes message objects instead of bytes (an in-process adapter, as VS Code's inline ones). */
  constructor(
    private readonly write: (b: Buffer) => void,
    private readonly send?: (m: DapMessage) => void,
  ) {}

  feed(bytes: Buffer): void {
    this.reader.push(bytes);
  }

  /** A message object from an in-process adapter. */
  deliver(message: DapMessage): void {
    this.dispatch(message);
  }

  request(command: string, args?: unknown): Promise<DapMessage> {
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, (m) => (m.success === true ? resolve(m) : reject(new Error(`${command}: ${String(m.message)}`))));
      const message = { seq, type: 'request', command, arguments: args };
      if (this.send) this.send(message);
      else this.write(encodeDapMessage(message));
    });
  }

  event(event: string): Promise<DapMessage> {
    return new Promise((resolve) => this.eventWaiters.push({ event, resolve }));
  }

  private dispatch(m: DapMessage): void {
    if (m.type === 'response' && typeof m.request_seq === 'number') {
      const w = this.waiting.get(m.request_seq);
      this.waiting.delete(m.request_seq);
      w?.(m);
    } else if (m.type === 'event') {
      const i = this.eventWaiters.findIndex((w) => w.event === m.event);
      if (i >= 0) this.eventWaiters.splice(i, 1)[0].resolve(m);
    }
  }
}

export interface Connected {
  client: BenchClient;
  close(): Promise<void>;
}

/** dlv dap on this machine, spoken to directly over TCP. */
export async function connectDirect(dlv: string, cwd: string): Promise<Connected> {
  const child = spawn(dlv, ['dap', '--listen=127.0.0.1:0'], { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 });
  const port = await new Promise<number>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (b: Buffer) => {
      text += b.toString();
      const m = /listening at: \S+:(\d+)/.exec(text);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', () => reject(new Error(`dlv exited: ${text}`)));
  });
  const socket = net.createConnection({ host: '127.0.0.1', port });
  socket.setNoDelay(true);
  await new Promise((r) => socket.once('connect', r));
  const client = new BenchClient((b) => socket.write(b));
  socket.on('data', (b: Buffer) => client.feed(b));
  return { client, close: () => closeProcess(child, () => socket.destroy()) };
}

/** The bridge adapter as its own process, over its stdin/stdout. */
export function connectBridge(env: NodeJS.ProcessEnv = process.env): Connected {
  const child = spawn(process.execPath, [ADAPTER], { env, detached: true, stdio: ['pipe', 'pipe', 'pipe'], timeout: 600_000 });
  const client = new BenchClient((b) => child.stdin.write(b));
  child.stdout.on('data', (b: Buffer) => client.feed(b));
  return { client, close: () => closeProcess(child, () => child.stdin.end()) };
}

/**
 * The bridge inside this process, driven as VS Code drives an inline adapter: message objects go
 * straight into the session and come straight back; Delve is reached over its socket as usual.
 */
export function connectInline(env: NodeJS.ProcessEnv = process.env): Connected {
  const adapter = new InlineBridgeAdapter(bridgeDependencies(env, process.platform));
  const client = new BenchClient(
    () => undefined,
    (m) => adapter.handleMessage(m),
  );
  adapter.onDidSendMessage((m) => client.deliver(m));
  return {
    client,
    close: async () => {
      adapter.dispose();
      await adapter.stop();
    },
  };
}

async function closeProcess(child: ChildProcess, hangUp: () => void): Promise<void> {
  hangUp();
  await Promise.race([new Promise((r) => child.once('exit', r)), new Promise((r) => setTimeout(r, 3000))]);
  if (child.pid !== undefined) await killProcessTree(child.pid);
}

/** initialize, launch, breakpoint on the loop body, run to it. Returns the stopped thread. */
export async function launchToLoop(client: BenchClient, launchArgs: Record<string, unknown>, mainGo: string): Promise<number> {
  await client.request('initialize', { adapterID: 'go', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true });
  const initialized = client.event('initialized');
  await client.request('launch', launchArgs);
  await initialized;
  await client.request('setBreakpoints', { source: { path: mainGo }, breakpoints: [{ line: LOOP_LINE }] });
  const stopped = client.event('stopped');
  await client.request('configurationDone');
  const event = await stopped;
  const threadId = (event.body as { threadId: number }).threadId;
  await client.request('setBreakpoints', { source: { path: mainGo }, breakpoints: [] });
  return threadId;
}

/** `count` next requests, each waited for until its response and its stopped event; total ms. */
export async function timeNexts(client: BenchClient, threadId: number, count: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const stopped = client.event('stopped');
    await client.request('next', { threadId });
    await stopped;
  }
  return performance.now() - start;
}

/**
 * A relay process that does nothing but copy bytes between its stdio and dlv's socket: the floor any
 * separate adapter process costs, against which the bridge's own overhead is judged.
 */
const NULL_RELAY = `
const { spawn } = require('child_process'); const net = require('net');
const dlv = spawn(process.argv[1], ['dap', '--listen=127.0.0.1:0'], { cwd: process.argv[2], stdio: ['ignore', 'pipe', 'ignore'] });
let text = ''; let s;
dlv.stdout.on('data', (b) => { text += b; const m = /:(\\d+)\\n/.exec(text);
  if (m && !s) { s = net.createConnection(+m[1], '127.0.0.1'); s.setNoDelay(true); process.stdin.pipe(s); s.pipe(process.stdout); s.on('close', () => { dlv.kill('SIGKILL'); process.exit(0); }); } });
process.stdin.on('end', () => { dlv.kill('SIGKILL'); process.exit(0); });
`;

export function connectNullRelay(dlv: string, cwd: string): Connected {
  const child = spawn(process.execPath, ['-e', NULL_RELAY, dlv, cwd], {
    detached: true,
    stdio: ['pipe', 'pipe', 'ignore'],
    timeout: 600_000,
  });
  const client = new BenchClient((b) => child.stdin.write(b));
  child.stdout.on('data', (b: Buffer) => client.feed(b));
  return { client, close: () => closeProcess(child, () => child.stdin.end()) };
}
