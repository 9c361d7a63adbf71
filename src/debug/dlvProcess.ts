// Starts and stops `dlv dap`: on this machine, or inside a WSL distro through wsl.exe (stdio relay or TCP).
import type { ChildProcess } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { RELAY_READY_MARKER, RELAY_SCRIPT } from './relayScript';
import { execFile as runFile, spawnOwned, type OwnedChild } from '../platform/exec';
import { killProcessTree } from '../platform/lifetime';
// wsl.exe writes its own messages in UTF-16LE; programs inside the distro write UTF-8.
import { decodeWslOutput, discoverDistros } from '../wsl/distros';

export interface DelveStartSpec {
  target: 'local' | 'wsl';
  /** Only for `wsl`: `stdio` relays DAP through wsl.exe's stdin/stdout; `tcp` connects to Delve's port. */
  transport: 'stdio' | 'tcp';
  /** Absolute dlv path (on this machine for `local`, inside the distro for `wsl`); found when omitted. */
  dlvPath?: string;
  /** Working directory for Delve: a native path (`local`) or a Linux path (`wsl`). */
  cwd?: string;
  distro?: string;
  wslExecutable?: string;
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  /** Gives up when Delve has not started listening by then. */
  startTimeoutMs?: number;
  /** Aborting it (the client went away) ends the start-up: Delve and what it started are stopped, the start fails. */
  signal?: AbortSignal;
  /** Text Delve, the relay or wsl.exe printed outside DAP: the user should see it. */
  onLog: (text: string) => void;
}

/** A DAP byte channel to one Delve, and the processes behind it. */
export interface DelveChannel {
  /** Says where Delve runs, for messages. */
  readonly description: string;
  write(bytes: Buffer): void;
  onData(listener: (bytes: Buffer) => void): void;
  /** Called once, when the channel closes for whatever reason (`stop()` included). */
  onEnd(listener: (reason: string) => void): void;
  /** Closes the channel and ends Delve and everything it started; resolves when none of it is left. */
  stop(): Promise<void>;
  readonly pid: number | undefined;
}

export class DelveStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DelveStartError';
  }
}

const LISTENING = /DAP server listening at:\s*(\S+):(\d+)/;
const DEFAULT_START_TIMEOUT_MS = 30_000;
/** How long Delve gets to end by itself after its channel closed, before it is killed. */
const EXIT_GRACE_MS = 2_000;

async function isDirectory(dir: string): Promise<boolean> {
  return (await fsp.stat(dir).catch(() => undefined))?.isDirectory() === true;
}

async function isExecutableFile(file: string): Promise<boolean> {
  try {
    const st = await fsp.stat(file);
    if (!st.isFile()) return false;
    await fsp.access(file, 1 /* X_OK */);
    return true;
  } catch {
    return false;
  }
}

/**
 * dlv on this machine: `dlvPath`, else the first absolute PATH entry holding it, else GOPATH/bin
 * (first GOPATH entry, or ~/go). Relative PATH entries are skipped: never run a dlv from the current folder.
 */
async function findLocalDlv(
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform,
  isExecutable: (file: string) => Promise<boolean> = isExecutableFile,
): Promise<string | undefined> {
  const api = platform === 'win32' ? path.win32 : path.posix;
  const exe = platform === 'win32' ? 'dlv.exe' : 'dlv';
  const get = (name: string) => (platform === 'win32' ? Object.entries(env).find(([k]) => k.toUpperCase() === name)?.[1] : env[name]);
  const candidates: string[] = [];
  for (const dir of (get('PATH') ?? '').split(api.delimiter)) if (dir !== '' && api.isAbsolute(dir)) candidates.push(api.join(dir, exe));
  const gopath = (get('GOPATH') ?? '').split(api.delimiter).find((d) => d !== '' && api.isAbsolute(d));
  const home = get(platform === 'win32' ? 'USERPROFILE' : 'HOME');
  if (gopath) candidates.push(api.join(gopath, 'bin', exe));
  if (home && api.isAbsolute(home)) candidates.push(api.join(home, 'go', 'bin', exe));
  for (const c of candidates) if (await isExecutable(c)) return c;
  return undefined;
}

