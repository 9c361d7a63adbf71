// Checks that compare the editor's environment with the user's login shell and with the VS Code Go extension's settings.
import type { Facts } from './facts';
import type { Finding, Fix } from './report';
import { pathApi } from './host';
import { finding } from './checks/types';
import { samePath } from './paths';

/** What the user's login shell resolves, gathered by the face (a spawn with a timeout); plain data here. */
export interface LoginShellValues {
  /** The shell that was asked, e.g. /bin/zsh. */
  shell: string;
  /** `command -v go` in that shell; undefined when it found none. */
  goPath?: string;
  /** goPath with symlinks resolved, when the face could resolve it. */
  goRealPath?: string;
  /** The shell's values of the compared variables; undefined when unset there. */
  vars: Record<string, string | undefined>;
}

/** The VS Code Go extension's settings that choose a go or its environment. */
export interface VscodeGoValues {
  goroot?: string;
  alternateGo?: string;
  toolsEnvVars?: Record<string, string>;
}

/** Variables whose differing value between terminal and editor changes what go does. */
export const COMPARED_VARIABLES = ['GOROOT', 'GOPATH', 'GOPROXY', 'GOFLAGS', 'GOTOOLCHAIN'] as const;

export const ENV_TERMINAL_DIFFERS = {
  id: 'env-terminal-differs',
  area: 'consistency',
  severity: 'warning',
  summary: 'The login shell resolves a different go or Go environment than the editor.',
  help:
    'Editors started from a desktop launcher or dock often get a different PATH and environment than a terminal, ' +
    'because the login shell profile (~/.profile, ~/.zprofile, ~/.bashrc) is not read. Then the editor and the ' +
    'terminal build with different Go versions or settings. Make both use the same values: set them in a file ' +
    'both read, or start the editor from a terminal. The integrated terminal can be aligned with the editor from here.',
} as const;

export const VSCODE_GO_DIFFERS = {
  id: 'vscode-go-differs',
  area: 'consistency',
  severity: 'warning',
  summary: "The VS Code Go extension's settings select a different go or environment than the one found.",
  help:
    'The Go extension runs gopls, tests and the debugger with go.goroot, go.alternateTools.go and go.toolsEnvVars ' +
    'when they are set. When those name a different go or a different GOROOT, GOFLAGS or proxy than the environment ' +
    'has, the editor and the command line disagree about builds and diagnostics. Remove the setting or make it match.',
} as const;

export const EDITOR_CHECKS = [ENV_TERMINAL_DIFFERS, VSCODE_GO_DIFFERS];

/** `env-terminal-differs`: the login shell's go and key variables against the editor process's own. */
export function compareLoginShell(facts: Facts, shell: LoginShellValues): Finding[] {
  const p = pathApi(facts.host);
  const differences: string[] = [];
  const evidence: Record<string, unknown> = { shell: shell.shell };
  const fixes: Fix[] = [];
  const editorGo = facts.goInstallations[0];
  const shellGo = shell.goRealPath ?? shell.goPath;
  if (editorGo && shellGo && shellGo !== editorGo.realPath && shell.goPath !== editorGo.path) {
    differences.push(`go is ${shell.goPath} in the login shell but ${editorGo.path} in the editor`);
    evidence.go = { loginShell: shell.goPath, editor: editorGo.path };
    fixes.push({
      id: 'prepend-editor-go-terminal',
      title: `Put ${p.dirname(editorGo.path)} first on PATH in integrated terminals`,
      kind: 'terminal-env',
      variable: 'PATH',
      op: 'prepend',
      value: p.dirname(editorGo.path),
    });
  } else if (editorGo && !shellGo) {
    differences.push(`the login shell finds no go, the editor uses ${editorGo.path}`);
    evidence.go = { loginShell: null, editor: editorGo.path };
  }
  for (const name of COMPARED_VARIABLES) {
    const editorValue = facts.env[name]?.osValue;
    const shellValue = shell.vars[name];
    if ((editorValue ?? '') === (shellValue ?? '')) continue;
    differences.push(`${name} is ${show(shellValue)} in the login shell but ${show(editorValue)} in the editor`);
    evidence[name] = { loginShell: shellValue ?? null, editor: editorValue ?? null };
    fixes.push(
      editorValue === undefined
        ? {
            id: `unset-${name.toLowerCase()}-terminal`,
            title: `Unset ${name} in integrated terminals`,
            kind: 'terminal-env',
            variable: name,
            op: 'delete',
          }
        : {
            id: `set-${name.toLowerCase()}-terminal`,
            title: `Set ${name}=${editorValue} in integrated terminals`,
            kind: 'terminal-env',
            variable: name,
            op: 'replace',
            value: editorValue,
          },
    );
  }
  if (!differences.length) return [];
  fixes.push({
    id: 'align-shell-profile',
    title: 'Make the shell profile and the editor agree',
    kind: 'instructions',
    steps: [
      `Your login shell (${shell.shell}) and the editor see different values: ${differences.join('; ')}.`,
      'Set PATH and the Go variables in a file both read (for most shells ~/.profile), or start the editor from a terminal so it inherits the shell environment.',
      'Values written with `go env -w` apply to both, because the go command reads them from its own file.',
    ],
  });
  return [
    finding(ENV_TERMINAL_DIFFERS, {
      title: differences.length === 1 ? capitalize(differences[0]!) : `The login shell and the editor differ in ${differences.length} ways`,
      detail: `${capitalize(differences.join('; '))}. Builds in a terminal and in the editor can then use different toolchains or settings.`,
      evidence,
      fixes,
    }),
  ];
}

/** `vscode-go-differs`: go.alternateTools.go, go.goroot and go.toolsEnvVars against what was found. */
export function compareVscodeGo(facts: Facts, settings: VscodeGoValues): Finding[] {
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
    finding(VSCODE_GO_DIFFERS, {
      title:
        differences.length === 1
          ? `The Go extension's ${settingKeys[0]} differs from the environment`
          : `The Go extension's settings differ from the environment in ${differences.length} ways`,
      detail: `The Go extension's settings and the environment differ: ${differences.join('; ')}. The Go extension runs gopls, tests and the debugger with its settings, so the editor and the command line disagree.`,
      evidence,
      fixes: [
        {
          id: 'align-vscode-go-settings',
          title: 'Remove or correct the Go extension settings',
          kind: 'instructions',
          steps: [
            `Open Settings and search for ${settingKeys.join(', ')}.`,
            'Remove the value to let the Go extension use the go found on PATH, or set it to the installation you want everywhere.',
          ],
        },
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
