// Version ranges of a policy (semver syntax) read for Go releases and tool module versions, with a reason when one cannot be read.
import { Range, minVersion, parse as parseSemver, satisfies, intersects } from 'semver';
import { parseGoVersion, type GoVersion } from '../goversion';

type RangeReading = { ok: true; range: Range } | { ok: false; why: string };

const RANGE_HELP = "write versions like 1.26 or 1.26.10 and ranges like '>=1.26.10 <1.28', '1.26.x', '~1.26.3', '^1.26' or '1.25 || 1.26'";

/** One comparator semver accepts: an optional operator, then a version with up to three parts (x and * allowed). */
const COMPARATOR_RE = /^(<=|>=|<|>|=|\^|~>?)?\s*v?(\d+|[xX*])(\.(\d+|[xX*])){0,2}(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/** Says which part of a range text is not a version or comparator, and why, for a message. */
function whyUnreadable(text: string, kind: 'go' | 'tool'): string {
  const parts = text
    .split('||')
    .flatMap((alt) =>
      alt
        .trim()
        .replace(/(<=|>=|<|>|=|\^|~)\s+/g, '$1')
        .split(/\s+/),
    )
    .filter((t) => t !== '' && t !== '-');
  for (const part of parts) {
    if (COMPARATOR_RE.test(part)) continue;
    if (/^(<=|>=|<|>|=|\^|~)?go\d/.test(part)) return `'${part}' has a go prefix: write the version alone (${part.replace('go', '')})`;
    if (/\d\.\d+\.\d+\.\d/.test(part)) return `'${part}' has more than three parts`;
    if (/\.\./.test(part)) return `'${part}' has an empty part`;
    if (/^(=>|=<|==|!=)/.test(part)) return `'${part.slice(0, 2)}' is not an operator (use >=, <=, >, <, =, ~ or ^)`;
    if (/^[A-Za-z]/.test(part)) return `'${part}' is not a version${kind === 'go' ? ' (Go releases are numbers such as 1.26.10)' : ''}`;
    return `'${part}' is not a version or a comparison`;
  }
  return 'it is not a version range';
}

/** Reads a range of Go releases or tool versions; when it cannot, says which part and why. */
export function readRange(text: string, kind: 'go' | 'tool'): RangeReading {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, why: `the range is empty; ${RANGE_HELP}` };
  let range: Range;
  try {
    range = new Range(trimmed);
  } catch {
    return { ok: false, why: `${whyUnreadable(trimmed, kind)}; ${RANGE_HELP}` };
  }
  if (!minVersion(range)) return { ok: false, why: `no version satisfies it (its bounds exclude each other)` };
  return { ok: true, range };
}

/** A Go release as semver: go1.26.8 -> 1.26.8, go1.27rc1 -> 1.27.0-rc.1, a language version 1.26 -> 1.26.0. */
export function goVersionAsSemver(v: GoVersion): string {
  if (v.pre) return `${v.major}.${v.minor}.0-${v.pre.kind}.${v.pre.n}`;
  return `${v.major}.${v.minor}.${v.patch ?? 0}`;
}

/** Whether a Go release (go1.26.8, 1.26.8) is in a policy range; undefined when the version cannot be read. */
export function goSatisfies(version: string | undefined, range: Range): boolean | undefined {
  const v = parseGoVersion(version);
  if (!v) return undefined;
  return satisfies(goVersionAsSemver(v), range);
}

/**
 * Whether a pinned Go version can be in the range: an exact pin must be in it, a minor-only pin (1.26, which
 * version managers and setup-go resolve to a 1.26.x) must allow some 1.26.x.
 */
export function goPinSatisfies(version: string | undefined, range: Range): boolean | undefined {
  const v = parseGoVersion(version);
  if (!v) return undefined;
  if (v.patch === undefined && !v.pre) return intersects(range, new Range(`~${v.major}.${v.minor}.0`));
  return satisfies(goVersionAsSemver(v), range);
}

/** The lowest release a range allows, as a Go version (1.26.10); a minor's first release is x.y.0. */
export function lowestGoRelease(range: Range): string | undefined {
  const min = minVersion(range);
  if (!min) return undefined;
  return `${min.major}.${min.minor}.${min.patch}`;
}

/** A tool's module version (v1.27.2) as semver; undefined for `(devel)` and unreadable versions. */
export function toolVersionAsSemver(moduleVersion: string | undefined): string | undefined {
  if (!moduleVersion || moduleVersion === '(devel)') return undefined;
  return parseSemver(moduleVersion.replace(/^v/, ''))?.version;
}

/** True when a module version is a pseudo-version (v0.0.0-20240101000000-abcdef123456): a commit, not a release. */
export function isPseudoVersion(moduleVersion: string): boolean {
  return /-(0\.)?\d{14}-[0-9a-f]{12}$/.test(moduleVersion);
}

/** Whether a tool module version is in a range (pre-releases count when the range names one). */
export function toolSatisfies(moduleVersion: string | undefined, range: Range): boolean | undefined {
  const v = toolVersionAsSemver(moduleVersion);
  if (!v) return undefined;
  return satisfies(v, range);
}

/** The version `go install …@<version>` should name to meet a range: latest when it has no upper bound, else its lowest. */
export function toolInstallVersion(range: Range): string {
  const bounded = range.set.some((comparators) => comparators.some((c) => c.operator === '<' || c.operator === '<='));
  if (!bounded) return 'latest';
  const min = minVersion(range);
  return min ? `v${min.version}` : 'latest';
}
