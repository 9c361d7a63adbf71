// The delve-bridge DAP session: answers initialize, starts Delve on launch/attach, then relays every message both ways with paths rewritten.
// The message classes alone: the adapter's framing is our own DapReader, which bounds what a peer can make it buffer.
import { Event, Response } from '@vscode/debugadapter/lib/messages';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { DapReader, encodeDapMessage, type DapFrameError, type DapMessage } from './dapFraming';
import { MAX_JSON_DEPTH, valueNestsDeeperThan } from '../shared/jsonDepth';
import { DelveStartError, type DelveChannel, type DelveStartSpec } from './dlvProcess';
import { delveRequestArguments, effectiveClientCwd, parseBridgeAttributes, type BridgeAttributes } from './launchAttributes';
import { PathRewriter, type PathTranslator } from './pathRewriter';
import { localTranslator, wslTranslator } from './pathTranslators';

export interface BridgeDependencies {
  startDelve(spec: DelveStartSpec): Promise<DelveChannel>;
  /** The WSL default distro's name, needed to translate `\\wsl.localhost\…` paths when `distro` is omitted. */
  defaultDistro(wslExecutable: string): Promise<string | undefined>;
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  /** Receives the bridge's own processing time for each relayed message (framing, JSON, rewrite, forward). */
  onTiming?: (direction: 'toDelve' | 'toClient', nanoseconds: number) => void;
  /** How long Delve may take to listen, and then to answer `initialize`; 30 s when unset. */
  startTimeoutMs?: number;
}

/**
 * What the bridge announces before Delve runs (it only starts at launch/attach). Delve's real
 * answer follows as a `capabilities` event. Terminate is emulated with Delve's disconnect;
 * restart is left to the client (disconnect + launch), which needs no rewriting of its arguments.
 */
const BRIDGE_CAPABILITIES: Readonly<Record<string, unknown>> = {
  supportsConfigurationDoneRequest: true,
  supportsConditionalBreakpoints: true,
  supportsHitConditionalBreakpoints: true,
  supportsDelayedStackTraceLoading: true,
  supportsFunctionBreakpoints: true,
  supportsInstructionBreakpoints: true,
  supportsExceptionInfoRequest: true,
  supportsSetVariable: true,
  supportsEvaluateForHovers: true,
  supportsClipboardContext: true,
  supportsSteppingGranularity: true,
  supportsLogPoints: true,
  supportsDisassembleRequest: true,
  supportsReadMemoryRequest: true,
  supportsWriteMemoryRequest: true,
  supportsTerminateRequest: true,
  supportsRestartRequest: false,
  exceptionBreakpointFilters: [
    { filter: 'unrecovered', label: 'Unrecovered Panics', default: true },
    { filter: 'fatal', label: 'Fatal Throws', default: true },
  ],
};

const BRIDGE_OVERRIDES = { supportsTerminateRequest: true, supportsRestartRequest: false };
const DISCONNECT_TIMEOUT_MS = 5_000;
const START_TIMEOUT_MS = 30_000;

type State = 'idle' | 'starting' | 'running' | 'ended';

/** A request sent to Delve whose response the bridge must route. */
interface Pending {
  /** The client's seq, or undefined for the bridge's own requests. */
  clientSeq?: number;
  /** The command the client asked for (differs from Delve's when the bridge emulates one). */
  clientCommand: string;
  onResponse?: (response: DapMessage) => void;
}

export class BridgeSession {
  private state: State = 'idle';
  private readonly clientReader: DapReader;
  private readonly delveReader: DapReader;
  private delve: DelveChannel | undefined;
  private rewriter: PathRewriter = new PathRewriter(localTranslator());
  private initializeArguments: Record<string, unknown> = {};
  private readonly queued: DapMessage[] = [];
  private readonly pending = new Map<number, Pending>();
  /** Delve's reverse requests, by the seq the client sees, to the seq Delve gave them. */
  private readonly reverseRequests = new Map<number, number>();
  private seqToClient = 0;
  private seqToDelve = 0;
  private terminatedSent = false;
  private disconnecting = false;
  private delveSupportsTerminate = false;
  private doneListener: (() => void) | undefined;
  private done = false;
  /** While Delve starts: aborting it stops the start-up; `delveStarting` settles when startDelve does. */
  private readonly startAbort = new AbortController();
  private delveStarting: Promise<DelveChannel | undefined> | undefined;
  private messagesInChunk = 0;

