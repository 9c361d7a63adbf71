// Checks of the consistency area: go env -w values hidden by the OS environment, and CI selecting an older Go than the modules need.
import type { CiGoVersion, Facts, GoModFile } from '../facts';
import { describeSource, goEnvWriteFix, instructionsFix, replaceRangeFix, unsetVariableFixes, withIdPrefix } from '../fixes';
import { compareGoVersions, languageVersion, parseGoVersion, toolchainForGoLine, type GoVersion } from '../goversion';
import { latestPatch } from '../releases';
import type { Finding, Fix } from '../report';
import { finding, type CheckDefinition } from './types';
import { envLocation, isUnder, isWindows, releasesOf } from './util';

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

/** Image variants the official golang image is built with for current Go releases. */
const CURRENT_IMAGE_VARIANTS = new Set(['alpine', 'bookworm', 'trixie']);

/**
 * The CI text raised to the needed Go in the form it was written: `1.21` -> `1.26`, `1.21.x` -> `1.26.x`,
 * `1.21.3` -> the newest 1.26 patch, `^1.21` keeps its operator, `golang:1.21-alpine3.19` -> `golang:1.26-alpine`
 * (pinned Alpine releases are not built for every Go), a plain YAML number stays plain only when YAML reads the new
 * one back as written (1.30 would be the number 1.3). Undefined when no edit is sure to name an image that exists.
 */
function ciReplacement(facts: Facts, ci: CiGoVersion, need: GoVersion): { text: string; version: string; note?: string } | undefined {
  const m = /(\d+)\.(\d+)(?:\.(\d+|x|X|\*))?/.exec(ci.raw);
  if (!m) return undefined;
  const minor = languageVersion(need);
  const patchForm = m[3] !== undefined && /^\d+$/.test(m[3]);
  const version = patchForm ? (latestPatch(releasesOf(facts), minor) ?? toolchainForGoLine(need).replace(/^go/, '')) : minor;
  const suffix = m[3] !== undefined && !patchForm ? `.${m[3]}` : '';
  let rest = ci.raw.slice(m.index + m[0].length);
  let note: string | undefined;
  if (ci.kind !== 'github-actions') {
    // The image tag: golang:<version>[-<variant>].
    const variant = /^-([\w.-]+)/.exec(rest)?.[1];
    if (variant && !CURRENT_IMAGE_VARIANTS.has(variant)) {
      if (!/^alpine\d/.test(variant)) return undefined;
      note = `golang images are built for the newest Alpine releases only: ${variant} becomes alpine`;
      rest = `-alpine${rest.slice(1 + variant.length)}`;
    }
  }
  let text = `${ci.raw.slice(0, m.index)}${version}${suffix}${rest}`;
  if (ci.kind === 'github-actions' && ci.quoted === false && /^\d+\.\d+$/.test(text) && String(Number(text)) !== text) {
    text = `"${text}"`;
    note = `quoted: unquoted, YAML reads ${version} as the number ${Number(version)}`;
  }
  return { text, version: `${version}${suffix}`, ...(note ? { note } : {}) };
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
      const edit = ciReplacement(facts, ci, need.v);
      const replacement = edit?.version ?? languageVersion(need.v);
      const fixes: Fix[] = [];
      if (edit)
        fixes.push(
          replaceRangeFix(
            'raise-ci-go',
            `Change ${ci.raw} to ${edit.text}${edit.note ? ` (${edit.note})` : ''}`,
            ci.file,
            ci.line,
            ci.column,
            ci.endColumn,
            edit.text,
          ),
        );
      if (!edit && ci.kind !== 'github-actions') {
        fixes.push(
          instructionsFix('pick-golang-image', `Pick a golang image for Go ${languageVersion(need.v)}`, [
            `In ${ci.file} line ${ci.line}, name a golang image tag for Go ${languageVersion(need.v)}: images for current Go releases come in the ${[...CURRENT_IMAGE_VARIANTS].join(', ')} variants (golang:${languageVersion(need.v)}-bookworm, for example); ${ci.raw} names a variant that may not be built for it.`,
          ]),
        );
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
          detail: `${ci.file} line ${ci.line} selects Go ${ci.version} (${ci.raw}${ci.quoted === false && /^\d+\.\d+$/.test(ci.raw.trim()) && ci.raw.trim() !== ci.version ? `: YAML reads the unquoted ${ci.raw} as the number ${ci.version}` : ''}), but ${need.mod.file} line ${need.mod.go!.line} says go ${need.mod.go!.value}. With GOTOOLCHAIN=local CI fails with \`go: go.mod requires go >= ${need.mod.go!.value} (running go ${ci.version}…)\`; with the default auto it downloads go${neededToolchain} on every run, so CI is not testing the Go it names. Raise the CI version to ${replacement}${ci.kind === 'github-actions' ? ' or use go-version-file: go.mod' : ''}.`,
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
