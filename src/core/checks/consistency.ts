// Checks of the consistency area: go env -w values hidden by the OS environment, and CI selecting an older Go than the modules need.
import type { CiGoVersion, Facts, GoModFile } from '../facts';
import { describeSource, goEnvWriteFix, instructionsFix, replaceRangeFix, unsetVariableFixes, withIdPrefix } from '../fixes';
import { compareGoVersions, languageVersion, parseGoVersion, toolchainForGoLine, type GoVersion } from '../goversion';
import type { Finding, Fix } from '../report';
import { finding, type CheckDefinition } from './types';
import { envLocation, isWindows } from './util';
import { isUnder } from '../paths';

export const envOverrideConflict: CheckDefinition = {
  id: 'env-override-conflict',
  area: 'consistency',
  severity: 'info',
  where: 'all',
  summary: 'A go env -w value is overridden by the OS environment',
  help: 'The OS environment wins over the go env file: a value written with `go env -w` is ignored while the variable is also set in the environment (go env -w then warns "does not override conflicting OS environment variable"). Keep the variable in one place.',
  run(facts) {
    const out: Finding[] = [];
    for (const ev of Object.values(facts.env)) {
      if (ev.osValue === undefined || ev.osValue === '' || ev.fileValue === undefined || ev.osValue === ev.fileValue) continue;
      const fixes: Fix[] = [
        goEnvWriteFix(ev.name, undefined, `drop-${ev.name.toLowerCase()}-goenv`),
        ...withIdPrefix(unsetVariableFixes(facts, { ...ev, fileValue: undefined, source: 'os' }), 'use-goenv'),
      ];
      out.push(
        finding(this, {
          title: `${ev.name}: the OS environment (${ev.osValue}) hides go env -w (${ev.fileValue})`,
          detail: `${ev.name} is ${ev.osValue} in the OS environment and ${ev.fileValue} in ${facts.goenvFile?.path ?? 'the go env file'}. The OS environment wins, so the go command uses ${ev.osValue}; \`go env -w ${ev.name}=…\` only prints "warning: go env -w ${ev.name}=... does not override conflicting OS environment variable". Keep one: remove the go env file value, or unset the OS variable so the file's value applies.`,
          evidence: {
            variable: ev.name,
            effective: ev.value,
            osValue: ev.osValue,
            fileValue: ev.fileValue,
            goenvFile: facts.goenvFile?.path,
            source: describeSource(ev, facts),
          },
          location: envLocation(facts, { ...ev, source: 'goenv-file' }),
          fixes,
        }),
      );
    }
    return out;
  },
};

/** Where a CI file's repository starts: .github/workflows/x.yml -> the folder holding .github. */
function ciRoot(ci: CiGoVersion, win: boolean): string {
  const parts = ci.file.split(/[\\/]/);
  parts.pop();
  if (ci.kind === 'github-actions') {
    const i = parts.lastIndexOf('.github');
    if (i >= 0) parts.length = i;
  }
  return parts.join(win ? '\\' : '/') || '/';
}

/** The module with the highest go line among those in the CI file's repository (all modules when none is). */
function neededBy(facts: Facts, ci: CiGoVersion): { mod: GoModFile; v: GoVersion } | undefined {
  const win = isWindows(facts);
  const root = ciRoot(ci, win);
  const inRepo = facts.modules.filter((m) => isUnder(m.dir, root, win));
  let best: { mod: GoModFile; v: GoVersion } | undefined;
  for (const mod of inRepo.length ? inRepo : facts.modules) {
    const v = parseGoVersion(mod.go?.value);
    if (v && (!best || compareGoVersions(v, best.v) > 0)) best = { mod, v };
  }
  return best;
}

const CI_NAMES: Record<CiGoVersion['kind'], string> = {
  'github-actions': 'actions/setup-go go-version',
  dockerfile: 'Dockerfile FROM golang',
  'gitlab-ci': 'GitLab image golang',
};

export const ciGoVersionDrift: CheckDefinition = {
  id: 'ci-go-version-drift',
  area: 'consistency',
  severity: 'warning',
  where: 'all',
  summary: "A CI file selects a Go older than a module's go line",
  help: 'CI that builds with an older Go than go.mod requires fails (or, with GOTOOLCHAIN=auto, silently downloads another toolchain on every run). Raise the CI version, or let setup-go read it from go.mod with `go-version-file: go.mod`.',
  run(facts) {
    const out: Finding[] = [];
    for (const ci of facts.ci) {
      const ciV = parseGoVersion(ci.version);
      if (!ci.version || !ciV) continue;
      const need = neededBy(facts, ci);
      if (!need) continue;
      // A CI version without a patch (1.21, 1.21.x, golang:1.21) gets the newest 1.21.x: only the minor can fall short.
      const short =
        ciV.patch === undefined
          ? ciV.major < need.v.major || (ciV.major === need.v.major && ciV.minor < need.v.minor)
          : compareGoVersions(ciV, need.v) < 0;
      if (!short) continue;
      const neededToolchain = toolchainForGoLine(need.v).replace(/^go/, '');
      const replacement = ciV.patch === undefined ? languageVersion(need.v) : neededToolchain;
      const at = ci.raw.indexOf(ci.version);
      const fixes: Fix[] = [];
      if (at >= 0) {
        const newRaw = ci.raw.slice(0, at) + replacement + ci.raw.slice(at + ci.version.length);
        fixes.push(replaceRangeFix('raise-ci-go', `Change ${ci.raw} to ${newRaw}`, ci.file, ci.line, ci.column, ci.endColumn, newRaw));
      }
      if (ci.kind === 'github-actions') {
        fixes.push(
          instructionsFix('use-go-version-file', 'Let setup-go read the version from go.mod', [
            `In ${ci.file}, replace the go-version input of actions/setup-go with go-version-file, so CI always uses the module's own go line:`,
            'with:\n  go-version-file: go.mod',
          ]),
        );
      }
      out.push(
        finding(this, {
          title: `${CI_NAMES[ci.kind]} ${ci.raw} is older than go ${need.mod.go!.value} in ${need.mod.file}`,
          detail: `${ci.file} line ${ci.line} selects Go ${ci.version} (${ci.raw}), but ${need.mod.file} line ${need.mod.go!.line} says go ${need.mod.go!.value}. With GOTOOLCHAIN=local CI fails with \`go: go.mod requires go >= ${need.mod.go!.value} (running go ${ci.version}…)\`; with the default auto it downloads go${neededToolchain} on every run, so CI is not testing the Go it names. Raise the CI version to ${replacement}${ci.kind === 'github-actions' ? ' or use go-version-file: go.mod' : ''}.`,
          evidence: { ciFile: ci.file, kind: ci.kind, raw: ci.raw, ciGo: ci.version, module: need.mod.file, moduleGo: need.mod.go!.value },
          location: { file: ci.file, line: ci.line, column: ci.column, endColumn: ci.endColumn },
          fixes,
        }),
      );
    }
    return out;
  },
};

export const CONSISTENCY_CHECKS: readonly CheckDefinition[] = [envOverrideConflict, ciGoVersionDrift];