  /** Set for a client that exchanges message objects instead of bytes (see {@link BridgeSession.forMessages}). */
  private messageSink: ((message: DapMessage) => void) | undefined;

  constructor(
    private readonly sendToClient: (bytes: Buffer) => void,
    private readonly deps: BridgeDependencies,
  ) {
    this.clientReader = new DapReader(
      (m) => this.fromClient(m),
      (e) => this.clientFrameError(e),
    );
    this.delveReader = new DapReader(
      (m) => this.fromDelve(m),
      (e) => this.output(`Ignored a malformed message from Delve: ${e.detail}\n`, 'stderr'),
    );
  }

  /**
   * A session whose client hands over message objects and takes them back (VS Code's inline debug
   * adapters): no DAP framing or JSON on the client's side; feed it with {@link handleClientMessage}.
   */
  static forMessages(sendMessage: (message: DapMessage) => void, deps: BridgeDependencies): BridgeSession {
    const session = new BridgeSession(() => undefined, deps);
    session.messageSink = sendMessage;
    return session;
  }

  /** One message from a client that speaks in objects; it is checked exactly as a framed one would be, and never modified. */
  handleClientMessage(message: DapMessage): void {
    this.timed('toDelve', () => {
      if (typeof message !== 'object' || message === null || Array.isArray(message))
        this.clientFrameError({ reason: 'not-an-object', detail: 'a DAP message must be an object' });
      else if (valueNestsDeeperThan(message))
        this.clientFrameError({ reason: 'too-deep', detail: `the message nests more than ${MAX_JSON_DEPTH} levels deep` });
      else this.fromClient(message);
    });
  }

  private emit(message: DapMessage): void {
    if (this.messageSink) this.messageSink(message);
    else this.sendToClient(encodeDapMessage(message));
  }

  /** Called once the session is over and the adapter may exit. */
  onDone(listener: () => void): void {
    this.doneListener = listener;
    if (this.done) listener();
  }

  handleClientBytes(chunk: Buffer): void {
    this.timed('toDelve', () => this.clientReader.push(chunk));
  }

  /** The client went away without disconnecting: end Delve and everything it started. */
  async clientGone(): Promise<void> {
    this.disconnecting = true;
    await this.finish();
    this.markDone();
  }

  private timed(direction: 'toDelve' | 'toClient', work: () => void): void {
    if (!this.deps.onTiming) {
      work();
      return;
    }
    const start = process.hrtime.bigint();
    this.messagesInChunk = 0;
    work();
    const count = this.messagesInChunk;
    if (count > 0) this.deps.onTiming(direction, Number(process.hrtime.bigint() - start) / count);
  }

  // ---- client side ----

  private clientFrameError(error: DapFrameError): void {
    this.respondError(0, 'unknown', `Malformed DAP message (${error.reason}): ${error.detail}`);
  }

  private fromClient(message: DapMessage): void {
    this.messagesInChunk++;
    const seq = typeof message.seq === 'number' && Number.isSafeInteger(message.seq) ? message.seq : undefined;
    const command = typeof message.command === 'string' ? message.command : undefined;
    if (message.type === 'response') {
      this.forwardReverseResponse(message);
      return;
    }
    if (message.type !== 'request' || seq === undefined || command === undefined) {
      this.respondError(
        seq ?? 0,
        command ?? 'unknown',
        'Invalid DAP request: it needs "type": "request", a numeric "seq" and a "command".',
      );
      return;
    }
    switch (this.state) {
      case 'idle':
        this.whileIdle(message, seq, command);
        return;
      case 'starting':
        this.queued.push(message);
        return;
      case 'running':
        this.forwardRequest(message, seq, command);
        return;
      case 'ended':
        if (command === 'disconnect' || command === 'terminate') {
          this.respond(seq, command, {});
          this.markDone();
        } else this.respondError(seq, command, 'The debug session has ended.');
    }
  }

