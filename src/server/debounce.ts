// A trailing-edge debouncer whose clock is injectable, so its behaviour is tested without waiting.

export interface Clock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: Clock = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** Calls `fn` once, `ms` after the last trigger; `flush` calls it now if one is pending. */
export class Debouncer {
  private handle: unknown;
  constructor(
    private readonly fn: () => void,
    private readonly ms: number,
    private readonly clock: Clock = realClock,
  ) {}

  trigger(): void {
    if (this.handle !== undefined) this.clock.clearTimeout(this.handle);
    this.handle = this.clock.setTimeout(() => {
      this.handle = undefined;
      this.fn();
    }, this.ms);
  }

  get pending(): boolean {
    return this.handle !== undefined;
  }

  /** Runs a pending call at once (a save should not wait for the typing delay). */
  flush(): void {
    if (this.handle === undefined) return;
    this.cancel();
    this.fn();
  }

  cancel(): void {
    if (this.handle !== undefined) this.clock.clearTimeout(this.handle);
    this.handle = undefined;
  }
}