/** Starts Delve as the spec says and returns the open DAP channel to it. */
export async function startDelve(spec: DelveStartSpec): Promise<DelveChannel> {
  if (spec.target === 'local') return startLocal(spec);
  return startInWsl(spec);
}

async function startLocal(spec: DelveStartSpec): Promise<DelveChannel> {
  const dlv = spec.dlvPath ?? (await findLocalDlv(spec.env, spec.platform));
  if (!dlv) {
    throw new DelveStartError(
      'Delve (dlv) was not found on PATH or in GOPATH/bin. Install it with `go install github.com/go-delve/delve/cmd/dlv@latest` or set "dlvPath".',
    );
  }
  if (spec.cwd !== undefined && !(await isDirectory(spec.cwd))) {
    // Spawning in a missing directory fails as "spawn dlv ENOENT", which blames dlv.
    throw new DelveStartError(
      `The working directory ${spec.cwd} does not exist: set "cwd" to an existing directory, or check "program" (its directory is the default).`,
    );
  }
  if (spec.signal?.aborted) throw new DelveStartError('The debug session ended before Delve started.');
  const child = spawnDetached(dlv, ['dap', '--listen=127.0.0.1:0'], spec, ['ignore', 'pipe', 'pipe']);
  return connectWhenListening(child, spec, `Delve (${dlv})`, spec.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS);
}

async function startInWsl(spec: DelveStartSpec): Promise<DelveChannel> {
  if (!spec.wslExecutable) throw new DelveStartError('No wsl.exe to start Delve in WSL ("wslExecutable").');
  const args = [
    ...(spec.distro ? ['-d', spec.distro] : []),
    ...(spec.cwd ? ['--cd', spec.cwd] : []),
    '--exec',
    'bash',
    '-lc',
    RELAY_SCRIPT,
    'gohealth-relay',
    spec.transport,
    spec.dlvPath ?? '',
  ];
  const where = `Delve in WSL distro ${spec.distro ? `"${spec.distro}"` : '(default)'}`;
  if (spec.signal?.aborted) throw new DelveStartError('The debug session ended before Delve started.');
  const child = spawnDetached(spec.wslExecutable, args, { ...spec, cwd: undefined }, ['pipe', 'pipe', 'pipe']);
  if (spec.transport === 'tcp') return connectWhenListening(child, spec, where, spec.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS);
  return relayThroughStdio(child, spec, where, spec.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS);
}

function spawnDetached(file: string, args: string[], spec: DelveStartSpec, stdio: ('pipe' | 'ignore')[]): OwnedChild {
  // A session of its own on POSIX, so everything it starts can be found and ended with it; owned by this process.
  return spawnOwned(file, args, { cwd: spec.cwd, env: spec.env, stdio: stdio as ['pipe', 'pipe', 'pipe'] });
}

/** Collects what a process printed while starting, for the error message when it fails. */
class StartupTranscript {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  add(bytes: Buffer): void {
    if (this.size > 64 * 1024) return;
    this.chunks.push(bytes);
    this.size += bytes.length;
  }
  text(): string {
    return decodeWslOutput(Buffer.concat(this.chunks)).trim();
  }
}

/**
 * One channel's start-up: it settles once, with the channel, or with the reason it failed (the channel
 * and what it started are then stopped), or when `timeoutMs` passes first.
 */
class Startup {
  settled = false;
  readonly transcript = new StartupTranscript();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly channel: ChannelBase,
    private readonly resolve: (channel: DelveChannel) => void,
    private readonly reject: (error: Error) => void,
    timeoutMs: number,
    timeoutMessage: () => string,
    signal: AbortSignal | undefined,
  ) {
    this.timer = setTimeout(() => this.fail(timeoutMessage()), timeoutMs);
    // The client went away while Delve was starting: a Delve left listening would take any local connection.
    signal?.addEventListener('abort', () => this.fail('The debug session ended before Delve was ready.'), { once: true });
  }

  fail(message: string): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    void this.channel.stop().finally(() => this.reject(new DelveStartError(message)));
  }

  succeed(): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    this.resolve(this.channel);
  }
}