  private whileIdle(message: DapMessage, seq: number, command: string): void {
    const args = message.arguments;
    switch (command) {
      case 'initialize':
        this.initializeArguments = isObject(args) ? args : {};
        this.respond(seq, command, { ...BRIDGE_CAPABILITIES });
        return;
      case 'launch':
      case 'attach':
        void this.start(message, seq, command);
        return;
      case 'disconnect':
      case 'terminate':
        this.state = 'ended';
        this.respond(seq, command, {});
        this.markDone();
        return;
      default:
        this.respondError(seq, command, `"${command}" needs a running debug session: send launch or attach first.`);
    }
  }

  private forwardRequest(message: DapMessage, seq: number, command: string): void {
    const rewritten = this.rewriter.toDebugger(message);
    if ('error' in rewritten) {
      this.respondError(seq, command, `Cannot translate a path for Delve: ${rewritten.error}`);
      return;
    }
    let outgoing = rewritten.message;
    if (command === 'disconnect') this.disconnecting = true;
    if (command === 'terminate' && !this.delveSupportsTerminate) {
      // Delve has no terminate request; disconnecting with terminateDebuggee ends the program the same way.
      outgoing = { ...outgoing, command: 'disconnect', arguments: { terminateDebuggee: true } };
      this.disconnecting = true;
    }
    const ending = command === 'disconnect' || command === 'terminate';
    this.sendToDelve(outgoing, {
      clientSeq: seq,
      clientCommand: command,
      onResponse: ending ? (r) => void this.afterDisconnect(r, seq, command) : undefined,
    });
    if (ending) {
      // A Delve that no longer answers must not keep the client waiting: end it anyway.
      const delveSeq = this.seqToDelve;
      setTimeout(() => {
        const p = this.pending.get(delveSeq);
        if (!p) return;
        this.pending.delete(delveSeq);
        p.onResponse?.({ type: 'response', success: true, request_seq: delveSeq, command });
      }, DISCONNECT_TIMEOUT_MS).unref();
    }
  }

  private forwardReverseResponse(message: DapMessage): void {
    if (this.state !== 'running' || typeof message.request_seq !== 'number') return;
    const delveSeq = this.reverseRequests.get(message.request_seq);
    if (delveSeq === undefined) return;
    this.reverseRequests.delete(message.request_seq);
    const out = { ...message, seq: ++this.seqToDelve, request_seq: delveSeq };
    this.delve?.write(encodeDapMessage(out));
  }

  // ---- starting Delve ----

