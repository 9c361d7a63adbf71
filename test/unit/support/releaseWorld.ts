// The Go releases the unit tests' world knows: the built-in table, with go1.26.8 (the fake machines' Go) the newest 1.26 patch.
import { builtinReleaseVersions } from '../../../src/core/data/goReleases';
import type { ReleaseFacts } from '../../../src/core/releases';

const PLATFORMS = ['linux-amd64', 'linux-arm64', 'darwin-amd64', 'darwin-arm64', 'windows-amd64', 'windows-arm64'];

/** Release versions of the test world: every built-in one but 1.26.9 and later 1.26 patches. */
export const WORLD_VERSIONS: readonly string[] = builtinReleaseVersions().filter((v) => !/^1\.26\.(9|\d\d)$/.test(v));

/** The world's releases as a proxy's golang.org/toolchain/@v/list body. */
export function toolchainListBody(versions: readonly string[] = WORLD_VERSIONS, platforms: readonly string[] = PLATFORMS): string {
  return versions.flatMap((v) => platforms.map((p) => `v0.0.1-go${v}.${p}\n`)).join('');
}

/** The world's releases as the probes would have settled on them (fresh from the proxy). */
export function worldReleases(nowMs = Date.now(), versions: readonly string[] = WORLD_VERSIONS): ReleaseFacts {
  return {
    source: 'proxy',
    origin: 'https://proxy.golang.org',
    asOfMs: nowMs,
    nowMs,
    versions: Object.fromEntries(versions.map((v) => [v, [...PLATFORMS]])),
  };
}
