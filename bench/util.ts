// Small statistics and timing helpers shared by the benchmarks.
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Runs fn `runs` times after `warmup` untimed runs and returns the median duration in ms. */
export async function timeMedian(fn: () => Promise<unknown>, runs: number, warmup = 1): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

export function fmt(ms: number): string {
  return `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
}

export function verdict(ok: boolean): string {
  return ok ? 'ok' : 'OVER TARGET';
}

/**
 * Times several functions in alternation, one run of each per round, and returns each one's median in ms:
 * a figure and the floor it is compared with see the same moments of a busy machine.
 */
export async function timeSideBySide<K extends string>(
  fns: Record<K, () => Promise<unknown>>,
  runs: number,
  warmup = 1,
): Promise<Record<K, number>> {
  const names = Object.keys(fns) as K[];
  for (let i = 0; i < warmup; i++) for (const n of names) await fns[n]();
  const times = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  for (let i = 0; i < runs; i++) {
    for (const n of names) {
      const t = performance.now();
      await fns[n]();
      times[n].push(performance.now() - t);
    }
  }
  return Object.fromEntries(names.map((n) => [n, median(times[n])])) as Record<K, number>;
}