  private async start(message: DapMessage, seq: number, command: 'launch' | 'attach'): Promise<void> {
    this.state = 'starting';
    const parsed = parseBridgeAttributes(command, message.arguments, { platform: this.deps.platform, env: this.deps.env });
    if ('error' in parsed) {
      // Nothing was started: the client may correct the configuration and launch again.
      this.state = 'idle';
      this.respondError(seq, command, parsed.error);
      return;
    }
    const attributes = parsed.attributes;
    try {
      const translator = await this.translatorFor(attributes);
      this.rewriter = new PathRewriter(translator);
      const clientCwd = effectiveClientCwd(attributes);
      let delveCwd: string | undefined;
      try {
        delveCwd = clientCwd === undefined ? undefined : translator.toDebugger(clientCwd);
      } catch (e) {
        this.failStart(seq, command, `Cannot translate the working directory ${JSON.stringify(clientCwd)}: ${(e as Error).message}`);
        return;
      }
      const starting = this.deps.startDelve({
        target: attributes.target,
        transport: attributes.transport,
        dlvPath: attributes.dlvPath,
        cwd: delveCwd,
        distro: attributes.distro,
        wslExecutable: attributes.wslExecutable,
        env: this.deps.env,
        platform: this.deps.platform,
        onLog: (text) => this.output(text, 'stderr'),
        startTimeoutMs: this.startTimeoutMs,
        signal: this.startAbort.signal,
      });
      this.delveStarting = starting.catch(() => undefined);
      this.delve = await starting;
    } catch (e) {
      if (this.disconnecting) return;
      const reason = e instanceof DelveStartError ? e.message : `Could not start Delve: ${(e as Error).message}`;
      this.failStart(seq, command, reason);
      return;
    }
    if (this.disconnecting) {
      // The client went away while Delve was starting.
      await this.finish();
      return;
    }
    const delve = this.delve;
    delve.onData((bytes) => this.timed('toClient', () => this.delveReader.push(bytes)));
    delve.onEnd((reason) => void this.delveEnded(reason));

    const initialize = await new Promise<DapMessage>((resolve) => {
      this.sendToDelve(
        {
          type: 'request',
          command: 'initialize',
          arguments: { adapterID: 'go', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true, ...this.initializeArguments },
        },
        { clientCommand: 'initialize', onResponse: resolve },
      );
      // A Delve that took the connection but never answers must not leave launch unanswered.
      const seq = this.seqToDelve;
      const seconds = Math.round(this.startTimeoutMs / 1000);
      setTimeout(() => {
        if (!this.pending.delete(seq)) return;
        resolve({
          type: 'response',
          success: false,
          unanswered: true,
          message: `Delve accepted the connection but did not answer within ${seconds} s.`,
        });
      }, this.startTimeoutMs).unref();
    });
    if (this.state !== 'starting') {
      this.respondError(seq, command, `Delve stopped while starting: ${String(initialize.message ?? 'no reason given')}.`);
      return;
    }
    if (initialize.success !== true) {
      const why = String(initialize.message ?? 'no reason given');
      this.failStart(seq, command, initialize.unanswered === true ? why : `Delve refused to initialize: ${why}`);
      return;
    }
    const capabilities = isObject(initialize.body) ? initialize.body : {};
    this.delveSupportsTerminate = capabilities.supportsTerminateRequest === true;
    this.sendEventToClient('capabilities', { capabilities: { ...capabilities, ...BRIDGE_OVERRIDES } });

    this.state = 'running';
    const launch: DapMessage = { ...message, arguments: delveRequestArguments(message.arguments as Record<string, unknown>, attributes) };
    this.forwardRequest(launch, seq, command);
    for (const queued of this.queued.splice(0)) this.fromClient(queued);
  }

  private get startTimeoutMs(): number {
    return this.deps.startTimeoutMs ?? START_TIMEOUT_MS;
  }

  private async translatorFor(attributes: BridgeAttributes): Promise<PathTranslator> {
    if (attributes.target === 'local') return localTranslator(attributes.pathMappings);
    const distro = attributes.distro ?? (await this.deps.defaultDistro(attributes.wslExecutable ?? ''));
    if (distro === undefined) throw new DelveStartError('No "distro" was given and WSL reports no default distro.');
    return wslTranslator({ distro, automountRoot: attributes.automountRoot, mappings: attributes.pathMappings });
  }

  private failStart(seq: number, command: string, reason: string): void {
    this.output(`${reason}\n`, 'important');
    this.respondError(seq, command, reason);
    for (const queued of this.queued.splice(0)) {
      if (queued.type === 'request' && typeof queued.seq === 'number') this.respondError(queued.seq, String(queued.command), reason);
    }
    void this.finish().then(() => this.sendTerminated());
  }

  // ---- Delve side ----

  private sendToDelve(message: DapMessage, pending: Pending): void {
    const seq = ++this.seqToDelve;
    this.pending.set(seq, pending);
    this.delve?.write(encodeDapMessage({ ...message, seq }));
  }

