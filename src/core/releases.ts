// What Go releases exist: the module proxy's list of golang.org/toolchain (fresh or cached) or the built-in table, and questions asked of it.
import { BUILTIN_RELEASES, builtinReleaseVersions } from './data/goReleases';
import { compareGoVersions, formatGoVersion, parseGoVersion, type GoVersion } from './goversion';

/** Where the list of releases came from. */
export type ReleaseSource = 'proxy' | 'cache' | 'builtin';

/** The releases a check may rely on, and where that knowledge comes from (plain data, part of Facts). */
export interface ReleaseFacts {
  source: ReleaseSource;
  /** The proxy (URL or file:// URL) the list was read from, for proxy and cache. */
  origin?: string;
  /** When the list was read from the proxy (proxy, cache), or the built-in table's date; ms since the epoch. */
  asOfMs: number;
  /** When the check ran, ms since the epoch, so that ages can be told without a clock in the checks. */
  nowMs: number;
  /** Why the proxy's fresh list is not the source (it did not answer in time, GOPROXY=off, …); said once in findings. */
  fallbackReason?: string;
  /**
   * Release versions (1.26.8, 1.27rc1) with the platforms the proxy offers each for (linux-amd64, …). The
   * built-in table lists no platforms: it assumes every first-class one.
   */
  versions: Record<string, string[]>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The built-in table as ReleaseFacts. */
export function builtinReleases(nowMs: number, fallbackReason?: string): ReleaseFacts {
  const versions: Record<string, string[]> = {};
  for (const v of builtinReleaseVersions()) versions[v] = [];
  return {
    source: 'builtin',
    asOfMs: Date.parse(`${BUILTIN_RELEASES.checked}T00:00:00Z`),
    nowMs,
    ...(fallbackReason ? { fallbackReason } : {}),
    versions,
  };
}

/**
 * Reads a proxy's `golang.org/toolchain/@v/list` the way the go command does (modfetch's dlToGo): each line is
 * `v0.0.1-go<version>.<goos>-<goarch>`; other lines are skipped. Undefined when no line is such a version, so
 * that an HTML error page or garbage is never taken for an empty list.
 */
export function parseToolchainList(body: string): Record<string, string[]> | undefined {
  const versions: Record<string, string[]> = {};
  let any = false;
  for (const raw of body.split('\n')) {
    const line = raw.trim();
    const m = /^v0\.0\.1-go(.+)\.([a-z0-9]+-[a-z0-9]+)$/.exec(line);
    if (!m || !parseGoVersion(m[1])) continue;
    (versions[m[1]] ??= []).push(m[2]);
    any = true;
  }
  return any ? versions : undefined;
}

/** The releases known, newest first, parsed; pre-releases included. */
function known(r: ReleaseFacts, platform?: string): { text: string; v: GoVersion }[] {
  const out: { text: string; v: GoVersion }[] = [];
  for (const [text, platforms] of Object.entries(r.versions)) {
    const v = parseGoVersion(text);
    if (!v) continue;
    if (platform && platforms.length && !platforms.includes(platform)) continue;
    out.push({ text, v });
  }
  return out.sort((a, b) => compareGoVersions(b.v, a.v));
}

function isRelease(v: GoVersion): boolean {
  return !v.pre && (v.patch !== undefined || (v.major === 1 && v.minor < 21));
}

/** The newest release (no pre-release) for the platform, as a version string (1.27.4). */
export function newestRelease(r: ReleaseFacts, platform?: string): string | undefined {
  return known(r, platform).find((k) => isRelease(k.v))?.text;
}

/** The newest release of one minor (`1.26` -> 1.26.11) for the platform. */
export function latestPatch(r: ReleaseFacts, minor: string, platform?: string): string | undefined {
  const want = parseGoVersion(minor);
  if (!want) return undefined;
  return known(r, platform).find((k) => isRelease(k.v) && k.v.major === want.major && k.v.minor === want.minor)?.text;
}

/** Releases of the same minor newer than `version`, oldest first (what a go1.26.8 misses: 1.26.9, 1.26.10, …). */
export function missedPatches(r: ReleaseFacts, version: string, platform?: string): string[] {
  const v = parseGoVersion(version.replace(/^go/, ''));
  if (!v || v.patch === undefined) return [];
  return known(r, platform)
    .filter((k) => isRelease(k.v) && k.v.major === v.major && k.v.minor === v.minor && compareGoVersions(k.v, v) > 0)
    .map((k) => k.text)
    .reverse();
}

/** The newest release of the language version `need` or newer: what to install to satisfy `go <need>`. */
export function releaseFor(r: ReleaseFacts, need: string, platform?: string): string | undefined {
  const v = parseGoVersion(need.replace(/^go/, ''));
  if (!v) return undefined;
  const same = latestPatch(r, `${v.major}.${v.minor}`, platform);
  if (same && compareGoVersions(parseGoVersion(same)!, v) >= 0) return same;
  // The oldest release at or above `need` names the minor to take; of that minor, its newest patch.
  const first = known(r, platform)
    .filter((k) => isRelease(k.v) && compareGoVersions(k.v, v) >= 0)
    .pop();
  return first && latestPatch(r, `${first.v.major}.${first.v.minor}`, platform);
}

export type ReleaseVerdict =
  | { kind: 'exists' }
  /** The release exists, but not for this platform. */
  | { kind: 'other-platforms'; platforms: string[] }
  /** A language version (go1.22) used where the go command needs a release name (go1.22.0). */
  | { kind: 'language-version'; latest?: string }
  | { kind: 'missing'; latest?: string }
  /** The list cannot tell (the built-in table is older than the release could be). */
  | { kind: 'unknown' };

/**
 * Whether a toolchain the go command would download exists for the platform. The proxy's list answers exactly;
 * the built-in table only where the answer cannot have changed since it was made: the patches of a minor that
 * no longer gets any, and minors further away than Go's release cadence (one every six months) allows.
 */
export function toolchainVerdict(r: ReleaseFacts, version: string, platform?: string): ReleaseVerdict {
  const v = parseGoVersion(version.replace(/^go/, ''));
  if (!v) return { kind: 'unknown' };
  const minorText = `${v.major}.${v.minor}`;
  const latest = latestPatch(r, minorText, platform) ?? newestRelease(r, platform);
  if (!v.pre && v.patch === undefined && (v.major > 1 || v.minor >= 21)) return { kind: 'language-version', latest };
  const text = formatGoVersion(v);
  const platforms = r.versions[text];
  if (platforms) {
    if (!platform || platforms.length === 0 || platforms.includes(platform)) return { kind: 'exists' };
    return { kind: 'other-platforms', platforms };
  }
  if (r.source !== 'builtin') return { kind: 'missing', latest };
  const newest = parseGoVersion(newestRelease(r) ?? '');
  if (!newest) return { kind: 'unknown' };
  const months = Math.max(0, (r.nowMs - r.asOfMs) / (30 * DAY_MS));
  // Minors that could have been released since the table was made (one every six months), and the next one's pre-releases.
  const reachable = newest.minor + Math.ceil(months / 6) + 1;
  if (v.major !== newest.major || v.minor > reachable) return { kind: 'missing', latest };
  // Only the two newest minors get patches: an older minor's list is final.
  if (v.minor <= newest.minor - 2 && !v.pre) return { kind: 'missing', latest };
  return { kind: 'unknown' };
}

/** The age of the list, in words: "3 hours", "2 days". */
export function ageInWords(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return minutes <= 1 ? 'a minute' : `${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return hours === 1 ? 'an hour' : `${hours} hours`;
  return `${Math.round(hours / 24)} days`;
}

/** Where the release knowledge comes from, for a finding's detail: source, origin and age (why it is not fresh is said once, in the report). */
export function describeReleaseSource(r: ReleaseFacts): string {
  const age = ageInWords(r.nowMs - r.asOfMs);
  switch (r.source) {
    case 'proxy':
      return `the list of Go releases from ${r.origin} (read just now)`;
    case 'cache':
      return `the list of Go releases from ${r.origin}, read ${age} ago`;
    case 'builtin':
      return `Go Health's built-in list of Go releases (as of ${BUILTIN_RELEASES.checked})`;
  }
}

/** Evidence for a finding that relied on the release list. */
export function releaseEvidence(r: ReleaseFacts): Record<string, unknown> {
  return {
    source: r.source,
    ...(r.origin ? { origin: r.origin } : {}),
    asOf: new Date(r.asOfMs).toISOString(),
    ...(r.fallbackReason ? { fallbackReason: r.fallbackReason } : {}),
  };
}

/** The host's platform in the proxy's terms: linux-amd64. */
export function toolchainPlatform(goos: string, goarch: string): string {
  return `${goos}-${goarch}`;
}