function exitDescription(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) return `was killed (${signal})`;
  if (code === null) return 'ended';
  return `exited with code ${code >>> 0 === 4294967295 ? '-1 (4294967295)' : code}`;
}

/** Base for both kinds of channel: end-of-life bookkeeping and the stop sequence. */
class ChannelBase implements DelveChannel {
  private dataListener: ((bytes: Buffer) => void) | undefined;
  private readonly pendingData: Buffer[] = [];
  private endListener: ((reason: string) => void) | undefined;
  private endReason: string | undefined;
  private stopping: Promise<void> | undefined;
  protected exited: Promise<void>;

  protected readonly child: ChildProcess;

  constructor(
    readonly description: string,
    private readonly owned: OwnedChild,
    private readonly writer: (bytes: Buffer) => void,
    private readonly closeChannel: () => void,
  ) {
    const child = (this.child = owned.child);
    this.exited = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else {
        child.once('exit', () => resolve());
        // A process that could not start (ENOENT, EACCES) never exits.
        child.once('error', () => {
          if (child.pid === undefined) resolve();
        });
      }
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  write(bytes: Buffer): void {
    if (this.endReason === undefined) this.writer(bytes);
  }

  onData(listener: (bytes: Buffer) => void): void {
    this.dataListener = listener;
    for (const b of this.pendingData.splice(0)) listener(b);
  }

  onEnd(listener: (reason: string) => void): void {
    this.endListener = listener;
    if (this.endReason !== undefined) listener(this.endReason);
  }

  deliver(bytes: Buffer): void {
    if (this.dataListener) this.dataListener(bytes);
    else this.pendingData.push(bytes);
  }

  end(reason: string): void {
    if (this.endReason !== undefined) return;
    this.endReason = reason;
    this.endListener?.(reason);
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.end('stopped');
      this.closeChannel();
      const pid = this.child.pid;
      await Promise.race([this.exited, new Promise((r) => setTimeout(r, EXIT_GRACE_MS).unref())]);
      // Even when Delve ended by itself, the program it debugged may be left (e.g. Delve was killed).
      if (pid !== undefined) await killProcessTree(pid);
      await this.exited;
      this.owned.release();
    })();
    return this.stopping;
  }
}

/** Waits for "DAP server listening at: host:port" on stdout, then connects a socket to it. */
function connectWhenListening(owned: OwnedChild, spec: DelveStartSpec, where: string, timeoutMs: number): Promise<DelveChannel> {
  const { child } = owned;
  return new Promise((resolve, reject) => {
    let lineBuffer = '';
    let socket: net.Socket | undefined;
    const channel = new ChannelBase(
      where,
      owned,
      (b) => socket?.write(b),
      () => {
        socket?.destroy();
        child.stdin?.end();
      },
    );
    const startup: Startup = new Startup(
      channel,
      resolve,
      reject,
      timeoutMs,
      () => `${where} did not start listening within ${Math.round(timeoutMs / 1000)} s. ${startup.transcript.text()}`.trim(),
      spec.signal,
    );
    const { transcript } = startup;
    const fail = (message: string) => startup.fail(message);

    child.on('error', (e) => fail(`Could not start ${where}: ${e.message}`));
    child.stderr?.on('data', (b: Buffer) => {
      if (!startup.settled) transcript.add(b);
      else spec.onLog(decodeWslOutput(b));
    });
    child.stdout?.on('data', (b: Buffer) => {
      if (startup.settled) {
        spec.onLog(decodeWslOutput(b));
        return;
      }
      transcript.add(b);
      lineBuffer += decodeWslOutput(b);
      const match = LISTENING.exec(lineBuffer);
      if (!match) return;
      const after = lineBuffer.slice(match.index + match[0].length).replace(/^\r?\n/, '');
      // Inside WSL the port is reached through localhost forwarding, whatever address Delve printed.
      const host = spec.target === 'wsl' ? '127.0.0.1' : match[1];
      const port = Number(match[2]);
      const s = net.createConnection({ host, port });
      socket = s;
      s.setNoDelay(true);
      s.once('connect', () => {
        if (startup.settled) return;
        if (after.trim() !== '') spec.onLog(after);
        startup.succeed();
      });
      s.on('data', (d: Buffer) => channel.deliver(d));
      s.on('error', (e) => {
        if (!startup.settled) {
          const hint =
            spec.target === 'wsl'
              ? ' Another program may hold that port on Windows, or WSL localhost forwarding is off; transport "stdio" needs neither.'
              : '';
          fail(`Could not connect to ${where} at ${host}:${port}: ${e.message}.${hint}`);
        }
      });
      s.on('close', () => channel.end(`the connection to ${where} closed`));
    });
    child.on('exit', (code, signal) => {
      if (!startup.settled) fail(`${where} ${exitDescription(code, signal)} before it was ready. ${transcript.text()}`.trim());
      else channel.end(`${where} ${exitDescription(code, signal)}`);
    });
  });
}

