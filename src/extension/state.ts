// The one value that drives the status bar, the trees and the context keys: what the server is doing and what it last said.
import type { HealthSnapshot } from '../shared/protocol';

type ServerPhase = 'starting' | 'checking' | 'ready' | 'failed' | 'restarting' | 'stopped';

export interface HealthState {
  phase: ServerPhase;
  /** The last completed run; kept while a new run is in progress so the views do not flicker. */
  snapshot?: HealthSnapshot;
  /** Why the last run or the server failed. */
  message?: string;
  /** Workspace trust as the extension sees it now. */
  trusted: boolean;
  /** The go the check will judge and its release, known at activation (before the first snapshot). */
  goBeforeTheServer?: { path: string; version: string };
}

export const INITIAL_STATE: HealthState = { phase: 'starting', trusted: true };
