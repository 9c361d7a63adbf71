// Helpers the checks share: reading variables with their sources, locating values in env files, comparing paths.
import type { EnvValue, Facts } from '../facts';
import { describeSource } from '../fixes';
import type { Location } from '../report';
import { builtinReleases, newestRelease, toolchainPlatform, type ReleaseFacts } from '../releases';

/** A variable with its source: from the probed key variables, else the go command's effective value. */
export function envOf(facts: Facts, name: string): EnvValue | undefined {
  const ev = facts.env[name];
  if (ev) return ev;
  const v = facts.goEnv.vars[name];
  return v === undefined ? undefined : { name, value: v, source: 'default' };
}

/** The effective value ('' when unknown or unset). */
export function envValue(facts: Facts, name: string): string {
  return envOf(facts, name)?.value ?? '';
}

/** True when the user set the variable (OS environment or go env -w), not a default. */
export function isExplicit(ev: EnvValue | undefined): ev is EnvValue {
  return ev !== undefined && (ev.source === 'os' || ev.source === 'goenv-file' || ev.source === 'declared');
}

/** Evidence for one variable: value, where it came from and every place it is set. */
export function envEvidence(facts: Facts, ev: EnvValue): Record<string, unknown> {
  return {
    value: ev.value,
    source: ev.source,
    sourceDescription: describeSource(ev, facts),
    ...(ev.osValue !== undefined ? { osValue: ev.osValue } : {}),
    ...(ev.fileValue !== undefined ? { fileValue: ev.fileValue, goenvFile: facts.goenvFile?.path } : {}),
    ...(ev.gorootFileValue !== undefined ? { gorootFileValue: ev.gorootFileValue } : {}),
  };
}

/** Where a variable's value is written when it comes from the go env file (or $GOROOT/go.env). */
export function envLocation(facts: Facts, ev: EnvValue | undefined): Location | undefined {
  if (!ev) return undefined;
  if (ev.source === 'declared' && ev.declared)
    return { file: ev.declared.file, line: ev.declared.line, column: ev.declared.column, endColumn: ev.declared.endColumn };
  const file = ev.source === 'goenv-file' ? facts.goenvFile : ev.source === 'goroot-go.env' ? facts.gorootEnvFile : undefined;
  if (!file) return undefined;
  const line = file.lines[ev.name];
  if (!line) return undefined;
  const value = file.vars[ev.name] ?? ev.value;
  return { file: file.path, line, column: 1, endColumn: 1 + ev.name.length + 1 + value.length };
}

export function isWindows(facts: Facts): boolean {
  return facts.host.platform === 'win32';
}

/** The Go name (GOOS/GOARCH) of the machine the checks run on. */
export function hostGoos(facts: Facts): string {
  if (facts.goEnv.vars.GOHOSTOS) return facts.goEnv.vars.GOHOSTOS;
  return facts.host.platform === 'win32' ? 'windows' : facts.host.platform;
}

export function hostGoarch(facts: Facts): string {
  if (facts.goEnv.vars.GOHOSTARCH) return facts.goEnv.vars.GOHOSTARCH;
  const map: Record<string, string> = {
    x64: 'amd64',
    ia32: '386',
    arm64: 'arm64',
    arm: 'arm',
    ppc64: 'ppc64le',
    s390x: 's390x',
    riscv64: 'riscv64',
    loong64: 'loong64',
  };
  return map[facts.host.arch] ?? facts.host.arch;
}

/** The release knowledge the probes settled on; the built-in table when none was probed (a fake host, a face that skipped it). */
export function releasesOf(facts: Facts): ReleaseFacts {
  return facts.releases ?? builtinReleases(Date.now());
}

/** The platform toolchains are downloaded for: the host's, as the proxy names it (linux-amd64). */
export function hostPlatform(facts: Facts): string {
  return toolchainPlatform(hostGoos(facts), hostGoarch(facts));
}

/** The newest Go release for this host, from the release knowledge. */
export function newestGo(facts: Facts): string {
  return newestRelease(releasesOf(facts), hostPlatform(facts)) ?? newestRelease(releasesOf(facts))!;
}
