// Checks of the consistency area: go env -w values hidden by the OS environment, the editor differing from the login shell and from VS Code Go's settings, and CI selecting an older Go than the modules need.
import type { CiGoVersion, Facts, GoModFile, LoginShellValues, VscodeGoValues } from '../facts';
import {
  describeSource,
  goEnvWriteFix,
  instructionsFix,
  replaceRangeFix,
  terminalDeleteFix,
  terminalPrependPathFix,
  terminalReplaceFix,
  unsetVariableFixes,
  withIdPrefix,
} from '../fixes';
import { compareGoVersions, languageVersion, parseGoVersion, toolchainForGoLine, type GoVersion } from '../goversion';
import { latestPatch } from '../releases';
import type { Finding, Fix } from '../report';
import { finding, type CheckDefinition } from './types';
import { envLocation, isWindows, releasesOf } from './util';
import { isUnder, samePath } from '../paths';
import { pathApi } from '../host';

export const envOverrideConflict: CheckDefinition = {
  id: 'env-override-conflict',
  area: 'consistency',
  severity: 'info',
  where: 'all',
  fixKinds: ['go-env-write', 'terminal-env', 'instructions'],
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
  fixKinds: ['edit-file', 'instructions'],
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

export const envTerminalDiffers: CheckDefinition = {
  id: 'env-terminal-differs',
  area: 'consistency',
  severity: 'warning',
  summary: 'The login shell resolves a different go or Go environment than the editor.',
  help:
    'Editors started from a desktop launcher or dock often get a different PATH and environment than a terminal, ' +
    'because the login shell profile (~/.profile, ~/.zprofile, ~/.bashrc) is not read. Then the editor and the ' +
    'terminal build with different Go versions or settings. Make both use the same values: set them in a file ' +
    'both read, or start the editor from a terminal. The integrated terminal can be aligned with the editor from here.',
  where: 'all',
  fixKinds: ['terminal-env', 'instructions'],
  run(facts) {
    return facts.context.loginShell ? compareLoginShell(this, facts, facts.context.loginShell) : [];
  },
};

export const vscodeGoDiffers: CheckDefinition = {
  id: 'vscode-go-differs',
  area: 'consistency',
  severity: 'warning',
  summary: "The VS Code Go extension's settings select a different go or environment than the one found.",
  help:
    'The Go extension runs gopls, tests and the debugger with go.goroot, go.alternateTools.go and go.toolsEnvVars ' +
    'when they are set. When those name a different go or a different GOROOT, GOFLAGS or proxy than the environment ' +
    'has, the editor and the command line disagree about builds and diagnostics. Remove the setting or make it match.',
  where: 'all',
  fixKinds: ['instructions'],
  run(facts) {
    return facts.context.vscodeGo ? compareVscodeGo(this, facts, facts.context.vscodeGo) : [];
  },
};

/** `env-terminal-differs`: the login shell's go and key variables against the editor process's own. */
function compareLoginShell(check: CheckDefinition, facts: Facts, shell: LoginShellValues): Finding[] {
  const p = pathApi(facts.host);
  const differences: string[] = [];
  const evidence: Record<string, unknown> = { shell: shell.shell };
  const fixes: Fix[] = [];
  const editorGo = facts.goInstallations[0];
  const shellGo = shell.goRealPath ?? shell.goPath;
  if (editorGo && shellGo && shellGo !== editorGo.realPath && shell.goPath !== editorGo.path) {
    differences.push(`go is ${shell.goPath} in the login shell but ${editorGo.path} in the editor`);
    evidence.go = { loginShell: shell.goPath, editor: editorGo.path };
    fixes.push(terminalPrependPathFix(p.dirname(editorGo.path), 'prepend-editor-go-terminal'));
  } else if (editorGo && !shellGo) {
    differences.push(`the login shell finds no go, the editor uses ${editorGo.path}`);
    evidence.go = { loginShell: null, editor: editorGo.path };
  }
  for (const name of shell.compared) {
    const editorValue = facts.env[name]?.osValue;
    const shellValue = shell.vars[name];
    if ((editorValue ?? '') === (shellValue ?? '')) continue;
    differences.push(`${name} is ${show(shellValue)} in the login shell but ${show(editorValue)} in the editor`);
    evidence[name] = { loginShell: shellValue ?? null, editor: editorValue ?? null };
    fixes.push(editorValue === undefined ? terminalDeleteFix(name) : terminalReplaceFix(name, editorValue));
  }
  if (!differences.length) return [];
  fixes.push(
    instructionsFix('align-shell-profile', 'Make the shell profile and the editor agree', [
      `Your login shell (${shell.shell}) and the editor see different values: ${differences.join('; ')}.`,
      'Set PATH and the Go variables in a file both read (for most shells ~/.profile), or start the editor from a terminal so it inherits the shell environment.',
      'Values written with `go env -w` apply to both, because the go command reads them from its own file.',
    ]),
  );
  return [
    finding(check, {
      title: differences.length === 1 ? capitalize(differences[0]!) : `The login shell and the editor differ in ${differences.length} ways`,
      detail: `${capitalize(differences.join('; '))}. Builds in a terminal and in the editor can then use different toolchains or settings.`,
      evidence,
      fixes,
    }),
  ];
}

/** `vscode-go-differs`: go.alternateTools.go, go.goroot and go.toolsEnvVars against what was found. */
function compareVscodeGo(check: CheckDefinition, facts: Facts, settings: VscodeGoValues): Finding[] {
  const p = pathApi(facts.host);
  const active = facts.activeGo;
  const differences: string[] = [];
  const evidence: Record<string, unknown> = {};
  const settingKeys: string[] = [];
  const same = (a: string, b: string) => samePath(a, b, facts.host.platform === 'win32');
  if (
    settings.alternateGo &&
    active &&
    p.isAbsolute(settings.alternateGo) &&
    !same(settings.alternateGo, active.path) &&
    !same(settings.alternateGo, active.realPath)
  ) {
    differences.push(`go.alternateTools.go is ${settings.alternateGo}, the go found is ${active.path}`);
    evidence['go.alternateTools.go'] = { setting: settings.alternateGo, found: active.path };
    settingKeys.push('go.alternateTools');
  }
  if (settings.goroot && active && !same(settings.goroot, active.goroot)) {
    differences.push(`go.goroot is ${settings.goroot}, the active go's GOROOT is ${active.goroot}`);
    evidence['go.goroot'] = { setting: settings.goroot, found: active.goroot };
    settingKeys.push('go.goroot');
  }
  for (const [name, value] of Object.entries(settings.toolsEnvVars ?? {})) {
    const effective = facts.env[name]?.value ?? facts.goEnv.vars[name];
    if (effective === undefined || effective === value) continue;
    differences.push(`go.toolsEnvVars sets ${name}=${value}, the environment has ${show(effective)}`);
    evidence[`go.toolsEnvVars.${name}`] = { setting: value, found: effective };
    if (!settingKeys.includes('go.toolsEnvVars')) settingKeys.push('go.toolsEnvVars');
  }
  if (!differences.length) return [];
  evidence.settingKeys = settingKeys;
  return [
    finding(check, {
      title:
        differences.length === 1
          ? `The Go extension's ${settingKeys[0]} differs from the environment`
          : `The Go extension's settings differ from the environment in ${differences.length} ways`,
      detail: `The Go extension's settings and the environment differ: ${differences.join('; ')}. The Go extension runs gopls, tests and the debugger with its settings, so the editor and the command line disagree.`,
      evidence,
      fixes: [
        instructionsFix('align-vscode-go-settings', 'Remove or correct the Go extension settings', [
          `Open Settings and search for ${settingKeys.join(', ')}.`,
          'Remove the value to let the Go extension use the go found on PATH, or set it to the installation you want everywhere.',
        ]),
      ],
    }),
  ];
}

function show(v: string | undefined): string {
  return v === undefined ? 'unset' : v === '' ? 'empty' : v;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export const CONSISTENCY_CHECKS: readonly CheckDefinition[] = [envOverrideConflict, envTerminalDiffers, vscodeGoDiffers, ciGoVersionDrift];
