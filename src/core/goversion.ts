// Go version strings (go1.21, go1.21.3, go1.21rc1, 1.22.0) parsed and compared the way the go command does.

export interface GoVersion {
  major: number;
  minor: number;
  /** Patch number; undefined for a language version such as `1.21`. */
  patch?: number;
  /** Pre-release kind and number: `rc1` -> { kind: 'rc', n: 1 }. */
  pre?: { kind: 'alpha' | 'beta' | 'rc'; n: number };
}

const VERSION_RE = /^(?:go)?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:(alpha|beta|rc)(\d+))?$/;

/** Versions already parsed: a workspace of thousands of modules has a handful of distinct go lines. */
const parsed = new Map<string, Readonly<GoVersion> | undefined>();
const PARSED_KEPT = 1024;

/** Parses `go1.21.3`, `1.21`, `go1.22rc1`; returns undefined for anything else. The result is shared: read-only. */
export function parseGoVersion(text: string | undefined): GoVersion | undefined {
  if (!text) return undefined;
  if (parsed.has(text)) return parsed.get(text);
  if (parsed.size >= PARSED_KEPT) parsed.clear();
  const v = parseNow(text);
  parsed.set(text, v && Object.freeze(v.pre ? { ...v, pre: Object.freeze(v.pre) } : v));
  return parsed.get(text);
}

function parseNow(text: string): GoVersion | undefined {
  const m = VERSION_RE.exec(text.trim());
  if (!m) return undefined;
  const major = Number(m[1]);
  // Go 1.0 was released as `go1`; minor is 0 then.
  const minor = m[2] === undefined ? 0 : Number(m[2]);
  const patch = m[3] === undefined ? undefined : Number(m[3]);
  const pre = m[4] ? { kind: m[4] as 'alpha' | 'beta' | 'rc', n: Number(m[5]) } : undefined;
  if (pre && patch !== undefined) return undefined;
  return { major, minor, patch, pre };
}

const PRE_RANK = { alpha: 0, beta: 1, rc: 2 } as const;

/**
 * Compares like the go command's gover.Compare: 1.21 < 1.21rc1 < 1.21.0 < 1.21.1.
 * (A language version 1.21 sorts before every release of 1.21.)
 */
export function compareGoVersions(a: GoVersion, b: GoVersion): number {
  if (a.major !== b.major) return a.major - b.major;
  if (a.minor !== b.minor) return a.minor - b.minor;
  // Rank of the part after the minor: language version, then pre-releases, then releases (no arrays: called per module).
  const kind = (v: GoVersion) => (v.patch !== undefined ? 3 : v.pre ? PRE_RANK[v.pre.kind] : -1);
  const n = (v: GoVersion) => (v.patch !== undefined ? v.patch : v.pre ? v.pre.n : 0);
  const ka = kind(a);
  const kb = kind(b);
  return ka !== kb ? ka - kb : n(a) - n(b);
}

/** Compares two version strings; unparsable ones sort first. */
export function compareGoVersionStrings(a: string, b: string): number {
  const pa = parseGoVersion(a);
  const pb = parseGoVersion(b);
  if (!pa || !pb) return (pa ? 1 : 0) - (pb ? 1 : 0);
  return compareGoVersions(pa, pb);
}

/** `1.21` for any of go1.21, go1.21.3, 1.21rc2. */
export function languageVersion(v: GoVersion): string {
  return `${v.major}.${v.minor}`;
}

/** Canonical text without the `go` prefix: 1.21, 1.21.3, 1.22rc1. */
export function formatGoVersion(v: GoVersion): string {
  let s = `${v.major}.${v.minor}`;
  if (v.patch !== undefined) s += `.${v.patch}`;
  else if (v.pre) s += `${v.pre.kind}${v.pre.n}`;
  return s;
}

/**
 * The toolchain name the go command uses for a go.mod `go` line: since Go 1.21 a bare `1.21`
 * means the first release, go1.21.0; before that a language version is its own name.
 */
export function toolchainForGoLine(v: GoVersion): string {
  if (v.patch === undefined && !v.pre && (v.major > 1 || v.minor >= 21)) return `go${v.major}.${v.minor}.0`;
  return `go${formatGoVersion(v)}`;
}