  private fromDelve(message: DapMessage): void {
    this.messagesInChunk++;
    if (message.type === 'response') {
      const pending = typeof message.request_seq === 'number' ? this.pending.get(message.request_seq) : undefined;
      if (pending === undefined) return;
      this.pending.delete(message.request_seq as number);
      if (pending.onResponse) {
        pending.onResponse(message);
        return;
      }
      if (pending.clientSeq === undefined) return;
      this.sendRewrittenToClient({ ...message, request_seq: pending.clientSeq, command: pending.clientCommand });
      return;
    }
    if (message.type === 'event') {
      if (message.event === 'terminated') {
        if (this.terminatedSent) return;
        this.terminatedSent = true;
      }
      this.sendRewrittenToClient(message);
      return;
    }
    if (message.type === 'request' && typeof message.seq === 'number') {
      const clientSeq = this.seqToClient + 1;
      this.reverseRequests.set(clientSeq, message.seq);
      this.sendRewrittenToClient(message);
    }
  }

  private sendRewrittenToClient(message: DapMessage): void {
    const out = this.rewriter.toClient(message);
    this.emit(out === message ? Object.assign(out, { seq: ++this.seqToClient }) : { ...out, seq: ++this.seqToClient });
  }

  private async afterDisconnect(response: DapMessage, clientSeq: number, clientCommand: string): Promise<void> {
    await this.finish();
    this.emit({ ...response, seq: ++this.seqToClient, request_seq: clientSeq, command: clientCommand });
    if (clientCommand === 'terminate') this.sendTerminated();
    else this.markDone();
  }

  private async delveEnded(reason: string): Promise<void> {
    if (this.state === 'ended' || reason === 'stopped') return;
    if (this.disconnecting) {
      // Delve ends the session itself after a disconnect; answer the client if Delve could not.
      for (const [seq, p] of this.pending) {
        this.pending.delete(seq);
        if (p.onResponse) p.onResponse({ type: 'response', success: true, command: 'disconnect', request_seq: seq });
      }
      await this.finish();
      return;
    }
    this.output(`Delve stopped unexpectedly: ${reason}. The debug session has ended.\n`, 'important');
    for (const [seq, p] of this.pending) {
      this.pending.delete(seq);
      if (p.clientSeq !== undefined) this.respondError(p.clientSeq, p.clientCommand, `Delve stopped before answering: ${reason}.`);
      else p.onResponse?.({ type: 'response', success: false, message: reason, request_seq: seq });
    }
    await this.finish();
    this.sendTerminated();
  }

  /** Stops Delve and everything it started (also a Delve still starting); the session then only answers disconnect. */
  private async finish(): Promise<void> {
    this.state = 'ended';
    this.startAbort.abort();
    const started = await this.delveStarting;
    const delve = this.delve ?? started;
    if (delve) await delve.stop();
  }

  private markDone(): void {
    if (this.done) return;
    this.done = true;
    this.doneListener?.();
  }

  // ---- messages the bridge writes itself ----

  private respond(requestSeq: number, command: string, body: unknown): void {
    const response: DebugProtocol.Response = Object.assign(new Response({ seq: requestSeq, command, type: 'request' }), { body });
    this.emitOwn(response);
  }

  private respondError(requestSeq: number, command: string, message: string): void {
    const response: DebugProtocol.ErrorResponse = Object.assign(new Response({ seq: requestSeq, command, type: 'request' }, message), {
      body: { error: { id: 3000, format: message.replace(/[{}]/g, ''), showUser: true } },
    });
    this.emitOwn(response);
  }

  private sendEventToClient(event: string, body: unknown): void {
    this.emitOwn(new Event(event, body ?? {}));
  }

  /** A message of the bridge's own, numbered in the client's sequence. */
  private emitOwn(message: DebugProtocol.ProtocolMessage): void {
    message.seq = ++this.seqToClient;
    this.emit({ ...message });
  }

  private output(text: string, category: 'stderr' | 'important' | 'console'): void {
    this.sendEventToClient('output', { category, output: text });
  }

  private sendTerminated(): void {
    if (this.terminatedSent) return;
    this.terminatedSent = true;
    this.sendEventToClient('terminated', {});
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
