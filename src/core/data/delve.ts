// Which Go versions each Delve release accepts, so a dlv/Go mismatch is caught before a debug session fails.
import parseSemver from 'semver/functions/parse';
import { parseGoVersion } from '../goversion';

/**
 * Delve release line (minor of v1.N) -> the Go minor versions it accepts. Delve refuses others with
 * "Version of Delve is too old for Go version …" / "Go version … is too old for this version of Delve"
 * (unless started with --check-go-version=false).
 *
 * Compiled from Delve's release notes (CHANGELOG "Go 1.N support" / "Dropped Go 1.N support") and
 * pkg/goversion/compat.go (MinSupportedVersionOfGoMinor / MaxSupportedVersionOfGoMinor) of each
 * release; the 1.20, 1.21 and 1.25 rows were read from compat.go, the others from the notes.
 * When in doubt the lower bound is the more lenient one, so a working setup is never flagged.
 */
const DELVE_GO_SUPPORT: readonly { delveMinor: number; minGoMinor: number; maxGoMinor: number }[] = [
  { delveMinor: 20, minGoMinor: 18, maxGoMinor: 20 },
  { delveMinor: 21, minGoMinor: 19, maxGoMinor: 21 },
  { delveMinor: 22, minGoMinor: 20, maxGoMinor: 22 },
  { delveMinor: 23, minGoMinor: 21, maxGoMinor: 23 },
  { delveMinor: 24, minGoMinor: 21, maxGoMinor: 24 },
  { delveMinor: 25, minGoMinor: 21, maxGoMinor: 25 },
  { delveMinor: 26, minGoMinor: 21, maxGoMinor: 26 },
  { delveMinor: 27, minGoMinor: 21, maxGoMinor: 27 },
];

interface DelveSupport {
  delveVersion: string;
  minGo: string;
  maxGo: string;
}

/** The Go range a Delve module version (`v1.25.2`) supports; undefined for unknown or development builds. */
export function delveSupport(moduleVersion: string | undefined): DelveSupport | undefined {
  // Module versions are semver with a v; a pre-release or pseudo-version (a build from a commit) has no known range.
  const version = moduleVersion ? parseSemver(moduleVersion) : null;
  if (!version || version.major !== 1 || version.prerelease.length) return undefined;
  const row = DELVE_GO_SUPPORT.find((r) => r.delveMinor === version.minor);
  if (!row) return undefined;
  return { delveVersion: moduleVersion!, minGo: `1.${row.minGoMinor}`, maxGo: `1.${row.maxGoMinor}` };
}

/** 'ok', 'go-too-old' or 'go-too-new' for a Go version against a Delve release; undefined when unknown. */
export function delveAccepts(
  moduleVersion: string | undefined,
  goVersion: string | undefined,
): 'ok' | 'go-too-old' | 'go-too-new' | undefined {
  const support = delveSupport(moduleVersion);
  const go = parseGoVersion(goVersion);
  if (!support || !go || go.major !== 1) return undefined;
  const min = Number(support.minGo.split('.')[1]);
  const max = Number(support.maxGo.split('.')[1]);
  if (go.minor < min) return 'go-too-old';
  // Delve compares against "max minor + 1, beta 0": every pre-release of the next minor is already too new.
  if (go.minor > max) return 'go-too-new';
  return 'ok';
}

/** The newest Delve line that still accepts a given Go minor, for `go install …/dlv@v1.N`. */
export function newestDelveFor(goMinor: number): number | undefined {
  const rows = DELVE_GO_SUPPORT.filter((r) => r.minGoMinor <= goMinor && goMinor <= r.maxGoMinor);
  return rows.length ? Math.max(...rows.map((r) => r.delveMinor)) : undefined;
}
