// Findings as two runs can be compared: without where and when each read the list of Go releases.
import type { Finding } from '../../src/core/report';

/**
 * The findings without where and when the release list was read: each probe cache reads its own list at its own
 * time (from the proxy, then from the state directory), and a re-check keeps the list of the run it started from.
 */
export function withoutReleaseProvenance(findings: readonly Finding[]): unknown {
  const readAt = /the list of Go releases from (\S+?)(?: \(read just now\)|, read [^.)]*? ago)/g;
  return JSON.parse(
    JSON.stringify(findings, (k, v: unknown) => {
      if (k === 'releases' && v && typeof v === 'object') return { origin: (v as { origin?: string }).origin };
      return typeof v === 'string' ? v.replace(readAt, 'the list of Go releases from $1') : v;
    }),
  );
}
