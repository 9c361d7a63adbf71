// delve-bridge as an in-process debug adapter: the shape of VS Code's DebugAdapter (messages as objects, no framing), with no 'vscode' import.
import { BridgeSession, type BridgeDependencies } from './bridgeSession';
import type { DapMessage } from './dapFraming';
import { queryDefaultDistro, startDelve } from './dlvProcess';

export interface Disposable {
  dispose(): void;
}

type Listener = (message: DapMessage) => unknown;

/**
 * What VS Code's `DebugAdapterInlineImplementation` wraps: the client's messages go straight into the
 * bridge session, and the session's go straight back, with no adapter process and no DAP framing in
 * between. Delve is reached as in the separate adapter (its socket, or the relay through wsl.exe).
 */
export class InlineBridgeAdapter implements Disposable {
  private readonly listeners = new Set<Listener>();
  private readonly session: BridgeSession;
  private disposed = false;
  private ended: Promise<void> | undefined;

  constructor(deps: BridgeDependencies) {
    this.session = BridgeSession.forMessages((message) => {
      if (this.disposed) return;
      for (const listener of [...this.listeners]) listener(message);
    }, deps);
  }

  /** VS Code's `Event<DebugProtocolMessage>` shape. */
  readonly onDidSendMessage = (listener: Listener, thisArgs?: unknown, disposables?: Disposable[]): Disposable => {
    const bound: Listener = thisArgs === undefined ? listener : (m) => listener.call(thisArgs, m);
    this.listeners.add(bound);
    const subscription = { dispose: () => void this.listeners.delete(bound) };
    disposables?.push(subscription);
    return subscription;
  };

  handleMessage(message: unknown): void {
    if (this.disposed) return;
    this.session.handleClientMessage(message as DapMessage);
  }

  /** Ends Delve and everything it started (when the client did not disconnect first); resolves when none of it is left. */
  stop(): Promise<void> {
    this.ended ??= this.session.clientGone();
    return this.ended;
  }

  /** VS Code disposes the adapter when the session is over, however it ended: nothing may be left running. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    void this.stop();
    this.listeners.clear();
  }
}

/** The bridge's real dependencies, for a session inside this process. */
export function bridgeDependencies(
  env: Readonly<Record<string, string | undefined>> = process.env,
  platform: NodeJS.Platform = process.platform,
): BridgeDependencies {
  return { startDelve, defaultDistro: (wslExecutable) => queryDefaultDistro(wslExecutable), platform, env };
}