/** wsl.exe's own stdin/stdout carry DAP once the relay inside the distro printed its ready marker. */
function relayThroughStdio(owned: OwnedChild, spec: DelveStartSpec, where: string, timeoutMs: number): Promise<DelveChannel> {
  const { child } = owned;
  return new Promise((resolve, reject) => {
    const marker = Buffer.from(`${RELAY_READY_MARKER}\n`);
    let before = Buffer.alloc(0);
    const channel = new ChannelBase(
      where,
      owned,
      (b) => child.stdin?.write(b),
      () => child.stdin?.end(),
    );
    const startup: Startup = new Startup(
      channel,
      resolve,
      reject,
      timeoutMs,
      () => `${where} did not start within ${Math.round(timeoutMs / 1000)} s. ${startup.transcript.text()}`.trim(),
      spec.signal,
    );
    const { transcript } = startup;
    const fail = (message: string) => startup.fail(message);

    child.on('error', (e) => fail(`Could not start ${where} with ${spec.wslExecutable}: ${e.message}`));
    child.stdin?.on('error', () => undefined); // EPIPE after the relay died: the exit handler reports it.
    child.stderr?.on('data', (b: Buffer) => {
      if (!startup.settled) transcript.add(b);
      else spec.onLog(decodeWslOutput(b));
    });
    child.stdout?.on('data', (b: Buffer) => {
      if (startup.settled) {
        channel.deliver(b);
        return;
      }
      before = Buffer.concat([before, b]);
      const at = before.indexOf(marker);
      if (at < 0) {
        if (before.length > 1024 * 1024)
          fail(`${where}: no relay marker after 1 MiB of output. ${decodeWslOutput(before.subarray(0, 400))}`);
        return;
      }
      const noise = decodeWslOutput(before.subarray(0, at)).trim();
      if (noise !== '') spec.onLog(`${noise}\n`);
      const rest = before.subarray(at + marker.length);
      if (rest.length > 0) channel.deliver(rest);
      startup.succeed();
    });
    child.on('exit', (code, signal) => {
      if (!startup.settled) {
        transcript.add(before);
        fail(`${where} ${exitDescription(code, signal)} before it was ready: ${transcript.text() || 'no output'}`);
      } else {
        // DAP bytes still in the pipe (Delve's last response) are delivered before the end is reported.
        const report = () => channel.end(`${where} ${exitDescription(code, signal)}`);
        if (child.stdout?.readableEnded) report();
        else {
          const t = setTimeout(report, 500);
          child.stdout?.once('end', () => {
            clearTimeout(t);
            report();
          });
        }
      }
    });
  });
}

/** The default distro's name from `wsl.exe --list --verbose` (the row marked `*`), or undefined. */
export async function queryDefaultDistro(wslExecutable: string, timeoutMs = 10_000): Promise<string | undefined> {
  const found = await discoverDistros(runFile, wslExecutable, { timeoutMs });
  return found.ok ? found.defaultDistro : undefined;
}
